/**
 * Node-only worker pool for the WebAssembly kernels: the main thread plus one worker thread. The worker holds its
 * own copy of half of the rows in its own wasm instance and assigns them to the nearest centre each pass, while the
 * main thread does the other half; the main thread then accumulates all per-cluster sums in row order. Results are
 * therefore bit-identical with or without the pool (and to the plain-TypeScript reference).
 *
 * Gaussian-mixture E-steps and kernel-density scoring split the same way (rows, queries). The worker's program and
 * the sessions are shared with the browser pool (src/kernels/pool.ts); this file only supplies the thread.
 *
 * Used only for passes of at least `PARALLEL_MIN_WORK` multiply–adds (≈ 0.3 ms), where a second core pays.
 * The main thread blocks with `Atomics.wait` while the worker finishes (fits are synchronous).
 * @module
 */
import { Worker } from 'node:worker_threads';
import { kernelModule } from '../kernels/backend.js';
import { HelperLock, setParallelProvider } from '../kernels/parallel.js';
import { type PoolHooks, poolProvider, poolWorkerSource } from '../kernels/pool.js';

let worker: Worker | null = null;
let passes = 0;
let f32Passes = 0;

/** The helper runs one session at a time. */
const lock = new HelperLock();

/** A Node worker starts at once and may be waited for with Atomics.wait: no start timeout. */
const hooks: PoolHooks = {
  canBlock: true,
  startTimeoutMs: Number.POSITIVE_INFINITY,
  onPass: () => {
    passes++;
  },
  onF32Passes: (delta) => {
    f32Passes += delta;
  },
  onStall: () => {},
};

const provider = poolProvider(
  () => {
    const w = worker;
    return w === null ? null : (m) => w.postMessage(m);
  },
  () => kernelModule(),
  () => hooks,
  lock,
);

/**
 * Starts the worker thread (once) and lets large k-means passes, Gaussian-mixture E-steps and kernel-density
 * scoring use it: the main thread plus one worker. Results are bit-identical with and without it. The worker does
 * not keep the process alive.
 * @example
 * import { enableWorkerPool } from 'clusterkit/node';
 * enableWorkerPool();
 */
export function enableWorkerPool(): void {
  if (worker === null) {
    // An eval'd worker is CommonJS: require is in scope.
    const src = poolWorkerSource(
      "require('node:worker_threads').parentPort.on('message', (m) => __clusterkitHandle(m));",
    );
    worker = new Worker(src, { eval: true });
    worker.unref();
  }
  setParallelProvider(provider);
}

/**
 * Stops the worker thread; later passes run on the calling thread only.
 * @example
 * await disableWorkerPool();
 */
export async function disableWorkerPool(): Promise<void> {
  setParallelProvider(null);
  lock.reset();
  const w = worker;
  worker = null;
  if (w !== null) await w.terminate();
}

/**
 * Number of passes the worker has completed (for tests and diagnostics).
 * @example
 * workerPoolPasses(); // 0 before any large fit
 */
export function workerPoolPasses(): number {
  return passes;
}

/**
 * Number of worker passes that used f32 expanded distances (`setKernelPrecision('f32')`, d > 16); for tests and
 * diagnostics.
 * @example
 * workerPoolF32Passes(); // 0 unless f32 fits with d > 16 ran on the pool
 */
export function workerPoolF32Passes(): number {
  return f32Passes;
}
