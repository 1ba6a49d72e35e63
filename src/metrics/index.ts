/**
 * Clustering validity metrics (model selection, `chooseK`, is in `selection/`).
 *
 * - internal (no ground truth): `silhouetteScore`, `silhouetteSamples`, `calinskiHarabaszScore`,
 *   `daviesBouldinScore`, `inertiaScore`, `dbcvScore` (density-based, noise-aware)
 * - external (against true classes): `contingencyMatrix`, `pairConfusionMatrix`, `randScore`,
 *   `adjustedRandScore`, `mutualInfoScore`, `normalizedMutualInfoScore`, `adjustedMutualInfoScore`,
 *   `homogeneityCompletenessVMeasure` (+ `homogeneityScore`, `completenessScore`, `vMeasureScore`),
 *   `fowlkesMallowsScore`, `purityScore`
 * @module
 */

export { type ContingencyMatrix, contingencyMatrix } from './external/contingency.js';
export {
  AVERAGE_METHODS,
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
} from './external/mutualInfo.js';
export {
  adjustedRandScore,
  fowlkesMallowsScore,
  pairConfusionMatrix,
  randScore,
} from './external/pairCounting.js';
export { purityScore } from './external/purity.js';
export { calinskiHarabaszScore } from './internal/calinskiHarabasz.js';
export { daviesBouldinScore } from './internal/daviesBouldin.js';
export { type DbcvOptions, dbcvScore } from './internal/dbcv.js';
export { inertiaScore } from './internal/inertia.js';
export {
  SILHOUETTE_METRICS,
  type SilhouetteMetric,
  type SilhouetteSamplesOptions,
  type SilhouetteScoreOptions,
  silhouetteSamples,
  silhouetteScore,
} from './internal/silhouette.js';
export { type KneedleResult, kneedle } from './kneedle.js';
