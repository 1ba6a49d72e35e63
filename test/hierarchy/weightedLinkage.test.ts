import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';
import { pdist } from '../../src/engine/pairwise.js';
import {
  LINKAGE_METHODS,
  type LinkageMethod,
  linkage,
  MONOTONE_METHODS,
  WEIGHTED_METHODS,
} from '../../src/hierarchy/linkage.js';
import { isValidLinkage } from '../../src/hierarchy/linkageMatrix.js';

/** n×d uniform points (distinct with probability 1) and integer weights 1..maxW. */
function problem(seed: number, n: number, d: number, maxW: number): { X: Matrix; w: Int32Array } {
  const rng = createRng(seed);
  const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.nextFloat() * 10) };
  const w = Int32Array.from({ length: n }, () => 1 + (rng.nextUint32() % maxW));
  return { X, w };
}

/** X with row i repeated w[i] times, and the original row of each repeated row. */
function repeatRows(X: Matrix, w: ArrayLike<number>): { R: Matrix; origin: Int32Array } {
  const total = Array.from(w).reduce((a, b) => a + b, 0);
  const data = new Float64Array(total * X.cols);
  const origin = new Int32Array(total);
  let r = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let c = 0; c < w[i]; c++) {
      data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols);
      origin[r++] = i;
    }
  }
  return { R: { rows: total, cols: X.cols, data }, origin };
}

/**
 * The merges of Z between distinct original rows: for each, its height and the set of original rows of the new
 * cluster (merges among copies of one row — the new cluster holds one original row — are dropped).
 */
function mergesBetweenRows(Z: Matrix, origin: ArrayLike<number>): { height: number; members: string }[] {
  const N = origin.length;
  const sets: Set<number>[] = Array.from({ length: N }, (_, i) => new Set([origin[i]]));
  const out: { height: number; members: string }[] = [];
  for (let i = 0; i < N - 1; i++) {
    const s = new Set([...sets[Z.data[i * 4]], ...sets[Z.data[i * 4 + 1]]]);
    sets.push(s);
    // a merge between disjoint groups of rows (copies of one row never split across groups when distinct)
    if (s.size > 1 && sets[Z.data[i * 4]].size + sets[Z.data[i * 4 + 1]].size === s.size) {
      out.push({ height: Z.data[i * 4 + 2], members: [...s].sort((a, b) => a - b).join(',') });
    }
  }
  return out;
}

function expectSameAsRepeated(
  X: Matrix,
  w: ArrayLike<number>,
  method: LinkageMethod,
  layout: { matrixFree?: boolean; memoryBudget?: number } = {},
): void {
  const Zw = linkage(X, { method, sampleWeight: w, ...layout });
  expect(isValidLinkage(Zw)).toBe(true);
  const { R, origin } = repeatRows(X, w);
  const Zr = linkage(R, { method });
  const identity = Int32Array.from({ length: X.rows }, (_, i) => i);
  const a = mergesBetweenRows(Zw, identity);
  const b = mergesBetweenRows(Zr, origin);
  expect(a).toHaveLength(X.rows - 1);
  expect(b).toHaveLength(X.rows - 1);
  expect(b.map((m) => m.members)).toEqual(a.map((m) => m.members));
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i].height - b[i].height)).toBeLessThanOrEqual(1e-9 * Math.max(1, b[i].height));
  }
}

describe('linkage(X, { sampleWeight })', () => {
  it.each(LINKAGE_METHODS)(
    '%s: integer weights give the linkage of repeated rows (same partitions, same heights of the merges between distinct rows)',
    (method) => {
      for (const seed of [1, 2, 3]) {
        const { X, w } = problem(seed, 14, 3, 4);
        expectSameAsRepeated(X, w, method);
      }
    },
  );
  it('every working layout (matrix-free, n×n, condensed) agrees with the repeated rows', () => {
    const { X, w } = problem(7, 20, 2, 5);
    const condensed = { matrixFree: false, memoryBudget: 4 * 20 * 19 };
    for (const method of WEIGHTED_METHODS) {
      if (method !== 'average') expectSameAsRepeated(X, w, method, { matrixFree: true });
      expectSameAsRepeated(X, w, method, { matrixFree: false });
      expectSameAsRepeated(X, w, method, condensed);
    }
  });
  it('weights change average, centroid and ward only; single, complete, weighted and median are unchanged', () => {
    const { X, w } = problem(5, 25, 3, 6);
    for (const method of LINKAGE_METHODS) {
      const Z0 = linkage(X, { method });
      const Zw = linkage(X, { method, sampleWeight: w });
      if (WEIGHTED_METHODS.includes(method)) expect(Array.from(Zw.data)).not.toEqual(Array.from(Z0.data));
      else expect(Array.from(Zw.data)).toEqual(Array.from(Z0.data));
    }
  });
  it('all-ones weights give the unweighted result bit for bit (every method, matrix and matrix-free)', () => {
    const { X } = problem(9, 80, 4, 1);
    const ones = new Float64Array(80).fill(1);
    for (const method of LINKAGE_METHODS) {
      for (const matrixFree of method === 'ward' || method === 'centroid' ? [true, false] : [undefined]) {
        const Z0 = linkage(X, { method, matrixFree });
        expect(Array.from(linkage(X, { method, matrixFree, sampleWeight: ones }).data)).toEqual(Array.from(Z0.data));
      }
    }
  });
  it('a condensed vector takes weights too: average on pdist(X) equals average on X', () => {
    const { X, w } = problem(4, 30, 3, 3);
    const a = linkage(pdist(X), { method: 'average', sampleWeight: w });
    const b = linkage(X, { method: 'average', sampleWeight: w });
    for (let t = 0; t < a.data.length; t++) expect(a.data[t]).toBeCloseTo(b.data[t], 12);
  });
  it('column 4 counts observations, not weight', () => {
    const { X, w } = problem(6, 10, 2, 9);
    for (const method of WEIGHTED_METHODS) {
      const Z = linkage(X, { method, sampleWeight: w });
      expect(Z.data[(X.rows - 2) * 4 + 3]).toBe(X.rows);
    }
  });
  it('weighted Ward heights: merging two weighted points a, b is √(2·wa·wb/(wa+wb))·‖a−b‖', () => {
    const Z = linkage([[0], [3]], { method: 'ward', sampleWeight: [2, 6] });
    expect(Z.data[2]).toBeCloseTo(Math.sqrt(((2 * 2 * 6) / 8) * 9), 12);
  });
  it('weights of the wrong length, zero, negative or NaN are ValidationErrors naming sampleWeight', () => {
    const X = [
      [0, 0],
      [1, 1],
      [3, 3],
    ];
    for (const sampleWeight of [
      [1, 1],
      [1, 0, 1],
      [1, -1, 1],
      [1, Number.NaN, 1],
    ]) {
      expect(() => linkage(X, { method: 'ward', sampleWeight })).toThrow(ValidationError);
      expect(() => linkage(X, { method: 'single', sampleWeight })).toThrow(/sampleWeight/);
    }
  });
  it('property: for random points and integer weights every monotone method equals the repeated rows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 9 }),
        fc.constantFrom(...MONOTONE_METHODS, 'centroid' as const),
        (seed, n, method) => {
          const { X, w } = problem(seed, n, 2, 3);
          expectSameAsRepeated(X, w, method);
        },
      ),
      { numRuns: 40 },
    );
  });
});
