/**
 * The f32 expanded distances of the k-means assignment (src/wasm/kmeans.ts tile32 + pick32, the guard of
 * src/engine/kernels/kmeansGuard.ts): whole fits identical to the f64 fit and to the TypeScript reference (labels,
 * centres, inertia, nIter), on random data with exact ties, near ties and large offsets, and on the tile tails
 * (n mod 4, k mod 8, odd d); row ranges that do not start on a 4-row block; the range limit; the error bound
 * itself, checked against exact arithmetic; and the 'auto' policy.
 */
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/random.js';
import { getBackend, kernelModule, setBackend, wasmReady } from '../../src/engine/kernels/backend.js';
import { F32_ABS, f32Fits, f32Limit, guardKappa32 } from '../../src/engine/kernels/kmeansGuard.js';
import {
  getKernelPrecision,
  type KernelPrecision,
  KMeansWasm,
  setKernelPrecision,
  wantsF32,
} from '../../src/engine/kernels/kmeansWasm.js';
import { assignLabelsJS } from '../../src/kmeans/common.js';
import { KMeans } from '../../src/kmeans/KMeans.js';

const initialBackend = getBackend();
const initialPrecision = getKernelPrecision();
beforeAll(async () => {
  expect(await wasmReady()).toBe(true);
});
afterEach(() => {
  setBackend(initialBackend);
  setKernelPrecision(initialPrecision);
});

/** Rows n×d: `grid` draws small integers (exact ties), else uniform in [−5, 5); all shifted by `offset`. */
function draw(n: number, d: number, seed: number, offset: number, grid: boolean): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * d }, () =>
    grid ? offset + Math.floor(rng.nextFloat() * 4) : offset + rng.nextFloat() * 10 - 5,
  );
}

/** A Lloyd fit from the first k rows (tol 0, a fixed number of iterations) under a backend and precision. */
function lloydFit(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  backend: 'js' | 'wasm',
  precision: KernelPrecision,
) {
  setBackend(backend);
  setKernelPrecision(precision);
  const init = Array.from({ length: k }, (_, c) => Array.from(x.subarray(c * d, c * d + d)));
  const m = new KMeans({ nClusters: k, init, maxIter: 6, tol: 0, algorithm: 'lloyd' }).fit({
    rows: n,
    cols: d,
    data: x,
  });
  return m;
}

/**
 * One f32 assignment pass of x (n×d) to `centers` (k×d) with exact distances, checked against the TS reference
 * (labels and squared distances bit-identical); returns the workspace (its `guarded` count) and the labels.
 */
function checkF32Pass(x: Float64Array, n: number, d: number, k: number, centers: Float64Array) {
  const ref = new Int32Array(n);
  const refSq = new Float64Array(n);
  assignLabelsJS(x, n, d, centers, k, null, ref, refSq);
  const ws = new KMeansWasm(kernelModule()!, x, n, d, k, null, 'f32');
  ws.setCenters(centers);
  expect(ws.f32).toBe(true);
  ws.assign(false, true);
  expect(ws.labels).toEqual(ref);
  expect(ws.minSq).toEqual(refSq);
  return { ws, ref };
}

describe('f32 expanded distances: whole Lloyd fits identical to the f64 fit and the TS reference', () => {
  it('property: random data (ties, near ties, offsets up to 10⁸), d and k on every tile tail, n mod 4', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 90 }),
        fc.constantFrom(17, 18, 19, 24, 33, 64, 65, 67),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0, 1e3, 3e4, 1e8),
        fc.boolean(),
        (n0, d, k0, seed, offset, grid) => {
          const k = Math.min(k0, n0);
          const x = draw(n0, d, seed, offset, grid);
          const js = lloydFit(x, n0, d, k, 'js', 'f64');
          const f64 = lloydFit(x, n0, d, k, 'wasm', 'f64');
          const f32 = lloydFit(x, n0, d, k, 'wasm', 'f32');
          expect(f64.backend).toBe('wasm');
          expect(f32.backend).toBe('wasm-f32');
          for (const m of [f64, f32]) {
            expect(m.labels).toEqual(js.labels);
            expect(m.clusterCenters.data).toEqual(js.clusterCenters.data);
            expect(m.inertia).toBe(js.inertia);
            expect(m.nIter).toBe(js.nIter);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rows on the bisector of two centres 10⁻⁹ apart, 3·10⁴ from the origin: the guard re-checks them exactly', () => {
    // Centres 0 and 1 differ along the first axis; every row sits within 1e-9 of their bisector, so the f32 gap is
    // pure rounding noise and every row must go to the exact path; the labels still split both ways.
    for (const [n, d, k] of [
      [1001, 17, 3],
      [2002, 64, 12],
      [999, 67, 9],
    ]) {
      const off = 3e4;
      const rng = createRng(d);
      const centers = new Float64Array(k * d).fill(off);
      centers[0] = off - 0.5;
      centers[d] = off + 0.5;
      for (let t = 2; t < k; t++) for (let j = 0; j < d; j++) centers[t * d + j] = off + 60 + t;
      const x = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        x[i * d] = off + (rng.nextFloat() - 0.5) * 1e-9;
        for (let j = 1; j < d; j++) x[i * d + j] = off + rng.nextFloat() - 0.5;
      }
      const { ws, ref } = checkF32Pass(x, n, d, k, centers);
      expect(ws.guarded).toBe(n);
      const ones = ref.reduce((s, l) => s + l, 0);
      expect(ones).toBeGreaterThan(n / 10);
      expect(ones).toBeLessThan((n * 9) / 10);
    }
  });

  it('property: groups of 2–6 centres tied or near-tied (any indices, k and d off the tiles, ragged n): the exact path over the candidates picks the reference centre', () => {
    // The re-check computes exact distances only for the centres whose f32 expanded distance is within the guard of
    // the best (exactAmong32); exact ties must still go to the first such centre in ascending order, near ties to
    // the reference's winner, whatever indices the group has.
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 120 }),
        fc.constantFrom(17, 19, 30, 64, 67),
        fc.integer({ min: 9, max: 45 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0, 1e3, 3e4),
        (n, d, k, g, seed, off) => {
          const rng = createRng(seed);
          // the group: g distinct centre indices, each displaced by 1 along its own axis (equal distances from
          // the base point); the other centres far away
          const idx = Array.from({ length: k }, (_, t) => t);
          for (let t = k - 1; t > 0; t--) {
            const u = Math.floor(rng.nextFloat() * (t + 1));
            [idx[t], idx[u]] = [idx[u]!, idx[t]!];
          }
          const group = idx.slice(0, g);
          const centers = new Float64Array(k * d);
          for (let t = 0; t < k; t++) for (let j = 0; j < d; j++) centers[t * d + j] = off + 40 + t + j;
          group.forEach((t, a) => {
            for (let j = 0; j < d; j++) centers[t * d + j] = off;
            centers[t * d + a] = off + 1;
          });
          // rows: exactly at the base point (exact ties), within 1e-9 of it (near ties), or near a far centre
          const x = new Float64Array(n * d);
          const kinds = new Int32Array(n);
          for (let i = 0; i < n; i++) {
            const kind = Math.floor(rng.nextFloat() * 3);
            kinds[i] = kind;
            const far = idx[g + Math.floor(rng.nextFloat() * (k - g))]!;
            for (let j = 0; j < d; j++) {
              x[i * d + j] =
                kind === 0
                  ? off
                  : kind === 1
                    ? off + (j < g ? (rng.nextFloat() - 0.5) * 1e-9 : 0)
                    : centers[far * d + j]! + rng.nextFloat() - 0.5;
            }
          }
          const { ws, ref } = checkF32Pass(x, n, d, k, centers);
          const first = Math.min(...group);
          for (let i = 0; i < n; i++) if (kinds[i] === 0) expect(ref[i]).toBe(first);
          expect(ws.guarded).toBeGreaterThanOrEqual(kinds.filter((v) => v < 2).length);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('row ranges that start and end inside a 4-row block (the pool splits anywhere) give the full pass', () => {
    const n = 203;
    const d = 33;
    const k = 37;
    const x = draw(n, d, 5, 100, false);
    const centers = x.slice(0, k * d);
    const whole = new KMeansWasm(kernelModule()!, x, n, d, k, null, 'f32');
    whole.setCenters(centers);
    whole.labels.fill(-1);
    whole.assign(true, true);
    const parts = new KMeansWasm(kernelModule()!, x, n, d, k, null, 'f32');
    parts.setCenters(centers);
    parts.labels.fill(-1);
    let changed = 0;
    for (const [i0, i1] of [
      [0, 1],
      [1, 6],
      [6, 7],
      [7, 102],
      [102, 202],
      [202, 203],
    ])
      changed += parts.assign(true, true, i0, i1);
    expect(changed).toBe(n);
    expect(parts.labels).toEqual(whole.labels);
    expect(parts.minSq).toEqual(whole.minSq);
    expect(parts.sums).toEqual(whole.sums);
    expect(parts.weightInClusters).toEqual(whole.weightInClusters);
  });

  it('values beyond ±min(2⁶⁰, 2⁶²/√d) run in f64 (no f32 overflow), with the same labels', () => {
    for (const d of [17, 64, 300]) {
      const lim = f32Limit(d);
      expect(lim).toBe(Math.min(2 ** 60, 2 ** 62 / Math.sqrt(d)));
      const n = 41;
      const k = 5;
      const x = draw(n, d, d, 0, false).map((v) => v * lim * 0.15);
      expect(f32Fits(x, d)).toBe(true);
      const big = x.map((v, i) => (i === 7 ? lim * 1.01 : v));
      expect(f32Fits(big, d)).toBe(false);
      for (const [data, want] of [
        [x, true],
        [big, false],
      ] as const) {
        const ws = new KMeansWasm(kernelModule()!, data, n, d, k, null, 'f32');
        ws.setCenters(data.slice(0, k * d));
        expect(ws.f32).toBe(want);
        ws.assign(false, true);
        const ref = new Int32Array(n);
        const refSq = new Float64Array(n);
        assignLabelsJS(data, n, d, data.slice(0, k * d), k, null, ref, refSq);
        expect(ws.labels).toEqual(ref);
        expect(ws.minSq).toEqual(refSq);
      }
    }
    expect(f32Fits(new Float64Array([1, Number.NaN]), 17)).toBe(false);
    expect(f32Fits(new Float64Array(4), 2 ** 16 + 1)).toBe(false);
  });
});

describe('the f32 error bound of kmeansGuard.ts, against exact arithmetic', () => {
  /** The kernel's f32 expanded distance, emulated: x̃, c̃ rounded, ñ = fl32(fl64 Σ c̃²), a = fl32 Σ (sequential). */
  function expanded32(x: Float64Array, c: Float64Array, d: number): number {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.fround(c[j]) * Math.fround(c[j]);
    const nt = Math.fround(s);
    let a = 0;
    for (let j = 0; j < d; j++) a = Math.fround(a + Math.fround(Math.fround(x[j]) * Math.fround(c[j])));
    return Math.fround(nt - 2 * a);
  }
  const gamma = (m: number) => (m * 2 ** -24) / (1 - m * 2 ** -24);

  it('|e − E| ≤ γ_{d+5}·(‖x‖ + ‖c‖)², E = ‖c‖² − 2x·c exact (integer data below 2²⁰, so f64 holds E exactly)', () => {
    let worst = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(17, 32, 64, 128),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(2 ** 4, 2 ** 12, 2 ** 19),
        fc.integer({ min: 0, max: 2 ** 19 }),
        (d, seed, spread, offset) => {
          const rng = createRng(seed);
          // integers of ≤ 20 bits: products ≤ 2⁴⁰, sums of ≤ 128 ≤ 2⁴⁷ — exact in f64; f32 keeps only 24 bits
          const int = () => Math.min(2 ** 20 - 1, offset + Math.floor(rng.nextFloat() * spread));
          const x = Float64Array.from({ length: d }, int);
          const c = Float64Array.from({ length: d }, int);
          let cc = 0;
          let xc = 0;
          let xx = 0;
          for (let j = 0; j < d; j++) {
            cc += c[j] * c[j];
            xc += x[j] * c[j];
            xx += x[j] * x[j];
          }
          const exact = cc - 2 * xc;
          const t = Math.sqrt(xx) + Math.sqrt(cc);
          const bound = gamma(d + 5) * t * t;
          const err = Math.abs(expanded32(x, c, d) - exact);
          worst = Math.max(worst, err / bound);
          expect(err).toBeLessThanOrEqual(bound);
        },
      ),
      { numRuns: 400 },
    );
    // the bound is not vacuous: some draws use a visible share of it
    expect(worst).toBeGreaterThan(1e-3);
  });

  it('κ₃₂ is at least 8× the bound 2γ_{d+5} + 2γᵁ_{d+2} for every d ≤ 2¹⁶; the absolute term is (d + 6)·2⁻⁸⁰', () => {
    const gammaU = (m: number) => (m * 2 ** -53) / (1 - m * 2 ** -53);
    for (const d of [17, 64, 128, 1000, 2 ** 12, 2 ** 16]) {
      expect(guardKappa32(d)).toBeGreaterThanOrEqual(8 * (2 * gamma(d + 5) + 2 * gammaU(d + 2)) * 0.99);
      expect(F32_ABS(d)).toBe((d + 6) * 2 ** -80);
    }
  });
});

describe("kernel precision: 'auto' by default, f32 where measured faster", () => {
  it("'auto' takes f32 for d > 16 and k ≥ 32 only; 'f32' for every d > 16; 'f64' never", () => {
    expect(initialPrecision).toBe('auto');
    expect(wantsF32('auto', 17, 32)).toBe(true);
    expect(wantsF32('auto', 128, 64)).toBe(true);
    expect(wantsF32('auto', 128, 31)).toBe(false);
    expect(wantsF32('auto', 16, 64)).toBe(false);
    expect(wantsF32('f32', 17, 2)).toBe(true);
    expect(wantsF32('f32', 16, 64)).toBe(false);
    expect(wantsF32('f64', 128, 64)).toBe(false);
  });

  it("a default KMeans fit at d = 20, k = 32 runs 'wasm-f32' and equals the f64 fit; k = 8 stays 'wasm'", () => {
    const n = 400;
    const d = 20;
    const x = draw(n, d, 3, 50, false);
    for (const [k, backend] of [
      [32, 'wasm-f32'],
      [8, 'wasm'],
    ] as const) {
      const auto = lloydFit(x, n, d, k, 'wasm', 'auto');
      expect(auto.backend).toBe(backend);
      const ref = lloydFit(x, n, d, k, 'js', 'f64');
      expect(auto.labels).toEqual(ref.labels);
      expect(auto.clusterCenters.data).toEqual(ref.clusterCenters.data);
      expect(auto.inertia).toBe(ref.inertia);
    }
  });

  it('setKernelPrecision refuses an unknown precision with a ValidationError naming the choices', () => {
    expect(() => setKernelPrecision('f16' as KernelPrecision)).toThrow(ValidationError);
    expect(() => setKernelPrecision('f16' as KernelPrecision)).toThrow(/one of 'auto', 'f64', 'f32'/);
    expect(getKernelPrecision()).toBe(initialPrecision);
  });
});
