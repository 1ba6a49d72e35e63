/**
 * The Davies–Bouldin index.
 * @module
 */
import { scaleFreeMatrix } from '../../core/magnitude.js';
import type { MatrixLike } from '../../core/matrix.js';
import { centroidsInto, prepareInternal } from './common.js';

/**
 * Davies–Bouldin index: the average, over clusters, of the worst ratio of within-cluster scatter to
 * between-centroid separation. Lower is better; 0 is the minimum.
 *
 * @remarks
 * sᵢ = mean Euclidean distance of cluster i's points to its centroid μᵢ; dᵢⱼ = ‖μᵢ − μⱼ‖;
 *   DB = (1/k) Σᵢ maxⱼ≠ᵢ (sᵢ + sⱼ) / dᵢⱼ.
 * As scikit-learn: returns 0 when all sᵢ ≈ 0 or all dᵢⱼ ≈ 0 (|·| ≤ 1e-8), and a pair of coincident centroids
 * (dᵢⱼ = 0) contributes 0. O(n·d + k²·d) time, O(k·d) memory (no k×k matrix).
 * Matches `sklearn.metrics.davies_bouldin_score` (rtol 1e-10 on the fixtures).
 * @param X - n×d data
 * @param labels - one integer cluster id per row (any integers); 2 ≤ k ≤ n − 1 clusters
 * @throws {@link ValidationError} on non-finite data, labels of the wrong length, or k outside 2..n−1
 * @see Davies & Bouldin (1979), A cluster separation measure, IEEE PAMI 1(2)
 * @example
 * daviesBouldinScore([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]); // ≈ 0.141
 */
export function daviesBouldinScore(X: MatrixLike, labels: ArrayLike<number>): number {
  const { m, enc } = prepareInternal(X, labels);
  const { rows: n, cols: d, data: x } = scaleFreeMatrix(m); // the ratio does not change with the data's scale
  const k = enc.ids.length;
  const { codes, counts } = enc;
  const cent = centroidsInto(x, n, d, codes, counts, k, new Float64Array(k * d));
  const intra = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const c = codes[i];
    const oc = c * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[o + j] - cent[oc + j];
      s += t * t;
    }
    intra[c] += Math.sqrt(s);
  }
  return daviesBouldinOf(cent, intra, counts, k, d);
}

/**
 * The Davies–Bouldin index from the centroids (k×d IN) and each cluster's Σ‖xᵢ − μ_c‖ (k INOUT: divided by the
 * counts here), with scikit-learn's rules for zero scatter and coincident centroids. Shared by
 * {@link daviesBouldinScore} and the SQL-source version. @internal
 */
export function daviesBouldinOf(
  cent: Float64Array,
  intra: Float64Array,
  counts: ArrayLike<number>,
  k: number,
  d: number,
): number {
  let intraAllZero = true;
  for (let c = 0; c < k; c++) {
    intra[c] /= counts[c];
    if (Math.abs(intra[c]) > 1e-8) intraAllZero = false;
  }
  if (intraAllZero) return 0;
  let centAllZero = true;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = cent[a * d + j] - cent[b * d + j];
        s += t * t;
      }
      const dist = Math.sqrt(s);
      if (dist > 1e-8) centAllZero = false;
      if (dist === 0) continue;
      const r = (intra[a] + intra[b]) / dist;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  if (centAllZero) return 0;
  return total / k;
}
