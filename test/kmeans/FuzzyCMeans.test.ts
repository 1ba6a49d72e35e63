import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { FuzzyCMeans } from '../../src/kmeans/FuzzyCMeans.js';
import { fuzzyMemberships } from '../../src/kmeans/softKernels.js';
import { expectClose, flat, loadFixture } from './familyFixtures.js';

const FCM_CASES = [
  'fuzzy_cmeans_blobs2d_m2',
  'fuzzy_cmeans_blobs2d_m1.5',
  'fuzzy_cmeans_blobs2d_m3_weighted',
  'fuzzy_cmeans_blobs3d_m2.5',
];

const matrix = (maxRows = 25, maxCols = 3) =>
  fc
    .tuple(fc.integer({ min: 4, max: maxRows }), fc.integer({ min: 1, max: maxCols }))
    .chain(([n, d]) =>
      fc
        .array(fc.integer({ min: -20, max: 20 }), { minLength: n * d, maxLength: n * d })
        .map((v) => ({ rows: n, cols: d, data: Float64Array.from(v) })),
    );

describe('FuzzyCMeans', () => {
  it('rejects m <= 1 (and NaN, Infinity) with a ValidationError naming m', () => {
    for (const m of [1, 0.5, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      try {
        new FuzzyCMeans({ m });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).param).toBe('m');
      }
    }
    expect(() => new FuzzyCMeans({ nClusters: 0 })).toThrow(ValidationError);
    expect(() => new FuzzyCMeans({ nClusters: 5 }).fit([[1], [2]])).toThrow(/nClusters=5/);
    expect(() => new FuzzyCMeans().memberships).toThrow(NotFittedError);
  });

  for (const name of FCM_CASES) {
    it(`FuzzyCMeans.fit(X) matches the NumPy reference to 1e-8: ${name}`, () => {
      const f = loadFixture(name);
      const p = f.params;
      const fcm = new FuzzyCMeans({ nClusters: p.nClusters, m: p.m, init: p.init, maxIter: p.maxIter, tol: 0 });
      fcm.fit(f.input.X, p.sampleWeight ? { sampleWeight: p.sampleWeight } : {});
      expect(fcm.nIter).toBe(p.maxIter);
      expectClose(fcm.clusterCenters.data, flat(f.expected.clusterCenters), p.rtol, p.atol);
      expectClose(fcm.memberships.data, flat(f.expected.memberships), p.rtol, p.atol);
      expect(Array.from(fcm.labels)).toEqual(f.expected.labels);
      expectClose([fcm.objective], [f.expected.objective], p.rtol);
      expectClose(fcm.objectiveHistory, f.expected.objectiveHistory, p.rtol);
      expectClose(
        [fcm.partitionCoefficient, fcm.partitionEntropy],
        [f.expected.partitionCoefficient, f.expected.partitionEntropy],
        p.rtol,
      );
    });
  }

  it('gives a point lying exactly on a centre membership 1 there (no division by zero)', () => {
    const u = new Float64Array(3 * 2);
    const x = Float64Array.from([0, 0, 1, 1, 5, 5]);
    const centers = Float64Array.from([1, 1, 5, 5]);
    fuzzyMemberships(x, 3, 2, centers, 2, 2, u, new Float64Array(2));
    expect(Array.from(u.subarray(2, 6))).toEqual([1, 0, 0, 1]);
    // On two coincident centres: shared equally.
    fuzzyMemberships(Float64Array.from([2, 2]), 1, 2, Float64Array.from([2, 2, 2, 2]), 2, 2, u, new Float64Array(2));
    expect(Array.from(u.subarray(0, 2))).toEqual([0.5, 0.5]);
    // A fit whose initial centres are data rows stays finite.
    const X = [
      [0, 0],
      [0, 1],
      [4, 4],
      [4, 5],
      [0, 0],
    ];
    const fcm = new FuzzyCMeans({
      init: [
        [0, 0],
        [4, 4],
      ],
      m: 2,
      tol: 0,
      maxIter: 3,
    }).fit(X);
    for (const v of fcm.memberships.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('memberships lie in [0, 1], rows sum to 1, and J_m never increases (integer data forces on-centre points)', () => {
    fc.assert(
      fc.property(
        matrix(),
        fc.double({ min: 1.05, max: 6, noNaN: true }),
        fc.integer({ min: 2, max: 4 }),
        (X, m, k) => {
          const fcm = new FuzzyCMeans({ nClusters: k, m, init: 'random', seed: 7, tol: 0, maxIter: 15 }).fit(X);
          const U = fcm.memberships;
          for (let i = 0; i < U.rows; i++) {
            let s = 0;
            for (let c = 0; c < k; c++) {
              const v = U.data[i * k + c];
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(1);
              s += v;
            }
            expect(Math.abs(s - 1)).toBeLessThan(1e-12);
          }
          const h = fcm.objectiveHistory;
          for (let t = 1; t < h.length; t++) expect(h[t]).toBeLessThanOrEqual(h[t - 1] * (1 + 1e-12) + 1e-9);
          expect(fcm.partitionCoefficient).toBeGreaterThanOrEqual(1 / k - 1e-12);
          expect(fcm.partitionCoefficient).toBeLessThanOrEqual(1 + 1e-12);
          expect(fcm.partitionEntropy).toBeGreaterThanOrEqual(0);
          expect(fcm.partitionEntropy).toBeLessThanOrEqual(Math.log(k) + 1e-12);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('approaches a hard partition as m → 1 (PC → 1, PE → 0) and a uniform one as m grows', () => {
    const { X } = makeBlobs({ nSamples: 150, centers: 3, clusterStd: 0.5, seed: 3 });
    const hard = new FuzzyCMeans({ nClusters: 3, m: 1.05, seed: 0 }).fit(X);
    const soft = new FuzzyCMeans({ nClusters: 3, m: 8, seed: 0 }).fit(X);
    expect(hard.partitionCoefficient).toBeGreaterThan(0.99);
    expect(hard.partitionEntropy).toBeLessThan(0.03);
    expect(soft.partitionCoefficient).toBeLessThan(hard.partitionCoefficient);
    expect(soft.partitionEntropy).toBeGreaterThan(hard.partitionEntropy);
  });

  it('labels equal predict(X); toJSON/fromJSON round-trips; converges with tol > 0', () => {
    const { X } = makeBlobs({ nSamples: 80, centers: 4, seed: 12 });
    const fcm = new FuzzyCMeans({ nClusters: 4, seed: 1 }).fit(X);
    expect(fcm.converged).toBe(true);
    expect(Array.from(fcm.predict(X))).toEqual(Array.from(fcm.labels));
    expectClose(fcm.predictProba(X).data, fcm.memberships.data, 0, 1e-15);
    const back = FuzzyCMeans.fromJSON(JSON.parse(JSON.stringify(fcm.toJSON())));
    expect(Array.from(back.predict(X))).toEqual(Array.from(fcm.labels));
    expect(back.objective).toBe(fcm.objective);
    expect(back.partitionCoefficient).toBe(fcm.partitionCoefficient);
  });
});
