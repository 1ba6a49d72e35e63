import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { bruteMstWeight, fromNullable, loadFixtures, sameUpToPermutation } from './clusterHelpers.js';

type HdbExpected = {
  cluster: number[];
  membershipProb: (number | null)[];
  outlierScores: (number | null)[];
  coreDistances: number[];
  merge: number[][];
  height: number[];
};

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol);
}

describe('HDBSCAN', () => {
  it('HDBSCAN.fit(X) runs the TSDoc example', () => {
    const X = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [10, 10],
      [10, 11],
      [11, 10],
      [11, 11],
      [50, 50],
    ];
    const h = new HDBSCAN({ minClusterSize: 3, minSamples: 2 }).fit(X);
    expect(Array.from(h.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, -1]);
  });

  for (const fx of loadFixtures<HdbExpected>('hdbscan_')) {
    for (const algorithm of ['prim', 'boruvka-kdtree'] as const) {
      it(`HDBSCAN({ minClusterSize: minPts, minSamples: minPts }) matches R dbscan::hdbscan on ${fx.name} (${algorithm})`, () => {
        const minPts = fx.params.minPts as number;
        const h = new HDBSCAN({ minClusterSize: minPts, minSamples: minPts, algorithm }).fit(fx.input.X);
        const e = fx.expected;
        expectClose(h.coreDistances, e.coreDistances, 1e-12);
        const heights = Array.from({ length: h.singleLinkageTree.rows }, (_, t) => h.singleLinkageTree.data[t * 4 + 2]);
        expectClose(heights, e.height, 1e-12);
        const rLabels = e.cluster.map((c) => c - 1);
        expect(sameUpToPermutation(h.labels, rLabels)).toBe(true);
        expectClose(h.probabilities, fromNullable(e.membershipProb), 1e-12);
        expectClose(h.outlierScores, fromNullable(e.outlierScores), 1e-12);
      });
    }
  }
});

describe('HDBSCAN invariants', () => {
  const cloud = fc
    .tuple(fc.integer({ min: 3, max: 60 }), fc.integer({ min: 1, max: 3 }))
    .chain(([n, d]) =>
      fc
        .array(fc.integer({ min: 0, max: 6 }), { minLength: n * d, maxLength: n * d })
        .map((v) => Array.from({ length: n }, (_, i) => v.slice(i * d, i * d + d))),
    );

  it('HDBSCAN MST weight equals a brute-force Prim MST on integer data with ties (both algorithms)', () => {
    fc.assert(
      fc.property(cloud, fc.integer({ min: 1, max: 4 }), (X, minSamples) => {
        fc.pre(minSamples <= X.length);
        for (const algorithm of ['prim', 'boruvka-kdtree'] as const) {
          const h = new HDBSCAN({ minClusterSize: 2, minSamples, algorithm, leafSize: 3 }).fit(X);
          const z = h.singleLinkageTree;
          let w = 0;
          for (let t = 0; t < z.rows; t++) w += z.data[t * 4 + 2];
          const brute = bruteMstWeight(Float64Array.from(X.flat()), X.length, X[0].length, 2, h.coreDistances);
          expect(Math.abs(w - brute)).toBeLessThanOrEqual(1e-9 * Math.max(1, w));
        }
      }),
    );
  });

  it('HDBSCAN.approximatePredict(X) on the (distinct) training rows returns their own labels', () => {
    fc.assert(
      fc.property(cloud, fc.integer({ min: 2, max: 5 }), (rows, mcs) => {
        const X = [...new Map(rows.map((r) => [r.join(','), r])).values()];
        fc.pre(mcs <= X.length && X.length >= 2);
        const h = new HDBSCAN({ minClusterSize: mcs }).fit(X);
        const p = h.approximatePredict(X);
        expect(Array.from(p.labels)).toEqual(Array.from(h.labels));
        for (const v of p.probabilities) expect(v >= 0 && v <= 1).toBe(true);
      }),
    );
  });

  it('HDBSCAN labels, probabilities and outlier scores stay in range; toJSON/fromJSON round-trips', () => {
    const fx = loadFixtures<HdbExpected>('hdbscan_02')[0];
    const h = new HDBSCAN({ minClusterSize: 10 }).fit(fx.input.X);
    for (const v of h.outlierScores) expect(v >= 0 && v <= 1).toBe(true);
    const back = HDBSCAN.fromJSON(JSON.parse(JSON.stringify(h.toJSON())));
    expect(back.labels).toEqual(h.labels);
    expect(back.probabilities).toEqual(h.probabilities);
    expect(back.outlierScores).toEqual(h.outlierScores);
    expect(
      back.approximatePredict([
        [0.5, 0.25],
        [5, 5],
      ]),
    ).toEqual(
      h.approximatePredict([
        [0.5, 0.25],
        [5, 5],
      ]),
    );
  });

  it('HDBSCAN leaf selection, allowSingleCluster and clusterSelectionEpsilon', () => {
    const fx = loadFixtures<HdbExpected>('hdbscan_00')[0];
    const eom = new HDBSCAN({ minClusterSize: 5 }).fit(fx.input.X);
    const leaf = new HDBSCAN({ minClusterSize: 5, clusterSelectionMethod: 'leaf' }).fit(fx.input.X);
    expect(leaf.nClusters).toBeGreaterThanOrEqual(eom.nClusters);
    const merged = new HDBSCAN({ minClusterSize: 5, clusterSelectionEpsilon: 100 }).fit(fx.input.X);
    expect(merged.nClusters).toBeLessThanOrEqual(eom.nClusters);
    const one = new HDBSCAN({ minClusterSize: 5, clusterSelectionEpsilon: 100, allowSingleCluster: true }).fit(
      fx.input.X,
    );
    expect(one.nClusters).toBe(1);
    const z = eom.singleLinkageTree;
    for (let t = 0; t < z.rows; t++) expect(z.data[t * 4]).toBeLessThan(z.data[t * 4 + 1]);
  });

  it('HDBSCAN on a precomputed matrix equals HDBSCAN on the data', () => {
    const fx = loadFixtures<HdbExpected>('hdbscan_03')[0];
    const X = fx.input.X;
    const D = X.map((a) => X.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
    const a = new HDBSCAN({ minClusterSize: 8 }).fit(X);
    const b = new HDBSCAN({ minClusterSize: 8, metric: 'precomputed' }).fit(D);
    expect(sameUpToPermutation(a.labels, b.labels)).toBe(true);
    expect(() => b.approximatePredict([[0, 0]])).toThrow(ValidationError);
  });

  it('HDBSCAN rejects bad options and data', () => {
    expect(() => new HDBSCAN({ minClusterSize: 1 })).toThrow(ValidationError);
    expect(() => new HDBSCAN({ minSamples: 0 })).toThrow(/minSamples/);
    expect(() => new HDBSCAN({ alpha: 0 })).toThrow(/alpha/);
    expect(() => new HDBSCAN({ clusterSelectionEpsilon: -1 })).toThrow(/clusterSelectionEpsilon/);
    expect(() => new HDBSCAN({ metric: 'precomputed', algorithm: 'boruvka-kdtree' })).toThrow(/prim/);
    expect(() => new HDBSCAN().fit([[0, 0]])).toThrow(/at least 2 rows/);
    expect(() => new HDBSCAN({ minClusterSize: 5 }).fit([[0], [1], [2]])).toThrow(/minSamples/);
    expect(() =>
      new HDBSCAN({ metric: 'precomputed' }).fit([
        [0, Number.NaN],
        [1, 0],
      ]),
    ).toThrow(ValidationError);
    expect(() => new HDBSCAN().labels).toThrow(NotFittedError);
  });
});

describe('HDBSCAN.membershipVectors', () => {
  const fx = loadFixtures<HdbExpected>('hdbscan_00')[0];
  const h = new HDBSCAN({ minClusterSize: 5 }).fit(fx.input.X);

  it('HDBSCAN.membershipVectors() rows lie in [0, 1], sum to at most 1, and peak at the point’s own cluster', () => {
    const m = h.membershipVectors();
    expect(m.rows).toBe(fx.input.X.length);
    expect(m.cols).toBe(h.nClusters);
    let agree = 0;
    let labelled = 0;
    for (let i = 0; i < m.rows; i++) {
      let sum = 0;
      let best = 0;
      for (let c = 0; c < m.cols; c++) {
        const v = m.data[i * m.cols + c];
        expect(v >= 0 && v <= 1).toBe(true);
        sum += v;
        if (v > m.data[i * m.cols + best]) best = c;
      }
      expect(sum).toBeLessThanOrEqual(1 + 1e-12);
      if (h.labels[i] >= 0) {
        labelled++;
        if (best === h.labels[i]) agree++;
      }
    }
    expect(agree / labelled).toBeGreaterThan(0.95);
  });

  it('HDBSCAN.membershipVectors(Q) places new points near a cluster in that cluster', () => {
    const m = h.membershipVectors(fx.input.X.slice(0, 20));
    for (let i = 0; i < 20; i++) {
      if (h.labels[i] < 0) continue;
      const row = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
      expect(row.indexOf(Math.max(...row))).toBe(h.labels[i]);
    }
  });
});

describe('HDBSCAN edge cases', () => {
  it('HDBSCAN on identical rows: one density level, no cluster below the root, all noise (both MSTs)', () => {
    const X = Array.from({ length: 20 }, () => [1, 1]);
    for (const algorithm of ['prim', 'boruvka-kdtree'] as const) {
      const h = new HDBSCAN({ minClusterSize: 5, algorithm }).fit(X);
      expect(Array.from(h.labels)).toEqual(new Array(20).fill(-1));
      expect(Array.from(h.outlierScores)).toEqual(new Array(20).fill(0));
      expect(h.membershipVectors().cols).toBe(0);
    }
  });

  it('HDBSCAN on two groups of duplicates finds the two groups', () => {
    const X = [...Array.from({ length: 20 }, () => [1, 1]), ...Array.from({ length: 20 }, () => [5, 5])];
    const h = new HDBSCAN({ minClusterSize: 5 }).fit(X);
    expect(sameUpToPermutation(h.labels, [...new Array(20).fill(0), ...new Array(20).fill(1)])).toBe(true);
    expect(
      Array.from(
        h.approximatePredict([
          [1, 1],
          [5, 5],
        ]).labels,
      ),
    ).toEqual([h.labels[0], h.labels[20]]);
  });
});
