import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { BisectingKMeans, type BisectingStrategy } from '../../src/kmeans/BisectingKMeans.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { expectClose, labelMapping, loadFixture, median } from './familyFixtures.js';

describe('BisectingKMeans', () => {
  it('rejects bad options with a ValidationError naming them; throws NotFittedError before fit', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ nClusters: 0 }, 'nClusters'],
      [{ bisectingStrategy: 'largest' }, 'bisectingStrategy'],
      [{ init: [[0, 0]] }, 'init'],
      [{ nInit: 0 }, 'nInit'],
      [{ maxIter: 0 }, 'maxIter'],
    ];
    for (const [opts, param] of bad) {
      try {
        new BisectingKMeans(opts);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).param).toBe(param);
      }
    }
    expect(() => new BisectingKMeans({ nClusters: 4 }).fit([[0], [1], [2]])).toThrow(/nClusters=4/);
    expect(() => new BisectingKMeans().predict([[0]])).toThrow(NotFittedError);
  });

  for (const strategy of ['biggest_inertia', 'largest_cluster'] as BisectingStrategy[]) {
    for (const k of [2, 3, 4]) {
      it(`matches scikit-learn's tree on nested blobs exactly (labels up to permutation, centres 1e-8): ${strategy} k=${k}`, () => {
        const f = loadFixture(`bisecting_nested_${strategy}_k${k}`);
        const p = f.params;
        for (const seed of [0, 1, 2]) {
          const bk = new BisectingKMeans({ nClusters: k, nInit: p.nInit, bisectingStrategy: strategy, seed }).fit(
            f.input.X,
          );
          const map = labelMapping(bk.labels, f.expected.labels);
          expect(map).not.toBeNull();
          const m = map as Map<number, number>;
          for (const [ours, theirs] of m) {
            expectClose(
              bk.clusterCenters.data.subarray(ours * 2, ours * 2 + 2),
              f.expected.clusterCenters[theirs],
              p.rtol,
              1e-9,
            );
          }
          expectClose([bk.inertia], [f.expected.inertia], p.rtol);
          const pred = bk.predict(f.expected.grid);
          expect(Array.from(pred, (l) => m.get(l))).toEqual(f.expected.predictGrid);
        }
      });
    }
  }

  for (const strategy of ['biggest_inertia', 'largest_cluster'] as BisectingStrategy[]) {
    it(`matches scikit-learn 1.2.1 in quality (median inertia over 30 seeds within 3%): ${strategy} k=8`, () => {
      const f = loadFixture(`bisecting_quality_${strategy}_k8`);
      const p = f.params;
      const ours = (p.seeds as number[]).map(
        (seed) => new BisectingKMeans({ nClusters: 8, bisectingStrategy: strategy, seed }).fit(f.input.X).inertia,
      );
      expect(Math.abs(median(ours) / f.expected.medianInertia - 1)).toBeLessThanOrEqual(p.medianRtol);
    });
  }

  it('labels are the training rows walked down the tree; inertia is the SSE of the leaves; k = 1 is the mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 7 }), (seed, k) => {
        const { X } = makeBlobs({ nSamples: 90, centers: 4, seed });
        const bk = new BisectingKMeans({
          nClusters: k,
          seed,
          bisectingStrategy: seed % 2 ? 'largest_cluster' : 'biggest_inertia',
        }).fit(X);
        expect(Array.from(bk.predict(X))).toEqual(Array.from(bk.labels));
        expect(new Set(bk.labels).size).toBe(k);
        let sse = 0;
        for (let i = 0; i < X.rows; i++) {
          const c = bk.labels[i];
          for (let j = 0; j < 2; j++) sse += (X.data[i * 2 + j] - bk.clusterCenters.data[c * 2 + j]) ** 2;
        }
        expect(bk.inertia).toBeCloseTo(sse, 6);
        expect(bk.tree.length).toBe(2 * k - 1);
        // each leaf centre is the mean of its rows
        for (let c = 0; c < k; c++) {
          const s = [0, 0];
          let cnt = 0;
          for (let i = 0; i < X.rows; i++)
            if (bk.labels[i] === c) {
              s[0] += X.data[i * 2];
              s[1] += X.data[i * 2 + 1];
              cnt++;
            }
          expectClose(bk.clusterCenters.data.subarray(c * 2, c * 2 + 2), [s[0] / cnt, s[1] / cnt], 1e-9, 1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('equals KMeans with k = 2 from the same data when the split is unambiguous', () => {
    const { X } = makeBlobs({
      nSamples: 200,
      centers: [
        [-5, 0],
        [5, 0],
      ],
      seed: 1,
    });
    const bk = new BisectingKMeans({ nClusters: 2, seed: 0 }).fit(X);
    const km = new KMeans({ nClusters: 2, seed: 0 }).fit(X);
    expect(labelMapping(bk.labels, km.labels)).not.toBeNull();
    expect(bk.inertia).toBeCloseTo(km.inertia, 8);
  });

  it('splits duplicate points without failing; toJSON/fromJSON round-trips the tree', () => {
    const X = [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
      [5, 5],
    ];
    const bk = new BisectingKMeans({ nClusters: 3, seed: 0 }).fit(X);
    // as scikit-learn: splitting identical points leaves an empty leaf, reported as a warning
    expect(new Set(bk.labels).size).toBe(2);
    expect(bk.warnings.map((w) => w.code)).toContain('DUPLICATE_POINTS');
    expect(Array.from(bk.predict(X))).toEqual(Array.from(bk.labels));
    const { X: Y } = makeBlobs({ nSamples: 100, centers: 3, seed: 2 });
    const b2 = new BisectingKMeans({ nClusters: 5, seed: 3 }).fit(Y);
    const back = BisectingKMeans.fromJSON(JSON.parse(JSON.stringify(b2.toJSON())));
    expect(Array.from(back.predict(Y))).toEqual(Array.from(b2.labels));
    expect(back.inertia).toBe(b2.inertia);
  });
});
