/**
 * The WebAssembly SIMD rows of pdist and cdist (src/wasm/pdist.ts): the observations copied once into wasm memory
 * (row-major, and transposed so that consecutive pairs are contiguous), the distances computed there block by block
 * into a small scratch region (about 256 KiB, cache-resident) and copied into the caller's output — the output is
 * the only n² buffer. Every value is bit-identical to the registry's TypeScript kernel (core/metricKernels.ts;
 * test/engine/pairwise.test.ts).
 * @module
 * @internal
 */
import type { MetricName, MetricParams } from '../../core/metrics.js';
import { layoutWasm, openWasmWorkspace } from '../wasmWorkspace.js';
import { kernelModule } from './backend.js';
import { type ParallelJobSession, parallelJobProvider } from './parallel.js';
import type { PdistExports } from './wasm/pdist.generated.js';

/** The kernel codes of src/wasm/pdist.ts. */
const SQEUCLIDEAN = 0;
const EUCLIDEAN = 1;
const CITYBLOCK = 2;
const CHEBYSHEV = 3;
const COSINE = 4;
const SEUCLIDEAN = 5;

/** Doubles per scratch block (256 KiB: it stays in L2 between the kernel's writes and the copy out). */
const BLOCK = 32_768;

/** Zero columns after the last one of a transposed matrix: an 8-pair step may read up to 7 past its run. */
const SLACK = 8;

/**
 * The wasm kernel code for `metric` with `params`, or −1 when it has none: sqeuclidean, euclidean, cityblock,
 * chebyshev, cosine, correlation (cosine on centred rows), seuclidean, and minkowski without weights at p = 1, 2
 * or ∞ (which the registry's minkowski kernel computes with the cityblock, euclidean and chebyshev loops).
 */
export function pdistWasmCode(metric: MetricName, params: MetricParams): number {
  switch (metric) {
    case 'sqeuclidean':
      return SQEUCLIDEAN;
    case 'euclidean':
      return EUCLIDEAN;
    case 'cityblock':
      return CITYBLOCK;
    case 'chebyshev':
      return CHEBYSHEV;
    case 'cosine':
    case 'correlation':
      return COSINE;
    case 'seuclidean':
      return params.V === null ? -1 : SEUCLIDEAN;
    case 'minkowski':
      if (params.w !== null) return -1;
      if (params.p === 1) return CITYBLOCK;
      if (params.p === 2) return EUCLIDEAN;
      return params.p === Number.POSITIVE_INFINITY ? CHEBYSHEV : -1;
    default:
      return -1;
  }
}

/** Columns of a transposed n-row matrix: n plus one 8-pair step of zero padding, a multiple of 8. */
const paddedCols = (n: number): number => Math.ceil((n + SLACK) / 8) * 8;

/** A workspace of the pdist module with the column side loaded. */
interface PdistWorkspace<K extends string> {
  readonly ex: PdistExports;
  readonly mod: WebAssembly.Module;
  readonly bytes: number;
  readonly buf: ArrayBuffer;
  readonly at: Readonly<Record<K | 'x' | 'xt' | 'sq' | 'V' | 'tail' | 'out', number>>;
  readonly code: number;
  readonly np: number;
}

/**
 * A workspace for `metric`, or null (the TypeScript path) when it has no kernel, the module is unavailable or the
 * layout does not fit: the column side (n×d rows, IN) copied into `x`, centred for correlation, transposed into
 * `xt` (d×np) and, for the cosine kernel, its row sums of squares in `sq` (after centring); seuclidean's V in `V`;
 * `extra` regions before them and a scratch `out` of outDoubles after.
 */
function openPdist<K extends string>(
  metric: MetricName,
  params: MetricParams,
  rows: Float64Array,
  n: number,
  d: number,
  extra: [K, number][],
  outDoubles: number,
): PdistWorkspace<K> | null {
  const code = pdistWasmCode(metric, params);
  if (code < 0) return null;
  const mod = kernelModule('pdist');
  if (mod === null) return null;
  const np = paddedCols(n);
  const { at, bytes } = layoutWasm<K | 'x' | 'xt' | 'sq' | 'V' | 'tail' | 'out'>([
    ...extra,
    ['x', n * d * 8],
    ['xt', np * d * 8],
    ['sq', np * 8],
    ['V', d * 8],
    ['tail', 64],
    ['out', outDoubles * 8],
  ]);
  const ws = openWasmWorkspace<PdistExports>(mod, bytes);
  if (ws === null) return null;
  const ex = ws.exports;
  const buf = ws.memory.buffer;
  new Float64Array(buf, at.x, n * d).set(rows);
  if (metric === 'correlation') ex.centerRows(at.x, n, d);
  ex.transposePadded(at.x, n, d, np, at.xt);
  if (code === COSINE) ex.rowSqNorms(at.x, n, d, np, at.sq);
  if (code === SEUCLIDEAN) new Float64Array(buf, at.V, d).set(params.V as Float64Array);
  return { ex, mod, bytes, buf, at, code, np };
}

/**
 * Below this many pair-features (n(n−1)/2 · d) pdist stays on one thread: a helper session costs about a
 * millisecond to start (the module instantiated on the helper, the rows and their transpose copied there).
 */
export const PDIST_PARALLEL_MIN_WORK = 20_000_000;

/**
 * Whether pdist splits its rows with the pool's helper (from {@link PDIST_PARALLEL_MIN_WORK} on). Off: on the
 * 2-core VM of the benchmark (2026-12-08 00:39 UTC, load ≈ 1.5, n = 5 000, d = 10, fresh result) two threads
 * measured no faster than one — euclidean 107 against 109 ms, cityblock 104/103, cosine 106/94, chebyshev 134/117 —
 * because a fresh result's time is the first touch of its pages on the calling thread and the copy, not the
 * arithmetic; into a reused `out` (no page faults) it was slower still (01:17 UTC, load ≈ 1.5, medians of 7:
 * euclidean 63 against 55 ms, cityblock 62/46, cosine 60/53, chebyshev 69/52). The path stays tested (bit-identical to one thread) and can be turned on with
 * {@link setPdistParallel} where it measures faster. @internal
 */
let pdistParallel = false;

/** Turns the pdist split of {@link pdistWasm} on or off (default off; see `pdistParallel`). @internal */
export function setPdistParallel(on: boolean): void {
  pdistParallel = on;
}

/** The rows from `i0` whose condensed values fill at most `cap` doubles (at least one row), as `pdistRows` takes them. */
function rowsFitting(n: number, i0: number, cap: number): { i1: number; cnt: number } {
  let i1 = i0;
  let left = cap;
  while (i1 < n - 1 && n - 1 - i1 <= left) {
    left -= n - 1 - i1;
    i1++;
  }
  if (i1 === i0) return { i1: i0 + 1, cnt: n - 1 - i0 };
  return { i1, cnt: cap - left };
}

/**
 * pdist of the rows of x (n×d, IN) under `metric` into out (n(n−1)/2, OUT) in wasm: the same values, bit for bit,
 * as core's `pdistInto`. Returns false (out untouched) when the metric has no wasm kernel here
 * ({@link pdistWasmCode}), the module is unavailable, or the workspace does not fit in wasm32 memory.
 * @remarks O(n²·d) time; O(n·d) wasm memory plus one scratch block of max(32 768, n − 1) doubles. With a worker
 * pool and {@link setPdistParallel} on (off by default; from {@link PDIST_PARALLEL_MIN_WORK} pair-features) the helper thread computes blocks of rows in its own
 * instance over a copy of the rows (see {@link pdistSplit}); every value depends on its pair only, so the result is
 * the same whichever thread computed it.
 */
export function pdistWasm(
  x: Float64Array,
  n: number,
  d: number,
  metric: MetricName,
  out: Float64Array,
  params: MetricParams,
): boolean {
  const cap = Math.max(BLOCK, n);
  // a helper's blocks are HELPER_BLOCKS times larger (fewer hand-overs): the scratch region is sized for them
  const split =
    pdistParallel &&
    ((n * (n - 1)) / 2) * d >= PDIST_PARALLEL_MIN_WORK &&
    parallelJobProvider(Number.POSITIVE_INFINITY) !== null;
  const w = openPdist(metric, params, x, n, d, [], split ? HELPER_BLOCKS * cap : cap);
  if (w === null) return false;
  const job = split ? openPdistJob(w, n, d, HELPER_BLOCKS * cap) : null;
  if (job !== null) pdistSplit(w, n, d, cap, HELPER_BLOCKS * cap, out, job);
  else pdistRowsFrom(w, n, d, cap, out, 0);
  return true;
}

/** A helper's pdist block, in main-thread blocks (1 MiB at the 256 KiB block: 95 hand-overs at n = 5 000). */
const HELPER_BLOCKS = 4;

/** Condensed rows i0 … n − 2 on this thread, block by block through the scratch region into out from row i0's entry. */
function pdistRowsFrom(
  w: PdistWorkspace<never>,
  n: number,
  d: number,
  cap: number,
  out: Float64Array,
  i0: number,
): void {
  const { ex, at, code, np } = w;
  const scratch = new Float64Array(w.buf, at.out, cap);
  let t = (i0 * (2 * n - 1 - i0)) / 2;
  for (let i = i0; i < n - 1; ) {
    const i1 = ex.pdistRows(code, at.x, at.xt, n, d, np, at.sq, at.V, i, cap, at.out, at.tail);
    // Rows i … i1 − 1 hold Σ (n − 1 − r) values.
    const cnt = ((i1 - i) * (2 * n - 1 - i - i1)) / 2;
    out.set(scratch.subarray(0, cnt), t);
    t += cnt;
    i = i1;
  }
}

/**
 * A helper session for pdist blocks (its instance over the rows, transpose, norms and V), or null. Its output
 * buffer holds two blocks of up to hcap values: the helper writes one while this thread copies the other out.
 */
function openPdistJob(w: PdistWorkspace<never>, n: number, d: number, hcap: number): ParallelJobSession | null {
  const provider = parallelJobProvider(((n * (n - 1)) / 2) * d);
  if (provider?.beginJob === undefined) return null;
  const { at, np } = w;
  const u8 = new Uint8Array(w.buf);
  const region = (a: number, bytes: number) => ({ at: a, bytes, data: u8.subarray(a, a + bytes) });
  return provider.beginJob({
    mod: w.mod,
    bytes: w.bytes,
    init: [region(at.x, n * d * 8), region(at.xt, np * d * 8), region(at.sq, np * 8), region(at.V, d * 8)],
    fns: ['pdistRows'],
    ioBytes: 2 * hcap * 8,
  });
}

/**
 * pdist on two threads: the helper computes blocks of up to `hcap` values (one `pdistRows` call each) into the two
 * halves of its output buffer in turn, while this thread copies the previous helper block from the other half
 * straight into out and computes blocks of up to hcap/2 values itself, an adaptive share: where writing the
 * output is the slow part (a fresh array, its pages faulted in by the first write) the helper computes nearly
 * every block; into an array already written this thread takes more. The helper failing: this thread does the rest.
 */
function pdistSplit(
  w: PdistWorkspace<never>,
  n: number,
  d: number,
  cap: number,
  hcap: number,
  out: Float64Array,
  job: ParallelJobSession,
): void {
  const { ex, at, code, np } = w;
  const scratch = new Float64Array(w.buf, at.out, hcap);
  // this thread's block: 0 … hcap/2 values, moved by cap/4 per round
  const most = hcap >> 1;
  const step = Math.max(1, cap >> 2);
  let mine = cap;
  let pos = 0;
  let t = 0;
  /** Rows from pos filling at most `limit` values (at least one row): [i0, i1), cnt values from out[t0]. */
  const take = (limit: number) => {
    const { i1, cnt } = rowsFitting(n, pos, limit);
    const b = { i0: pos, i1, cnt, t0: t };
    pos = i1;
    t += cnt;
    return b;
  };
  let half = 0;
  const startHelper = (b: { i0: number; cnt: number }) => {
    half ^= 1;
    // biome-ignore format: the kernel's argument list
    job.start({ fn: 0, args: [code, at.x, at.xt, n, d, np, at.sq, at.V, b.i0, b.cnt, at.out, at.tail], inputs: [],
      outputs: [{ at: at.out, bytes: b.cnt * 8 }], outAt: half * hcap * 8 });
  };
  let h: { i0: number; i1: number; cnt: number; t0: number } | null = take(hcap);
  startHelper(h);
  try {
    while (h !== null) {
      if (mine > 0 && pos < n - 1) {
        const b = take(mine);
        ex.pdistRows(code, at.x, at.xt, n, d, np, at.sq, at.V, b.i0, b.cnt, at.out, at.tail);
        out.set(scratch.subarray(0, b.cnt), b.t0);
      }
      const t0 = performance.now();
      const r = job.wait();
      const waited = performance.now() - t0;
      if (r === null) {
        // the helper failed: this thread computes its block and everything after it
        pdistRowsFrom(w, n, d, cap, out, h.i0);
        return;
      }
      const done = new Float64Array(r.out.buffer, r.out.byteOffset + half * hcap * 8, h.cnt);
      const prev = h;
      h = pos < n - 1 ? take(hcap) : null;
      // the next block goes to the other half while this one is copied out
      if (h !== null) startHelper(h);
      out.set(done, prev.t0);
      // this thread waited for the helper: take more blocks itself; it did not: leave them to the helper
      mine = waited > 0.02 ? Math.min(most, mine + step) : Math.max(0, mine - step);
    }
  } finally {
    job.end();
  }
}

/**
 * cdist of the rows of a (na×d, IN) against those of b (nb×d, IN) under `metric` into out (na×nb row-major, OUT)
 * in wasm: the same values, bit for bit, as the registry's kernel. Returns false (out untouched) as
 * {@link pdistWasm}. For correlation both sides are centred row by row, as the kernel does.
 * @remarks O(na·nb·d) time; O((na + nb)·d) wasm memory plus one scratch block of about max(32 768, nb) doubles.
 */
export function cdistWasm(
  a: Float64Array,
  na: number,
  b: Float64Array,
  nb: number,
  d: number,
  metric: MetricName,
  out: Float64Array,
  params: MetricParams,
): boolean {
  const rows = Math.max(1, Math.floor(BLOCK / nb));
  const extra: ['a' | 'sqa', number][] = [
    ['a', na * d * 8],
    ['sqa', na * 8],
  ];
  const w = openPdist(metric, params, b, nb, d, extra, rows * nb);
  if (w === null) return false;
  const { ex, at, code, np } = w;
  new Float64Array(w.buf, at.a, na * d).set(a);
  if (metric === 'correlation') ex.centerRows(at.a, na, d);
  if (code === COSINE) ex.rowSqNorms(at.a, na, d, na, at.sqa);
  const scratch = new Float64Array(w.buf, at.out, rows * nb);
  for (let i = 0; i < na; i += rows) {
    const i1 = Math.min(na, i + rows);
    ex.cdistRows(code, at.a, at.xt, nb, d, np, at.sqa, at.sq, at.V, i, i1, at.out, at.tail);
    out.set(scratch.subarray(0, (i1 - i) * nb), i * nb);
  }
  return true;
}

/**
 * The nearest of k centres for every row of a fixed matrix, in wasm: see {@link openNearestScorer}.
 * @internal
 */
export interface NearestScorer {
  /**
   * For every row i of the scorer's x: labels[i] = the first c (strict <, ties keep the lowest index) minimising
   * dist(xᵢ, centre c) — the distance taken as exactly 0 where i = self[c] (the centre is row i itself). Returns
   * Σᵢ of those least distances, added in row order. centers k×d (IN), self k (IN), labels n (OUT); onBlock(i1)
   * after each block of rows [·, i1).
   */
  score(centers: Float64Array, self: Int32Array, labels: Int32Array, onBlock?: (rowsDone: number) => void): number;
  /** Threads the last {@link NearestScorer.score} ran on (2 when the pool's helper scored the last half). */
  readonly threads: number;
  /** Ends the helper session, if one was opened (call once the scorer is no longer needed). */
  release(): void;
}

/** Rows per nearestRows call of a scorer (the progress granularity). */
const SCORE_ROWS = 65_536;

/** From this much work per score (n·k·d) a scorer splits its rows with a worker pool's helper. */
export const SCORE_PARALLEL_MIN_WORK = 20_000_000;

/**
 * A scorer of the rows of x (n×d, IN, copied once into wasm memory) against any k centres under `metric`: each
 * row's distances are a cdist row (bit-identical to the registry's kernel for each (row, centre) pair), reduced to
 * the nearest centre in wasm (src/wasm/pdist.ts `nearestRows`). Null when the metric has no wasm kernel
 * ({@link pdistWasmCode}), the module is unavailable or the rows do not fit in wasm32 memory: the caller then runs
 * the TypeScript kernel. CLARA scores each sample's medoids on all rows with it.
 * @remarks O(n·d) wasm memory (the rows, their norms for cosine, the labels), O(n·k·d) time per
 * {@link NearestScorer.score}. With a worker pool (from {@link SCORE_PARALLEL_MIN_WORK} on) the helper scores rows
 * [⌈n/2⌉, n) in its own instance over a copy of them and returns their labels and least distances; this thread adds
 * those distances after its own, in row order, so the labels and the sum are the same bits as on one thread.
 */
export function openNearestScorer(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  metric: MetricName,
  params: MetricParams,
): NearestScorer | null {
  const extra: ['a' | 'sqa' | 'self' | 'labels' | 'best', number][] = [
    ['a', n * d * 8],
    ['sqa', n * 8],
    ['self', k * 4],
    ['labels', n * 4],
    ['best', n * 8],
  ];
  // the column side (x, xt, sq) holds the centres, loaded by each score(); the scratch row has np doubles
  const w = openPdist(metric, params, new Float64Array(k * d), k, d, extra, paddedCols(k));
  if (w === null) return null;
  const { ex, at, code, np } = w;
  new Float64Array(w.buf, at.a, n * d).set(x.subarray(0, n * d));
  if (metric === 'correlation') ex.centerRows(at.a, n, d);
  if (code === COSINE) ex.rowSqNorms(at.a, n, d, n, at.sqa);
  const b = new Float64Array(w.buf, at.x, k * d);
  const self = new Int32Array(w.buf, at.self, k);
  const lab = new Int32Array(w.buf, at.labels, n);
  const u8 = new Uint8Array(w.buf);
  const region = (a: number, bytes: number) => ({ at: a, bytes, data: u8.subarray(a, a + bytes) });
  // the helper's rows: [h, n)
  const h = Math.ceil(n / 2);
  const m = n - h;
  let job: ParallelJobSession | null | undefined;
  const openJob = (): ParallelJobSession | null => {
    const work = n * k * d;
    if (work < SCORE_PARALLEL_MIN_WORK || m === 0) return null;
    const provider = parallelJobProvider(work);
    return (
      provider?.beginJob?.({
        mod: w.mod,
        bytes: w.bytes,
        init: [region(at.a + h * d * 8, m * d * 8), region(at.sqa + h * 8, m * 8), region(at.V, d * 8)],
        fns: ['nearestRows'],
        ioBytes: Math.max(m * 12, np * d * 8 + np * 8 + k * 4),
      }) ?? null
    );
  };
  /** Rows [i0, i1) on this thread, in blocks, continuing the running sum. */
  const mine = (i0: number, i1: number, sum: number, onBlock?: (rowsDone: number) => void): number => {
    for (let i = i0; i < i1; i += SCORE_ROWS) {
      const e = Math.min(i1, i + SCORE_ROWS);
      // biome-ignore format: the kernel's argument list
      sum = ex.nearestRows(code, at.a, at.xt, k, d, np, at.sqa, at.sq, at.V, at.self, i, e, at.out, at.labels, 0, sum);
      onBlock?.(e);
    }
    return sum;
  };
  const scorer = {
    threads: 1,
    score(centers: Float64Array, selfRows: Int32Array, labels: Int32Array, onBlock?: (rowsDone: number) => void) {
      // the centres as the column side, prepared as openPdist prepares it
      b.set(centers.subarray(0, k * d));
      self.set(selfRows.subarray(0, k));
      if (metric === 'correlation') ex.centerRows(at.x, k, d);
      ex.transposePadded(at.x, k, d, np, at.xt);
      if (code === COSINE) ex.rowSqNorms(at.x, k, d, np, at.sq);
      if (job === undefined) job = openJob();
      scorer.threads = 1;
      let sum: number;
      if (job === null) sum = mine(0, n, 0, onBlock);
      else {
        // biome-ignore format: the kernel's argument list
        job.start({ fn: 0, args: [code, at.a, at.xt, k, d, np, at.sqa, at.sq, at.V, at.self, h, n, at.out, at.labels, at.best, 0],
          inputs: [region(at.xt, np * d * 8), region(at.sq, np * 8), region(at.self, k * 4)],
          outputs: [{ at: at.best + h * 8, bytes: m * 8 }, { at: at.labels + h * 4, bytes: m * 4 }] });
        sum = mine(0, h, 0, onBlock);
        const r = job.wait();
        if (r === null) {
          // the helper failed: this thread scores its rows too (and stops using it)
          job.end();
          job = null;
          sum = mine(h, n, sum, onBlock);
        } else {
          // the helper's least distances (first, 8-aligned), then its labels
          const best = new Float64Array(r.out.buffer, r.out.byteOffset, m);
          for (let i = 0; i < m; i++) sum += best[i];
          lab.set(new Int32Array(r.out.buffer, r.out.byteOffset + m * 8, m), h);
          scorer.threads = 2;
          onBlock?.(n);
        }
      }
      labels.set(lab);
      return sum;
    },
    release(): void {
      job?.end();
      job = null;
    },
  };
  return scorer;
}
