/**
 * model.backend with the Node worker pool: 'wasm+pool(2)' when the helper thread took half of the
 * rows, 'wasm' on one thread, 'js' on the reference — and the three fits are bit-identical.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { disableWorkerPool, enableWorkerPool } from '../../src/node/pool.js';

const before = getBackend();
afterAll(async () => {
  setBackend(before);
  await disableWorkerPool();
});

describe('model.backend with the worker pool', () => {
  // 25 001 × 16, k = 8: above the pool's threshold for Lloyd (n·k·(d + 8)) and the bounds (4·n·(d + k)).
  const { X } = makeBlobs({ nSamples: 25_001, nFeatures: 16, centers: 8, clusterStd: 3, seed: 12 });

  for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
    it(`KMeans (${algorithm}): 'js', 'wasm', 'wasm+pool(2)' — bit-identical fits`, async () => {
      if (!isWasmAvailable()) return;
      const opts = { nClusters: 8, seed: 3, maxIter: 12, tol: 0, algorithm };
      setBackend('js');
      const ref = new KMeans(opts).fit(X);
      setBackend('wasm');
      const one = new KMeans(opts).fit(X);
      enableWorkerPool();
      const two = new KMeans(opts).fit(X);
      await disableWorkerPool();
      expect([ref.backend, one.backend, two.backend]).toEqual(['js', 'wasm', 'wasm+pool(2)']);
      for (const r of [one, two]) {
        expect(r.labels).toEqual(ref.labels);
        expect(r.clusterCenters.data).toEqual(ref.clusterCenters.data);
        expect(r.inertia).toBe(ref.inertia);
        expect(r.nIter).toBe(ref.nIter);
      }
    });
  }

  it("GaussianMixture and KernelDensity: 'wasm+pool(2)' when the helper shared the work, same results", async () => {
    if (!isWasmAvailable()) return;
    setBackend('wasm');
    const gOpts = { nComponents: 8, covarianceType: 'diag' as const, seed: 1, maxIter: 5 };
    const g1 = new GaussianMixture(gOpts).fit(X);
    const Y = makeBlobs({ nSamples: 3000, nFeatures: 2, centers: 3, seed: 13 }).X;
    const kde = new KernelDensity({ bandwidth: 0.4, algorithm: 'exact' }).fit(Y);
    const s1 = kde.scoreSamples(Y);
    expect([g1.backend, kde.backend]).toEqual(['wasm', 'wasm']);
    enableWorkerPool();
    const g2 = new GaussianMixture(gOpts).fit(X);
    const s2 = kde.scoreSamples(Y);
    expect([g2.backend, kde.backend]).toEqual(['wasm+pool(2)', 'wasm+pool(2)']);
    await disableWorkerPool();
    expect(g2.means.data).toEqual(g1.means.data);
    expect(g2.lowerBound).toBe(g1.lowerBound);
    expect(s2).toEqual(s1);
  });
});
