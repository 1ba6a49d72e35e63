import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { gowerDistance } from '../../src/core/gower.js';
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
