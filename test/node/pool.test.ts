import { afterAll, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';

afterAll(async () => {
  await disableWorkerPool();
});

describe('worker pool (main thread + 1 worker) for the wasm k-means pass', () => {
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

  for (const algorithm of ['elkan', 'hamerly'] as const) {
    it(`${algorithm}: 1 thread and 2 threads (helper owns rows [n/2, n) and their bounds) and the JS reference agree bit for bit`, async () => {
      // Odd n (unequal halves), weights, restarts, an empty cluster at the first update (two equal initial
      // centres), maxIter reached and tol > 0 (the final reassignment).
      const { X } = makeBlobs({ nSamples: 20_001, nFeatures: 24, centers: 10, clusterStd: 3, seed: 6 });
      const w = Array.from({ length: X.rows }, (_, i) => 1 + (i % 5) / 4);
      const init = [Array.from(X.data.subarray(0, 24)), Array.from(X.data.subarray(0, 24))];
      for (let c = 2; c < 10; c++) init.push(Array.from(X.data.subarray(c * 1900 * 24, c * 1900 * 24 + 24)));
      const configs = [
        { nClusters: 10, nInit: 2, seed: 9, maxIter: 80, tol: 0, algorithm },
        { nClusters: 10, init, maxIter: 4, tol: 0, algorithm },
        { nClusters: 10, init, tol: 1e-3, algorithm },
      ];
      const before = getBackend();
      try {
        for (const opts of configs) {
          setBackend('js');
          const ref = new KMeans(opts).fit(X, { sampleWeight: w });
          setBackend('wasm');
          const one = new KMeans(opts).fit(X, { sampleWeight: w });
          enableWorkerPool();
          const p0 = workerPoolPasses();
          const two = new KMeans(opts).fit(X, { sampleWeight: w });
          // the initial pass and every later iteration ran on the helper as well
          expect(workerPoolPasses() - p0).toBeGreaterThanOrEqual(two.nIter);
          await disableWorkerPool();
          for (const r of [one, two]) {
            expect(r.labels).toEqual(ref.labels);
            expect(r.clusterCenters.data).toEqual(ref.clusterCenters.data);
            expect(r.inertia).toBe(ref.inertia);
            expect(r.nIter).toBe(ref.nIter);
            expect(r.runInertias).toEqual(ref.runInertias);
          }
        }
      } finally {
        setBackend(before);
      }
    });
  }

  it('small passes stay on the calling thread', () => {
    enableWorkerPool();
    const p0 = workerPoolPasses();
    const { X } = makeBlobs({ nSamples: 500, nFeatures: 2, centers: 3, seed: 1 });
    new KMeans({ nClusters: 3, seed: 0, algorithm: 'lloyd' }).fit(X);
    expect(workerPoolPasses()).toBe(p0);
  });
});
