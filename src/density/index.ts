/**
 * Kernel density estimation and mean shift: `KernelDensity` (scikit-learn's and SciPy's answers, any
 * dimension, six kernels, exact / k-d tree / binned FFT), bandwidth rules and selectors, grid helpers for
 * plotting.
 * @module
 */
export { kernelCovariance, scottBandwidth, silvermanBandwidth } from './bandwidth.js';
export { DBSCAN, type DBSCANOptions, type ResolvedDBSCANOptions } from './DBSCAN.js';
export {
  type DensityGrid1D,
  type DensityGrid1DOptions,
  type DensityGrid2D,
  type DensityGrid2DOptions,
  densityGrid1D,
  densityGrid2D,
  type GridAlgorithm,
} from './grid.js';
export {
  HDBSCAN,
  HDBSCAN_ALGORITHMS,
  HDBSCAN_SELECTION_METHODS,
  type HDBSCANOptions,
  type HdbscanAlgorithm,
  type HdbscanCondensedTree,
  type HdbscanSelectionMethod,
  type ResolvedHDBSCANOptions,
} from './HDBSCAN.js';
export {
  type BandwidthOption,
  KDE_ALGORITHMS,
  type KdeAlgorithm,
  KernelDensity,
  type KernelDensityOptions,
  type ResolvedKernelDensityOptions,
} from './KernelDensity.js';
export {
  DENSITY_METRICS,
  type DensityMetric,
  KERNELS,
  type KernelName,
  kernelProfile,
  logKernelNorm,
} from './kernels.js';
export {
  binSeeds,
  type EstimateBandwidthOptions,
  estimateBandwidth,
  MeanShift,
  type MeanShiftOptions,
  type ResolvedMeanShiftOptions,
} from './MeanShift.js';
export { DENSITY_CLUSTER_METRICS, type DensityClusterMetric } from './neighborhoods.js';
export {
  OPTICS,
  OPTICS_CLUSTER_METHODS,
  type OPTICSOptions,
  type OpticsClusterMethod,
  type ResolvedOPTICSOptions,
} from './OPTICS.js';
export {
  type BandwidthSelection,
  type IsjOptions,
  isjBandwidth,
  type SelectBandwidthOptions,
  selectBandwidth,
} from './select.js';
