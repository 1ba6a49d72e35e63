/**
 * CLARA's scoring on two threads: the pool's helper scores the last half of the rows for each sample and returns
 * their labels and least distances, which the calling thread adds after its own in row order; fits equal the
 * one-thread fits bit for bit, also when the helper fails.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import { SCORE_PARALLEL_MIN_WORK } from '../../src/engine/kernels/pdistWasm.js';
import { CLARA } from '../../src/medoids/CLARA.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';
import { jobStandIn } from '../helpers/jobStandIn.js';

const before = getBackend();
afterEach(() => setBackend(before));
afterAll(async () => {
  await disableWorkerPool();
});

// n·k·d ≥ SCORE_PARALLEL_MIN_WORK; odd n (unequal halves)
const n = 250_001;
const d = 8;
const k = 10;
const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: k, clusterStd: 1.5, seed: 31 });
const fitClara = (metric: 'euclidean' | 'cosine' | 'cityblock') => {
  const c = new CLARA({ nClusters: k, samples: 3, metric, seed: 2 }).fit(X);
  return { medoids: Array.from(c.medoidIndices), labels: c.labels.slice(), inertia: c.inertia };
};
const expectSame = (a: ReturnType<typeof fitClara>, b: ReturnType<typeof fitClara>, what: string) => {
  expect(a.medoids, what).toEqual(b.medoids);
  expect(Object.is(a.inertia, b.inertia), `${what}: ${a.inertia} vs ${b.inertia}`).toBe(true);
  for (let i = 0; i < n; i++) if (a.labels[i] !== b.labels[i]) throw new Error(`${what}: label ${i} differs`);
};

describe('CLARA scoring on two threads', () => {
  it('is above the threshold here', () => {
    expect(n * k * d).toBeGreaterThanOrEqual(SCORE_PARALLEL_MIN_WORK);
  });

  it('node worker pool: the same medoids, labels and inertia as one thread', async () => {
    setBackend('wasm');
    for (const metric of ['euclidean', 'cosine'] as const) {
      const one = fitClara(metric);
      enableWorkerPool();
      try {
        const p0 = workerPoolPasses();
        expectSame(fitClara(metric), one, metric);
        expect(workerPoolPasses() - p0, 'one helper call per sample').toBe(3);
      } finally {
        await disableWorkerPool();
      }
    }
  });

  it('a helper failing at the first or second sample: this thread scores its rows, same fit; one session, ended', () => {
    setBackend('wasm');
    const one = fitClara('cityblock');
    for (const failAt of [1, 2, Number.POSITIVE_INFINITY]) {
      const p = jobStandIn(failAt);
      setParallelProvider(p as never);
      try {
        expectSame(fitClara('cityblock'), one, `failAt ${failAt}`);
      } finally {
        setParallelProvider(null);
      }
      expect(p.sessions).toBe(1);
      expect(p.ended).toBe(1);
      expect(p.calls).toBe(Math.min(failAt, 3));
    }
  });
});
