/**
 * The browser pool's wasm job sessions, run on a page's main thread or inside a module worker by
 * test/browser/jobs.test.ts: Gaussian-mixture fits (E-step split by rows), exact and k-d tree kernel-density scores
 * (split by queries) and the silhouette (its pair sums in two fixed groups of tile rows, one per thread) on one wasm
 * thread and with the worker pool, compared bit for bit. Uses the public browser entry, and the internal pass counter
 * by module path.
 */
import {
  enableWorkerPool,
  GaussianMixture,
  KernelDensity,
  makeBlobs,
  setBackend,
  silhouetteSamples,
  wasmReady,
  workerPoolReady,
} from '../../../src/index.js';
import { workerPoolPasses } from '../../../src/web/pool.js';

/** What one run of {@link jobsCase} saw. */
export interface JobsReport {
  where: 'main' | 'worker';
  crossOriginIsolated: boolean;
  wasm: boolean;
  enabled: boolean;
  ready: boolean;
  /** Worker calls per case (0 where the pool is off). */
  passes: number[];
  /** Every case whose results differed. */
  mismatches: string[];
}

export async function jobsCase(where: 'main' | 'worker'): Promise<JobsReport> {
  const wasm = await wasmReady();
  if (wasm) setBackend('wasm');
  const mismatches: string[] = [];
  const same = (what: string, a: ArrayLike<number>, b: ArrayLike<number>): void => {
    const x = Array.from(a);
    const y = Array.from(b);
    if (x.length !== y.length || x.some((v, i) => !Object.is(v, y[i]))) mismatches.push(what);
  };
  // n·k·(d(d+1)/2 + d + 20) and n·m·(d + 4) ≥ 2·10⁶: above PARALLEL_MIN_WORK. Odd n and m: unequal halves.
  const { X } = makeBlobs({ nSamples: 20_003, nFeatures: 5, centers: 4, clusterStd: 1.5, seed: 21 });
  const K = makeBlobs({ nSamples: 6000, nFeatures: 2, centers: 4, clusterStd: 1.2, seed: 31 }).X;
  const Q = makeBlobs({ nSamples: 9001, nFeatures: 2, centers: 4, clusterStd: 2, seed: 32 }).X;
  const cases: [string, () => number[]][] = [];
  for (const covarianceType of ['full', 'diag'] as const) {
    cases.push([
      `gmm ${covarianceType}`,
      () => {
        const g = new GaussianMixture({ nComponents: 4, covarianceType, maxIter: 10, tol: 0, seed: 5 }).fit(X);
        return [...g.weights, ...g.means.data, ...g.covariances, g.lowerBound, ...g.labels];
      },
    ]);
  }
  for (const [kernel, bandwidth] of [
    ['gaussian', 0.2],
    ['tophat', 3],
  ] as const) {
    const kde = new KernelDensity({ kernel, bandwidth, algorithm: 'exact' }).fit(K);
    cases.push([`kde ${kernel} h=${bandwidth}`, () => Array.from(kde.scoreSamples(Q))]);
  }
  // the k-d tree path (wasm leaves): split after a timed probe when the rest takes ≥ 8 ms (here ≈ 50–100 ms)
  const tree = new KernelDensity({ bandwidth: 0.4, algorithm: 'kd_tree', rtol: 1e-6, leafSize: 30 }).fit(K);
  cases.push(['kde tree gaussian', () => Array.from(tree.scoreSamples(Q))]);
  // the silhouette's Euclidean cluster sums: n²·d/2 ≥ 8·10⁶, the second group of tile rows on the worker (one call)
  const S = makeBlobs({ nSamples: 1501, nFeatures: 8, centers: 5, clusterStd: 2.5, seed: 12 }).X;
  const sl = Array.from({ length: S.rows }, (_, i) => (i * 7 + (i >> 3)) % 6);
  cases.push(['silhouette', () => Array.from(silhouetteSamples(S, sl))]);
  const one = cases.map(([, f]) => f());
  const enabled = enableWorkerPool();
  const ready = await workerPoolReady();
  const passes: number[] = [];
  cases.forEach(([name, f], c) => {
    const p0 = workerPoolPasses();
    const r = f();
    passes.push(workerPoolPasses() - p0);
    same(name, r, one[c]);
  });
  return {
    where,
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    wasm,
    enabled,
    ready,
    passes,
    mismatches,
  };
}
