import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityError, NumericalError, ValidationError } from '../../src/core/errors.js';
import { ckmeansSplit } from '../../src/kmeans/ckmeans.js';
import { naturalBreaks } from '../../src/kmeans/naturalBreaks.js';
import { fixtureNames, loadFixture, maxRelDiff, R_DIGITS_TOL } from '../medoidsFixtures.js';

interface BreaksFixture {
  input: { values: number[] };
  params: { nClasses: number; method: 'fisher' | 'jenks' };
  expected: { breaks: number[]; labels: number[] };
}

/** Least total within-class sum of squares over every split of the sorted values into k non-empty runs. */
function bruteForceSS(values: number[], k: number, w?: number[]): number {
  const idx = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const x = idx.map((i) => values[i]);
  const wt = idx.map((i) => (w ? w[i] : 1));
  const n = x.length;
  const ss = (a: number, b: number) => {
    let sw = 0;
    let s = 0;
    for (let i = a; i < b; i++) {
      sw += wt[i];
      s += wt[i] * x[i];
    }
    const mean = s / sw;
    let r = 0;
    for (let i = a; i < b; i++) r += wt[i] * (x[i] - mean) ** 2;
    return r;
  };
  let best = Number.POSITIVE_INFINITY;
  const rec = (start: number, left: number, acc: number) => {
    if (left === 1) {
      best = Math.min(best, acc + ss(start, n));
      return;
    }
    for (let end = start + 1; end <= n - left + 1; end++) rec(end, left - 1, acc + ss(start, end));
  };
  rec(0, k, 0);
  return best;
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('naturalBreaks(values, k) against R classInt', () => {
  const names = fixtureNames('breaks_');
  it('has the classInt fixtures', () => expect(names.length).toBeGreaterThanOrEqual(40));
  for (const name of names) {
    it(`matches ${name}`, () => {
      const f = loadFixture(name) as unknown as BreaksFixture;
      const r = naturalBreaks(f.input.values, f.params.nClasses, { method: f.params.method });
      expect(maxRelDiff(r.breaks, f.expected.breaks)).toBeLessThan(R_DIGITS_TOL);
      expect(Array.from(r.labels)).toEqual(f.expected.labels);
    });
  }
});

describe('naturalBreaks edge cases', () => {
  it('splits two obvious groups at the midpoint', () => {
    const r = naturalBreaks([1, 2, 3, 10, 11, 12], 2);
    expect(Array.from(r.breaks)).toEqual([1, 6.5, 12]);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(r.withinSS)).toEqual([2, 2]);
    expect(Array.from(r.centers)).toEqual([2, 11]);
    expect(Array.from(r.sizes)).toEqual([3, 3]);
  });
  it('k = 1 is one class from min to max', () => {
    const r = naturalBreaks([5, 1, 3], 1);
    expect(Array.from(r.breaks)).toEqual([1, 5]);
    expect(Array.from(r.labels)).toEqual([0, 0, 0]);
    expect(r.withinSS[0]).toBeCloseTo(8, 12);
  });
  it('a single value with k = 1', () => {
    expect(Array.from(naturalBreaks([4], 1).breaks)).toEqual([4, 4]);
  });
  it('keeps equal values in one class', () => {
    const r = naturalBreaks([1, 1, 1, 2, 2, 9, 9, 9, 9], 3);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 2]);
  });
  it('does not change its input', () => {
    const v = Object.freeze([3, 1, 2, 8, 9]);
    naturalBreaks(v, 2);
    expect(v).toEqual([3, 1, 2, 8, 9]);
  });
  it('weights move the optimum', () => {
    const v = [0, 4, 5, 9];
    expect(Array.from(naturalBreaks(v, 2).labels)).toEqual([0, 1, 1, 1]);
    const r = naturalBreaks(v, 2, { weights: [1, 1, 1, 100] });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1]);
  });
  it('rejects NaN, k > distinct values, bad weights, weights with jenks, unknown methods', () => {
    expect(() => naturalBreaks([1, Number.NaN], 1)).toThrow(ValidationError);
    expect(() => naturalBreaks([], 1)).toThrow(ValidationError);
    expect(() => naturalBreaks([1, 1, 2], 3)).toThrow(/nClasses=3 is more than the 2 distinct values/);
    expect(() => naturalBreaks([1, 2], 0)).toThrow(ValidationError);
    expect(() => naturalBreaks([1, 2], 1, { weights: [1] })).toThrow(/length 1/);
    expect(() => naturalBreaks([1, 2], 1, { weights: [1, 0] })).toThrow(/> 0/);
    expect(() => naturalBreaks([1, 2], 1, { method: 'jenks', weights: [1, 1] })).toThrow(/jenks/);
    expect(() => naturalBreaks([1, 2], 1, { method: 'kmeans' as 'jenks' })).toThrow(/method must be one of/);
  });
  it('checks the split-point table against the memory budget', () => {
    expect(() => naturalBreaks([1, 2, 3, 4], 2, { memoryBudget: 8 })).toThrow(CapacityError);
  });
});

describe('naturalBreaks properties', () => {
  const small = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 12 });
  it('ckmeans equals brute force over every split for n ≤ 12 (integer values force ties)', () => {
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 6 }), (v, k0) => {
        const k = Math.min(k0, new Set(v).size);
        const r = naturalBreaks(v, k);
        expect(sum(r.withinSS)).toBeCloseTo(bruteForceSS(v, k), 9);
      }),
      { numRuns: 300 },
    );
  });
  it('weighted ckmeans equals weighted brute force for n ≤ 10', () => {
    const vw = fc
      .array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true })), {
        minLength: 1,
        maxLength: 10,
      })
      .filter((a) => new Set(a.map((t) => t[0])).size === a.length);
    fc.assert(
      fc.property(vw, fc.integer({ min: 1, max: 5 }), (a, k0) => {
        const v = a.map((t) => t[0]);
        const w = a.map((t) => t[1]);
        const k = Math.min(k0, v.length);
        const r = naturalBreaks(v, k, { weights: w });
        const bf = bruteForceSS(v, k, w);
        expect(Math.abs(sum(r.withinSS) - bf)).toBeLessThan(1e-9 * Math.max(1, bf));
      }),
      { numRuns: 200 },
    );
  });
  it('fisher and jenks reach the same optimum as ckmeans on distinct values', () => {
    const distinct = fc.uniqueArray(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 40 });
    fc.assert(
      fc.property(distinct, fc.integer({ min: 2, max: 6 }), (v, k0) => {
        const k = Math.min(k0, v.length - 1);
        const c = sum(naturalBreaks(v, k).withinSS);
        const j = sum(naturalBreaks(v, k, { method: 'jenks' }).withinSS);
        expect(Math.abs(j - c)).toBeLessThan(1e-7 * Math.max(1, c));
      }),
      { numRuns: 100 },
    );
  });
  it('breaks ascend and labels agree with them', () => {
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 6 }), fc.constantFrom('ckmeans', 'jenks'), (v, k0, method) => {
        const k = Math.min(k0, new Set(v).size);
        const { breaks, labels } = naturalBreaks(v, k, { method });
        for (let c = 1; c <= k; c++) expect(breaks[c]).toBeGreaterThanOrEqual(breaks[c - 1]);
        for (let i = 0; i < v.length; i++) {
          expect(v[i]).toBeGreaterThanOrEqual(breaks[labels[i]]);
          expect(v[i]).toBeLessThanOrEqual(breaks[labels[i] + 1]);
        }
      }),
    );
  });
});

describe('ckmeansSplit (kernel)', () => {
  it('divide and conquer equals the full O(k·m²) program on 200 random values', () => {
    const m = 200;
    const x = new Float64Array(m);
    let s = 1;
    for (let i = 0; i < m; i++) {
      s = (s * 16807) % 2147483647;
      x[i] = s / 2147483647;
    }
    x.sort();
    const w = new Float64Array(m).fill(1);
    for (const k of [2, 5, 9]) {
      const starts = new Int32Array(k);
      const got = ckmeansSplit(x, w, k, starts);
      // full program
      const ss = (a: number, b: number) => {
        let mu = 0;
        for (let i = a; i <= b; i++) mu += x[i];
        mu /= b - a + 1;
        let r = 0;
        for (let i = a; i <= b; i++) r += (x[i] - mu) ** 2;
        return r;
      };
      let prev = Array.from({ length: m }, (_, i) => ss(0, i));
      for (let q = 1; q < k; q++) {
        const cur = new Array(m).fill(Number.POSITIVE_INFINITY);
        for (let i = q; i < m; i++) for (let j = q; j <= i; j++) cur[i] = Math.min(cur[i], prev[j - 1] + ss(j, i));
        prev = cur;
      }
      expect(Math.abs(got - prev[m - 1])).toBeLessThan(1e-10);
    }
  });
});

describe('overflow (issue 21 item 9, found by the CLI fuzz suite)', () => {
  it('values near 1e300 raise NumericalError instead of returning withinSS = Infinity', () => {
    const x = [1e300, -1e300, 1e300, 5, 6, -1e300];
    for (const method of ['ckmeans', 'fisher', 'jenks'] as const)
      expect(() => naturalBreaks(x, 2, { method })).toThrow(NumericalError);
  });
});
