/**
 * Chunked reading of Arrow IPC files and streams larger than memory (Node only): apache-arrow reads one record
 * batch at a time from a file stream, and the rows go out in fixed-size chunks.
 * @module
 */
import { createReadStream } from 'node:fs';
import { DataType, RecordBatchReader } from 'apache-arrow';
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { ChunkBuffer } from './chunkBuffer.js';
import { type CsvStreamResult, selectColumns } from './csvStream.js';
import type { ChunkStreamOptions } from './npyStream.js';

/**
 * Streams the numeric columns of an Arrow IPC file (`.arrow`/`.feather` v2) or stream (`.arrows`) in chunks of
 * `chunkRows` rows, calling `onChunk(chunk, firstRow)` synchronously for each.
 *
 * @remarks
 * Memory O(largest record batch + chunkRows·d): batches are decoded one at a time from a read stream. Rows go out in
 * blocks of `chunkRows` in file order, across batch boundaries, as the CSV stream cuts the same values; the chunk's
 * buffer is REUSED for the next chunk. Integer columns become doubles (64-bit ones rounded).
 * @throws `ValidationError` (rejected promise) when the file cannot be read, a column is unknown or there are
 * no rows
 * @throws `ParseError` when the bytes are not Arrow IPC, or a selected column is not numeric, has nulls or a
 * value that is not finite
 * @example
 * ```ts
 * await streamArrowChunks('big.arrows', { chunkRows: 4096 }, (X) => model.partialFit(X));
 * ```
 */
export async function streamArrowChunks(
  path: string,
  opts: ChunkStreamOptions,
  onChunk: (chunk: Matrix, firstRow: number) => void,
): Promise<CsvStreamResult> {
  const stream = createReadStream(path);
  const opened = new Promise<void>((resolveOpen, reject) => {
    stream.once('open', () => resolveOpen());
    stream.once('error', (e) => reject(new ValidationError(`Cannot read ${path}: ${e.message}`, { param: 'input' })));
  });
  await opened;
  let reader: Awaited<ReturnType<typeof RecordBatchReader.from>>;
  try {
    reader = await RecordBatchReader.from(stream);
    await reader.open();
  } catch (e) {
    stream.destroy();
    throw new ParseError(`${path} is not a readable Arrow IPC file or stream: ${(e as Error).message}.`);
  }
  try {
    const fields = reader.schema.fields;
    const all = fields.map((f) => f.name);
    const cols = selectColumns(all, opts.columns);
    const names = cols.map((j) => all[j]);
    for (const j of cols) {
      const f = fields[j];
      if (!(DataType.isInt(f.type) || DataType.isFloat(f.type))) {
        throw new ParseError(
          `${path}: column ${f.name} is ${String(f.type)}, not numeric; pick numeric columns with --columns.`,
          undefined,
          j + 1,
        );
      }
    }
    const d = names.length;
    const chunks = new ChunkBuffer(opts.chunkRows, d, onChunk);
    const where = (i: number, t: number): string => `${path}: row ${i + 1}, column ${names[t]}`;
    let seen = 0;
    for await (const batch of reader) {
      const m0 = batch.numRows;
      const arrays: ArrayLike<number | bigint>[] = [];
      for (let t = 0; t < d; t++) {
        const v = batch.getChildAt(cols[t]);
        if (!v || v.nullCount > 0) {
          throw new ParseError(
            `${path}: column ${names[t]} has missing values in rows ${seen + 1}–${seen + m0}; fill or drop them.`,
            undefined,
            cols[t] + 1,
          );
        }
        arrays.push(v.toArray() as ArrayLike<number | bigint>);
      }
      for (let r = 0; r < m0; ) {
        const m = Math.min(chunks.room(), m0 - r);
        const o = chunks.fill * d;
        for (let t = 0; t < d; t++) {
          const a = arrays[t];
          for (let i = 0; i < m; i++) chunks.buf[o + i * d + t] = Number(a[r + i]);
        }
        chunks.commit(m, where);
        r += m;
      }
      seen += m0;
    }
    if (seen === 0) throw new ValidationError(`${path} has no data rows.`, { param: 'input' });
    chunks.flush();
    return { rows: seen, names };
  } finally {
    stream.destroy();
  }
}
