/**
 * The WebAssembly SIMD modules (AssemblyScript sources in src/wasm/, compiled by `npm run build:wasm` into
 * src/engine/kernels/wasm/*.generated.ts as base64, with the TypeScript interface of their exports). Each is named after
 * what it holds: `kmeans` (assignment, Elkan/Hamerly bounds, k-means++ potentials), `gaussianMixture` (the EM
 * E-step and M-step sums), `linkage` (pairwise distances and the hierarchical-clustering loops), `pdist` (the rows
 * of pdist and cdist), `silhouette` (the per-sample, per-cluster distance sums) and `kde` (kernel-density sums).
 * One line per module in WASM_MODULES; a module whose generated file also has a `WASM_<NAME>_RELAXED_BASE64` (it
 * uses madd64/madd32) adds one line to WASM_RELAXED_MODULES too (test/kernels/relaxed.test.ts checks none is missing).
 * @module
 */
import { WASM_GAUSSIAN_MIXTURE_BASE64 } from './wasm/gaussianMixture.generated.js';
import { WASM_KDE_BASE64 } from './wasm/kde.generated.js';
import { WASM_KMEANS_BASE64, WASM_KMEANS_RELAXED_BASE64 } from './wasm/kmeans.generated.js';
import { WASM_LINKAGE_BASE64 } from './wasm/linkage.generated.js';
import { WASM_PDIST_BASE64 } from './wasm/pdist.generated.js';
import { WASM_SILHOUETTE_BASE64 } from './wasm/silhouette.generated.js';

/** Base64 binaries by module name. @internal */
export const WASM_MODULES = {
  kmeans: WASM_KMEANS_BASE64,
  gaussianMixture: WASM_GAUSSIAN_MIXTURE_BASE64,
  linkage: WASM_LINKAGE_BASE64,
  pdist: WASM_PDIST_BASE64,
  silhouette: WASM_SILHOUETTE_BASE64,
  kde: WASM_KDE_BASE64,
} as const;

/** A module name. */
export type WasmModuleName = keyof typeof WASM_MODULES;

/**
 * Relaxed-SIMD builds (`--enable relaxed-simd`: madd64/madd32 become relaxed_madd) by module name, for the modules
 * that have one. Used instead of the plain build only where the runtime validates them. @internal
 */
export const WASM_RELAXED_MODULES: Partial<Record<WasmModuleName, string>> = {
  kmeans: WASM_KMEANS_RELAXED_BASE64,
};
