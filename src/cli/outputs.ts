/**
 * Every file a CLI command reads or writes goes through one guard: inputs are recorded as they are read, outputs
 * are staged (their content computed) while the command works, and only when the command has finished are they
 * checked — no output may name an input or another output — and written, all of them or none.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ValidationError } from '../core/errors.js';
import {
  openStreamWrite,
  type PreparedWrite,
  prepareWrite,
  type StreamWrite,
  standardStreamOf,
} from '../node/atomicWrite.js';

interface StagedOutput {
  /** The option that named it, e.g. '--out'. */
  option: string;
  path: string;
  content: string | Uint8Array;
  /** An output written while the command works ({@link stageStreamedOutput}), committed with the others. */
  streamed?: StreamWrite;
}

/** The files one command invocation has read and wants to write. */
interface CommandFiles {
  inputs: { path: string; option: string }[];
  outputs: StagedOutput[];
}

const current = new AsyncLocalStorage<CommandFiles>();

/** Whether an output path names standard output (`-`, `/dev/stdout`, `/dev/fd/1`). */
export function isStdout(path: string): boolean {
  return path === '-' || standardStreamOf(path) === 1;
}

/** Whether two paths name the same file (symbolic links resolved; by absolute path when either does not exist). */
export function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

function isRegularOrMissing(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}

/** Records that the running command reads `path` (ignored outside a command, and for stdin `-`). */
export function noteInput(path: string | undefined, option = 'input'): void {
  if (path === undefined || path === '-') return;
  current.getStore()?.inputs.push({ path, option });
}

/**
 * Stages `content` for `path` (written when the command ends, see {@link runWithFiles}); outside a command, checks
 * it against `inputs` and writes it now.
 * @throws {@link ValidationError} when `path` names one of `inputs`
 */
export function stageOutput(
  option: string,
  path: string,
  content: string | Uint8Array,
  inputs: readonly (string | undefined)[] = [],
): void {
  const files = current.getStore();
  for (const p of inputs) if (p !== undefined) noteInput(p);
  if (files !== undefined) {
    files.outputs.push({ option, path, content });
    checkFiles(files); // now, so the error comes before anything is printed; again at the end
    return;
  }
  const guard: CommandFiles = {
    inputs: inputs.filter((p): p is string => p !== undefined).map((p) => ({ path: p, option: 'input' })),
    outputs: [{ option, path, content }],
  };
  checkFiles(guard);
  for (const w of prepareAll(guard.outputs)) w.commit();
}

/**
 * Opens an output that the running command writes in pieces while it works (labels of a streamed fit, too many to
 * hold): checked now against every input read or noted so far and every output staged so far, then written to a
 * temporary file (see `openStreamWrite`) that is renamed over `path` when the command ends — with the other
 * outputs, all or none — or removed when it fails.
 * @throws {@link ValidationError} when `path` names an input or another output, or cannot be written
 */
export function stageStreamedOutput(option: string, path: string): StreamWrite {
  const files = current.getStore();
  if (files === undefined) throw new Error('stageStreamedOutput runs inside runWithFiles only');
  const staged: StagedOutput = { option, path, content: '' };
  files.outputs.push(staged);
  try {
    checkFiles(files);
  } catch (e) {
    files.outputs.pop();
    throw e;
  }
  staged.streamed = openStreamWrite(path === '-' ? '/dev/stdout' : path, option.replace(/^--/, ''));
  return staged.streamed;
}

/**
 * Checks now that `path` (for `option`) names none of the inputs read so far nor `inputs`; the full check runs when
 * the output is staged and when the command ends.
 * @throws {@link ValidationError} when it does
 */
export function checkNotInput(option: string, path: string, inputs: readonly (string | undefined)[] = []): void {
  const known = current.getStore()?.inputs ?? [];
  const extra = inputs.filter((p): p is string => p !== undefined).map((p) => ({ path: p, option: 'input' }));
  checkFiles({ inputs: [...known, ...extra], outputs: [{ option, path, content: '' }] });
}

/**
 * The guard: no output names an input (symbolic links resolved) and no two outputs name the same regular file.
 * Character devices and FIFOs (/dev/null) may be named more than once.
 */
function checkFiles(files: CommandFiles): void {
  for (const o of files.outputs) {
    if (isStdout(o.path)) continue;
    for (const i of files.inputs) {
      if (sameFile(o.path, i.path)) {
        const what = i.option === 'input' ? 'the input file' : `the ${i.option} file`;
        throw new ValidationError(
          `Refusing to overwrite ${what} ${i.path} with ${o.option}; choose another output path.`,
          { param: o.option.replace(/^--/, '') },
        );
      }
    }
  }
  for (let a = 0; a < files.outputs.length; a++) {
    for (let b = a + 1; b < files.outputs.length; b++) {
      const x = files.outputs[a];
      const y = files.outputs[b];
      const bothStdout = isStdout(x.path) && isStdout(y.path);
      if (bothStdout || (!isStdout(x.path) && sameFile(x.path, y.path) && isRegularOrMissing(x.path))) {
        throw new ValidationError(`${x.option} and ${y.option} both name ${y.path}; give each output its own file.`, {
          param: y.option.replace(/^--/, ''),
        });
      }
    }
  }
}

function prepareAll(outputs: readonly StagedOutput[]): PreparedWrite[] {
  const prepared: PreparedWrite[] = [];
  try {
    for (const o of outputs) {
      if (o.streamed !== undefined) {
        prepared.push(o.streamed);
        continue;
      }
      const stream = isStdout(o.path) ? process.stdout : standardStreamOf(o.path) === 2 ? process.stderr : null;
      if (stream !== null) {
        prepared.push({ path: o.path, commit: () => void stream.write(o.content), abort: () => {} });
      } else prepared.push(prepareWrite(o.path, o.content, o.option.replace(/^--/, '')));
    }
  } catch (e) {
    for (const w of prepared) w.abort();
    throw e;
  }
  return prepared;
}

/**
 * Runs one command with the file guard: `fn` reads (recording inputs through {@link noteInput}) and stages its
 * outputs ({@link stageOutput}); when it returns, the outputs are checked against every input and each other,
 * prepared (temporary files written), then committed. If `fn` or any check or preparation fails, no output is
 * written (a streamed output's temporary file is removed).
 */
export async function runWithFiles<T>(fn: () => Promise<T>): Promise<T> {
  const files: CommandFiles = { inputs: [], outputs: [] };
  try {
    const result = await current.run(files, fn);
    checkFiles(files);
    const prepared = prepareAll(files.outputs);
    for (const w of prepared) w.commit();
    return result;
  } catch (e) {
    for (const o of files.outputs) o.streamed?.abort();
    throw e;
  }
}
