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

/** Mean of the column variances, the scale scikit-learn uses to make k-means' `tol` relative. */
export function meanColumnVariance(x: Float64Array, n: number, d: number): number {
  const v = columnVariances(x, n, d);
  let s = 0;
  for (let j = 0; j < d; j++) s += v[j];
  return s / d;
}
