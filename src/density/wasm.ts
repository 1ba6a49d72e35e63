/**
 * The WebAssembly SIMD path of kernel density estimation (src/wasm/kde.ts): the training rows copied once per
 * fitted model into wasm memory (transposed, so that two rows sit across the f64x2 lanes), the exact dense log
 * kernel sums for the queries of a call (plain, or over rows sorted into boxed groups with far groups skipped), and
 * the k-d tree's leaf sums. Densities agree with the TypeScript
 * reference kernels (src/density/kernels.ts, src/density/kdTree.ts) to a relative 1e-13 — see the module's
 * accuracy contract.
 * @module
 * @internal
 */
import { CapacityError } from '../core/errors.js';
import { getBackend, kernelModule } from '../engine/kernels/backend.js';
import { type ParallelJobSession, parallelJobProvider } from '../engine/kernels/parallel.js';
import { packStruct } from '../engine/kernels/protocol.js';
import type { KdeExports } from '../engine/kernels/wasm/kde.generated.js';
import { alignUp, capacityError, layoutWasm, openWasmWorkspace, WASM_KDE_BASE } from '../engine/wasmWorkspace.js';
import { buildKdTree, gatherRows, type KdTree, logKernelSumsTree } from './kdTree.js';
import { KERNELS } from './kernels.js';
import { TREE_JOB, TREE_JOB_FIELDS } from './treeJob.js';

/** Queries copied into wasm memory per call of the exact kernel. */
const CHUNK = 4096;
/** The module's block sizes (queries, training rows), as the TS reference's. */
const QBLOCK = 64;
const BLOCK = 2048;

/**
 * Pairs (training rows × queries) from which 'auto' runs the kernel sums in wasm: below it the one-time copy of
 * the rows (O(n·d)) outweighs the O(n·m·d) sums. Chosen from bench/suites/density.mjs.
 */
export const DENSITY_WASM_MIN_PAIRS = 8192;
/**
 * Smallest k-d tree leaf size for which 'auto' uses the wasm leaf kernel (one call per leaf visit, so the call's
 * fixed cost must be spread over enough rows). Chosen from bench/suites/density.mjs.
 */
export const DENSITY_WASM_MIN_LEAF = 12;

/**
 * Terms below e^−(33 + ln n) times the running maximum are skipped (in fours) by the exact sums: together they are
 * below n·e^−(33 + ln n) = e^−33 ≈ 4.7·10⁻¹⁵ of the sum, under the sum's own rounding error. @internal
 */
export const skipMargin = { value: 33 };

/**
 * Work n·m·(d + 4) of one exact scoring call from which it is split with a worker pool's helper thread. A session
 * starts the helper's instance and copies the rows (O(n·d)), so it pays later than a k-means pass. Chosen from
 * bench/suites/density.mjs (1 vs 2 threads).
 */
export const DENSITY_PARALLEL_MIN_WORK = 4_000_000;

/** Queries the k-d tree path scores (and times) on the calling thread before deciding to split the rest. */
export const TREE_PROBE = 64;
/** Queries per block of the k-d tree path's split (blocks alternate between the calling thread and the helper). */
export const TREE_BLOCK = 32;
/**
 * Estimated one-thread time (ms) of the remaining queries from which the k-d tree path splits them with a helper
 * thread: a session copies the rows and the tree to the helper (O(n·d)), which the split must win back. Chosen
 * from bench/suites/density.mjs (1 vs 2 threads).
 */
export const TREE_PARALLEL_MIN_MS = 8;
/** The threshold in use (tests set it to 0 to force the split). @internal */
export const treeSplit = { minMs: TREE_PARALLEL_MIN_MS };

type Layout = Record<
  'xt' | 'lw' | 'w' | 'acc' | 'mx' | 'buf' | 'yq' | 'y' | 'out' | 'glo' | 'ghi' | 'glw' | 'ub',
  number
>;
/** Rows per group of the grouped exact sums (the module's GROUP). */
const GROUP = 64;
/**
 * The exact sums use spatially grouped rows (sorted once in k-d tree order, groups of 64 with bounding boxes, far
 * groups skipped) from this many training rows and queries per call; the sort costs about as much as 100 queries.
 */
export const DENSITY_GROUPED_MIN_N = 4096;
export const DENSITY_GROUPED_MIN_M = 256;
/** Largest share of the data's bounding box within a kernel's reach for which the grouped sums are used. */
const GROUPED_MAX_REACH = 0.25;

/**
 * Whether the grouped exact sums should serve m queries over the rows x (n×d, kernel space, bandwidth h): enough
 * rows and queries (see {@link DENSITY_GROUPED_MIN_N}), and a kernel reach R (the distance beyond which a term is
 * below e^−(33 + ln n) of the largest — h·√(2(33 + ln n)) gaussian, h·(33 + ln n) exponential, h compact) small
 * against the data: Πⱼ min(1, 2R/extentⱼ) ≤ 0.25. Skipping far groups pays when the reach is small; when it
 * covers the data nothing is skipped and the grouping is overhead. O(n·d).
 */
export function preferGrouped(x: Float64Array, n: number, d: number, m: number, h: number, kernelId: number): boolean {
  if (n < DENSITY_GROUPED_MIN_N || m < DENSITY_GROUPED_MIN_M) return false;
  const T = 33 + Math.log(n);
  const reach = kernelId === 0 ? h * Math.sqrt(2 * T) : kernelId === 3 ? h * T : h;
  let share = 1;
  for (let j = 0; j < d; j++) {
    let a = Number.POSITIVE_INFINITY;
    let b = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + j];
      if (v < a) a = v;
      if (v > b) b = v;
    }
    share *= b - a > 2 * reach ? (2 * reach) / (b - a) : 1;
  }
  return share <= GROUPED_MAX_REACH;
}

/**
 * Whether a kernel-density evaluation of `pairs` (training rows × queries) should take the wasm path — for the
 * k-d tree pass its `leafSize`: always when the backend is 'wasm', never when 'js', and when 'auto' (where SIMD
 * is available) from {@link DENSITY_WASM_MIN_PAIRS} pairs and leaves of at least {@link DENSITY_WASM_MIN_LEAF}.
 */
export function useDensityWasm(pairs: number, leafSize = DENSITY_WASM_MIN_LEAF): boolean {
  const b = getBackend();
  if (b === 'js') return false;
  if (b === 'auto' && (pairs < DENSITY_WASM_MIN_PAIRS || leafSize < DENSITY_WASM_MIN_LEAF)) return false;
  return kernelModule('kde') !== null;
}

/**
 * Training rows (x n×d, weights w) of one fitted model in wasm memory, with room for CHUNK queries. Exact log sums
 * with {@link DensityWasm.logSums}; tree leaves with {@link DensityWasm.setQuery} then {@link DensityWasm.leafSum}
 * (x must then be in tree order, and `grouped` false). With `grouped`, the rows are stored in k-d tree order in
 * groups of 64 with bounding boxes, and the exact sums skip groups whose terms are all below e^−33/n of the sum.
 */
export class DensityWasm {
  readonly n: number;
  readonly d: number;
  readonly grouped: boolean;
  #ex: KdeExports;
  #np: number;
  /** Threads the last `logSums` or `treeSums` call ran on (2: a helper thread did part of it). */
  lastThreads = 1;
  #p: Layout;
  #yq: Float64Array;
  #y: Float64Array;
  #out: Float64Array;
  #mod: WebAssembly.Module;
  #bytes: number;
  #u8: Uint8Array;

  /**
   * Lays out and instantiates the workspace, and copies the rows in (transposed; grouped: sorted first): O(n·d).
   * @throws {@link CapacityError} when the workspace exceeds wasm32 memory or memory cannot be allocated
   */
  constructor(mod: WebAssembly.Module, x0: Float64Array, w0: Float64Array, n: number, d: number, grouped = false) {
    this.n = n;
    this.d = d;
    this.grouped = grouped;
    let x = x0;
    let w = w0;
    if (grouped) {
      const t = buildKdTree(x0, w0, n, d, GROUP / 2);
      x = t.x;
      w = t.w;
    }
    // Padded to a multiple of 4 rows (4 per loop step), plus 4 so that a leaf's tail may read one row beyond n;
    // grouped: to a multiple of 64.
    const np = grouped ? Math.ceil(n / GROUP) * GROUP : Math.ceil(n / 4) * 4 + 4;
    const G = grouped ? np / GROUP : 0;
    this.#np = np;
    const sizes: [keyof Layout, number][] = [
      ['xt', d * np * 8],
      ['lw', np * 8],
      ['w', np * 8],
      ['acc', QBLOCK * 8],
      ['mx', QBLOCK * 8],
      ['buf', BLOCK * 8],
      ['yq', d * 8],
      ['y', CHUNK * d * 8],
      ['out', CHUNK * 8],
      ['glo', G * d * 8],
      ['ghi', G * d * 8],
      ['glw', G * 8],
      ['ub', G * 8],
    ];
    const { at: p, bytes } = layoutWasm(sizes, WASM_KDE_BASE);
    const ws = openWasmWorkspace<KdeExports>(mod, bytes, { base: WASM_KDE_BASE });
    if (ws === null) throw capacityError('kernel-density workspace', bytes);
    this.#mod = mod;
    this.#bytes = bytes;
    this.#ex = ws.exports;
    this.#p = p;
    const buf = ws.memory.buffer;
    const xt = new Float64Array(buf, p.xt, d * np);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xt[j * np + i] = x[i * d + j];
    const lw = new Float64Array(buf, p.lw, np);
    const wv = new Float64Array(buf, p.w, np);
    for (let i = 0; i < n; i++) {
      lw[i] = Math.log(w[i]);
      wv[i] = w[i];
    }
    lw.fill(Number.NEGATIVE_INFINITY, n);
    if (grouped) {
      // Bounding box and largest log weight of each group's real rows.
      const glo = new Float64Array(buf, p.glo, G * d);
      const ghi = new Float64Array(buf, p.ghi, G * d);
      const glw = new Float64Array(buf, p.glw, G);
      for (let g = 0; g < G; g++) {
        const i1 = Math.min(n, (g + 1) * GROUP);
        let lmax = Number.NEGATIVE_INFINITY;
        for (let i = g * GROUP; i < i1; i++) if (lw[i] > lmax) lmax = lw[i];
        glw[g] = lmax;
        for (let j = 0; j < d; j++) {
          let a = Number.POSITIVE_INFINITY;
          let b = Number.NEGATIVE_INFINITY;
          for (let i = g * GROUP; i < i1; i++) {
            const v = xt[j * np + i];
            if (v < a) a = v;
            if (v > b) b = v;
          }
          glo[g * d + j] = a;
          ghi[g * d + j] = b;
        }
      }
    }
    this.#yq = new Float64Array(buf, p.yq, d);
    this.#y = new Float64Array(buf, p.y, CHUNK * d);
    this.#out = new Float64Array(buf, p.out, CHUNK);
    this.#u8 = new Uint8Array(buf);
  }

  /**
   * Exact log kernel sums, a drop-in for `logKernelSumsExact`: out[q] = log Σᵢ wᵢ k(‖y_q − xᵢ‖/h). y m×d (IN),
   * out m (OUT); kernelId an index into KERNELS, metricId 0 L2, 1 L1, 2 L∞.
   * @remarks With a helper thread (a worker pool, for at least {@link DENSITY_PARALLEL_MIN_WORK} = 4·10⁶ units of
   * n·m·(d + 4)), the helper sums the queries [⌈m/2⌉, m) in its own instance over a copy of the rows while this
   * thread sums [0, ⌈m/2⌉), chunk by chunk in lockstep. Each query's sum depends on that query only (the same
   * kernel code and operation order whichever thread runs it), so the results are bit-identical to one thread.
   */
  logSums(y: Float64Array, m: number, h: number, kernelId: number, metricId: number, out: Float64Array): void {
    this.lastThreads = 1;
    const job = m >= 2 ? this.#session(m) : null;
    if (job === null) {
      for (let q0 = 0; q0 < m; q0 += CHUNK) this.#chunk(y, q0, Math.min(CHUNK, m - q0), h, kernelId, metricId, out);
      return;
    }
    const d = this.d;
    const mh = Math.ceil(m / 2);
    let helper: ParallelJobSession | null = job;
    try {
      for (let t = 0; t * CHUNK < mh; t++) {
        const q0 = t * CHUNK;
        const wq0 = mh + q0;
        const wc = Math.min(CHUNK, m - wq0);
        const started = helper !== null && wc > 0;
        if (started) {
          const bytes = wc * d * 8;
          const data = new Uint8Array(y.buffer, y.byteOffset + wq0 * d * 8, bytes);
          (helper as ParallelJobSession).start({
            fn: this.grouped ? 1 : 0,
            args: this.#args(wc, h, kernelId, metricId),
            inputs: [{ at: this.#p.y, bytes, data }],
            outputs: [{ at: this.#p.out, bytes: wc * 8 }],
          });
        }
        this.#chunk(y, q0, Math.min(CHUNK, mh - q0), h, kernelId, metricId, out);
        if (wc <= 0) continue;
        const r = started ? (helper as ParallelJobSession).wait() : null;
        if (r === null) {
          // No helper (or it failed): this thread sums those queries too.
          helper = null;
          this.#chunk(y, wq0, wc, h, kernelId, metricId, out);
        } else {
          out.set(new Float64Array(r.out.buffer, r.out.byteOffset, wc), wq0);
          this.lastThreads = 2;
        }
      }
    } finally {
      job.end();
    }
  }

  /** The module's arguments for c queries at y (logSums or logSumsGrouped). */
  #args(c: number, h: number, kernelId: number, metricId: number): number[] {
    const p = this.#p;
    const inv = 1 / h;
    const halfInv2 = 0.5 * inv * inv;
    const skip = -(skipMargin.value + Math.log(this.n));
    const np = this.#np;
    const d = this.d;
    return this.grouped
      ? [
          kernelId,
          metricId,
          p.xt,
          p.lw,
          p.w,
          np,
          d,
          p.glo,
          p.ghi,
          p.glw,
          p.y,
          c,
          inv,
          halfInv2,
          skip,
          p.ub,
          p.buf,
          p.out,
        ]
      : [kernelId, metricId, p.xt, p.lw, p.w, np, d, p.y, c, inv, halfInv2, skip, p.acc, p.mx, p.buf, p.out];
  }

  /** Sums queries [q0, q0 + c) of y (c ≤ CHUNK) on this thread into out[q0 …]. */
  #chunk(
    y: Float64Array,
    q0: number,
    c: number,
    h: number,
    kernelId: number,
    metricId: number,
    out: Float64Array,
  ): void {
    if (c <= 0) return;
    const d = this.d;
    this.#y.set(y.subarray(q0 * d, (q0 + c) * d));
    // Rows n..np−1 are padding (weight 0): the module walks whole 4-row steps up to np rounded to a multiple of 4.
    const a = this.#args(c, h, kernelId, metricId);
    const ex = this.#ex as unknown as Record<string, (...v: number[]) => void>;
    ex[this.grouped ? 'logSumsGrouped' : 'logSums'](...a);
    out.set(this.#out.subarray(0, c), q0);
  }

  /**
   * A helper-thread session for m queries, when a worker pool is enabled and the work is large enough: the helper's
   * own instance over a copy of the rows (and groups), laid out as this workspace.
   */
  #session(m: number): ParallelJobSession | null {
    const work = this.n * m * (this.d + 4);
    const provider = work >= DENSITY_PARALLEL_MIN_WORK ? parallelJobProvider(work) : null;
    if (provider?.beginJob === undefined) return null;
    const p = this.#p;
    const u8 = this.#u8;
    const region = (a: number, b: number) => ({ at: a, bytes: b - a, data: u8.subarray(a, b) });
    return provider.beginJob({
      mod: this.#mod,
      bytes: this.#bytes,
      base: WASM_KDE_BASE,
      init: this.grouped ? [region(p.xt, p.acc), region(p.glo, p.ub)] : [region(p.xt, p.acc)],
      fns: ['logSums', 'logSumsGrouped'],
      ioBytes: CHUNK * this.d * 8,
    });
  }

  /**
   * The k-d tree's kernel sums (as `logKernelSumsTree` with this workspace as its leaves: x must be the tree's
   * rows), the queries split with a worker pool's helper thread when that pays: this thread first scores
   * {@link TREE_PROBE} queries spread evenly over the call, timing them; when the rest would take at least
   * {@link TREE_PARALLEL_MIN_MS}, the rest goes (after as many queries as the probe to the helper) in blocks of
   * {@link TREE_BLOCK} queries, alternately to this thread and to the helper, which runs the tree job (src/density/treeJob.ts) — the same traversal function around the same
   * wasm leaf kernel — on its blocks over its own copy of the rows and the tree. Alternating blocks keep the two
   * threads' shares alike when the queries come in spatial order (`treeQueryOrder`: neighbouring queries cost
   * alike, far ones do not), and each thread's queries near each other. Each query's result depends on that query
   * only (whichever thread, whichever partition), so the scores are bit-identical to one thread. Returns false,
   * writing nothing, when no helper is available (or m is small): the caller then runs the traversal on its own.
   */
  treeSums(
    t: KdTree,
    y: Float64Array,
    m: number,
    h: number,
    kernelId: number,
    metricId: number,
    atolG: number,
    rtol: number,
    out: Float64Array,
  ): boolean {
    const { n, d } = this;
    this.lastThreads = 1;
    if (this.grouped || m < 2 * TREE_PROBE) return false;
    const provider = parallelJobProvider(Number.POSITIVE_INFINITY);
    if (provider?.beginJob === undefined) return false;
    const kernel = KERNELS[kernelId];
    /** Scores the queries idx[0 … c) of y on this thread into out (gathered, scored, scattered). */
    const score = (idx: Int32Array, c: number): void => {
      const yc = gatherRows(y, d, idx, c);
      const oc = new Float64Array(c);
      logKernelSumsTree(t, yc, c, h, kernel, metricId, atolG, rtol, oc, this);
      for (let i = 0; i < c; i++) out[idx[i]] = oc[i];
    };
    // The probe, timed: the tree's cost per query depends on the bandwidth and on where the query lies.
    const probe = new Int32Array(TREE_PROBE);
    for (let j = 0; j < TREE_PROBE; j++) probe[j] = Math.floor((j * m) / TREE_PROBE);
    const t0 = performance.now();
    score(probe, TREE_PROBE);
    const perQuery = (performance.now() - t0) / TREE_PROBE;
    // The rest: its first TREE_PROBE queries the helper's, then blocks of TREE_BLOCK, even ones this thread's, odd
    // ones the helper's (so both threads score about as many queries).
    const mine = new Int32Array(m);
    const theirs = new Int32Array(m);
    let mh = 0;
    let mw = 0;
    for (let q = 0, j = 0, r = 0; q < m; q++) {
      if (j < TREE_PROBE && probe[j] === q) {
        j++;
        continue;
      }
      // the helper's first TREE_PROBE queries match the probe this thread scored
      const b = r < TREE_PROBE ? 1 : Math.floor((r - TREE_PROBE) / TREE_BLOCK);
      r++;
      if (b % 2 === 0) mine[mh++] = q;
      else theirs[mw++] = q;
    }
    const rest = m - TREE_PROBE;
    if (perQuery * rest < treeSplit.minMs) {
      score(mine, mh);
      score(theirs, mw);
      return true;
    }
    const yw = gatherRows(y, d, theirs, mw);
    const nn = t.nNodes;
    const p = this.#p;
    const u8 = this.#u8;
    // The helper's memory: this workspace's layout, then the tree's arrays, its queries and their results.
    let off = alignUp(this.#bytes);
    const at: Record<string, number> = {};
    const extra: [string, ArrayBufferView, number][] = [
      ['lo', t.lo, nn * d * 8],
      ['hi', t.hi, nn * d * 8],
      ['weight', t.weight, nn * 8],
      ['left', t.left, nn * 4],
      ['right', t.right, nn * 4],
      ['start', t.start, nn * 4],
      ['end', t.end, nn * 4],
      ['y', yw, mw * d * 8],
      ['out', out, mw * 8],
    ];
    for (const [name, , bytes] of extra) {
      at[name] = off;
      off = alignUp(off + bytes);
    }
    const view = (a: ArrayBufferView, bytes: number, first = 0) =>
      new Uint8Array(a.buffer, a.byteOffset + first, bytes);
    const init = [{ at: p.xt, bytes: p.acc - p.xt, data: u8.subarray(p.xt, p.acc) }];
    for (const [name, a, bytes] of extra.slice(0, 7)) init.push({ at: at[name], bytes, data: view(a, bytes) });
    const job = provider.beginJob({
      mod: this.#mod,
      bytes: off,
      base: WASM_KDE_BASE,
      init,
      fns: [],
      ioBytes: mw * d * 8,
      driver: TREE_JOB,
    });
    if (job === null) {
      score(mine, mh);
      score(theirs, mw);
      return true;
    }
    try {
      const skip = -(skipMargin.value + Math.log(n));
      job.start({
        fn: 0,
        args: packStruct(TREE_JOB_FIELDS, {
          kernelId,
          metricId,
          m: mw,
          d,
          nNodes: nn,
          h,
          atolG,
          rtol,
          skip,
          lo: at.lo,
          hi: at.hi,
          weight: at.weight,
          left: at.left,
          right: at.right,
          start: at.start,
          end: at.end,
          y: at.y,
          out: at.out,
          xt: p.xt,
          lw: p.lw,
          w: p.w,
          np: this.#np,
          yq: p.yq,
          acc: p.acc,
          mx: p.mx,
          buf: p.buf,
          y1: p.y,
          out1: p.out,
        }),
        inputs: [{ at: at.y, bytes: mw * d * 8, data: view(yw, mw * d * 8) }],
        outputs: [{ at: at.out, bytes: mw * 8 }],
      });
      score(mine, mh);
      const r = job.wait();
      if (r === null) {
        // The helper failed: this thread does its queries too.
        score(theirs, mw);
      } else {
        const ow = new Float64Array(r.out.buffer, r.out.byteOffset, mw);
        for (let i = 0; i < mw; i++) out[theirs[i]] = ow[i];
        this.lastThreads = 2;
      }
    } finally {
      job.end();
    }
    return true;
  }

  /** Loads query row `q` of y (m×d) for the following {@link DensityWasm.leafSum} calls. */
  setQuery(y: Float64Array, q: number): void {
    const d = this.d;
    for (let j = 0; j < d; j++) this.#yq[j] = y[q * d + j];
  }

  /** {@link DensityWasm.leafSum} for one kernel and metric, its workspace offsets bound once. */
  leafKernel(kernelId: number, metricId: number): (i0: number, i1: number, inv: number, c: number) => number {
    const ex = this.#ex;
    const { xt, w, yq } = this.#p;
    const np = this.#np;
    const d = this.d;
    return (i0, i1, inv, c) => ex.leafSum(kernelId, metricId, xt, w, np, i0, i1, d, yq, inv, c);
  }

  /** Σᵢ wᵢ k(‖y − xᵢ‖·inv)/e^c over rows [i0, i1) (in the order given at construction) for the loaded query. */
  leafSum(kernelId: number, metricId: number, i0: number, i1: number, inv: number, c: number): number {
    const p = this.#p;
    return this.#ex.leafSum(kernelId, metricId, p.xt, p.w, this.#np, i0, i1, this.d, p.yq, inv, c);
  }
}

const caches = [new WeakMap<Float64Array, DensityWasm>(), new WeakMap<Float64Array, DensityWasm>()];

/**
 * The workspace for the rows x (n×d) and weights w (`grouped`: sorted into groups with bounding boxes, for the
 * exact sums only), or null when the wasm path is unavailable or the rows do not fit in wasm32 memory. Cached per
 * x array (the fitted model's own, never modified), so the rows are copied once per fitted model and kind.
 */
export function densityWorkspace(
  x: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  grouped = false,
): DensityWasm | null {
  const mod = kernelModule('kde');
  if (mod === null) return null;
  const cache = caches[grouped ? 1 : 0];
  const hit = cache.get(x);
  if (hit !== undefined && hit.n === n && hit.d === d) return hit;
  let ws: DensityWasm;
  try {
    ws = new DensityWasm(mod, x, w, n, d, grouped);
  } catch (e) {
    if (e instanceof CapacityError) return null;
    throw e;
  }
  cache.set(x, ws);
  return ws;
}

/** Applies one of the module's lane-wise functions to a copy of `values` (tests). */
function mapValues(name: 'expArray' | 'cosArray', values: Float64Array, fast = 0): Float64Array | null {
  const mod = kernelModule('kde');
  if (mod === null) return null;
  const n = values.length;
  const { at, bytes } = layoutWasm(
    [
      ['src', (n + 1) * 8],
      ['dst', (n + 1) * 8],
    ],
    WASM_KDE_BASE,
  );
  const ws = openWasmWorkspace<KdeExports>(mod, bytes, { base: WASM_KDE_BASE });
  if (ws === null) return null;
  new Float64Array(ws.memory.buffer, at.src, n).set(values);
  ws.exports[name](at.src, n, at.dst, fast);
  return new Float64Array(ws.memory.buffer, at.dst, n).slice();
}

/**
 * The module's vectorised e^x of each value, or null without WebAssembly SIMD: `expv` (max relative error
 * 3·2⁻⁵³ on normal results, subnormals rounded once, 0 below −745.2, +∞ above 709.8), or with `fast` the kernel
 * sums' `expSum` (the same on [−708, 709], 0 below −708). @internal For tests.
 */
export function wasmExp(values: Float64Array, fast = false): Float64Array | null {
  return mapValues('expArray', values, fast ? 1 : 0);
}

/** The module's vectorised cos x for x in [0, π/2] (the cosine kernel), or null. @internal For tests. */
export function wasmCos(values: Float64Array): Float64Array | null {
  return mapValues('cosArray', values);
}
