/**
 * Line charts with markers: one or more series of (x, y) points — inertia across restarts, scores against k,
 * BIC against k per covariance type.
 * @module
 */
import { axes, colorOf, esc, fmt, type LegendItem, legend, makeFrame, svgDocument } from './svg.js';

/** One series of a {@link lineChartSvg}. */
export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Vertical markers, e.g. the chosen k. */
  marks?: readonly { x: number; label: string }[];
  /** Draw only markers, no connecting line (e.g. restarts). */
  pointsOnly?: boolean;
  /** Integer ticks on the x axis (for k). */
  integerX?: boolean;
}

/**
 * Renders series as an SVG line chart with a legend (when more than one series) and optional vertical marks.
 * @example
 * ```ts
 * const svg = lineChartSvg([{ name: 'inertia', x: [1, 2, 3, 4], y: [90, 40, 12, 10] }], {
 *   title: 'Elbow', xLabel: 'k', yLabel: 'inertia', integerX: true, marks: [{ x: 3, label: 'k = 3' }],
 * });
 * ```
 */
export function lineChartSvg(series: readonly LineSeries[], opts: LineChartOptions): string {
  const width = opts.width ?? 560;
  const height = opts.height ?? 340;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i])) continue;
      x0 = Math.min(x0, s.x[i]);
      x1 = Math.max(x1, s.x[i]);
      y0 = Math.min(y0, s.y[i]);
      y1 = Math.max(y1, s.y[i]);
    }
  }
  if (!Number.isFinite(x0)) {
    x0 = 0;
    x1 = 1;
    y0 = 0;
    y1 = 1;
  }
  const multi = series.length > 1;
  const f = makeFrame({ width, height, xDomain: [x0, x1], yDomain: [y0, y1], margin: { right: multi ? 130 : 20 } });
  if (opts.integerX) {
    const ticks = f.x.ticks(8).filter((t) => Number.isInteger(t));
    f.x.ticks = (() => ticks) as typeof f.x.ticks;
  }
  const parts: string[] = [axes(f, opts.xLabel, opts.yLabel)];
  for (const m of opts.marks ?? []) {
    const px = fmt(f.x(m.x));
    parts.push(
      `<line x1="${px}" y1="${fmt(f.margin.top)}" x2="${px}" y2="${fmt(height - f.margin.bottom)}" stroke="#D55E00" stroke-dasharray="5,4" stroke-width="1.5"/>`,
      `<text x="${px}" y="${fmt(f.margin.top - 4)}" text-anchor="middle" font-size="11" fill="#D55E00">${esc(m.label)}</text>`,
    );
  }
  const items: LegendItem[] = [];
  series.forEach((s, t) => {
    const color = s.color ?? colorOf(t);
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (Number.isFinite(s.y[i])) pts.push(`${fmt(f.x(s.x[i]))},${fmt(f.y(s.y[i]))}`);
    }
    if (!opts.pointsOnly && pts.length > 1) {
      parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    for (const p of pts) {
      const [cx, cy] = p.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`);
    }
    items.push({ label: s.name, color, shape: 'line' });
  });
  if (multi) parts.push(legend(items, width - 124, f.margin.top));
  return svgDocument(width, height, opts.title, parts.join(''));
}
