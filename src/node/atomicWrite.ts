/**
 * File writes for the Node entry points: a regular file is replaced atomically (a temporary file beside it, then a
 * rename), so that a reader never sees half a file; anything else (a character device such as /dev/null, a FIFO,
 * /dev/stdout) is written through, never replaced. Symbolic links stay links: the file they point to is replaced.
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ValidationError } from '../core/errors.js';

/**
 * A write that failed for a reason that is not the caller's choice of path (disk full, I/O error, quota): the CLI
 * reports it on one line with exit code 1, where a bad path (missing folder, no permission) is exit 2.
 */
export class OutputWriteError extends Error {
  /** The system error code, e.g. `'ENOSPC'`. */
  readonly code: string;
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = 'OutputWriteError';
  }
}

/** A write prepared by `prepareWrite`: `commit()` makes it visible, `abort()` leaves the target untouched. */
export interface PreparedWrite {
  readonly path: string;
  commit(): void;
  abort(): void;
}

/** Paths that name the process's own standard output or error (never opened: opening would truncate a file). */
const STD_FD: Record<string, number> = {
  '/dev/stdout': 1,
  '/dev/fd/1': 1,
  '/proc/self/fd/1': 1,
  '/dev/stderr': 2,
  '/dev/fd/2': 2,
  '/proc/self/fd/2': 2,
};

/** The standard stream (1 or 2) that `path` names, else undefined. */
export function standardStreamOf(path: string): 1 | 2 | undefined {
  return STD_FD[path] as 1 | 2 | undefined;
}

const USER_CODES: Record<string, string> = {
  EACCES: 'permission denied; choose a folder you can write to',
  EPERM: 'operation not permitted; choose a folder you can write to',
  EROFS: 'the file system is read-only; choose a writable folder',
  EISDIR: 'it is a folder; name a file',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

/** Maps a failed system call on `path` to a typed error: a bad path → ValidationError, the rest → OutputWriteError. */
function writeFailure(path: string, e: unknown, param: string): Error {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const dir = dirname(resolve(path));
  if (code === 'ENOENT')
    return new ValidationError(`Cannot write ${path}: the folder ${dir} does not exist; create it first.`, { param });
  if (code === 'ENOTDIR')
    return new ValidationError(`Cannot write ${path}: a part of ${dir} is a file, not a folder.`, { param });
  const why = USER_CODES[code];
  if (why !== undefined) return new ValidationError(`Cannot write ${path}: ${why} (${code}).`, { param });
  const reason = code === 'ENOSPC' ? 'no space left on device' : ((e as Error).message ?? String(e));
  return new OutputWriteError(`Cannot write ${path}: ${reason}${code ? ` (${code})` : ''}.`, code || 'EIO', {
    cause: e,
  });
}

/**
 * Where a write to `path` goes: a standard stream (`fd`), through to a device, FIFO or socket (never replaced), or
 * to a temporary file `tmp` beside `target` (the file a symbolic link names) that a rename puts in place.
 * @throws `ValidationError` naming `param` when `path` is a folder
 */
function placeOf(
  path: string,
  param: string,
): { kind: 'std'; fd: 1 | 2 } | { kind: 'through' } | { kind: 'replace'; target: string; tmp: string } {
  const fd = standardStreamOf(path);
  if (fd !== undefined) return { kind: 'std', fd };
  const st = statSync(path, { throwIfNoEntry: false }); // missing (or a dangling link): created
  if (st?.isDirectory())
    throw new ValidationError(`Cannot write ${path}: it is a folder; name a file inside it.`, { param });
  if (st !== undefined && !st.isFile()) return { kind: 'through' };
  let target = path;
  if (st !== undefined) {
    try {
      if (lstatSync(path).isSymbolicLink()) target = realpathSync(path);
    } catch {
      target = path;
    }
  }
  const tmp = join(dirname(resolve(target)), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  return { kind: 'replace', target, tmp };
}

/** Writes `content` to a standard stream (1 or 2); a closed pipe (EPIPE) ends quietly. */
function writeStd(fd: 1 | 2, content: string | Uint8Array, path: string, param: string): void {
  try {
    writeAllSync(fd, content);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw writeFailure(path, e, param);
  }
}

/**
 * Prepares a write of `content` to `path` without changing `path` yet: for a regular file (or a new one), the
 * content goes to `.NAME.RANDOM.tmp` in the target's folder and `commit()` renames it over the target; a character
 * device, FIFO or socket is written through by `commit()`; `/dev/stdout`, `/dev/stderr` (and `/dev/fd/1|2`) go to
 * the process's own stream.
 *
 * @remarks
 * Preparing every output first and committing them together is how the CLI writes all its outputs or none. A
 * symbolic link to a regular file is resolved, so the link stays and the file it names is replaced. O(size).
 * @param param - the option or argument named by errors (`'out'` on the command line, `'path'` in the API)
 * @throws `ValidationError` naming `param` when the path cannot be written (missing folder, a folder, no
 * permission, read-only file system); `OutputWriteError` when the system fails (disk full, I/O error)
 * @example
 * const w = prepareWrite('labels.csv', 'label\n0\n', 'path');
 * w.commit();
 */
export function prepareWrite(path: string, content: string | Uint8Array, param: string): PreparedWrite {
  const place = placeOf(path, param);
  if (place.kind === 'std') return { path, commit: () => writeStd(place.fd, content, path, param), abort: () => {} };
  if (place.kind === 'through') {
    return {
      path,
      commit: () => {
        try {
          writeFileSync(path, content);
        } catch (e) {
          throw writeFailure(path, e, param);
        }
      },
      abort: () => {},
    };
  }
  const { target, tmp } = place;
  const removeTmp = (): void => {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
  };
  try {
    writeFileSync(tmp, content);
  } catch (e) {
    removeTmp();
    throw writeFailure(path, e, param);
  }
  return {
    path,
    commit: () => {
      try {
        renameSync(tmp, target);
      } catch (e) {
        removeTmp();
        throw writeFailure(path, e, param);
      }
    },
    abort: removeTmp,
  };
}

/** A write whose content is produced piece by piece (`write`), made visible by `commit()` or dropped by `abort()`. */
export interface StreamWrite extends PreparedWrite {
  /** Appends `content`. */
  write(content: string | Uint8Array): void;
}

/**
 * Opens `path` for a write in pieces, with the rules of {@link prepareWrite}: a regular file (or a new one) is
 * written to a temporary file beside it (beside the file a symbolic link names) and renamed over it by `commit()`,
 * so a failure part-way leaves it untouched; a character device, FIFO or socket is written through; `/dev/stdout`,
 * `/dev/stderr` (and `/dev/fd/1|2`) go to the process's own stream. `commit()` and `abort()` may be called more
 * than once; only the first counts.
 *
 * @remarks O(1) memory whatever the size written: for outputs too large to hold (labels of a streamed fit).
 * @param param - the option named by errors (`'out'`)
 * @throws `ValidationError` naming `param` when the path cannot be written (missing folder, a folder, no
 * permission, read-only file system); `OutputWriteError` when the system fails (disk full, I/O error), from any
 * method
 * @example
 * const w = openStreamWrite('labels.csv', 'out');
 * w.write('label\n');
 * w.write('0\n1\n');
 * w.commit();
 */
export function openStreamWrite(path: string, param: string): StreamWrite {
  const place = placeOf(path, param);
  if (place.kind === 'std') {
    return { path, write: (content) => writeStd(place.fd, content, path, param), commit: () => {}, abort: () => {} };
  }
  const through = place.kind === 'through';
  const file = place.kind === 'replace' ? place.tmp : path;
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (e) {
    throw writeFailure(path, e, param);
  }
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  const removeTmp = (): void => {
    if (through) return;
    try {
      unlinkSync(file);
    } catch {
      /* nothing to clean */
    }
  };
  return {
    path,
    write: (content) => {
      try {
        writeAllSync(fd, content);
      } catch (e) {
        throw writeFailure(path, e, param);
      }
    },
    commit: () => {
      if (!open) return;
      try {
        close();
        if (place.kind === 'replace') renameSync(place.tmp, place.target);
      } catch (e) {
        removeTmp();
        throw writeFailure(path, e, param);
      }
    },
    abort: () => {
      if (!open) return;
      close();
      removeTmp();
    },
  };
}

function writeAllSync(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

/**
 * Writes `content` to `path`: a regular file atomically (temporary file in the same folder, then a rename), a
 * device, FIFO or `/dev/stdout` by writing through (see `prepareWrite`).
 *
 * @remarks
 * A rename within one directory replaces the target in one step on POSIX file systems, so readers see the old
 * file or the new one. O(size of content).
 * @param param - the option or argument named by the error (`'out'` on the command line, `'path'` in the API)
 * @throws `ValidationError` naming `param` when the path cannot be written; `OutputWriteError` when the
 * system fails (disk full, I/O error)
 * @example
 * writeAtomic('labels.csv', 'label\n0\n1\n', 'path');
 */
export function writeAtomic(path: string, content: string | Uint8Array, param: string): void {
  prepareWrite(path, content, param).commit();
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
