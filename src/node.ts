/**
 * clusterkit/node: file readers and writers (CSV/TSV/JSON/NDJSON, Parquet, Arrow IPC, .npy, saved models),
 * streaming fits and the worker-thread pool — everything that needs Node's `fs` or `worker_threads`.
 * @module clusterkit/node
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ParseError, ValidationError } from './core/errors.js';
import { type Matrix, zeros } from './core/matrix.js';
import { wasmMatrix } from './engine/wasmMatrix.js';
import type { ColumnTable } from './io/columns.js';
import {
  detectInputFormat,
  encodePointTable,
  type InputFormat,
  outputFormatOf,
  parseInput,
  selectColumns,
} from './io/formats.js';
import { type NpyHeader, npyIsNativeF64, parseNpyHeader, readNpy } from './io/npy.js';
import type { Table } from './io/table.js';
import { type LoadedModel, loadModel } from './models/loadModel.js';
import { writeAtomic } from './node/atomicWrite.js';

// The public API of clusterkit/node: the file readers and writers defined below, and these. Types that their
// signatures share with clusterkit (Matrix, ColumnTable, InputFormat, LoadedModel, …) are exported from there.
export { type CsvStreamOptions, type CsvStreamResult, streamCsvChunks } from './node/csvStream.js';
export { type DataStreamOptions, type DataStreamResult, streamDataChunks } from './node/dataStream.js';
// SQL engines: passes run inside DuckDB / PostgreSQL (fitSource, predictSource)
export { openDuckDB } from './node/duckdb.js';
export {
  fitMiniBatchKMeansStream,
  type MiniBatchStreamOptions,
  type MiniBatchStreamResult,
  type StreamInit,
} from './node/miniBatchStream.js';
// the worker-thread pool (Node only; opt-in)
export { disableWorkerPool, enableWorkerPool } from './node/pool.js';
export { connectPostgres } from './node/postgres.js';

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
 * @throws `ValidationError` when the file is missing or a column is unknown; `ParseError` for malformed
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

/** Reads exactly `buf.length` bytes of `fd` from byte `position` (readSync may return fewer per call). */
function readFully(fd: number, buf: Uint8Array, position: number): number {
  let got = 0;
  while (got < buf.length) {
    const r = readSync(fd, buf, got, Math.min(buf.length - got, 1 << 30), position + got);
    if (r === 0) break;
    got += r;
  }
  return got;
}

/** Options of {@link readNpyFile}. */
export interface ReadNpyFileOptions {
  /**
   * Read the values into WebAssembly memory (`wasmMatrix`), where the kernels that can read them in place will
   * (`MiniBatchKMeans.fit`): the data are then held once during such a fit, not twice. @defaultValue false
   */
  wasm?: boolean;
}

/**
 * Reads a NumPy `.npy` file (as {@link readNpy}) into a Matrix. For what NumPy writes by default — C order,
 * little-endian float64 — the data go from the file straight into the matrix's Float64Array (with `wasm: true`,
 * straight into a `wasmMatrix`), so peak memory is the matrix itself, as with `numpy.load` (reading the file's bytes
 * first and parsing them holds the data twice). Other dtypes and layouts read the whole file and convert it.
 * @throws `ValidationError` when the file cannot be read or is a folder; `ParseError` for a malformed or truncated
 * file
 * @example
 * ```ts
 * import { readNpyFile } from 'clusterkit/node';
 * const X = readNpyFile('embeddings.npy'); // n×d
 * const Y = readNpyFile('embeddings.npy', { wasm: true }); // the same values, in WebAssembly memory
 * ```
 */
export function readNpyFile(path: string, opts: ReadNpyFileOptions = {}): Matrix {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ValidationError(`Cannot read ${path}: ${(e as Error).message}`, { param: 'path' });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory())
      throw new ValidationError(`Cannot read ${path}: it is a folder, not a .npy file.`, { param: 'path' });
    const size = st.size;
    // A version-1 header is at most 10 + 65535 bytes; longer (version 2/3) headers take the whole-file path.
    const head = new Uint8Array(Math.min(size, 10 + 65535));
    readFully(fd, head, 0);
    let h: NpyHeader | null = null;
    try {
      h = parseNpyHeader(head);
    } catch {
      h = null; // readNpy below reports the problem, or reads a long header
    }
    if (h !== null && npyIsNativeF64(h)) {
      const count = h.rows * h.cols;
      if (h.body + count * 8 > size) {
        throw new ParseError(`Truncated .npy data: expected ${count * 8} bytes, found ${size - h.body}.`);
      }
      const m = opts.wasm ? wasmMatrix(h.rows, h.cols) : zeros(h.rows, h.cols);
      const got = readFully(fd, new Uint8Array(m.data.buffer, m.data.byteOffset, count * 8), h.body);
      if (got < count * 8) throw new ParseError(`Truncated .npy data: expected ${count * 8} bytes, found ${got}.`);
      return m;
    }
    const m = readNpy(readFileSync(path));
    if (!opts.wasm) return m;
    const out = wasmMatrix(m.rows, m.cols);
    out.data.set(m.data);
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes named per-point columns (labels, memberships, log densities) to `path`, in the format of its extension
 * (`.csv`, `.tsv`, `.json`, `.ndjson`/`.jsonl`, `.npy`, `.parquet`), atomically: a temporary file in the same
 * directory, then a rename, so a reader never sees half a file.
 * @throws `ValidationError` when the columns differ in length, the extension is Arrow, or the write fails
 * @example
 * ```ts
 * writeResultsFile('labels.parquet', { label: km.labels });
 * ```
 */
export function writeResultsFile(path: string, columns: Record<string, ArrayLike<number>>): void {
  const content = encodePointTable(outputFormatOf(path), columns);
  writeAtomic(path, content, 'path');
}

/**
 * Loads a saved model file (`--save` or `JSON.stringify(model.toJSON())`) as a uniform predictor.
 * @throws `ValidationError` as {@link loadModel}, or when the file is missing or not JSON
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
