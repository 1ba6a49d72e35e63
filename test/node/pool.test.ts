import { afterAll, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/kernels/backend.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';

afterAll(async () => {
  await disableWorkerPool();
});

describe('worker pool (main thread + 1 worker) for the wasm k-means pass (issue 8)', () => {
  it('1 thread and 2 threads (and the JS reference) give bit-identical fits', async () => {
    // n·k·d = 2.6·10⁶ multiply–adds per pass: above the pool's threshold. Odd n: unequal halves.
    const { X } = makeBlobs({ nSamples: 20_001, nFeatures: 16, centers: 8, clusterStd: 3, seed: 4 });
    const w = Array.from({ length: X.rows }, (_, i) => 1 + (i % 5) / 4);
    const opts = { nClusters: 8, nInit: 2, seed: 9, maxIter: 60, tol: 0, algorithm: 'lloyd' as const };
    const before = getBackend();
    try {
      setBackend('js');
      const ref = new KMeans(opts).fit(X, { sampleWeight: w });
      setBackend('wasm');
      const one = new KMeans(opts).fit(X, { sampleWeight: w });
      enableWorkerPool();
      const p0 = workerPoolPasses();
      const two = new KMeans(opts).fit(X, { sampleWeight: w });
      expect(workerPoolPasses() - p0).toBeGreaterThanOrEqual(two.nIter);
      await disableWorkerPool();
      for (const r of [one, two]) {
        expect(r.labels).toEqual(ref.labels);
        expect(r.clusterCenters.data).toEqual(ref.clusterCenters.data);
        expect(r.inertia).toBe(ref.inertia);
        expect(r.nIter).toBe(ref.nIter);
        expect(r.runInertias).toEqual(ref.runInertias);
      }
    } finally {
      setBackend(before);
    }
  });

  it('small passes stay on the calling thread', () => {
    enableWorkerPool();
    const p0 = workerPoolPasses();
    const { X } = makeBlobs({ nSamples: 500, nFeatures: 2, centers: 3, seed: 1 });
    new KMeans({ nClusters: 3, seed: 0, algorithm: 'lloyd' }).fit(X);
    expect(workerPoolPasses()).toBe(p0);
  });
});
