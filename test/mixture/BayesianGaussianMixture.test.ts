import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { demoBlobs, makeBlobs } from '../../src/datasets/index.js';
import { BayesianGaussianMixture } from '../../src/mixture/BayesianGaussianMixture.js';
import { COVARIANCE_TYPES } from '../../src/mixture/covariance.js';
import { WEIGHT_CONCENTRATION_PRIOR_TYPES } from '../../src/mixture/variational.js';

const TWO_BLOBS = [
  [0, 0],
  [0.2, 0.1],
  [-0.1, 0.3],
  [0.3, -0.2],
  [5, 5],
  [5.2, 4.9],
  [4.8, 5.3],
  [5.1, 5.2],
];

function expectValidation(fn: () => unknown, param: string, message?: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).param).toBe(param);
  if (message) expect((err as Error).message).toMatch(message);
}

/** Row-normalised random responsibilities from a small LCG (n×k). */
function randomResp(n: number, k: number, seed: number): number[][] {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 1) / 4294967297;
  };
  return Array.from({ length: n }, () => {
    const r = Array.from({ length: k }, next);
    const t = r.reduce((a, b) => a + b, 0);
    return r.map((v) => v / t);
  });
}

describe('BayesianGaussianMixture: edge cases and bad input', () => {
  it('refuses one row, more components than rows, and ragged or NaN data', () => {
    expectValidation(() => new BayesianGaussianMixture().fit([[1, 2]]), 'X', /at least 2 samples/);
    expectValidation(
      () => new BayesianGaussianMixture({ nComponents: 9 }).fit(TWO_BLOBS),
      'nComponents',
      /nComponents=9, n_samples=8/,
    );
    expect(() =>
      new BayesianGaussianMixture().fit([
        [0, Number.NaN],
        [1, 1],
      ]),
    ).toThrow(ValidationError);
  });

  it('refuses invalid options in the constructor, naming them', () => {
    expectValidation(() => new BayesianGaussianMixture({ nComponents: 0 }), 'nComponents');
    expectValidation(
      () => new BayesianGaussianMixture({ weightConcentrationPriorType: 'dirichlet' as never }),
      'weightConcentrationPriorType',
      /'dirichlet_process', 'dirichlet_distribution'/,
    );
    expectValidation(() => new BayesianGaussianMixture({ weightConcentrationPrior: 0 }), 'weightConcentrationPrior');
    expectValidation(() => new BayesianGaussianMixture({ meanPrecisionPrior: -1 }), 'meanPrecisionPrior');
    expectValidation(() => new BayesianGaussianMixture({ degreesOfFreedomPrior: 0 }), 'degreesOfFreedomPrior');
    expectValidation(() => new BayesianGaussianMixture({ covariancePrior: 0 }), 'covariancePrior');
    expectValidation(() => new BayesianGaussianMixture({ meanPrior: [0, Number.NaN] }), 'meanPrior');
    expectValidation(
      () => new BayesianGaussianMixture({ nComponents: 2, respInit: [[1, 0, 0]] }),
      'respInit',
      /3 columns but nComponents=2/,
    );
    expectValidation(
      () => new BayesianGaussianMixture({ nComponents: 2, respInit: [[1.5, -0.5]] }),
      'respInit',
      /negative/,
    );
  });

  it('refuses priors that do not fit the data, at fit', () => {
    expectValidation(
      () => new BayesianGaussianMixture({ meanPrior: [0, 0, 0] }).fit(TWO_BLOBS),
      'meanPrior',
      /3 values but X has 2 columns/,
    );
    expectValidation(
      () => new BayesianGaussianMixture({ degreesOfFreedomPrior: 0.5 }).fit(TWO_BLOBS),
      'degreesOfFreedomPrior',
      /greater than 1/,
    );
    expectValidation(
      () => new BayesianGaussianMixture({ covariancePrior: [1, 2, 3] }).fit(TWO_BLOBS),
      'covariancePrior',
      /needs 2×2/,
    );
    expectValidation(
      () =>
        new BayesianGaussianMixture({
          covariancePrior: [
            [1, 2],
            [2, 1],
          ],
        }).fit(TWO_BLOBS),
      'covariancePrior',
      /not positive definite/,
    );
    expectValidation(
      () =>
        new BayesianGaussianMixture({
          covariancePrior: [
            [1, 0.5],
            [0, 1],
          ],
        }).fit(TWO_BLOBS),
      'covariancePrior',
      /not symmetric/,
    );
    expectValidation(
      () => new BayesianGaussianMixture({ covarianceType: 'diag', covariancePrior: [1, 0] }).fit(TWO_BLOBS),
      'covariancePrior',
      /must be positive/,
    );
    expectValidation(
      () => new BayesianGaussianMixture({ nComponents: 2, respInit: randomResp(5, 2, 1) }).fit(TWO_BLOBS),
      'respInit',
      /5 rows but X has 8/,
    );
  });

  it('throws NotFittedError before fit and from effectiveComponents', () => {
    const m = new BayesianGaussianMixture();
    expect(() => m.weights).toThrow(NotFittedError);
    expect(() => m.effectiveComponents()).toThrow(NotFittedError);
    expect(() => m.predict(TWO_BLOBS)).toThrow(NotFittedError);
  });

  it('does not change its input', () => {
    const X = TWO_BLOBS.map((r) => r.slice());
    const resp = randomResp(8, 2, 3);
    const respCopy = resp.map((r) => r.slice());
    new BayesianGaussianMixture({ nComponents: 2, respInit: resp }).fit(X);
    expect(X).toEqual(TWO_BLOBS);
    expect(resp).toEqual(respCopy);
  });

  it('with maxIter 0 keeps the initial M-step, lowerBound −Infinity and nIter 0', () => {
    const m = new BayesianGaussianMixture({ nComponents: 2, maxIter: 0, seed: 1 }).fit(TWO_BLOBS);
    expect(m.nIter).toBe(0);
    expect(m.lowerBound).toBe(Number.NEGATIVE_INFINITY);
    expect(m.converged).toBe(false);
    expect(m.warnings).toEqual([]);
  });
});

describe('BayesianGaussianMixture: behaviour', () => {
  it('the Dirichlet process prior switches off unneeded components: 10 allowed, 5 used on the demo blobs', () => {
    const { X } = demoBlobs(0);
    for (const type of WEIGHT_CONCENTRATION_PRIOR_TYPES) {
      const m = new BayesianGaussianMixture({
        nComponents: 10,
        weightConcentrationPriorType: type,
        weightConcentrationPrior: 1e-3,
        maxIter: 500,
        seed: 0,
      }).fit(X);
      expect(m.nEffectiveComponents, type).toBe(5);
      expect(new Set(m.labels).size, type).toBe(5);
      expect(m.effectiveComponents(0).length).toBe(10);
      expect(m.converged).toBe(true);
    }
  });

  it('predict equals labels, predictProba rows sum to 1, score is the mean of scoreSamples', () => {
    const { X } = demoBlobs(1);
    for (const type of COVARIANCE_TYPES) {
      const m = new BayesianGaussianMixture({ nComponents: 6, covarianceType: type, seed: 2 }).fit(X);
      expect(Array.from(m.predict(X))).toEqual(Array.from(m.labels));
      const p = m.predictProba(X);
      for (let i = 0; i < p.rows; i++) {
        let s = 0;
        for (let c = 0; c < 6; c++) s += p.data[i * 6 + c];
        expect(Math.abs(s - 1)).toBeLessThan(1e-12);
      }
      const ss = m.scoreSamples(X);
      expect(m.score(X)).toBeCloseTo(ss.reduce((a, b) => a + b, 0) / ss.length, 12);
      let w = 0;
      for (const v of m.weights) w += v;
      expect(w).toBeCloseTo(1, 14);
    }
  });

  it('resolves the data-dependent priors as scikit-learn (1/k, 1, column means, d, sample covariance)', () => {
    const m = new BayesianGaussianMixture({ nComponents: 4, covarianceType: 'spherical', seed: 0 }).fit(TWO_BLOBS);
    expect(m.weightConcentrationPrior).toBe(0.25);
    expect(m.meanPrecisionPrior).toBe(1);
    expect(m.degreesOfFreedomPrior).toBe(2);
    expect(Array.from(m.meanPrior)).toEqual(
      [2.5625, 2.5625].map((_, j) => TWO_BLOBS.reduce((a, r) => a + r[j], 0) / 8),
    );
    expect(m.covariancePrior.length).toBe(1);
  });

  it('the same seed gives the same fit; nInit keeps the largest lower bound', () => {
    const { X } = makeBlobs({ nSamples: 120, centers: 3, seed: 4 });
    const a = new BayesianGaussianMixture({ nComponents: 4, seed: 9, initParams: 'random', tol: 1e-8 }).fit(X);
    const b = new BayesianGaussianMixture({ nComponents: 4, seed: 9, initParams: 'random', tol: 1e-8 }).fit(X);
    expect(a.toJSON()).toEqual(b.toJSON());
    const many = new BayesianGaussianMixture({
      nComponents: 4,
      seed: 9,
      nInit: 4,
      initParams: 'random',
      tol: 1e-8,
    }).fit(X);
    expect(many.lowerBound).toBeGreaterThanOrEqual(a.lowerBound);
  });
});

describe('BayesianGaussianMixture: properties', () => {
  it('the lower bound never decreases across iterations (same respInit, maxIter t, tol 0, regCovar 0)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1e6 }),
          k: fc.integer({ min: 1, max: 4 }),
          d: fc.integer({ min: 1, max: 3 }),
          type: fc.constantFrom(...COVARIANCE_TYPES),
          prior: fc.constantFrom(...WEIGHT_CONCENTRATION_PRIOR_TYPES),
        }),
        ({ seed, k, d, type, prior }) => {
          const { X } = makeBlobs({ nSamples: 30 * k, centers: k, nFeatures: d, seed, clusterStd: 1.5 });
          const respInit = randomResp(X.rows, k, seed);
          let prev = Number.NEGATIVE_INFINITY;
          for (let t = 1; t <= 8; t++) {
            const m = new BayesianGaussianMixture({
              nComponents: k,
              covarianceType: type,
              weightConcentrationPriorType: prior,
              regCovar: 0,
              tol: 0,
              maxIter: t,
              respInit,
            }).fit(X);
            expect(m.lowerBound).toBeGreaterThanOrEqual(prev - 1e-9 * Math.abs(prev));
            prev = m.lowerBound;
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
