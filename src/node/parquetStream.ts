/**
 * Chunked reading of Parquet files larger than memory (Node only): hyparquet decodes one row group at a time from
 * byte ranges of the file, and the rows go out in fixed-size chunks.
 * @module
 */
import { type ColumnData, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { ChunkBuffer } from './chunkBuffer.js';
import { type CsvStreamResult, selectColumns } from './csvStream.js';
import type { ChunkStreamOptions } from './npyStream.js';

/**
 * Streams the numeric columns of a Parquet file in chunks of `chunkRows` rows, calling `onChunk(chunk, firstRow)`
 * synchronously for each.
 *
 * @remarks
 * Reads the footer, then one row group at a time (hyparquet fetches only that group's column chunks, by byte
 * range, through a file handle — never the whole file), so memory is O(largest row group of the selected columns
 * + chunkRows·d). Rows go out in blocks of `chunkRows` in file order, across row-group boundaries, exactly as the
 * CSV stream cuts the same values; the chunk's buffer is REUSED for the next chunk. Integers become doubles
 * (64-bit ones rounded). Codecs: those hyparquet decodes (uncompressed, Snappy, …).
 * @throws `ValidationError` (rejected promise) when the file cannot be read, a column is unknown or the file
 * has no rows
 * @throws `ParseError` when the file is not Parquet, or a cell is null, non-numeric or not finite (naming row
 * and column)
 * @example
 * ```ts
 * await streamParquetChunks('big.parquet', { chunkRows: 4096, columns: 'x,y' }, (X) => model.partialFit(X));
 * ```
 */
export async function streamParquetChunks(
  path: string,
  opts: ChunkStreamOptions,
  onChunk: (chunk: Matrix, firstRow: number) => void,
): Promise<CsvStreamResult> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    file = await asyncBufferFromFile(path);
  } catch (e) {
    throw new ValidationError(`Cannot read ${path}: ${(e as Error).message}`, { param: 'input' });
  }
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new ParseError(`${path} is not a readable Parquet file: ${(e as Error).message}.`);
  }
  const schema = parquetSchema(metadata);
  const all = schema.children.filter((c) => c.children.length === 0).map((c) => c.element.name);
  const cols = selectColumns(all, opts.columns);
  const names = cols.map((j) => all[j]);
  const d = names.length;
  const n = Number(metadata.num_rows);
  if (n === 0) throw new ValidationError(`${path} has no data rows.`, { param: 'input' });
  const chunks = new ChunkBuffer(opts.chunkRows, d, onChunk);
  const where = (i: number, t: number): string => `${path}: row ${i + 1}, column ${names[t]}`;
  let gStart = 0;
  for (const group of metadata.row_groups) {
    const gRows = Number(group.num_rows);
    if (gRows === 0) continue;
    const gEnd = gStart + gRows;
    // The group's selected columns, decoded (one group at a time bounds the memory).
    const values = names.map(() => new Float64Array(gRows).fill(Number.NaN));
    const fillColumn = (c: ColumnData): void => {
      const t = names.indexOf(c.columnName);
      if (t < 0) return;
      const col = values[t];
      const data = c.columnData;
      for (let s = 0; s < data.length; s++) {
        const i = c.rowStart + s - gStart;
        if (i < 0) continue;
        if (i >= gRows || c.rowStart + s >= c.rowEnd) break;
        const v: unknown = data[s];
        if (typeof v === 'number') col[i] = v;
        else if (typeof v === 'bigint') col[i] = Number(v);
        else {
          throw new ParseError(
            `${where(gStart + i, t)} is ${v === null || v === undefined ? 'missing' : JSON.stringify(String(v))}, not a number; clean or drop the row, or pick numeric columns with --columns.`,
            gStart + i + 1,
            cols[t] + 1,
          );
        }
      }
    };
    const failed: { e: Error | null } = { e: null };
    try {
      await parquetRead({
        file,
        metadata,
        columns: names,
        rowStart: gStart,
        rowEnd: gEnd,
        onChunk: (c) => {
          if (failed.e) return;
          try {
            fillColumn(c);
          } catch (e) {
            failed.e = e as Error;
          }
        },
      });
    } catch (e) {
      throw new ParseError(`Cannot decode the Parquet data of ${path}: ${(e as Error).message}.`);
    }
    if (failed.e) throw failed.e;
    for (let r = 0; r < gRows; ) {
      const m = Math.min(chunks.room(), gRows - r);
      const o = chunks.fill * d;
      for (let t = 0; t < d; t++) {
        const col = values[t];
        for (let i = 0; i < m; i++) chunks.buf[o + i * d + t] = col[r + i];
      }
      chunks.commit(m, where);
      r += m;
    }
    gStart = gEnd;
  }
  chunks.flush();
  return { rows: n, names };
}
