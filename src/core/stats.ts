/**
 * Column statistics on flat row-major data (means, variances), used for centring, scaling and tolerances.
 * @module
 */

/** Column means of an n×d matrix: μⱼ = (1/n) Σᵢ xᵢⱼ. x IN; returns length d. */
export function columnMeans(x: Float64Array, n: number, d: number): Float64Array {
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mu[j] += x[o + j];
  }
  for (let j = 0; j < d; j++) mu[j] /= n;
  return mu;
}

/** Column variances (ddof 0, two-pass for accuracy): σⱼ² = (1/n) Σᵢ (xᵢⱼ − μⱼ)². */
export function columnVariances(x: Float64Array, n: number, d: number, mu = columnMeans(x, n, d)): Float64Array {
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const t = x[o + j] - mu[j];
      v[j] += t * t;
    }
  }
  for (let j = 0; j < d; j++) v[j] /= n;
  return v;
}

/**
 * Mean of the column variances, the scale scikit-learn uses to make k-means' `tol` relative. `mu`: the column
 * means of x when the caller has them (bit-identical to `columnMeans(x, n, d)`), else computed here.
 */
export function meanColumnVariance(x: Float64Array, n: number, d: number, mu = columnMeans(x, n, d)): number {
  const v = columnVariances(x, n, d, mu);
  let s = 0;
  for (let j = 0; j < d; j++) s += v[j];
  return s / d;
}

/**
 * dst = src − μ row by row (src, dst n×d; μ d); with `sums` (d, zeroed), also the column sums of dst added in row
 * order, as {@link columnMeans}(dst) adds them (so sums[j] / n is its μⱼ bit for bit: one pass instead of two when a
 * k-means tolerance needs the variances of the centred data). O(n·d). @internal
 */
export function centerRows(
  src: Float64Array,
  n: number,
  d: number,
  mu: Float64Array,
  dst: Float64Array,
  sums: Float64Array | null,
): void {
  if (sums === null) {
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) dst[o + j] = src[o + j] - mu[j];
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = src[o + j] - mu[j];
      dst[o + j] = v;
      sums[j] += v;
    }
  }
}
