/**
 * A ball tree: the k-d tree's partition (median splits of the widest side, so each node holds a contiguous range
 * of the permuted points) with, per node, the centroid and the radius of the smallest ball around it that
 * contains the node's points under the metric. Prunes with the triangle inequality, so it serves every true
 * metric of the registry, including those a k-d tree's boxes cannot bound (seuclidean, mahalanobis, canberra,
 * haversine, jensenshannon, hamming, jaccard, …).
 * @module
 */
import type { DistanceKernel, MetricParams } from '../core/metrics.js';
import { buildKdTree, type KdTree } from './kdTree.js';

/** A built ball tree: the k-d tree's node layout plus a ball per node. */
export interface BallTree extends KdTree {
  /** Node centroids, nNodes×d (the mean of the node's points). */
  center: Float64Array;
  /** Max distance from the centroid to the node's points, under the metric. */
  radius: Float64Array;
}

/**
 * A lower bound of d(u, v) over every v in a ball of radius r whose centre lies at distance dc from u, by the
 * triangle inequality (dc − r), less a relative hair (10⁻¹² of dc + r) for the rounding of both distances, so that
 * a bound never exceeds a distance it bounds and pruning on it is never wrong. Two balls: r = r_A + r_B.
 */
export function ballLowerBound(dc: number, r: number): number {
  const lb = dc - r - 1e-12 * (dc + r);
  return lb > 0 ? lb : 0;
}

/**
 * Builds a ball tree over the rows of x (n×d, IN, copied), down to leaves of at most `leafSize` points; radii are
 * measured with `dist`. O(n log n) time and distance evaluations, O(n·d) memory.
 */
export function buildBallTree(
  x: Float64Array,
  n: number,
  d: number,
  dist: DistanceKernel,
  params: MetricParams,
  leafSize = 40,
): BallTree {
  const t = buildKdTree(x, new Float64Array(n).fill(1), n, d, leafSize);
  const { nNodes, start, end } = t;
  const xt = t.x;
  const center = new Float64Array(nNodes * d);
  const radius = new Float64Array(nNodes);
  for (let id = 0; id < nNodes; id++) {
    const o = id * d;
    const s = start[id];
    const e = end[id];
    for (let i = s; i < e; i++) for (let j = 0; j < d; j++) center[o + j] += xt[i * d + j];
    for (let j = 0; j < d; j++) center[o + j] /= e - s;
    let r = 0;
    for (let i = s; i < e; i++) {
      const v = dist(center, o, xt, i * d, d, params);
      if (v > r) r = v;
    }
    radius[id] = r;
  }
  return { ...t, center, radius };
}
