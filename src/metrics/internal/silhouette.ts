/**
 * The silhouette coefficient, exact and memory-blocked.
 * @module
 */

import { type Metric, metricDist } from '../../core/distance.js';
import { ValidationError } from '../../core/errors.js';
import { scaleFreeMatrix } from '../../core/magnitude.js';
import { type Matrix, type MatrixLike, toMatrix } from '../../core/matrix.js';
import { checkMetricName, METRIC_REGISTRY, metricsWhere, NO_PARAMS } from '../../core/metrics.js';
import { createRng, resolveSeed, sampleWithoutReplacement } from '../../core/random.js';
import { checkInt, checkSeed } from '../../core/validate.js';
import { kernelModule, useWasm } from '../../engine/kernels/backend.js';
import { type ParallelJobSession, parallelJobProvider } from '../../engine/kernels/parallel.js';
import { packStruct } from '../../engine/kernels/protocol.js';
import type { SilhouetteExports } from '../../engine/kernels/wasm/silhouette.generated.js';
import { layoutWasm, openWasmWorkspace } from '../../engine/wasmWorkspace.js';
import { checkLabels, checkNumberOfLabels, encodeLabels } from '../labels.js';
import { SILHOUETTE_JOB, SILHOUETTE_JOB_FIELDS } from './silhouetteJob.js';

/**
 * A distance for the silhouette: a metric of the registry, or `'precomputed'` (X is a square n×n matrix). The
 * metrics that take parameters (minkowski, seuclidean, mahalanobis) are refused: pass their distances as
 * 'precomputed'.
 */
export type SilhouetteMetric = Metric | 'precomputed';
/** Every accepted silhouette metric, derived from the registry (those without parameters). */
export const SILHOUETTE_METRICS: readonly SilhouetteMetric[] = [
  ...(metricsWhere((m) => m.params.length === 0) as SilhouetteMetric[]),
  'precomputed',
];

/** Options of {@link silhouetteSamples}. */
export interface SilhouetteSamplesOptions {
  /** Distance between samples. @defaultValue 'euclidean' */
  metric?: SilhouetteMetric;
}

/** Options of {@link silhouetteScore}. */
export interface SilhouetteScoreOptions extends SilhouetteSamplesOptions {
  /** Score a random subset of this many samples (2 ≤ sampleSize ≤ n) instead of all of them. */
  sampleSize?: number;
  /** Seed of the PRNG that draws the subset (only with `sampleSize`). */
  seed?: number;
}

/**
 * Below this many pair-features (n²·d/2) the 'auto' backend keeps the TypeScript cluster sums (the wasm instance and
 * copies, O(n·d), dominate the O(n²·d) sums). Chosen from bench/suites/metrics.mjs.
 */
const WASM_MIN_PAIR_WORK = 60_000;
/** Above this many n·k accumulator cells the kernel switches from the symmetric pass to row blocks. */
const SYMMETRIC_CELLS = 1 << 22;
/** Tile edge of the symmetric pass (rows of X kept hot in cache). */
const TILE = 256;

/**
 * Per-sample silhouette kernel. For each sample i in cluster c: a(i) = Σ_{j∈c} d(i,j) / (n_c − 1),
 * b(i) = min_{c'≠c} Σ_{j∈c'} d(i,j) / n_{c'}, s(i) = (b − a) / max(a, b), and 0 for a singleton (or when
 * a = b = 0).
 *
 * x n×d IN (or n×n distances when `metric` is 'precomputed'), codes n IN (0..k−1), counts k IN, out n OUT.
 * Memory: n·k doubles when n·k ≤ 4 194 304 (each pair visited once, both directions accumulated; Euclidean
 * metrics through {@link euclideanClusterSums}, or its WebAssembly SIMD twin {@link euclideanClusterSumsWasm} —
 * bit-identical sums — when the kernel backend allows it); otherwise
 * k doubles (each row against all rows). Never an n×n buffer.
 */
export function silhouetteKernel(
  x: Float64Array,
  n: number,
  d: number,
  metric: SilhouetteMetric,
  codes: Int32Array,
  counts: Float64Array,
  k: number,
  out: Float64Array,
): Float64Array {
  if (metric !== 'precomputed' && n * k <= SYMMETRIC_CELLS) {
    const sums = new Float64Array(n * k);
    if (metric === 'euclidean' || metric === 'sqeuclidean') {
      const sq = metric === 'sqeuclidean';
      const work = (n * n * d) / 2;
      const wasm = useWasm(work >= WASM_MIN_PAIR_WORK ? work : 0, 'silhouette');
      if (!(wasm && euclideanClusterSumsWasm(x, n, d, codes, k, sq, sums))) {
        euclideanClusterSums(x, n, d, codes, k, sq, sums);
      }
    } else {
      const kernel = METRIC_REGISTRY[metric].distance;
      for (let i0 = 0; i0 < n; i0 += TILE) {
        const i1 = Math.min(n, i0 + TILE);
        for (let j0 = i0; j0 < n; j0 += TILE) {
          const j1 = Math.min(n, j0 + TILE);
          for (let i = i0; i < i1; i++) {
            const ci = codes[i];
            const ri = i * k;
            for (let j = j0 === i0 ? i + 1 : j0; j < j1; j++) {
              const dist = kernel(x, i * d, x, j * d, d, NO_PARAMS);
              sums[ri + codes[j]] += dist;
              sums[j * k + ci] += dist;
            }
          }
        }
      }
    }
    for (let i = 0; i < n; i++) out[i] = silhouetteOf(sums, i * k, codes[i], counts, k);
    return out;
  }
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    if (metric === 'precomputed') {
      const oi = i * n;
      for (let j = 0; j < n; j++) row[codes[j]] += x[oi + j];
    } else {
      for (let j = 0; j < n; j++) if (j !== i) row[codes[j]] += metricDist(x, i, x, j, d, metric);
    }
    out[i] = silhouetteOf(row, 0, codes[i], counts, k);
  }
  return out;
}

/** Rows per square tile of the Euclidean cluster sums (the wasm module's T). */
const EUCLID_TILE = 128;

/**
 * Pair-features (n²·d/2) from which the Euclidean cluster sums split with a worker pool's helper thread: about
 * 1.5 ms of one-thread work (the wasm sums run at ≈ 0.2 ns per pair-feature), against the helper's start — its own
 * instance over a copy of the rows, their transpose and the codes (O(n·d)) — and one call's hand-over.
 */
export const SILHOUETTE_PARALLEL_MIN_WORK = 8_000_000;

/**
 * The fixed cut of the Euclidean cluster sums into two groups of 128-row tile rows: [0, t) and [t, ⌈n/128⌉), t the
 * first tile row at which the pairs (i, j > i) with i before it reach half of the n(n − 1)/2 pairs. A function of n
 * only — never of the number of threads — so every backend (TypeScript, wasm, wasm with the pool's helper) sums
 * the same groups and adds them in the same order. Returns ⌈n/128⌉ (no second group) below two tile rows.
 */
export function clusterSumsSplit(n: number): number {
  const T = Math.ceil(n / EUCLID_TILE);
  if (T < 2) return T;
  const half = (n * (n - 1)) / 4;
  for (let t = 1; t < T; t++) {
    const r = t * EUCLID_TILE;
    if (r * (n - 1) - (r * (r - 1)) / 2 >= half) return t;
  }
  return T - 1;
}

/**
 * Per-sample, per-cluster sums of Euclidean (or squared Euclidean) distances over all pairs, each pair computed
 * once: sums[i·k + c] = Σ_{j∈c, j≠i} d(i, j). Square tiles of 128 rows; off-diagonal tiles use a 2×4 register
 * block (two rows against four, exact differences — no ‖a‖² + ‖b‖² − 2a·b cancellation). The tile rows fall in
 * two fixed groups ({@link clusterSumsSplit}), each summed from zero, and sums = group 1 + group 2 cell by cell —
 * the order in which the two-thread wasm path (one group per thread) adds them, so every path gives the same bits.
 * x n×d IN, codes n IN, sums n×k OUT (must be zeroed by the caller).
 */
export function euclideanClusterSums(
  x: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  k: number,
  squared: boolean,
  sums: Float64Array,
): void {
  const T = Math.ceil(n / EUCLID_TILE);
  const t = clusterSumsSplit(n);
  tileSums(x, n, d, codes, k, squared, sums, 0, t, 0);
  if (t >= T) return;
  const r1 = t * EUCLID_TILE;
  const part = new Float64Array((n - r1) * k);
  tileSums(x, n, d, codes, k, squared, part, t, T, r1);
  addInto(sums, r1 * k, part);
}

/** sums[at + i] += part[i] for every i (the second group's rows into the totals). */
function addInto(sums: Float64Array, at: number, part: ArrayLike<number>): void {
  for (let i = 0; i < part.length; i++) sums[at + i] += part[i];
}

/**
 * The cluster sums of tile rows [t0, t1) (tiles (I, J ≥ I)) added into sums, whose row r is at (r − row0)·k: a tile
 * row t touches rows ≥ 128·t only, so row0 = 128·t0 fits a group's rows [row0, n).
 */
function tileSums(
  x: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  k: number,
  squared: boolean,
  sums: Float64Array,
  t0: number,
  t1: number,
  row0: number,
): void {
  const T = EUCLID_TILE;
  for (let i0 = t0 * T; i0 < Math.min(n, t1 * T); i0 += T) {
    const i1 = Math.min(n, i0 + T);
    for (let j0 = i0; j0 < n; j0 += T) {
      const j1 = Math.min(n, j0 + T);
      const diag = j0 === i0;
      let i = i0;
      for (; i + 1 < i1 && !diag; i += 2) {
        const oa = i * d;
        const ob = oa + d;
        const ca = codes[i];
        const cb = codes[i + 1];
        const ra = (i - row0) * k;
        const rb = ra + k;
        let j = j0;
        for (; j + 3 < j1; j += 4) {
          const o0 = j * d;
          const o1 = o0 + d;
          const o2 = o1 + d;
          const o3 = o2 + d;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          let b0 = 0;
          let b1 = 0;
          let b2 = 0;
          let b3 = 0;
          for (let t = 0; t < d; t++) {
            const xa = x[oa + t];
            const xb = x[ob + t];
            const y0 = x[o0 + t];
            const y1 = x[o1 + t];
            const y2 = x[o2 + t];
            const y3 = x[o3 + t];
            let u = xa - y0;
            a0 += u * u;
            u = xa - y1;
            a1 += u * u;
            u = xa - y2;
            a2 += u * u;
            u = xa - y3;
            a3 += u * u;
            u = xb - y0;
            b0 += u * u;
            u = xb - y1;
            b1 += u * u;
            u = xb - y2;
            b2 += u * u;
            u = xb - y3;
            b3 += u * u;
          }
          if (!squared) {
            a0 = Math.sqrt(a0);
            a1 = Math.sqrt(a1);
            a2 = Math.sqrt(a2);
            a3 = Math.sqrt(a3);
            b0 = Math.sqrt(b0);
            b1 = Math.sqrt(b1);
            b2 = Math.sqrt(b2);
            b3 = Math.sqrt(b3);
          }
          const c0 = codes[j];
          const c1 = codes[j + 1];
          const c2 = codes[j + 2];
          const c3 = codes[j + 3];
          sums[ra + c0] += a0;
          sums[ra + c1] += a1;
          sums[ra + c2] += a2;
          sums[ra + c3] += a3;
          sums[rb + c0] += b0;
          sums[rb + c1] += b1;
          sums[rb + c2] += b2;
          sums[rb + c3] += b3;
          const q = (j - row0) * k;
          sums[q + ca] += a0;
          sums[q + cb] += b0;
          sums[q + k + ca] += a1;
          sums[q + k + cb] += b1;
          sums[q + 2 * k + ca] += a2;
          sums[q + 2 * k + cb] += b2;
          sums[q + 3 * k + ca] += a3;
          sums[q + 3 * k + cb] += b3;
        }
        for (; j < j1; j++) {
          const oj = j * d;
          let sa = 0;
          let sb = 0;
          for (let t = 0; t < d; t++) {
            let u = x[oa + t] - x[oj + t];
            sa += u * u;
            u = x[ob + t] - x[oj + t];
            sb += u * u;
          }
          if (!squared) {
            sa = Math.sqrt(sa);
            sb = Math.sqrt(sb);
          }
          const cj = codes[j];
          sums[ra + cj] += sa;
          sums[rb + cj] += sb;
          const qj = (j - row0) * k;
          sums[qj + ca] += sa;
          sums[qj + cb] += sb;
        }
      }
      for (; i < i1; i++) {
        const oi = i * d;
        const ci = codes[i];
        const ri = (i - row0) * k;
        for (let j = diag ? i + 1 : j0; j < j1; j++) {
          const oj = j * d;
          let s = 0;
          for (let t = 0; t < d; t++) {
            const u = x[oi + t] - x[oj + t];
            s += u * u;
          }
          const dist = squared ? s : Math.sqrt(s);
          sums[ri + codes[j]] += dist;
          sums[(j - row0) * k + ci] += dist;
        }
      }
    }
  }
}

/**
 * {@link euclideanClusterSums} in WebAssembly SIMD (src/wasm/silhouette.ts `clusterSums`): the same tiles, the same
 * 2×4 blocks, the 8 distances of a block computed across SIMD lanes (one pair per lane, features in order) and added
 * in the reference's order, the same two groups of tile rows added in the same order — sums bit-identical to the
 * TypeScript kernel. Adds into `sums` (n×k, zeroed by the caller). Returns false (sums untouched) when the wasm path
 * is unavailable or does not fit in wasm32 memory.
 * @remarks With a worker pool and at least {@link SILHOUETTE_PARALLEL_MIN_WORK} pair-features (n²·d/2), the pool's
 * helper sums the second group in its own instance over a copy of the rows (the job driver of
 * src/metrics/internal/silhouetteJob.ts) while this thread sums the first; each group is summed from zero by the
 * same kernel in the same order whichever thread runs it, and this thread adds the second into the first, so the
 * sums are bit-identical to one thread. A helper that fails leaves its group to this thread.
 */
export function euclideanClusterSumsWasm(
  x: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  k: number,
  squared: boolean,
  sums: Float64Array,
): boolean {
  silhouetteRun.threads = 1;
  const mod = kernelModule('silhouette');
  if (mod === null) return false;
  const { at, bytes } = layoutWasm([
    ['x', n * d * 8],
    ['xt', n * d * 8],
    ['codes', n * 4],
    ['sums', n * k * 8],
  ]);
  const ws = openWasmWorkspace<SilhouetteExports>(mod, bytes);
  if (ws === null) return false;
  const ex = ws.exports;
  const { x: px, xt: pxt, codes: pc, sums: ps } = at;
  const buf = ws.memory.buffer;
  new Float64Array(buf, px, n * d).set(x);
  new Int32Array(buf, pc, n).set(codes);
  ex.transpose(px, n, d, pxt);
  const T = Math.ceil(n / EUCLID_TILE);
  const t = clusterSumsSplit(n);
  const r1 = t * EUCLID_TILE;
  const sq = squared ? 1 : 0;
  const job = t < T ? sumsJob(mod, bytes, new Uint8Array(buf, px, ps - px), px, n, d, (n - r1) * k * 8) : null;
  if (job !== null) {
    job.start({
      fn: 0,
      args: packStruct(SILHOUETTE_JOB_FIELDS, {
        x: px,
        xt: pxt,
        n,
        d,
        codes: pc,
        k,
        squared: sq,
        sums: ps,
        t0: t,
        t1: T,
      }),
      inputs: [],
      outputs: [{ at: ps + r1 * k * 8, bytes: (n - r1) * k * 8 }],
    });
  }
  try {
    // One 128-row tile per call, so that the engine's optimizing tier takes over after the first few.
    for (let i = 0; i < t; i++) ex.clusterSums(px, pxt, n, d, pc, k, sq, ps, i, i + 1);
    const got = new Float64Array(buf, ps, n * k);
    addInto(sums, 0, got);
    if (t >= T) return true;
    const r = job?.wait() ?? null;
    if (r !== null) {
      addInto(sums, r1 * k, new Float64Array(r.out.buffer, r.out.byteOffset, (n - r1) * k));
      silhouetteRun.threads = 2;
      return true;
    }
    // No helper (or it failed): the second group on this thread, from zero.
    got.fill(0, r1 * k);
    for (let i = t; i < T; i++) ex.clusterSums(px, pxt, n, d, pc, k, sq, ps, i, i + 1);
    addInto(sums, r1 * k, got.subarray(r1 * k));
    return true;
  } finally {
    job?.end();
  }
}

/** Threads the last Euclidean cluster sums ran on (2: the pool's helper summed the second group). @internal */
export const silhouetteRun = { threads: 1 };

/**
 * A helper session for the second group of the cluster sums when a worker pool is enabled and the work (n²·d/2) is
 * at least {@link SILHOUETTE_PARALLEL_MIN_WORK}: the helper's own instance laid out as this workspace, with the rows,
 * their transpose and the codes (`rows`, from byte `at`) copied in once.
 */
function sumsJob(
  mod: WebAssembly.Module,
  bytes: number,
  rows: Uint8Array,
  at: number,
  n: number,
  d: number,
  outBytes: number,
): ParallelJobSession | null {
  const work = (n * n * d) / 2;
  if (work < SILHOUETTE_PARALLEL_MIN_WORK) return null;
  const provider = parallelJobProvider(work);
  if (provider?.beginJob === undefined) return null;
  return provider.beginJob({
    mod,
    bytes,
    init: [{ at, bytes: rows.length, data: rows }],
    fns: [],
    ioBytes: outBytes,
    driver: SILHOUETTE_JOB,
  });
}

function silhouetteOf(sums: Float64Array, off: number, c: number, counts: Float64Array, k: number): number {
  if (counts[c] <= 1) return 0;
  const a = sums[off + c] / (counts[c] - 1);
  let b = Number.POSITIVE_INFINITY;
  for (let q = 0; q < k; q++) {
    if (q === c) continue;
    const v = sums[off + q] / counts[q];
    if (v < b) b = v;
  }
  const den = a > b ? a : b;
  return den > 0 ? (b - a) / den : 0;
}

function prepareSilhouette(
  X: MatrixLike,
  labels: ArrayLike<number>,
  metric: SilhouetteMetric,
): { m: Matrix; l: Int32Array } {
  checkMetricName(metric, SILHOUETTE_METRICS, 'the silhouette');
  const m = toMatrix(X, 'X');
  const l = checkLabels(labels, 'labels', m.rows);
  checkDistanceInput(m, metric);
  // Every metric is homogeneous in the data, so s(i) does not change with its scale: values near 1e300 are divided
  // by a power of two (exact) so that squared distances cannot overflow.
  return { m: scaleFreeMatrix(m), l };
}

/**
 * Checks X against a silhouette-style metric: a square precomputed matrix with a zero diagonal and no negative
 * entry, or the registry metric's own check (no zero row under cosine, 0/1 data for a boolean metric).
 * @throws {@link ValidationError} naming the offending entry
 */
export function checkDistanceInput(m: Matrix, metric: SilhouetteMetric): void {
  if (metric === 'precomputed') {
    if (m.rows !== m.cols) {
      throw new ValidationError(
        `With metric 'precomputed', X must be a square n×n distance matrix; got ${m.rows}×${m.cols}.`,
        { param: 'X' },
      );
    }
    const atol = 100 * Number.EPSILON;
    for (let i = 0; i < m.rows; i++) {
      if (Math.abs(m.data[i * m.rows + i]) > atol) {
        throw new ValidationError(
          `The precomputed distance matrix has ${m.data[i * m.rows + i]} on its diagonal (row ${i}); distances of a point to itself must be 0 — set the diagonal to 0.`,
          { param: 'X', row: i, col: i },
        );
      }
    }
    for (let t = 0; t < m.data.length; t++) {
      if (m.data[t] < 0) {
        const row = Math.floor(t / m.rows);
        throw new ValidationError(
          `The precomputed distance matrix has a negative value ${m.data[t]} at [${row}][${t - row * m.rows}]; distances must be >= 0.`,
          { param: 'X', row, col: t - row * m.rows },
        );
      }
    }
  } else {
    METRIC_REGISTRY[metric].check?.(m, 'X'); // e.g. no zero row under cosine, 0/1 data for a boolean metric
  }
}

function samplesOf(m: Matrix, l: Int32Array, metric: SilhouetteMetric): Float64Array {
  const enc = encodeLabels(l);
  const k = enc.ids.length;
  checkNumberOfLabels(k, m.rows);
  return silhouetteKernel(m.data, m.rows, m.cols, metric, enc.codes, enc.counts, k, new Float64Array(m.rows));
}

/**
 * Silhouette coefficient of every sample.
 *
 * @remarks
 * For sample i in cluster C: a(i) = mean distance to the other members of C, b(i) = the smallest mean distance
 * to the members of another cluster, s(i) = (b(i) − a(i)) / max(a(i), b(i)) ∈ [−1, 1]; s(i) = 0 when i is alone
 * in its cluster (scikit-learn's convention). Exact: O(n²·d) time; memory O(n·k) or O(k) (never n×n).
 * Matches `sklearn.metrics.silhouette_samples` for every metric and 'precomputed' (rtol 1e-9 on the fixtures).
 * @param X - n×d data, or an n×n distance matrix with `metric: 'precomputed'` (zero diagonal, no negative entry)
 * @param labels - one integer cluster id per row (any integers); 2 ≤ k ≤ n − 1 clusters
 * @throws {@link ValidationError} on non-finite data, labels of the wrong length, k outside 2..n−1, an unknown
 *   metric, a zero row under 'cosine', or a non-square / non-zero-diagonal / negative precomputed matrix
 * @see Rousseeuw (1987), Silhouettes: a graphical aid…, J. Comput. Appl. Math. 20
 * @example
 * silhouetteSamples([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]); // ≈ [0.866, 0.852, 0.852, 0.866]
 */
export function silhouetteSamples(
  X: MatrixLike,
  labels: ArrayLike<number>,
  opts: SilhouetteSamplesOptions = {},
): Float64Array {
  const metric = opts.metric ?? 'euclidean';
  const { m, l } = prepareSilhouette(X, labels, metric);
  return samplesOf(m, l, metric);
}

/**
 * Mean silhouette coefficient over all samples (or a random subset of `sampleSize`). Higher is better.
 *
 * @remarks
 * S = (1/n) Σᵢ s(i) with s(i) as in {@link silhouetteSamples}. With `sampleSize`, a uniform subset drawn without
 * replacement by the seeded PRNG is scored (labels counted on the subset, as scikit-learn does; its subset
 * differs because NumPy's generator differs). O(n²·d) time, O(n·k) or O(k) memory.
 * Matches `sklearn.metrics.silhouette_score` (rtol 1e-9 on the fixtures).
 * @throws {@link ValidationError} as {@link silhouetteSamples}, and for a sampleSize outside 2..n
 * @example
 * silhouetteScore([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]); // ≈ 0.859
 */
export function silhouetteScore(X: MatrixLike, labels: ArrayLike<number>, opts: SilhouetteScoreOptions = {}): number {
  const metric = opts.metric ?? 'euclidean';
  const seed = checkSeed(opts.seed);
  let { m, l } = prepareSilhouette(X, labels, metric);
  if (opts.sampleSize !== undefined) {
    const s = checkInt(opts.sampleSize, 'sampleSize', 2, m.rows);
    if (s < m.rows) {
      const idx = sampleWithoutReplacement(createRng(resolveSeed(seed)), m.rows, s).sort();
      const l2 = new Int32Array(s);
      for (let t = 0; t < s; t++) l2[t] = l[idx[t]];
      if (metric === 'precomputed') {
        const n = m.rows;
        const data = new Float64Array(s * s);
        for (let a = 0; a < s; a++) for (let b = 0; b < s; b++) data[a * s + b] = m.data[idx[a] * n + idx[b]];
        m = { rows: s, cols: s, data };
      } else {
        const d = m.cols;
        const data = new Float64Array(s * d);
        for (let t = 0; t < s; t++) data.set(m.data.subarray(idx[t] * d, idx[t] * d + d), t * d);
        m = { rows: s, cols: d, data };
      }
      l = l2;
    }
  }
  const sil = samplesOf(m, l, metric);
  let sum = 0;
  for (let i = 0; i < sil.length; i++) sum += sil[i];
  return sum / sil.length;
}
