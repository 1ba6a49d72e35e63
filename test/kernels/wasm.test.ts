import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import {
  getBackend,
  isWasmAvailable,
  type KernelBackend,
  kernelModule,
  setBackend,
  wasmReady,
} from '../../src/engine/kernels/backend.js';
import {
  assignLabelsWasm,
  getKernelPrecision,
  KMeansWasm,
  kmeansBlockRows,
  setKernelPrecision,
} from '../../src/engine/kernels/kmeansWasm.js';
import { accumulateCenters, assignLabelsJS as assignLabels } from '../../src/kmeans/common.js';
import { chooseKMeansAlgorithm, KMeans, type KMeansAlgorithm } from '../../src/kmeans/KMeans.js';
import { runLloyd } from '../../src/kmeans/lloyd.js';

const initial = getBackend();
const initialPrecision = getKernelPrecision();
afterEach(() => {
  setBackend(initial);
  setKernelPrecision(initialPrecision);
});

interface Case {
  params: { name: string; tol: number; maxIter: number };
  input: { init: number[][]; sampleWeight: number[] | null };
  expected: { labels: number[]; centers: number[][]; inertia: number; nIter: number };
}
interface Fixture {
  data: number[][];
  k: number;
  cases: Case[];
}
const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/kmeans/kmeans_${name}.json`, import.meta.url), 'utf8'));

/** Runs the TS reference and the wasm kernel on the same inputs; returns both results. */
function bothAssign(x: Float64Array, n: number, d: number, centers: Float64Array, k: number) {
  const ref = { labels: new Int32Array(n), minSq: new Float64Array(n), inertia: 0 };
  ref.inertia = assignLabels(x, n, d, centers, k, null, ref.labels, ref.minSq);
  const got = { labels: new Int32Array(n), minSq: new Float64Array(n), inertia: 0 };
  got.inertia = assignLabelsWasm(x, n, d, centers, k, null, got.labels, got.minSq);
  return { ref, got };
}

describe('kernel backend selector', () => {
  it('WebAssembly SIMD is available on Node 20', async () => {
    expect(await wasmReady()).toBe(true);
    expect(isWasmAvailable()).toBe(true);
    expect(kernelModule()).toBeInstanceOf(WebAssembly.Module);
  });
  it('setBackend validates its argument and getBackend reports it', () => {
    setBackend('js');
    expect(getBackend()).toBe('js');
    setBackend('wasm');
    expect(getBackend()).toBe('wasm');
    expect(() => setBackend('gpu' as KernelBackend)).toThrow(ValidationError);
    expect(() => setBackend('gpu' as KernelBackend)).toThrow(/backend must be one of 'auto', 'wasm', 'js'/);
  });
});

for (const precision of ['f64', 'f32'] as const) {
  describe(`wasm k-means assignment (${precision}) = TS reference, bit for bit`, () => {
    beforeEach(() => setKernelPrecision(precision));
    it('random blobs, d from 1 to 9 and 15 to 17, k from 1 to 11 (odd sizes exercise the tails)', () => {
      for (const d of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17]) {
        for (const k of [1, 2, 3, 5, 8, 9, 11]) {
          const n = 37 + d;
          const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: 3, seed: d * 100 + k });
          const centers = X.data.slice(0, k * d).map((v, i) => v + 0.01 * Math.sin(i));
          const { ref, got } = bothAssign(X.data, n, d, centers, k);
          expect(got.labels).toEqual(ref.labels);
          expect(got.minSq).toEqual(ref.minSq);
          expect(got.inertia).toBe(ref.inertia);
        }
      }
    });

    it('property: arbitrary data and centres, including a large offset, give identical labels and distances', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.constantFrom(1, 2, 3, 5, 6, 16, 17, 19, 24),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          fc.constantFrom(0, 1e3, 3e4, 1e8),
          fc.boolean(),
          (n, d, k, seed, offset, grid) => {
            const rng = createRng(seed);
            // grid: small integers, so exact distance ties are common
            const draw = () => offset + (grid ? Math.floor(rng.nextFloat() * 5) : rng.nextFloat() * 10 - 5);
            const x = Float64Array.from({ length: n * d }, draw);
            const centers = Float64Array.from({ length: k * d }, draw);
            const { ref, got } = bothAssign(x, n, d, centers, k);
            expect(got.labels).toEqual(ref.labels);
            expect(got.minSq).toEqual(ref.minSq);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('precision guard: points near the bisector, offset so that ‖x‖² ≈ 10⁹, keep the exact labels', () => {
      // Centres a and b 2·h apart along a direction; points on (or within a few ulps of) the bisector, all shifted
      // by 3·10⁴ per coordinate (d = 1: ‖x‖² ≈ 10⁹; d = 8: ≈ 7·10⁹). The expanded form ‖c‖² − 2x·c cancels ~9
      // digits there, so without the guard labels would flip.
      // k varies so that every centre-step of the small-d kernel (4, 2, 1 centres) meets the guard.
      for (const [d, k] of [
        [1, 3],
        [2, 5],
        [8, 6],
        [16, 9],
        [24, 3],
      ]) {
        const off = 3e4;
        const n = 2000;
        const rng = createRng(7 + d);
        // centres 0 and 1 differ along the first axis only; the other coordinates of the points are noise
        const centers = new Float64Array(k * d).fill(off);
        centers[0] = off - 0.5;
        centers[d] = off + 0.5;
        for (let t = 2; t < k; t++) for (let j = 0; j < d; j++) centers[t * d + j] = off + 50 + t;
        const x = new Float64Array(n * d);
        for (let i = 0; i < n; i++) {
          x[i * d] = off + (rng.nextFloat() - 0.5) * 1e-9; // within ~1e-9 of the bisector
          for (let j = 1; j < d; j++) x[i * d + j] = off + rng.nextFloat() - 0.5;
        }
        const { ref, got } = bothAssign(x, n, d, centers, k);
        expect(got.labels).toEqual(ref.labels);
        expect(got.minSq).toEqual(ref.minSq);
        // both sides of the bisector are present and the guard did the work
        const ones = ref.labels.reduce((s, l) => s + l, 0);
        expect(ones).toBeGreaterThan(n / 10);
        expect(ones).toBeLessThan((n * 9) / 10);
        const ws = new KMeansWasm(kernelModule()!, x, n, d, k, null);
        ws.setCenters(centers);
        ws.assign(false, false);
        expect(ws.guarded).toBeGreaterThan(n / 2);
        expect(ws.labels).toEqual(ref.labels);
      }
    });

    it('fused accumulation equals the TS per-cluster sums bit for bit (weighted)', () => {
      const n = 501;
      const d = 5;
      const k = 7;
      const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: k, seed: 3 });
      const w = Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 13) / 7);
      const centers = X.data.slice(0, k * d);
      const labels = new Int32Array(n);
      assignLabels(X.data, n, d, centers, k, null, labels, new Float64Array(n));
      const sums = new Float64Array(k * d);
      const wic = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        wic[labels[i]] += w[i];
        for (let j = 0; j < d; j++) sums[labels[i] * d + j] += w[i] * X.data[i * d + j];
      }
      const ws = new KMeansWasm(kernelModule()!, X.data, n, d, k, w);
      ws.setCenters(centers);
      ws.labels.fill(-1);
      const changed = ws.assign(true, false);
      expect(changed).toBe(n);
      expect(ws.labels).toEqual(labels);
      expect(Array.from(ws.sums)).toEqual(Array.from(sums));
      expect(Array.from(ws.weightInClusters)).toEqual(Array.from(wic));
      expect(ws.assign(false, false)).toBe(0);
    });

    it('blocked Lloyd pass: the sums of fixed row blocks added in block order equal the TS reference (ragged n, n < one block, 16 blocks)', () => {
      // d = 24, k = 40: the f32 form runs under 'f32'; the small-d kernel at d = 5.
      for (const [n, d, k] of [
        [100, 5, 7], // one block, shorter than B
        [256, 5, 7], // exactly one block
        [257, 24, 40], // a one-row second block
        [1100, 5, 7], // 5 blocks of 256, the last 76 rows
        [5003, 24, 40], // 16 blocks of 316, the last 263
      ]) {
        const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: k, clusterStd: 3, seed: n + d });
        const w = Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 13) / 7);
        const centers = X.data.slice(0, k * d);
        const labels = new Int32Array(n);
        assignLabels(X.data, n, d, centers, k, null, labels, new Float64Array(n));
        const B = kmeansBlockRows(n);
        expect(B % 4).toBe(0);
        expect(Math.ceil(n / B)).toBeLessThanOrEqual(16);
        const sums = new Float64Array(k * d);
        const wic = new Float64Array(k);
        accumulateCenters(X.data, n, d, w, labels, sums, wic, B);
        const ws = new KMeansWasm(kernelModule()!, X.data, n, d, k, w);
        expect(ws.blockRows).toBe(B);
        ws.setCenters(centers);
        ws.labels.fill(-1);
        ws.sums.fill(0);
        ws.weightInClusters.fill(0);
        // in two calls split at a block boundary, as the calling thread and the pool's helper do
        const h = (Math.ceil(n / B) >> 1) * B;
        const changed = ws.assignBlocked(0, h) + ws.assignBlocked(h, n);
        expect(changed).toBe(n);
        expect(ws.labels).toEqual(labels);
        expect(Array.from(ws.sums)).toEqual(Array.from(sums));
        expect(Array.from(ws.weightInClusters)).toEqual(Array.from(wic));
        if (n >= 1000) {
          // the association matters: the plain row-order sums differ in the last bits here (with a one-row second
          // block, n = 257, they are the same additions)
          const rowOrder = new Float64Array(k * d);
          accumulateCenters(X.data, n, d, w, labels, rowOrder, new Float64Array(k));
          expect(Array.from(rowOrder)).not.toEqual(Array.from(sums));
        }
      }
    });
  });

  describe(`KMeans: TS and wasm (${precision}) backends give identical results on every fixture`, () => {
    beforeEach(() => setKernelPrecision(precision));
    const ALGORITHMS: KMeansAlgorithm[] = ['lloyd', 'elkan', 'hamerly'];
    for (const name of ['iris', 'wine_std', 'blobs'] as const) {
      const fx = load(name);
      for (const cs of fx.cases) {
        for (const algorithm of ALGORITHMS) {
          it(`${name} / ${cs.params.name} / ${algorithm}`, () => {
            const fitWith = (b: KernelBackend) => {
              setBackend(b);
              return new KMeans({
                nClusters: fx.k,
                init: cs.input.init,
                tol: cs.params.tol,
                maxIter: cs.params.maxIter,
                algorithm,
              }).fit(fx.data, { sampleWeight: cs.input.sampleWeight ?? undefined });
            };
            const js = fitWith('js');
            const wasm = fitWith('wasm');
            expect(Array.from(wasm.labels)).toEqual(cs.expected.labels);
            expect(wasm.labels).toEqual(js.labels);
            expect(wasm.clusterCenters.data).toEqual(js.clusterCenters.data);
            expect(wasm.inertia).toBe(js.inertia);
            expect(wasm.nIter).toBe(cs.expected.nIter);
            expect(wasm.nIter).toBe(js.nIter);
            for (let c = 0; c < fx.k; c++) {
              for (let j = 0; j < cs.expected.centers[c].length; j++) {
                const got = wasm.clusterCenters.data[c * wasm.clusterCenters.cols + j];
                expect(Math.abs(got - cs.expected.centers[c][j])).toBeLessThan(1e-8);
              }
            }
          });
        }
      }
    }

    it('k-means++ restarts, sample weights, an empty cluster and data far from the origin', () => {
      const { X } = makeBlobs({ nSamples: 3000, nFeatures: 4, centers: 6, seed: 11 });
      const far = { rows: X.rows, cols: X.cols, data: X.data.map((v) => v + 3e4) };
      const w = Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
      // two identical initial centres force an empty cluster on the first pass
      const init = [Array.from(far.data.subarray(0, 4)), Array.from(far.data.subarray(0, 4))];
      for (let c = 2; c < 6; c++) init.push(Array.from(far.data.subarray(c * 400 * 4, c * 400 * 4 + 4)));
      const configs = [
        { nClusters: 6, nInit: 4, seed: 5, algorithm: 'lloyd' as const },
        { nClusters: 6, init, maxIter: 40, tol: 0, algorithm: 'lloyd' as const },
      ];
      for (const opts of configs) {
        setBackend('js');
        const a = new KMeans(opts).fit(far, { sampleWeight: w });
        setBackend('wasm');
        const b = new KMeans(opts).fit(far, { sampleWeight: w });
        expect(b.labels).toEqual(a.labels);
        expect(b.clusterCenters.data).toEqual(a.clusterCenters.data);
        expect(b.inertia).toBe(a.inertia);
        expect(b.nIter).toBe(a.nIter);
        expect(b.runInertias).toEqual(a.runInertias);
      }
    });
  });
}

describe('wasm workspace cache', () => {
  it('a reused buffer with new contents is copied again (no stale data)', () => {
    const n = 400;
    const d = 3;
    const k = 4;
    const buf = new Float64Array(n * d);
    const w = new Float64Array(n).fill(1);
    const a = makeBlobs({ nSamples: n, nFeatures: d, centers: k, seed: 1 }).X.data;
    const b = makeBlobs({ nSamples: n, nFeatures: d, centers: k, seed: 2 }).X.data;
    setBackend('wasm');
    buf.set(a);
    runLloyd(buf, n, d, w, buf.slice(0, k * d), k, 20, 0);
    buf.set(b);
    const got = runLloyd(buf, n, d, w, buf.slice(0, k * d), k, 20, 0);
    setBackend('js');
    const want = runLloyd(b, n, d, w, b.slice(0, k * d), k, 20, 0);
    expect(got.labels).toEqual(want.labels);
    expect(got.centers).toEqual(want.centers);
    expect(got.inertia).toBe(want.inertia);
  });
});

describe('chooseKMeansAlgorithm (tuned for the wasm kernels)', () => {
  it('wasm: Lloyd for d ≤ 8, Elkan for large d·k, Hamerly between; JS: the bounds algorithms', () => {
    expect(chooseKMeansAlgorithm(100_000, 2, 5, true)).toBe('lloyd');
    expect(chooseKMeansAlgorithm(100_000, 8, 8, true)).toBe('lloyd');
    expect(chooseKMeansAlgorithm(100_000, 2, 100, true)).toBe('lloyd');
    expect(chooseKMeansAlgorithm(100_000, 16, 16, true)).toBe('hamerly');
    expect(chooseKMeansAlgorithm(10_000, 10, 10, true)).toBe('hamerly');
    expect(chooseKMeansAlgorithm(50_000, 96, 24, true)).toBe('hamerly');
    expect(chooseKMeansAlgorithm(50_000, 128, 64, true)).toBe('elkan');
    expect(chooseKMeansAlgorithm(2_000_000, 128, 64, true)).toBe('hamerly'); // Elkan's n·k bounds do not fit
    expect(chooseKMeansAlgorithm(100_000, 2, 5, false)).toBe('hamerly');
    expect(chooseKMeansAlgorithm(100_000, 2, 3, false)).toBe('lloyd');
    expect(chooseKMeansAlgorithm(50_000, 128, 64, false)).toBe('elkan');
  });
});

describe('assignLabelsWasm reuses a small workspace across calls of the same shape (mini-batch steps)', () => {
  it('each call equals the TS reference, whatever the data before it (f64 and f32, huge values)', () => {
    const rng = createRng(11);
    for (const precision of ['f64', 'f32'] as const) {
      setKernelPrecision(precision);
      for (const d of [3, 20]) {
        const n = 300;
        const k = 5;
        for (let call = 0; call < 6; call++) {
          // Call 3 has values beyond the f32 range of the guard (|x| > 2⁶⁰): the f32 workspace cannot reload them.
          const scale = call === 3 ? 2 ** 70 : call % 2 === 0 ? 1 : 1e4;
          const x = new Float64Array(n * d);
          for (let i = 0; i < x.length; i++) x[i] = (rng.nextFloat() - 0.5) * scale;
          const centers = x.slice(0, k * d);
          const w = call % 2 === 0 ? null : Float64Array.from({ length: n }, () => rng.nextFloat());
          const ref = { labels: new Int32Array(n), minSq: new Float64Array(n) };
          const got = { labels: new Int32Array(n), minSq: new Float64Array(n) };
          const ri = assignLabels(x, n, d, centers, k, w, ref.labels, ref.minSq);
          const gi = assignLabelsWasm(x, n, d, centers, k, w, got.labels, got.minSq);
          expect(got.labels).toEqual(ref.labels);
          expect(got.minSq).toEqual(ref.minSq);
          expect(gi).toBe(ri);
        }
      }
    }
  });

  it('inputs above one chunk (n·d > 2²⁰) go through in chunks with the same labels, distances and inertia', () => {
    const rng = createRng(12);
    const n = 70_000;
    const d = 16;
    const k = 7;
    const x = new Float64Array(n * d);
    for (let i = 0; i < x.length; i++) x[i] = rng.nextNormal() + (i % 3);
    const centers = x.slice(0, k * d);
    const w = Float64Array.from({ length: n }, () => rng.nextFloat());
    for (const wt of [null, w]) {
      const ref = { labels: new Int32Array(n), minSq: new Float64Array(n) };
      const got = { labels: new Int32Array(n), minSq: new Float64Array(n) };
      const ri = assignLabels(x, n, d, centers, k, wt, ref.labels, ref.minSq);
      const gi = assignLabelsWasm(x, n, d, centers, k, wt, got.labels, got.minSq);
      expect(got.labels).toEqual(ref.labels);
      expect(got.minSq).toEqual(ref.minSq);
      expect(gi).toBe(ri);
    }
  });
});
