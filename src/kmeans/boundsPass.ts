/**
 * The WebAssembly SIMD backend of the bounds-pruned k-means passes (Elkan, Hamerly): data and bounds in wasm memory
 * for the whole fit, the reference's steps one for one — every distance, bound, label, sum, centre, nIter and the
 * inertia are bit-identical to the TypeScript path (src/kmeans/elkan.ts, hamerly.ts). With 2 threads, rows [h, n)
 * (h ≈ n/2, a boundary of the sum blocks) and their bounds live on a helper thread (src/engine/kernels/parallel.ts), which runs the same kernels on them; the sums
 * are accumulated here over all rows in the fixed row blocks of `kmeansBlockRows` (as the reference and Lloyd's
 * passes), so the result does not depend on the number of threads.
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
  // the helper's rows: the second half of the sum blocks (the sums of each block are added here, in block order)
  const blockRows = kmeansBlockRows(n);
  const h = (Math.ceil(n / blockRows) >> 1) * blockRows;
  let session: ParallelBoundsSession | null =
    plan.threads > 1 && h > 0
      ? (parallelProvider(boundsPoolWork(n, d, k))?.beginBounds?.(kind, x, n, d, k, h, slack) ?? null)
      : null;
  const opened = session;
  let helped = false;
  // Takes the helper's labels of rows [h, n); on a failure does those rows here from scratch (their exact labels,
  // which the bound test would also have found). Returns how many changed.
  const merge = (other: Int32Array | null): number => {
    let changed = 0;
    if (other === null) {
      session = null;
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
    for (let i = h; i < n; i++) {
      const l = other[i - h];
      const o = labels[i];
      if (o !== l) {
        labels[i] = l;
        dirty[o] = 1;
        dirty[l] = 1;
        changed++;
      }
    }
    return changed;
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
      if (it === 0) {
        if (session === null) ws.init();
        else {
          session.init(centers);
          ws.init(0, h);
          merge(session.wait());
        }
      }
      // The last iteration's bound update, this one's bound test (after the first) and the sums, in the fixed row
      // blocks of every k-means pass. Labels changed: all of them at the first iteration (the reference compares
      // with −1s).
      const later = it > 0;
      let stepped: number;
      if (session === null) stepped = ws.iterate(later, later, slack, n, full);
      else {
        if (later) session.start(centers, shift, true, true);
        stepped = ws.iterate(later, later, slack, h, full);
        if (later) stepped += merge(session.wait());
        if (full) ws.accumulateBlocked(h, n, false);
      }
      if (!full) ws.accumulateBlocked(0, n, true);
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
