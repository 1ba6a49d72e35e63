/**
 * The k-means WebAssembly SIMD workspace: the data copied once into wasm memory, the centres prepared per pass,
 * and the fused assignment + per-cluster sums kernel (src/wasm/kmeans.ts).
 * @module
 */
import { CapacityError, ValidationError } from '../../core/errors.js';
import {
  capacityError,
  layoutWasm,
  onReleaseWasmMemory,
  openWasmWorkspace,
  releasePooledMemory,
  takePooledMemory,
} from '../wasmWorkspace.js';
import { kernelModule } from './backend.js';
import { assignScratchBytes, F32_ABS, F32_MAX_D, f32Fits, f32Limit, guardKappa, guardKappa32 } from './kmeansGuard.js';
import type { KmeansExports } from './wasm/kmeans.generated.js';

export { F32_ABS, F32_MAX, guardKappa, guardKappa32 } from './kmeansGuard.js';

/** Up to this d the f64 small-d kernel (rows across the lanes) beats the f32 tiles, so f32 is not used. */
export const F64_ONLY_MAX_D = 16;

/**
 * Smallest k at which `'auto'` takes the f32 form: below it the pass is bound by reading the rows and adding the
 * sums, not by the distance arithmetic, and f32 measured no faster (n = 50 000–100 000, d = 24–64, k = 8 and 16:
 * within ±5 % of f64; k = 64: 1.5–1.6× faster at d = 32–128).
 */
export const F32_AUTO_MIN_K = 32;

/**
 * Arithmetic of the expanded distances: 'auto' (default: f32 where it is measured faster, d > 16 and k ≥ 32),
 * 'f32' (wherever d > 16) or 'f64' (never f32). Labels, sums and inertia are bit-identical whichever runs.
 */
export type KernelPrecision = 'auto' | 'f64' | 'f32';
/** The precisions a k-means kernel may be asked for (validated by {@link setKernelPrecision}). */
const KERNEL_PRECISIONS: readonly KernelPrecision[] = ['auto', 'f64', 'f32'];
let precisionSetting: KernelPrecision = 'auto';

/**
 * Chooses the arithmetic of the k-means assignment's expanded distances ‖c‖² − 2x·c. Whichever runs, labels, sums
 * and inertia are bit-identical to the f64 reference: a row whose best and second-best distances are within a
 * rigorous error bound of the form used (f32: 16(d+6)·2⁻²⁴·(‖x‖ + maxₖ‖cₖ‖)² plus the f64 share and an underflow
 * term, derived in src/engine/kernels/kmeansGuard.ts) is recomputed exactly in f64. f32 doubles the SIMD lanes;
 * it runs only for d > 16 (below, the f64 kernel with rows across the lanes is faster) and while every value is
 * within ±min(2⁶⁰, 2⁶²/√d), d ≤ 2¹⁶ (no f32 overflow). `'auto'` (the default) takes f32 where it is measured
 * faster — d > 16 and k ≥ 32 — and f64 elsewhere; `'f32'` takes it wherever d > 16; `'f64'` never.
 * @throws {ValidationError} when p is not 'auto', 'f64' or 'f32'
 * @example
 * setKernelPrecision('f64'); // never the f32 form
 */
export function setKernelPrecision(p: KernelPrecision): void {
  if (!KERNEL_PRECISIONS.includes(p)) {
    throw new ValidationError(
      `kernel precision must be one of 'auto', 'f64', 'f32'; got ${JSON.stringify(p)}.`,
      { param: 'precision' },
      'INVALID_OPTION',
    );
  }
  precisionSetting = p;
}

/**
 * The current kernel precision (see {@link setKernelPrecision}).
 * @example
 * getKernelPrecision(); // 'auto'
 */
export function getKernelPrecision(): KernelPrecision {
  return precisionSetting;
}

/**
 * Whether precision p asks for the f32 form at dimension d with k centres (the data's range is checked separately,
 * {@link f32Fits}). O(1).
 */
export function wantsF32(p: KernelPrecision, d: number, k: number): boolean {
  if (d <= F64_ONLY_MAX_D || p === 'f64') return false;
  return p === 'f32' || k >= F32_AUTO_MIN_K;
}

/** How many row blocks a Lloyd pass's per-cluster sums are cut into (for n ≥ 16 · {@link KMEANS_MIN_BLOCK_ROWS}). */
export const KMEANS_SUM_BLOCKS = 16;
/** The fewest rows in a block of a Lloyd pass's per-cluster sums. */
export const KMEANS_MIN_BLOCK_ROWS = 256;

/**
 * Rows per block of a Lloyd pass's per-cluster statistics: B = max(256, 4·⌈n / 64⌉), i.e. about n/16 rounded up to
 * a multiple of 4 (the kernels' row groups). Each block's Σ w·x and Σ w are summed from zero in row order and the
 * blocks' partials are then added in block order (total ← total + partial); the TypeScript reference, the
 * WebAssembly kernel and both threads of the worker pool do exactly this, so the centres are bit-identical for any
 * number of threads. B depends on n only — never on the number of threads. O(1).
 * @param n rows of the pass
 * @returns rows per block (the last block holds the remainder)
 * @example
 * kmeansBlockRows(100_000); // 6252: 16 blocks
 */
export function kmeansBlockRows(n: number): number {
  return Math.max(KMEANS_MIN_BLOCK_ROWS, Math.ceil(n / (4 * KMEANS_SUM_BLOCKS)) * 4);
}

type Layout = Record<
  'x' | 'w' | 'xn' | 'labels' | 'minSq' | 'c' | 'ct' | 'cn' | 'sums' | 'wic' | 'part' | 'scratch',
  number
>;

/** Byte offsets of a {@link KMeansWasm} workspace's regions, its size, and kp (centres padded for the tiles). */
function lloydLayout(n: number, d: number, k: number, precision: KernelPrecision) {
  const wanted = wantsF32(precision, d, k) && d <= F32_MAX_D;
  const kp = wanted ? Math.ceil(k / 4) * 4 : k + (k & 1);
  const sizes: [keyof Layout, number][] = [
    ['x', n * d * 8],
    ['w', n * 8],
    ['xn', n * 8],
    ['labels', n * 4],
    ['minSq', n * 8],
    ['c', k * d * 8],
    ['ct', d * kp * 8],
    ['cn', kp * 8],
    ['sums', k * d * 8],
    ['wic', k * 8],
    ['part', (k * d + k) * 8],
    ['scratch', assignScratchBytes(d, kp)],
  ];
  const { at: p, bytes } = layoutWasm(sizes);
  return { p, bytes, kp };
}

/**
 * Data of one k-means fit in wasm memory. x n×d, w n (copied once at construction); per pass `setCenters` then
 * `assign`. Views (labels, minSq, sums, weightInClusters) alias wasm memory and stay valid for the workspace's life.
 */
export class KMeansWasm {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly labels: Int32Array;
  readonly minSq: Float64Array;
  readonly sums: Float64Array;
  readonly weightInClusters: Float64Array;
  /** Rows per block of the per-cluster sums ({@link kmeansBlockRows}). */
  readonly blockRows: number;
  /** Rows recomputed exactly by the precision guard in the last `assign`. */
  guarded = 0;
  #ex: KmeansExports;
  #kp: number;
  #p: Layout;
  #centers: Float64Array;
  #r = 0;
  #kappa: number;
  #f32: boolean;
  #f32Pass = false;
  /** Whether x is the workspace's own region (adopted from {@link reserveKMeansData}: never copied in). */
  #adopted = false;
  #freed = false;

  /**
   * Copies x (n×d) and w (n, null: all 1) into a fresh workspace, or adopts x without a copy when it is the
   * region {@link reserveKMeansData} centred it into (w is copied either way).
   * @throws {CapacityError} when the workspace does not fit in wasm32 memory (see `kmeansWorkspace`, which returns
   *   null then)
   */
  constructor(
    mod: WebAssembly.Module,
    x: Float64Array,
    n: number,
    d: number,
    k: number,
    w: Float64Array | null,
    precision: KernelPrecision = precisionSetting,
  ) {
    this.n = n;
    this.d = d;
    this.k = k;
    this.blockRows = kmeansBlockRows(n);
    // f32 is asked for here; whether the values allow it is known once #load has scanned them (rowNorms)
    const wanted = wantsF32(precision, d, k) && d <= F32_MAX_D;
    const { p, bytes, kp } = lloydLayout(n, d, k, precision);
    this.#kp = kp;
    // Data centred straight into a reserved memory (see reserveKMeansData) are adopted without a copy.
    const r = adoptable(x, bytes, p.x, n * d);
    const ws = openWasmWorkspace<KmeansExports>(mod, bytes, r === null ? {} : { memory: r.memory });
    if (ws === null) throw capacityError('k-means workspace', bytes);
    r?.users.push(this);
    this.#adopted = r !== null;
    this.#ex = ws.exports;
    const buf = ws.memory.buffer;
    this.#p = p;
    this.labels = new Int32Array(buf, p.labels, n);
    this.minSq = new Float64Array(buf, p.minSq, n);
    this.#centers = new Float64Array(buf, p.c, k * d);
    this.sums = new Float64Array(buf, p.sums, k * d);
    this.weightInClusters = new Float64Array(buf, p.wic, k);
    const maxAbs = this.#load(x, w, r?.maxAbs ?? null);
    this.#f32 = wanted && maxAbs <= f32Limit(d);
    this.#kappa = this.#f32 ? guardKappa32(d) : guardKappa(d);
  }

  /**
   * Copies x and w in and computes the row norms; returns maxᵢⱼ |xᵢⱼ| (NaN if some value is NaN). With `ready`
   * (adopted rows whose norms the data preparation wrote, {@link markNormsReady}) the norms are not recomputed.
   */
  #load(x: Float64Array, w: Float64Array | null, ready: number | null = null): number {
    const p = this.#p;
    const buf = this.labels.buffer;
    const { n, d } = this;
    if (!this.#adopted) new Float64Array(buf, p.x, n * d).set(x);
    const wv = new Float64Array(buf, p.w, n);
    if (w === null) wv.fill(1);
    else wv.set(w);
    return ready ?? this.#ex.rowNorms(p.x, n, d, p.xn);
  }

  /**
   * Replaces the rows and weights (same n and d) in place, without a new memory or instance — for callers that
   * assign many small batches (mini-batch k-means). Returns false, changing nothing, when this workspace's f32 mode
   * cannot take the new values (some |xᵢⱼ| beyond `f32Limit(d)`, src/engine/kernels/kmeansGuard.ts): make a new
   * workspace then.
   */
  reload(x: Float64Array, w: Float64Array | null): boolean {
    if (this.#adopted) throw new Error('internal: reload() on a workspace that adopted its rows.');
    if (this.#f32 && !f32Fits(x, this.d)) return false;
    this.#load(x, w);
    return true;
  }

  /**
   * Whether the workspace's copy still equals x and w (callers may reuse a buffer with new contents; x may be the
   * workspace's own rows). False once freed. O(n·d).
   */
  holds(x: Float64Array, w: Float64Array | null): boolean {
    if (this.#freed) return false;
    const p = this.#p;
    const buf = this.labels.buffer;
    const xv = new Float64Array(buf, p.x, this.n * this.d);
    if (!(x.buffer === buf && x.byteOffset === p.x && x.length === xv.length)) {
      for (let i = 0; i < xv.length; i++) if (xv[i] !== x[i]) return false;
    }
    const wv = new Float64Array(buf, p.w, this.n);
    for (let i = 0; i < this.n; i++) if (wv[i] !== (w === null ? 1 : w[i])) return false;
    return true;
  }

  /**
   * Marks the workspace freed (its memory went back to the pool with {@link releaseKMeansData}): `setCenters`, which
   * every pass starts with, throws from now on, and the caches no longer return it. O(1).
   */
  free(): void {
    this.#freed = true;
  }

  /** Loads the k×d centres for the following passes. @throws Error when the workspace was freed */
  setCenters(centers: Float64Array): void {
    if (this.#freed) throw new Error('internal: a k-means workspace was used after its memory was released.');
    this.#centers.set(centers);
    const p = this.#p;
    const f32 = this.#f32 && f32Fits(centers, this.d);
    this.#f32Pass = f32;
    this.#r = f32
      ? this.#ex.prepCenters32(p.c, this.k, this.d, this.#kp, p.ct, p.cn)
      : this.#ex.prepCenters(p.c, this.k, this.d, this.#kp, p.ct, p.cn);
  }

  /** Whether the passes since the last `setCenters` use f32 expanded distances. */
  get f32(): boolean {
    return this.#f32Pass;
  }

  /**
   * Assigns rows [i0, i1) to the nearest centre (labels bit-identical to the TS reference). With `accumulate`,
   * adds wᵢ·xᵢ and wᵢ into `sums` / `weightInClusters` (zero them first); with `wantMinSq`, writes the exact squared
   * distances. Returns the number of labels that changed.
   */
  assign(accumulate: boolean, wantMinSq: boolean, i0 = 0, i1 = this.n): number {
    const p = this.#p;
    const changed = this.#ex.assign(
      p.x,
      i0,
      i1,
      this.d,
      p.xn,
      p.c,
      this.k,
      p.ct,
      p.cn,
      this.#kp,
      this.#r,
      this.#kappa,
      p.labels,
      wantMinSq ? p.minSq : 0,
      p.w,
      p.sums,
      p.wic,
      accumulate ? 1 : 0,
      p.scratch,
      this.#f32Pass ? 1 : 0,
      this.#f32Pass ? F32_ABS(this.d) : 0,
    );
    this.guarded = this.#ex.lastGuarded();
    return changed;
  }

  /**
   * The Lloyd pass over rows [i0, i1) (i0 a multiple of {@link KMeansWasm.blockRows}): assigns them to the nearest
   * centre and adds each block's Σ wᵢ·xᵢ and Σ wᵢ, summed from zero, into `sums` / `weightInClusters` (zero them
   * before the first block), in block order — the TypeScript reference's `accumulateCenters` with the same blocks.
   * Returns the number of labels that changed.
   */
  assignBlocked(i0: number, i1: number): number {
    const p = this.#p;
    const f32 = this.#f32Pass;
    // biome-ignore format: the kernel's argument list
    const changed = this.#ex.assignBlocks(p.x, i0, i1, this.blockRows, this.d, p.xn, p.c, this.k, p.ct, p.cn, this.#kp,
      this.#r, this.#kappa, p.labels, p.w, p.sums, p.wic, p.part, 0, p.scratch, f32 ? 1 : 0, f32 ? F32_ABS(this.d) : 0);
    this.guarded = this.#ex.lastGuarded();
    return changed;
  }

  /**
   * Adds `blocks` block partials (each k·d sums then k weights, as a helper thread's pass leaves them) into `sums` /
   * `weightInClusters`, in order, one IEEE add per element as the kernel's fold.
   */
  addPartials(part: Float64Array, blocks: number): void {
    const { k, d, sums, weightInClusters } = this;
    const kd = k * d;
    const len = kd + k;
    for (let b = 0; b < blocks; b++) {
      const o = b * len;
      for (let t = 0; t < kd; t++) sums[t] += part[o + t];
      for (let c = 0; c < k; c++) weightInClusters[c] += part[o + kd + c];
    }
  }

  /** Σᵢ wᵢ‖xᵢ − c_{labelᵢ}‖² for the current labels and centres (the reference's order); unweighted if !weighted. */
  inertia(weighted: boolean): number {
    const p = this.#p;
    return this.#ex.inertia(p.x, this.n, this.d, weighted ? p.w : 0, p.c, p.labels);
  }
}

/** `make()`, or null when it throws a {@link CapacityError} (the workspace does not fit: the TypeScript path). */
export function nullIfTooLarge<T>(make: () => T): T | null {
  try {
    return make();
  } catch (e) {
    if (e instanceof CapacityError) return null;
    throw e;
  }
}

/**
 * A workspace for (x, w, k), or null when the wasm path is unavailable or the data do not fit in wasm32 memory.
 * Cached per x array (and checked to still hold the same values), so the nInit runs of one fit copy the data once.
 */
export function kmeansWorkspace(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array | null,
): KMeansWasm | null {
  const mod = kernelModule();
  if (mod === null) return null;
  const hit = cache.get(x);
  // Reused only when built from the current module (setRelaxedSimd may have changed it) and precision.
  if (
    hit !== undefined &&
    hit.mod === mod &&
    hit.precision === precisionSetting &&
    hit.ws.n === n &&
    hit.ws.d === d &&
    hit.ws.k === k &&
    hit.ws.holds(x, w)
  )
    return hit.ws;
  const ws = nullIfTooLarge(() => new KMeansWasm(mod, x, n, d, k, w));
  if (ws === null) return null;
  cache.set(x, { ws, mod, precision: precisionSetting });
  return ws;
}

const cache = new WeakMap<Float64Array, { ws: KMeansWasm; mod: WebAssembly.Module; precision: KernelPrecision }>();

/** Rows per chunk of a one-off assignment: ⌊2²⁰ / d⌋ (8 MiB of data), so its wasm copy stays small. */
const CHUNK_VALUES = 1 << 20;
/** The last two chunk workspaces (full chunks and the tail), reused by later calls of the same shape. */
let scratch: { ws: KMeansWasm; mod: WebAssembly.Module; precision: KernelPrecision }[] = [];

/** A workspace holding rows x (m×d) and weights w: a cached one reloaded, else a new one (null if it cannot fit). */
function scratchWorkspace(
  mod: WebAssembly.Module,
  x: Float64Array,
  m: number,
  d: number,
  k: number,
  w: Float64Array | null,
): KMeansWasm | null {
  for (const e of scratch) {
    if (e.mod !== mod || e.precision !== precisionSetting || e.ws.n !== m || e.ws.d !== d || e.ws.k !== k) continue;
    if (e.ws.reload(x, w)) return e.ws;
  }
  const ws = nullIfTooLarge(() => new KMeansWasm(mod, x, m, d, k, w));
  if (ws === null) return null;
  scratch = [{ ws, mod, precision: precisionSetting }, ...scratch].slice(0, 2);
  return ws;
}

/**
 * The contract of a nearest-centre assignment: x n×d IN, centers k×d IN, w n IN (null = unweighted), labels n OUT,
 * minSq n OUT (squared distance to the chosen centre); returns Σᵢ wᵢ‖xᵢ − c_{labelᵢ}‖².
 */
export type LabelAssigner = (
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  w: Float64Array | null,
  labels: Int32Array,
  minSq: Float64Array,
) => number;

/**
 * Nearest-centre assignment through the wasm kernel, a drop-in for `assignLabels` (labels and minSq bit-identical;
 * the return value is the weighted inertia in the reference's order). Returns NaN when the wasm path is unavailable
 * (the caller then runs the reference, which rewrites every output). The rows go through in chunks of ⌊2²⁰/d⌋
 * copied into a small reusable workspace — rows are independent and the inertia is summed in row order across
 * chunks, so chunking changes nothing but the memory (mini-batch steps and predict on big data reuse it).
 */
export const assignLabelsWasm: LabelAssigner = (x, n, d, centers, k, w, labels, minSq) => {
  const mod = kernelModule();
  if (mod === null) return Number.NaN;
  const rowsPer = Math.max(1, Math.floor(CHUNK_VALUES / Math.max(d, 1)));
  let s = 0;
  for (let i0 = 0; i0 < n; i0 += rowsPer) {
    const m = Math.min(rowsPer, n - i0);
    const wc = w === null ? null : w.subarray(i0, i0 + m);
    const ws = scratchWorkspace(mod, x.subarray(i0 * d, (i0 + m) * d), m, d, k, wc);
    if (ws === null) return Number.NaN;
    ws.setCenters(centers);
    ws.assign(false, true);
    labels.set(ws.labels, i0);
    minSq.set(ws.minSq, i0);
    const ms = ws.minSq;
    if (wc === null) for (let i = 0; i < m; i++) s += ms[i];
    else for (let i = 0; i < m; i++) s += wc[i] * ms[i];
  }
  return s;
};

/** Which bounds algorithm a {@link BoundsWasm} workspace serves. */
export type BoundsKind = 'elkan' | 'hamerly';

type BoundsLayout = Record<
  | 'x'
  | 'w'
  | 'xn'
  | 'labels'
  | 'minSq'
  | 'upper'
  | 'lower'
  | 'c'
  | 'ct'
  | 'cn'
  | 'cc'
  | 's'
  | 'shift'
  | 'sums'
  | 'wic'
  | 'scratch'
  | 'jx'
  | 'jc'
  | 'jo'
  | 'rowList'
  | 'first'
  | 'jobStart'
  | 'dk'
  | 'stamp'
  | 'dirty'
  | 'dd'
  | 'dslot'
  | 'part',
  number
>;

/**
 * Data and bounds of one Elkan or Hamerly fit in wasm memory (src/wasm/kmeans.ts, "Elkan and Hamerly kernels").
 * x n×d and w n are copied once at construction; the bounds (Elkan: upper n, lower n×k; Hamerly: upper n, lower n)
 * stay in wasm memory for the whole fit. Every distance is the reference's Σⱼ (xⱼ − cⱼ)² (sequential j), so
 * labels, bounds, sums and inertia are bit-identical to src/kmeans/elkan.ts and hamerly.ts. Views alias wasm memory.
 */
export class BoundsWasm {
  readonly kind: BoundsKind;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly labels: Int32Array;
  readonly minSq: Float64Array;
  readonly sums: Float64Array;
  readonly weightInClusters: Float64Array;
  readonly shift: Float64Array;
  /** Clusters whose rows changed in the last pass (1), see {@link BoundsWasm.accumulateBlocked}. */
  readonly dirty: Uint8Array;
  #ex: KmeansExports;
  #kp: number;
  #p: BoundsLayout;
  #centers: Float64Array;
  #haveNorms = false;
  #dense: boolean;
  #freed = false;

  /**
   * Copies x (n×d) and w (n) into a fresh workspace (or adopts x's memory, see {@link reserveBoundsData}).
   * `dense` false: Elkan rows never take the dense-row tiles (the same results; for tests).
   * @throws {CapacityError} when the workspace does not fit in wasm32 memory (`boundsWorkspace` returns null then)
   */
  constructor(
    mod: WebAssembly.Module,
    kind: BoundsKind,
    x: Float64Array,
    n: number,
    d: number,
    k: number,
    w: Float64Array,
    dense = true,
  ) {
    this.#dense = dense;
    this.kind = kind;
    this.n = n;
    this.d = d;
    this.k = k;
    const kp = k + (k & 1);
    this.#kp = kp;
    const { p, bytes, bs } = boundsLayout(kind, n, d, k);
    // Data centred straight into a reserved memory (see reserveKMeansData) are adopted without a copy.
    const r = adoptable(x, bytes, p.x, n * d);
    const adopt = r !== null;
    const ws = openWasmWorkspace<KmeansExports>(mod, bytes, adopt ? { memory: r.memory } : {});
    if (ws === null) throw capacityError('k-means bounds workspace', bytes);
    r?.users.push(this);
    this.#ex = ws.exports;
    if (this.#ex.boundBlock(k) !== bs) throw new RangeError('bound block size mismatch');
    const buf = ws.memory.buffer;
    this.#p = p;
    if (!adopt) new Float64Array(buf, p.x, n * d).set(x);
    this.#haveNorms = adopt && r.maxAbs !== null; // written by the data preparation (markNormsReady)
    new Float64Array(buf, p.w, n).set(w);
    this.labels = new Int32Array(buf, p.labels, n);
    this.minSq = new Float64Array(buf, p.minSq, n);
    this.#centers = new Float64Array(buf, p.c, k * d);
    this.sums = new Float64Array(buf, p.sums, k * d);
    this.weightInClusters = new Float64Array(buf, p.wic, k);
    this.shift = new Float64Array(buf, p.shift, k);
    this.dirty = new Uint8Array(buf, p.dirty, k);
  }

  /** Whether the workspace's copy still equals x and w (x may be the workspace's own rows); false once freed. O(n·d). */
  holds(x: Float64Array, w: Float64Array): boolean {
    if (this.#freed) return false;
    const p = this.#p;
    const buf = this.labels.buffer;
    const xv = new Float64Array(buf, p.x, this.n * this.d);
    if (!(x.buffer === buf && x.byteOffset === p.x && x.length === xv.length)) {
      for (let i = 0; i < xv.length; i++) if (xv[i] !== x[i]) return false;
    }
    const wv = new Float64Array(buf, p.w, this.n);
    for (let i = 0; i < this.n; i++) if (wv[i] !== w[i]) return false;
    return true;
  }

  /** As {@link KMeansWasm.free}: `setCenters` throws from now on. O(1). */
  free(): void {
    this.#freed = true;
  }

  /** Loads the k×d centres (row-major and transposed) for the following calls. @throws Error once freed */
  setCenters(centers: Float64Array): void {
    if (this.#freed) throw new Error('internal: a k-means workspace was used after its memory was released.');
    this.#centers.set(centers);
    const p = this.#p;
    this.#ex.prepCenters(p.c, this.k, this.d, this.#kp, p.ct, p.cn);
  }

  /** The initial exact assignment of rows [i0, i1): labels and the bounds. */
  init(i0 = 0, i1: number = this.n): void {
    const p = this.#p;
    const { d, k } = this;
    if (this.kind === 'elkan')
      this.#ex.elkanInit(p.x, i0, i1, d, p.ct, k, this.#kp, p.labels, p.upper, p.lower, p.scratch);
    else this.#ex.hamerlyFull(p.x, 0, i1 - i0, i0, d, p.ct, k, this.#kp, p.labels, p.upper, p.lower, p.scratch, 0);
  }

  /**
   * One fused pass over rows [0, i1) (i1 = n or a boundary of the {@link kmeansBlockRows} sum blocks): the bound
   * update for the last centre shift (`move`, with `shift` set), the centre–centre terms and the bound test /
   * refresh (`step`), marking in `dirty` (cleared first) the old and new cluster of every label that changed; with
   * `full`, `sums` / `weightInClusters` recomputed from the labels in the fixed sum blocks (zeroed first; rows
   * [i1, n) may be added after with {@link BoundsWasm.accumulateBlocked}), else left for
   * {@link BoundsWasm.accumulateBlocked} of the dirty clusters. Returns the number of labels that changed.
   */
  iterate(step: boolean, move: boolean, slack: number, i1: number = this.n, full = true): number {
    const p = this.#p;
    const { d, k } = this;
    const n = i1;
    this.dirty.fill(0);
    if (full) {
      this.sums.fill(0);
      this.weightInClusters.fill(0);
    }
    const sums = full ? p.sums : 0;
    const sb = kmeansBlockRows(this.n);
    if (this.kind === 'elkan') {
      if (step) this.#ex.elkanCenters(p.c, k, d, p.cc, p.s);
      return this.#ex.elkanPass(
        p.x,
        0,
        n,
        d,
        p.c,
        k,
        p.cc,
        p.s,
        p.labels,
        p.upper,
        p.lower,
        slack,
        move ? p.shift : 0,
        step ? 1 : 0,
        p.w,
        sums,
        p.wic,
        p.jx,
        p.jc,
        p.jo,
        p.rowList,
        p.first,
        p.jobStart,
        p.dk,
        p.stamp,
        p.dirty,
        p.ct,
        this.#kp,
        p.dd,
        this.#dense ? p.dslot : 0,
        p.part,
        sb,
      );
    }
    if (step) this.#ex.hamerlyCenters(p.c, k, d, p.s);
    // The two largest shifts (Hamerly's lower-bound update), as the reference.
    const shift = this.shift;
    let m1 = 0;
    let m2 = 0;
    let arg1 = -1;
    if (move) {
      for (let c = 0; c < k; c++) {
        const v = shift[c];
        if (v > m1) {
          m2 = m1;
          m1 = v;
          arg1 = c;
        } else if (v > m2) m2 = v;
      }
    }
    return this.#ex.hamerlyPass(
      p.x,
      0,
      n,
      d,
      p.c,
      p.ct,
      k,
      this.#kp,
      p.s,
      p.labels,
      p.upper,
      p.lower,
      slack,
      move ? p.shift : 0,
      arg1,
      m1,
      m2,
      step ? 1 : 0,
      p.w,
      sums,
      p.wic,
      p.jx,
      p.jc,
      p.jo,
      p.rowList,
      p.scratch,
      p.dirty,
      p.part,
      sb,
    );
  }

  /**
   * Adds the per-cluster sums and weights of rows [i0, i1) (i0 a sum-block boundary) by their current labels, in the
   * fixed row blocks of {@link kmeansBlockRows} (as the TypeScript reference's `accumulateCenters`): of every
   * cluster, or with `dirtyOnly` of the `dirty` clusters only. From i0 = 0 the totals concerned are zeroed first;
   * with `dirtyOnly` the other clusters keep theirs, which are the same fold of the same rows (bit-identical to
   * recomputing them). O((i1 − i0)·d + blocks·k·d).
   */
  accumulateBlocked(i0: number, i1: number, dirtyOnly: boolean): void {
    const p = this.#p;
    const { d, k, sums, weightInClusters, dirty } = this;
    if (i0 === 0) {
      for (let c = 0; c < k; c++) {
        if (dirtyOnly && dirty[c] === 0) continue;
        sums.fill(0, c * d, (c + 1) * d);
        weightInClusters[c] = 0;
      }
    }
    // biome-ignore format: the kernel's argument list
    this.#ex.accumulateBlocks(p.x, i0, i1, kmeansBlockRows(this.n), d, k, p.labels, p.w, p.sums, p.wic, p.part,
      dirtyOnly ? p.dirty : 0);
  }

  /**
   * Adds `blocks` block partials (each k·d sums then k weights, from a helper thread's {@link boundsBlockPartials})
   * into `sums` / `weightInClusters` in block order, of every cluster or with `dirtyOnly` of the `dirty` clusters
   * only — one IEEE add per element, as {@link BoundsWasm.accumulateBlocked} adds its own blocks, so blocks summed
   * on another thread and added here give the same bits. O(blocks·k·d).
   */
  addPartials(part: Float64Array, blocks: number, dirtyOnly: boolean): void {
    const { k, d, sums, weightInClusters, dirty } = this;
    const kd = k * d;
    const len = kd + k;
    for (let b = 0; b < blocks; b++) {
      const o = b * len;
      for (let c = 0; c < k; c++) {
        if (dirtyOnly && dirty[c] === 0) continue;
        const s = c * d;
        for (let j = 0; j < d; j++) sums[s + j] += part[o + s + j];
        weightInClusters[c] += part[o + kd + c];
      }
    }
  }

  /** The bounds (views into wasm memory): upper n, lower n×k (Elkan) or n (Hamerly). For tests. @internal */
  bounds(): { upper: Float64Array; lower: Float64Array } {
    const p = this.#p;
    const buf = this.labels.buffer;
    const m = this.kind === 'elkan' ? this.n * this.k : this.n;
    return { upper: new Float64Array(buf, p.upper, this.n), lower: new Float64Array(buf, p.lower, m) };
  }

  /** minSq ← exact squared distance of each row to its labelled centre (the current centres). */
  labelSq(): void {
    const p = this.#p;
    this.#ex.labelSq(p.x, 0, this.n, this.d, p.c, p.labels, p.minSq);
  }

  /** Reassigns every row to its nearest current centre (the guarded expanded-form kernel; labels exact). */
  assignAll(): void {
    const p = this.#p;
    const { n, d, k } = this;
    if (!this.#haveNorms) {
      this.#ex.rowNorms(p.x, n, d, p.xn);
      this.#haveNorms = true;
    }
    const r = this.#ex.prepCenters(p.c, k, d, this.#kp, p.ct, p.cn);
    this.#ex.assign(
      p.x,
      0,
      n,
      d,
      p.xn,
      p.c,
      k,
      p.ct,
      p.cn,
      this.#kp,
      r,
      guardKappa(d),
      p.labels,
      0,
      p.w,
      p.sums,
      p.wic,
      0,
      p.scratch,
      0,
      0,
    );
  }

  /** Σᵢ wᵢ‖xᵢ − c_{labelᵢ}‖² (the reference's order). */
  inertia(): number {
    const p = this.#p;
    return this.#ex.inertia(p.x, this.n, this.d, p.w, p.c, p.labels);
  }
}

/**
 * Byte offsets of a bounds workspace's arrays in wasm memory, its size, and the rows per block (also the layout a
 * worker pool's helper gives its rows, src/engine/kernels/pool.ts). @internal
 */
export function boundsLayout(
  kind: BoundsKind,
  n: number,
  d: number,
  k: number,
): { p: BoundsLayout; bytes: number; bs: number } {
  const kp = k + (k & 1);
  const bs = Math.max(4, Math.min(128, Math.floor(16384 / Math.max(k, 1))));
  const jobs = bs * (k + 1) + 16;
  const sizes: [keyof BoundsLayout, number][] = [
    ['x', n * d * 8],
    ['w', n * 8],
    ['xn', n * 8],
    ['labels', n * 4],
    ['minSq', n * 8],
    ['upper', n * 8],
    ['lower', (kind === 'elkan' ? n * k : n) * 8],
    ['c', k * d * 8],
    ['ct', d * kp * 8],
    ['cn', kp * 8],
    ['cc', kind === 'elkan' ? k * k * 8 : 0],
    ['s', k * 8],
    ['shift', k * 8],
    ['sums', k * d * 8],
    ['wic', k * 8],
    ['scratch', assignScratchBytes(d, kp)],
    ['jx', jobs * 4],
    ['jc', jobs * 4],
    ['jo', jobs * 8],
    ['rowList', bs * 4],
    ['first', bs * 4],
    ['jobStart', (bs + 1) * 4],
    ['dk', k * 8],
    ['stamp', k * 4],
    ['dirty', k],
    ['dd', kind === 'elkan' ? (bs + 1) * kp * 8 : 0],
    ['dslot', 2 * bs * 4],
    ['part', (k * d + k) * 8],
  ];
  const { at: p, bytes } = layoutWasm(sizes);
  return { p, bytes, bs };
}

/**
 * The per-cluster statistics of rows [0, m) of a bounds workspace (layout `p` in memory `buf`, the kernels `ex`) by
 * their current labels, in blocks of `sb` rows each summed from zero — of every cluster, or with `dirtyOnly` of the
 * clusters flagged in the workspace's `dirty` bytes (the others' entries are left 0) — written one block after the
 * other to `out` (k·d sums Σ wᵢ·xᵢ then k weights Σ wᵢ per block). What a pool's helper hands back for its rows
 * [h, n) (h a multiple of sb, sb = `kmeansBlockRows(n)` of the whole fit), for the calling thread to add in block
 * order ({@link BoundsWasm.addPartials}). The workspace's `sums` / `wic` are the block's accumulator (0 + partial
 * is the partial exactly: a sum from +0 is never −0). O(m·d + blocks·k·d). @internal
 */
export function boundsBlockPartials(
  ex: KmeansExports,
  buf: ArrayBuffer,
  p: Readonly<Record<'x' | 'labels' | 'w' | 'sums' | 'wic' | 'part' | 'dirty', number>>,
  m: number,
  d: number,
  k: number,
  sb: number,
  dirtyOnly: boolean,
  out: Float64Array,
): void {
  const kd = k * d;
  const sums = new Float64Array(buf, p.sums, kd);
  const wic = new Float64Array(buf, p.wic, k);
  for (let b0 = 0, o = 0; b0 < m; b0 += sb, o += kd + k) {
    sums.fill(0);
    wic.fill(0);
    // biome-ignore format: the kernel's argument list
    ex.accumulateBlocks(p.x, b0, Math.min(b0 + sb, m), sb, d, k, p.labels, p.w, p.sums, p.wic, p.part,
      dirtyOnly ? p.dirty : 0);
    out.set(sums, o);
    out.set(wic, o + kd);
  }
}

/** A memory reserved by {@link reserveKMeansData}: its size as laid out, and the workspaces that adopted it. */
interface Reserved {
  readonly memory: WebAssembly.Memory;
  readonly bytes: number;
  readonly users: { free(): void }[];
  /** Byte offsets of two regions of at least d values each that the workspace writes before it reads (c, sums). */
  readonly spare: readonly [number, number];
  /** Byte offset of the row norms (xn). */
  readonly xn: number;
  /** maxᵢⱼ |xᵢⱼ| once the data preparation has written the rows' norms into xn ({@link markNormsReady}), else null. */
  maxAbs: number | null;
}

/** Memories reserved by {@link reserveKMeansData}, by the view of their x region. */
const reserved = new WeakMap<Float64Array, Reserved>();

/** The reservation x can be adopted from by a workspace of `bytes` bytes with x at byte `at` (null: copy x). */
function adoptable(x: Float64Array, bytes: number, at: number, length: number): Reserved | null {
  const r = reserved.get(x);
  if (r === undefined || r.bytes !== bytes || x.byteOffset !== at || x.length !== length) return null;
  return r.memory.buffer === x.buffer ? r : null;
}

/** The pool purpose of the memories of {@link reserveKMeansData}. */
const POOL = 'kmeans';

/**
 * A zeroed n×d array inside a wasm memory laid out for an `algorithm` workspace (Lloyd: {@link KMeansWasm}, at the
 * current kernel precision; Elkan or Hamerly: {@link BoundsWasm}), so that a caller can write the (centred) data
 * straight into it and {@link kmeansWorkspace} / {@link boundsWorkspace} then adopt the memory instead of copying
 * the rows. The memory is the one the previous fit gave back with {@link releaseKMeansData} when there is one (a
 * fit after a fit allocates nothing), else a fresh one; null when the workspace would not fit in wasm32 memory (the
 * caller then allocates a plain array). The view stays valid until {@link releaseKMeansData}.
 */
export function reserveKMeansData(
  algorithm: 'lloyd' | BoundsKind,
  n: number,
  d: number,
  k: number,
): Float64Array | null {
  const { p, bytes } =
    algorithm === 'lloyd' ? lloydLayout(n, d, k, precisionSetting) : boundsLayout(algorithm, n, d, k);
  const memory = takePooledMemory(POOL, bytes);
  if (memory === null) return null;
  const x = new Float64Array(memory.buffer, p.x, n * d);
  reserved.set(x, { memory, bytes, users: [], spare: [p.c, p.sums], xn: p.xn, maxAbs: null });
  return x;
}

/**
 * The memory of an array from {@link reserveKMeansData}, two spare regions of at least d values each in it (the
 * centres and sums of the workspace to come, written by it before it reads them), the offset of its row norms and
 * whether they were written ({@link markNormsReady}), for the fit's data preparation
 * (src/engine/kernels/kmeansPrep.ts); null for any other array. O(1).
 */
export function reservedSpare(x: Float64Array): Pick<Reserved, 'memory' | 'spare' | 'xn' | 'maxAbs'> | null {
  const r = reserved.get(x);
  return r === undefined || r.memory.buffer !== x.buffer ? null : r;
}

/**
 * Records that the row norms of x (an array from {@link reserveKMeansData}, its final values) are in the reserved
 * memory's xn region, computed as the `rowNorms` kernel does, and that maxᵢⱼ |xᵢⱼ| = maxAbs: the workspace that
 * adopts x then skips that pass. x must not change afterwards. O(1).
 */
export function markNormsReady(x: Float64Array, maxAbs: number): void {
  const r = reserved.get(x);
  if (r !== undefined) r.maxAbs = maxAbs;
}

/**
 * Ends the use of an array from {@link reserveKMeansData} (call at the end of the fit, after its results were
 * copied out): the workspaces that adopted it are freed (they throw if used again, and the caches drop them) and
 * its memory becomes the spare that the next fit's reservation takes. Does nothing for any other array. O(1).
 */
export function releaseKMeansData(x: Float64Array): void {
  const r = reserved.get(x);
  if (r === undefined) return;
  reserved.delete(x);
  cache.delete(x);
  boundsCache.delete(x);
  for (const ws of r.users) ws.free();
  if (r.memory.buffer === x.buffer) releasePooledMemory(POOL, r.memory);
}

const boundsCache = new WeakMap<Float64Array, { ws: BoundsWasm; mod: WebAssembly.Module }>();
onReleaseWasmMemory(() => {
  scratch = [];
});

/**
 * A bounds workspace for (x, w, k), or null when the wasm path is unavailable or it does not fit in wasm32 memory.
 * Cached per x array (and checked to still hold the same values), so the nInit runs of one fit copy the data once.
 */
export function boundsWorkspace(
  kind: BoundsKind,
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array,
): BoundsWasm | null {
  const mod = kernelModule();
  if (mod === null) return null;
  const e = boundsCache.get(x);
  const hit = e !== undefined && e.mod === mod ? e.ws : undefined; // built from the current module only
  if (hit !== undefined && hit.kind === kind && hit.n === n && hit.d === d && hit.k === k && hit.holds(x, w))
    return hit;
  const ws = nullIfTooLarge(() => new BoundsWasm(mod, kind, x, n, d, k, w));
  if (ws === null) return null;
  boundsCache.set(x, { ws, mod });
  return ws;
}
