/**
 * Density plots: a 1-D density curve with a rug of the data, and 2-D filled density contours (d3-contour on the
 * grid from `densityGrid2D`), with optional points and modes (mean-shift centres) on top.
 * @module
 */
import { contours } from 'd3-contour';
import { interpolateBlues } from 'd3-scale-chromatic';
import type { Matrix } from '../core/matrix.js';
import { axes, cross, esc, fmt, makeFrame, svgDocument } from './svg.js';

/** Options of {@link densityCurveSvg}. */
export interface DensityCurveOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Data values drawn as a rug (short ticks) under the curve. */
  rug?: ArrayLike<number>;
  /** Extra curves to compare (e.g. another bandwidth), same x grid or their own. */
  others?: readonly { x: ArrayLike<number>; density: ArrayLike<number>; label: string; color?: string }[];
  color?: string;
  width?: number;
  height?: number;
}

/**
 * Renders a density curve p̂(x) (from `densityGrid1D`) as an SVG string: filled area, line, and a rug of the data.
 * @example
 * const g = densityGrid1D(new KernelDensity({ bandwidth: 0.3 }).fit(X));
 * const svg = densityCurveSvg(g, { rug: X.data, title: 'KDE' });
 */
export function densityCurveSvg(
  grid: { x: ArrayLike<number>; density: ArrayLike<number> },
  opts: DensityCurveOptions = {},
): string {
  const width = opts.width ?? 560;
  const height = opts.height ?? 340;
  const color = opts.color ?? '#0072B2';
  const series = [{ x: grid.x, density: grid.density, label: '', color }, ...(opts.others ?? [])];
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let yMax = 0;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      x0 = Math.min(x0, s.x[i]);
      x1 = Math.max(x1, s.x[i]);
      if (Number.isFinite(s.density[i])) yMax = Math.max(yMax, s.density[i]);
    }
  }
  if (!Number.isFinite(x0)) {
    x0 = 0;
    x1 = 1;
  }
  const f = makeFrame({
    width,
    height,
    xDomain: [x0, x1],
    yDomain: [0, yMax > 0 ? yMax : 1],
    pad: 0,
    margin: { right: opts.others?.length ? 130 : 20 },
  });
  const base = f.y(0);
  const parts: string[] = [axes(f, opts.xLabel ?? 'x', opts.yLabel ?? 'density')];
  series.forEach((s, t) => {
    const c = s.color ?? ['#E69F00', '#009E73', '#CC79A7', '#D55E00'][(t - 1) % 4];
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) pts.push(`${fmt(f.x(s.x[i]))},${fmt(f.y(s.density[i]))}`);
    if (pts.length === 0) return;
    if (t === 0) {
      parts.push(
        `<path d="M${fmt(f.x(s.x[0]))},${fmt(base)}L${pts.join('L')}L${fmt(f.x(s.x[s.x.length - 1]))},${fmt(base)}Z" fill="${c}" fill-opacity="0.18"/>`,
      );
    }
    parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${c}" stroke-width="2"/>`);
    if (t > 0) {
      const ly = f.margin.top + 12 + (t - 1) * 16;
      const lx = width - f.margin.right + 10;
      parts.push(
        `<line x1="${fmt(lx)}" y1="${fmt(ly)}" x2="${fmt(lx + 14)}" y2="${fmt(ly)}" stroke="${c}" stroke-width="2"/>`,
        `<text x="${fmt(lx + 18)}" y="${fmt(ly)}" dy="0.32em" font-size="11">${esc(s.label)}</text>`,
      );
    }
  });
  if (opts.rug) {
    const ticks: string[] = [];
    const [lo, hi] = f.x.domain();
    for (let i = 0; i < opts.rug.length; i++) {
      const v = opts.rug[i];
      if (v < lo || v > hi) continue;
      ticks.push(`M${fmt(f.x(v))},${fmt(base)}v-8`);
    }
    parts.push(`<path class="rug" d="${ticks.join('')}" stroke="#333" stroke-opacity="0.5" stroke-width="1"/>`);
  }
  return svgDocument(width, height, opts.title ?? 'Kernel density estimate', parts.join(''));
}

/** Options of {@link densityContourSvg}. */
export interface DensityContourOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Number of bands (levels evenly spaced up to the maximum) or explicit density thresholds. @defaultValue 10 */
  thresholds?: number | readonly number[];
  /** Points drawn on top (n×2). */
  points?: Matrix;
  /** Modes drawn as crosses (k×2), e.g. mean-shift centres. */
  modes?: Matrix;
  width?: number;
  height?: number;
}

/**
 * Renders filled density contours of a 2-D grid (from `densityGrid2D`: density[j·nx + i] at (x[i], y[j])) as an
 * SVG string, with optional points and modes.
 * @remarks Contours by d3-contour's marching squares; sample (i, j) sits at contour coordinate (i + ½, j + ½).
 * @example
 * const svg = densityContourSvg(densityGrid2D(kde), { points: X, title: 'KDE' });
 */
export function densityContourSvg(
  grid: { x: ArrayLike<number>; y: ArrayLike<number>; density: ArrayLike<number> },
  opts: DensityContourOptions = {},
): string {
  const width = opts.width ?? 560;
  const height = opts.height ?? 480;
  const nx = grid.x.length;
  const ny = grid.y.length;
  const f = makeFrame({
    width,
    height,
    xDomain: [grid.x[0], grid.x[nx - 1]],
    yDomain: [grid.y[0], grid.y[ny - 1]],
    pad: 0,
    equalAspect: true,
  });
  const dx = (grid.x[nx - 1] - grid.x[0]) / (nx - 1);
  const dy = (grid.y[ny - 1] - grid.y[0]) / (ny - 1);
  const values = Array.from(grid.density);
  let vmax = 0;
  for (const v of values) if (v > vmax) vmax = v;
  const gen = contours().size([nx, ny]);
  const th = opts.thresholds ?? 10;
  // A count gives evenly spaced levels vmax·k/count, k = 1..count−1 (the lowest band stays white).
  const ths =
    typeof th === 'number' ? Array.from({ length: Math.max(1, th - 1) }, (_, k) => (vmax * (k + 1)) / th) : [...th];
  const levels = gen.thresholds(ths)(values);
  const px = (p: number) => fmt(f.x(grid.x[0] + Math.min(Math.max(p - 0.5, 0), nx - 1) * dx));
  const py = (p: number) => fmt(f.y(grid.y[0] + Math.min(Math.max(p - 0.5, 0), ny - 1) * dy));
  const parts: string[] = [axes(f, opts.xLabel ?? 'x₁', opts.yLabel ?? 'x₂', { grid: false })];
  const clip = `<clipPath id="kde-clip"><rect x="${fmt(f.x(grid.x[0]))}" y="${fmt(f.y(grid.y[ny - 1]))}" width="${fmt(f.x(grid.x[nx - 1]) - f.x(grid.x[0]))}" height="${fmt(f.y(grid.y[0]) - f.y(grid.y[ny - 1]))}"/></clipPath>`;
  parts.push(clip, '<g class="contours" clip-path="url(#kde-clip)">');
  for (const level of levels) {
    if (level.value <= 0 || level.coordinates.length === 0) continue;
    let d = '';
    for (const polygon of level.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([a, b], t) => {
          d += `${t === 0 ? 'M' : 'L'}${px(a)},${py(b)}`;
        });
        d += 'Z';
      }
    }
    const c = interpolateBlues(0.15 + 0.8 * (vmax > 0 ? level.value / vmax : 0));
    parts.push(`<path d="${d}" fill="${c}" stroke="#08306b" stroke-opacity="0.25" stroke-width="0.5"/>`);
  }
  parts.push('</g>');
  if (opts.points) {
    const P = opts.points;
    const pts: string[] = [];
    for (let i = 0; i < P.rows; i++) {
      pts.push(`<circle cx="${fmt(f.x(P.data[i * P.cols]))}" cy="${fmt(f.y(P.data[i * P.cols + 1]))}" r="2"/>`);
    }
    parts.push(`<g class="points" fill="#222" fill-opacity="0.55">${pts.join('')}</g>`);
  }
  if (opts.modes) {
    const M = opts.modes;
    for (let c = 0; c < M.rows; c++) {
      parts.push(cross(f.x(M.data[c * M.cols]), f.y(M.data[c * M.cols + 1]), 6, '#D55E00', 3));
    }
  }
  return svgDocument(width, height, opts.title ?? 'Kernel density estimate', parts.join(''));
}
