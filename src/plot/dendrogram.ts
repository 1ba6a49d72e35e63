/**
 * Dendrogram plot: SciPy's dendrogram layout drawn as an SVG string, with leaf labels, a height axis and an
 * optional cut line.
 * @module
 */
import { scaleLinear } from 'd3-scale';
import type { MatrixLike } from '../core/matrix.js';
import { type DendrogramOptions, dendrogram } from '../hierarchy/dendrogram.js';
import { CATEGORICAL, esc, fmt, svgDocument, tickFormatter } from './svg.js';

/** Options of {@link dendrogramSvg}: the layout options of `dendrogram`, plus drawing options. */
export interface DendrogramSvgOptions extends DendrogramOptions {
  /** Plot title. @defaultValue 'Dendrogram' */
  title?: string;
  /** Pixel size. @defaultValue 640×420 (top/bottom), 520×(18 px per leaf) (left/right) */
  width?: number;
  height?: number;
  /** Draw a dashed line at this height (e.g. the `distanceThreshold` of a cut); also the default colour threshold. */
  cutHeight?: number;
  /** Label of the height axis. @defaultValue 'distance' */
  heightLabel?: string;
}

/** Colour of a SciPy colour name: C0 (above the threshold) → dark grey, C1…C9 → the categorical palette. */
function linkColor(c: string): string {
  const m = /^C(\d)$/.exec(c);
  if (!m) return c;
  const k = Number(m[1]);
  return k === 0 ? '#555555' : CATEGORICAL[(k - 1) % CATEGORICAL.length];
}

/**
 * Renders the dendrogram of a linkage matrix as a standalone SVG string.
 * @remarks Uses {@link dendrogram}'s coordinates (SciPy's layout): leaves at 5, 15, …, U-shaped links at merge
 * heights, links coloured per cluster below `colorThreshold` (default: `cutHeight`, else 0.7·max height).
 * Byte-stable output (fixed number format). O(n).
 * @example
 * const svg = dendrogramSvg(linkage(X, { method: 'ward' }), { cutHeight: 5, labels });
 */
export function dendrogramSvg(Z: MatrixLike, opts: DendrogramSvgOptions = {}): string {
  const orientation = opts.orientation ?? 'top';
  const vertical = orientation === 'top' || orientation === 'bottom';
  const d = dendrogram(Z, { ...opts, colorThreshold: opts.colorThreshold ?? opts.cutHeight });
  const nLeaves = d.ivl.length;
  const maxLabel = Math.max(1, ...d.ivl.map((s) => s.length));
  const rotate = vertical && nLeaves * Math.max(6, maxLabel * 6.5) > (opts.width ?? 640) - 80;
  const labelRoom = Math.min(160, 10 + maxLabel * (rotate || !vertical ? 6.5 : 0) + (vertical && !rotate ? 14 : 0));
  const width = opts.width ?? (vertical ? 640 : 520);
  const height = opts.height ?? (vertical ? 420 : Math.max(240, 80 + nLeaves * 18));
  const m = vertical
    ? { top: 40, right: 20, bottom: 30 + labelRoom, left: 64 }
    : {
        top: 40,
        right: 20 + (orientation === 'left' ? labelRoom : 0),
        bottom: 44,
        left: 20 + (orientation === 'right' ? labelRoom : 0),
      };
  let maxH = 0;
  for (const dc of d.dcoord) for (const v of dc) if (v > maxH) maxH = v;
  if (opts.cutHeight !== undefined && opts.cutHeight > maxH) maxH = opts.cutHeight;
  if (maxH <= 0) maxH = 1;
  const leafScale = scaleLinear().domain([0, 10 * nLeaves]);
  const hScale = scaleLinear()
    .domain([0, maxH * 1.05])
    .nice();
  if (orientation === 'top') {
    leafScale.range([m.left, width - m.right]);
    hScale.range([height - m.bottom, m.top]);
  } else if (orientation === 'bottom') {
    leafScale.range([m.left, width - m.right]);
    hScale.range([m.top, height - m.bottom]);
  } else if (orientation === 'left') {
    // root on the left, leaves on the right (SciPy's 'left')
    leafScale.range([m.top, height - m.bottom]);
    hScale.range([width - m.right, m.left]);
  } else {
    leafScale.range([m.top, height - m.bottom]);
    hScale.range([m.left, width - m.right]);
  }
  const pt = (leaf: number, h: number): string =>
    vertical ? `${fmt(leafScale(leaf))},${fmt(hScale(h))}` : `${fmt(hScale(h))},${fmt(leafScale(leaf))}`;
  const parts: string[] = [];
  // height axis with grid
  parts.push('<g class="axis" font-size="11" fill="#333">');
  const ticks = hScale.ticks(6);
  const tf = tickFormatter(hScale, 6);
  for (const t of ticks) {
    const p = fmt(hScale(t));
    if (vertical) {
      parts.push(
        `<line x1="${fmt(m.left)}" y1="${p}" x2="${fmt(width - m.right)}" y2="${p}" stroke="#eee"/>`,
        `<line x1="${fmt(m.left - 4)}" y1="${p}" x2="${fmt(m.left)}" y2="${p}" stroke="#333"/>`,
        `<text x="${fmt(m.left - 7)}" y="${p}" dy="0.32em" text-anchor="end">${esc(tf(t))}</text>`,
      );
    } else {
      const y0 = height - m.bottom;
      parts.push(
        `<line x1="${p}" y1="${fmt(m.top)}" x2="${p}" y2="${fmt(y0)}" stroke="#eee"/>`,
        `<line x1="${p}" y1="${fmt(y0)}" x2="${p}" y2="${fmt(y0 + 4)}" stroke="#333"/>`,
        `<text x="${p}" y="${fmt(y0 + 16)}" text-anchor="middle">${esc(tf(t))}</text>`,
      );
    }
  }
  const hLabel = esc(opts.heightLabel ?? 'distance');
  if (vertical) {
    parts.push(
      `<path d="M${fmt(m.left)},${fmt(m.top)}V${fmt(height - m.bottom)}" stroke="#333" fill="none"/>`,
      `<text transform="translate(14,${fmt((m.top + height - m.bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="12">${hLabel}</text>`,
    );
  } else {
    parts.push(
      `<path d="M${fmt(m.left)},${fmt(height - m.bottom)}H${fmt(width - m.right)}" stroke="#333" fill="none"/>`,
      `<text x="${fmt((m.left + width - m.right) / 2)}" y="${fmt(height - 8)}" text-anchor="middle" font-size="12">${hLabel}</text>`,
    );
  }
  parts.push('</g>');
  // links
  parts.push('<g class="links" fill="none" stroke-width="1.5">');
  for (let t = 0; t < d.icoord.length; t++) {
    const ic = d.icoord[t];
    const dc = d.dcoord[t];
    parts.push(
      `<path d="M${pt(ic[0], dc[0])}L${pt(ic[1], dc[1])}L${pt(ic[2], dc[2])}L${pt(ic[3], dc[3])}" stroke="${linkColor(d.colors[t])}"/>`,
    );
  }
  parts.push('</g>');
  // leaf labels
  parts.push('<g class="leaves" font-size="10" fill="#222">');
  for (let t = 0; t < nLeaves; t++) {
    const pos = fmt(leafScale(10 * t + 5));
    const text = esc(d.ivl[t]);
    if (orientation === 'top') {
      const y = fmt(height - m.bottom + 6);
      parts.push(
        rotate
          ? `<text transform="translate(${pos},${y}) rotate(-90)" dy="0.32em" text-anchor="end">${text}</text>`
          : `<text x="${pos}" y="${y}" dy="0.9em" text-anchor="middle">${text}</text>`,
      );
    } else if (orientation === 'bottom') {
      const y = fmt(m.top - 6);
      parts.push(
        rotate
          ? `<text transform="translate(${pos},${y}) rotate(-90)" dy="0.32em" text-anchor="start">${text}</text>`
          : `<text x="${pos}" y="${y}" text-anchor="middle">${text}</text>`,
      );
    } else if (orientation === 'left') {
      parts.push(`<text x="${fmt(width - m.right + 6)}" y="${pos}" dy="0.32em" text-anchor="start">${text}</text>`);
    } else {
      parts.push(`<text x="${fmt(m.left - 6)}" y="${pos}" dy="0.32em" text-anchor="end">${text}</text>`);
    }
  }
  parts.push('</g>');
  if (opts.cutHeight !== undefined) {
    const c = hScale(opts.cutHeight);
    const label = `cut ${esc(String(Number(opts.cutHeight.toPrecision(4))))}`;
    parts.push(
      vertical
        ? `<line x1="${fmt(m.left)}" y1="${fmt(c)}" x2="${fmt(width - m.right)}" y2="${fmt(c)}" stroke="#D55E00" stroke-width="1.2" stroke-dasharray="6 4"/><text x="${fmt(width - m.right)}" y="${fmt(c - 4)}" text-anchor="end" font-size="11" fill="#D55E00">${label}</text>`
        : `<line x1="${fmt(c)}" y1="${fmt(m.top)}" x2="${fmt(c)}" y2="${fmt(height - m.bottom)}" stroke="#D55E00" stroke-width="1.2" stroke-dasharray="6 4"/><text x="${fmt(c + 4)}" y="${fmt(m.top - 4)}" font-size="11" fill="#D55E00">${label}</text>`,
    );
  }
  return svgDocument(width, height, opts.title ?? 'Dendrogram', parts.join(''));
}
