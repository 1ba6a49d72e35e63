/**
 * The Gaussian-mixture E-step on two threads (issue 8): the helper computes the responsibilities and per-row
 * log-likelihoods of rows [n/2, n) while the calling thread does [0, n/2); fits equal the one-thread fits bit for
 * bit (all four covariance types), also when the helper fails mid-fit.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/kernels/backend.js';
import {
  type ParallelJobProvider,
  type ParallelJobSession,
  setParallelProvider,
  type WasmJobCall,
  type WasmJobSpec,
} from '../../src/kernels/parallel.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { disableWorkerPool, enableWorkerPool, workerPoolPasses } from '../../src/node/pool.js';

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

/**
 * An in-thread stand-in for a helper: runs each call synchronously in its own instance (the same protocol as the
 * pools' worker), and fails (wait → null) from call `failAt` on.
 */
function standIn(failAt: number): ParallelJobProvider & { calls: number; sessions: number; ended: number } {
  const state = { calls: 0, sessions: 0, ended: 0 };
  const provider = {
    ...state,
    beginJob(spec: WasmJobSpec): ParallelJobSession {
      provider.sessions++;
      const mem = new WebAssembly.Memory({ initial: Math.ceil(spec.bytes / 65536) });
      const ex = new WebAssembly.Instance(spec.mod, { env: { memory: mem } }).exports as Record<
        string,
        (...a: number[]) => number
      >;
      const u8 = new Uint8Array(mem.buffer);
      for (const r of spec.init) if (r.data) u8.set(r.data.subarray(0, r.bytes), r.at);
      let last: { result: number; out: Uint8Array } | null = null;
      return {
        start(call: WasmJobCall) {
          provider.calls++;
          if (provider.calls >= failAt) {
            last = null;
            return;
          }
          for (const r of call.inputs) u8.set((r.data as Uint8Array).subarray(0, r.bytes), r.at);
          const result = ex[spec.fns[call.fn]](...call.args);
          const out = new Uint8Array(call.outputs.reduce((a, r) => a + r.bytes, 0));
          let o = 0;
          for (const r of call.outputs) {
            out.set(u8.subarray(r.at, r.at + r.bytes), o);
            o += r.bytes;
          }
          last = { result, out };
        },
        wait: () => last,
        end() {
          provider.ended++;
        },
      };
    },
  };
  return provider;
}

const TYPES = ['full', 'tied', 'diag', 'spherical'] as const;

describe('Gaussian mixture E-step on two threads (issue 8)', () => {
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
        expect(p.sessions).toBe(1);
        expect(p.ended).toBe(1);
        expect(p.calls).toBe(failAt); // no call after the failure
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
      const small = X.data.subarray(0, 300 * 5);
      new GaussianMixture(opts('diag')).fit({ rows: 300, cols: 5, data: small });
      expect(p.sessions).toBe(1);
    } finally {
      setParallelProvider(null);
    }
  });
});
