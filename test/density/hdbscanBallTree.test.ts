import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFlat } from '../../src/core/matrix.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { boruvkaBallState, mstBoruvka } from '../../src/density/hdbscanBoruvka.js';
import { mstDualTreeBoruvka } from '../../src/density/hdbscanDualTree.js';
import { mstPrim, primOrder } from '../../src/density/hdbscanMst.js';
import { singleLinkageFromMst } from '../../src/density/hdbscanTree.js';
import {
  buildNeighborIndex,
  type DensityClusterMetric,
  resolveDensityMetric,
} from '../../src/density/neighborhoods.js';
import { partitionAt } from './clusterHelpers.js';

/** True metrics a k-d tree cannot bound (and one it can, through the ball tree anyway), with the data they take. */
const METRICS: { metric: Exclude<DensityClusterMetric, 'precomputed'>; data: 'real' | 'bool' | 'latlon' | 'pos' }[] = [
  { metric: 'seuclidean', data: 'real' },
  { metric: 'mahalanobis', data: 'real' },
  { metric: 'canberra', data: 'pos' },
  { metric: 'haversine', data: 'latlon' },
  { metric: 'hamming', data: 'real' },
  { metric: 'jaccard', data: 'bool' },
  { metric: 'rogerstanimoto', data: 'bool' },
  { metric: 'jensenshannon', data: 'pos' },
  { metric: 'euclidean', data: 'real' },
];

const problem = fc
  .record({
    n: fc.integer({ min: 2, max: 80 }),
    d: fc.integer({ min: 1, max: 4 }),
    m: fc.integer({ min: 0, max: METRICS.length - 1 }),
    alpha: fc.constantFrom(1, 0.5, 1.7),
    leafSize: fc.integer({ min: 1, max: 9 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    spread: fc.constantFrom(3, 1000),
    coreKind: fc.constantFrom('zero', 'ties', 'real'),
  })
  .map(({ n, d, m, alpha, leafSize, seed, spread, coreKind }) => {
    let s = seed;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    const { metric, data } = METRICS[m];
    const dd = data === 'latlon' ? 2 : metric === 'mahalanobis' ? Math.max(1, Math.min(d, Math.floor(n / 3))) : d;
    const x = new Float64Array(n * dd);
    for (let i = 0; i < n * dd; i++) {
      if (data === 'bool') x[i] = rand() < 0.5 ? 1 : 0;
      else if (data === 'latlon') x[i] = i % 2 === 0 ? (rand() - 0.5) * Math.PI : (rand() - 0.5) * 2 * Math.PI;
      else if (data === 'pos') x[i] = 1 + Math.floor(rand() * spread);
      // small integer grids give duplicate rows and tied distances
      else x[i] = spread === 3 ? Math.floor(rand() * 3) : rand() * 10;
    }
    // every row needs a non-zero entry for jaccard-like ratios to be defined the same way by all paths
    const core = Float64Array.from({ length: n }, () =>
      coreKind === 'zero' ? 0 : coreKind === 'ties' ? Math.floor(rand() * 3) * 0.25 : rand(),
    );
    return { n, d: dd, x, core, metric, alpha, leafSize };
  })
  .filter(({ n, d, x, metric }) => {
    // mahalanobis needs an invertible covariance: skip degenerate draws
    if (metric !== 'mahalanobis') return true;
    try {
      resolveDensityMetric(fromFlat(x, n, d), metric, 2, 'test');
      return true;
    } catch {
      return false;
    }
  });

describe('HDBSCAN Borůvka on the ball tree (true metrics a k-d tree cannot bound)', () => {
  it('gives the merge heights and single-linkage partitions of Prim’s tree at every height, every edge weight d_mreach', () => {
    fc.assert(
      fc.property(problem, ({ n, d, x, core, metric, alpha, leafSize }) => {
        const X = fromFlat(x, n, d);
        const resolved = resolveDensityMetric(X, metric, 2, 'test');
        const dual = new Float64Array((n - 1) * 3);
        mstDualTreeBoruvka(boruvkaBallState(X, core, resolved, alpha, leafSize), dual);
        const dist = resolved.info.distance;
        for (let e = 0; e < n - 1; e++) {
          const a = dual[e * 3];
          const b = dual[e * 3 + 1];
          const w = Math.max(dist(x, a * d, x, b * d, d, resolved.params) * (1 / alpha), core[a], core[b]);
          expect(dual[e * 3 + 2]).toBe(w);
        }
        const ordered = new Float64Array((n - 1) * 3);
        primOrder(dual, n, ordered);
        const lb = singleLinkageFromMst(ordered, n);
        const prim = new Float64Array((n - 1) * 3);
        // Prim divides by α where Borůvka multiplies by 1/α: compare heights exactly only for α = 1
        mstPrim(buildNeighborIndex(X, metric, 2, 'brute', leafSize, 'test'), core, alpha, prim);
        const lp = singleLinkageFromMst(prim, n);
        for (let t = 0; t < n - 1; t++) {
          if (alpha === 1) expect(lb[t * 4 + 2]).toBe(lp[t * 4 + 2]);
          else expect(Math.abs(lb[t * 4 + 2] - lp[t * 4 + 2])).toBeLessThanOrEqual(1e-12 * Math.max(1, lp[t * 4 + 2]));
        }
        if (alpha === 1) {
          for (let t = 0; t < n - 1; t++) {
            const h = lb[t * 4 + 2];
            expect(partitionAt(lb, n, h)).toEqual(partitionAt(lp, n, h));
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('dual-tree and single-tree Borůvka pick the same edges in the same order on the ball tree', () => {
    fc.assert(
      fc.property(problem, ({ n, d, x, core, metric, alpha, leafSize }) => {
        const X = fromFlat(x, n, d);
        const resolved = resolveDensityMetric(X, metric, 2, 'test');
        const dual = new Float64Array((n - 1) * 3);
        const single = new Float64Array((n - 1) * 3);
        mstDualTreeBoruvka(boruvkaBallState(X, core, resolved, alpha, leafSize), dual);
        mstBoruvka(boruvkaBallState(X, core, resolved, alpha, leafSize), single);
        expect(dual).toEqual(single);
      }),
      { numRuns: 200 },
    );
  });

  it("'auto' picks the ball tree for a non-Minkowski true metric at d ≤ 15 and gives Prim's labels on distinct rows", () => {
    let s = 7;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    // three groups of positive rows (canberra is scale-free: separate them by ratios)
    const X = Array.from({ length: 300 }, (_, i) => {
      const g = i % 3;
      return [1 + g * 5 + rand(), 1 + ((g * 7) % 3) * 5 + rand(), 2 + rand()];
    });
    for (const metric of ['canberra', 'seuclidean', 'mahalanobis'] as const) {
      const auto = new HDBSCAN({ minClusterSize: 10, metric }).fit(X);
      const prim = new HDBSCAN({ minClusterSize: 10, metric, algorithm: 'prim' }).fit(X);
      expect(auto.backend).toBe('boruvka-balltree');
      expect(prim.backend).toBe('prim');
      expect(auto.nClusters).toBeGreaterThan(1);
      expect(Array.from(auto.labels)).toEqual(Array.from(prim.labels));
      expect(auto.probabilities).toEqual(prim.probabilities);
      expect(auto.singleLinkageTree.data.filter((_, i) => i % 4 === 2)).toEqual(
        prim.singleLinkageTree.data.filter((_, i) => i % 4 === 2),
      );
      const back = HDBSCAN.fromJSON(JSON.parse(JSON.stringify(auto.toJSON())));
      expect(back.backend).toBe('boruvka-balltree');
      expect(Array.from(back.labels)).toEqual(Array.from(auto.labels));
    }
    // cosine is not a true metric: 'auto' falls back to Prim, and the ball tree is refused by name
    expect(new HDBSCAN({ minClusterSize: 10, metric: 'cosine' }).fit(X).backend).toBe('prim');
    expect(() => new HDBSCAN({ minClusterSize: 10, metric: 'cosine', algorithm: 'boruvka-balltree' }).fit(X)).toThrow(
      /needs a true metric.*'prim'/,
    );
    expect(() => new HDBSCAN({ minClusterSize: 10, metric: 'canberra', algorithm: 'boruvka-kdtree' }).fit(X)).toThrow(
      /'boruvka-balltree' or 'prim'/,
    );
    expect(() => new HDBSCAN({ metric: 'precomputed', algorithm: 'boruvka-balltree' })).toThrow(/prim/);
  });
});
