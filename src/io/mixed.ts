/**
 * Mixed-type columns for Gower distances and k-prototypes: the chosen columns of a parsed table with numbers kept
 * as numbers, text kept as text and missing cells as `null`. Browser-safe.
 * @module
 */
import type { GowerTable } from '../core/gower.js';
import { type ColumnTable, isColumnTable } from './columns.js';
import { castNumber, type Table } from './table.js';

/** Cells read as missing in text input: empty, `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`. */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'];

function isMissingCell(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isNaN(v);
  return typeof v === 'string' && MISSING_TOKENS.includes(v.trim());
}

/**
 * The chosen columns of a table as mixed-type columns: a column whose every present cell is a number (or numeric
 * text) becomes numbers, any other column keeps its cells (text trimmed; JSON booleans stay booleans); missing
 * cells ({@link MISSING_TOKENS}, null, NaN) become `null`. O(n·p).
 * @example
 * mixedColumns(parseTable('age,plan\n20,a\n,b\n', 'csv'), [0, 1]).columns; // [[20, null], ['a', 'b']]
 */
export function mixedColumns(table: Table | ColumnTable, columns: readonly number[]): GowerTable {
  const n = isColumnTable(table) ? table.nRows : table.rows.length;
  const out: unknown[][] = [];
  for (const j of columns) {
    const cells: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = isColumnTable(table) ? table.columns[j][i] : table.rows[i][j];
      cells[i] = isMissingCell(v) ? null : typeof v === 'bigint' ? Number(v) : v;
    }
    let numeric = true;
    for (let i = 0; i < n && numeric; i++) if (cells[i] !== null && castNumber(cells[i]) === null) numeric = false;
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (v === null) continue;
      if (numeric) cells[i] = castNumber(v);
      else if (typeof v === 'string') cells[i] = v.trim();
    }
    out.push(cells);
  }
  return { names: columns.map((j) => table.names[j]), columns: out, nRows: n };
}
