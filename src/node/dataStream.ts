/**
 * One entry for chunked reading of every streamable input format (Node only): CSV/TSV, NDJSON, `.npy`, Parquet and
 * Arrow IPC, chosen from the extension or the first bytes.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { detectInputFormat, type InputFormat } from '../io/formats.js';
import { streamArrowChunks } from './arrowStream.js';
import { type CsvStreamOptions, type CsvStreamResult, streamCsvChunks } from './csvStream.js';
import { streamNdjsonChunks } from './ndjsonStream.js';
import { streamNpyChunks } from './npyStream.js';
import { streamParquetChunks } from './parquetStream.js';

/** The input formats {@link streamDataChunks} reads in chunks. */
export const STREAM_FORMATS: readonly InputFormat[] = ['csv', 'tsv', 'ndjson', 'npy', 'parquet', 'arrow'];

/** Options of {@link streamDataChunks}. */
export interface DataStreamOptions extends CsvStreamOptions {
  /** The format; default from the extension, then the first bytes (as `readDataFile`). */
  format?: InputFormat;
}

/** What {@link streamDataChunks} returns after the pass. */
export interface DataStreamResult extends CsvStreamResult {
  /** The format that was read. */
  format: InputFormat;
}

/**
 * The format of `path` for streaming: `opts.format`, else detected from the extension and the first 4 KiB.
 * @throws `ValidationError` when the file cannot be read or the format cannot be streamed
 */
export function streamFormatOf(path: string, format?: InputFormat): InputFormat {
  let f = format;
  if (f === undefined) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new ValidationError(`Cannot read ${path}: ${(e as Error).message}`, { param: 'input' });
    }
    try {
      const head = new Uint8Array(4096);
      const got = readSync(fd, head, 0, head.length, 0);
      f = detectInputFormat(path, head.subarray(0, got));
    } finally {
      closeSync(fd);
    }
  }
  if (!STREAM_FORMATS.includes(f)) {
    throw new ValidationError(
      `${path}: ${f.toUpperCase()} input cannot be read in chunks; streaming takes ${STREAM_FORMATS.join(', ')} — convert the file (e.g. to CSV or Parquet) or read it whole.`,
      { param: 'format' },
    );
  }
  return f;
}

/**
 * Streams a data file of any streamable format in chunks of `chunkRows` rows, calling `onChunk(chunk, firstRow)`
 * synchronously for each: {@link streamCsvChunks} for CSV/TSV, `streamNdjsonChunks` (line by line), `streamNpyChunks` for `.npy` (reads at byte offsets
 * of the file descriptor), `streamParquetChunks` (one row group at a time) and `streamArrowChunks` (one record
 * batch at a time).
 *
 * @remarks
 * Whatever the format, the chunks are the same — blocks of `chunkRows` rows in file order, the last one shorter —
 * so a fit fed by them (e.g. `partialFit` per chunk) does not depend on the format. Memory O(chunkRows·d), plus one
 * row group (Parquet) or record batch (Arrow). The chunk's buffer is REUSED for the next chunk: copy what you need
 * to keep. `header` and `delimiter` apply to CSV/TSV only; `columns` names columns (`col0`, … for `.npy` and
 * headerless CSV) or gives 0-based indices.
 * @throws `ValidationError` (rejected promise) when the file cannot be read, its format cannot be streamed
 * (JSON), a column is unknown or there are no rows
 * @throws `ParseError` on a malformed file or a cell that is missing, non-numeric or not finite, naming where
 * @example
 * ```ts
 * import { streamDataChunks } from 'clusterkit/node';
 * await streamDataChunks('big.parquet', { chunkRows: 4096 }, (X) => model.partialFit(X));
 * ```
 */
export async function streamDataChunks(
  path: string,
  opts: DataStreamOptions,
  onChunk: (chunk: Matrix, firstRow: number) => void,
): Promise<DataStreamResult> {
  const format = streamFormatOf(path, opts.format);
  const base = { chunkRows: opts.chunkRows, columns: opts.columns };
  const res =
    format === 'npy'
      ? await streamNpyChunks(path, base, onChunk)
      : format === 'parquet'
        ? await streamParquetChunks(path, base, onChunk)
        : format === 'arrow'
          ? await streamArrowChunks(path, base, onChunk)
          : format === 'ndjson'
            ? await streamNdjsonChunks(path, base, onChunk)
            : await streamCsvChunks(
                path,
                { ...base, header: opts.header, delimiter: opts.delimiter ?? (format === 'tsv' ? '\t' : undefined) },
                onChunk,
              );
  return { ...res, format };
}
