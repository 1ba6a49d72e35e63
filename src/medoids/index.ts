/**
 * k-medoids clustering: `KMedoids` (FasterPAM, PAM, alternating) and `CLARA` for large n.
 * @module
 */

export type { PrecomputedDissimilarity } from './dissimilarity.js';
export {
  KMEDOIDS_INITS,
  KMEDOIDS_METHODS,
  KMedoids,
  type KMedoidsInitName,
  type KMedoidsMethod,
  type KMedoidsMetric,
  type KMedoidsOptions,
  type ResolvedKMedoidsOptions,
} from './KMedoids.js';
