/**
 * SVG building blocks shared by every plot: byte-stable number formatting, escaping, a colour-blind-safe
 * categorical palette, frames with linear scales, axes and legends. Pure string builders — no DOM.
 * @module
 */
import { extent } from 'd3-array';
import { type ScaleLinear, scaleLinear } from 'd3-scale';

/** Okabe–Ito colour-blind-safe palette (8 colours), then darker variants for clusters 8..15. */
export const CATEGORICAL: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#004C7A',
  '#9C6B00',
  '#006B4E',
  '#8A5171',
  '#3A7A9E',
  '#903F00',
  '#A39A2C',
  '#555555',
];
/** Colour for noise points (label −1). */
export const NOISE_COLOR = '#9a9a9a';

/** Colour of cluster `label` (−1 → grey, wraps after 16). */
export function colorOf(label: number): string {
  if (label < 0) return NOISE_COLOR;
  return CATEGORICAL[label % CATEGORICAL.length];
}

/** Formats a number with at most `digits` decimals and no trailing zeros — byte-stable output. */
export function fmt(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return '0';
  const s = v.toFixed(digits);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

/** Escapes text for SVG/HTML content and attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Short, human tick label (up to 4 significant digits). */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** Plot margins in pixels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A plotting frame: pixel size, margins and the two linear scales. */
export interface Frame {
  width: number;
  height: number;
  margin: Margin;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** Builds a {@link Frame} for the given data domains (padded by 5 % and rounded to nice ticks). */
export function makeFrame(opts: {
  width: number;
  height: number;
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  margin?: Partial<Margin>;
  pad?: number;
  equalAspect?: boolean;
}): Frame {
  const margin: Margin = { top: 36, right: 16, bottom: 44, left: 66, ...opts.margin };
  const pad = opts.pad ?? 0.05;
  const widen = ([a, b]: readonly [number, number]): [number, number] => {
    if (!(b > a)) return [a - 1, b + 1];
    const p = (b - a) * pad;
    return [a - p, b + p];
  };
  let xd = widen(opts.xDomain);
  let yd = widen(opts.yDomain);
  const pw = opts.width - margin.left - margin.right;
  const ph = opts.height - margin.top - margin.bottom;
  if (opts.equalAspect) {
    // Same data units per pixel on both axes, so circles stay circles.
    const ux = (xd[1] - xd[0]) / pw;
    const uy = (yd[1] - yd[0]) / ph;
    const u = Math.max(ux, uy);
    const cx = (xd[0] + xd[1]) / 2;
    const cy = (yd[0] + yd[1]) / 2;
    xd = [cx - (u * pw) / 2, cx + (u * pw) / 2];
    yd = [cy - (u * ph) / 2, cy + (u * ph) / 2];
  }
  const x = scaleLinear()
    .domain(xd)
    .range([margin.left, margin.left + pw]);
  const y = scaleLinear()
    .domain(yd)
    .range([margin.top + ph, margin.top]);
  if (!opts.equalAspect) {
    x.nice();
    y.nice();
  }
  return { width: opts.width, height: opts.height, margin, x, y };
}

/** [min, max] of a strided column of a flat array (column `j` of an n×d matrix). */
export function columnExtent(data: ArrayLike<number>, n: number, d: number, j: number): [number, number] {
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = data[i * d + j];
  const [a, b] = extent(vals) as [number | undefined, number | undefined];
  return [a ?? 0, b ?? 1];
}

/** Axes with ticks, grid lines and labels for a frame. */
export function axes(f: Frame, xLabel: string, yLabel: string, opts: { grid?: boolean } = {}): string {
  const { x, y, margin, width, height } = f;
  const x0 = margin.left;
  const x1 = width - margin.right;
  const y0 = height - margin.bottom;
  const y1 = margin.top;
  const parts: string[] = [];
  parts.push('<g class="axes" font-size="11" fill="#333">');
  const xf = x.tickFormat(6);
  const yf = y.tickFormat(6);
  for (const t of x.ticks(6)) {
    const px = fmt(x(t));
    if (opts.grid ?? true) parts.push(`<line x1="${px}" y1="${fmt(y1)}" x2="${px}" y2="${fmt(y0)}" stroke="#eee"/>`);
    parts.push(`<line x1="${px}" y1="${fmt(y0)}" x2="${px}" y2="${fmt(y0 + 4)}" stroke="#333"/>`);
    parts.push(`<text x="${px}" y="${fmt(y0 + 16)}" text-anchor="middle">${esc(xf(t))}</text>`);
  }
  for (const t of y.ticks(6)) {
    const py = fmt(y(t));
    if (opts.grid ?? true) parts.push(`<line x1="${fmt(x0)}" y1="${py}" x2="${fmt(x1)}" y2="${py}" stroke="#eee"/>`);
    parts.push(`<line x1="${fmt(x0 - 4)}" y1="${py}" x2="${fmt(x0)}" y2="${py}" stroke="#333"/>`);
    parts.push(`<text x="${fmt(x0 - 7)}" y="${py}" dy="0.32em" text-anchor="end">${esc(yf(t))}</text>`);
  }
  parts.push(
    `<path d="M${fmt(x0)},${fmt(y1)}V${fmt(y0)}H${fmt(x1)}" fill="none" stroke="#333"/>`,
    `<text x="${fmt((x0 + x1) / 2)}" y="${fmt(height - 8)}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`,
    `<text transform="translate(13,${fmt((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`,
    '</g>',
  );
  return parts.join('');
}

/** One legend entry: a swatch (circle, line or cross) and its text. */
export interface LegendItem {
  label: string;
  color: string;
  shape?: 'circle' | 'line' | 'cross' | 'square' | 'diamond';
}

/** A vertical legend at (x, y) (top-left). */
export function legend(items: readonly LegendItem[], x: number, y: number): string {
  const rowH = 16;
  const w = 14 + Math.max(...items.map((i) => i.label.length)) * 6.4 + 12;
  const parts = [
    `<g class="legend" font-size="11"><rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(items.length * rowH + 6)}" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>`,
  ];
  items.forEach((it, t) => {
    const cy = y + 11 + t * rowH;
    const cx = x + 10;
    const shape = it.shape ?? 'circle';
    if (shape === 'circle') parts.push(`<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="4" fill="${it.color}"/>`);
    else if (shape === 'square')
      parts.push(`<rect x="${fmt(cx - 4)}" y="${fmt(cy - 4)}" width="8" height="8" fill="${it.color}"/>`);
    else if (shape === 'diamond')
      parts.push(
        `<path d="M${fmt(cx)},${fmt(cy - 5)}L${fmt(cx + 5)},${fmt(cy)}L${fmt(cx)},${fmt(cy + 5)}L${fmt(cx - 5)},${fmt(cy)}Z" fill="none" stroke="${it.color}" stroke-width="1.5"/>`,
      );
    else if (shape === 'line')
      parts.push(
        `<line x1="${fmt(cx - 6)}" y1="${fmt(cy)}" x2="${fmt(cx + 6)}" y2="${fmt(cy)}" stroke="${it.color}" stroke-width="2"/>`,
      );
    else parts.push(cross(cx, cy, 5, it.color, 2));
    parts.push(`<text x="${fmt(cx + 10)}" y="${fmt(cy)}" dy="0.32em">${esc(it.label)}</text>`);
  });
  parts.push('</g>');
  return parts.join('');
}

/** An × marker. */
export function cross(cx: number, cy: number, r: number, color: string, width = 2.5): string {
  return `<path d="M${fmt(cx - r)},${fmt(cy - r)}L${fmt(cx + r)},${fmt(cy + r)}M${fmt(cx - r)},${fmt(cy + r)}L${fmt(cx + r)},${fmt(cy - r)}" stroke="${color}" stroke-width="${width}" fill="none"/>`;
}

/** Wraps plot content in a standalone SVG document with a title. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">` +
    `<title>${esc(title)}</title><rect width="${width}" height="${height}" fill="#fff"/>` +
    `<text x="${fmt(width / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="bold" fill="#222">${esc(title)}</text>` +
    body +
    '</svg>'
  );
}
