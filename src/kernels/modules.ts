/**
 * The WebAssembly SIMD modules (AssemblyScript sources in src/wasm/, compiled by `npm run build:wasm` into
 * src/kernels/wasm/*.generated.ts as base64). One line per module.
 * @module
 */
import { WASM_KMEANS_BASE64 } from './wasm/kmeans.generated.js';

/** Base64 binaries by module name. @internal */
export const WASM_MODULES = {
  kmeans: WASM_KMEANS_BASE64,
} as const;

/** A module name. */
export type WasmModuleName = keyof typeof WASM_MODULES;
