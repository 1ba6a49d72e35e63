/**
 * Progress bars for long CLI loops: cli-progress on stderr, drawn only when stderr is a TTY and the command is not
 * `--quiet`; otherwise a no-op that costs nothing. Node only.
 * @module
 */
import cliProgress from 'cli-progress';

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

/**
 * Starts a progress bar labelled `label` for `total` steps on stderr.
 * @remarks Disabled (a no-op) when `quiet` is set, when the stream is not a TTY (pipes, CI, tests), or when
 * `total` is not positive — so callers need no checks of their own. `counts: false` leaves `value/total` out of the
 * line (when the unit changes on the way, as passes then chunks).
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
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream; counts?: boolean } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY || !(total > 0)) return NOOP;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | ${opts.counts === false ? '' : '{value}/{total} | '}{duration_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let stopped = false;
  return {
    active: true,
    tick(n = 1) {
      if (!stopped) bar.increment(n);
    },
    update(value, newTotal) {
      if (stopped) return;
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
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
