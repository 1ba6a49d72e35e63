/**
 * The silhouette plot (Rousseeuw 1987): one horizontal bar per sample, grouped by cluster and sorted within it,
 * with the mean silhouette as a dashed line.
 * @module
 */
import { scaleLinear } from 'd3-scale';
import { colorOf, esc, fmt, svgDocument } from './svg.js';

/**
 * Renders per-sample silhouette values s(i) ∈ [−1, 1] (from `silhouetteSamples`) as an SVG string.
 * @param values - s(i) per sample
 * @param labels - cluster label per sample (any integers)
 * @example
 * ```ts
 * const svg = silhouetteSvg(silhouetteSamples(X, km.labels), km.labels, { title: 'Silhouette' });
 * ```
 */
export function silhouetteSvg(
  values: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: { title?: string; width?: number; height?: number } = {},
): string {
  const width = opts.width ?? 520;
  const height = opts.height ?? 420;
  const n = values.length;
  const ids = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const gap = Math.max(2, Math.round(n / 60));
  const totalRows = n + gap * (ids.length + 1);
  const m = { top: 36, right: 20, bottom: 44, left: 64 };
  let lo = 0;
  for (let i = 0; i < n; i++) lo = Math.min(lo, values[i]);
  const x = scaleLinear()
    .domain([Math.min(-0.1, lo), 1])
    .range([m.left, width - m.right])
    .nice();
  const rowH = (height - m.top - m.bottom) / totalRows;
  const parts: string[] = [];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let row = gap;
  const x0 = x(0);
  for (const id of ids) {
    const vals: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === id) vals.push(values[i]);
    vals.sort((a, b) => b - a);
    const top = m.top + row * rowH;
    // One path per cluster: a bar per sample, drawn as a polygon outline of the sorted values.
    let d = `M${fmt(x0)},${fmt(top)}`;
    vals.forEach((v, t) => {
      d += `L${fmt(x(v))},${fmt(top + t * rowH)}L${fmt(x(v))},${fmt(top + (t + 1) * rowH)}`;
    });
    d += `L${fmt(x0)},${fmt(top + vals.length * rowH)}Z`;
    parts.push(`<path d="${d}" fill="${colorOf(id)}" fill-opacity="0.85"/>`);
    parts.push(
      `<text x="${fmt(m.left - 6)}" y="${fmt(top + (vals.length * rowH) / 2)}" dy="0.32em" text-anchor="end" font-size="11">${esc(String(id))}</text>`,
    );
    row += vals.length + gap;
  }
  const axisY = height - m.bottom;
  parts.push(`<g font-size="11" fill="#333">`);
  for (const t of x.ticks(6)) {
    parts.push(
      `<line x1="${fmt(x(t))}" y1="${fmt(axisY)}" x2="${fmt(x(t))}" y2="${fmt(axisY + 4)}" stroke="#333"/>`,
      `<text x="${fmt(x(t))}" y="${fmt(axisY + 16)}" text-anchor="middle">${fmt(t, 2)}</text>`,
    );
  }
  parts.push(
    `<path d="M${fmt(m.left)},${fmt(axisY)}H${fmt(width - m.right)}" stroke="#333"/>`,
    `<line x1="${fmt(x0)}" y1="${fmt(m.top)}" x2="${fmt(x0)}" y2="${fmt(axisY)}" stroke="#333"/>`,
    `<line x1="${fmt(x(mean))}" y1="${fmt(m.top)}" x2="${fmt(x(mean))}" y2="${fmt(axisY)}" stroke="#D55E00" stroke-dasharray="5,4" stroke-width="1.5"/>`,
    // Above the top bar (in the margin under the title), never over the bars.
    `<text class="mean-label" x="${fmt(x(mean) + 4)}" y="${fmt(m.top - 2)}" font-size="11" fill="#D55E00">mean ${fmt(mean, 3)}</text>`,
    `<text x="${fmt((m.left + width - m.right) / 2)}" y="${fmt(height - 8)}" text-anchor="middle" font-size="12">silhouette coefficient s(i)</text>`,
    `<text transform="translate(14,${fmt((m.top + axisY) / 2)}) rotate(-90)" text-anchor="middle" font-size="12">cluster</text>`,
    '</g>',
  );
  return svgDocument(width, height, opts.title ?? 'Silhouette plot', parts.join(''));
}
