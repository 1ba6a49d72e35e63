/**
 * The interface a k-means++ potentials kernel fills (the TypeScript reference in kmeans/init.ts, the wasm one in
 * ./plusPlusWasm.ts). Type only; it sits in the engine layer so that the kernels never import an algorithm.
 * @module
 */

/** Where a k-means++ run keeps its state and computes its potentials: the TS reference or a wasm workspace. */
export interface PlusPlusKernel {
  /** D(xᵢ)² so far (n; may be a view into wasm memory). */
  readonly closest: Float64Array;
  /** `plusPlusPots` (kmeans/init.ts) for candidates cand[0..L), L ≤ `PLUS_PLUS_GROUP` (8); pots (L) OUT. */
  pots(cand: Int32Array, L: number, pots: Float64Array): void;
  /** Row t of the last `pots` call's per-row values (n; a view, valid until the next call). */
  out(t: number): Float64Array;
  /** Frees what the kernel holds beyond its arrays (a worker pool's helper thread). */
  release?(): void;
}
