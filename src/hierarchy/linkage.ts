/**
 * `linkage`: validation, then a plan (algorithm by method, distance layout, backend) and its execution, with one
 * finishing step.
 * @module
 */
import { DEFAULT_MEMORY_BUDGET, METRICS } from '../core/distance.js';
import { CapacityError, formatBytes, NumericalError, ValidationError } from '../core/errors.js';
import { divideBy, magnitudeScale } from '../core/magnitude.js';
import { isMatrix, type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkMetricName, type MetricOptions, resolveMetric, WASM_METRICS, type WasmMetric } from '../core/metrics.js';
import { type ProgressCallback, phaseProgress, progressSteps } from '../core/progress.js';
import { checkNumber, checkOneOf, toSampleWeight } from '../core/validate.js';
import type { MergeReporter } from './activeList.js';
import { type GenericMethod, genericCondensed, genericSquare, genericVector } from './generic.js';
import { linkageProblem, sortAndLabel } from './linkageMatrix.js';
import { mstCondensed, mstVector } from './mst.js';
import { type NnChainMethod, nnChainCondensed, nnChainSquare, nnChainWardVector } from './nnChain.js';
import {
  condensedDistances,
  condensedForMetric,
  condensedToSquare,
  isWasmMetric,
  squareDistances,
} from './pairwise.js';
import {
  genericMatrixWasm,
  genericVectorWasm,
  inWasmRange,
  linkageWasmEnabled,
  mstVectorWasm,
  nnChainWardVectorWasm,
  nnChainWasm,
  nnChainWasmCondensed,
} from './wasm.js';

/** Agglomeration rules, as `scipy.cluster.hierarchy.linkage`. */
export type LinkageMethod = 'single' | 'complete' | 'average' | 'weighted' | 'centroid' | 'median' | 'ward';
/** Every linkage method. */
export const LINKAGE_METHODS: readonly LinkageMethod[] = [
  'single',
  'complete',
  'average',
  'weighted',
  'centroid',
  'median',
  'ward',
];
/** Methods whose merge heights never decrease. */
export const MONOTONE_METHODS: readonly LinkageMethod[] = ['single', 'complete', 'average', 'weighted', 'ward'];
/** Methods defined only for Euclidean distances. */
export const EUCLIDEAN_METHODS: readonly LinkageMethod[] = ['centroid', 'median', 'ward'];

/**
 * Methods whose result depends on `sampleWeight` (their updates weigh clusters by size); for the others a weight
 * changes nothing (see {@link LinkageOptions.sampleWeight}).
 */
export const WEIGHTED_METHODS: readonly LinkageMethod[] = ['average', 'centroid', 'ward'];

/**
 * Storage of linkage's working distance matrix: `'f64'` (double), or `'f32'` (float, half the memory; complete,
 * average and weighted only). See {@link LinkageOptions.precision}.
 */
export type LinkagePrecision = 'f64' | 'f32';
/** Every linkage precision. */
export const LINKAGE_PRECISIONS: readonly LinkagePrecision[] = ['f64', 'f32'];
/** The methods that take `precision: 'f32'`: those that store the matrix and whose updates never subtract. */
export const F32_METHODS: readonly LinkageMethod[] = ['complete', 'average', 'weighted'];

/** The algorithms of linkage: Prim's MST, the nearest-neighbour chain, Müllner's generic algorithm. */
export type LinkageAlgorithm = 'mst' | 'nnChain' | 'generic';

/** The algorithm each method runs: Prim's MST, the nearest-neighbour chain, or the generic algorithm. */
export const LINKAGE_ALGORITHM: Record<LinkageMethod, LinkageAlgorithm> = {
  single: 'mst',
  complete: 'nnChain',
  average: 'nnChain',
  weighted: 'nnChain',
  ward: 'nnChain',
  centroid: 'generic',
  median: 'generic',
};

/** Options of {@link linkage}. */
export interface LinkageOptions extends MetricOptions {
  /** Agglomeration rule. @defaultValue 'single' (as SciPy) */
  method?: LinkageMethod;
  /**
   * Distance between observations (ignored for a condensed input): any metric of the registry, with its
   * `p`/`w`/`V`/`VI`. euclidean, sqeuclidean, cityblock, cosine and chebyshev have fused (and WebAssembly) loops;
   * the others go through `pdist`'s kernels. @defaultValue 'euclidean'
   */
  metric?: MetricOptions['metric'];
  /**
   * Bytes allowed for the working matrix: n(n−1)/2 doubles on the WebAssembly path; on the TypeScript path n²
   * doubles (fastest there) if they fit, else n(n−1)/2; else a {@link CapacityError} (or the matrix-free path, see
   * `matrixFree`). @defaultValue 2 GiB
   */
  memoryBudget?: number;
  /**
   * Run without the distance matrix, in O(n·d) memory (single: Prim on the fly; ward, centroid, median:
   * on cluster centres, like fastcluster's `linkage_vector`). Needs observations, not a condensed vector, and the
   * Euclidean metric for ward/centroid/median. `'auto'` uses it for single linkage (same result, less work), for
   * ward with d ≤ 12 and centroid/median with d ≤ 24 features (faster than building the matrix; heights agree
   * to rounding), and whenever the matrix would exceed `memoryBudget`. @defaultValue 'auto'
   */
  matrixFree?: boolean | 'auto';
  /**
   * A positive weight per observation (length n): observation i counts as wᵢ coincident points. The size of a
   * cluster in every size-weighted update is the sum of its weights, so with integer weights the result is the
   * linkage of the data with row i repeated wᵢ times, less the merges among copies: the repeated data's merges
   * between distinct rows have the same heights (to rounding) and the same partitions. This changes average
   * (UPGMA), centroid and Ward; single, complete, weighted (WPGMA) and median do not
   * depend on sizes, so weights leave them unchanged (copies merge at height 0 and a copy is as far from every
   * other point as the original). Column 4 of the result still counts observations (leaves), not weight, so the
   * matrix stays a valid linkage of n leaves. Weighted runs use the TypeScript kernels. Needs observations or a
   * condensed vector with one weight per observation; no weight may be 0 (drop the row instead).
   * @defaultValue all 1 (unweighted)
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * Storage of the working distance matrix. `'f32'` stores the condensed n(n−1)/2 distances as float32: 2n(n−1)
   * bytes instead of 4n(n−1) (0.8 GB instead of 1.6 GB at n = 20 000), on the TypeScript kernels (never the n×n
   * matrix). For complete, average and weighted linkage only (their updates are a maximum or a weighted mean, so
   * no rounding error is ever amplified by a cancellation; Ward, centroid and median subtract and raise a
   * {@link ValidationError}; single linkage stores no matrix).
   *
   * What `'f32'` guarantees. Each distance is computed in double and rounded once to the nearest float32
   * (relative error ≤ u = 2⁻²⁴; the data are first scaled by a power of two, exactly, so that the largest magnitude
   * is within [2⁻³², 2³²] — only distances below float32's smallest normal 2⁻¹²⁶ after that scaling round to an
   * absolute error ≤ 2⁻¹⁵⁰ instead); each Lance–Williams update is computed in double from the stored float32 values and
   * rounded once when stored. Every height is therefore a float32 value. Complete: max is exact, so the run is the
   * double-precision complete linkage of the rounded distances — each height is the float32 rounding of the f64
   * run's height, and the merges are the same whenever no two distinct distances that the run compares round to
   * the same float32 (rounding is monotone, so it can create ties but never reverse an order). Weighted:
   * ½(a + b) of two floats is exact in double, so each update rounds once. Average and weighted: a weighted mean of
   * values each within a relative e of the f64 run's is within e, and the store adds one rounding, so a height
   * reached through t updates is within (1 + u)^(t+1) − 1 ≈ (t + 1)·u relative of the f64 run's height (t ≤ n − 2;
   * measured errors are far smaller, the roundings do not all go one way), provided the runs merge in the same
   * order; near-ties (distances within that margin) may merge in another order, as any change of rounding may.
   * Inputs whose distances and updates are all exact in float32 (e.g. small integers with complete or weighted
   * linkage) give the f64 result bit for bit. @defaultValue 'f64'
   */
  precision?: LinkagePrecision;
  /**
   * Called with the merges done and n − 1 ({@link ProgressCallback}: about a hundred calls at most, monotone, the
   * last at the total). When a distance matrix is built from the observations, its rows come first: total
   * 2(n − 1), the first n − 1 the rows of the matrix (in blocks of 64), the second the merges. The result is
   * unchanged.
   */
  onProgress?: ProgressCallback;
}

/** A condensed distance vector: the upper triangle of an n×n distance matrix, row by row (SciPy's `pdist` order). */
export type CondensedDistances = ArrayLike<number>;

/** True when `y` looks like a condensed vector (a 1-D array of numbers) rather than observations. */
export function isCondensed(y: unknown): y is CondensedDistances {
  if (isMatrix(y)) return false;
  if (ArrayBuffer.isView(y)) return true;
  return Array.isArray(y) && y.length > 0 && typeof y[0] === 'number';
}

/**
 * Number of observations n for a condensed vector of length m = n(n−1)/2.
 * @throws {@link ValidationError} if m is not of that form or n < 2
 */
export function numObsCondensed(m: number, name = 'y'): number {
  const n = Math.round((1 + Math.sqrt(1 + 8 * m)) / 2);
  if ((n * (n - 1)) / 2 !== m || n < 2) {
    throw new ValidationError(
      `${name} has length ${m}, which is not n(n−1)/2 for any n >= 2; pass a condensed distance vector (e.g. from pdist) or the observations as rows.`,
      { param: name },
    );
  }
  return n;
}

/**
 * Copies a condensed vector into a Float64Array, checking it is finite and non-negative.
 * @throws {@link ValidationError} naming the first bad entry
 */
export function toCondensed(y: CondensedDistances, name = 'y'): { data: Float64Array; n: number } {
  const n = numObsCondensed(y.length, name);
  checkCondensedValues(y, name);
  return { data: Float64Array.from(y as ArrayLike<number>), n };
}

/** Throws a {@link ValidationError} at the first entry of y that is not a finite, non-negative number. */
export function checkCondensedValues(y: CondensedDistances, name = 'y'): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ValidationError(
        `${name}[${i}] is ${v}; a condensed distance vector must contain only finite, non-negative values.`,
        { param: name },
      );
    }
  }
}

/**
 * Agglomerative hierarchical clustering of the rows of `X`, or of a condensed distance vector — SciPy's linkage.
 *
 * @remarks
 * Repeatedly merges the two closest clusters; the distance from the merged cluster u = s∪t to every other v
 * follows Lance–Williams: single min(d(s,v), d(t,v)); complete max; average (|s|d(s,v) + |t|d(t,v))/(|s|+|t|);
 * weighted ½(d(s,v) + d(t,v)); and on squared Euclidean distances
 *   Ward   d(u,v)² = [(|v|+|s|)·d(v,s)² + (|v|+|t|)·d(v,t)² − |v|·d(s,t)²] / (|v|+|s|+|t|),
 *   centroid d(u,v)² = (|s|d(s,v)² + |t|d(t,v)²)/(|s|+|t|) − |s||t|d(s,t)²/(|s|+|t|)²,
 *   median d(u,v)² = ½d(s,v)² + ½d(t,v)² − ¼d(s,t)².
 * Algorithms per Müllner (2011), as SciPy and fastcluster: Prim's MST for single, the nearest-neighbour chain for
 * complete/average/weighted/ward (O(n²) time), the generic algorithm with a heap for centroid/median (O(n²)
 * typical, O(n³) worst). Memory: the full n×n matrix when 8n² bytes fit `memoryBudget` (every nearest-neighbour
 * scan then reads a contiguous row), else the condensed n(n−1)/2 doubles, or
 * O(n·d) with `matrixFree`, or n(n−1)/2 floats with `precision: 'f32'` (complete/average/weighted on the TypeScript
 * NN-chain; error bound at {@link LinkageOptions.precision}); single linkage on a condensed vector reads it in
 * place. With the WebAssembly backend
 * (src/engine/kernels/backend.ts: 'auto' where SIMD is available and n ≥ 64), every matrix method computes the distances
 * and runs in wasm memory on n(n−1)/2 doubles (8×8-tiled, never the n×n matrix), and the matrix-free paths scan in
 * SIMD; results are bit-identical to the TypeScript path either way (test/hierarchy/wasm.test.ts).
 *
 * Returns SciPy's linkage matrix: row i = [a, b, height, size], a < b, creating cluster n+i. For the monotone
 * methods rows are stably sorted by height and relabelled by union-find, exactly as SciPy; centroid and median
 * keep merge order (heights may decrease), as SciPy. Matches `scipy.cluster.hierarchy.linkage` to 1e-9 relative on
 * tie-free data (fixtures in test/fixtures/hierarchy).
 * @param X - n×d observations, or a condensed distance vector of length n(n−1)/2
 * @throws {@link ValidationError} on NaN/Infinity, fewer than 2 observations, a condensed length that is not
 * n(n−1)/2, ward/centroid/median with a non-Euclidean metric, a zero row under the cosine metric, a
 * `sampleWeight` that is not n finite positive numbers, a `precision` other than 'f64'/'f32', or 'f32' with a
 * method other than complete/average/weighted or with `matrixFree: true`
 * @throws {@link CapacityError} if the distance matrix exceeds `memoryBudget` and no matrix-free path applies
 * (with `precision: 'f32'`: if its 2n(n−1) bytes do)
 * @throws {@link NumericalError} if the result is not a valid linkage (`isValidLinkage` runs on every result), e.g.
 * heights beyond ±1.8e308. Data whose squared distances would overflow (max |x| > 2²⁵⁶) or underflow is divided by
 * a power of two first and the heights multiplied back: exact, so bit-identical to the unscaled run where it is finite
 * @see Müllner (2011), Modern hierarchical, agglomerative clustering algorithms, arXiv:1109.2378
 * @example
 * const Z = linkage([[0, 0], [0, 1], [5, 5]], { method: 'ward' });
 * // Z.data: [0, 1, 1, 2,  2, 3, 7.7674…, 3]
 */
export function linkage(X: MatrixLike | CondensedDistances, options: LinkageOptions = {}): Matrix {
  const method = checkOneOf(options.method ?? 'single', LINKAGE_METHODS, 'method');
  const metric = checkMetricName(options.metric ?? 'euclidean', METRICS, 'linkage');
  const budget = checkNumber(options.memoryBudget ?? DEFAULT_MEMORY_BUDGET, 'memoryBudget', 0);
  const matrixFree = options.matrixFree ?? 'auto';
  if (matrixFree !== 'auto' && typeof matrixFree !== 'boolean') {
    throw new ValidationError(`matrixFree must be true, false or 'auto'; got ${JSON.stringify(matrixFree)}.`, {
      param: 'matrixFree',
    });
  }
  const f32 = checkPrecision(options.precision, method, matrixFree) === 'f32';
  const { source, factor } = rescaleSource(linkageSource(X, method, metric, options, budget, matrixFree), f32);
  const plan = f32 ? planF32(source, method, budget) : planLinkage(source, method, budget, matrixFree);
  const out = new Float64Array((source.n - 1) * 4);
  const weights = linkageWeights(options.sampleWeight, source.n, method);
  // With a distance matrix built from the observations, its rows are a first phase: total 2(n − 1).
  const builds = source.kind === 'observations' && plan.layout !== 'vector' && plan.layout !== 'input';
  const phases = phaseProgress(builds ? options.onProgress : undefined, 2, source.n - 1);
  const onRows = builds ? (rows: number) => phases(0, rows) : undefined;
  const onMerge = builds ? (merges: number) => phases(1, merges) : progressSteps(options.onProgress, source.n - 1);
  if (weights) runTypeScript(plan, source, method, out, weights, onMerge, onRows);
  else if (!(plan.wasm && runWasm(plan, source, method, out, onMerge, onRows))) {
    runTypeScript(plan, source, method, out, null, onMerge, onRows);
  }
  // The one finishing step: SciPy's row order and labels (MST and NN-chain rows hold slot indices; the generic
  // algorithm writes final ids in merge order), then heights back from squared distances.
  const n = source.n;
  if (plan.algorithm !== 'generic') sortAndLabel(out, n);
  else if (weights) countLeaves(out, n);
  if (plan.squared) for (let i = 0; i < n - 1; i++) out[i * 4 + 2] = Math.sqrt(Math.max(0, out[i * 4 + 2]));
  if (factor !== 1) for (let i = 0; i < n - 1; i++) out[i * 4 + 2] *= factor;
  const Z = { rows: n - 1, cols: 4, data: out };
  const problem = linkageProblem(Z);
  if (problem !== null) {
    throw new NumericalError(
      `linkage('${method}') produced an invalid linkage matrix (${problem}); the distances overflow or are not comparable. Rescale the data (e.g. --scale standard) or use another method.`,
    );
  }
  return Z;
}

/**
 * The validated `precision` of a linkage (undefined: 'f64').
 * @throws {@link ValidationError} on a precision other than 'f64'/'f32', or 'f32' with a method outside
 * {@link F32_METHODS} or with `matrixFree: true`
 * @internal
 */
export function checkPrecision(value: unknown, method: LinkageMethod, matrixFree: boolean | 'auto'): LinkagePrecision {
  const precision = checkOneOf(value ?? 'f64', LINKAGE_PRECISIONS, 'precision');
  if (precision === 'f64') return precision;
  if (!F32_METHODS.includes(method)) {
    throw new ValidationError(
      `precision 'f32' is for the methods ${F32_METHODS.join(', ')} (a stored matrix updated by a maximum or a mean), not '${method}': ${method === 'single' ? 'single linkage stores no distance matrix' : `${method}'s updates subtract, which would amplify the float32 rounding`}; drop precision or change method.`,
      { param: 'precision' },
    );
  }
  if (matrixFree === true) {
    throw new ValidationError(
      `precision 'f32' stores the distance matrix, which matrixFree avoids; drop one of the two options.`,
      { param: 'precision' },
    );
  }
  return precision;
}

/**
 * The plan of a `precision: 'f32'` run: the TypeScript NN-chain on the condensed float32 triangle (2n(n−1) bytes).
 * @throws {@link CapacityError} when those bytes exceed the budget
 */
function planF32(src: LinkageSource, method: LinkageMethod, budget: number): LinkagePlan {
  const bytes = 2 * src.n * (src.n - 1);
  if (bytes > budget) {
    throw new CapacityError(
      `linkage('${method}', { precision: 'f32' }) of ${src.n} observations needs the float32 condensed distance matrix of ${formatBytes(bytes)}, over the memory budget of ${formatBytes(budget)}; raise memoryBudget or use fewer points.`,
      bytes,
      budget,
    );
  }
  return { algorithm: LINKAGE_ALGORITHM[method], squared: false, layout: 'condensed', wasm: false, f32: true };
}

/**
 * Data whose magnitude would overflow (or underflow) the squared distances is divided by a power of two s
 * ({@link magnitudeScale}); `factor` multiplies the heights back: s, s² for sqeuclidean, 1 for cosine (scale-free).
 * Exact, so results equal the unscaled ones bit for bit wherever those are finite. With float32 storage (`f32`) the
 * data are also scaled when their largest magnitude M lies outside [2⁻³², 2³²] (then M/s ∈ [1, 2)), so that every
 * distance and update stays far inside float32's range (|v| < 3.4·10³⁸).
 */
function rescaleSource(source: LinkageSource, f32 = false): { source: LinkageSource; factor: number } {
  const v = source.kind === 'condensed' ? source.y : source.x;
  const s = f32 ? magnitudeScale(v, 2 ** 32) : magnitudeScale(v);
  if (s === 1) return { source, factor: 1 };
  if (source.kind === 'condensed') return { source: { ...source, y: divideBy(v, s) }, factor: s };
  const factor = source.metric === 'cosine' ? 1 : source.metric === 'sqeuclidean' ? s * s : s;
  return { source: { ...source, x: divideBy(v, s) }, factor };
}

/**
 * The validated weights when they change the result (a {@link WEIGHTED_METHODS} method), else null.
 * @throws {@link ValidationError} on a length other than n, or a weight that is not finite and > 0
 */
function linkageWeights(w: ArrayLike<number> | undefined, n: number, method: LinkageMethod): Float64Array | null {
  if (w === undefined) return null;
  const weights = toSampleWeight(w, n);
  const zero = weights.indexOf(0);
  if (zero >= 0) {
    throw new ValidationError(
      `sampleWeight[${zero}] is 0; linkage needs positive weights (a cluster of weight 0 has no size) — drop the row instead.`,
      { param: 'sampleWeight', row: zero },
    );
  }
  return WEIGHTED_METHODS.includes(method) ? weights : null;
}

/** Column 4 of generic rows (final ids, merge order) rewritten as leaf counts. out ((n−1)·4) IN/OUT. */
function countLeaves(out: Float64Array, n: number): void {
  const count = new Float64Array(2 * n - 1).fill(1);
  for (let i = 0; i < n - 1; i++) {
    count[n + i] = count[out[i * 4]] + count[out[i * 4 + 1]];
    out[i * 4 + 3] = count[n + i];
  }
}

/** The data a linkage runs on, validated: a condensed distance vector, or observations and their metric. */
type LinkageSource =
  | { kind: 'condensed'; y: CondensedDistances; n: number }
  | { kind: 'observations'; x: Float64Array; n: number; d: number; metric: WasmMetric };

/**
 * How one linkage runs, decided once from the method, the input and the memory budget: the algorithm (from
 * {@link LINKAGE_ALGORITHM}), whether it works on squared distances, where the distances live, and the backend.
 */
interface LinkagePlan {
  algorithm: LinkageAlgorithm;
  /** Ward, centroid and median run on squared Euclidean distances; the heights get √ at the end. */
  squared: boolean;
  /**
   * The TypeScript path's distances: computed on the fly from the observations ('vector'), the full n×n matrix,
   * the condensed triangle, or the caller's condensed vector read in place ('input', single linkage).
   */
  layout: 'vector' | 'square' | 'condensed' | 'input';
  /** Try WebAssembly first (distances and algorithm in wasm memory); falls back to `layout` when it cannot run. */
  wasm: boolean;
  /** The condensed triangle in float32 (`precision: 'f32'`; TypeScript, condensed layout). */
  f32?: boolean;
}

/**
 * Validates X as a condensed vector or as observations (with the method–metric rules). Observations under a
 * metric without fused loops become their condensed distances (`pdist`'s kernels).
 */
function linkageSource(
  X: MatrixLike | CondensedDistances,
  method: LinkageMethod,
  metric: string,
  options: LinkageOptions,
  budget: number,
  matrixFree: boolean | 'auto',
): LinkageSource {
  if (isCondensed(X)) {
    if (matrixFree === true) {
      throw new ValidationError(
        'matrixFree needs the observations, not a condensed distance vector; pass X as rows or drop matrixFree.',
        { param: 'matrixFree' },
      );
    }
    const n = numObsCondensed(X.length, 'y');
    checkCondensedValues(X, 'y');
    return { kind: 'condensed', y: X, n };
  }
  const x = toMatrix(X as MatrixLike, 'X');
  const n = x.rows;
  if (n < 2) {
    throw new ValidationError(`X has ${n} row; linkage needs at least 2 observations.`, { param: 'X' });
  }
  if (EUCLIDEAN_METHODS.includes(method) && metric !== 'euclidean') {
    throw new ValidationError(
      `Method '${method}' requires the distance metric to be Euclidean; got metric '${metric}'. Use metric 'euclidean', or a method such as 'average' or 'complete'.`,
      { param: 'metric' },
    );
  }
  if (!isWasmMetric(metric)) {
    // The other registry metrics: their condensed distances, then the condensed path.
    if (matrixFree === true) {
      throw new ValidationError(
        `matrixFree works with the metrics ${WASM_METRICS.join(', ')}, not '${metric}'; drop matrixFree or change metric.`,
        { param: 'matrixFree' },
      );
    }
    return linkageSource(
      condensedForMetric(x, options, 'X', 'linkage', budget),
      method,
      'euclidean',
      {},
      budget,
      'auto',
    );
  }
  resolveMetric(options, [x], 'linkage'); // the metric's data checks (no zero row under cosine), no stray p/w/V/VI
  return { kind: 'observations', x: x.data, n, d: x.cols, metric };
}

/** The plan: algorithm by method, layout by input, budget and dimension, backend by the kernel settings. */
function planLinkage(
  src: LinkageSource,
  method: LinkageMethod,
  budget: number,
  matrixFree: boolean | 'auto',
): LinkagePlan {
  const { n } = src;
  const algorithm = LINKAGE_ALGORITHM[method];
  const squared = EUCLIDEAN_METHODS.includes(method);
  // The wasm matrix paths hold the condensed n(n−1)/2 doubles, never the n×n matrix.
  const condensedBudget = Math.min(budget, 8 * n * n - 1);
  if (src.kind === 'condensed') {
    // Prim reads the vector as it is: no working copy.
    if (method === 'single') return { algorithm, squared, layout: 'input', wasm: false };
    const wasm = linkageWasmEnabled(n) && inWasmRange(src.y);
    if (wasm) chooseLayout(n, condensedBudget, method, false);
    return { algorithm, squared, layout: chooseLayout(n, budget, method, false), wasm };
  }
  const d = src.d;
  const vectorOk = method === 'single' || squared;
  if (matrixFree === true && !vectorOk) {
    throw new ValidationError(
      `matrixFree is available for single, ward, centroid and median linkage, not '${method}'; drop matrixFree or change method.`,
      { param: 'matrixFree' },
    );
  }
  // On few features the centroid paths beat building the matrix (ward up to d ≈ 12, centroid/median up to
  // d ≈ 24 in bench/), besides needing O(n·d) memory.
  const preferVector = method === 'single' || (method === 'ward' ? d <= 12 : squared && d <= 24);
  const bytes = ((n * (n - 1)) / 2) * 8;
  if (vectorOk && (matrixFree === true || (matrixFree === 'auto' && (preferVector || bytes > budget)))) {
    return { algorithm, squared, layout: 'vector', wasm: linkageWasmEnabled(n) && inWasmRange(src.x) };
  }
  const wasm = method !== 'single' && linkageWasmEnabled(n) && inWasmRange(src.x);
  if (wasm) chooseLayout(n, condensedBudget, method, vectorOk);
  // Prim reads each distance once, so single linkage gains nothing from the full matrix.
  const layout = chooseLayout(n, method === 'single' ? condensedBudget : budget, method, vectorOk);
  return { algorithm, squared, layout, wasm };
}

/**
 * The working-matrix layout: the full n×n matrix when 8n² bytes fit the budget (every scan reads a contiguous
 * row), else the condensed triangle, else a {@link CapacityError}.
 */
function chooseLayout(n: number, budget: number, method: LinkageMethod, vectorOk: boolean): 'square' | 'condensed' {
  if (8 * n * n <= budget) return 'square';
  const bytes = 4 * n * (n - 1);
  if (bytes <= budget) return 'condensed';
  throw new CapacityError(
    `linkage('${method}') of ${n} observations needs the condensed distance matrix of ${formatBytes(bytes)}, over the memory budget of ${formatBytes(budget)}; raise memoryBudget, use fewer points${vectorOk ? ', or pass the observations (not distances) with matrixFree' : ', or use a matrix-free method (single, or ward/centroid/median with the euclidean metric)'}.`,
    bytes,
    budget,
  );
}

/** Observations x (n×d, IN) → out rows, matrix-free (TypeScript runners: with the starting sizes, or null). */
type VectorRunner<R> = (
  x: Float64Array,
  n: number,
  d: number,
  metric: WasmMetric,
  method: LinkageMethod,
  out: Float64Array,
  weights: Float64Array | null,
  onMerge: MergeReporter,
) => R;

/** The matrix-free runners by algorithm: TypeScript, and WebAssembly (false when it cannot run). */
const VECTOR: Record<LinkageAlgorithm, { ts: VectorRunner<void>; wasm: VectorRunner<boolean> }> = {
  mst: {
    ts: (x, n, d, metric, _method, out, _w, onMerge) => mstVector(x, n, d, metric, out, onMerge),
    wasm: (x, n, d, metric, _method, out, _w, onMerge) => mstVectorWasm(x, n, d, metric, out, onMerge),
  },
  nnChain: {
    ts: (x, n, d, _metric, _method, out, w, onMerge) => nnChainWardVector(x, n, d, out, w, onMerge),
    wasm: (x, n, d, _metric, _method, out, _w, onMerge) => nnChainWardVectorWasm(x, n, d, out, onMerge),
  },
  generic: {
    ts: (x, n, d, _metric, method, out, w, onMerge) => genericVector(x, n, d, method as GenericMethod, out, w, onMerge),
    wasm: (x, n, d, _metric, method, out, _w, onMerge) =>
      genericVectorWasm(x, n, d, method as GenericMethod, out, onMerge),
  },
};

/**
 * The matrix runners by algorithm: TypeScript on a distance matrix D (IN/OUT: destroyed) in `layout`, and
 * WebAssembly with the distances and the algorithm in wasm memory (n(n−1)/2 doubles; null where there is no such
 * path, false when it cannot run).
 */
const MATRIX: Record<
  LinkageAlgorithm,
  {
    ts: (
      D: Float64Array,
      n: number,
      layout: 'square' | 'condensed',
      method: LinkageMethod,
      out: Float64Array,
      weights: Float64Array | null,
      onMerge: MergeReporter,
    ) => void;
    wasm:
      | ((
          src: LinkageSource,
          method: LinkageMethod,
          squared: boolean,
          out: Float64Array,
          onMerge: MergeReporter,
          onRows?: MergeReporter,
        ) => boolean)
      | null;
  }
> = {
  // Single linkage always runs on the condensed triangle (see planLinkage).
  mst: { ts: (D, n, _layout, _method, out, _w, onMerge) => mstCondensed(D, n, out, onMerge), wasm: null },
  nnChain: {
    ts: (D, n, layout, method, out, w, onMerge) =>
      layout === 'square'
        ? nnChainSquare(D, n, method as NnChainMethod, out, w, onMerge)
        : nnChainCondensed(D, n, method as NnChainMethod, out, w, onMerge),
    wasm: (src, method, squared, out, onMerge, onRows) =>
      src.kind === 'condensed'
        ? nnChainWasmCondensed(src.y, src.n, squared, method as NnChainMethod, out, onMerge)
        : nnChainWasm(
            src.x,
            src.n,
            src.d,
            squared ? 'sqeuclidean' : src.metric,
            method as NnChainMethod,
            out,
            onMerge,
            onRows,
          ),
  },
  generic: {
    ts: (D, n, layout, method, out, w, onMerge) =>
      layout === 'square'
        ? genericSquare(D, n, method as GenericMethod, out, w, onMerge)
        : genericCondensed(D, n, method as GenericMethod, out, w, onMerge),
    wasm: (src, method, _squared, out, onMerge, onRows) =>
      src.kind === 'condensed'
        ? genericMatrixWasm(null, src.y, src.n, 0, method as GenericMethod, out, onMerge)
        : genericMatrixWasm(src.x, null, src.n, src.d, method as GenericMethod, out, onMerge, onRows),
  },
};

/** Runs the plan in WebAssembly; false when the wasm path cannot run (the caller then runs it in TypeScript). */
function runWasm(
  plan: LinkagePlan,
  src: LinkageSource,
  method: LinkageMethod,
  out: Float64Array,
  onMerge: MergeReporter,
  onRows?: MergeReporter,
): boolean {
  if (plan.layout === 'vector' && src.kind === 'observations') {
    return VECTOR[plan.algorithm].wasm(src.x, src.n, src.d, src.metric, method, out, null, onMerge);
  }
  return MATRIX[plan.algorithm].wasm?.(src, method, plan.squared, out, onMerge, onRows) ?? false;
}

/**
 * Runs the plan in TypeScript: builds the working distances in the plan's layout, then the algorithm (with the
 * starting sizes `weights`, or 1 each).
 */
function runTypeScript(
  plan: LinkagePlan,
  src: LinkageSource,
  method: LinkageMethod,
  out: Float64Array,
  weights: Float64Array | null,
  onMerge: MergeReporter,
  onRows?: MergeReporter,
): void {
  const { n } = src;
  const { layout, squared } = plan;
  if (layout === 'vector' || layout === 'input') {
    if (src.kind === 'observations') {
      VECTOR[plan.algorithm].ts(src.x, n, src.d, src.metric, method, out, weights, onMerge);
    } else mstCondensed(src.y instanceof Float64Array ? src.y : Float64Array.from(src.y), n, out, onMerge);
    return;
  }
  if (plan.f32) {
    runF32(src, method as NnChainMethod, out, weights, onMerge, onRows);
    return;
  }
  const D = new Float64Array(layout === 'square' ? n * n : (n * (n - 1)) / 2);
  if (src.kind === 'condensed') {
    if (layout === 'square') condensedToSquare(src.y, n, squared, D);
    else {
      D.set(src.y);
      if (squared) for (let i = 0; i < D.length; i++) D[i] *= D[i];
    }
  } else {
    const metric = squared ? 'sqeuclidean' : src.metric;
    if (layout === 'square') squareDistances(src.x, n, src.d, metric, D, onRows);
    else condensedDistances(src.x, n, src.d, metric, D, onRows);
  }
  MATRIX[plan.algorithm].ts(D, n, layout, method, out, weights, onMerge);
}

/**
 * A `precision: 'f32'` run: the distances (computed in double) rounded into a float32 condensed triangle, then the
 * NN-chain on it, each Lance–Williams update computed in double and rounded once when stored (see
 * {@link LinkageOptions.precision}). out ((n−1)·4) OUT: unsorted rows [x, y, height, size].
 */
function runF32(
  src: LinkageSource,
  method: NnChainMethod,
  out: Float64Array,
  weights: Float64Array | null,
  onMerge: MergeReporter,
  onRows?: MergeReporter,
): void {
  const D = new Float32Array((src.n * (src.n - 1)) / 2);
  if (src.kind === 'condensed') D.set(src.y);
  else condensedDistances(src.x, src.n, src.d, src.metric, D, onRows);
  nnChainCondensed(D, src.n, method, out, weights, onMerge);
}
