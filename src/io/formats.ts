/**
 * Every data format in one place: detection from a file name or the bytes, parsing to a table, selecting the
 * feature columns and a label column, and encoding per-point results. Browser-safe (works on bytes and strings).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import {
  type ColumnTable,
  columnTableLabels,
  columnTableToMatrix,
  isColumnTable,
  matrixToColumnTable,
} from './columns.js';
import { parseNumericCsv } from './fastCsv.js';
import { readNpy, writeNpy } from './npy.js';
import { readParquet, writeParquet } from './parquet.js';
import {
  detectFormat,
  parseTable,
  resolveColumn,
  resolveColumns,
  type Table,
  type TextFormat,
  tableLabels,
  tableToMatrix,
} from './table.js';

/** Input formats: the text ones plus Parquet, Arrow IPC (file or stream) and NumPy `.npy`. */
export type InputFormat = TextFormat | 'parquet' | 'arrow' | 'npy';

/** Every input format name (for `--format` choices). */
export const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'tsv', 'json', 'ndjson', 'parquet', 'arrow', 'npy'];

/** Output formats for per-point results (Arrow output: `writeArrowIpc` in the library). */
export type OutputFormat = 'csv' | 'tsv' | 'json' | 'ndjson' | 'npy' | 'parquet';

const EXT: [string, InputFormat][] = [
  ['.parquet', 'parquet'],
  ['.pq', 'parquet'],
  ['.arrow', 'arrow'],
  ['.arrows', 'arrow'],
  ['.feather', 'arrow'],
  ['.ipc', 'arrow'],
  ['.npy', 'npy'],
];

/**
 * Guesses the input format: from the extension first (`.parquet`/`.pq`, `.arrow`/`.arrows`/`.feather`/`.ipc`,
 * `.npy`, `.csv`/`.txt`, `.tsv`/`.tab`, `.json`, `.ndjson`/`.jsonl`), then from magic bytes (`PAR1`, `ARROW1`, an
 * Arrow stream's 0xFFFFFFFF continuation marker, `\x93NUMPY`), then from the text.
 */
export function detectInputFormat(name: string, bytes: Uint8Array): InputFormat {
  const lower = name.toLowerCase();
  for (const [ext, f] of EXT) if (lower.endsWith(ext)) return f;
  if (/\.(csv|txt|tsv|tab|json|ndjson|jsonl)$/.test(lower)) return detectFormat(lower, '');
  const startsWith = (sig: number[]): boolean => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  if (startsWith([0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31])) return 'arrow';
  if (startsWith([0xff, 0xff, 0xff, 0xff])) return 'arrow';
  if (startsWith([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'npy';
  return detectFormat('', decodeText(bytes.subarray(0, 4096)));
}

/** Decodes UTF-8 text, dropping a byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  const s = new TextDecoder('utf-8').decode(bytes);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/**
 * Parses bytes of any {@link InputFormat} into a row table (text formats) or a {@link ColumnTable} (the rest).
 * @throws {@link ParseError} for malformed input, with the line and column for text formats
 * @example
 * ```ts
 * const table = await parseInput(new TextEncoder().encode('x,y\n1,2\n3,4\n'), 'csv');
 * table.names; // ['x', 'y']
 * ```
 */
export async function parseInput(
  bytes: Uint8Array,
  format: InputFormat,
  opts: { header?: boolean | 'auto' } = {},
): Promise<Table | ColumnTable> {
  if (format === 'parquet') return readParquet(bytes);
  if (format === 'arrow') {
    // apache-arrow is a large module: import it only for Arrow input.
    const { readArrowIpc } = await import('./arrow.js');
    return readArrowIpc(bytes);
  }
  if (format === 'npy') return matrixToColumnTable(readNpy(bytes), '.npy');
  const text = decodeText(bytes);
  if (format === 'csv' || format === 'tsv') {
    // All-numeric, unquoted files go straight to columns; anything else (and every error) to the general reader.
    const fast = parseNumericCsv(text, format === 'tsv' ? '\t' : ',', opts.header ?? 'auto');
    if (fast) return fast;
  }
  return parseTable(text, format, opts);
}

/** What {@link selectColumns} returns. */
export interface Selection {
  /** The selected feature columns as numbers (row-major). */
  X: Matrix;
  /** Their names. */
  names: string[];
  /** The label column, when one was asked for. */
  truth?: Int32Array;
  /** Names of the label values when they were not integers (in order of first appearance). */
  truthNames?: string[];
}

/**
 * Selects feature columns (names or 0-based indices; default: every column but the label column) and an optional
 * label column from either kind of table, casting strictly.
 * @throws {@link ValidationError} for an unknown column or two selected columns with the same name (a saved model
 * finds its columns by name), {@link ParseError} for a cell that is not a number
 */
export function selectColumns(
  table: Table | ColumnTable,
  opts: { columns?: string | readonly (string | number)[]; truthColumn?: string | number } = {},
): Selection {
  const exclude: number[] = [];
  let truth: Int32Array | undefined;
  let truthNames: string[] | undefined;
  if (opts.truthColumn !== undefined) {
    const tc = resolveColumn(table, opts.truthColumn);
    const r = isColumnTable(table) ? columnTableLabels(table, tc) : tableLabels(table, tc);
    truth = r.labels;
    truthNames = r.names.length > 0 ? r.names : undefined;
    exclude.push(tc);
  }
  const cols = resolveColumns(table, opts.columns, exclude);
  const names = cols.map((c) => table.names[c]);
  const dup = names.findIndex((name, i) => names.indexOf(name) !== i);
  if (dup >= 0) {
    // A saved model finds its columns by name: two equal names would both resolve to the first column.
    throw new ValidationError(
      `Columns ${cols[names.indexOf(names[dup])]} and ${cols[dup]} are both named ${JSON.stringify(names[dup])}; a saved model finds its columns by name, so the selected names must be unique: rename one in the header, or leave one out with --columns.`,
      { param: 'columns' },
    );
  }
  const X = isColumnTable(table) ? columnTableToMatrix(table, cols) : tableToMatrix(table, cols);
  return { X, names, truth, truthNames };
}

/**
 * The output format for a file name, by extension (`.csv` when there is none that is known).
 * @throws {@link ValidationError} for Arrow extensions (not written by the CLI)
 */
export function outputFormatOf(path: string): OutputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  if (lower.endsWith('.npy')) return 'npy';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  if (/\.(arrow|arrows|feather|ipc)$/.test(lower)) {
    throw new ValidationError(
      `Cannot write ${path}: Arrow output is not supported by --out; use .parquet, .npy, .csv, .json or .ndjson.`,
      { param: 'out' },
    );
  }
  return 'csv';
}

function formatNumber(v: number): string {
  if (Number.isFinite(v)) return String(v);
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Encodes named per-point columns (all of one length n) in a format: CSV/TSV with a header row; JSON (an array
 * of objects); NDJSON (one object per line); `.npy` (one `Int32Array` column → 1-D `<i4`, one other column → 1-D
 * `<f8`, several → n×m `<f8` in the given column order); Parquet (INT32 for `Int32Array`, DOUBLE otherwise).
 * @remarks Numbers are written with the shortest round-trip representation, so text outputs read back to the same
 * doubles. Non-finite numbers (−Infinity log density) are `-Infinity` in CSV and `"-Infinity"` strings in JSON.
 * @throws {@link ValidationError} when there are no columns or they differ in length
 * @example
 * ```ts
 * encodePointTable('csv', { label: new Int32Array([0, 1]) }); // "label\n0\n1\n"
 * ```
 */
export function encodePointTable(
  format: OutputFormat,
  columns: Record<string, ArrayLike<number>>,
): string | Uint8Array {
  const names = Object.keys(columns);
  if (names.length === 0) throw new ValidationError('No output columns.', { param: 'out' });
  const n = columns[names[0]].length;
  for (const k of names) {
    if (columns[k].length !== n) {
      throw new ValidationError(`Output column ${k} has ${columns[k].length} values, expected ${n}.`, {
        param: 'out',
      });
    }
  }
  const jsonValue = (v: number): number | string => (Number.isFinite(v) ? v : formatNumber(v));
  switch (format) {
    case 'json': {
      const rows = Array.from({ length: n }, (_, i) =>
        Object.fromEntries(names.map((k) => [k, jsonValue(columns[k][i])])),
      );
      return `${JSON.stringify(rows)}\n`;
    }
    case 'ndjson': {
      let s = '';
      for (let i = 0; i < n; i++)
        s += `${JSON.stringify(Object.fromEntries(names.map((k) => [k, jsonValue(columns[k][i])])))}\n`;
      return s;
    }
    case 'npy': {
      if (names.length === 1) {
        const c = columns[names[0]];
        return writeNpy(c instanceof Int32Array ? c : Float64Array.from(c));
      }
      const data = new Float64Array(n * names.length);
      names.forEach((k, j) => {
        const c = columns[k];
        for (let i = 0; i < n; i++) data[i * names.length + j] = c[i];
      });
      return writeNpy({ rows: n, cols: names.length, data });
    }
    case 'parquet':
      return writeParquet(columns, { rowGroupSize: 1 << 20 }); // row groups of 2^20 rows
    default: {
      const sep = format === 'tsv' ? '\t' : ',';
      const lines = [names.join(sep)];
      for (let i = 0; i < n; i++) lines.push(names.map((k) => formatNumber(columns[k][i])).join(sep));
      return `${lines.join('\n')}\n`;
    }
  }
}
