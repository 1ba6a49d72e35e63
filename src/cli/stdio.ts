/**
 * A closed standard output (`clusterkit … | head -c 5`) ends the command quietly, as `head` users expect: the
 * EPIPE is swallowed, later writes are dropped, and the exit code stays what the command set (0 on success).
 * @module
 */

const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/**
 * Makes `stream` (process.stdout) ignore the reader going away: an EPIPE error event is swallowed instead of
 * crashing the process with a stack trace; any other stream error is rethrown.
 * @example
 * quietOnClosedPipe(process.stdout);
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== undefined && CLOSED.has(e.code)) {
      // The reader is gone: nothing more can be shown. Drop further writes so none raise again.
      stream.write = (() => true) as typeof stream.write;
      return;
    }
    throw e;
  });
}
