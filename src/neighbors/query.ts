/**
 * Nearest-neighbour and radius searches over a fitted point set, by brute force, k-d tree or ball tree — one
 * {@link NeighborIndex} interface, the same answers from each (sorted by distance, ties by lowest index).
 * The base of NearestNeighbors, DBSCAN, OPTICS and HDBSCAN.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { MetricParams, ResolvedMetric } from '../core/metrics.js';
import { type BallTree, ballLowerBound, buildBallTree } from './ballTree.js';
import { buildKdTree, type KdTree } from './kdTree.js';

/** How a {@link NeighborIndex} searches. */
export type NeighborAlgorithm = 'auto' | 'kd-tree' | 'ball-tree' | 'brute';
/** Every neighbour-search algorithm name. */
export const NEIGHBOR_ALGORITHMS: readonly NeighborAlgorithm[] = ['auto', 'kd-tree', 'ball-tree', 'brute'];

/** A fitted point set that answers kNN and radius queries. */
export interface NeighborIndex {
  /** The algorithm in use (never 'auto'). */
  readonly algorithm: Exclude<NeighborAlgorithm, 'auto'>;
  /** Number of fitted points. */
  readonly n: number;
  /** Number of columns. */
  readonly d: number;
  /**
   * The k nearest fitted points of the query row at offset `oq` of `y`, skipping fitted row `exclude` (−1 for
   * none): distances and original row indices written ascending (ties by lowest index) at `outD[o..o+k)`,
   * `outI[o..o+k)`. y IN; outD, outI OUT. k must not exceed the points available.
   */
  knn(y: Float64Array, oq: number, k: number, exclude: number, outD: Float64Array, outI: Int32Array, o: number): void;
  /**
   * The fitted points within distance ≤ r of the query row at offset `oq` of `y`, skipping `exclude`, appended to
   * `idx`/`dist` (cleared first) sorted by distance, ties by lowest index. y IN; idx, dist OUT.
   */
  radius(y: Float64Array, oq: number, r: number, exclude: number, idx: number[], dist: number[]): void;
}

/** The algorithm 'auto' picks for a metric: a k-d tree where boxes bound it, a ball tree for other true metrics. */
export function autoAlgorithm(metric: ResolvedMetric): Exclude<NeighborAlgorithm, 'auto'> {
  const { info, params } = metric;
  if (info.kdTree && info.isTrueMetric(params)) return 'kd-tree';
  if (info.isTrueMetric(params)) return 'ball-tree';
  return 'brute';
}

/**
 * Builds a {@link NeighborIndex} over the rows of x (n×d, IN, copied by the trees; kept by reference for brute
 * force).
 * @throws {@link ValidationError} when `algorithm` cannot serve the metric (a k-d tree needs a Minkowski-family
 * metric with p ≥ 1, a ball tree a true metric), naming the algorithms that can
 */
export function buildNeighborIndex(
  x: Float64Array,
  n: number,
  d: number,
  metric: ResolvedMetric,
  algorithm: NeighborAlgorithm = 'auto',
  leafSize = 30,
): NeighborIndex {
  const { info, params } = metric;
  const algo = algorithm === 'auto' ? autoAlgorithm(metric) : algorithm;
  const trueMetric = info.isTrueMetric(params);
  if ((algo === 'kd-tree' && !(info.kdTree && trueMetric)) || (algo === 'ball-tree' && !trueMetric)) {
    const ok = ['brute', ...(trueMetric ? ['ball-tree'] : []), ...(info.kdTree && trueMetric ? ['kd-tree'] : [])];
    throw new ValidationError(
      `algorithm '${algo}' cannot search with metric '${info.name}'${info.name === 'minkowski' ? ` (p=${params.p})` : ''}: ` +
        `${algo === 'kd-tree' ? 'a k-d tree bounds only minkowski-family metrics with p >= 1' : 'a ball tree needs a true metric (triangle inequality)'}; ` +
        `use ${ok.map((a) => `'${a}'`).join(' or ')}.`,
      { param: 'algorithm' },
      'INVALID_OPTION',
    );
  }
  const dist = info.distance;
  if (algo === 'brute') return bruteIndex(x, n, d, dist, params);
  if (algo === 'kd-tree') {
    const tree = buildKdTree(x, new Float64Array(n).fill(1), n, d, leafSize);
    return kdIndex(tree, dist, params, boxBound(info.name, params));
  }
  return ballIndex(buildBallTree(x, n, d, dist, params, leafSize), dist, params);
}

/** Sorted top-k buffer: ascending by (distance, index). */
class TopK {
  readonly d: Float64Array;
  readonly i: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.d = new Float64Array(k);
    this.i = new Int32Array(k);
  }
  reset(): void {
    this.size = 0;
  }
  /** The current k-th distance (Infinity until full). */
  worst(): number {
    return this.size < this.k ? Number.POSITIVE_INFINITY : this.d[this.k - 1];
  }
  push(dist: number, idx: number): void {
    const { d, i, k } = this;
    let pos = this.size;
    if (pos === k) {
      if (dist > d[k - 1] || (dist === d[k - 1] && idx > i[k - 1])) return;
      pos = k - 1;
    } else this.size++;
    while (pos > 0 && (d[pos - 1] > dist || (d[pos - 1] === dist && i[pos - 1] > idx))) {
      d[pos] = d[pos - 1];
      i[pos] = i[pos - 1];
      pos--;
    }
    d[pos] = dist;
    i[pos] = idx;
  }
}

/** Sorts parallel arrays ascending by (distance, index). */
function sortPairs(idx: number[], dist: number[]): void {
  const m = idx.length;
  if (m < 2) return;
  const order = Array.from({ length: m }, (_, t) => t);
  order.sort((a, b) => dist[a] - dist[b] || idx[a] - idx[b]);
  const i2 = order.map((t) => idx[t]);
  const d2 = order.map((t) => dist[t]);
  for (let t = 0; t < m; t++) {
    idx[t] = i2[t];
    dist[t] = d2[t];
  }
}

let topCache: TopK | null = null;
function topK(k: number): TopK {
  if (topCache === null || topCache.k !== k) topCache = new TopK(k);
  topCache.reset();
  return topCache;
}

function copyOut(top: TopK, outD: Float64Array, outI: Int32Array, o: number): void {
  for (let t = 0; t < top.k; t++) {
    outD[o + t] = top.d[t];
    outI[o + t] = top.i[t];
  }
}

function bruteIndex(
  x: Float64Array,
  n: number,
  d: number,
  dist: (a: Float64Array, oa: number, b: Float64Array, ob: number, d: number, p: MetricParams) => number,
  params: MetricParams,
): NeighborIndex {
  return {
    algorithm: 'brute',
    n,
    d,
    knn(y, oq, k, exclude, outD, outI, o) {
      const top = topK(k);
      for (let i = 0; i < n; i++) {
        if (i === exclude) continue;
        const v = dist(y, oq, x, i * d, d, params);
        if (top.size < k || v <= top.d[k - 1]) top.push(v, i);
      }
      copyOut(top, outD, outI, o);
    },
    radius(y, oq, r, exclude, idx, out) {
      idx.length = 0;
      out.length = 0;
      for (let i = 0; i < n; i++) {
        if (i === exclude) continue;
        const v = dist(y, oq, x, i * d, d, params);
        if (v <= r) {
          idx.push(i);
          out.push(v);
        }
      }
      sortPairs(idx, out);
    },
  };
}

/** Lower bound of the distance from query row oq of y to a box [lo, hi] (rows `o` of lo/hi), per metric. */
type BoxBound = (y: Float64Array, oq: number, lo: Float64Array, hi: Float64Array, o: number, d: number) => number;

/**
 * The metric applied to the per-coordinate gaps between a query and a box: a lower bound of the distance to every
 * point in the box (exactly, in floating point: each gap rounds no larger than the point's difference).
 */
function boxBound(name: string, params: MetricParams): BoxBound {
  const { w } = params;
  const p = name === 'euclidean' ? 2 : name === 'cityblock' ? 1 : name === 'chebyshev' ? Infinity : params.p;
  const gap = (v: number, a: number, b: number): number => (v < a ? a - v : v > b ? v - b : 0);
  if (p === Infinity) {
    return (y, oq, lo, hi, o, d) => {
      let m = 0;
      for (let j = 0; j < d; j++) {
        if (w !== null && w[j] === 0) continue;
        const g = gap(y[oq + j], lo[o + j], hi[o + j]);
        if (g > m) m = g;
      }
      return m;
    };
  }
  if (p === 2 && w === null) {
    return (y, oq, lo, hi, o, d) => {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const g = gap(y[oq + j], lo[o + j], hi[o + j]);
        s += g * g;
      }
      return Math.sqrt(s);
    };
  }
  if (p === 1 && w === null) {
    return (y, oq, lo, hi, o, d) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += gap(y[oq + j], lo[o + j], hi[o + j]);
      return s;
    };
  }
  return (y, oq, lo, hi, o, d) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (w === null ? 1 : w[j]) * gap(y[oq + j], lo[o + j], hi[o + j]) ** p;
    // A hair below, so that rounding in the power never lifts the bound above a true distance.
    return s ** (1 / p) * (1 - 1e-12);
  };
}

/** A tree's node layout, as both trees store it. */
type Tree = Pick<KdTree, 'x' | 'index' | 'd' | 'nNodes' | 'start' | 'end' | 'left' | 'right'>;

/** kNN and radius search over a tree, given a lower bound of the distance from a query to a node. */
function treeIndex(
  t: Tree,
  algorithm: 'kd-tree' | 'ball-tree',
  dist: (a: Float64Array, oa: number, b: Float64Array, ob: number, d: number, p: MetricParams) => number,
  params: MetricParams,
  bound: (y: Float64Array, oq: number, node: number) => number,
): NeighborIndex {
  const { x, index, d, start, end, left, right } = t;
  const stackNode = new Int32Array(t.nNodes + 2);
  const stackLb = new Float64Array(t.nNodes + 2);
  return {
    algorithm,
    n: index.length,
    d,
    knn(y, oq, k, exclude, outD, outI, o) {
      const top = topK(k);
      let sp = 0;
      stackNode[sp] = 0;
      stackLb[sp++] = bound(y, oq, 0);
      while (sp > 0) {
        sp--;
        const node = stackNode[sp];
        if (stackLb[sp] > top.worst()) continue;
        const L = left[node];
        if (L < 0) {
          for (let p = start[node]; p < end[node]; p++) {
            const i = index[p];
            if (i === exclude) continue;
            const v = dist(y, oq, x, p * d, d, params);
            if (top.size < k || v <= top.d[k - 1]) top.push(v, i);
          }
          continue;
        }
        const R = right[node];
        const lb = bound(y, oq, L);
        const rb = bound(y, oq, R);
        // Push the farther child first so that the closer one is searched next.
        if (lb <= rb) {
          stackNode[sp] = R;
          stackLb[sp++] = rb;
          stackNode[sp] = L;
          stackLb[sp++] = lb;
        } else {
          stackNode[sp] = L;
          stackLb[sp++] = lb;
          stackNode[sp] = R;
          stackLb[sp++] = rb;
        }
      }
      copyOut(top, outD, outI, o);
    },
    radius(y, oq, r, exclude, idx, out) {
      idx.length = 0;
      out.length = 0;
      let sp = 0;
      stackNode[sp++] = 0;
      while (sp > 0) {
        const node = stackNode[--sp];
        if (bound(y, oq, node) > r) continue;
        const L = left[node];
        if (L >= 0) {
          stackNode[sp++] = right[node];
          stackNode[sp++] = L;
          continue;
        }
        for (let p = start[node]; p < end[node]; p++) {
          const i = index[p];
          if (i === exclude) continue;
          const v = dist(y, oq, x, p * d, d, params);
          if (v <= r) {
            idx.push(i);
            out.push(v);
          }
        }
      }
      sortPairs(idx, out);
    },
  };
}

function kdIndex(
  t: KdTree,
  dist: (a: Float64Array, oa: number, b: Float64Array, ob: number, d: number, p: MetricParams) => number,
  params: MetricParams,
  box: BoxBound,
): NeighborIndex {
  const { lo, hi, d } = t;
  return treeIndex(t, 'kd-tree', dist, params, (y, oq, node) => box(y, oq, lo, hi, node * d, d));
}

/** The ball tree behind each 'ball-tree' index (kept out of the public interface). */
const ballTrees = new WeakMap<NeighborIndex, BallTree>();

/** The ball tree behind a 'ball-tree' index, for callers that traverse it themselves (HDBSCAN's Borůvka). @internal */
export function ballTreeOf(index: NeighborIndex): BallTree | undefined {
  return ballTrees.get(index);
}

function ballIndex(
  t: BallTree,
  dist: (a: Float64Array, oa: number, b: Float64Array, ob: number, d: number, p: MetricParams) => number,
  params: MetricParams,
): NeighborIndex {
  const { center, radius, d } = t;
  const index = treeIndex(t, 'ball-tree', dist, params, (y, oq, node) =>
    ballLowerBound(dist(y, oq, center, node * d, d, params), radius[node]),
  );
  ballTrees.set(index, t);
  return index;
}
