/**
 * Gaussian mixture models fitted by EM: the `GaussianMixture` estimator, model selection by BIC, and the k-means
 * limit of EM.
 * @module
 */
export {
  COVARIANCE_TYPES,
  type CovarianceType,
  covarianceShape,
  nParameters,
} from './covariance.js';
export {
  GMM_INIT_PARAMS,
  GaussianMixture,
  type GaussianMixtureOptions,
  type GmmInitParams,
  type NestedNumbers,
  type ResolvedGaussianMixtureOptions,
} from './GaussianMixture.js';
