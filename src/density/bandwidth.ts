/**
 * Bandwidth rules of thumb (scikit-learn's and SciPy's), the weighted covariance of SciPy's `gaussian_kde`, and
 * the small dense linear algebra the covariance-scaled kernel needs.
 * @module
 */

/**
 * Scott's rule as scikit-learn 1.2 computes it: h = n^(−1/(d+4)).
 * @remarks
 * UNSCALED: this is the factor SciPy multiplies the data's standard deviation by, used as the bandwidth itself
 * (scikit-learn's semantics). On data whose spread is far from 1 it over- or under-smooths; standardise the data
 * first, or use `scaleByCovariance: true` (SciPy's `gaussian_kde`), where the same factor scales the covariance.
 * scikit-learn counts rows, not weights: n is the number of rows even with `sampleWeight`.
 * @example
 * scottBandwidth(100, 1); // 100^(−1/5) ≈ 0.398
 */
export function scottBandwidth(n: number, d: number): number {
  return n ** (-1 / (d + 4));
}

/**
 * Silverman's rule as scikit-learn 1.2 computes it: h = (n·(d+2)/4)^(−1/(d+4)).
 * @remarks UNSCALED, like `scottBandwidth`: it is a factor for unit-variance data, used as the bandwidth.
 * @example
 * silvermanBandwidth(100, 1); // 75^(−1/5) ≈ 0.422
 */
export function silvermanBandwidth(n: number, d: number): number {
  return ((n * (d + 2)) / 4) ** (-1 / (d + 4));
}

/**
 * Weighted mean and covariance as `numpy.cov(x.T, aweights=w)` (ddof 1): with wᵢ normalised to Σwᵢ = 1,
 * μ = Σ wᵢxᵢ and Σ = Σ wᵢ(xᵢ−μ)(xᵢ−μ)ᵀ / (1 − Σwᵢ²) — for equal weights the usual 1/(n−1) covariance.
 * x n×d (IN), w n (IN). Returns NaN entries when 1 − Σwᵢ² = 0 (a single effective point).
 */
export function weightedCovariance(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
): { mean: Float64Array; cov: Float64Array; neff: number } {
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w[i];
  const inv = 1 / sw;
  const mean = new Float64Array(d);
  let sw2 = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i] * inv;
    sw2 += wi * wi;
    for (let j = 0; j < d; j++) mean[j] += wi * x[i * d + j];
  }
  const cov = new Float64Array(d * d);
  if (d === 1) {
    const mu = mean[0];
    let c = 0;
    for (let i = 0; i < n; i++) {
      const u = x[i] - mu;
      c += w[i] * u * u;
    }
    cov[0] = c * inv;
  } else {
    for (let i = 0; i < n; i++) {
      const wi = w[i] * inv;
      const o = i * d;
      for (let p = 0; p < d; p++) {
        const u = wi * (x[o + p] - mean[p]);
        for (let q = p; q < d; q++) cov[p * d + q] += u * (x[o + q] - mean[q]);
      }
    }
  }
  const denom = 1 - sw2;
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      const v = cov[p * d + q] / denom;
      cov[p * d + q] = v;
      cov[q * d + p] = v;
    }
  }
  return { mean, cov, neff: 1 / sw2 };
}

/**
 * Cholesky factor L (lower triangular, row-major d×d) of a symmetric matrix, A = L·Lᵀ; null when A is not
 * (numerically) positive definite. a IN. O(d³).
 */
export function cholesky(a: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (!(s > 1e-14 * Math.abs(a[i * d + i])) || !(s > 0) || !Number.isFinite(s)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else {
        L[i * d + j] = s / L[j * d + j];
      }
    }
  }
  return L;
}

/** Solves L·z = v in place (forward substitution), L lower triangular d×d (IN), v length d (IN/OUT). */
export function forwardSolve(L: Float64Array, d: number, v: Float64Array, off = 0): void {
  for (let i = 0; i < d; i++) {
    let s = v[off + i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * v[off + k];
    v[off + i] = s / L[i * d + i];
  }
}

/**
 * The kernel covariance of `scaleByCovariance` (SciPy's `gaussian_kde`): factor² · cov(X, aweights = w) and its
 * Cholesky factor, with a documented fallback when that covariance is singular.
 * @remarks
 * Fallback (never NaN): when the covariance is not positive definite — constant data, a constant or collinear
 * column, a single row — a ridge λI is added, λ = 1e-10·(trace/d) (relative to the data's spread); when the
 * spread is zero too (all rows equal, or n = 1) the data covariance is replaced by the identity. `degenerate`
 * reports that a fallback was used. SciPy raises a LinAlgError in these cases instead.
 */
export function kernelCovariance(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  factor: number | 'scott' | 'silverman',
): { factor: number; cov: Float64Array; chol: Float64Array; degenerate: boolean; neff: number } {
  const { cov: dataCov, neff } = weightedCovariance(x, n, d, w);
  let f: number;
  if (factor === 'scott') f = neff ** (-1 / (d + 4));
  else if (factor === 'silverman') f = ((neff * (d + 2)) / 4) ** (-1 / (d + 4));
  else f = factor;
  const f2 = f * f;
  let base = dataCov;
  let degenerate = false;
  let ok = true;
  for (let t = 0; t < base.length; t++) if (!Number.isFinite(base[t])) ok = false;
  let chol = ok ? cholesky(scaled(base, f2), d) : null;
  if (chol === null) {
    degenerate = true;
    let trace = 0;
    if (ok) for (let j = 0; j < d; j++) trace += base[j * d + j];
    base = ok ? base.slice() : new Float64Array(d * d);
    if (trace > 0 && Number.isFinite(trace)) {
      const lambda = (1e-10 * trace) / d;
      for (let j = 0; j < d; j++) base[j * d + j] += lambda;
      chol = cholesky(scaled(base, f2), d);
    }
    if (chol === null) {
      base = new Float64Array(d * d);
      for (let j = 0; j < d; j++) base[j * d + j] = 1;
      chol = cholesky(scaled(base, f2), d) as Float64Array;
    }
  }
  return { factor: f, cov: scaled(base, f2), chol, degenerate, neff };
}

function scaled(a: Float64Array, s: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let t = 0; t < a.length; t++) out[t] = a[t] * s;
  return out;
}
