/**
 * The browser pool check run by test/browser/pool.test.ts, on a page's main thread or inside a module worker: fits
 * on the TypeScript kernels, on the wasm kernels on one thread, then with the worker pool, and compares them bit for
 * bit. Uses the public browser entry, and the internal pass counters and kernel variant by module path.
 */

import { kernelVariant } from '../../../src/engine/kernels/backend.js';
import {
  enableWorkerPool,
  KMeans,
  makeBlobs,
  setBackend,
  setKernelPrecision,
  wasmReady,
  workerPoolReady,
} from '../../../src/index.js';
import { workerPoolF32Passes, workerPoolPasses } from '../../../src/web/pool.js';

/** What one run of {@link poolCase} saw. */
export interface PoolReport {
  where: 'main' | 'worker';
  crossOriginIsolated: boolean;
  wasm: boolean;
  variant: string | null;
  enabled: boolean;
  ready: boolean;
  /** Worker passes per case (0 where the pool is off). */
  passes: number[];
  /** Of those, the passes in f32. */
  f32Passes: number[];
  /** Lloyd iterations per case. */
  nIter: number[];
  /** Every value that differed between the fits. */
  mismatches: string[];
}

const CASES = [
  // n·k·(d + 8) and 4·n·(d + k) ≥ 2·10⁶ per pass: above PARALLEL_MIN_WORK. Odd n: unequal halves.
  { n: 30_001, d: 16, k: 8, off: 0, precision: 'f64' as const, algorithm: 'lloyd' as const },
  { n: 30_001, d: 16, k: 8, off: 0, precision: 'f64' as const, algorithm: 'hamerly' as const },
  // ‖x‖² ≈ 3.6·10¹⁰: the precision guard decides the near ties; f32 expanded distances (Lloyd) on both threads
  { n: 20_001, d: 40, k: 12, off: 3e4, precision: 'f32' as const, algorithm: 'lloyd' as const },
  { n: 20_001, d: 40, k: 12, off: 3e4, precision: 'f64' as const, algorithm: 'elkan' as const },
];

export async function poolCase(where: 'main' | 'worker'): Promise<PoolReport> {
  const wasm = await wasmReady();
  const mismatches: string[] = [];
  const same = (what: string, a: ArrayLike<number> | number, b: ArrayLike<number> | number): void => {
    const x = typeof a === 'number' ? [a] : Array.from(a);
    const y = typeof b === 'number' ? [b] : Array.from(b);
    if (x.length !== y.length || x.some((v, i) => !Object.is(v, y[i]))) mismatches.push(what);
  };
  const fits = CASES.map(({ n, d, k, off, precision, algorithm }) => {
    const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: k, clusterStd: 7, seed: 40 + d });
    const M = { rows: X.rows, cols: X.cols, data: off === 0 ? X.data : X.data.map((v) => v + off) };
    const sampleWeight = Array.from({ length: n }, (_, i) => 1 + (i % 5) / 4);
    const opts = { nClusters: k, nInit: 2, seed: 9, maxIter: 40, tol: 0, algorithm };
    return { M, sampleWeight, opts, precision, tag: `n=${n} d=${d} k=${k} off=${off} ${precision} ${algorithm}` };
  });
  const fitOne = (f: (typeof fits)[number]) => {
    setKernelPrecision(f.precision);
    return new KMeans(f.opts).fit(f.M, { sampleWeight: f.sampleWeight });
  };
  setBackend('js');
  const ref = fits.map(fitOne);
  if (wasm) setBackend('wasm');
  const one = fits.map(fitOne);
  const enabled = enableWorkerPool();
  const ready = await workerPoolReady();
  const passes: number[] = [];
  const f32Passes: number[] = [];
  const two = fits.map((f) => {
    const p0 = workerPoolPasses();
    const q0 = workerPoolF32Passes();
    const r = fitOne(f);
    passes.push(workerPoolPasses() - p0);
    f32Passes.push(workerPoolF32Passes() - q0);
    return r;
  });
  fits.forEach((f, c) => {
    for (const [name, r] of [
      ['1 thread', one[c]],
      ['pool', two[c]],
    ] as const) {
      same(`${f.tag} ${name} labels`, r.labels, ref[c].labels);
      same(`${f.tag} ${name} centres`, r.clusterCenters.data, ref[c].clusterCenters.data);
      same(`${f.tag} ${name} inertia`, r.inertia, ref[c].inertia);
      same(`${f.tag} ${name} nIter`, r.nIter, ref[c].nIter);
      same(`${f.tag} ${name} runInertias`, r.runInertias, ref[c].runInertias);
    }
  });
  return {
    where,
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    wasm,
    variant: kernelVariant('kmeans'),
    enabled,
    ready,
    passes,
    f32Passes,
    nIter: two.map((r) => r.nIter),
    mismatches,
  };
}
