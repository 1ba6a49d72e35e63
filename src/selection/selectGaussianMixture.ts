/**
 * Model selection for Gaussian mixtures as mclust does it: fit every (k, covariance type) pair and choose by BIC.
 * @module
 */
import { NumericalError, ValidationError } from '../core/errors.js';
import { type MatrixLike, toMatrix } from '../core/matrix.js';
import { resolveSeed } from '../core/random.js';
import { checkInt, checkOneOf, checkSeed } from '../core/validate.js';
import { COVARIANCE_TYPES, type CovarianceType, nParameters } from '../mixture/covariance.js';
import { GaussianMixture, type GaussianMixtureOptions } from '../mixture/GaussianMixture.js';

/** Options of {@link selectGaussianMixture}. */
export interface SelectGaussianMixtureOptions
  extends Pick<GaussianMixtureOptions, 'tol' | 'regCovar' | 'maxIter' | 'nInit' | 'initParams'> {
  /** Smallest number of components. @defaultValue 1 */
  kMin?: number;
  /** Largest number of components (at most n). @defaultValue 9 (mclust's G = 1:9), or n if smaller */
  kMax?: number;
  /** Covariance types to try. @defaultValue ['full', 'tied', 'diag', 'spherical'] */
  covarianceTypes?: readonly CovarianceType[];
  /** Criterion that picks the model (both are always reported). @defaultValue 'bic' */
  criterion?: 'bic' | 'aic';
  /** Seed shared by every fit (each fit starts its own PRNG from it); drawn when omitted and reported. */
  seed?: number;
}

/** One row of the table returned by {@link selectGaussianMixture}. */
export interface GmmSelectionRow {
  k: number;
  covarianceType: CovarianceType;
  /** −2·n·score + p·ln n (lower is better); NaN when the fit failed. */
  bic: number;
  /** −2·n·score + 2p (lower is better); NaN when the fit failed. */
  aic: number;
  /** Mean log-likelihood per sample under the fitted model; NaN when the fit failed. */
  logLikelihood: number;
  /** Number of free parameters p. */
  nParameters: number;
  converged: boolean;
  /** Why the fit failed (e.g. a covariance that is not positive definite), when it did. */
  error?: string;
}

/** Result of {@link selectGaussianMixture}. */
export interface GmmSelection {
  /** Every (covariance type, k) tried, covariance types in the given order, then k ascending. */
  table: GmmSelectionRow[];
  /** The chosen row (smallest criterion; ties keep the first row). */
  best: GmmSelectionRow;
  /** The chosen model, fitted. */
  model: GaussianMixture;
  /** The criterion used to choose. */
  criterion: 'bic' | 'aic';
  /** The seed every fit used. */
  seed: number;
}

/**
 * Fits a Gaussian mixture for every k in [kMin, kMax] and every covariance type, and chooses the one with the
 * smallest BIC (or AIC) — mclust's `Mclust` model selection, with scikit-learn's models and sign convention.
 *
 * @remarks
 * BIC = −2·log L + p·ln n, with log L the total log-likelihood and p the number of free parameters
 * ((k−1) weights + k·d means + the covariance parameters: full k·d(d+1)/2, tied d(d+1)/2, diag k·d, spherical k).
 * Lower is better here, as in scikit-learn; mclust reports −BIC (higher is better), so its curves are these upside
 * down. mclust's 'EII', 'VII', 'VVI', 'EEE' and 'VVV' correspond to spherical with equal variances (not offered),
 * spherical, diag, tied and full. A fit that fails numerically (a collapsing covariance) is kept in the table
 * with NaN scores and its error, as mclust shows NA. Every fit uses the same seed. Cost: the sum of the fits, about
 * (kMax − kMin + 1)·|types|·nInit EM runs.
 * @throws {@link ValidationError} on bad data or options (kMin > kMax, kMin > n, an unknown covariance type)
 * @throws {@link NumericalError} when every fit fails
 * @example
 * const { best, table } = selectGaussianMixture(X, { kMax: 6, seed: 0 });
 * best.k; best.covarianceType; // the chosen model; table has 6 × 4 rows
 */
export function selectGaussianMixture(X: MatrixLike, opts: SelectGaussianMixtureOptions = {}): GmmSelection {
  const m = toMatrix(X, 'X');
  const n = m.rows;
  const d = m.cols;
  const kMin = checkInt(opts.kMin ?? 1, 'kMin', 1);
  if (kMin > n) {
    throw new ValidationError(`kMin=${kMin} exceeds the number of samples (${n}); lower kMin.`, { param: 'kMin' });
  }
  const kMax = checkInt(opts.kMax ?? Math.min(9, n), 'kMax', kMin, n);
  const types = opts.covarianceTypes ?? COVARIANCE_TYPES;
  if (types.length === 0) {
    throw new ValidationError('covarianceTypes is empty; give at least one covariance type.', {
      param: 'covarianceTypes',
    });
  }
  for (const t of types) checkOneOf(t, COVARIANCE_TYPES, 'covarianceTypes');
  const criterion = checkOneOf(opts.criterion ?? 'bic', ['bic', 'aic'] as const, 'criterion');
  const seed = resolveSeed(checkSeed(opts.seed));
  const table: GmmSelectionRow[] = [];
  let best: GmmSelectionRow | null = null;
  let bestModel: GaussianMixture | null = null;
  for (const covarianceType of types) {
    for (let k = kMin; k <= kMax; k++) {
      const p = nParameters(covarianceType, k, d);
      const gm = new GaussianMixture({
        nComponents: k,
        covarianceType,
        tol: opts.tol,
        regCovar: opts.regCovar,
        maxIter: opts.maxIter,
        nInit: opts.nInit,
        initParams: opts.initParams,
        seed,
      });
      let row: GmmSelectionRow;
      try {
        gm.fit(m);
        const ll = gm.score(m);
        row = {
          k,
          covarianceType,
          bic: -2 * ll * n + p * Math.log(n),
          aic: -2 * ll * n + 2 * p,
          logLikelihood: ll,
          nParameters: p,
          converged: gm.converged,
        };
      } catch (e) {
        if (!(e instanceof NumericalError)) throw e;
        row = {
          k,
          covarianceType,
          bic: Number.NaN,
          aic: Number.NaN,
          logLikelihood: Number.NaN,
          nParameters: p,
          converged: false,
          error: e.message,
        };
      }
      table.push(row);
      if (Number.isFinite(row[criterion]) && (best === null || row[criterion] < best[criterion])) {
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
  return { table, best, model: bestModel, criterion, seed };
}
