/**
 * Lloyd's algorithm: alternate (1) assign every point to its nearest centre and (2) move every centre to the
 * weighted mean of its points, until the labels stop changing or the centres move less than `tol`.
 * @module
 */

import { type KMeansWasm, kmeansBlockRows, kmeansWorkspace } from '../engine/kernels/kmeansWasm.js';
import { type ParallelAssignSession, parallelProvider } from '../engine/kernels/parallel.js';
import type { CenterPass } from '../engine/pass.js';
import {
  accumulateCenters,
  assignLabels,
  averageCenters,
  centerShift,
  type KMeansDriver,
  relocateEmptyClusters,
} from './common.js';
import { type CenterPassFactory, kmeansDriver } from './loop.js';
import { referencePass } from './referencePass.js';

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
  accumulateCenters(x, n, d, w, labels, centersNew, weightInClusters, kmeansBlockRows(n));
  relocateEmptyClusters(x, n, d, w, labels, minSq, k, centersNew, weightInClusters);
  averageCenters(centersNew, weightInClusters, k, d, centers);
  return centerShift(centers, centersNew, k, d, shift);
}

/**
 * Runs Lloyd's algorithm from `centersInit` with scikit-learn's stopping rule (src/kmeans/loop.ts): stop when the
 * labels equal the previous iteration's (strict convergence) or when Σ‖Δcentre‖² ≤ tol; `nIter` counts iterations
 * done. A final assignment makes `labels` consistent with the returned centres. O(n·k·d) per iteration. The passes
 * run where {@link planPasses} puts them (TypeScript, WebAssembly SIMD, the worker pool), with bit-identical
 * results; `backend` names the path taken.
 */
export const runLloyd: KMeansDriver = kmeansDriver(lloydPoolWork, (plan, x, n, d, w, k) =>
  lloydPass(plan, x, n, d, w, k),
);

/** A Lloyd pass's work as the pool measures it: multiply–adds plus the per-row, per-centre bookkeeping. */
function lloydPoolWork(n: number, d: number, k: number): number {
  return n * k * (d + 8);
}

/**
 * Lloyd's pass on the plan's backend: the WebAssembly SIMD kernel (with the pool's helper for rows [n/2, n) when the
 * plan has 2 threads and the helper is free) when the plan says wasm and the rows fit in wasm32 memory, else the
 * TypeScript reference.
 */
export const lloydPass: CenterPassFactory = (plan, x, n, d, w, k) => {
  if (plan.backend === 'wasm') {
    // The helper's session opens first, so that the helper copies its rows and their norms while this thread builds
    // its own workspace (else the first pass waits for the helper's set-up).
    const blockRows = kmeansBlockRows(n);
    const h = (Math.ceil(n / blockRows) >> 1) * blockRows;
    const session =
      plan.threads > 1 && h > 0
        ? (parallelProvider(lloydPoolWork(n, d, k))?.begin(x, w, n, d, k, h, blockRows) ?? null)
        : null;
    let ws: KMeansWasm | null = null;
    try {
      ws = kmeansWorkspace(x, n, d, k, w);
    } finally {
      if (ws === null) session?.end(); // the TypeScript reference runs (or the error propagates): free the helper
    }
    if (ws !== null) return lloydPassWasm(ws, session);
  }
  const labels = new Int32Array(n);
  const minSq = new Float64Array(n);
  return referencePass(x, n, d, w, k, labels, minSq, {
    assign: (_it, centers) => assignLabels(x, n, d, centers, k, null, labels, minSq),
  });
};

/**
 * Lloyd's pass on the WebAssembly SIMD kernel (data already in wasm memory; `session`, when open, the helper's for
 * rows [h, n) with h = ⌊blocks / 2⌋ · blockRows): the same operations in the same order as the reference — labels, sums, centres, nIter and inertia are bit-identical. The per-cluster sums are cut
 * into the fixed row blocks of {@link kmeansBlockRows}; with 2 threads the helper takes the second half of the
 * blocks (rows [h, n)), sums each of its blocks from zero, and the partials are added here after this thread's
 * blocks, in block order — the same additions as one thread makes. The final assignment is split the same way.
 */
function lloydPassWasm(ws: KMeansWasm, session: ParallelAssignSession | null): CenterPass {
  const { n, k, labels, minSq, sums, weightInClusters, blockRows } = ws;
  const blocks = Math.ceil(n / blockRows);
  const hb = blocks >> 1;
  const h = hb * blockRows;
  const shift = new Float64Array(k);
  let f32 = false;
  let helped = false;
  labels.fill(-1);
  return {
    labels,
    minSq,
    shift,
    step(_it, centers, sumsOut, weightsOut) {
      ws.setCenters(centers);
      if (ws.f32) f32 = true;
      session?.start(centers);
      sums.fill(0);
      weightInClusters.fill(0);
      let changed: number;
      if (session === null) changed = ws.assignBlocked(0, n);
      else {
        changed = ws.assignBlocked(0, h);
        const other = session.wait();
        if (other === null) changed += ws.assignBlocked(h, n);
        else {
          // The helper counted its changed labels against its previous pass, which is what these rows hold.
          labels.set(other, h);
          changed += session.changed();
          ws.addPartials(session.partials(), blocks - hb);
          helped = true;
        }
      }
      sumsOut.set(sums);
      weightsOut.set(weightInClusters);
      return changed;
    },
    labelSq() {
      ws.assign(false, true); // exact squared distances to the (unchanged) labels, for the relocation
    },
    finish(centers, assigned) {
      ws.setCenters(centers);
      if (!assigned) {
        if (session === null) ws.assign(false, false);
        else {
          session.start(centers);
          ws.assign(false, false, 0, h);
          const other = session.wait();
          if (other === null) ws.assign(false, false, h, n);
          else labels.set(other, h);
        }
      }
      return { labels: labels.slice(), inertia: ws.inertia(true) };
    },
    used: () => ({ backend: 'wasm', f32, threads: helped ? 2 : 1 }),
    end() {
      session?.end();
    },
  };
}
