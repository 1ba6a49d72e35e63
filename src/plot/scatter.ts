/**
 * 2-D scatter plots of clustered data, with found and true centres; data with more than two columns is shown
 * through a PCA projection (and the axes say so).
 * @module
 */
import type { Matrix } from '../core/matrix.js';
import { fitPca, type Projection, projectPca } from '../core/pca.js';
import { axes, colorOf, columnExtent, cross, fmt, type LegendItem, legend, makeFrame, svgDocument } from './svg.js';

/** Options of {@link scatterSvg}. */
export interface ScatterOptions {
  /** Cluster label per point (−1 = noise, grey); all one colour when omitted. */
  labels?: ArrayLike<number>;
  /** Found centres (k×d, same columns as the data), drawn as black-edged crosses in their cluster's colour. */
  centers?: Matrix;
  /** True centres (k×d), drawn as hollow diamonds. */
  trueCenters?: Matrix;
  title?: string;
  /** Axis names for the two data columns (ignored when PCA is used). */
  columnNames?: readonly string[];
  /**
   * What the coordinates are when they are not the data's own units (e.g. `'standardized'`): the axes then read
   * `x (standardized)`, or `PC1 of standardized data (62 % of variance)` through PCA.
   */
  units?: string;
  width?: number;
  height?: number;
  /** Extra SVG drawn under the points (in data coordinates via the returned frame; e.g. ellipses). */
  underlay?: (x: (v: number) => number, y: (v: number) => number) => string;
  /** Keep equal units on both axes (default true for raw 2-D data). */
  equalAspect?: boolean;
  /** Draw the legend (and keep its right margin). @defaultValue true */
  legend?: boolean;
  /** Legend text of the `centers` crosses (e.g. 'medoid'). @defaultValue 'found centre' */
  centerLabel?: string;
}

/**
 * Renders a scatter plot as an SVG string. With d > 2 columns the points (and centres) are projected on the first
 * two principal components, labelled "PC1 (62 % of variance)".
 * @example
 * ```ts
 * const km = new KMeans({ nClusters: 5, seed: 0 }).fit(X);
 * const svg = scatterSvg(X, { labels: km.labels, centers: km.clusterCenters, title: 'k-means, k = 5' });
 * ```
 */
export function scatterSvg(X: Matrix, opts: ScatterOptions = {}): string {
  const width = opts.width ?? 560;
  const height = opts.height ?? 480;
  let pts = X;
  let centers = opts.centers;
  let trueCenters = opts.trueCenters;
  const unitNote = opts.units ? ` (${opts.units})` : '';
  let xLabel = `${opts.columnNames?.[0] ?? 'x₁'}${unitNote}`;
  let yLabel = `${opts.columnNames?.[1] ?? 'x₂'}${unitNote}`;
  if (X.cols === 1) {
    // 1-D: spread along y by the label so overlapping points stay visible.
    const data = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      data[i * 2] = X.data[i];
      data[i * 2 + 1] = opts.labels ? opts.labels[i] : 0;
    }
    pts = { rows: X.rows, cols: 2, data };
    yLabel = 'cluster';
    centers = undefined;
    trueCenters = undefined;
  } else if (X.cols > 2) {
    const p: Projection = fitPca(X, 2);
    pts = projectPca(X, p);
    if (centers) centers = projectPca(centers, p);
    if (trueCenters) trueCenters = projectPca(trueCenters, p);
    const of = opts.units ? ` of ${opts.units} data` : '';
    xLabel = `PC1${of} (${Math.round(p.explained[0] * 100)} % of variance)`;
    yLabel = `PC2${of} (${Math.round(p.explained[1] * 100)} % of variance)`;
  }
  const n = pts.rows;
  const xs = columnExtent(pts.data, n, 2, 0);
  const ys = columnExtent(pts.data, n, 2, 1);
  const f = makeFrame({
    width,
    height,
    xDomain: xs,
    yDomain: ys,
    equalAspect: opts.equalAspect ?? X.cols === 2,
    margin: { right: opts.legend === false ? 12 : 120 },
  });
  const parts: string[] = [axes(f, xLabel, yLabel)];
  if (opts.underlay) parts.push(opts.underlay(f.x, f.y));
  const r = n > 5000 ? 1.2 : n > 1000 ? 2 : 3;
  parts.push('<g class="points" fill-opacity="0.75">');
  for (let i = 0; i < n; i++) {
    const c = opts.labels ? colorOf(opts.labels[i]) : colorOf(0);
    const ri = opts.labels && opts.labels[i] < 0 ? fmt(r * 0.6) : r; // noise: small grey points
    parts.push(
      `<circle cx="${fmt(f.x(pts.data[i * 2]))}" cy="${fmt(f.y(pts.data[i * 2 + 1]))}" r="${ri}" fill="${c}"/>`,
    );
  }
  parts.push('</g>');
  const items: LegendItem[] = [];
  if (opts.labels) {
    const ids = [...new Set(Array.from(opts.labels))].sort((a, b) => a - b);
    for (const id of ids.slice(0, 12)) items.push({ label: id < 0 ? 'noise' : `cluster ${id}`, color: colorOf(id) });
  }
  if (trueCenters) {
    parts.push('<g class="true-centers">');
    for (let c = 0; c < trueCenters.rows; c++) {
      const cx = f.x(trueCenters.data[c * 2]);
      const cy = f.y(trueCenters.data[c * 2 + 1]);
      parts.push(
        `<path d="M${fmt(cx)},${fmt(cy - 8)}L${fmt(cx + 8)},${fmt(cy)}L${fmt(cx)},${fmt(cy + 8)}L${fmt(cx - 8)},${fmt(cy)}Z" fill="none" stroke="#222" stroke-width="1.5"/>`,
      );
    }
    parts.push('</g>');
    items.push({ label: 'true centre', color: '#222', shape: 'diamond' });
  }
  if (centers) {
    parts.push('<g class="centers">');
    for (let c = 0; c < centers.rows; c++) {
      const cx = f.x(centers.data[c * 2]);
      const cy = f.y(centers.data[c * 2 + 1]);
      parts.push(cross(cx, cy, 7, '#000', 5), cross(cx, cy, 7, colorOf(c), 2.5));
    }
    parts.push('</g>');
    items.push({ label: opts.centerLabel ?? 'found centre', color: '#000', shape: 'cross' });
  }
  if (items.length > 0 && opts.legend !== false) parts.push(legend(items, width - 112, f.margin.top));
  return svgDocument(width, height, opts.title ?? 'Clusters', parts.join(''));
}
