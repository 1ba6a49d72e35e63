/**
 * Chunked CSV/TSV reading for files larger than memory (Node only): papaparse streams the file and the caller
 * receives fixed-size blocks of rows as a {@link Matrix}.
 * @module
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { castNumber, looksNumeric } from '../io/table.js';

/** Options of {@link streamCsvChunks}. */
export interface CsvStreamOptions {
  /** Rows per chunk (the last chunk may be shorter). */
  chunkRows: number;
  /** Columns to use, by name or 0-based index, comma-separated; default all. */
  columns?: string;
  /** Whether the first line is a header; 'auto' (default): a header when any of its cells is not a number. */
  header?: boolean | 'auto';
  /** Field delimiter. @defaultValue ',' ('\t' for `.tsv`/`.tab` files) */
  delimiter?: string;
}

/** Summary of a completed pass. */
export interface CsvStreamResult {
  /** Data rows read. */
  rows: number;
  /** Names of the selected columns (`col0`... without a header). */
  names: string[];
  /**
   * Blank lines skipped between the rows of a one-column CSV/TSV file, where a blank line may be an empty cell:
   * how many, and the first five (1-based line numbers). Absent when there were none.
   */
  blankLines?: { count: number; first: number[] };
}

/**
 * Streams a CSV/TSV file in chunks of `chunkRows` rows, calling `onChunk(chunk, firstRow)` synchronously for each.
 *
 * @remarks
 * Memory stays O(chunkRows·d) whatever the file size: papaparse reads the file as a stream and rows are cast
 * strictly (decimal literals only, as the whole-file reader). The chunk's buffer is REUSED for the next chunk:
 * copy what you need to keep. Blank lines are skipped; in a one-column file those between rows (empty cells,
 * perhaps) are counted in `blankLines`, as the whole-file reader lists them. Line numbers in errors are 1-based and assume no quoted
 * newlines.
 * @throws `ParseError` (rejected promise) naming the line and column of a non-numeric cell or a short row
 * @throws `ValidationError` on an unknown column or an empty file
 * @example
 * await streamCsvChunks('big.csv', { chunkRows: 4096 }, (X) => model.partialFit(X));
 */
export function streamCsvChunks(
  path: string,
  opts: CsvStreamOptions,
  onChunk: (chunk: Matrix, firstRow: number) => void,
): Promise<CsvStreamResult> {
  const lower = path.toLowerCase();
  const delimiter = opts.delimiter ?? (lower.endsWith('.tsv') || lower.endsWith('.tab') ? '\t' : ',');
  const chunkRows = opts.chunkRows;
  return new Promise((resolvePromise, reject) => {
    let line = 0;
    let cols: number[] | null = null;
    let names: string[] = [];
    let d = 0;
    let buf = new Float64Array(0);
    let fill = 0;
    let total = 0;
    let width = 0;
    const blank = { count: 0, first: [] as number[], pending: 0, pendingFirst: [] as number[] };
    let failed = false;
    const stream = createReadStream(path);
    const fail = (e: Error, parser?: Papa.Parser) => {
      if (failed) return;
      failed = true;
      parser?.abort();
      stream.destroy();
      reject(e);
    };
    const flush = () => {
      if (fill === 0) return;
      onChunk({ rows: fill, cols: d, data: fill === chunkRows ? buf : buf.subarray(0, fill * d) }, total - fill);
      fill = 0;
    };
    stream.on('error', (e) => fail(new ValidationError(`Cannot read ${path}: ${e.message}`, { param: 'input' })));
    Papa.parse<string[]>(stream as unknown as File, {
      delimiter,
      skipEmptyLines: false,
      step: (res, parser) => {
        if (failed) return;
        line++;
        let row = res.data;
        if (line === 1 && row.length > 0 && typeof row[0] === 'string' && row[0].charCodeAt(0) === 0xfeff) {
          row = [row[0].slice(1), ...row.slice(1)];
        }
        if (row.length === 1 && row[0].trim() === '') {
          if (cols !== null && width === 1) {
            blank.pending++;
            if (blank.pendingFirst.length < 5) blank.pendingFirst.push(line);
          }
          return;
        }
        try {
          if (cols === null) {
            const isHeader =
              opts.header === 'auto' || opts.header === undefined ? row.some((c) => !looksNumeric(c)) : opts.header;
            const all = isHeader ? row.map((c) => c.trim()) : row.map((_, j) => `col${j}`);
            width = row.length;
            cols = selectColumns(all, opts.columns);
            names = cols.map((j) => all[j]);
            d = cols.length;
            buf = new Float64Array(chunkRows * d);
            if (isHeader) return;
          }
          const cs = cols as number[];
          const off = fill * d;
          for (let t = 0; t < d; t++) {
            const j = cs[t];
            if (j >= row.length) {
              throw new ParseError(
                `${path}: line ${line} has ${row.length} fields; column ${j + 1} is missing.`,
                line,
                j + 1,
              );
            }
            const v = castNumber(row[j]);
            if (v === null) {
              throw new ParseError(
                `${path}: line ${line}, column ${j + 1} (${names[t]}) is ${JSON.stringify(row[j])}, not a number; clean or drop the row.`,
                line,
                j + 1,
              );
            }
            buf[off + t] = v;
          }
          fill++;
          total++;
          if (blank.pending > 0) {
            // blank lines followed by a row: between rows, so perhaps empty cells
            blank.count += blank.pending;
            for (const l of blank.pendingFirst) if (blank.first.length < 5) blank.first.push(l);
            blank.pending = 0;
            blank.pendingFirst = [];
          }
          if (fill === chunkRows) flush();
        } catch (e) {
          fail(e as Error, parser);
        }
      },
      complete: () => {
        if (failed) return;
        try {
          flush();
        } catch (e) {
          fail(e as Error);
          return;
        }
        if (total === 0) {
          fail(new ValidationError(`${path} has no data rows.`, { param: 'input' }));
          return;
        }
        resolvePromise(
          blank.count > 0
            ? { rows: total, names, blankLines: { count: blank.count, first: blank.first } }
            : { rows: total, names },
        );
      },
      error: (e: Error) => fail(new ParseError(`${path}: ${e.message}`)),
    });
  });
}

/**
 * The 0-based indices of the columns named in `spec` (names or indices, comma-separated; all when empty).
 * @throws `ValidationError` naming an unknown column and listing the columns
 */
export function selectColumns(all: string[], spec: string | undefined): number[] {
  if (spec === undefined || spec.trim() === '') return all.map((_, j) => j);
  return spec.split(',').map((raw) => {
    const s = raw.trim();
    const byName = all.indexOf(s);
    if (byName >= 0) return byName;
    if (/^\d+$/.test(s) && Number(s) < all.length) return Number(s);
    throw new ValidationError(`--columns: no column ${JSON.stringify(s)}; the columns are ${all.join(', ')}.`, {
      param: 'columns',
    });
  });
}
