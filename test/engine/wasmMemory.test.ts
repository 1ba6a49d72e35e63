/**
 * Memory management of the WebAssembly kernels: data resident in wasm memory (wasmMatrix, adoptResident) read in
 * place without a copy and never overwritten; workspaces reused across fits (the pooled k-means and k-means++
 * memories, the mini-batch spare) with results bit-identical to fresh workspaces; and a released workspace never
 * used again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { zeros } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, isWasmAvailable, kernelModule, setBackend } from '../../src/engine/kernels/backend.js';
import {
  boundsWorkspace,
  kmeansWorkspace,
  releaseKMeansData,
  reserveKMeansData,
} from '../../src/engine/kernels/kmeansWasm.js';
import { miniBatchWorkspace } from '../../src/engine/kernels/miniBatchWasm.js';
import { plusPlusWasm } from '../../src/engine/kernels/plusPlusWasm.js';
import type { KmeansExports } from '../../src/engine/kernels/wasm/kmeans.generated.js';
import { isWasmMatrix, releaseWasmMemory, wasmMatrix } from '../../src/engine/wasmMatrix.js';
import {
  adoptResident,
  claimResident,
  isTenant,
  POOL_KEEP_MAX_BYTES,
  releasePooledMemory,
  takePooledMemory,
  WASM_REGION_ALIGN,
  WASM_RESIDENT_BASE,
} from '../../src/engine/wasmWorkspace.js';
import { KMeans, type KMeansAlgorithm } from '../../src/kmeans/KMeans.js';
import { MiniBatchKMeans, type MiniBatchKMeansOptions } from '../../src/kmeans/MiniBatchKMeans.js';

const before = getBackend();
afterEach(() => {
  setBackend(before);
  vi.restoreAllMocks();
});
const wasm = isWasmAvailable();

/** X's values copied into a wasmMatrix. */
function resident(X: { rows: number; cols: number; data: Float64Array }) {
  const m = wasmMatrix(X.rows, X.cols);
  m.data.set(X.data);
  return m;
}

function sameMiniBatch(a: MiniBatchKMeans, b: MiniBatchKMeans): void {
  expect(a.nSteps).toBe(b.nSteps);
  expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
  expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
  expect(Object.is(a.inertia, b.inertia)).toBe(true);
  if (a.options.computeLabels) expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
}

describe.runIf(wasm)('wasmMatrix and resident data', () => {
  it('is a zero-filled matrix in wasm memory at the resident base, with room above it; plain matrices are not', () => {
    const X = wasmMatrix(1000, 3);
    expect(X.rows).toBe(1000);
    expect(X.cols).toBe(3);
    expect(X.data.length).toBe(3000);
    expect(X.data.every((v) => v === 0)).toBe(true);
    expect(X.data.byteOffset).toBe(WASM_RESIDENT_BASE);
    expect(X.data.buffer.byteLength).toBeGreaterThanOrEqual(WASM_RESIDENT_BASE + 3000 * 8 + 16 * 1024 * 1024);
    expect(isWasmMatrix(X)).toBe(true);
    expect(isWasmMatrix({ rows: 10, cols: 3, data: X.data.subarray(30, 60) })).toBe(true);
    expect(isWasmMatrix(zeros(1000, 3))).toBe(false);
    // a view over the same memory but outside the data block is not resident data
    expect(isWasmMatrix({ rows: 1, cols: 1, data: new Float64Array(X.data.buffer, 0, 1) })).toBe(false);
    expect(isWasmMatrix(wasmMatrix(0, 4))).toBe(true);
  });

  it('rejects a bad shape, and falls back to a plain array when the runtime refuses the memory', () => {
    expect(() => wasmMatrix(-1, 2)).toThrow(ValidationError);
    expect(() => wasmMatrix(2, 1.5)).toThrow(/cols must be an integer/);
    vi.spyOn(WebAssembly, 'Memory').mockImplementation(function refuse() {
      throw new RangeError('out of memory');
    });
    const X = wasmMatrix(4, 2);
    expect(X.data.length).toBe(8);
    expect(isWasmMatrix(X)).toBe(false);
  });

  it('adoptResident lays the regions out above the data (never over them) and never grows the memory', () => {
    const mod = kernelModule('kmeans')!;
    const X = wasmMatrix(100, 4);
    X.data.fill(7);
    const ws = adoptResident<KmeansExports, 'a' | 'b'>(mod, X.data, [
      ['a', 800],
      ['b', 64],
    ])!;
    expect(ws).not.toBeNull();
    expect(ws.memory.buffer).toBe(X.data.buffer);
    const end = X.data.byteOffset + X.data.byteLength;
    expect(ws.layout.at.a).toBeGreaterThanOrEqual(end);
    expect(ws.layout.at.a % WASM_REGION_ALIGN).toBe(0);
    new Float64Array(ws.memory.buffer, ws.layout.at.a, 100).fill(-1);
    expect(X.data.every((v) => v === 7)).toBe(true);
    // a subarray lays out above the whole block, not above its own end
    const sub = adoptResident<KmeansExports, 'a'>(mod, X.data.subarray(0, 8), [['a', 8]])!;
    expect(sub.layout.at.a).toBeGreaterThanOrEqual(end);
    // more scratch than the headroom: null (the caller copies), the memory untouched and not detached
    const bytes = X.data.buffer.byteLength;
    expect(adoptResident(mod, X.data, [['a', bytes]])).toBeNull();
    expect(X.data.buffer.byteLength).toBe(bytes);
    expect(X.data.length).toBe(400);
    // a plain array is never adopted
    expect(adoptResident(mod, new Float64Array(4), [['a', 8]])).toBeNull();
  });

  it('the last workspace to claim a block’s scratch space is its tenant', () => {
    const mod = kernelModule('kmeans')!;
    const X = wasmMatrix(10, 2);
    const a = adoptResident<KmeansExports, 'a'>(mod, X.data, [['a', 8]])!;
    expect(isTenant(a)).toBe(true);
    const b = adoptResident<KmeansExports, 'a'>(mod, X.data, [['a', 8]])!;
    expect(isTenant(a)).toBe(false);
    expect(isTenant(b)).toBe(true);
    claimResident(a);
    expect(isTenant(a)).toBe(true);
    expect(isTenant(b)).toBe(false);
  });
});

describe.runIf(wasm)('MiniBatchKMeans over resident data and a reused workspace', () => {
  const { X } = makeBlobs({ nSamples: 3000, nFeatures: 6, centers: 5, clusterStd: 1.5, seed: 3 });
  const opts: MiniBatchKMeansOptions = { nClusters: 5, batchSize: 128, seed: 2 };

  it('reads a wasmMatrix in place (no copy) and gives the plain array’s and the TypeScript path’s fit', () => {
    setBackend('wasm');
    const R = resident(X);
    const ws = miniBatchWorkspace(R.data, R.rows, R.cols, 5, null, 128)!;
    expect(ws.resident).toBe(true);
    expect(ws.batch.buffer).toBe(R.data.buffer); // the scratch regions are in the data's own memory
    ws.release();
    const onResident = new MiniBatchKMeans(opts).fit(R);
    const onPlain = new MiniBatchKMeans(opts).fit(X);
    expect(onResident.backend).toBe('wasm');
    sameMiniBatch(onResident, onPlain);
    setBackend('js');
    sameMiniBatch(onResident, new MiniBatchKMeans(opts).fit(X));
    expect(Array.from(R.data)).toEqual(Array.from(X.data)); // never written
  });

  it('weights and a tol stop on resident data equal the plain array’s fit', () => {
    setBackend('wasm');
    const rng = createRng(5);
    const w = Float64Array.from({ length: X.rows }, () => rng.nextFloat() * 2);
    const o = { ...opts, tol: 1e-3, maxNoImprovement: null };
    const R = resident(X);
    sameMiniBatch(
      new MiniBatchKMeans(o).fit(R, { sampleWeight: w }),
      new MiniBatchKMeans(o).fit(X, { sampleWeight: w }),
    );
  });

  it('a released workspace throws when used; the next one reuses its memory', () => {
    setBackend('wasm');
    const a = miniBatchWorkspace(X.data, X.rows, X.cols, 5, null, 128)!;
    expect(a.resident).toBe(false);
    const buffer = a.rows.buffer;
    a.release();
    a.release(); // idempotent
    expect(() => a.begin(new Float64Array(30))).toThrow(/used after release/);
    expect(() => a.step(0, false)).toThrow(/used after release/);
    expect(() => a.label(new Int32Array(X.rows))).toThrow(/used after release/);
    const b = miniBatchWorkspace(X.data, X.rows, X.cols, 5, null, 128)!;
    expect(b.rows.buffer).toBe(buffer); // same memory, not grown
    b.release();
  });

  it('fits after fits on other arrays and shapes (the spare reused, grown) equal fits on fresh workspaces', () => {
    setBackend('wasm');
    const small = makeBlobs({ nSamples: 500, nFeatures: 3, centers: 4, seed: 8 }).X;
    const big = makeBlobs({ nSamples: 6000, nFeatures: 9, centers: 4, seed: 9 }).X;
    const runs: [typeof X, MiniBatchKMeansOptions][] = [
      [small, { nClusters: 4, batchSize: 64, seed: 1 }],
      [big, { nClusters: 4, batchSize: 256, seed: 2 }],
      [X, opts],
      [small, { nClusters: 4, batchSize: 64, seed: 1 }],
    ];
    const reused = runs.map(([data, o]) => new MiniBatchKMeans(o).fit(data));
    const fresh = runs.map(([data, o]) => {
      releaseWasmMemory();
      return new MiniBatchKMeans(o).fit(data);
    });
    for (let r = 0; r < runs.length; r++) sameMiniBatch(reused[r], fresh[r]);
  });
});

describe.runIf(wasm)('KMeans: the centred rows in a pooled memory, freed at the end of each fit', () => {
  it('reserveKMeansData takes the memory the last fit released; the released workspaces throw and leave the caches', () => {
    setBackend('wasm');
    releaseWasmMemory();
    const [n, d, k] = [300, 4, 3];
    const x = reserveKMeansData('lloyd', n, d, k)!;
    const rng = createRng(1);
    for (let i = 0; i < x.length; i++) x[i] = rng.nextNormal();
    const w = new Float64Array(n).fill(1);
    const ws = kmeansWorkspace(x, n, d, k, w)!;
    expect(ws.labels.buffer).toBe(x.buffer); // adopted, not copied
    expect(kmeansWorkspace(x, n, d, k, w)).toBe(ws);
    const buffer = x.buffer;
    releaseKMeansData(x);
    expect(() => ws.setCenters(x.slice(0, k * d))).toThrow(/after its memory was released/);
    expect(kmeansWorkspace(x, n, d, k, w)).not.toBe(ws);
    const y = reserveKMeansData('hamerly', n, d, k)!;
    expect(y.buffer).toBe(buffer); // the same memory (large enough: not grown)
    const b = boundsWorkspace('hamerly', y, n, d, k, w)!;
    releaseKMeansData(y);
    expect(() => b.setCenters(y.slice(0, k * d))).toThrow(/after its memory was released/);
    expect(boundsWorkspace('hamerly', y, n, d, k, w)).not.toBe(b);
    releaseKMeansData(new Float64Array(3)); // not reserved: nothing happens
  });

  it('the pool keeps one memory per purpose, the larger, and grows a short one', () => {
    releaseWasmMemory();
    const a = takePooledMemory('test', 100_000)!;
    const b = takePooledMemory('test', 300_000)!;
    expect(b).not.toBe(a); // a is in use
    releasePooledMemory('test', a);
    releasePooledMemory('test', b);
    expect(takePooledMemory('test', 10)).toBe(b); // the larger kept
    releasePooledMemory('test', b);
    const c = takePooledMemory('test', 1_000_000)!;
    expect(c).toBe(b);
    expect(c.buffer.byteLength).toBeGreaterThanOrEqual(1_000_000);
    releaseWasmMemory();
    expect(takePooledMemory('test', 10)).not.toBe(b);
  });

  it('the pool does not keep a memory over POOL_KEEP_MAX_BYTES (left to the GC, not held after the fit)', () => {
    releaseWasmMemory();
    const small = takePooledMemory('test', 1 << 20)!;
    releasePooledMemory('test', small);
    const big = takePooledMemory('test', POOL_KEEP_MAX_BYTES + (1 << 20))!; // the spare grown past the cap
    expect(big).toBe(small);
    releasePooledMemory('test', big);
    expect(takePooledMemory('test', 10)).not.toBe(big);
    releaseWasmMemory();
  });

  it('a k-means++ kernel gives its memory back on release and throws after it', () => {
    setBackend('wasm');
    releaseWasmMemory();
    const { X } = makeBlobs({ nSamples: 200, nFeatures: 3, centers: 3, seed: 2 });
    const xn = new Float64Array(200);
    const w = new Float64Array(200).fill(1);
    const kernel = plusPlusWasm(X.data, 200, 3, xn, w, 4)!;
    kernel.release?.();
    expect(() => kernel.pots(new Int32Array(4), 1, 0, new Float64Array(8))).toThrow(/after release/);
    // the released memory is the pool's spare: the next seeding takes it (and the pool is empty meanwhile)
    const spare = takePooledMemory('plusplus', 1)!;
    releasePooledMemory('plusplus', spare);
    const again = plusPlusWasm(X.data, 200, 3, xn, w, 4)!;
    const other = takePooledMemory('plusplus', 1)!;
    expect(other).not.toBe(spare);
    again.release?.();
    expect(takePooledMemory('plusplus', 1)).toBe(spare);
  });

  it('fits after fits (the same memories reused, grown) equal fits on fresh memories, every algorithm', () => {
    setBackend('wasm');
    const a = makeBlobs({ nSamples: 2000, nFeatures: 2, centers: 4, seed: 4 }).X;
    const b = makeBlobs({ nSamples: 5000, nFeatures: 12, centers: 6, seed: 5 }).X;
    const runs: [typeof a, KMeansAlgorithm, number][] = [];
    for (const algorithm of ['lloyd', 'elkan', 'hamerly', 'auto'] as const) {
      runs.push([a, algorithm, 4], [b, algorithm, 6], [a, algorithm, 4]);
    }
    const fitRun = ([X, algorithm, k]: (typeof runs)[number], seed: number) =>
      new KMeans({ nClusters: k, algorithm, nInit: 2, seed }).fit(X);
    const reused = runs.map((r, i) => fitRun(r, i));
    const fresh = runs.map((r, i) => {
      releaseWasmMemory();
      return fitRun(r, i);
    });
    for (let r = 0; r < runs.length; r++) {
      expect(reused[r].backend).toMatch(/^wasm/);
      expect(Array.from(reused[r].labels)).toEqual(Array.from(fresh[r].labels));
      expect(Array.from(reused[r].clusterCenters.data)).toEqual(Array.from(fresh[r].clusterCenters.data));
      expect(Object.is(reused[r].inertia, fresh[r].inertia)).toBe(true);
      expect(reused[r].nIter).toBe(fresh[r].nIter);
    }
    // and a fitted model's labels are its own: the next fit reusing the memory does not change them
    const first = new KMeans({ nClusters: 4, seed: 0 }).fit(a);
    const labels = Array.from(first.labels);
    new KMeans({ nClusters: 4, seed: 9 }).fit(a);
    expect(Array.from(first.labels)).toEqual(labels);
  });
});
