/**
 * The k-means family: KMeans (Lloyd/Elkan/Hamerly), soft k-means, fuzzy c-means, mini-batch (streaming),
 * bisecting and spherical (cosine) k-means.
 * @module
 */
export {
  BISECTING_STRATEGIES,
  BisectingKMeans,
  type BisectingKMeansOptions,
  type BisectingNode,
  type BisectingStrategy,
  type ResolvedBisectingKMeansOptions,
} from './BisectingKMeans.js';
export { FuzzyCMeans, type FuzzyCMeansOptions, type ResolvedFuzzyCMeansOptions } from './FuzzyCMeans.js';
export {
  chooseKMeansAlgorithm,
  KMEANS_ALGORITHMS,
  KMeans,
  type KMeansAlgorithm,
  type KMeansInit,
  type KMeansOptions,
  type KMeansStep,
} from './KMeans.js';
export {
  MiniBatchKMeans,
  type MiniBatchKMeansOptions,
  type ResolvedMiniBatchKMeansOptions,
} from './MiniBatchKMeans.js';
export { type ResolvedSoftKMeansOptions, SoftKMeans, type SoftKMeansOptions } from './SoftKMeans.js';
export {
  type ResolvedSphericalKMeansOptions,
  SphericalKMeans,
  type SphericalKMeansOptions,
} from './SphericalKMeans.js';
