/**
 * k-medoids clustering: `KMedoids` (FasterPAM, PAM, alternating), `CLARA` for large n, and `KPrototypes` for
 * mixed numeric + categorical tables.
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
export { KPrototypes, type KPrototypesOptions, type ResolvedKPrototypesOptions } from './KPrototypes.js';
