/**
 * Power-of-two rescaling for linkage on data whose squared distances would overflow (or underflow).
 * @module
 * @internal
 */
import { NumericalError } from './errors.js';
import { type Matrix, type MatrixLike, toMatrix } from './matrix.js';

/**
 * Largest |value| above which linkage rescales: 2²⁵⁶ ≈ 1.2e77. Squared distances of d features reach 4d·M², and a
 * Ward update multiplies them by cluster sizes up to n, so with M ≤ 2²⁵⁶ and d·n < 2⁴⁸⁰ nothing overflows.
 */
const LARGE = 2 ** 256;
/** Smallest non-zero max |value| below which linkage rescales (squares would fall into the subnormals). */
const SMALL = 2 ** -256;

/**
 * The power of two s to divide `v` by before a linkage, or 1 when its largest magnitude M is in [2⁻²⁵⁶, 2²⁵⁶]
 * (or 0). Then M/s ∈ [1, 2). `limit` (default 2²⁵⁶) replaces 2²⁵⁶ (linkage's float32 storage uses 2³²).
 *
 * @remarks
 * Division and multiplication by a power of two are exact in binary floating point (barring subnormal results),
 * and +, −, ×, ÷ and √ commute with them, so every Lance–Williams update, every comparison and every √ gives the
 * scaled data's result times s (s² for squared distances) bit for bit: linkage(X/s) heights × s equal
 * linkage(X) heights wherever the latter are finite. O(len).
 */
export function magnitudeScale(v: ArrayLike<number>, limit = LARGE): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m) m = a;
  }
  if (m === 0 || (m <= limit && m >= (limit === LARGE ? SMALL : 1 / limit))) return 1;
  return 2 ** Math.floor(Math.log2(m));
}

/** A copy of `v` divided by the power of two `s` (exact). O(len). */
export function divideBy(v: ArrayLike<number>, s: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / s;
  return out;
}

/**
 * `m` divided by the power of two {@link magnitudeScale} gives (or `m` itself when that is 1): for computations
 * that do not change when all the data are multiplied by a constant (silhouette, Calinski–Harabasz, Davies–Bouldin,
 * spherical k-means), so that squares of values near 1e300 cannot overflow. Exact. O(n·d).
 */
export function scaleFreeMatrix(m: Matrix): Matrix {
  const s = magnitudeScale(m.data);
  return s === 1 ? m : { rows: m.rows, cols: m.cols, data: divideBy(m.data, s) };
}

/**
 * Throws a {@link NumericalError} when sums of squared differences over the rows of `m` could overflow: the
 * largest |x| above √(MAX_VALUE / (4·n·d)) (about 1e150 for 1 000 × 10). For estimators whose results are such
 * sums or squares (inertia, variances, covariances, squared kernel distances), which a rescaling cannot make
 * representable. O(n·d).
 * @param what - what the estimator computes, for the message ("KMeans' inertia (Σ squared distances)")
 */
export function checkSquaredMagnitude(m: Matrix, what: string): void {
  const limit = squaredMagnitudeLimit(m);
  const { data, cols } = m;
  for (let t = 0; t < data.length; t++) {
    if (!(Math.abs(data[t]) <= limit)) {
      const row = Math.floor(t / cols);
      throw new NumericalError(
        `${what} would overflow for data this large: |X[${row}][${t - row * cols}]| = ${data[t]} exceeds ${limit.toPrecision(3)} (√(MAX_VALUE / 4nd) for ${m.rows}×${cols}); divide the data by a constant or standardize it (fitScaler(X, 'standard'); CLI --scale standard).`,
      );
    }
  }
}

/** √(MAX_VALUE / (4·n·d)): the largest |x| for which {@link checkSquaredMagnitude} accepts an n×d matrix. O(1). */
function squaredMagnitudeLimit(m: Matrix): number {
  return Math.sqrt(Number.MAX_VALUE / (4 * Math.max(1, m.rows) * Math.max(1, m.cols)));
}

/**
 * `toMatrix(X, name)`, {@link checkSquaredMagnitude} and the column means μⱼ = (1/n) Σᵢ xᵢⱼ in one pass over the
 * values instead of three: per value the single test |x| ≤ √(MAX_VALUE / 4nd) (which rejects NaN, ±Infinity and
 * too-large values alike) and the column sum, added in row order as `columnMeans` adds them (so μ is bit-identical
 * to it). Only when some value fails are `toMatrix` and `checkSquaredMagnitude` run in turn, so the error thrown is
 * theirs. For fits that centre their data (k-means), whose serial set-up before the passes this shortens. O(n·d).
 * @param X - the data
 * @param name - its name in error messages ("X")
 * @param what - what the estimator computes, for the overflow message (see {@link checkSquaredMagnitude})
 * @returns the matrix (X itself when it is a valid Matrix) and its column means
 * @throws {@link ValidationError} / {@link NumericalError} as toMatrix and checkSquaredMagnitude
 * @example
 * const { m, mu } = toMatrixCheckedMeans(X, 'X', 'KMeans: the inertia (Σ squared distances)');
 */
export function toMatrixCheckedMeans(X: MatrixLike, name: string, what: string): { m: Matrix; mu: Float64Array } {
  const m = toMatrix(X, name, { allowNonFinite: true });
  const limit = squaredMagnitudeLimit(m);
  const { data, rows: n, cols: d } = m;
  const mu = new Float64Array(d);
  let ok = true;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j];
      if (!(Math.abs(v) <= limit)) ok = false;
      mu[j] += v;
    }
  }
  if (!ok) {
    toMatrix(m, name);
    checkSquaredMagnitude(m, what);
  }
  for (let j = 0; j < d; j++) mu[j] /= n;
  return { m, mu };
}

/**
 * `toMatrix(X, name)` then {@link checkSquaredMagnitude} in one pass over the values instead of two: a single test
 * |x| ≤ limit rejects NaN, ±Infinity and too-large values alike; only when some value fails are the two checks
 * run in turn, so the error thrown is theirs (a ValidationError naming the non-finite cell first, else the
 * NumericalError). For estimators that read big data once per fit (mini-batch k-means). O(n·d).
 * @throws {@link ValidationError} / {@link NumericalError} as toMatrix and checkSquaredMagnitude
 */
export function toMatrixCheckedSquares(X: MatrixLike, name: string, what: string): Matrix {
  const m = toMatrix(X, name, { allowNonFinite: true });
  const limit = squaredMagnitudeLimit(m);
  const data = m.data;
  let ok = true;
  for (let t = 0; t < data.length; t++) if (!(Math.abs(data[t]) <= limit)) ok = false;
  if (!ok) checkSquaresFailed(m, name, what);
  return m;
}

/**
 * The check of {@link toMatrixCheckedSquares} with the scan done elsewhere (mini-batch k-means runs it in
 * WebAssembly over the rows in its workspace): `allWithin(limit)` tells whether every |xᵢⱼ| ≤ limit =
 * √(MAX_VALUE / (4·n·d)) (false on NaN or ±∞); when it is false, the same errors as toMatrixCheckedSquares. O(1)
 * plus the scan when it passes, O(n·d) to name the failing cell.
 * @throws {@link ValidationError} / {@link NumericalError} as toMatrixCheckedSquares
 */
export function checkSquaresWith(m: Matrix, allWithin: (limit: number) => boolean, name: string, what: string): void {
  if (!allWithin(squaredMagnitudeLimit(m))) checkSquaresFailed(m, name, what);
}

/** Throws the error of the first failing check (non-finite cell, then magnitude) on a matrix known to fail. */
function checkSquaresFailed(m: Matrix, name: string, what: string): void {
  toMatrix(m, name);
  checkSquaredMagnitude(m, what);
}
