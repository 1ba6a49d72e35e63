import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { type Matrix, toArrays } from '../../src/core/matrix.js';
import { createRng, sampleWithoutReplacement } from '../../src/core/random.js';
import { demoBlobs, loadIris, makeBlobs } from '../../src/datasets/index.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { kmeansLimitEM } from '../../src/mixture/kmeansLimit.js';

function rowsOf(X: Matrix, idx: ArrayLike<number>): number[][] {
  return Array.from(idx, (i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('kmeansLimitEM', () => {
  it('kmeansLimitEM(X, {means, sigma: 1e-4}) equals KMeans (Lloyd, tol 0) from the same start: labels, centres, nIter', () => {
    const cases: [string, Matrix, number][] = [
      ['demo', demoBlobs(0).X, 5],
      ['iris', loadIris().X, 3],
      ['blobs 4-D', makeBlobs({ nSamples: 400, centers: 6, nFeatures: 4, seed: 7, clusterStd: 2 }).X, 6],
    ];
    for (const [name, X, k] of cases) {
      const init = rowsOf(X, sampleWithoutReplacement(createRng(3), X.rows, k));
      const km = new KMeans({ nClusters: k, init, nInit: 1, tol: 0, algorithm: 'lloyd', maxIter: 300 }).fit(X);
      const em = kmeansLimitEM(X, { means: init, sigma: 1e-4 });
      expect(em.warnings, name).toEqual([]);
      expect(Array.from(em.labels), name).toEqual(Array.from(km.labels));
      expect(maxAbsDiff(em.means.data, km.clusterCenters.data), name).toBeLessThan(1e-10);
      expect(em.nIter, name).toBe(km.nIter);
      expect(em.converged).toBe(true);
    }
  });

  it('each EM step equals the same number of Lloyd steps (maxIter 1, 2, 3, 5)', () => {
    const { X } = demoBlobs(3);
    const init = rowsOf(
      X,
      [0, 60, 110, 160, 210].map((i) => i + 3),
    );
    for (const maxIter of [1, 2, 3, 5]) {
      const km = new KMeans({ nClusters: 5, init, nInit: 1, tol: 0, algorithm: 'lloyd', maxIter }).fit(X);
      const em = kmeansLimitEM(X, { means: init, sigma: 1e-4, maxIter });
      expect(Array.from(em.labels)).toEqual(Array.from(km.labels));
      expect(maxAbsDiff(em.means.data, km.clusterCenters.data)).toBeLessThan(1e-10);
    }
  });

  it('responsibilities become one-hot as σ → 0, and stay soft for a large σ (so the limit is not trivial)', () => {
    const { X } = demoBlobs(0);
    const init = rowsOf(X, [1, 51, 101, 151, 201]);
    const km = new KMeans({ nClusters: 5, init, nInit: 1, tol: 0, algorithm: 'lloyd' }).fit(X);
    let prevSoftness = Number.POSITIVE_INFINITY;
    for (const sigma of [2, 1, 0.5, 0.1, 0.01]) {
      const em = kmeansLimitEM(X, { means: init, sigma });
      // softness: mean over points of 1 − max responsibility
      let soft = 0;
      for (let i = 0; i < X.rows; i++) soft += 1 - Math.max(...em.responsibilities.data.subarray(i * 5, i * 5 + 5));
      soft /= X.rows;
      expect(soft).toBeLessThanOrEqual(prevSoftness + 1e-12);
      prevSoftness = soft;
      if (sigma === 2) expect(maxAbsDiff(em.means.data, km.clusterCenters.data)).toBeGreaterThan(0.01);
    }
    expect(prevSoftness).toBeLessThan(1e-12);
  });

  it('property: for random blobs and random initial rows, the σ = 1e-5 limit equals KMeans whenever no cluster empties', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1e6 }),
          k: fc.integer({ min: 1, max: 5 }),
          d: fc.integer({ min: 1, max: 3 }),
        }),
        ({ seed, k, d }) => {
          const { X } = makeBlobs({ nSamples: 60, centers: k + 1, nFeatures: d, seed, clusterStd: 2 });
          const init = rowsOf(X, sampleWithoutReplacement(createRng(seed), X.rows, k));
          const em = kmeansLimitEM(X, { means: init, sigma: 1e-5 });
          fc.pre(em.warnings.length === 0);
          const km = new KMeans({ nClusters: k, init, nInit: 1, tol: 0, algorithm: 'lloyd' }).fit(X);
          expect(Array.from(em.labels)).toEqual(Array.from(km.labels));
          expect(maxAbsDiff(em.means.data, km.clusterCenters.data)).toBeLessThan(1e-9);
          expect(em.nIter).toBe(km.nIter);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the example in the docs', () => {
    const r = kmeansLimitEM(
      [
        [0, 0],
        [0, 1],
        [9, 9],
        [9, 8],
      ],
      {
        means: [
          [0, 0],
          [9, 9],
        ],
        sigma: 1e-3,
      },
    );
    expect(toArrays(r.means)).toEqual([
      [0, 0.5],
      [9, 8.5],
    ]);
    expect(Array.from(r.labels)).toEqual([0, 0, 1, 1]);
  });

  it('a component far from every point keeps its mean and is reported', () => {
    const r = kmeansLimitEM(
      [
        [0, 0],
        [0, 1],
        [1, 0],
      ],
      {
        means: [
          [0, 0],
          [100, 100],
        ],
        sigma: 1e-3,
      },
    );
    expect(r.warnings.map((w) => w.code)).toEqual(['EMPTY_CLUSTER']);
    expect(toArrays(r.means)[1]).toEqual([100, 100]);
  });

  it('bad input: sigma ≤ 0, wrong columns, more means than rows, NaN', () => {
    const X = [
      [0, 0],
      [1, 1],
    ];
    expect(() => kmeansLimitEM(X, { means: [[0, 0]], sigma: 0 })).toThrow(ValidationError);
    expect(() => kmeansLimitEM(X, { means: [[0, 0, 0]], sigma: 1 })).toThrow(/columns/);
    expect(() =>
      kmeansLimitEM(X, {
        means: [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        sigma: 1,
      }),
    ).toThrow(ValidationError);
    expect(() =>
      kmeansLimitEM(
        [
          [0, Number.NaN],
          [1, 1],
        ],
        { means: [[0, 0]], sigma: 1 },
      ),
    ).toThrow(ValidationError);
  });
});
