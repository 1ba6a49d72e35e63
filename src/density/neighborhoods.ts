/**
 * The neighbour searches behind DBSCAN, OPTICS and HDBSCAN, over `src/neighbors` (k-d tree, ball tree, brute force
 * with every metric of the registry) or a precomputed square distance matrix: radius lists, k-th-neighbour (core)
 * distances, pair distances. Nothing here holds more than O(n) memory besides the data (and the matrix when the
 * caller passed one).
 * @internal
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { METRIC_NAMES, type MetricName, type ResolvedMetric, resolveMetric } from '../core/metrics.js';
import { checkNumber, checkOneOf } from '../core/validate.js';
import type { BallTree } from '../neighbors/ballTree.js';
import { buildKdTree, type KdTree } from '../neighbors/kdTree.js';
import {
  ballTreeOf,
  buildNeighborIndex as buildIndex,
  NEIGHBOR_ALGORITHMS,
  type NeighborAlgorithm,
} from '../neighbors/query.js';

export { NEIGHBOR_ALGORITHMS, type NeighborAlgorithm };

/** scikit-learn's aliases, mapped onto the registry's (SciPy's) names. */
const ALIASES = { manhattan: 'cityblock', l1: 'cityblock', l2: 'euclidean' } as const;

/**
 * Metrics accepted by DBSCAN, OPTICS and HDBSCAN: every metric of the registry (SciPy's names), scikit-learn's
 * aliases `manhattan`, `l1`, `l2`, and `precomputed`.
 */
export const DENSITY_CLUSTER_METRICS = [...METRIC_NAMES, 'manhattan', 'l1', 'l2', 'precomputed'] as const;
/** One of `DENSITY_CLUSTER_METRICS`. */
export type DensityClusterMetric = MetricName | keyof typeof ALIASES | 'precomputed';

/** The registry name of a metric option (aliases resolved). */
export function registryMetric(metric: DensityClusterMetric): MetricName | 'precomputed' {
  return (ALIASES as Record<string, MetricName>)[metric] ?? (metric as MetricName | 'precomputed');
}

/**
 * A Minkowski exponent for the k-d-tree Borůvka path: 1 (cityblock), 2 (euclidean), p (minkowski), Infinity
 * (chebyshev); NaN for every other metric.
 */
export function metricExponent(metric: DensityClusterMetric, p: number): number {
  switch (registryMetric(metric)) {
    case 'euclidean':
      return 2;
    case 'cityblock':
      return 1;
    case 'chebyshev':
      return Number.POSITIVE_INFINITY;
    case 'minkowski':
      return p >= 1 ? p : Number.NaN;
    default:
      return Number.NaN;
  }
}

/** Validates `metric` and `p` (p ≥ 1, used only by minkowski). */
export function checkMetric(metric: unknown, p: unknown): { metric: DensityClusterMetric; p: number } {
  const m = checkOneOf(metric ?? 'euclidean', DENSITY_CLUSTER_METRICS, 'metric') as DensityClusterMetric;
  const pp = checkNumber(p ?? 2, 'p', 1);
  return { metric: m, p: pp };
}

/** A growable list of row indices (no per-query allocation). */
export class IndexBuffer {
  data = new Int32Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Reduced distance Σ|u|^q (q = 2: squared, q = ∞: max) between row a of x and row b of y. */
export function reducedDist(x: Float64Array, a: number, y: Float64Array, b: number, d: number, q: number): number {
  let s = 0;
  const ia = a * d;
  const ib = b * d;
  if (q === 2) {
    for (let j = 0; j < d; j++) {
      const u = x[ia + j] - y[ib + j];
      s += u * u;
    }
  } else if (q === 1) {
    for (let j = 0; j < d; j++) s += Math.abs(x[ia + j] - y[ib + j]);
  } else if (q === Number.POSITIVE_INFINITY) {
    for (let j = 0; j < d; j++) {
      const u = Math.abs(x[ia + j] - y[ib + j]);
      if (u > s) s = u;
    }
  } else {
    for (let j = 0; j < d; j++) s += Math.abs(x[ia + j] - y[ib + j]) ** q;
  }
  return s;
}

/** Reduced radius r^q (r² for q = 2, r for q = 1 or ∞), compared against {@link reducedDist}. */
export const toReduced = (r: number, q: number): number =>
  q === 2 ? r * r : q === 1 || q === Number.POSITIVE_INFINITY ? r : r ** q;
/** Distance from a reduced distance (√ for q = 2, s^(1/q) for other finite q ≠ 1). */
export const fromReduced = (s: number, q: number): number =>
  q === 2 ? Math.sqrt(s) : q === 1 || q === Number.POSITIVE_INFINITY ? s : s ** (1 / q);

/**
 * The neighbour structure over n fitted rows. `radius` lists rows j with dist(i, j) ≤ r (i itself included);
 * `query*` do the same for an outside point; `kthDistance` is the distance to the k-th nearest fitted row,
 * counting row i itself as the first (scikit-learn's `kneighbors(X, k)[0][:, -1]`).
 */
export interface NeighborIndex {
  readonly n: number;
  readonly kind: 'kd-tree' | 'ball-tree' | 'brute' | 'precomputed';
  /** Distance between fitted rows i and j. */
  dist(i: number, j: number): number;
  /** Distance between an outside point q (length d) and fitted row j. */
  distTo(q: Float64Array, j: number): number;
  /** Rows within r of fitted row i (out is cleared first). */
  radius(i: number, r: number, out: IndexBuffer): void;
  /** k-th nearest distance of fitted row i, itself counted. */
  kthDistance(i: number, k: number, heap: Float64Array): number;
  /** The k nearest fitted rows of an outside point q (length d), ascending; writes k indices and distances. */
  queryKnn(q: Float64Array, k: number, idx: Int32Array, dist: Float64Array): void;
  /**
   * Minkowski-family indices only: the rows (n×d, row-major) and the exponent q such that
   * `dist(i, j) = fromReduced(reducedDist(x, i, x, j, d, q), q)`, for callers that scan many pairs in a flat loop.
   */
  readonly minkowski?: { readonly x: Float64Array; readonly d: number; readonly q: number };
  /** The k-d tree behind a Minkowski-family index (unit weights), for callers that traverse it themselves. */
  readonly kdTree?: KdTree;
  /** The ball tree behind a 'ball-tree' index, for callers that traverse it themselves. */
  readonly ballTree?: BallTree;
}

/**
 * The k-th nearest distance of every fitted row, itself counted (`index.kthDistance` for each row), into out
 * (n, OUT, row order). On a k-d tree index the rows go leaf by leaf: each search starts with the row's own leaf
 * (a tight k-th bound at once) and then prunes the rest of the tree against it. The k-th smallest distance does
 * not depend on the search order, so the values are those of `kthDistance`, bit for bit. `neighbors` (n×k, OUT,
 * written only on a k-d tree index, which the return value says) receives the rows of those k nearest
 * (ascending distance; ties in search order).
 */
export function kthDistances(index: NeighborIndex, k: number, out: Float64Array, neighbors?: Int32Array): boolean {
  const t = index.kdTree;
  const mk = index.minkowski;
  const best = new Float64Array(k);
  const bestIdx = new Int32Array(k);
  if (t === undefined || mk === undefined) {
    for (let i = 0; i < index.n; i++) out[i] = index.kthDistance(i, k, best);
    return false;
  }
  const { x: tx, d, start, end, left, right, nNodes } = t;
  const q = mk.q;
  const stack = new Int32Array(2 * nNodes + 2);
  const visit = (u: number, lo: number, hi: number): void => {
    for (let v = lo; v < hi; v++) {
      let s: number;
      if (q === 2) {
        s = 0;
        for (let j = 0, ou = u * d, ov = v * d; j < d; j++) {
          const g = tx[ou + j] - tx[ov + j];
          s += g * g;
        }
      } else s = reducedDist(tx, u, tx, v, d, q);
      insertNearest(best, bestIdx, k, s, v);
    }
  };
  for (let leaf = 0; leaf < nNodes; leaf++) {
    if (left[leaf] >= 0) continue;
    for (let u = start[leaf]; u < end[leaf]; u++) {
      best.fill(Number.POSITIVE_INFINITY);
      visit(u, start[leaf], end[leaf]);
      const ou = u * d;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        if (node === leaf || !(boxReduced(t, node, tx, ou, q) < best[k - 1])) continue;
        const l = left[node];
        if (l >= 0) {
          const r = right[node];
          sp = pushNearestLast(stack, sp, l, r, boxReduced(t, l, tx, ou, q) <= boxReduced(t, r, tx, ou, q));
        } else visit(u, start[node], end[node]);
      }
      const row = t.index[u];
      out[row] = fromReduced(best[k - 1], q);
      if (neighbors !== undefined) for (let w = 0; w < k; w++) neighbors[row * k + w] = t.index[bestIdx[w]];
    }
  }
  return true;
}

/**
 * The registry metric of a density-clustering `metric` option (aliases resolved) with its parameters for x (n×d):
 * p for minkowski, seuclidean's V and mahalanobis' VI from the data.
 * @throws {@link ValidationError} when x does not suit the metric (e.g. haversine on other than 2 columns)
 */
export function resolveDensityMetric(
  x: Matrix,
  metric: Exclude<DensityClusterMetric, 'precomputed'>,
  p: number,
  where: string,
): ResolvedMetric {
  const name = registryMetric(metric) as MetricName;
  return resolveMetric({ metric: name, p: name === 'minkowski' ? p : undefined }, [x], where);
}

/**
 * Builds the neighbour index for `x` (n×d) or a precomputed n×n matrix. `resolved`, when given, is
 * {@link resolveDensityMetric}'s result for x, metric and p (not computed again).
 */
export function buildNeighborIndex(
  x: Matrix,
  metric: DensityClusterMetric,
  p: number,
  algorithm: NeighborAlgorithm,
  leafSize: number,
  where = 'DBSCAN',
  resolved?: ResolvedMetric,
): NeighborIndex {
  if (metric === 'precomputed') return precomputedIndex(x);
  resolved ??= resolveDensityMetric(x, metric, p, where);
  const q = metricExponent(metric, p);
  // Minkowski family on a tree: unsorted radius lists over the shared k-d tree, compared in reduced distances
  // (Σ|u|^p against r^p, as scikit-learn's trees); other metrics and algorithms go through src/neighbors.
  if (!Number.isNaN(q) && (algorithm === 'auto' || algorithm === 'kd-tree')) return treeIndex(x, q, leafSize);
  return registryIndex(x, resolved, algorithm, leafSize);
}

/**
 * Checks a precomputed distance matrix: square, no NaN, no negative entries.
 * @throws {@link ValidationError} naming the shape or the first bad cell
 */
export function checkPrecomputed(x: Matrix): void {
  if (x.rows !== x.cols) {
    throw new ValidationError(
      `metric='precomputed' needs a square n×n distance matrix; got ${x.rows}×${x.cols}. Pass the distances between every pair of rows, or pass the data with a metric name.`,
      { param: 'X' },
    );
  }
  const v = x.data;
  for (let t = 0; t < v.length; t++) {
    if (!(v[t] >= 0)) {
      const row = Math.floor(t / x.cols);
      const col = t % x.cols;
      throw new ValidationError(
        `metric='precomputed' needs non-negative distances; X[${row}][${col}] = ${v[t]}. Distances must be >= 0 and not NaN.`,
        { param: 'X', row, col },
      );
    }
  }
}

/** Inserts (s, id) into the ascending top-k buffers dist/idx (length k) when s beats the k-th; ties keep the earlier. */
function insertNearest(dist: Float64Array, idx: Int32Array, k: number, s: number, id: number): void {
  if (!(s < dist[k - 1])) return;
  let w = k - 1;
  while (w > 0 && dist[w - 1] > s) {
    dist[w] = dist[w - 1];
    idx[w] = idx[w - 1];
    w--;
  }
  dist[w] = s;
  idx[w] = id;
}

/** Inserts s into the max-heap-free sorted top-k buffer `best` (ascending, length k); returns the new k-th. */
function insertSmallest(best: Float64Array, k: number, s: number): void {
  if (!(s < best[k - 1])) return;
  let t = k - 1;
  while (t > 0 && best[t - 1] > s) {
    best[t] = best[t - 1];
    t--;
  }
  best[t] = s;
}

function precomputedIndex(x: Matrix): NeighborIndex {
  const n = x.rows;
  const D = x.data;
  return {
    n,
    kind: 'precomputed',
    dist: (i, j) => D[i * n + j],
    distTo: () => Number.NaN,
    radius(i, r, out) {
      out.length = 0;
      const o = i * n;
      for (let j = 0; j < n; j++) if (D[o + j] <= r) out.push(j);
    },
    kthDistance(i, k, best) {
      best.fill(Number.POSITIVE_INFINITY, 0, k);
      const o = i * n;
      for (let j = 0; j < n; j++) insertSmallest(best, k, D[o + j]);
      return best[k - 1];
    },
    queryKnn() {
      throw new ValidationError(
        "Queries need feature vectors; a model fitted with metric='precomputed' cannot place new points.",
        { param: 'metric' },
      );
    },
  };
}

/** Adapts a `src/neighbors` index to the row-oriented queries the density algorithms make. */
function registryIndex(
  x: Matrix,
  metric: ResolvedMetric,
  algorithm: NeighborAlgorithm,
  leafSize: number,
): NeighborIndex {
  const { rows: n, cols: d, data } = x;
  const index = buildIndex(data, n, d, metric, algorithm, leafSize);
  const dist = metric.info.distance;
  const params = metric.params;
  const idx: number[] = [];
  const dd: number[] = [];
  let kd = new Float64Array(1);
  let ki = new Int32Array(1);
  return {
    n,
    kind: index.algorithm,
    ballTree: ballTreeOf(index),
    dist: (i, j) => dist(data, i * d, data, j * d, d, params),
    distTo: (qv, j) => dist(qv, 0, data, j * d, d, params),
    radius(i, r, out) {
      index.radius(data, i * d, r, -1, idx, dd);
      out.length = 0;
      for (let t = 0; t < idx.length; t++) out.push(idx[t]);
    },
    kthDistance(i, k) {
      if (kd.length < k) {
        kd = new Float64Array(k);
        ki = new Int32Array(k);
      }
      index.knn(data, i * d, k, -1, kd, ki, 0);
      return kd[k - 1];
    },
    queryKnn(qv, k, outI, outD) {
      index.knn(qv, 0, k, -1, outD, outI, 0);
    },
  };
}

/** Pushes two children on a depth-first stack so that the nearer (`leftFirst` ? l : r) is popped first; returns the new top. */
export function pushNearestLast(stack: Int32Array, sp: number, l: number, r: number, leftFirst: boolean): number {
  stack[sp] = leftFirst ? r : l;
  stack[sp + 1] = leftFirst ? l : r;
  return sp + 2;
}

/** Root of x in a union-find forest, halving the path on the way (IN/OUT parent). */
export function findRoot(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** Reduced distance from point (v, off) to node's bounding box. */
export function boxReduced(t: KdTree, node: number, v: Float64Array, off: number, q: number): number {
  const d = t.d;
  const o = node * d;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const c = v[off + j];
    const a = t.lo[o + j];
    const b = t.hi[o + j];
    const gap = c < a ? a - c : c > b ? c - b : 0;
    if (q === 2) s += gap * gap;
    else if (q === 1) s += gap;
    else if (q === Number.POSITIVE_INFINITY) s = gap > s ? gap : s;
    else s += gap ** q;
  }
  return s;
}

function treeIndex(x: Matrix, q: number, leafSize: number): NeighborIndex {
  const { rows: n, cols: d, data } = x;
  const t = buildKdTree(data, new Float64Array(n).fill(1), n, d, leafSize);
  const stack = new Int32Array(4 * (t.nNodes + 1));
  const rowBuf = new Float64Array(d);
  let idxBuf = new Int32Array(1);
  /** k nearest of point (v, off) in reduced distances, ascending, into dist/idx (length k). */
  const knn = (v: Float64Array, off: number, k: number, idx: Int32Array, dist: Float64Array): void => {
    dist.fill(Number.POSITIVE_INFINITY, 0, k);
    idx.fill(-1, 0, k);
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      if (!(boxReduced(t, node, v, off, q) < dist[k - 1])) continue;
      const l = t.left[node];
      if (l >= 0) {
        const r = t.right[node];
        sp = pushNearestLast(stack, sp, l, r, boxReduced(t, l, v, off, q) <= boxReduced(t, r, v, off, q));
        continue;
      }
      for (let u = t.start[node]; u < t.end[node]; u++) {
        insertNearest(dist, idx, k, reducedDist(v, off / d, t.x, u, d, q), t.index[u]);
      }
    }
  };
  return {
    n,
    kind: 'kd-tree',
    minkowski: { x: data, d, q },
    kdTree: t,
    dist: (i, j) => fromReduced(reducedDist(data, i, data, j, d, q), q),
    distTo: (qv, j) => fromReduced(reducedDist(qv, 0, data, j, d, q), q),
    radius(i, r, out) {
      out.length = 0;
      const rr = toReduced(r, q);
      const off = i * d;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        if (boxReduced(t, node, data, off, q) > rr) continue;
        if (t.left[node] >= 0) {
          stack[sp++] = t.right[node];
          stack[sp++] = t.left[node];
          continue;
        }
        for (let u = t.start[node]; u < t.end[node]; u++) {
          if (reducedDist(data, i, t.x, u, d, q) <= rr) out.push(t.index[u]);
        }
      }
    },
    kthDistance(i, k, best) {
      if (idxBuf.length < k) idxBuf = new Int32Array(k);
      knn(data, i * d, k, idxBuf, best);
      return fromReduced(best[k - 1], q);
    },
    queryKnn(qv, k, idx, dist) {
      rowBuf.set(qv.subarray(0, d));
      knn(rowBuf, 0, k, idx, dist);
      for (let w = 0; w < k; w++) dist[w] = fromReduced(dist[w], q);
    },
  };
}
