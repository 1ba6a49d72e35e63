/**
 * Plots for density-based clustering: the OPTICS reachability plot and the HDBSCAN condensed-tree icicle.
 * @module
 */
import { axes, colorOf, esc, fmt, legend, makeFrame, NOISE_COLOR, svgDocument } from './svg.js';

/** Options of {@link reachabilitySvg}. */
export interface ReachabilityPlotOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Draw a dashed line at this distance (e.g. a DBSCAN cut). */
  eps?: number;
}

/**
 * The OPTICS reachability plot: one bar per row in OPTICS order, height = reachability distance, coloured by
 * cluster (noise grey); infinite reachabilities are drawn to the top of the plot, hatched. The legend lists at most
 * 12 entries, no more than fit the plot's height, and counts the rest ("+6 more").
 * @param reachability - n distances by row (`Infinity` allowed)
 * @param ordering - n row indices in OPTICS order
 * @param labels - n cluster labels (−1 = noise)
 * @example
 * const op = new OPTICS({ minSamples: 5 }).fit(X);
 * const svg = reachabilitySvg(op.reachability, op.ordering, op.labels);
 */
export function reachabilitySvg(
  reachability: Float64Array,
  ordering: Int32Array,
  labels: Int32Array,
  opts: ReachabilityPlotOptions = {},
): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 320;
  const n = ordering.length;
  let top = 0;
  for (const r of reachability) if (Number.isFinite(r) && r > top) top = r;
  if (opts.eps !== undefined && Number.isFinite(opts.eps) && opts.eps > top) top = opts.eps;
  if (!(top > 0)) top = 1;
  const f = makeFrame({
    width,
    height,
    xDomain: [0, Math.max(1, n)],
    yDomain: [0, top * 1.05],
    pad: 0,
    margin: { right: 120 },
  });
  const parts = [axes(f, 'OPTICS order', 'reachability distance')];
  const w = Math.max(0.5, f.x(1) - f.x(0));
  const y0 = f.y(0);
  parts.push('<g class="bars">');
  for (let t = 0; t < n; t++) {
    const i = ordering[t];
    const r = reachability[i];
    const inf = !Number.isFinite(r);
    const y = f.y(inf ? top * 1.05 : r);
    const color = labels[i] < 0 ? NOISE_COLOR : colorOf(labels[i]);
    parts.push(
      `<rect x="${fmt(f.x(t))}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(y0 - y)}" fill="${color}"${inf ? ' fill-opacity="0.25"' : ''}/>`,
    );
  }
  parts.push('</g>');
  if (opts.eps !== undefined && Number.isFinite(opts.eps)) {
    const y = fmt(f.y(opts.eps));
    parts.push(
      `<line x1="${fmt(f.x(0))}" x2="${fmt(f.x(n))}" y1="${y}" y2="${y}" stroke="#222" stroke-dasharray="4 3"/>`,
    );
  }
  // At most 12 legend rows, and no more than fit below the legend's top (16 px a row); the rest are counted.
  const all = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const rows = Math.max(1, Math.min(12, Math.floor((height - 54) / 16)));
  const shown = all.length > rows ? all.slice(0, rows - 1) : all;
  const items = shown.map((id) => ({
    label: id < 0 ? 'noise' : `cluster ${id}`,
    color: id < 0 ? NOISE_COLOR : colorOf(id),
  }));
  if (shown.length < all.length) items.push({ label: `+${all.length - shown.length} more`, color: 'none' });
  parts.push(legend(items, width - 110, 48));
  return svgDocument(width, height, opts.title ?? 'OPTICS reachability plot', parts.join(''));
}

/** The condensed tree columns used by {@link condensedTreeSvg} (HDBSCAN's `condensedTree`). */
export interface CondensedTreeColumns {
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  childSize: Int32Array;
}

/** Options of {@link condensedTreeSvg}. */
export interface CondensedTreePlotOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Condensed-tree ids of the selected clusters; label t is `selected[t]` (HDBSCAN's `clusterIds`). */
  selected?: Int32Array;
}

/**
 * The HDBSCAN condensed tree as an icicle: each cluster is a box whose width is its size and which runs from
 * the λ where it was born down to the largest λ at which one of its points leaves (λ = 1/distance grows
 * downwards); children sit side by side under their parent. Selected clusters are filled in their label colour.
 * @param tree - the condensed tree (rows: parent, child, λ, child size)
 * @param n - number of points (the root cluster's id)
 * @example
 * const h = new HDBSCAN({ minClusterSize: 10 }).fit(X);
 * const svg = condensedTreeSvg(h.condensedTree, X.length, { selected: h.clusterIds });
 */
export function condensedTreeSvg(tree: CondensedTreeColumns, n: number, opts: CondensedTreePlotOptions = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  const rows = tree.parent.length;
  let k = 1;
  for (let t = 0; t < rows; t++) if (tree.child[t] >= n && tree.child[t] - n + 1 > k) k = tree.child[t] - n + 1;
  const birth = new Float64Array(k);
  const death = new Float64Array(k);
  const size = new Float64Array(k);
  size[0] = n;
  const kids: number[][] = Array.from({ length: k }, () => []);
  let maxLam = 0;
  for (let t = 0; t < rows; t++) {
    const p = tree.parent[t] - n;
    const lam = tree.lambda[t];
    if (Number.isFinite(lam) && lam > death[p]) death[p] = lam;
    if (Number.isFinite(lam) && lam > maxLam) maxLam = lam;
    const c = tree.child[t];
    if (c >= n) {
      birth[c - n] = lam;
      size[c - n] = tree.childSize[t];
      kids[p].push(c - n);
    }
  }
  if (!(maxLam > 0)) maxLam = 1;
  const f = makeFrame({ width, height, xDomain: [0, n], yDomain: [maxLam * 1.02, 0], pad: 0 });
  // y grows downward with λ: flip by mapping λ → domain directly (domain is [max, 0])
  const labelOf = new Map<number, number>();
  const sel = opts.selected ?? new Int32Array(0);
  for (let t = 0; t < sel.length; t++) labelOf.set(sel[t] - n, t);
  const parts = [axes(f, 'points', 'λ = 1 / distance')];
  const x0 = new Float64Array(k);
  const stack = [0];
  while (stack.length > 0) {
    const c = stack.pop() as number;
    let x = x0[c];
    for (const ch of kids[c]) {
      x0[ch] = x;
      x += size[ch];
      stack.push(ch);
    }
  }
  for (let c = 0; c < k; c++) {
    const l = labelOf.get(c);
    const fill = l === undefined ? '#dfe3ea' : colorOf(l);
    const yTop = f.y(birth[c]);
    const yBot = f.y(Math.max(death[c], birth[c]));
    parts.push(
      `<rect x="${fmt(f.x(x0[c]))}" y="${fmt(Math.min(yTop, yBot))}" width="${fmt(f.x(x0[c] + size[c]) - f.x(x0[c]))}" height="${fmt(Math.abs(yBot - yTop))}" fill="${fill}" stroke="#555" stroke-width="${l === undefined ? 0.5 : 1.5}"><title>${esc(`cluster ${c + n}: ${size[c]} points${l === undefined ? '' : `, label ${l}`}`)}</title></rect>`,
    );
  }
  return svgDocument(width, height, opts.title ?? 'HDBSCAN condensed tree', parts.join(''));
}
