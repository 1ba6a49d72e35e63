/**
 * The one WebAssembly workspace helper: every kernel module (src/wasm/*.ts, compiled with `--importMemory` and the
 * stub runtime) runs over a memory that the caller owns and lays out. This file is the only place that knows the
 * page size, the wasm32 limit, the alignment of the regions, where the workspace may start (above the module's
 * static data) and how a memory is created, grown and reused.
 *
 * The failure rule, the same for every caller: {@link openWasmWorkspace} returns `null` when the workspace cannot
 * exist here — its layout exceeds wasm32 memory ({@link WASM32_MAX_BYTES}) or the runtime refuses the allocation —
 * and the caller then runs its TypeScript reference kernel (same results, see each kernel's contract). A class
 * whose constructor needs a workspace turns that null into a {@link CapacityError} naming the byte count
 * ({@link capacityError}); its factory catches exactly that error and returns null in turn.
 * {@link reserveWasmMemory} (a memory to fill before instantiating over it) follows the same rule. A module whose
 * static data would overlap the workspace is a build fault, not a runtime condition: that throws a plain `Error`.
 * @module
 * @internal
 */
import { CapacityError } from '../core/errors.js';

/** Bytes in one WebAssembly page. */
export const WASM_PAGE_BYTES = 65_536;

/** The wasm32 address space (65 536 pages = 4 GiB) less 16 pages of margin: the largest workspace laid out. */
export const WASM32_MAX_BYTES = 4 * 1024 ** 3 - 16 * WASM_PAGE_BYTES;

/**
 * Alignment of every region (one cache line): SIMD loads never straddle a line at a region's start, and the
 * layout is the same whatever the region sizes' remainders.
 */
export const WASM_REGION_ALIGN = 64;

/**
 * Default first byte of a workspace: above the static data of every module but the KDE one (its exp/log tables,
 * 7 KiB, need {@link WASM_KDE_BASE}). {@link openWasmWorkspace} checks it against the instance's `heapBase()`.
 */
export const WASM_DEFAULT_BASE = 1024;

/** First byte of a workspace of the KDE module (src/wasm/kde.ts), above its exp/log tables. */
export const WASM_KDE_BASE = 8192;

/** The exports every kernel module has: the end of its static data (AssemblyScript's `__heap_base`). */
export interface WasmKernelExports {
  heapBase(): number;
}

/**
 * Rounds `bytes` up to a multiple of `to` (a power of two, default {@link WASM_REGION_ALIGN}). O(1).
 * @example
 * alignUp(100); // 128
 */
export function alignUp(bytes: number, to: number = WASM_REGION_ALIGN): number {
  return Math.ceil(bytes / to) * to;
}

/** Byte offsets of named regions in a workspace, and the workspace's total size in bytes. */
export interface WasmLayout<K extends string> {
  /** Byte offset of each region (a multiple of {@link WASM_REGION_ALIGN}, or of its `alignments` entry). */
  readonly at: Readonly<Record<K, number>>;
  /** One past the last byte of the last region, rounded up to {@link WASM_REGION_ALIGN}. */
  readonly bytes: number;
}

/**
 * Lays out named regions one after the other from `base`, each starting on a multiple of
 * {@link WASM_REGION_ALIGN} (or of its entry in `alignments`, e.g. a page-aligned distance matrix).
 * @remarks at[r₀] = align(base), at[rᵢ₊₁] = align(at[rᵢ] + bytesᵢ); bytes = align(at[last] + bytes_last). A region
 * of 0 bytes gets an offset like any other. O(regions). Compared against: the hand-written layouts it replaces.
 * @param regions `[name, bytes]` in memory order
 * @param base first byte (default {@link WASM_DEFAULT_BASE})
 * @param alignments per-region alignment overriding the default (powers of two, at least 64)
 * @example
 * layoutWasm([['x', 80], ['out', 8]]); // { at: { x: 1024, out: 1152 }, bytes: 1216 }
 */
export function layoutWasm<K extends string>(
  regions: readonly (readonly [K, number])[],
  base: number = WASM_DEFAULT_BASE,
  alignments: Partial<Record<K, number>> = {},
): WasmLayout<K> {
  let off = alignUp(base);
  const at = {} as Record<K, number>;
  for (const [name, bytes] of regions) {
    const a = alignments[name];
    if (a !== undefined) off = alignUp(off, a);
    at[name] = off;
    off = alignUp(off + bytes);
  }
  return { at, bytes: off };
}

/** A kernel module's instance over a memory of its own. */
export interface WasmWorkspace<E extends WasmKernelExports> {
  /** The compiled module the instance was made from. */
  readonly module: WebAssembly.Module;
  /** The instance's memory (imported as `env.memory`); its `buffer` changes when it grows. */
  readonly memory: WebAssembly.Memory;
  /** The instance's exports, typed by the module's generated interface (src/engine/kernels/wasm/*.generated.ts). */
  readonly exports: E;
}

/** Options of {@link openWasmWorkspace}. */
export interface OpenWasmOptions<E extends WasmKernelExports> {
  /** The first byte the caller's layout uses (default {@link WASM_DEFAULT_BASE}); the module's data must end below. */
  base?: number;
  /** A previous workspace to reuse: taken (its memory grown when short) if it is of the same module. */
  reuse?: WasmWorkspace<E> | null;
  /**
   * A memory to instantiate over instead of a fresh one (grown when short), e.g. one from
   * {@link reserveWasmMemory} that the caller has already filled with its data.
   */
  memory?: WebAssembly.Memory;
}

/**
 * A zero-filled memory of at least `bytes` bytes, not yet instantiated over — for a caller that writes its data
 * straight into a region of it and then passes it to {@link openWasmWorkspace} (`memory`), saving a copy. Null on
 * the same conditions as {@link openWasmWorkspace}.
 * @param bytes the layout's size ({@link WasmLayout.bytes})
 * @example
 * const memory = reserveWasmMemory(layout.bytes);
 * const x = memory === null ? new Float64Array(n * d) : new Float64Array(memory.buffer, layout.at.x, n * d);
 */
export function reserveWasmMemory(bytes: number): WebAssembly.Memory | null {
  if (!(bytes <= WASM32_MAX_BYTES)) return null;
  try {
    return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
  } catch {
    return null;
  }
}

/** Grows `memory` to at least `pages` pages; false when the runtime refuses. */
function growTo(memory: WebAssembly.Memory, pages: number): boolean {
  const have = memory.buffer.byteLength / WASM_PAGE_BYTES;
  try {
    if (have < pages) memory.grow(pages - have);
    return true;
  } catch {
    return false;
  }
}

/**
 * A workspace of at least `bytes` bytes for `module`: a fresh `WebAssembly.Memory` of ⌈bytes / 64 KiB⌉ pages (or
 * the given `memory`, grown if short) and an instance over it, or `reuse` itself (its memory grown to `bytes` if needed) when it is an instance of the same
 * module. Returns null — run the TypeScript kernel instead — when `bytes` exceeds {@link WASM32_MAX_BYTES} or the
 * runtime refuses the memory (or its growth).
 * @remarks Memory is zero-filled when created or grown, but a reused workspace keeps its old contents: callers
 * write every region they read. O(pages) for a fresh memory (the runtime zero-fills lazily).
 * @param module the compiled kernel module (`kernelModule(name)`)
 * @param bytes the layout's size ({@link WasmLayout.bytes}), at least 1
 * @throws Error when the module's static data (`heapBase()`) ends above `base`: a build fault
 * @example
 * const layout = layoutWasm([['x', n * d * 8], ['out', n * 8]]);
 * const ws = openWasmWorkspace<LinkageExports>(kernelModule('linkage')!, layout.bytes);
 * if (ws === null) return false; // the TypeScript path
 */
export function openWasmWorkspace<E extends WasmKernelExports>(
  module: WebAssembly.Module,
  bytes: number,
  options: OpenWasmOptions<E> = {},
): WasmWorkspace<E> | null {
  if (!(bytes <= WASM32_MAX_BYTES)) return null;
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES));
  const reuse = options.reuse;
  // The runtime refusing to grow a reused workspace: a fresh memory of the exact size may still fit.
  if (reuse != null && reuse.module === module && growTo(reuse.memory, pages)) return reuse;
  let memory: WebAssembly.Memory | null;
  if (options.memory !== undefined) memory = growTo(options.memory, pages) ? options.memory : null;
  else memory = reserveWasmMemory(bytes);
  if (memory === null) return null;
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as E;
  const base = options.base ?? WASM_DEFAULT_BASE;
  if (exports.heapBase() > base) {
    throw new Error(
      `internal: the kernel module's static data ends at byte ${exports.heapBase()}, above the workspace base ${base}; raise the base.`,
    );
  }
  return { module, memory, exports };
}

/**
 * The {@link CapacityError} a workspace constructor throws when {@link openWasmWorkspace} returned null.
 * @param what the workspace, e.g. `'Gaussian-mixture workspace'`
 * @param bytes the layout's size
 * @example
 * const ws = openWasmWorkspace<KmeansExports>(mod, layout.bytes);
 * if (ws === null) throw capacityError('k-means workspace', layout.bytes);
 */
export function capacityError(what: string, bytes: number): CapacityError {
  return new CapacityError(
    `${what} of ${bytes} bytes does not fit in wasm32 memory (at most ${WASM32_MAX_BYTES} bytes, or the runtime refused the allocation); use the TypeScript backend (setBackend('js')) or less data.`,
    bytes,
    WASM32_MAX_BYTES,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Resident data: a matrix allocated inside a WebAssembly memory, read in place by the kernels that adopt it.
// ---------------------------------------------------------------------------------------------------------------

/**
 * First byte of a resident data block ({@link allocateResident}): above every module's static data (the KDE
 * module's tables end below it), so any kernel module may be instantiated over a resident memory.
 */
export const WASM_RESIDENT_BASE = WASM_KDE_BASE;

/** A resident data block: its memory and byte range, and the workspace that last laid out its scratch space. */
interface ResidentBlock {
  readonly memory: WebAssembly.Memory;
  /** Byte range [start, end) of the data. */
  readonly start: number;
  readonly end: number;
  /** The token of the last workspace that claimed the scratch space above `end` (see {@link claimResident}). */
  tenant: object | null;
}

/** Resident blocks by their memory's buffer (a buffer detached by growth is never found: growth is never done). */
const residents = new WeakMap<ArrayBuffer, ResidentBlock>();

/**
 * Scratch bytes reserved above a resident block of `rows` rows: 16 MiB plus 16 bytes per row (a weight and a
 * label per row, the batch and chunk regions of mini-batch k-means). Pages never touched cost no physical memory
 * (the runtime zero-fills lazily), so the headroom is address space, not RSS.
 */
export function residentHeadroom(rows: number): number {
  return 16 * 1024 * 1024 + 16 * rows;
}

/**
 * A zero-filled Float64Array of `length` values inside a fresh `WebAssembly.Memory`, at byte
 * {@link WASM_RESIDENT_BASE}, with `headroom` bytes after it for the scratch regions of a kernel that adopts it
 * ({@link adoptResident}); null when it does not fit in wasm32 memory or the runtime refuses (the caller then
 * allocates a plain array). The memory is never grown (growth would detach the array), so the view stays valid for
 * the array's life.
 * @remarks The array cannot be transferred (postMessage with a transfer list): a wasm memory's buffer is not
 * detachable; a structured clone (copy) works. O(1) (pages are zero-filled lazily).
 * @example
 * const x = allocateResident(n * d, residentHeadroom(n)) ?? new Float64Array(n * d);
 */
export function allocateResident(length: number, headroom: number): Float64Array | null {
  const start = WASM_RESIDENT_BASE;
  const end = start + length * 8;
  const memory = reserveWasmMemory(alignUp(end) + headroom);
  if (memory === null) return null;
  residents.set(memory.buffer, { memory, start, end, tenant: null });
  return new Float64Array(memory.buffer, start, length);
}

/** The resident block x lies in (null: x is a plain array, or a view outside the block's data range). O(1). */
function residentBlock(x: Float64Array): ResidentBlock | null {
  const r = residents.get(x.buffer as ArrayBuffer);
  if (r === undefined || r.memory.buffer !== x.buffer) return null;
  return x.byteOffset >= r.start && x.byteOffset + x.byteLength <= r.end ? r : null;
}

/** Whether x lives in a resident block ({@link allocateResident}). O(1). */
export function isResident(x: Float64Array): boolean {
  return residentBlock(x) !== null;
}

/** A workspace over a resident block: the instance, and the layout of its scratch regions above the data. */
export interface ResidentWorkspace<E extends WasmKernelExports, K extends string> extends WasmWorkspace<E> {
  /** Byte offsets of the regions (laid out above the data block) and the end of the last one. */
  readonly layout: WasmLayout<K>;
  /** The token that {@link claimResident} checks: the workspace's scratch space is its own while it is the tenant. */
  readonly token: object;
}

/**
 * An instance of `module` over the memory of x's resident block, with `regions` laid out from the end of the data
 * block; null when x is not resident, or the regions do not fit in the headroom (the memory is never grown: that
 * would detach x), in which case the caller copies x into a workspace of its own. The new workspace claims the
 * scratch space ({@link claimResident}).
 * @remarks Kernels read x in place at its own byte offset; they never write the data block. Two workspaces over the
 * same block share its scratch space: the last to claim it owns it, and {@link isTenant} tells an older one that
 * its regions were overwritten. O(1) plus the instantiation.
 * @throws Error when the module's static data end above {@link WASM_RESIDENT_BASE} (a build fault)
 */
export function adoptResident<E extends WasmKernelExports, K extends string>(
  module: WebAssembly.Module,
  x: Float64Array,
  regions: readonly (readonly [K, number])[],
): ResidentWorkspace<E, K> | null {
  const r = residentBlock(x);
  if (r === null) return null;
  const layout = layoutWasm(regions, r.end);
  if (layout.bytes > r.memory.buffer.byteLength) return null;
  const ws = openWasmWorkspace<E>(module, layout.bytes, { memory: r.memory, base: r.start });
  if (ws === null) return null;
  const token = {};
  r.tenant = token;
  return { ...ws, layout, token };
}

/** Makes `ws` the owner of its resident block's scratch space again (its regions must then be rewritten). */
export function claimResident(ws: ResidentWorkspace<WasmKernelExports, string>): void {
  const r = residents.get(ws.memory.buffer);
  if (r !== undefined) r.tenant = ws.token;
}

/** Whether `ws` still owns its resident block's scratch space (no other workspace claimed it since). O(1). */
export function isTenant(ws: ResidentWorkspace<WasmKernelExports, string>): boolean {
  const r = residents.get(ws.memory.buffer);
  return r !== undefined && r.tenant === ws.token;
}

// ---------------------------------------------------------------------------------------------------------------
// Pooled memories: one spare memory per purpose, reused by the next fit instead of a new allocation per fit.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The largest memory the pool keeps between fits (256 MiB): a fit's larger memory is dropped when returned, so that
 * e.g. KMedoids' condensed matrix at n = 10 000 (400 MB) is not held after the fit until `releaseWasmMemory()`;
 * the next such fit allocates afresh. Smaller spares, the common case, are reused.
 */
export const POOL_KEEP_MAX_BYTES = 256 * 1024 * 1024;

/** The spare memory of each purpose (a fit returned it with {@link releasePooledMemory}). */
const pool = new Map<string, WebAssembly.Memory>();
/** Called by {@link releaseWasmMemory}: drops each kernel's cached workspaces. */
const releasers = new Set<() => void>();

/**
 * A memory of at least `bytes` bytes for `purpose`: the spare one a previous fit returned (grown when short — no
 * live view aliases a returned memory), else a fresh one; null as {@link reserveWasmMemory}. The memory is the
 * caller's until it returns it with {@link releasePooledMemory}; its old contents are not cleared.
 */
export function takePooledMemory(purpose: string, bytes: number): WebAssembly.Memory | null {
  const spare = pool.get(purpose);
  if (spare !== undefined) {
    pool.delete(purpose);
    if (bytes <= WASM32_MAX_BYTES && growTo(spare, Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)))) return spare;
  }
  return reserveWasmMemory(bytes);
}

/**
 * Returns a memory taken with {@link takePooledMemory}, for the next fit of the same purpose: the caller must hold
 * no view into it after this (the next owner overwrites it, and may grow it, which detaches old views). Keeps the
 * larger of it and a spare already pooled; a memory over {@link POOL_KEEP_MAX_BYTES} is not kept.
 */
export function releasePooledMemory(purpose: string, memory: WebAssembly.Memory): void {
  if (memory.buffer.byteLength > POOL_KEEP_MAX_BYTES) return; // too large to hold between fits: left to the GC
  const spare = pool.get(purpose);
  if (spare === undefined || spare.buffer.byteLength < memory.buffer.byteLength) pool.set(purpose, memory);
}

/** Registers a function that drops a kernel's cached workspaces, run by {@link releaseWasmMemory}. */
export function onReleaseWasmMemory(release: () => void): void {
  releasers.add(release);
}

/**
 * Drops every spare memory and cached workspace the kernels keep between fits (the pooled k-means memory, the
 * mini-batch workspace, the Gaussian-mixture workspace, KMedoids' dissimilarity matrix; a pool keeps none over
 * 256 MiB), so that the runtime can free them once nothing else refers to them. The next fit allocates again.
 * O(number of caches).
 * @example
 * new KMeans({ nClusters: 8 }).fit(X);
 * releaseWasmMemory(); // give the fit's workspace back before other work
 */
export function releaseWasmMemory(): void {
  pool.clear();
  for (const release of releasers) release();
}
