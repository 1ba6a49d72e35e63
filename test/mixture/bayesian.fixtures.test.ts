import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture,
  type BayesianGaussianMixtureOptions,
} from '../../src/mixture/BayesianGaussianMixture.js';
import type { CovarianceType } from '../../src/mixture/covariance.js';
import type { WeightConcentrationPriorType } from '../../src/mixture/variational.js';

interface Attributes {
  weights: number[];
  means: number[][];
  covariances: number[];
  precisionsCholesky: number[];
  weightConcentration: number[][];
  meanPrecision: number[];
  degreesOfFreedom: number[];
  lowerBound: number;
  nIter: number;
  converged: boolean;
  labels: number[];
  score: number;
  scoreSamples: number[];
  predictProba: number[][];
}
interface Case {
  covariance_type: CovarianceType;
  weight_concentration_prior_type: WeightConcentrationPriorType;
  tol: number;
  max_iter: number;
  priors?: {
    weight_concentration_prior: number;
    mean_precision_prior: number;
    mean_prior: number[];
    degrees_of_freedom_prior: number;
    covariance_prior: number | number[] | number[][];
  };
  expected: Attributes;
}
interface Fixture {
  params: { dataset: string; nComponents: number; regCovar: number; rtol: number };
  input: { X: number[][]; resp: number[][] };
  expected: { cases: Case[] };
}

const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/bayesian_mixture/${name}.json`, import.meta.url), 'utf8')) as Fixture;

/** |a − e| ≤ rtol·(|e| + floor·max|e|): relative, with a floor for entries near 0 (off-diagonal covariances). */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, what: string, floor = 1e-3) {
  expect(actual.length, what).toBe(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + floor * scale));
  }
  expect(worst, `${what}: worst relative error`).toBeLessThanOrEqual(rtol);
}

function optionsOf(f: Fixture, c: Case): BayesianGaussianMixtureOptions {
  const p = c.priors;
  return {
    nComponents: f.params.nComponents,
    covarianceType: c.covariance_type,
    weightConcentrationPriorType: c.weight_concentration_prior_type,
    tol: c.tol,
    maxIter: c.max_iter,
    regCovar: f.params.regCovar,
    respInit: f.input.resp,
    ...(p === undefined
      ? {}
      : {
          weightConcentrationPrior: p.weight_concentration_prior,
          meanPrecisionPrior: p.mean_precision_prior,
          meanPrior: p.mean_prior,
          degreesOfFreedomPrior: p.degrees_of_freedom_prior,
          covariancePrior: p.covariance_prior,
        }),
  };
}

describe('BayesianGaussianMixture against scikit-learn 1.2.1 from pinned responsibilities', () => {
  for (const name of ['bgmm_iris', 'bgmm_wine_sub', 'bgmm_blobs']) {
    const f = load(name);
    const rtol = f.params.rtol;
    for (const c of f.expected.cases) {
      const label = `${f.params.dataset}: ${c.covariance_type}, ${c.weight_concentration_prior_type}, maxIter ${c.max_iter}, tol ${c.tol}${c.priors ? ', given priors' : ''}`;
      it(label, () => {
        const m = new BayesianGaussianMixture(optionsOf(f, c)).fit(f.input.X);
        const e = c.expected;
        expect(m.nIter).toBe(e.nIter);
        expect(m.converged).toBe(e.converged);
        expect(Array.from(m.labels)).toEqual(e.labels);
        expectClose([m.lowerBound], [e.lowerBound], rtol, 'lowerBound');
        expectClose(m.weights, e.weights, rtol, 'weights', 1e-6);
        expectClose(m.means.data, e.means.flat(), rtol, 'means');
        expectClose(m.covariances, e.covariances, rtol, 'covariances');
        expectClose(m.precisionsCholesky, e.precisionsCholesky, rtol, 'precisionsCholesky');
        const wc = m.weightConcentration;
        expect(wc.length).toBe(e.weightConcentration.length);
        for (let i = 0; i < wc.length; i++) {
          expectClose(wc[i], e.weightConcentration[i], rtol, `weightConcentration[${i}]`);
        }
        expectClose(m.meanPrecision, e.meanPrecision, rtol, 'meanPrecision');
        expectClose(m.degreesOfFreedom, e.degreesOfFreedom, rtol, 'degreesOfFreedom');
        const X = f.input.X;
        expectClose([m.score(X)], [e.score], rtol, 'score');
        expectClose(m.scoreSamples(X.slice(0, 10)), e.scoreSamples, rtol, 'scoreSamples');
        expectClose(m.predictProba(X.slice(0, 5)).data, e.predictProba.flat(), rtol, 'predictProba', 1e-6);
      });
    }
  }
});
