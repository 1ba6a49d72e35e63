/**
 * clusterkit — cluster analysis and density estimation for TypeScript (browser-safe entry point).
 *
 * The API by task:
 * - core: `Matrix`, `toMatrix`, typed errors, the seeded PRNG, distance kernels (`pdist`, `cdist`)
 * - k-means family: `KMeans`
 * - data sets: `makeBlobs`, `demoBlobs`, `loadIris`
 * @packageDocumentation
 */

// core
export * from './core/distance.js';
export * from './core/errors.js';
export * from './core/matrix.js';
export * from './core/model.js';
export { createRng, createRngFromState, drawSeed, type Rng } from './core/random.js';
export * from './core/stats.js';
// datasets
export * from './datasets/index.js';
// k-means family
export {
  chooseKMeansAlgorithm,
  KMEANS_ALGORITHMS,
  KMeans,
  type KMeansAlgorithm,
  type KMeansInit,
  type KMeansOptions,
  type KMeansStep,
} from './kmeans/KMeans.js';
// (more areas are re-exported below as they land)
