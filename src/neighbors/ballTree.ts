/**
 * A ball tree: each node holds a contiguous range of the (permuted) points, their centroid and the radius of the
 * smallest ball around it that contains them under the metric. Prunes with the triangle inequality, so it serves
 * every true metric of the registry (those a k-d tree's boxes cannot bound: seuclidean, mahalanobis, canberra,
 * haversine, jensenshannon, hamming, jaccard, …).
 * @module
 */
import type { DistanceKernel, MetricParams } from '../core/metrics.js';
import { selectNth } from './kdTree.js';

/** A built ball tree. */
export interface BallTree {
  /** n×d points in tree order. */
  x: Float64Array;
  /** Original row index of each tree position. */
  index: Int32Array;
  n: number;
  d: number;
  nNodes: number;
  /** Node ranges [start, end) into the permuted points. */
  start: Int32Array;
  end: Int32Array;
  /** Children (−1 for a leaf). */
  left: Int32Array;
  right: Int32Array;
  /** Node centroids, nNodes×d (the mean of the node's points). */
  center: Float64Array;
  /** Max distance from the centroid to the node's points, under the metric. */
  radius: Float64Array;
}

/**
 * Builds a ball tree: each node splits the coordinate of largest spread at the median (quickselect), down to leaves
 * of at most `leafSize` points; radii are measured with `dist`. x n×d (IN, copied). O(n log n) distance
 * evaluations, O(n·d) memory.
 */
export function buildBallTree(
  x: Float64Array,
  n: number,
  d: number,
  dist: DistanceKernel,
  params: MetricParams,
  leafSize = 40,
): BallTree {
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const maxNodes = 2 * Math.ceil(n / Math.max(1, Math.floor(leafSize / 2))) + 1;
  const start = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const left = new Int32Array(maxNodes).fill(-1);
  const right = new Int32Array(maxNodes).fill(-1);
  let nNodes = 0;
  const stack: number[] = [];
  const newNode = (s: number, e: number): number => {
    const id = nNodes++;
    start[id] = s;
    end[id] = e;
    return id;
  };
  stack.push(newNode(0, n));
  while (stack.length > 0) {
    const id = stack.pop() as number;
    const s = start[id];
    const e = end[id];
    if (e - s <= leafSize) continue;
    let dim = 0;
    let spread = -1;
    for (let j = 0; j < d; j++) {
      let a = Number.POSITIVE_INFINITY;
      let b = Number.NEGATIVE_INFINITY;
      for (let t = s; t < e; t++) {
        const v = x[index[t] * d + j];
        if (v < a) a = v;
        if (v > b) b = v;
      }
      if (b - a > spread) {
        spread = b - a;
        dim = j;
      }
    }
    if (spread <= 0) continue; // all points equal: keep as a leaf
    const mid = (s + e) >>> 1;
    selectNth(index, x, d, dim, s, e - 1, mid);
    left[id] = newNode(s, mid);
    right[id] = newNode(mid, e);
    stack.push(left[id], right[id]);
  }
  const xt = new Float64Array(n * d);
  for (let t = 0; t < n; t++) xt.set(x.subarray(index[t] * d, index[t] * d + d), t * d);
  const center = new Float64Array(nNodes * d);
  const radius = new Float64Array(nNodes);
  for (let id = 0; id < nNodes; id++) {
    const o = id * d;
    const s = start[id];
    const e = end[id];
    for (let t = s; t < e; t++) for (let j = 0; j < d; j++) center[o + j] += xt[t * d + j];
    for (let j = 0; j < d; j++) center[o + j] /= e - s;
    let r = 0;
    for (let t = s; t < e; t++) {
      const v = dist(center, o, xt, t * d, d, params);
      if (v > r) r = v;
    }
    radius[id] = r;
  }
  return {
    x: xt,
    index,
    n,
    d,
    nNodes,
    start: start.slice(0, nNodes),
    end: end.slice(0, nNodes),
    left: left.slice(0, nNodes),
    right: right.slice(0, nNodes),
    center,
    radius,
  };
}
