/**
 * The browser worker pool outside a cross-origin-isolated browser context (issue 8): here, in Node, there is no
 * `crossOriginIsolated` and no Web Worker, so enableWorkerPool must decline and fits run on one thread. The pool
 * itself is tested in chromium by test/browser/pool.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { parallelProvider } from '../../src/kernels/parallel.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import {
  disableWorkerPool,
  enableWorkerPool,
  isWorkerPoolSupported,
  workerPoolPasses,
  workerPoolReady,
} from '../../src/web/pool.js';

afterEach(() => disableWorkerPool());

describe('browser worker pool where it cannot run (issue 8)', () => {
  it('not cross-origin isolated: enableWorkerPool returns false, registers nothing, and fits stay on one thread', async () => {
    expect((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated).not.toBe(true);
    expect(isWorkerPoolSupported()).toBe(false);
    expect(enableWorkerPool()).toBe(false);
    expect(await workerPoolReady()).toBe(false);
    expect(parallelProvider(Number.MAX_SAFE_INTEGER)).toBeNull();
    const p0 = workerPoolPasses();
    const { X } = makeBlobs({ nSamples: 20_001, nFeatures: 16, centers: 8, seed: 4 });
    new KMeans({ nClusters: 8, seed: 1, maxIter: 5, algorithm: 'lloyd' }).fit(X);
    expect(workerPoolPasses()).toBe(p0);
  });

  it('isolated but without Web Workers (as in Node with the flag faked): still declines', () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    const had = Object.hasOwn(g, 'crossOriginIsolated');
    g.crossOriginIsolated = true;
    try {
      const hasWorker = typeof (globalThis as { Worker?: unknown }).Worker === 'function';
      expect(isWorkerPoolSupported()).toBe(hasWorker);
      if (!hasWorker) expect(enableWorkerPool()).toBe(false);
    } finally {
      if (!had) delete g.crossOriginIsolated;
    }
  });
});
