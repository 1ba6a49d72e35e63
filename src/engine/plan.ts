/**
 * Where a fit's passes run, decided once per fit: the TypeScript reference kernels, the WebAssembly SIMD kernels,
 * or the WebAssembly kernels with a worker pool's helper thread taking half of the rows. Every condition that
 * chooses the path is read here, in one place: the backend setting (`setBackend`: 'js' never, 'wasm' always,
 * 'auto' above {@link WASM_MIN_WORK}), whether the runtime compiles the kernel module (WebAssembly SIMD; the relaxed
 * build where it validates), and whether a pool is enabled with a pass large enough to split
 * ({@link PARALLEL_MIN_WORK}). What can only be known while the fit runs — the rows fit in wasm32 memory, the helper
 * is free (one session at a time), f32 distances apply to the values — the algorithm records as it goes, so
 * {@link describeBackend} names the path that actually ran.
 *
 * The plan holds no WebAssembly detail beyond the backend's name: an engine that runs passes elsewhere (a SQL
 * engine: one statement per pass returning per-cluster counts, sums and inertia) is one more backend.
 * @module
 */
import { useWasm, WASM_MIN_WORK } from './kernels/backend.js';
import type { WasmModuleName } from './kernels/modules.js';
import { PARALLEL_MIN_WORK, parallelProvider } from './kernels/parallel.js';

export { PARALLEL_MIN_WORK, WASM_MIN_WORK };

/** The size of one pass over the data, as the plan weighs it. */
export interface PassSize {
  /** Multiply–adds per pass on one thread (n·k·d for a k-means pass): the wasm threshold's measure. */
  work: number;
  /** The pass's work as the pool measures it (n·k·(d + 8) for Lloyd, 4·n·(d + k) for Elkan/Hamerly). */
  poolWork: number;
  /** The kernel module the pass runs in (default: the k-means kernels). */
  module?: WasmModuleName;
  /**
   * The least poolWork at which this pass is split with the pool's helper (default {@link PARALLEL_MIN_WORK}); a
   * kernel whose handover costs more sets its own, e.g. {@link PLUS_PLUS_POOL_MIN_WORK}.
   */
  poolMinWork?: number;
}

/**
 * Multiply–adds per k-means++ step (n·d·tile width) from which a worker pool's helper takes the blocks of rows
 * from the middle on. The helper keeps its rows and their D² for the whole seeding, so a step hands over only the
 * candidates and per-block partial sums: the split pays from the pool's general threshold on (measured: the
 * calling thread's CPU per seeding 14.3 → 9.5 ms at n·d·4 = 1.9·10⁶, 24.8 → 16.7 ms at 2·10⁶, 60.5 → 31.4 ms at
 * 6.4·10⁶). Its own constant, as a kernel whose handover costs more would raise it.
 */
export const PLUS_PLUS_POOL_MIN_WORK = PARALLEL_MIN_WORK;

/** Where a fit's passes run. */
export interface ExecutionPlan {
  /** `'wasm'`: the WebAssembly SIMD kernels; `'js'`: the TypeScript reference kernels. */
  readonly backend: 'js' | 'wasm';
  /** Threads a pass may use: 2 when a worker pool is enabled and the pass is large enough to split, else 1. */
  readonly threads: 1 | 2;
}

/**
 * Decides where a fit's passes run, once, before the first pass.
 * @remarks `backend` is `'wasm'` when `useWasm(work)` holds (setting 'wasm', or 'auto' with work ≥ 20 000, and
 * the kernel module compiles here), else `'js'`; `threads` is 2 when the backend is wasm and a worker pool is
 * registered with poolWork ≥ poolMinWork (default 2·10⁶), else 1. O(1) (the module compiles once per process).
 * @param size the pass's work
 * @returns the plan
 * @example
 * planPasses({ work: n * k * d, poolWork: n * k * (d + 8) }); // { backend: 'wasm', threads: 1 }
 */
export function planPasses(size: PassSize): ExecutionPlan {
  if (!useWasm(size.work, size.module ?? 'kmeans')) return { backend: 'js', threads: 1 };
  const split = size.poolWork >= (size.poolMinWork ?? PARALLEL_MIN_WORK) && parallelProvider(size.poolWork) !== null;
  return { backend: 'wasm', threads: split ? 2 : 1 };
}

/** The path a fit took (see {@link describeBackend}). */
export interface BackendUsed {
  /** The kernels that ran. */
  backend: 'js' | 'wasm';
  /** Whether f32 expanded distances ran in at least one pass (`setKernelPrecision`, d > 16). */
  f32?: boolean;
  /** Threads the passes ran on (2 when the pool's helper took half of the rows). */
  threads: number;
}

/**
 * The name of the path a fit took, as `model.backend` reports it and `clusterkit --verbose` prints it: `'js'` (the
 * TypeScript reference), `'wasm'` (WebAssembly SIMD, f64), `'wasm-f32'` (f32 expanded distances with the exact f64
 * check), each wasm one followed by `'+pool(T)'` when T threads shared the passes: `'wasm+pool(2)'`,
 * `'wasm-f32+pool(2)'`.
 * @param used the path
 * @returns its name
 * @example
 * describeBackend({ backend: 'wasm', threads: 2 }); // 'wasm+pool(2)'
 */
export function describeBackend(used: BackendUsed): string {
  if (used.backend === 'js') return 'js';
  const base = used.f32 === true ? 'wasm-f32' : 'wasm';
  return used.threads > 1 ? `${base}+pool(${used.threads})` : base;
}
