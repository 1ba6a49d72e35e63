/**
 * Kernel backend selection: the plain-TypeScript kernels (the reference and the fallback) or the WebAssembly SIMD
 * kernels (src/wasm, shipped inlined as base64 and compiled synchronously on first use). Modules that have a
 * relaxed-SIMD build (fused multiply–adds) use it where the runtime validates it, unless {@link setRelaxedSimd}
 * turns that off.
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { WASM_MODULES, WASM_RELAXED_MODULES, type WasmModuleName } from './modules.js';

/** `'auto'`: WebAssembly SIMD where the runtime supports it, else JS; `'wasm'`: require it; `'js'`: never use it. */
export type KernelBackend = 'auto' | 'wasm' | 'js';
/** Every backend name. */
export const KERNEL_BACKENDS: readonly KernelBackend[] = ['auto', 'wasm', 'js'];

/** Which build of a kernel module runs: `'relaxed'` (relaxed SIMD, fused multiply–adds) or `'simd'` (plain). */
export type KernelVariant = 'relaxed' | 'simd';

function env(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}

function envBackend(): KernelBackend {
  const v = env()?.CLUSTERKIT_BACKEND;
  return v === 'wasm' || v === 'js' ? v : 'auto';
}

function envRelaxed(): boolean {
  const v = env()?.CLUSTERKIT_RELAXED_SIMD;
  return !(v === '0' || v === 'false' || v === 'off');
}

let current: KernelBackend = envBackend();
let relaxedSetting = envRelaxed();
interface Compiled {
  module: WebAssembly.Module | null;
  variant: KernelVariant | null;
}
const compiledByName = new Map<WasmModuleName, Compiled>();
const pendingByName = new Map<WasmModuleName, Promise<WebAssembly.Module | null>>();
/** Bumped when the relaxed setting changes, so that an asynchronous compile started before does not land. */
let generation = 0;
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

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/**
 * The binary to compile for `name`: the relaxed-SIMD build when the setting allows it and the runtime validates
 * it (Chromium ≥ 114, Node ≥ 22, Node 20 with `--experimental-wasm-relaxed-simd`), else the plain SIMD build when
 * it validates, else null.
 */
function chooseBinary(name: WasmModuleName): { bytes: Uint8Array<ArrayBuffer>; variant: KernelVariant } | null {
  const relaxed = relaxedSetting ? WASM_RELAXED_MODULES[name] : undefined;
  if (relaxed !== undefined) {
    const bytes = decodeBase64(relaxed);
    if (validates(bytes)) return { bytes, variant: 'relaxed' };
  }
  const bytes = decodeBase64(WASM_MODULES[name]);
  return validates(bytes) ? { bytes, variant: 'simd' } : null;
}

/**
 * The compiled kernel module `name` (default: the k-means kernels), or null where WebAssembly SIMD is unavailable
 * (no WebAssembly, the SIMD probe does not validate, or synchronous compilation is refused — e.g. a browser main
 * thread with a size limit, in which case it is compiled asynchronously for later calls; see {@link wasmReady}).
 * The relaxed-SIMD build is preferred where it validates and {@link setRelaxedSimd} allows it (see
 * {@link kernelVariant}). Compiled once, on first call. @internal
 */
export function kernelModule(name: WasmModuleName = 'kmeans'): WebAssembly.Module | null {
  const have = compiledByName.get(name);
  if (have !== undefined) return have.module;
  compiledByName.set(name, { module: null, variant: null });
  if (!simdSupported()) return null;
  const chosen = chooseBinary(name);
  if (chosen === null) return null;
  try {
    const m = new WebAssembly.Module(chosen.bytes);
    compiledByName.set(name, { module: m, variant: chosen.variant });
    return m;
  } catch {
    // Synchronous compilation refused: compile asynchronously, so that later calls use the kernels.
    const gen = generation;
    pendingByName.set(
      name,
      WebAssembly.compile(chosen.bytes).then(
        (m) => {
          if (gen !== generation) return null;
          compiledByName.set(name, { module: m, variant: chosen.variant });
          return m;
        },
        () => null,
      ),
    );
    return null;
  }
}

/**
 * Which build of kernel module `name` the WebAssembly path runs: `'relaxed'` (relaxed SIMD: fused multiply–adds in
 * the expanded distances), `'simd'` (plain 128-bit SIMD), or null (no WebAssembly SIMD: the TypeScript kernels run).
 * Results are the same either way (each kernel's precision guard covers both roundings).
 * @example
 * kernelVariant('kmeans'); // 'simd' on Node 20, 'relaxed' in current Chromium
 */
export function kernelVariant(name: WasmModuleName = 'kmeans'): KernelVariant | null {
  kernelModule(name);
  return compiledByName.get(name)?.variant ?? null;
}

/**
 * Allows (default) or forbids the relaxed-SIMD builds of the kernel modules (a global setting; the environment
 * variable CLUSTERKIT_RELAXED_SIMD=0 sets the initial value to false). Where allowed they run only if the runtime
 * validates them; labels and sums are the same either way, only speed differs. Takes effect for modules compiled
 * afterwards (cached k-means workspaces built from the other module are rebuilt on their next use); on a browser
 * main thread, where the
 * modules compile asynchronously, `await wasmReady()` again after changing it.
 * @example
 * setRelaxedSimd(false); // plain SIMD builds only
 */
export function setRelaxedSimd(on: boolean): void {
  if (typeof on !== 'boolean') {
    throw new ValidationError(
      `setRelaxedSimd expects true or false; got ${JSON.stringify(on)}.`,
      { param: 'relaxedSimd' },
      'INVALID_OPTION',
    );
  }
  if (on === relaxedSetting) return;
  relaxedSetting = on;
  generation++;
  compiledByName.clear();
  pendingByName.clear();
}

/**
 * Whether the relaxed-SIMD builds are allowed (see {@link setRelaxedSimd}).
 * @example
 * getRelaxedSimd(); // true unless turned off
 */
export function getRelaxedSimd(): boolean {
  return relaxedSetting;
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
