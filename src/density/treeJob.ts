/**
 * The k-d tree kernel sums as a worker-pool job: the helper thread runs {@link kdTraverse} — the very traversal of
 * `logKernelSumsTree` — around the wasm leaf kernel over its own memory, so a split scoring is bit-identical to one
 * thread. The calling thread's side is `DensityWasm.treeSums` (src/density/wasm.ts); the worker entries
 * (src/node/poolWorker.ts, src/web/poolWorker.ts) register {@link runTreeJob} under {@link TREE_JOB}. The job's
 * numbers cross as the named struct {@link TreeJob}, laid out once by {@link TREE_JOB_FIELDS}.
 * @module
 */
import { type JobDriver, type NumberStruct, unpackStruct } from '../engine/kernels/protocol.js';
import { kdTraverse } from './kdTree.js';

/** The name the worker entries register {@link runTreeJob} under. @internal */
export const TREE_JOB = 'density-tree';

/**
 * The layout of a {@link TreeJob}: the kernel and metric ids, the query count m, d, the tree's node count, h, the
 * error bounds atolG and rtol, the exact sums' skip threshold, then byte offsets in the helper's memory — the tree's
 * arrays (lo, hi, weight, left, right, start, end), the queries and their results, and the density workspace's
 * regions (xt, lw, w, np is the padded row count, yq, acc, mx, buf, y1 and out1 are one query's row and result).
 * @internal
 */
export const TREE_JOB_FIELDS = [
  'kernelId',
  'metricId',
  'm',
  'd',
  'nNodes',
  'h',
  'atolG',
  'rtol',
  'skip',
  'lo',
  'hi',
  'weight',
  'left',
  'right',
  'start',
  'end',
  'y',
  'out',
  'xt',
  'lw',
  'w',
  'np',
  'yq',
  'acc',
  'mx',
  'buf',
  'y1',
  'out1',
] as const;

/** The numbers of one tree job, by name (see {@link TREE_JOB_FIELDS}). @internal */
export type TreeJob = NumberStruct<typeof TREE_JOB_FIELDS>;

/**
 * The helper thread's side of `DensityWasm.treeSums`: the k-d tree traversal around the wasm leaf kernel, writing
 * the log kernel sums of the job's queries into the helper's memory.
 * @param ex the helper's instance of the density kernel module
 * @param buf the helper's memory (laid out as the calling thread's workspace, then the tree and the queries)
 * @param args a {@link TreeJob} packed by `packStruct(TREE_JOB_FIELDS, job)`
 * @returns 0
 * @example
 * createPoolHandler({ [TREE_JOB]: runTreeJob });
 * @internal
 */
export const runTreeJob: JobDriver = (ex, buf, args) => {
  const j = unpackStruct(TREE_JOB_FIELDS, args);
  const { kernelId, metricId, m, d, nNodes: nn, xt, w, np, yq } = j;
  const tree = {
    d,
    nNodes: nn,
    lo: new Float64Array(buf, j.lo, nn * d),
    hi: new Float64Array(buf, j.hi, nn * d),
    weight: new Float64Array(buf, j.weight, nn),
    left: new Int32Array(buf, j.left, nn),
    right: new Int32Array(buf, j.right, nn),
    start: new Int32Array(buf, j.start, nn),
    end: new Int32Array(buf, j.end, nn),
  };
  const y = new Float64Array(buf, j.y, m * d);
  const out = new Float64Array(buf, j.out, m);
  const yqv = new Float64Array(buf, yq, d);
  const y1 = new Float64Array(buf, j.y1, d);
  const o1 = new Float64Array(buf, j.out1, 1);
  const inv = 1 / j.h;
  const halfInv2 = 0.5 * inv * inv;
  kdTraverse(tree, y, m, j.h, kernelId, metricId, j.atolG, j.rtol, out, {
    query: (q) => {
      for (let c = 0; c < d; c++) yqv[c] = y[q * d + c];
    },
    leafSum: (i0, i1, invh, c) => ex.leafSum(kernelId, metricId, xt, w, np, i0, i1, d, yq, invh, c),
    exact: (q) => {
      // as DensityWasm.logSums for one query
      for (let c = 0; c < d; c++) y1[c] = y[q * d + c];
      // biome-ignore format: the kernel's argument list
      ex.logSums(kernelId, metricId, xt, j.lw, w, np, d, j.y1, 1, inv, halfInv2, j.skip, j.acc, j.mx, j.buf,
        j.out1);
      return o1[0];
    },
  });
  return 0;
};
