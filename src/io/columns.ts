/**
 * Column-oriented tables (from Parquet, Arrow IPC and `.npy` input): selection by name or index, strict conversion
 * to a numeric {@link Matrix}, a label column kept aside. Browser-safe.
 * @module
 */
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { labelsOfCells } from './labelColumn.js';

/** One column's cells: numbers in a `Float64Array` when every cell is a finite-or-not number, else raw values. */
export type ColumnCells = Float64Array | readonly unknown[];

/** A table held by columns, as columnar files store it. */
export interface ColumnTable {
  /** Column names (`col0`, `col1`, ... where the file has none, e.g. `.npy`). */
  names: string[];
  /** One entry per column, each of length {@link ColumnTable.nRows}. */
  columns: ColumnCells[];
  /** Number of rows. */
  nRows: number;
  /** What the data came from, for messages (`'Parquet'`, `'Arrow'`, `'.npy'`). */
  source: string;
  /** Blank lines skipped between the data rows of a one-column CSV (1-based), where they may be empty cells. */
  blankLines?: number[];
}

/** True for a {@link ColumnTable} (as opposed to a row-oriented text table). */
export function isColumnTable(t: unknown): t is ColumnTable {
  return typeof t === 'object' && t !== null && Array.isArray((t as ColumnTable).columns);
}

/** Splits a row-major matrix into a {@link ColumnTable} (one `Float64Array` per column). */
export function matrixToColumnTable(m: Matrix, source: string, names?: readonly string[]): ColumnTable {
  const columns: Float64Array[] = [];
  for (let j = 0; j < m.cols; j++) {
    const c = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) c[i] = m.data[i * m.cols + j];
    columns.push(c);
  }
  return {
    names: names ? [...names] : Array.from({ length: m.cols }, (_, j) => `col${j}`),
    columns,
    nRows: m.rows,
    source,
  };
}

/** Casts one columnar cell: finite numbers and bigints (rounded to the nearest double, as NumPy's astype). */
function cellNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'a missing value (null)';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return `a ${typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v}`;
}

/** Rows per block of the column-to-row transposition in {@link columnTableToMatrix}. */
const TRANSPOSE_ROWS = 512;

/**
 * Gathers the chosen columns of a {@link ColumnTable} into a row-major numeric {@link Matrix}, strictly.
 * @remarks O(n·d). Integers (including 64-bit ones) become the nearest double; booleans, strings, dates, nulls,
 * NaN and ±Infinity are rejected, never turned into 0.
 * @throws {@link ParseError} naming the row (1-based), the column and the value of the first cell that is not a
 * finite number
 * @throws {@link ValidationError} when no column is selected
 * @example
 * ```ts
 * const X = columnTableToMatrix(table, [0, 2]);
 * ```
 */
export function columnTableToMatrix(table: ColumnTable, columns: readonly number[]): Matrix {
  const n = table.nRows;
  const d = columns.length;
  if (d === 0)
    throw new ValidationError('No columns selected; pass --columns with at least one column.', { param: 'columns' });
  const data = new Float64Array(n * d);
  if (columns.every((c) => table.columns[c] instanceof Float64Array)) {
    // All float columns (the CSV fast path, Parquet DOUBLE, .npy): transposed in blocks of rows so the writes stay
    // in cache; a non-finite cell sends the table to the loop below, which names the first one.
    const src = columns.map((c) => table.columns[c] as Float64Array);
    let ok = true;
    for (let i0 = 0; i0 < n; i0 += TRANSPOSE_ROWS) {
      const i1 = Math.min(n, i0 + TRANSPOSE_ROWS);
      for (let j = 0; j < d; j++) {
        const cells = src[j];
        for (let i = i0; i < i1; i++) {
          const v = cells[i];
          if (!Number.isFinite(v)) ok = false;
          data[i * d + j] = v;
        }
      }
    }
    if (ok) return { rows: n, cols: d, data };
  }
  for (let j = 0; j < d; j++) {
    const col = columns[j];
    const cells = table.columns[col];
    for (let i = 0; i < n; i++) {
      const raw = cells[i];
      const v = cells instanceof Float64Array ? (Number.isFinite(raw) ? (raw as number) : null) : cellNumber(raw);
      if (v === null) {
        throw new ParseError(
          `${table.source} row ${i + 1}, column ${col + 1} (${table.names[col]}): ${describe(raw)} is not a finite number; fix the data or leave the column out with --columns.`,
          i + 1,
          col + 1,
        );
      }
      data[i * d + j] = v;
    }
  }
  return { rows: n, cols: d, data };
}

/** Reads a label column: integers are kept, other values are numbered in order of first appearance. */
export function columnTableLabels(table: ColumnTable, column: number): { labels: Int32Array; names: string[] } {
  const cells = table.columns[column];
  return labelsOfCells(
    table.nRows,
    (i) => cells[i],
    (cell) => {
      const v = cellNumber(cell);
      return v === null || !Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1 ? null : v;
    },
    { column: table.names[column], rowName: (i) => `${table.source} row ${i + 1}` },
  );
}
