/**
 * Kernel backend selection: the plain-TypeScript kernels (the reference and the fallback) or the WebAssembly SIMD
 * kernels (src/wasm, shipped inlined as base64 and compiled synchronously on first use).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { WASM_MODULES, type WasmModuleName } from './modules.js';

/** `'auto'`: WebAssembly SIMD where the runtime supports it, else JS; `'wasm'`: require it; `'js'`: never use it. */
export type KernelBackend = 'auto' | 'wasm' | 'js';
/** Every backend name. */
export const KERNEL_BACKENDS: readonly KernelBackend[] = ['auto', 'wasm', 'js'];

function envBackend(): KernelBackend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.CLUSTERKIT_BACKEND;
  return v === 'wasm' || v === 'js' ? v : 'auto';
}

let current: KernelBackend = envBackend();
const compiledByName = new Map<WasmModuleName, WebAssembly.Module | null>();
const pendingByName = new Map<WasmModuleName, Promise<WebAssembly.Module | null>>();
let simdOk: boolean | undefined;

/** A minimal module using one SIMD instruction (i8x16.splat + i8x16.popcnt), as wasm-feature-detect's probe. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function simdSupported(): boolean {
  if (simdOk === undefined) {
    try {
      simdOk = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simdOk = false;
    }
  }
  return simdOk;
}

/**
 * The compiled kernel module `name` (default: the k-means kernels), or null where WebAssembly SIMD is unavailable
 * (no WebAssembly, the SIMD probe does not validate, or synchronous compilation is refused — e.g. a browser main
 * thread with a size limit, in which case it is compiled asynchronously for later calls; see {@link wasmReady}).
 * Compiled once, on first call. @internal
 */
export function kernelModule(name: WasmModuleName = 'kmeans'): WebAssembly.Module | null {
  const have = compiledByName.get(name);
  if (have !== undefined) return have;
  compiledByName.set(name, null);
  if (!simdSupported()) return null;
  let bytes: Uint8Array<ArrayBuffer> | null = null;
  try {
    bytes = decodeBase64(WASM_MODULES[name]);
    if (!WebAssembly.validate(bytes)) return null;
    const m = new WebAssembly.Module(bytes);
    compiledByName.set(name, m);
    return m;
  } catch {
    // Synchronous compilation refused: compile asynchronously, so that later calls use the kernels.
    if (bytes !== null)
      pendingByName.set(
        name,
        WebAssembly.compile(bytes).then(
          (m) => {
            compiledByName.set(name, m);
            return m;
          },
          () => null,
        ),
      );
    return null;
  }
}

/**
 * Resolves when the WebAssembly kernels are ready (true) or known to be unavailable (false). Only needed where
 * synchronous compilation is refused (a browser main thread): await it once before the first fit to use them.
 * @example
 * await wasmReady();
 */
export async function wasmReady(): Promise<boolean> {
  let ok = true;
  for (const name of Object.keys(WASM_MODULES) as WasmModuleName[]) {
    if (kernelModule(name) !== null) continue;
    const p = pendingByName.get(name);
    if (p === undefined || (await p) === null) ok = false;
  }
  return ok;
}

/**
 * Whether the WebAssembly SIMD kernels can run here (WebAssembly with 128-bit SIMD: Node ≥ 16.4, current browsers).
 * @example
 * if (!isWasmAvailable()) console.warn('clusterkit: plain JS kernels only');
 */
export function isWasmAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * Selects the kernel backend for every later fit (a global setting; the environment variable CLUSTERKIT_BACKEND
 * = `wasm` | `js` sets the initial value, for tests). Results do not depend on it: the WebAssembly kernels give the
 * same labels, and floats equal to the TypeScript reference (see each kernel's contract).
 * @throws {@link ValidationError} on an unknown name, or `'wasm'` where WebAssembly SIMD is unavailable
 * @example
 * setBackend('js'); // plain TypeScript kernels only
 */
export function setBackend(backend: KernelBackend): void {
  if (!KERNEL_BACKENDS.includes(backend)) {
    throw new ValidationError(
      `backend must be one of 'auto', 'wasm', 'js'; got ${JSON.stringify(backend)}.`,
      { param: 'backend' },
      'INVALID_OPTION',
    );
  }
  if (backend === 'wasm' && !isWasmAvailable()) {
    throw new ValidationError(
      "backend 'wasm' needs WebAssembly with SIMD, which this runtime lacks; use 'auto' or 'js'.",
      { param: 'backend' },
      'INVALID_OPTION',
    );
  }
  current = backend;
}

/**
 * The selected backend (see {@link setBackend}).
 * @example
 * getBackend(); // 'auto'
 */
export function getBackend(): KernelBackend {
  return current;
}

/** Below this many multiply–adds per pass, 'auto' keeps the JS kernel (instantiation and copies would dominate). */
export const WASM_MIN_WORK = 20_000;

/**
 * Whether a kernel doing `work` multiply–adds per pass should take the WebAssembly path: always when the backend
 * is 'wasm', never when 'js', above {@link WASM_MIN_WORK} when 'auto' (and the runtime supports it); `name` is the
 * module the kernel lives in. @internal
 */
export function useWasm(work: number, name: WasmModuleName = 'kmeans'): boolean {
  if (current === 'js') return false;
  if (current === 'auto' && work < WASM_MIN_WORK) return false;
  return kernelModule(name) !== null;
}
