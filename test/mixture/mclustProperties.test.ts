import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { MCLUST_MODELS, SKLEARN_ALIASES } from '../../src/mixture/models/table.js';
import { loadMclust } from './mclustFixtures.js';

const iris = loadMclust('iris').input;
const seeded = loadMclust('seeded').input;

describe('GaussianMixture: scikit-learn names are mclust aliases', () => {
  for (const [sk, mc] of Object.entries(SKLEARN_ALIASES)) {
    it(`covarianceType '${mc}' is bit for bit '${sk}' (same options, same seed)`, () => {
      const a = new GaussianMixture({ nComponents: 3, covarianceType: sk as 'full', nInit: 2, seed: 5 }).fit(iris.X);
      const b = new GaussianMixture({ nComponents: 3, covarianceType: mc, nInit: 2, seed: 5 }).fit(iris.X);
      expect(b.options.covarianceType).toBe(sk);
      expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      expect(Array.from(b.means.data)).toEqual(Array.from(a.means.data));
      expect(Array.from(b.covariances)).toEqual(Array.from(a.covariances));
      expect(b.lowerBound).toBe(a.lowerBound);
      expect(b.nIter).toBe(a.nIter);
      expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    });
  }
});

describe('GaussianMixture: the log-likelihood never decreases', () => {
  for (const model of MCLUST_MODELS) {
    it(`${model}: log L after T M-steps from respInit is non-decreasing in T (seeded data and random starts)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1000 }), (s) => {
          // Pinned soft responsibilities drawn from the seed.
          let state = s + 1;
          const rand = () => {
            state = (state * 1103515245 + 12345) % 2147483648;
            return state / 2147483648;
          };
          const z = seeded.X.map(() => {
            const r = [rand() + 0.05, rand() + 0.05, rand() + 0.05];
            const t = r[0] + r[1] + r[2];
            return r.map((v) => v / t);
          });
          let prev = Number.NEGATIVE_INFINITY;
          for (let T = 0; T < 6; T++) {
            const gm = new GaussianMixture({
              nComponents: 3,
              covarianceType: model,
              respInit: z,
              regCovar: 0,
              tol: 0,
              maxIter: T,
            }).fit(seeded.X);
            const ll = gm.score(seeded.X);
            expect(ll).toBeGreaterThanOrEqual(prev - 1e-9 * Math.abs(prev));
            prev = ll;
          }
        }),
        { numRuns: 4, seed: 18 },
      );
    });
  }
});

describe('GaussianMixture.fit(X, { sampleWeight })', () => {
  for (const model of ['VVV', 'VEV', 'EVE', 'EII', 'spherical'] as const) {
    it(`${model}: integer weights equal repeating the rows (property)`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 150, maxLength: 150 }), (w) => {
          if (w.filter((v) => v > 0).length < 30) return;
          const z = iris.z;
          const Xr: number[][] = [];
          const zr: number[][] = [];
          for (let i = 0; i < w.length; i++) {
            for (let t = 0; t < w[i]; t++) {
              Xr.push(iris.X[i]);
              zr.push(z[i]);
            }
          }
          const opts = { nComponents: 3, covarianceType: model, regCovar: 1e-6, tol: 0, maxIter: 4 };
          const a = new GaussianMixture({ ...opts, respInit: z }).fit(iris.X, { sampleWeight: w });
          const b = new GaussianMixture({ ...opts, respInit: zr }).fit(Xr);
          for (let c = 0; c < 3; c++) expect(a.weights[c]).toBeCloseTo(b.weights[c], 10);
          a.means.data.forEach((v, t) => {
            expect(v).toBeCloseTo(b.means.data[t], 9);
          });
          a.covariances.forEach((v, t) => {
            expect(v).toBeCloseTo(b.covariances[t], 9);
          });
          expect(a.lowerBound).toBeCloseTo(b.lowerBound, 9);
        }),
        { numRuns: 5, seed: 7 },
      );
    });
  }

  it('k-means initialisation uses the weights too (weights of 2 ≡ each row twice, same seed)', () => {
    const X2 = iris.X.flatMap((r) => [r, r]);
    const a = new GaussianMixture({ nComponents: 3, covarianceType: 'VVV', seed: 1 }).fit(iris.X, {
      sampleWeight: new Array(150).fill(2),
    });
    const b = new GaussianMixture({ nComponents: 3, covarianceType: 'VVV', seed: 1 }).fit(X2);
    expect(a.score(iris.X)).toBeCloseTo(b.score(iris.X), 6);
  });

  it('rejects weights of the wrong length or negative with a ValidationError', () => {
    const gm = new GaussianMixture({ nComponents: 2 });
    expect(() => gm.fit(iris.X, { sampleWeight: [1, 2] })).toThrow(/sampleWeight has length 2/);
    expect(() => gm.fit(iris.X, { sampleWeight: iris.X.map((_, i) => (i === 3 ? -1 : 1)) })).toThrow(ValidationError);
  });
});

describe('GaussianMixture bad input for the mclust options', () => {
  it('an unknown model name is a ValidationError listing the 14 mclust names', () => {
    let msg = '';
    try {
      new GaussianMixture({ covarianceType: 'VVX' as 'VVV' });
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      msg = (e as Error).message;
    }
    for (const m of MCLUST_MODELS) expect(msg).toContain(`'${m}'`);
  });
  it('respInit with the wrong number of columns or rows, or a negative entry', () => {
    expect(() => new GaussianMixture({ nComponents: 3, respInit: [[1, 0]] })).toThrow(/2 columns but nComponents=3/);
    expect(() => new GaussianMixture({ nComponents: 2, respInit: [[1, -1]] })).toThrow(/non-negative/);
    expect(() => new GaussianMixture({ nComponents: 2, respInit: [[0, 0]] })).toThrow(/sums to 0/);
    expect(() => new GaussianMixture({ nComponents: 2, respInit: [[1, 0]] }).fit(iris.X)).toThrow(
      /respInit has 1 rows but X has 150/,
    );
  });
  it('nComponents > n is a ValidationError', () => {
    expect(() => new GaussianMixture({ nComponents: 5, covarianceType: 'VEV' }).fit(iris.X.slice(0, 3))).toThrow(
      ValidationError,
    );
  });
  it('singular data: a collapsed component is a NumericalError naming the model (mclust reports NA)', () => {
    const X = [
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3.1],
    ];
    const z = X.map((_, i) => (i < 3 ? [1, 0] : [0, 1]));
    for (const model of ['EVE', 'VEV', 'EVV', 'VVE'] as const) {
      expect(() =>
        new GaussianMixture({ nComponents: 2, covarianceType: model, respInit: z, regCovar: 0 }).fit(X),
      ).toThrow(new RegExp(`model '${model}'`));
    }
  });
});
