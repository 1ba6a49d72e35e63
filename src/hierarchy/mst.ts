/**
 * Single linkage by Prim's minimum-spanning-tree algorithm (Müllner 2011, MST-linkage), on a condensed
 * matrix or on the fly from the observations.
 * @module
 * @internal
 */
import type { WasmMetric } from '../core/metrics.js';
import { ActiveList, type MergeReporter, writeMerge } from './activeList.js';
import { condensedOffsets, pairDistance, rowNorms } from './pairwise.js';

/**
 * Prim's algorithm over a condensed distance vector, as `scipy.cluster.hierarchy` `mst_single_linkage`: grows
 * the tree from point 0, scanning the points not yet in it in increasing index order (strict `<`, so ties keep
 * the lowest index). Writes n−1 unsorted rows [x, y, height, 0] (x, y point indices) into `out` ((n−1)·4, OUT);
 * `dists` (n(n−1)/2) IN. O(n²) time, O(n) extra memory.
 */
export function mstCondensed(dists: Float64Array, n: number, out: Float64Array, onMerge?: MergeReporter): void {
  const off = condensedOffsets(n);
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  // The points not yet in the tree.
  const list = new ActiveList(n);
  const next = list.next;
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    list.remove(x);
    const head = list.head;
    let cur = Number.POSITIVE_INFINITY;
    let y = 0;
    const ox = off[x];
    for (let i = head; i < n; i = next[i]) {
      const dist = i < x ? dists[off[i] + x] : dists[ox + i];
      if (best[i] > dist) best[i] = dist;
      if (best[i] < cur) {
        y = i;
        cur = best[i];
      }
    }
    writeMerge(out, k, x, y, cur, 0);
    onMerge?.(k + 1);
    x = y;
  }
}

/**
 * Prim's algorithm computing each distance on the fly from the observations x (n×d, IN) under `metric`: the
 * same merges and heights as {@link mstCondensed} on `pdist(x, metric)` (each pair is evaluated exactly once,
 * by the same kernel), in O(n·d) memory. Writes n−1 unsorted rows into `out` ((n−1)·4, OUT). O(n²·d) time.
 */
export function mstVector(
  x: Float64Array,
  n: number,
  d: number,
  metric: WasmMetric,
  out: Float64Array,
  onMerge?: MergeReporter,
): void {
  const norms = metric === 'cosine' ? rowNorms(x, n, d) : null;
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const list = new ActiveList(n);
  const next = list.next;
  const euclid = metric === 'euclidean';
  let p = 0;
  for (let k = 0; k < n - 1; k++) {
    list.remove(p);
    const head = list.head;
    let cur = Number.POSITIVE_INFINITY;
    let y = 0;
    const op = p * d;
    let i = head;
    if (euclid) {
      // Four points at a time (independent sums hide the add latency); the updates then run in list order, so
      // the result is that of the one-at-a-time loop.
      for (;;) {
        const i1 = i < n ? next[i] : n;
        const i2 = i1 < n ? next[i1] : n;
        const i3 = i2 < n ? next[i2] : n;
        if (i3 >= n) break;
        const o0 = i * d;
        const o1 = i1 * d;
        const o2 = i2 * d;
        const o3 = i3 * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let j = 0; j < d; j++) {
          const a = x[op + j];
          const t0 = a - x[o0 + j];
          const t1 = a - x[o1 + j];
          const t2 = a - x[o2 + j];
          const t3 = a - x[o3 + j];
          s0 += t0 * t0;
          s1 += t1 * t1;
          s2 += t2 * t2;
          s3 += t3 * t3;
        }
        let dist = Math.sqrt(s0);
        if (best[i] > dist) best[i] = dist;
        if (best[i] < cur) {
          y = i;
          cur = best[i];
        }
        dist = Math.sqrt(s1);
        if (best[i1] > dist) best[i1] = dist;
        if (best[i1] < cur) {
          y = i1;
          cur = best[i1];
        }
        dist = Math.sqrt(s2);
        if (best[i2] > dist) best[i2] = dist;
        if (best[i2] < cur) {
          y = i2;
          cur = best[i2];
        }
        dist = Math.sqrt(s3);
        if (best[i3] > dist) best[i3] = dist;
        if (best[i3] < cur) {
          y = i3;
          cur = best[i3];
        }
        i = next[i3];
      }
    }
    for (; i < n; i = next[i]) {
      let dist: number;
      if (euclid) {
        // pdist evaluates the pair as (min, max); (a − b)² = (b − a)² exactly, so the order does not matter.
        const oi = i * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = x[op + j] - x[oi + j];
          s += t * t;
        }
        dist = Math.sqrt(s);
      } else {
        dist = i < p ? pairDistance(x, d, i, p, metric, norms) : pairDistance(x, d, p, i, metric, norms);
      }
      if (best[i] > dist) best[i] = dist;
      if (best[i] < cur) {
        y = i;
        cur = best[i];
      }
    }
    writeMerge(out, k, p, y, cur, 0);
    onMerge?.(k + 1);
    p = y;
  }
}
