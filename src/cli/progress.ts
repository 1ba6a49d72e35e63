/**
 * Progress bars for long CLI loops: cli-progress on stderr, drawn only when stderr is a TTY and the command is not
 * `--quiet`; otherwise a no-op that costs nothing. Node only.
 * @module
 */
import cliProgress from 'cli-progress';
import type { ProgressCallback } from '../core/progress.js';

/** A progress reporter: advance it, then stop it (stop is idempotent). */
export interface Progress {
  /** Whether a bar is actually drawn. */
  readonly active: boolean;
  /** Advances by `n` (default 1). */
  tick(n?: number): void;
  /** Sets the current value (and optionally a new total). */
  update(value: number, total?: number): void;
  /** Finishes the bar and frees the line. */
  stop(): void;
}

const NOOP: Progress = { active: false, tick() {}, update() {}, stop() {} };

/** Seconds of work before a bar appears: short commands draw nothing. */
export const PROGRESS_DELAY_MS = 2000;

/**
 * The delay before a bar appears: {@link PROGRESS_DELAY_MS}, or the environment variable
 * `CLUSTERKIT_PROGRESS_DELAY_MS` (milliseconds ≥ 0; tests set 0).
 */
function progressDelay(): number {
  const v = Number(process.env.CLUSTERKIT_PROGRESS_DELAY_MS);
  return process.env.CLUSTERKIT_PROGRESS_DELAY_MS !== undefined && v >= 0 ? v : PROGRESS_DELAY_MS;
}

/**
 * Starts a progress bar labelled `label` for `total` steps on stderr.
 * @remarks Disabled (a no-op) when `quiet` is set or the stream is not a TTY (pipes, CI, tests), so callers need
 * no checks of their own. The bar is drawn only from the first update at least `delayMs` (default 2 s, see
 * {@link PROGRESS_DELAY_MS}) after the start, and only while work is left: a command that ends sooner draws
 * nothing. A total that is not positive draws nothing until an update gives one. `counts: false` leaves
 * `value/total` out of the line (when the unit changes on the way, as passes then chunks).
 * @example
 * ```ts
 * const bar = startProgress('predict', chunks, { quiet: o.quiet });
 * for (...) { ...; bar.tick(); }
 * bar.stop();
 * ```
 */
export function startProgress(
  label: string,
  total: number,
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream; counts?: boolean; delayMs?: number } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY) return NOOP;
  const showAt = Date.now() + (opts.delayMs ?? progressDelay());
  let bar: cliProgress.SingleBar | null = null;
  let value = 0;
  let max = total;
  let stopped = false;
  const draw = (): void => {
    if (bar === null) {
      if (!(max > 0) || value >= max || Date.now() < showAt) return;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% | ${opts.counts === false ? '' : '{value}/{total} | '}{duration_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(max, value);
      return;
    }
    bar.setTotal(max);
    bar.update(value);
  };
  return {
    active: true,
    tick(n = 1) {
      if (stopped) return;
      value += n;
      draw();
    },
    update(newValue, newTotal) {
      if (stopped) return;
      if (newTotal !== undefined) max = newTotal;
      value = newValue;
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar?.stop();
    },
  };
}

/**
 * A library `onProgress` callback ({@link ProgressCallback}: done, total) drawn as a bar labelled `label` (see
 * {@link startProgress}: TTY only, after the delay, not when quiet); `stop()` frees the line.
 * @example
 * ```ts
 * const p = progressCallback('kmeans', o);
 * try { km.fit(X, { onProgress: p.onProgress }); } finally { p.stop(); }
 * ```
 */
export function progressCallback(
  label: string,
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream; counts?: boolean } = {},
): { onProgress: ProgressCallback; stop(): void } {
  const bar = startProgress(label, 0, opts);
  return { onProgress: (done, total) => bar.update(done, total), stop: () => bar.stop() };
}

/**
 * Runs `run(onProgress)` with a bar labelled `label` ({@link progressCallback}), freeing the line afterwards, also
 * on a failure.
 * @example
 * ```ts
 * const km = withProgress('kmeans', o, (onProgress) => new KMeans(opts).fit(X, { onProgress }));
 * ```
 */
export function withProgress<T>(label: string, opts: { quiet?: boolean }, run: (onProgress: ProgressCallback) => T): T {
  const p = progressCallback(label, opts);
  try {
    return run(p.onProgress);
  } finally {
    p.stop();
  }
}

/** Distance terms (pairs × columns) from which an O(n²) step is announced before it starts: a few seconds' work. */
export const QUADRATIC_WARN_TERMS = 1e10;
/** Rough speed of the O(n²) distance loops, in terms per second, for the estimate in the warning. */
const TERMS_PER_SECOND = 3e9;

/** `95 s`, `12 min`, `3.1 h`. */
function roughDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toPrecision(2)} h`;
}

/**
 * Before an O(n²) step on n rows of d columns, warns on stderr when it is large (≥ {@link QUADRATIC_WARN_TERMS}
 * distance terms), with a rough time and `hint` (the sampled or low-memory option). Not when quiet.
 * @returns whether it warned
 * @example
 * ```ts
 * warnQuadratic('the exact silhouette', 1e6, 2, 'pass --sample-size 10000 for an estimate.', o.quiet);
 * ```
 */
export function warnQuadratic(what: string, n: number, d: number, hint: string, quiet?: boolean): boolean {
  const pairs = (n * (n - 1)) / 2;
  const terms = pairs * Math.max(d, 1);
  if (quiet || terms < QUADRATIC_WARN_TERMS) return false;
  process.stderr.write(
    `clusterkit: warning: ${what} on ${n} rows is O(n²): ${pairs.toExponential(1)} pairwise distances over ${d} column${d === 1 ? '' : 's'}, roughly ${roughDuration(terms / TERMS_PER_SECOND)} here or more; ${hint}\n`,
  );
  return true;
}
