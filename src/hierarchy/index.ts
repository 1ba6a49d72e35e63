/**
 * Hierarchical (agglomerative) clustering, as `scipy.cluster.hierarchy`:
 * - build the tree: `linkage` (SciPy's linkage matrix), `optimalLeafOrdering`
 * - flat clusters: `fcluster`, `inconsistent`, `maxdists`, `maxinconsts`
 * - inspect: `cophenet`, `leaves`, `toTree` (d3-hierarchy), `toNewick`, `isValidLinkage`, `checkLinkage`
 * - draw: `dendrogram` (SciPy's layout as data)
 * - estimator: `AgglomerativeClustering` (scikit-learn's)
 * @module
 */

export {
  AgglomerativeClustering,
  type AgglomerativeClusteringOptions,
  type AgglomerativeMetric,
  type ResolvedAgglomerativeOptions,
} from './AgglomerativeClustering.js';
export { type CophenetResult, cophenet } from './cophenet.js';
export { DEFAULT_LINK_COLORS, type DendrogramData, type DendrogramOptions, dendrogram } from './dendrogram.js';
export {
  FCLUSTER_CRITERIA,
  type FclusterCriterion,
  type FclusterOptions,
  fcluster,
  inconsistent,
  maxdists,
  maxinconsts,
} from './fcluster.js';
export {
  type CondensedDistances,
  EUCLIDEAN_METHODS,
  LINKAGE_ALGORITHM,
  LINKAGE_METHODS,
  type LinkageAlgorithm,
  type LinkageMethod,
  type LinkageOptions,
  linkage,
  MONOTONE_METHODS,
} from './linkage.js';
export {
  type ClusterNode,
  checkLinkage,
  isValidLinkage,
  leaves,
  numObsLinkage,
  toNewick,
  toTree,
} from './linkageMatrix.js';
export { type OptimalLeafOrderingOptions, optimalLeafOrdering } from './optimalLeafOrdering.js';
