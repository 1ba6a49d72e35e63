/**
 * Atomic file writes for the Node entry points: a temporary file beside the target, then a rename, so that a
 * reader never sees half a file.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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
 * @throws `ValidationError` naming `param` when the folder is missing, or the write or the rename fails (the
 * message names `path`, not the temporary file)
 * @example
 * writeAtomic('labels.csv', 'label\n0\n1\n', 'path');
 */
export function writeAtomic(path: string, content: string | Uint8Array, param: string): void {
  const tmp = atomicTempPath(path, param);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new ValidationError(`Cannot write ${path}: ${(e as Error).message.replaceAll(tmp, path)}`, { param });
  }
}

/**
 * The temporary file beside `path` for an atomic write, after checking that `path`'s folder exists.
 * @remarks O(1): one stat of the folder.
 * @throws `ValidationError` naming `param` when the folder is missing or is not a folder, naming the folder and
 * the fix (create it), so the error never names the temporary file
 * @example
 * const tmp = atomicTempPath('out/labels.csv', 'out'); // 'out/.labels.csv.3f9a…tmp'; throws when out/ is missing
 */
export function atomicTempPath(path: string, param: string): string {
  return join(checkOutputFolder(path, param), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Checks that the folder of the output file `path` exists and returns it (absolute).
 * @remarks O(1): one stat of the folder. The CLI calls it before any work, for every output option.
 * @throws `ValidationError` naming `param`, the folder and the fix (create it) when the folder is missing or is
 * not a folder
 * @example
 * checkOutputFolder('results/labels.csv', 'out'); // '/abs/results', or throws when results/ is missing
 */
export function checkOutputFolder(path: string, param: string): string {
  const folder = dirname(resolve(path));
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isDirectory()) {
    throw new ValidationError(
      `Cannot write ${path}: the folder ${folder} ${stat === undefined ? 'does not exist' : 'is not a folder'}; create it first (mkdir -p ${folder}) or choose another path.`,
      { param },
    );
  }
  return folder;
}
