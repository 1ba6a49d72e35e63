import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../src/core/distance.js';
import { CapacityError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { pdist } from '../../src/engine/pairwise.js';
import { LINKAGE_METHODS, type LinkageMethod, linkage, MONOTONE_METHODS } from '../../src/hierarchy/linkage.js';
import { isValidLinkage } from '../../src/hierarchy/linkageMatrix.js';
import {
  canonical,
  expectLinkageClose,
  FIXTURE_NAMES,
  fixtureData,
  loadFixture,
  naiveLinkage,
  replayIsGreedy,
} from './helpers.js';

describe('linkage — SciPy fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    it(`linkage(${name}) equals scipy.cluster.hierarchy.linkage for every method × metric`, () => {
      const f = loadFixture(name);
      const data = fixtureData(f);
      const keys = Object.keys(f.expected.linkage);
      expect(keys.length).toBeGreaterThanOrEqual(7);
      for (const key of keys) {
        const [method, metric] = key.split('/') as [LinkageMethod, string];
        const opts = metric === 'precomputed' ? { method } : { method, metric: metric as Metric };
        // Both working layouts: the full n×n matrix (default when it fits) and the condensed triangle.
        const n = f.params.n;
        for (const memoryBudget of [undefined, 4 * n * (n - 1)]) {
          const Z = linkage(data, { ...opts, memoryBudget });
          try {
            expectLinkageClose(Z, f.expected.linkage[key], f.params.tolerance);
          } catch (e) {
            throw new Error(`${name} ${key} budget ${memoryBudget}: ${(e as Error).message}`);
          }
        }
      }
    });
  }

  it('the matrix-free paths give SciPy’s linkage too (single, ward, centroid, median on euclidean data)', () => {
    for (const name of ['scipy_X', 'scipy_QX', 'blobs60', 'wine_std', 'uniform40']) {
      const f = loadFixture(name);
      const X = f.input.X as number[][];
      for (const method of ['single', 'ward', 'centroid', 'median'] as const) {
        const Z = linkage(X, { method, matrixFree: true });
        try {
          expectLinkageClose(Z, f.expected.linkage[`${method}/euclidean`], 1e-9);
        } catch (e) {
          throw new Error(`${name} ${method}: ${(e as Error).message}`);
        }
      }
      // ... and so do the matrix paths when matrix-free is switched off
      for (const method of ['single', 'ward', 'centroid', 'median'] as const) {
        expectLinkageClose(linkage(X, { method, matrixFree: false }), f.expected.linkage[`${method}/euclidean`], 1e-9);
      }
      for (const metric of ['cityblock', 'cosine', 'chebyshev', 'sqeuclidean'] as const) {
        expectLinkageClose(
          linkage(X, { method: 'single', metric, matrixFree: true }),
          f.expected.linkage[`single/${metric}`],
        );
      }
    }
  });

  it('a condensed vector gives the same linkage as the observations it came from', () => {
    const f = loadFixture('blobs60');
    const X = f.input.X as number[][];
    for (const method of LINKAGE_METHODS) {
      const a = linkage(X, { method });
      const b = linkage(pdist(X), { method });
      expectLinkageClose(b, a.data, 1e-12);
    }
  });
});

describe('linkage — O(n³) Lance–Williams oracle', () => {
  it('equals the naive algorithm on every method (uniform40, QX)', () => {
    for (const name of ['uniform40', 'scipy_QX']) {
      const X = loadFixture(name).input.X as number[][];
      const y = pdist(X);
      for (const method of LINKAGE_METHODS) {
        const naive = naiveLinkage(y, X.length, method);
        expectLinkageClose(linkage(y, { method }), naive, 1e-9);
        expectLinkageClose(linkage(y, { method, memoryBudget: y.length * 8 }), naive, 1e-9);
        if (method === 'single' || method === 'ward' || method === 'centroid' || method === 'median') {
          expectLinkageClose(linkage(X, { method, matrixFree: true }), naive, 1e-9);
        }
      }
    }
  });
});

const matrix = (maxRows = 25, maxCols = 3) =>
  fc.tuple(fc.integer({ min: 2, max: maxRows }), fc.integer({ min: 1, max: maxCols })).chain(([n, d]) =>
    fc
      .array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), {
        minLength: n * d,
        maxLength: n * d,
      })
      .map((v): Matrix => ({ rows: n, cols: d, data: Float64Array.from(v) })),
  );

/** Integer-valued data: many exact distance ties. */
const tiedMatrix = fc
  .tuple(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 2 }))
  .chain(([n, d]) =>
    fc
      .array(fc.integer({ min: 0, max: 4 }), { minLength: n * d, maxLength: n * d })
      .map((v): Matrix => ({ rows: n, cols: d, data: Float64Array.from(v) })),
  );

describe('linkage — properties', () => {
  it('is a valid linkage with non-decreasing heights for the monotone methods (also with ties)', () => {
    fc.assert(
      fc.property(fc.oneof(matrix(), tiedMatrix), fc.constantFrom(...MONOTONE_METHODS), (X, method) => {
        const Z = linkage(X, { method });
        expect(isValidLinkage(Z)).toBe(true);
        for (let i = 1; i < X.rows - 1; i++) expect(Z.data[i * 4 + 2]).toBeGreaterThanOrEqual(Z.data[i * 4 - 2]);
        expect(Z.data[(X.rows - 2) * 4 + 3]).toBe(X.rows);
      }),
      { numRuns: 150 },
    );
  });

  it('centroid and median give a valid linkage whose sizes add up', () => {
    fc.assert(
      fc.property(fc.oneof(matrix(), tiedMatrix), fc.constantFrom('centroid', 'median' as const), (X, method) => {
        const Z = linkage(X, { method });
        expect(isValidLinkage(Z)).toBe(true);
        expect(Z.data[(X.rows - 2) * 4 + 3]).toBe(X.rows);
      }),
      { numRuns: 100 },
    );
  });

  it('permuting the rows gives the same tree up to relabelling (tie-free data)', () => {
    fc.assert(
      fc.property(
        matrix(18, 3),
        fc.constantFrom(...LINKAGE_METHODS),
        fc.integer({ min: 0, max: 1e9 }),
        (X, method, s) => {
          const n = X.rows;
          // a permutation from s (Fisher–Yates with an LCG)
          const perm = Array.from({ length: n }, (_, i) => i);
          let st = s;
          for (let i = n - 1; i > 0; i--) {
            st = (st * 1103515245 + 12345) % 2147483648;
            const j = st % (i + 1);
            [perm[i], perm[j]] = [perm[j], perm[i]];
          }
          const Xp = { rows: n, cols: X.cols, data: new Float64Array(n * X.cols) };
          for (let i = 0; i < n; i++)
            Xp.data.set(X.data.subarray(perm[i] * X.cols, (perm[i] + 1) * X.cols), i * X.cols);
          const y = pdist(X);
          // Skip inputs with (near-)tied distances: there the tree is not unique.
          const sorted = Float64Array.from(y).sort();
          for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] <= 1e-6 * (1 + sorted[i])) return;
          const a = linkage(X, { method });
          const b = linkage(Xp, { method });
          // Compare the clusters (as sets of original rows) formed at each merge, and the heights.
          const members = (Z: Matrix, map: (i: number) => number): string[] => {
            const sets: number[][] = [];
            for (let i = 0; i < n; i++) sets.push([map(i)]);
            const out: string[] = [];
            for (let k = 0; k < n - 1; k++) {
              const s2 = [...sets[Z.data[k * 4]], ...sets[Z.data[k * 4 + 1]]].sort((p, q) => p - q);
              sets.push(s2);
              out.push(`${s2.join(',')}@${Z.data[k * 4 + 2].toPrecision(8)}`);
            }
            return out.sort();
          };
          expect(members(b, (i) => perm[i])).toEqual(members(a, (i) => i));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ties: replaying Z, each merge joins a globally closest pair (fastcluster’s check) and single heights are the MST’s', () => {
    fc.assert(
      fc.property(tiedMatrix, fc.constantFrom(...LINKAGE_METHODS), (X, method) => {
        const y = pdist(X);
        const Z = linkage(y, { method });
        expect(replayIsGreedy(Z, y, X.rows, method)).toBe(true);
        // the condensed layout makes exactly the same merges, ties included
        expect(Array.from(linkage(y, { method, memoryBudget: y.length * 8 }).data)).toEqual(Array.from(Z.data));
        if (method === 'single') {
          const naive = naiveLinkage(y, X.rows, method);
          const h1 = Array.from({ length: X.rows - 1 }, (_, i) => Z.data[i * 4 + 2]).sort((p, q) => p - q);
          const h2 = Array.from({ length: X.rows - 1 }, (_, i) => naive[i * 4 + 2]).sort((p, q) => p - q);
          expect(h1).toEqual(h2);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not modify its input', () => {
    const X = loadFixture('scipy_QX').input.X as number[][];
    const y = pdist(X);
    const copy = y.slice();
    for (const method of LINKAGE_METHODS) linkage(y, { method });
    expect(Array.from(y)).toEqual(Array.from(copy));
    expect(canonical([5, 5, 2])).toEqual([0, 0, 1]);
  });
});

describe('linkage — bad input', () => {
  it('rejects fewer than 2 observations', () => {
    expect(() => linkage([[1, 2]])).toThrow(ValidationError);
    expect(() => linkage([[1, 2]])).toThrow(/at least 2/);
    expect(() => linkage(new Float64Array(0))).toThrow(/not n\(n−1\)\/2/);
  });
  it('rejects NaN and Infinity', () => {
    expect(() => linkage([[1], [Number.NaN]])).toThrow(/X\[1\]\[0\] is NaN/);
    expect(() => linkage([1, Number.POSITIVE_INFINITY, 2])).toThrow(/y\[1\] is Infinity/);
    expect(() => linkage([1, -1, 2])).toThrow(/non-negative/);
  });
  it('rejects ward/centroid/median with a non-euclidean metric', () => {
    for (const method of ['ward', 'centroid', 'median'] as const) {
      const e = (() => {
        try {
          linkage([[0], [1], [3]], { method, metric: 'cityblock' });
        } catch (err) {
          return err as ValidationError;
        }
      })();
      expect(e).toBeInstanceOf(ValidationError);
      expect(e?.param).toBe('metric');
      expect(e?.message).toMatch(new RegExp(`Method '${method}' requires the distance metric to be Euclidean`));
    }
  });
  it('rejects a condensed vector whose length is not n(n−1)/2', () => {
    expect(() => linkage([1, 2])).toThrow(/length 2, which is not n\(n−1\)\/2/);
  });
  it('rejects an unknown method and a zero row under cosine', () => {
    expect(() => linkage([[0], [1]], { method: 'max' as LinkageMethod })).toThrow(/method must be one of/);
    expect(() =>
      linkage(
        [
          [0, 0],
          [1, 1],
          [2, 1],
        ],
        { metric: 'cosine', method: 'average' },
      ),
    ).toThrow(/zero vector/);
  });
  it('raises CapacityError with the byte count and a remedy when the matrix exceeds the budget', () => {
    const X = loadFixture('blobs60').input.X as number[][];
    try {
      linkage(X, { method: 'average', memoryBudget: 1000 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CapacityError);
      expect((e as CapacityError).bytes).toBe(((60 * 59) / 2) * 8);
      expect((e as Error).message).toMatch(/matrix-free/);
    }
    // ward switches to the matrix-free path instead, with SciPy's answer
    const f = loadFixture('blobs60');
    expectLinkageClose(linkage(X, { method: 'ward', memoryBudget: 1000 }), f.expected.linkage['ward/euclidean']);
    expect(() => linkage(X, { method: 'ward', memoryBudget: 1000, matrixFree: false })).toThrow(CapacityError);
    expect(() => linkage(pdist(X), { method: 'average', memoryBudget: 1000 })).toThrow(CapacityError);
    // single linkage reads a condensed vector in place: no working copy, so no budget is needed
    expectLinkageClose(
      linkage(pdist(X), { method: 'single', memoryBudget: 0 }),
      f.expected.linkage['single/euclidean'],
    );
    expect(() => linkage(X, { method: 'average', matrixFree: true })).toThrow(/matrixFree is available/);
  });
});
