import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumericalError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';
import { demoBlobs, makeBlobs } from '../../src/datasets/index.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { adjustedRandScore, inertiaScore, silhouetteScore } from '../../src/metrics/index.js';
import { kneedle } from '../../src/metrics/kneedle.js';
import { CHOOSE_K_METHODS, type ChooseKMethod, chooseK } from '../../src/selection/index.js';

/** k well-separated unit-variance blobs: centres drawn in [−20, 20]² at least 10 apart, 30 points each. */
function separatedBlobs(k: number, seed: number): { X: Matrix; y: Int32Array } {
  const rng = createRng(seed);
  const centers: number[][] = [];
  while (centers.length < k) {
    const c = [rng.nextFloat() * 40 - 20, rng.nextFloat() * 40 - 20];
    if (centers.every((o) => Math.hypot(o[0] - c[0], o[1] - c[1]) >= 10)) centers.push(c);
  }
  return makeBlobs({ nSamples: 30 * k, centers, clusterStd: 1, seed: seed + 1 });
}

const METHOD_OPTS: Record<ChooseKMethod, object> = {
  elbow: {},
  silhouette: {},
  calinski: {},
  'davies-bouldin': {},
  gap: { gapRule: 'global-se', nRefs: 5 },
  bic: {},
};

describe('chooseK recovers k', () => {
  for (const method of CHOOSE_K_METHODS) {
    it(`${method}: well-separated blobs, k = 2..8`, () => {
      for (let k = 2; k <= 8; k++) {
        const { X, y } = separatedBlobs(k, 200 + k);
        const r = chooseK(X, { method, kMax: 10, seed: 5, ...METHOD_OPTS[method] });
        expect(r.k, `true k = ${k}`).toBe(k);
        expect(adjustedRandScore(y, r.labels)).toBeGreaterThan(0.95);
      }
    });
    it(`${method}: the course's demo data (5 centres (0,0), (±3,±3)) gives k = 5`, () => {
      const { X } = demoBlobs(0);
      const r = chooseK(X, { method, kMax: 10, seed: 1, ...METHOD_OPTS[method] });
      expect(r.k).toBe(5);
      expect(r.method).toBe(method);
      expect(r.rule.length).toBeGreaterThan(10);
    });
  }
});

describe('chooseK results', () => {
  const { X } = separatedBlobs(4, 31);
  it('scores are the per-k index of the per-k clustering; the chosen k is its optimum', () => {
    const r = chooseK(X, { method: 'silhouette', kMin: 2, kMax: 6, seed: 2 });
    expect(r.ks).toEqual([2, 3, 4, 5, 6]);
    expect(r.scores).toHaveLength(5);
    expect(r.scores[r.ks.indexOf(r.k)]).toBe(Math.max(...r.scores));
    expect(silhouetteScore(X, r.labels)).toBeCloseTo(r.scores[r.ks.indexOf(r.k)], 12);
    const db = chooseK(X, { method: 'davies-bouldin', kMin: 2, kMax: 6, seed: 2 });
    expect(db.scores[db.ks.indexOf(db.k)]).toBe(Math.min(...db.scores));
    const bic = chooseK(X, { method: 'bic', kMin: 1, kMax: 6, seed: 2 });
    expect(bic.scores[bic.ks.indexOf(bic.k)]).toBe(Math.min(...bic.scores));
  });
  it('the same seed gives the same result', () => {
    for (const method of CHOOSE_K_METHODS) {
      const a = chooseK(X, { method, kMax: 6, seed: 9, nRefs: 3 });
      const b = chooseK(X, { method, kMax: 6, seed: 9, nRefs: 3 });
      expect(b.scores).toEqual(a.scores);
      expect(b.k).toBe(a.k);
    }
  });
  it('elbow: scores are inertias, non-increasing for nested good fits; knee from the log curve', () => {
    const r = chooseK(X, { method: 'elbow', kMax: 8, seed: 3 });
    expect(r.ks[0]).toBe(1);
    expect(r.scores[0]).toBeCloseTo(inertiaScore(X, new Array(X.rows).fill(0)), 6);
    expect(r.knee).toBe(r.k);
    expect(r.difference).toHaveLength(r.ks.length);
    const kn = kneedle(
      r.ks,
      r.scores.map((w) => Math.log(w)),
    );
    expect(r.ks[kn.index]).toBe(r.k);
  });
  it("gap: Tibshirani's rule picks the smallest k with Gap(k) ≥ Gap(k+1) − s(k+1) (oracle on the returned curve)", () => {
    for (const seed of [1, 2, 3]) {
      for (const reference of ['uniform', 'pca'] as const) {
        const r = chooseK(X, { method: 'gap', kMax: 7, seed, nRefs: 5, reference });
        const { gap, sk } = r as Required<typeof r>;
        expect(gap).toEqual(r.scores);
        for (let q = 0; q < gap.length; q++) {
          expect(gap[q]).toBeCloseTo((r.expectedLogW as number[])[q] - (r.logW as number[])[q], 12);
          expect(sk[q]).toBeGreaterThanOrEqual(0);
        }
        let want = r.ks[r.ks.length - 1];
        for (let q = 0; q + 1 < gap.length; q++) {
          if (gap[q] >= gap[q + 1] - sk[q + 1]) {
            want = r.ks[q];
            break;
          }
        }
        expect(r.k).toBe(want);
        expect(r.rule).toMatch(/Tibshirani|kMax chosen/);
      }
    }
  });
  it('gap: log W of the data is the log inertia of each k', () => {
    const r = chooseK(X, { method: 'gap', kMin: 1, kMax: 3, seed: 4, nRefs: 2 });
    const km = new KMeans({ nClusters: 1 }).fit(X);
    expect((r.logW as number[])[0]).toBeCloseTo(Math.log(km.inertia), 9);
  });
  it('silhouette with sampleSize: n gives the full scores, a subset still finds k; bad sampleSize is rejected', () => {
    const full = chooseK(X, { method: 'silhouette', kMax: 6, seed: 8 });
    expect(chooseK(X, { method: 'silhouette', kMax: 6, seed: 8, sampleSize: X.rows }).scores).toEqual(full.scores);
    const sub = chooseK(X, { method: 'silhouette', kMax: 6, seed: 8, sampleSize: 80 });
    expect(sub.k).toBe(full.k);
    expect(sub.scores).not.toEqual(full.scores);
    expect(() => chooseK(X, { method: 'silhouette', sampleSize: X.rows + 1 })).toThrow(/sampleSize/);
  });
  it('accepts a custom estimator (X, k, seed) => labels', () => {
    const calls: number[] = [];
    const r = chooseK(X, {
      method: 'calinski',
      kMin: 2,
      kMax: 5,
      seed: 1,
      estimator: (data, k, s) => {
        calls.push(k);
        return new KMeans({ nClusters: k, seed: s, nInit: 2 }).fit(data).labels;
      },
    });
    expect(calls).toEqual([2, 3, 4, 5]);
    expect(r.k).toBe(4);
  });
});

describe('chooseK bad input → typed errors', () => {
  const { X } = separatedBlobs(3, 7);
  it('kMin > kMax, kMin < 2 (silhouette, calinski, davies-bouldin) or < 1, kMax too large', () => {
    expect(() => chooseK(X, { kMin: 5, kMax: 3 })).toThrow(/kMin=5 is larger than kMax=3/);
    for (const method of ['silhouette', 'calinski', 'davies-bouldin'] as const) {
      expect(() => chooseK(X, { method, kMin: 1 })).toThrow(ValidationError);
      expect(() => chooseK(X, { method, kMax: X.rows })).toThrow(/kMax/);
    }
    for (const method of ['elbow', 'gap', 'bic'] as const) {
      expect(() => chooseK(X, { method, kMin: 0 })).toThrow(/kMin/);
    }
    expect(() => chooseK(X, { kMin: 2.5 })).toThrow(ValidationError);
  });
  it('too few values of k for elbow or gap; unknown method, reference or rule', () => {
    expect(() => chooseK(X, { method: 'elbow', kMin: 2, kMax: 3 })).toThrow(/at least 3 values/);
    expect(() => chooseK(X, { method: 'gap', kMin: 2, kMax: 2 })).toThrow(/at least 2 values/);
    expect(() => chooseK(X, { method: 'aic' as ChooseKMethod })).toThrow(/method/);
    expect(() => chooseK(X, { method: 'gap', reference: 'box' as 'pca' })).toThrow(/reference/);
    expect(() => chooseK(X, { method: 'gap', gapRule: 'x' as 'tibshirani' })).toThrow(/gapRule/);
  });
  it('NaN in X, too few rows', () => {
    expect(() => chooseK([[0], [Number.NaN], [1]])).toThrow(ValidationError);
    expect(() => chooseK([[0], [1]], { method: 'silhouette' })).toThrow(/at least 3/);
  });
  it('every fit collapsed (all rows equal) → NumericalError', () => {
    const same = Array.from({ length: 6 }, () => [1, 1]);
    expect(() => chooseK(same, { method: 'silhouette', kMax: 4, seed: 1 })).toThrow(NumericalError);
  });
});

describe('kneedle', () => {
  it('finds the bend of 1/x-like curves and reports no knee on concave ones', () => {
    expect(kneedle([1, 2, 3, 4, 5, 6], [100, 20, 10, 8, 7, 6.5]).index).toBe(1);
    expect(kneedle([1, 2, 3, 4], [4, 3, 2, 1]).index).toBe(-1);
    expect(kneedle([1, 2, 3, 4], [10, 9.9, 9, 0]).index).toBe(-1);
  });
  it('is invariant to affine rescaling of y (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 3, maxLength: 12 }),
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (ys, a, b) => {
          const sorted = [...ys].sort((p, q) => q - p);
          const xs = sorted.map((_, i) => i + 1);
          const r1 = kneedle(xs, sorted);
          const r2 = kneedle(
            xs,
            sorted.map((v) => a * v + b),
          );
          expect(r2.index).toBe(r1.index);
        },
      ),
      { numRuns: 50 },
    );
  });
});
