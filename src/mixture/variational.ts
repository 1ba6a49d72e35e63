/**
 * Kernels of the variational Gaussian mixture (scikit-learn's `BayesianGaussianMixture`): the variational M-step
 * (Dirichlet / stick-breaking weights, Gaussian–Wishart components), the expected log weights and log densities,
 * the E-step with its entropy, and the evidence lower bound. Pure functions over flat buffers; IN/OUT marked on each;
 * no validation.
 * @module
 */
import { digamma, logBeta, logGamma } from '../core/special.js';
import type { CovarianceType } from './covariance.js';

/** Weight prior: a Dirichlet process (stick-breaking, truncated at k) or a finite Dirichlet distribution. */
export type WeightConcentrationPriorType = 'dirichlet_process' | 'dirichlet_distribution';
/** Every weight prior type, in scikit-learn's order. */
export const WEIGHT_CONCENTRATION_PRIOR_TYPES: readonly WeightConcentrationPriorType[] = [
  'dirichlet_process',
  'dirichlet_distribution',
];

/** The resolved priors (scikit-learn's `*_prior_` attributes). */
export interface VariationalPriors {
  type: WeightConcentrationPriorType;
  /** γ₀ (Dirichlet concentration, or the stick-breaking Beta(1, γ₀) parameter). */
  weightConcentration: number;
  /** β₀, the precision of the Gaussian prior on the means (in units of the component precision). */
  meanPrecision: number;
  /** m₀, length d. */
  mean: Float64Array;
  /** ν₀ > d − 1. */
  degreesOfFreedom: number;
  /** W₀⁻¹ in the covariance layout of the type's one component: full/tied d×d, diag d, spherical 1. */
  covariance: Float64Array;
}

/** The variational parameters (scikit-learn's `_get_parameters`), besides the covariances and their factors. */
export interface VariationalParams {
  /** α (dirichlet_distribution) or the Beta first parameters (dirichlet_process), length k. */
  concentrationA: Float64Array;
  /** The Beta second parameters (dirichlet_process), length k; unused for dirichlet_distribution. */
  concentrationB: Float64Array;
  /** β_c, length k. */
  meanPrecision: Float64Array;
  /** m_c, k×d. */
  means: Float64Array;
  /** ν_c, length k (tied: the shared value in every entry). */
  degreesOfFreedom: Float64Array;
  /** Normalised covariances W_c⁻¹/ν_c in the layout of `covarianceShape`. */
  cov: Float64Array;
}

/**
 * The variational M-step from the responsibility-weighted statistics (scikit-learn's `_estimate_weights`,
 * `_estimate_means`, `_estimate_wishart_*`).
 *
 * @remarks
 * Weights: dirichlet_distribution αc = γ₀ + Nc; dirichlet_process ac = 1 + Nc, bc = γ₀ + Σₗ₌c₊₁..ₖ Nₗ.
 * Means: βc = β₀ + Nc, mc = (β₀m₀ + Nc·x̄c)/βc. Wishart: νc = ν₀ + Nc (tied: ν₀ + ΣNc/k) and
 * full Σc = [W₀⁻¹ + Nc·Sc + (Nc·β₀/βc)(x̄c − m₀)(x̄c − m₀)ᵀ]/νc; tied Σ = [W₀⁻¹ + S·ΣNc/k +
 * (β₀/k)·Σc (Nc/βc)(x̄c − m₀)(x̄c − m₀)ᵀ]/ν; diag σ²cⱼ = [w₀ⱼ + Nc(Scⱼ + (β₀/βc)(x̄cⱼ − m₀ⱼ)²)]/νc; spherical
 * σ²c = [w₀ + Nc(Sc + (β₀/βc)·mean_j (x̄cⱼ − m₀ⱼ)²)]/νc (covariances normalised by ν as scikit-learn does).
 * O(k·d²). nk k IN; xk k×d IN (component means); sk IN (covariance layout, regCovar included); p OUT.
 */
export function variationalMStep(
  nk: Float64Array,
  xk: Float64Array,
  sk: Float64Array,
  pr: VariationalPriors,
  type: CovarianceType,
  k: number,
  d: number,
  p: VariationalParams,
): void {
  if (pr.type === 'dirichlet_process') {
    // b_c = γ₀ + Σ_{l>c} N_l, summed from the last component down (NumPy's reversed cumsum).
    let tail = 0;
    for (let c = k - 1; c >= 0; c--) {
      p.concentrationA[c] = 1 + nk[c];
      p.concentrationB[c] = pr.weightConcentration + tail;
      tail += nk[c];
    }
  } else for (let c = 0; c < k; c++) p.concentrationA[c] = pr.weightConcentration + nk[c];
  const b0 = pr.meanPrecision;
  const m0 = pr.mean;
  for (let c = 0; c < k; c++) {
    const b = b0 + nk[c];
    p.meanPrecision[c] = b;
    for (let j = 0; j < d; j++) p.means[c * d + j] = (b0 * m0[j] + nk[c] * xk[c * d + j]) / b;
  }
  const w0 = pr.covariance;
  const cov = p.cov;
  if (type === 'tied') {
    let total = 0;
    for (let c = 0; c < k; c++) total += nk[c];
    const nu = pr.degreesOfFreedom + total / k;
    p.degreesOfFreedom.fill(nu);
    const dd = d * d;
    const scatter = new Float64Array(dd);
    for (let c = 0; c < k; c++) {
      const f = nk[c] / p.meanPrecision[c];
      for (let a = 0; a < d; a++) {
        const da = xk[c * d + a] - m0[a];
        for (let q = 0; q < d; q++) scatter[a * d + q] += f * da * (xk[c * d + q] - m0[q]);
      }
    }
    const s = total / k;
    for (let t = 0; t < dd; t++) cov[t] = (w0[t] + sk[t] * s + (b0 / k) * scatter[t]) / nu;
    return;
  }
  for (let c = 0; c < k; c++) {
    const nu = pr.degreesOfFreedom + nk[c];
    p.degreesOfFreedom[c] = nu;
    const ratio = b0 / p.meanPrecision[c];
    if (type === 'full') {
      const o = c * d * d;
      const f = (nk[c] * b0) / p.meanPrecision[c];
      for (let a = 0; a < d; a++) {
        const da = xk[c * d + a] - m0[a];
        for (let q = 0; q < d; q++) {
          const t = a * d + q;
          cov[o + t] = (w0[t] + nk[c] * sk[o + t] + f * (da * (xk[c * d + q] - m0[q]))) / nu;
        }
      }
    } else if (type === 'diag') {
      for (let j = 0; j < d; j++) {
        const dj = xk[c * d + j] - m0[j];
        cov[c * d + j] = (w0[j] + nk[c] * (sk[c * d + j] + ratio * (dj * dj))) / nu;
      }
    } else {
      let msq = 0;
      for (let j = 0; j < d; j++) {
        const dj = xk[c * d + j] - m0[j];
        msq += dj * dj;
      }
      cov[c] = (w0[0] + nk[c] * (sk[c] + ratio * (msq / d))) / nu;
    }
  }
}

/**
 * Expected log weights E[log πc] (scikit-learn's `_estimate_log_weights`): dirichlet_distribution
 * ψ(αc) − ψ(Σα); dirichlet_process ψ(ac) − ψ(ac + bc) + Σₗ₌₁..c₋₁ [ψ(bₗ) − ψ(aₗ + bₗ)]. O(k). out k OUT.
 */
export function expectedLogWeights(
  p: VariationalParams,
  type: WeightConcentrationPriorType,
  k: number,
  out: Float64Array,
): void {
  if (type === 'dirichlet_process') {
    let acc = 0;
    for (let c = 0; c < k; c++) {
      const a = p.concentrationA[c];
      const b = p.concentrationB[c];
      const ds = digamma(a + b);
      out[c] = digamma(a) - ds + acc;
      acc += digamma(b) - ds;
    }
    return;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += p.concentrationA[c];
  const ds = digamma(sum);
  for (let c = 0; c < k; c++) out[c] = digamma(p.concentrationA[c]) - ds;
}

/**
 * Per-component constant added to log 𝒩(x | mc, Σc) in the E-step (scikit-learn's `_estimate_log_prob` plus
 * `_estimate_log_weights`): E[log πc] − (d/2)·log νc + ½[d·log 2 + Σⱼ ψ((νc − j)/2) − d/βc]. O(k·d).
 * logWeights k IN; out k OUT.
 */
export function variationalLogOffsets(
  p: VariationalParams,
  logWeights: Float64Array,
  k: number,
  d: number,
  out: Float64Array,
): void {
  for (let c = 0; c < k; c++) {
    const nu = p.degreesOfFreedom[c];
    let logLambda = d * Math.LN2;
    for (let j = 0; j < d; j++) logLambda += digamma(0.5 * (nu - j));
    out[c] = logWeights[c] - 0.5 * d * Math.log(nu) + 0.5 * (logLambda - d / p.meanPrecision[c]);
  }
}

/**
 * Responsibilities from weighted log probabilities, as scikit-learn's `_estimate_log_prob_resp` + `np.exp`:
 * ℓᵢ = log Σc exp(aᵢc), log γᵢc = aᵢc − ℓᵢ, γᵢc = exp(log γᵢc); also Σᵢc γᵢc·log γᵢc (the E-step's negative
 * entropy, for the lower bound). O(n·k), one exponential per entry.
 * a n×k INOUT (weighted log probabilities in, responsibilities out).
 * @returns the mean of ℓᵢ and Σ γ·log γ
 */
export function variationalResponsibilities(
  a: Float64Array,
  n: number,
  k: number,
): { meanLogProbNorm: number; negEntropy: number } {
  let total = 0;
  let negEntropy = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = a[o];
    for (let c = 1; c < k; c++) if (a[o + c] > m) m = a[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(a[o + c] - m);
    const l = m + Math.log(s);
    for (let c = 0; c < k; c++) {
      const lr = a[o + c] - l;
      const r = Math.exp(lr);
      a[o + c] = r;
      negEntropy += r * lr;
    }
    total += l;
  }
  return { meanLogProbNorm: total / n, negEntropy };
}

/** log of the Wishart normaliser's parameter-dependent part (scikit-learn's `_log_wishart_norm`). */
function logWishartNorm(nu: number, logDetChol: number, d: number): number {
  let g = 0;
  for (let j = 0; j < d; j++) g += logGamma(0.5 * (nu - j));
  return -(nu * logDetChol + nu * d * 0.5 * Math.LN2 + g);
}

/**
 * log det of a precision factor (scikit-learn's `_compute_log_det_cholesky`) for component c (tied: the shared
 * one): Σⱼ log Tⱼⱼ (full/tied), Σⱼ log tⱼ (diag), d·log t (spherical). precChol IN.
 */
export function logDetCholesky(precChol: Float64Array, type: CovarianceType, c: number, d: number): number {
  let s = 0;
  if (type === 'full' || type === 'tied') {
    const o = type === 'full' ? c * d * d : 0;
    for (let j = 0; j < d; j++) s += Math.log(precChol[o + j * d + j]);
  } else if (type === 'diag') {
    for (let j = 0; j < d; j++) s += Math.log(precChol[c * d + j]);
  } else s = d * Math.log(precChol[c]);
  return s;
}

/**
 * The evidence lower bound as scikit-learn's `_compute_lower_bound` (constant terms dropped):
 * −Σγ·log γ − Σc log 𝒲-norm(νc, log|Tc| − (d/2)log νc) − log C(weights) − (d/2)·Σc log βc, where log C is
 * −Σc log B(ac, bc) (dirichlet_process) or log Γ(Σα) − Σ log Γ(αc) (dirichlet_distribution); tied counts its one
 * Wishart k times. O(k·d). precChol IN.
 */
export function variationalLowerBound(
  negEntropy: number,
  p: VariationalParams,
  precChol: Float64Array,
  type: CovarianceType,
  weightType: WeightConcentrationPriorType,
  k: number,
  d: number,
): number {
  let logWishart = 0;
  if (type === 'tied') {
    const nu = p.degreesOfFreedom[0];
    logWishart = k * logWishartNorm(nu, logDetCholesky(precChol, type, 0, d) - 0.5 * d * Math.log(nu), d);
  } else {
    for (let c = 0; c < k; c++) {
      const nu = p.degreesOfFreedom[c];
      logWishart += logWishartNorm(nu, logDetCholesky(precChol, type, c, d) - 0.5 * d * Math.log(nu), d);
    }
  }
  let logNormWeight: number;
  if (weightType === 'dirichlet_process') {
    logNormWeight = 0;
    for (let c = 0; c < k; c++) logNormWeight -= logBeta(p.concentrationA[c], p.concentrationB[c]);
  } else {
    let sum = 0;
    let lg = 0;
    for (let c = 0; c < k; c++) {
      sum += p.concentrationA[c];
      lg += logGamma(p.concentrationA[c]);
    }
    logNormWeight = logGamma(sum) - lg;
  }
  let logBeta0 = 0;
  for (let c = 0; c < k; c++) logBeta0 += Math.log(p.meanPrecision[c]);
  return -negEntropy - logWishart - logNormWeight - 0.5 * d * logBeta0;
}

/**
 * The mixture weights E[πc] (scikit-learn's `weights_`): dirichlet_distribution αc/Σα; dirichlet_process
 * ac/(ac + bc)·Πₗ₌₁..c₋₁ bₗ/(aₗ + bₗ), normalised to sum 1. O(k). out k OUT.
 */
export function variationalWeights(
  p: VariationalParams,
  type: WeightConcentrationPriorType,
  k: number,
  out: Float64Array,
): void {
  let prod = 1;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const a = p.concentrationA[c];
    if (type === 'dirichlet_process') {
      const s = a + p.concentrationB[c];
      out[c] = (a / s) * prod;
      prod *= p.concentrationB[c] / s;
    } else out[c] = a;
    sum += out[c];
  }
  for (let c = 0; c < k; c++) out[c] /= sum;
}
