/**
 * A read-only view of n×n dissimilarities stored either as a square row-major matrix or as a condensed vector
 * (SciPy's `pdist` order), used by the k-medoids kernels without copying the caller's buffer.
 * @module
 */
import {
  checkBudget,
  condensedIndex,
  DEFAULT_MEMORY_BUDGET,
  METRICS,
  type Metric,
  pdistInto,
} from '../core/distance.js';
import { ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { checkOneOf } from '../core/validate.js';

/** n×n dissimilarities: `square` is row-major n×n, `condensed` is n(n−1)/2 in `pdist` order. */
export interface DissimilarityView {
  readonly n: number;
  readonly layout: 'square' | 'condensed';
  readonly data: Float64Array;
}

/** A precomputed dissimilarity matrix: square (Matrix or number[][]) or condensed (a flat vector). */
export type PrecomputedDissimilarity = Matrix | ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/** d(i, j) from a view (0 on the diagonal of a condensed view). */
export function dissimAt(v: DissimilarityView, i: number, j: number): number {
  if (v.layout === 'square') return v.data[i * v.n + j];
  return i === j ? 0 : v.data[condensedIndex(v.n, i, j)];
}

/**
 * Row i of the dissimilarities: a subarray of a square view (no copy), or gathered into `buf` (length n, OUT)
 * from a condensed one. O(n).
 */
export function dissimRow(v: DissimilarityView, i: number, buf: Float64Array): Float64Array {
  const n = v.n;
  const d = v.data;
  if (v.layout === 'square') return d.subarray(i * n, (i + 1) * n);
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
 * Condensed dissimilarities of the rows of x under a metric, checked against the memory budget.
 * x n×d IN. O(n²·d) time, n(n−1)/2 doubles.
 * @throws {@link CapacityError} when the vector exceeds `memoryBudget`
 */
export function dataDissimilarities(
  x: Matrix,
  metric: Metric,
  memoryBudget = DEFAULT_MEMORY_BUDGET,
  what = 'k-medoids',
): DissimilarityView {
  checkOneOf(metric, METRICS, 'metric');
  const n = x.rows;
  const len = (n * (n - 1)) / 2;
  checkBudget(
    len * 8,
    memoryBudget,
    `${what} on ${n} rows (a condensed dissimilarity matrix)`,
    'use CLARA, which needs only sampleSize² values.',
  );
  const data = new Float64Array(len);
  pdistInto(x.data, n, x.cols, metric, data);
  return { n, layout: 'condensed', data };
}
