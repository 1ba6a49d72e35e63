/**
 * Hamerly's k-means (2010): Lloyd's iterations with one upper and one lower distance bound per point, so most
 * points skip the distance computations. Same labels, centres and nIter as Lloyd (up to exact distance ties).
 * @module
 */
import { useWasm } from '../kernels/backend.js';
import { boundsWorkspace } from '../kernels/kmeansWasm.js';
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
import { runBoundsWasm } from './elkan.js';

/**
 * Bounds prune only with a relative margin: an exact distance tie (common on integer data) and the rounding of
 * the bound updates are then resolved by an exact recomputation, where the lowest index wins as in Lloyd.
 */
const SLACK = 1 + 1e-10;

/** Exact distances from point i to all centres; writes label, upper (nearest) and lower (second nearest). */
function fullAssign(
  x: Float64Array,
  i: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const xi = i * d;
  let best = 0;
  let b1 = Number.POSITIVE_INFINITY;
  let b2 = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const ci = c * d;
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const t = x[xi + j] - centers[ci + j];
      sq += t * t;
    }
    if (sq < b1) {
      b2 = b1;
      b1 = sq;
      best = c;
    } else if (sq < b2) b2 = sq;
  }
  labels[i] = best;
  upper[i] = Math.sqrt(b1);
  lower[i] = Math.sqrt(b2);
}

/**
 * Hamerly driver, same contract as {@link runLloyd}. Memory O(n + k²). Runs on the WebAssembly SIMD kernels when the
 * backend allows it (runBoundsWasm in elkan.ts: results bit-identical to this TypeScript loop, the reference).
 */
export function runHamerly(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  centersInit: Float64Array,
  k: number,
  maxIter: number,
  tol: number,
): KMeansRun {
  if (useWasm(n * k * d)) {
    const ws = boundsWorkspace('hamerly', x, n, d, k, w);
    if (ws !== null) return runBoundsWasm(ws, x, w, centersInit, maxIter, tol, SLACK);
  }
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const labelsOld = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const minSq = new Float64Array(n);
  const weightInClusters = new Float64Array(k);
  const shift = new Float64Array(k);
  const s = new Float64Array(k);
  for (let i = 0; i < n; i++) fullAssign(x, i, d, centers, k, labels, upper, lower);
  let strict = false;
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    if (it > 0) {
      // s[c] = half the distance from centre c to its nearest other centre.
      for (let c = 0; c < k; c++) {
        let m = Number.POSITIVE_INFINITY;
        for (let c2 = 0; c2 < k; c2++) {
          if (c2 === c) continue;
          let sq = 0;
          for (let j = 0; j < d; j++) {
            const t = centers[c * d + j] - centers[c2 * d + j];
            sq += t * t;
          }
          if (sq < m) m = sq;
        }
        s[c] = 0.5 * Math.sqrt(m);
      }
      for (let i = 0; i < n; i++) {
        const a = labels[i];
        const m = s[a] > lower[i] ? s[a] : lower[i];
        if (upper[i] * SLACK < m) continue;
        let sq = 0;
        const xi = i * d;
        const ci = a * d;
        for (let j = 0; j < d; j++) {
          const t = x[xi + j] - centers[ci + j];
          sq += t * t;
        }
        upper[i] = Math.sqrt(sq);
        if (upper[i] * SLACK < m) continue;
        fullAssign(x, i, d, centers, k, labels, upper, lower);
      }
    }
    accumulateCenters(x, n, d, w, labels, centersNew, weightInClusters);
    if (hasEmpty(weightInClusters, k)) {
      // Relocation needs exact distances to the assigned centres (rare path).
      for (let i = 0; i < n; i++) {
        let sq = 0;
        const xi = i * d;
        const ci = labels[i] * d;
        for (let j = 0; j < d; j++) {
          const t = x[xi + j] - centers[ci + j];
          sq += t * t;
        }
        minSq[i] = sq;
      }
      relocateEmptyClusters(x, n, d, w, labels, minSq, k, centersNew, weightInClusters);
    }
    averageCenters(centersNew, weightInClusters, k, d, centers);
    const shiftTot = centerShift(centers, centersNew, k, d, shift);
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
    // Move the bounds by how far the centres moved.
    let m1 = 0;
    let m2 = 0;
    let arg1 = -1;
    for (let c = 0; c < k; c++) {
      const p = shift[c];
      if (p > m1) {
        m2 = m1;
        m1 = p;
        arg1 = c;
      } else if (p > m2) m2 = p;
    }
    for (let i = 0; i < n; i++) {
      const a = labels[i];
      upper[i] += shift[a];
      lower[i] -= a === arg1 ? m2 : m1;
    }
  }
  const nIter = Math.min(it + 1, maxIter);
  if (!strict) assignLabels(x, n, d, centers, k, null, labels, minSq);
  return { labels, centers, inertia: inertiaOf(x, n, d, w, centers, labels), nIter, converged };
}

function hasEmpty(weightInClusters: Float64Array, k: number): boolean {
  for (let c = 0; c < k; c++) if (weightInClusters[c] === 0) return true;
  return false;
}
