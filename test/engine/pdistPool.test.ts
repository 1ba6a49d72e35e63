/**
 * pdist on two threads: the pool's helper computes blocks of condensed rows in its own instance while the calling
 * thread copies them out and computes a share itself; the result equals the one-thread result bit for bit (every
 * entry depends on its pair only), also when the helper fails part-way, into a fresh or a reused out.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import { PDIST_PARALLEL_MIN_WORK, setPdistParallel } from '../../src/engine/kernels/pdistWasm.js';
import { pdist } from '../../src/engine/pairwise.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';
import { jobStandIn as standIn } from '../helpers/jobStandIn.js';

const before = getBackend();
// The split is off by default (measured no faster on the 2-core VM); these tests turn it on to prove it exact.
beforeEach(() => setPdistParallel(true));
afterEach(() => {
  setBackend(before);
  setPdistParallel(false);
});
afterAll(async () => {
  await disableWorkerPool();
});

/** Throws naming the first entry whose bits differ. */
function expectSameBits(want: Float64Array, got: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    if (!Object.is(want[t], got[t])) throw new Error(`${what}: entry ${t} is ${got[t]}, ${want[t]} on one thread`);
  }
}

// n(n−1)/2 · d ≥ PDIST_PARALLEL_MIN_WORK: many helper blocks; odd n
const n = 2001;
const d = 10;
const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: 5, clusterStd: 2, seed: 8 });
const METRICS = [
  { metric: 'euclidean' },
  { metric: 'cityblock' },
  { metric: 'cosine' },
  { metric: 'chebyshev' },
  { metric: 'correlation' },
  { metric: 'seuclidean' },
] as const;

describe('pdist on two threads', () => {
  it('is above the threshold here', () => {
    expect(((n * (n - 1)) / 2) * d).toBeGreaterThanOrEqual(PDIST_PARALLEL_MIN_WORK);
  });

  it('node worker pool: the same bits as one thread, fresh and into a reused out, for the wasm metrics', async () => {
    setBackend('wasm');
    const one = METRICS.map((o) => pdist(X, o));
    enableWorkerPool();
    try {
      const p0 = workerPoolPasses();
      const out = new Float64Array((n * (n - 1)) / 2).fill(Number.NaN);
      METRICS.forEach((o, i) => {
        expectSameBits(one[i], pdist(X, o), `2 threads ${o.metric}`);
        expectSameBits(one[i], pdist(X, { ...o, out }), `2 threads, out ${o.metric}`);
      });
      // the helper computed blocks of every call
      expect(workerPoolPasses() - p0).toBeGreaterThanOrEqual(2 * METRICS.length);
    } finally {
      await disableWorkerPool();
    }
  });

  it('a helper failing part-way: this thread does the rest, same bits; the session is ended', () => {
    setBackend('wasm');
    const one = pdist(X, 'euclidean');
    for (const failAt of [1, 2, 5, Number.POSITIVE_INFINITY]) {
      const p = standIn(failAt);
      setParallelProvider(p as never);
      try {
        expectSameBits(one, pdist(X, 'euclidean'), `failAt ${failAt}`);
      } finally {
        setParallelProvider(null);
      }
      expect(p.sessions).toBe(1);
      expect(p.ended).toBe(1);
      if (failAt === Number.POSITIVE_INFINITY) expect(p.calls).toBeGreaterThan(5);
      else expect(p.calls).toBe(failAt); // no call after the failure
    }
  });

  it('off by default: a pool is not asked to split pdist', () => {
    setBackend('wasm');
    setPdistParallel(false);
    const p = standIn(Number.POSITIVE_INFINITY);
    setParallelProvider(p as never);
    try {
      expectSameBits(pdist(X, 'cosine'), pdist(X, 'cosine'), 'off');
      expect(p.sessions).toBe(0);
    } finally {
      setParallelProvider(null);
    }
  });

  it('small inputs and metrics without a wasm kernel open no session', () => {
    setBackend('wasm');
    const p = standIn(Number.POSITIVE_INFINITY);
    setParallelProvider(p as never);
    try {
      pdist({ rows: 300, cols: d, data: X.data.subarray(0, 300 * d) }, 'euclidean');
      pdist(X, 'canberra');
      expect(p.sessions).toBe(0);
    } finally {
      setParallelProvider(null);
    }
  });
});
