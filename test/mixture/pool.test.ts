/**
 * The Gaussian-mixture E-step on two threads: the helper computes the responsibilities and per-row
 * log-likelihoods of rows [n/2, n) while the calling thread does [0, n/2); fits equal the one-thread fits bit for
 * bit (all four covariance types), also when the helper fails mid-fit.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, kernelModule, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { MixtureWasm } from '../../src/mixture/wasm.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';
import { jobStandIn } from '../helpers/jobStandIn.js';

const before = getBackend();
afterEach(() => {
  setBackend(before);
});
afterAll(async () => {
  await disableWorkerPool();
});

/** Everything a fit exposes, for bit-for-bit comparison. */
function summary(g: GaussianMixture) {
  return {
    weights: Array.from(g.weights),
    means: Array.from(g.means.data),
    covariances: Array.from(g.covariances),
    lowerBound: g.lowerBound,
    nIter: g.nIter,
    converged: g.converged,
    labels: Array.from(g.labels),
  };
}

const standIn = (failAt: number) => jobStandIn(failAt);

const TYPES = ['full', 'tied', 'diag', 'spherical'] as const;

describe('Gaussian mixture E-step on two threads', () => {
  // n·k·(d(d+1)/2 + d + 20) ≥ 2·10⁶ for every type: above the pool's threshold. Odd n: a partial last block.
  const { X } = makeBlobs({ nSamples: 20_003, nFeatures: 5, centers: 4, clusterStd: 1.5, seed: 21 });
  const opts = (covarianceType: (typeof TYPES)[number]) => ({
    nComponents: 4,
    covarianceType,
    maxIter: 12,
    tol: 0,
    nInit: 2,
    seed: 5,
  });

  it('node worker pool: 1 thread and 2 threads give bit-identical fits for all four covariance types', async () => {
    setBackend('wasm');
    for (const t of TYPES) {
      const one = summary(new GaussianMixture(opts(t)).fit(X));
      enableWorkerPool();
      const p0 = workerPoolPasses();
      const two = summary(new GaussianMixture(opts(t)).fit(X));
      // every E-step of both restarts plus the final one ran on the helper as well
      expect(workerPoolPasses() - p0).toBeGreaterThanOrEqual(2 * 12 + 1);
      await disableWorkerPool();
      expect(two).toEqual(one);
      expect(Object.is(two.lowerBound, one.lowerBound)).toBe(true);
    }
  });

  it('a helper failing mid-fit: the calling thread does its rows, same fit; the session is ended', () => {
    setBackend('wasm');
    for (const t of TYPES) {
      const one = summary(new GaussianMixture(opts(t)).fit(X));
      for (const failAt of [1, 7]) {
        const p = standIn(failAt);
        setParallelProvider(p as never);
        try {
          const two = summary(new GaussianMixture(opts(t)).fit(X));
          expect(two).toEqual(one);
        } finally {
          setParallelProvider(null);
        }
        // one session per restart (the helper is freed for each k-means initialisation), each ended; no call
        // after a failure within a session
        expect(p.sessions).toBe(2);
        expect(p.ended).toBe(2);
        expect(p.calls).toBe(failAt + 1);
      }
    }
  });

  it('a successful stand-in helper also gives the same fit, and small fits open no session', () => {
    setBackend('wasm');
    const one = summary(new GaussianMixture(opts('full')).fit(X));
    const p = standIn(Number.POSITIVE_INFINITY);
    setParallelProvider(p as never);
    try {
      expect(summary(new GaussianMixture(opts('full')).fit(X))).toEqual(one);
      expect(p.calls).toBe(2 * 12 + 1);
      expect(p.sessions).toBe(2);
      const small = X.data.subarray(0, 300 * 5);
      new GaussianMixture(opts('diag')).fit({ rows: 300, cols: 5, data: small });
      expect(p.sessions).toBe(2);
    } finally {
      setParallelProvider(null);
    }
  });

  it('k-means initialisation on the pool between E-step sessions (nInit 2): same fit, no deadlock', async () => {
    setBackend('wasm');
    // n·k·(d + 8) ≥ 2·10⁶: the k-means init uses the helper too, between the restarts' E-step sessions
    const { X: Y } = makeBlobs({ nSamples: 20_003, nFeatures: 5, centers: 8, clusterStd: 1.5, seed: 22 });
    const o = { nComponents: 8, covarianceType: 'diag' as const, maxIter: 5, tol: 0, nInit: 2, seed: 3 };
    const one = summary(new GaussianMixture(o).fit(Y));
    enableWorkerPool();
    const p0 = workerPoolPasses();
    const two = summary(new GaussianMixture(o).fit(Y));
    expect(workerPoolPasses() - p0).toBeGreaterThan(2 * 5 + 1);
    await disableWorkerPool();
    expect(two).toEqual(one);
  });

  it('two workspaces with interleaved E-steps: the second runs on its own thread while the first holds the helper', async () => {
    setBackend('wasm');
    const mod = kernelModule('gaussianMixture');
    expect(mod).not.toBeNull();
    const { X: Y } = makeBlobs({ nSamples: 20_003, nFeatures: 5, centers: 4, seed: 23 });
    const g = new GaussianMixture({ nComponents: 4, covarianceType: 'full', maxIter: 3, seed: 1 }).fit(Y);
    const means = g.means.data.slice();
    const logW = Float64Array.from(g.weights, Math.log);
    const ref = new MixtureWasm(mod as WebAssembly.Module, Y.data, Y.rows, 5, 4, 'full');
    const expected = ref.estep(means, g.precisionsCholesky, logW);
    enableWorkerPool();
    const a = new MixtureWasm(mod as WebAssembly.Module, Y.data, Y.rows, 5, 4, 'full');
    const b = new MixtureWasm(mod as WebAssembly.Module, Y.data, Y.rows, 5, 4, 'full');
    try {
      for (let r = 0; r < 3; r++) {
        expect(a.estep(means, g.precisionsCholesky, logW)).toBe(expected);
        expect(b.estep(means, g.precisionsCholesky, logW)).toBe(expected);
      }
      expect(Array.from(b.resp)).toEqual(Array.from(ref.resp));
    } finally {
      a.release();
      b.release();
      await disableWorkerPool();
    }
  });
});
