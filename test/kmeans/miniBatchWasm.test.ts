/**
 * The fused WebAssembly mini-batch step (src/wasm/kmeans.ts `miniBatchStep`, src/engine/kernels/miniBatchWasm.ts)
 * against the TypeScript path: the same fit to the last bit — centres, counts, labels, inertia, nSteps — over
 * shapes that take both assignment kernels (d ≤ 16 and d > 16), odd d, weights, random reassignments, and both
 * early stops (maxNoImprovement and tol). Also the kernel step by step against miniBatchUpdate.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { NumericalError, ValidationError } from '../../src/core/errors.js';
import { toMatrixCheckedSquares } from '../../src/core/magnitude.js';
import type { Matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';
import { type MiniBatchWasm, miniBatchWorkspace } from '../../src/engine/kernels/miniBatchWasm.js';
import { wasmMatrix } from '../../src/engine/wasmMatrix.js';
import { assignLabelsJS } from '../../src/kmeans/common.js';
import { MiniBatchKMeans, type MiniBatchKMeansOptions } from '../../src/kmeans/MiniBatchKMeans.js';
import { miniBatchUpdate } from '../../src/kmeans/minibatch.js';

const before = getBackend();
afterEach(() => setBackend(before));
const wasm = isWasmAvailable();

function fitBoth(X: Matrix, opts: MiniBatchKMeansOptions, sampleWeight?: Float64Array) {
  setBackend('js');
  const ref = new MiniBatchKMeans(opts).fit(X, { sampleWeight });
  setBackend('wasm');
  const fast = new MiniBatchKMeans(opts).fit(X, { sampleWeight });
  return { ref, fast };
}

function expectSame(ref: MiniBatchKMeans, fast: MiniBatchKMeans): void {
  expect(ref.backend).toBe('js');
  expect(fast.backend).toBe('wasm');
  expect(fast.nSteps).toBe(ref.nSteps);
  expect(fast.nIter).toBe(ref.nIter);
  expect(Array.from(fast.clusterCenters.data)).toEqual(Array.from(ref.clusterCenters.data));
  expect(Array.from(fast.counts)).toEqual(Array.from(ref.counts));
  expect(Object.is(fast.inertia, ref.inertia)).toBe(true);
  if (ref.options.computeLabels) expect(Array.from(fast.labels)).toEqual(Array.from(ref.labels));
}

describe.runIf(wasm)('MiniBatchKMeans: the fused wasm step is bit-identical to the TypeScript path', () => {
  it('early stopping by maxNoImprovement (scikit-learn defaults), nInit 3, d = 16 and d = 40 (both kernels)', () => {
    for (const d of [16, 40]) {
      const { X } = makeBlobs({ nSamples: 6000, nFeatures: d, centers: 8, clusterStd: 2.5, seed: d });
      for (const seed of [0, 1, 2]) {
        const { ref, fast } = fitBoth(X, { nClusters: 8, batchSize: 256, seed });
        expect(ref.nSteps).toBeLessThan(Math.floor((100 * 6000) / 256)); // it did stop early
        expectSame(ref, fast);
      }
    }
  });

  it('the tol stop, weights, odd d and reassignments (a large reassignmentRatio) give the same fit', () => {
    const { X } = makeBlobs({ nSamples: 3000, nFeatures: 5, centers: 6, clusterStd: 1.5, seed: 7 });
    const rng = createRng(3);
    const w = new Float64Array(X.rows);
    for (let i = 0; i < w.length; i++) w[i] = rng.nextFloat() * 3;
    for (const opts of [
      { nClusters: 12, batchSize: 200, tol: 1e-3, maxNoImprovement: null, seed: 4 },
      { nClusters: 12, batchSize: 200, reassignmentRatio: 0.5, maxIter: 3, maxNoImprovement: null, seed: 5 },
      { nClusters: 6, batchSize: 3000, maxIter: 4, seed: 6, computeLabels: false },
    ] satisfies MiniBatchKMeansOptions[]) {
      const plain = fitBoth(X, opts);
      expectSame(plain.ref, plain.fast);
      const weighted = fitBoth(X, opts, w);
      expectSame(weighted.ref, weighted.fast);
    }
    // The tol row stopped on the centre change, not on the step budget.
    const { ref } = fitBoth(X, { nClusters: 12, batchSize: 200, tol: 1e-3, maxNoImprovement: null, seed: 4 });
    expect(ref.nSteps).toBeLessThan(Math.floor((100 * 3000) / 200));
  });

  it('property: any shape, batch and seed — same centres, counts, labels and inertia', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 400 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (n, d, k, b, seed, ties) => {
          const rng = createRng(seed);
          const data = new Float64Array(n * d);
          // ties: values on a coarse grid, so that equal distances (the guard's exact path) occur.
          for (let i = 0; i < data.length; i++) data[i] = ties ? rng.nextInt(3) : rng.nextNormal() * 10;
          const X = { rows: n, cols: d, data };
          const { ref, fast } = fitBoth(X, {
            nClusters: k,
            batchSize: b,
            maxIter: 5,
            tol: seed % 2 === 0 ? 1e-4 : 0,
            reassignmentRatio: seed % 3 === 0 ? 0.3 : 0.01,
            seed,
          });
          expectSame(ref, fast);
        },
      ),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('one kernel step equals assignLabelsJS + miniBatchUpdate on the gathered rows', () => {
    const { X } = makeBlobs({ nSamples: 500, nFeatures: 7, centers: 4, seed: 11 });
    const n = X.rows;
    const d = X.cols;
    const k = 4;
    const b = 64;
    setBackend('wasm');
    const ws = miniBatchWorkspace(X.data, n, d, k, null, b);
    expect(ws).not.toBeNull();
    if (ws === null) return;
    const centers = X.data.slice(0, k * d);
    ws.begin(centers);
    const counts = new Float64Array(k);
    const rng = createRng(2);
    for (let step = 0; step < 5; step++) {
      const xb = new Float64Array(b * d);
      for (let t = 0; t < b; t++) {
        const r = rng.nextInt(n);
        ws.rows[t] = r;
        xb.set(X.data.subarray(r * d, r * d + d), t * d);
      }
      const wb = new Float64Array(b).fill(1);
      const labels = new Int32Array(b);
      const inertia = assignLabelsJS(xb, b, d, centers, k, wb, labels, new Float64Array(b));
      const next = new Float64Array(k * d);
      miniBatchUpdate(xb, b, d, wb, labels, centers, k, next, counts, new Float64Array(k));
      let diff = 0;
      for (let t = 0; t < k * d; t++) diff += (next[t] - centers[t]) ** 2;
      expect(Object.is(ws.step(0, true), inertia)).toBe(true);
      expect(ws.needsReassign).toBe(false);
      expect(Object.is(ws.diff, diff)).toBe(true);
      expect(Array.from(ws.batch)).toEqual(Array.from(xb));
      expect(Array.from(ws.next)).toEqual(Array.from(next));
      expect(Array.from(ws.counts)).toEqual(Array.from(counts));
      ws.advance();
      centers.set(next);
    }
    // The final labelling pass over the resident rows.
    const all = new Int32Array(n);
    const refLabels = new Int32Array(n);
    const refInertia = assignLabelsJS(X.data, n, d, centers, k, null, refLabels, new Float64Array(n));
    expect(Object.is(ws.label(all), refInertia)).toBe(true);
    expect(Array.from(all)).toEqual(Array.from(refLabels));
    ws.release();
  });

  it('the released memory is reused by a later fit on the same array, which sees the array’s new values', () => {
    const { X } = makeBlobs({ nSamples: 2000, nFeatures: 4, centers: 3, seed: 1 });
    setBackend('wasm');
    const a = miniBatchWorkspace(X.data, X.rows, X.cols, 3, null, 100) as MiniBatchWasm;
    a.release();
    const b = miniBatchWorkspace(X.data, X.rows, X.cols, 3, X.data.subarray(0, X.rows), 100) as MiniBatchWasm;
    expect(b.rows.buffer).toBe(a.rows.buffer);
    b.release();
    const copy = { rows: X.rows, cols: X.cols, data: X.data.slice() };
    const before = new MiniBatchKMeans({ nClusters: 3, batchSize: 100, seed: 9 }).fit(X);
    for (let i = 0; i < X.data.length; i++) X.data[i] *= 2;
    const { ref, fast } = fitBoth(X, { nClusters: 3, batchSize: 100, seed: 9 });
    expectSame(ref, fast);
    expect(fast.inertia).not.toBe(before.inertia);
    const other = fitBoth(copy, { nClusters: 3, batchSize: 100, seed: 9 });
    expectSame(other.ref, other.fast);
  });
});

describe.runIf(wasm)('the wasm input check and the chunked final labelling', () => {
  it('allWithin agrees with the TypeScript test |x| ≤ limit on every value, NaN and ±∞ failing, any length', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e300, -0),
          ),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        fc.double({ min: 0, max: 2e6, noNaN: true }),
        (values, limit) => {
          setBackend('wasm');
          const x = Float64Array.from(values);
          const ws = miniBatchWorkspace(x, x.length, 1, 1, null, 1) as MiniBatchWasm;
          try {
            expect(ws.allWithin(limit)).toBe(values.every((v) => Math.abs(v) <= limit));
          } finally {
            ws.release();
          }
        },
      ),
    );
  });

  it('fit on the wasm path throws the same errors as the TypeScript scan, for a plain array and a wasmMatrix', () => {
    const what = /X\[2\]\[1\]/;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1e300]) {
      const plain = makeBlobs({ nSamples: 50, nFeatures: 3, centers: 2, seed: 1 }).X;
      plain.data[2 * 3 + 1] = bad;
      const resident = wasmMatrix(50, 3);
      resident.data.set(plain.data);
      for (const X of [plain, resident]) {
        for (const backend of ['js', 'wasm'] as const) {
          setBackend(backend);
          const fit = () => new MiniBatchKMeans({ nClusters: 2, batchSize: 16, seed: 0 }).fit(X);
          expect(fit).toThrow(what);
          expect(fit).toThrow(Math.abs(bad) === 1e300 ? NumericalError : ValidationError);
        }
      }
    }
  });

  it('labels and inertia over several label chunks (n above the chunk, odd d, weights) are the TypeScript ones', () => {
    for (const [n, d] of [
      [9001, 16],
      [5003, 3],
      [3001, 41],
    ]) {
      const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: 5, clusterStd: 2, seed: n });
      const rng = createRng(n);
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) w[i] = rng.nextFloat() * 2;
      for (const sampleWeight of [undefined, w]) {
        const { ref, fast } = fitBoth(X, { nClusters: 5, batchSize: 128, maxIter: 1, seed: 3 }, sampleWeight);
        expectSame(ref, fast);
        const labels = new Int32Array(n);
        const inertia = assignLabelsJS(
          X.data,
          n,
          d,
          fast.clusterCenters.data,
          5,
          sampleWeight ?? null,
          labels,
          new Float64Array(n),
        );
        expect(Array.from(fast.labels)).toEqual(Array.from(labels));
        expect(Object.is(fast.inertia, inertia)).toBe(true);
      }
    }
  });
});

describe('toMatrixCheckedSquares (fit’s one-pass validation)', () => {
  it('throws the errors of toMatrix and checkSquaredMagnitude, in that order, and passes good data through', () => {
    const what = 'MiniBatchKMeans: the inertia (Σ squared distances)';
    const good = { rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) };
    expect(toMatrixCheckedSquares(good, 'X', what)).toBe(good);
    expect(toMatrixCheckedSquares([[1, 2]], 'X', what).data).toEqual(new Float64Array([1, 2]));
    const nan = { rows: 2, cols: 2, data: new Float64Array([1, 1e300, Number.NaN, 4]) };
    expect(() => toMatrixCheckedSquares(nan, 'X', what)).toThrow(ValidationError);
    expect(() => toMatrixCheckedSquares(nan, 'X', what)).toThrow(/X\[1\]\[0\] is NaN/);
    const huge = { rows: 2, cols: 2, data: new Float64Array([1, 1e300, 3, 4]) };
    expect(() => toMatrixCheckedSquares(huge, 'X', what)).toThrow(NumericalError);
    expect(() => new MiniBatchKMeans({ nClusters: 1 }).fit(huge)).toThrow(/X\[0\]\[1\]/);
    expect(() => new MiniBatchKMeans({ nClusters: 1 }).fit([[1], [Number.POSITIVE_INFINITY]])).toThrow(ValidationError);
  });
});
