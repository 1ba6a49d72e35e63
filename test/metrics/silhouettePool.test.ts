/**
 * The silhouette on two threads: the Euclidean cluster sums fall in two fixed groups of tile rows (a function of n
 * only); with a worker pool the helper sums the second group in its own wasm instance while the calling thread sums
 * the first, and the calling thread adds the second into the first — the order every one-thread path uses — so the
 * per-sample values and the score equal the one-thread ones bit for bit, also when the helper fails.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import type { JobDriver } from '../../src/engine/kernels/protocol.js';
import {
  clusterSumsSplit,
  SILHOUETTE_PARALLEL_MIN_WORK,
  silhouetteRun,
  silhouetteSamples,
  silhouetteScore,
} from '../../src/metrics/internal/silhouette.js';
import { runSilhouetteJob, SILHOUETTE_JOB } from '../../src/metrics/internal/silhouetteJob.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';
import { jobStandIn } from '../helpers/jobStandIn.js';

const before = getBackend();
afterEach(() => setBackend(before));
afterAll(async () => {
  await disableWorkerPool();
});

/** The job drivers the worker entries register. */
const DRIVERS: Record<string, JobDriver> = { [SILHOUETTE_JOB]: runSilhouetteJob };

/** Throws naming the first entry whose bits differ. */
function expectSameBits(want: ArrayLike<number>, got: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    if (!Object.is(want[t], got[t])) throw new Error(`${what}: entry ${t} is ${got[t]}, ${want[t]} on one thread`);
  }
}

// n²·d/2 ≥ SILHOUETTE_PARALLEL_MIN_WORK; n odd and not a multiple of 128 (a short last tile)
const n = 1501;
const d = 8;
const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: 5, clusterStd: 2.5, seed: 12 });
const labels = Int32Array.from({ length: n }, (_, i) => (i * 7 + (i >> 3)) % 6);

describe('silhouette on two threads', () => {
  it('is above the threshold here, with two groups of tile rows', () => {
    expect((n * n * d) / 2).toBeGreaterThanOrEqual(SILHOUETTE_PARALLEL_MIN_WORK);
    const t = clusterSumsSplit(n);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(Math.ceil(n / 128));
  });

  it('node worker pool: samples and score equal one thread (wasm and TypeScript) bit for bit', async () => {
    setBackend('js');
    const ts = silhouetteSamples(X, labels);
    for (const metric of ['euclidean', 'sqeuclidean'] as const) {
      setBackend('wasm');
      const one = silhouetteSamples(X, labels, { metric });
      const oneScore = silhouetteScore(X, labels, { metric });
      expect(silhouetteRun.threads).toBe(1);
      if (metric === 'euclidean') expectSameBits(ts, one, 'wasm vs TypeScript');
      enableWorkerPool();
      try {
        const p0 = workerPoolPasses();
        const two = silhouetteSamples(X, labels, { metric });
        expect(silhouetteRun.threads).toBe(2);
        const twoScore = silhouetteScore(X, labels, { metric });
        expect(workerPoolPasses() - p0).toBe(2); // one helper call per silhouette
        expectSameBits(one, two, `2 threads ${metric}`);
        expect(Object.is(twoScore, oneScore)).toBe(true);
      } finally {
        await disableWorkerPool();
      }
    }
  });

  it('a helper failing, or run in-thread: this thread sums the second group itself, same bits; the session ended', () => {
    setBackend('wasm');
    const one = silhouetteSamples(X, labels);
    for (const failAt of [1, Number.POSITIVE_INFINITY]) {
      const p = jobStandIn(failAt, DRIVERS);
      setParallelProvider(p as never);
      try {
        expectSameBits(one, silhouetteSamples(X, labels), `failAt ${failAt}`);
        expect(silhouetteRun.threads).toBe(failAt === 1 ? 1 : 2);
      } finally {
        setParallelProvider(null);
      }
      expect(p.sessions).toBe(1);
      expect(p.calls).toBe(1);
      expect(p.ended).toBe(1);
    }
  });

  it('small inputs open no session', () => {
    setBackend('wasm');
    const p = jobStandIn(Number.POSITIVE_INFINITY, DRIVERS);
    setParallelProvider(p as never);
    try {
      const m = 400;
      silhouetteSamples({ rows: m, cols: d, data: X.data.subarray(0, m * d) }, labels.subarray(0, m));
      expect(p.sessions).toBe(0);
    } finally {
      setParallelProvider(null);
    }
  });
});
