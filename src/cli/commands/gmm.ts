/**
 * `clusterkit gmm INPUT -k N`: a Gaussian mixture fitted by EM on a data file; --json with the documented keys, a plot
 * with 1σ/2σ ellipses, labels, the saved model.
 * @module
 */
import { type Command, Option } from 'commander';
import { ValidationError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { applyScaler, invertScaler, type Scaler, scalerLogJacobian } from '../../core/scale.js';
import { GaussianMixture, type GmmInitParams } from '../../mixture/GaussianMixture.js';
import { nearestNeighborNoise } from '../../mixture/models/noise.js';
import {
  type GaussianMixtureModel,
  MCLUST_MODELS,
  type MclustModelName,
  mclustName,
} from '../../mixture/models/table.js';
import { type GaussianComponents, gmmPlotSvg } from '../../plot/gmm.js';
import { type GmmSelection, selectGaussianMixture } from '../../selection/selectGaussianMixture.js';
import {
  clusterSizes,
  formatRows,
  type InputData,
  type InputOptions,
  intArg,
  numArg,
  type OutputOptions,
  readMatrixFile,
} from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { startProgress, withProgress } from '../progress.js';

interface GmmCliOptions extends InputOptions, OutputOptions {
  k?: number;
  covariance?: 'full' | 'tied' | 'diag' | 'spherical';
  model?: MclustModelName;
  select?: boolean;
  prior?: boolean;
  noise?: boolean | string;
  noiseK: number;
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
export function covariancesJson(gm: FittedMixture, scaler: Scaler, type: GaussianMixtureModel): unknown {
  const k = gm.options.nComponents;
  const d = gm.nFeaturesIn;
  const units = toDataUnits(gm, scaler);
  const full = Array.from({ length: k }, (_, c) => {
    const m = units.componentCovariance(c).data;
    return Array.from({ length: d }, (_, a) => Array.from(m.subarray(a * d, a * d + d)));
  });
  if (type !== 'tied' && type !== 'diag' && type !== 'spherical') return full;
  if (type === 'tied') return full[0];
  if (type === 'diag' || scaler.kind !== 'none') return full.map((m) => m.map((row, j) => row[j]));
  return full.map((m) => m[0][0]);
}

/** `--init-params`: how EM's initial responsibilities are drawn (gmm, bayesian-gmm). */
export function initParamsOption(): Option {
  return new Option('--init-params <how>', 'how the initial responsibilities are drawn')
    .choices(['kmeans', 'k-means++', 'random', 'random_from_data'])
    .default('kmeans');
}

/** The scaler of data fitted as they are (the --engine fits: no --scale). */
function identityScaler(d: number): Scaler {
  return { kind: 'none', offset: new Array(d).fill(0), scale: new Array(d).fill(1) };
}

/** Registers `gmm`. */
export function register(program: Command): void {
  fitCommand.registerFitCommand<GmmCliOptions>(program, {
    name: 'gmm',
    description:
      "Gaussian mixture model fitted by EM (scikit-learn's 4 or mclust's 14 covariance models, BIC/AIC/ICL; --select: mclust's BIC table)",
    options: (cmd) =>
      cmd
        .addOption(
          new Option('-k, --k <n>', 'number of mixture components (with --select: the largest, default 9)').argParser(
            intArg(1),
          ),
        )
        .addOption(
          new Option('--covariance <type>', 'covariance structure (default full)').choices([
            'full',
            'tied',
            'diag',
            'spherical',
          ]),
        )
        .addOption(
          new Option('--model <name>', "mclust's covariance model (volume, shape, orientation)").choices(MCLUST_MODELS),
        )
        .option(
          '--select',
          "Mclust: fit every model (or the --model/--covariance given) for G = 1..k from mclust's hierarchical initialisation, print the BIC table and keep the best (with --noise G = 0..k, G = 0 the noise-only row, reported but not kept)",
        )
        .option(
          '--prior',
          "mclust's conjugate prior (priorControl() defaults on the clustered data): posterior-mode M-steps that keep EM out of degenerate fits (all models but VEE, EVE, VVE, EVV, which mclust has none for)",
        )
        .option(
          '--noise [how]',
          "mclust's noise component (a uniform over the data's hypervolume, label -1): the initial noise rows by 'knn' (the default: Byers & Raftery's nearest-neighbour clutter rule on the --noise-k-th neighbour distance) or from a FILE with one 0/1 per data row",
        )
        .option('--noise-k <n>', "the neighbour whose distance --noise knn models (Byers & Raftery's k)", intArg(1), 5)
        .option('--means-init <file>', 'a FILE of k initial means (one row per component, data units)')
        .option('--reg-covar <x>', 'value added to every covariance diagonal', numArg({ nonNegative: true }), 1e-6)
        .addOption(fitCommand.nInitOption('initialisations, the best lower bound kept', 1))
        .addOption(fitCommand.maxIterOption('maximum EM iterations per initialisation', 100))
        .addOption(fitCommand.tolOption('stop when the mean log-likelihood changes by less than this', 1e-3))
        .addOption(initParamsOption())
        .addOption(fitCommand.seedOption()),
    async fitSource(source, o, progressLine) {
      if (o.noise !== undefined && o.noise !== false) {
        throw new ValidationError('gmm --engine does not fit a noise component; drop --noise or load the rows.', {
          param: 'noise',
        });
      }
      const type = o.model ?? o.covariance ?? 'full';
      if (
        o.select ||
        o.k === undefined ||
        (type !== 'diag' && type !== 'spherical' && type !== 'VVI' && type !== 'VII')
      ) {
        throw new ValidationError(
          `gmm --engine fits one diagonal or spherical mixture (got ${o.select ? '--select' : o.k === undefined ? 'no -k' : `covariance ${type}`}); give -k N and --covariance diag or spherical.`,
          { param: o.select ? 'select' : o.k === undefined ? 'k' : 'covariance' },
        );
      }
      const gm = await new GaussianMixture({
        nComponents: o.k,
        covarianceType: type,
        meansInit: o.meansInit === undefined ? undefined : readMatrixFile(o.meansInit, 'means-init'),
        regCovar: o.regCovar,
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        seed: o.seed,
      }).fitSource(source, {
        onIteration:
          progressLine &&
          ((s) =>
            progressLine(
              `${o.nInit > 1 ? `run ${s.run + 1}, ` : ''}iteration ${s.iteration + 1}: mean log-likelihood ${s.lowerBound.toPrecision(8)}${Number.isFinite(s.change) ? `, change ${s.change.toPrecision(3)}` : ''}`,
            )),
      });
      const k = gm.options.nComponents;
      return {
        model: gm,
        writeLabels: (src, into) => gm.predictSource(src, { into }),
        json: () => ({
          weights: gm.weights,
          means: gm.means,
          covariances: covariancesJson(gm, identityScaler(gm.nFeaturesIn), gm.options.covarianceType),
          converged: gm.converged,
          nIter: gm.nIter,
          lowerBound: gm.lowerBound,
          covarianceType: gm.options.covarianceType,
          model: mclustName(gm.options.covarianceType),
          nComponents: k,
          seed: gm.seed,
        }),
        summary: () =>
          `Gaussian mixture on ${source.engine.dialect}: d=${gm.nFeaturesIn} k=${k} covariance=${gm.options.covarianceType} seed=${gm.seed}\n` +
          `mean log-likelihood ${gm.lowerBound.toPrecision(8)}, ${gm.nIter} EM iterations, ${gm.converged ? 'converged' : 'not converged'}\n` +
          `weights: ${Array.from(gm.weights, (w) => w.toFixed(4)).join(', ')}\n` +
          `means:\n${formatRows(gm.means)}\n`,
      };
    },
    fit(data, o) {
      if (o.model !== undefined && o.covariance !== undefined) {
        throw new ValidationError(
          `--model ${o.model} and --covariance ${o.covariance} both name the covariance model; give one of them.`,
          { param: 'model' },
        );
      }
      const named: GaussianMixtureModel | undefined = o.model ?? o.covariance;
      const noise = readNoise(o, data);
      let selection: GmmSelection | null = null;
      if (o.select) {
        const bar = startProgress('gmm --select', 1, { quiet: o.quiet });
        try {
          selection = selectGaussianMixture(data.X, {
            init: 'mclust',
            kMax: o.k ?? Math.min(9, data.X.rows),
            covarianceTypes: named === undefined ? undefined : [named],
            prior: o.prior === true,
            noise,
            seed: o.seed,
            onProgress: (done, total) => bar.update(done, total),
          });
        } finally {
          bar.stop();
        }
      } else if (o.k === undefined) {
        throw new ValidationError('gmm needs -k N (the number of components), or --select to choose it by BIC.', {
          param: 'k',
        });
      }
      let gm = selection?.model;
      if (gm === undefined) {
        const model = new GaussianMixture({
          nComponents: o.k as number,
          covarianceType: named ?? 'full',
          meansInit: readMeansInit(o, data),
          regCovar: o.regCovar,
          nInit: o.nInit,
          maxIter: o.maxIter,
          tol: o.tol,
          initParams: o.initParams,
          prior: o.prior === true,
          noise,
          seed: o.seed,
        });
        gm = withProgress('gmm', o, (onProgress) => model.fit(data.X, { onProgress }));
      }
      const k = gm.options.nComponents;
      const type = gm.options.covarianceType;
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
            title: `Gaussian mixture, k = ${k}, ${type} (ellipses at 1σ, 2σ)`,
            columnNames: data.names,
            units: fitCommand.plotUnits(data),
          }),
        json: () => ({
          labels: gm.labels,
          weights: gm.weights,
          means: units.means,
          covariances: covariancesJson(gm, data.scaler, type),
          logLikelihood,
          bic,
          aic,
          bicMclust: -bic,
          icl: gm.icl(data.X) - 2 * n * units.logJacobian,
          converged: gm.converged,
          nIter: gm.nIter,
          lowerBound: gm.lowerBound,
          covarianceType: type,
          model: mclustName(type),
          nComponents: k,
          prior: gm.options.prior !== null,
          ...(noise === null
            ? {}
            : {
                noiseProportion: gm.noiseProportion,
                noiseDensity: gm.noiseDensity * Math.exp(-units.logJacobian),
                nNoise: nNoise(gm.labels),
              }),
          seed: gm.seed,
          ...(selection === null ? {} : { selection: selectionJson(selection, n, units.logJacobian) }),
        }),
        summary: () =>
          (selection === null ? '' : bicTable(selection, n, units.logJacobian)) +
          `Gaussian mixture: n=${n} d=${data.X.cols} k=${k} covariance=${type} (mclust ${mclustName(type)}) seed=${gm.seed}\n` +
          `mean log-likelihood ${logLikelihood.toPrecision(8)}, BIC ${bic.toPrecision(8)}, AIC ${aic.toPrecision(8)}\n` +
          `${gm.nIter} EM iterations, ${gm.converged ? 'converged' : 'not converged'}\n` +
          `weights: ${Array.from(gm.weights, (w) => w.toFixed(4)).join(', ')}\n` +
          (noise === null
            ? ''
            : `noise: proportion ${gm.noiseProportion.toFixed(4)}, ${nNoise(gm.labels)} rows labelled -1 (density ${(gm.noiseDensity * Math.exp(-units.logJacobian)).toPrecision(6)})\n`) +
          `component sizes (most probable): ${clusterSizes(gm.labels, k).join(', ')}\n` +
          `means (${data.names.join(', ')}):\n${formatRows(units.means)}\n`,
      };
    },
  });
}

/**
 * The --select table in data units (the Jacobian of the scaling shifts every log-likelihood by the same amount):
 * one row per (model, G), NaN scores written as null, the failures' warnings kept.
 */
function selectionJson(sel: GmmSelection, n: number, logJacobian: number): object {
  const shift = 2 * n * logJacobian;
  const num = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    table: sel.table.map((r) => ({
      model: r.model,
      nComponents: r.nComponents,
      bic: num(r.bic + shift),
      bicMclust: num(r.bicMclust - shift),
      icl: num(r.icl - shift),
      logLikelihood: num(r.logLikelihood - logJacobian),
      nParameters: r.nParameters,
      converged: r.converged,
      ...(r.warning === undefined ? {} : { warning: r.warning }),
      ...(r.best ? { best: true } : {}),
    })),
    best: { model: sel.best.model, nComponents: sel.best.nComponents, bicMclust: sel.best.bicMclust - shift },
    warnings: sel.warnings,
  };
}

/** mclust's BIC table as text: one row per G, one column per model, NA for failed fits, the best marked. */
function bicTable(sel: GmmSelection, n: number, logJacobian: number): string {
  const models = [...new Set(sel.table.map((r) => r.model))];
  const gs = [...new Set(sel.table.map((r) => r.nComponents))];
  const w = 11;
  let out = `BIC (mclust's sign: higher is better)\n   G${models.map((m) => m.padStart(w)).join('')}\n`;
  for (const g of gs) {
    out += String(g).padStart(4);
    for (const m of models) {
      const r = sel.table.find((t) => t.model === m && t.nComponents === g);
      const v =
        r === undefined || !Number.isFinite(r.bicMclust) ? 'NA' : (r.bicMclust - 2 * n * logJacobian).toFixed(3);
      out += `${r?.best ? '*' : ' '}${v}`.padStart(w);
    }
    out += '\n';
  }
  out += `best (*): ${sel.best.model}, G=${sel.best.nComponents}\n`;
  for (const warning of sel.warnings) out += `NA: ${warning}\n`;
  return `${out}\n`;
}

/** Rows labelled −1 (noise). */
function nNoise(labels: Int32Array): number {
  let t = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] < 0) t++;
  return t;
}

/**
 * --noise: the noise option from the initial indicator — `knn` (or the bare flag) marks rows by
 * {@link nearestNeighborNoise} on the data as fitted (after --scale); a FILE gives one 0/1 per data row (its single
 * column, or one value per line). The hypervolume is mclust's hypvol of the data as fitted. null without --noise.
 */
function readNoise(o: GmmCliOptions, data: InputData): { init: Uint8Array } | null {
  if (o.noise === undefined || o.noise === false) return null;
  const n = data.X.rows;
  if (o.noise === true || o.noise === 'knn') {
    if (o.noiseK >= n) {
      throw new ValidationError(`--noise-k ${o.noiseK} needs more than ${o.noiseK} rows; the data has ${n}.`, {
        param: 'noiseK',
      });
    }
    return { init: nearestNeighborNoise(data.X, { k: o.noiseK }) };
  }
  const m = readMatrixFile(o.noise, 'noise');
  if (m.cols !== 1 || m.rows !== n) {
    throw new ValidationError(
      `--noise ${o.noise} has ${m.rows}×${m.cols} values but the data has ${n} rows; give one 0/1 per row (one column), or --noise knn.`,
      { param: 'noise' },
    );
  }
  const init = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = m.data[i];
    if (v !== 0 && v !== 1) {
      throw new ValidationError(`--noise ${o.noise}: row ${i + 1} is ${v}; give 1 (noise) or 0 per row.`, {
        param: 'noise',
      });
    }
    init[i] = v;
  }
  return { init };
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
  if (o.k === undefined || m.rows !== o.k) {
    throw new ValidationError(
      `--means-init ${o.meansInit} has ${m.rows} rows but -k is ${o.k}; give one mean per component.`,
      { param: 'meansInit' },
    );
  }
  return applyScaler(m, data.scaler);
}
