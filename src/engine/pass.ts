/**
 * The pass interface: what an algorithm asks of the engine on each iteration, free of where the pass runs. A
 * k-means pass assigns every row to its nearest center and returns the per-cluster statistics — count (weight) and
 * Σ w·x — that merge by addition. An implementation (the TypeScript reference, WebAssembly SIMD, the worker pool,
 * later a SQL engine: one statement per pass) fills this interface; the algorithm's outer loop (for k-means,
 * src/kmeans/loop.ts) is written once over it. Implementations that split the rows between threads merge the
 * partial statistics in a fixed row-block order, so results are bit-identical for any number of threads.
 *
 * Only the k-means pass ({@link CenterPass}) is an interface today. The other fits choose their path once per fit
 * through `planPasses` too (Gaussian mixture: `planMixture` in src/mixture/wasm.ts; kernel density: the KDE
 * workspace), and their passes have the following shapes, for an engine that runs them elsewhere (the SQL engines):
 *
 * - **Gaussian mixture, one EM iteration = two passes** over the rows x (n×d, centered once per fit) with the
 *   current weights π, means μ and precision factors T (Σ⁻¹ = T·Tᵀ):
 *   1. *E-step and first moments*: per row, γᵢc = softmax_c(log πc + log 𝒩(xᵢ | μc, Σc)) (log-sum-exp) and ℓᵢ;
 *      returns Σᵢ ℓᵢ (k = 1 number, the log-likelihood), Σᵢ γᵢc (k) and Σᵢ γᵢc·xᵢ (k×d). The new means are
 *      μc = Σγx / (Σγ + 10·ε).
 *   2. *Second moments about the new means*: Σᵢ γᵢc·(xᵢ − μc)(xᵢ − μc)ᵀ (k×d×d upper triangle for full, summed over
 *      c for tied; the diagonal for diag; its trace for spherical). γ is recomputed from step 1's parameters, or
 *      kept where the engine can (the in-memory engine keeps the n×k responsibilities).
 *   Every returned statistic merges by addition. The second pass is about μ, not Σγxxᵀ − Σγ·μμᵀ: the one-pass form
 *   cancels catastrophically far from the origin and would not be bit-identical to scikit-learn's order, which the
 *   in-memory engine follows (src/mixture/covariance.ts). On the TypeScript and wasm backends the responsibilities
 *   stay in memory between the passes; on the pool the helper returns its rows' γ and ℓ, and the calling thread
 *   adds them after its own, in row order.
 * - **Kernel density, one pass per block of queries**: for queries y (m×d) and bandwidth h, per query
 *   Σᵢ wᵢ·K(‖yⱼ − xᵢ‖ / h) over the rows (or its log, by log-sum-exp): partial sums over row blocks merge by
 *   addition (log-add-exp for the logs) in a fixed block order; the k-d tree's pruning stays with the engine that
 *   holds the tree.
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
