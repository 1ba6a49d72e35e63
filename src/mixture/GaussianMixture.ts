/**
 * The GaussianMixture estimator (scikit-learn's `GaussianMixture` in TypeScript): a mixture of k Gaussians fitted
 * by expectation–maximization.
 * @module
 */

import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../core/distance.js';
import { type ModelWarning, NumericalError, ValidationError } from '../core/errors.js';
import { SeededEstimator, type SeededState } from '../core/estimator.js';
import { cholesky } from '../core/linalg.js';
import { type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { iterationProgress, type ProgressCallback } from '../core/progress.js';
import { createRng, type Rng, resolveSeed, sampleWithoutReplacement } from '../core/random.js';
import { columnMeans } from '../core/stats.js';
import { checkInt, checkNumber, checkOneOf, checkSeed, toSampleWeight } from '../core/validate.js';
import { describeBackend } from '../engine/plan.js';
import type { SqlSource } from '../engine/sql/engine.js';
import { assignLabels } from '../kmeans/common.js';
import { kmeansPlusPlus } from '../kmeans/init.js';
import { KMeans } from '../kmeans/KMeans.js';
import { checkMixtureData } from './capacity.js';
import {
  type CovarianceType,
  componentCovarianceMatrix,
  covarianceShape,
  covarianceSize,
  covariancesFromCholesky,
  estimateGaussianParameters,
  type MStepKernels,
  precisionCholesky,
  precisionsFromCholesky,
  upperFactorOfPrecision,
} from './covariance.js';
import { argmaxRows, logSumExpRows, responsibilitiesInPlace, weightedLogProb } from './estep.js';
import { MCLUST_RTEPS, type MstepState, mclustCovariances, mclustSingular, newMstepState } from './models/mstep.js';
import { dataLogHypervolume, noiseResponsibilities } from './models/noise.js';
import {
  type GaussianMixturePriorOptions,
  type MclustPrior,
  priorCovariances,
  type ResolvedPriorOptions,
  readPriorOption,
  resolvePrior,
} from './models/prior.js';
import {
  canonicalModel,
  GAUSSIAN_MIXTURE_MODELS,
  type GaussianMixtureModel,
  isSklearnType,
  kernelLayout,
  mclustName,
  modelParameters,
} from './models/table.js';
import { fitGaussianMixtureOnSource, type SourceEmIteration, writeMixtureLabels } from './sourceGaussianMixture.js';
import { mixtureWorkspace } from './wasm.js';

/**
 * How the responsibilities that seed EM are drawn: `'kmeans'` (labels of one k-means run), `'k-means++'` (one
 * point per component by k-means++ seeding), `'random'` (uniform random responsibilities, rows normalised),
 * `'random_from_data'` (k distinct random points). As in scikit-learn, `'random'` starts every component near the
 * global mean, where the lower bound barely moves: with the default `tol` EM may stop after two iterations, so give
 * it a small `tol` (e.g. 1e-8) or prefer the other methods.
 */
export type GmmInitParams = 'kmeans' | 'k-means++' | 'random' | 'random_from_data';
/** Every initialisation method. */
export const GMM_INIT_PARAMS: readonly GmmInitParams[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];

/** A 1-, 2- or 3-level nested array of numbers (or a flat typed array). */
export type NestedNumbers = ArrayLike<number> | ArrayLike<ArrayLike<number>> | ArrayLike<ArrayLike<ArrayLike<number>>>;

/**
 * mclust's noise component (`initialization = list(noise = …)` with `Vinv`): a uniform density 1/V over the data's
 * hypervolume V beside the Gaussians.
 */
export interface GaussianMixtureNoiseOptions {
  /**
   * The initial noise indicator, one per training row (true or 1: noise), as mclust's `initialization$noise`: those
   * rows start with noise responsibility 1, the others start from `respInit` or `initParams` (run on them only;
   * 'k-means++' and 'random_from_data' then give each row to its nearest seed, so no component starts as a single
   * point that would lose every row to the noise).
   * {@link nearestNeighborNoise} gives one by Byers & Raftery's nearest-neighbour rule.
   */
  init: ArrayLike<boolean | number>;
  /**
   * The volume V of the region the noise is uniform over (the noise density is 1/V, mclust's `Vinv`).
   * @defaultValue mclust's `hypvol(X)` of the training data ({@link dataHypervolume})
   */
  hypervolume?: number | null;
}

/** Resolved noise option: the 0/1 indicator and the hypervolume (null: mclust's hypvol of the data at fit). */
export interface ResolvedNoiseOptions {
  init: Uint8Array;
  hypervolume: number | null;
}

/** Options of {@link GaussianMixture}. */
export interface GaussianMixtureOptions {
  /** Number of mixture components k. @defaultValue 1 */
  nComponents?: number;
  /**
   * Covariance model: scikit-learn's `'full'`, `'tied'`, `'diag'`, `'spherical'` or one of mclust's 14 names
   * (`'EII'` … `'VVV'`; VII, VVI, EEE and VVV are fitted as spherical, diag, tied and full, bit for bit).
   * @defaultValue 'full'
   */
  covarianceType?: GaussianMixtureModel;
  /** EM stops when the lower bound (mean log-likelihood) changes by less than tol between iterations. @defaultValue 1e-3 */
  tol?: number;
  /** Non-negative value added to the diagonal of every covariance, which keeps them positive definite. @defaultValue 1e-6 */
  regCovar?: number;
  /** EM iterations per initialisation (0: keep the initial parameters). @defaultValue 100 */
  maxIter?: number;
  /** Number of initialisations; the one with the largest lower bound is kept. @defaultValue 1 */
  nInit?: number;
  /** How the initial responsibilities are drawn. @defaultValue 'kmeans' */
  initParams?: GmmInitParams;
  /**
   * Initial weights (length k, each in [0, 1], summing to 1); overrides `initParams` for the weights. `null` or
   * omitted: drawn by `initParams` (so a model's resolved `options` can be passed back to the constructor).
   */
  weightsInit?: ArrayLike<number> | null;
  /** Initial means (k×d); overrides `initParams` for the means. */
  meansInit?: MatrixLike | null;
  /**
   * Initial precisions (inverse covariances), shaped by `covarianceType`: full k×d×d, tied d×d, diag k×d,
   * spherical k (nested arrays, or the same values flat in row-major order). Must be symmetric positive definite.
   */
  precisionsInit?: NestedNumbers | null;
  /** Continue from the previous fit on the next `fit` call (one initialisation, `nInit` ignored). @defaultValue false */
  warmStart?: boolean;
  /**
   * Initial responsibilities (n×k, rows of non-negative numbers, normalised to sum 1): EM starts with an M-step
   * from them, as mclust's `me(modelName, data, z)`; that M-step is initialisation, not counted in `nIter` (mclust's
   * T iterations are `maxIter: T − 1`). Overrides `initParams`; `nInit` is then 1.
   */
  respInit?: MatrixLike | null;
  /**
   * When EM stops: `'sklearn'` — the mean log-likelihood (lower bound) changes by less than `tol`, checked after
   * the M-step (scikit-learn); `'mclust'` — the total log-likelihood ℓ changes by less than `tol`·(1 + |ℓ|), checked
   * right after the E-step, so the kept parameters are those ℓ was computed at (mclust's `emControl(tol)`, whose
   * default is 1e-5). @defaultValue 'sklearn'
   */
  convergence?: 'sklearn' | 'mclust';
  /**
   * mclust's conjugate prior (`priorControl()`): `true` for mclust's `defaultPrior`, or some of its fields
   * `{ shrinkage, mean, dof, scale }` (the rest default). The M-step then gives the posterior modes (Fraley &
   * Raftery 2007), which keeps EM out of degenerate solutions; the log-likelihood, BIC and ICL stay the plain ones,
   * as in mclust. Available for every model but VEE, EVE, VVE, EVV, which mclust has none for; the scikit-learn names take their mclust model's.
   * @defaultValue false
   */
  prior?: boolean | GaussianMixturePriorOptions | null;
  /**
   * A noise component, as mclust's `initialization$noise`: p(x) = Σc πc·𝒩(x|μc,Σc) + π₀/V, the noise proportion π₀
   * estimated by EM (π₀ = Σᵢ zᵢ₀/n, πc = Nc/n, so Σc πc = 1 − π₀); pooled covariances divide by Σc Nc, as mclust.
   * `predict` then labels noise −1 (as DBSCAN), `predictProba` has k + 1 columns (noise last), and BIC counts two
   * more parameters (π₀ and V, mclust's `nMclustParams(…, noise = TRUE)`). With `prior`, mclust's
   * `me(…, prior, Vinv)`: the prior's defaults come from all rows, its M-step uses the Gaussian sums Nc.
   * @defaultValue null (no noise component)
   */
  noise?: GaussianMixtureNoiseOptions | null;
  /** Seed of the PRNG (initialisation and `sample`); drawn (and recorded as `seed`) when omitted. */
  seed?: number;
}

/** Resolved options. The `*Init` arrays are copies, flat in scikit-learn's layout; treat them as read-only. */
export interface ResolvedGaussianMixtureOptions {
  nComponents: number;
  /** The model fitted: mclust's VII, VVI, EEE, VVV resolve to spherical, diag, tied, full. */
  covarianceType: GaussianMixtureModel;
  tol: number;
  regCovar: number;
  maxIter: number;
  nInit: number;
  initParams: GmmInitParams;
  weightsInit: Float64Array | null;
  meansInit: Matrix | null;
  /** Flat precisions in the layout of `covarianceShape`. */
  precisionsInit: Float64Array | null;
  warmStart: boolean;
  /** Normalised initial responsibilities (n×k), or null. */
  respInit: Matrix | null;
  convergence: 'sklearn' | 'mclust';
  /** The conjugate prior's given fields (null ones take mclust's defaults at fit time), or null: no prior. */
  prior: ResolvedPriorOptions | null;
  /** The noise component's initial indicator and hypervolume, or null: none. */
  noise: ResolvedNoiseOptions | null;
  seed: number | undefined;
}

interface GmmState extends SeededState {
  weights: Float64Array;
  means: Matrix;
  covariances: Float64Array;
  precisionsCholesky: Float64Array;
  precisions: Float64Array;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  labels: Int32Array;
  /** The noise proportion π₀ and density 1/V, or null: no noise component. */
  noise: { proportion: number; density: number } | null;
}

/** Parameters of one EM run, on the centred data (noiseWeight: π₀, 0 without a noise component). */
interface Params {
  weights: Float64Array;
  means: Float64Array;
  cov: Float64Array;
  precChol: Float64Array;
  noiseWeight: number;
}

/** Buffers shared by the EM runs of one fit (x centred, n×d; resp n×k; the wasm workspace or null). */
interface EmContext {
  x: Float64Array;
  n: number;
  d: number;
  k: number;
  ws: ReturnType<typeof mixtureWorkspace>;
  resp: Float64Array;
  scratch: Float64Array;
  nk: Float64Array;
  logW: Float64Array;
  /** Sample weights (null: unweighted, the bit-identical scikit-learn path), their sum and ℓᵢ scratch. */
  w: Float64Array | null;
  wsum: number;
  logNorm: Float64Array | null;
  /** State of the iterative mclust M-steps, reset for every EM run. */
  mstate: MstepState;
  /** mclust's conjugate prior for this fit (mean centred), or null. */
  prior: MclustPrior | null;
  /** The noise component: its responsibilities z0 (n), log(1/V) and the initial indicator; null: none. */
  noise: { z0: Float64Array; density: number; logDensity: number; init: Uint8Array } | null;
}

/** The result of one EM run: its parameters, final lower bound, iterations and whether it converged. */
interface EmRun {
  params: Params;
  lowerBound: number;
  nIter: number;
  converged: boolean;
}

/** Adds r to the diagonal of every covariance, flat in `layout`. */
function addToDiagonal(cov: Float64Array, layout: CovarianceType, d: number, r: number): void {
  if (layout === 'diag' || layout === 'spherical') for (let t = 0; t < cov.length; t++) cov[t] += r;
  else for (let c = 0; c < cov.length / (d * d); c++) for (let j = 0; j < d; j++) cov[c * d * d + j * d + j] += r;
}

function copyParams(p: Params): Params {
  return {
    weights: p.weights.slice(),
    means: p.means.slice(),
    cov: p.cov.slice(),
    precChol: p.precChol.slice(),
    noiseWeight: p.noiseWeight,
  };
}

/** A warm start's parameters: the previous fit's, its means centred by the new data's column means. */
function warmParams(s: GmmState, mu: Float64Array): Params {
  const k = s.means.rows;
  const d = s.means.cols;
  const means = s.means.data.slice();
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] -= mu[j];
  return {
    weights: s.weights.slice(),
    means,
    cov: s.covariances.slice(),
    precChol: s.precisionsCholesky.slice(),
    noiseWeight: s.noise?.proportion ?? 0,
  };
}

function optionError(param: string, message: string): ValidationError {
  return new ValidationError(message, { param }, 'INVALID_OPTION');
}

/** Flattens a nested numeric array, checking it is rectangular and finite; returns the shape and the values. */
function flattenNested(value: unknown, name: string): { shape: number[]; data: Float64Array } {
  const shape: number[] = [];
  let probe: unknown = value;
  while (typeof probe === 'object' && probe !== null && typeof (probe as ArrayLike<unknown>).length === 'number') {
    const len = (probe as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    probe = (probe as ArrayLike<unknown>)[0];
    if (shape.length > 3) break;
  }
  if (shape.length === 0 || shape.length > 3 || typeof probe !== 'number') {
    throw optionError(name, `${name} must be an array of numbers (nested up to 3 levels); got ${typeof value}.`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let t = 0;
  const walk = (v: unknown, level: number, path: string): void => {
    const arr = v as ArrayLike<unknown>;
    if (typeof v !== 'object' || v === null || arr.length !== shape[level]) {
      throw optionError(name, `${name}${path} is ragged: expected ${shape[level]} entries; give a rectangular array.`);
    }
    for (let i = 0; i < arr.length; i++) {
      if (level === shape.length - 1) {
        const x = arr[i];
        if (typeof x !== 'number' || !Number.isFinite(x)) {
          throw optionError(name, `${name}${path}[${i}] is ${String(x)}; it must be a finite number.`);
        }
        data[t++] = x;
      } else walk(arr[i], level + 1, `${path}[${i}]`);
    }
  };
  walk(value, 0, '');
  return { shape, data };
}

/**
 * Validates `respInit` (n×k, non-negative, no zero row but on rows marked noise) and returns it with rows normalised
 * to sum 1 (rows marked noise: zeros).
 */
function readRespInit(value: MatrixLike | null | undefined, k: number, noise: Uint8Array | null): Matrix | null {
  if (value === undefined || value === null) return null;
  let m: Matrix;
  try {
    m = toMatrix(value, 'respInit', { copy: true });
  } catch (e) {
    if (e instanceof ValidationError) throw optionError('respInit', e.message);
    throw e;
  }
  if (m.cols !== k) {
    throw optionError(
      'respInit',
      `respInit has ${m.cols} columns but nComponents=${k}; give one column per component.`,
    );
  }
  for (let i = 0; i < m.rows; i++) {
    if (noise !== null && i < noise.length && noise[i] === 1) {
      m.data.fill(0, i * k, i * k + k);
      continue;
    }
    let s = 0;
    for (let c = 0; c < k; c++) {
      const v = m.data[i * k + c];
      if (v < 0) {
        throw optionError('respInit', `respInit[${i}][${c}] is ${v}; responsibilities must be non-negative.`);
      }
      s += v;
    }
    if (!(s > 0)) {
      throw optionError('respInit', `respInit row ${i} sums to 0; give every row a positive responsibility.`);
    }
    for (let c = 0; c < k; c++) m.data[i * k + c] /= s;
  }
  return m;
}

/** Validates the `noise` option: a 0/1 (or boolean) indicator with at least one 0, and a positive hypervolume. */
function readNoiseOption(value: GaussianMixtureNoiseOptions | null | undefined): ResolvedNoiseOptions | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || value.init === undefined || typeof value.init.length !== 'number') {
    throw optionError('noise', 'noise must be { init: one boolean or 0/1 per row, hypervolume? }; give noise.init.');
  }
  const init = new Uint8Array(value.init.length);
  let clean = 0;
  for (let i = 0; i < init.length; i++) {
    const v = value.init[i];
    if (v === true || v === 1) init[i] = 1;
    else if (v === false || v === 0) clean++;
    else throw optionError('noise', `noise.init[${i}] is ${String(v)}; give true/false or 1/0 per row.`);
  }
  if (clean === 0) {
    throw optionError('noise', 'noise.init marks every row as noise; leave at least one row to start the Gaussians.');
  }
  let hypervolume: number | null = null;
  if (value.hypervolume !== undefined && value.hypervolume !== null) {
    hypervolume = checkNumber(value.hypervolume, 'noise.hypervolume', 0);
    if (!(hypervolume > 0) || !Number.isFinite(hypervolume)) {
      throw optionError('noise', `noise.hypervolume is ${hypervolume}; give a positive finite volume.`);
    }
  }
  return { init, hypervolume };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Validates user precisions: shape for the covariance type (nested, or flat when unambiguous), symmetry (as
 * NumPy's allclose) and positive definiteness. Returns the flat values, the upper factors and d (when known).
 */
function readPrecisions(
  value: NestedNumbers,
  type: CovarianceType,
  k: number,
): { data: Float64Array; factor: Float64Array; d: number | undefined } {
  const name = 'precisionsInit';
  const { shape, data } = flattenNested(value, name);
  let d: number | undefined;
  const len = data.length;
  if (type === 'spherical') {
    if (shape.length !== 1 || len !== k) {
      throw optionError(
        name,
        `${name} for 'spherical' must have shape [${k}] (one precision per component); got [${shape}].`,
      );
    }
  } else if (shape.length === 1) {
    // Flat: infer d.
    const per = type === 'full' ? len / k : type === 'tied' ? len : len / k;
    d = type === 'diag' ? per : Math.round(Math.sqrt(per));
    if (!Number.isInteger(d) || d < 1 || covarianceSize(type, k, d) !== len) {
      throw optionError(
        name,
        `${name} has ${len} values, which is not a '${type}' precision layout [${covarianceShape(type, k, 1)
          .map((s, i) => (i === 0 && type !== 'tied' ? s : 'd'))
          .join(
            ', ',
          )}] for k=${k}; pass nested arrays shaped ${type === 'full' ? 'k×d×d' : type === 'tied' ? 'd×d' : 'k×d'}.`,
      );
    }
  } else {
    d = shape[shape.length - 1];
    if (!sameShape(shape, covarianceShape(type, k, d))) {
      throw optionError(
        name,
        `${name} has shape [${shape}] but covarianceType '${type}' with nComponents=${k} needs [${covarianceShape(type, k, d)}].`,
      );
    }
  }
  const factor = new Float64Array(len);
  if (type === 'full' || type === 'tied') {
    const dd = (d as number) * (d as number);
    const dim = d as number;
    const scratch = new Float64Array(2 * dd);
    for (let c = 0; c < len / dd; c++) {
      const p = data.subarray(c * dd, c * dd + dd);
      for (let a = 0; a < dim; a++) {
        for (let b = a + 1; b < dim; b++) {
          const u = p[a * dim + b];
          const v = p[b * dim + a];
          if (Math.abs(u - v) > 1e-8 + 1e-5 * Math.abs(v)) {
            throw optionError(
              name,
              `${name}${type === 'full' ? `[${c}]` : ''} is not symmetric: [${a}][${b}]=${u} but [${b}][${a}]=${v}; a precision matrix must be symmetric positive definite.`,
            );
          }
        }
      }
      if (!upperFactorOfPrecision(p, dim, factor.subarray(c * dd, c * dd + dd), scratch)) {
        throw optionError(
          name,
          `${name}${type === 'full' ? `[${c}]` : ''} is not positive definite; a precision matrix must be symmetric positive definite (e.g. the inverse of a covariance).`,
        );
      }
    }
  } else {
    for (let t = 0; t < len; t++) {
      if (!(data[t] > 0)) {
        throw optionError(name, `${name} value ${t} is ${data[t]}; '${type}' precisions must be positive.`);
      }
      factor[t] = Math.sqrt(data[t]);
    }
  }
  return { data, factor, d };
}

/**
 * Gaussian mixture model fitted by expectation–maximization: p(x) = Σc πc·𝒩(x | μc, Σc).
 *
 * @remarks
 * EM alternates the E-step — responsibilities γᵢc = πc𝒩(xᵢ|μc,Σc) / Σₗ πₗ𝒩(xᵢ|μₗ,Σₗ), computed in log space with
 * log-sum-exp — and the M-step — Nc = Σᵢγᵢc, πc = Nc/n, μc = Σᵢγᵢc·xᵢ/Nc, Σc = Σᵢγᵢc(xᵢ−μc)(xᵢ−μc)ᵀ/Nc + regCovar·I
 * (tied: pooled; diag: diagonal only; spherical: the mean of the diagonal). Parametrised as scikit-learn does:
 * the Cholesky factors Tc of the precisions (Σc⁻¹ = Tc·Tcᵀ), with log det read off their diagonals; the data are
 * centred first. The lower bound after iteration t is the mean log-likelihood (1/n)Σᵢ log p(xᵢ) computed in that
 * iteration's E-step (scikit-learn's `lower_bound_`); EM stops when it changes by less than `tol`. The best of
 * `nInit` initialisations (largest lower bound) is kept, and a final E-step makes `labels` equal `predict(X)`.
 * Cost per iteration: O(n·k·d²) for full and tied, O(n·k·d) for diag and spherical; memory O(n·k).
 * Matches `sklearn.mixture.GaussianMixture` 1.2.1 (weights, means, covariances to 1e-6 relative, lower bound,
 * labels, BIC/AIC) from the same initial parameters. The O(n·k·d²) loops are unrolled per small d at build time
 * (bit-identical to the generic loops). Where WebAssembly SIMD is available (kernel
 * backend 'auto' above ~20 000 multiply–adds per E-step, or 'wasm'; see `setBackend`), `fit` runs the E-step and the
 * M-step sums in WebAssembly on a copy of the data made once per fit: same operations in the same order, so the
 * parameters, labels and nIter are bit-identical to the TypeScript kernels, and the lower bound too where
 * `Math.log` is fdlibm's (otherwise within 1e-13 relative).
 *
 * mclust's 14 models (`covarianceType: 'EII'` … `'VVV'`, Celeux & Govaert 1995): Σc = λc·Dc·Ac·Dcᵀ with volume,
 * shape and orientation equal or variable across components (I: identity). VII, VVI, EEE and VVV are scikit-learn's
 * spherical, diag, tied and full (same code, bit-identical fits); the other ten use mclust's M-steps (closed forms,
 * the Celeux–Govaert iterations for VEI/VEE/VEV, the MM algorithm for EVE/VVE; src/mixture/models/mstep.ts) on the
 * same E-step kernels (diagonal layout k×d for EII/EEI/VEI/EVI, full k×d×d otherwise), then add `regCovar` to the
 * diagonal. With `respInit`, `regCovar: 0` and `maxIter: T − 1` the fit equals R mclust 6.0.0's
 * `me(model, X, z)` after T iterations (checked to 1e-6 on three data sets for all 14 models); a model that mclust
 * finds singular throws a {@link NumericalError}, as mclust reports NA. `fit(X, { sampleWeight })` weights the
 * sufficient statistics. M-step cost: O(n·k·d²) sums plus O(k·d³) per inner iteration for the iterative models.
 *
 * Noise (`noise: { init }`, mclust's `initialization$noise`): p(x) = Σc πc·𝒩(x|μc,Σc) + π₀/V with V the data's
 * hypervolume (mclust's `hypvol`, or `noise.hypervolume`). The rows marked in `init` start with noise
 * responsibility 1; the E-step adds log π₀ − log V to the log-sum-exp (the Gaussians' densities still run on the
 * wasm kernels, the noise term in TypeScript); the M-step sets πc = Nc/n, π₀ = Σᵢ zᵢ₀/n and the covariances from
 * the Gaussian responsibilities only (pooled ones divided by Σc Nc). Equal to mclust's `me(…, Vinv)` for all 14
 * models, and with `prior` to `me(…, prior = priorControl(), Vinv)` for the ten that have one (checked to 1e-6). Labels: −1 for rows whose noise responsibility is the largest.
 * @example
 * const gm = new GaussianMixture({ nComponents: 2, seed: 0 }).fit([[0, 0], [0.1, 0.2], [5, 5], [5.2, 4.9]]);
 * gm.predict([[0, 0.1]]); // Int32Array [label of the first cluster]
 * // mclust's VEV model from given responsibilities, as me(modelName = 'VEV', data, z):
 * new GaussianMixture({ nComponents: 2, covarianceType: 'VEV', respInit: z, regCovar: 0 }).fit(X).bicMclust(X);
 */
export class GaussianMixture extends SeededEstimator<GmmState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedGaussianMixtureOptions>;
  #precCholInit: Float64Array | null = null;
  #initDim: number | undefined;
  /** The path the fit's E-steps took (null: none ran here, e.g. a model loaded with fromJSON). */
  #backend: string | null = null;
  /** Layout of the covariances and the kernels that serve the model (scikit-learn's type, or diag/full). */
  #layout: CovarianceType;

  /**
   * @throws {@link ValidationError} on an invalid option: a value out of range, or `weightsInit` not in [0, 1] or
   * not summing to 1, `meansInit` without k rows, `precisionsInit` of the wrong shape, not symmetric or not
   * positive definite (each naming the option)
   */
  constructor(options: GaussianMixtureOptions = {}) {
    super('GaussianMixture');
    const k = checkInt(options.nComponents ?? 1, 'nComponents', 1);
    const covarianceType = canonicalModel(
      checkOneOf(options.covarianceType ?? 'full', GAUSSIAN_MIXTURE_MODELS, 'covarianceType'),
    );
    const layout = kernelLayout(covarianceType);
    this.#layout = layout;
    let weightsInit: Float64Array | null = null;
    if (options.weightsInit !== undefined && options.weightsInit !== null) {
      const { shape, data } = flattenNested(options.weightsInit, 'weightsInit');
      if (shape.length !== 1 || data.length !== k) {
        throw optionError('weightsInit', `weightsInit has shape [${shape}] but nComponents=${k}; pass ${k} weights.`);
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        if (data[c] < 0 || data[c] > 1) {
          throw optionError('weightsInit', `weightsInit[${c}] is ${data[c]}; weights must be in [0, 1] and sum to 1.`);
        }
        sum += data[c];
      }
      if (!(Math.abs(1 - sum) <= 1e-8)) {
        throw optionError(
          'weightsInit',
          `weightsInit must be normalised, but sums to ${sum}; divide the weights by their sum.`,
        );
      }
      weightsInit = data;
    }
    let meansInit: Matrix | null = null;
    let dim: number | undefined;
    if (options.meansInit !== undefined && options.meansInit !== null) {
      let m: Matrix;
      try {
        m = toMatrix(options.meansInit, 'meansInit', { copy: true });
      } catch (e) {
        if (e instanceof ValidationError) throw optionError('meansInit', e.message);
        throw e;
      }
      if (m.rows !== k) {
        throw optionError(
          'meansInit',
          `meansInit has ${m.rows} rows but nComponents=${k}; pass one mean per component.`,
        );
      }
      meansInit = m;
      dim = m.cols;
    }
    let precisionsInit: Float64Array | null = null;
    if (options.precisionsInit !== undefined && options.precisionsInit !== null) {
      const p = readPrecisions(options.precisionsInit, layout, k);
      if (p.d !== undefined && dim !== undefined && p.d !== dim) {
        throw optionError(
          'precisionsInit',
          `precisionsInit is for d=${p.d} features but meansInit has ${dim} columns; both must match the data.`,
        );
      }
      dim = dim ?? p.d;
      precisionsInit = p.data;
      this.#precCholInit = p.factor;
    }
    this.#initDim = dim;
    const prior = readPriorOption(options.prior, mclustName(covarianceType), options.covarianceType ?? 'full');
    const noise = readNoiseOption(options.noise);
    const warmStart = options.warmStart ?? false;
    if (typeof warmStart !== 'boolean')
      throw optionError('warmStart', `warmStart must be a boolean; got ${warmStart}.`);
    this.options = Object.freeze({
      nComponents: k,
      covarianceType,
      tol: checkNumber(options.tol ?? 1e-3, 'tol', 0),
      regCovar: checkNumber(options.regCovar ?? 1e-6, 'regCovar', 0),
      maxIter: checkInt(options.maxIter ?? 100, 'maxIter', 0),
      nInit: checkInt(options.nInit ?? 1, 'nInit', 1),
      initParams: checkOneOf(options.initParams ?? 'kmeans', GMM_INIT_PARAMS, 'initParams'),
      weightsInit,
      meansInit,
      precisionsInit,
      warmStart,
      respInit: readRespInit(options.respInit, k, noise?.init ?? null),
      convergence: checkOneOf(options.convergence ?? 'sklearn', ['sklearn', 'mclust'] as const, 'convergence'),
      prior,
      noise,
      seed: checkSeed(options.seed),
    });
    this.checkOptionNames(options);
  }

  /**
   * Estimates the mixture parameters by EM (`nInit` initialisations, the best lower bound kept).
   * @param X - n×d data, n ≥ max(2, nComponents)
   * @param opts.sampleWeight - optional non-negative weight per row: the M-step uses weighted sufficient
   * statistics (Nc = Σᵢ wᵢγᵢc, …) and the lower bound is the weighted mean log-likelihood, so integer weights
   * equal repeating rows. Weighted fits run on the TypeScript kernels.
   * @param opts.onProgress - called after every EM iteration with the iterations done and the budget of all
   * initialisations, nInit·maxIter (a run that converges early counts as its maxIter; {@link ProgressCallback}:
   * monotone, last call done = total, the result unchanged)
   * @throws {@link ValidationError} on bad data (NaN, ragged, empty), nComponents > n, bad weights, `respInit`
   * without n rows, or initial parameters with a number of features other than X's
   * @throws {@link NumericalError} when a covariance is not positive definite even with `regCovar`, or the
   * likelihood becomes NaN; the message says what to change
   * @throws {@link CapacityError} when the n×k responsibilities would exceed the memory budget (2 GiB)
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number>; onProgress?: ProgressCallback } = {}): this {
    const m = toMatrix(X, 'X');
    checkMixtureData(m, this.options.nComponents, kernelLayout(this.options.covarianceType));
    const o = this.options;
    const k = o.nComponents;
    const { rows: n, cols: d } = m;
    const prev = this.fittedState();
    this.#checkFitData(n, d, prev);
    const w = opts.sampleWeight === undefined ? null : toSampleWeight(opts.sampleWeight, n);
    const warm = o.warmStart && prev !== null ? prev : null;
    const seed = warm !== null ? warm.seed : resolveSeed(o.seed);
    const rng = createRng(seed);
    const mu = columnMeans(m.data, n, d);
    // The WebAssembly SIMD kernels (bit-identical; see wasm.ts) hold the centred x and the responsibilities in their
    // memory (pooled between fits), and the rest of the fit reads that x: the data is copied once, not twice.
    const ws = w === null ? mixtureWorkspace(m.data, n, d, k, this.#layout, mu) : null;
    let x: Float64Array;
    if (ws !== null) x = ws.x;
    else {
      x = new Float64Array(n * d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = m.data[i * d + j] - mu[j];
    }
    let wsum = n;
    if (w !== null) {
      wsum = 0;
      for (let i = 0; i < n; i++) wsum += w[i];
    }
    const labels = new Int32Array(n);
    let best: EmRun;
    let noiseDensity: number | null = null;
    let training: TrainingCriteria | null = null;
    try {
      const em: EmContext = {
        x,
        n,
        d,
        k,
        ws,
        resp: ws === null ? new Float64Array(n * k) : ws.resp,
        scratch: new Float64Array(2 * d * d + d),
        nk: new Float64Array(k),
        logW: new Float64Array(k),
        w,
        wsum,
        logNorm: w === null ? null : new Float64Array(n),
        mstate: newMstepState(),
        prior: o.prior === null ? null : resolvePrior(o.prior, m.data, n, d, k, mclustName(o.covarianceType), mu, w),
        noise:
          o.noise === null
            ? null
            : {
                z0: new Float64Array(n),
                density:
                  o.noise.hypervolume === null ? Math.exp(-dataLogHypervolume(m.data, n, d)) : 1 / o.noise.hypervolume,
                logDensity: 0,
                init: o.noise.init,
              },
      };
      if (em.noise !== null) em.noise.logDensity = Math.log(em.noise.density);
      best = this.#bestRun(em, m, mu, rng, warm, opts.onProgress);
      // Final E-step: labels consistent with predict(X), and the training rows' log-likelihood and ICL term.
      this.#logProb(em, best.params);
      let a = em.resp;
      let cols = k;
      if (em.noise !== null) {
        a = withNoiseColumn(em.resp, n, k, Math.log(best.params.noiseWeight) + em.noise.logDensity);
        cols = k + 1;
      }
      argmaxRows(a, n, cols, labels);
      if (em.noise !== null) for (let i = 0; i < n; i++) if (labels[i] === k) labels[i] = -1;
      training = w === null ? { X: m.data, ...logLikelihoodAndIclTerm(a, n, cols) } : null;
      noiseDensity = em.noise === null ? null : em.noise.density;
    } finally {
      ws?.free(); // ends the E-step's helper-thread session, if any, and returns the memory to the pool
    }
    this.#backend = describeBackend({ backend: ws === null ? 'js' : 'wasm', threads: ws?.helped ? 2 : 1 });
    this.#finish(best, mu, labels, d, seed, noiseDensity);
    if (training === null) TRAINING.delete(this);
    else TRAINING.set(this, training);
    return this;
  }

  /**
   * Data-dependent checks: n ≥ max(2, k), initial parameters and a warm start with X's number of features, and
   * the memory budget of EM.
   */
  #checkFitData(n: number, d: number, prev: GmmState | null): void {
    const o = this.options;
    const k = o.nComponents;
    if (n < 2) {
      throw new ValidationError(`X has ${n} row; a Gaussian mixture needs at least 2 samples.`, { param: 'X' });
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
    if (o.noise !== null && o.noise.init.length !== n) {
      throw new ValidationError(
        `noise.init has ${o.noise.init.length} entries but X has ${n} rows; give one noise indicator per row.`,
        { param: 'noise' },
      );
    }
    if (this.#initDim !== undefined && this.#initDim !== d) {
      const which = o.meansInit !== null ? 'meansInit' : 'precisionsInit';
      throw new ValidationError(
        `${which} is for ${this.#initDim} features but X has ${d} columns; give initial parameters with one value per feature.`,
        { param: which },
      );
    }
    if (o.warmStart && prev !== null && prev.nFeaturesIn !== d) {
      throw new ValidationError(
        `warmStart: the model was fitted on ${prev.nFeaturesIn} features but X has ${d}; pass data with the same columns or refit without warmStart.`,
        { param: 'X' },
      );
    }
    checkBudget(
      8 * (n * k + 2 * n * d),
      DEFAULT_MEMORY_BUDGET,
      `EM on n=${n}, d=${d} with k=${k} components (responsibilities n×k and a centred copy of X)`,
      'fit on a sample of the rows, or use fewer components.',
    );
  }

  /**
   * Restart selection: `nInit` EM runs from fresh initial parameters (one run from the previous fit's on a warm
   * start), keeping the run of largest final lower bound (the first on ties). With maxIter = 0 the last initial
   * parameters are kept as they are.
   */
  #bestRun(
    em: EmContext,
    raw: Matrix,
    mu: Float64Array,
    rng: Rng,
    warm: GmmState | null,
    onProgress?: ProgressCallback,
  ): EmRun {
    const o = this.options;
    let best: EmRun | null = null;
    const nInit = warm === null && o.respInit === null ? o.nInit : 1;
    const report = iterationProgress(onProgress, nInit, o.maxIter);
    for (let init = 0; init < nInit; init++) {
      em.ws?.release(); // frees the helper thread for the k-means initialisation
      em.mstate = newMstepState();
      const p = warm === null ? this.#initialParams(em, raw, rng) : warmParams(warm, mu);
      if (o.maxIter === 0) {
        best = { params: p, lowerBound: Number.NEGATIVE_INFINITY, nIter: 0, converged: false };
        continue;
      }
      const run = this.#runEM(em, p, warm === null ? Number.NEGATIVE_INFINITY : warm.lowerBound, (it) =>
        report(init, it),
      );
      if (best === null || run.lowerBound > best.lowerBound || best.lowerBound === Number.NEGATIVE_INFINITY) {
        best = { ...run, params: copyParams(p) };
      }
      report(init, o.maxIter);
    }
    return best as EmRun;
  }

  /** The weighted log-probabilities log(π_c) + log N(xᵢ | μ_c, Σ_c) of the rows under `p`, into em.resp. */
  #logProb(em: EmContext, p: Params): void {
    for (let c = 0; c < em.k; c++) em.logW[c] = Math.log(p.weights[c]);
    if (em.ws === null) {
      weightedLogProb(em.x, em.n, em.d, p.means, em.k, p.precChol, this.#layout, em.logW, em.resp, em.scratch);
    } else em.ws.logProb(p.means, p.precChol, em.logW);
  }

  /**
   * The M-step from em.resp (weighted rows when sample weights are given): scikit-learn's for its four types,
   * else the layout's sums (regCovar 0) followed by mclust's covariance update for the model, then + regCovar·I.
   * @throws {@link NumericalError} when mclust's checks find the model singular or a component empty
   */
  #mstep(em: EmContext, p: Params, kernels: MStepKernels | null): void {
    const o = this.options;
    const { x, n, d, k, resp, nk, scratch, w } = em;
    if (w !== null) for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) resp[i * k + c] *= w[i];
    const type = o.covarianceType;
    if (em.prior !== null) {
      const layout = this.#layout;
      estimateGaussianParameters(x, n, d, resp, k, 0, layout, nk, p.means, p.cov, scratch, kernels);
      let why: string | null = null;
      for (let c = 0; c < k && why === null; c++) {
        if (nk[c] <= MCLUST_RTEPS) why = `component ${c} is empty (weight ${nk[c]})`;
      }
      this.#throwIfSingular(
        why ??
          // One component: mclust's mvn forms (Mclust's G = 1), but me's with a noise component, as Mclust fits it.
          priorCovariances(mclustName(type), layout, em.prior, p.cov, p.means, nk, k, d, em.mstate, em.noise === null),
      );
      if (o.regCovar > 0) addToDiagonal(p.cov, layout, d, o.regCovar);
      return;
    }
    if (isSklearnType(type)) {
      estimateGaussianParameters(x, n, d, resp, k, o.regCovar, type, nk, p.means, p.cov, scratch, kernels);
      if (o.convergence === 'mclust') this.#throwIfSingular(mclustSingular(type, p.cov, k, d));
      return;
    }
    estimateGaussianParameters(x, n, d, resp, k, 0, this.#layout, nk, p.means, p.cov, scratch, kernels);
    let why: string | null = null;
    for (let c = 0; c < k && why === null; c++) {
      if (nk[c] < MCLUST_RTEPS) why = `component ${c} is empty (weight ${nk[c]})`;
    }
    why ??= mclustCovariances(type, p.cov.slice(), nk, k, d, p.cov, em.mstate);
    this.#throwIfSingular(why);
    if (o.regCovar > 0) addToDiagonal(p.cov, this.#layout, d, o.regCovar);
  }

  /** The mclust-style failure (mclust's NA) as a NumericalError naming the model and the reason. */
  #throwIfSingular(why: string | null): void {
    if (why !== null) {
      const { covarianceType: type, nComponents: k } = this.options;
      throw new NumericalError(
        `Fitting the Gaussian mixture model '${type}' with nComponents=${k} failed: ${why}; mclust reports this ` +
          'model as NA (singular covariance). Try another covariance model or fewer components; scaling the data ' +
          'can also help.',
      );
    }
  }

  /** E-step into em.resp; returns the (weighted) mean log-likelihood. */
  #estep(em: EmContext, p: Params): number {
    const { n, k, resp, logW } = em;
    for (let c = 0; c < k; c++) logW[c] = Math.log(p.weights[c]);
    if (em.noise !== null) {
      // The Gaussians' weighted log densities (wasm or TypeScript), then the log-sum-exp with the noise term.
      if (em.ws !== null) em.ws.logProb(p.means, p.precChol, logW);
      else weightedLogProb(em.x, n, em.d, p.means, k, p.precChol, this.#layout, logW, resp, em.scratch);
      const logNoise = Math.log(p.noiseWeight) + em.noise.logDensity;
      return noiseResponsibilities(resp, n, k, logNoise, em.noise.z0, em.w) / em.wsum;
    }
    if (em.ws !== null) return em.ws.estep(p.means, p.precChol, logW);
    weightedLogProb(em.x, n, em.d, p.means, k, p.precChol, this.#layout, logW, resp, em.scratch);
    if (em.w === null) return responsibilitiesInPlace(resp, n, k, null);
    const l = em.logNorm as Float64Array;
    responsibilitiesInPlace(resp, n, k, l);
    let t = 0;
    for (let i = 0; i < n; i++) t += em.w[i] * l[i];
    return t / em.wsum;
  }

  /**
   * One EM run from `p` (updated in place): E-step (responsibilities and the lower bound), M-step (weights,
   * means, covariances, precision factors), until the lower bound changes by less than tol or maxIter steps.
   * `onIteration` is called with the iterations done after each one (progress).
   * @throws {@link NumericalError} when the lower bound is not finite or a covariance is not positive definite
   */
  #runEM(
    em: EmContext,
    p: Params,
    lowerBound0: number,
    onIteration: (iterations: number) => void,
  ): Omit<EmRun, 'params'> {
    const o = this.options;
    const { d, k, ws, scratch, nk } = em;
    const mclustStop = o.convergence === 'mclust';
    let lowerBound = lowerBound0;
    let converged = false;
    let nIter: number;
    for (nIter = 1; nIter <= o.maxIter; nIter++) {
      const prevLowerBound = lowerBound;
      lowerBound = this.#estep(em, p);
      if (!Number.isFinite(lowerBound)) {
        throw new NumericalError(
          `The Gaussian mixture log-likelihood became ${lowerBound} at iteration ${nIter}; scale the data (e.g. standardise the columns), raise regCovar (now ${o.regCovar}) or use fewer components (now ${k}).`,
        );
      }
      if (mclustStop) {
        const ll = lowerBound * em.wsum;
        if (Math.abs(ll - prevLowerBound * em.wsum) / (1 + Math.abs(ll)) <= o.tol) {
          converged = true;
          nIter--;
          break;
        }
      }
      this.#mstep(em, p, ws);
      if (em.noise !== null) this.#noiseWeights(em, p);
      else {
        let total = 0;
        for (let c = 0; c < k; c++) total += nk[c];
        for (let c = 0; c < k; c++) p.weights[c] = nk[c] / total;
      }
      this.#factorise(p.cov, p.precChol, k, d, scratch);
      onIteration(nIter);
      const change = lowerBound - prevLowerBound;
      if (!mclustStop && Math.abs(change) < o.tol) {
        converged = true;
        break;
      }
    }
    if (nIter > o.maxIter) nIter = o.maxIter;
    return { lowerBound, nIter, converged };
  }

  /** mclust's proportions with a noise component: πc = Nc/n, π₀ = Σᵢ wᵢzᵢ₀/n (n: the sum of the weights). */
  #noiseWeights(em: EmContext, p: Params): void {
    const { z0 } = em.noise as NonNullable<EmContext['noise']>;
    let n0 = 0;
    for (let i = 0; i < em.n; i++) n0 += em.w === null ? z0[i] : em.w[i] * z0[i];
    for (let c = 0; c < em.k; c++) p.weights[c] = em.nk[c] / em.wsum;
    p.noiseWeight = n0 / em.wsum;
  }

  /** Stores the kept run: means back on the data's scale, precisions, the convergence warning. */
  #finish(
    best: EmRun,
    mu: Float64Array,
    labels: Int32Array,
    d: number,
    seed: number,
    noiseDensity: number | null,
  ): void {
    const o = this.options;
    const k = o.nComponents;
    const b = best.params;
    const warnings: ModelWarning[] = [];
    if (!best.converged && o.maxIter > 0 && o.tol > 0) {
      warnings.push({
        code: 'CONVERGENCE',
        message: `EM did not converge in maxIter=${o.maxIter} iterations (tol=${o.tol}); raise maxIter or tol, try other initialisations (nInit, initParams), or check for degenerate data.`,
      });
    }
    const means = b.means;
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] += mu[j];
    const precisions = new Float64Array(covarianceSize(this.#layout, k, d));
    precisionsFromCholesky(b.precChol, this.#layout, k, d, precisions);
    this.setState({
      weights: b.weights,
      means: { rows: k, cols: d, data: means },
      covariances: b.cov,
      precisionsCholesky: b.precChol,
      precisions,
      converged: best.converged,
      nIter: best.nIter,
      lowerBound: best.lowerBound,
      labels,
      nFeaturesIn: d,
      seed,
      warnings,
      noise: noiseDensity === null ? null : { proportion: b.noiseWeight, density: noiseDensity },
    });
  }

  /**
   * Fits a `'diag'` or `'spherical'` mixture by EM on a SQL source (a table or query on DuckDB / PostgreSQL, see
   * `openDuckDB` / `connectPostgres` in clusterkit/node) without loading its rows.
   * @remarks Each E-step is one statement returning Σℓᵢ and per component Σγ, Σγ·x, Σγ·x² (k·(2d + 1) + 1 numbers,
   * O(n·k·d) in the engine); the M-step, precision factors and stopping rule (|Δ lower bound| < tol) are
   * {@link GaussianMixture.fit}'s, so from the same `weightsInit`/`meansInit`/`precisionsInit` the fit equals the
   * in-memory one to rounding (1e-9 relative in the tests, on DuckDB and PostgreSQL). Without all three, each of
   * `nInit` runs starts from `KMeans.fitSource` (k-means++ on a seeded engine sample), not from the in-memory
   * k-means, so the start differs from `fit`'s. `labels` stays empty: use {@link GaussianMixture.predictSource}.
   * With `shardKey` (the partition key of a Citus or `postgres_fdw`-partitioned table) every statement groups by
   * the key and the shards' sums are added here in key order; the E-step is then one flat aggregate that the
   * engine pushes to each shard, at O(k²·d²) per row instead of O(k·d) (no subquery: `postgres_fdw` pushes none;
   * it chooses the pushed aggregate by cost, so raise the foreign servers' `fdw_tuple_cost`, e.g. to 10).
   * @param source - `engine.source(tableOrQuery, { columns })`
   * @param opts.onIteration - called after every E-step statement with the run, iteration, lower bound and its
   *   change (for a progress line; the result is unchanged)
   * @param opts.shardKey - the partition key column of a sharded source
   * @throws {@link ValidationError} for another covariance type, `respInit`, `convergence: 'mclust'`, a bad
   *   source (missing table or column, non-numeric column, NULLs, empty), or a component that collapses
   * @example
   * const db = await openDuckDB();
   * const gm = await new GaussianMixture({ nComponents: 3, covarianceType: 'diag', seed: 0 }).fitSource(db.source('points'));
   */
  async fitSource(
    source: SqlSource,
    opts: { onIteration?: (it: SourceEmIteration) => void; shardKey?: string } = {},
  ): Promise<this> {
    const o = this.options;
    const type = o.covarianceType;
    if (type !== 'diag' && type !== 'spherical') {
      throw new ValidationError(
        `fitSource fits covarianceType 'diag' or 'spherical' (got '${type}'); load the rows and use fit for the other models.`,
        { param: 'covarianceType' },
      );
    }
    if (o.noise !== null) {
      throw new ValidationError('fitSource does not fit a noise component; load the rows and use fit.', {
        param: 'noise',
      });
    }
    if (o.respInit !== null || o.convergence !== 'sklearn') {
      throw new ValidationError(
        `fitSource does not take ${o.respInit !== null ? 'respInit' : "convergence: 'mclust'"}; start from weightsInit, meansInit and precisionsInit instead.`,
        { param: o.respInit !== null ? 'respInit' : 'convergence' },
      );
    }
    const seed = resolveSeed(o.seed);
    const k = o.nComponents;
    const run = await fitGaussianMixtureOnSource(
      source,
      {
        k,
        type,
        regCovar: o.regCovar,
        tol: o.tol,
        maxIter: o.maxIter,
        nInit: o.nInit,
        onIteration: opts.onIteration,
        shardKey: opts.shardKey,
        start: { weights: o.weightsInit, means: o.meansInit?.data ?? null, precChol: this.#precCholInit },
      },
      createRng(seed),
    );
    const d = run.d;
    const b = run.params;
    const precisions = new Float64Array(b.precChol.length);
    precisionsFromCholesky(b.precChol, type, k, d, precisions);
    this.#backend = `sql:${source.engine.dialect}`;
    const warnings: ModelWarning[] = [];
    if (!run.converged && o.maxIter > 0 && o.tol > 0) {
      warnings.push({
        code: 'CONVERGENCE',
        message: `EM did not converge in maxIter=${o.maxIter} iterations (tol=${o.tol}); raise maxIter or tol, or try other initialisations (nInit).`,
      });
    }
    this.setState({
      weights: b.weights,
      means: { rows: k, cols: d, data: b.means },
      covariances: b.cov,
      precisionsCholesky: b.precChol,
      precisions,
      converged: run.converged,
      nIter: run.nIter,
      lowerBound: run.lowerBound,
      labels: new Int32Array(0),
      nFeaturesIn: d,
      seed,
      warnings,
      noise: null,
    });
    return this;
  }

  /**
   * Writes the most probable component of every row of a source into a new table `into` (the source's columns and
   * an INTEGER `label`, first maximum on ties as {@link GaussianMixture.predict}), in one `CREATE TABLE … AS SELECT`.
   * @param source - a source with the model's feature columns
   * @returns the number of rows labelled
   * @throws NotFittedError before a fit; {@link ValidationError} for a model other than diag/spherical, a bad
   *   source or an existing table
   * @example
   * await gm.predictSource(db.source('points'), { into: 'points_components' });
   */
  async predictSource(source: SqlSource, opts: { into: string }): Promise<number> {
    const s = this.state('predictSource');
    const type = this.options.covarianceType;
    if (type !== 'diag' && type !== 'spherical') {
      throw new ValidationError(
        `predictSource labels 'diag' or 'spherical' mixtures (this one is '${type}'); use predict on loaded rows.`,
        { param: 'covarianceType' },
      );
    }
    const p = { weights: s.weights, means: s.means.data, cov: s.covariances, precChol: s.precisionsCholesky };
    return writeMixtureLabels(source, p, type, s.means.rows, s.nFeaturesIn, opts.into);
  }

  /** Fits and returns the labels of the training rows. */
  fitPredict(X: MatrixLike): Int32Array {
    return this.fit(X).labels;
  }

  /** Precision factors from covariances, or a NumericalError with the remedy. */
  #factorise(cov: Float64Array, out: Float64Array, k: number, d: number, scratch: Float64Array): void {
    const bad = precisionCholesky(cov, this.#layout, k, d, out, scratch);
    if (bad >= 0) {
      const o = this.options;
      const which = o.covarianceType === 'tied' ? 'the shared covariance' : `the covariance of component ${bad}`;
      throw new NumericalError(
        `Fitting the Gaussian mixture failed: ${which} is not positive definite even with regCovar=${o.regCovar} ` +
          '(a component collapsed onto too few or identical points). Raise regCovar (e.g. to ' +
          `${Math.max(o.regCovar * 100, 1e-4)}), use fewer components (nComponents=${k}), or scale the data (standardise the columns).`,
      );
    }
  }

  /** scikit-learn's `_initialize_parameters` + `_initialize` on centred data (or an M-step from `respInit`). */
  #initialParams(em: EmContext, raw: Matrix, rng: Rng): Params {
    const { x, n, d, resp, nk, scratch, w } = em;
    const o = this.options;
    const k = o.nComponents;
    const type = this.#layout;
    const cs = covarianceSize(type, k, d);
    const p: Params = {
      weights: new Float64Array(k),
      means: new Float64Array(k * d),
      cov: new Float64Array(cs),
      precChol: new Float64Array(cs),
      noiseWeight: 0,
    };
    const allGiven = o.weightsInit !== null && o.meansInit !== null && o.precisionsInit !== null;
    if (!allGiven || o.respInit !== null || em.noise !== null) {
      resp.fill(0);
      if (o.respInit !== null) resp.set(o.respInit.data);
      else if (em.noise === null) this.#initialResp(raw, x, n, d, w, rng, resp);
      else {
        // mclust: the rows marked noise start as noise; the Gaussians start from the others only.
        const { init } = em.noise;
        const keep: number[] = [];
        for (let i = 0; i < n; i++) if (init[i] === 0) keep.push(i);
        const r = keep.length;
        if (r < k) {
          throw new ValidationError(
            `noise.init leaves ${r} rows for nComponents=${k}; mark fewer rows as noise or lower nComponents.`,
            { param: 'noise' },
          );
        }
        const subRaw = new Float64Array(r * d);
        const subX = new Float64Array(r * d);
        const subW = w === null ? null : new Float64Array(r);
        for (let t = 0; t < r; t++) {
          subRaw.set(raw.data.subarray(keep[t] * d, keep[t] * d + d), t * d);
          subX.set(x.subarray(keep[t] * d, keep[t] * d + d), t * d);
          if (subW !== null) subW[t] = (w as Float64Array)[keep[t]];
        }
        const subResp = new Float64Array(r * k);
        this.#initialResp({ rows: r, cols: d, data: subRaw }, subX, r, d, subW, rng, subResp);
        if (o.initParams === 'k-means++' || o.initParams === 'random_from_data') nearestSeed(subX, r, d, k, subResp);
        for (let t = 0; t < r; t++) resp.set(subResp.subarray(t * k, t * k + k), keep[t] * k);
      }
      if (em.noise !== null) for (let i = 0; i < n; i++) em.noise.z0[i] = em.noise.init[i];
      this.#mstep(em, p, em.ws);
      if (em.noise !== null) this.#noiseWeights(em, p);
      else for (let c = 0; c < k; c++) p.weights[c] = nk[c] / em.wsum;
    }
    if (o.weightsInit !== null) {
      for (let c = 0; c < k; c++) p.weights[c] = o.weightsInit[c] * (1 - p.noiseWeight);
    }
    if (o.meansInit !== null) {
      const mu = columnMeans(raw.data, n, d);
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) p.means[c * d + j] = o.meansInit.data[c * d + j] - mu[j];
    }
    if (o.precisionsInit === null) this.#factorise(p.cov, p.precChol, k, d, scratch);
    else {
      p.precChol.set(this.#precCholInit as Float64Array);
      covariancesFromCholesky(p.precChol, type, k, d, p.cov);
    }
    return p;
  }

  /** Initial responsibilities (n×k, one-hot or random rows) of `initParams` on raw rows (x: centred) into resp. */
  #initialResp(
    raw: Matrix,
    x: Float64Array,
    n: number,
    d: number,
    w: Float64Array | null,
    rng: Rng,
    resp: Float64Array,
  ): void {
    const o = this.options;
    const k = o.nComponents;
    if (o.initParams === 'kmeans') {
      const km = new KMeans({ nClusters: k, nInit: 1, seed: rng.nextUint32() });
      const labels = (w === null ? km.fit(raw) : km.fit(raw, { sampleWeight: w })).labels;
      for (let i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
    } else if (o.initParams === 'random') {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) {
          const u = rng.nextFloat();
          resp[i * k + c] = u;
          s += u;
        }
        for (let c = 0; c < k; c++) resp[i * k + c] /= s;
      }
    } else {
      const idx =
        o.initParams === 'k-means++'
          ? kmeansPlusPlus(x, n, d, k, w ?? new Float64Array(n).fill(1), rng).indices
          : sampleWithoutReplacement(rng, n, k);
      for (let c = 0; c < k; c++) resp[idx[c] * k + c] = 1;
    }
  }

  /**
   * Mixing weights πc of the Gaussians (length k): they sum to 1, or to 1 − `noiseProportion` with a noise
   * component. Read-only.
   */
  get weights(): Float64Array {
    return this.state('weights').weights;
  }
  /** Component means μc (k×d, original scale). Read-only. */
  get means(): Matrix {
    return this.state('means').means;
  }
  /**
   * Covariances, flat in scikit-learn's layout for the covariance type (see {@link GaussianMixture.covarianceShape}):
   * full k×d×d, tied d×d, diag k×d, spherical k. Use {@link GaussianMixture.componentCovariance} for a d×d matrix.
   */
  get covariances(): Float64Array {
    return this.state('covariances').covariances;
  }
  /** Shape of `covariances`, `precisions` and `precisionsCholesky`: [k, d, d], [d, d], [k, d] or [k]. */
  get covarianceShape(): number[] {
    const s = this.state('covarianceShape');
    return covarianceShape(this.#layout, this.options.nComponents, s.nFeaturesIn);
  }
  /** Precisions Σc⁻¹, same layout as `covariances`. */
  get precisions(): Float64Array {
    return this.state('precisions').precisions;
  }
  /** Cholesky factors Tc of the precisions (Σc⁻¹ = Tc·Tcᵀ; upper triangular for full/tied), same layout. */
  get precisionsCholesky(): Float64Array {
    return this.state('precisionsCholesky').precisionsCholesky;
  }
  /**
   * Where the fit's E-steps ran: `'js'` (the TypeScript reference), `'wasm'` (WebAssembly SIMD), `'wasm+pool(2)'`
   * (a worker pool's helper thread took half of the rows); `'none'` for a model loaded with
   * {@link GaussianMixture.fromJSON}. Results are bit-identical whichever path ran.
   * @throws NotFittedError before `fit`
   */
  get backend(): string {
    this.state('backend');
    return this.#backend ?? 'none';
  }
  /** Whether the kept run met the tolerance before maxIter. */
  get converged(): boolean {
    return this.state('converged').converged;
  }
  /** EM iterations of the kept run (scikit-learn's `n_iter_`). */
  get nIter(): number {
    return this.state('nIter').nIter;
  }
  /**
   * scikit-learn's `lower_bound_`: the mean log-likelihood computed in the last E-step of the kept run (i.e. under
   * the parameters before the last M-step); −Infinity when maxIter is 0.
   */
  get lowerBound(): number {
    return this.state('lowerBound').lowerBound;
  }
  /** Most probable component of each training row (equals `predict(X)`). Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /**
   * Number of free parameters (what BIC and AIC charge for); a noise component adds 2 (its proportion and the
   * hypervolume, as mclust's `nMclustParams(…, noise = TRUE)`).
   */
  get nParameters(): number {
    const s = this.state('nParameters');
    const p = modelParameters(this.options.covarianceType, this.options.nComponents, s.nFeaturesIn);
    return s.noise === null ? p : p + 2;
  }
  /** The noise proportion π₀ (mclust's last `pro`); 0 without a noise component. */
  get noiseProportion(): number {
    return this.state('noiseProportion').noise?.proportion ?? 0;
  }
  /** The noise density 1/V (mclust's `Vinv`); 0 without a noise component. */
  get noiseDensity(): number {
    return this.state('noiseDensity').noise?.density ?? 0;
  }

  /** The full d×d covariance of component `c` (for any covariance type). */
  componentCovariance(c: number): Matrix {
    const s = this.state('componentCovariance');
    const k = this.options.nComponents;
    checkInt(c, 'component', 0, k - 1);
    const d = s.nFeaturesIn;
    return componentCovarianceMatrix(s.covariances, this.#layout, c, d);
  }

  /**
   * Weighted log densities log πc + log 𝒩(xᵢ|μc,Σc), n×k; with a noise component n×(k + 1), the last column
   * log π₀ + log(1/V).
   */
  #weightedLogProb(X: MatrixLike, member: string): { a: Float64Array; n: number; cols: number } {
    const s = this.state(member);
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const k = this.options.nComponents;
    const d = m.cols;
    const a = new Float64Array(m.rows * k);
    const logW = new Float64Array(k);
    for (let c = 0; c < k; c++) logW[c] = Math.log(s.weights[c]);
    const scratch = new Float64Array(d * d + d);
    weightedLogProb(m.data, m.rows, d, s.means.data, k, s.precisionsCholesky, this.#layout, logW, a, scratch);
    if (s.noise === null) return { a, n: m.rows, cols: k };
    const logNoise = Math.log(s.noise.proportion) + Math.log(s.noise.density);
    return { a: withNoiseColumn(a, m.rows, k, logNoise), n: m.rows, cols: k + 1 };
  }

  /**
   * Most probable component of each row of X (argmax of the responsibilities, the first on ties); −1 where the
   * noise component is the most probable (as DBSCAN's noise label; mclust's classification 0).
   */
  predict(X: MatrixLike): Int32Array {
    const { a, n, cols } = this.#weightedLogProb(X, 'predict');
    const labels = new Int32Array(n);
    argmaxRows(a, n, cols, labels);
    const k = this.options.nComponents;
    if (cols > k) for (let i = 0; i < n; i++) if (labels[i] === k) labels[i] = -1;
    return labels;
  }

  /**
   * Responsibilities P(component c | xᵢ), n×k; each row sums to 1. With a noise component n×(k + 1), the noise
   * probability last (mclust's `z`); the uncertainty of row i is 1 − maxc of its row, as mclust's.
   */
  predictProba(X: MatrixLike): Matrix {
    const { a, n, cols } = this.#weightedLogProb(X, 'predictProba');
    responsibilitiesInPlace(a, n, cols, null);
    return { rows: n, cols, data: a };
  }

  /** log p(xᵢ) = log(Σc πc𝒩(xᵢ|μc,Σc) + π₀/V) for each row of X (π₀ = 0 without a noise component). */
  scoreSamples(X: MatrixLike): Float64Array {
    const { a, n, cols } = this.#weightedLogProb(X, 'scoreSamples');
    const out = new Float64Array(n);
    logSumExpRows(a, n, cols, out);
    return out;
  }

  /** Mean log-likelihood (1/n) Σᵢ log p(xᵢ) of X under the model. */
  score(X: MatrixLike): number {
    const s = this.scoreSamples(X);
    let t = 0;
    for (let i = 0; i < s.length; i++) t += s[i];
    return t / s.length;
  }

  /**
   * Bayesian information criterion on X: BIC = −2·n·score(X) + p·ln n (p = `nParameters`); lower is better.
   * (mclust reports the opposite sign, higher better.)
   */
  bic(X: MatrixLike): number {
    const m = toMatrix(X, 'X');
    return -2 * this.score(m) * m.rows + this.nParameters * Math.log(m.rows);
  }

  /**
   * mclust's BIC on X: 2·log L − p·ln n (higher is better), i.e. −{@link GaussianMixture.bic}.
   * @example
   * new GaussianMixture({ nComponents: 2, covarianceType: 'VEV', seed: 0 }).fit(X).bicMclust(X);
   */
  bicMclust(X: MatrixLike): number {
    return -this.bic(X);
  }

  /**
   * mclust's integrated complete-data likelihood criterion on X (Biernacki, Celeux & Govaert 2000):
   * ICL = BIC_mclust + 2·Σᵢ log γᵢ,ĉᵢ with ĉᵢ the most probable component of row i (entries with γ = 0 count 0),
   * i.e. BIC penalised by the entropy of the hard classification; higher is better. Matches mclust's `icl`.
   * O(n·k) after the E-step.
   * @example
   * new GaussianMixture({ nComponents: 2, seed: 0 }).fit(X).icl(X);
   */
  icl(X: MatrixLike): number {
    const m = toMatrix(X, 'X');
    const { a, n, cols } = this.#weightedLogProb(m, 'icl');
    const { logL, iclTerm } = logLikelihoodAndIclTerm(a, n, cols);
    return 2 * logL - this.nParameters * Math.log(n) + 2 * iclTerm;
  }

  /** Akaike information criterion on X: AIC = −2·n·score(X) + 2p; lower is better. */
  aic(X: MatrixLike): number {
    const m = toMatrix(X, 'X');
    return -2 * this.score(m) * m.rows + 2 * this.nParameters;
  }

  /**
   * Draws `nSamples` points from the fitted mixture: component counts from a multinomial with the weights, then
   * xᵢ = μc + Lc·zᵢ with Σc = Lc·Lcᵀ and zᵢ ~ 𝒩(0, I). Rows are grouped by component (as scikit-learn).
   * @param opts.seed - PRNG seed (default: the `seed` option, else the seed recorded at fit), so repeated calls
   * give the same sample unless a seed is passed
   * @throws {@link ValidationError} when nSamples < 1
   */
  sample(nSamples: number, opts: { seed?: number } = {}): { X: Matrix; y: Int32Array } {
    const s = this.state('sample');
    checkInt(nSamples, 'nSamples', 1);
    if (s.noise !== null) {
      throw new ValidationError(
        'sample draws from the Gaussians only, and this model has a noise component whose region is not stored; refit without noise to sample.',
        { param: 'noise' },
      );
    }
    const rng = createRng(checkSeed(opts.seed) ?? this.options.seed ?? s.seed);
    const k = this.options.nComponents;
    const d = s.nFeaturesIn;
    const counts = new Int32Array(k);
    const cum = new Float64Array(k);
    let acc = 0;
    for (let c = 0; c < k; c++) {
      acc += s.weights[c];
      cum[c] = acc;
    }
    for (let t = 0; t < nSamples; t++) {
      const u = rng.nextFloat() * acc;
      let c = 0;
      while (c < k - 1 && u >= cum[c]) c++;
      counts[c]++;
    }
    const X = new Float64Array(nSamples * d);
    const y = new Int32Array(nSamples);
    const z = new Float64Array(d);
    const l = new Float64Array(d * d);
    let row = 0;
    for (let c = 0; c < k; c++) {
      const cov = this.componentCovariance(c).data;
      if (!cholesky(cov, d, l)) {
        throw new NumericalError(
          `The covariance of component ${c} is not positive definite; refit with a larger regCovar.`,
        );
      }
      for (let q = 0; q < counts[c]; q++, row++) {
        for (let j = 0; j < d; j++) z[j] = rng.nextNormal();
        const o = row * d;
        for (let a = 0; a < d; a++) {
          let v = s.means.data[c * d + a];
          for (let b = 0; b <= a; b++) v += l[a * d + b] * z[b];
          X[o + a] = v;
        }
        y[row] = c;
      }
    }
    return { X: { rows: nSamples, cols: d, data: X }, y };
  }

  /** Serialises the fitted model (options and state) to a JSON-safe object. */
  /** The options as saved: the initial parameters as nested arrays, an omitted seed as null. */
  protected override saveOptions(): object {
    const o = this.options;
    return {
      ...o,
      weightsInit: o.weightsInit === null ? null : Array.from(o.weightsInit),
      meansInit: o.meansInit === null ? null : toArrays(o.meansInit),
      precisionsInit: o.precisionsInit === null ? null : Array.from(o.precisionsInit),
      noise: o.noise === null ? null : { init: Array.from(o.noise.init), hypervolume: o.noise.hypervolume },
      seed: o.seed ?? null,
    };
  }

  /** The saved state: the parameters, convergence, the lower bound (null when not finite), labels, seed. */
  protected saveState(s: GmmState): object {
    return {
      weights: Array.from(s.weights),
      means: toArrays(s.means),
      covarianceShape: this.covarianceShape,
      covariances: Array.from(s.covariances),
      precisionsCholesky: Array.from(s.precisionsCholesky),
      converged: s.converged,
      nIter: s.nIter,
      lowerBound: Number.isFinite(s.lowerBound) ? s.lowerBound : null,
      labels: Array.from(s.labels),
      nFeaturesIn: s.nFeaturesIn,
      seed: s.seed,
      warnings: s.warnings,
      noise: s.noise,
    };
  }

  /**
   * Restores a model saved with {@link GaussianMixture.toJSON}.
   * @throws {@link ValidationError} when `json` is not a saved GaussianMixture or its arrays have the wrong sizes
   */
  static fromJSON(json: unknown): GaussianMixture {
    type Opts = {
      nComponents: number;
      covarianceType: GaussianMixtureModel;
      tol: number;
      regCovar: number;
      maxIter: number;
      nInit: number;
      initParams: GmmInitParams;
      weightsInit: number[] | null;
      meansInit: number[][] | null;
      precisionsInit: number[] | null;
      warmStart: boolean;
      noise?: { init: number[]; hypervolume: number | null } | null;
      seed: number | null;
    };
    type State = {
      weights: number[];
      means: number[][];
      covariances: number[];
      precisionsCholesky: number[];
      converged: boolean;
      nIter: number;
      lowerBound: number | null;
      labels: number[];
      nFeaturesIn: number;
      seed: number;
      warnings: ModelWarning[];
      noise?: { proportion: number; density: number } | null;
    };
    const j = checkModelJSON<Opts, State>(json, 'GaussianMixture');
    const o = j.options;
    const gm = new GaussianMixture({
      ...o,
      weightsInit: o.weightsInit ?? undefined,
      meansInit: o.meansInit ?? undefined,
      precisionsInit: o.precisionsInit ?? undefined,
      seed: o.seed ?? undefined,
    });
    const st = j.state;
    const means = toMatrix(st.means, 'means');
    const k = o.nComponents;
    const d = means.cols;
    const cs = covarianceSize(gm.#layout, k, d);
    if (
      means.rows !== k ||
      st.weights.length !== k ||
      st.covariances.length !== cs ||
      st.precisionsCholesky.length !== cs
    ) {
      throw new ValidationError('Saved GaussianMixture has arrays of inconsistent sizes; re-save the model.', {
        param: 'model',
      });
    }
    const precChol = Float64Array.from(st.precisionsCholesky);
    const precisions = new Float64Array(cs);
    precisionsFromCholesky(precChol, gm.#layout, k, d, precisions);
    return GaussianMixture.restore(gm, {
      weights: Float64Array.from(st.weights),
      means,
      covariances: Float64Array.from(st.covariances),
      precisionsCholesky: precChol,
      precisions,
      converged: st.converged,
      nIter: st.nIter,
      lowerBound: st.lowerBound ?? Number.NEGATIVE_INFINITY,
      labels: Int32Array.from(st.labels),
      nFeaturesIn: d,
      seed: st.seed,
      warnings: st.warnings,
      noise: readSavedNoise(st.noise),
    });
  }
}

/** The training rows' log-likelihood Σᵢ ℓᵢ and ICL term Σᵢ log γᵢ,ĉᵢ, from the fit's final E-step. */
interface TrainingCriteria {
  /** The data fitted (the caller's array, not a copy): the criteria hold for these rows as they were then. */
  X: Float64Array;
  logL: number;
  iclTerm: number;
}

/** Each fitted model's {@link TrainingCriteria} (unweighted fits only). */
const TRAINING = new WeakMap<GaussianMixture, TrainingCriteria>();

/**
 * From weighted log densities a (n×cols): ℓᵢ = log Σc exp aᵢc, log L = Σᵢ ℓᵢ (row order, as `score`) and the ICL
 * term Σᵢ (maxc aᵢc − ℓᵢ) = Σᵢ log γᵢ,ĉᵢ (never −∞: max γ ≥ 1/cols). O(n·cols).
 */
function logLikelihoodAndIclTerm(a: Float64Array, n: number, cols: number): { logL: number; iclTerm: number } {
  const l = new Float64Array(n);
  logSumExpRows(a, n, cols, l);
  let logL = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    let best = a[i * cols];
    for (let c = 1; c < cols; c++) if (a[i * cols + c] > best) best = a[i * cols + c];
    logL += l[i];
    t += best - l[i];
  }
  return { logL, iclTerm: t };
}

/**
 * The total log-likelihood Σᵢ log p(xᵢ) and mclust's ICL of the rows `gm` was last fitted on, from the fit's final
 * E-step (the values `score(X)·n` and `icl(X)` give, without a further E-step); null when the last fit was
 * weighted, or `X` is not the fitted data's array (compared by identity). For selectGaussianMixture.
 * @internal
 */
export function trainingCriteria(gm: GaussianMixture, X: Float64Array): { logL: number; icl: number } | null {
  const t = TRAINING.get(gm);
  if (t === undefined || t.X !== X) return null;
  const n = X.length / gm.nFeaturesIn;
  return { logL: t.logL, icl: 2 * t.logL - gm.nParameters * Math.log(n) + 2 * t.iclTerm };
}

/** A saved noise component ({ proportion in [0, 1], density > 0 }), or null. */
function readSavedNoise(v: unknown): GmmState['noise'] {
  if (v === undefined || v === null) return null;
  const o = v as { proportion?: unknown; density?: unknown };
  const p = o.proportion;
  const dens = o.density;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1) || typeof dens !== 'number' || !(dens > 0)) {
    throw new ValidationError('Saved GaussianMixture has an invalid noise component; re-save the model.', {
      param: 'model',
    });
  }
  return { proportion: p, density: dens };
}

/**
 * With a noise component, one seed row per component (k-means++, random_from_data) would give single-point
 * covariances (regCovar only) that lose every other row to the noise: each row goes instead to its nearest seed
 * (one Voronoi step, Euclidean). resp n×k IN (one 1 per column, at the seeds) / OUT (one-hot rows). O(n·k·d).
 */
function nearestSeed(x: Float64Array, n: number, d: number, k: number, resp: Float64Array): void {
  const seeds = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) if (resp[i * k + c] === 1) seeds.set(x.subarray(i * d, i * d + d), c * d);
  }
  const labels = new Int32Array(n);
  assignLabels(x, n, d, seeds, k, null, labels, new Float64Array(n));
  resp.fill(0);
  for (let i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
}

/** a (n×k) with one more column of value v: n×(k + 1). O(n·k). */
function withNoiseColumn(a: Float64Array, n: number, k: number, v: number): Float64Array {
  const out = new Float64Array(n * (k + 1));
  for (let i = 0; i < n; i++) {
    out.set(a.subarray(i * k, i * k + k), i * (k + 1));
    out[i * (k + 1) + k] = v;
  }
  return out;
}
