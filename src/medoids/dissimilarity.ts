/**
 * A read-only view of n×n dissimilarities stored either as a square row-major matrix or as a condensed vector
 * (SciPy's `pdist` order), used by the k-medoids kernels without copying the caller's buffer.
 * @module
 */
import { condensedIndex, DEFAULT_MEMORY_BUDGET, METRICS, type Metric, metricDist } from '../core/distance.js';
import { ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { NO_PARAMS } from '../core/metrics.js';
import { checkOneOf } from '../core/validate.js';
import { pdistWasmCode } from '../engine/kernels/pdistWasm.js';
import { fillCdist } from '../engine/pairwise.js';

/**
 * n×n dissimilarities: `square` is row-major n×n, `condensed` is n(n−1)/2 in `pdist` order, `data` computes each
 * value when read from the n×`cols` rows in `data` under `metric` (no matrix at all).
 */
export interface DissimilarityView {
  readonly n: number;
  readonly layout: 'square' | 'condensed' | 'data';
  readonly data: Float64Array;
  /** Columns of the rows (`data` layout). */
  readonly cols?: number;
  /** The metric (`data` layout). */
  readonly metric?: Metric;
}

/** A precomputed dissimilarity matrix: square (Matrix or number[][]) or condensed (a flat vector). */
export type PrecomputedDissimilarity = Matrix | ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/** d(i, j) from a view (0 on the diagonal of a condensed view). */
export function dissimAt(v: DissimilarityView, i: number, j: number): number {
  if (v.layout === 'square') return v.data[i * v.n + j];
  if (i === j) return 0;
  if (v.layout === 'data') return metricDist(v.data, i, v.data, j, v.cols as number, v.metric as Metric);
  return v.data[condensedIndex(v.n, i, j)];
}

/**
 * Row i of the dissimilarities: a subarray of a square view (no copy), or gathered into `buf` (length n, OUT)
 * from a condensed one (O(n)), or computed into `buf` from the rows (O(n·d)).
 */
export function dissimRow(v: DissimilarityView, i: number, buf: Float64Array): Float64Array {
  const n = v.n;
  const d = v.data;
  if (v.layout === 'square') return d.subarray(i * n, (i + 1) * n);
  if (v.layout === 'data') {
    const cols = v.cols as number;
    const metric = v.metric as Metric;
    for (let o = 0; o < n; o++) buf[o] = o === i ? 0 : metricDist(d, o, d, i, cols, metric);
    return buf;
  }
  // Column i of the upper triangle (rows r < i), then row i's own run (columns > i), contiguous.
  let t = i - 1;
  for (let r = 0; r < i; r++) {
    buf[r] = d[t];
    t += n - r - 2;
  }
  buf[i] = 0;
  const base = n * i - (i * (i + 1)) / 2 - i - 1;
  for (let c = i + 1; c < n; c++) buf[c] = d[base + c];
  return buf;
}

/**
 * Checks a precomputed dissimilarity matrix and wraps it in a view, without copying a `Matrix` or a
 * `Float64Array` (a `number[][]` or plain array is converted once).
 * @remarks O(n²) reads. A square matrix must be symmetric (to 1e-12 relative) with a zero diagonal; every value
 * must be finite and ≥ 0. A flat vector must have length n(n−1)/2 for an integer n ≥ 1.
 * @throws {@link ValidationError} naming the first offending cell
 */
export function toDissimilarityView(D: PrecomputedDissimilarity, name = 'X'): DissimilarityView {
  let view: DissimilarityView;
  if (isMatrix(D)) {
    if (D.rows !== D.cols) {
      throw new ValidationError(
        `${name} is ${D.rows}×${D.cols}; a precomputed dissimilarity matrix must be square (n×n) or a condensed vector of length n(n−1)/2.`,
        { param: name },
      );
    }
    view = { n: D.rows, layout: 'square', data: D.data };
  } else if (D instanceof Float64Array || (D.length > 0 && typeof (D as ArrayLike<unknown>)[0] === 'number')) {
    const len = D.length;
    const n = Math.round((1 + Math.sqrt(1 + 8 * len)) / 2);
    if ((n * (n - 1)) / 2 !== len) {
      throw new ValidationError(
        `${name} has ${len} values, which is not n(n−1)/2 for any n; pass a condensed vector (pdist order) or a square matrix.`,
        { param: name },
      );
    }
    view = { n, layout: 'condensed', data: D instanceof Float64Array ? D : Float64Array.from(D as ArrayLike<number>) };
  } else if (D.length === 0) {
    throw new ValidationError(`${name} is empty; pass a square dissimilarity matrix or a condensed vector.`, {
      param: name,
    });
  } else {
    const rows = D as ArrayLike<ArrayLike<number>>;
    const n = rows.length;
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r === null || r === undefined || r.length !== n) {
        throw new ValidationError(
          `${name} row ${i} has ${r?.length} values but there are ${n} rows; a precomputed dissimilarity matrix must be square (n×n).`,
          { param: name, row: i },
        );
      }
      for (let j = 0; j < n; j++) data[i * n + j] = r[j];
    }
    view = { n, layout: 'square', data };
  }
  checkDissimilarities(view, name);
  return view;
}

function checkDissimilarities(v: DissimilarityView, name: string): void {
  const { n, data } = v;
  const cell = (t: number) => (v.layout === 'square' ? `[${Math.floor(t / n)}][${t % n}]` : `[${t}]`);
  for (let t = 0; t < data.length; t++) {
    const x = data[t];
    if (!Number.isFinite(x) || x < 0) {
      throw new ValidationError(
        `${name}${cell(t)} is ${x}; dissimilarities must be finite and >= 0 (a similarity must be turned into a distance first).`,
        { param: name },
      );
    }
  }
  if (v.layout === 'condensed') return;
  for (let i = 0; i < n; i++) {
    if (data[i * n + i] !== 0) {
      throw new ValidationError(
        `${name}[${i}][${i}] is ${data[i * n + i]}; the diagonal of a dissimilarity matrix must be 0.`,
        { param: name, row: i, col: i },
      );
    }
    for (let j = i + 1; j < n; j++) {
      const a = data[i * n + j];
      const b = data[j * n + i];
      if (Math.abs(a - b) > 1e-12 * Math.max(a, b)) {
        throw new ValidationError(
          `${name} is not symmetric: [${i}][${j}] = ${a} but [${j}][${i}] = ${b}; pass a symmetric matrix (e.g. (D + Dᵀ)/2).`,
          { param: name, row: i, col: j },
        );
      }
    }
  }
}

/**
 * Most rows per `fillCdist` call of {@link dataDissimilarities}: few calls (each opens a wasm workspace and loads all
 * n rows, ~2 ms at n = 5 000), a progress report after each; small inputs take n/8 rows a call so that the
 * progress bar still moves in eight steps.
 */
const DISSIM_BLOCK_ROWS = 1024;

/**
 * The dissimilarities of the rows of x under a metric, for the k-medoids kernels: a square n×n matrix when its
 * n²·8 bytes fit in `memoryBudget` (rows read contiguously), else a `data` view that computes each value when read
 * (no matrix; O(d) per value). Both give bit-identical values: entry (i, j) and (j, i), i < j, is d(xᵢ, xⱼ) by the
 * registry's kernel. For the metrics with a WebAssembly SIMD row (`pdistWasmCode`: (sq)euclidean, cityblock,
 * chebyshev, cosine, correlation, minkowski at p = 2) the matrix is built row by row as cdist(X, X)
 * (`fillCdist`, up to 1 024 rows a call) and its diagonal set to 0: their kernels are exactly symmetric (each term
 * (a − b)², |a − b| or a·b is the same IEEE value with a and b swapped, ‖a‖²‖b‖² commutes), so (j, i) = d(xⱼ, xᵢ)
 * is d(xᵢ, xⱼ) bit for bit — twice the arithmetic, but no strided mirror writes. Any other metric: each pair
 * i < j once, mirrored.
 * x n×d IN. O(n²·d) time for the square matrix.
 */
export function dataDissimilarities(
  x: Matrix,
  metric: Metric,
  memoryBudget = DEFAULT_MEMORY_BUDGET,
  onRows?: (rows: number, n: number) => void,
): DissimilarityView {
  checkOneOf(metric, METRICS, 'metric');
  const n = x.rows;
  const d = x.cols;
  if (n * n * 8 > memoryBudget) return { n, layout: 'data', data: x.data, cols: d, metric };
  const data = new Float64Array(n * n);
  if (pdistWasmCode(metric, NO_PARAMS) >= 0) {
    const block = Math.min(DISSIM_BLOCK_ROWS, Math.ceil(n / 8));
    for (let i0 = 0; i0 < n; i0 += block) {
      const i1 = Math.min(n, i0 + block);
      fillCdist(x.data.subarray(i0 * d, i1 * d), i1 - i0, x.data, n, d, metric, data.subarray(i0 * n, i1 * n));
      for (let i = i0; i < i1; i++) data[i * n + i] = 0;
      onRows?.(i1, n);
    }
    return { n, layout: 'square', data };
  }
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = metricDist(x.data, i, x.data, j, d, metric);
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
    if ((i & 63) === 63) onRows?.(i + 1, n);
  }
  onRows?.(n, n);
  return { n, layout: 'square', data };
}

/** The largest dissimilarity of a view (R's `s`). O(n²) reads (O(n²·d) for a `data` view). */
export function maxDissimilarity(v: DissimilarityView): number {
  let s = 0;
  if (v.layout === 'data') {
    for (let i = 0; i < v.n - 1; i++) {
      for (let j = i + 1; j < v.n; j++) {
        const x = dissimAt(v, i, j);
        if (s < x) s = x;
      }
    }
    return s;
  }
  const d = v.data;
  for (let t = 0; t < d.length; t++) if (s < d[t]) s = d[t];
  return s;
}
