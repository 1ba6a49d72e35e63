/**
 * Gaussian mixture models fitted by EM: the `GaussianMixture` estimator and the k-means limit of EM (model
 * selection by BIC, `selectGaussianMixture`, is in `selection/`).
 * @module
 */
export {
  COVARIANCE_TYPES,
  type CovarianceType,
  covarianceShape,
  nParameters,
} from './covariance.js';
export {
  GaussianMixture,
  type GaussianMixtureOptions,
  GMM_INIT_PARAMS,
  type GmmInitParams,
  type NestedNumbers,
  type ResolvedGaussianMixtureOptions,
} from './GaussianMixture.js';
export { type KMeansLimitOptions, type KMeansLimitResult, kmeansLimitEM } from './kmeansLimit.js';
