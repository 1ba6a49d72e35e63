/**
 * The Calinski–Harabasz variance-ratio criterion.
 * @module
 */
import { NumericalError } from '../../core/errors.js';
import { scaleFreeMatrix } from '../../core/magnitude.js';
import type { MatrixLike } from '../../core/matrix.js';
import { columnMeans } from '../../core/stats.js';
import { centroidsInto, prepareInternal, withinSumOfSquares } from './common.js';

/**
 * Calinski–Harabasz index (variance-ratio criterion): between-cluster dispersion over within-cluster
 * dispersion, each divided by its degrees of freedom. Higher is better.
 *
 * @remarks
 * With n samples, k clusters, cluster means μ_c of sizes n_c and overall mean μ:
 *   B = Σ_c n_c ‖μ_c − μ‖²   (between-cluster dispersion, k − 1 degrees of freedom)
 *   W = Σ_c Σ_{i∈c} ‖xᵢ − μ_c‖²   (within-cluster dispersion, n − k degrees of freedom)
 *   CH = [B / (k − 1)] / [W / (n − k)]
 * This is the course's criterion "small variance within clusters compared to the variance between them".
 * When W = 0 (every cluster a single repeated point) the score is 1, as in scikit-learn.
 * O(n·d) time, O(k·d) memory. Matches `sklearn.metrics.calinski_harabasz_score` (rtol 1e-10 on the fixtures).
 * @param X - n×d data
 * @param labels - one integer cluster id per row (any integers); 2 ≤ k ≤ n − 1 clusters
 * @throws {@link ValidationError} on non-finite data, labels of the wrong length, or k outside 2..n−1
 * @throws {@link NumericalError} when W > 0 is so small against B that the ratio exceeds the largest double
 * @see Caliński & Harabasz (1974), A dendrite method for cluster analysis, Comm. in Statistics 3(1)
 * @example
 * calinskiHarabaszScore([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]); // 100
 */
export function calinskiHarabaszScore(X: MatrixLike, labels: ArrayLike<number>): number {
  const { m, enc } = prepareInternal(X, labels);
  const { rows: n, cols: d, data: x } = scaleFreeMatrix(m); // the ratio does not change with the data's scale
  const k = enc.ids.length;
  const cent = centroidsInto(x, n, d, enc.codes, enc.counts, k, new Float64Array(k * d));
  const mu = columnMeans(x, n, d);
  return calinskiHarabaszOf(cent, enc.counts, mu, withinSumOfSquares(x, n, d, enc.codes, cent), n, k, d);
}

/**
 * The Calinski–Harabasz index from the centroids (k×d IN), the counts (k IN), the overall mean μ (d IN) and the
 * within-cluster dispersion W. Shared by {@link calinskiHarabaszScore} and the SQL-source version. @internal
 */
export function calinskiHarabaszOf(
  cent: Float64Array,
  counts: ArrayLike<number>,
  mu: Float64Array,
  intra: number,
  n: number,
  k: number,
  d: number,
): number {
  let extra = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = cent[c * d + j] - mu[j];
      s += t * t;
    }
    extra += counts[c] * s;
  }
  if (intra === 0) return 1;
  const ch = (extra * (n - k)) / (intra * (k - 1));
  if (!Number.isFinite(ch)) {
    // W is positive but so small against B that the ratio exceeds the largest double (e.g. two rows 1e-300 apart
    // in a cluster, clusters 1e-146 apart): no finite answer exists.
    throw new NumericalError(
      `The Calinski–Harabasz ratio overflows: the within-cluster dispersion (${intra.toPrecision(3)} in the rescaled data) is too small against the between-cluster dispersion (${extra.toPrecision(3)}); the clusters are numerically points — merge the near-duplicate rows or round the data.`,
    );
  }
  return ch;
}
