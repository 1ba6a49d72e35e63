/**
 * Tidying a parsed table before it becomes a matrix: which columns hold text rather than numbers, which cells are
 * missing, and the table without the rows that have a missing cell. Works on both kinds of table (rows from text
 * formats, columns from Parquet/Arrow/.npy). Browser-safe.
 * @module
 */
import type { ColumnTable } from './columns.js';
import { isColumnTable } from './columns.js';
import { castNumber, type Table } from './table.js';

/** Spellings of a missing cell (compared trimmed and case-insensitively), besides null, undefined and NaN. */
export const MISSING_SPELLINGS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', 'none', '?'];
const MISSING = new Set(MISSING_SPELLINGS);

/**
 * Whether a cell is missing: null, undefined, NaN, or a string that is empty or spells a missing value
 * (`NA`, `N/A`, `NaN`, `null`, `None`, `?`; any case, surrounding spaces ignored).
 * @example
 * isMissingCell(' NA '); // true
 * isMissingCell('0');    // false
 */
export function isMissingCell(cell: unknown): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return Number.isNaN(cell);
  return typeof cell === 'string' && MISSING.has(cell.trim().toLowerCase());
}

function isNumberCell(cell: unknown): boolean {
  return typeof cell === 'bigint' || castNumber(cell) !== null;
}

/**
 * The columns among `columns` that hold text: fewer than half of their non-missing cells are numbers (the rule of
 * the playground, so a stray bad cell in a numeric column is still reported, not silently dropped with its
 * column). A column of a {@link ColumnTable} stored as a `Float64Array` is numeric.
 * @remarks O(n) per column, stopping as soon as the majority is decided.
 * @param columns - 0-based column indices to classify
 * @example
 * textColumns(parseTable('x,species\n1,setosa\n2,virginica\n', 'csv'), [0, 1]); // [1]
 */
export function textColumns(table: Table | ColumnTable, columns: readonly number[]): number[] {
  const n = isColumnTable(table) ? table.nRows : table.rows.length;
  const out: number[] = [];
  for (const j of columns) {
    const cells = isColumnTable(table) ? table.columns[j] : undefined;
    if (cells instanceof Float64Array) continue;
    const cellAt = cells !== undefined ? (i: number) => cells[i] : (i: number) => (table as Table).rows[i][j];
    let numbers = 0;
    let others = 0;
    for (let i = 0; i < n && numbers * 2 <= n && others * 2 <= n; i++) {
      const c = cellAt(i);
      if (isMissingCell(c)) continue;
      if (isNumberCell(c)) numbers++;
      else others++;
    }
    if (others > numbers) out.push(j);
  }
  return out;
}

/** Where a missing cell is: its 0-based row in the table and its 0-based column. */
export interface MissingCell {
  row: number;
  column: number;
}

/** Marks (1) the rows with a missing cell in any of `columns`; returns how many there are. O(n·|columns|). */
function markMissingRows(table: Table | ColumnTable, columns: readonly number[], mask: Uint8Array): number {
  let count = 0;
  const n = mask.length;
  for (const j of columns) {
    if (isColumnTable(table)) {
      const cells = table.columns[j];
      for (let i = 0; i < n; i++) if (mask[i] === 0 && isMissingCell(cells[i])) mask[i] = 1;
    } else {
      for (let i = 0; i < n; i++) if (mask[i] === 0 && isMissingCell(table.rows[i][j])) mask[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) count += mask[i];
  return count;
}

/**
 * The first missing cell (by row, then by column order in `columns`) among `columns`, or null when there is none.
 * @example
 * firstMissingCell(parseTable('a,b\n1,2\n3,\n', 'csv'), [0, 1]); // { row: 1, column: 1 }
 */
export function firstMissingCell(table: Table | ColumnTable, columns: readonly number[]): MissingCell | null {
  const n = isColumnTable(table) ? table.nRows : table.rows.length;
  const mask = new Uint8Array(n);
  if (markMissingRows(table, columns, mask) === 0) return null;
  const row = mask.indexOf(1);
  for (const j of columns) {
    const cell = isColumnTable(table) ? table.columns[j][row] : table.rows[row][j];
    if (isMissingCell(cell)) return { row, column: j };
  }
  return null;
}

/**
 * The table without the rows that have a missing cell ({@link isMissingCell}) in any of `columns`; other rows keep
 * their order (and, for text tables, their source line numbers).
 * @remarks O(n·|columns|); the input table is not changed.
 * @param columns - 0-based indices of the columns that must be present (features and the label column)
 * @returns the filtered table, the number of rows dropped and the first dropped row's 0-based index (−1 if none)
 * @example
 * dropMissingRows(parseTable('a,b\n1,2\n3,NA\n', 'csv'), [0, 1]).dropped; // 1
 */
export function dropMissingRows<T extends Table | ColumnTable>(
  table: T,
  columns: readonly number[],
): { table: T; dropped: number; firstDropped: number } {
  const n = isColumnTable(table) ? table.nRows : table.rows.length;
  const mask = new Uint8Array(n);
  const dropped = markMissingRows(table, columns, mask);
  if (dropped === 0) return { table, dropped, firstDropped: -1 };
  const keep = (_: unknown, i: number) => mask[i] === 0;
  const firstDropped = mask.indexOf(1);
  if (isColumnTable(table)) {
    const columnsOut = table.columns.map((c) => (c instanceof Float64Array ? c.filter(keep) : c.filter(keep)));
    return { table: { ...table, columns: columnsOut, nRows: n - dropped }, dropped, firstDropped };
  }
  const t = table as Table;
  return {
    table: { ...t, rows: t.rows.filter(keep), lines: t.lines.filter(keep) } as T,
    dropped,
    firstDropped,
  };
}
