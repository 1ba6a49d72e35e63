/**
 * M-step kernels of the Gaussian mixture for the four covariance structures (scikit-learn's
 * `_estimate_gaussian_parameters` and `_compute_precision_cholesky`), plus the layouts and parameter counts.
 * Pure functions over flat row-major buffers; IN/OUT marked on each; no validation.
 * @module
 */
import { cholesky, invertLower } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { mstepBlockRows } from './blocks.js';
import { scatterKernel, weightedSquaresKernel, weightedSumKernel } from './unrolled.js';

/**
 * Covariance structure: `'full'` (each component its own Σc), `'tied'` (one Σ shared), `'diag'` (each its own
 * diagonal), `'spherical'` (each its own σc²·I).
 */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';
/** Every covariance type, in scikit-learn's order. */
export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/** scikit-learn's `10 * np.finfo(float64).eps`, added to every Nc so an empty component does not divide by 0. */
export const NK_EPS = 10 * Number.EPSILON;

/**
 * Shape of the covariance (and precision) parameters, as scikit-learn lays them out:
 * full [k, d, d], tied [d, d], diag [k, d], spherical [k].
 * @example
 * covarianceShape('diag', 3, 2); // [3, 2]
 */
export function covarianceShape(type: CovarianceType, k: number, d: number): number[] {
  switch (type) {
    case 'full':
      return [k, d, d];
    case 'tied':
      return [d, d];
    case 'diag':
      return [k, d];
    case 'spherical':
      return [k];
  }
}

/**
 * The full d×d covariance of component c from parameters in the layout of {@link covarianceShape}: full → its
 * block, tied → the shared matrix, diag → diag(σ²c), spherical → σ²c·I. O(d²).
 * @example
 * componentCovarianceMatrix(Float64Array.of(1, 4), 'spherical', 1, 2).data; // [4, 0, 0, 4]
 */
export function componentCovarianceMatrix(cov: Float64Array, type: CovarianceType, c: number, d: number): Matrix {
  const out = new Float64Array(d * d);
  switch (type) {
    case 'full':
      out.set(cov.subarray(c * d * d, (c + 1) * d * d));
      break;
    case 'tied':
      out.set(cov.subarray(0, d * d));
      break;
    case 'diag':
      for (let j = 0; j < d; j++) out[j * d + j] = cov[c * d + j];
      break;
    case 'spherical':
      for (let j = 0; j < d; j++) out[j * d + j] = cov[c];
      break;
  }
  return { rows: d, cols: d, data: out };
}

/** Number of values in the covariance layout of {@link covarianceShape}. */
export function covarianceSize(type: CovarianceType, k: number, d: number): number {
  return covarianceShape(type, k, d).reduce((a, b) => a * b, 1);
}

/**
 * Number of free parameters of a k-component mixture in d dimensions (scikit-learn's `_n_parameters`):
 * (k − 1) weights + k·d means + full k·d(d+1)/2 | tied d(d+1)/2 | diag k·d | spherical k.
 * @example
 * nParameters('full', 5, 2); // 4 + 10 + 15 = 29
 */
export function nParameters(type: CovarianceType, k: number, d: number): number {
  let cov: number;
  if (type === 'full') cov = (k * d * (d + 1)) / 2;
  else if (type === 'tied') cov = (d * (d + 1)) / 2;
  else if (type === 'diag') cov = k * d;
  else cov = k;
  return cov + k * d + k - 1;
}

/**
 * Replacement M-step sums over the same rows and responsibilities (the WebAssembly kernels of src/mixture/wasm.ts),
 * bit-identical to the TypeScript kernels: per component and coordinate the rows are summed in order with the same
 * operations, rows with γ = 0 skipped.
 */
export interface MStepKernels {
  /** acc k×d OUT: Σᵢ γᵢc·xᵢⱼ; tot k OUT: Σᵢ γᵢc (as weightedSumKernel). */
  sums(acc: Float64Array, tot: Float64Array): void;
  /** acc k×d OUT: Σᵢ (γᵢc·uᵢⱼ)·uᵢⱼ, u = xᵢ − μc (as weightedSquaresKernel). means k×d IN. */
  squares(means: Float64Array, acc: Float64Array): void;
  /** acc k×d(d+1)/2 OUT: component c's packed upper Σᵢ (γᵢc·uₐ)·u_b at c·d(d+1)/2 (as scatterKernel). */
  scatter(means: Float64Array, acc: Float64Array): void;
}

/** The rows in blocks of `rows` (the last one ragged): views of x and resp, no copy. O(n/rows). */
function rowBlocks(
  x: Float64Array,
  n: number,
  d: number,
  resp: Float64Array,
  k: number,
  rows: number,
): { x: Float64Array; resp: Float64Array; n: number }[] {
  const out: { x: Float64Array; resp: Float64Array; n: number }[] = [];
  for (let r0 = 0; r0 < n; r0 += rows) {
    const m = Math.min(rows, n - r0);
    out.push({ x: x.subarray(r0 * d, (r0 + m) * d), resp: resp.subarray(r0 * k, (r0 + m) * k), n: m });
  }
  return out;
}

/**
 * M-step: component masses, means and covariances from responsibilities.
 *
 * @remarks
 * Nc = Σᵢ γᵢc + 10ε, μc = Σᵢ γᵢc·xᵢ / Nc, then with the centred differences (two passes, no ‖x‖² − ‖μ‖²
 * cancellation):
 * full Σc = Σᵢ γᵢc(xᵢ−μc)(xᵢ−μc)ᵀ/Nc + r·I; tied Σ = Σc Σᵢ γᵢc(xᵢ−μc)(xᵢ−μc)ᵀ / Σc Nc + r·I;
 * diag σ²cⱼ = Σᵢ γᵢc(xᵢⱼ−μcⱼ)²/Nc + r; spherical σ²c = (1/d) Σⱼ σ²cⱼ (r = regCovar).
 * Mathematically identical to scikit-learn's formulas. O(n·k·d²) for full/tied, O(n·k·d) otherwise.
 * x n×d IN; resp n×k IN; nk k OUT; means k×d OUT; cov OUT (layout of {@link covarianceShape});
 * scratch length ≥ d(d+1)/2 (work space). The full/tied scatter is unrolled for small d (see unrolled.ts), with
 * bit-identical results. Every sum over the rows is a sum of per-block partials over the fixed row blocks of
 * {@link mstepBlockRows} (each from zero, rows in order), added in block order, as the WebAssembly kernels take
 * them on one thread or two. `kernels` (optional) replaces the sums over the rows by
 * {@link MStepKernels} working on their own copy of x and resp (bit-identical; x and resp are then not read).
 */
export function estimateGaussianParameters(
  x: Float64Array,
  n: number,
  d: number,
  resp: Float64Array,
  k: number,
  regCovar: number,
  type: CovarianceType,
  nk: Float64Array,
  means: Float64Array,
  cov: Float64Array,
  scratch: Float64Array,
  kernels: MStepKernels | null = null,
): void {
  const blocks = kernels === null ? rowBlocks(x, n, d, resp, k, mstepBlockRows(d, k, type)) : null;
  if (blocks === null) (kernels as MStepKernels).sums(means, nk);
  else {
    const sum = weightedSumKernel(d);
    const part = scratch.subarray(0, d);
    means.fill(0, 0, k * d);
    nk.fill(0, 0, k);
    for (const b of blocks) {
      for (let c = 0; c < k; c++) {
        nk[c] += sum(b.x, b.n, b.resp, k, c, part);
        for (let j = 0; j < d; j++) means[c * d + j] += part[j];
      }
    }
  }
  for (let c = 0; c < k; c++) {
    nk[c] += NK_EPS;
    const inv = 1 / nk[c];
    for (let j = 0; j < d; j++) means[c * d + j] *= inv;
  }
  cov.fill(0);
  if (type === 'full' || type === 'tied') {
    const dd = d * d;
    const P = (d * (d + 1)) / 2;
    const acc = new Float64Array(k * P);
    if (blocks === null) (kernels as MStepKernels).scatter(means, acc);
    else {
      const scatter = scatterKernel(d);
      const part = scratch.subarray(0, P);
      for (const b of blocks) {
        for (let c = 0; c < k; c++) {
          scatter(b.x, b.n, b.resp, k, c, means, c * d, part);
          for (let q = 0; q < P; q++) acc[c * P + q] += part[q];
        }
      }
    }
    for (let c = 0; c < k; c++) {
      const co = type === 'full' ? c * dd : 0;
      let p = c * P;
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[co + a * d + b] += acc[p++];
    }
    const nBlocks = type === 'full' ? k : 1;
    let total = 0;
    for (let c = 0; c < k; c++) total += nk[c];
    for (let c = 0; c < nBlocks; c++) {
      const co = c * dd;
      const inv = 1 / (type === 'full' ? nk[c] : total);
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          const v = cov[co + a * d + b] * inv;
          cov[co + a * d + b] = v;
          cov[co + b * d + a] = v;
        }
        cov[co + a * d + a] += regCovar;
      }
    }
    return;
  }
  // diag, then spherical averages the diagonal.
  const acc = type === 'diag' ? cov : new Float64Array(k * d);
  if (blocks === null) (kernels as MStepKernels).squares(means, acc);
  else {
    const squares = weightedSquaresKernel(d);
    const part = scratch.subarray(0, d);
    for (const b of blocks) {
      for (let c = 0; c < k; c++) {
        squares(b.x, b.n, b.resp, k, c, means, c * d, part);
        for (let j = 0; j < d; j++) acc[c * d + j] += part[j];
      }
    }
  }
  for (let c = 0; c < k; c++) {
    const inv = 1 / nk[c];
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = acc[c * d + j] * inv + regCovar;
      acc[c * d + j] = v;
      s += v;
    }
    if (type === 'spherical') cov[c] = s / d;
  }
}

/**
 * Cholesky factors of the precisions from the covariances (scikit-learn's `_compute_precision_cholesky`).
 *
 * @remarks
 * full/tied: Σ = L·Lᵀ (L lower), T = L⁻ᵀ (upper), so Σ⁻¹ = T·Tᵀ; diag/spherical: T = 1/√σ². O(k·d³) for full.
 * cov IN (layout of {@link covarianceShape}); out OUT (same layout); scratch length ≥ 2·d·d (work space).
 * @returns −1 on success, else the index of the first component whose covariance is not positive definite
 * (0 for tied)
 */
export function precisionCholesky(
  cov: Float64Array,
  type: CovarianceType,
  k: number,
  d: number,
  out: Float64Array,
  scratch: Float64Array,
): number {
  if (type === 'full' || type === 'tied') {
    const dd = d * d;
    const l = scratch.subarray(0, dd);
    const li = scratch.subarray(dd, 2 * dd);
    const blocks = type === 'full' ? k : 1;
    for (let c = 0; c < blocks; c++) {
      const o = c * dd;
      if (!cholesky(cov.subarray(o, o + dd), d, l)) return c;
      invertLower(l, d, li);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[o + a * d + b] = li[b * d + a];
    }
    return -1;
  }
  const m = type === 'diag' ? k * d : k;
  for (let t = 0; t < m; t++) {
    const v = cov[t];
    if (!(v > 0) || !Number.isFinite(v)) return type === 'diag' ? Math.floor(t / d) : t;
    out[t] = 1 / Math.sqrt(v);
  }
  return -1;
}

/**
 * Upper-triangular T with T·Tᵀ = P for a symmetric positive-definite precision P (how user-given
 * `precisionsInit` enters the upper-factor layout of {@link precisionCholesky}).
 *
 * @remarks
 * With J the reversal permutation, J·P·J = L·Lᵀ (Cholesky) gives P = (J·L·J)(J·L·J)ᵀ and J·L·J is upper
 * triangular. O(d³/3). p d×d IN; out d×d OUT; scratch length ≥ 2·d·d.
 * @returns false when P is not positive definite
 */
export function upperFactorOfPrecision(p: Float64Array, d: number, out: Float64Array, scratch: Float64Array): boolean {
  const dd = d * d;
  const r = scratch.subarray(0, dd);
  const l = scratch.subarray(dd, 2 * dd);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) r[a * d + b] = p[(d - 1 - a) * d + (d - 1 - b)];
  if (!cholesky(r, d, l)) return false;
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[a * d + b] = l[(d - 1 - a) * d + (d - 1 - b)];
  return true;
}

/**
 * Precisions from their factors: full/tied P = T·Tᵀ, diag/spherical p = t².
 * precChol IN; out OUT (same layout).
 */
export function precisionsFromCholesky(
  precChol: Float64Array,
  type: CovarianceType,
  k: number,
  d: number,
  out: Float64Array,
): void {
  if (type === 'full' || type === 'tied') {
    const dd = d * d;
    const blocks = type === 'full' ? k : 1;
    for (let c = 0; c < blocks; c++) {
      const o = c * dd;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          let s = 0;
          for (let q = 0; q < d; q++) s += precChol[o + a * d + q] * precChol[o + b * d + q];
          out[o + a * d + b] = s;
          out[o + b * d + a] = s;
        }
      }
    }
    return;
  }
  for (let t = 0; t < precChol.length; t++) out[t] = precChol[t] * precChol[t];
}

/**
 * Covariances from the precision factors: full/tied Σ = (T·Tᵀ)⁻¹ = T⁻ᵀ·T⁻¹; diag/spherical σ² = 1/t².
 * Used when the model starts from user precisions and no M-step has run yet (maxIter 0).
 * precChol IN (upper-triangular factors); out OUT (same layout).
 */
export function covariancesFromCholesky(
  precChol: Float64Array,
  type: CovarianceType,
  k: number,
  d: number,
  out: Float64Array,
): void {
  if (type === 'full' || type === 'tied') {
    const dd = d * d;
    const blocks = type === 'full' ? k : 1;
    const lt = new Float64Array(dd);
    const inv = new Float64Array(dd);
    for (let c = 0; c < blocks; c++) {
      const o = c * dd;
      // Tᵀ is lower triangular; W = (Tᵀ)⁻¹ is lower and Σ = T⁻ᵀ·T⁻¹ = W·Wᵀ.
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) lt[a * d + b] = precChol[o + b * d + a];
      invertLower(lt, d, inv);
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          let s = 0;
          for (let q = 0; q < d; q++) s += inv[a * d + q] * inv[b * d + q];
          out[o + a * d + b] = s;
          out[o + b * d + a] = s;
        }
      }
    }
    return;
  }
  for (let t = 0; t < precChol.length; t++) out[t] = 1 / (precChol[t] * precChol[t]);
}
