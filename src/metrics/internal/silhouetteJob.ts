/**
 * The silhouette's Euclidean cluster sums as a worker-pool job: the helper thread runs the wasm kernel
 * (src/wasm/silhouette.ts `clusterSums`) over the second fixed group of tile rows in its own instance, one tile row
 * per call as the calling thread does, so the group's partial sums are bit-identical to one thread's. The calling
 * thread's side is `euclideanClusterSumsWasm` (src/metrics/internal/silhouette.ts); the worker entries
 * (src/node/poolWorker.ts, src/web/poolWorker.ts) register {@link runSilhouetteJob} under {@link SILHOUETTE_JOB}.
 * @module
 */
import { type JobDriver, type NumberStruct, unpackStruct } from '../../engine/kernels/protocol.js';

/** The name the worker entries register {@link runSilhouetteJob} under. @internal */
export const SILHOUETTE_JOB = 'silhouette-sums';

/**
 * The layout of a {@link SilhouetteJob}: byte offsets of the rows x (n×d), their transpose xt, the codes and the
 * sums (n×k) in the helper's memory, n, d, k, squared (0/1), and the tile rows [t0, t1) to sum. @internal
 */
export const SILHOUETTE_JOB_FIELDS = ['x', 'xt', 'n', 'd', 'codes', 'k', 'squared', 'sums', 't0', 't1'] as const;

/** The numbers of one silhouette job, by name (see {@link SILHOUETTE_JOB_FIELDS}). @internal */
export type SilhouetteJob = NumberStruct<typeof SILHOUETTE_JOB_FIELDS>;

/**
 * The helper thread's side of `euclideanClusterSumsWasm`: the cluster sums of tile rows [t0, t1), one `clusterSums`
 * call per tile row (so that the engine's optimizing tier takes over after the first few), added into the sums.
 * @param ex the helper's instance of the silhouette kernel module
 * @param _buf the helper's memory (laid out as the calling thread's workspace)
 * @param args a {@link SilhouetteJob} packed by `packStruct(SILHOUETTE_JOB_FIELDS, job)`
 * @returns 0
 * @example
 * createPoolHandler({ [SILHOUETTE_JOB]: runSilhouetteJob });
 * @internal
 */
export const runSilhouetteJob: JobDriver = (ex, _buf, args) => {
  const j = unpackStruct(SILHOUETTE_JOB_FIELDS, args);
  for (let t = j.t0; t < j.t1; t++) ex.clusterSums(j.x, j.xt, j.n, j.d, j.codes, j.k, j.squared, j.sums, t, t + 1);
  return 0;
};
