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

/**
 * Approximate advance widths of DejaVu Sans glyphs in em (digits 0.636 em); used to measure tick labels, since a
 * string builder has no text metrics. Unknown glyphs count as 0.7 em.
 */
const GLYPH_EM: Record<string, number> = {
  '.': 0.318,
  ',': 0.318,
  '-': 0.361,
  '−': 0.838,
  '+': 0.838,
  ' ': 0.318,
  k: 0.579,
  M: 0.863,
  G: 0.775,
  T: 0.611,
  P: 0.603,
  m: 0.974,
  µ: 0.636,
  n: 0.634,
  p: 0.635,
  e: 0.615,
};

/** Estimated width in pixels of `text` at `fontSize` (DejaVu Sans advance widths). */
export function textWidth(text: string, fontSize = 11): number {
  let em = 0;
  for (const ch of text) em += /[0-9]/.test(ch) ? 0.636 : (GLYPH_EM[ch] ?? 0.7);
  return em * fontSize;
}

/**
 * The tick format of a linear scale: d3's default ("2,350", "0.25") for everyday magnitudes, SI prefixes with
 * trailing zeros trimmed (d3-format `~s`: "3M", "38M", "250k", "2µ") when the largest tick is ≥ 10⁴ or below
 * 10⁻³, so labels stay short ("3,000,000" would collide with the axis title or be clipped).
 */
export function tickFormatter(scale: ScaleLinear<number, number>, count: number): (t: number) => string {
  let max = 0;
  for (const t of scale.ticks(count)) max = Math.max(max, Math.abs(t));
  if (!(max >= 1e4 || (max > 0 && max < 1e-3))) return scale.tickFormat(count);
  const si = scale.tickFormat(count, '~s');
  return (t) => (t === 0 ? '0' : si(t));
}

/** Pixels between the axis line and the right end of a y tick label (4 px tick + 3 px gap). */
const Y_TICK_OFFSET = 7;
/** Pixels the rotated y-axis title takes at the left edge (centred at x = 13, 12 px font). */
const Y_TITLE_SPACE = 22;

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
  // The left margin grows when the widest y tick label would reach the axis title (measured, not guessed).
  let f = buildFrame(opts, margin);
  for (let pass = 0; pass < 2; pass++) {
    const need = Math.ceil(yTickWidth(f) + Y_TICK_OFFSET + Y_TITLE_SPACE);
    if (need <= f.margin.left) break;
    f = buildFrame(opts, { ...f.margin, left: need });
  }
  return f;
}

/** Width in pixels of the widest y tick label of a frame. */
function yTickWidth(f: Frame): number {
  const yf = tickFormatter(f.y, 6);
  let w = 0;
  for (const t of f.y.ticks(6)) w = Math.max(w, textWidth(yf(t)));
  return w;
}

function buildFrame(opts: Parameters<typeof makeFrame>[0], margin: Margin): Frame {
  const pad = opts.pad ?? 0.05;
  const widen = ([a, b]: readonly [number, number]): [number, number] => {
    // A reversed domain (max first, e.g. λ growing downward) pads the same way; an empty one is widened by 1.
    if (!(b > a || a > b)) return [a - 1, b + 1];
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
  // Fewer x ticks when the labels would overlap (measured widths against the tick spacing).
  let xCount = 6;
  let xTicks = x.ticks(xCount);
  let xf = tickFormatter(x, xCount);
  while (xCount > 2 && !xLabelsFit(x, xTicks, xf)) {
    xCount--;
    xTicks = x.ticks(xCount);
    xf = tickFormatter(x, xCount);
  }
  const yf = tickFormatter(y, 6);
  for (const t of xTicks) {
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
    yTitle(yLabel, (y0 + y1) / 2, height),
    '</g>',
  );
  return parts.join('');
}

/**
 * The rotated y-axis title, centred at `mid`; a title longer than the picture is tall is drawn smaller (down to
 * 9 px) and then shortened with an ellipsis, so it is never clipped.
 */
function yTitle(label: string, mid: number, height: number): string {
  const room = Math.min(2 * mid, 2 * (height - mid)) - 8;
  let size = 12;
  while (size > 9 && textWidth(label, size) > room) size--;
  let text = label;
  while (text.length > 1 && textWidth(text, size) > room) text = `${text.slice(0, -2)}…`;
  return `<text transform="translate(13,${fmt(mid)}) rotate(-90)" text-anchor="middle" font-size="${size}">${esc(text)}</text>`;
}

/** Whether centred x tick labels leave at least 6 px between neighbours. */
function xLabelsFit(x: ScaleLinear<number, number>, ticks: readonly number[], f: (t: number) => string): boolean {
  for (let i = 1; i < ticks.length; i++) {
    const room = Math.abs(x(ticks[i]) - x(ticks[i - 1]));
    if ((textWidth(f(ticks[i])) + textWidth(f(ticks[i - 1]))) / 2 + 6 > room) return false;
  }
  return true;
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
