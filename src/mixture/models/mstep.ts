/**
 * The covariance part of mclust's M-steps for the ten models scikit-learn lacks (EII, EEI, VEI, EVI, VEE, EVE,
 * VVE, EEV, VEV, EVV), from the per-component scatter. Closed forms where mclust has them; mclust's inner
 * iterations for VEI, VEE, VEV (Celeux & Govaert 1995, alternating volume and shape) and EVE, VVE (the MM
 * algorithms of Browne & McNicholas 2014 for the common orientation, its state carried from one M-step to the
 * next as mclust does). Pure functions over flat buffers; IN/OUT marked; no validation.
 * @module
 * @internal
 */
import { eigenSymmetric } from '../../core/linalg.js';
import type { MclustModelName } from './table.js';

/** mclust's inner tolerance sqrt(ε) (`emControl()$tol[2]`) and its singularity threshold. */
export const MCLUST_RTEPS = Math.sqrt(Number.EPSILON);
/** Cap on the inner iterations of one M-step (mclust's is the largest integer; these converge in tens). */
const INNER_MAX = 10_000;

/** State carried between the M-steps of one EM run (EVE/VVE: orientation and shapes, as mclust). */
export interface MstepState {
  /** Common orientation D (d×d, columns = axes), or null before the first EVE/VVE M-step. */
  orientation: Float64Array | null;
  /** Shapes A_c (k×d), or null before the first EVE/VVE M-step. */
  shapes: Float64Array | null;
  /** Inner iterations of the last M-step. */
  innerIterations: number;
}

/** A fresh state for one EM run. */
export function newMstepState(): MstepState {
  return { orientation: null, shapes: null, innerIterations: 0 };
}

/** Relative change |t − t₀| / (1 + |t|), mclust's inner and outer criterion. */
function relChange(t: number, prev: number): number {
  return Math.abs(t - prev) / (1 + Math.abs(t));
}

/** Geometric mean of v[o..o+d). */
export function geoMean(v: Float64Array, o: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += Math.log(v[o + j]);
  return Math.exp(s / d);
}

/**
 * Covariances of model `model` from the component scatter, written in the model's layout.
 *
 * @remarks
 * S_c = W_c / N_c is the weighted covariance of component c (W_c its scatter Σᵢ γᵢc(xᵢ − μc)(xᵢ − μc)ᵀ), n = Σc Nc.
 * EII σ² = Σc tr W_c / (n·d); EEI Σ = diag(Σc W_c)/n; EVI λ = Σc g_c / n with g_c = det(diag W_c)^{1/d},
 * Σc = λ·diag(W_c)/g_c; EEV: W_c = L_c Ω_c L_cᵀ (eigenvalues descending), A ∝ Σc Ω_c (det 1), λ = det(Σc Ω_c)^{1/d}/n,
 * Σc = λ L_c A L_cᵀ; EVV: Σc = (Σₗ det(W_l)^{1/d} / n)·W_c/det(W_c)^{1/d}. Iterative: VEI/VEE/VEV alternate
 * A ∝ Σc Ω_c/λ_c (det 1) and λ_c = tr(Ω_c A⁻¹)/(d·N_c) from λ_c = 1 until the criterion d·Σc N_c(1 + log λ_c)
 * (VEE: the criterion d·Σc N_c(1 + log λ_c) changes by less than sqrt(ε) relative, as mclust; VEI, VEV: the shape
 * settles) (Ω_c = diag W_c for VEI, W_c for VEE, its eigenvalues for VEV);
 * EVE/VVE update D by two MM steps (each the orthogonal polar factor of a d×d matrix), then the shapes, until
 * Σc tr(Dᵀ W_c D A_c⁻¹) settles. O(k·d³) per inner iteration; the data are not touched.
 * scatter IN (diag layout k×d of S_c for EII…EVI, full k×d×d otherwise); nk k IN; out OUT (same layout);
 * state INOUT.
 * @returns null on success, else why the model is singular (mclust's checks: an eigenvalue, shape or volume
 * ≤ sqrt(ε)), as mclust reports NA
 */
export function mclustCovariances(
  model: MclustModelName,
  scatter: Float64Array,
  nk: Float64Array,
  k: number,
  d: number,
  out: Float64Array,
  state: MstepState,
): string | null {
  let n = 0;
  for (let c = 0; c < k; c++) n += nk[c];
  switch (model) {
    case 'EII': {
      let t = 0;
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) t += nk[c] * scatter[c * d + j];
      const s2 = t / (n * d);
      if (!(s2 > Number.EPSILON)) return `the common variance is ${s2}`;
      out.fill(s2);
      return null;
    }
    case 'EEI': {
      for (let j = 0; j < d; j++) {
        let t = 0;
        for (let c = 0; c < k; c++) t += nk[c] * scatter[c * d + j];
        out[j] = t / n;
      }
      for (let c = 1; c < k; c++) for (let j = 0; j < d; j++) out[c * d + j] = out[j];
      return checkDiag(out, k, d);
    }
    case 'EVI': {
      let lam = 0;
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) out[c * d + j] = nk[c] * scatter[c * d + j];
        const g = geoMean(out, c * d, d);
        lam += g;
        for (let j = 0; j < d; j++) out[c * d + j] /= g;
      }
      lam /= n;
      for (let t = 0; t < k * d; t++) out[t] *= lam;
      return checkDiag(out, k, d);
    }
    case 'VEI': {
      const omega = new Float64Array(k * d);
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) omega[c * d + j] = nk[c] * scatter[c * d + j];
      const { shape, scale } = volumeShapeIteration(omega, nk, k, d, state);
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) out[c * d + j] = scale[c] * shape[j];
      return checkShapeScale(shape, scale);
    }
    case 'VEE': {
      const dd = d * d;
      const c0 = new Float64Array(dd);
      const scale = new Float64Array(k).fill(1);
      let prev = Number.MAX_VALUE / 2;
      let it = 0;
      let inv: Float64Array = new Float64Array(dd);
      let vals: Float64Array = new Float64Array(d);
      for (;;) {
        it++;
        c0.fill(0);
        for (let c = 0; c < k; c++) {
          const f = nk[c] / scale[c];
          for (let t = 0; t < dd; t++) c0[t] += f * scatter[c * dd + t];
        }
        const e = eigenSymmetric(c0, d);
        vals = e.values;
        if (!(vals[d - 1] > 0)) return 'the pooled scatter is singular';
        const g = geoMean(vals, 0, d);
        for (let t = 0; t < dd; t++) c0[t] /= g;
        inv = inverseFromEigen(e.vectors, vals, g, d);
        let trgt = 0;
        for (let c = 0; c < k; c++) {
          let tr = 0;
          for (let t = 0; t < dd; t++) tr += nk[c] * scatter[c * dd + t] * inv[t];
          scale[c] = tr / (d * nk[c]);
          trgt += nk[c] * d + d * Math.log(scale[c]) * nk[c];
        }
        const err = relChange(trgt, prev);
        prev = trgt;
        if (!(err > MCLUST_RTEPS) || it >= INNER_MAX) break;
      }
      state.innerIterations = it;
      const g = geoMean(vals, 0, d);
      const shape = new Float64Array(d);
      for (let j = 0; j < d; j++) shape[j] = vals[j] / g;
      for (let c = 0; c < k; c++) for (let t = 0; t < dd; t++) out[c * dd + t] = scale[c] * c0[t];
      return checkShapeScale(shape, scale);
    }
    case 'EEV':
    case 'VEV': {
      const dd = d * d;
      const omega = new Float64Array(k * d);
      const axes = new Float64Array(k * dd);
      for (let c = 0; c < k; c++) {
        const w = new Float64Array(dd);
        for (let t = 0; t < dd; t++) w[t] = nk[c] * scatter[c * dd + t];
        const e = eigenSymmetric(w, d);
        omega.set(e.values, c * d);
        axes.set(e.vectors, c * dd);
      }
      let shape: Float64Array;
      let scale: Float64Array;
      if (model === 'EEV') {
        shape = new Float64Array(d);
        for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) shape[j] += omega[c * d + j];
        const g = geoMean(shape, 0, d);
        for (let j = 0; j < d; j++) shape[j] /= g;
        scale = new Float64Array(k).fill(g / n);
      } else ({ shape, scale } = volumeShapeIteration(omega, nk, k, d, state));
      for (let c = 0; c < k; c++) {
        const l = axes.subarray(c * dd, c * dd + dd);
        for (let a = 0; a < d; a++) {
          for (let b = 0; b < d; b++) {
            let s = 0;
            for (let j = 0; j < d; j++) s += l[a * d + j] * shape[j] * l[b * d + j];
            out[c * dd + a * d + b] = scale[c] * s;
          }
        }
      }
      return checkShapeScale(shape, scale);
    }
    case 'EVV': {
      const dd = d * d;
      let lam = 0;
      const g = new Float64Array(k);
      const shapes = new Float64Array(k * d);
      for (let c = 0; c < k; c++) {
        const w = out.subarray(c * dd, c * dd + dd);
        for (let t = 0; t < dd; t++) w[t] = nk[c] * scatter[c * dd + t];
        const e = eigenSymmetric(w, d);
        if (!(e.values[d - 1] > 0)) return `the scatter of component ${c} is singular`;
        g[c] = geoMean(e.values, 0, d);
        for (let j = 0; j < d; j++) shapes[c * d + j] = e.values[j] / g[c];
        lam += g[c];
      }
      lam /= n;
      for (let c = 0; c < k; c++) for (let t = 0; t < dd; t++) out[c * dd + t] *= lam / g[c];
      const bad = checkShapeScale(shapes, g);
      return bad ?? (lam > MCLUST_RTEPS ? null : `the common volume is ${lam}`);
    }
    case 'EVE':
    case 'VVE':
      return commonOrientation(model, scatter, nk, k, d, out, state);
    default:
      throw new Error(`mclustCovariances: ${model} runs on the scikit-learn kernels`);
  }
}

/** A_j ≤ sqrt(ε) or λ ≤ sqrt(ε): mclust's singularity test. */
function checkShapeScale(shape: Float64Array, scale: Float64Array): string | null {
  for (let j = 0; j < shape.length; j++) {
    if (!(shape[j] > MCLUST_RTEPS)) return `a shape value is ${shape[j]} (≤ sqrt(eps))`;
  }
  for (let c = 0; c < scale.length; c++) {
    if (!(scale[c] > MCLUST_RTEPS)) return `the volume of component ${c} is ${scale[c]} (≤ sqrt(eps))`;
  }
  return null;
}

function checkDiag(v: Float64Array, k: number, d: number): string | null {
  for (let t = 0; t < k * d; t++) {
    if (!(v[t] > Number.EPSILON)) return `the variance ${t % d} of component ${Math.floor(t / d)} is ${v[t]}`;
  }
  return null;
}

/** (V·diag(λ/g)·Vᵀ)⁻¹ = V·diag(g/λ)·Vᵀ for eigenvectors V (columns) and eigenvalues λ. */
function inverseFromEigen(v: Float64Array, vals: Float64Array, g: number, d: number): Float64Array {
  const inv = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (v[a * d + j] * v[b * d + j] * g) / vals[j];
      inv[a * d + b] = s;
    }
  }
  return inv;
}

/**
 * Celeux & Govaert's alternation for a common shape and variable volumes (VEI, VEV), from λ_c = 1:
 * A = Σc Ω_c/λ_c normalised to det 1, λ_c = Σⱼ Ω_cⱼ/Aⱼ / (d·N_c), until no shape value changes by more than
 * sqrt(ε)·(1 + Aⱼ) (a criterion on the parameters: the objective is flat at its optimum, so a criterion on it
 * would stop about sqrt(tol) away from mclust's answer).
 */
function volumeShapeIteration(
  omega: Float64Array,
  nk: Float64Array,
  k: number,
  d: number,
  state: MstepState,
): { shape: Float64Array; scale: Float64Array } {
  const scale = new Float64Array(k).fill(1);
  const shape = new Float64Array(d);
  const prevShape = new Float64Array(d);
  let it = 0;
  for (;;) {
    it++;
    prevShape.set(shape);
    shape.fill(0);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) shape[j] += omega[c * d + j] / scale[c];
    const g = geoMean(shape, 0, d);
    for (let j = 0; j < d; j++) shape[j] /= g;
    for (let c = 0; c < k; c++) {
      let t = 0;
      for (let j = 0; j < d; j++) t += omega[c * d + j] / shape[j];
      scale[c] = t / (d * nk[c]);
    }
    let err = 0;
    for (let j = 0; j < d; j++) err = Math.max(err, Math.abs(shape[j] - prevShape[j]) / (1 + shape[j]));
    if (!(err > MCLUST_RTEPS) || it >= INNER_MAX) break;
  }
  state.innerIterations = it;
  return { shape, scale };
}

/**
 * a·b for d×d row-major matrices into out (not aliasing a or b). Row by row, each out[i][j] = 0 + Σₜ a[i][t]·b[t][j]
 * summed in t order (the inner-product form's operations), the inner loop over a contiguous row of b.
 */
function matMul(a: Float64Array, b: Float64Array, d: number, out: Float64Array): void {
  for (let i = 0; i < d; i++) {
    const oi = i * d;
    out.fill(0, oi, oi + d);
    for (let t = 0; t < d; t++) {
      const x = a[oi + t];
      const ot = t * d;
      for (let j = 0; j < d; j++) out[oi + j] += x * b[ot + j];
    }
  }
}

/**
 * The orthogonal polar factor P·Rᵀ of F = P·B·Rᵀ (its SVD) by one-sided Jacobi rotations (Hestenes): columns of
 * F·R are rotated until orthogonal, then pⱼ = (F·R)ⱼ / bⱼ — accurate for small singular values, unlike FᵀF. The left
 * vectors of zero singular values (MM 2 gives a zero column of F when a coordinate has the smallest shape in every
 * component, and F = 0 while every shape is 1) complete P by Gram–Schmidt on the unit vectors, so F = 0 gives the
 * identity as LAPACK's SVD does; the sign chosen there flips one axis of D, which leaves every D·A·Dᵀ unchanged.
 * f d×d IN; out d×d OUT.
 */
function polarFactor(f: Float64Array, d: number, out: Float64Array): void {
  // Columns stored as rows (U[i·d + a] = F[a·d + i], likewise R and P) so every loop over a runs contiguously; the
  // arithmetic and its order are those of the column-wise form.
  const dd = d * d;
  if (polarScratch.length < 3 * dd + 2 * d) polarScratch = new Float64Array(3 * dd + 2 * d);
  const u = polarScratch.subarray(0, dd);
  const r = polarScratch.subarray(dd, 2 * dd);
  const p = polarScratch.subarray(2 * dd, 3 * dd);
  const norms = polarScratch.subarray(3 * dd, 3 * dd + d);
  const done = polarScratch.subarray(3 * dd + d, 3 * dd + 2 * d);
  for (let i = 0; i < d; i++) for (let a = 0; a < d; a++) u[i * d + a] = f[a * d + i];
  r.fill(0);
  for (let j = 0; j < d; j++) r[j * d + j] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let i = 0; i < d - 1; i++) {
      const oi = i * d;
      for (let j = i + 1; j < d; j++) {
        const oj = j * d;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let a = 0; a < d; a++) {
          const x = u[oi + a];
          const y = u[oj + a];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-16 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        for (let a = 0; a < d; a++) {
          const x = u[oi + a];
          const y = u[oj + a];
          u[oi + a] = c * x - sn * y;
          u[oj + a] = sn * x + c * y;
          const v = r[oi + a];
          const w = r[oj + a];
          r[oi + a] = c * v - sn * w;
          r[oj + a] = sn * v + c * w;
        }
      }
    }
    if (!rotated) break;
  }
  let big = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += u[j * d + a] * u[j * d + a];
    norms[j] = Math.sqrt(s);
    big = Math.max(big, norms[j]);
  }
  p.fill(0);
  done.fill(0);
  for (let j = 0; j < d; j++) {
    if (!(norms[j] > big * 1e-15)) continue;
    for (let a = 0; a < d; a++) p[j * d + a] = u[j * d + a] / norms[j];
    done[j] = 1;
  }
  for (let j = 0, e = 0; j < d; j++) {
    if (done[j]) continue;
    const oj = j * d;
    // Gram–Schmidt of the next unit vector against the columns so far.
    for (; e < d; e++) {
      for (let a = 0; a < d; a++) p[oj + a] = a === e ? 1 : 0;
      for (let q = 0; q < d; q++) {
        if (!done[q]) continue;
        const oq = q * d;
        let dot = 0;
        for (let a = 0; a < d; a++) dot += p[oq + a] * p[oj + a];
        for (let a = 0; a < d; a++) p[oj + a] -= dot * p[oq + a];
      }
      let norm = 0;
      for (let a = 0; a < d; a++) norm += p[oj + a] * p[oj + a];
      norm = Math.sqrt(norm);
      if (norm < 1e-8) continue;
      for (let a = 0; a < d; a++) p[oj + a] /= norm;
      done[j] = 1;
      e++;
      break;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += p[j * d + a] * r[j * d + b];
      out[a * d + b] = s;
    }
  }
}

/** {@link polarFactor}'s work arrays (U, R, P, the norms, the done flags), grown on demand. */
let polarScratch = new Float64Array(0);

/** EVE / VVE: common orientation D by mclust's MM iterations; shapes (and VVE volumes) per component. */
function commonOrientation(
  model: 'EVE' | 'VVE',
  scatter: Float64Array,
  nk: Float64Array,
  k: number,
  d: number,
  out: Float64Array,
  state: MstepState,
): string | null {
  const dd = d * d;
  const w = new Float64Array(k * dd);
  const omega = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < dd; t++) w[c * dd + t] = nk[c] * scatter[c * dd + t];
    const vals = eigenSymmetric(w.subarray(c * dd, c * dd + dd), d).values;
    if (vals[d - 1] < MCLUST_RTEPS) return `the scatter of component ${c} has an eigenvalue ${vals[d - 1]} < sqrt(eps)`;
    omega[c] = vals[0];
  }
  if (state.orientation === null || state.shapes === null) {
    state.orientation = new Float64Array(dd);
    for (let j = 0; j < d; j++) state.orientation[j * d + j] = 1;
    state.shapes = new Float64Array(k * d).fill(1);
  }
  const wc = Array.from({ length: k }, (_, c) => w.subarray(c * dd, c * dd + dd));
  const D = state.orientation;
  const A = state.shapes;
  const scale = new Float64Array(k);
  const f = new Float64Array(dd);
  const t1 = new Float64Array(dd);
  const t2 = new Float64Array(dd);
  const dt = new Float64Array(dd);
  let prev = Number.MAX_VALUE / 2;
  let trgt = 0;
  let it = 0;
  let n = 0;
  for (let c = 0; c < k; c++) n += nk[c];
  for (;;) {
    it++;
    // MM 1: F = Σc A_c⁻¹Dᵀ(W_c − ω_c I); Dᵀ ← polar(F).
    f.fill(0);
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) for (let b = 0; b < d; b++) t1[j * d + b] = D[b * d + j] / A[c * d + j];
      matMul(t1, wc[c], d, t2);
      for (let t = 0; t < dd; t++) f[t] += t2[t] - omega[c] * t1[t];
    }
    polarFactor(f, d, dt);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) D[a * d + b] = dt[b * d + a];
    // MM 2: F = Σc (W_c D A_c⁻¹ − max(1/A_c)·W_c D); D ← polar(F).
    f.fill(0);
    for (let c = 0; c < k; c++) {
      matMul(wc[c], D, d, t1);
      let mx = 0;
      for (let j = 0; j < d; j++) mx = Math.max(mx, 1 / A[c * d + j]);
      for (let a = 0; a < d; a++)
        for (let j = 0; j < d; j++) f[a * d + j] += t1[a * d + j] / A[c * d + j] - mx * t1[a * d + j];
    }
    polarFactor(f, d, D);
    // Shapes and the criterion Σc Σⱼ (DᵀW_cD)ⱼⱼ / A_cⱼ.
    trgt = 0;
    for (let c = 0; c < k; c++) {
      // (DᵀW_cD)ⱼⱼ = Σa D[a][j]·(W_c·D)[a][j], W_c·D by matMul (the same sums).
      matMul(wc[c], D, d, t1);
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += D[a * d + j] * t1[a * d + j];
        t2[j] = s;
        A[c * d + j] = model === 'EVE' ? s : s / nk[c];
      }
      const g = geoMean(A, c * d, d);
      scale[c] = g;
      for (let j = 0; j < d; j++) A[c * d + j] /= g;
      for (let j = 0; j < d; j++) {
        if (A[c * d + j] < MCLUST_RTEPS) return `a shape value of component ${c} is ${A[c * d + j]} (< sqrt(eps))`;
      }
      if (model === 'VVE' && scale[c] < MCLUST_RTEPS) return `the volume of component ${c} is ${scale[c]}`;
      for (let j = 0; j < d; j++) trgt += t2[j] / A[c * d + j];
    }
    const err = relChange(trgt, prev);
    prev = trgt;
    if (!(err > MCLUST_RTEPS) || it >= INNER_MAX) break;
  }
  state.innerIterations = it;
  if (model === 'EVE') scale.fill(trgt / (n * d));
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += D[a * d + j] * A[c * d + j] * D[b * d + j];
        out[c * dd + a * d + b] = scale[c] * s;
      }
    }
  }
  return checkShapeScale(A, scale);
}

/**
 * mclust's singularity test on covariances fitted by the scikit-learn kernels (VII, VVI, EEE, VVV), used under
 * `convergence: 'mclust'` so the BIC table has NA where mclust has: each covariance written λ·(shape) with λ the
 * geometric mean of its eigenvalues (variances for diag, σ² for spherical) fails when λ or a shape value is
 * ≤ sqrt(ε). cov IN (layout of `layout`).
 * @returns null, or why the model is singular
 */
export function mclustSingular(
  layout: 'full' | 'tied' | 'diag' | 'spherical',
  cov: Float64Array,
  k: number,
  d: number,
): string | null {
  if (layout === 'spherical') {
    for (let c = 0; c < k; c++) if (!(cov[c] > MCLUST_RTEPS)) return `the variance of component ${c} is ${cov[c]}`;
    return null;
  }
  const blocks = layout === 'tied' ? 1 : k;
  const vals = new Float64Array(d);
  for (let c = 0; c < blocks; c++) {
    if (layout === 'diag') vals.set(cov.subarray(c * d, c * d + d));
    else vals.set(eigenSymmetric(cov.subarray(c * d * d, (c + 1) * d * d), d).values);
    let bad = false;
    for (let j = 0; j < d; j++) bad ||= !(vals[j] > 0);
    if (bad) return `the covariance of component ${c} is singular`;
    const g = geoMean(vals, 0, d);
    if (!(g > MCLUST_RTEPS)) return `the volume of component ${c} is ${g} (≤ sqrt(eps))`;
    for (let j = 0; j < d; j++) {
      if (!(vals[j] / g > MCLUST_RTEPS)) return `a shape value of component ${c} is ${vals[j] / g} (≤ sqrt(eps))`;
    }
  }
  return null;
}
