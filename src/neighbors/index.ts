/**
 * Neighbour searches: k-d tree, ball tree and brute force behind one interface, and the `NearestNeighbors`
 * estimator.
 * @module
 */
export {
  type IndexMatrix,
  type KNeighborsResult,
  NearestNeighbors,
  type NearestNeighborsOptions,
  type RadiusNeighborsResult,
  type ResolvedNearestNeighborsOptions,
} from './NearestNeighbors.js';
export {
  autoAlgorithm,
  buildNeighborIndex,
  NEIGHBOR_ALGORITHMS,
  type NeighborAlgorithm,
  type NeighborIndex,
} from './query.js';
