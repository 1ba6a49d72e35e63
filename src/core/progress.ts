/**
 * Progress callbacks of long fits. The library never prints: an estimator's `fit(X, { onProgress })` calls back
 * with the work done so far, and the caller (the CLI's bar, a web worker's message) shows it.
 * @module
 */

/**
 * Called during a long computation with `done` units of work out of `total`: `done` never decreases, the last call
 * has `done === total`, and the calls are coarse (per iteration, per merge block, per chunk of rows — about a
 * hundred per fit at most, never one per point). A callback does not change the result. The unit depends on the
 * estimator (iterations against the `maxIter` budget of every run, merges, rows); see each `fit`.
 * @example
 * new KMeans({ nClusters: 8 }).fit(X, { onProgress: (done, total) => console.log(`${((100 * done) / total).toFixed(0)} %`) });
 */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * A throttled reporter of `total` units: `report(done)` calls `cb(done, total)` when `done` has advanced by at
 * least total/`steps` since the last call, and always for `done === total` (once). Non-increasing values are
 * dropped, so the callback sees a monotone sequence. A no-op without a callback.
 * @param cb - the caller's callback (or undefined: nothing to do)
 * @param total - the units of work
 * @param steps - about how many calls at most (default 100)
 * @returns report(done)
 * @example
 * const report = progressSteps(onProgress, n - 1);
 * for (let merge = 0; merge < n - 1; merge++) { ...; report(merge + 1); }
 */
export function progressSteps(cb: ProgressCallback | undefined, total: number, steps = 100): (done: number) => void {
  if (cb === undefined || !(total > 0)) return () => {};
  const stride = Math.max(1, total / steps);
  let last = 0;
  let next = stride;
  return (done) => {
    if (done <= last || last >= total) return;
    if (done < next && done < total) return;
    last = Math.min(done, total);
    next = last + stride;
    cb(last, total);
  };
}

/**
 * Progress of `runs` iterated runs (restarts) of at most `maxIter` iterations each, in units of iterations against
 * that budget (total = runs·maxIter): `report(run, iterations)` after each iteration of 0-based run `run`, and
 * `report(run, maxIter)` when the run stops (a run that converges early jumps to its end). Monotone, ends at total.
 * @returns report(run, iterationsDone)
 * @example
 * const report = iterationProgress(onProgress, nInit, maxIter);
 * // in the loop: report(r, it + 1); after it: report(r, maxIter)
 */
export function iterationProgress(
  cb: ProgressCallback | undefined,
  runs: number,
  maxIter: number,
): (run: number, iterations: number) => void {
  const report = progressSteps(cb, runs * maxIter, Number.POSITIVE_INFINITY);
  return (run, iterations) => report(run * maxIter + Math.min(iterations, maxIter));
}

/**
 * Progress of `phases` passes over n rows (core distances, then the ordering, …), in units of rows: total =
 * phases·n; `report(phase, rows)` with the rows done in 0-based `phase` (call it every few hundred rows and with n
 * at the end of the phase: the callback is throttled to about a hundred calls).
 * @returns report(phase, rowsDone)
 * @example
 * const report = phaseProgress(onProgress, 2, n);
 * for (let i = 0; i < n; i++) { ...; if ((i & 1023) === 0) report(0, i); }
 * report(0, n);
 */
export function phaseProgress(
  cb: ProgressCallback | undefined,
  phases: number,
  n: number,
): (phase: number, rows: number) => void {
  const report = progressSteps(cb, phases * n);
  return (phase, rows) => report(phase * n + Math.min(rows, n));
}
