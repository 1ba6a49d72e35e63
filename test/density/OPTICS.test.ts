import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { OPTICS, type OPTICSOptions } from '../../src/density/OPTICS.js';
import { round15 } from '../../src/density/opticsExtract.js';
import { fromNullable, loadFixtures } from './clusterHelpers.js';

type OpticsExpected = {
  ordering: number[];
  reachability: (number | null)[];
  coreDistances: (number | null)[];
  predecessor: number[];
  labels: number[];
  clusterHierarchy?: number[][];
};

const toOptions = (p: Record<string, unknown>): OPTICSOptions => ({
  minSamples: p.min_samples as number,
  maxEps: (p.max_eps as number) ?? Number.POSITIVE_INFINITY,
  metric: (p.metric as OPTICSOptions['metric']) ?? 'euclidean',
  clusterMethod: (p.cluster_method as OPTICSOptions['clusterMethod']) ?? 'xi',
  eps: p.eps as number | undefined,
  xi: (p.xi as number) ?? 0.05,
  predecessorCorrection: (p.predecessor_correction as boolean) ?? true,
  minClusterSize: (p.min_cluster_size as number) ?? null,
});

function expectClose(a: Float64Array, b: Float64Array, rtol: number) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (b[i] === Number.POSITIVE_INFINITY) expect(a[i]).toBe(b[i]);
    else expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(b[i])));
  }
}

describe('OPTICS', () => {
  it('round15(x) is NumPy around(x, 15) (half to even)', () => {
    expect(round15(0.1 + 0.2)).toBe(0.3);
    expect(round15(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(round15(123456.5)).toBe(123456.5);
    expect(round15(2.0000000000000004)).toBe(2);
  });

  it('OPTICS.fit(X) runs the TSDoc example', () => {
    const op = new OPTICS({ minSamples: 2 }).fit([
      [0, 0],
      [0, 1],
      [1, 0],
      [8, 8],
      [8, 9],
      [9, 8],
    ]);
    expect(Array.from(op.labels)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  for (const fx of loadFixtures<OpticsExpected>('optics_')) {
    for (const algorithm of ['auto', 'brute'] as const) {
      it(`OPTICS.fit(X) matches scikit-learn 1.2 on ${fx.name} (${algorithm})`, () => {
        const op = new OPTICS({ ...toOptions(fx.params), algorithm }).fit(fx.input.X);
        const e = fx.expected;
        expectClose(op.coreDistances, fromNullable(e.coreDistances), 1e-14);
        expectClose(op.reachability, fromNullable(e.reachability), 1e-14);
        expect(Array.from(op.ordering)).toEqual(e.ordering);
        expect(Array.from(op.predecessor)).toEqual(e.predecessor);
        expect(Array.from(op.labels)).toEqual(e.labels);
        if (e.clusterHierarchy) expect(op.clusterHierarchy.map((c) => [...c])).toEqual(e.clusterHierarchy);
      });
    }
  }

  it('OPTICS with maxEps = Infinity (k-d tree sweep / flat scan) equals the heap path over radius queries', () => {
    // maxEps = ∞ runs the pruned k-d tree sweep (euclidean, cityblock, chebyshev) or the flat scan (other
    // metrics, brute force); a finite maxEps above every distance runs the heap over radius lists: same graph,
    // bit for bit, on integer data full of ties and duplicates.
    const metrics = ['euclidean', 'cityblock', 'chebyshev', 'minkowski', 'canberra'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 70 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom(...metrics),
        fc.constantFrom('auto', 'brute'),
        fc.infiniteStream(fc.integer({ min: 0, max: 6 })),
        (n, d, k, metric, algorithm, values) => {
          const it = values[Symbol.iterator]();
          const X = Array.from({ length: n }, () => Array.from({ length: d }, () => it.next().value as number));
          const minSamples = Math.min(k, n);
          const fast = new OPTICS({ minSamples, metric, p: 3, algorithm }).fit(X);
          const slow = new OPTICS({ minSamples, metric, p: 3, algorithm, maxEps: 1e300 }).fit(X);
          expect(Array.from(fast.ordering)).toEqual(Array.from(slow.ordering));
          expect(Array.from(fast.reachability)).toEqual(Array.from(slow.reachability));
          expect(Array.from(fast.coreDistances)).toEqual(Array.from(slow.coreDistances));
          expect(Array.from(fast.predecessor)).toEqual(Array.from(slow.predecessor));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('OPTICS toJSON/fromJSON round-trips, Infinity included', () => {
    const op = new OPTICS({ minSamples: 2 }).fit([
      [0, 0],
      [0, 1],
      [5, 5],
      [5, 6],
      [9, 9],
    ]);
    const back = OPTICS.fromJSON(JSON.parse(JSON.stringify(op.toJSON())));
    expect(back.reachability).toEqual(op.reachability);
    expect(back.ordering).toEqual(op.ordering);
    expect(back.labels).toEqual(op.labels);
    expect(back.options).toEqual(op.options);
  });

  it('OPTICS rejects bad options and data with ValidationError', () => {
    expect(() => new OPTICS({ minSamples: 0 })).toThrow(ValidationError);
    expect(() => new OPTICS({ minSamples: 1.5 })).toThrow(/minSamples/);
    expect(() => new OPTICS({ maxEps: 0 })).toThrow(/maxEps/);
    expect(() => new OPTICS({ maxEps: 1, eps: 2, clusterMethod: 'dbscan' })).toThrow(/eps/);
    expect(() => new OPTICS({ xi: 2 })).toThrow(/xi/);
    expect(() => new OPTICS({ minSamples: 10 }).fit([[0], [1]])).toThrow(/number of samples/);
    expect(() => new OPTICS({ metric: 'precomputed' }).fit([[0, 1]])).toThrow(/square/);
    expect(() => new OPTICS().fit([[Number.NaN]])).toThrow(ValidationError);
    expect(() => new OPTICS().labels).toThrow(NotFittedError);
    const db = new OPTICS({ minSamples: 2, clusterMethod: 'dbscan', eps: 1 }).fit([[0], [1], [5]]);
    expect(() => db.clusterHierarchy).toThrow(/only with clusterMethod 'xi'/);
  });
});
