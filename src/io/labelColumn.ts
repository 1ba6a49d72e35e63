/**
 * Label columns of the readers (row tables and column tables alike): integer labels kept, other values numbered.
 * @module
 */
import { ValidationError } from '../core/errors.js';

/** Where a label cell is, for error messages: the column's name and the row as the reader counts it. */
export interface LabelCellPlace {
  /** The column's name. */
  column: string;
  /** The row's place as a user reads it, e.g. `line 7`; default `row i+1`. */
  rowName?: (i: number) => string;
}

/** A blank cell: null, undefined, NaN or a string of spaces only. */
function isBlankCell(cell: unknown): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return Number.isNaN(cell);
  return typeof cell === 'string' && cell.trim() === '';
}

/**
 * Labels of n cells: when every cell reads as an integer of the Int32 range (`asInteger` not null) those integers,
 * else each distinct value (as a string) numbered 0, 1, … in order of first appearance, with `names` the values in
 * that order. Integers outside ±(2³¹ − 1) are values, not labels (4294967296 would wrap to 0 in an Int32Array).
 *
 * @remarks
 * Two passes over the cells, O(n) with a hash map of the distinct values.
 * @param cellAt - the cell of row i, 0 ≤ i < n
 * @param asInteger - the integer label a cell reads as, or null when it is not one
 * @param place - the column's name and how rows are named, for the error on a blank cell
 * @throws {@link ValidationError} on a blank cell (empty, spaces, null, NaN): a class cannot be blank
 * @example
 * labelsOfCells(3, (i) => ['a', 'b', 'a'][i], () => null); // { labels: Int32Array [0, 1, 0], names: ['a', 'b'] }
 */
export function labelsOfCells(
  n: number,
  cellAt: (i: number) => unknown,
  asInteger: (cell: unknown) => number | null,
  place: LabelCellPlace = { column: 'labels' },
): { labels: Int32Array; names: string[] } {
  const labels = new Int32Array(n);
  const int32 = (cell: unknown): number | null => {
    const v = asInteger(cell);
    return v === null || v < -2147483648 || v > 2147483647 ? null : v;
  };
  let allInt = true;
  for (let i = 0; i < n; i++) {
    const cell = cellAt(i);
    if (isBlankCell(cell)) {
      const where = place.rowName?.(i) ?? `row ${i + 1}`;
      throw new ValidationError(
        `${where[0].toUpperCase()}${where.slice(1)}, label column ${JSON.stringify(place.column)}: the cell is blank (${typeof cell === 'string' ? JSON.stringify(cell) : String(cell)}); a class cannot be blank: fill it in or remove the row.`,
        { param: place.column, row: i },
      );
    }
    if (allInt && int32(cell) === null) allInt = false;
  }
  const map = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (allInt) {
      labels[i] = int32(cellAt(i)) as number;
      continue;
    }
    const key = String(cellAt(i));
    let id = map.get(key);
    if (id === undefined) {
      id = map.size;
      map.set(key, id);
    }
    labels[i] = id;
  }
  return { labels, names: [...map.keys()] };
}
