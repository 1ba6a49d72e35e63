/**
 * `clusterkit bayesian-gmm INPUT -k N`: a variational Bayesian Gaussian mixture (scikit-learn's
 * `BayesianGaussianMixture`) with at most N components; --json with the parameters in data units and the effective
 * number of components, a classification plot with the effective components' ellipses, labels, the saved model.
 * @module
 */
import { type Command, Option } from 'commander';
import { BayesianGaussianMixture } from '../../mixture/BayesianGaussianMixture.js';
import type { CovarianceType } from '../../mixture/covariance.js';
import type { GmmInitParams } from '../../mixture/GaussianMixture.js';
import { WEIGHT_CONCENTRATION_PRIOR_TYPES, type WeightConcentrationPriorType } from '../../mixture/variational.js';
import { mixtureClassificationSvg } from '../../plot/mixture.js';
import { clusterSizes, formatRows, type InputOptions, numArg, type OutputOptions } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { withProgress } from '../progress.js';
import { covariancesJson, initParamsOption, toDataUnits } from './gmm.js';

interface BayesianGmmCliOptions extends InputOptions, OutputOptions {
  k: number;
  covariance: CovarianceType;
  weightPriorType: WeightConcentrationPriorType;
  weightConcentration?: number;
  regCovar: number;
  nInit: number;
  maxIter: number;
  tol: number;
  initParams: GmmInitParams;
  seed?: number;
}

/** Registers `bayesian-gmm`. */
export function register(program: Command): void {
  fitCommand.registerFitCommand<BayesianGmmCliOptions>(program, {
    name: 'bayesian-gmm',
    description:
      'variational Bayesian Gaussian mixture (scikit-learn BayesianGaussianMixture): -k is the most components; the weight prior switches off those the data do not need',
    options: (cmd) =>
      cmd
        .addOption(fitCommand.kOption('mixture components at most'))
        .addOption(
          new Option('--covariance <type>', 'covariance structure')
            .choices(['full', 'tied', 'diag', 'spherical'])
            .default('full'),
        )
        .addOption(
          new Option('--weight-prior-type <type>', 'weight prior: stick-breaking Dirichlet process or finite Dirichlet')
            .choices([...WEIGHT_CONCENTRATION_PRIOR_TYPES])
            .default('dirichlet_process'),
        )
        .option(
          '--weight-concentration <x>',
          'weight concentration prior γ₀ > 0; small values leave fewer active components (default 1/k)',
          numArg({ positive: true }),
        )
        .option('--reg-covar <x>', 'value added to every scatter diagonal', numArg({ nonNegative: true }), 1e-6)
        .addOption(fitCommand.nInitOption('initialisations, the best lower bound kept', 1))
        .addOption(fitCommand.maxIterOption('maximum iterations per initialisation', 100))
        .addOption(fitCommand.tolOption('stop when the lower bound changes by less than this', 1e-3))
        .addOption(initParamsOption())
        .addOption(fitCommand.seedOption()),
    fit(data, o) {
      const bgm = new BayesianGaussianMixture({
        nComponents: o.k,
        covarianceType: o.covariance,
        weightConcentrationPriorType: o.weightPriorType,
        weightConcentrationPrior: o.weightConcentration,
        regCovar: o.regCovar,
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        initParams: o.initParams,
        seed: o.seed,
      });
      const m = withProgress('bayesian-gmm', o, (onProgress) => bgm.fit(data.X, { onProgress }));
      const units = toDataUnits(m, data.scaler);
      const effective = m.effectiveComponents();
      const n = data.X.rows;
      return {
        model: m,
        table: { label: m.labels },
        plot: () =>
          mixtureClassificationSvg(data.raw, units, m.labels, {
            components: effective,
            title: `Bayesian Gaussian mixture: ${effective.length} of ${o.k} components, ${o.covariance}`,
            columnNames: data.names,
          }),
        json: () => ({
          labels: m.labels,
          weights: m.weights,
          means: units.means,
          covariances: covariancesJson(m, data.scaler, o.covariance),
          lowerBound: m.lowerBound,
          converged: m.converged,
          nIter: m.nIter,
          nEffective: effective.length,
          effectiveComponents: effective,
          covarianceType: o.covariance,
          weightConcentrationPriorType: o.weightPriorType,
          weightConcentrationPrior: m.weightConcentrationPrior,
          seed: m.seed,
        }),
        summary: () =>
          `Bayesian Gaussian mixture: n=${n} d=${data.X.cols} k≤${o.k} covariance=${o.covariance} prior=${o.weightPriorType} (γ₀=${m.weightConcentrationPrior.toPrecision(4)}) seed=${m.seed}\n` +
          `effective components (weight ≥ 0.01): ${effective.length} [${Array.from(effective).join(', ')}]\n` +
          `lower bound ${m.lowerBound.toPrecision(8)}, ${m.nIter} iterations, ${m.converged ? 'converged' : 'not converged'}\n` +
          `weights: ${Array.from(m.weights, (w) => w.toFixed(4)).join(', ')}\n` +
          `component sizes (most probable): ${clusterSizes(m.labels, o.k).join(', ')}\n` +
          `means (${data.names.join(', ')}):\n${formatRows(units.means)}\n`,
      };
    },
  });
}
