import { mkdirSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ClusterkitError, type ModelWarning, ParseError, ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix, toArrays, toMatrix } from '../core/matrix.js';
import { applyScaler, fitScaler, type ScaleKind, type Scaler } from '../core/scale.js';
import { dropMissingRows, firstMissingCell, textColumns } from '../io/cleanTable.js';
import { type ColumnTable, isColumnTable } from '../io/columns.js';
import {
  decodeText,
  detectInputFormat,
  encodePointTable,
  INPUT_FORMATS,
  type InputFormat,
  outputFormatOf,
  parseInput,
  selectColumns,
} from '../io/formats.js';
import { readNpy } from '../io/npy.js';
import { detectFormat, parseTable, resolveColumn, resolveColumns, type Table, tableToMatrix } from '../io/table.js';
import { checkOutputFolder, OutputWriteError } from '../node/atomicWrite.js';
import { cliWording } from './memoryBudget.js';
import { escapeControls, oneLine } from './messages.js';
import { checkNotInput, isStdout, noteInput, runWithFiles, stageOutput } from './outputs.js';

export { sameFile } from './outputs.js';

/** Exit code for bad usage or bad input. */
export const EXIT_USAGE = 2;

/** Options every data-reading command accepts. */
export interface InputOptions {
  columns?: string;
  scale?: ScaleKind;
  /** Input format; default from the extension or the bytes. */
  format?: InputFormat;
  header?: boolean;
  truthColumn?: string;
  /** Decimal mark of CSV/TSV cells ('.' default, ',' for `1,5` with `;` separators). */
  decimal?: '.' | ',';
  /** Drop the rows with a missing cell (empty, NA, NaN, null...) instead of stopping at the first one. */
  dropMissing?: boolean;
  /** No notes on stderr (text columns left out, rows dropped). */
  quiet?: boolean;
}

/** Options every result-writing command accepts. */
export interface OutputOptions {
  out?: string;
  save?: string;
  plot?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** What {@link loadInput} returns. */
export interface InputData {
  /** The data as the algorithm sees it (after --scale). */
  X: Matrix;
  /** The selected columns before scaling. */
  raw: Matrix;
  /** Names of the selected columns. */
  names: string[];
  scaler: Scaler;
  /** The parsed table: rows for text formats, columns for Parquet/Arrow/.npy. */
  table: Table | ColumnTable;
  /** The --truth-column labels, when given (or taken from the only text column). */
  truth?: Int32Array;
  /** The --truth-column's class names by label (text columns), when given. */
  truthNames?: string[];
  /** The name of the truth column, when there is one. */
  truthName?: string;
  /** Absolute path of the input file (undefined for stdin). */
  path?: string;
}

/** Parses a positive integer option. */
export function intArg(min = 1): (v: string) => number {
  return (v: string) => {
    if (!/^[+-]?\d+$/.test(v.trim()) || Number(v) < min)
      throw new InvalidArgumentError(`expected an integer >= ${min}, got '${v}'.`);
    return Number(v);
  };
}

/** Parses a finite number option (optionally > 0 or >= 0). */
export function numArg(opts: { positive?: boolean; nonNegative?: boolean } = {}): (v: string) => number {
  return (v: string) => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`expected a number, got '${v}'.`);
    if (opts.positive && !(x > 0)) throw new InvalidArgumentError(`expected a number > 0, got '${v}'.`);
    if (opts.nonNegative && !(x >= 0)) throw new InvalidArgumentError(`expected a number >= 0, got '${v}'.`);
    return x;
  };
}

/** Adds --columns, --scale, --format, --no-header and --truth-column. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option(
      '--columns <list>',
      'columns to use, by name or 0-based index, comma-separated (default: every numeric column; text columns are left out, or, when there is exactly one and no --truth-column, kept aside as the true classes)',
    )
    .addOption(new Option('--scale <kind>', 'feature scaling').choices(['none', 'standard', 'minmax']).default('none'))
    .addOption(
      new Option('--format <fmt>', 'input format (default: from the extension or content)').choices([...INPUT_FORMATS]),
    )
    .option('--no-header', 'the first CSV line is data, not a header (default: detected)')
    .option('--truth-column <col>', 'a column of known labels, kept aside (not clustered)')
    .addOption(
      new Option('--decimal <mark>', "decimal mark of CSV/TSV cells: ',' reads 1,5 as 1.5 (';'-separated files)")
        .choices(['.', ','])
        .default('.'),
    )
    .option('--drop-missing', 'drop rows with a missing cell (empty, NA, NaN, null) and count them on stderr');
}

/** Adds --out, --save, --plot, --json, --quiet and --verbose. */
export function addOutputOptions(cmd: Command, what = 'labels'): Command {
  return cmd
    .option('--out <file>', `write ${what} to FILE (.csv, .tsv, .json, .ndjson, .npy or .parquet)`)
    .option('--save <model.json>', 'save the fitted model (with its preprocessing) as JSON')
    .option('--plot <file>', 'write a plot (.svg or .png)')
    .option('--json', 'print a machine-readable JSON result on stdout')
    .option(
      '--quiet',
      'print nothing but errors (no summary, warnings or progress bar; bars are drawn on a terminal after 2 s)',
    )
    .option('--verbose', "print where the fit's passes ran (the model's backend, e.g. wasm+pool(2)) to stderr");
}

/** With --verbose (and not --quiet), prints where the fit's passes ran (`model.backend`) to stderr. */
export function printBackend(model: { readonly backend: string }, o: OutputOptions): void {
  if (o.verbose && !o.quiet) process.stderr.write(`clusterkit: backend: ${model.backend}\n`);
}

function readBytes(path: string, option = 'input'): Uint8Array {
  if (path === '-') return readFileSync(0);
  noteInput(path, option);
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ValidationError(`Input file not found: ${path}`, { param: option });
    if (code === 'EISDIR') throw new ValidationError(`Input is a directory, not a file: ${path}`, { param: option });
    throw new ValidationError(`Cannot read ${path}: ${(e as Error).message}`, { param: option });
  }
}

/**
 * Warns on stderr (unless quiet) that `count` blank lines between the rows of a one-column file were skipped, the
 * first of them at lines `first`: in such a file a blank line may be an empty cell.
 */
export function warnBlankLines(count: number, first: readonly number[], quiet?: boolean): void {
  if (count === 0 || quiet) return;
  const shown = first.slice(0, 5).join(', ') + (count > 5 ? ', …' : '');
  process.stderr.write(
    `clusterkit: warning: skipped ${count} blank line(s) between the rows of a one-column file (line ${shown}); if they are empty cells, fill them or remove those rows.\n`,
  );
}

/**
 * Reads and parses a data file (path or `-` for stdin) in any format without selecting columns: the first half of
 * {@link loadInput}, for commands that choose columns themselves (predict).
 */
export async function loadTable(
  path: string,
  opts: Pick<InputOptions, 'format' | 'header' | 'decimal'>,
): Promise<{ table: Table | ColumnTable; format: InputFormat; path?: string }> {
  const bytes = readBytes(path);
  const format = opts.format ?? detectInputFormat(path === '-' ? '' : path, bytes);
  const table = await parseInput(bytes, format, {
    header: opts.header === false ? false : 'auto',
    decimal: opts.decimal,
  });
  const blank = table.blankLines ?? [];
  warnBlankLines(blank.length, blank, (opts as { quiet?: boolean }).quiet);
  return { table, format, path: path === '-' ? undefined : resolve(path) };
}

/**
 * Reads the input (path or `-` for stdin) in any format — CSV/TSV/JSON/NDJSON, Parquet, Arrow IPC (file or
 * stream), NumPy `.npy` — chosen by `opts.format`, else the extension, else the bytes; selects --columns by name
 * or 0-based index (all columns but the truth column by default), keeps --truth-column aside, casts strictly and
 * applies --scale.
 * @throws {@link ValidationError} for a missing file or unknown column, {@link ParseError} for malformed data
 */
export async function loadInput(path: string, opts: InputOptions): Promise<InputData> {
  const loaded = await loadTable(path, opts);
  const { table, columns, truthColumn } = tidyTable(loaded.table, opts);
  const sel = selectColumns(table, { columns, truthColumn });
  toMatrix(sel.X, 'input');
  const scaler = fitScaler(sel.X, opts.scale ?? 'none');
  return {
    X: applyScaler(sel.X, scaler),
    raw: sel.X,
    names: sel.names,
    scaler,
    table,
    truth: sel.truth,
    truthNames: sel.truthNames,
    truthName: truthColumn === undefined ? undefined : table.names[resolveColumn(table, truthColumn)],
    path: path === '-' ? undefined : resolve(path),
  };
}

/** Notes for stderr, written when the command succeeds (a failing command prints only its one error line). */
const pendingNotes: string[] = [];

/** Queues a note for stderr (unless quiet); {@link action} writes the queue when the command has succeeded. */
export function note(text: string, quiet?: boolean): void {
  if (!quiet) pendingNotes.push(`clusterkit: note: ${text}\n`);
}

/**
 * Chooses the feature and label columns and handles missing cells, saying on stderr what it did. Without
 * --columns, text columns are left out; the only text column, when no --truth-column is given, becomes the label
 * column. With --drop-missing, rows with a missing cell in a used column are dropped (and counted); otherwise the
 * first missing cell is an error naming its line (row) and column.
 * @throws {@link ValidationError} when no numeric column is left, {@link ParseError} for a missing cell
 */
function tidyTable(
  table: Table | ColumnTable,
  opts: InputOptions,
): { table: Table | ColumnTable; columns?: string | number[]; truthColumn?: string | number } {
  let columns: string | number[] | undefined = opts.columns;
  let truthColumn: string | number | undefined = opts.truthColumn;
  const truthIndex = truthColumn === undefined ? [] : [resolveColumn(table, truthColumn)];
  if (columns === undefined || columns.trim() === '') {
    const all = resolveColumns(table, undefined, truthIndex);
    const text = textColumns(table, all);
    if (text.length > 0) {
      const numeric = all.filter((j) => !text.includes(j));
      const names = text.map((j) => `'${table.names[j]}'`).join(', ');
      if (numeric.length === 0) {
        throw new ValidationError(
          `No numeric column to cluster: ${names} hold${text.length === 1 ? 's' : ''} text; pass --columns with numeric columns.`,
          { param: 'columns' },
        );
      }
      if (text.length === 1 && truthColumn === undefined) {
        truthColumn = text[0];
        note(
          `text column ${names} is kept aside as the true classes (not clustered); --truth-column or --columns choose otherwise.`,
          opts.quiet,
        );
      } else {
        note(
          `left out the text column${text.length === 1 ? '' : 's'} ${names}; --columns chooses the columns.`,
          opts.quiet,
        );
      }
      columns = numeric;
    }
  }
  const used = [
    ...resolveColumns(table, columns, truthIndex),
    ...(truthColumn === undefined ? [] : [resolveColumn(table, truthColumn)]),
  ];
  const lineOf = (t: Table | ColumnTable, row: number) =>
    isColumnTable(t) ? `${t.source} row ${row + 1}` : `line ${t.lines[row]}`;
  if (opts.dropMissing) {
    const r = dropMissingRows(table, used);
    if (r.dropped > 0) {
      const n = r.dropped + (isColumnTable(r.table) ? r.table.nRows : r.table.rows.length);
      note(
        `dropped ${r.dropped} of ${n} rows with missing cells (the first at ${lineOf(table, r.firstDropped)}).`,
        opts.quiet,
      );
    }
    return { table: r.table, columns, truthColumn };
  }
  const miss = firstMissingCell(table, used);
  if (miss !== null) {
    const where = lineOf(table, miss.row);
    const line = isColumnTable(table) ? miss.row + 1 : table.lines[miss.row];
    const cell = isColumnTable(table) ? table.columns[miss.column][miss.row] : table.rows[miss.row][miss.column];
    const shown = typeof cell === 'string' ? JSON.stringify(cell) : String(cell);
    throw new ParseError(
      `${where[0].toUpperCase()}${where.slice(1)}, column ${miss.column + 1} (${table.names[miss.column]}): ${shown} is not a number but a missing value; fill it, leave the column out with --columns, or drop the rows with missing cells with --drop-missing.`,
      line,
      miss.column + 1,
    );
  }
  return { table, columns, truthColumn };
}

/**
 * Reads a small matrix file (e.g. --init centres) synchronously: CSV/TSV/JSON/NDJSON, or NumPy `.npy` (by extension
 * or magic bytes). Parquet/Arrow need the async {@link loadInput}.
 */
export function readMatrixFile(path: string, what: string): Matrix {
  const bytes = readBytes(path, `--${what}`);
  const format = detectInputFormat(path, bytes);
  if (format === 'npy') return toMatrix(readNpy(bytes), what);
  if (format === 'parquet' || format === 'arrow') {
    throw new ValidationError(`${what}: ${path} is ${format}; give a small matrix as CSV, JSON or .npy.`, {
      param: what,
    });
  }
  const text = decodeText(bytes);
  const table = parseTable(text, detectFormat(path, text));
  const m = tableToMatrix(table, resolveColumns(table, undefined));
  return toMatrix(m, what);
}

/**
 * Writes an output file when the command has finished (all outputs or none; see `runWithFiles` in outputs.ts):
 * regular files atomically, devices, FIFOs and `/dev/stdout` by writing through. Refuses to overwrite `inputs` or
 * any other input the command read, and two outputs naming one file.
 */
export function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  inputs: readonly (string | undefined)[],
  option = '--out',
): void {
  stageOutput(option, path, content, inputs);
}

/**
 * Creates an output folder (and its parents) for `option`, now: a file in the way, no permission or a read-only
 * file system is a ValidationError naming the folder.
 */
export function makeOutputFolder(dir: string, option: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'it (or a folder above it) is a file, not a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : (e as Error).message;
    throw new ValidationError(`${option} ${dir}: cannot create the folder: ${why}; choose another folder.`, {
      param: option.replace(/^--/, ''),
    });
  }
}

/** Extensions --plot writes. */
export const PLOT_EXTENSIONS = ['.svg', '.png'];

/**
 * Checks an output path's extension against the supported ones (a path without an extension, `-` or a device
 * takes the default format).
 * @throws {@link ValidationError} naming the supported extensions
 */
export function checkOutputExtension(path: string, option: string, supported: readonly string[]): void {
  const ext = extname(path).toLowerCase();
  if (ext === '' || isStdout(path) || supported.includes(ext)) return;
  throw new ValidationError(`${option} ${path}: cannot write ${ext} files; use one of ${supported.join(', ')}.`, {
    param: option.replace(/^--/, ''),
  });
}

/**
 * Per-point columns for --out: labels plus optional extra named columns (memberships, log density...), in the
 * format of the file's extension: `.csv` (default), `.tsv`, `.json`, `.ndjson`/`.jsonl` (text), `.npy`,
 * `.parquet` (bytes). See {@link encodePointTable}.
 */
export function formatPointTable(path: string, columns: Record<string, ArrayLike<number>>): string | Uint8Array {
  return encodePointTable(outputFormatOf(path), columns);
}

/** Writes per-point results (--out). */
export function writePointTable(path: string, columns: Record<string, ArrayLike<number>>, input: InputData): void {
  writeFileAtomic(path, formatPointTable(path, columns), [input.path]);
}

/** Writes an SVG as .svg, or rendered to .png with resvg (`option` names the flag in errors). */
export async function writePlot(path: string, svg: string, input?: InputData, option = '--plot'): Promise<void> {
  checkNotInput(option, path, [input?.path]);
  checkOutputExtension(path, option, PLOT_EXTENSIONS);
  if (path.toLowerCase().endsWith('.png')) {
    const { svgToPng } = await import('./png.js');
    writeFileAtomic(path, svgToPng(svg), [input?.path], option);
  } else {
    writeFileAtomic(path, svg, [input?.path], option);
  }
}

/** Saves a model's JSON together with the preprocessing that `predict` must repeat. */
export function saveModel(path: string, modelJson: object, input: InputData): void {
  const doc = { ...modelJson, preprocessing: { columns: input.names, scaler: input.scaler } };
  writeFileAtomic(path, `${JSON.stringify(doc)}\n`, [input.path], '--save');
}

/** JSON replacer turning typed arrays and Matrices into plain arrays. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (isMatrix(value)) return toArrays(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value))
    return value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : null;
  return value;
}

/** Prints a JSON result on stdout. */
export function printJson(result: object): void {
  process.stdout.write(`${JSON.stringify(result, jsonReplacer)}\n`);
}

/** Prints model warnings to stderr (unless quiet). */
export function printWarnings(warnings: readonly ModelWarning[] | undefined, quiet?: boolean): void {
  if (quiet || !warnings) return;
  for (const w of warnings) process.stderr.write(`clusterkit: warning: ${oneLine(w.message)}\n`);
}

/** Formats a matrix as aligned text rows (for human output). */
export function formatRows(m: Matrix, digits = 4): string {
  return toArrays(m)
    .map((r, i) => `  ${String(i).padStart(3)}: ${r.map((v) => v.toFixed(digits).padStart(11)).join(' ')}`)
    .join('\n');
}

/** Cluster sizes for labels 0..k−1. */
export { clusterSizes } from '../metrics/labels.js';

/** Options that name files a command writes (camel-cased, as commander stores them). */
const OUTPUT_FILE_OPTIONS = ['out', 'save', 'plot', 'dendrogram', 'linkageOut'] as const;

/** Before any work: the folder of every output file given in the action's options object exists. */
function checkOutputFolders(args: readonly unknown[]): void {
  const opts = args.find(
    (a): a is Record<string, unknown> =>
      a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype,
  );
  if (opts === undefined) return;
  for (const key of OUTPUT_FILE_OPTIONS) {
    const path = opts[key];
    if (typeof path === 'string' && path !== '') checkOutputFolder(path, key);
  }
}

/**
 * Wraps a command action: the folders of the output files are checked first (before any work); ClusterkitErrors
 * (bad input, bad options) exit 2 with one line on stderr; a failing system write (disk full) exits 1 with one
 * line; anything else exits 1 with the stack. Files go through the guard of outputs.ts: every input is recorded,
 * outputs are written after the work (all or none) and never over an input. `--out -` writes the table to stdout
 * and implies --quiet (nothing else on stdout); with --json it is refused.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      checkOutputFolders(args);
      const o = args.length >= 2 ? (args[args.length - 2] as Partial<OutputOptions> | undefined) : undefined;
      if (o !== null && typeof o === 'object' && o.out !== undefined && isStdout(o.out)) {
        if (o.json)
          throw new ValidationError(`--out ${o.out} and --json both write to stdout; choose one.`, { param: 'out' });
        o.quiet ??= true;
      }
      await runWithFiles(async () => fn(...args));
      for (const line of pendingNotes.splice(0)) process.stderr.write(line);
    } catch (e) {
      pendingNotes.length = 0;
      if (e instanceof ClusterkitError || e instanceof OutputWriteError) {
        process.stderr.write(`clusterkit: error: ${oneLine(cliWording(e.message))}\n`);
        process.exitCode = e instanceof ClusterkitError ? EXIT_USAGE : 1;
      } else {
        process.stderr.write(`clusterkit: internal error: ${escapeControls((e as Error)?.stack ?? String(e))}\n`);
        process.exitCode = 1;
      }
    }
  };
}
