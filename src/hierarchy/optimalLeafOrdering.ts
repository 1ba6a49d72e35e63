/**
 * Optimal leaf ordering (Bar-Joseph, Gifford & Jaakkola 2001), as `scipy.cluster.hierarchy.optimal_leaf_ordering`.
 * @module
 */
import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../core/distance.js';
import { ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import type { MetricOptions } from '../core/metrics.js';
import { type CondensedDistances, isCondensed, toCondensed } from './linkage.js';
import { checkLinkage, leafOrder } from './linkageMatrix.js';
import { condensedForMetric } from './pairwise.js';

const BIG = 1073741824; // 2³⁰, SciPy's "infinity" for the float32 tables

/** Quicksort of vals[lo..lo+size) with idx alongside — SciPy's `_simultaneous_sort` (median of three). */
function simultaneousSort(vals: Float32Array, idx: Int32Array, lo: number, size: number): void {
  const swap = (i: number, j: number) => {
    const v = vals[lo + i];
    vals[lo + i] = vals[lo + j];
    vals[lo + j] = v;
    const t = idx[lo + i];
    idx[lo + i] = idx[lo + j];
    idx[lo + j] = t;
  };
  if (size <= 1) return;
  if (size === 2) {
    if (vals[lo] > vals[lo + 1]) swap(0, 1);
    return;
  }
  if (size === 3) {
    if (vals[lo] > vals[lo + 1]) swap(0, 1);
    if (vals[lo + 1] > vals[lo + 2]) {
      swap(1, 2);
      if (vals[lo] > vals[lo + 1]) swap(0, 1);
    }
    return;
  }
  let pivot = size >> 1;
  if (vals[lo] > vals[lo + size - 1]) swap(0, size - 1);
  if (vals[lo + size - 1] > vals[lo + pivot]) {
    swap(size - 1, pivot);
    if (vals[lo] > vals[lo + size - 1]) swap(0, size - 1);
  }
  const pv = vals[lo + size - 1];
  let store = 0;
  for (let i = 0; i < size - 1; i++) {
    if (vals[lo + i] < pv) {
      swap(i, store);
      store++;
    }
  }
  swap(store, size - 1);
  pivot = store;
  if (pivot > 1) simultaneousSort(vals, idx, lo, pivot);
  if (pivot + 2 < size) simultaneousSort(vals, idx, lo + pivot + 1, size - pivot - 1);
}

/**
 * Which children to swap so that the leaf order minimises Σ d(neighbouring leaves). sz: merges as [l, r] in leaf-
 * order positions (leaves) or ids (merges), sd: n×n distances in leaf order, ranges: [min, max) per cluster.
 * Float32 tables and tie rules as SciPy's `identify_swaps`. Returns must-swap flags per merge.
 */
function identifySwaps(sz: Int32Array, sd: Float64Array, ranges: Int32Array, n: number): Uint8Array {
  const f = Math.fround;
  const M = new Float32Array(n * n);
  const swapStatus = new Uint8Array(n * n * 2);
  const mustSwap = new Uint8Array(n - 1);
  const mVals = new Float32Array(n);
  const mIdx = new Int32Array(n);
  const kVals = new Float32Array(n);
  const kIdx = new Int32Array(n);
  const uC = [0, 0];
  const mC = [0, 0];
  const wC = [0, 0];
  const kC = [0, 0];
  let bestU = 0;
  let bestW = 0;
  for (let i = 0; i < n - 1; i++) {
    const vl = sz[i * 2];
    const vr = sz[i * 2 + 1];
    let nu: number;
    let nw: number;
    if (vl < n) {
      nu = 1;
      uC[0] = vl;
      mC[0] = vl;
    } else {
      nu = 2;
      uC[0] = sz[(vl - n) * 2];
      mC[0] = sz[(vl - n) * 2 + 1];
      uC[1] = sz[(vl - n) * 2 + 1];
      mC[1] = sz[(vl - n) * 2];
    }
    if (vr < n) {
      nw = 1;
      wC[0] = vr;
      kC[0] = vr;
    } else {
      nw = 2;
      wC[0] = sz[(vr - n) * 2 + 1];
      wC[1] = sz[(vr - n) * 2];
      kC[0] = sz[(vr - n) * 2];
      kC[1] = sz[(vr - n) * 2 + 1];
    }
    for (let sL = 0; sL < nu; sL++) {
      for (let sR = 0; sR < nw; sR++) {
        const uMin = ranges[uC[sL] * 2];
        const uMax = ranges[uC[sL] * 2 + 1];
        const mMin = ranges[mC[sL] * 2];
        const mMax = ranges[mC[sL] * 2 + 1];
        const wMin = ranges[wC[sR] * 2];
        const wMax = ranges[wC[sR] * 2 + 1];
        const kMin = ranges[kC[sR] * 2];
        const kMax = ranges[kC[sR] * 2 + 1];
        let minKm = BIG;
        for (let m = mMin; m < mMax; m++) {
          for (let k = kMin; k < kMax; k++) if (sd[m * n + k] < minKm) minKm = f(sd[m * n + k]);
        }
        for (let u = uMin; u < uMax; u++) {
          for (let t = 0; t < mMax - mMin; t++) {
            mVals[t] = M[(mMin + t) * n + u];
            mIdx[t] = mMin + t;
          }
          simultaneousSort(mVals, mIdx, 0, mMax - mMin);
          for (let w = wMin; w < wMax; w++) {
            for (let t = 0; t < kMax - kMin; t++) {
              kVals[t] = M[(kMin + t) * n + w];
              kIdx[t] = kMin + t;
            }
            simultaneousSort(kVals, kIdx, 0, kMax - kMin);
            let cur = BIG;
            for (let mi = 0; mi < mMax - mMin; mi++) {
              const m = mIdx[mi];
              const um = M[u * n + m];
              if (f(f(um + M[w * n + kIdx[0]]) + minKm) >= cur) break;
              for (let ki = 0; ki < kMax - kMin; ki++) {
                const k = kIdx[ki];
                const s = f(um + M[w * n + k]);
                if (f(s + minKm) >= cur) break;
                const cm = f(s + sd[m * n + k]);
                if (cm < cur) cur = cm;
              }
            }
            M[u * n + w] = cur;
            M[w * n + u] = cur;
            swapStatus[(u * n + w) * 2] = sL;
            swapStatus[(w * n + u) * 2] = sL;
            swapStatus[(u * n + w) * 2 + 1] = sR;
            swapStatus[(w * n + u) * 2 + 1] = sR;
          }
        }
      }
    }
    let cur = BIG;
    for (let u = ranges[vl * 2]; u < ranges[vl * 2 + 1]; u++) {
      for (let w = ranges[vr * 2]; w < ranges[vr * 2 + 1]; w++) {
        if (M[u * n + w] < cur) {
          cur = M[u * n + w];
          bestU = u;
          bestW = w;
        }
      }
    }
    if (vl >= n) mustSwap[vl - n] = swapStatus[(bestU * n + bestW) * 2];
    if (vr >= n) mustSwap[vr - n] = swapStatus[(bestU * n + bestW) * 2 + 1];
  }
  return mustSwap;
}

/** Options of {@link optimalLeafOrdering}. */
export interface OptimalLeafOrderingOptions extends MetricOptions {
  /** Metric (any of the registry's, with its `p`/`w`/`V`/`VI`) used when observations are passed. @defaultValue 'euclidean' */
  metric?: MetricOptions['metric'];
  /** Bytes allowed for the n×n tables (about 21·n² bytes). @defaultValue 2 GiB */
  memoryBudget?: number;
}

/**
 * Reorders the children of each merge (without changing the tree) so that the sum of distances between adjacent
 * leaves is minimal — `scipy.cluster.hierarchy.optimal_leaf_ordering`.
 *
 * @remarks
 * Bar-Joseph et al.'s dynamic programme: M(u, w) = min over m, k of M(u, m) + D(m, k) + M(k, w) for the extreme
 * leaves u, w of each subtree, with early termination on sorted rows. O(n⁴) worst case, typically far less;
 * O(n²) memory. Follows SciPy's implementation (float32 tables, its sort and tie rules), so the returned matrix
 * equals SciPy's: same rows, columns 0 and 1 swapped where a subtree is flipped (so a < b no longer holds there).
 * @param y - the condensed distances (or the n×d observations, with `metric`) the tree was built from
 * @throws {@link ValidationError} on an invalid Z or distances of another size
 * @see Bar-Joseph, Gifford, Jaakkola (2001), Fast optimal leaf ordering for hierarchical clustering
 * @example
 * const Z2 = optimalLeafOrdering(linkage(y, { method: 'average' }), y);
 */
export function optimalLeafOrdering(
  Z: MatrixLike,
  y: MatrixLike | CondensedDistances,
  options: OptimalLeafOrderingOptions = {},
): Matrix {
  const zm = checkLinkage(Z);
  const n = zm.rows + 1;
  const z = zm.data;
  checkBudget(
    21 * n * n,
    options.memoryBudget ?? DEFAULT_MEMORY_BUDGET,
    `optimalLeafOrdering of ${n} observations`,
    'use fewer observations or raise memoryBudget.',
  );
  let cond: Float64Array;
  if (isCondensed(y)) {
    const c = toCondensed(y, 'y');
    if (c.n !== n) {
      throw new ValidationError(`y holds distances of ${c.n} observations but Z has ${n}.`, { param: 'y' });
    }
    cond = c.data;
  } else {
    const x = toMatrix(y as MatrixLike, 'y');
    if (x.rows !== n) throw new ValidationError(`y has ${x.rows} rows but Z has ${n} observations.`, { param: 'y' });
    cond = condensedForMetric(x, options, 'y', 'optimalLeafOrdering', Number.POSITIVE_INFINITY);
  }
  const order = leafOrder(z, n);
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) pos[order[i]] = i;
  const sz = new Int32Array((n - 1) * 2);
  for (let i = 0; i < n - 1; i++) {
    const a = z[i * 4];
    const b = z[i * 4 + 1];
    sz[i * 2] = a < n ? pos[a] : a;
    sz[i * 2 + 1] = b < n ? pos[b] : b;
  }
  const sd = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    const a = order[p];
    for (let q = 0; q < n; q++) {
      const b = order[q];
      if (a === b) continue;
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      sd[p * n + q] = cond[n * lo - (lo * (lo + 1)) / 2 + hi - lo - 1];
    }
  }
  const ranges = new Int32Array((2 * n - 1) * 2);
  for (let i = 0; i < n; i++) {
    ranges[i * 2] = i;
    ranges[i * 2 + 1] = i + 1;
  }
  for (let i = 0; i < n - 1; i++) {
    ranges[(n + i) * 2] = ranges[sz[i * 2] * 2];
    ranges[(n + i) * 2 + 1] = ranges[sz[i * 2 + 1] * 2 + 1];
  }
  const mustSwap = identifySwaps(sz, sd, ranges, n);
  // A merge is flipped when an odd number of itself and its ancestors must swap.
  const parity = new Uint8Array(n - 1);
  const parentOf = new Int32Array(n - 1).fill(-1);
  for (let i = 0; i < n - 1; i++) {
    if (z[i * 4] >= n) parentOf[z[i * 4] - n] = i;
    if (z[i * 4 + 1] >= n) parentOf[z[i * 4 + 1] - n] = i;
  }
  for (let i = n - 2; i >= 0; i--) parity[i] = mustSwap[i] ^ (parentOf[i] >= 0 ? parity[parentOf[i]] : 0);
  const out = z.slice(0, (n - 1) * 4);
  for (let i = 0; i < n - 1; i++) {
    if (parity[i]) {
      out[i * 4] = z[i * 4 + 1];
      out[i * 4 + 1] = z[i * 4];
    }
  }
  return { rows: n - 1, cols: 4, data: out };
}
