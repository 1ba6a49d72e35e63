/**
 * Lloyd's algorithm: alternate (1) assign every point to its nearest centre and (2) move every centre to the
 * weighted mean of its points, until the labels stop changing or the centres move less than `tol`.
 * @module
 */
import {
  accumulateCenters,
  assignLabels,
  averageCenters,
  centerShift,
  inertiaOf,
  type KMeansRun,
  relocateEmptyClusters,
  sameLabels,
} from './common.js';

/**
 * One Lloyd iteration on the centres `centers` (IN): labels n OUT, minSq n OUT, centersNew k×d OUT, weightInClusters
 * k OUT, shift k OUT. Returns Σ shift².
 */
export function lloydIteration(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  minSq: Float64Array,
  centersNew: Float64Array,
  weightInClusters: Float64Array,
  shift: Float64Array,
): number {
  assignLabels(x, n, d, centers, k, null, labels, minSq);
  accumulateCenters(x, n, d, w, labels, centersNew, weightInClusters);
  relocateEmptyClusters(x, n, d, w, labels, minSq, k, centersNew, weightInClusters);
  averageCenters(centersNew, weightInClusters, k, d, centers);
  return centerShift(centers, centersNew, k, d, shift);
}

/**
 * Runs Lloyd's algorithm from `centersInit` with scikit-learn's stopping rule: stop when the labels equal the
 * previous iteration's (strict convergence) or when Σ‖Δcentre‖² ≤ tol; `nIter` counts iterations done. A final
 * assignment makes `labels` consistent with the returned centres. O(n·k·d) per iteration.
 */
export function runLloyd(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  centersInit: Float64Array,
  k: number,
  maxIter: number,
  tol: number,
): KMeansRun {
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const labelsOld = new Int32Array(n).fill(-1);
  const minSq = new Float64Array(n);
  const weightInClusters = new Float64Array(k);
  const shift = new Float64Array(k);
  let strict = false;
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    const shiftTot = lloydIteration(x, n, d, w, centers, k, labels, minSq, centersNew, weightInClusters, shift);
    const t = centers;
    centers = centersNew;
    centersNew = t;
    if (sameLabels(labels, labelsOld)) {
      strict = true;
      converged = true;
      break;
    }
    if (shiftTot <= tol) {
      converged = true;
      break;
    }
    labelsOld.set(labels);
  }
  const nIter = Math.min(it + 1, maxIter);
  if (!strict) assignLabels(x, n, d, centers, k, null, labels, minSq);
  return { labels, centers, inertia: inertiaOf(x, n, d, w, centers, labels), nIter, converged };
}
