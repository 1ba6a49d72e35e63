/**
 * Distance kernels over flat row-major Float64Arrays.
 *
 * Kernels are pure functions with small signatures (buffers + sizes + offsets), allocate nothing per point and do
 * no validation, so that a WebAssembly SIMD backend can replace them behind the same signature. Validation
 * belongs to the public functions that call them.
 * @module
 */
import { CapacityError, formatBytes, ValidationError } from './errors.js';
import { type Matrix, type MatrixLike, toMatrix } from './matrix.js';
import { checkOneOf } from './validate.js';

/** Metrics understood by {@link pdist}, {@link cdist} and the algorithms that take a `metric` option. */
export type Metric = 'euclidean' | 'sqeuclidean' | 'cityblock' | 'cosine' | 'chebyshev';
/** Every supported metric name. */
export const METRICS: readonly Metric[] = ['euclidean', 'sqeuclidean', 'cityblock', 'cosine', 'chebyshev'];

/**
 * Squared Euclidean distance between row `ia` of `a` and row `ib` of `b` (both d columns): Σⱼ (aᵢⱼ − bᵢⱼ)².
 * `a`, `b` IN.
 */
export function sqDist(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  const oa = ia * d;
  const ob = ib * d;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[oa + j] - b[ob + j];
    s += t * t;
  }
  return s;
}

/** Squared row norms ‖xᵢ‖² of an n×d matrix. x IN, out (length n) OUT. */
export function rowSqNorms(x: Float64Array, n: number, d: number, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = x[o + j];
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

/**
 * Distance between row `ia` of `a` and row `ib` of `b` under `metric`.
 * Cosine distance is 1 − a·b / (‖a‖‖b‖), with 0 for two zero vectors' angle undefined → treated as 1 − 0 = 1
 * unless both are zero, as SciPy does (NaN-free: a zero vector has distance 1 to others... see remarks of pdist).
 */
export function metricDist(
  a: Float64Array,
  ia: number,
  b: Float64Array,
  ib: number,
  d: number,
  metric: Metric,
): number {
  const oa = ia * d;
  const ob = ib * d;
  switch (metric) {
    case 'euclidean':
      return Math.sqrt(sqDist(a, ia, b, ib, d));
    case 'sqeuclidean':
      return sqDist(a, ia, b, ib, d);
    case 'cityblock': {
      let s = 0;
      for (let j = 0; j < d; j++) s += Math.abs(a[oa + j] - b[ob + j]);
      return s;
    }
    case 'chebyshev': {
      let m = 0;
      for (let j = 0; j < d; j++) {
        const t = Math.abs(a[oa + j] - b[ob + j]);
        if (t > m) m = t;
      }
      return m;
    }
    case 'cosine': {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let j = 0; j < d; j++) {
        const u = a[oa + j];
        const v = b[ob + j];
        dot += u * v;
        na += u * u;
        nb += v * v;
      }
      const r = 1 - dot / Math.sqrt(na * nb);
      // Clamp tiny negative rounding (identical directions) to 0, as SciPy does.
      return r < 0 ? 0 : r;
    }
  }
}

/** Index of pair (i, j), i < j, in a condensed distance vector of n points: n·i − i(i+1)/2 + j − i − 1. */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - (i * (i + 1)) / 2 + j - i - 1;
}

/** Default memory budget for n² buffers: 2 GiB, overridable per call. */
export const DEFAULT_MEMORY_BUDGET = 2 * 1024 ** 3;

/**
 * Throws a {@link CapacityError} if `bytes` exceed `budget`, naming the size and a remedy.
 */
export function checkBudget(bytes: number, budget: number, what: string, remedy: string): void {
  if (bytes > budget) {
    throw new CapacityError(
      `${what} needs ${formatBytes(bytes)}, over the memory budget of ${formatBytes(budget)}; ${remedy}`,
      bytes,
      budget,
    );
  }
}

/** Rejects vectors of zero norm under the cosine metric (their angle is undefined). */
export function checkNoZeroRows(m: Matrix, name: string): void {
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) s += m.data[o + j] * m.data[o + j];
    if (s === 0) {
      throw new ValidationError(
        `${name} row ${i} is a zero vector; the cosine metric is undefined for it — remove it or use another metric.`,
        { param: name, row: i },
      );
    }
  }
}

/**
 * Condensed pairwise distances, as `scipy.spatial.distance.pdist`: entry (i, j), i < j, at
 * {@link condensedIndex}(n, i, j). O(n²·d) time, n(n−1)/2 doubles.
 * @throws {@link CapacityError} if the vector exceeds `memoryBudget` bytes (default 2 GiB)
 * @throws {@link ValidationError} on bad data or a zero vector under `'cosine'`
 * @example
 * pdist([[0, 0], [3, 4], [6, 8]]); // Float64Array [5, 10, 5]
 */
export function pdist(X: MatrixLike, metric: Metric = 'euclidean', memoryBudget = DEFAULT_MEMORY_BUDGET): Float64Array {
  const m = toMatrix(X, 'X');
  checkOneOf(metric, METRICS, 'metric');
  if (metric === 'cosine') checkNoZeroRows(m, 'X');
  const n = m.rows;
  const len = (n * (n - 1)) / 2;
  checkBudget(
    len * 8,
    memoryBudget,
    `The condensed distance matrix of ${n} points`,
    'use fewer points or a matrix-free method.',
  );
  const out = new Float64Array(len);
  pdistInto(m.data, n, m.cols, metric, out);
  return out;
}

/** Kernel behind {@link pdist}: x n×d IN, out n(n−1)/2 OUT. */
export function pdistInto(x: Float64Array, n: number, d: number, metric: Metric, out: Float64Array): void {
  let t = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) out[t++] = metricDist(x, i, x, j, d, metric);
  }
}

/**
 * Distances between every row of `XA` and every row of `XB` (na×nb), as `scipy.spatial.distance.cdist`.
 * @throws {@link ValidationError} if the column counts differ
 */
export function cdist(XA: MatrixLike, XB: MatrixLike, metric: Metric = 'euclidean'): Matrix {
  const a = toMatrix(XA, 'XA');
  const b = toMatrix(XB, 'XB', { cols: a.cols });
  checkOneOf(metric, METRICS, 'metric');
  const out = new Float64Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) out[i * b.rows + j] = metricDist(a.data, i, b.data, j, a.cols, metric);
  }
  return { rows: a.rows, cols: b.rows, data: out };
}
