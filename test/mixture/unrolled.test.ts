import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diagGeneric,
  mahalanobisGeneric,
  scatterGeneric,
  sphericalGeneric,
  weightedSquaresGeneric,
  weightedSumGeneric,
} from '../../src/mixture/emKernels.js';
import {
  MAX_UNROLLED_D,
  MAX_UNROLLED_D_LINEAR,
  UNROLLED_DIAG,
  UNROLLED_MAHALANOBIS,
  UNROLLED_SCATTER,
  UNROLLED_SPHERICAL,
  UNROLLED_WEIGHTED_SQUARES,
  UNROLLED_WEIGHTED_SUM,
} from '../../src/mixture/unrolled.generated.js';
import {
  compiledKernels,
  diagKernel,
  mahalanobisKernel,
  scatterKernel,
  sphericalKernel,
  weightedSquaresKernel,
  weightedSumKernel,
} from '../../src/mixture/unrolled.js';

/** Random inputs for one component's kernels (some responsibilities exactly 0). */
const inputs = fc
  .record({
    n: fc.integer({ min: 1, max: 40 }),
    d: fc.integer({ min: 1, max: Math.min(MAX_UNROLLED_D, MAX_UNROLLED_D_LINEAR) }),
    k: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ n, d, k }) =>
    fc.record({
      n: fc.constant(n),
      d: fc.constant(d),
      k: fc.constant(k),
      c: fc.integer({ min: 0, max: k - 1 }),
      x: fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n * d, maxLength: n * d }),
      means: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: k * d, maxLength: k * d }),
      resp: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), {
        minLength: n * k,
        maxLength: n * k,
      }),
      ut: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
        minLength: (d * (d + 1)) / 2,
        maxLength: (d * (d + 1)) / 2,
      }),
      prec: fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: d, maxLength: d }),
    }),
  );

describe('unrolled EM kernels', () => {
  it('src/mixture/unrolled.generated.ts is up to date with scripts/build-unrolled.mjs', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const r = spawnSync(process.execPath, ['scripts/build-unrolled.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('every d up to the limits picks its unrolled kernel (so the fast path is what the other tests exercise)', () => {
    for (let d = 1; d <= MAX_UNROLLED_D; d++) {
      expect(mahalanobisKernel(d)).toBe(UNROLLED_MAHALANOBIS[d - 1]);
      expect(scatterKernel(d)).toBe(UNROLLED_SCATTER[d - 1]);
    }
    for (let d = 1; d <= MAX_UNROLLED_D_LINEAR; d++) {
      expect(diagKernel(d)).toBe(UNROLLED_DIAG[d - 1]);
      expect(sphericalKernel(d)).toBe(UNROLLED_SPHERICAL[d - 1]);
      expect(weightedSumKernel(d)).toBe(UNROLLED_WEIGHTED_SUM[d - 1]);
      expect(weightedSquaresKernel(d)).toBe(UNROLLED_WEIGHTED_SQUARES[d - 1]);
    }
    expect(UNROLLED_MAHALANOBIS).toHaveLength(MAX_UNROLLED_D);
    expect(UNROLLED_DIAG).toHaveLength(MAX_UNROLLED_D_LINEAR);
    expect(() => compiledKernels(Math.min(MAX_UNROLLED_D, MAX_UNROLLED_D_LINEAR) + 1)).toThrow(/no unrolled kernels/);
  });

  it('each unrolled kernel is bit-identical to its generic loop (property, every unrolled d)', () => {
    fc.assert(
      fc.property(inputs, (t) => {
        const x = Float64Array.from(t.x);
        const means = Float64Array.from(t.means);
        const resp = Float64Array.from(t.resp);
        const ut = Float64Array.from(t.ut);
        const prec = Float64Array.from(t.prec);
        const { n, d, k, c } = t;
        const mo = c * d;
        const fast = compiledKernels(d);
        const a = new Float64Array(n * k);
        const b = new Float64Array(n * k);
        mahalanobisGeneric(d)(x, n, means, mo, ut, k, c, -1.5, a);
        fast.mahalanobis(x, n, means, mo, ut, k, c, -1.5, b);
        expect(b).toEqual(a);
        diagGeneric(d)(x, n, means, mo, prec, k, c, 0.25, a);
        fast.diag(x, n, means, mo, prec, k, c, 0.25, b);
        expect(b).toEqual(a);
        sphericalGeneric(d)(x, n, means, mo, 0.7, k, c, 2, a);
        fast.spherical(x, n, means, mo, 0.7, k, c, 2, b);
        expect(b).toEqual(a);
        const P = (d * (d + 1)) / 2;
        const s1 = new Float64Array(P);
        const s2 = new Float64Array(P).fill(99);
        scatterGeneric(d)(x, n, resp, k, c, means, mo, s1);
        fast.scatter(x, n, resp, k, c, means, mo, s2);
        expect(s2).toEqual(s1);
        const w1 = new Float64Array(d);
        const w2 = new Float64Array(d).fill(7);
        expect(fast.weightedSum(x, n, resp, k, c, w2)).toBe(weightedSumGeneric(d)(x, n, resp, k, c, w1));
        expect(w2).toEqual(w1);
        weightedSquaresGeneric(d)(x, n, resp, k, c, means, mo, w1);
        fast.weightedSquares(x, n, resp, k, c, means, mo, w2);
        expect(w2).toEqual(w1);
      }),
      { numRuns: 150 },
    );
  });

  it('the kernels compute what they document (against a direct formula)', () => {
    // d = 2, T = [[2, 1], [0, 3]] (upper), packed by columns: [T00, T01, T11] = [2, 1, 3].
    const x = Float64Array.of(1, 2, -1, 0);
    const means = Float64Array.of(0, 0);
    const out = new Float64Array(2);
    mahalanobisKernel(2)(x, 2, means, 0, Float64Array.of(2, 1, 3), 1, 0, 0, out);
    // (xᵀT) = (2x₀, x₀ + 3x₁): for (1, 2) → (2, 7), ‖·‖² = 53; for (−1, 0) → (−2, −1), 5.
    expect(Array.from(out)).toEqual([-26.5, -2.5]);
    const acc = new Float64Array(3);
    compiledKernels(2).scatter(x, 2, Float64Array.of(1, 0.5), 1, 0, means, 0, acc);
    expect(Array.from(acc)).toEqual([1 + 0.5, 2, 4]);
  });

  it('large d falls back to the generic loop', () => {
    const d = MAX_UNROLLED_D + 1;
    const x = new Float64Array(d).fill(1);
    const ut = new Float64Array((d * (d + 1)) / 2).fill(0.5);
    const a = new Float64Array(1);
    const b = new Float64Array(1);
    mahalanobisKernel(d)(x, 1, new Float64Array(d), 0, ut, 1, 0, 0, a);
    mahalanobisGeneric(d)(x, 1, new Float64Array(d), 0, ut, 1, 0, 0, b);
    expect(a).toEqual(b);
  });
});
