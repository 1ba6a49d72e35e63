/**
 * Fixes to the k-means pools: the Node Lloyd worker follows setKernelPrecision('f32') with KMeansWasm's
 * guard (labels still exact, fits bit-identical), and cached k-means workspaces are rebuilt after the kernel module
 * changes (setRelaxedSimd).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import {
  getBackend,
  getRelaxedSimd,
  kernelModule,
  setBackend,
  setRelaxedSimd,
} from '../../src/engine/kernels/backend.js';
import { getKernelPrecision, kmeansWorkspace, setKernelPrecision } from '../../src/engine/kernels/kmeansWasm.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { disableWorkerPool, enableWorkerPool, workerPoolF32Passes, workerPoolPasses } from '../../src/node/pool.js';

afterAll(async () => {
  await disableWorkerPool();
});

describe('node pool fixes', () => {
  it("Lloyd with setKernelPrecision('f32') and d > 16: the worker runs f32 too, and the fit equals the JS reference", async () => {
    // far from the origin, so that the f32 guard has near ties to recompute
    const { X } = makeBlobs({ nSamples: 8_001, nFeatures: 24, centers: 12, clusterStd: 4, seed: 12 });
    for (let i = 0; i < X.data.length; i += 3) X.data[i] += 1e4;
    const opts = { nClusters: 12, nInit: 2, seed: 3, maxIter: 30, tol: 0, algorithm: 'lloyd' as const };
    const before = getBackend();
    const prec = getKernelPrecision();
    try {
      setBackend('js');
      const ref = new KMeans(opts).fit(X);
      setBackend('wasm');
      setKernelPrecision('f32');
      enableWorkerPool();
      const p0 = workerPoolPasses();
      const f0 = workerPoolF32Passes();
      const two = new KMeans(opts).fit(X);
      expect(workerPoolPasses() - p0).toBeGreaterThanOrEqual(two.nIter);
      expect(workerPoolF32Passes() - f0).toBe(workerPoolPasses() - p0);
      await disableWorkerPool();
      expect(two.labels).toEqual(ref.labels);
      expect(two.clusterCenters.data).toEqual(ref.clusterCenters.data);
      expect(two.inertia).toBe(ref.inertia);
      expect(two.runInertias).toEqual(ref.runInertias);
    } finally {
      setKernelPrecision(prec);
      setBackend(before);
    }
  });

  it('d ≤ 16 stays f64 on the worker whatever the precision setting', async () => {
    const { X } = makeBlobs({ nSamples: 20_001, nFeatures: 16, centers: 8, seed: 4 });
    const opts = { nClusters: 8, seed: 1, maxIter: 5, tol: 0, algorithm: 'lloyd' as const };
    const before = getBackend();
    const prec = getKernelPrecision();
    try {
      setBackend('wasm');
      setKernelPrecision('f32');
      enableWorkerPool();
      const p0 = workerPoolPasses();
      const f0 = workerPoolF32Passes();
      new KMeans(opts).fit(X);
      expect(workerPoolPasses()).toBeGreaterThan(p0);
      expect(workerPoolF32Passes()).toBe(f0);
      await disableWorkerPool();
    } finally {
      setKernelPrecision(prec);
      setBackend(before);
    }
  });

  it('a cached k-means workspace is reused only while the kernel module is the same', () => {
    const x = new Float64Array(64 * 3).map((_, i) => Math.sin(i));
    const relaxed = getRelaxedSimd();
    try {
      const a = kmeansWorkspace(x, 64, 3, 4, null);
      if (a === null) {
        expect(kernelModule()).toBeNull(); // no SIMD here: nothing to cache
        return;
      }
      expect(kmeansWorkspace(x, 64, 3, 4, null)).toBe(a);
      setRelaxedSimd(!relaxed); // recompiles the modules
      const b = kmeansWorkspace(x, 64, 3, 4, null);
      expect(b).not.toBe(a);
      expect(kmeansWorkspace(x, 64, 3, 4, null)).toBe(b);
    } finally {
      setRelaxedSimd(relaxed);
    }
  });
});
