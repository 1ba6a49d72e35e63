/**
 * Model selection for Gaussian mixtures as mclust does it: fit every (k, covariance type) pair and choose by BIC.
 * @module
 */
import { NumericalError, ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { createRng, resolveSeed, sampleWithoutReplacement } from '../core/random.js';
import { checkInt, checkOneOf, checkSeed } from '../core/validate.js';
import { COVARIANCE_TYPES } from '../mixture/covariance.js';
import { GaussianMixture, type GaussianMixtureOptions, trainingCriteria } from '../mixture/GaussianMixture.js';
import { type HcUse, hcMerges, hcPartition, hcTransform } from '../mixture/models/hc.js';
import { dataLogHypervolume } from '../mixture/models/noise.js';
import { NO_PRIOR_MODELS } from '../mixture/models/prior.js';
import {
  canonicalModel,
  GAUSSIAN_MIXTURE_MODELS,
  type GaussianMixtureModel,
  MCLUST_MODELS,
  type MclustModelName,
  mclustName,
  modelParameters,
} from '../mixture/models/table.js';

/** Options of {@link selectGaussianMixture}. */
export interface SelectGaussianMixtureOptions
  extends Pick<GaussianMixtureOptions, 'tol' | 'regCovar' | 'maxIter' | 'nInit' | 'initParams' | 'prior' | 'noise'> {
  /**
   * The numbers of components to try (mclust's `G`); overrides kMin/kMax. 0 (with `noise` only): mclust's
   * noise-only row.
   */
  nComponents?: readonly number[];
  /**
   * Smallest number of components; 0 (with `noise` only) adds mclust's noise-only row G = 0.
   * @defaultValue 1, or 0 with `noise` (mclust's G = 0:9 with a noise component)
   */
  kMin?: number;
  /** Largest number of components (at most n). @defaultValue 9 (mclust's G = 1:9), or n if smaller */
  kMax?: number;
  /**
   * Covariance models to try: scikit-learn's names and/or mclust's 14.
   * @defaultValue ['full', 'tied', 'diag', 'spherical'], or the 14 mclust models (mclust's order) with `init: 'mclust'`
   */
  covarianceTypes?: readonly GaussianMixtureModel[];
  /**
   * Criterion that picks the model (all are reported): 'bic' or 'aic' (lowest), 'icl' (mclust's ICL, highest).
   * @defaultValue 'bic'
   */
  criterion?: 'bic' | 'aic' | 'icl';
  /**
   * How each EM starts: 'sklearn' — `initParams` with `nInit` restarts and scikit-learn's stopping rule;
   * 'mclust' — as `Mclust`: one model-based hierarchical clustering (`hc`, model VVV, or EII when d = 1, on the
   * data transformed by `hcUse`) whose partition into G groups starts EM for G components (responsibilities as
   * `respInit`; above 2000 rows the hc and the first M-step use a seeded subset of 2000 rows, followed by an
   * E-step on all rows, as mclust's `initialization$subset`), mclust's stopping rule (`convergence: 'mclust'`,
   * tol 1e-5 unless given), no `regCovar` unless given, and mclust's singularity checks (NA rows).
   * @defaultValue 'sklearn'
   */
  init?: 'sklearn' | 'mclust';
  /** mclust's `hcUse`, the data transformation for `init: 'mclust'`. @defaultValue 'SVD' */
  hcUse?: HcUse;
  /** Seed shared by every fit (each fit starts its own PRNG from it); drawn when omitted and reported. */
  seed?: number;
  /**
   * Called after each fit with the fits done and the total (models × numbers of components), for a progress bar;
   * it does not change the result.
   */
  onProgress?: (done: number, total: number) => void;
}

/** One row of the table returned by {@link selectGaussianMixture}. */
export interface GmmSelectionRow {
  /** The mclust name of the model (full → VVV, tied → EEE, diag → VVI, spherical → VII). */
  model: MclustModelName;
  /** Number of components G (also as `k`); 0 for the noise-only row (with `noise`). */
  nComponents: number;
  k: number;
  /** The model as fitted (scikit-learn's name for VII/VVI/EEE/VVV). */
  covarianceType: GaussianMixtureModel;
  /** −2·n·score + p·ln n (lower is better); NaN when the fit failed. */
  bic: number;
  /** −2·n·score + 2p (lower is better); NaN when the fit failed. */
  aic: number;
  /** mclust's BIC, 2·log L − p·ln n (higher is better); NaN when the fit failed. */
  bicMclust: number;
  /** mclust's ICL: bicMclust + 2·Σᵢ log γᵢ,ĉᵢ (higher is better); NaN when the fit failed. */
  icl: number;
  /** Mean log-likelihood per sample under the fitted model; NaN when the fit failed. */
  logLikelihood: number;
  /** Number of free parameters p. */
  nParameters: number;
  converged: boolean;
  /** Why the fit failed (e.g. a covariance that is not positive definite), when it did. */
  error?: string;
  /** mclust-style warning for a failed fit (the NA row), e.g. "VEV with G=9: singular covariance (…)". */
  warning?: string;
  /** Whether this row is the chosen one. */
  best?: boolean;
}

/** Result of {@link selectGaussianMixture}. */
export interface GmmSelection {
  /** Every (covariance type, k) tried, covariance types in the given order, then k ascending. */
  table: GmmSelectionRow[];
  /**
   * The chosen row (best criterion; ties keep the first row) among the rows with G ≥ 1: a noise-only row G = 0 is
   * never chosen (there is no Gaussian model to return); when it scores best, `warnings` says so.
   */
  best: GmmSelectionRow;
  /** The chosen model, fitted. */
  model: GaussianMixture;
  /** The criterion used to choose. */
  criterion: 'bic' | 'aic' | 'icl';
  /** How each EM started. */
  init: 'sklearn' | 'mclust';
  /** The warnings of the failed rows, one per row, in table order; then the G = 0 note, if any. */
  warnings: string[];
  /** The seed every fit used. */
  seed: number;
}

/** Rows above which `init: 'mclust'` runs hc on a seeded subset (mclust's `mclust.options("subset")`). */
const HC_SUBSET = 2000;

/**
 * Fits a Gaussian mixture for every number of components and every covariance model, and chooses by BIC (or
 * AIC, or ICL) — mclust's `Mclust` model selection, with scikit-learn's BIC beside mclust's.
 *
 * @remarks
 * BIC = −2·log L + p·ln n, with log L the total log-likelihood and p the number of free parameters
 * ((k−1) weights + k·d means + the covariance parameters of the model, mclust's `nMclustParams`). Lower is better
 * here, as in scikit-learn; `bicMclust` = 2·log L − p·ln n is mclust's (higher is better), and `icl` is mclust's
 * ICL = bicMclust + 2·Σᵢ log γᵢ,ĉᵢ. Models: scikit-learn's four and mclust's 14 (VII = spherical, VVI = diag,
 * EEE = tied, VVV = full). With `init: 'mclust'` every EM starts, as in `Mclust(X, G)`, from the partition of one
 * model-based hierarchical clustering (hc VVV on the 'SVD'-transformed data) and stops by mclust's rule: the table
 * then equals mclust's BIC and ICL tables (checked to 1e-6 against R mclust 6.0.0 on three data sets, given the
 * same hc partitions, which `hc` reproduces). A fit that fails (a singular covariance by mclust's checks, or a
 * covariance that is not positive definite) is kept in the table with NaN scores, its `error` and a `warning`,
 * as mclust shows NA with a warning; the failures are also listed in `warnings`. With `prior` every fit uses
 * mclust's conjugate prior and the table equals `Mclust(X, G, prior = priorControl())` (checked to 1e-6 on the
 * same three sets): VEE, EVE, VVE, EVV, which have no prior, are left out as mclust leaves them out. With `noise`
 * every fit has mclust's noise component and p counts its 2 parameters; with `init: 'mclust'` the hc (and the
 * subset above 2000 rows) leaves out the rows marked noise, as `Mclust(X, G, initialization = list(noise))` (checked
 * to 1e-6 on a seeded set with uniform noise, with and without prior). With `noise`, G = 0 is mclust's noise-only
 * model, in the table by default (kMin 0, as mclust's G = 0:9): log L = n·log(1/V) (V the hypervolume), p = 1, so
 * bicMclust = 2n·log(1/V) − ln n and ICL = bicMclust, the same row for every model as in mclust's table (checked
 * against `Mclust(X, G = 0:4, initialization = list(noise))`). It is reported but not chosen. Cost: the sum of the fits
 * (|G|·|models| EM runs, times nInit for 'sklearn') plus, for 'mclust', one hc in O(m²·d³) on m = min(n, 2000) rows.
 * @throws {@link ValidationError} on bad data or options (kMin > kMax, a number of components above n, an unknown
 * covariance model, an unknown criterion)
 * @throws {@link NumericalError} when every fit fails
 * @example
 * const { best, table } = selectGaussianMixture(X, { kMax: 6, seed: 0 });
 * best.k; best.covarianceType; // the chosen model; table has 6 × 4 rows
 * const mc = selectGaussianMixture(X, { init: 'mclust' }); // Mclust(X, G = 1:9): 14 models × 9
 * mc.best.model; mc.best.bicMclust;
 */
export function selectGaussianMixture(X: MatrixLike, opts: SelectGaussianMixtureOptions = {}): GmmSelection {
  const m = toMatrix(X, 'X');
  const n = m.rows;
  const d = m.cols;
  const init = checkOneOf(opts.init ?? 'sklearn', ['sklearn', 'mclust'] as const, 'init');
  const noise = opts.noise ?? null;
  const ks = componentCounts(opts, n, noise !== null);
  const prior = opts.prior ?? null;
  const withPrior = prior !== null && prior !== false;
  const types =
    opts.covarianceTypes ??
    (init === 'mclust' ? MCLUST_MODELS.filter((t) => !(withPrior && NO_PRIOR_MODELS.includes(t))) : COVARIANCE_TYPES);
  if (types.length === 0) {
    throw new ValidationError('covarianceTypes is empty; give at least one covariance type.', {
      param: 'covarianceTypes',
    });
  }
  for (const t of types) checkOneOf(t, GAUSSIAN_MIXTURE_MODELS, 'covarianceTypes');
  const criterion = checkOneOf(opts.criterion ?? 'bic', ['bic', 'aic', 'icl'] as const, 'criterion');
  const seed = resolveSeed(checkSeed(opts.seed));
  // The noise indicator as 0/1 (GaussianMixture validates it; a wrong length fails there, the same way).
  const noiseInit = noise === null ? null : Uint8Array.from(noise.init, (v) => (v === true || v === 1 ? 1 : 0));
  const gaussianKs = ks.filter((k) => k > 0);
  const starts = init === 'mclust' ? mclustStarts(m, gaussianKs, opts.hcUse ?? 'SVD', seed, prior, noiseInit) : null;
  // The noise-only model G = 0: log L = n·log(1/V), one parameter (mclust's nMclustParams(·, d, 0, noise = TRUE)).
  const noiseOnlyLogL =
    noise === null || gaussianKs.length === ks.length
      ? Number.NaN
      : -(noise.hypervolume == null ? dataLogHypervolume(m.data, n, d) : Math.log(noise.hypervolume));
  let noiseOnly: GmmSelectionRow | null = null;
  const table: GmmSelectionRow[] = [];
  const warnings: string[] = [];
  let best: GmmSelectionRow | null = null;
  let bestModel: GaussianMixture | null = null;
  const better = (a: GmmSelectionRow, b: GmmSelectionRow): boolean =>
    criterion === 'icl' ? a.icl > b.icl : a[criterion] < b[criterion];
  for (const name of types) {
    const covarianceType = canonicalModel(name);
    for (const k of ks) {
      if (k === 0) {
        const bic = -2 * n * noiseOnlyLogL + Math.log(n);
        const row: GmmSelectionRow = {
          model: mclustName(covarianceType),
          nComponents: 0,
          k: 0,
          covarianceType,
          nParameters: 1,
          bic,
          aic: -2 * n * noiseOnlyLogL + 2,
          bicMclust: -bic,
          icl: -bic,
          logLikelihood: noiseOnlyLogL,
          converged: true,
        };
        table.push(row);
        opts.onProgress?.(table.length, types.length * ks.length);
        if (noiseOnly === null || better(row, noiseOnly)) noiseOnly = row;
        continue;
      }
      const p = modelParameters(covarianceType, k, d) + (noise === null ? 0 : 2);
      const base = { model: mclustName(covarianceType), nComponents: k, k, covarianceType, nParameters: p };
      const gm =
        starts === null
          ? new GaussianMixture({
              nComponents: k,
              covarianceType,
              tol: opts.tol,
              regCovar: opts.regCovar,
              maxIter: opts.maxIter,
              nInit: opts.nInit,
              initParams: opts.initParams,
              prior,
              noise,
              seed,
            })
          : new GaussianMixture({
              nComponents: k,
              covarianceType,
              tol: opts.tol ?? 1e-5,
              regCovar: opts.regCovar ?? 0,
              maxIter: opts.maxIter ?? 100_000,
              respInit: starts(k, covarianceType),
              convergence: 'mclust',
              prior,
              noise,
              seed,
            });
      let row: GmmSelectionRow;
      try {
        gm.fit(m);
        // The fit's final E-step gave log L and the ICL (what score(m)·n and icl(m) compute again).
        const tc = trainingCriteria(gm, m.data);
        const ll = tc === null ? gm.score(m) : tc.logL / n;
        const bic = -2 * ll * n + p * Math.log(n);
        row = {
          ...base,
          bic,
          aic: -2 * ll * n + 2 * p,
          bicMclust: -bic,
          icl: tc === null ? gm.icl(m) : tc.icl,
          logLikelihood: ll,
          converged: gm.converged,
        };
      } catch (e) {
        if (!(e instanceof NumericalError)) throw e;
        row = failedRow(base, e.message);
        warnings.push(row.warning as string);
      }
      table.push(row);
      opts.onProgress?.(table.length, types.length * ks.length);
      if (Number.isFinite(row[criterion]) && (best === null || better(row, best))) {
        best = row;
        bestModel = gm;
      }
    }
  }
  if (best === null || bestModel === null) {
    throw new NumericalError(
      'Every Gaussian mixture fit failed numerically; scale the data (standardise the columns), raise regCovar or lower kMax.',
    );
  }
  best.best = true;
  if (noiseOnly !== null && Number.isFinite(noiseOnly[criterion]) && better(noiseOnly, best)) {
    warnings.push(
      `the noise-only model (G=0) has a better ${criterion.toUpperCase()} than every Gaussian mixture (mclust would choose it); the best with G ≥ 1 is kept: ${best.model} with G=${best.nComponents}.`,
    );
  }
  return { table, best, model: bestModel, criterion, init, warnings, seed };
}

/** mclust's NA row: NaN scores, the reason and the warning "MODEL with G=k: reason". */
function failedRow(
  base: Pick<GmmSelectionRow, 'model' | 'nComponents' | 'k' | 'covarianceType' | 'nParameters'>,
  error: string,
): GmmSelectionRow {
  return {
    ...base,
    bic: Number.NaN,
    aic: Number.NaN,
    bicMclust: Number.NaN,
    icl: Number.NaN,
    logLikelihood: Number.NaN,
    converged: false,
    error,
    warning: `${base.model} with G=${base.nComponents}: ${error}`,
  };
}

/**
 * The numbers of components to try: `nComponents`, else kMin..kMax; each in [1, n], or [0, n] with a noise
 * component (G = 0, the noise-only model, is then in the default range).
 */
function componentCounts(opts: SelectGaussianMixtureOptions, n: number, noise: boolean): number[] {
  const least = noise ? 0 : 1;
  if (opts.nComponents !== undefined) {
    if (opts.nComponents.length === 0) {
      throw new ValidationError('nComponents is empty; give at least one number of components.', {
        param: 'nComponents',
      });
    }
    if (!opts.nComponents.some((g) => g !== 0)) {
      throw new ValidationError(
        'nComponents has no number of components ≥ 1; the noise-only row G = 0 is reported beside Gaussian fits, give at least one G ≥ 1.',
        { param: 'nComponents' },
      );
    }
    return opts.nComponents.map((g) => {
      if (g === 0 && !noise) {
        throw new ValidationError(
          'nComponents 0 (the noise-only model) needs a noise component; give noise or numbers of components ≥ 1.',
          { param: 'nComponents' },
        );
      }
      checkInt(g, 'nComponents', least);
      if (g > n) {
        throw new ValidationError(
          `nComponents=${g} exceeds the number of samples (${n}); try at most ${n} components.`,
          { param: 'nComponents' },
        );
      }
      return g;
    });
  }
  const kMin = checkInt(opts.kMin ?? least, 'kMin', least);
  if (kMin > n) {
    throw new ValidationError(`kMin=${kMin} exceeds the number of samples (${n}); lower kMin.`, { param: 'kMin' });
  }
  const kMax = checkInt(opts.kMax ?? Math.min(9, n), 'kMax', Math.max(kMin, 1), n);
  const ks: number[] = [];
  for (let k = kMin; k <= kMax; k++) ks.push(k);
  return ks;
}

/**
 * mclust's initialisation: one hc (VVV, EII for one column) on the `use`-transformed data, or on a seeded subset
 * of 2000 rows above that; returns the starting responsibilities for G components (one-hot hc classes, or on a
 * subset an M-step there followed by an E-step on all rows under the given model). With a noise indicator (mclust's
 * `initialization$noise`) the rows marked noise are left out of the hc and of the subset, and their rows of the
 * result are zeros (GaussianMixture's `noise` starts them as noise).
 */
function mclustStarts(
  m: Matrix,
  ks: readonly number[],
  use: HcUse,
  seed: number,
  prior: GaussianMixtureOptions['prior'],
  noise: Uint8Array | null,
): (k: number, model: GaussianMixtureModel) => Matrix {
  const n = m.rows;
  const d = m.cols;
  const sample = n > HC_SUBSET ? Int32Array.from(sampleWithoutReplacement(createRng(seed), n, HC_SUBSET)).sort() : null;
  let subset: Int32Array | null = sample;
  if (noise !== null && noise.length === n) {
    const kept: number[] = [];
    for (let t = 0; t < (sample === null ? n : sample.length); t++) {
      const i = sample === null ? t : sample[t];
      if (noise[i] === 0) kept.push(i);
    }
    subset = Int32Array.from(kept);
  }
  const rows = subset === null ? n : subset.length;
  const sub = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    const r = subset === null ? i : subset[i];
    for (let j = 0; j < d; j++) sub[i * d + j] = m.data[r * d + j];
  }
  const { z, cols } = hcTransform(sub, rows, d, use);
  const merges = hcMerges(z, rows, cols, d === 1 ? 'EII' : 'VVV');
  const partitions = new Map<number, Int32Array>();
  for (const k of ks) partitions.set(k, hcPartition(merges, rows, Math.min(k, rows)));
  return (k, model) => {
    const labels = partitions.get(k) as Int32Array;
    const resp = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) resp[i * k + labels[i]] = 1;
    const oneHot: Matrix = { rows, cols: k, data: resp };
    if (subset === null) return oneHot;
    if (sample === null) {
      // All rows but the noise ones: one-hot there, zeros on the noise rows.
      const full = new Float64Array(n * k);
      for (let i = 0; i < rows; i++) full.set(resp.subarray(i * k, i * k + k), subset[i] * k);
      return { rows: n, cols: k, data: full };
    }
    const subX: Matrix = { rows, cols: d, data: sub };
    const ms = new GaussianMixture({
      nComponents: k,
      covarianceType: model,
      respInit: oneHot,
      regCovar: 0,
      maxIter: 0,
      prior,
    });
    return ms.fit(subX).predictProba(m);
  };
}
