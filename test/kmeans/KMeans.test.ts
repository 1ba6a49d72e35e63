import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { demoBlobs, loadIris, makeBlobs } from '../../src/datasets/index.js';
import { KMeans, type KMeansAlgorithm } from '../../src/kmeans/KMeans.js';

interface Case {
  params: { name: string; tol: number; maxIter: number; algorithm: string };
  input: { init: number[][]; sampleWeight: number[] | null };
  expected: { labels: number[]; centers: number[][]; inertia: number; nIter: number };
}
interface Fixture {
  data: number[][];
  k: number;
  cases: Case[];
  bestOfManyInertia: number;
}
const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/kmeans/kmeans_${name}.json`, import.meta.url), 'utf8'));
const DATASETS = ['iris', 'wine_std', 'blobs'] as const;
const ALGORITHMS: KMeansAlgorithm[] = ['lloyd', 'elkan', 'hamerly'];

function expectCentersClose(got: Matrix, want: number[][], tol: number) {
  expect(got.rows).toBe(want.length);
  for (let c = 0; c < want.length; c++) {
    for (let j = 0; j < want[c].length; j++)
      expect(Math.abs(got.data[c * got.cols + j] - want[c][j])).toBeLessThan(tol);
  }
}

describe('KMeans against scikit-learn 1.2.1 (pinned initial centres)', () => {
  for (const name of DATASETS) {
    const fx = load(name);
    for (const cs of fx.cases) {
      for (const algorithm of ALGORITHMS) {
        it(`${name} / ${cs.params.name} / ${algorithm}: labels, centres (1e-8), inertia, nIter`, () => {
          const km = new KMeans({
            nClusters: fx.k,
            init: cs.input.init,
            tol: cs.params.tol,
            maxIter: cs.params.maxIter,
            algorithm,
          }).fit(fx.data, { sampleWeight: cs.input.sampleWeight ?? undefined });
          expect(Array.from(km.labels)).toEqual(cs.expected.labels);
          expectCentersClose(km.clusterCenters, cs.expected.centers, 1e-8);
          expect(km.inertia).toBeCloseTo(cs.expected.inertia, 6);
          expect(Math.abs(km.inertia - cs.expected.inertia) / cs.expected.inertia).toBeLessThan(1e-10);
          expect(km.nIter).toBe(cs.expected.nIter);
        });
      }
    }
    it(`${name}: k-means++ with nInit=10 is within 1 % of scikit-learn's best of 200 restarts`, () => {
      const km = new KMeans({ nClusters: fx.k, nInit: 10, seed: 1 }).fit(fx.data);
      expect(km.inertia).toBeLessThanOrEqual(fx.bestOfManyInertia * 1.01);
    });
  }
});

describe('KMeans behaviour', () => {
  it('finds the five demo centres', () => {
    const { X } = demoBlobs(0);
    const km = new KMeans({ nClusters: 5, nInit: 10, seed: 0 }).fit(X);
    const truth = [
      [0, 0],
      [3, 3],
      [3, -3],
      [-3, 3],
      [-3, -3],
    ];
    for (const [tx, ty] of truth) {
      let best = Number.POSITIVE_INFINITY;
      for (let c = 0; c < 5; c++) {
        best = Math.min(best, Math.hypot(km.clusterCenters.data[c * 2] - tx, km.clusterCenters.data[c * 2 + 1] - ty));
      }
      expect(best).toBeLessThan(0.6);
    }
  });

  it('fit onProgress counts iterations against nInit × maxIter (each run ends at its budget) and changes nothing', () => {
    const { X } = demoBlobs(0);
    const calls: [number, number][] = [];
    const a = new KMeans({ nClusters: 5, nInit: 4, seed: 2 }).fit(X, {
      onProgress: (done, total) => calls.push([done, total]),
    });
    // After every iteration of run r: r·300 + iterations; at the end of run r: (r + 1)·300.
    for (let r = 0; r < 4; r++) expect(calls).toContainEqual([(r + 1) * 300, 1200]);
    expect(calls.length).toBeGreaterThan(4 + 4);
    expect(calls.every(([, t]) => t === 1200)).toBe(true);
    const b = new KMeans({ nClusters: 5, nInit: 4, seed: 2 }).fit(X);
    expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
    expect(a.inertia).toBe(b.inertia);
  });
  it('relocates an empty cluster instead of keeping a dead centre', () => {
    const X = [[0], [0.1], [10], [10.1]];
    const km = new KMeans({ nClusters: 2, init: [[5], [1000]], algorithm: 'lloyd' }).fit(X);
    expect(new Set(km.labels).size).toBe(2);
    expect(km.inertia).toBeCloseTo(0.01, 10);
  });

  it('warns (and terminates) when there are fewer distinct points than clusters', () => {
    const X = [
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 2],
    ];
    for (const algorithm of ALGORITHMS) {
      const km = new KMeans({ nClusters: 3, seed: 0, algorithm }).fit(X);
      expect(km.warnings.some((w) => w.code === 'DUPLICATE_POINTS')).toBe(true);
      expect(km.inertia).toBe(0);
    }
  });

  it('k = n puts every point in its own cluster', () => {
    const X = [[0], [1], [5], [9]];
    const km = new KMeans({ nClusters: 4, seed: 3 }).fit(X);
    expect(new Set(km.labels).size).toBe(4);
    expect(km.inertia).toBe(0);
  });

  it('does not modify its input', () => {
    const m = { rows: 150, cols: 4, data: loadIris().X.data.slice() };
    const before = Array.from(m.data);
    new KMeans({ nClusters: 3, seed: 0 }).fit(m);
    expect(Array.from(m.data)).toEqual(before);
  });

  it('transform gives distances to centres; score is minus inertia', () => {
    const { X } = loadIris();
    const km = new KMeans({ nClusters: 3, seed: 0 }).fit(X);
    const D = km.transform(X);
    let s = 0;
    for (let i = 0; i < X.rows; i++) s += D.data[i * 3 + km.labels[i]] ** 2;
    expect(s).toBeCloseTo(km.inertia, 8);
    expect(km.score(X)).toBeCloseTo(-km.inertia, 8);
  });

  it('toJSON/fromJSON round-trips a fitted model', () => {
    const { X } = loadIris();
    const km = new KMeans({ nClusters: 3, seed: 5 }).fit(X);
    const back = KMeans.fromJSON(JSON.parse(JSON.stringify(km.toJSON())));
    expect(Array.from(back.predict(X))).toEqual(Array.from(km.labels));
    expect(back.inertia).toBe(km.inertia);
    expect(back.seed).toBe(5);
    expect(() => KMeans.fromJSON({ ...km.toJSON(), version: 99 })).toThrow(/newer clusterkit/);
  });

  it('steps() alternates assign and update and ends where fit ends', () => {
    const { X } = demoBlobs(1);
    const init = [
      [0, 0],
      [1, 1],
      [2, 2],
      [-1, -1],
      [-2, 2],
    ];
    const steps = [...new KMeans({ nClusters: 5, init }).steps(X)];
    expect(steps[0].phase).toBe('init');
    for (let t = 1; t < steps.length; t++) expect(steps[t].phase).toBe(t % 2 === 1 ? 'assign' : 'update');
    const last = steps[steps.length - 1];
    expect(last.converged).toBe(true);
    const km = new KMeans({ nClusters: 5, init, algorithm: 'lloyd' }).fit(X);
    for (let t = 0; t < 10; t++) expect(last.centers.data[t]).toBeCloseTo(km.clusterCenters.data[t], 9);
    // Inertia never increases along the steps.
    const inertias = steps.filter((s) => s.phase !== 'init').map((s) => s.inertia);
    for (let t = 1; t < inertias.length; t++) expect(inertias[t]).toBeLessThanOrEqual(inertias[t - 1] + 1e-9);
  });
});

describe('KMeans regressions', () => {
  it('Elkan and Hamerly break exact distance ties like Lloyd (fast-check counterexample, integer data)', () => {
    const data = [
      5, 0, -2, 0, 0, 0, 1, -3, 4, 5, 0, 0, -5, -1, 0, -4, 0, 0, -1, 3, -2, 2, 5, 0, 5, 0, 0, 1, 0, 2, 4, 0, -1, 2, 0,
      -2, -2, 1, 5, -3, 2, 2, -2, -1, 4, 0, 0, -1, -4, 0, 0, -3, 0, 1, -5, 0, 0, -1, -4, 1, 5, -4, 1, 0, 0, -2, -5, 5,
      3, -5, -1, -3, 5, -2, -5, 4, -4, 5, -2, 2, 2, 0, 2, 4,
    ];
    const X = { rows: 28, cols: 3, data: Float64Array.from(data) };
    const runs = ALGORITHMS.map((algorithm) => new KMeans({ nClusters: 3, seed: 5, algorithm }).fit(X));
    for (const r of runs.slice(1)) expect(Array.from(r.labels)).toEqual(Array.from(runs[0].labels));
  });
});

describe('KMeans bad input', () => {
  it('throws typed errors naming the problem', () => {
    expect(() => new KMeans({ nClusters: 0 })).toThrow(ValidationError);
    expect(() => new KMeans({ nClusters: 0 })).toThrow(/nClusters must be an integer >= 1/);
    expect(() => new KMeans({ nClusters: 2.5 })).toThrow(/nClusters/);
    expect(() => new KMeans({ algorithm: 'fast' as KMeansAlgorithm })).toThrow(
      /algorithm must be one of 'auto', 'lloyd', 'elkan', 'hamerly'/,
    );
    expect(() => new KMeans({ init: 'kmeans++' as 'random' })).toThrow(/init must be one of/);
    expect(() => new KMeans({ nClusters: 3 }).fit([[1], [2]])).toThrow(/n_samples=2 should be >= nClusters=3/);
    expect(() => new KMeans({ nClusters: 1 }).fit([])).toThrow(/empty/);
    expect(() => new KMeans({ nClusters: 1 }).fit([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => new KMeans({ nClusters: 1 }).fit([[1, Number.NaN]])).toThrow(/X\[0\]\[1\] is NaN/);
    expect(() =>
      new KMeans({ nClusters: 2, init: [[0], [1]] }).fit([
        [1, 2],
        [3, 4],
      ]),
    ).toThrow(/init centres have 1 columns/);
    expect(() => new KMeans({ nClusters: 1 }).fit([[1]], { sampleWeight: [-1] })).toThrow(/sampleWeight\[0\]/);
    expect(() => new KMeans().labels).toThrow(NotFittedError);
    expect(() => new KMeans({ nClusters: 1 }).fit([[1, 2]]).predict([[1]])).toThrow(/fitted with 2/);
  });
});

describe('KMeans properties (fast-check)', () => {
  const dataArb = fc
    .tuple(
      fc.integer({ min: 4, max: 40 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      fc.boolean(),
    )
    .chain(([n, d, k, ints]) =>
      fc
        .array(ints ? fc.integer({ min: -5, max: 5 }) : fc.double({ min: -100, max: 100, noNaN: true }), {
          minLength: n * d,
          maxLength: n * d,
        })
        .map((v) => ({ X: { rows: n, cols: d, data: Float64Array.from(v) } as Matrix, k: Math.min(k, n) })),
    );

  it('labels in 0..k−1, predict(X) equals labels, same seed gives the same result', () => {
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 0, max: 1000 }), ({ X, k }, seed) => {
        const a = new KMeans({ nClusters: k, seed, nInit: 2 }).fit(X);
        const b = new KMeans({ nClusters: k, seed, nInit: 2 }).fit(X);
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        for (const l of a.labels) expect(l >= 0 && l < k).toBe(true);
        expect(Array.from(a.predict(X))).toEqual(Array.from(a.labels));
      }),
      { numRuns: 60 },
    );
  });

  it('Elkan and Hamerly equal Lloyd (labels, centres, nIter)', () => {
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 0, max: 1000 }), ({ X, k }, seed) => {
        const runs = ALGORITHMS.map((algorithm) => new KMeans({ nClusters: k, seed, algorithm }).fit(X));
        for (const r of runs.slice(1)) {
          expect(r.nIter).toBe(runs[0].nIter);
          expect(Array.from(r.labels)).toEqual(Array.from(runs[0].labels));
          for (let t = 0; t < r.clusterCenters.data.length; t++) {
            expect(r.clusterCenters.data[t]).toBeCloseTo(runs[0].clusterCenters.data[t], 8);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('inertia never increases from one half-step to the next (except when an empty cluster is relocated)', () => {
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 0, max: 1000 }), ({ X, k }, seed) => {
        const steps = [...new KMeans({ nClusters: k, seed, init: 'random' }).steps(X)].filter(
          (s) => s.phase !== 'init',
        );
        for (let t = 1; t < steps.length; t++) {
          if (steps[t].relocated > 0 || steps[t - 1].relocated > 0) continue;
          expect(steps[t].inertia).toBeLessThanOrEqual(steps[t - 1].inertia * (1 + 1e-12) + 1e-12);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('k-means++ on well-separated blobs recovers them exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 10000 }), (k, seed) => {
        const { X, y } = makeBlobs({ nSamples: 30 * k, centers: k, clusterStd: 0.05, centerBox: [-50, 50], seed });
        const km = new KMeans({ nClusters: k, nInit: 5, seed }).fit(X);
        // Same partition up to relabelling: each found cluster maps to one true blob.
        const map = new Map<number, number>();
        for (let i = 0; i < X.rows; i++) {
          const prev = map.get(km.labels[i]);
          if (prev === undefined) map.set(km.labels[i], y[i]);
          else expect(prev).toBe(y[i]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
