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
 * Principal components of X (n×d): eigenvectors of the covariance matrix Σ = (1/n) Σᵢ (xᵢ−μ)(xᵢ−μ)ᵀ, sorted by
 * eigenvalue. Each component's sign is fixed so that its largest-magnitude entry is positive (deterministic plots).
 */
export function fitPca(X: Matrix, nComponents = 2): Projection {
  const { rows: n, cols: d, data } = X;
  const mean = columnMeans(data, n, d);
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
