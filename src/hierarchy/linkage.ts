/**
 * `linkage`: validation, memory budget and dispatch to the right algorithm per method.
 * @module
 */
import { DEFAULT_MEMORY_BUDGET, METRICS } from '../core/distance.js';
import { CapacityError, formatBytes, ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkMetricName, type MetricOptions, resolveMetric, WASM_METRICS } from '../core/metrics.js';
import { checkNumber, checkOneOf } from '../core/validate.js';
import { type GenericMethod, genericCondensed, genericSquare, genericVector } from './generic.js';
import { sortAndLabel } from './linkageMatrix.js';
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

/** The algorithm each method runs: Prim's MST, the nearest-neighbour chain, or the generic algorithm. */
export const LINKAGE_ALGORITHM: Record<LinkageMethod, 'mst' | 'nnChain' | 'generic'> = {
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
 * scan then reads a contiguous row — about 2.5× faster at n ≥ 5 000), else the condensed n(n−1)/2 doubles, or
 * O(n·d) with `matrixFree`; single linkage on a condensed vector reads it in place. With the WebAssembly backend
 * (src/kernels/backend.ts: 'auto' where SIMD is available and n ≥ 64), every matrix method computes the distances
 * and runs in wasm memory on n(n−1)/2 doubles (8×8-tiled, never the n×n matrix), and the matrix-free paths scan in
 * SIMD; results are bit-identical to the TypeScript path either way (test/hierarchy/wasm.test.ts).
 *
 * Returns SciPy's linkage matrix: row i = [a, b, height, size], a < b, creating cluster n+i. For the monotone
 * methods rows are stably sorted by height and relabelled by union-find, exactly as SciPy; centroid and median
 * keep merge order (heights may decrease), as SciPy. Matches `scipy.cluster.hierarchy.linkage` to 1e-9 relative on
 * tie-free data (fixtures in test/fixtures/hierarchy).
 * @param X - n×d observations, or a condensed distance vector of length n(n−1)/2
 * @throws {@link ValidationError} on NaN/Infinity, fewer than 2 observations, a condensed length that is not
 * n(n−1)/2, ward/centroid/median with a non-Euclidean metric, or a zero row under the cosine metric
 * @throws {@link CapacityError} if the distance matrix exceeds `memoryBudget` and no matrix-free path applies
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
  const squared = method === 'ward' || method === 'centroid' || method === 'median';

  if (isCondensed(X)) {
    if (matrixFree === true) {
      throw new ValidationError(
        'matrixFree needs the observations, not a condensed distance vector; pass X as rows or drop matrixFree.',
        { param: 'matrixFree' },
      );
    }
    const n = numObsCondensed(X.length, 'y');
    checkCondensedValues(X, 'y');
    if (method === 'single') {
      // Prim reads the vector as it is: no working copy.
      const y = X instanceof Float64Array ? X : Float64Array.from(X);
      const out = new Float64Array((n - 1) * 4);
      mstCondensed(y, n, out);
      sortAndLabel(out, n);
      return { rows: n - 1, cols: 4, data: out };
    }
    if (linkageWasmEnabled(n) && inWasmRange(X)) {
      chooseLayout(n, Math.min(budget, 8 * n * n - 1), method, false); // the budget check of the condensed layout
      const out = new Float64Array((n - 1) * 4);
      if (LINKAGE_ALGORITHM[method] === 'nnChain') {
        if (nnChainWasmCondensed(X, n, squared, method as NnChainMethod, out)) return finish(out, n, squared);
      } else if (genericMatrixWasm(null, X, n, 0, method as GenericMethod, out)) return finishGeneric(out, n);
    }
    const layout = chooseLayout(n, budget, method, false);
    const D = new Float64Array(layout === 'square' ? n * n : X.length);
    if (layout === 'square') condensedToSquare(X, n, squared, D);
    else {
      D.set(X);
      if (squared) for (let i = 0; i < D.length; i++) D[i] *= D[i];
    }
    return run(D, n, method, squared, layout);
  }

  const x = toMatrix(X as MatrixLike, 'X');
  const n = x.rows;
  const d = x.cols;
  if (n < 2) {
    throw new ValidationError(`X has ${n} row; linkage needs at least 2 observations.`, { param: 'X' });
  }
  if (squared && metric !== 'euclidean') {
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
    return linkage(condensedForMetric(x, options, 'X', 'linkage', budget), { method, memoryBudget: budget });
  }
  resolveMetric(options, [x], 'linkage'); // the metric's data checks (no zero row under cosine), no stray p/w/V/VI
  const m = (n * (n - 1)) / 2;
  const bytes = m * 8;
  const vectorOk = method === 'single' || squared;
  if (matrixFree === true && !vectorOk) {
    throw new ValidationError(
      `matrixFree is available for single, ward, centroid and median linkage, not '${method}'; drop matrixFree or change method.`,
      { param: 'matrixFree' },
    );
  }
  // On few features the centroid paths beat building the matrix (measured: ward up to d ≈ 12, centroid/median up
  // to d ≈ 24, at n = 5 000), besides needing O(n·d) memory.
  const preferVector = method === 'single' || (method === 'ward' ? d <= 12 : squared && d <= 24);
  const useVector = vectorOk && (matrixFree === true || (matrixFree === 'auto' && (preferVector || bytes > budget)));
  const out = new Float64Array((n - 1) * 4);
  if (useVector) {
    const wasm = linkageWasmEnabled(n) && inWasmRange(x.data);
    if (method === 'single') {
      if (!(wasm && mstVectorWasm(x.data, n, d, metric, out))) mstVector(x.data, n, d, metric, out);
      sortAndLabel(out, n);
      return { rows: n - 1, cols: 4, data: out };
    }
    if (method === 'ward') {
      if (!(wasm && nnChainWardVectorWasm(x.data, n, d, out))) nnChainWardVector(x.data, n, d, out);
      sortAndLabel(out, n);
    } else if (!(wasm && genericVectorWasm(x.data, n, d, method as 'centroid' | 'median', out))) {
      genericVector(x.data, n, d, method as 'centroid' | 'median', out);
    }
    for (let i = 0; i < n - 1; i++) out[i * 4 + 2] = Math.sqrt(Math.max(0, out[i * 4 + 2]));
    return { rows: n - 1, cols: 4, data: out };
  }
  if (method !== 'single' && linkageWasmEnabled(n) && inWasmRange(x.data)) {
    // WebAssembly: the distances and the whole algorithm in wasm memory, in the condensed matrix's n(n−1)/2 doubles.
    chooseLayout(n, Math.min(budget, 8 * n * n - 1), method, vectorOk);
    if (LINKAGE_ALGORITHM[method] === 'nnChain') {
      const m = squared ? 'sqeuclidean' : metric;
      if (nnChainWasm(x.data, n, d, m, method as NnChainMethod, out)) return finish(out, n, squared);
    } else if (genericMatrixWasm(x.data, null, n, d, method as GenericMethod, out)) return finishGeneric(out, n);
  }
  // Prim reads each distance once, so single linkage gains nothing from the full matrix.
  const layout =
    method === 'single'
      ? chooseLayout(n, Math.min(budget, 8 * n * n - 1), method, vectorOk)
      : chooseLayout(n, budget, method, vectorOk);
  const D = new Float64Array(layout === 'square' ? n * n : m);
  if (layout === 'square') squareDistances(x.data, n, d, squared ? 'sqeuclidean' : metric, D);
  else condensedDistances(x.data, n, d, squared ? 'sqeuclidean' : metric, D);
  return run(D, n, method, squared, layout);
}

/**
 * The working-matrix layout: the full n×n matrix when 8n² bytes fit the budget (every scan reads a contiguous
 * row: about 2.5× faster), else the condensed triangle, else a {@link CapacityError}.
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

/** Sorts and relabels NN-chain rows (slot indices, unsorted) into SciPy's linkage matrix; √ of squared heights. */
function finish(out: Float64Array, n: number, squared: boolean): Matrix {
  sortAndLabel(out, n);
  if (squared) for (let i = 0; i < n - 1; i++) out[i * 4 + 2] = Math.sqrt(Math.max(0, out[i * 4 + 2]));
  return { rows: n - 1, cols: 4, data: out };
}

/** Generic-algorithm rows (merge order, final ids, squared heights) as the linkage matrix: √ of the heights. */
function finishGeneric(out: Float64Array, n: number): Matrix {
  for (let i = 0; i < n - 1; i++) out[i * 4 + 2] = Math.sqrt(Math.max(0, out[i * 4 + 2]));
  return { rows: n - 1, cols: 4, data: out };
}

/** Runs the matrix algorithm for `method` on D (destroyed) and finishes the linkage matrix. */
function run(
  D: Float64Array,
  n: number,
  method: LinkageMethod,
  squared: boolean,
  layout: 'square' | 'condensed',
): Matrix {
  const out = new Float64Array((n - 1) * 4);
  const algo = LINKAGE_ALGORITHM[method];
  if (algo === 'mst') {
    if (layout === 'square') throw new Error('internal: single linkage runs on the condensed vector');
    mstCondensed(D, n, out);
    sortAndLabel(out, n);
  } else if (algo === 'nnChain') {
    const m = method as 'complete' | 'average' | 'weighted' | 'ward';
    if (layout === 'square') nnChainSquare(D, n, m, out);
    else nnChainCondensed(D, n, m, out);
    sortAndLabel(out, n);
  } else if (layout === 'square') {
    genericSquare(D, n, method as 'centroid' | 'median', out);
  } else {
    genericCondensed(D, n, method as 'centroid' | 'median', out);
  }
  if (squared) for (let i = 0; i < n - 1; i++) out[i * 4 + 2] = Math.sqrt(Math.max(0, out[i * 4 + 2]));
  return { rows: n - 1, cols: 4, data: out };
}
