import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';
import type { CovarianceType } from '../../src/mixture/covariance.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

interface FitCase {
  maxIter: number;
  weights: number[];
  means: number[][];
  covariances: number[];
  precisionsCholesky: number[];
  lowerBound: number;
  nIter: number;
  converged: boolean;
  labels: number[];
  score: number;
  bic: number;
  aic: number;
  scoreSamples: number[];
  predictProba: number[][];
}
interface Fixture {
  params: { dataset: string; nComponents: number; regCovar: number; rtol: number };
  input: {
    X: number[][];
    init: Record<
      CovarianceType,
      { weights: number[]; means: number[][]; precisions: number[] | number[][] | number[][][] }
    >;
  };
  expected: {
    fits: Record<CovarianceType, FitCase[]>;
    restarts: Record<
      CovarianceType,
      { best: number; median: number; worst: number; nInit10: number[]; nInit10Median: number; reachable: boolean }
    >;
  };
}

const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/mixture/${name}.json`, import.meta.url), 'utf8')) as Fixture;

/** |a − e| ≤ rtol·(|e| + floor·max|e|): relative, with a floor for entries near 0 (off-diagonal covariances). */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, what: string, floor = 1e-3) {
  expect(actual.length, what).toBe(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + floor * scale);
    worst = Math.max(worst, err);
  }
  expect(worst, `${what}: worst relative error`).toBeLessThanOrEqual(rtol);
}

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
/** The pinned fits run on both kernel backends: the TypeScript kernels and the WebAssembly SIMD ones. */
const BACKENDS = isWasmAvailable() ? (['js', 'wasm'] as const) : (['js'] as const);
const initialBackend = getBackend();
afterEach(() => setBackend(initialBackend));

for (const name of ['gmm_iris', 'gmm_wine_std', 'gmm_demo', 'gmm_aniso']) {
  const fx = load(name);
  const { X } = fx.input;
  const k = fx.params.nComponents;
  describe(`GaussianMixture on ${fx.params.dataset} (scikit-learn 1.2.1, pinned init, tol 0)`, () => {
    for (const type of TYPES) {
      for (const exp of fx.expected.fits[type]) {
        for (const backend of BACKENDS)
          it(`covarianceType '${type}', maxIter ${exp.maxIter}, backend '${backend}': weights, means, covariances, lower bound, labels, BIC/AIC`, () => {
            setBackend(backend);
            const init = fx.input.init[type];
            const gm = new GaussianMixture({
              nComponents: k,
              covarianceType: type,
              tol: 0,
              maxIter: exp.maxIter,
              weightsInit: init.weights,
              meansInit: init.means,
              precisionsInit: init.precisions,
              seed: 0,
            }).fit(X);
            // The issue asks for fx.params.rtol (1e-6); the measured worst is ~3e-12, so hold it to 1e-9.
            const rtol = Math.min(fx.params.rtol, 1e-9);
            expect(gm.nIter).toBe(exp.nIter);
            expect(gm.converged).toBe(exp.converged);
            expectClose(gm.weights, exp.weights, rtol, 'weights');
            expectClose(gm.means.data, exp.means.flat(), rtol, 'means');
            expectClose(gm.covariances, exp.covariances, rtol, 'covariances');
            expectClose(gm.precisionsCholesky, exp.precisionsCholesky, rtol, 'precisionsCholesky');
            expect(Math.abs(gm.lowerBound - exp.lowerBound)).toBeLessThanOrEqual(rtol * Math.abs(exp.lowerBound));
            expect(Array.from(gm.labels)).toEqual(exp.labels);
            expect(Array.from(gm.predict(X))).toEqual(exp.labels);
            expect(Math.abs(gm.score(X) - exp.score)).toBeLessThanOrEqual(rtol * Math.abs(exp.score));
            expect(Math.abs(gm.bic(X) - exp.bic)).toBeLessThanOrEqual(rtol * Math.abs(exp.bic));
            expect(Math.abs(gm.aic(X) - exp.aic)).toBeLessThanOrEqual(rtol * Math.abs(exp.aic));
            expectClose(gm.scoreSamples(X.slice(0, 10)), exp.scoreSamples, rtol, 'scoreSamples', 0);
            expectClose(gm.predictProba(X.slice(0, 5)).data, exp.predictProba.flat(), rtol, 'predictProba', 1e-6);
          });
      }
      const ref = fx.expected.restarts[type];
      const target = ref.reachable ? ref.best : ref.nInit10Median;
      it(`covarianceType '${type}': nInit 10 comes within 0.5 % of ${ref.reachable ? 'the best of 100 scikit-learn restarts' : "scikit-learn's own nInit=10 median (the best of 100 restarts is a rare optimum)"}`, () => {
        // Median over 3 seeds, so one unlucky seed does not decide.
        const scores = [1, 2, 3].map((seed) =>
          new GaussianMixture({ nComponents: k, covarianceType: type, nInit: 10, seed }).fit(X).score(X),
        );
        scores.sort((a, b) => a - b);
        expect(scores[1]).toBeGreaterThanOrEqual(target - 0.005 * Math.abs(target));
      });
    }
  });
}
