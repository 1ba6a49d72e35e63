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
 * Blank lines between the data rows of a one-column file are listed in `blankLines`, as `parseTable` does.
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
  let lineNo = 0;
  const blanks: number[] = [];
  // The in-place row scan needs a one-character separator that cannot be part of a number.
  const sepCode = sep.length === 1 && !/[\d+\-.eE]/.test(sep) ? sep.charCodeAt(0) : -1;
  let lastDataLine = 0;
  while (pos <= text.length) {
    let end = text.indexOf(nl, pos);
    if (end === -1) end = text.length;
    const lineStart = pos;
    pos = end + nl.length;
    lineNo++;
    if (names !== null && sepCode >= 0 && isNumberStart(text.charCodeAt(lineStart))) {
      // A data row scanned in place (not blank: it starts like a number): no line or cell strings but the slice
      // each number is read from.
      if (!scanRow(text, lineStart, end, sepCode, columns, d, n)) return null;
      n++;
      lastDataLine = lineNo;
      if (end === text.length) break;
      continue;
    }
    const line = text.slice(lineStart, end);
    if (line.trim() === '' && !line.includes(sep)) {
      if (end === text.length) break;
      if (names !== null && d === 1) blanks.push(lineNo);
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
    lastDataLine = lineNo;
    if (end === text.length) break;
  }
  if (names === null || n === 0) return null;
  // Views when at most a few lines were not data rows (header, trailing newline), else exact-length copies.
  const trim = (c: Float64Array): Float64Array => (c.length - n <= 8 ? c.subarray(0, n) : c.slice(0, n));
  const table: ColumnTable = { names, columns: columns.map(trim), nRows: n, source: 'CSV' };
  const blankLines = blanks.filter((l) => l < lastDataLine);
  return blankLines.length > 0 ? { ...table, blankLines } : table;
}

/** Whether char code c can start a number in the strict simple spelling {@link scanRow} reads: a digit, sign or point. */
function isNumberStart(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/** 10⁰ … 10²²: the powers of ten that are exact doubles (Clinger's fast path). */
const POW10 = Array.from({ length: 23 }, (_, p) => Number(`1e${p}`));
/** 2⁵³: decimal mantissas up to it are exact doubles. */
const MAX_EXACT = 2 ** 53;

/**
 * Reads the d cells of the data row text[start, end) (cells separated by the char code sep) into row n of
 * `columns`, without splitting the line: a cell spelled [+-]?(digits[.digits] | .digits)([eE][+-]?digits)? — what
 * every numeric CSV writer emits — is checked here char by char; its value is m·10^p computed with one correctly
 * rounded IEEE multiplication or division when the digit string m < 2⁵³ and |p| ≤ 22 (Clinger's fast path: both
 * operands exact, so the result is the correctly rounded value, the double `Number` returns), else `Number` of
 * its slice. Any other cell (surrounding spaces, anything unusual) goes through {@link castNumber} as before, so
 * the answers are `parseTable`'s. Returns false when the row needs the general reader (a cell that is not a finite
 * number, or not d cells).
 */
function scanRow(
  text: string,
  start: number,
  end: number,
  sep: number,
  columns: Float64Array[],
  d: number,
  n: number,
): boolean {
  let s = start;
  for (let j = 0; ; j++) {
    if (j === d) return false;
    let e = s;
    let c = e < end ? text.charCodeAt(e) : -1;
    const negative = c === 45;
    if (c === 43 || c === 45) c = ++e < end ? text.charCodeAt(e) : -1;
    let digits = 0;
    let m = 0;
    let p = 0;
    while (c >= 48 && c <= 57) {
      digits++;
      m = m * 10 + (c - 48);
      c = ++e < end ? text.charCodeAt(e) : -1;
    }
    if (c === 46) {
      c = ++e < end ? text.charCodeAt(e) : -1;
      while (c >= 48 && c <= 57) {
        digits++;
        m = m * 10 + (c - 48);
        p--;
        c = ++e < end ? text.charCodeAt(e) : -1;
      }
    }
    let simple = digits > 0;
    if (simple && (c === 101 || c === 69)) {
      c = ++e < end ? text.charCodeAt(e) : -1;
      const expNegative = c === 45;
      if (c === 43 || c === 45) c = ++e < end ? text.charCodeAt(e) : -1;
      let expDigits = 0;
      let x = 0;
      while (c >= 48 && c <= 57) {
        expDigits++;
        if (x < 100_000) x = x * 10 + (c - 48);
        c = ++e < end ? text.charCodeAt(e) : -1;
      }
      simple = expDigits > 0;
      p += expNegative ? -x : x;
    }
    let v: number | null;
    if (simple && (c === sep || c === -1)) {
      // m is the exact digit string while < 2⁵³ (rounding is monotone: a true value ≥ 2⁵³ never reads below it)
      if (m < MAX_EXACT && p >= -22 && p <= 22) {
        v = p < 0 ? m / POW10[-p] : m * POW10[p];
        if (negative) v = -v;
      } else {
        v = Number(text.slice(s, e));
      }
      if (!Number.isFinite(v)) return false;
    } else {
      // Not the simple spelling: the cell runs to the next separator and is cast as the general reader casts it.
      while (e < end && text.charCodeAt(e) !== sep) e++;
      v = castNumber(text.slice(s, e));
      if (v === null) return false;
    }
    columns[j][n] = v;
    if (e >= end) return j === d - 1;
    s = e + 1;
  }
}
