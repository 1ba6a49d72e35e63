/**
 * The browser worker pool outside a cross-origin-isolated browser context: here, in Node, there is no
 * `crossOriginIsolated` and no Web Worker, so enableWorkerPool must decline and fits run on one thread; and with a
 * fake isolated context whose worker never runs a session or reports an error, fits fall back to one thread with
 * the same results. The pool itself is tested in chromium by test/browser/pool.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { kmeansBlockRows } from '../../src/engine/kernels/kmeansWasm.js';
import { parallelProvider } from '../../src/engine/kernels/parallel.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import {
  disableWorkerPool,
  enableWorkerPool,
  isWorkerPoolSupported,
  workerPoolPasses,
  workerPoolReady,
} from '../../src/web/pool.js';

afterEach(() => disableWorkerPool());

describe('browser worker pool where it cannot run', () => {
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

/** A stand-in Web Worker: starts, answers delivery probes, and then either ignores sessions or fails them. */
function fakeWorkerClass(mode: 'ignore' | 'error', sessions: unknown[]) {
  return class FakeWorker {
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    constructor() {
      setTimeout(() => this.onmessage?.({ data: 'ready' }), 0);
    }
    postMessage(msg: unknown): void {
      if (msg instanceof SharedArrayBuffer) {
        Atomics.store(new Int32Array(msg), 0, 1); // delivery probe answered at once
        return;
      }
      sessions.push(msg);
      if (mode === 'error') {
        const ctrl = new Int32Array((msg as { ctrl: SharedArrayBuffer }).ctrl);
        Atomics.store(ctrl, 4, 1);
        Atomics.store(ctrl, 3, 1);
      }
    }
    terminate(): void {}
  };
}

describe('browser worker pool fallbacks with a fake isolated context', () => {
  for (const mode of ['error', 'ignore'] as const) {
    it(`a worker that ${mode === 'error' ? 'reports an error' : 'never runs the session'}: the fit does its rows itself, same results`, async () => {
      const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
      const sessions: unknown[] = [];
      const before = getBackend();
      g.crossOriginIsolated = true;
      g.Worker = fakeWorkerClass(mode, sessions);
      try {
        const { X } = makeBlobs({ nSamples: 20_001, nFeatures: 16, centers: 8, seed: 4 });
        const opts = { nClusters: 8, seed: 1, maxIter: 8, tol: 0, algorithm: 'lloyd' as const };
        setBackend('js');
        const ref = new KMeans(opts).fit(X);
        setBackend('wasm');
        expect(isWorkerPoolSupported()).toBe(true);
        expect(enableWorkerPool()).toBe(true);
        expect(await workerPoolReady()).toBe(true);
        const p0 = workerPoolPasses();
        const fit = new KMeans(opts).fit(X);
        expect(sessions.length).toBe(1);
        const msg = sessions[0] as { m: number; d: number; k: number; f32: boolean; bs: number };
        // the helper's rows: the second half of the sums' row blocks (16 blocks of 1252 rows, the last 1221)
        expect([msg.m, msg.d, msg.k, msg.f32, msg.bs]).toEqual([20_001 - 8 * 1252, 16, 8, false, 1252]);
        expect(kmeansBlockRows(20_001)).toBe(1252);
        expect(workerPoolPasses()).toBe(p0);
        expect(fit.labels).toEqual(ref.labels);
        expect(fit.clusterCenters.data).toEqual(ref.clusterCenters.data);
        expect(fit.inertia).toBe(ref.inertia);
        // a worker that never started a session is given up on; one that failed a session is tried again
        new KMeans(opts).fit(X);
        expect(sessions.length).toBe(mode === 'ignore' ? 1 : 2);
      } finally {
        disableWorkerPool();
        setBackend(before);
        delete g.crossOriginIsolated;
        delete g.Worker;
      }
    });
  }
});
