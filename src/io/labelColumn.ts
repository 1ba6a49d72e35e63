/**
 * Label columns of the readers (row tables and column tables alike): integer labels kept, other values numbered.
 * @module
 */

/**
 * Labels of n cells: when every cell reads as an integer (`asInteger` not null) those integers, else each
 * distinct value (as a string) numbered 0, 1, … in order of first appearance, with `names` the values in that order.
 *
 * @remarks
 * Two passes over the cells, O(n) with a hash map of the distinct values.
 * @param cellAt - the cell of row i, 0 ≤ i < n
 * @param asInteger - the integer label a cell reads as, or null when it is not one
 * @example
 * labelsOfCells(3, (i) => ['a', 'b', 'a'][i], () => null); // { labels: Int32Array [0, 1, 0], names: ['a', 'b'] }
 */
export function labelsOfCells(
  n: number,
  cellAt: (i: number) => unknown,
  asInteger: (cell: unknown) => number | null,
): { labels: Int32Array; names: string[] } {
  const labels = new Int32Array(n);
  let allInt = true;
  for (let i = 0; i < n && allInt; i++) if (asInteger(cellAt(i)) === null) allInt = false;
  const map = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (allInt) {
      labels[i] = asInteger(cellAt(i)) as number;
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
