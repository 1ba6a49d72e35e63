/**
 * The Node worker pool's helper thread (src/node/pool.ts starts it with `new Worker(new URL('./poolWorker.js',
 * import.meta.url))`): every message opens a session of the shared helper program (src/engine/kernels/poolWorker.ts).
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { runTreeJob, TREE_JOB } from '../density/treeJob.js';
import { createPoolHandler } from '../engine/kernels/poolWorker.js';
import { runSilhouetteJob, SILHOUETTE_JOB } from '../metrics/internal/silhouetteJob.js';

const handle = createPoolHandler({ [TREE_JOB]: runTreeJob, [SILHOUETTE_JOB]: runSilhouetteJob });
parentPort?.on('message', handle);
