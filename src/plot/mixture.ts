/**
 * mclust's pictures of a fitted mixture: the BIC plot (one line and marker per covariance model against the
 * number of components, the best marked), the classification plot (points by most probable component, a marker
 * shape per component, covariance ellipses) and the uncertainty plot (points sized and shaded by 1 − max posterior).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { fitPca, projectPca } from '../core/pca.js';
import { ellipsesSvg, type GaussianComponents, projectedComponents } from './gmm.js';
import { axes, colorOf, columnExtent, cross, esc, fmt, makeFrame, svgDocument } from './svg.js';

/**
 * One row of a model-selection table, as `selectGaussianMixture` returns it: the model's name (`model`, e.g. an
 * mclust name 'VEV', or `covarianceType`), its number of components (`nComponents` or `k`) and its BIC, with
 * mclust's sign (`bicMclust` = 2·loglik − p·log n, higher is better) or scikit-learn's (`bic`, lower is better;
 * plotted as −bic). A failed fit (NaN or missing BIC) leaves a gap.
 */
export interface BicTableRow {
  model?: string;
  covarianceType?: string;
  nComponents?: number;
  k?: number;
  bicMclust?: number;
  bic?: number;
}

/** Options of {@link mclustBicPlotSvg}. */
export interface MclustBicPlotOptions {
  title?: string;
  width?: number;
  height?: number;
}

/** The 7 marker shapes, drawn filled then hollow: 14 distinct markers (one per mclust model), then repeating. */
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangleDown', 'cross', 'plus'] as const;
type Shape = (typeof SHAPES)[number];

/** An SVG marker of `shape` centred at (cx, cy) with radius r, filled or hollow. */
function marker(shape: Shape, cx: number, cy: number, r: number, color: string, hollow: boolean): string {
  const paint = hollow ? `fill="#fff" stroke="${color}" stroke-width="1.5"` : `fill="${color}"`;
  const X = (v: number) => fmt(cx + v);
  const Y = (v: number) => fmt(cy + v);
  switch (shape) {
    case 'circle':
      return `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="${fmt(r)}" ${paint}/>`;
    case 'square':
      return `<rect x="${X(-r)}" y="${Y(-r)}" width="${fmt(2 * r)}" height="${fmt(2 * r)}" ${paint}/>`;
    case 'triangle':
      return `<path d="M${X(0)},${Y(-1.2 * r)}L${X(1.1 * r)},${Y(0.8 * r)}L${X(-1.1 * r)},${Y(0.8 * r)}Z" ${paint}/>`;
    case 'triangleDown':
      return `<path d="M${X(0)},${Y(1.2 * r)}L${X(1.1 * r)},${Y(-0.8 * r)}L${X(-1.1 * r)},${Y(-0.8 * r)}Z" ${paint}/>`;
    case 'diamond':
      return `<path d="M${X(0)},${Y(-1.3 * r)}L${X(1.3 * r)},${Y(0)}L${X(0)},${Y(1.3 * r)}L${X(-1.3 * r)},${Y(0)}Z" ${paint}/>`;
    case 'cross':
      return cross(cx, cy, r, color, hollow ? 1.2 : 2.2);
    case 'plus':
      return `<path d="M${X(-r)},${Y(0)}H${X(r)}M${X(0)},${Y(-r)}V${Y(r)}" stroke="${color}" stroke-width="${hollow ? 1.2 : 2.2}" fill="none"/>`;
  }
}

/** Marker of series t: shape t mod 7, hollow for the second seven. */
function markerOf(t: number, cx: number, cy: number, r: number, color: string): string {
  return marker(SHAPES[t % SHAPES.length], cx, cy, r, color, Math.floor(t / SHAPES.length) % 2 === 1);
}

/** One legend row: its text and how to draw its swatch centred at (cx, cy). */
interface LegendRow {
  label: string;
  swatch: (cx: number, cy: number) => string;
}

/** A vertical legend at (x, y) (top-left) with drawn swatches (markers, lines). */
function swatchLegend(rows: readonly LegendRow[], x: number, y: number): string {
  const rowH = 16;
  const w = 34 + Math.max(...rows.map((r) => r.label.length)) * 6.4 + 8;
  const parts = [
    `<g class="legend" font-size="11"><rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(rows.length * rowH + 6)}" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>`,
  ];
  rows.forEach((r, t) => {
    const cy = y + 11 + t * rowH;
    parts.push(r.swatch(x + 14, cy), `<text x="${fmt(x + 30)}" y="${fmt(cy)}" dy="0.32em">${esc(r.label)}</text>`);
  });
  parts.push('</g>');
  return parts.join('');
}

/** The legend row of a model line: its colour's line and marker. */
function seriesRow(label: string, t: number): LegendRow {
  const color = colorOf(t);
  return {
    label,
    swatch: (cx, cy) =>
      `<line x1="${fmt(cx - 9)}" y1="${fmt(cy)}" x2="${fmt(cx + 9)}" y2="${fmt(cy)}" stroke="${color}" stroke-width="1.5"/>` +
      markerOf(t, cx, cy, 3.5, color),
  };
}

/**
 * mclust's BIC plot (`plot(Mclust(...), what = 'BIC')`): BIC against the number of components, one line per
 * covariance model with its own colour and marker (7 shapes, filled then hollow, so the 14 mclust models are
 * told apart in grey print too), a legend, and the best model circled and named.
 *
 * @remarks
 * The y axis uses mclust's sign, BIC = 2·loglik − p·log n (higher is better): rows' `bicMclust` when present,
 * otherwise −`bic` (scikit-learn's BIC, lower is better, is its negative). Models appear in the order of their
 * first row; any model names are accepted. O(rows).
 * @param rows - the selection table, e.g. `selectGaussianMixture(X).table`
 * @throws {@link ValidationError} when a row has no model name or no number of components
 * @example
 * const svg = mclustBicPlotSvg([
 *   { model: 'EII', nComponents: 1, bicMclust: -820 }, { model: 'EII', nComponents: 2, bicMclust: -700 },
 *   { model: 'VVV', nComponents: 1, bicMclust: -790 }, { model: 'VVV', nComponents: 2, bicMclust: -720 },
 * ]);
 */
export function mclustBicPlotSvg(rows: readonly BicTableRow[], opts: MclustBicPlotOptions = {}): string {
  const width = opts.width ?? 600;
  const height = opts.height ?? 380;
  const names: string[] = [];
  const pts: { t: number; x: number; y: number }[] = [];
  let best: { t: number; x: number; y: number } | null = null;
  rows.forEach((r, i) => {
    const name = r.model ?? r.covarianceType;
    const x = r.nComponents ?? r.k;
    if (name === undefined || x === undefined) {
      throw new ValidationError(
        `BIC table row ${i} has no ${name === undefined ? 'model (or covarianceType)' : 'nComponents (or k)'}; pass the rows of selectGaussianMixture's table.`,
        { param: 'rows' },
      );
    }
    let t = names.indexOf(name);
    if (t < 0) t = names.push(name) - 1;
    const y = r.bicMclust ?? (r.bic === undefined ? Number.NaN : -r.bic);
    if (!Number.isFinite(y)) return;
    const p = { t, x, y };
    pts.push(p);
    if (best === null || y > best.y) best = p;
  });
  let [x0, x1, y0, y1] = [1, 2, 0, 1];
  if (pts.length > 0) {
    x0 = Math.min(...pts.map((p) => p.x));
    x1 = Math.max(...pts.map((p) => p.x));
    y0 = Math.min(...pts.map((p) => p.y));
    y1 = Math.max(...pts.map((p) => p.y));
  }
  const f = makeFrame({ width, height, xDomain: [x0, x1], yDomain: [y0, y1], margin: { right: 110 } });
  const ticks = f.x.ticks(10).filter((t) => Number.isInteger(t));
  f.x.ticks = (() => ticks) as typeof f.x.ticks;
  const parts: string[] = [axes(f, 'number of components', 'BIC (mclust: 2·loglik − p·log n, higher is better)')];
  names.forEach((_, t) => {
    const color = colorOf(t);
    const own = pts.filter((p) => p.t === t).sort((a, b) => a.x - b.x);
    // Consecutive fitted points are joined; a failed fit (a row of this model in between) leaves a gap.
    const xsOfModel = rows
      .filter((r) => (r.model ?? r.covarianceType) === names[t])
      .map((r) => r.nComponents ?? r.k ?? 0);
    for (let i = 1; i < own.length; i++) {
      const a = own[i - 1];
      const b = own[i];
      if (xsOfModel.some((v) => v > a.x && v < b.x)) continue;
      parts.push(
        `<line x1="${fmt(f.x(a.x))}" y1="${fmt(f.y(a.y))}" x2="${fmt(f.x(b.x))}" y2="${fmt(f.y(b.y))}" stroke="${color}" stroke-width="1.5"/>`,
      );
    }
    for (const p of own) parts.push(markerOf(t, f.x(p.x), f.y(p.y), 3.5, color));
  });
  if (best !== null) {
    const b = best as { t: number; x: number; y: number };
    const cx = f.x(b.x);
    const cy = f.y(b.y);
    parts.push(
      `<circle class="best" cx="${fmt(cx)}" cy="${fmt(cy)}" r="9" fill="none" stroke="#D55E00" stroke-width="2"/>`,
      `<text x="${fmt(cx)}" y="${fmt(cy - 13)}" text-anchor="middle" font-size="11" fill="#D55E00">best: ${esc(names[b.t])}, ${b.x}</text>`,
    );
  }
  if (names.length > 0) parts.push(swatchLegend(names.map(seriesRow), width - 104, f.margin.top));
  return svgDocument(width, height, opts.title ?? 'BIC by number of components and covariance model', parts.join(''));
}

/** Options of {@link mixtureClassificationSvg} and {@link mixtureUncertaintySvg}. */
export interface MixturePlotOptions {
  title?: string;
  columnNames?: readonly string[];
  width?: number;
  height?: number;
  /** Ellipse radii in standard deviations (Mahalanobis distance). @defaultValue [1] */
  sigmas?: readonly number[];
  /** Draw ellipses and means only for these components (e.g. a variational mixture's effective ones); default all. */
  components?: ArrayLike<number>;
}

/** Points in the plot plane (the data, its PCA projection, or for d = 1 the value against `y1`) and axis labels. */
function planeOf(
  X: Matrix,
  opts: MixturePlotOptions,
  y1: ArrayLike<number>,
  y1Label: string,
): { pts: Matrix; xLabel: string; yLabel: string } {
  if (X.cols === 2) return { pts: X, xLabel: opts.columnNames?.[0] ?? 'x₁', yLabel: opts.columnNames?.[1] ?? 'x₂' };
  if (X.cols > 2) {
    const p = fitPca(X, 2);
    return {
      pts: projectPca(X, p),
      xLabel: `PC1 (${Math.round(p.explained[0] * 100)} % of variance)`,
      yLabel: `PC2 (${Math.round(p.explained[1] * 100)} % of variance)`,
    };
  }
  const data = new Float64Array(X.rows * 2);
  for (let i = 0; i < X.rows; i++) {
    data[i * 2] = X.data[i];
    data[i * 2 + 1] = y1[i];
  }
  return { pts: { rows: X.rows, cols: 2, data }, xLabel: opts.columnNames?.[0] ?? 'x₁', yLabel: y1Label };
}

/** The shared frame: axes, ellipses and means of the (selected) components; `draw` adds the points. */
function mixturePlot(
  X: Matrix,
  model: GaussianComponents,
  opts: MixturePlotOptions,
  plane: { pts: Matrix; xLabel: string; yLabel: string },
  title: string,
  draw: (x: (v: number) => number, y: (v: number) => number) => string,
  items: LegendRow[],
): string {
  const width = opts.width ?? 600;
  const height = opts.height ?? 480;
  const { pts } = plane;
  const k = model.means.rows;
  const keep = new Uint8Array(k);
  if (opts.components === undefined) keep.fill(1);
  else for (let t = 0; t < opts.components.length; t++) keep[opts.components[t]] = 1;
  const f = makeFrame({
    width,
    height,
    xDomain: columnExtent(pts.data, pts.rows, 2, 0),
    yDomain: columnExtent(pts.data, pts.rows, 2, 1),
    equalAspect: X.cols === 2,
    margin: { right: 160 },
  });
  const parts = [axes(f, plane.xLabel, plane.yLabel)];
  const comp = projectedComponents(X, model);
  if (comp.means.length > 0) {
    parts.push(ellipsesSvg(comp.means, comp.covariances, opts.sigmas ?? [1], f.x, f.y, (c) => keep[c] === 0));
  }
  parts.push(draw(f.x, f.y));
  if (comp.means.length > 0) {
    parts.push('<g class="means">');
    for (let c = 0; c < k; c++) {
      if (keep[c] === 0) continue;
      const [u, v] = comp.means[c];
      parts.push(cross(f.x(u), f.y(v), 7, '#000', 5), cross(f.x(u), f.y(v), 7, colorOf(c), 2.5));
    }
    parts.push('</g>');
    items.push({ label: 'component mean', swatch: (cx, cy) => cross(cx, cy, 5, '#000', 2) });
  }
  parts.push(swatchLegend(items, width - 152, f.margin.top));
  return svgDocument(width, height, title, parts.join(''));
}

/**
 * mclust's classification plot (`plot(Mclust(...), what = 'classification')`): each point drawn with the colour
 * and marker shape of its most probable component, each component's covariance ellipse and mean. Data with d > 2
 * columns is shown on its first two principal components (ellipses of the projected Gaussians W ᵀΣW); d = 1 is
 * drawn as value against label. O(n + k·d²).
 * @param X - n×d data (the rows the labels are for)
 * @param model - the fitted mixture (`means`, `componentCovariance`), e.g. a GaussianMixture or BayesianGaussianMixture
 * @param labels - the component of each row (e.g. `model.labels`)
 * @throws {@link ValidationError} when `labels` does not have one entry per row
 * @example
 * const gm = new GaussianMixture({ nComponents: 3, seed: 0 }).fit(X);
 * const svg = mixtureClassificationSvg(X, gm, gm.labels);
 */
export function mixtureClassificationSvg(
  X: Matrix,
  model: GaussianComponents,
  labels: ArrayLike<number>,
  opts: MixturePlotOptions = {},
): string {
  checkLength(labels.length, X.rows, 'labels');
  const plane = planeOf(X, opts, labels, 'component');
  const n = X.rows;
  const r = n > 5000 ? 1.6 : n > 1000 ? 2.4 : 3.2;
  const ids = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const items: LegendRow[] = ids.slice(0, 12).map((id) => ({
    label: `component ${id}`,
    swatch: (cx, cy) => markerOf(id, cx, cy, 3.5, colorOf(id)),
  }));
  const draw = (x: (v: number) => number, y: (v: number) => number): string => {
    const parts = ['<g class="points" fill-opacity="0.8" stroke-opacity="0.9">'];
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      parts.push(markerOf(c, x(plane.pts.data[i * 2]), y(plane.pts.data[i * 2 + 1]), r, colorOf(c)));
    }
    parts.push('</g>');
    return parts.join('');
  };
  return mixturePlot(X, model, opts, plane, opts.title ?? 'Classification', draw, items);
}

/**
 * mclust's uncertainty plot (`plot(Mclust(...), what = 'uncertainty')`): each point's uncertainty uᵢ = 1 − maxc γᵢc
 * (γ the posterior responsibilities) shown by its size and shade, over the components' ellipses and means.
 *
 * @remarks
 * As mclust's `uncerPlot`/`mclust2Dplot`, the points fall in three bands by the 75 % and 95 % quantiles of u
 * (type-7 quantiles, as R's `quantile`): the lower 75 % small and light, the next 20 % larger and grey, the top 5 %
 * largest and black; within a band the radius also grows with u. O(n log n) (the quantiles) + O(k·d²).
 * @param X - n×d data
 * @param model - the fitted mixture (`means`, `componentCovariance`)
 * @param proba - n×k responsibilities (e.g. `model.predictProba(X)`)
 * @throws {@link ValidationError} when `proba` does not have one row per row of X
 * @example
 * const gm = new GaussianMixture({ nComponents: 3, seed: 0 }).fit(X);
 * const svg = mixtureUncertaintySvg(X, gm, gm.predictProba(X));
 */
export function mixtureUncertaintySvg(
  X: Matrix,
  model: GaussianComponents,
  proba: Matrix,
  opts: MixturePlotOptions = {},
): string {
  checkLength(proba.rows, X.rows, 'proba');
  const n = X.rows;
  const u = uncertainty(proba);
  const sorted = Float64Array.from(u).sort();
  const q75 = quantile7(sorted, 0.75);
  const q95 = quantile7(sorted, 0.95);
  const umax = sorted[n - 1] > 0 ? sorted[n - 1] : 1;
  const plane = planeOf(X, opts, u, 'uncertainty');
  const dot = (r: number, color: string) => (cx: number, cy: number) =>
    `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="${r}" fill="${color}"/>`;
  const items: LegendRow[] = [
    { label: `u ≤ ${fmt(q75, 2)} (75 %)`, swatch: dot(1.8, '#b0b0b0') },
    { label: `u ≤ ${fmt(q95, 2)} (next 20 %)`, swatch: dot(3, '#6e6e6e') },
    { label: 'top 5 % uncertain', swatch: dot(4.5, '#000000') },
  ];
  const draw = (x: (v: number) => number, y: (v: number) => number): string => {
    const parts = ['<g class="points">'];
    for (let i = 0; i < n; i++) {
      const band = u[i] <= q75 ? 0 : u[i] <= q95 ? 1 : 2;
      const color = band === 0 ? '#b0b0b0' : band === 1 ? '#6e6e6e' : '#000000';
      const radius = [1.2, 2.6, 4][band] + 1.5 * (u[i] / umax);
      const opacity = [0.45, 0.7, 0.95][band];
      parts.push(
        `<circle cx="${fmt(x(plane.pts.data[i * 2]))}" cy="${fmt(y(plane.pts.data[i * 2 + 1]))}" r="${fmt(radius)}" fill="${color}" fill-opacity="${opacity}"/>`,
      );
    }
    parts.push('</g>');
    return parts.join('');
  };
  return mixturePlot(X, model, opts, plane, opts.title ?? 'Classification uncertainty', draw, items);
}

/** uᵢ = 1 − maxc pᵢc for an n×k matrix of responsibilities. */
export function uncertainty(proba: Matrix): Float64Array {
  const { rows: n, cols: k, data } = proba;
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let c = 0; c < k; c++) if (data[i * k + c] > m) m = data[i * k + c];
    u[i] = 1 - m;
  }
  return u;
}

/** R's type-7 quantile of sorted values: linear interpolation at position (n − 1)·p. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function checkLength(got: number, n: number, name: string): void {
  if (got !== n) {
    throw new ValidationError(`${name} has ${got} rows but X has ${n}; pass one per row of X.`, { param: name });
  }
}
