/**
 * E-step kernels of the Gaussian mixture: per-component weighted log densities from the Cholesky factors of the
 * precisions, and responsibilities by log-sum-exp. Pure functions over flat row-major buffers; IN/OUT marked on
 * each; no validation and no allocation per point.
 * @module
 */
import { LL_BLOCK_ROWS } from './blocks.js';
import type { CovarianceType } from './covariance.js';
import { diagKernel, mahalanobisKernel, sphericalKernel } from './unrolled.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log πc + log 𝒩(xᵢ | μc, Σc) for every sample i and component c, as scikit-learn's
 * `_estimate_weighted_log_prob`.
 *
 * @remarks
 * With the precision factor Tc (Σc⁻¹ = Tc·Tcᵀ): log 𝒩 = −½(d·log 2π + ‖(xᵢ − μc)ᵀTc‖²) + Σⱼ log (Tc)ⱼⱼ, the
 * log-determinant coming from the factor's diagonal. Full and tied factors are upper triangular (scikit-learn's
 * layout, `precisions_cholesky_`), so the Mahalanobis term costs d(d+1)/2 multiply-adds: O(n·k·d²) for full/tied,
 * O(n·k·d) for diag/spherical. The difference xᵢ − μc is formed explicitly (no ‖x‖² − 2x·μ + ‖μ‖² expansion), which
 * avoids cancellation far from the origin.
 * x n×d IN; means k×d IN; precChol IN (full k×d×d, tied d×d, diag k×d, spherical k); logWeights k IN;
 * out n×k OUT; scratch length ≥ d(d+1)/2 (work space). The full/tied loop is unrolled for small d (see unrolled.ts),
 * with bit-identical results.
 */
export function weightedLogProb(
  x: Float64Array,
  n: number,
  d: number,
  means: Float64Array,
  k: number,
  precChol: Float64Array,
  type: CovarianceType,
  logWeights: Float64Array,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const base = -0.5 * d * LOG_2PI;
  if (type === 'full' || type === 'tied') {
    const dd = d * d;
    const ut = scratch.subarray(0, (d * (d + 1)) / 2);
    const kernel = mahalanobisKernel(d);
    for (let c = 0; c < k; c++) {
      const po = type === 'full' ? c * dd : 0;
      // Column j of the upper factor, packed: ut[j(j+1)/2 + t] = T[t·d + j], t ≤ j.
      let logDet = 0;
      let p = 0;
      for (let j = 0; j < d; j++) {
        logDet += Math.log(precChol[po + j * d + j]);
        for (let t = 0; t <= j; t++) ut[p++] = precChol[po + t * d + j];
      }
      kernel(x, n, means, c * d, ut, k, c, base + logDet + logWeights[c], out);
    }
    return;
  }
  if (type === 'diag') {
    const prec = scratch.subarray(0, d);
    const kernel = diagKernel(d);
    for (let c = 0; c < k; c++) {
      let logDet = 0;
      const po = c * d;
      for (let j = 0; j < d; j++) {
        const t = precChol[po + j];
        logDet += Math.log(t);
        prec[j] = t * t;
      }
      kernel(x, n, means, c * d, prec, k, c, base + logDet + logWeights[c], out);
    }
    return;
  }
  const kernel = sphericalKernel(d);
  for (let c = 0; c < k; c++) {
    const t = precChol[c];
    kernel(x, n, means, c * d, t * t, k, c, base + d * Math.log(t) + logWeights[c], out);
  }
}

/**
 * Turns weighted log densities into responsibilities, in place, by log-sum-exp.
 *
 * @remarks
 * For each row: ℓᵢ = m + log Σc exp(aᵢc − m) with m = maxc aᵢc (no overflow, at least one term equal to 1), then
 * γᵢc = exp(aᵢc − m) / Σₗ exp(aᵢₗ − m) = exp(aᵢc − ℓᵢ), so Σc γᵢc = 1 up to rounding. One exponential per entry:
 * O(n·k). The mean sums the ℓᵢ per block of {@link LL_BLOCK_ROWS} rows (from zero, in row order) and adds the
 * blocks' sums in block order, as the WebAssembly E-step does on one thread or two (blocks.ts).
 * a n×k INOUT (weighted log densities in, responsibilities out); logProbNorm n OUT (ℓᵢ, may be null).
 * @returns the mean of ℓᵢ, the average log-likelihood (NaN if any row is NaN)
 */
export function responsibilitiesInPlace(
  a: Float64Array,
  n: number,
  k: number,
  logProbNorm: Float64Array | null,
): number {
  let total = 0;
  let part = 0;
  let inBlock = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = a[o];
    for (let c = 1; c < k; c++) if (a[o + c] > m) m = a[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      // exp(t) is exactly 0 in double precision for t < −746 (below half the smallest subnormal): skip the call.
      const t = a[o + c] - m;
      const e = t < -746 ? 0 : Math.exp(t);
      a[o + c] = e;
      s += e;
    }
    const l = m + Math.log(s);
    const inv = 1 / s;
    for (let c = 0; c < k; c++) a[o + c] *= inv;
    if (logProbNorm !== null) logProbNorm[i] = l;
    part += l;
    if (++inBlock === LL_BLOCK_ROWS) {
      total += part;
      part = 0;
      inBlock = 0;
    }
  }
  return (inBlock > 0 ? total + part : total) / n;
}

/**
 * Row-wise log-sum-exp of an n×k matrix: ℓᵢ = log Σc exp(aᵢc) (a IN, out n OUT). The log-likelihood of each
 * sample when `a` holds weighted log densities.
 */
export function logSumExpRows(a: Float64Array, n: number, k: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = a[o];
    for (let c = 1; c < k; c++) if (a[o + c] > m) m = a[o + c];
    if (m === Number.NEGATIVE_INFINITY) {
      out[i] = m;
      continue;
    }
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(a[o + c] - m);
    out[i] = m + Math.log(s);
  }
}

/** Index of the largest entry of each row (ties to the lowest index). a n×k IN; labels n OUT. */
export function argmaxRows(a: Float64Array, n: number, k: number, labels: Int32Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let best = 0;
    let bv = a[o];
    for (let c = 1; c < k; c++) {
      if (a[o + c] > bv) {
        bv = a[o + c];
        best = c;
      }
    }
    labels[i] = best;
  }
}
