/**
 * `clusterkit gmm INPUT -k N`: a Gaussian mixture fitted by EM on a data file; --json with the documented keys, a plot
 * with 1σ/2σ ellipses, labels, the saved model.
 * @module
 */
import { type Command, Option } from 'commander';
import { ValidationError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { applyScaler, invertScaler, type Scaler, scalerLogJacobian } from '../../core/scale.js';
import type { CovarianceType } from '../../mixture/covariance.js';
import { GaussianMixture, type GmmInitParams } from '../../mixture/GaussianMixture.js';
import { type GaussianComponents, gmmPlotSvg } from '../../plot/gmm.js';
import {
  clusterSizes,
  formatRows,
  type InputData,
  type InputOptions,
  numArg,
  type OutputOptions,
  readMatrixFile,
} from '../common.js';
import * as fitCommand from '../fitCommand.js';

interface GmmCliOptions extends InputOptions, OutputOptions {
  k: number;
  covariance: CovarianceType;
  meansInit?: string;
  regCovar: number;
  nInit: number;
  maxIter: number;
  tol: number;
  initParams: GmmInitParams;
  seed?: number;
}

/** What the data-unit conversions read from a fitted mixture (GaussianMixture, BayesianGaussianMixture). */
export type FittedMixture = Pick<GaussianMixture, 'nFeaturesIn' | 'means' | 'componentCovariance'> & {
  readonly options: { readonly nComponents: number };
};

/**
 * The fitted mixture in the units of the input columns: the model was fitted on x′ = (x − offset)/scale, so
 * x = D·x′ + offset with D = diag(scale); means map the same way, covariances to D·Σ·D, and every log density
 * shifts by −Σⱼ log scaleⱼ (the Jacobian).
 */
export function toDataUnits(gm: FittedMixture, scaler: Scaler): GaussianComponents & { logJacobian: number } {
  const d = gm.nFeaturesIn;
  const s = scaler.scale;
  const means = invertScaler(gm.means, scaler);
  return {
    means,
    logJacobian: scalerLogJacobian(scaler),
    componentCovariance(c: number): Matrix {
      const m = gm.componentCovariance(c);
      if (scaler.kind === 'none') return m;
      const out = new Float64Array(d * d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[a * d + b] = m.data[a * d + b] * s[a] * s[b];
      return { rows: d, cols: d, data: out };
    },
  };
}

/**
 * Covariances in data units, as nested arrays in scikit-learn's layout for the covariance type (full k×d×d,
 * tied d×d, diag k×d, spherical k). With a scaler, a spherical model is no longer spherical in data units, so its
 * variances are given per feature (k×d).
 */
export function covariancesJson(gm: FittedMixture, scaler: Scaler, type: CovarianceType): unknown {
  const k = gm.options.nComponents;
  const d = gm.nFeaturesIn;
  const units = toDataUnits(gm, scaler);
  const full = Array.from({ length: k }, (_, c) => {
    const m = units.componentCovariance(c).data;
    return Array.from({ length: d }, (_, a) => Array.from(m.subarray(a * d, a * d + d)));
  });
  if (type === 'full') return full;
  if (type === 'tied') return full[0];
  if (type === 'diag' || scaler.kind !== 'none') return full.map((m) => m.map((row, j) => row[j]));
  return full.map((m) => m[0][0]);
}

/** Registers `gmm`. */
export function register(program: Command): void {
  fitCommand.registerFitCommand<GmmCliOptions>(program, {
    name: 'gmm',
    description: 'Gaussian mixture model fitted by EM (full/tied/diag/spherical covariances, BIC/AIC)',
    options: (cmd) =>
      cmd
        .addOption(fitCommand.kOption('mixture components'))
        .addOption(
          new Option('--covariance <type>', 'covariance structure')
            .choices(['full', 'tied', 'diag', 'spherical'])
            .default('full'),
        )
        .option('--means-init <file>', 'a FILE of k initial means (one row per component, data units)')
        .option('--reg-covar <x>', 'value added to every covariance diagonal', numArg({ nonNegative: true }), 1e-6)
        .addOption(fitCommand.nInitOption('initialisations, the best lower bound kept', 1))
        .addOption(fitCommand.maxIterOption('maximum EM iterations per initialisation', 100))
        .addOption(fitCommand.tolOption('stop when the mean log-likelihood changes by less than this', 1e-3))
        .addOption(
          new Option('--init-params <how>', 'how the initial responsibilities are drawn')
            .choices(['kmeans', 'k-means++', 'random', 'random_from_data'])
            .default('kmeans'),
        )
        .addOption(fitCommand.seedOption()),
    fit(data, o) {
      const gm = new GaussianMixture({
        nComponents: o.k,
        covarianceType: o.covariance,
        meansInit: readMeansInit(o, data),
        regCovar: o.regCovar,
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        initParams: o.initParams,
        seed: o.seed,
      }).fit(data.X);
      const units = toDataUnits(gm, data.scaler);
      const n = data.X.rows;
      const logLikelihood = gm.score(data.X) - units.logJacobian;
      const bic = gm.bic(data.X) + 2 * n * units.logJacobian;
      const aic = gm.aic(data.X) + 2 * n * units.logJacobian;
      return {
        model: gm,
        table: { label: gm.labels },
        plot: () =>
          gmmPlotSvg(data.X, gm, {
            labels: gm.labels,
            title: `Gaussian mixture, k = ${o.k}, ${o.covariance} (ellipses at 1σ, 2σ)`,
            columnNames: data.names,
            units: fitCommand.plotUnits(data),
          }),
        json: () => ({
          labels: gm.labels,
          weights: gm.weights,
          means: units.means,
          covariances: covariancesJson(gm, data.scaler, o.covariance),
          logLikelihood,
          bic,
          aic,
          converged: gm.converged,
          nIter: gm.nIter,
          lowerBound: gm.lowerBound,
          covarianceType: o.covariance,
          seed: gm.seed,
        }),
        summary: () =>
          `Gaussian mixture: n=${n} d=${data.X.cols} k=${o.k} covariance=${o.covariance} seed=${gm.seed}\n` +
          `mean log-likelihood ${logLikelihood.toPrecision(8)}, BIC ${bic.toPrecision(8)}, AIC ${aic.toPrecision(8)}\n` +
          `${gm.nIter} EM iterations, ${gm.converged ? 'converged' : 'not converged'}\n` +
          `weights: ${Array.from(gm.weights, (w) => w.toFixed(4)).join(', ')}\n` +
          `component sizes (most probable): ${clusterSizes(gm.labels, o.k).join(', ')}\n` +
          `means (${data.names.join(', ')}):\n${formatRows(units.means)}\n`,
      };
    },
  });
}

/** --means-init FILE: k rows of d values in data units, scaled like the data. */
function readMeansInit(o: GmmCliOptions, data: InputData): Matrix | undefined {
  if (o.meansInit === undefined) return undefined;
  const m = readMatrixFile(o.meansInit, 'means-init');
  if (m.cols !== data.X.cols) {
    throw new ValidationError(
      `--means-init ${o.meansInit} has ${m.cols} columns but the data has ${data.X.cols}; give one value per feature.`,
      { param: 'meansInit' },
    );
  }
  if (m.rows !== o.k) {
    throw new ValidationError(
      `--means-init ${o.meansInit} has ${m.rows} rows but -k is ${o.k}; give one mean per component.`,
      { param: 'meansInit' },
    );
  }
  return applyScaler(m, data.scaler);
}
