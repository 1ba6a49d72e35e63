/**
 * Chunked reading of NumPy `.npy` files larger than memory (Node only): the header, then blocks of rows read from
 * the file descriptor at their byte offsets (the data block is contiguous after the header), never the whole file.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { type NpyHeader, npyIsNativeF64, parseNpyHeader, reader } from '../io/npy.js';
import { ChunkBuffer } from './chunkBuffer.js';
import { type CsvStreamResult, selectColumns } from './csvStream.js';

/** Options of the chunked readers other than CSV ({@link streamNpyChunks}, `streamParquetChunks`). */
export interface ChunkStreamOptions {
  /** Rows per chunk (the last chunk may be shorter). */
  chunkRows: number;
  /** Columns to use, by name (`col0`, `col1`… for `.npy`) or 0-based index, comma-separated; default all. */
  columns?: string;
}

/** Reads exactly `len` bytes of `fd` at `position` into `buf` (from 0); returns the bytes read. */
function readAt(fd: number, buf: Uint8Array, len: number, position: number): number {
  let got = 0;
  while (got < len) {
    const r = readSync(fd, buf, got, Math.min(len - got, 1 << 30), position + got);
    if (r === 0) break;
    got += r;
  }
  return got;
}

/**
 * Streams a `.npy` file (1-D or 2-D; any dtype `readNpy` takes; C or Fortran order) in chunks of `chunkRows` rows,
 * calling `onChunk(chunk, firstRow)` synchronously for each.
 *
 * @remarks
 * Memory O(chunkRows·d) whatever the file size: each chunk is read with `readSync` at its byte offset — one read
 * per chunk in C order (rows are contiguous), one per selected column in Fortran order — into a reused buffer and
 * converted to float64. The chunk's buffer is REUSED for the next chunk: copy what you need to keep. The chunks
 * are those of the CSV stream on the same values (blocks of `chunkRows` rows in order), so a fit fed by either is
 * the same. Column names are `col0`, `col1`, …
 * @throws `ValidationError` (rejected promise) when the file cannot be read, a column is unknown or the array
 * has no rows
 * @throws `ParseError` on a malformed header, a truncated body, or a NaN/infinite value (naming row and column)
 * @example
 * ```ts
 * await streamNpyChunks('embeddings.npy', { chunkRows: 4096 }, (X) => model.partialFit(X));
 * ```
 */
export async function streamNpyChunks(
  path: string,
  opts: ChunkStreamOptions,
  onChunk: (chunk: Matrix, firstRow: number) => void,
): Promise<CsvStreamResult> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ValidationError(`Cannot read ${path}: ${(e as Error).message}`, { param: 'input' });
  }
  try {
    const size = fstatSync(fd).size;
    let head = new Uint8Array(Math.min(size, 4096));
    readAt(fd, head, head.length, 0);
    if (head.length >= 12 && head[6] !== 1) {
      // version 2/3: a 4-byte header length
      const len = new DataView(head.buffer).getUint32(8, true);
      head = new Uint8Array(Math.min(size, 12 + len));
      readAt(fd, head, head.length, 0);
    } else if (head.length >= 10 && head[6] === 1) {
      const len = new DataView(head.buffer).getUint16(8, true);
      if (10 + len > head.length) {
        head = new Uint8Array(Math.min(size, 10 + len));
        readAt(fd, head, head.length, 0);
      }
    }
    const h = parseNpyHeader(head);
    const { rows: n, cols: dAll, size: width } = h;
    if (h.body + n * dAll * width > size) {
      throw new ParseError(`${path}: truncated .npy data: expected ${n * dAll * width} bytes, found ${size - h.body}.`);
    }
    if (n === 0) throw new ValidationError(`${path} has no data rows.`, { param: 'input' });
    const all = Array.from({ length: dAll }, (_, j) => `col${j}`);
    const cols = selectColumns(all, opts.columns);
    const names = cols.map((j) => all[j]);
    const chunks = new ChunkBuffer(opts.chunkRows, cols.length, onChunk);
    readNpyBlocks(fd, h, cols, chunks);
    chunks.flush();
    return { rows: n, names };
  } finally {
    closeSync(fd);
  }
}

/** Reads every row of the array into `chunks` (selected columns `cols`), one block of rows at a time. */
function readNpyBlocks(fd: number, h: NpyHeader, cols: number[], chunks: ChunkBuffer): void {
  const { rows: n, cols: dAll, size: width, body } = h;
  const d = cols.length;
  const full = !h.fortran && d === dAll && cols.every((j, t) => j === t);
  const native = full && npyIsNativeF64(h);
  // Raw bytes of one block: a whole row block (C order) or one column's run of rows (Fortran order).
  const scratch = native ? null : new Uint8Array(chunks.chunkRows * (h.fortran ? 1 : dAll) * width);
  const dv = scratch ? new DataView(scratch.buffer) : null;
  const read = dv ? reader(dv, h.kind, width, h.little, h.descr) : null;
  const out = chunks.buf;
  const where = (i: number, j: number): string => `row ${i + 1}, column ${cols[j] + 1} (col${cols[j]})`;
  for (let r0 = 0; r0 < n; ) {
    const m = Math.min(chunks.room(), n - r0);
    const o = chunks.fill * d;
    if (native) {
      // C-order little-endian float64: the file's bytes are the rows (aligned: o is a multiple of d doubles).
      const bytes = new Uint8Array(out.buffer, out.byteOffset + o * 8, m * d * 8);
      if (readAt(fd, bytes, m * d * 8, body + r0 * dAll * 8) < m * d * 8) throw truncated();
    } else if (!h.fortran) {
      const len = m * dAll * width;
      if (readAt(fd, scratch as Uint8Array, len, body + r0 * dAll * width) < len) throw truncated();
      const rd = read as (o: number) => number;
      for (let i = 0; i < m; i++) {
        for (let t = 0; t < d; t++) out[o + i * d + t] = rd((i * dAll + cols[t]) * width);
      }
    } else {
      const rd = read as (o: number) => number;
      for (let t = 0; t < d; t++) {
        const len = m * width;
        if (readAt(fd, scratch as Uint8Array, len, body + (cols[t] * n + r0) * width) < len) throw truncated();
        for (let i = 0; i < m; i++) out[o + i * d + t] = rd(i * width);
      }
    }
    chunks.commit(m, where);
    r0 += m;
  }
}

function truncated(): ParseError {
  return new ParseError('Truncated .npy data: the file ended before the last row.');
}
