/**
 * `pdist` and `cdist`, the public pairwise distances: validated once here, then computed by the WebAssembly SIMD rows
 * (engine/kernels/pdistWasm.ts) for the metrics that have them, else by the registry's TypeScript kernels (core's
 * `pdistInto` and `METRIC_REGISTRY`), which are the reference: both give the same values, bit for bit.
 * @module
 */
import { checkBudget, DEFAULT_MEMORY_BUDGET, type Metric, pdistInto } from '../core/distance.js';
import { ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import {
  METRIC_NAMES,
  METRIC_REGISTRY,
  type MetricOptions,
  type MetricParams,
  NO_PARAMS,
  resolveMetric,
} from '../core/metrics.js';
import { useWasm } from './kernels/backend.js';
import { cdistWasm, pdistWasm } from './kernels/pdistWasm.js';

/** Options of {@link pdist} and {@link cdist}: the metric and its parameters, a memory budget, an output array. */
export interface PairwiseOptions extends MetricOptions {
  /** Bytes the output may take before a {@link CapacityError} (not checked with `out`). @defaultValue 2 GiB */
  memoryBudget?: number;
  /**
   * The array to write the result into and return (SciPy's `out=`): a `Float64Array` of exactly n(n−1)/2 values
   * for pdist, na·nb for cdist, not overlapping the input's data. Every entry is overwritten; reusing one array
   * across calls saves allocating (and the operating system zero-filling) a fresh result each time.
   * @defaultValue a new array
   */
  out?: Float64Array;
}

function pairwiseOptions(metricOrOptions: Metric | PairwiseOptions | undefined): PairwiseOptions {
  if (metricOrOptions === undefined) return {};
  if (typeof metricOrOptions === 'string') return { metric: metricOrOptions };
  return metricOrOptions;
}

/**
 * The caller's `out` checked for a result of `len` doubles: a Float64Array of that length whose memory does not
 * overlap any of `inputs` (the TypeScript kernels read the rows while writing the result).
 * @throws {@link ValidationError} (param 'out') otherwise, naming the expected type and length
 */
function checkOut(out: unknown, len: number, what: string, inputs: readonly Matrix[]): Float64Array {
  if (!(out instanceof Float64Array)) {
    const got = out === null ? 'null' : ArrayBuffer.isView(out) ? out.constructor.name : typeof out;
    throw new ValidationError(
      `out must be a Float64Array of ${what} = ${len} values; got ${got}. Pass new Float64Array(${len}) or omit out.`,
      { param: 'out' },
      'INVALID_OPTION',
    );
  }
  if (out.length !== len) {
    throw new ValidationError(
      `out must hold ${what} = ${len} values; got length ${out.length}. Pass new Float64Array(${len}).`,
      { param: 'out' },
      'INVALID_OPTION',
    );
  }
  for (const m of inputs) {
    const a = m.data;
    if (
      a.buffer === out.buffer &&
      a.byteOffset < out.byteOffset + out.byteLength &&
      out.byteOffset < a.byteOffset + a.byteLength
    ) {
      throw new ValidationError(
        'out overlaps the input data; pass an array of its own.',
        { param: 'out' },
        'INVALID_OPTION',
      );
    }
  }
  return out;
}

/**
 * Fills out (n(n−1)/2, OUT) with the condensed distances of the rows of x (n×d, IN, already validated for the
 * metric): on the WebAssembly rows when the backend allows them ('auto': from 20 000 pair-features on) and the
 * metric has one, else with core's `pdistInto` — the same values either way. Returns the path that ran. @internal
 */
export function fillPdist(
  x: Float64Array,
  n: number,
  d: number,
  metric: Metric,
  out: Float64Array,
  params: MetricParams = NO_PARAMS,
): 'wasm' | 'js' {
  if (useWasm(((n * (n - 1)) / 2) * d, 'pdist') && pdistWasm(x, n, d, metric, out, params)) return 'wasm';
  pdistInto(x, n, d, metric, out, params);
  return 'js';
}

/**
 * Fills out (na×nb row-major, OUT) with the distances between the rows of a (na×d, IN) and of b (nb×d, IN),
 * validated for the metric, as {@link fillPdist} does. Returns the path that ran. @internal
 */
export function fillCdist(
  a: Float64Array,
  na: number,
  b: Float64Array,
  nb: number,
  d: number,
  metric: Metric,
  out: Float64Array,
  params: MetricParams = NO_PARAMS,
): 'wasm' | 'js' {
  if (useWasm(na * nb * d, 'pdist') && cdistWasm(a, na, b, nb, d, metric, out, params)) return 'wasm';
  const dist = METRIC_REGISTRY[metric].distance;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) out[i * nb + j] = dist(a, i * d, b, j * d, d, params);
  }
  return 'js';
}

/**
 * Condensed pairwise distances, as `scipy.spatial.distance.pdist`: entry (i, j), i < j, at
 * `condensedIndex`(n, i, j).
 * @remarks
 * Every metric of the registry ({@link METRIC_REGISTRY}: SciPy's numeric and boolean metrics, and haversine on
 * [lat, lon] in radians), with SciPy's parameters: `p` and weights `w` (minkowski), `V` (seuclidean; default the
 * columns' variances, ddof 1), `VI` (mahalanobis; default inv(cov(X))). O(n²·d) time (O(n²·d²) for mahalanobis),
 * n(n−1)/2 doubles (the only n² buffer). Euclidean, sqeuclidean, seuclidean, cityblock, chebyshev, cosine,
 * correlation and unweighted minkowski with p = 1, 2, ∞ run in WebAssembly SIMD where available (two pairs per
 * vector, each pair's features summed in order: bit-identical to the TypeScript kernels, which run elsewhere);
 * pdist stays on the calling thread with a worker pool too: a helper computing blocks of rows (the same bits) measured
 * no faster at n = 5 000, where the fresh result's page faults and the copy dominate, so that split is off.
 * Matches SciPy 1.10's `pdist` on the fixtures (test/fixtures/distance).
 * With `out` (SciPy's `out=`) the distances are written into that array, which is returned: no allocation, and
 * when one array is reused across calls no fresh pages for the operating system to zero-fill (most of the cost of a
 * call at n = 5 000 after the distances themselves). On Linux with glibc, Node started with
 * `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` gets a fresh result in transparent huge pages (as NumPy's arrays), far
 * fewer page faults.
 * @param X - n×d observations
 * @param metricOrOptions - a metric name, or {@link PairwiseOptions}
 * @param memoryBudget - bytes the output may take (or `options.memoryBudget`; not checked with `out`) @defaultValue 2 GiB
 * @returns the condensed distances: a new Float64Array, or `out`
 * @throws {@link CapacityError} if the vector exceeds the memory budget
 * @throws {@link ValidationError} on NaN/Infinity, an unknown metric, a parameter the metric does not take, bad
 * `p`/`w`/`V`/`VI` shapes, or data the metric cannot take (a zero vector under `'cosine'`, a boolean metric on
 * non-0/1 data, negative values under `'jensenshannon'`, …), or an `out` that is not a Float64Array of n(n−1)/2
 * values or overlaps X's data
 * @example
 * pdist([[0, 0], [3, 4], [6, 8]]); // Float64Array [5, 10, 5]
 * pdist([[0, 0], [1, 1]], { metric: 'minkowski', p: 3 }); // Float64Array [1.2599…]
 * const D = new Float64Array(3);
 * pdist([[0, 0], [3, 4], [6, 8]], { out: D }); // D, filled: [5, 10, 5]
 */
export function pdist(X: MatrixLike, metricOrOptions?: Metric | PairwiseOptions, memoryBudget?: number): Float64Array {
  const m = toMatrix(X, 'X');
  const opts = pairwiseOptions(metricOrOptions);
  const { info, params } = resolveMetric(opts, [m], 'pdist');
  const n = m.rows;
  const len = (n * (n - 1)) / 2;
  if (opts.out !== undefined) {
    const out = checkOut(opts.out, len, 'n(n−1)/2', [m]);
    fillPdist(m.data, n, m.cols, info.name, out, params);
    return out;
  }
  checkBudget(
    len * 8,
    memoryBudget ?? opts.memoryBudget ?? DEFAULT_MEMORY_BUDGET,
    `The condensed distance matrix of ${n} points`,
    'use fewer points or a matrix-free method.',
  );
  // A plain Float64Array, filled through the wasm scratch block. Measured and rejected: computing straight into a
  // fresh WebAssembly.Memory returned as the view (no copy out) took ~12 % less CPU at n = 5 000, but V8 frees a
  // memory that an instance imported only at a major GC: a loop of calls held 5 outputs at once (2 GB at n = 10 000)
  // where plain arrays held 2. Most of the rest of the time is first-touch page faults of the output (4 KiB pages;
  // NumPy madvises huge pages, which JavaScript cannot ask for; glibc does with GLIBC_TUNABLES=glibc.malloc.hugetlb=1
  // set when Node starts). Also rejected: a result over a SharedArrayBuffer, whose pages the pool's helper could
  // fault in beside this thread — Node 20 does not count SharedArrayBuffers toward GC pressure (30 fresh 100 MB ones
  // in a loop kept 3 GB).
  const out = new Float64Array(len);
  fillPdist(m.data, n, m.cols, info.name, out, params);
  return out;
}

/**
 * Distances between every row of `XA` and every row of `XB` (na×nb), as `scipy.spatial.distance.cdist`.
 * @remarks
 * Same metrics and parameters as {@link pdist} (and the same WebAssembly rows); seuclidean's `V` and mahalanobis's
 * `VI` default from the rows of XA and XB stacked, as SciPy does. O(na·nb·d). With `out` (na·nb values), the result's
 * `data` is that array.
 * @param XA - na×d observations
 * @param XB - nb×d observations
 * @throws {@link ValidationError} if the column counts differ, and as {@link pdist}
 * @throws {@link CapacityError} if the na×nb matrix exceeds the memory budget
 * @example
 * cdist([[0, 0]], [[3, 4], [1, 0]], 'cityblock'); // { rows: 1, cols: 2, data: Float64Array [7, 1] }
 */
export function cdist(XA: MatrixLike, XB: MatrixLike, metricOrOptions?: Metric | PairwiseOptions): Matrix {
  const a = toMatrix(XA, 'XA');
  const b = toMatrix(XB, 'XB', { cols: a.cols });
  const opts = pairwiseOptions(metricOrOptions);
  const { info, params } = resolveMetric(opts, [a, b], 'cdist', METRIC_NAMES, ['XA', 'XB']);
  let out: Float64Array;
  if (opts.out !== undefined) out = checkOut(opts.out, a.rows * b.rows, 'na·nb', [a, b]);
  else {
    checkBudget(
      a.rows * b.rows * 8,
      opts.memoryBudget ?? DEFAULT_MEMORY_BUDGET,
      `The ${a.rows}×${b.rows} distance matrix`,
      'query fewer rows at a time.',
    );
    out = new Float64Array(a.rows * b.rows);
  }
  fillCdist(a.data, a.rows, b.data, b.rows, a.cols, info.name, out, params);
  return { rows: a.rows, cols: b.rows, data: out };
}
