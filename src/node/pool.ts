/**
 * Node-only worker pool for the WebAssembly kernels: the main thread plus one worker thread. The worker holds its
 * own copy of half of the rows in its own wasm instance and assigns them to the nearest centre each pass, while the
 * main thread does the other half; each thread sums the per-cluster statistics of its own fixed row blocks
 * (`kmeansBlockRows`) and the main thread adds the blocks' partials in block order, as one thread does. Results are
 * therefore bit-identical with or without the pool (and to the plain-TypeScript reference).
 *
 * Gaussian-mixture E-steps, kernel-density scoring and the silhouette split the same way (rows, queries, two fixed
 * groups of the silhouette's tile rows). The worker's program and
 * the sessions are shared with the browser pool (src/engine/kernels/pool.ts, src/engine/kernels/poolWorker.ts); this file only
 * supplies the thread, which runs the worker entry module src/node/poolWorker.ts.
 *
 * Used only for passes of at least `PARALLEL_MIN_WORK` multiply–adds, where a second core pays.
 * Elkan and Hamerly fits split the same way (the worker keeps its rows' bounds and sums its own blocks).
 * The main thread blocks with `Atomics.wait` while the worker finishes (fits are synchronous).
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { kernelModule } from '../engine/kernels/backend.js';
import { HelperLock, setParallelProvider } from '../engine/kernels/parallel.js';
import { poolProvider } from '../engine/kernels/pool.js';
import { countingHooks, type PoolCounters } from '../engine/poolHooks.js';

let worker: Worker | null = null;
let failed = false;

/**
 * A helper that has not picked up a session within this many milliseconds is given up on (a Node worker starts in
 * tens of milliseconds; this only bounds the wait when its module cannot load).
 */
const START_TIMEOUT_MS = 30_000;

/**
 * The worker entry module: beside this file once built (dist/node/poolWorker.js). Run from the TypeScript sources
 * (vitest, tsx), `worker_threads` cannot load the `.ts` entry, so the built one in dist/ runs: build first (`npm
 * test` does).
 * @throws Error when running from the sources and dist/node/poolWorker.js has not been built (a development
 *   set-up problem, not a data or option problem)
 */
function poolWorkerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./poolWorker.js', here);
  const built = new URL('../../dist/node/poolWorker.js', here);
  if (!existsSync(fileURLToPath(built))) {
    throw new Error(
      `the worker pool's entry ${fileURLToPath(built)} is missing: clusterkit runs from its TypeScript sources, and ` +
        "worker threads load the built entry; run 'npm run build' first.",
    );
  }
  return built;
}
const counters: PoolCounters = { passes: 0, f32Passes: 0 };

/** The helper runs one session at a time. */
const lock = new HelperLock();

/** A Node worker may be waited for with Atomics.wait. */
const hooks = countingHooks(
  counters,
  START_TIMEOUT_MS,
  () => true,
  () => {
    failed = true; // the worker never picked a session up: later fits run on one thread
  },
);

const provider = poolProvider(
  () => {
    const w = worker;
    return w === null || failed ? null : (m) => w.postMessage(m);
  },
  () => kernelModule(),
  () => hooks,
  lock,
);

/**
 * Starts the worker thread (once) and lets large k-means passes, Gaussian-mixture E-steps, kernel-density
 * scoring and the silhouette use it: the main thread plus one worker. Results are bit-identical with and without it. The worker does
 * not keep the process alive.
 * @example
 * import { enableWorkerPool } from 'clusterkit/node';
 * enableWorkerPool();
 */
export function enableWorkerPool(): void {
  if (worker === null) {
    const w = new Worker(poolWorkerUrl());
    // A helper that fails (e.g. cannot load its module) sets no session's STARTED word: sessions give up on it
    // after START_TIMEOUT_MS, and later fits run on the calling thread only.
    w.on('error', () => {
      if (worker === w) failed = true;
    });
    w.unref();
    worker = w;
    failed = false;
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
  failed = false;
  if (w !== null) await w.terminate();
}

/**
 * Number of passes the worker has completed (for tests and diagnostics).
 * @example
 * workerPoolPasses(); // 0 before any large fit
 */
export function workerPoolPasses(): number {
  return counters.passes;
}

/**
 * Number of worker passes that used f32 expanded distances (`setKernelPrecision`: 'auto' with d > 16 and k ≥ 32, or 'f32' with d > 16); for tests and
 * diagnostics.
 * @example
 * workerPoolF32Passes(); // 0 unless f32 fits with d > 16 ran on the pool
 */
export function workerPoolF32Passes(): number {
  return counters.f32Passes;
}
