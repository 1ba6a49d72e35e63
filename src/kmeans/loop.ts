/**
 * The k-means convergence loop, written once for every algorithm (Lloyd, Elkan, Hamerly) and every backend (the
 * TypeScript reference, WebAssembly SIMD, the worker pool): each backend fills the pass interface
 * ({@link CenterPass}, src/engine/pass.ts) and this loop does the rest, as scikit-learn's `_kmeans_single_*`.
 * @module
 */
import type { CenterPass } from '../engine/pass.js';
import { describeBackend, type ExecutionPlan, planPasses } from '../engine/plan.js';
import { averageCenters, centerShift, type KMeansDriver, type KMeansRun, relocateEmptyClusters } from './common.js';

/** A k-means pass on the plan's backend over x (n×d) with weights w and k centers. */
export type CenterPassFactory = (
  plan: ExecutionPlan,
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  k: number,
) => CenterPass;

/**
 * A k-means driver ({@link KMeansDriver}: Lloyd, Elkan, Hamerly) from its pass: the plan is made once
 * ({@link planPasses}, with the pass's work as the pool measures it), then {@link runKMeansLoop} runs the passes.
 * @param poolWork the pass's work as the pool measures it, for n rows, d features, k centers
 * @param makePass the algorithm's pass on a plan's backend
 * @returns the driver
 * @example
 * const runLloyd = kmeansDriver((n, d, k) => n * k * (d + 8), lloydPass);
 */
export function kmeansDriver(
  poolWork: (n: number, d: number, k: number) => number,
  makePass: CenterPassFactory,
): KMeansDriver {
  return (x, n, d, w, centersInit, k, maxIter, tol, onIteration) => {
    const plan = planPasses({ work: n * k * d, poolWork: poolWork(n, d, k) });
    return runKMeansLoop(makePass(plan, x, n, d, w, k), x, n, d, w, centersInit, k, maxIter, tol, onIteration);
  };
}

/**
 * Runs k-means passes from `centersInit` (k×d, IN, not modified) until convergence with scikit-learn's stopping
 * rule: stop when no label changed (strict convergence) or when Σ‖Δcenter‖² ≤ tol; `nIter` counts iterations done.
 * @remarks Each iteration: one pass (assign, per-cluster sums and weights), scikit-learn's empty-cluster relocation
 * (the farthest points, on exact squared distances), the weighted means, the center shifts. A final assignment makes
 * `labels` consistent with the returned centers. O(maxIter · pass); the pass decides the cost per iteration.
 * Compared against scikit-learn 1.2 `KMeans` (golden fixtures, test/kmeans).
 * @param pass the fit's passes (ended here, also on a failure)
 * @param x the driver's arguments ({@link KMeansDriver}): x n×d rows (IN), n, d, w n weights (IN), centersInit,
 *   k, maxIter, tol, and onIteration (called with the iterations done after each one, for progress)
 * @returns the fitted run, with the path the passes took
 * @example
 * const run = runKMeansLoop(lloydPass(plan, x, n, d, w, k), x, n, d, w, init, k, 300, 1e-4);
 */
export function runKMeansLoop(
  pass: CenterPass,
  ...[x, n, d, w, centersInit, k, maxIter, tol, onIteration]: Parameters<KMeansDriver>
): KMeansRun {
  try {
    let centers = centersInit.slice();
    let centersNew = new Float64Array(k * d);
    const weights = new Float64Array(k);
    const { shift } = pass;
    let strict = false;
    let converged = false;
    let it = 0;
    for (; it < maxIter; it++) {
      const changed = pass.step(it, centers, centersNew, weights);
      let empty = false;
      for (let c = 0; c < k; c++) if (weights[c] === 0) empty = true;
      if (empty) {
        pass.labelSq();
        relocateEmptyClusters(x, n, d, w, pass.labels, pass.minSq, k, centersNew, weights);
      }
      averageCenters(centersNew, weights, k, d, centers);
      const shiftTot = centerShift(centers, centersNew, k, d, shift);
      const t = centers;
      centers = centersNew;
      centersNew = t;
      onIteration?.(it + 1);
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
    const { labels, inertia } = pass.finish(centers, strict);
    return { labels, centers, inertia, nIter, converged, backend: describeBackend(pass.used()) };
  } finally {
    pass.end();
  }
}
