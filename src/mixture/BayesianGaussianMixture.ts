/**
 * The BayesianGaussianMixture estimator (scikit-learn's `BayesianGaussianMixture` in TypeScript): a Gaussian
 * mixture fitted by variational inference, whose weight prior switches off the components the data do not need.
 * @module
 */

import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../core/distance.js';
import { type ModelWarning, NumericalError, ValidationError } from '../core/errors.js';
import { SeededEstimator, type SeededState } from '../core/estimator.js';
import { cholesky } from '../core/linalg.js';
import { type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { iterationProgress, type ProgressCallback } from '../core/progress.js';
import { createRng, resolveSeed } from '../core/random.js';
import { columnMeans } from '../core/stats.js';
import { checkInt, checkNumber, checkOneOf, checkSeed } from '../core/validate.js';
import {
  COVARIANCE_TYPES,
  type CovarianceType,
  componentCovarianceMatrix,
  covarianceShape,
  covarianceSize,
  estimateGaussianParameters,
  precisionCholesky,
  precisionsFromCholesky,
} from './covariance.js';
import { argmaxRows, logSumExpRows, weightedLogProb } from './estep.js';
import { GMM_INIT_PARAMS, type GmmInitParams } from './GaussianMixture.js';
import { initialResponsibilities } from './initResp.js';
import {
  expectedLogWeights,
  type VariationalParams,
  type VariationalPriors,
  variationalLogOffsets,
  variationalLowerBound,
  variationalMStep,
  variationalResponsibilities,
  variationalWeights,
  WEIGHT_CONCENTRATION_PRIOR_TYPES,
  type WeightConcentrationPriorType,
} from './variational.js';

/** Options of {@link BayesianGaussianMixture}. */
export interface BayesianGaussianMixtureOptions {
  /** Upper bound on the number of components k (the prior may leave some with weight ≈ 0). @defaultValue 1 */
  nComponents?: number;
  /** Covariance structure. @defaultValue 'full' */
  covarianceType?: CovarianceType;
  /** Variational EM stops when the lower bound changes by less than tol between iterations. @defaultValue 1e-3 */
  tol?: number;
  /** Non-negative value added to the diagonal of each component's scatter. @defaultValue 1e-6 */
  regCovar?: number;
  /** Iterations per initialisation (0: keep the initial parameters). @defaultValue 100 */
  maxIter?: number;
  /** Number of initialisations; the one with the largest lower bound is kept. @defaultValue 1 */
  nInit?: number;
  /** How the initial responsibilities are drawn (ignored with `respInit`). @defaultValue 'kmeans' */
  initParams?: GmmInitParams;
  /** Weight prior: stick-breaking Dirichlet process or a finite Dirichlet. @defaultValue 'dirichlet_process' */
  weightConcentrationPriorType?: WeightConcentrationPriorType;
  /** γ₀ > 0: small values favour few active components. `null`/omitted: 1/nComponents. */
  weightConcentrationPrior?: number | null;
  /** β₀ > 0, the precision of the prior on the means. `null`/omitted: 1. */
  meanPrecisionPrior?: number | null;
  /** m₀, the prior mean (length d). `null`/omitted: the column means of X. */
  meanPrior?: ArrayLike<number> | null;
  /** ν₀ > d − 1, the Wishart degrees of freedom. `null`/omitted: d. */
  degreesOfFreedomPrior?: number | null;
  /**
   * W₀⁻¹, the prior on the covariance: full/tied a d×d symmetric positive-definite matrix, diag d positive
   * values, spherical one positive number. `null`/omitted: the sample covariance of X (ddof 1; diag its diagonal,
   * spherical the mean variance).
   */
  covariancePrior?: number | ArrayLike<number> | MatrixLike | null;
  /**
   * Initial responsibilities (n×k, non-negative): the fit starts with a variational M-step from them (scikit-learn's
   * `_initialize(X, resp)`), with one initialisation. `null`/omitted: drawn by `initParams`.
   */
  respInit?: MatrixLike | null;
  /** Seed of the PRNG (initialisation); drawn (and recorded as `seed`) when omitted. */
  seed?: number;
}

/** Resolved options (`null`: the data-dependent default, resolved at fit and exposed by the fitted getters). */
export interface ResolvedBayesianGaussianMixtureOptions {
  nComponents: number;
  covarianceType: CovarianceType;
  tol: number;
  regCovar: number;
  maxIter: number;
  nInit: number;
  initParams: GmmInitParams;
  weightConcentrationPriorType: WeightConcentrationPriorType;
  weightConcentrationPrior: number | null;
  meanPrecisionPrior: number | null;
  meanPrior: Float64Array | null;
  degreesOfFreedomPrior: number | null;
  /** Flat: full/tied d×d, diag d, spherical 1. */
  covariancePrior: Float64Array | null;
  respInit: Matrix | null;
  seed: number | undefined;
}

interface BgmmState extends SeededState {
  priors: VariationalPriors;
  params: VariationalParams;
  weights: Float64Array;
  precisionsCholesky: Float64Array;
  precisions: Float64Array;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  labels: Int32Array;
}

function optionError(param: string, message: string): ValidationError {
  return new ValidationError(message, { param }, 'INVALID_OPTION');
}

function optionalPositive(v: number | null | undefined, name: string): number | null {
  return v === undefined || v === null ? null : checkNumber(v, name, 0, { minExclusive: true });
}

/** The covariance prior as flat finite numbers (its shape is checked at fit, when d is known). */
function readCovariancePrior(v: BayesianGaussianMixtureOptions['covariancePrior']): Float64Array | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Float64Array.of(checkNumber(v, 'covariancePrior', 0, { minExclusive: true }));
  const first = (v as ArrayLike<unknown>)[0];
  const flat =
    typeof first === 'object' && first !== null
      ? toMatrix(v as MatrixLike, 'covariancePrior').data
      : Float64Array.from(v as ArrayLike<number>);
  for (let t = 0; t < flat.length; t++) {
    if (!Number.isFinite(flat[t])) {
      throw optionError('covariancePrior', `covariancePrior value ${t} is ${flat[t]}; it must be finite.`);
    }
  }
  return flat;
}

function newParams(type: CovarianceType, k: number, d: number): VariationalParams {
  return {
    concentrationA: new Float64Array(k),
    concentrationB: new Float64Array(k),
    meanPrecision: new Float64Array(k),
    means: new Float64Array(k * d),
    degreesOfFreedom: new Float64Array(k),
    cov: new Float64Array(covarianceSize(type, k, d)),
  };
}

function copyParams(p: VariationalParams): VariationalParams {
  return {
    concentrationA: p.concentrationA.slice(),
    concentrationB: p.concentrationB.slice(),
    meanPrecision: p.meanPrecision.slice(),
    means: p.means.slice(),
    degreesOfFreedom: p.degreesOfFreedom.slice(),
    cov: p.cov.slice(),
  };
}

/** Buffers of one fit: x n×d, resp / log probabilities n×k, the M-step statistics and scratch. */
interface VbContext {
  x: Float64Array;
  n: number;
  d: number;
  k: number;
  resp: Float64Array;
  nk: Float64Array;
  xk: Float64Array;
  sk: Float64Array;
  precChol: Float64Array;
  logW: Float64Array;
  offsets: Float64Array;
  scratch: Float64Array;
}

/**
 * Variational Bayesian Gaussian mixture: a Gaussian mixture with priors on the weights (Dirichlet process or
 * Dirichlet distribution), means (Gaussian) and precisions (Wishart), fitted by mean-field variational inference.
 *
 * @remarks
 * The posterior is approximated by q(π)·Πc q(μc, Λc) with Gaussian–Wishart factors (Bishop 2006, §10.2; Blei &
 * Jordan 2006 for the truncated stick-breaking process). Each iteration: E-step — log ρᵢc = E[log πc] +
 * E[log 𝒩(xᵢ | μc, Λc⁻¹)] with E[log πc] from digammas of the concentrations and E[log 𝒩] = log 𝒩(xᵢ | mc, Σc) −
 * (d/2)log νc + ½[d log 2 + Σⱼ ψ((νc − j)/2) − d/βc] (Σc the normalised covariance), γᵢc = ρᵢc/Σₗρᵢₗ; M-step —
 * Nc = Σᵢγᵢc, αc (or the Beta pair), βc = β₀ + Nc, mc, νc = ν₀ + Nc, Σc (see `variationalMStep`). The lower bound
 * is scikit-learn's (constants dropped, not divided by n), computed after each M-step; iterations stop when it
 * changes by less than `tol`. The best of `nInit` initialisations (largest lower bound) is kept and a final
 * E-step gives `labels`. `weights` are E[πc]; components the data do not support keep weight ≈ γ₀-sized, see
 * {@link BayesianGaussianMixture.nEffectiveComponents}. Cost per iteration O(n·k·d²) (full/tied) or O(n·k·d);
 * memory O(n·k); TypeScript kernels only (no WebAssembly path).
 * Matches `sklearn.mixture.BayesianGaussianMixture` 1.2.1 from the same initial responsibilities (weights, means,
 * covariances, precision factors, concentrations, lower bound, nIter, labels, scores to 1e-6 relative on iris, a
 * wine subset and blobs, every covariance type and both weight priors; test/mixture/bayesian.fixtures.test.ts).
 * `predict`, `predictProba` and `scoreSamples` use the variational expected log densities, as scikit-learn's do.
 * @see Bishop (2006), Pattern Recognition and Machine Learning, §10.2; Blei & Jordan (2006), Variational
 * inference for Dirichlet process mixtures, Bayesian Analysis 1(1)
 * @example
 * const bgm = new BayesianGaussianMixture({ nComponents: 5, seed: 0 }).fit([[0, 0], [0.1, 0.2], [0.2, 0], [5, 5], [5.2, 4.9], [4.9, 5.1]]);
 * bgm.weights; // most of the mass on two components
 */
export class BayesianGaussianMixture extends SeededEstimator<BgmmState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedBayesianGaussianMixtureOptions>;

  /**
   * @throws {@link ValidationError} on an invalid option: a value out of range, an unknown covariance or prior type,
   * non-finite prior values, a `respInit` with a column count other than nComponents or negative entries
   */
  constructor(options: BayesianGaussianMixtureOptions = {}) {
    super('BayesianGaussianMixture');
    const k = checkInt(options.nComponents ?? 1, 'nComponents', 1);
    let meanPrior: Float64Array | null = null;
    if (options.meanPrior !== undefined && options.meanPrior !== null) {
      meanPrior = Float64Array.from(options.meanPrior);
      for (let j = 0; j < meanPrior.length; j++) {
        if (!Number.isFinite(meanPrior[j])) {
          throw optionError('meanPrior', `meanPrior[${j}] is ${meanPrior[j]}; it must be finite.`);
        }
      }
    }
    let respInit: Matrix | null = null;
    if (options.respInit !== undefined && options.respInit !== null) {
      respInit = toMatrix(options.respInit, 'respInit', { copy: true });
      if (respInit.cols !== k) {
        throw optionError(
          'respInit',
          `respInit has ${respInit.cols} columns but nComponents=${k}; pass one responsibility per component.`,
        );
      }
      for (let t = 0; t < respInit.data.length; t++) {
        if (respInit.data[t] < 0) {
          throw optionError(
            'respInit',
            `respInit row ${Math.floor(t / k)} has a negative entry (${respInit.data[t]}); responsibilities are ≥ 0.`,
          );
        }
      }
    }
    this.options = Object.freeze({
      nComponents: k,
      covarianceType: checkOneOf(options.covarianceType ?? 'full', COVARIANCE_TYPES, 'covarianceType'),
      tol: checkNumber(options.tol ?? 1e-3, 'tol', 0),
      regCovar: checkNumber(options.regCovar ?? 1e-6, 'regCovar', 0),
      maxIter: checkInt(options.maxIter ?? 100, 'maxIter', 0),
      nInit: checkInt(options.nInit ?? 1, 'nInit', 1),
      initParams: checkOneOf(options.initParams ?? 'kmeans', GMM_INIT_PARAMS, 'initParams'),
      weightConcentrationPriorType: checkOneOf(
        options.weightConcentrationPriorType ?? 'dirichlet_process',
        WEIGHT_CONCENTRATION_PRIOR_TYPES,
        'weightConcentrationPriorType',
      ),
      weightConcentrationPrior: optionalPositive(options.weightConcentrationPrior, 'weightConcentrationPrior'),
      meanPrecisionPrior: optionalPositive(options.meanPrecisionPrior, 'meanPrecisionPrior'),
      meanPrior,
      degreesOfFreedomPrior: optionalPositive(options.degreesOfFreedomPrior, 'degreesOfFreedomPrior'),
      covariancePrior: readCovariancePrior(options.covariancePrior),
      respInit,
      seed: checkSeed(options.seed),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the variational posterior (`nInit` initialisations, the best lower bound kept).
   * @param X - n×d data, n ≥ max(2, nComponents)
   * @throws {@link ValidationError} on bad data (NaN, ragged, empty), nComponents > n, priors that do not fit d
   * (meanPrior length, covariancePrior shape, not positive definite, degreesOfFreedomPrior ≤ d − 1), or a
   * `respInit` without n rows
   * @param opts.onProgress - called after every iteration with the iterations done and the budget of all
   * initialisations, nInit·maxIter (a run that converges early counts as its maxIter; {@link ProgressCallback}:
   * monotone, last call done = total, the result unchanged)
   * @throws {@link NumericalError} when a covariance is not positive definite or the lower bound is not finite
   * @throws {@link CapacityError} when the n×k responsibilities would exceed the memory budget (2 GiB)
   */
  fit(X: MatrixLike, opts: { onProgress?: ProgressCallback } = {}): this {
    const m = toMatrix(X, 'X');
    const o = this.options;
    const k = o.nComponents;
    const { rows: n, cols: d } = m;
    this.#checkFitData(n, d);
    const priors = this.#resolvePriors(m);
    const seed = resolveSeed(o.seed);
    const rng = createRng(seed);
    const cs = covarianceSize(o.covarianceType, k, d);
    const ctx: VbContext = {
      x: m.data,
      n,
      d,
      k,
      resp: new Float64Array(n * k),
      nk: new Float64Array(k),
      xk: new Float64Array(k * d),
      sk: new Float64Array(cs),
      precChol: new Float64Array(cs),
      logW: new Float64Array(k),
      offsets: new Float64Array(k),
      scratch: new Float64Array(2 * d * d + d),
    };
    let best: { params: VariationalParams; precChol: Float64Array; lowerBound: number; nIter: number } | null = null;
    let converged = false;
    const nInit = o.respInit === null ? o.nInit : 1;
    const report = iterationProgress(opts.onProgress, nInit, o.maxIter);
    for (let init = 0; init < nInit; init++) {
      if (o.respInit !== null) ctx.resp.set(o.respInit.data);
      else initialResponsibilities(m, k, o.initParams, rng, ctx.resp);
      const p = newParams(o.covarianceType, k, d);
      this.#mStep(ctx, priors, p);
      let lowerBound = Number.NEGATIVE_INFINITY;
      let nIter = 0;
      for (let it = 1; it <= o.maxIter; it++) {
        nIter = it;
        const prev = lowerBound;
        const negEntropy = this.#eStep(ctx, priors, p).negEntropy;
        this.#mStep(ctx, priors, p);
        lowerBound = variationalLowerBound(negEntropy, p, ctx.precChol, o.covarianceType, priors.type, k, d);
        if (!Number.isFinite(lowerBound)) {
          throw new NumericalError(
            `The variational lower bound became ${lowerBound} at iteration ${it}; scale the data (e.g. standardise the columns) or raise regCovar (now ${o.regCovar}).`,
          );
        }
        report(init, it);
        if (Math.abs(lowerBound - prev) < o.tol) {
          converged = true;
          break;
        }
      }
      report(init, o.maxIter);
      if (best === null || lowerBound > best.lowerBound || best.lowerBound === Number.NEGATIVE_INFINITY) {
        best = { params: copyParams(p), precChol: ctx.precChol.slice(), lowerBound, nIter };
      }
    }
    const b = best as NonNullable<typeof best>;
    ctx.precChol.set(b.precChol);
    this.#eStep(ctx, priors, b.params);
    const labels = new Int32Array(n);
    argmaxRows(ctx.resp, n, k, labels);
    const warnings: ModelWarning[] = [];
    if (!converged && o.maxIter > 0) {
      warnings.push({
        code: 'CONVERGENCE',
        message: `Variational inference did not converge in maxIter=${o.maxIter} iterations (tol=${o.tol}); raise maxIter or tol, or try other initialisations (nInit, initParams).`,
      });
    }
    const weights = new Float64Array(k);
    variationalWeights(b.params, priors.type, k, weights);
    const precisions = new Float64Array(cs);
    precisionsFromCholesky(b.precChol, o.covarianceType, k, d, precisions);
    this.setState({
      priors,
      params: b.params,
      weights,
      precisionsCholesky: b.precChol,
      precisions,
      converged,
      nIter: b.nIter,
      lowerBound: b.lowerBound,
      labels,
      nFeaturesIn: d,
      seed,
      warnings,
    });
    return this;
  }

  /** Fits and returns the labels of the training rows. */
  fitPredict(X: MatrixLike): Int32Array {
    return this.fit(X).labels;
  }

  /** n ≥ max(2, k), respInit with n rows, the memory budget. */
  #checkFitData(n: number, d: number): void {
    const o = this.options;
    const k = o.nComponents;
    if (n < 2) {
      throw new ValidationError(`X has ${n} row; a Bayesian Gaussian mixture needs at least 2 samples.`, {
        param: 'X',
      });
    }
    if (n < k) {
      throw new ValidationError(
        `Expected n_samples >= nComponents but got nComponents=${k}, n_samples=${n}; lower nComponents or pass more rows.`,
        { param: 'nComponents' },
      );
    }
    if (o.respInit !== null && o.respInit.rows !== n) {
      throw new ValidationError(
        `respInit has ${o.respInit.rows} rows but X has ${n}; give one row of responsibilities per sample.`,
        { param: 'respInit' },
      );
    }
    checkBudget(
      8 * (2 * n * k + n * d),
      DEFAULT_MEMORY_BUDGET,
      `variational inference on n=${n}, d=${d} with k=${k} components (responsibilities n×k)`,
      'fit on a sample of the rows, or use fewer components.',
    );
    if (d < 1) throw new ValidationError('X has no columns; pass at least one feature.', { param: 'X' });
  }

  /** scikit-learn's `_check_parameters`: the priors resolved against X (defaults from the data). */
  #resolvePriors(m: Matrix): VariationalPriors {
    const o = this.options;
    const { rows: n, cols: d } = m;
    const type = o.covarianceType;
    const mu = columnMeans(m.data, n, d);
    if (o.meanPrior !== null && o.meanPrior.length !== d) {
      throw new ValidationError(
        `meanPrior has ${o.meanPrior.length} values but X has ${d} columns; give one prior mean per feature.`,
        { param: 'meanPrior' },
      );
    }
    const nu = o.degreesOfFreedomPrior ?? d;
    if (!(nu > d - 1)) {
      throw new ValidationError(
        `degreesOfFreedomPrior must be greater than ${d - 1} (the number of features minus one), but got ${nu}; raise it or omit it (default ${d}).`,
        { param: 'degreesOfFreedomPrior' },
      );
    }
    return {
      type: o.weightConcentrationPriorType,
      weightConcentration: o.weightConcentrationPrior ?? 1 / o.nComponents,
      meanPrecision: o.meanPrecisionPrior ?? 1,
      mean: o.meanPrior ?? mu,
      degreesOfFreedom: nu,
      covariance:
        o.covariancePrior === null
          ? sampleCovariancePrior(m, mu, type)
          : checkCovariancePrior(o.covariancePrior, type, d),
    };
  }

  /** E-step on `p`: responsibilities into ctx.resp; returns the mean log normaliser and Σγ log γ. */
  #eStep(ctx: VbContext, priors: VariationalPriors, p: VariationalParams) {
    const { x, n, d, k } = ctx;
    expectedLogWeights(p, priors.type, k, ctx.logW);
    variationalLogOffsets(p, ctx.logW, k, d, ctx.offsets);
    weightedLogProb(x, n, d, p.means, k, ctx.precChol, this.options.covarianceType, ctx.offsets, ctx.resp, ctx.scratch);
    return variationalResponsibilities(ctx.resp, n, k);
  }

  /** M-step from ctx.resp: the statistics, the variational parameters, then the precision factors. */
  #mStep(ctx: VbContext, priors: VariationalPriors, p: VariationalParams): void {
    const o = this.options;
    const { x, n, d, k } = ctx;
    estimateGaussianParameters(x, n, d, ctx.resp, k, o.regCovar, o.covarianceType, ctx.nk, ctx.xk, ctx.sk, ctx.scratch);
    variationalMStep(ctx.nk, ctx.xk, ctx.sk, priors, o.covarianceType, k, d, p);
    const bad = precisionCholesky(p.cov, o.covarianceType, k, d, ctx.precChol, ctx.scratch);
    if (bad >= 0) {
      const which = o.covarianceType === 'tied' ? 'the shared covariance' : `the covariance of component ${bad}`;
      throw new NumericalError(
        `Fitting the Bayesian Gaussian mixture failed: ${which} is not positive definite; raise regCovar (now ${o.regCovar}) or covariancePrior, or scale the data (standardise the columns).`,
      );
    }
  }

  /** E[πc], the expected mixing weights (length k, summing to 1). Read-only. */
  get weights(): Float64Array {
    return this.state('weights').weights;
  }
  /** Posterior means mc of the component means (k×d). Read-only. */
  get means(): Matrix {
    const s = this.state('means');
    return { rows: this.options.nComponents, cols: s.nFeaturesIn, data: s.params.means };
  }
  /**
   * Covariances (the Wishart scale normalised by νc, scikit-learn's `covariances_`), flat in the layout of
   * `covarianceShape`: full k×d×d, tied d×d, diag k×d, spherical k. Read-only.
   */
  get covariances(): Float64Array {
    return this.state('covariances').params.cov;
  }
  /** Shape of `covariances`, `precisions` and `precisionsCholesky`: [k, d, d], [d, d], [k, d] or [k]. */
  get covarianceShape(): number[] {
    const s = this.state('covarianceShape');
    return covarianceShape(this.options.covarianceType, this.options.nComponents, s.nFeaturesIn);
  }
  /** Precisions Σc⁻¹ (same layout as `covariances`). Read-only. */
  get precisions(): Float64Array {
    return this.state('precisions').precisions;
  }
  /** Cholesky factors Tc of the precisions (Σc⁻¹ = Tc·Tcᵀ; upper triangular for full/tied), same layout. */
  get precisionsCholesky(): Float64Array {
    return this.state('precisionsCholesky').precisionsCholesky;
  }
  /**
   * The posterior weight concentrations (scikit-learn's `weight_concentration_`): dirichlet_distribution
   * `[α]` (one array of k), dirichlet_process `[a, b]` (the k Beta parameter pairs of the sticks). Read-only.
   */
  get weightConcentration(): Float64Array[] {
    const s = this.state('weightConcentration');
    return s.priors.type === 'dirichlet_process'
      ? [s.params.concentrationA, s.params.concentrationB]
      : [s.params.concentrationA];
  }
  /** βc = β₀ + Nc, the posterior precisions of the means (length k). Read-only. */
  get meanPrecision(): Float64Array {
    return this.state('meanPrecision').params.meanPrecision;
  }
  /** νc = ν₀ + Nc, the posterior Wishart degrees of freedom (length k; tied: the shared value repeated). */
  get degreesOfFreedom(): Float64Array {
    return this.state('degreesOfFreedom').params.degreesOfFreedom;
  }
  /** The resolved weight concentration prior γ₀ (scikit-learn's `weight_concentration_prior_`). */
  get weightConcentrationPrior(): number {
    return this.state('weightConcentrationPrior').priors.weightConcentration;
  }
  /** The resolved β₀. */
  get meanPrecisionPrior(): number {
    return this.state('meanPrecisionPrior').priors.meanPrecision;
  }
  /** The resolved m₀ (length d). Read-only. */
  get meanPrior(): Float64Array {
    return this.state('meanPrior').priors.mean;
  }
  /** The resolved ν₀. */
  get degreesOfFreedomPrior(): number {
    return this.state('degreesOfFreedomPrior').priors.degreesOfFreedom;
  }
  /** The resolved covariance prior, flat: full/tied d×d, diag d, spherical 1. Read-only. */
  get covariancePrior(): Float64Array {
    return this.state('covariancePrior').priors.covariance;
  }
  /** Whether an initialisation met the tolerance before maxIter. */
  get converged(): boolean {
    return this.state('converged').converged;
  }
  /** Iterations of the kept run (scikit-learn's `n_iter_`). */
  get nIter(): number {
    return this.state('nIter').nIter;
  }
  /** The kept run's variational lower bound (scikit-learn's `lower_bound_`; −Infinity when maxIter is 0). */
  get lowerBound(): number {
    return this.state('lowerBound').lowerBound;
  }
  /** Most probable component of each training row (equals `predict(X)`). Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /**
   * The effective number of components: how many have weight ≥ 0.01 (the prior empties the others;
   * {@link BayesianGaussianMixture.effectiveComponents} takes another threshold).
   */
  get nEffectiveComponents(): number {
    this.state('nEffectiveComponents');
    return this.effectiveComponents().length;
  }

  /**
   * Indices of the components with weight ≥ `minWeight`, in component order.
   * @throws {@link ValidationError} when minWeight is not in [0, 1]
   */
  effectiveComponents(minWeight = 0.01): Int32Array {
    const w = this.state('effectiveComponents').weights;
    checkNumber(minWeight, 'minWeight', 0, { max: 1 });
    const out: number[] = [];
    for (let c = 0; c < w.length; c++) if (w[c] >= minWeight) out.push(c);
    return Int32Array.from(out);
  }

  /** The full d×d covariance of component `c` (for any covariance type). */
  componentCovariance(c: number): Matrix {
    const s = this.state('componentCovariance');
    checkInt(c, 'component', 0, this.options.nComponents - 1);
    const d = s.nFeaturesIn;
    return componentCovarianceMatrix(s.params.cov, this.options.covarianceType, c, d);
  }

  /** Variational weighted log probabilities (scikit-learn's `_estimate_weighted_log_prob`), n×k. */
  #weightedLogProb(X: MatrixLike, member: string): { a: Float64Array; n: number } {
    const s = this.state(member);
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const k = this.options.nComponents;
    const d = m.cols;
    const logW = new Float64Array(k);
    const offsets = new Float64Array(k);
    expectedLogWeights(s.params, s.priors.type, k, logW);
    variationalLogOffsets(s.params, logW, k, d, offsets);
    const a = new Float64Array(m.rows * k);
    const scratch = new Float64Array(d * d + d);
    weightedLogProb(
      m.data,
      m.rows,
      d,
      s.params.means,
      k,
      s.precisionsCholesky,
      this.options.covarianceType,
      offsets,
      a,
      scratch,
    );
    return { a, n: m.rows };
  }

  /** Most probable component of each row of X. */
  predict(X: MatrixLike): Int32Array {
    const { a, n } = this.#weightedLogProb(X, 'predict');
    const labels = new Int32Array(n);
    argmaxRows(a, n, this.options.nComponents, labels);
    return labels;
  }

  /** Posterior responsibilities of each component for each row of X, n×k; each row sums to 1. */
  predictProba(X: MatrixLike): Matrix {
    const { a, n } = this.#weightedLogProb(X, 'predictProba');
    const k = this.options.nComponents;
    variationalResponsibilities(a, n, k);
    return { rows: n, cols: k, data: a };
  }

  /** log Σc exp(E[log πc] + E[log 𝒩(xᵢ | μc, Λc⁻¹)]) for each row (scikit-learn's `score_samples`). */
  scoreSamples(X: MatrixLike): Float64Array {
    const { a, n } = this.#weightedLogProb(X, 'scoreSamples');
    const out = new Float64Array(n);
    logSumExpRows(a, n, this.options.nComponents, out);
    return out;
  }

  /** The mean of `scoreSamples(X)` (scikit-learn's `score`). */
  score(X: MatrixLike): number {
    const s = this.scoreSamples(X);
    let t = 0;
    for (let i = 0; i < s.length; i++) t += s[i];
    return t / s.length;
  }

  /** The options as saved: typed arrays as plain arrays, an omitted seed as null. */
  protected override saveOptions(): object {
    const o = this.options;
    return {
      ...o,
      meanPrior: o.meanPrior === null ? null : Array.from(o.meanPrior),
      covariancePrior: o.covariancePrior === null ? null : Array.from(o.covariancePrior),
      respInit: o.respInit === null ? null : toArrays(o.respInit),
      seed: o.seed ?? null,
    };
  }

  /** The saved state: the resolved priors, the variational parameters, convergence, labels, seed. */
  protected saveState(s: BgmmState): object {
    const p = s.params;
    return {
      priors: {
        weightConcentration: s.priors.weightConcentration,
        meanPrecision: s.priors.meanPrecision,
        mean: Array.from(s.priors.mean),
        degreesOfFreedom: s.priors.degreesOfFreedom,
        covariance: Array.from(s.priors.covariance),
      },
      weights: Array.from(s.weights),
      means: toArrays(this.means),
      covarianceShape: this.covarianceShape,
      covariances: Array.from(p.cov),
      precisionsCholesky: Array.from(s.precisionsCholesky),
      weightConcentration: this.weightConcentration.map((a) => Array.from(a)),
      meanPrecision: Array.from(p.meanPrecision),
      degreesOfFreedom: Array.from(p.degreesOfFreedom),
      converged: s.converged,
      nIter: s.nIter,
      lowerBound: Number.isFinite(s.lowerBound) ? s.lowerBound : null,
      labels: Array.from(s.labels),
      nFeaturesIn: s.nFeaturesIn,
      seed: s.seed,
      warnings: s.warnings,
    };
  }

  /**
   * Restores a model saved with {@link BayesianGaussianMixture.toJSON}.
   * @throws {@link ValidationError} when `json` is not a saved BayesianGaussianMixture or its arrays have the
   * wrong sizes
   */
  static fromJSON(json: unknown): BayesianGaussianMixture {
    type Opts = Omit<ResolvedBayesianGaussianMixtureOptions, 'meanPrior' | 'covariancePrior' | 'respInit' | 'seed'> & {
      meanPrior: number[] | null;
      covariancePrior: number[] | null;
      respInit: number[][] | null;
      seed: number | null;
    };
    type State = {
      priors: {
        weightConcentration: number;
        meanPrecision: number;
        mean: number[];
        degreesOfFreedom: number;
        covariance: number[];
      };
      weights: number[];
      means: number[][];
      covariances: number[];
      precisionsCholesky: number[];
      weightConcentration: number[][];
      meanPrecision: number[];
      degreesOfFreedom: number[];
      converged: boolean;
      nIter: number;
      lowerBound: number | null;
      labels: number[];
      nFeaturesIn: number;
      seed: number;
      warnings: ModelWarning[];
    };
    const j = checkModelJSON<Opts, State>(json, 'BayesianGaussianMixture');
    const o = j.options;
    const model = new BayesianGaussianMixture({ ...o, seed: o.seed ?? undefined });
    const st = j.state;
    const k = o.nComponents;
    const means = toMatrix(st.means, 'means');
    const d = means.cols;
    const cs = covarianceSize(o.covarianceType, k, d);
    const dp = o.weightConcentrationPriorType === 'dirichlet_process';
    if (
      means.rows !== k ||
      st.weights.length !== k ||
      st.covariances.length !== cs ||
      st.precisionsCholesky.length !== cs ||
      st.weightConcentration.length !== (dp ? 2 : 1) ||
      st.meanPrecision.length !== k ||
      st.degreesOfFreedom.length !== k
    ) {
      throw new ValidationError('Saved BayesianGaussianMixture has arrays of inconsistent sizes; re-save the model.', {
        param: 'model',
      });
    }
    const precChol = Float64Array.from(st.precisionsCholesky);
    const precisions = new Float64Array(cs);
    precisionsFromCholesky(precChol, o.covarianceType, k, d, precisions);
    return BayesianGaussianMixture.restore(model, {
      priors: {
        type: o.weightConcentrationPriorType,
        weightConcentration: st.priors.weightConcentration,
        meanPrecision: st.priors.meanPrecision,
        mean: Float64Array.from(st.priors.mean),
        degreesOfFreedom: st.priors.degreesOfFreedom,
        covariance: Float64Array.from(st.priors.covariance),
      },
      params: {
        concentrationA: Float64Array.from(st.weightConcentration[0]),
        concentrationB: dp ? Float64Array.from(st.weightConcentration[1]) : new Float64Array(k),
        meanPrecision: Float64Array.from(st.meanPrecision),
        means: means.data,
        degreesOfFreedom: Float64Array.from(st.degreesOfFreedom),
        cov: Float64Array.from(st.covariances),
      },
      weights: Float64Array.from(st.weights),
      precisionsCholesky: precChol,
      precisions,
      converged: st.converged,
      nIter: st.nIter,
      lowerBound: st.lowerBound ?? Number.NEGATIVE_INFINITY,
      labels: Int32Array.from(st.labels),
      nFeaturesIn: d,
      seed: st.seed,
      warnings: st.warnings,
    });
  }
}

/** The default covariance prior: the sample covariance (ddof 1) — full/tied d×d, diag its diagonal, spherical the mean. */
function sampleCovariancePrior(m: Matrix, mu: Float64Array, type: CovarianceType): Float64Array {
  const { rows: n, cols: d, data } = m;
  const full = type === 'full' || type === 'tied';
  const out = new Float64Array(full ? d * d : d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) {
      const da = data[o + a] - mu[a];
      if (full) for (let b = a; b < d; b++) out[a * d + b] += da * (data[o + b] - mu[b]);
      else out[a] += da * da;
    }
  }
  if (full) {
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const v = out[a * d + b] / (n - 1);
        out[a * d + b] = v;
        out[b * d + a] = v;
      }
    }
    return out;
  }
  for (let j = 0; j < d; j++) out[j] /= n - 1;
  if (type === 'diag') return out;
  let s = 0;
  for (let j = 0; j < d; j++) s += out[j];
  return Float64Array.of(s / d);
}

/** A user covariance prior checked against d: shape, symmetry and positive definiteness (full/tied), positivity. */
function checkCovariancePrior(v: Float64Array, type: CovarianceType, d: number): Float64Array {
  const want = type === 'full' || type === 'tied' ? d * d : type === 'diag' ? d : 1;
  if (v.length !== want) {
    const shape = type === 'full' || type === 'tied' ? `${d}×${d}` : type === 'diag' ? `${d}` : 'one number';
    throw new ValidationError(
      `covariancePrior has ${v.length} values but covarianceType '${type}' with ${d} features needs ${shape}.`,
      { param: 'covariancePrior' },
    );
  }
  if (want === d * d && type !== 'diag') {
    for (let a = 0; a < d; a++) {
      for (let b = a + 1; b < d; b++) {
        if (Math.abs(v[a * d + b] - v[b * d + a]) > 1e-8 + 1e-5 * Math.abs(v[b * d + a])) {
          throw new ValidationError(`covariancePrior is not symmetric at [${a}][${b}]; give a symmetric matrix.`, {
            param: 'covariancePrior',
          });
        }
      }
    }
    if (!cholesky(v, d, new Float64Array(d * d))) {
      throw new ValidationError('covariancePrior is not positive definite; give a covariance matrix.', {
        param: 'covariancePrior',
      });
    }
    return v;
  }
  for (let t = 0; t < v.length; t++) {
    if (!(v[t] > 0)) {
      throw new ValidationError(`covariancePrior value ${t} is ${v[t]}; '${type}' priors must be positive.`, {
        param: 'covariancePrior',
      });
    }
  }
  return v;
}
