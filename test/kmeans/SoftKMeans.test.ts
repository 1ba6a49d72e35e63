import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { SoftKMeans } from '../../src/kmeans/SoftKMeans.js';
import { expectClose, flat, loadFixture } from './familyFixtures.js';

const SOFT_CASES = [
  'soft_kmeans_blobs2d_beta0.5',
  'soft_kmeans_blobs2d_beta0.02',
  'soft_kmeans_blobs2d_beta5_weighted',
  'soft_kmeans_blobs3d_beta1',
];

const matrix = (maxRows = 25, maxCols = 3) =>
  fc
    .tuple(fc.integer({ min: 3, max: maxRows }), fc.integer({ min: 1, max: maxCols }))
    .chain(([n, d]) =>
      fc
        .array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n * d, maxLength: n * d })
        .map((v) => ({ rows: n, cols: d, data: Float64Array.from(v) })),
    );

describe('SoftKMeans', () => {
  it('rejects beta <= 0, NaN or Infinity with a ValidationError naming beta', () => {
    for (const beta of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      try {
        new SoftKMeans({ beta });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).param).toBe('beta');
      }
    }
  });

  it('rejects bad data, nClusters > n and init of the wrong width; getters throw NotFittedError before fit', () => {
    expect(() => new SoftKMeans({ nClusters: 3 }).fit([[0], [1]])).toThrow(ValidationError);
    expect(() => new SoftKMeans({ init: [[0, 0]] }).fit([[0], [1]])).toThrow(/init centres have 2 columns/);
    expect(() => new SoftKMeans({ nClusters: 2, init: [[0], [1], [2]] })).toThrow(ValidationError);
    expect(() => new SoftKMeans({ nClusters: 1 }).fit([[0], [Number.NaN]])).toThrow(ValidationError);
    expect(() => new SoftKMeans().responsibilities).toThrow(NotFittedError);
    expect(() => new SoftKMeans().predictProba([[0]])).toThrow(NotFittedError);
  });

  for (const name of SOFT_CASES) {
    it(`SoftKMeans.fit(X) matches the NumPy reference to 1e-8: ${name}`, () => {
      const f = loadFixture(name);
      const p = f.params;
      const X = f.input.X;
      const before = flat(X);
      const sk = new SoftKMeans({ nClusters: p.nClusters, beta: p.beta, init: p.init, maxIter: p.maxIter, tol: 0 });
      sk.fit(X, p.sampleWeight ? { sampleWeight: p.sampleWeight } : {});
      expect(sk.nIter).toBe(p.maxIter);
      expect(sk.converged).toBe(false);
      expectClose(sk.clusterCenters.data, flat(f.expected.clusterCenters), p.rtol, p.atol);
      expectClose(sk.responsibilities.data, flat(f.expected.responsibilities), p.rtol, p.atol);
      expect(Array.from(sk.labels)).toEqual(f.expected.labels);
      expectClose([sk.inertia], [f.expected.inertia], p.rtol);
      expect(flat(X)).toEqual(before);
    });
  }

  it('reduces to hard k-means (Lloyd) as beta → ∞: same labels and centres from the same initial centres', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 2, max: 5 }), (seed, k) => {
        const { X, centers } = makeBlobs({ nSamples: 120, centers: k, nFeatures: 2, clusterStd: 1.5, seed });
        const init = centers as NonNullable<typeof centers>;
        const km = new KMeans({ nClusters: k, init, algorithm: 'lloyd', tol: 0, maxIter: 300 }).fit(X);
        const sk = new SoftKMeans({ nClusters: k, init, beta: 1e9, tol: 0, maxIter: 100 }).fit(X);
        expect(Array.from(sk.labels)).toEqual(Array.from(km.labels));
        expectClose(sk.clusterCenters.data, km.clusterCenters.data, 1e-9, 1e-9);
        for (let t = 0; t < sk.responsibilities.data.length; t++) {
          const r = sk.responsibilities.data[t];
          expect(r < 1e-12 || r > 1 - 1e-12).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('responsibilities lie in [0, 1] and every row sums to 1, for any data and beta (log-sum-exp, no NaN)', () => {
    fc.assert(
      fc.property(matrix(), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (X, beta) => {
        const sk = new SoftKMeans({ nClusters: 3, beta, seed: 1, maxIter: 20 }).fit(X);
        const R = sk.responsibilities;
        for (let i = 0; i < R.rows; i++) {
          let s = 0;
          for (let c = 0; c < 3; c++) {
            const v = R.data[i * 3 + c];
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
            s += v;
          }
          expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        }
        expect(Array.from(sk.predict(X))).toEqual(Array.from(sk.labels));
        for (const v of sk.clusterCenters.data) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a very small beta pulls every centre to the mean of the data', () => {
    const { X } = makeBlobs({ nSamples: 90, centers: 3, seed: 4 });
    const sk = new SoftKMeans({ nClusters: 3, beta: 1e-9, seed: 0, tol: 0, maxIter: 5 }).fit(X);
    const mean = [0, 0];
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < 2; j++) mean[j] += X.data[i * 2 + j] / X.rows;
    for (let c = 0; c < 3; c++) expectClose(sk.clusterCenters.data.subarray(c * 2, c * 2 + 2), mean, 1e-6, 1e-6);
  });

  it('stops early when the centres stop moving (tol > 0), and is reproducible for a seed', () => {
    const { X } = makeBlobs({ nSamples: 150, centers: 3, seed: 2 });
    const a = new SoftKMeans({ nClusters: 3, beta: 2, seed: 5 }).fit(X);
    const b = new SoftKMeans({ nClusters: 3, beta: 2, seed: 5 }).fit(X);
    expect(a.converged).toBe(true);
    expect(a.nIter).toBeLessThan(300);
    expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
    expect(a.seed).toBe(5);
  });

  it('predictProba of the training data equals responsibilities; toJSON/fromJSON round-trips', () => {
    const { X } = makeBlobs({ nSamples: 60, centers: 3, seed: 9 });
    const sk = new SoftKMeans({ nClusters: 3, beta: 0.7, seed: 3 }).fit(X);
    expectClose(sk.predictProba(X).data, sk.responsibilities.data, 0, 1e-15);
    const back = SoftKMeans.fromJSON(JSON.parse(JSON.stringify(sk.toJSON())));
    expect(back.options).toEqual(sk.options);
    expect(Array.from(back.predict(X))).toEqual(Array.from(sk.labels));
    expect(Array.from(back.predictProba(X).data)).toEqual(Array.from(sk.predictProba(X).data));
    expect(back.nIter).toBe(sk.nIter);
    expect(() => SoftKMeans.fromJSON(new KMeans({ nClusters: 2, seed: 0 }).fit(X).toJSON())).toThrow(ValidationError);
  });
});
