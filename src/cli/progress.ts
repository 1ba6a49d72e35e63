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
 * `total` is not positive — so callers need no checks of their own.
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
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY || !(total > 0)) return NOOP;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
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
