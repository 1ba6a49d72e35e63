/**
 * clusterkit — cluster analysis and density estimation for TypeScript (browser-safe entry point; file I/O and the
 * Node worker pool are in `clusterkit/node`).
 *
 * The public API, by task (each block below exports one area; every value is named in the README's Library table,
 * and the types are those that appear in these exports' signatures). Anything else is internal: importable by
 * path inside the repository, not part of the package's contract.
 * - core: `Matrix`, `toMatrix`, `toArrays`, the typed errors, `ProgressCallback` (the `onProgress` of long fits)
 * - distances: `pdist`, `cdist`, `squareform`, `METRIC_REGISTRY`, `gowerDistance` (mixed columns)
 * - k-means family: `KMeans`, `MiniBatchKMeans`, `SoftKMeans`, `FuzzyCMeans`, `BisectingKMeans`, `SphericalKMeans`
 * - medoids and breaks: `KMedoids`, `CLARA`, `KPrototypes`, `naturalBreaks`
 * - neighbors: `NearestNeighbors`
 * - hierarchical: `linkage`, `fcluster`, `cophenet`, `dendrogram`, `AgglomerativeClustering`, …
 * - mixtures: `GaussianMixture` (with mclust's noise component: `nearestNeighborNoise`, `dataHypervolume`),
 *   `kmeansLimitEM`, `BayesianGaussianMixture`
 * - density: `KernelDensity`, bandwidth selection, `densityGrid1D`/`2D`, `MeanShift`; density-based clustering
 *   with noise: `DBSCAN`, `OPTICS`, `HDBSCAN`
 * - metrics: internal and external validity indices
 * - model selection: `chooseK`, `selectGaussianMixture`
 * - data and I/O (strings and bytes): `makeBlobs`, `makeMoons`, `makeCircles`, `makeAnisotropicBlobs`, `makeVariedBlobs`, `makeUniformNoise`, `demoBlobs`, `loadIris`, `parseInput`, `readNpy`, `writeNpy`,
 *   `fitScaler`; saved models: `loadModel`
 * - speed: kernel backends (`setBackend`, `setKernelPrecision`, `setRelaxedSimd`, `wasmReady`) and the browser
 *   worker pool (`enableWorkerPool` on cross-origin-isolated pages)
 * - plots: SVG-string builders and `htmlReport`
 * @module clusterkit
 */

// distances
export {
  getMemoryBudget,
  type Metric,
  type SquareformOptions,
  setMemoryBudget,
  squareform,
} from './core/distance.js';
// core
export {
  CapacityError,
  ClusterkitError,
  type ErrorCode,
  type ModelWarning,
  NotFittedError,
  NumericalError,
  ParseError,
  type ValidationDetail,
  ValidationError,
} from './core/errors.js';
export {
  type GowerOptions,
  type GowerTable,
  type GowerType,
  gowerDistance,
  type PerColumn,
} from './core/gower.js';
export { type Matrix, type MatrixLike, type ToMatrixOptions, toArrays, toMatrix } from './core/matrix.js';
export type { DistanceKernel, MetricParams } from './core/metricKernels.js';
export {
  METRIC_REGISTRY,
  type MetricInfo,
  type MetricName,
  type MetricOptions,
  type MetricParamName,
} from './core/metrics.js';
export type { ModelJSON } from './core/model.js';
export type { ProgressCallback } from './core/progress.js';
export { applyScaler, fitScaler, invertScaler, type ScaleKind, type Scaler } from './core/scale.js';
// data and I/O
export { type Dataset, demoBlobs, loadIris, type MakeBlobsOptions, makeBlobs } from './datasets/index.js';
export {
  type MakeCirclesOptions,
  type MakeMoonsOptions,
  makeCircles,
  makeMoons,
  type ShapeDataset,
} from './datasets/shapes.js';
export { makeAnisotropicBlobs, makeUniformNoise, makeVariedBlobs, type ToyBlobsOptions } from './datasets/toy.js';
// density: kernel density, mean shift, and density-based clustering with noise (DBSCAN, OPTICS, HDBSCAN)
export { DBSCAN, type DBSCANOptions, type ResolvedDBSCANOptions } from './density/DBSCAN.js';
export {
  type DensityGrid1D,
  type DensityGrid1DOptions,
  type DensityGrid2D,
  type DensityGrid2DOptions,
  densityGrid1D,
  densityGrid2D,
  type GridAlgorithm,
} from './density/grid.js';
export {
  HDBSCAN,
  type HDBSCANOptions,
  type HdbscanAlgorithm,
  type HdbscanBackend,
  type HdbscanCondensedTree,
  type HdbscanSelectionMethod,
  type ResolvedHDBSCANOptions,
} from './density/HDBSCAN.js';
export {
  type BandwidthOption,
  type KdeAlgorithm,
  KernelDensity,
  type KernelDensityOptions,
  type ResolvedKernelDensityOptions,
} from './density/KernelDensity.js';
export type { DensityMetric, KernelName } from './density/kernels.js';
export {
  type EstimateBandwidthOptions,
  estimateBandwidth,
  MeanShift,
  type MeanShiftOptions,
  type ResolvedMeanShiftOptions,
} from './density/MeanShift.js';
export type { DensityClusterMetric } from './density/neighborhoods.js';
export {
  OPTICS,
  type OPTICSOptions,
  type OpticsClusterMethod,
  type ResolvedOPTICSOptions,
} from './density/OPTICS.js';
export {
  type BandwidthSelection,
  type IsjOptions,
  isjBandwidth,
  type SelectBandwidthOptions,
  selectBandwidth,
} from './density/select.js';
// speed
export {
  getBackend,
  getRelaxedSimd,
  isWasmAvailable,
  type KernelBackend,
  setBackend,
  setRelaxedSimd,
  wasmReady,
} from './engine/kernels/backend.js';
export { getKernelPrecision, type KernelPrecision, setKernelPrecision } from './engine/kernels/kmeansWasm.js';
export { cdist, type PairwiseOptions, pdist } from './engine/pairwise.js';
// SQL sources (the engines themselves are in clusterkit/node: openDuckDB, connectPostgres)
export type {
  SqlColumn,
  SqlDialect,
  SqlEngine,
  SqlSource,
  SqlSourceOptions,
} from './engine/sql/engine.js';
export { isWasmMatrix, releaseWasmMemory, wasmMatrix } from './engine/wasmMatrix.js';
// hierarchical
export {
  AgglomerativeClustering,
  type AgglomerativeClusteringOptions,
  type AgglomerativeMetric,
  type ResolvedAgglomerativeOptions,
} from './hierarchy/AgglomerativeClustering.js';
export { type CophenetResult, cophenet } from './hierarchy/cophenet.js';
export { type DendrogramData, type DendrogramOptions, dendrogram } from './hierarchy/dendrogram.js';
export {
  type FclusterCriterion,
  type FclusterOptions,
  fcluster,
  inconsistent,
  maxdists,
  maxinconsts,
} from './hierarchy/fcluster.js';
export {
  type CondensedDistances,
  type LinkageMethod,
  type LinkageOptions,
  type LinkagePrecision,
  linkage,
} from './hierarchy/linkage.js';
export { type ClusterNode, isValidLinkage, leaves, toNewick, toTree } from './hierarchy/linkageMatrix.js';
export {
  type ClusterMicroClustersOptions,
  clusterMicroClusters,
  type MicroClusterCut,
  type MicroClusterLinkageOptions,
  type MicroClusterLinkageResult,
  type MicroClusterTree,
  microClusterLinkage,
} from './hierarchy/microClusters.js';
export {
  type MicroClusterLinkageSourceOptions,
  type MicroClusterLinkageSourceResult,
  microClusterLinkageSource,
} from './hierarchy/microClustersSource.js';
export { type OptimalLeafOrderingOptions, optimalLeafOrdering } from './hierarchy/optimalLeafOrdering.js';
export type { ColumnCells, ColumnTable } from './io/columns.js';
export { type InputFormat, type OutputFormat, parseInput } from './io/formats.js';
export { readNpy, writeNpy } from './io/npy.js';
export type { Table, TextFormat, TextTableOptions } from './io/table.js';
// k-means family
export {
  BisectingKMeans,
  type BisectingKMeansOptions,
  type BisectingNode,
  type BisectingStrategy,
  type ResolvedBisectingKMeansOptions,
} from './kmeans/BisectingKMeans.js';
export { FuzzyCMeans, type FuzzyCMeansOptions, type ResolvedFuzzyCMeansOptions } from './kmeans/FuzzyCMeans.js';
export {
  KMeans,
  type KMeansAlgorithm,
  type KMeansInit,
  type KMeansOptions,
  type KMeansStep,
  type ResolvedKMeansOptions,
} from './kmeans/KMeans.js';
export {
  MiniBatchKMeans,
  type MiniBatchKMeansOptions,
  type ResolvedMiniBatchKMeansOptions,
} from './kmeans/MiniBatchKMeans.js';
// medoids, mixed data, breaks
export {
  type BreaksMethod,
  type NaturalBreaks,
  type NaturalBreaksOptions,
  naturalBreaks,
} from './kmeans/naturalBreaks.js';
export { type ResolvedSoftKMeansOptions, SoftKMeans, type SoftKMeansOptions } from './kmeans/SoftKMeans.js';
export {
  type ResolvedSphericalKMeansOptions,
  SphericalKMeans,
  type SphericalKMeansOptions,
} from './kmeans/SphericalKMeans.js';
export type { SourceFitOptions, SourceIteration } from './kmeans/sourceKMeans.js';
export type { SourceMiniBatchOptions } from './kmeans/sourceMiniBatch.js';
export {
  CLARA,
  type CLARAOptions,
  type ClaraMethod,
  type ClaraMetric,
  type ResolvedCLARAOptions,
} from './medoids/CLARA.js';
export type { PrecomputedDissimilarity } from './medoids/dissimilarity.js';
export {
  KMedoids,
  type KMedoidsInitName,
  type KMedoidsMethod,
  type KMedoidsMetric,
  type KMedoidsOptions,
  type ResolvedKMedoidsOptions,
} from './medoids/KMedoids.js';
export { KPrototypes, type KPrototypesOptions, type ResolvedKPrototypesOptions } from './medoids/KPrototypes.js';
// metrics
export { type ContingencyMatrix, contingencyMatrix } from './metrics/external/contingency.js';
export {
  type AverageMethod,
  adjustedMutualInfoScore,
  completenessScore,
  type HomogeneityCompletenessV,
  homogeneityCompletenessVMeasure,
  homogeneityScore,
  type MutualInfoOptions,
  mutualInfoScore,
  normalizedMutualInfoScore,
  vMeasureScore,
} from './metrics/external/mutualInfo.js';
export {
  adjustedRandScore,
  fowlkesMallowsScore,
  pairConfusionMatrix,
  randScore,
} from './metrics/external/pairCounting.js';
export { purityScore } from './metrics/external/purity.js';
export { calinskiHarabaszScore } from './metrics/internal/calinskiHarabasz.js';
export { daviesBouldinScore } from './metrics/internal/daviesBouldin.js';
export { type DbcvOptions, dbcvScore } from './metrics/internal/dbcv.js';
export {
  type SilhouetteMetric,
  type SilhouetteSamplesOptions,
  type SilhouetteScoreOptions,
  silhouetteSamples,
  silhouetteScore,
} from './metrics/internal/silhouette.js';
export { calinskiHarabaszScoreSource, daviesBouldinScoreSource } from './metrics/internal/sourceScores.js';
// mixtures
export {
  BayesianGaussianMixture,
  type BayesianGaussianMixtureOptions,
  type ResolvedBayesianGaussianMixtureOptions,
} from './mixture/BayesianGaussianMixture.js';
export type { CovarianceType } from './mixture/covariance.js';
export {
  GaussianMixture,
  type GaussianMixtureNoiseOptions,
  type GaussianMixtureOptions,
  type GmmInitParams,
  type NestedNumbers,
  type ResolvedGaussianMixtureOptions,
  type ResolvedNoiseOptions,
} from './mixture/GaussianMixture.js';
export { type KMeansLimitOptions, type KMeansLimitResult, kmeansLimitEM } from './mixture/kmeansLimit.js';
export type { HcUse } from './mixture/models/hc.js';
export {
  dataHypervolume,
  type NearestNeighborNoiseOptions,
  nearestNeighborNoise,
} from './mixture/models/noise.js';
export type { GaussianMixturePriorOptions, ResolvedPriorOptions } from './mixture/models/prior.js';
export {
  type GaussianMixtureModel,
  MCLUST_MODELS,
  type MclustModelName,
  MODEL_PROPERTIES,
  type ModelProperties,
} from './mixture/models/table.js';
export type { SourceEmIteration } from './mixture/sourceGaussianMixture.js';
export type { WeightConcentrationPriorType } from './mixture/variational.js';
export { type LoadedModel, loadModel, type PointColumns, type Preprocessing } from './models/loadModel.js';
// neighbors
export {
  type IndexMatrix,
  type KNeighborsResult,
  NearestNeighbors,
  type NearestNeighborsOptions,
  type RadiusNeighborsResult,
  type ResolvedNearestNeighborsOptions,
} from './neighbors/NearestNeighbors.js';
export type { NeighborAlgorithm, NeighborIndex } from './neighbors/query.js';
// plots (SVG strings, no DOM)
export { type BicPlotOptions, bicPlotSvg } from './plot/bic.js';
export { chooseKSvg } from './plot/chooseK.js';
export { type DendrogramSvgOptions, dendrogramSvg } from './plot/dendrogram.js';
export {
  type DensityContourOptions,
  type DensityCurveOptions,
  densityContourSvg,
  densityCurveSvg,
} from './plot/density.js';
export {
  type CondensedTreeColumns,
  type CondensedTreePlotOptions,
  condensedTreeSvg,
  type ReachabilityPlotOptions,
  reachabilitySvg,
} from './plot/densityClusters.js';
export { type GaussianComponents, type GmmPlotOptions, gmmPlotSvg } from './plot/gmm.js';
export { type LineChartOptions, type LineSeries, lineChartSvg } from './plot/line.js';
export {
  type BicTableRow,
  type MclustBicPlotOptions,
  type MixturePlotOptions,
  mclustBicPlotSvg,
  mixtureClassificationSvg,
  mixtureUncertaintySvg,
} from './plot/mixture.js';
export { htmlReport, type ReportSection } from './plot/report.js';
export { type ScatterOptions, scatterSvg } from './plot/scatter.js';
export { silhouetteSvg } from './plot/silhouette.js';
// model selection
export { type ChooseKOptions, type ChooseKResult, type ClusterFn, chooseK } from './selection/chooseK.js';
export type { ChooseKMethod } from './selection/criteria.js';
export type { GapReference, GapRule } from './selection/gap.js';
export {
  type GmmSelection,
  type GmmSelectionRow,
  type SelectGaussianMixtureOptions,
  selectGaussianMixture,
} from './selection/selectGaussianMixture.js';
export { disableWorkerPool, enableWorkerPool, isWorkerPoolSupported, workerPoolReady } from './web/pool.js';
