/**
 * The WebAssembly SIMD paths of linkage (src/wasm/linkage.ts). Matrix methods (complete, average, weighted, Ward,
 * and centroid/median on the matrix): the observations copied once into wasm memory, the distances computed there
 * (SIMD across pairs) into the tiled triangle — n(n−1)/2 doubles, the only distance buffer — and the whole
 * NN-chain run there, the triangle compacted in place each time half of its clusters have merged (the generic
 * algorithm's heap stays in TypeScript, its scans and updates in wasm).
 * Matrix-free single (Prim), Ward (NN-chain), centroid and median (generic): the observations/centres kept in wasm
 * memory (transposed, the live ones compacted in index order so that a scan reads no merged-away slot), the distance
 * scans in SIMD with exact partial-sum pruning (a block of 8 is dropped after 3 or 6 features when no lane can win),
 * the drivers in TypeScript or wasm. Every merge, height and size is bit-identical to the TypeScript reference
 * (mst.ts, nnChain.ts, generic.ts; test/hierarchy/wasm.test.ts).
 *
 * Matrix methods: O(n²·d) for the distances and O(n²) per NN-chain, in one n(n−1)/2 matrix plus the runtime (as
 * fastcluster); matrix-free methods: O(n·d) memory. Timings against fastcluster: bench/suites/hierarchy.mjs.
 * @module
 * @internal
 */
import { METRIC_REGISTRY, type WasmMetric } from '../core/metrics.js';
import { kernelModule, useWasm } from '../engine/kernels/backend.js';
import type { LinkageExports } from '../engine/kernels/wasm/linkage.generated.js';
import {
  layoutWasm,
  openWasmWorkspace,
  WASM_DEFAULT_BASE,
  WASM32_MAX_BYTES,
  type WasmWorkspace,
} from '../engine/wasmWorkspace.js';
import type { MergeReporter } from './activeList.js';
import { type GenericMethod, runGeneric } from './generic.js';
import { type NnChainMethod, runNnChain } from './nnChain.js';

/** The wasm kernel code of each metric, from the registry. */
const metricCode = (metric: WasmMetric): number => METRIC_REGISTRY[metric].wasmCode as number;
const NN_CODE: Record<NnChainMethod, number> = { complete: 0, average: 1, weighted: 2, ward: 3 };

/**
 * Below this many pairs the JS kernels are used under the 'auto' backend (instantiation and copies dominate).
 * Chosen from bench/suites/hierarchy.mjs.
 */
const MIN_PAIRS = 2_000;

/**
 * Largest |value| (coordinate, or condensed distance) for the wasm paths: every distance, squared distance and
 * Lance–Williams update then stays finite (below ~10²⁹⁰), so +∞ only ever marks a dead slot — which the dense
 * scans rely on. Larger data (overflowing distances) take the TypeScript path.
 */
const WASM_MAX_ABS = 1e140;

/** Whether every value of v lies within ±{@link WASM_MAX_ABS} (see there). O(length). */
export function inWasmRange(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) {
    const a = v[i];
    if (!(a <= WASM_MAX_ABS && a >= -WASM_MAX_ABS)) return false;
  }
  return true;
}

/** Whether linkage of n observations should take the wasm path (backend setting, size, wasm32 memory). */
export function linkageWasmEnabled(n: number): boolean {
  const m = (n * (n - 1)) / 2;
  if (8 * m + 64 * n > WASM32_MAX_BYTES) return false;
  // useWasm's 'auto' threshold is in multiply–adds; a pair costs about one here.
  return useWasm(m >= MIN_PAIRS ? Number.POSITIVE_INFINITY : 0, 'linkage');
}

/** The last workspace, held weakly: reused (and grown) by the next call if the collector has not freed it yet. */
let last: WeakRef<WasmWorkspace<LinkageExports>> | null = null;

/**
 * A wasm instance over a memory of at least the bytes laid out by `sizes` (the tiled triangle `D` on a page), and
 * the offsets. Reuses the previous call's workspace when it is still alive (growing its memory if needed) —
 * repeated linkages then neither fault in fresh pages nor hold two working matrices at once — but keeps it only
 * weakly, so the collector frees it when memory is needed elsewhere. Null (the TypeScript path) when the wasm path
 * is unavailable or the layout does not fit (see {@link openWasmWorkspace}).
 */
function instantiate<K extends string>(
  sizes: [K, number][],
): { ex: LinkageExports; p: Record<K, number>; buf: ArrayBuffer } | null {
  const mod = kernelModule('linkage');
  if (mod === null) return null;
  // The tiled triangle starts on a page: its 8×8 tiles and 2×4 line blocks then sit on page and cache-line
  // boundaries (16-byte alignment made the NN-chain ~25 % slower at n = 10 000: each block straddled two lines).
  const layout = layoutWasm(sizes, WASM_DEFAULT_BASE, { D: 4096 } as Partial<Record<K, number>>);
  const ws = openWasmWorkspace<LinkageExports>(mod, layout.bytes, { reuse: last?.deref() });
  if (ws === null) return null;
  last = new WeakRef(ws);
  return { ex: ws.exports, p: layout.at, buf: ws.memory.buffer };
}

/** Bytes of the tiled triangle (src/wasm/linkage.ts): NT(NT+1)/2 tiles of 8×8 doubles, NT = ⌈n/8⌉. */
function tiledBytes(n: number): number {
  const nt = Math.ceil(n / 8);
  return nt * (nt + 1) * 256;
}

/**
 * NN-chain linkage (complete, average, weighted, Ward) entirely in wasm memory: the distances of the rows of x
 * (n×d, IN) under `metric` (squared Euclidean for Ward) into the tiled triangle, then the chain. Writes the unsorted
 * rows [x, y, height, size] into out ((n−1)·4, OUT): the same bits as `condensedDistances` + `nnChainCondensed`.
 * Returns false (out untouched) when the wasm path is unavailable or does not fit.
 */
export function nnChainWasm(
  x: Float64Array,
  n: number,
  d: number,
  metric: WasmMetric,
  method: NnChainMethod,
  out: Float64Array,
  onMerge?: MergeReporter,
  onRows?: (rows: number) => void,
): boolean {
  const np = Math.ceil(n / 8) * 8;
  const w = instantiate([['x', n * d * 8], ['xt', np * d * 8], ['norms', np * 8], ...chainBuffers(n, np)]);
  if (w === null) return false;
  const { ex, p, buf } = w;
  new Float64Array(buf, p.x, n * d).set(x);
  ex.transposePadded(p.x, n, d, p.xt);
  if (metric === 'cosine') ex.rowNorms(p.x, n, d, p.norms);
  for (let i = 0; i < n; i += PDIST_BATCH) {
    ex.pdistTiled(metricCode(metric), p.x, p.xt, n, d, p.norms, i, Math.min(n, i + PDIST_BATCH), p.D);
    onRows?.(Math.min(n, i + PDIST_BATCH));
  }
  finishChain(w, method, n, out, onMerge);
  return true;
}

/**
 * {@link nnChainWasm} from a condensed vector y (n(n−1)/2, IN, validated), squared first when `square` (Ward).
 * Returns false when the wasm path is unavailable or does not fit.
 */
export function nnChainWasmCondensed(
  y: ArrayLike<number>,
  n: number,
  square: boolean,
  method: NnChainMethod,
  out: Float64Array,
  onMerge?: MergeReporter,
): boolean {
  const np = Math.ceil(n / 8) * 8;
  const w = instantiate([['row', n * 8], ...chainBuffers(n, np)]);
  if (w === null) return false;
  const { ex, p, buf } = w;
  loadCondensed(ex, buf, p.row, p.D, y, n, square);
  finishChain(w, method, n, out, onMerge);
  return true;
}

type ChainBuffer = 'size' | 'act' | 'abase' | 'chain' | 'ids' | 'stage' | 'out' | 'D';

/**
 * The buffers of an NN-chain run after its inputs, in layout order: cluster sizes (np), the active list and its
 * bases, the chain, the original slot of each compacted one (n each), 8 staged rows (at most n/2 + 8 doubles
 * each) for the compaction of the triangle, the n − 1 merges (4 doubles each) and the tiled triangle D.
 */
function chainBuffers(n: number, np: number): [ChainBuffer, number][] {
  return [
    ['size', np * 8],
    ['act', n * 4],
    ['abase', n * 4],
    ['chain', n * 4],
    ['ids', n * 4],
    ['stage', 32 * n + 512], // 8 rows of at most 8·⌈(n/2)/8⌉ doubles: compaction starts at n/2 live clusters
    ['out', (n - 1) * 32],
    ['D', tiledBytes(n)],
  ];
}

/** Runs the NN-chain over the filled triangle of `w` and copies the (n − 1)×4 merges into out. */
function finishChain(
  w: { ex: LinkageExports; p: Record<ChainBuffer, number>; buf: ArrayBuffer },
  method: NnChainMethod,
  n: number,
  out: Float64Array,
  onMerge?: MergeReporter,
): void {
  const { ex, p, buf } = w;
  runChain(ex, NN_CODE[method], p, n, onMerge);
  out.set(new Float64Array(buf, p.out, (n - 1) * 4));
}

/** The NN-chain in batches of merges over the buffers at p (see nnChainInit in src/wasm/linkage.ts). */
function runChain(
  ex: LinkageExports,
  code: number,
  p: Record<ChainBuffer, number>,
  n: number,
  onMerge?: MergeReporter,
): void {
  ex.nnChainInit(code, p.D, n, p.size, p.act, p.abase, p.chain, p.ids, p.stage, p.out);
  for (let k = 0; k < n - 1; k += CHAIN_BATCH) {
    const to = Math.min(n - 1, k + CHAIN_BATCH);
    ex.nnChainSteps(k, to);
    onMerge?.(to);
  }
}

/** Rows per pdistTiled call (batches let the optimizing tier take over early). */
const PDIST_BATCH = 64;

/** Merges per nnChainSteps call: small enough that the optimizing tier takes over early, large enough to be free. */
const CHAIN_BATCH = 32;

/** Copies the condensed vector y into the tiled triangle at D, row by row through the staging buffer at `row`. */
function loadCondensed(
  ex: LinkageExports,
  buf: ArrayBuffer,
  row: number,
  D: number,
  y: ArrayLike<number>,
  n: number,
  square: boolean,
): void {
  const stage = new Float64Array(buf, row, n);
  const typed = ArrayBuffer.isView(y) ? (y as Float64Array) : null;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const len = n - i - 1;
    if (typed !== null) stage.set(typed.subarray(t, t + len));
    else for (let j = 0; j < len; j++) stage[j] = y[t + j];
    t += len;
    ex.scatterRow(row, n, i, square ? 1 : 0, D);
  }
}

type CenterBuffer = 'x' | 'ct' | 'sz' | 'h' | 'posSlot' | 'slotPos' | 'scratch';

/**
 * Cluster centres in wasm memory for the matrix-free paths, compacted (src/wasm/linkage.ts, centersInit): ct (d×np,
 * transposed, np = 8·⌈n/8⌉) with the live clusters at the first positions in slot order, their sizes and pruning
 * weights, the position ↔ slot maps, and an n scratch row indexed by slot. The scans take and return slots.
 */
class Centers {
  readonly ex: LinkageExports;
  readonly scratch: Float64Array;
  readonly p: Record<CenterBuffer, number>;

  private constructor(w: { ex: LinkageExports; p: Record<CenterBuffer, number>; buf: ArrayBuffer }, n: number) {
    this.ex = w.ex;
    this.p = w.p;
    this.scratch = new Float64Array(w.buf, w.p.scratch, n);
  }

  /** The centres of the rows of x (n×d, IN; ward: Ward's pruning weights), or null when wasm is unavailable. */
  static create(x: Float64Array, n: number, d: number, ward: boolean): Centers | null {
    const np = Math.ceil(n / 8) * 8;
    const w = instantiate<CenterBuffer>([
      ['x', n * d * 8],
      ['ct', np * d * 8],
      ['sz', np * 8],
      ['h', np * 8],
      ['posSlot', np * 4],
      ['slotPos', n * 4],
      ['scratch', n * 8],
    ]);
    if (w === null) return null;
    const { ex, p } = w;
    new Float64Array(w.buf, p.x, n * d).set(x);
    ex.centersInit(p.x, n, d, ward ? 1 : 0, p.ct, p.sz, p.h, p.posSlot, p.slotPos);
    return new Centers(w, n);
  }
}

/**
 * Matrix-free Ward (the reference nnChainWardVector) with the nearest-centre searches in wasm: the same chain,
 * merges and squared heights, bit for bit. x (n×d) IN; out ((n−1)·4) OUT: unsorted rows [x, y, squared height,
 * size]. Returns false when the wasm path is unavailable.
 */
export function nnChainWardVectorWasm(
  x: Float64Array,
  n: number,
  d: number,
  out: Float64Array,
  onMerge?: MergeReporter,
): boolean {
  const c = Centers.create(x, n, d, true);
  if (c === null) return false;
  const { ex } = c;
  const size = new Float64Array(n).fill(1);
  const wardSq = (a: number, b: number): number => {
    const na = size[a];
    const nb = size[b];
    return ((2 * na * nb) / (na + nb)) * ex.centerSq(a, b);
  };
  runNnChain(
    n,
    {
      size,
      dist: (p, q) => (p < q ? wardSq(p, q) : wardSq(q, p)),
      nearest(p, cur, _list, nearest) {
        const r = ex.wardNearest(p, cur);
        if (r < 0) return cur;
        nearest[0] = r;
        return ex.lastValue();
      },
      merge(p, q, np, nq) {
        ex.centersMerge(p, q, np, nq, 0);
      },
    },
    out,
    onMerge,
  );
  return true;
}

/**
 * Matrix-free centroid/median linkage (the reference genericVector) with the centre scans in wasm: the same heap,
 * merges and squared heights, bit for bit. x (n×d) IN; out ((n−1)·4) OUT as genericVector. Returns false when the
 * wasm path is unavailable.
 */
export function genericVectorWasm(
  x: Float64Array,
  n: number,
  d: number,
  method: GenericMethod,
  out: Float64Array,
  onMerge?: MergeReporter,
): boolean {
  const c = Centers.create(x, n, d, false);
  if (c === null) return false;
  const { ex, scratch } = c;
  const median = method === 'median' ? 1 : 0;
  runGeneric(
    n,
    {
      dist: (a, b) => ex.centerSq(a, b),
      nearest(p, _next, arg) {
        const r = ex.centerNearestAbove(p);
        arg[0] = r;
        return r >= 0 ? ex.lastValue() : Number.POSITIVE_INFINITY;
      },
      fill(p, start, to) {
        // Read in place from wasm memory (the scratch row is indexed by slot).
        if (start < to) ex.centerDistsBelow(p, start, to, n, c.p.scratch);
        return scratch;
      },
      merge(a, b, na, nb) {
        ex.centersMerge(a, b, na, nb, median);
      },
    },
    out,
    null,
    onMerge,
  );
  return true;
}

/**
 * The generic algorithm (centroid, median) on the matrix of SQUARED distances in wasm memory (the tiled triangle),
 * from the observations x (n×d, Euclidean; y null) or from a condensed vector y (n(n−1)/2 distances, squared here;
 * x null). The same heap driver as genericCondensed/genericSquare with the scans and Lance–Williams updates in
 * wasm: merges and squared heights bit for bit. out ((n−1)·4) OUT: rows [idA, idB, squared height, size] in merge
 * order. Returns false when the wasm path is unavailable or does not fit.
 */
export function genericMatrixWasm(
  x: Float64Array | null,
  y: ArrayLike<number> | null,
  n: number,
  d: number,
  method: GenericMethod,
  out: Float64Array,
  onMerge?: MergeReporter,
  onRows?: (rows: number) => void,
): boolean {
  const np = Math.ceil(n / 8) * 8;
  const fromX = x !== null;
  const w = instantiate([
    ['x', fromX ? n * d * 8 : 0],
    ['xt', fromX ? np * d * 8 : 0],
    ['norms', fromX ? np * 8 : 0],
    ['row', n * 8],
    ['act', n * 4],
    ['abase', n * 4],
    ['D', tiledBytes(n)],
  ]);
  if (w === null) return false;
  const { ex, p, buf } = w;
  if (x !== null) {
    new Float64Array(buf, p.x, n * d).set(x);
    ex.transposePadded(p.x, n, d, p.xt);
    for (let i = 0; i < n; i += PDIST_BATCH) {
      ex.pdistTiled(metricCode('sqeuclidean'), p.x, p.xt, n, d, p.norms, i, Math.min(n, i + PDIST_BATCH), p.D);
      onRows?.(Math.min(n, i + PDIST_BATCH));
    }
  } else {
    loadCondensed(ex, buf, p.row, p.D, y as ArrayLike<number>, n, true);
  }
  const D = p.D;
  ex.genericInit(D, n, p.act, p.abase);
  const col = new Float64Array(buf, p.row, n);
  const median = method === 'median' ? 1 : 0;
  runGeneric(
    n,
    {
      dist: (a, b) => ex.entry(D, n, a, b),
      nearest(i, _next, arg) {
        const r = ex.nearestAbove(D, n, i);
        arg[0] = r;
        return r >= 0 ? ex.lastValue() : Number.POSITIVE_INFINITY;
      },
      fill(i, start, to) {
        if (start < to) ex.columnInto(D, n, i, p.row);
        return col;
      },
      merge(a, b, na, nb, dab) {
        ex.genericMerge(median, D, n, a, b, na, nb, dab);
      },
    },
    out,
    null,
    onMerge,
  );
  return true;
}

/**
 * Single linkage by Prim's algorithm on the fly (the reference mstVector) with the distance scans in wasm: the
 * same tree, heights bit for bit, any metric. x (n×d) IN; out ((n−1)·4) OUT: unsorted rows [p, y, height, 0].
 * Returns false when the wasm path is unavailable.
 */
export function mstVectorWasm(
  x: Float64Array,
  n: number,
  d: number,
  metric: WasmMetric,
  out: Float64Array,
  onMerge?: MergeReporter,
): boolean {
  const np = Math.ceil(n / 8) * 8;
  const w = instantiate([
    ['x', n * d * 8],
    ['xt', np * d * 8],
    ['norms', np * 8],
    ['pnorms', np * 8],
    ['best', np * 8],
    ['posSlot', np * 4],
    ['out', (n - 1) * 32],
  ]);
  if (w === null) return false;
  const { ex, p, buf } = w;
  new Float64Array(buf, p.x, n * d).set(x);
  ex.transposePadded(p.x, n, d, p.xt);
  if (metric === 'cosine') ex.rowNorms(p.x, n, d, p.norms);
  ex.mstInit(metricCode(metric), p.x, p.xt, n, d, p.norms, p.pnorms, p.best, p.posSlot, p.out);
  for (let k = 0; k < n - 1; k += CHAIN_BATCH) {
    const to = Math.min(n - 1, k + CHAIN_BATCH);
    ex.mstSteps(k, to);
    onMerge?.(to);
  }
  out.set(new Float64Array(buf, p.out, (n - 1) * 4));
  return true;
}
