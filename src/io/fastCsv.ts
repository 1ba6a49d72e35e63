/**
 * A fast path for the common case of CSV/TSV input: all cells numeric, no quotes, one line-ending style. Parses
 * straight into `Float64Array` columns (no per-cell row arrays), and gives up — returning `null` — on anything else,
 * so the general reader (`parseTable`) handles, and reports, every unusual file. Browser-safe.
 * @module
 */
import type { ColumnTable } from './columns.js';
import { castNumber, looksNumeric } from './table.js';

/**
 * Parses numeric CSV/TSV text into a {@link ColumnTable}, or returns `null` when the text needs the general reader
 * (a quote, a lone `\r` or mixed line endings, a non-numeric or out-of-range cell, a ragged row, no data rows).
 * @remarks
 * Same answers as `parseTable` + `tableToMatrix` where it answers (checked by a property test): BOM dropped, blank
 * lines skipped, header detected the same way (a first row with a cell not spelled as a number), the same strict
 * casting. O(length) time; memory O(n·d) doubles plus the text.
 * @example
 * ```ts
 * const t = parseNumericCsv('x,y\n1,2\n', ',');
 * ```
 */
export function parseNumericCsv(text: string, sep: string, header: boolean | 'auto' = 'auto'): ColumnTable | null {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('"')) return null;
  const cr = text.indexOf('\r');
  const crlf = cr !== -1;
  if (crlf) {
    // Every line break must be \r\n (papaparse would pick one style; leave mixed files to it).
    for (let p = text.indexOf('\r'); p !== -1; p = text.indexOf('\r', p + 1))
      if (text.charCodeAt(p + 1) !== 10) return null;
    for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1))
      if (text.charCodeAt(p - 1) !== 13) return null;
  }
  const nl = crlf ? '\r\n' : '\n';
  let maxLines = 1;
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) maxLines++;
  let names: string[] | null = null;
  let columns: Float64Array[] = [];
  let d = 0;
  let n = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf(nl, pos);
    if (end === -1) end = text.length;
    const line = text.slice(pos, end);
    pos = end + nl.length;
    if (line.trim() === '' && !line.includes(sep)) {
      if (end === text.length) break;
      continue;
    }
    const cells = line.split(sep);
    if (names === null) {
      d = cells.length;
      const isHeader = header === 'auto' ? cells.some((c) => !looksNumeric(c)) : header;
      if (isHeader) {
        names = cells.map((c, j) => c.trim() || `col${j}`);
        columns = Array.from({ length: d }, () => new Float64Array(maxLines));
        if (end === text.length) break;
        continue;
      }
      names = cells.map((_, j) => `col${j}`);
      columns = Array.from({ length: d }, () => new Float64Array(maxLines));
    }
    if (cells.length !== d) return null;
    for (let j = 0; j < d; j++) {
      const v = castNumber(cells[j]);
      if (v === null) return null;
      columns[j][n] = v;
    }
    n++;
    if (end === text.length) break;
  }
  if (names === null || n === 0) return null;
  return { names, columns: columns.map((c) => c.slice(0, n)), nRows: n, source: 'CSV' };
}
