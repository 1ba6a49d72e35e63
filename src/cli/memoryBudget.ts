/**
 * The global `--memory-budget` option (the library's memoryBudget knob, see `setMemoryBudget`) and the wording of
 * library messages for the command line: they name the CLI flags instead of the library options.
 * @module
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { setMemoryBudget } from '../core/distance.js';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * Parses a byte size: a number of bytes (`1e9`) or with a binary unit (`512M`, `4GiB`, `1.5g`, `2TB`: K/M/G/T are
 * powers of 1024 whether written K, KB or KiB).
 * @throws InvalidArgumentError (commander: exit 2 with one line) for anything else
 */
export function parseByteSize(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(v);
  const bytes = m ? Number(m[1]) * (UNITS[m[2].toLowerCase()] as number) : Number.NaN;
  if (!(bytes >= 1) || !Number.isFinite(bytes)) {
    throw new InvalidArgumentError(`expected a size in bytes > 0 such as 512M, 4G or 8GiB, got '${v}'.`);
  }
  return bytes;
}

/** Adds `--memory-budget <size>` to the program; it sets the library's default budget before any command runs. */
export function addMemoryBudgetOption(program: Command): void {
  program.addOption(
    new Option(
      '--memory-budget <size>',
      'memory allowed for buffers that grow faster than rows×columns (distance matrices, covariances, grids), e.g. 8G',
    ).argParser(parseByteSize),
  );
  program.hook('preAction', (root) => {
    const bytes = root.opts().memoryBudget as number | undefined;
    if (bytes !== undefined) setMemoryBudget(bytes);
  });
}

/** Library remedies → the CLI's flags. */
const CLI_WORDING: [RegExp, string][] = [
  [/raise memoryBudget(?: \(setMemoryBudget\))?/g, 'raise --memory-budget'],
  [/lower (?:n|nx, ny) \(CLI --grid\)/g, 'lower --grid'],
  [/\(fitScaler\(X, 'standard'\); CLI (--scale standard)\)/g, '($1)'],
];

/** A library message as the CLI prints it: remedies name the CLI flags (`--memory-budget`, not memoryBudget). */
export function cliWording(message: string): string {
  let out = message;
  for (const [re, to] of CLI_WORDING) out = out.replace(re, to);
  return out;
}
