/**
 * Consistent colours across the report's plots: the clusters of one labelling renumbered to agree best with a
 * reference labelling (the k-means clusters), by the Hungarian assignment on their contingency table, so the same
 * group gets the same colour in the k-means, k-medoids, Ward and Gaussian-mixture plots.
 * @module
 */
import type { Matrix } from '../core/matrix.js';

/**
 * Minimum-cost perfect assignment of an n×n cost matrix (Hungarian / Kuhn–Munkres with potentials, shortest
 * augmenting paths): returns the column of each row. O(n³) time, O(n) extra memory besides the matrix.
 * Ties keep the lowest column index found first (deterministic).
 * @param cost - n×n costs, row-major (IN)
 */
export function linearAssignment(cost: Float64Array, n: number): Int32Array {
  // 1-based arrays as in the classic formulation: p[j] = row matched to column j (0 = none).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowCol = new Int32Array(n);
  for (let j = 1; j <= n; j++) if (p[j] > 0) rowCol[p[j] - 1] = j - 1;
  return rowCol;
}

/**
 * The renumbering of `labels` (ids 0..a−1, −1 = noise) that maximizes the number of rows whose new id equals their
 * `reference` id: `perm[id]` is the new id of cluster `id`. Clusters left without a reference partner get the ids
 * after the reference's. Noise is never renumbered.
 * @remarks Maximizes Σ_c N(c, perm[c]) over bijections, N the contingency table, by {@link linearAssignment} on
 * −N padded to a square of side max(a, b). O(n + s³) for s = max(a, b) clusters.
 */
export function matchLabels(reference: ArrayLike<number>, labels: ArrayLike<number>): Int32Array {
  let a = 0;
  let b = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] + 1 > a) a = labels[i] + 1;
    if (reference[i] + 1 > b) b = reference[i] + 1;
  }
  const s = Math.max(a, b);
  const cost = new Float64Array(s * s);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= 0 && reference[i] >= 0) cost[labels[i] * s + reference[i]] -= 1;
  }
  return linearAssignment(cost, s).subarray(0, a);
}

/** `labels` with every id c ≥ 0 replaced by `perm[c]` (noise stays −1). */
export function relabel(labels: ArrayLike<number>, perm: Int32Array): Int32Array {
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] >= 0 ? perm[labels[i]] : labels[i];
  return out;
}

/**
 * The rows of M (one per cluster) placed at their new ids: row perm[c] of the result is row c of M, so a plot that
 * colours row r by colorOf(r) matches the renumbered labels. Returns M itself unless perm maps 0..rows−1 onto
 * itself.
 */
export function permuteRows(M: Matrix, perm: Int32Array): Matrix {
  if (perm.length !== M.rows || !perm.every((p) => p >= 0 && p < M.rows)) return M;
  const d = M.cols;
  const data = new Float64Array(M.rows * d);
  for (let c = 0; c < M.rows; c++) data.set(M.data.subarray(c * d, c * d + d), perm[c] * d);
  return { rows: M.rows, cols: d, data };
}
