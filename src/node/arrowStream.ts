/**
 * Chunked reading of Arrow IPC files and streams larger than memory (Node only): apache-arrow reads one record
 * batch at a time from a file stream, and the rows go out in fixed-size chunks.
 * @module
 */
import { readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { DataType, type RecordBatch, RecordBatchReader } from 'apache-arrow';
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkValuesCover } from '../io/arrow.js';
import { checkArrowSource } from '../io/arrowCheck.js';
import { ChunkBuffer } from './chunkBuffer.js';
import { type CsvStreamResult, selectColumns } from './csvStream.js';
import type { ChunkStreamOptions } from './npyStream.js';

/**
 * Streams the numeric columns of an Arrow IPC file (`.arrow`/`.feather` v2) or stream (`.arrows`) in chunks of
 * `chunkRows` rows, calling `onChunk(chunk, firstRow)` synchronously for each.
 *
 * @remarks
 * Memory O(largest record batch + chunkRows·d): batches are decoded one at a time, read at their offsets. Before
 * apache-arrow sees the file, its metadata is checked (`checkArrowSource`, the check `readArrowIpc` makes: the
 * footer and every block's message for the file format, every message header and length against the bytes after
 * it for the stream format) — a damaged length is a ParseError, never a hang or a huge allocation. Rows go out in
 * blocks of `chunkRows` in file order, across batch boundaries, as the CSV stream cuts the same values; the chunk's
 * buffer is REUSED for the next chunk. Integer columns become doubles (64-bit ones rounded).
 * @throws `ValidationError` (rejected promise) when the file cannot be read, a column is unknown or there are
 * no rows
 * @throws `ValidationError` when `path` is not a regular file (a pipe: the check reads at offsets)
 * @throws `ParseError` when the bytes are not Arrow IPC, are damaged or truncated, or a selected column is not numeric, has nulls or a
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
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new ValidationError(`Cannot read ${path}: ${(e as Error).message}`, { param: 'input' });
  }
  const damaged = (e: unknown): ParseError =>
    e instanceof ParseError
      ? new ParseError(`${path}: ${e.message}`)
      : new ParseError(`${path} is not a readable Arrow IPC file or stream: ${(e as Error).message}.`);
  let reader: Awaited<ReturnType<typeof RecordBatchReader.from>>;
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      throw new ValidationError(
        `${path} is not a regular file; streaming Arrow reads it at offsets — save it to a file.`,
        {
          param: 'input',
        },
      );
    }
    const fd = fh.fd;
    checkArrowSource({
      size: st.size,
      view: (pos, len) => {
        const buf = new Uint8Array(len);
        for (let got = 0; got < len; ) {
          const r = readSync(fd, buf, got, len - got, pos + got);
          if (r === 0) throw new ParseError(`file shorter than its ${st.size} bytes (changed while read?)`);
          got += r;
        }
        return new DataView(buf.buffer);
      },
    });
    reader = await RecordBatchReader.from(fh);
    await reader.open();
  } catch (e) {
    await fh.close().catch(() => undefined);
    if (e instanceof ValidationError) throw e;
    throw damaged(e);
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
    const batches = reader[Symbol.asyncIterator]();
    for (;;) {
      // only apache-arrow's errors become ParseErrors; onChunk's propagate as thrown
      let next: IteratorResult<RecordBatch>;
      try {
        next = await batches.next();
      } catch (e) {
        throw damaged(e);
      }
      if (next.done) break;
      const batch = next.value;
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
        checkValuesCover(names[t], v);
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
    await fh.close().catch(() => undefined);
  }
}
