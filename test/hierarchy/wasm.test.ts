import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Metric } from '../../src/core/distance.js';
import { CapacityError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { pdist } from '../../src/engine/pairwise.js';
import { LINKAGE_METHODS, type LinkageMethod, linkage } from '../../src/hierarchy/linkage.js';
import { expectLinkageClose, FIXTURE_NAMES, fixtureData, loadFixture } from './helpers.js';

const initial = getBackend();
afterEach(() => setBackend(initial));

/** linkage under one backend. */
function under(backend: 'js' | 'wasm', X: number[][] | Float64Array, opts: Parameters<typeof linkage>[1]): Matrix {
  setBackend(backend);
  try {
    return linkage(X, opts);
  } finally {
    setBackend(initial);
  }
}

/** Bit-identical linkage matrices (every id, height and size). */
function expectSameBits(a: Matrix, b: Matrix, what: string): void {
  expect(b.rows, what).toBe(a.rows);
  for (let i = 0; i < a.data.length; i++) {
    if (!Object.is(a.data[i], b.data[i])) {
      throw new Error(`${what}: entry ${i} (row ${i >> 2}) is ${b.data[i]} under wasm, ${a.data[i]} under js`);
    }
  }
}

const NN_METHODS = ['complete', 'average', 'weighted', 'ward'] as const;
const METRICS: Metric[] = ['euclidean', 'sqeuclidean', 'cityblock', 'cosine', 'chebyshev'];

describe('linkage — WebAssembly backend', () => {
  it('the SciPy fixtures pass under both backends, with bit-identical results', () => {
    for (const name of FIXTURE_NAMES) {
      const f = loadFixture(name);
      const data = fixtureData(f);
      for (const key of Object.keys(f.expected.linkage)) {
        const [method, metric] = key.split('/') as [LinkageMethod, string];
        const opts = metric === 'precomputed' ? { method } : { method, metric: metric as Metric };
        const js = under('js', data, opts);
        const wasm = under('wasm', data, opts);
        try {
          expectLinkageClose(js, f.expected.linkage[key], f.params.tolerance);
          expectLinkageClose(wasm, f.expected.linkage[key], f.params.tolerance);
        } catch (e) {
          throw new Error(`${name} ${key}: ${(e as Error).message}`);
        }
        expectSameBits(js, wasm, `${name} ${key}`);
      }
    }
  });

  it('the wasm NN-chain equals the JS condensed-matrix NN-chain bit for bit on blobs (n = 300, every metric)', () => {
    const f = loadFixture('blobs60');
    const base = f.input.X as number[][];
    // 300 rows: the fixture's 60 rows, shifted copies (exact ties between copies' internal distances)
    const X: number[][] = [];
    for (let c = 0; c < 5; c++) for (const r of base) X.push(r.map((v, j) => v + (j === 0 ? 7 * c : 0)));
    const budget = 4 * X.length * (X.length - 1); // the JS condensed layout, as in wasm
    for (const method of NN_METHODS) {
      for (const metric of method === 'ward' ? (['euclidean'] as Metric[]) : METRICS) {
        const js = under('js', X, { method, metric, memoryBudget: budget });
        const wasm = under('wasm', X, { method, metric, memoryBudget: budget });
        expectSameBits(js, wasm, `${method}/${metric}`);
      }
    }
  });

  it('property: wasm and js give the same bits on random data with ties, duplicates and any n (incl. n = 2), every method and path', () => {
    const data = fc.integer({ min: 2, max: 41 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        d: fc.integer({ min: 1, max: 5 }),
        // small integers: many exact distance ties and duplicate rows
        values: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n * 5, maxLength: n * 5 }),
        offset: fc.constantFrom(0, 0.25, 1e6),
        method: fc.constantFrom(...LINKAGE_METHODS),
        metric: fc.constantFrom(...METRICS),
        condensed: fc.boolean(),
        matrixFree: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(data, ({ n, d, values, offset, method, metric, condensed, matrixFree }) => {
        const X: number[][] = [];
        for (let i = 0; i < n; i++) {
          const row: number[] = values.slice(i * 5, i * 5 + d).map((v) => v + offset);
          if (metric === 'cosine' && !row.some((v) => v !== 0)) row[0] = 1;
          X.push(row);
        }
        const squared = method === 'ward' || method === 'centroid' || method === 'median';
        const m = squared ? 'euclidean' : metric;
        const input = condensed ? pdist(X, m) : X;
        // matrixFree: the centre paths (ward, centroid, median) or the matrix paths
        const opts = condensed ? { method } : { method, metric: m, matrixFree: squared && matrixFree };
        expectSameBits(under('js', input, opts), under('wasm', input, opts), `${method}/${m} n=${n} d=${d}`);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the wasm NN-chain, whose triangle is compacted each time half of its clusters have merged, equals the js reference bit for bit (n = 130 … 700, ties)', () => {
    // n ≥ 130: at least one compaction (at 65 live clusters and more; none below 64); small integers: exact ties
    // and duplicate rows, so every lowest-index choice is exercised across the renumbering.
    const data = fc.integer({ min: 130, max: 700 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        d: fc.integer({ min: 1, max: 4 }),
        values: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n * 4, maxLength: n * 4 }),
        method: fc.constantFrom(...NN_METHODS),
        condensed: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(data, ({ n, d, values, method, condensed }) => {
        const X: number[][] = [];
        for (let i = 0; i < n; i++) X.push(values.slice(i * 4, i * 4 + d));
        const input = condensed ? pdist(X, 'euclidean') : X;
        const opts = { method, memoryBudget: 4 * n * (n - 1) };
        expectSameBits(under('js', input, opts), under('wasm', input, opts), `${method} n=${n} d=${d}`);
      }),
      { numRuns: 40 },
    );
  });

  it('property: matrix-free single/ward/centroid/median (compacted, pruned scans) equal the js reference bit for bit up to n = 400, d = 12', () => {
    // Enough merges for many compactions (a hole per merge, compacted at 1/16 of the positions) and enough
    // features for both pruning checks (after features 3 and 6); integer grids force ties and duplicate rows.
    const data = fc.record({
      n: fc.integer({ min: 2, max: 400 }),
      d: fc.integer({ min: 1, max: 12 }),
      grid: fc.constantFrom(0, 2, 5),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      method: fc.constantFrom('single', 'ward', 'centroid', 'median') as fc.Arbitrary<LinkageMethod>,
      metric: fc.constantFrom(...METRICS),
    });
    fc.assert(
      fc.property(data, ({ n, d, grid, seed, method, metric: anyMetric }) => {
        // Prim on the fly takes any metric; the centre paths are Euclidean
        const metric = method === 'single' ? anyMetric : 'euclidean';
        let s = seed;
        const rand = (): number => {
          s = (Math.imul(s, 48271) >>> 0) % 2147483647;
          return s / 2147483647;
        };
        const X = new Float64Array(n * d);
        // a few blobs (so pruning drops most blocks), rounded to a grid when grid > 0 (ties)
        for (let i = 0; i < n; i++) {
          const c = Math.floor(rand() * 4) * 10;
          for (let j = 0; j < d; j++) {
            const v = c + 3 * (rand() - 0.5);
            X[i * d + j] = grid > 0 ? Math.round(v * grid) / grid : v;
          }
        }
        const rows = Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * d, (i + 1) * d)));
        if (metric === 'cosine') for (const r of rows) if (!r.some((v) => v !== 0)) r[0] = 1;
        const opts = { method, metric, matrixFree: true };
        const what = `${method}/${metric} n=${n} d=${d} grid=${grid}`;
        expectSameBits(under('js', rows, opts), under('wasm', rows, opts), what);
      }),
      { numRuns: 160 },
    );
  });

  it('all methods agree across backends on a 203-point set (n not a multiple of the tile width)', () => {
    const f = loadFixture('wine_std');
    const X = (f.input.X as number[][]).concat((f.input.X as number[][]).slice(0, 25));
    for (const method of LINKAGE_METHODS) {
      expectSameBits(under('js', X, { method }), under('wasm', X, { method }), method);
    }
  });

  it('huge coordinates: within ±1e140 on the wasm path, beyond it (overflowing distances) on the JS path; same bits', () => {
    for (const scale of [1e130, 1e200]) {
      // three far-apart groups (±scale and near 0): at 1e200 the distances between groups overflow to +∞
      const X: number[][] = [];
      for (let i = 0; i < 90; i++) X.push([[0, scale, -scale, 5, 6, scale][i % 6] + (i % 5), i % 3]);
      for (const method of LINKAGE_METHODS) {
        for (const matrixFree of [true, false]) {
          const squared = method === 'ward' || method === 'centroid' || method === 'median';
          if (matrixFree && !squared && method !== 'single') continue;
          const opts = { method, matrixFree };
          expectSameBits(under('js', X, opts), under('wasm', X, opts), `${method} matrixFree=${matrixFree} ${scale}`);
        }
      }
      if (scale > 1e140) continue; // its distances overflow: not a valid condensed vector
      const y = pdist(X);
      for (const method of LINKAGE_METHODS) {
        expectSameBits(under('js', y, { method }), under('wasm', y, { method }), `${method} condensed ${scale}`);
      }
    }
  });

  it('keeps the memory budget: CapacityError when the condensed matrix does not fit', () => {
    const X = Array.from({ length: 200 }, (_, i) => [i % 7, (i * 13) % 11]);
    setBackend('wasm');
    expect(() => linkage(X, { method: 'average', memoryBudget: 1000 })).toThrow(CapacityError);
    expect(() => linkage(pdist(X), { method: 'complete', memoryBudget: 1000 })).toThrow(CapacityError);
  });
});
