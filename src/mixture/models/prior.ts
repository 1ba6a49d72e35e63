/**
 * mclust's conjugate prior for the Gaussian mixture (Fraley & Raftery 2007, "Bayesian regularization for normal
 * mixture estimation and model-based clustering"): the defaults of `priorControl()` / `defaultPrior`, and the
 * M-step that replaces the maximum-likelihood estimates by the posterior modes, as mclust's Fortran `me*p` routines
 * compute them (mclust 6.0.0). EM still reports and stops on the plain log-likelihood, as mclust does.
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { eigenSymmetric } from '../../core/linalg.js';
import { type MatrixLike, toArrays, toMatrix } from '../../core/matrix.js';
import { checkNumber } from '../../core/validate.js';
import type { CovarianceType } from '../covariance.js';
import { geoMean, type MstepState, mclustCovariances } from './mstep.js';
import { MCLUST_MODELS, type MclustModelName } from './table.js';

/**
 * The `prior` option of {@link GaussianMixture}: mclust's `priorControl(...)`; every field left out takes
 * `defaultPrior`'s value on the data at fit time.
 */
export interface GaussianMixturePriorOptions {
  /** κ ≥ 0, the prior mean's weight in pseudo-observations. @defaultValue 0.01 */
  shrinkage?: number | null;
  /** The prior mean (length d). @defaultValue the column means of X */
  mean?: ArrayLike<number> | null;
  /** ν > 0, the degrees of freedom of the covariance prior. @defaultValue d + 2 */
  dof?: number | null;
  /**
   * The covariance prior's scale: a positive number for EII, VII, EEI, EVI, VVI (and spherical, diag), a d×d
   * symmetric matrix for EEE, EEV, VVV (and tied, full). @defaultValue (1/k)^{2/d}·Σⱼvar(xⱼ)/d, or (1/k)^{2/d}·cov(X)
   */
  scale?: number | MatrixLike | null;
}

/** The `prior` option as resolved (JSON-safe; null fields take `defaultPrior`'s values at fit time). */
export interface ResolvedPriorOptions {
  shrinkage: number | null;
  mean: number[] | null;
  dof: number | null;
  scale: number | number[][] | null;
}

/**
 * mclust's conjugate prior: a normal prior on the means (centre `mean`, `shrinkage` κ pseudo-observations) and an
 * inverse-gamma (spherical and diagonal models, scalar `scale`) or inverse-Wishart (ellipsoidal models, d×d
 * `scale`) prior on the covariances with `dof` ν degrees of freedom.
 */
export interface MclustPrior {
  /** κ ≥ 0, the weight of the prior mean in pseudo-observations. */
  shrinkage: number;
  /** The prior mean (length d). */
  mean: Float64Array;
  /** ν > 0, the degrees of freedom of the covariance prior. */
  dof: number;
  /** The covariance prior's scale: a scalar (length 1) for EII…VVI, a d×d matrix (row-major) for EEE…VVV. */
  scale: Float64Array;
}

/** The models mclust has no conjugate prior for ("… model is not available with prior"). */
export const NO_PRIOR_MODELS: readonly MclustModelName[] = ['VEE', 'EVE', 'VVE', 'EVV'];

/** Models mclust has a prior for (all but VEE, EVE, VVE, EVV). */
export const PRIOR_MODELS: readonly MclustModelName[] = MCLUST_MODELS.filter((m) => !NO_PRIOR_MODELS.includes(m));

/** Whether a model's prior scale is a scalar (the axis-aligned models EII…VVI) rather than a d×d matrix. */
export function priorScaleIsScalar(model: MclustModelName): boolean {
  return model[2] === 'I';
}

/**
 * mclust's `defaultPrior(data, G, modelName)`: shrinkage 0.01, the column means, ν = d + 2, and the scale
 * (1/G)^{2/d}·Σⱼ var(xⱼ)/d for the axis-aligned models (EII…VVI), (1/G)^{2/d}·cov(X) for the others (its diagonal
 * when n ≤ d); var and cov with the n − 1 denominator, as R's. With sample weights w the moments are weighted
 * and n is Σw (so integer weights equal repeated rows).
 *
 * @remarks O(n·d²). X n×d row-major IN; w n IN or null.
 * @example
 * defaultPrior(X, n, d, 3, 'VVV').dof; // d + 2
 */
export function defaultPrior(
  X: Float64Array,
  n: number,
  d: number,
  G: number,
  model: MclustModelName,
  w: Float64Array | null = null,
): MclustPrior {
  const mean = new Float64Array(d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i];
    total += wi;
    for (let j = 0; j < d; j++) mean[j] += wi * X[i * d + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= total;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i];
    for (let a = 0; a < d; a++) {
      const da = wi * (X[i * d + a] - mean[a]);
      for (let b = 0; b <= a; b++) cov[a * d + b] += da * (X[i * d + b] - mean[b]);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      cov[a * d + b] /= total - 1;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  const fac = (1 / G) ** (2 / d);
  let scale: Float64Array;
  if (priorScaleIsScalar(model)) {
    let t = 0;
    for (let j = 0; j < d; j++) t += cov[j * d + j];
    scale = Float64Array.of((fac * t) / d);
  } else {
    scale = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) if (total > d || a === b) scale[a * d + b] = fac * cov[a * d + b];
    }
  }
  return { shrinkage: 0.01, mean, dof: d + 2, scale };
}

function priorError(message: string): ValidationError {
  return new ValidationError(message, { param: 'prior' }, 'INVALID_OPTION');
}

/**
 * Reads the `prior` option: `true` (mclust's defaults), `false`/null/undefined (no prior), or the fields of
 * {@link GaussianMixturePriorOptions}; the model must be one that has the prior here.
 * @throws {@link ValidationError} on a model without a prior, or a field out of range
 */
export function readPriorOption(value: unknown, model: MclustModelName, name: string): ResolvedPriorOptions | null {
  if (value === undefined || value === null || value === false) return null;
  if (!PRIOR_MODELS.includes(model)) {
    throw priorError(
      `prior is not available for covarianceType '${name}': mclust has no prior for ${model} ("${model} model is not available with prior"); use one of ${PRIOR_MODELS.join(', ')} (or full, tied, diag, spherical).`,
    );
  }
  if (value === true) return { shrinkage: null, mean: null, dof: null, scale: null };
  if (typeof value !== 'object') {
    throw priorError(
      `prior must be true, false or an object { shrinkage, mean, dof, scale }; got ${JSON.stringify(value)}.`,
    );
  }
  const o = value as GaussianMixturePriorOptions;
  const shrinkage = o.shrinkage == null ? null : checkNumber(o.shrinkage, 'prior.shrinkage', 0, { max: 1e300 });
  const dof = o.dof == null ? null : checkNumber(o.dof, 'prior.dof', 0, { minExclusive: true, max: 1e300 });
  let mean: number[] | null = null;
  if (o.mean != null) {
    mean = Array.from(o.mean, Number);
    if (mean.length === 0 || !mean.every(Number.isFinite)) {
      throw priorError(
        `prior.mean must be a non-empty list of finite numbers (one per feature); got ${JSON.stringify(o.mean)}.`,
      );
    }
  }
  let scale: number | number[][] | null = null;
  if (o.scale != null) {
    if (priorScaleIsScalar(model)) {
      scale = checkNumber(o.scale, 'prior.scale', 0, { minExclusive: true, max: 1e300 });
    } else {
      if (typeof o.scale === 'number') {
        throw priorError(
          `prior.scale must be a d×d symmetric positive definite matrix for covarianceType '${name}'; got the number ${o.scale}.`,
        );
      }
      const m = toMatrix(o.scale, 'prior.scale');
      if (m.rows !== m.cols) throw priorError(`prior.scale must be square (d×d); got ${m.rows}×${m.cols}.`);
      scale = toArrays(m);
    }
  }
  return { shrinkage, mean, dof, scale };
}

/**
 * The prior for one fit: `defaultPrior` on the raw (weighted) data with the given fields substituted, the mean
 * centred by the column means `mu` (EM runs on centred data).
 * @throws {@link ValidationError} when a given mean or scale does not have X's d features
 */
export function resolvePrior(
  opts: ResolvedPriorOptions,
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  model: MclustModelName,
  mu: Float64Array,
  w: Float64Array | null,
): MclustPrior {
  const p = defaultPrior(X, n, d, k, model, w);
  if (opts.shrinkage !== null) p.shrinkage = opts.shrinkage;
  if (opts.dof !== null) p.dof = opts.dof;
  if (opts.mean !== null) {
    if (opts.mean.length !== d) {
      throw priorError(`prior.mean has ${opts.mean.length} values but X has ${d} columns; give one per feature.`);
    }
    p.mean.set(opts.mean);
  }
  if (typeof opts.scale === 'number') p.scale[0] = opts.scale;
  else if (opts.scale !== null) {
    if (opts.scale.length !== d) {
      throw priorError(
        `prior.scale is ${opts.scale.length}×${opts.scale.length} but X has ${d} columns; give a d×d matrix.`,
      );
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        if (opts.scale[a][b] !== opts.scale[b][a]) {
          throw priorError(`prior.scale is not symmetric (entry [${a}][${b}] differs from [${b}][${a}]).`);
        }
        p.scale[a * d + b] = opts.scale[a][b];
      }
    }
  }
  for (let j = 0; j < d; j++) p.mean[j] -= mu[j];
  return p;
}

/** The model whose prior M-step equals mclust's `mvnX**` for one component (XII = VII, XXI = VVI, XXX = VVV). */
const ONE_COMPONENT: Record<MclustModelName, MclustModelName> = {
  EII: 'VII',
  VII: 'VII',
  EEI: 'VVI',
  VEI: 'VVI',
  EVI: 'VVI',
  VVI: 'VVI',
  EEE: 'EEE',
  VEE: 'VEE',
  EVE: 'EVE',
  VVE: 'VVE',
  EEV: 'EEV',
  VEV: 'VVV',
  EVV: 'EVV',
  VVV: 'VVV',
};

/**
 * The posterior-mode M-step of mclust's `me*p` for `model`, from the maximum-likelihood statistics: writes the
 * covariances (regCovar not added) and shrinks the means.
 *
 * @remarks
 * With Nc, x̄c, Wc = Nc·Sc (component scatter), n = Σc Nc, κ, μP, ν, Λ the prior, δc = x̄c − μP and
 * Tc = κNc/(Nc + κ)·δcδcᵀ: means (Nc·x̄c + κ·μP)/(Nc + κ) (EEI: x̄c, as mclust's `meeeip`); [κ>0] is 1 when κ > 0.
 * EII σ² = Σc tr(Wc + Tc)/(ν + (n + G)d + 2) (mclust adds no Λ here);
 * VII σc² = (Λ + tr(Wc + Tc))/(ν + Nc·d + 2 + [κ>0]d);
 * EEI Σ = diag(Λ + Σc(Wc + Tc))/(ν + n + 1 + [κ>0]);
 * EVI Ωc = diag(Λ + Wc + Tc), Σc = (Σl det(Ωl)^{1/d})/(ν + n + 1 + [κ>0])·Ωc/det(Ωc)^{1/d};
 * VVI Σc = diag(Λ + Wc + Tc)/(ν + Nc + 2 + [κ>0]);
 * EEE Σ = (Λ + Σc(Wc + Tc))/(ν + n + d + 1 + [κ>0]G);
 * EEV Λ + Wc + Tc = Lc·Ωc·Lcᵀ, A = Σc Ωc, Σc = det(A)^{1/d}/(ν + n + d + 1 + [κ>0])·Lc·(A/det(A)^{1/d})·Lcᵀ;
 * VVV Σc = (Λ + Wc + Tc)/(ν + Nc + d + 2); VEI, VEV: the model's alternating volume–shape iteration on
 * Ωc = diag(Λ + Wc + Tc) (VEI, the volumes divided by d·Nc + ν + 2 + [κ>0]) or the eigenvalues of Λ + Wc + Tc (VEV,
 * the volumes divided by d·Nc, as mclust's mevevp), the orientation Lc of VEV from the latter. With one component EII is fitted as VII and EEI, VEI, EVI as VVI, as mclust's
 * `mvnXII`/`mvnXXI` do, and VEV as VVV as `mvnXXX` does (what `Mclust` uses for G = 1; mclust's `me` with G = 1
 * uses the formulas above, and so does `Mclust` with a noise component, which fits G = 1 by `me`: `mvn` false).
 * O(k·d²) (EEV O(k·d³)); the data are not touched.
 * cov INOUT: IN the ML covariances Sc in `layout` (for 'tied' the pooled Σc Wc / n), OUT the posterior ones;
 * means k×d INOUT (centred like the prior mean); nk k IN.
 * @returns null on success, else why the covariance is singular (a variance ≤ ε), as mclust reports NA
 */
export function priorCovariances(
  model: MclustModelName,
  layout: CovarianceType,
  prior: MclustPrior,
  cov: Float64Array,
  means: Float64Array,
  nk: Float64Array,
  k: number,
  d: number,
  state: MstepState,
  mvn = true,
): string | null {
  const { shrinkage: kappa, mean: pm, dof: nu, scale } = prior;
  const kp = kappa > 0 ? 1 : 0;
  const dd = d * d;
  let n = 0;
  for (let c = 0; c < k; c++) n += nk[c];
  // t[c] = κNc/(Nc + κ); delta k×d = x̄c − μP
  const t = new Float64Array(k);
  const delta = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    t[c] = (kappa * nk[c]) / (nk[c] + kappa);
    for (let j = 0; j < d; j++) delta[c * d + j] = means[c * d + j] - pm[j];
  }
  /** Diagonal entry j of Wc + Tc. */
  const diagW = (c: number, j: number): number => {
    const s = layout === 'diag' ? cov[c * d + j] : layout === 'spherical' ? cov[c] : cov[c * dd + j * d + j];
    return nk[c] * s + t[c] * delta[c * d + j] ** 2;
  };
  let why: string | null = null;
  // One component: mclust's mvnXII / mvnXXI / mvnXXX (what Mclust fits for G = 1) in place of the me*p forms.
  const m = k === 1 && mvn ? ONE_COMPONENT[model] : model;
  switch (m) {
    case 'EII': {
      let s = 0;
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) s += diagW(c, j);
      const s2 = s / (nu + (n + k) * d + 2);
      cov.fill(s2);
      if (!(s2 > Number.EPSILON)) why = `the common variance is ${s2}`;
      break;
    }
    case 'VII': {
      const v = new Float64Array(k);
      for (let c = 0; c < k; c++) {
        let s = scale[0];
        for (let j = 0; j < d; j++) s += diagW(c, j);
        v[c] = s / (nu + nk[c] * d + 2 + kp * d);
      }
      if (layout === 'spherical') cov.set(v);
      else for (let c = 0; c < k; c++) cov.fill(v[c], c * d, c * d + d);
      for (let c = 0; c < k && why === null; c++) if (!(v[c] > Number.EPSILON)) why = `variance ${c} is ${v[c]}`;
      break;
    }
    case 'EEI':
    case 'EVI':
    case 'VVI': {
      const omega = new Float64Array(k * d);
      if (m !== 'EEI') for (let q = 0; q < k * d; q++) omega[q] = scale[0] + diagW(Math.floor(q / d), q % d);
      if (m === 'EEI') {
        for (let j = 0; j < d; j++) {
          let s = scale[0];
          for (let c = 0; c < k; c++) s += diagW(c, j);
          for (let c = 0; c < k; c++) cov[c * d + j] = s / (nu + n + 1 + kp);
        }
      } else if (m === 'EVI') {
        let lam = 0;
        for (let c = 0; c < k; c++) lam += geoMean(omega, c * d, d);
        lam /= nu + n + 1 + kp;
        for (let c = 0; c < k; c++) {
          const g = geoMean(omega, c * d, d);
          for (let j = 0; j < d; j++) cov[c * d + j] = (lam * omega[c * d + j]) / g;
        }
      } else {
        for (let c = 0; c < k; c++) {
          for (let j = 0; j < d; j++) cov[c * d + j] = omega[c * d + j] / (nu + nk[c] + 2 + kp);
        }
      }
      for (let q = 0; q < k * d && why === null; q++) {
        if (!(cov[q] > Number.EPSILON)) why = `the variance ${q % d} of component ${Math.floor(q / d)} is ${cov[q]}`;
      }
      break;
    }
    case 'EEE': {
      const m = new Float64Array(dd);
      for (let q = 0; q < dd; q++) m[q] = scale[q] + n * cov[q];
      for (let c = 0; c < k; c++) {
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++) m[a * d + b] += t[c] * delta[c * d + a] * delta[c * d + b];
      }
      const den = nu + n + d + 1 + kp * k;
      for (let q = 0; q < dd; q++) cov[q] = m[q] / den;
      break;
    }
    case 'EEV':
    case 'VVV': {
      const shape = new Float64Array(d);
      const axes = new Float64Array(k * dd);
      for (let c = 0; c < k; c++) {
        const o = c * dd;
        const w = new Float64Array(dd);
        for (let a = 0; a < d; a++) {
          for (let b = 0; b < d; b++) {
            w[a * d + b] = scale[a * d + b] + nk[c] * cov[o + a * d + b] + t[c] * delta[c * d + a] * delta[c * d + b];
          }
        }
        if (m === 'VVV') {
          const den = nu + nk[c] + d + 2;
          for (let q = 0; q < dd; q++) cov[o + q] = w[q] / den;
        } else {
          const e = eigenSymmetric(w, d);
          for (let j = 0; j < d; j++) shape[j] += e.values[j];
          axes.set(e.vectors, o);
        }
      }
      if (m === 'EEV') {
        if (!(shape[d - 1] > 0)) return 'the pooled shape is singular';
        const g = geoMean(shape, 0, d);
        const lam = g / (nu + n + d + 1 + kp);
        if (!(lam > Number.EPSILON)) return `the volume is ${lam}`;
        for (let c = 0; c < k; c++) {
          const l = axes.subarray(c * dd, c * dd + dd);
          for (let a = 0; a < d; a++) {
            for (let b = 0; b < d; b++) {
              let s = 0;
              for (let j = 0; j < d; j++) s += (l[a * d + j] * shape[j] * l[b * d + j]) / g;
              cov[c * dd + a * d + b] = lam * s;
            }
          }
        }
      }
      break;
    }
    case 'VEI':
    case 'VEV': {
      // mclust's meveip / mevevp: the model's own volume–shape iteration on the prior-augmented scatter; VEI's
      // volumes divide by d·Nc + ν + 2 + [κ>0] (meveip), i.e. by d·N'c with N'c = Nc + (ν + 2 + [κ>0])/d.
      const aug = new Float64Array(m === 'VEI' ? k * d : k * dd);
      const counts = nk.slice();
      if (m === 'VEI') for (let c = 0; c < k; c++) counts[c] += (nu + 2 + kp) / d;
      for (let c = 0; c < k; c++) {
        for (let a = 0; a < d; a++) {
          if (m === 'VEI') aug[c * d + a] = (scale[0] + diagW(c, a)) / counts[c];
          else {
            for (let b = 0; b < d; b++) {
              const w = scale[a * d + b] + nk[c] * cov[c * dd + a * d + b] + t[c] * delta[c * d + a] * delta[c * d + b];
              aug[c * dd + a * d + b] = w / nk[c];
            }
          }
        }
      }
      why = mclustCovariances(m, aug, counts, k, d, cov, state);
      break;
    }
    default:
      return `mclust's prior is not available for the ${model} model here`;
  }
  // mclust's meeeip leaves the EEI means unshrunk (its msEEIp and the other models shrink them).
  if (m === 'EEI') return why;
  for (let c = 0; c < k; c++) {
    const f = nk[c] / (nk[c] + kappa);
    const g = kappa / (nk[c] + kappa);
    for (let j = 0; j < d; j++) means[c * d + j] = f * means[c * d + j] + g * pm[j];
  }
  return why;
}
