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
