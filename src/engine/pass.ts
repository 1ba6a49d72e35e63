/**
 * The pass interface: what an algorithm asks of the engine on each iteration, free of where the pass runs. A
 * k-means pass assigns every row to its nearest center and returns the per-cluster statistics — count (weight) and
 * Σ w·x — that merge by addition. An implementation (the TypeScript reference, WebAssembly SIMD, the worker pool,
 * later a SQL engine: one statement per pass) fills this interface; the algorithm's outer loop (for k-means,
 * src/kmeans/loop.ts) is written once over it. Implementations that split the rows between threads merge the
 * partial statistics in a fixed row-block order, so results are bit-identical for any number of threads.
 * @module
 */
import type { BackendUsed } from './plan.js';

/**
 * One k-means fit's passes over the rows x (n×d) with weights w, on one backend (a "stepper"). Plain Lloyd passes
 * assign every row; bounds-pruned passes (Elkan, Hamerly) keep per-row bounds between passes and skip rows that the
 * triangle inequality proves unchanged — same labels, same statistics.
 */
export interface CenterPass {
  /** The current labels (n; live, may be the backend's own memory): valid after each {@link CenterPass.step}. */
  readonly labels: Int32Array;
  /** n: squared distance of each row to its assigned center, valid after {@link CenterPass.labelSq}. */
  readonly minSq: Float64Array;
  /** k: how far each center moved in the last iteration (written by the loop; bounds passes read it). */
  readonly shift: Float64Array;
  /**
   * Iteration `it`: (after the first) moves the bounds by {@link CenterPass.shift}, assigns the rows to `centers`
   * (k×d, IN) and writes the per-cluster sums Σ w·x into `sums` (k×d, OUT) and weights into `weights` (k, OUT).
   * @returns 0 exactly when no row changed label against the previous iteration (strict convergence), else a
   *   positive number (backends that count give the number of rows that changed; every row counts in the first)
   */
  step(it: number, centers: Float64Array, sums: Float64Array, weights: Float64Array): number;
  /** Fills {@link CenterPass.minSq} with each row's exact squared distance to its center in the last step's centers. */
  labelSq(): void;
  /**
   * The final labels and inertia Σ w·‖x − c‖² against `centers` (k×d, IN); unless `assigned` (the last step's labels
   * already belong to these centers), assigns every row first.
   */
  finish(centers: Float64Array, assigned: boolean): { labels: Int32Array; inertia: number };
  /** The path the passes took so far. */
  used(): BackendUsed;
  /** Frees what the passes hold (a helper thread's session). Called once, also after a failure. */
  end(): void;
}
