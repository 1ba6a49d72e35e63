/**
 * A hook for running part of a kernel pass on another thread. The browser-safe core only defines the contract;
 * `src/node/pool.ts` (Node worker_threads) registers an implementation. When none is registered, or the work is
 * below {@link PARALLEL_MIN_WORK}, everything runs on the calling thread.
 *
 * Determinism: helpers only compute per-row results (labels) for a fixed range of rows; every reduction (the
 * per-cluster sums) stays on the calling thread in row order, so results are bit-identical whatever the number of
 * threads.
 * @module
 */

/** A session of one fit: rows [h, n) of x assigned to the nearest centre on a helper thread, once per pass. */
export interface ParallelAssignSession {
  /** Starts assigning the helper's rows to `centers` (k×d); returns at once. */
  start(centers: Float64Array): void;
  /**
   * Blocks until the pass started by `start` is done; returns the labels of rows [h, n) (valid until `start`), or
   * null when the helper failed (the caller then does those rows itself).
   */
  wait(): Int32Array | null;
  /** Ends the session (frees the helper's copy of the rows). */
  end(): void;
}

/**
 * A session of one Elkan or Hamerly fit: the helper keeps rows [h, n) of x and their bounds in its own memory and
 * runs, per call, the same kernels the calling thread runs on rows [0, h) (src/wasm/kmeans.ts), so every row's
 * label and bounds are bit-identical whichever thread owns it. The per-cluster sums stay on the calling thread.
 */
export interface ParallelBoundsSession {
  /** Starts the initial exact assignment of the helper's rows to `centers` (k×d); returns at once. */
  init(centers: Float64Array): void;
  /**
   * Starts one pass over the helper's rows: the bound update by `shift` (k, when `move`), then the bound test and
   * refresh against `centers` (when `step`); returns at once.
   */
  start(centers: Float64Array, shift: Float64Array, move: boolean, step: boolean): void;
  /** Blocks until the started call is done; the labels of rows [h, n) (valid until the next call), or null on failure. */
  wait(): Int32Array | null;
  /** Ends the session (frees the helper's rows and bounds). */
  end(): void;
}

/** Something that can run assignment passes for rows [h, n) on another thread. */
export interface ParallelAssignProvider {
  /** Opens a session for rows [h, n) of x (n×d, k centres), or returns null when no helper is available. */
  begin(x: Float64Array, n: number, d: number, k: number, h: number): ParallelAssignSession | null;
  /**
   * Opens an Elkan (`kind` 'elkan') or Hamerly session for rows [h, n) of x with the driver's pruning margin
   * `slack`, or returns null when no helper is available.
   */
  beginBounds?(
    kind: 'elkan' | 'hamerly',
    x: Float64Array,
    n: number,
    d: number,
    k: number,
    h: number,
    slack: number,
  ): ParallelBoundsSession | null;
}

/**
 * Below this much work per pass (≈ 0.3–0.5 ms) a helper thread costs more than it saves. Callers measure the work
 * of a k-means pass as n·k·(d + 8): multiply–adds plus the per-row, per-centre bookkeeping.
 */
export const PARALLEL_MIN_WORK = 2_000_000;

let provider: ParallelAssignProvider | null = null;

/** Registers (or, with null, removes) the helper-thread provider. @internal */
export function setParallelProvider(p: ParallelAssignProvider | null): void {
  provider = p;
}

/** The registered provider when a pass of `work` multiply–adds should be split, else null. @internal */
export function parallelProvider(work: number): ParallelAssignProvider | null {
  return work >= PARALLEL_MIN_WORK ? provider : null;
}
