/**
 * The WebAssembly SIMD backend of the bounds-pruned k-means passes (Elkan, Hamerly): data and bounds in wasm memory
 * for the whole fit, the reference's steps one for one — every distance, bound, label, sum, centre, nIter and the
 * inertia are bit-identical to the TypeScript path (src/kmeans/elkan.ts, hamerly.ts). With 2 threads, rows [h, n)
 * (h ≈ n/2, a boundary of the sum blocks) and their bounds live on a helper thread (src/engine/kernels/parallel.ts),
 * which runs the same kernels on them. The sums are cut into the fixed row blocks of `kmeansBlockRows` (as the
 * reference and Lloyd's passes): each thread sums its own blocks from zero, and the helper's blocks' partials are
 * added here after this thread's, in block order, so the result does not depend on the number of threads.
 * @module
 */

import { type BoundsKind, boundsWorkspace, kmeansBlockRows } from '../engine/kernels/kmeansWasm.js';
import { type ParallelBoundsSession, parallelProvider } from '../engine/kernels/parallel.js';
import type { CenterPass } from '../engine/pass.js';
import type { ExecutionPlan } from '../engine/plan.js';

/** A bounds pass's work as the pool measures it. */
export function boundsPoolWork(n: number, d: number, k: number): number {
  return n * (d + k) * 4;
}

/**
 * The `kind` pass on the WebAssembly kernels when the plan says wasm and the rows and bounds fit in wasm32 memory,
 * else null (the caller then runs the reference). `slack` is the driver's pruning margin.
 */
export function boundsPassWasm(
  plan: ExecutionPlan,
  kind: BoundsKind,
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  k: number,
  slack: number,
): CenterPass | null {
  if (plan.backend !== 'wasm') return null;
  const ws = boundsWorkspace(kind, x, n, d, k, w);
  if (ws === null) return null;
  const { labels, minSq, sums, weightInClusters, shift, dirty } = ws;
  // the helper's rows: the second half of the sum blocks (each thread sums its own blocks; the helper's blocks'
  // partials are added here after this thread's, in block order)
  const blockRows = kmeansBlockRows(n);
  const blocks = Math.ceil(n / blockRows);
  const h = (blocks >> 1) * blockRows;
  let session: ParallelBoundsSession | null =
    plan.threads > 1 && h > 0
      ? (parallelProvider(boundsPoolWork(n, d, k))?.beginBounds?.(kind, x, w, n, d, k, h, blockRows, slack) ?? null)
      : null;
  const opened = session;
  let helped = false;
  // Takes the helper's labels of rows [h, n), its count of changed labels and their clusters; on a failure does
  // those rows here from scratch (their exact labels, which the bound test would also have found) and marks the
  // changes itself. Returns how many changed.
  const merge = (s: ParallelBoundsSession, other: Int32Array | null): number => {
    if (other === null) {
      session = null;
      let changed = 0;
      const old = labels.slice(h, n);
      ws.init(h, n);
      for (let i = h; i < n; i++) {
        if (labels[i] !== old[i - h]) {
          dirty[old[i - h]] = 1;
          dirty[labels[i]] = 1;
          changed++;
        }
      }
      return changed;
    }
    helped = true;
    labels.set(other, h);
    const theirs = s.dirty();
    for (let c = 0; c < k; c++) dirty[c] |= theirs[c];
    return s.changed();
  };
  // Whether the next pass re-accumulates every cluster's sums (fused into it) rather than only those whose rows
  // changed (after it): both give the same bits (the same blocked fold of the same rows); the first is cheaper while
  // most clusters change.
  let full = true;
  return {
    labels,
    minSq,
    shift,
    step(it, centers, sumsOut, weightsOut) {
      ws.setCenters(centers);
      // The last iteration's bound update, this one's bound test (after the first) and the sums, in the fixed row
      // blocks of every k-means pass. Labels changed: all of them at the first iteration (the reference compares
      // with −1s).
      const later = it > 0;
      let stepped: number;
      const s = session;
      if (s === null) {
        if (!later) ws.init();
        stepped = ws.iterate(later, later, slack, n, full);
        if (!full) ws.accumulateBlocked(0, n, true);
      } else {
        // the helper's pass (with every cluster's partials when full) runs while this thread does rows [0, h)
        if (later) s.start(centers, shift, true, true, full);
        else {
          s.init(centers, full);
          ws.init(0, h);
        }
        stepped = ws.iterate(later, later, slack, h, full);
        const other = s.wait();
        stepped += merge(s, other);
        if (full) {
          if (other !== null) ws.addPartials(s.partials(), blocks - h / blockRows, false);
          else ws.accumulateBlocked(h, n, false);
        } else {
          // the changed clusters of both threads are known now: both sum their blocks of those clusters
          const both = other !== null;
          if (both) s.accumulate(dirty);
          ws.accumulateBlocked(0, h, true);
          const ok = both && s.wait() !== null;
          if (ok) ws.addPartials(s.partials(), blocks - h / blockRows, true);
          else {
            // the helper is gone with the bounds of rows [h, n): refresh them here (the same exact labels), and sum
            if (session !== null) ws.init(h, n);
            session = null;
            ws.accumulateBlocked(h, n, true);
          }
        }
      }
      let nDirty = 0;
      for (let c = 0; c < k; c++) nDirty += dirty[c];
      full = !later || 2 * nDirty > k;
      // The sums stay as accumulated (the next pass may keep some); the relocation works on the copies.
      sumsOut.set(sums);
      weightsOut.set(weightInClusters);
      return later ? stepped : n;
    },
    labelSq() {
      ws.labelSq();
    },
    finish(centers, assigned) {
      ws.setCenters(centers);
      if (!assigned) ws.assignAll();
      return { labels: labels.slice(), inertia: ws.inertia() };
    },
    used: () => ({ backend: 'wasm', threads: helped ? 2 : 1 }),
    end() {
      opened?.end();
    },
  };
}
