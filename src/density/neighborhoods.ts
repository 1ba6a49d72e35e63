/**
 * The neighbour searches behind DBSCAN, OPTICS and HDBSCAN: radius counts and lists, k-th-neighbour (core)
 * distances and pair distances, over a k-d tree (the one in `kdTree.ts`), a brute-force scan or a precomputed
 * square distance matrix. Nothing here holds more than O(n) memory besides the data (and the matrix when the
 * caller passed one).
 * @remarks
 * Minkowski-family metrics compare "reduced" distances, as scikit-learn's trees do: Σ|u|^p against r^p (Σu²
 * against r² for euclidean), so a point at exactly distance r is inside whenever its reduced distance is.
 * @internal
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkNumber, checkOneOf } from '../core/validate.js';
import { buildKdTree, type KdTree } from './kdTree.js';

/** Metrics accepted by DBSCAN, OPTICS and HDBSCAN (scikit-learn's names; `l1`/`l2` are aliases). */
export const DENSITY_CLUSTER_METRICS = [
  'euclidean',
  'l2',
  'manhattan',
  'cityblock',
  'l1',
  'chebyshev',
  'minkowski',
  'precomputed',
] as const;
/** One of {@link DENSITY_CLUSTER_METRICS}. */
export type DensityClusterMetric = (typeof DENSITY_CLUSTER_METRICS)[number];

/** Neighbour-search algorithms (scikit-learn's names, with `kd-tree`/`ball-tree` hyphenated as in DESIGN). */
export const NEIGHBOR_ALGORITHMS = ['auto', 'kd-tree', 'ball-tree', 'brute'] as const;
/** One of {@link NEIGHBOR_ALGORITHMS}. */
export type NeighborAlgorithm = (typeof NEIGHBOR_ALGORITHMS)[number];

/** A Minkowski exponent: 1 (manhattan), 2 (euclidean), p, or Infinity (chebyshev). */
export function metricExponent(metric: DensityClusterMetric, p: number): number {
  switch (metric) {
    case 'euclidean':
    case 'l2':
      return 2;
    case 'manhattan':
    case 'cityblock':
    case 'l1':
      return 1;
    case 'chebyshev':
      return Number.POSITIVE_INFINITY;
    case 'minkowski':
      return p;
    case 'precomputed':
      return Number.NaN;
  }
}

/** Validates `metric` and `p` (p ≥ 1, used only by minkowski). */
export function checkMetric(metric: unknown, p: unknown): { metric: DensityClusterMetric; p: number } {
  const m = checkOneOf(metric ?? 'euclidean', DENSITY_CLUSTER_METRICS, 'metric');
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
function reducedDist(x: Float64Array, a: number, y: Float64Array, b: number, d: number, q: number): number {
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

const toReduced = (r: number, q: number): number =>
  q === 2 ? r * r : q === 1 || q === Number.POSITIVE_INFINITY ? r : r ** q;
const fromReduced = (s: number, q: number): number =>
  q === 2 ? Math.sqrt(s) : q === 1 || q === Number.POSITIVE_INFINITY ? s : s ** (1 / q);

/**
 * The neighbour structure over n fitted rows. `radius` lists rows j with dist(i, j) ≤ r (i itself included);
 * `query*` do the same for an outside point; `kthDistance` is the distance to the k-th nearest fitted row,
 * counting row i itself as the first (scikit-learn's `kneighbors(X, k)[0][:, -1]`).
 */
export interface NeighborIndex {
  readonly n: number;
  readonly kind: 'kd-tree' | 'brute' | 'precomputed';
  /** Distance between fitted rows i and j. */
  dist(i: number, j: number): number;
  /** Rows within r of fitted row i (out is cleared first). */
  radius(i: number, r: number, out: IndexBuffer): void;
  /** k-th nearest distance of fitted row i, itself counted. */
  kthDistance(i: number, k: number, heap: Float64Array): number;
  /** The k nearest fitted rows of an outside point q (length d), ascending; writes k indices and distances. */
  queryKnn(q: Float64Array, k: number, idx: Int32Array, dist: Float64Array): void;
}

/** Builds the neighbour index for `x` (n×d) or a precomputed n×n matrix. */
export function buildNeighborIndex(
  x: Matrix,
  metric: DensityClusterMetric,
  p: number,
  algorithm: NeighborAlgorithm,
  leafSize: number,
): NeighborIndex {
  if (metric === 'precomputed') return precomputedIndex(x);
  const q = metricExponent(metric, p);
  const useTree = algorithm === 'kd-tree' || algorithm === 'ball-tree' || (algorithm === 'auto' && x.cols <= 15);
  return useTree ? treeIndex(x, q, leafSize) : bruteIndex(x, q);
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

function knnScan(
  data: Float64Array,
  n: number,
  d: number,
  qv: Float64Array,
  q: number,
  k: number,
  idx: Int32Array,
  dist: Float64Array,
): void {
  dist.fill(Number.POSITIVE_INFINITY, 0, k);
  idx.fill(-1, 0, k);
  for (let j = 0; j < n; j++) {
    const s = reducedDist(qv, 0, data, j, d, q);
    if (!(s < dist[k - 1])) continue;
    let t = k - 1;
    while (t > 0 && dist[t - 1] > s) {
      dist[t] = dist[t - 1];
      idx[t] = idx[t - 1];
      t--;
    }
    dist[t] = s;
    idx[t] = j;
  }
  for (let t = 0; t < k; t++) dist[t] = fromReduced(dist[t], q);
}

function bruteIndex(x: Matrix, q: number): NeighborIndex {
  const { rows: n, cols: d, data } = x;
  return {
    n,
    kind: 'brute',
    dist: (i, j) => fromReduced(reducedDist(data, i, data, j, d, q), q),
    radius(i, r, out) {
      out.length = 0;
      const rr = toReduced(r, q);
      for (let j = 0; j < n; j++) if (reducedDist(data, i, data, j, d, q) <= rr) out.push(j);
    },
    kthDistance(i, k, best) {
      best.fill(Number.POSITIVE_INFINITY, 0, k);
      for (let j = 0; j < n; j++) insertSmallest(best, k, reducedDist(data, i, data, j, d, q));
      return fromReduced(best[k - 1], q);
    },
    queryKnn(qv, k, idx, dist) {
      knnScan(data, n, d, qv, q, k, idx, dist);
    },
  };
}

/** Reduced distance from point (v, off) to node's bounding box. */
function boxReduced(t: KdTree, node: number, v: Float64Array, off: number, q: number): number {
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
        const dl = boxReduced(t, l, v, off, q);
        const dr = boxReduced(t, r, v, off, q);
        if (dl <= dr) {
          stack[sp++] = r;
          stack[sp++] = l;
        } else {
          stack[sp++] = l;
          stack[sp++] = r;
        }
        continue;
      }
      for (let u = t.start[node]; u < t.end[node]; u++) {
        const s = reducedDist(v, off / d, t.x, u, d, q);
        if (!(s < dist[k - 1])) continue;
        let w = k - 1;
        while (w > 0 && dist[w - 1] > s) {
          dist[w] = dist[w - 1];
          idx[w] = idx[w - 1];
          w--;
        }
        dist[w] = s;
        idx[w] = t.index[u];
      }
    }
  };
  return {
    n,
    kind: 'kd-tree',
    dist: (i, j) => fromReduced(reducedDist(data, i, data, j, d, q), q),
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
