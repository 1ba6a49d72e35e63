/**
 * Lloyd's algorithm: alternate (1) assign every point to its nearest centre and (2) move every centre to the
 * weighted mean of its points, until the labels stop changing or the centres move less than `tol`.
 * @module
 */
import { useWasm } from '../kernels/backend.js';
import { type KMeansWasm, kmeansWorkspace } from '../kernels/kmeansWasm.js';
import { type ParallelAssignSession, parallelProvider } from '../kernels/parallel.js';
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
  if (useWasm(n * k * d)) {
    const ws = kmeansWorkspace(x, n, d, k, w);
    if (ws !== null) return runLloydWasm(ws, x, w, centersInit, maxIter, tol);
  }
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

/**
 * {@link runLloyd} on the WebAssembly SIMD kernel (data already in wasm memory): the same operations in the same
 * order — labels, sums, centres, nIter and inertia are bit-identical to the TypeScript path.
 */
function runLloydWasm(
  ws: KMeansWasm,
  x: Float64Array,
  w: Float64Array,
  centersInit: Float64Array,
  maxIter: number,
  tol: number,
): KMeansRun {
  const { n, d, k } = ws;
  // Rows [h, n) may be assigned on a helper thread; the sums are always accumulated here, in row order.
  const h = n >> 1;
  const session = parallelProvider(n * k * (d + 8))?.begin(x, n, d, k, h) ?? null;
  try {
    return lloydWasmLoop(ws, x, w, centersInit, maxIter, tol, session, h);
  } finally {
    session?.end();
  }
}

function lloydWasmLoop(
  ws: KMeansWasm,
  x: Float64Array,
  w: Float64Array,
  centersInit: Float64Array,
  maxIter: number,
  tol: number,
  session: ParallelAssignSession | null,
  h: number,
): KMeansRun {
  const { n, d, k, labels, minSq, sums, weightInClusters } = ws;
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * d);
  const shift = new Float64Array(k);
  labels.fill(-1);
  let strict = false;
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    ws.setCenters(centers);
    session?.start(centers);
    sums.fill(0);
    weightInClusters.fill(0);
    let changed: number;
    if (session === null) changed = ws.assign(true, false);
    else {
      changed = ws.assign(true, false, 0, h);
      const other = session.wait();
      if (other === null) changed += ws.assign(true, false, h, n);
      else {
        // The helper counted its changed labels against its previous pass, which is what these rows hold.
        labels.set(other, h);
        changed += session.changed();
        ws.accumulate(h, n);
      }
    }
    let empty = false;
    for (let c = 0; c < k; c++) if (weightInClusters[c] === 0) empty = true;
    if (empty) {
      ws.assign(false, true); // exact squared distances to the (unchanged) labels, for the relocation
      relocateEmptyClusters(x, n, d, w, labels, minSq, k, sums, weightInClusters);
    }
    centersNew.set(sums);
    averageCenters(centersNew, weightInClusters, k, d, centers);
    const shiftTot = centerShift(centers, centersNew, k, d, shift);
    const t = centers;
    centers = centersNew;
    centersNew = t;
    if (changed === 0) {
      strict = true;
      converged = true;
      break;
    }
    if (shiftTot <= tol) {
      converged = true;
      break;
    }
  }
  const nIter = Math.min(it + 1, maxIter);
  ws.setCenters(centers);
  if (!strict) ws.assign(false, false);
  return { labels: labels.slice(), centers, inertia: ws.inertia(true), nIter, converged };
}
