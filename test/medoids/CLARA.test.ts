import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { gowerDistance } from '../../src/core/gower.js';
import { METRIC_REGISTRY, type MetricName, NO_PARAMS } from '../../src/core/metrics.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { openNearestScorer } from '../../src/engine/kernels/pdistWasm.js';
import { CLARA } from '../../src/medoids/CLARA.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { loadFixture } from '../medoidsFixtures.js';

interface ClaraFixture {
  params: { nClusters: number; samples: number; sampleSize: number };
  input: { X: number[][] };
  expected: { claraObjectives: number[]; pamObjective: number; pamMedoids: number[] };
}

describe('CLARA quality against R cluster::clara and pam', () => {
  const f = loadFixture('clara_blobs1500_k5') as unknown as ClaraFixture;
  const n = f.input.X.length;
  it('over 20 seeds, scores as well as R clara over 20 seeds (mean within 1%, worst within 2%), never below pam', () => {
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const r = f.expected.claraObjectives;
    for (const method of ['fasterpam', 'pam'] as const) {
      const ours: number[] = [];
      for (let seed = 0; seed < 20; seed++) {
        const cl = new CLARA({ nClusters: 5, samples: 5, method, seed }).fit(f.input.X);
        expect(cl.bestSample.length).toBe(40 + 2 * 5);
        ours.push(cl.inertia / n);
      }
      expect(mean(ours)).toBeLessThanOrEqual(mean(r) * 1.01);
      expect(Math.max(...ours)).toBeLessThanOrEqual(Math.max(...r) * 1.02);
      expect(Math.min(...ours)).toBeGreaterThanOrEqual(f.expected.pamObjective * (1 - 1e-12));
    }
  });
  it('with one sample of every row equals KMedoids from BUILD', () => {
    const X = f.input.X.slice(0, 200);
    const cl = new CLARA({ nClusters: 5, sampleSize: 200, seed: 1 }).fit(X);
    const km = new KMedoids({ nClusters: 5 }).fit(X);
    expect(Array.from(cl.medoidIndices)).toEqual(Array.from(km.medoidIndices));
    expect(cl.inertia).toBeCloseTo(km.inertia, 9);
  });
});

describe('CLARA behaviour', () => {
  const X = [
    [0, 0],
    [0, 1],
    [1, 0],
    [9, 9],
    [9, 8],
    [8, 9],
    [0.5, 0.5],
    [8.5, 8.5],
  ];
  it('labels agree with predict, reproducibly, and round-trip through JSON', () => {
    const a = new CLARA({ nClusters: 2, sampleSize: 5, seed: 4 }).fit(X);
    const b = new CLARA({ nClusters: 2, sampleSize: 5, seed: 4 }).fit(X);
    expect(Array.from(a.medoidIndices)).toEqual(Array.from(b.medoidIndices));
    expect(Array.from(a.predict(X))).toEqual(Array.from(a.labels));
    expect(a.labels[0]).not.toBe(a.labels[3]);
    const back = CLARA.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(Array.from(back.predict(X))).toEqual(Array.from(a.labels));
  });
  it('fits a mixed table under Gower, scaling by the full column ranges', () => {
    const table = {
      names: ['age', 'plan'],
      columns: [
        [20, 22, 21, 60, 62, 61, 23, 63],
        ['a', 'a', 'b', 'c', 'c', 'c', 'a', 'c'],
      ],
      nRows: 8,
    };
    const cl = new CLARA({ nClusters: 2, metric: 'gower', sampleSize: 8, seed: 0 }).fit(table);
    const km = new KMedoids({ nClusters: 2, metric: 'precomputed' }).fit(gowerDistance(table));
    expect(Array.from(cl.medoidIndices)).toEqual(Array.from(km.medoidIndices));
    expect(cl.inertia).toBeCloseTo(km.inertia, 12);
    expect(() => cl.clusterCenters).toThrow(/no coordinates/);
  });
  it('throws typed errors', () => {
    expect(() => new CLARA().labels).toThrow(NotFittedError);
    expect(() => new CLARA({ nClusters: 8 }).fit(X)).toThrow(/nClusters=8 must be < the number of samples \(8\)/);
    expect(() => new CLARA({ nClusters: 3, sampleSize: 3 })).toThrow(/sampleSize must be an integer >= 4/);
    expect(() => new CLARA({ metric: 'gower' }).fit(X)).toThrow(/column table/);
    expect(() =>
      new CLARA({ nClusters: 2 }).fit([
        [0, Number.NaN],
        [1, 1],
        [2, 2],
      ]),
    ).toThrow(ValidationError);
  });
});

describe('CLARA — the wasm scoring of each sample (bit-identical to the TypeScript loop)', () => {
  const initial = getBackend();
  afterEach(() => setBackend(initial));
  // the metrics with a wasm kernel at CLARA's parameters (minkowski: p = 2)
  const METRICS: MetricName[] = [
    'euclidean',
    'sqeuclidean',
    'cityblock',
    'chebyshev',
    'cosine',
    'correlation',
    'minkowski',
  ];
  /** n×d rows on a coarse grid (ties between medoids) plus a fine wobble; no zero rows (cosine). */
  const grid = (n: number, d: number, seed: number): number[][] =>
    Array.from({ length: n }, (_, i) =>
      Array.from(
        { length: d },
        (_, j) => ((i * 7 + j * 3 + seed) % 5) + 1 + ((i * 13 + j) % 3 === 0 ? 0 : 0.1 * Math.sin(i + j)),
      ),
    );

  it('openNearestScorer equals the naive nearest-medoid loop over the registry kernel, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...METRICS),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (n, d, kk, metric, seed, round) => {
          const k = Math.min(kk, n);
          const x = Float64Array.from(grid(n, d, seed).flat(), (v) => (round ? Math.round(v) : v));
          const self = Int32Array.from({ length: k }, (_, c) => (c * 7 + seed) % n);
          const centers = new Float64Array(k * d);
          for (let c = 0; c < k; c++) centers.set(x.subarray(self[c] * d, self[c] * d + d), c * d);
          const dist = METRIC_REGISTRY[metric].distance;
          const want = new Int32Array(n);
          let wantSum = 0;
          for (let i = 0; i < n; i++) {
            let bd = Number.POSITIVE_INFINITY;
            for (let c = 0; c < k; c++) {
              const v = i === self[c] ? 0 : dist(x, i * d, centers, c * d, d, NO_PARAMS);
              if (v < bd) {
                bd = v;
                want[i] = c;
              }
            }
            wantSum += bd;
          }
          const scorer = openNearestScorer(x, n, d, k, metric, NO_PARAMS);
          expect(scorer, metric).not.toBeNull();
          const labels = new Int32Array(n).fill(-1);
          const seen: number[] = [];
          const sum = scorer?.score(centers, self, labels, (r) => seen.push(r));
          expect(Array.from(labels)).toEqual(Array.from(want));
          expect(Object.is(sum, wantSum), `${metric}: ${sum} vs ${wantSum}`).toBe(true);
          expect(seen[seen.length - 1]).toBe(n);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a fit gives the same medoids, labels and inertia under the js and wasm backends for every wasm metric', () => {
    const X = grid(300, 3, 5);
    for (const metric of METRICS) {
      setBackend('js');
      const a = new CLARA({ nClusters: 4, samples: 3, metric, seed: 9 }).fit(X);
      setBackend('wasm');
      const b = new CLARA({ nClusters: 4, samples: 3, metric, seed: 9 }).fit(X);
      expect(Array.from(b.medoidIndices), metric).toEqual(Array.from(a.medoidIndices));
      expect(Array.from(b.labels), metric).toEqual(Array.from(a.labels));
      expect(Object.is(b.inertia, a.inertia), `${metric}: ${b.inertia} vs ${a.inertia}`).toBe(true);
    }
  });
});
