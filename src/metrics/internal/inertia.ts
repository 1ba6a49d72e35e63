/**
 * Within-cluster sum of squares (inertia) of a labelling.
 * @module
 */
import { checkSquaredMagnitude } from '../../core/magnitude.js';
import type { MatrixLike } from '../../core/matrix.js';
import { centroidsInto, prepareInternal, withinSumOfSquares } from './common.js';

/**
 * Within-cluster sum of squares (k-means' inertia) of a labelling: W = Σ_c Σ_{i∈c} ‖xᵢ − μ_c‖².
 *
 * @remarks
 * μ_c is the mean of cluster c, so this is the smallest inertia any set of centres gives for these labels (it
 * equals `KMeans.inertia` for a converged k-means labelling). Equivalently W = Σ_c (1/(2n_c)) Σ_{i,i'∈c} ‖xᵢ − xᵢ'‖²,
 * the Wₖ of the gap statistic. Any number of clusters (1..n) is allowed. O(n·d) time, O(k·d) memory.
 * Compared against NumPy on the fixtures (rtol 1e-12).
 * @param X - n×d data
 * @param labels - one integer cluster id per row (any integers)
 * @throws {@link ValidationError} on non-finite data or labels of the wrong length
 * @throws {@link NumericalError} when the data are so large (|x| near 1e150 and above) that the sum of squares
 * would overflow to Infinity
 * @example
 * inertiaScore([[0, 0], [0, 2], [5, 5]], [0, 0, 1]); // 2
 */
export function inertiaScore(X: MatrixLike, labels: ArrayLike<number>): number {
  const { m, enc } = prepareInternal(X, labels, false);
  checkSquaredMagnitude(m, 'The inertia (Σ squared distances to the cluster means)');
  const k = enc.ids.length;
  const cent = centroidsInto(m.data, m.rows, m.cols, enc.codes, enc.counts, k, new Float64Array(k * m.cols));
  return withinSumOfSquares(m.data, m.rows, m.cols, enc.codes, cent);
}
