/**
 * Flat clusters from a linkage matrix (`fcluster`), inconsistency statistics and per-cluster maxima, as
 * `scipy.cluster.hierarchy`.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkInt, checkNumber, checkOneOf } from '../core/validate.js';
import { checkLinkage } from './linkageMatrix.js';

/** How {@link fcluster} forms flat clusters. */
export type FclusterCriterion = 'maxclust' | 'distance' | 'inconsistent' | 'monocrit' | 'maxclust_monocrit';
/** Every criterion. */
export const FCLUSTER_CRITERIA: readonly FclusterCriterion[] = [
  'maxclust',
  'distance',
  'inconsistent',
  'monocrit',
  'maxclust_monocrit',
];

/** Options of {@link fcluster}. */
export interface FclusterOptions {
  /** @defaultValue 'inconsistent' (as SciPy) */
  criterion?: FclusterCriterion;
  /** Depth of the inconsistency statistics when `R` is not given. @defaultValue 2 */
  depth?: number;
  /** A precomputed inconsistency matrix ((n−1)×4, from {@link inconsistent}). */
  R?: MatrixLike;
  /** One value per merge for 'monocrit' / 'maxclust_monocrit' (must not decrease towards the root). */
  monocrit?: ArrayLike<number>;
}

/**
 * Largest merge height in each subtree: out[i] = max(Z[i,2], out of its merged children) — SciPy's `maxdists`.
 * z ((n−1)·4) IN, out (n−1) OUT. O(n).
 */
export function maxDistsInto(z: Float64Array, n: number, out: Float64Array): Float64Array {
  return maxFieldInto(z, n, z, 4, 2, out);
}

/** out[i] = max(field[i·stride + col], out of its merged children); children precede parents in Z. */
function maxFieldInto(
  z: Float64Array,
  n: number,
  field: Float64Array,
  stride: number,
  col: number,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < n - 1; i++) {
    let m = field[i * stride + col];
    const a = z[i * 4];
    const b = z[i * 4 + 1];
    if (a >= n && out[a - n] > m) m = out[a - n];
    if (b >= n && out[b - n] > m) m = out[b - n];
    out[i] = m;
  }
  return out;
}

/**
 * Flat clusters by a monotone criterion: every maximal subtree whose `mc` value is ≤ `cutoff` becomes one cluster,
 * every other leaf a singleton; clusters are numbered 1, 2, … in depth-first order from the root (left first), as
 * SciPy's `cluster_monocrit`. z ((n−1)·4) IN, mc (n−1) IN, labels (n) OUT (1-based). O(n).
 */
export function clusterMonocrit(z: Float64Array, n: number, mc: ArrayLike<number>, cutoff: number, labels: Int32Array) {
  const stack = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  let k = 0;
  let nCluster = 0;
  let leader = -1;
  stack[0] = 2 * n - 2;
  while (k >= 0) {
    const root = stack[k] - n;
    const a = z[root * 4];
    const b = z[root * 4 + 1];
    if (leader === -1 && mc[root] <= cutoff) {
      leader = root;
      nCluster++;
    }
    if (a >= n && !visited[a]) {
      visited[a] = 1;
      stack[++k] = a;
      continue;
    }
    if (b >= n && !visited[b]) {
      visited[b] = 1;
      stack[++k] = b;
      continue;
    }
    if (a < n) {
      if (leader === -1) nCluster++;
      labels[a] = nCluster;
    }
    if (b < n) {
      if (leader === -1) nCluster++;
      labels[b] = nCluster;
    }
    if (leader === root) leader = -1;
    k--;
  }
}

/**
 * At most `maxNc` flat clusters: binary search for the smallest threshold among the `mc` values that yields no more
 * than `maxNc` clusters, then {@link clusterMonocrit} — SciPy's `cluster_maxclust_monocrit`. labels (n) OUT.
 */
export function clusterMaxclustMonocrit(
  z: Float64Array,
  n: number,
  mc: ArrayLike<number>,
  maxNc: number,
  labels: Int32Array,
): void {
  if (maxNc >= n) {
    for (let i = 0; i < n; i++) labels[i] = i + 1;
    return;
  }
  const stack = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  let lower = -1;
  let upper = n - 1;
  while (upper - lower > 1) {
    const i = (lower + upper) >> 1;
    const thresh = mc[i];
    visited.fill(0);
    let nc = 0;
    let k = 0;
    stack[0] = 2 * n - 2;
    while (k >= 0) {
      const root = stack[k] - n;
      const a = z[root * 4];
      const b = z[root * 4 + 1];
      if (mc[root] <= thresh) {
        nc++;
        if (nc > maxNc) break;
        k--;
        visited[a] = 1;
        visited[b] = 1;
        continue;
      }
      if (!visited[a]) {
        visited[a] = 1;
        if (a >= n) {
          stack[++k] = a;
          continue;
        }
        nc++;
        if (nc > maxNc) break;
      }
      if (!visited[b]) {
        visited[b] = 1;
        if (b >= n) {
          stack[++k] = b;
          continue;
        }
        nc++;
        if (nc > maxNc) break;
      }
      k--;
    }
    if (nc > maxNc) lower = i;
    else upper = i;
  }
  clusterMonocrit(z, n, mc, mc[upper], labels);
}

/**
 * Inconsistency statistics of every merge over the `depth` levels below it — `scipy.cluster.hierarchy.inconsistent`.
 *
 * @remarks
 * For merge i, over the heights h of the merges within `depth` levels below and including i (depth-first, left
 * first): R[i] = [mean h, std h (ddof 1; 0 for one link), count, (Z[i,2] − mean)/std (0 when std = 0)].
 * O(n·2^depth) time at worst.
 * @param depth - levels to include (≥ 0; 0 and 1 both mean the merge alone) @defaultValue 2
 * @throws {@link ValidationError} on an invalid Z or depth
 * @example
 * inconsistent([[0, 1, 1, 2], [2, 3, 3, 3]], 2).data; // [1, 0, 1, 0,  2, 1.414…, 2, 0.707…]
 */
export function inconsistent(Z: MatrixLike, depth = 2): Matrix {
  const zm = checkLinkage(Z);
  const d = checkInt(depth, 'depth', 0);
  const n = zm.rows + 1;
  const z = zm.data;
  const R = new Float64Array((n - 1) * 4);
  const stack = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  for (let i = 0; i < n - 1; i++) {
    let k = 0;
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    visited.fill(0);
    stack[0] = i;
    while (k >= 0) {
      const root = stack[k];
      if (k < d - 1) {
        const a = z[root * 4];
        if (a >= n && !visited[a]) {
          visited[a] = 1;
          stack[++k] = a - n;
          continue;
        }
        const b = z[root * 4 + 1];
        if (b >= n && !visited[b]) {
          visited[b] = 1;
          stack[++k] = b - n;
          continue;
        }
      }
      const h = z[root * 4 + 2];
      count++;
      sum += h;
      sumSq += h * h;
      k--;
    }
    R[i * 4] = sum / count;
    R[i * 4 + 2] = count;
    let v = count < 2 ? (sumSq - sum * sum) / count : (sumSq - (sum * sum) / count) / (count - 1);
    if (v > 0) {
      v = Math.sqrt(v);
      R[i * 4 + 1] = v;
      R[i * 4 + 3] = (z[i * 4 + 2] - R[i * 4]) / v;
    }
  }
  return { rows: n - 1, cols: 4, data: R };
}

/**
 * Largest merge height within each subtree — `scipy.cluster.hierarchy.maxdists`.
 * @throws {@link ValidationError} on an invalid Z
 * @example
 * maxdists([[0, 1, 2, 2], [2, 3, 1, 3]]); // Float64Array [2, 2]
 */
export function maxdists(Z: MatrixLike): Float64Array {
  const z = checkLinkage(Z);
  return maxDistsInto(z.data, z.rows + 1, new Float64Array(z.rows));
}

/**
 * Largest inconsistency coefficient R[j, 3] within each subtree — `scipy.cluster.hierarchy.maxinconsts`.
 * @throws {@link ValidationError} on an invalid Z or R of another shape
 * @example
 * ```ts
 * const Z = linkage(X, { method: 'average' });
 * const mi = maxinconsts(Z, inconsistent(Z)); // one value per merge, non-decreasing up the tree
 * ```
 */
export function maxinconsts(Z: MatrixLike, R: MatrixLike): Float64Array {
  const z = checkLinkage(Z);
  const r = checkInconsistency(R, z.rows);
  return maxFieldInto(z.data, z.rows + 1, r.data, 4, 3, new Float64Array(z.rows));
}

function checkInconsistency(R: MatrixLike, rows: number): Matrix {
  const r = toMatrix(R, 'R');
  if (r.cols !== 4 || r.rows !== rows) {
    throw new ValidationError(
      `R is ${r.rows}×${r.cols} but Z has ${rows} rows; pass the (n−1)×4 matrix from inconsistent(Z).`,
      { param: 'R' },
    );
  }
  for (let i = 0; i < rows; i++) {
    if (r.data[i * 4 + 1] < 0 || r.data[i * 4 + 2] < 0) {
      throw new ValidationError(`Inconsistency matrix R contains negative link height standard deviations or counts.`, {
        param: 'R',
      });
    }
  }
  return r;
}

/**
 * Flat clusters from a hierarchical clustering — `scipy.cluster.hierarchy.fcluster`, with 0-based labels.
 *
 * @remarks
 * Criteria: `'maxclust'` — at most t clusters, cutting at the lowest height that gives no more;
 * `'distance'` — clusters whose cophenetic distance (subtree max height) is ≤ t;
 * `'inconsistent'` — subtrees whose maximum inconsistency coefficient (depth `depth`, or `R`) is ≤ t;
 * `'monocrit'` — subtrees with monocrit[i] ≤ t; `'maxclust_monocrit'` — at most t clusters by monocrit.
 * Labels are SciPy's minus 1 (SciPy numbers clusters 1..k in depth-first order of the tree; here 0..k−1 in the
 * same order, per the clusterkit contract). O(n) per criterion, O(n log n) for maxclust. `'maxclust'` follows
 * current SciPy: SciPy 1.10 returned n−2 clusters for t ≥ n−1 (its binary search started at index 0); here, as in
 * later SciPy, t ≥ n−1 gives the clusters asked for.
 * @param t - the threshold, or the maximum number of clusters for maxclust (truncated to an integer, as SciPy)
 * @throws {@link ValidationError} on an invalid Z, criterion, t, R or monocrit
 * @example
 * const Z = linkage([[0], [1], [10], [11]], { method: 'single' });
 * fcluster(Z, 2, { criterion: 'maxclust' }); // Int32Array [0, 0, 1, 1]
 */
export function fcluster(Z: MatrixLike, t: number, options: FclusterOptions = {}): Int32Array {
  const zm = checkLinkage(Z);
  const criterion = checkOneOf(options.criterion ?? 'inconsistent', FCLUSTER_CRITERIA, 'criterion');
  const thr = checkNumber(t, 't');
  const n = zm.rows + 1;
  const z = zm.data;
  const labels = new Int32Array(n);
  const monocrit = (): Float64Array => {
    const mc = options.monocrit;
    if (mc === undefined || mc.length !== n - 1) {
      throw new ValidationError(
        `criterion '${criterion}' needs monocrit with one value per merge (${n - 1}); got ${mc === undefined ? 'none' : mc.length}.`,
        { param: 'monocrit' },
      );
    }
    const out = Float64Array.from(mc);
    for (let i = 0; i < out.length; i++) {
      if (Number.isNaN(out[i])) throw new ValidationError(`monocrit[${i}] is NaN.`, { param: 'monocrit' });
    }
    return out;
  };
  switch (criterion) {
    case 'distance':
      clusterMonocrit(z, n, maxDistsInto(z, n, new Float64Array(n - 1)), thr, labels);
      break;
    case 'maxclust': {
      const k = Math.trunc(thr);
      if (k < 1) {
        throw new ValidationError(`t must be >= 1 clusters for criterion 'maxclust'; got ${t}.`, { param: 't' });
      }
      clusterMaxclustMonocrit(z, n, maxDistsInto(z, n, new Float64Array(n - 1)), k, labels);
      break;
    }
    case 'inconsistent': {
      const R = options.R === undefined ? inconsistent(zm, options.depth ?? 2) : checkInconsistency(options.R, n - 1);
      clusterMonocrit(z, n, maxFieldInto(z, n, R.data, 4, 3, new Float64Array(n - 1)), thr, labels);
      break;
    }
    case 'monocrit':
      clusterMonocrit(z, n, monocrit(), thr, labels);
      break;
    default: {
      const k = Math.trunc(thr);
      if (k < 1) throw new ValidationError(`t must be >= 1 clusters; got ${t}.`, { param: 't' });
      clusterMaxclustMonocrit(z, n, monocrit(), k, labels);
    }
  }
  for (let i = 0; i < n; i++) labels[i]--;
  return labels;
}
