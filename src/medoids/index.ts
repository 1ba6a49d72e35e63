/**
 * k-medoids clustering: `KMedoids` (FasterPAM, PAM, alternating) and `CLARA` for large n.
 * @module
 */

export {
  CLARA,
  CLARA_METHODS,
  type CLARAOptions,
  type ClaraMethod,
  type ClaraMetric,
  type ResolvedCLARAOptions,
} from './CLARA.js';
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
