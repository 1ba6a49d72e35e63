/**
 * The interface a k-means++ seeding kernel fills (the TypeScript reference in kmeans/init.ts, the wasm one in
 * ./plusPlusWasm.ts), and the block size of its partial sums. Type and constants only; it sits in the engine layer
 * so that the kernels never import an algorithm.
 * @module
 */

/** Candidates per {@link PlusPlusKernel.pots} call (the wasm kernel's register tile). */
export const PLUS_PLUS_GROUP = 8;

/**
 * Rows per block of the seeding's partial sums. Every potential and every cumulative D² weight is a sum of block
 * partials (each summed over its rows in order from 0) added in block order, and a helper thread owns whole blocks,
 * so the sums — and the sampled and chosen centres — do not depend on the number of threads. Fixed: it must not
 * change with the worker count.
 */
export const PLUS_PLUS_BLOCK = 512;

/**
 * Where a k-means++ seeding keeps D(xᵢ)² (the squared distance of each row to its nearest chosen centre, +∞ before
 * the first) and computes its candidates' potentials: the TS reference or wasm workspaces (one per thread, each
 * holding its rows for the whole seeding). Blocks are rows [b·B, min(n, (b+1)·B)), B = {@link PLUS_PLUS_BLOCK}.
 */
export interface PlusPlusKernel {
  /**
   * Candidates cand[0..l) (rows of x; l ≤ {@link PLUS_PLUS_GROUP}), numbered g..g+l−1 within the step: for each
   * row i, mₜᵢ = min(D(xᵢ)², max(0, (‖xᵢ‖² + ‖c‖²) − 2·Σⱼ xᵢⱼ·cⱼ)) is kept, and parts[8b + t] = Σᵢ wᵢ·mₜᵢ over
   * block b's rows in order from 0, for every block b (parts 8·⌈n / B⌉ OUT).
   */
  pots(cand: Int32Array, l: number, g: number, parts: Float64Array): void;
  /** D(xᵢ)² := mₜᵢ of the step's candidate t (numbered as in `pots`): the chosen centre. */
  choose(t: number): void;
  /**
   * For each query q < nq: rows[q] = the first row i of block blocks[q] with ¬(bases[q] + aᵢ < rs[q]), aᵢ =
   * Σ wᵢ'·D(xᵢ')² over the block's rows up to i in order from 0, or the block's last row (rows nq OUT).
   */
  sample(blocks: Int32Array, bases: Float64Array, rs: Float64Array, nq: number, rows: Int32Array): void;
  /** Frees what the kernel holds beyond its arrays (a worker pool's helper thread). */
  release?(): void;
}
