import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { DBSCAN, type DBSCANOptions } from '../../src/density/DBSCAN.js';
import { labelMap, loadFixtures, sameUpToPermutation } from './clusterHelpers.js';

type DbExpected = {
  labels: number[];
  coreSampleIndices: number[];
  components: number[][];
  adjacent: Record<string, number[]>;
};

const toOptions = (p: Record<string, unknown>): DBSCANOptions => ({
  eps: p.eps as number,
  minSamples: p.min_samples as number,
  metric: (p.metric as DBSCANOptions['metric']) ?? 'euclidean',
  p: (p.p as number) ?? 2,
});

/**
 * Labels exactly as scikit-learn's (a border row takes the lowest-numbered cluster among its core neighbours' there
 * too, whatever its tree's neighbour order); the looser checks below say what failed first.
 */
function expectMatches(labels: Int32Array, core: Int32Array, e: DbExpected) {
  expect(Array.from(core)).toEqual(e.coreSampleIndices);
  const isCore = new Set(e.coreSampleIndices);
  expect(sameUpToPermutation(labels, e.labels, (i) => !isCore.has(i) && e.labels[i] !== -1)).toBe(true);
  const map = labelMap(labels, e.labels);
  for (let i = 0; i < labels.length; i++) {
    if (e.labels[i] === -1) expect(labels[i]).toBe(-1);
    else if (!isCore.has(i)) {
      expect(labels[i]).toBeGreaterThanOrEqual(0);
      expect(e.adjacent[String(i)]).toContain(map.get(labels[i]));
    }
  }
  expect(new Set(labels).size).toBe(new Set(e.labels).size);
  expect(Array.from(labels)).toEqual(e.labels);
}

describe('DBSCAN', () => {
  it('DBSCAN.fit(X) on one row: noise unless minSamples is 1', () => {
    expect(Array.from(new DBSCAN({ minSamples: 2 }).fit([[1, 2]]).labels)).toEqual([-1]);
    expect(Array.from(new DBSCAN({ minSamples: 1 }).fit([[1, 2]]).labels)).toEqual([0]);
  });

  it('DBSCAN.fit(X) runs the TSDoc example', () => {
    const db = new DBSCAN({ eps: 1.5, minSamples: 2 }).fit([
      [0, 0],
      [0, 1],
      [1, 0],
      [8, 8],
      [8, 9],
      [20, 20],
    ]);
    expect(Array.from(db.labels)).toEqual([0, 0, 0, 1, 1, -1]);
    expect(db.nClusters).toBe(2);
  });

  for (const fx of loadFixtures<DbExpected>('dbscan_')) {
    for (const algorithm of ['auto', 'brute'] as const) {
      it(`DBSCAN.fit(X) matches scikit-learn 1.2 on ${fx.name} (${algorithm})`, () => {
        const db = new DBSCAN({ ...toOptions(fx.params), algorithm }).fit(fx.input.X, {
          sampleWeight: fx.input.sampleWeight,
        });
        expectMatches(db.labels, db.coreSampleIndices, fx.expected);
        expect(db.components.rows).toBe(fx.expected.components.length);
        for (let t = 0; t < db.components.rows; t++) {
          for (let j = 0; j < db.components.cols; j++) {
            expect(db.components.data[t * db.components.cols + j]).toBe(fx.expected.components[t][j]);
          }
        }
      });
    }
  }

  it('DBSCAN.fit(X) leaves X unchanged and toJSON/fromJSON round-trips', () => {
    const X = [
      [0, 0],
      [0, 1],
      [5, 5],
      [5, 6],
      [5, 7],
    ];
    const copy = JSON.stringify(X);
    const db = new DBSCAN({ eps: 1.1, minSamples: 2 }).fit(X);
    expect(JSON.stringify(X)).toBe(copy);
    const back = DBSCAN.fromJSON(JSON.parse(JSON.stringify(db.toJSON())));
    expect(back.labels).toEqual(db.labels);
    expect(back.components).toEqual(db.components);
    expect(back.options).toEqual(db.options);
  });

  it('DBSCAN rejects bad options and data with ValidationError', () => {
    expect(() => new DBSCAN({ eps: 0 })).toThrow(ValidationError);
    expect(() => new DBSCAN({ eps: -1 })).toThrow(/eps/);
    expect(() => new DBSCAN({ minSamples: 0 })).toThrow(/minSamples/);
    expect(() => new DBSCAN({ metric: 'nope' as never })).toThrow(/metric/);
    expect(() =>
      new DBSCAN({ metric: 'precomputed' }).fit([
        [0, 1, 2],
        [1, 0, 2],
      ]),
    ).toThrow(/square/);
    expect(() =>
      new DBSCAN({ metric: 'precomputed' }).fit([
        [0, -1],
        [-1, 0],
      ]),
    ).toThrow(/non-negative/);
    expect(() => new DBSCAN().fit([[0, Number.NaN]])).toThrow(ValidationError);
    expect(() => new DBSCAN().labels).toThrow(NotFittedError);
  });

  const points = fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3 }))
    .chain(([n, d]) =>
      fc
        .array(fc.integer({ min: 0, max: 8 }), { minLength: n * d, maxLength: n * d })
        .map((v) => Array.from({ length: n }, (_, i) => v.slice(i * d, i * d + d))),
    );

  it('DBSCAN labels are invariant to row order up to border rows, and core neighbourhoods stay in their cluster', () => {
    fc.assert(
      fc.property(
        points,
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (X, minSamples, eps) => {
          const a = new DBSCAN({ eps, minSamples }).fit(X);
          const perm = X.map((_, i) => i).reverse();
          const b = new DBSCAN({ eps, minSamples, algorithm: 'brute' }).fit(perm.map((i) => X[i]));
          const core = new Set(a.coreSampleIndices);
          const bl = Int32Array.from(X, (_, i) => b.labels[X.length - 1 - i]);
          expect(sameUpToPermutation(a.labels, bl, (i) => !core.has(i) && a.labels[i] !== -1)).toBe(true);
          for (let i = 0; i < X.length; i++) {
            expect(a.labels[i] === -1).toBe(bl[i] === -1);
            if (!core.has(i)) continue;
            for (let j = 0; j < X.length; j++) {
              const d = Math.hypot(...X[i].map((v, t) => v - X[j][t]));
              if (d <= eps) expect(a.labels[j]).toBe(a.labels[i]);
            }
          }
        },
      ),
    );
  });
});

describe('DBSCAN with registry metrics', () => {
  it('DBSCAN({ metric: "cosine" }) equals DBSCAN on the precomputed cosine distances (oracle)', async () => {
    const { cdist } = await import('../../src/engine/pairwise.js');
    const fx = loadFixtures<DbExpected>('dbscan_04_iris')[0];
    const X = fx.input.X;
    const D = cdist(X, X, 'cosine');
    const rows = Array.from({ length: D.rows }, (_, i) => Array.from(D.data.subarray(i * D.cols, (i + 1) * D.cols)));
    for (let i = 0; i < rows.length; i++) rows[i][i] = 0;
    const a = new DBSCAN({ eps: 0.002, minSamples: 5, metric: 'cosine' }).fit(X);
    const b = new DBSCAN({ eps: 0.002, minSamples: 5, metric: 'precomputed' }).fit(rows);
    expect(Array.from(a.coreSampleIndices)).toEqual(Array.from(b.coreSampleIndices));
    const core = new Set(a.coreSampleIndices);
    expect(sameUpToPermutation(a.labels, b.labels, (i) => !core.has(i) && a.labels[i] !== -1)).toBe(true);
  });
});
