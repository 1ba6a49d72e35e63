/**
 * The Gaussian-mixture E- and M-steps on two threads: the helper owns the M-step blocks [⌊nB/2⌋, nB) of the fixed
 * row blocks (src/mixture/blocks.ts) — their responsibilities, log-likelihood partials and M-step sums — while the
 * calling thread does the blocks before; the partials are added in block order, so fits equal the one-thread fits
 * bit for bit (all four covariance types, mclust's models, noise, ragged n, blocks of more than 256 rows), also when
 * the helper fails mid-fit (in an E-step or between the E-step and the M-step sums).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, kernelModule, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import { LL_BLOCK_ROWS, mstepBlockRows } from '../../src/mixture/blocks.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { MixtureWasm } from '../../src/mixture/wasm.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';
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

const TYPES = ['full', 'tied', 'diag', 'spherical'] as const;

describe('Gaussian mixture E-step on two threads', () => {
  // n·k·(d(d+1)/2 + d + 20) ≥ 2·10⁶ for every type: above the pool's threshold. Odd n: a partial last block.
  const { X } = makeBlobs({ nSamples: 20_003, nFeatures: 5, centers: 4, clusterStd: 1.5, seed: 21 });
  const { X: Xo } = makeBlobs({ nSamples: 20_003, nFeatures: 5, centers: 4, clusterStd: 6, seed: 21 });
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
      // every E-step and both M-step passes of both restarts, plus the final E-step, ran on the helper as well
      expect(workerPoolPasses() - p0).toBeGreaterThanOrEqual(2 * 12 * 3 + 1);
      await disableWorkerPool();
      expect(two).toEqual(one);
      expect(Object.is(two.lowerBound, one.lowerBound)).toBe(true);
    }
  });

  it('a helper failing mid-fit: the calling thread does its rows, same fit; the session is ended', () => {
    setBackend('wasm');
    for (const t of TYPES) {
      const one = summary(new GaussianMixture(opts(t)).fit(X));
      // 1: the first E-step; 2: the first M-step sums (the helper held its rows' responsibilities: recomputed here);
      // 3: the second M-step pass (scatter or squares); 7: a later E-step
      for (const failAt of [1, 2, 3, 7]) {
        const p = jobStandIn(failAt);
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
      // one restart, so the failure hits the run that is kept: in the first M-step's sums (2) or scatter/squares
      // (3), or the second iteration's (5, 6)
      // (overlapping clusters: responsibilities that are not all exactly 0 or 1, so stale ones would show)
      const single = { ...opts(t), nInit: 1 };
      const oneSingle = summary(new GaussianMixture(single).fit(Xo));
      for (const failAt of [2, 3, 5, 6]) {
        const p = jobStandIn(failAt);
        setParallelProvider(p as never);
        try {
          expect(summary(new GaussianMixture(single).fit(Xo)), `${t} failAt=${failAt}`).toEqual(oneSingle);
        } finally {
          setParallelProvider(null);
        }
        expect(p.sessions).toBe(1);
        expect(p.ended).toBe(1);
        expect(p.calls).toBe(failAt);
      }
    }
  });

  it('a successful stand-in helper also gives the same fit, and small fits open no session', () => {
    setBackend('wasm');
    const one = summary(new GaussianMixture(opts('full')).fit(X));
    const p = jobStandIn(Number.POSITIVE_INFINITY);
    setParallelProvider(p as never);
    try {
      expect(summary(new GaussianMixture(opts('full')).fit(X))).toEqual(one);
      // per iteration the E-step, the M-step sums and the scatter; then the final weighted log densities
      expect(p.calls).toBe(2 * 12 * 3 + 1);
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
  it('node worker pool: ragged n around the block boundaries, mclust models, noise and blocks of 512 rows, bit-identical', async () => {
    setBackend('wasm');
    const B = mstepBlockRows(5, 8, 'full');
    expect(B).toBe(LL_BLOCK_ROWS);
    // 70 components on d = 7 (full): a block's record k·d(d+1)/2 = 1960 > 256·7 values, so the blocks have 512 rows
    expect(mstepBlockRows(7, 70, 'full')).toBe(2 * LL_BLOCK_ROWS);
    const cases: { n: number; d: number; k: number; type: string; noise?: boolean }[] = [
      { n: 39 * B, d: 5, k: 8, type: 'full' }, // whole blocks, odd count
      { n: 40 * B + 1, d: 5, k: 8, type: 'diag' }, // one row in the last block
      { n: 40 * B - 3, d: 5, k: 8, type: 'spherical' }, // a partial four-row block
      { n: 12_345, d: 5, k: 8, type: 'tied' },
      { n: 9001, d: 5, k: 8, type: 'VEV' },
      { n: 9001, d: 5, k: 8, type: 'EEI' },
      { n: 9001, d: 5, k: 8, type: 'VVV', noise: true },
      { n: 5 * 512 + 77, d: 7, k: 70, type: 'full' },
    ];
    for (const { n, d, k, type, noise } of cases) {
      const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: Math.min(k, 6), clusterStd: 1.5, seed: n });
      const init = new Uint8Array(n);
      for (let i = 0; i < n; i += 37) init[i] = 1;
      const o = {
        nComponents: k,
        covarianceType: type as 'full',
        maxIter: 4,
        tol: 0,
        seed: 2,
        regCovar: 1e-3,
        ...(noise ? { noise: { init } } : {}),
      };
      const one = summary(new GaussianMixture(o).fit(X));
      enableWorkerPool();
      const p0 = workerPoolPasses();
      const g = new GaussianMixture(o).fit(X);
      const passes = workerPoolPasses() - p0;
      await disableWorkerPool();
      const what = `${type} n=${n} d=${d} k=${k}${noise ? ' noise' : ''}`;
      expect(g.backend, what).toMatch(/pool\(2\)/);
      expect(passes, what).toBeGreaterThan(4);
      expect(summary(g), what).toEqual(one);
      expect(Object.is(g.lowerBound, one.lowerBound), what).toBe(true);
    }
  });

  it('selectGaussianMixture (mclust initialisation) picks the same model with the same BIC table on two threads', async () => {
    setBackend('wasm');
    const { X } = makeBlobs({ nSamples: 12_001, nFeatures: 4, centers: 6, clusterStd: 1.2, seed: 24 });
    const run = () =>
      selectGaussianMixture(X, {
        init: 'mclust',
        nComponents: [6, 7],
        covarianceTypes: ['VVV', 'EEE', 'VII', 'EEV'],
        seed: 1,
      });
    const one = run();
    enableWorkerPool();
    const p0 = workerPoolPasses();
    const two = run();
    const passes = workerPoolPasses() - p0;
    await disableWorkerPool();
    expect(passes).toBeGreaterThan(0);
    expect(two.table).toEqual(one.table);
    expect(two.best.bicMclust).toBe(one.best.bicMclust);
  });
});
