/**
 * model.backend: the fitted model records where its passes ran — 'js', 'wasm', 'wasm-f32' — and
 * the result does not depend on it. (The pool's 'wasm+pool(2)' is in test/node/backend.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFittedError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';
import { getKernelPrecision, setKernelPrecision } from '../../src/engine/kernels/kmeansWasm.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

const before = getBackend();
const precision = getKernelPrecision();
afterEach(() => {
  setBackend(before);
  setKernelPrecision(precision);
});

const wasm = isWasmAvailable();
const { X } = makeBlobs({ nSamples: 600, nFeatures: 3, centers: 4, seed: 5 });

describe('model.backend', () => {
  for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
    it(`KMeans (${algorithm}): 'js' on the reference, 'wasm' on the SIMD kernels, same fit`, () => {
      const opts = { nClusters: 4, seed: 1, algorithm };
      setBackend('js');
      const ref = new KMeans(opts).fit(X);
      expect(ref.backend).toBe('js');
      if (!wasm) return;
      setBackend('wasm');
      const fast = new KMeans(opts).fit(X);
      expect(fast.backend).toBe('wasm');
      expect(Array.from(fast.labels)).toEqual(Array.from(ref.labels));
      expect(Array.from(fast.clusterCenters.data)).toEqual(Array.from(ref.clusterCenters.data));
      expect(fast.inertia).toBe(ref.inertia);
      expect(fast.nIter).toBe(ref.nIter);
    });
  }

  it("KMeans (lloyd) with setKernelPrecision('f32') and d > 16: 'wasm-f32', same fit as the reference", () => {
    if (!wasm) return;
    const big = makeBlobs({ nSamples: 400, nFeatures: 20, centers: 3, seed: 6 }).X;
    const opts = { nClusters: 3, seed: 2, algorithm: 'lloyd' as const };
    setBackend('js');
    const ref = new KMeans(opts).fit(big);
    setBackend('wasm');
    setKernelPrecision('f32');
    const f32 = new KMeans(opts).fit(big);
    expect(f32.backend).toBe('wasm-f32');
    expect(Array.from(f32.labels)).toEqual(Array.from(ref.labels));
    expect(f32.inertia).toBe(ref.inertia);
    setKernelPrecision('f64');
    expect(new KMeans(opts).fit(big).backend).toBe('wasm');
  });

  it("before fit: NotFittedError; a model loaded with fromJSON: 'none'", () => {
    const km = new KMeans({ nClusters: 4, seed: 1 });
    expect(() => km.backend).toThrow(NotFittedError);
    km.fit(X);
    expect(KMeans.fromJSON(JSON.parse(JSON.stringify(km.toJSON()))).backend).toBe('none');
  });

  it("MiniBatchKMeans, GaussianMixture: 'js' / 'wasm' as planned", () => {
    setBackend('js');
    expect(new MiniBatchKMeans({ nClusters: 4, seed: 1, batchSize: 100 }).fit(X).backend).toBe('js');
    expect(new GaussianMixture({ nComponents: 3, seed: 1 }).fit(X).backend).toBe('js');
    expect(() => new GaussianMixture({ nComponents: 3 }).backend).toThrow(NotFittedError);
    if (!wasm) return;
    setBackend('wasm');
    expect(new MiniBatchKMeans({ nClusters: 4, seed: 1, batchSize: 100 }).fit(X).backend).toBe('wasm');
    expect(new GaussianMixture({ nComponents: 3, seed: 1 }).fit(X).backend).toBe('wasm');
  });

  it("KernelDensity: chosen per scoring call — 'none' before any, then the last call's path", () => {
    setBackend('js');
    const kde = new KernelDensity({ bandwidth: 0.5 }).fit(X);
    expect(kde.backend).toBe('none');
    const one = kde.scoreSamples(X);
    expect(kde.backend).toBe('js');
    if (!wasm) return;
    setBackend('wasm');
    const two = kde.scoreSamples(X);
    expect(kde.backend).toBe('wasm');
    for (let i = 0; i < one.length; i++) expect(Math.abs(two[i] - one[i])).toBeLessThanOrEqual(1e-9 * Math.abs(one[i]));
  });
});
