/**
 * A small principal-component projection for display (scatter plots of data with more than 2 columns).
 * @module
 */
import { eigenSymmetric } from './linalg.js';
import type { Matrix } from './matrix.js';
import { columnMeans } from './stats.js';

/** A fitted projection onto the leading principal components. */
export interface Projection {
  mean: Float64Array;
  /** d×c component matrix (columns are unit eigenvectors of the covariance). */
  components: Float64Array;
  /** Fraction of the total variance each component explains. */
  explained: Float64Array;
  nComponents: number;
}

/**
 * Principal axes of the centred rows of X (n×d) when d > n, from the n×n Gram matrix XcXcᵀ = UΛUᵀ instead of the
 * d×d covariance: axis vᶜ = Xcᵀuᶜ/√λᶜ for the λᶜ > 1e−12·λ₁ (r ≤ n of them; the other directions carry no
 * spread). Same axes and eigenvalues as XcᵀXc's (up to rounding and sign), in O(n²·d + n³) instead of O(d³): a
 * 1000-column table of 20 rows would otherwise spend minutes in a 1000 × 1000 Jacobi eigen-decomposition.
 * @returns values - the r eigenvalues λᶜ of XcᵀXc (descending); axes - d×r, row-major, columns unit axes
 * @internal
 */
export function gramAxes(
  data: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
): { values: Float64Array; axes: Float64Array; r: number } {
  const xc = new Float64Array(n * d);
  for (let t = 0; t < n * d; t++) xc[t] = data[t] - mean[t % d];
  const gram = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += xc[a * d + j] * xc[b * d + j];
      gram[a * n + b] = s;
      gram[b * n + a] = s;
    }
  }
  const { values, vectors } = eigenSymmetric(gram, n);
  let r = 0;
  while (r < n && values[r] > 1e-12 * values[0]) r++;
  const axes = new Float64Array(d * r);
  for (let c = 0; c < r; c++) {
    const inv = 1 / Math.sqrt(values[c]);
    for (let i = 0; i < n; i++) {
      const u = vectors[i * n + c] * inv;
      for (let j = 0; j < d; j++) axes[j * r + c] += xc[i * d + j] * u;
    }
  }
  return { values: values.slice(0, r), axes, r };
}

/**
 * Principal components of X (n×d): eigenvectors of the covariance matrix Σ = (1/n) Σᵢ (xᵢ−μ)(xᵢ−μ)ᵀ, sorted by
 * eigenvalue. Each component's sign is fixed so that its largest-magnitude entry is positive (deterministic plots).
 */
export function fitPca(X: Matrix, nComponents = 2): Projection {
  const { rows: n, cols: d, data } = X;
  const mean = columnMeans(data, n, d);
  if (d > n) return widePca(data, n, d, mean, nComponents);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < d; p++) {
      const u = data[i * d + p] - mean[p];
      for (let q = p; q < d; q++) cov[p * d + q] += u * (data[i * d + q] - mean[q]);
    }
  }
  for (let p = 0; p < d; p++) for (let q = p; q < d; q++) cov[q * d + p] = cov[p * d + q] /= n;
  const { values, vectors } = eigenSymmetric(cov, d);
  const c = Math.min(nComponents, d);
  const components = new Float64Array(d * c);
  let total = 0;
  for (let t = 0; t < d; t++) total += Math.max(values[t], 0);
  const explained = new Float64Array(c);
  for (let t = 0; t < c; t++) {
    let big = 0;
    for (let k = 0; k < d; k++) if (Math.abs(vectors[k * d + t]) > Math.abs(big)) big = vectors[k * d + t];
    const sgn = big < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) components[k * c + t] = sgn * vectors[k * d + t];
    explained[t] = total > 0 ? Math.max(values[t], 0) / total : 0;
  }
  return { mean, components, explained, nComponents: c };
}

/** {@link fitPca} for d > n through {@link gramAxes}: same components (sign fixed the same way) and fractions. */
function widePca(data: Float64Array, n: number, d: number, mean: Float64Array, nComponents: number): Projection {
  const { values, axes, r } = gramAxes(data, n, d, mean);
  // total variance = trace of the covariance = Σ squared centred entries / n
  let total = 0;
  for (let t = 0; t < n * d; t++) total += (data[t] - mean[t % d]) ** 2;
  total /= n;
  const c = Math.min(nComponents, d);
  const components = new Float64Array(d * c);
  const explained = new Float64Array(c);
  for (let t = 0; t < Math.min(c, r); t++) {
    let big = 0;
    for (let k = 0; k < d; k++) if (Math.abs(axes[k * r + t]) > Math.abs(big)) big = axes[k * r + t];
    const sgn = big < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) components[k * c + t] = sgn * axes[k * r + t];
    explained[t] = total > 0 ? values[t] / n / total : 0;
  }
  return { mean, components, explained, nComponents: c };
}

/** Projects rows of X onto a fitted {@link Projection}: (X − μ)·W, n×c. */
export function projectPca(X: Matrix, p: Projection): Matrix {
  const { rows: n, cols: d, data } = X;
  const c = p.nComponents;
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < c; t++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (data[i * d + k] - p.mean[k]) * p.components[k * c + t];
      out[i * c + t] = s;
    }
  }
  return { rows: n, cols: c, data: out };
}
