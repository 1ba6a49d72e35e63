/**
 * Browser worker pool for the WebAssembly k-means kernel: the calling thread plus one Web Worker, the browser
 * counterpart of `clusterkit/node`'s pool (src/node/pool.ts), with the same partition and therefore the same
 * bit-identical results. The worker is a module worker running the entry src/web/poolWorker.ts (served as
 * `poolWorker.js` beside this module; bundlers such as Vite follow the `new Worker(new URL(...))` form and emit it)
 * and shares memory with the page through SharedArrayBuffer, which browsers provide only to
 * cross-origin-isolated pages (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`). Elsewhere {@link enableWorkerPool} returns false and every fit
 * runs on one thread.
 *
 * Each large Lloyd pass (at least `PARALLEL_MIN_WORK` multiply–adds): the worker assigns rows [h, n) (h ≈ n/2, a
 * boundary of the fixed sum blocks of `kmeansBlockRows`) to the nearest centre in its own wasm instance and sums
 * each of its blocks from zero, while the calling thread does the same for rows [0, h); the calling thread then
 * takes the worker's labels and adds its blocks' partials after its own, in block order. Labels are exact on both
 * threads, so labels, centres and inertia are bit-identical with or without the pool (and to the TypeScript
 * reference). Elkan and Hamerly fits split the same way: the worker keeps rows [h, n), their weights and their
 * bounds, runs the same bound kernels on them as the calling thread on its half, and sums its own blocks (every
 * cluster, or once few clusters change, the clusters either thread changed, in a second call). Gaussian-mixture E-
 * and M-steps, k-means++ steps (rows), kernel-density sums (queries) and the silhouette's pair sums (two fixed
 * groups of tile rows) split through wasm job sessions (src/engine/kernels/parallel.ts): the worker runs the same exports on its
 * own instance laid out as the calling thread's workspace; sums over rows are taken in fixed row blocks added in
 * block order (the KDE sums per query stay whole on one thread).
 * The worker follows `setKernelPrecision` (f32 expanded distances for d > 16, with KMeansWasm's guard), so both
 * halves take about the same time. The worker's program and every session are shared with the Node pool
 * (src/engine/kernels/pool.ts, src/engine/kernels/poolWorker.ts); this file only supplies the thread (the module worker, its
 * start-up probe, the waiting mode).
 *
 * Waiting: fits are synchronous, so the calling thread waits for the worker's half inside the fit. In a worker
 * (e.g. the playground's compute worker) it blocks with `Atomics.wait`; on a page's main thread, where browsers
 * forbid `Atomics.wait`, it spins on `Atomics.load` — it has just done its own half, so the spin lasts about as long
 * as the imbalance between the halves. Prefer fitting in a worker anyway, to keep the page responsive. Browsers
 * start a worker only once the creating thread returns to its event loop, so the pool is used from the first fit
 * after {@link workerPoolReady} resolves (before that, fits run on one thread).
 * @module
 */

import { kernelModule } from '../engine/kernels/backend.js';
import { HelperLock, setParallelProvider } from '../engine/kernels/parallel.js';
import { poolProvider } from '../engine/kernels/pool.js';
import { countingHooks, type PoolCounters } from '../engine/poolHooks.js';

/** A worker that has not picked up a session within this many milliseconds is given up on. */
const START_TIMEOUT_MS = 5000;

type PoolState = 'off' | 'starting' | 'ready' | 'failed';
let worker: Worker | null = null;
let state: PoolState = 'off';
let ready: Promise<boolean> = Promise.resolve(false);
const counters: PoolCounters = { passes: 0, f32Passes: 0 };
let blocking: boolean | undefined;

/**
 * Waits until a message posted to `w` is delivered while this thread is busy: right after a worker starts,
 * Chromium queues messages for it on the posting thread's event loop (measured: a session posted right after
 * 'ready' and then waited for synchronously never arrived), so a synchronous fit could not hand it its rows. Each
 * probe posts a shared flag and spins up to 20 ms for the worker to set it, then yields; true after the first
 * probe delivered within the spin, false when none was within about 5 s.
 */
async function probeDelivery(w: Worker): Promise<boolean> {
  const t0 = performance.now();
  while (performance.now() - t0 < START_TIMEOUT_MS) {
    const flag = new SharedArrayBuffer(4);
    const f = new Int32Array(flag);
    w.postMessage(flag);
    const t1 = performance.now();
    while (performance.now() - t1 < 20) if (Atomics.load(f, 0) === 1) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

/** Whether this thread may block in Atomics.wait (a worker: yes; a page's main thread: no). */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // 'not-equal' at once where allowed
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/** The helper runs one session at a time. */
const lock = new HelperLock();

const hooks = countingHooks(counters, START_TIMEOUT_MS, canBlock, () => {
  state = 'failed'; // the worker never picked a session up: later fits run on one thread
});

const provider = poolProvider(
  () => {
    const w = worker;
    return w === null || state !== 'ready' ? null : (m) => w.postMessage(m);
  },
  () => kernelModule(),
  () => hooks,
  lock,
);

/**
 * Whether this browser context can run the pool: cross-origin isolated (so SharedArrayBuffer exists) and able to
 * create a Web Worker.
 * @example
 * if (!isWorkerPoolSupported()) console.info('serve the page with COOP/COEP headers to use two threads');
 */
export function isWorkerPoolSupported(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  return g.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' && typeof g.Worker === 'function';
}

/**
 * Starts the Web Worker (once) and lets large k-means passes use it: the calling thread plus one worker, results
 * bit-identical to one thread. Returns false — and changes nothing — where the page is not cross-origin isolated
 * (or cannot create workers); fits then run on one thread. The worker starts asynchronously: passes use it from the
 * first fit after {@link workerPoolReady} resolves true. On a page's main thread, also `await wasmReady()` first
 * (the kernels compile asynchronously there). In Node, use `enableWorkerPool` from `clusterkit/node` (worker_threads)
 * instead: this one returns false there.
 * @remarks The worker runs the module `poolWorker.js` beside this one (`dist/web/`), started with
 * `new Worker(new URL('./poolWorker.js', import.meta.url), { type: 'module' })`: served unbundled it loads as is;
 * bundlers that follow that form (Vite, webpack 5) emit it as an asset (with Vite's dev server, list clusterkit in
 * `optimizeDeps.exclude` so the URL survives pre-bundling). Used only for passes of at least `PARALLEL_MIN_WORK` (2·10⁶) operations — n·k·(d + 8) for Lloyd,
 * 4·n·(d + k) for Elkan/Hamerly — where a second core pays; the worker holds a copy of half of
 * the rows (and their bounds) for the duration of a fit.
 * @example
 * import { enableWorkerPool, workerPoolReady } from 'clusterkit';
 * if (enableWorkerPool()) await workerPoolReady();
 */
export function enableWorkerPool(): boolean {
  if (!isWorkerPoolSupported()) return false;
  if (worker === null) {
    let w: Worker;
    try {
      // the entry module beside this file (a bundler such as Vite follows this exact form and bundles the entry)
      w = new Worker(new URL('./poolWorker.js', import.meta.url), { type: 'module', name: 'clusterkit-pool' });
    } catch {
      return false; // e.g. a Content-Security-Policy that forbids the worker's origin
    }
    worker = w;
    state = 'starting';
    ready = new Promise<boolean>((resolve) => {
      w.onmessage = (e: MessageEvent) => {
        if (e.data === 'ready' && state === 'starting') {
          probeDelivery(w).then((ok) => {
            if (state !== 'starting') return resolve(false);
            state = ok ? 'ready' : 'failed';
            resolve(ok);
          });
        }
      };
      w.onerror = (e: Event) => {
        e.preventDefault();
        if (state === 'starting') resolve(false);
        state = 'failed';
      };
    });
  }
  setParallelProvider(provider);
  return true;
}

/**
 * Resolves true once the worker started by {@link enableWorkerPool} runs (false when it is off or failed to start).
 * @example
 * enableWorkerPool();
 * const twoThreads = await workerPoolReady();
 */
export function workerPoolReady(): Promise<boolean> {
  return ready;
}

/**
 * Stops the worker; later passes run on the calling thread only.
 * @example
 * disableWorkerPool();
 */
export function disableWorkerPool(): void {
  setParallelProvider(null);
  lock.reset();
  worker?.terminate();
  worker = null;
  state = 'off';
  ready = Promise.resolve(false);
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
