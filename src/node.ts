/**
 * `clusterkit/node` — file input and output for Node.js: read a data file in any supported format into a
 * {@link Matrix}, write per-point results atomically, load a saved model, stream large CSV files.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ValidationError } from './core/errors.js';
import type { Matrix } from './core/matrix.js';
import type { ColumnTable } from './io/columns.js';
import {
  detectInputFormat,
  encodePointTable,
  type InputFormat,
  outputFormatOf,
  parseInput,
  selectColumns,
} from './io/formats.js';
import { type LoadedModel, loadModel } from './io/models.js';
import type { Table } from './io/table.js';

export { readArrowIpc, writeArrowIpc } from './io/arrow.js';
export type { ColumnTable } from './io/columns.js';
export { INPUT_FORMATS, type InputFormat, type OutputFormat } from './io/formats.js';
export { type LoadedModel, loadModel, type PointColumns, type Preprocessing } from './io/models.js';
export { type CsvStreamOptions, type CsvStreamResult, streamCsvChunks } from './io/nodeCsvStream.js';

/** Options of {@link readDataFile}. */
export interface ReadDataOptions {
  /** Format; default from the extension, then the bytes. */
  format?: InputFormat;
  /** Feature columns by name or 0-based index (array or comma-separated); default every column but the label. */
  columns?: string | readonly (string | number)[];
  /** A label column to keep aside (by name or index). */
  truthColumn?: string | number;
  /** CSV/TSV: whether the first line is a header (default: detected). */
  header?: boolean | 'auto';
}

/** What {@link readDataFile} returns. */
export interface DataFile {
  /** The feature columns as a row-major matrix. */
  X: Matrix;
  /** Names of the feature columns. */
  names: string[];
  /** The label column, when asked for. */
  truth?: Int32Array;
  /** Names of the label values when they were not integers (code i ↔ truthNames[i]). */
  truthNames?: string[];
  /** The format that was read. */
  format: InputFormat;
  /** The whole parsed table. */
  table: Table | ColumnTable;
}

/**
 * Reads a data file — CSV/TSV/JSON/NDJSON, Parquet, Arrow IPC (file or stream) or NumPy `.npy` — into a numeric
 * matrix, strictly (a cell that is not a finite number is an error naming its line or row and column).
 * @remarks Reads the whole file into memory: O(file size + n·d). For CSV files larger than memory use
 * {@link streamCsvChunks}.
 * @throws {@link ValidationError} when the file is missing or a column is unknown; {@link ParseError} for malformed
 * data
 * @example
 * ```ts
 * import { readDataFile } from 'clusterkit/node';
 * const { X, truth } = await readDataFile('iris.parquet', { truthColumn: 'species' });
 * ```
 */
export async function readDataFile(path: string, opts: ReadDataOptions = {}): Promise<DataFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ValidationError(`Cannot read ${path}: ${(e as Error).message}`, { param: 'path' });
  }
  const format = opts.format ?? detectInputFormat(path, bytes);
  const table = await parseInput(bytes, format, { header: opts.header ?? 'auto' });
  const sel = selectColumns(table, { columns: opts.columns, truthColumn: opts.truthColumn });
  return { ...sel, format, table };
}

/**
 * Writes named per-point columns (labels, memberships, log densities) to `path`, in the format of its extension
 * (`.csv`, `.tsv`, `.json`, `.ndjson`/`.jsonl`, `.npy`, `.parquet`), atomically: a temporary file in the same
 * directory, then a rename, so a reader never sees half a file.
 * @throws {@link ValidationError} when the columns differ in length, the extension is Arrow, or the write fails
 * @example
 * ```ts
 * writeResultsFile('labels.parquet', { label: km.labels });
 * ```
 */
export function writeResultsFile(path: string, columns: Record<string, ArrayLike<number>>): void {
  const content = encodePointTable(outputFormatOf(path), columns);
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
    throw new ValidationError(`Cannot write ${path}: ${(e as Error).message}`, { param: 'path' });
  }
}

/**
 * Loads a saved model file (`--save` or `JSON.stringify(model.toJSON())`) as a uniform predictor.
 * @throws {@link ValidationError} as {@link loadModel}, or when the file is missing or not JSON
 * @example
 * ```ts
 * const m = readModelFile('model.json');
 * const { label } = m.predict(X);
 * ```
 */
export function readModelFile(path: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ValidationError(`Cannot read the model file ${path}: ${(e as Error).message}`, { param: 'model' });
  }
  return loadModel(json);
}
// worker-thread pool for the k-means assignment pass (Node only; opt-in)
export { disableWorkerPool, enableWorkerPool, workerPoolF32Passes, workerPoolPasses } from './node/pool.js';
