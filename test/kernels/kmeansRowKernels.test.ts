/**
 * The per-row helpers of src/wasm/kmeans.ts called once per fit: `rowNorms` (‖xᵢ‖ for the guard threshold and
 * maxᵢⱼ |xᵢⱼ| for the f32 range check; vectorised, any summation order) and `inertia` (Σᵢ wᵢ Σⱼ (xᵢⱼ − c_{lᵢ,j})²,
 * four rows at a time, which must stay bit-identical to one row after another in sequential j). Checked against
 * plain loops on ragged shapes (n not a multiple of 4, odd d) and values whose sums depend on the order of the adds.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { kernelModule, wasmReady } from '../../src/engine/kernels/backend.js';
import type { KmeansExports } from '../../src/engine/kernels/wasm/kmeans.generated.js';

beforeAll(async () => {
  expect(await wasmReady()).toBe(true);
});

/** A fresh instance of the kmeans module over its own memory, with x (n×d), c (k×d), labels and w copied in. */
function instance(x: Float64Array, c: Float64Array, labels: Int32Array, w: Float64Array) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const ex = new WebAssembly.Instance(kernelModule()!, { env: { memory } }).exports as unknown as KmeansExports;
  let off = Math.ceil(ex.heapBase() / 64) * 64;
  const take = (bytes: number) => {
    const o = off;
    off += Math.ceil(bytes / 64) * 64;
    return o;
  };
  const p = { x: take(x.length * 8), c: take(c.length * 8), l: take(labels.length * 4), w: take(w.length * 8) };
  const xn = take(labels.length * 8);
  memory.grow(Math.ceil(off / 65536));
  const buf = memory.buffer;
  new Float64Array(buf, p.x, x.length).set(x);
  new Float64Array(buf, p.c, c.length).set(c);
  new Int32Array(buf, p.l, labels.length).set(labels);
  new Float64Array(buf, p.w, w.length).set(w);
  return { ex, p, xn: () => new Float64Array(buf, xn, labels.length), xnAt: xn };
}

/** Values spread over 2⁻²⁰ … 2²⁰ with random signs, so that sums of their squares depend on the order of the adds. */
function spread(len: number, rng: ReturnType<typeof createRng>): Float64Array {
  return Float64Array.from({ length: len }, () => (rng.nextFloat() - 0.5) * 2 ** Math.floor(rng.nextFloat() * 41 - 20));
}

describe('k-means row kernels (rowNorms, inertia)', () => {
  it('property: inertia equals the row-by-row reference loop bit for bit (weighted and not, n mod 4, odd d)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 21 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, d, k, seed) => {
          const rng = createRng(seed);
          const x = spread(n * d, rng);
          const c = spread(k * d, rng);
          const labels = Int32Array.from({ length: n }, () => Math.floor(rng.nextFloat() * k));
          const w = Float64Array.from({ length: n }, () => rng.nextFloat() * 3);
          const { ex, p } = instance(x, c, labels, w);
          for (const weighted of [false, true]) {
            let want = 0;
            for (let i = 0; i < n; i++) {
              let sq = 0;
              for (let j = 0; j < d; j++) {
                const u = x[i * d + j]! - c[labels[i]! * d + j]!;
                sq += u * u;
              }
              want += weighted ? w[i]! * sq : sq;
            }
            expect(ex.inertia(p.x, n, d, weighted ? p.w : 0, p.c, p.l)).toBe(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: rowNorms gives ‖xᵢ‖ to within d ulps and exactly maxᵢⱼ |xᵢⱼ| (n mod 4, every d mod 4)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 19 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, d, seed) => {
          const rng = createRng(seed);
          const x = spread(n * d, rng);
          const { ex, p, xn, xnAt } = instance(x, new Float64Array(1), new Int32Array(n), new Float64Array(1));
          const m = ex.rowNorms(p.x, n, d, xnAt);
          expect(m).toBe(x.reduce((a, v) => Math.max(a, Math.abs(v)), 0));
          const got = xn();
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < d; j++) s += x[i * d + j]! ** 2;
            expect(Math.abs(got[i]! - Math.sqrt(s))).toBeLessThanOrEqual(d * 2 ** -52 * Math.sqrt(s));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rowNorms reports NaN for a NaN anywhere (even where a lane max would skip it) and +∞ for an infinity', () => {
    for (const d of [1, 3, 4, 7, 8]) {
      const n = 5;
      for (let at = 0; at < n * d; at++) {
        const x = Float64Array.from({ length: n * d }, (_, t) => t + 1);
        x[at] = Number.NaN;
        const a = instance(x, new Float64Array(1), new Int32Array(n), new Float64Array(1));
        expect(a.ex.rowNorms(a.p.x, n, d, a.xnAt)).toBeNaN();
        x[at] = -Infinity;
        const b = instance(x, new Float64Array(1), new Int32Array(n), new Float64Array(1));
        expect(b.ex.rowNorms(b.p.x, n, d, b.xnAt)).toBe(Infinity);
      }
    }
  });
});
