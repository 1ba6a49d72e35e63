import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedRandScore } from '../../src/metrics/external/pairCounting.js';
import { linearAssignment, matchLabels, permuteRows, relabel } from '../../src/report/align.js';

/** All permutations of 0..n−1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

describe('linearAssignment', () => {
  it('linearAssignment(cost, n) is a permutation of minimum total cost (brute force, n ≤ 6, ties included)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n * n, maxLength: n * n }).map((c) => ({ n, c })),
          ),
        ({ n, c }) => {
          const cost = Float64Array.from(c);
          const a = linearAssignment(cost, n);
          expect([...a].sort()).toEqual(Array.from({ length: n }, (_, i) => i));
          const total = (p: ArrayLike<number>) => Array.from(p).reduce((s, j, i) => s + cost[i * n + j], 0);
          const best = Math.min(...permutations(n).map(total));
          expect(total(a)).toBe(best);
        },
      ),
    );
  });
});

describe('matchLabels', () => {
  it('renumbers a permuted copy of the reference back to the reference (issue 19 item 8)', () => {
    const ref = Int32Array.of(0, 0, 1, 1, 2, 2, 3, 3);
    const other = Int32Array.of(2, 2, 3, 3, 0, 0, 1, 1);
    expect(Array.from(relabel(other, matchLabels(ref, other)))).toEqual(Array.from(ref));
  });

  it('keeps the partition (ARI 1 with the input) and agrees with the reference at least as well as any renumbering', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 40 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: -1, max: 4 }), { minLength: n, maxLength: n }),
            ),
          ),
        ([ref, lab]) => {
          const perm = matchLabels(ref, lab);
          const out = relabel(lab, perm);
          expect(adjustedRandScore(lab, out)).toBeCloseTo(1, 12);
          for (let i = 0; i < lab.length; i++) if (lab[i] < 0) expect(out[i]).toBe(-1);
          const agree = (l: ArrayLike<number>) => Array.from(l).filter((v, i) => v >= 0 && v === ref[i]).length;
          const a = Math.max(0, ...lab) + 1;
          const s = Math.max(a, Math.max(...ref) + 1);
          // Brute force over every injective renumbering of the a clusters into 0..s−1.
          let best = 0;
          for (const p of permutations(s)) best = Math.max(best, agree(relabel(lab, Int32Array.from(p.slice(0, a)))));
          expect(agree(out)).toBe(best);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('permuteRows puts row c at perm[c], and leaves the matrix when perm is not a permutation of its rows', () => {
    const M = { rows: 3, cols: 1, data: Float64Array.of(10, 11, 12) };
    expect(Array.from(permuteRows(M, Int32Array.of(2, 0, 1)).data)).toEqual([11, 12, 10]);
    expect(permuteRows(M, Int32Array.of(0, 3, 1))).toBe(M);
  });
});
