/**
 * The browser worker pool's helper thread, a module Web Worker (src/web/pool.ts starts it with
 * `new Worker(new URL('./poolWorker.js', import.meta.url), { type: 'module' })`, which bundlers such as Vite
 * follow): delivery probes (a bare SharedArrayBuffer, see src/web/pool.ts) are answered at once; every other message
 * opens a session of the shared helper program (src/engine/kernels/poolWorker.ts). It says 'ready' once it listens.
 * @module
 */
import { runTreeJob, TREE_JOB } from '../density/treeJob.js';
import { createPoolHandler } from '../engine/kernels/poolWorker.js';
import { runSilhouetteJob, SILHOUETTE_JOB } from '../metrics/internal/silhouetteJob.js';

const handle = createPoolHandler({ [TREE_JOB]: runTreeJob, [SILHOUETTE_JOB]: runSilhouetteJob });
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(m: unknown): void;
};
scope.onmessage = (e: MessageEvent) => {
  if (e.data instanceof SharedArrayBuffer) Atomics.store(new Int32Array(e.data), 0, 1);
  else handle(e.data);
};
scope.postMessage('ready');
