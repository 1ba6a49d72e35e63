/**
 * Chunked reading of NDJSON files larger than memory (Node only): one JSON value per line, read line by line, the
 * rows going out in fixed-size chunks.
 * @module
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { castNumber } from '../io/table.js';
import { ChunkBuffer } from './chunkBuffer.js';
import { type CsvStreamResult, selectColumns } from './csvStream.js';
import type { ChunkStreamOptions } from './npyStream.js';

/** The columns an NDJSON file names on its first line: an object's keys, or `col0`, `col1`… for an array. */
function firstLine(item: unknown, path: string, line: number): { all: string[]; arrays: boolean } {
  if (Array.isArray(item)) {
    if (item.length === 0) {
      throw new ParseError(`${path}: line ${line} is an empty array; the first row must hold the columns.`, line, 1);
    }
    return { all: item.map((_, j) => `col${j}`), arrays: true };
  }
  if (typeof item !== 'object' || item === null || Object.keys(item).length === 0) {
    throw new ParseError(
      `${path}: line ${line} is not a non-empty object or array; NDJSON rows are objects (keys name the columns) or arrays.`,
      line,
      1,
    );
  }
  return { all: Object.keys(item), arrays: false };
}

/**
 * Streams the numeric columns of an NDJSON file (`.ndjson`/`.jsonl`) in chunks of `chunkRows` rows, calling
 * `onChunk(chunk, firstRow)` synchronously for each.
 *
 * @remarks
 * The rows are those `parseInput` reads from the whole file: objects (the first line's keys name the columns,
 * missing keys are errors) or arrays (no header: columns `col0`, `col1`…; every row as wide).
 * Memory O(chunkRows·d + longest line): lines are read one at a time. Rows go out in blocks of `chunkRows` in file
 * order, as the CSV stream cuts the same values; the chunk's buffer is REUSED for the next chunk.
 * @throws `ValidationError` (rejected promise) when the file cannot be read, a column is unknown or there are
 * no rows
 * @throws `ParseError` naming the line (and column) of invalid JSON, a row unlike the first or a cell that is not
 * a finite number
 * @example
 * ```ts
 * await streamNdjsonChunks('big.ndjson', { chunkRows: 4096 }, (X) => model.partialFit(X));
 * ```
 */
export async function streamNdjsonChunks(
  path: string,
  opts: ChunkStreamOptions,
  onChunk: (chunk: Matrix, firstRow: number) => void,
): Promise<CsvStreamResult> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  await new Promise<void>((resolveOpen, reject) => {
    stream.once('open', () => resolveOpen());
    stream.once('error', (e) => reject(new ValidationError(`Cannot read ${path}: ${e.message}`, { param: 'input' })));
  });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let out: ChunkBuffer | null = null;
  let layout = { all: [] as string[], arrays: false };
  let cols: number[] = [];
  let names: string[] = [];
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const s = (line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw).trim();
      if (s === '') continue;
      let item: unknown;
      try {
        item = JSON.parse(s);
      } catch (e) {
        throw new ParseError(`${path}: invalid JSON on line ${line}: ${(e as Error).message}.`, line, 1);
      }
      if (out === null) {
        layout = firstLine(item, path, line);
        cols = selectColumns(layout.all, opts.columns);
        names = cols.map((j) => layout.all[j]);
        out = new ChunkBuffer(opts.chunkRows, cols.length, onChunk);
      }
      if (layout.arrays ? !Array.isArray(item) : typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new ParseError(
          `${path}: line ${line} is not an ${layout.arrays ? 'array' : 'object'} like the first.`,
          line,
          1,
        );
      }
      if (layout.arrays && (item as unknown[]).length !== layout.all.length) {
        throw new ParseError(
          `${path}: line ${line} has ${(item as unknown[]).length} fields but the first row has ${layout.all.length}; every row needs the same number of columns.`,
          line,
          1,
        );
      }
      const off = out.fill * cols.length;
      for (let t = 0; t < cols.length; t++) {
        const cell = layout.arrays ? (item as unknown[])[cols[t]] : (item as Record<string, unknown>)[names[t]];
        const v = castNumber(cell);
        if (v === null) {
          throw new ParseError(
            `${path}: line ${line}, column ${cols[t] + 1} (${names[t]}) is ${JSON.stringify(cell) ?? 'missing'}, not a number; clean or drop the row.`,
            line,
            cols[t] + 1,
          );
        }
        out.buf[off + t] = v;
      }
      out.commit(1, (i, j) => `${path}: row ${i + 1}, column ${names[j]}`);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (out === null || out.total === 0) throw new ValidationError(`${path} has no data rows.`, { param: 'input' });
  out.flush();
  return { rows: out.total, names };
}
