import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/matrix.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { getKernelPrecision, kmeansBlockRows, setKernelPrecision } from '../../src/engine/kernels/kmeansWasm.js';
import { KMeans, type KMeansOptions } from '../../src/kmeans/KMeans.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';

afterAll(async () => {
  await disableWorkerPool();
});

type Fit = ReturnType<KMeans['fit']>;

/**
 * The fit of X (weights w) on the JS reference, on wasm with one thread and on wasm with the pool (then disabled
 * again), and how many passes the helper ran for the pooled fit.
 */
async function fitEachWay(X: Matrix, w: number[], opts: KMeansOptions) {
  setBackend('js');
  const ref = new KMeans(opts).fit(X, { sampleWeight: w });
  setBackend('wasm');
  const one = new KMeans(opts).fit(X, { sampleWeight: w });
  enableWorkerPool();
  const p0 = workerPoolPasses();
  const two = new KMeans(opts).fit(X, { sampleWeight: w });
  const helped = workerPoolPasses() - p0;
  await disableWorkerPool();
  return { ref, one, two, helped };
}

/** Every fitted value of `fits` equals the reference's, bit for bit. */
function expectSameFits(ref: Fit, ...fits: Fit[]): void {
  for (const r of fits) {
    expect(r.labels).toEqual(ref.labels);
    expect(r.clusterCenters.data).toEqual(ref.clusterCenters.data);
    expect(r.inertia).toBe(ref.inertia);
    expect(r.nIter).toBe(ref.nIter);
    expect(r.runInertias).toEqual(ref.runInertias);
  }
}

describe('worker pool (main thread + 1 worker) for the wasm k-means pass', () => {
  it('1 thread and 2 threads (and the JS reference) give bit-identical fits', async () => {
    // n·k·d = 2.6·10⁶ multiply–adds per pass: above the pool's threshold. Odd n: unequal halves.
    const { X } = makeBlobs({ nSamples: 20_001, nFeatures: 16, centers: 8, clusterStd: 3, seed: 4 });
    const w = Array.from({ length: X.rows }, (_, i) => 1 + (i % 5) / 4);
    const opts = { nClusters: 8, nInit: 2, seed: 9, maxIter: 60, tol: 0, algorithm: 'lloyd' as const };
    const before = getBackend();
    try {
      const { ref, one, two, helped } = await fitEachWay(X, w, opts);
      expect(helped).toBeGreaterThanOrEqual(two.nIter);
      expectSameFits(ref, one, two);
    } finally {
      setBackend(before);
    }
  });

  it('Lloyd: each thread sums its fixed row blocks; 1 and 2 threads and the JS reference agree bit for bit (ragged n, an odd number of blocks, n < one block, f32 distances, maxIter reached)', async () => {
    // [n, d, k, precision]: every pass ≥ 2·10⁶ multiply–adds (the pool's threshold), blocks of kmeansBlockRows(n)
    const shapes = [
      [1_100, 40, 40, 'auto'], // 5 blocks of 256 (the last 76 rows): the helper takes the last 3
      [200, 100, 100, 'auto'], // n < one block: one block, nothing for the helper
      [20_003, 40, 40, 'f32'], // 16 blocks of 1252 (the last 1223); f32 expanded distances on both threads
      [9_999, 24, 64, 'auto'], // 16 blocks of 628 (the last 579); 'auto' takes f32 at d > 16, k ≥ 32
    ] as const;
    const before = getBackend();
    const precision = getKernelPrecision();
    try {
      for (const [n, d, k, prec] of shapes) {
        setKernelPrecision(prec);
        const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: k, clusterStd: 3, seed: n });
        const w = Array.from({ length: n }, (_, i) => 1 + (i % 5) / 4);
        const configs = [
          { nClusters: k, nInit: 2, seed: 9, maxIter: 60, tol: 0, algorithm: 'lloyd' as const },
          { nClusters: k, seed: 3, maxIter: 4, tol: 0, algorithm: 'lloyd' as const }, // the final assignment split too
        ];
        for (const opts of configs) {
          const { ref, one, two, helped } = await fitEachWay(X, w, opts);
          if (n > kmeansBlockRows(n)) {
            expect(two.backend).toContain('pool(2)');
            expect(helped).toBeGreaterThanOrEqual(two.nIter);
          } else expect(helped).toBe(0);
          if (prec !== 'auto' || k >= 32) expect(two.backend).toContain('f32');
          expectSameFits(ref, one, two);
        }
      }
    } finally {
      setBackend(before);
      setKernelPrecision(precision);
    }
  });

  for (const algorithm of ['elkan', 'hamerly'] as const) {
    it(`${algorithm}: 1 thread and 2 threads (helper owns rows [h, n), h ≈ n/2 on a sum-block boundary, and their bounds) and the JS reference agree bit for bit`, async () => {
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
          const { ref, one, two, helped } = await fitEachWay(X, w, opts);
          // the initial pass and every later iteration ran on the helper as well
          expect(helped).toBeGreaterThanOrEqual(two.nIter);
          expectSameFits(ref, one, two);
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
