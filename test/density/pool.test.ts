/**
 * Kernel-density scoring on two threads: the exact sums (plain and grouped) split the queries between
 * the calling thread and the worker; every query's sum is the same kernel code on the same rows, so the scores
 * equal the one-thread scores bit for bit. The k-d tree path splits the queries too (the helper runs the same
 * traversal around the same wasm leaf kernel).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { KERNELS } from '../../src/density/kernels.js';
import { runTreeJob, TREE_JOB } from '../../src/density/treeJob.js';
import { densityWorkspace, TREE_PROBE, treeSplit } from '../../src/density/wasm.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import type { JobDriver } from '../../src/engine/kernels/protocol.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';
import { jobStandIn } from '../helpers/jobStandIn.js';

const before = getBackend();
afterEach(() => {
  setBackend(before);
  treeSplit.minMs = 8;
});
afterAll(async () => {
  await disableWorkerPool();
});

/** The job drivers the worker entries register. */
const DRIVERS: Record<string, JobDriver> = { [TREE_JOB]: runTreeJob };

/** An in-thread stand-in helper (the pools' protocol, run synchronously) that fails from call `failAt` on. */
const standIn = (failAt: number) => jobStandIn(failAt, DRIVERS);

describe('kernel density scoring on two threads', () => {
  // 6000 rows × 9001 queries: above the pool's threshold; odd m (unequal halves) and more than two chunks of 4096.
  const { X } = makeBlobs({ nSamples: 6000, nFeatures: 2, centers: 4, clusterStd: 1.2, seed: 31 });
  const Q = makeBlobs({ nSamples: 9001, nFeatures: 2, centers: 4, clusterStd: 2, seed: 32 }).X;
  const w = Array.from({ length: X.rows }, (_, i) => 0.5 + (i % 7) / 3);

  it('exact sums (plain and grouped), every kernel: 2 threads equal 1 thread bit for bit', async () => {
    setBackend('wasm');
    for (const kernel of KERNELS) {
      // h = 0.2: a short reach (grouped sums); h = 3: the reach covers the data (plain sums)
      for (const bandwidth of [0.2, 3]) {
        const kde = new KernelDensity({ kernel, bandwidth, algorithm: 'exact' }).fit(X, { sampleWeight: w });
        const one = kde.scoreSamples(Q);
        enableWorkerPool();
        const p0 = workerPoolPasses();
        const two = kde.scoreSamples(Q);
        expect(workerPoolPasses() - p0).toBe(2); // ⌈4501 / 4096⌉ helper calls
        await disableWorkerPool();
        expect(Array.from(two)).toEqual(Array.from(one));
      }
    }
  });

  it('the grouped and plain workspaces both split (direct calls), L1 and L∞ metrics too', async () => {
    setBackend('wasm');
    const x = X.data;
    const wv = new Float64Array(w);
    for (const grouped of [false, true]) {
      const ws = densityWorkspace(x, wv, X.rows, 2, grouped);
      expect(ws).not.toBeNull();
      for (const metricId of [0, 1, 2]) {
        for (const kernelId of [0, 3, 5]) {
          const one = new Float64Array(Q.rows);
          const two = new Float64Array(Q.rows);
          ws?.logSums(Q.data, Q.rows, 0.3, kernelId, metricId, one);
          enableWorkerPool();
          const p0 = workerPoolPasses();
          ws?.logSums(Q.data, Q.rows, 0.3, kernelId, metricId, two);
          expect(workerPoolPasses() - p0).toBe(2);
          await disableWorkerPool();
          expect(Array.from(two)).toEqual(Array.from(one));
        }
      }
    }
  });

  it('k-d tree scoring (wasm leaves), every kernel and metric, exact and with tolerances: 2 threads equal 1 thread', async () => {
    setBackend('wasm');
    treeSplit.minMs = 0; // always split after the timed probe
    for (const kernel of KERNELS) {
      for (const metric of ['euclidean', 'cityblock', 'chebyshev'] as const) {
        // rtol 0: every leaf visited; rtol 1e-4 and atol: the approximation and global-stop branches
        for (const [rtol, atol] of [
          [0, 0],
          [1e-4, 0],
          [0, 1e-6],
        ]) {
          const kde = new KernelDensity({
            kernel,
            metric,
            bandwidth: 0.4,
            algorithm: 'kd_tree',
            rtol,
            atol,
            leafSize: 30,
          });
          kde.fit(X, { sampleWeight: w });
          const one = kde.scoreSamples(Q);
          enableWorkerPool();
          const p0 = workerPoolPasses();
          const two = kde.scoreSamples(Q);
          expect(workerPoolPasses() - p0).toBe(1);
          await disableWorkerPool();
          expect(Array.from(two)).toEqual(Array.from(one));
        }
      }
    }
  });

  it('k-d tree: queries far from the data (underflow → exact log-space sums on the helper) still equal', async () => {
    setBackend('wasm');
    treeSplit.minMs = 0;
    const far = Float64Array.from(Q.data, (v, i) => (i % 7 === 0 ? v + 60 : v));
    const Qf = { rows: Q.rows, cols: 2, data: far };
    for (const kernel of ['gaussian', 'exponential'] as const) {
      const kde = new KernelDensity({ kernel, bandwidth: 0.3, algorithm: 'kd_tree', rtol: 1e-6 }).fit(X);
      const one = kde.scoreSamples(Qf);
      enableWorkerPool();
      const two = kde.scoreSamples(Qf);
      await disableWorkerPool();
      expect(Array.from(two)).toEqual(Array.from(one));
    }
  });

  it('a helper failing (at once or mid-call): the calling thread sums those queries, same scores', () => {
    setBackend('wasm');
    for (const kernel of ['gaussian', 'tophat'] as const) {
      const kde = new KernelDensity({ kernel, bandwidth: 0.5, algorithm: 'exact' }).fit(X);
      const one = kde.scoreSamples(Q);
      for (const failAt of [1, 2, Number.POSITIVE_INFINITY]) {
        const p = standIn(failAt);
        setParallelProvider(p as never);
        let two: Float64Array;
        try {
          two = kde.scoreSamples(Q);
        } finally {
          setParallelProvider(null);
        }
        expect(Array.from(two)).toEqual(Array.from(one));
        expect(p.sessions).toBe(1);
        expect(p.ended).toBe(1);
        expect(p.calls).toBe(Math.min(failAt, 2));
      }
    }
  });

  it('k-d tree with a helper failing or run in-thread: same scores; a cheap rest stays on this thread', () => {
    setBackend('wasm');
    expect(Q.rows).toBeGreaterThan(2 * TREE_PROBE);
    treeSplit.minMs = 0;
    for (const kernel of ['gaussian', 'cosine'] as const) {
      const kde = new KernelDensity({ kernel, bandwidth: 0.5, algorithm: 'kd_tree', rtol: 1e-5 }).fit(X);
      const one = kde.scoreSamples(Q);
      for (const failAt of [1, Number.POSITIVE_INFINITY]) {
        const p = standIn(failAt);
        setParallelProvider(p as never);
        let two: Float64Array;
        try {
          two = kde.scoreSamples(Q);
        } finally {
          setParallelProvider(null);
        }
        expect(Array.from(two)).toEqual(Array.from(one));
        expect([p.sessions, p.ended, p.calls]).toEqual([1, 1, 1]);
      }
      treeSplit.minMs = Number.POSITIVE_INFINITY; // never worth a helper: no session
      const p = standIn(Number.POSITIVE_INFINITY);
      setParallelProvider(p as never);
      try {
        expect(Array.from(kde.scoreSamples(Q))).toEqual(Array.from(one));
      } finally {
        setParallelProvider(null);
      }
      expect(p.sessions).toBe(0);
      treeSplit.minMs = 0;
    }
  });

  it('small scoring calls open no session', () => {
    setBackend('wasm');
    const p = standIn(Number.POSITIVE_INFINITY);
    const kde = new KernelDensity({ bandwidth: 0.5, algorithm: 'exact' }).fit(X);
    setParallelProvider(p as never);
    try {
      kde.scoreSamples({ rows: 40, cols: 2, data: Q.data.subarray(0, 80) });
    } finally {
      setParallelProvider(null);
    }
    expect(p.sessions).toBe(0);
  });
});
