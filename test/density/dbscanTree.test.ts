import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMatrix } from '../../src/core/matrix.js';
import { resolveMetric } from '../../src/core/metrics.js';
import { DBSCAN, type DBSCANOptions } from '../../src/density/DBSCAN.js';

type Metric = 'euclidean' | 'manhattan' | 'chebyshev' | 'minkowski' | 'cosine';

/** d(a, b) ≤ eps as scikit-learn's trees decide it (reduced distances for the Minkowski family). */
function withinEps(a: number[], b: number[], eps: number, metric: Metric, p: number): boolean {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const u = Math.abs(a[j] - b[j]);
    if (metric === 'euclidean') s += u * u;
    else if (metric === 'manhattan') s += u;
    else if (metric === 'chebyshev') s = Math.max(s, u);
    else if (metric === 'minkowski') s += u ** p;
  }
  if (metric === 'euclidean') return s <= eps * eps;
  if (metric === 'minkowski') return s <= eps ** p;
  if (metric === 'cosine') {
    const m = resolveMetric({ metric: 'cosine' }, [toMatrix([a], 'a')], 'test');
    return m.info.distance(Float64Array.from(a), 0, Float64Array.from(b), 0, a.length, m.params) <= eps;
  }
  return s <= eps;
}

/**
 * scikit-learn 1.2's DBSCAN, plainly: every neighbourhood (ascending rows), core by the weight sum, then
 * `dbscan_inner` (depth-first expansion from each unlabelled core row in row order). O(n²).
 */
function naiveDbscan(X: number[][], eps: number, minSamples: number, metric: Metric, p: number, w?: number[]) {
  const n = X.length;
  const hood = X.map((a) => X.flatMap((b, j) => (withinEps(a, b, eps, metric, p) ? [j] : [])));
  const core = hood.map((h) => h.reduce((s, j) => s + (w === undefined ? 1 : w[j]), 0) >= minSamples);
  const labels = new Array<number>(n).fill(-1);
  let label = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== -1 || !core[start]) continue;
    const stack: number[] = [];
    let i = start;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (core[i]) for (const v of hood[i]) if (labels[v] === -1) stack.push(v);
      }
      if (stack.length === 0) break;
      i = stack.pop() as number;
    }
    label++;
  }
  return { labels, core: core.flatMap((c, i) => (c ? [i] : [])) };
}

/** Small integer data: many exact ties at distance eps and duplicate rows. */
const data = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(1, 2, 3, 6, 8), fc.integer({ min: 1, max: 6 }))
  .chain(([n, d, span]) =>
    fc
      .array(fc.integer({ min: 0, max: span }), { minLength: n * d, maxLength: n * d })
      .map((v) => Array.from({ length: n }, (_, i) => v.slice(i * d, i * d + d))),
  );

describe('DBSCAN on the k-d tree (count, union-find, smallest core cluster) against a plain scikit-learn oracle', () => {
  it('labels and core rows equal the O(n²) dbscan_inner on random tied data, every metric, weights and leaf size', () => {
    fc.assert(
      fc.property(
        data,
        fc.constantFrom<Metric>('euclidean', 'manhattan', 'chebyshev', 'minkowski', 'cosine'),
        fc.constantFrom(1, 1.5, 2, 2.5, 3, 4.5),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(1, 2, 4, 30),
        fc.constantFrom<NonNullable<DBSCANOptions['algorithm']>>('auto', 'kd-tree', 'ball-tree', 'brute'),
        fc.option(fc.array(fc.constantFrom(0, 0.5, 1, 1.5, 2, 3), { minLength: 60, maxLength: 60 }), {
          nil: undefined,
        }),
        (X, metric, eps, minSamples, leafSize, algorithm, weights) => {
          if (metric === 'cosine' && algorithm.endsWith('tree')) return; // cosine is no metric a tree can bound
          const p = 3;
          const w = weights?.slice(0, X.length);
          if (w !== undefined && Math.max(...w) === 0) w[0] = 1; // at least one positive weight
          const e = metric === 'cosine' ? eps / 40 : eps;
          const Y = metric === 'cosine' ? X.map((r) => r.map((v) => v + 1)) : X; // cosine: no zero vector
          const db = new DBSCAN({ eps: e, minSamples, metric, p, leafSize, algorithm }).fit(Y, { sampleWeight: w });
          const ref = naiveDbscan(Y, e, minSamples, metric, p, w);
          expect(Array.from(db.coreSampleIndices)).toEqual(ref.core);
          expect(Array.from(db.labels)).toEqual(ref.labels);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on 3000 rows of noisy blobs (whole nodes inside eps, many border rows) it equals the brute-force path', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.constantFrom(2, 3, 8), (seed, d) => {
        let s = seed;
        const rand = () => {
          // mulberry32
          s = (s + 0x6d2b79f5) | 0;
          let r = Math.imul(s ^ (s >>> 15), 1 | s);
          r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
          return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
        };
        const X = Array.from({ length: 3000 }, (_, i) =>
          Array.from({ length: d }, () => (i % 5) * 3 + Math.round((rand() - 0.5) * 64) / 32),
        );
        const eps = d === 8 ? 1.1 : d === 3 ? 0.3 : 0.15;
        const a = new DBSCAN({ eps, minSamples: 10 }).fit(X);
        const b = new DBSCAN({ eps, minSamples: 10, algorithm: 'brute' }).fit(X);
        expect(a.coreSampleIndices).toEqual(b.coreSampleIndices);
        expect(a.labels).toEqual(b.labels);
        expect(a.coreSampleIndices.length).toBeGreaterThan(100);
        expect(a.coreSampleIndices.length).toBeLessThan(X.length - 100); // many border and noise rows
      }),
      { numRuns: 6 },
    );
  });

  it('reports progress monotonically up to the total', () => {
    const X = Array.from({ length: 5000 }, (_, i) => [i % 70, Math.floor(i / 70) * 0.5]);
    const seen: [number, number][] = [];
    new DBSCAN({ eps: 0.6, minSamples: 3 }).fit(X, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.length).toBeGreaterThan(2);
    for (let t = 1; t < seen.length; t++) expect(seen[t][0]).toBeGreaterThanOrEqual(seen[t - 1][0]);
    expect(seen[seen.length - 1][0]).toBe(seen[seen.length - 1][1]);
    expect(seen[seen.length - 1][1]).toBe(2 * X.length);
  });
});
