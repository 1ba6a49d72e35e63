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
import { sqeuclideanKernel } from './metricKernels.js';
import { METRIC_NAMES, METRIC_REGISTRY, type MetricName, type MetricParams, NO_PARAMS } from './metrics.js';

/** Metrics understood by `pdist`, `cdist` (engine/pairwise.ts) and the algorithms that take a `metric` option. */
export type Metric = MetricName;
/** Every supported metric name (the registry's, {@link METRIC_NAMES}). */
export const METRICS: readonly Metric[] = METRIC_NAMES;

/**
 * Squared Euclidean distance between row `ia` of `a` and row `ib` of `b` (both d columns): Σⱼ (aᵢⱼ − bᵢⱼ)².
 * `a`, `b` IN.
 */
export function sqDist(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  return sqeuclideanKernel(a, ia * d, b, ib * d, d);
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
 * Distance between row `ia` of `a` and row `ib` of `b` under `metric` (the registry's kernel; parameters, when
 * the metric takes any, from `params`). Cosine distance is 1 − a·b / (‖a‖‖b‖), tiny negative rounding clamped to
 * 0 as SciPy does; zero vectors are refused at the boundary. a, b IN.
 */
export function metricDist(
  a: Float64Array,
  ia: number,
  b: Float64Array,
  ib: number,
  d: number,
  metric: Metric,
  params: MetricParams = NO_PARAMS,
): number {
  return METRIC_REGISTRY[metric].distance(a, ia * d, b, ib * d, d, params);
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

/**
 * Default memory budget for buffers that grow faster than n·d (n² matrices, k·d² covariances, density grids): 2 GiB
 * unless {@link setMemoryBudget} changed it (a live binding: every default reads the current value); overridable
 * per call with a `memoryBudget` option where an API has one.
 */
export let DEFAULT_MEMORY_BUDGET = 2 * 1024 ** 3;

/**
 * Sets the default memory budget in bytes for every allocation that grows faster than n·d (the default of each
 * `memoryBudget` option, and the only budget of the APIs without one: GaussianMixture's covariances, density
 * grids, the data-set generators); the CLI's `--memory-budget`. Returns the previous value.
 * @remarks A process-wide setting, as `setKernelPrecision`; a `memoryBudget` option passed to a call still wins.
 * @throws {@link ValidationError} unless `bytes` is a number > 0 (Infinity allowed: no limit)
 * @example
 * const previous = setMemoryBudget(8 * 1024 ** 3); // 8 GiB
 * // ... fits ...
 * setMemoryBudget(previous);
 */
export function setMemoryBudget(bytes: number): number {
  if (typeof bytes !== 'number' || !(bytes > 0)) {
    throw new ValidationError(
      `memoryBudget must be a number of bytes > 0; got ${JSON.stringify(bytes)}.`,
      {
        param: 'memoryBudget',
      },
      'INVALID_OPTION',
    );
  }
  const previous = DEFAULT_MEMORY_BUDGET;
  DEFAULT_MEMORY_BUDGET = bytes;
  return previous;
}

/**
 * The current default memory budget in bytes (2 GiB unless {@link setMemoryBudget} changed it).
 * @example
 * getMemoryBudget(); // 2147483648
 */
export function getMemoryBudget(): number {
  return DEFAULT_MEMORY_BUDGET;
}

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

/** Rejects vectors of zero norm under the cosine metric (their angle is undefined): the registry's cosine check. */
export function checkNoZeroRows(m: Matrix, name: string): void {
  METRIC_REGISTRY.cosine.check?.(m, name);
}

/**
 * The TypeScript pdist kernel (the reference, and the fallback of the WebAssembly rows behind the public `pdist` in
 * engine/pairwise.ts): entry (i, j), i < j, of the rows of x (n×d, IN) under `metric` at n·i − i(i+1)/2 + j − i − 1
 * of out (n(n−1)/2, OUT). @internal
 */
export function pdistInto(
  x: Float64Array,
  n: number,
  d: number,
  metric: Metric,
  out: Float64Array,
  params: MetricParams = NO_PARAMS,
): void {
  const inlined = INLINED_PDIST.indexOf(metric);
  if (inlined >= 0) {
    pdistInlined(x, n, d, out, inlined);
    return;
  }
  const dist = METRIC_REGISTRY[metric].distance;
  let t = 0;
  for (let i = 0; i < n - 1; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) out[t++] = dist(x, oi, x, j * d, d, params);
  }
}

/** The metrics {@link pdistInlined} serves, by its `mode` index. */
const INLINED_PDIST: readonly Metric[] = ['sqeuclidean', 'euclidean', 'cityblock', 'chebyshev'];

/**
 * pdist with the loop inlined (no call per pair) for mode 0 sqeuclidean Σu², 1 euclidean √Σu², 2 cityblock Σ|u|,
 * 3 chebyshev max|u| (u = xᵢₖ − xⱼₖ, in column order as the registry kernels, so the values are bit-identical).
 */
function pdistInlined(x: Float64Array, n: number, d: number, out: Float64Array, mode: number): void {
  let t = 0;
  for (let i = 0; i < n - 1; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      if (mode < 2) {
        for (let k = 0; k < d; k++) {
          const u = x[oi + k] - x[oj + k];
          s += u * u;
        }
        if (mode === 1) s = Math.sqrt(s);
      } else if (mode === 2) {
        for (let k = 0; k < d; k++) s += Math.abs(x[oi + k] - x[oj + k]);
      } else {
        for (let k = 0; k < d; k++) {
          const u = Math.abs(x[oi + k] - x[oj + k]);
          s = u > s ? u : s;
        }
      }
      out[t++] = s;
    }
  }
}

/** Options of {@link squareform}, as SciPy's. */
export interface SquareformOptions {
  /** `'tomatrix'` or `'tovector'` insists on the input's kind (an error otherwise). @defaultValue 'no' */
  force?: 'no' | 'tomatrix' | 'tovector';
  /** Check that a square input is symmetric with a zero diagonal. @defaultValue true */
  checks?: boolean;
}

/**
 * Converts between a condensed distance vector and a square distance matrix, as
 * `scipy.spatial.distance.squareform`.
 * @remarks
 * A vector of length n(n−1)/2 becomes the symmetric n×n matrix with a zero diagonal (a vector of length 0 gives
 * the 1×1 zero matrix); an n×n matrix becomes its condensed upper triangle, entry (i, j), i < j, at
 * `condensedIndex`. With `checks` (the default) a square input must be exactly symmetric with a zero
 * diagonal. O(n²).
 * @param X - a condensed vector (`ArrayLike<number>`) or a square matrix (`Matrix` or rows)
 * @returns a `Matrix` for a vector input, a `Float64Array` for a matrix input
 * @throws {@link ValidationError} for a vector whose length is not n(n−1)/2, a non-square matrix, an asymmetric
 * matrix or one with a nonzero diagonal (with `checks`), NaN, or an input of the wrong kind for `force`
 * @example
 * squareform([1, 2, 3]); // 3×3: [[0, 1, 2], [1, 0, 3], [2, 3, 0]]
 * squareform([[0, 1], [1, 0]]); // Float64Array [1]
 */
export function squareform(X: ArrayLike<number>, options?: SquareformOptions): Matrix;
export function squareform(X: Matrix | ArrayLike<ArrayLike<number>>, options?: SquareformOptions): Float64Array;
export function squareform(
  X: ArrayLike<number> | Matrix | ArrayLike<ArrayLike<number>>,
  options: SquareformOptions = {},
): Matrix | Float64Array {
  const force = options.force ?? 'no';
  if (force !== 'no' && force !== 'tomatrix' && force !== 'tovector') {
    throw new ValidationError(
      `force must be one of 'no', 'tomatrix', 'tovector'; got ${JSON.stringify(force)}.`,
      { param: 'force' },
      'INVALID_OPTION',
    );
  }
  const isVector =
    !isMatrixLike(X) &&
    (ArrayBuffer.isView(X) ||
      (X as ArrayLike<unknown>).length === 0 ||
      typeof (X as ArrayLike<unknown>)[0] === 'number');
  if (force === 'tomatrix' && !isVector) {
    throw new ValidationError("squareform: force='tomatrix' but X is a matrix; pass a condensed vector.", {
      param: 'X',
    });
  }
  if (force === 'tovector' && isVector) {
    throw new ValidationError("squareform: force='tovector' but X is a vector; pass a square matrix.", {
      param: 'X',
    });
  }
  if (isVector) {
    const y = X as ArrayLike<number>;
    const len = y.length;
    const n = Math.round((1 + Math.sqrt(1 + 8 * len)) / 2);
    if ((n * (n - 1)) / 2 !== len) {
      throw new ValidationError(
        `squareform: a condensed vector has length n(n−1)/2 for some n (0, 1, 3, 6, 10, …); got length ${len}.`,
        { param: 'X' },
      );
    }
    const out = new Float64Array(n * n);
    let t = 0;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const v = y[t++];
        if (Number.isNaN(v)) {
          throw new ValidationError(`squareform: X[${t - 1}] is NaN; a distance must be a number.`, { param: 'X' });
        }
        out[i * n + j] = v;
        out[j * n + i] = v;
      }
    }
    return { rows: n, cols: n, data: out };
  }
  const m = toMatrix(X as MatrixLike, 'X', { allowNonFinite: true });
  const n = m.rows;
  if (m.cols !== n) {
    throw new ValidationError(`squareform: X is ${m.rows}×${m.cols}; a distance matrix must be square.`, {
      param: 'X',
    });
  }
  const a = m.data;
  for (let t = 0; t < a.length; t++) {
    if (Number.isNaN(a[t])) {
      const row = Math.floor(t / n);
      throw new ValidationError(`squareform: X[${row}][${t - row * n}] is NaN; a distance must be a number.`, {
        param: 'X',
        row,
        col: t - row * n,
      });
    }
  }
  if (options.checks ?? true) {
    for (let i = 0; i < n; i++) {
      if (a[i * n + i] !== 0) {
        throw new ValidationError(
          `squareform: X[${i}][${i}] is ${a[i * n + i]}; a distance matrix has a zero diagonal (pass checks: false to skip).`,
          { param: 'X', row: i, col: i },
        );
      }
      for (let j = i + 1; j < n; j++) {
        if (a[i * n + j] !== a[j * n + i]) {
          throw new ValidationError(
            `squareform: X is not symmetric: X[${i}][${j}] = ${a[i * n + j]} but X[${j}][${i}] = ${a[j * n + i]} ` +
              '(pass checks: false to skip).',
            { param: 'X', row: i, col: j },
          );
        }
      }
    }
  }
  const out = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) out[t++] = a[i * n + j];
  return out;
}

function isMatrixLike(X: unknown): boolean {
  if (X !== null && typeof X === 'object' && 'rows' in X && 'cols' in X && 'data' in X) return true;
  const a = X as ArrayLike<unknown>;
  return !ArrayBuffer.isView(X) && a.length > 0 && typeof a[0] === 'object' && a[0] !== null;
}
