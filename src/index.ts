/**
 * clusterkit — cluster analysis and density estimation for TypeScript (browser-safe entry point; file I/O and the
 * Node worker pool are in `clusterkit/node`).
 *
 * The API by task:
 * - core: `Matrix`, `toMatrix`, typed errors, the seeded PRNG, distance kernels (`pdist`, `cdist`), `pca` and
 *   `gowerDistance` (mixed columns)
 * - k-means family: `KMeans`, `MiniBatchKMeans`, `SoftKMeans`, `FuzzyCMeans`, `BisectingKMeans`, `SphericalKMeans`
 * - k-medoids: `KMedoids` (FasterPAM, PAM, alternating; any metric or a precomputed matrix), `CLARA`
 * - hierarchical: `linkage`, `fcluster`, `cophenet`, `dendrogram`, `AgglomerativeClustering`, …
 * - mixtures: `GaussianMixture`, `kmeansLimitEM`
 * - neighbours: `NearestNeighbors` (k-d tree, ball tree, brute force)
 * - density: `KernelDensity`, `densityGrid1D`/`2D`, `MeanShift`, bandwidth selection; density-based clustering
 *   with noise: `DBSCAN`, `OPTICS`, `HDBSCAN`
 * - metrics: internal and external validity indices
 * - model selection: `chooseK`, `selectGaussianMixture`
 * - breaks: `naturalBreaks` (optimal 1-D k-means, classInt's Fisher and Jenks) for legends and binning
 * - data and I/O (strings and bytes): `makeBlobs`, `makeMoons`, `makeCircles`, `demoBlobs`, `loadIris`, `parseInput`, `readNpy`, `fitScaler`;
 *   saved models: `loadModel`
 * - plots: SVG-string builders and `htmlReport`
 * - speed: kernel backends (`setBackend`, `setKernelPrecision`, `setRelaxedSimd`, `wasmReady`) and the browser
 *   worker pool (`enableWorkerPool` on cross-origin-isolated pages)
 * @packageDocumentation
 */

// Sorted by path (biome); areas as listed above.
export * from './breaks/index.js';
export * from './core/distance.js';
export * from './core/errors.js';
export {
  GOWER_TYPES,
  type GowerOptions,
  type GowerTable,
  type GowerType,
  gowerDistance,
  type PerColumn,
} from './core/gower.js';
export * from './core/matrix.js';
export {
  type DistanceKernel,
  METRIC_NAMES,
  METRIC_REGISTRY,
  type MetricInfo,
  type MetricName,
  type MetricOptions,
  type MetricParamName,
  type MetricParams,
} from './core/metrics.js';
export * from './core/model.js';
export * from './core/pca.js';
export { createRng, createRngFromState, drawSeed, type Rng } from './core/random.js';
export * from './core/stats.js';
export * from './datasets/index.js';
export * from './density/index.js';
export * from './hierarchy/index.js';
export * from './io/index.js';
export * from './io/npy.js';
export * from './io/scale.js';
export * from './io/table.js';
export * from './kernels/index.js';
export * from './kmeans/index.js';
export * from './medoids/index.js';
export * from './metrics/index.js';
export * from './mixture/index.js';
export * from './models/index.js';
export {
  type IndexMatrix,
  type KNeighborsResult,
  NEIGHBOR_ALGORITHMS,
  NearestNeighbors,
  type NearestNeighborsOptions,
  type NeighborAlgorithm,
  type RadiusNeighborsResult,
  type ResolvedNearestNeighborsOptions,
} from './neighbors/index.js';
export * from './plot/bic.js';
export * from './plot/chooseK.js';
export * from './plot/dendrogram.js';
export * from './plot/density.js';
export * from './plot/densityClusters.js';
export * from './plot/gmm.js';
export * from './plot/line.js';
export * from './plot/report.js';
export * from './plot/scatter.js';
export * from './plot/silhouette.js';
export * from './plot/svg.js';
export * from './selection/index.js';
export * from './web/pool.js';
