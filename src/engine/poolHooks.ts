/**
 * The hooks a worker pool (Node's worker_threads pool, the browser's Web Worker pool) gives its helper sessions:
 * pass counters for tests and diagnostics, whether the calling thread may block, and what a stalled helper means.
 * @module
 * @internal
 */
import type { PoolHooks } from './kernels/pool.js';

/** Passes a pool's helper has completed, and how many of them used f32 expanded distances. */
export interface PoolCounters {
  passes: number;
  f32Passes: number;
}

/**
 * Session hooks that count the helper's passes into `counters`.
 *
 * @remarks
 * `canBlock` is read on every session (the browser's answer may change once the worker is probed); `onStall`
 * runs when the helper never picked a session up, so that later fits run on one thread. O(1) per hook call.
 * @param counters - incremented by one per finished pass, and by the f32 passes each pass reports
 * @param startTimeoutMs - how long a session waits for the helper to pick it up before giving up
 * @example
 * const counters = { passes: 0, f32Passes: 0 };
 * const hooks = countingHooks(counters, 5000, () => true, () => { failed = true; });
 */
export function countingHooks(
  counters: PoolCounters,
  startTimeoutMs: number,
  canBlock: () => boolean,
  onStall: () => void,
): PoolHooks {
  return {
    get canBlock() {
      return canBlock();
    },
    startTimeoutMs,
    onPass: () => {
      counters.passes++;
    },
    onF32Passes: (delta) => {
      counters.f32Passes += delta;
    },
    onStall,
  };
}
