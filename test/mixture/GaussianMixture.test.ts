import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityError, NotFittedError, NumericalError, ValidationError } from '../../src/core/errors.js';
import { type Matrix, toArrays } from '../../src/core/matrix.js';
import { demoBlobs, makeBlobs } from '../../src/datasets/index.js';
import { COVARIANCE_TYPES, type CovarianceType } from '../../src/mixture/covariance.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

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

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

function expectValidation(fn: () => unknown, param: string): ValidationError {
  const e = catchError(fn);
  expect(e).toBeInstanceOf(ValidationError);
  expect((e as ValidationError).param).toBe(param);
  return e as ValidationError;
}

/** Precisions for the true model, in the layout for `type`. */
function precisionsFor(
  type: CovarianceType,
  k: number,
  d: number,
  variances: number[],
): number[] | number[][] | number[][][] {
  const eye = (s: number) =>
    Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? s : 0)));
  if (type === 'full') return variances.map((v) => eye(1 / v));
  if (type === 'tied') return eye(1 / variances[0]);
  if (type === 'diag') return variances.map((v) => Array.from({ length: d }, () => 1 / v));
  return variances.slice(0, k).map((v) => 1 / v);
}

describe('GaussianMixture: behaviour', () => {
  it('fit(X) separates two obvious blobs, labels equal predict(X), weights sum to 1', () => {
    const gm = new GaussianMixture({ nComponents: 2, seed: 3 }).fit(TWO_BLOBS);
    const l = gm.labels;
    expect(new Set(Array.from(l.slice(0, 4))).size).toBe(1);
    expect(new Set(Array.from(l.slice(4))).size).toBe(1);
    expect(l[0]).not.toBe(l[4]);
    expect(Array.from(gm.predict(TWO_BLOBS))).toEqual(Array.from(l));
    expect(gm.weights[0] + gm.weights[1]).toBeCloseTo(1, 14);
    expect(gm.converged).toBe(true);
    expect(gm.warnings).toEqual([]);
  });

  it('the same seed gives the same model; fitPredict returns labels', () => {
    const { X } = demoBlobs(1);
    for (const initParams of ['kmeans', 'k-means++', 'random', 'random_from_data'] as const) {
      const a = new GaussianMixture({ nComponents: 5, initParams, seed: 11 }).fit(X);
      const b = new GaussianMixture({ nComponents: 5, initParams, seed: 11 });
      expect(Array.from(b.fitPredict(X))).toEqual(Array.from(a.labels));
      expect(Array.from(b.means.data)).toEqual(Array.from(a.means.data));
      expect(b.seed).toBe(11);
    }
  });

  it('fit onProgress counts EM iterations against nInit × maxIter (each run ends at its budget) and changes nothing', () => {
    const X = demoBlobs(0).X;
    const calls: [number, number][] = [];
    const a = new GaussianMixture({ nComponents: 5, nInit: 4, seed: 3 }).fit(X, {
      onProgress: (done, total) => calls.push([done, total]),
    });
    for (let r = 0; r < 4; r++) expect(calls).toContainEqual([(r + 1) * 100, 400]);
    expect(calls.length).toBeGreaterThan(4 + 4);
    expect(calls.every(([, t]) => t === 400)).toBe(true);
    const b = new GaussianMixture({ nComponents: 5, nInit: 4, seed: 3 }).fit(X);
    expect(Array.from(a.means.data)).toEqual(Array.from(b.means.data));
    expect(a.lowerBound).toBe(b.lowerBound);
  });
  it('every initParams finds the five demo centres (within 0.5) with nInit 5', () => {
    const { X, centers } = demoBlobs(0);
    for (const initParams of ['kmeans', 'k-means++', 'random', 'random_from_data'] as const) {
      // 'random' starts every component near the global mean; with the default tol (1e-3) EM stops after two
      // iterations there, as scikit-learn does, so it gets a tight tol and more iterations.
      const tol = initParams === 'random' ? 1e-9 : 1e-3;
      const gm = new GaussianMixture({ nComponents: 5, initParams, nInit: 5, seed: 2, tol, maxIter: 1000 }).fit(X);
      const found = toArrays(gm.means);
      for (const c of toArrays(centers as Matrix)) {
        const dist = Math.min(...found.map((f) => Math.hypot(f[0] - c[0], f[1] - c[1])));
        expect(dist, `${initParams}: centre ${c}`).toBeLessThan(0.5);
      }
    }
  });

  it('warmStart with maxIter 1, called three times, equals one fit with maxIter 3 from the same start', () => {
    const { X } = demoBlobs(2);
    for (const covarianceType of COVARIANCE_TYPES) {
      const init = {
        nComponents: 3,
        covarianceType,
        tol: 0,
        weightsInit: [0.2, 0.3, 0.5],
        meansInit: [
          [0, 0],
          [3, 3],
          [-3, -3],
        ],
      };
      const once = new GaussianMixture({ ...init, maxIter: 3, seed: 5 }).fit(X);
      const step = new GaussianMixture({ ...init, maxIter: 1, warmStart: true, seed: 5 });
      for (let t = 0; t < 3; t++) step.fit(X);
      expect(step.nIter).toBe(1);
      for (let t = 0; t < once.means.data.length; t++) expect(step.means.data[t]).toBeCloseTo(once.means.data[t], 10);
      for (let t = 0; t < once.covariances.length; t++)
        expect(step.covariances[t]).toBeCloseTo(once.covariances[t], 10);
      expect(step.lowerBound).toBeCloseTo(once.lowerBound, 10);
    }
  });

  it('maxIter 0 keeps the given initial parameters (covariances = inverse precisions) and lowerBound is −Infinity', () => {
    const gm = new GaussianMixture({
      nComponents: 2,
      maxIter: 0,
      weightsInit: [0.25, 0.75],
      meansInit: [
        [0, 0],
        [5, 5],
      ],
      precisionsInit: [
        [
          [2, 0.5],
          [0.5, 1],
        ],
        [
          [1, 0],
          [0, 4],
        ],
      ],
    }).fit(TWO_BLOBS);
    expect(Array.from(gm.weights)).toEqual([0.25, 0.75]);
    expect(toArrays(gm.means)).toEqual([
      [0, 0],
      [5, 5],
    ]);
    expect(gm.lowerBound).toBe(Number.NEGATIVE_INFINITY);
    expect(gm.nIter).toBe(0);
    const c0 = gm.componentCovariance(0).data; // inverse of [[2, .5], [.5, 1]] = [[1, -.5], [-.5, 2]] / 1.75
    expect(c0[0]).toBeCloseTo(1 / 1.75, 14);
    expect(c0[1]).toBeCloseTo(-0.5 / 1.75, 14);
    expect(c0[3]).toBeCloseTo(2 / 1.75, 14);
    expect(gm.precisions[0]).toBeCloseTo(2, 13);
    expect(gm.precisions[1]).toBeCloseTo(0.5, 13);
    expect(gm.componentCovariance(1).data[3]).toBeCloseTo(0.25, 14);
  });

  it('a run that does not converge carries a CONVERGENCE warning', () => {
    const { X } = demoBlobs(0);
    const gm = new GaussianMixture({ nComponents: 5, maxIter: 2, tol: 1e-12, seed: 0 }).fit(X);
    expect(gm.converged).toBe(false);
    expect(gm.warnings.map((w) => w.code)).toEqual(['CONVERGENCE']);
    expect(gm.warnings[0].message).toMatch(/maxIter=2/);
  });

  it('componentCovariance expands tied, diag and spherical layouts; covarianceShape and nParameters follow the type', () => {
    const { X } = demoBlobs(0);
    const shapes: Record<CovarianceType, number[]> = { full: [5, 2, 2], tied: [2, 2], diag: [5, 2], spherical: [5] };
    const params: Record<CovarianceType, number> = { full: 29, tied: 17, diag: 24, spherical: 19 };
    for (const covarianceType of COVARIANCE_TYPES) {
      const gm = new GaussianMixture({ nComponents: 5, covarianceType, seed: 0 }).fit(X);
      expect(gm.covarianceShape).toEqual(shapes[covarianceType]);
      expect(gm.nParameters).toBe(params[covarianceType]);
      const c = gm.componentCovariance(3).data;
      if (covarianceType === 'tied') expect(Array.from(c)).toEqual(Array.from(gm.covariances));
      if (covarianceType === 'diag')
        expect([c[0], c[1], c[2], c[3]]).toEqual([gm.covariances[6], 0, 0, gm.covariances[7]]);
      if (covarianceType === 'spherical') expect([c[0], c[1], c[3]]).toEqual([gm.covariances[3], 0, gm.covariances[3]]);
      const n = X.rows;
      expect(gm.bic(X)).toBeCloseTo(-2 * gm.score(X) * n + params[covarianceType] * Math.log(n), 8);
      expect(gm.aic(X)).toBeCloseTo(-2 * gm.score(X) * n + 2 * params[covarianceType], 8);
    }
  });

  it('toJSON / fromJSON round-trips a fitted model (same predictions, scores and parameters)', () => {
    const { X } = demoBlobs(0);
    for (const covarianceType of COVARIANCE_TYPES) {
      const gm = new GaussianMixture({ nComponents: 4, covarianceType, seed: 9 }).fit(X);
      const back = GaussianMixture.fromJSON(JSON.parse(JSON.stringify(gm.toJSON())));
      expect(Array.from(back.predict(X))).toEqual(Array.from(gm.predict(X)));
      expect(back.score(X)).toBe(gm.score(X));
      expect(Array.from(back.covariances)).toEqual(Array.from(gm.covariances));
      expect(back.lowerBound).toBe(gm.lowerBound);
      expect(back.nIter).toBe(gm.nIter);
      expect(back.options.covarianceType).toBe(covarianceType);
    }
    const withInits = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'full',
      weightsInit: [0.5, 0.5],
      meansInit: [
        [0, 0],
        [3, 3],
      ],
      precisionsInit: [
        [
          [1, 0.2],
          [0.2, 1],
        ],
        [
          [2, 0],
          [0, 2],
        ],
      ],
      seed: 1,
    }).fit(X);
    const again = GaussianMixture.fromJSON(JSON.parse(JSON.stringify(withInits.toJSON())));
    expect(Array.from(again.options.precisionsInit as Float64Array)).toEqual([1, 0.2, 0.2, 1, 2, 0, 0, 2]);
    // Resolved options go straight back into the constructor.
    expect(Array.from(new GaussianMixture(again.options).fit(X).means.data)).toEqual(Array.from(withInits.means.data));
    expect(() => GaussianMixture.fromJSON({ format: 'clusterkit-model', version: 1, estimator: 'KMeans' })).toThrow(
      ValidationError,
    );
  });

  it('sample(n) is seeded, grouped by component, and has the model mean', () => {
    const { X } = demoBlobs(0);
    const gm = new GaussianMixture({ nComponents: 5, seed: 4 }).fit(X);
    const a = gm.sample(2000);
    const b = gm.sample(2000);
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
    expect(Array.from(gm.sample(2000, { seed: 99 }).X.data)).not.toEqual(Array.from(a.X.data));
    for (let i = 1; i < a.y.length; i++) expect(a.y[i]).toBeGreaterThanOrEqual(a.y[i - 1]);
    let mx = 0;
    for (let i = 0; i < 2000; i++) mx += a.X.data[i * 2];
    let truth = 0;
    for (let c = 0; c < 5; c++) truth += gm.weights[c] * gm.means.data[c * 2];
    expect(Math.abs(mx / 2000 - truth)).toBeLessThan(0.25);
  });

  it('getters and methods throw NotFittedError before fit', () => {
    const gm = new GaussianMixture({ nComponents: 2 });
    expect(() => gm.weights).toThrow(NotFittedError);
    expect(() => gm.predict(TWO_BLOBS)).toThrow(NotFittedError);
    expect(() => gm.sample(3)).toThrow(NotFittedError);
    expect(() => gm.toJSON()).toThrow(NotFittedError);
  });
});

describe('GaussianMixture: bad input', () => {
  it('nComponents > n_samples', () => {
    const e = expectValidation(() => new GaussianMixture({ nComponents: 9 }).fit(TWO_BLOBS), 'nComponents');
    expect(e.message).toMatch(/nComponents=9, n_samples=8/);
  });
  it('negative, > 1, non-normalised or wrongly sized weightsInit', () => {
    expectValidation(() => new GaussianMixture({ nComponents: 2, weightsInit: [-0.5, 1.5] }), 'weightsInit');
    expectValidation(() => new GaussianMixture({ nComponents: 2, weightsInit: [0.5, 0.6] }), 'weightsInit');
    expectValidation(() => new GaussianMixture({ nComponents: 3, weightsInit: [0.5, 0.5] }), 'weightsInit');
    expectValidation(() => new GaussianMixture({ nComponents: 2, weightsInit: [0.5, Number.NaN] }), 'weightsInit');
    expect(catchError(() => new GaussianMixture({ nComponents: 2, weightsInit: [0.4, 0.4] }))).toHaveProperty(
      'message',
      expect.stringMatching(/sums to 0.8/),
    );
  });
  it('responsibilities over the memory budget raise CapacityError before allocating', () => {
    const X = Array.from({ length: 20000 }, (_, i) => [i]);
    expect(() => new GaussianMixture({ nComponents: 20000 }).fit(X)).toThrow(CapacityError);
  });
  it('wrongly shaped meansInit (rows at construction, columns at fit), or NaN in it', () => {
    expectValidation(() => new GaussianMixture({ nComponents: 3, meansInit: [[0, 0]] }), 'meansInit');
    expectValidation(() => new GaussianMixture({ nComponents: 1, meansInit: [[0, Number.NaN]] }), 'meansInit');
    const gm = new GaussianMixture({
      nComponents: 2,
      meansInit: [
        [0, 0, 0],
        [1, 1, 1],
      ],
    });
    expectValidation(() => gm.fit(TWO_BLOBS), 'meansInit');
  });
  it('wrongly shaped precisionsInit for each covariance type', () => {
    expectValidation(
      () =>
        new GaussianMixture({
          nComponents: 2,
          covarianceType: 'full',
          precisionsInit: [
            [1, 0],
            [0, 1],
          ],
        }),
      'precisionsInit',
    );
    expectValidation(
      () =>
        new GaussianMixture({
          nComponents: 2,
          covarianceType: 'tied',
          precisionsInit: [
            [
              [1, 0],
              [0, 1],
            ],
          ],
        }),
      'precisionsInit',
    );
    expectValidation(
      () => new GaussianMixture({ nComponents: 2, covarianceType: 'diag', precisionsInit: [[1, 1]] }),
      'precisionsInit',
    );
    expectValidation(
      () => new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', precisionsInit: [1, 1, 1] }),
      'precisionsInit',
    );
    expectValidation(
      () => new GaussianMixture({ nComponents: 2, covarianceType: 'diag', precisionsInit: [[1, 1], [1]] }),
      'precisionsInit',
    );
    expectValidation(
      () =>
        new GaussianMixture({
          nComponents: 1,
          covarianceType: 'tied',
          meansInit: [[0, 0, 0]],
          precisionsInit: [
            [1, 0],
            [0, 1],
          ],
        }),
      'precisionsInit',
    );
    const gm = new GaussianMixture({
      nComponents: 1,
      covarianceType: 'tied',
      precisionsInit: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    });
    expectValidation(() => gm.fit(TWO_BLOBS), 'precisionsInit');
  });
  it('non-positive-definite, non-symmetric or non-positive precisionsInit', () => {
    const e = expectValidation(
      () =>
        new GaussianMixture({
          nComponents: 1,
          precisionsInit: [
            [
              [1, 2],
              [2, 1],
            ],
          ],
        }),
      'precisionsInit',
    );
    expect(e.message).toMatch(/positive definite/);
    expectValidation(
      () =>
        new GaussianMixture({
          nComponents: 1,
          precisionsInit: [
            [
              [1, 0.5],
              [0, 1],
            ],
          ],
        }),
      'precisionsInit',
    );
    expectValidation(
      () =>
        new GaussianMixture({
          nComponents: 1,
          covarianceType: 'tied',
          precisionsInit: [
            [1, 0],
            [0, 0],
          ],
        }),
      'precisionsInit',
    );
    expectValidation(
      () =>
        new GaussianMixture({
          nComponents: 2,
          covarianceType: 'diag',
          precisionsInit: [
            [1, 0],
            [1, 1],
          ],
        }),
      'precisionsInit',
    );
    expectValidation(
      () => new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', precisionsInit: [1, -1] }),
      'precisionsInit',
    );
  });
  it('flat precisionsInit is accepted when its length fits the layout', () => {
    const a = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'full',
      precisionsInit: [1, 0, 0, 1, 2, 0, 0, 2],
      tol: 0,
      maxIter: 2,
    });
    const b = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'full',
      precisionsInit: [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [2, 0],
          [0, 2],
        ],
      ],
      tol: 0,
      maxIter: 2,
    });
    const init = {
      weightsInit: [0.5, 0.5],
      meansInit: [
        [0, 0],
        [5, 5],
      ],
    };
    const fa = new GaussianMixture({
      ...a.options,
      precisionsInit: a.options.precisionsInit as Float64Array,
      ...init,
      meansInit: init.meansInit,
    }).fit(TWO_BLOBS);
    const fb = new GaussianMixture({
      ...b.options,
      precisionsInit: b.options.precisionsInit as Float64Array,
      ...init,
      meansInit: init.meansInit,
    }).fit(TWO_BLOBS);
    expect(Array.from(fa.means.data)).toEqual(Array.from(fb.means.data));
    expectValidation(
      () => new GaussianMixture({ nComponents: 2, covarianceType: 'full', precisionsInit: [1, 0, 0] }),
      'precisionsInit',
    );
  });
  it('NaN or Infinity in X, bad option values', () => {
    const e = expectValidation(
      () =>
        new GaussianMixture({ nComponents: 1 }).fit([
          [0, 1],
          [Number.NaN, 2],
        ]),
      'X',
    );
    expect(e.row).toBe(1);
    expectValidation(
      () =>
        new GaussianMixture({ nComponents: 1 }).fit([
          [0, 1],
          [Number.POSITIVE_INFINITY, 2],
        ]),
      'X',
    );
    expectValidation(() => new GaussianMixture({ nComponents: 0 }), 'nComponents');
    expectValidation(() => new GaussianMixture({ covarianceType: 'banana' as CovarianceType }), 'covarianceType');
    expectValidation(() => new GaussianMixture({ regCovar: -1 }), 'regCovar');
    expectValidation(() => new GaussianMixture({ tol: Number.NaN }), 'tol');
    expectValidation(() => new GaussianMixture({ nInit: 0 }), 'nInit');
    expectValidation(() => new GaussianMixture({ initParams: 'kmeans++' as 'kmeans' }), 'initParams');
    expectValidation(() => new GaussianMixture({ nComponents: 1 }).fit([[1, 2]]), 'X');
  });
  it('a covariance that collapses with regCovar 0 raises NumericalError naming the remedies', () => {
    const X = [
      [0, 0],
      [0, 0],
      [0, 0],
      [5, 5],
      [5, 6],
      [6, 5],
    ];
    const gm = new GaussianMixture({
      nComponents: 2,
      regCovar: 0,
      weightsInit: [0.5, 0.5],
      meansInit: [
        [0, 0],
        [5.3, 5.3],
      ],
      precisionsInit: [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ],
    });
    const e = catchError(() => gm.fit(X));
    expect(e).toBeInstanceOf(NumericalError);
    expect((e as Error).message).toMatch(/component 0 is not positive definite even with regCovar=0/);
    expect((e as Error).message).toMatch(/Raise regCovar.*fewer components.*scale the data/);
    // The default regCovar keeps it positive definite.
    expect(() =>
      new GaussianMixture({
        ...gm.options,
        regCovar: 1e-6,
        meansInit: gm.options.meansInit ?? undefined,
        weightsInit: [0.5, 0.5],
        precisionsInit: gm.options.precisionsInit ?? undefined,
      }).fit(X),
    ).not.toThrow();
  });
});

describe('GaussianMixture: properties', () => {
  const problem = fc.record({
    seed: fc.integer({ min: 0, max: 1e6 }),
    k: fc.integer({ min: 1, max: 3 }),
    d: fc.integer({ min: 1, max: 3 }),
    type: fc.constantFrom(...COVARIANCE_TYPES),
  });

  it('the lower bound never decreases across EM iterations (warmStart, maxIter 1, regCovar 0)', () => {
    fc.assert(
      fc.property(problem, ({ seed, k, d, type }) => {
        const { X } = makeBlobs({ nSamples: 40 * k, centers: k, nFeatures: d, seed, clusterStd: 1.5 });
        const gm = new GaussianMixture({
          nComponents: k,
          covarianceType: type,
          regCovar: 0,
          maxIter: 1,
          warmStart: true,
          seed,
          initParams: 'random',
        });
        let prev = Number.NEGATIVE_INFINITY;
        for (let t = 0; t < 15; t++) {
          gm.fit(X);
          expect(gm.lowerBound).toBeGreaterThanOrEqual(prev - 1e-10 * Math.abs(prev));
          prev = gm.lowerBound;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('responsibilities (predictProba) are in [0, 1] and every row sums to 1', () => {
    fc.assert(
      fc.property(problem, ({ seed, k, d, type }) => {
        const { X } = makeBlobs({ nSamples: 30 * k, centers: k, nFeatures: d, seed });
        const gm = new GaussianMixture({ nComponents: k, covarianceType: type, seed }).fit(X);
        const p = gm.predictProba(X);
        const lab = gm.predict(X);
        for (let i = 0; i < p.rows; i++) {
          let s = 0;
          let best = 0;
          for (let c = 0; c < k; c++) {
            const v = p.data[i * k + c];
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
            s += v;
            if (v > p.data[i * k + best]) best = c;
          }
          expect(Math.abs(s - 1)).toBeLessThan(1e-12);
          expect(lab[i]).toBe(best);
        }
      }),
      { numRuns: 40 },
    );
  });

  // 8000 samples, each component ≥ 2000: the tolerances are ≥ 6 standard errors (weights 0.04, means 0.15σ,
  // variances 20 %, covariances 0.15σ²), so the property does not fail by chance.
  it('sampling a known mixture then refitting recovers its weights, means and variances', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1e6 }),
          type: fc.constantFrom(...COVARIANCE_TYPES),
          w0: fc.double({ min: 0.25, max: 0.75, noNaN: true }),
          v0: fc.double({ min: 0.3, max: 2, noNaN: true }),
          v1: fc.double({ min: 0.3, max: 2, noNaN: true }),
          shift: fc.double({ min: 8, max: 12, noNaN: true }),
        }),
        ({ seed, type, w0, v0, v1, shift }) => {
          const k = 2;
          const d = 2;
          const variances = type === 'tied' ? [v0, v0] : [v0, v1];
          const means = [
            [0, 0],
            [shift, -shift / 2],
          ];
          const truth = new GaussianMixture({
            nComponents: k,
            covarianceType: type,
            maxIter: 0,
            weightsInit: [w0, 1 - w0],
            meansInit: means,
            precisionsInit: precisionsFor(type, k, d, variances),
          }).fit(means);
          const { X } = truth.sample(8000, { seed });
          const fit = new GaussianMixture({ nComponents: k, covarianceType: type, meansInit: means, seed }).fit(X);
          expect(Math.abs(fit.weights[0] - w0)).toBeLessThan(0.04);
          for (let c = 0; c < k; c++) {
            const sd = Math.sqrt(variances[c]);
            for (let j = 0; j < d; j++)
              expect(Math.abs(fit.means.data[c * d + j] - means[c][j])).toBeLessThan(0.15 * sd);
            const cov = fit.componentCovariance(c).data;
            expect(Math.abs(cov[0] - variances[c]) / variances[c]).toBeLessThan(0.2);
            expect(Math.abs(cov[3] - variances[c]) / variances[c]).toBeLessThan(0.2);
            expect(Math.abs(cov[1])).toBeLessThan(0.15 * variances[c]);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
