import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { SphericalKMeans } from '../../src/kmeans/SphericalKMeans.js';
import { expectClose } from './familyFixtures.js';

/** Naive spherical k-means (Dhillon & Modha) on number[][], fixed iteration count, ties to the lowest index. */
function naiveSpherical(X: number[][], init: number[][], iters: number): { labels: number[]; centers: number[][] } {
  const unit = (v: number[]) => {
    const s = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
    return v.map((t) => t / s);
  };
  const U = X.map(unit);
  let C = init.map(unit);
  const label = () =>
    U.map((u) => {
      let best = 0;
      let bs = -Infinity;
      C.forEach((c, k) => {
        const s = u.reduce((a, v, j) => a + v * c[j], 0);
        if (s > bs) {
          bs = s;
          best = k;
        }
      });
      return best;
    });
  const dot = (a: number[], b: number[]) => a.reduce((s, v, j) => s + v * b[j], 0);
  for (let t = 0; t < iters; t++) {
    const L = label();
    const sums = C.map((c) => c.map(() => 0));
    const count = C.map(() => 0);
    U.forEach((u, i) => {
      count[L[i]]++;
      u.forEach((v, j) => {
        sums[L[i]][j] += v;
      });
    });
    // empty clusters take the least similar points, least similar first (ties to the lowest index)
    const order = U.map((_, i) => i).sort((a, b) => dot(U[a], C[L[a]]) - dot(U[b], C[L[b]]) || a - b);
    let e = 0;
    C.forEach((_, k) => {
      if (count[k] > 0) return;
      const p = order[e++];
      U[p].forEach((v, j) => {
        sums[L[p]][j] -= v;
        sums[k][j] = v;
      });
    });
    C = C.map((c, k) => (sums[k].every((v) => v === 0) ? c : unit(sums[k])));
  }
  return { labels: label(), centers: C };
}

/** Directional data: k directions in d dimensions, random positive lengths (norm carries no information). */
function directional(seed: number, k: number, d: number, n: number) {
  const { X } = makeBlobs({ nSamples: n, centers: k, nFeatures: d, clusterStd: 0.15, centerBox: [-1, 1], seed });
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = Array.from(X.data.subarray(i * d, (i + 1) * d));
    const len = 0.5 + ((i * 7919) % 13);
    rows.push(r.map((v) => v * len));
  }
  return rows;
}

describe('SphericalKMeans', () => {
  it('rejects zero vectors with a ValidationError naming X (and the row) or init', () => {
    try {
      new SphericalKMeans({ nClusters: 2, seed: 0 }).fit([
        [1, 0],
        [0, 0],
        [0, 1],
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).param).toBe('X');
      expect((e as ValidationError).row).toBe(1);
    }
    expect(
      () =>
        new SphericalKMeans({
          init: [
            [0, 0],
            [1, 0],
          ],
        }),
    ).toThrow(/init row 0 is a zero vector/);
    const sk = new SphericalKMeans({ nClusters: 1, seed: 0 }).fit([[1, 2]]);
    expect(() => sk.predict([[0, 0]])).toThrow(ValidationError);
    expect(() => new SphericalKMeans({ tol: -1 })).toThrow(ValidationError);
    expect(() => new SphericalKMeans().labels).toThrow(NotFittedError);
  });

  it('matches a naive transcription (same labels and centres from the same initial centres)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 6 }),
        (seed, k, d) => {
          const X = directional(seed, k, d, 60);
          const init = X.slice(0, k);
          const iters = 8;
          const sk = new SphericalKMeans({ init, maxIter: iters, tol: 0 }).fit(X);
          // naive runs the same number of updates as the estimator
          const ref = naiveSpherical(X, init, sk.nIter);
          expect(Array.from(sk.labels)).toEqual(ref.labels);
          expectClose(sk.clusterCenters.data, ref.centers.flat(), 1e-10, 1e-12);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('centres have unit norm; labels equal predict(X); results ignore the length of each row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 5 }), (seed, k) => {
        const X = directional(seed, 4, 5, 50);
        const sk = new SphericalKMeans({ nClusters: k, seed }).fit(X);
        const C = sk.clusterCenters;
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let j = 0; j < C.cols; j++) s += C.data[c * C.cols + j] ** 2;
          expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-12);
        }
        expect(Array.from(sk.predict(X))).toEqual(Array.from(sk.labels));
        const scaled = X.map((r, i) => r.map((v) => v * (1 + (i % 5) * 3.5)));
        const sk2 = new SphericalKMeans({ nClusters: k, seed }).fit(scaled);
        expect(Array.from(sk2.labels)).toEqual(Array.from(sk.labels));
        expect(sk.inertia).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 40 },
    );
  });

  it('separates directions that Euclidean k-means confuses (same direction, different lengths)', () => {
    const X: number[][] = [];
    for (let i = 1; i <= 10; i++) X.push([i, 0.05 * i], [0.05 * i, i]);
    const sk = new SphericalKMeans({ nClusters: 2, seed: 0 }).fit(X);
    for (let i = 0; i < X.length; i += 2) {
      expect(sk.labels[i]).toBe(sk.labels[0]);
      expect(sk.labels[i + 1]).toBe(sk.labels[1]);
    }
    expect(sk.labels[0]).not.toBe(sk.labels[1]);
    const sims = sk.transform([[1, 0]]);
    expect(Math.max(sims.data[0], sims.data[1])).toBeGreaterThan(0.99);
  });

  it('toJSON/fromJSON round-trips', () => {
    const X = directional(5, 3, 4, 40);
    const sk = new SphericalKMeans({ nClusters: 3, seed: 2 }).fit(X);
    const back = SphericalKMeans.fromJSON(JSON.parse(JSON.stringify(sk.toJSON())));
    expect(Array.from(back.predict(X))).toEqual(Array.from(sk.labels));
    expect(back.inertia).toBe(sk.inertia);
  });
});
