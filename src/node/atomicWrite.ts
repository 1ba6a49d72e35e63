/**
 * Atomic file writes for the Node entry points: a temporary file beside the target, then a rename, so that a
 * reader never sees half a file.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ValidationError } from '../core/errors.js';

/**
 * Writes `content` to `path` atomically: into `.NAME.RANDOM.tmp` in the same directory, then renamed over `path`
 * (removing the temporary file when either step fails).
 *
 * @remarks
 * A rename within one directory replaces the target in one step on POSIX file systems, so readers see the old
 * file or the new one. O(size of content).
 * @param param - the option or argument named by the error (`'out'` on the command line, `'path'` in the API)
 * @throws `ValidationError` naming `param` when the write or the rename fails
 * @example
 * writeAtomic('labels.csv', 'label\n0\n1\n', 'path');
 */
export function writeAtomic(path: string, content: string | Uint8Array, param: string): void {
  const tmp = join(dirname(resolve(path)), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new ValidationError(`Cannot write ${path}: ${(e as Error).message}`, { param });
  }
}
