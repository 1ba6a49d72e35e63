/**
 * Model selection over algorithms: how many clusters (`chooseK`: elbow, silhouette, Calinski–Harabasz,
 * Davies–Bouldin, gap statistic, BIC) and which Gaussian mixture (`selectGaussianMixture`: BIC/AIC over
 * k × covariance types, as mclust). Sits above the algorithms and the metrics it scores with.
 * @module
 */
export {
  CHOOSE_K_METHODS,
  type ChooseKMethod,
  type ChooseKOptions,
  type ChooseKResult,
  type ClusterFn,
  chooseK,
  type GapReference,
  type GapRule,
} from './chooseK.js';
export {
  type GmmSelection,
  type GmmSelectionRow,
  type SelectGaussianMixtureOptions,
  selectGaussianMixture,
} from './selectGaussianMixture.js';
