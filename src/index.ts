/**
 * clusterkit — cluster analysis and density estimation for TypeScript (browser-safe entry point).
 *
 * The API by task:
 * - core: `Matrix`, `toMatrix`, typed errors, the seeded PRNG, distance kernels (`pdist`, `cdist`)
 * - k-means family: `KMeans`, `MiniBatchKMeans`, `SoftKMeans`, `FuzzyCMeans`, `BisectingKMeans`, `SphericalKMeans`
 * - data sets: `makeBlobs`, `demoBlobs`, `loadIris`
 * @packageDocumentation
 */

// core
export * from './core/distance.js';
export * from './core/errors.js';
export * from './core/matrix.js';
export * from './core/model.js';
export * from './core/pca.js';
export * from './core/pca.js';
export { createRng, createRngFromState, drawSeed, type Rng } from './core/random.js';
export * from './core/stats.js';
// datasets
export * from './datasets/index.js';
export * from './density/index.js';
export * from './hierarchy/index.js';
export * from './io/index.js';
// io (browser-safe: strings and bytes)
export * from './io/npy.js';
// io (browser-safe: strings and bytes)
export * from './io/npy.js';
export * from './io/scale.js';
export * from './io/scale.js';
export * from './io/table.js';
export * from './io/table.js';
export * from './kernels/index.js';
// k-means family
export * from './kmeans/index.js';
// (more areas are re-exported below as they land)
export * from './metrics/index.js';
export * from './mixture/index.js';
// plots (SVG strings)
export * from './plot/bic.js';
export * from './plot/chooseK.js';
export * from './plot/dendrogram.js';
export * from './plot/density.js';
export * from './plot/gmm.js';
export * from './plot/line.js';
export * from './plot/report.js';
export * from './plot/scatter.js';
export * from './plot/silhouette.js';
export * from './plot/svg.js';
// browser worker pool (cross-origin-isolated pages; Node has its own in clusterkit/node)
export * from './web/pool.js';
