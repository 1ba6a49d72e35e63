/**
 * The checks a Gaussian-mixture fit runs on its data before allocating: magnitudes whose squares overflow, and
 * the covariance buffers that grow as k·d² against the memory budget.
 * @module
 * @internal
 */
import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../core/distance.js';
import { checkSquaredMagnitude } from '../core/magnitude.js';
import type { Matrix } from '../core/matrix.js';
import { type CovarianceType, covarianceSize } from './covariance.js';

/**
 * Covariance-parameter arrays a fit holds at once: covariances, precisions and their Cholesky factors, for the
 * current run and the best run kept, plus one scratch copy.
 */
const COVARIANCE_COPIES = 7;

/**
 * Throws before any allocation when X's values would overflow the covariances ({@link NumericalError}) or the
 * covariance buffers, 8·7·(k·d² full | d² tied | k·d diag | k spherical) bytes, exceed the memory budget
 * ({@link CapacityError}, naming memoryBudget). O(n·d).
 */
export function checkMixtureData(m: Matrix, k: number, type: CovarianceType): void {
  checkSquaredMagnitude(m, 'GaussianMixture: the covariances (Σ squared deviations)');
  const d = m.cols;
  checkBudget(
    8 * COVARIANCE_COPIES * covarianceSize(type, k, d),
    DEFAULT_MEMORY_BUDGET,
    `GaussianMixture with ${k} '${type}' covariance${k > 1 ? 's' : ''} of ${d} features`,
    "use covarianceType 'diag' or 'spherical', reduce the features (e.g. PCA), or raise memoryBudget (setMemoryBudget).",
  );
}
