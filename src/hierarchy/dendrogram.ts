/**
 * Dendrogram layout as data — `scipy.cluster.hierarchy.dendrogram(Z, no_plot=True)`.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { MatrixLike } from '../core/matrix.js';
import { checkNumber, checkOneOf } from '../core/validate.js';
import { checkLinkage } from './linkageMatrix.js';

/** SciPy's default link colours (matplotlib colour-cycle names C1…C9; C0 is used above the threshold). */
export const DEFAULT_LINK_COLORS: readonly string[] = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9'];

/** Options of {@link dendrogram}. */
export interface DendrogramOptions {
  /** Truncation: show the last p merges ('lastp') or p levels below the root ('level'). @defaultValue none */
  truncateMode?: 'lastp' | 'level' | 'none';
  /** The p of the truncation. @defaultValue 30 */
  p?: number;
  /**
   * Links below this height get one colour per cluster; the rest `aboveThresholdColor`. A value ≤ 0 colours
   * everything above. @defaultValue 0.7 · max height (SciPy's)
   */
  colorThreshold?: number;
  /** One label per observation (ivl). @defaultValue the indices as strings */
  labels?: readonly string[];
  /** Put the smaller ('ascending') or larger ('descending') child first by count. @defaultValue false */
  countSort?: boolean | 'ascending' | 'descending';
  /** Same by the children's heights. Ignored when countSort is set. @defaultValue false */
  distanceSort?: boolean | 'ascending' | 'descending';
  /** Label a truncated subtree "(count)" (else empty). @defaultValue true */
  showLeafCounts?: boolean;
  /** Where the root is drawn; recorded for renderers, the layout does not depend on it. @defaultValue 'top' */
  orientation?: 'top' | 'bottom' | 'left' | 'right';
  /** Colour of links at or above the threshold. @defaultValue 'C0' */
  aboveThresholdColor?: string;
  /** Colours cycled through for the clusters below the threshold. @defaultValue C1…C9 */
  linkColors?: readonly string[];
}

/** The layout of {@link dendrogram}: SciPy's `R` dictionary in camelCase. */
export interface DendrogramData {
  /** Per link (U shape), the 4 leaf-axis coordinates; leaves sit at 5, 15, 25, … */
  icoord: number[][];
  /** Per link, the 4 heights [left child, h, h, right child]. */
  dcoord: number[][];
  /** Leaf labels in drawing order ("(count)" for truncated subtrees). */
  ivl: string[];
  /** Node id of each drawn leaf, in order (≥ n for a truncated subtree). */
  leaves: number[];
  /** Colour of each link (SciPy's `color_list`). */
  colors: string[];
  /** Colour of the link above each leaf (SciPy's `leaves_color_list`). */
  leavesColors: string[];
  /** The colour threshold used. */
  colorThreshold: number;
  /** The orientation asked for. */
  orientation: 'top' | 'bottom' | 'left' | 'right';
}

/**
 * The coordinates of a dendrogram of `Z`, as `scipy.cluster.hierarchy.dendrogram(Z, no_plot=True)` computes them:
 * each merge is a U-shaped link, leaves at 5, 15, 25, … along the leaf axis, heights on the other.
 *
 * @remarks
 * Depth-first from the root, left child first (or by count/distance sort); a link's colour is
 * `aboveThresholdColor` when its height ≥ colorThreshold, otherwise the current cluster colour, which advances
 * each time the walk climbs back above the threshold — SciPy's rule. Truncation 'lastp' keeps the last p merges
 * (clusters n+n−p… are leaves), 'level' keeps p levels. Matches SciPy 1.10 exactly on the fixtures (icoord,
 * dcoord, ivl, leaves, color_list, leaves_color_list). O(n).
 * @throws {@link ValidationError} on an invalid Z, option or labels of the wrong length
 * @example
 * const d = dendrogram(linkage(y, { method: 'average' }), { truncateMode: 'lastp', p: 12 });
 * d.icoord.length; // 11 links
 */
export function dendrogram(Z: MatrixLike, options: DendrogramOptions = {}): DendrogramData {
  const zm = checkLinkage(Z);
  const n = zm.rows + 1;
  const z = zm.data;
  const mode = checkOneOf(options.truncateMode ?? 'none', ['lastp', 'level', 'none'] as const, 'truncateMode');
  let p = Math.trunc(checkNumber(options.p ?? 30, 'p'));
  const orientation = checkOneOf(
    options.orientation ?? 'top',
    ['top', 'bottom', 'left', 'right'] as const,
    'orientation',
  );
  const labels = options.labels;
  if (labels !== undefined && labels.length !== n) {
    throw new ValidationError(
      `Dimensions of Z and labels must be consistent: labels has ${labels.length}, Z has ${n} observations.`,
      {
        param: 'labels',
      },
    );
  }
  if (mode === 'lastp' && (p > n || p === 0)) p = n;
  if (mode === 'level' && p <= 0) p = Number.POSITIVE_INFINITY;
  let maxH = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n - 1; i++) if (z[i * 4 + 2] > maxH) maxH = z[i * 4 + 2];
  const threshold =
    options.colorThreshold === undefined ? maxH * 0.7 : checkNumber(options.colorThreshold, 'colorThreshold');
  const countSort = options.countSort === true ? 'ascending' : options.countSort || false;
  const distanceSort = options.distanceSort === true ? 'ascending' : options.distanceSort || false;
  const showLeafCounts = options.showLeafCounts ?? true;
  const above = options.aboveThresholdColor ?? 'C0';
  const palette = options.linkColors ?? DEFAULT_LINK_COLORS;
  if (palette.length === 0)
    throw new ValidationError('linkColors must hold at least one colour.', { param: 'linkColors' });

  const icoord: number[][] = [];
  const dcoord: number[][] = [];
  const ivl: string[] = [];
  const leafIds: number[] = [];
  const colors: string[] = [];
  let currentColor = 0;
  let below = false;

  const leafSingleton = (i: number) => {
    leafIds.push(i);
    ivl.push(labels ? labels[i] : String(i));
  };
  const leafCluster = (i: number) => {
    leafIds.push(i);
    ivl.push(showLeafCounts ? `(${z[(i - n) * 4 + 3]})` : '');
  };

  // SciPy's recursive walk, made iterative (deep single-linkage chains would overflow the call stack). Each frame
  // returns [centre, width, height, maxHeight] of the subtree at node i drawn from iv.
  interface Frame {
    i: number;
    iv: number;
    level: number;
    phase: 0 | 1 | 2;
    ua: number;
    ub: number;
    a: [number, number, number, number];
    c: string;
  }
  const leafResult = (i: number, iv: number, level: number): [number, number, number, number] | null => {
    if (mode === 'lastp') {
      if (2 * n - p > i && i >= n) {
        leafCluster(i);
        return [iv + 5, 10, 0, z[(i - n) * 4 + 2]];
      }
    } else if (mode === 'level') {
      if (i > n && level > p) {
        leafCluster(i);
        return [iv + 5, 10, 0, z[(i - n) * 4 + 2]];
      }
    }
    if (i < n) {
      leafSingleton(i);
      return [iv + 5, 10, 0, 0];
    }
    return null;
  };
  const stack: Frame[] = [{ i: 2 * n - 2, iv: 0, level: 0, phase: 0, ua: 0, ub: 0, a: [0, 0, 0, 0], c: '' }];
  let ret: [number, number, number, number] = [0, 0, 0, 0];
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.phase === 0) {
      const leaf = leafResult(f.i, f.iv, f.level);
      if (leaf !== null) {
        ret = leaf;
        stack.pop();
        continue;
      }
      const r = (f.i - n) * 4;
      const aa = z[r];
      const ab = z[r + 1];
      const na = aa >= n ? z[(aa - n) * 4 + 3] : 1;
      const da = aa >= n ? z[(aa - n) * 4 + 2] : 0;
      const nb = ab >= n ? z[(ab - n) * 4 + 3] : 1;
      const db = ab >= n ? z[(ab - n) * 4 + 2] : 0;
      let ua = aa;
      let ub = ab;
      if (countSort === 'ascending') {
        if (na > nb) [ua, ub] = [ab, aa];
      } else if (countSort === 'descending') {
        if (!(na > nb)) [ua, ub] = [ab, aa];
      } else if (distanceSort === 'ascending') {
        if (da > db) [ua, ub] = [ab, aa];
      } else if (distanceSort === 'descending') {
        if (!(da > db)) [ua, ub] = [ab, aa];
      }
      f.ua = ua;
      f.ub = ub;
      f.phase = 1;
      stack.push({ i: ua, iv: f.iv, level: f.level + 1, phase: 0, ua: 0, ub: 0, a: [0, 0, 0, 0], c: '' });
    } else if (f.phase === 1) {
      f.a = ret;
      const h = z[(f.i - n) * 4 + 2];
      if (h >= threshold || threshold <= 0) {
        f.c = above;
        if (below) currentColor = (currentColor + 1) % palette.length;
        below = false;
      } else {
        below = true;
        f.c = palette[currentColor];
      }
      f.phase = 2;
      stack.push({ i: f.ub, iv: f.iv + f.a[1], level: f.level + 1, phase: 0, ua: 0, ub: 0, a: [0, 0, 0, 0], c: '' });
    } else {
      const [uiva, uwa, uah, uamd] = f.a;
      const [uivb, uwb, ubh, ubmd] = ret;
      const h = z[(f.i - n) * 4 + 2];
      icoord.push([uiva, uiva, uivb, uivb]);
      dcoord.push([uah, h, h, ubh]);
      colors.push(f.c);
      ret = [(uiva + uivb) / 2, uwa + uwb, h, Math.max(uamd, ubmd, h)];
      stack.pop();
    }
  }

  const leavesColors: string[] = new Array(leafIds.length).fill('');
  for (let t = 0; t < icoord.length; t++) {
    for (let q = 0; q < 4; q++) {
      const xi = icoord[t][q];
      if (dcoord[t][q] === 0 && xi % 5 === 0 && xi % 2 === 1) leavesColors[Math.floor((xi - 5) / 10)] = colors[t];
    }
  }
  return { icoord, dcoord, ivl, leaves: leafIds, colors, leavesColors, colorThreshold: threshold, orientation };
}
