/**
 * Text tables → numbers: CSV/TSV (header detected), JSON (array of arrays or of objects) and NDJSON, with strict
 * number casting. Browser-safe (no `node:` imports): works on strings.
 * @module
 */
import Papa from 'papaparse';
import { ParseError, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { jsonTooDeep, lineColumn, scanJson } from './jsonScan.js';
import { labelsOfCells } from './labelColumn.js';

/** A parsed table: column names and raw cells, with the 1-based source line of each row. */
export interface Table {
  /** Column names (from the header, or `col0`, `col1`, ... when there is none). */
  names: string[];
  /** Whether the first line was a header. */
  hasHeader: boolean;
  /** Cells as read: strings from CSV, numbers/strings from JSON. */
  rows: unknown[][];
  /** 1-based line number of each row in the source (for error messages). */
  lines: number[];
  /**
   * Blank lines skipped between the data rows of a one-column CSV/TSV (1-based), where a blank line may be an empty
   * cell: the CLI names them in a warning.
   */
  blankLines?: number[];
}

/** Input formats understood by `parseTable`. */
export type TextFormat = 'csv' | 'tsv' | 'json' | 'ndjson';

// Surrounding white space is allowed (the same set String#trim and Number() strip), so no trimmed copy is needed.
const NUMBER_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Whether a cell is spelled as a decimal number (a header has at least one cell that is not). */
export function looksNumeric(cell: unknown): boolean {
  return typeof cell === 'number' || (typeof cell === 'string' && NUMBER_RE.test(cell));
}

/**
 * Strict number cast: decimal literals with optional exponent (and surrounding spaces). Rejects empty cells,
 * `NaN`, `true`, hex and anything `Number()` would silently turn into 0 or NaN.
 */
export function castNumber(cell: unknown): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  if (!NUMBER_RE.test(cell)) return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}

/**
 * Why a cell is not a usable number, for error messages: `"" is an empty cell`, `"1e400" is out of the range of a
 * double`, `"abc" is not a number`. Long text is cut and nested values are named, never serialized (a deeply
 * nested JSON cell cannot overflow the stack here).
 */
export function cellProblem(cell: unknown): string {
  if (cell === undefined || cell === null) return 'a missing value is not a number';
  if (typeof cell === 'string') {
    const shown = JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
    if (cell.trim() === '') return `${shown} is an empty cell, not a number`;
    if (NUMBER_RE.test(cell)) return `${shown} is out of the range of a double (about ±1.8e308)`;
    if (/^\s*[+-]?\d*,\d+\s*$/.test(cell))
      return `${shown} is not a number (a decimal comma? pass --decimal , or decimal: ',')`;
    return `${shown} is not a number`;
  }
  if (typeof cell === 'number') return `${cell} is not a finite number`;
  if (Array.isArray(cell)) return 'an array is not a number';
  return `${typeof cell === 'object' ? 'an object' : String(cell)} is not a number`;
}

/** Guesses the format from a file name (`.csv`, `.tsv`, `.json`, `.ndjson`/`.jsonl`), else from the content. */
export function detectFormat(name: string, text: string): TextFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  const t = text.trimStart();
  if (t.startsWith('[')) return 'json';
  if (t.startsWith('{')) return 'ndjson';
  const firstLine = t.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') && !firstLine.includes(',') ? 'tsv' : 'csv';
}

/** Options of `parseTable` and `parseInput`. */
export interface TextTableOptions {
  /** Whether the first line is a header (default `'auto'`: when a cell of it is not spelled as a number). */
  header?: boolean | 'auto';
  /** CSV field separator (default: detected, `;` or `,`; TSV always uses tab). */
  delimiter?: ',' | ';' | '\t';
  /** Decimal mark of CSV/TSV cells: `','` reads `1,5` as 1.5 (needs `;` or tab separators). @defaultValue '.' */
  decimal?: '.' | ',';
}

/**
 * The CSV separator of `text`: `;` when the first lines (up to 20) all hold the same number of semicolons (at least
 * one) and either not all the same number of commas, or their `;`-separated cells are numbers with a decimal comma;
 * else `,`.
 * @example
 * detectDelimiter('x;y\n1,5;2\n'); // ';'
 */
export function detectDelimiter(text: string): ',' | ';' {
  const sample = text
    .slice(0, 65536)
    .split(/\r?\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  if (sample.length === 0) return ',';
  const count = (l: string, c: string): number => l.split(c).length - 1;
  const same = (c: string): boolean => {
    const k = count(sample[0], c);
    return k >= 1 && sample.every((l) => count(l, c) === k);
  };
  if (!same(';')) return ',';
  if (!same(',')) return ';';
  const last = sample[sample.length - 1].split(';');
  return last.every((cell) => /^\s*[+-]?\d*,?\d+(?:[eE][+-]?\d+)?\s*$/.test(cell)) ? ';' : ',';
}

const DECIMAL_COMMA = /^\s*[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Parses CSV/TSV/JSON/NDJSON text into a {@link Table}.
 * @remarks
 * CSV/TSV: RFC 4180 quoting (papaparse), BOM tolerated, CRLF, LF and CR line ends (mixed too: line numbers count
 * each), `;` separators detected ({@link detectDelimiter}), `decimal: ','` for `1,5`; blank lines skipped (in a
 * one-column file, where a blank line may be an empty cell, those between data rows are listed in `blankLines`);
 * the first row is a header
 * when any of its cells is not spelled as a decimal number (or when `header` says so; `1e999` counts as a number
 * spelling, so it is reported as out of range rather than taken for a column name).
 * JSON: an array of arrays (no header) or an array of objects (keys of the first object are the columns).
 * NDJSON: one array or object per line.
 * @throws {@link ParseError} with the line (and column) on malformed input or inconsistent row lengths
 */
export function parseTable(text: string, format: TextFormat, opts: TextTableOptions = {}): Table {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'json') return parseJsonTable(text);
  if (format === 'ndjson') return parseNdjsonTable(text);
  // One line-end style for papaparse (which picks one per file): a mixed file keeps its line numbers.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const delimiter = format === 'tsv' ? '\t' : (opts.delimiter ?? detectDelimiter(text));
  const decimalComma = opts.decimal === ',';
  if (decimalComma && delimiter === ',') {
    throw new ValidationError("A decimal comma needs ';' or tab separators; the file is comma-separated.", {
      param: 'decimal',
    });
  }
  const res = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter, newline: '\n' });
  const quoteErr = res.errors.find((e) => e.type === 'Quotes');
  if (quoteErr) {
    let idx = quoteErr.index ?? 0;
    if (text[idx] !== '"' && text[idx - 1] === '"') idx--; // papaparse points just after the opening quote
    const at = lineColumn(text, idx);
    throw new ParseError(
      `Malformed CSV at line ${at.line}, column ${at.column}: ${quoteErr.message}; close the quoted field or escape quotes as "".`,
      at.line,
      at.column,
    );
  }
  const all: string[][] = [];
  const allLines: number[] = [];
  const blank: boolean[] = [];
  let line = 1;
  for (const r of res.data) {
    const rowLine = line;
    // Count the physical lines this row spans (quoted newlines).
    for (const cell of r) {
      for (let p = cell.indexOf('\n'); p !== -1; p = cell.indexOf('\n', p + 1)) line++;
    }
    line++;
    if (decimalComma) for (let j = 0; j < r.length; j++) if (DECIMAL_COMMA.test(r[j])) r[j] = r[j].replace(',', '.');
    all.push(r);
    allLines.push(rowLine);
    blank.push(r.length === 1 && r[0].trim() === '');
  }
  // Blank lines are skipped; in a one-column file those between data rows may be empty cells, so they are listed.
  const first = blank.indexOf(false);
  const last = blank.lastIndexOf(false);
  const oneColumn = first >= 0 && all[first].length === 1;
  const rows: unknown[][] = [];
  const lines: number[] = [];
  const blankLines: number[] = [];
  for (let i = 0; i < all.length; i++) {
    if (blank[i]) {
      if (oneColumn && i > first && i < last) blankLines.push(allLines[i]);
      continue;
    }
    rows.push(all[i]);
    lines.push(allLines[i]);
  }
  const table = finishTable(rows, lines, opts.header ?? 'auto');
  return blankLines.length > 0 ? { ...table, blankLines } : table;
}

/** How a row is named in errors: by line (CSV, NDJSON) or by position and line (JSON, where rows share lines). */
type RowNames = 'line' | 'json-row';

function finishTable(rows: unknown[][], lines: number[], header: boolean | 'auto', naming: RowNames = 'line'): Table {
  if (rows.length === 0) throw new ParseError('The input has no data rows; pass a file with at least one row.', 1);
  const first = rows[0];
  const isHeader = header === 'auto' ? first.some((c) => !looksNumeric(c)) : header;
  const width = first.length;
  if (width === 0)
    throw new ParseError(`Line ${lines[0]} has no fields; the first row must hold the columns.`, lines[0], 1);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].length !== width) {
      const what =
        naming === 'json-row'
          ? `JSON row ${i + 1} (line ${lines[i]}) has ${rows[i].length} values but row 1 (line ${lines[0]}) has ${width}`
          : `Line ${lines[i]} has ${rows[i].length} fields but line ${lines[0]} has ${width}`;
      throw new ParseError(
        `${what}; every row needs the same number of columns.`,
        lines[i],
        Math.min(rows[i].length, width) + 1,
      );
    }
  }
  if (isHeader && rows.length === 1) {
    throw new ParseError(
      `Only a header (line ${lines[0]}) and no data rows; pass a file with at least one data row.`,
      lines[0] + 1,
      1,
    );
  }
  const names = isHeader ? first.map((c, j) => String(c).trim() || `col${j}`) : first.map((_, j) => `col${j}`);
  return {
    names,
    hasHeader: isHeader,
    rows: isHeader ? rows.slice(1) : rows,
    lines: isHeader ? lines.slice(1) : lines,
  };
}

function parseJsonTable(text: string): Table {
  const starts = scanJson(text);
  const v: unknown = JSON.parse(text);
  if (!Array.isArray(v) || v.length === 0) {
    throw new ParseError('JSON input must be a non-empty array of rows (arrays of numbers or objects).', 1, 1);
  }
  if (Array.isArray(v[0])) {
    const rows = v.map((r, i) => {
      if (!Array.isArray(r))
        throw new ParseError(`JSON row ${i + 1} (line ${starts[i]}) is not an array like the first row.`, starts[i]);
      return r as unknown[];
    });
    return finishTable(rows, starts, false, 'json-row');
  }
  return objectsToTable(v, (i) => starts[i], 'JSON row');
}

function objectsToTable(objs: unknown[], lineOf: (i: number) => number, what: string): Table {
  const first = objs[0];
  if (typeof first !== 'object' || first === null)
    throw new ParseError(`${what} 1 (line ${lineOf(0)}) is not an object or array.`, lineOf(0));
  const names = Object.keys(first);
  if (names.length === 0) {
    throw new ParseError(`${what} 1 (line ${lineOf(0)}) is an empty object; it must name the columns.`, lineOf(0), 1);
  }
  const rows = objs.map((o, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      throw new ParseError(`${what} ${i + 1} (line ${lineOf(i)}) is not an object like the first one.`, lineOf(i));
    }
    return names.map((k) => (o as Record<string, unknown>)[k]);
  });
  return { names, hasHeader: true, rows, lines: objs.map((_, i) => lineOf(i)) };
}

function parseNdjsonTable(text: string): Table {
  const items: unknown[] = [];
  const lines: number[] = [];
  const src = text.split(/\r?\n/);
  for (let i = 0; i < src.length; i++) {
    const s = src[i].trim();
    if (s === '') continue;
    if (jsonTooDeep(s)) scanJson(s, i); // throws the depth error with its line and column
    try {
      items.push(JSON.parse(s));
    } catch {
      const lead = src[i].length - src[i].trimStart().length;
      try {
        scanJson(s);
      } catch (e) {
        const col = (e instanceof ParseError ? (e.column ?? 1) : 1) + lead;
        throw new ParseError(
          `Invalid JSON on line ${i + 1}, column ${col}: ${(e as Error).message.replace(/^Invalid JSON at line \d+, column \d+: /, '')}`,
          i + 1,
          col,
        );
      }
      throw new ParseError(`Invalid JSON on line ${i + 1}.`, i + 1, 1);
    }
    lines.push(i + 1);
  }
  if (items.length === 0) throw new ParseError('The input has no data rows.', 1);
  if (Array.isArray(items[0])) {
    items.forEach((r, i) => {
      if (!Array.isArray(r))
        throw new ParseError(`NDJSON line ${lines[i]} is not an array like the first row.`, lines[i], 1);
    });
    return finishTable(items as unknown[][], lines, false);
  }
  return objectsToTable(items, (i) => lines[i], 'NDJSON line');
}

/**
 * Resolves a `--columns` spec (names or 0-based indices, comma-separated) to column indices.
 * @throws {@link ValidationError} naming an unknown column and listing the available ones
 */
export function resolveColumns(
  table: Pick<Table, 'names'>,
  spec: string | readonly (string | number)[] | undefined,
  exclude: number[] = [],
): number[] {
  if (spec === undefined || (typeof spec === 'string' && spec.trim() === '')) {
    return table.names.map((_, j) => j).filter((j) => !exclude.includes(j));
  }
  const parts = typeof spec === 'string' ? spec.split(',').map((s) => s.trim()) : spec;
  return parts.map((p) => resolveColumn(table, p));
}

/**
 * Resolves one column (name or 0-based index).
 * @throws {@link ValidationError} for an unknown column, or a name that more than one column has
 */
export function resolveColumn(table: Pick<Table, 'names'>, p: string | number): number {
  const byName = table.names.indexOf(String(p));
  if (byName >= 0) {
    const again = table.names.indexOf(String(p), byName + 1);
    if (again >= 0) {
      throw new ValidationError(
        `Column name ${JSON.stringify(p)} is ambiguous: columns ${byName} and ${again} both have it; rename one in the header, or select by 0-based index.`,
        { param: 'columns' },
      );
    }
    return byName;
  }
  const idx = typeof p === 'number' ? p : /^\d+$/.test(p) ? Number(p) : Number.NaN;
  if (Number.isInteger(idx) && idx >= 0 && idx < table.names.length) return idx;
  throw new ValidationError(
    `Unknown column ${JSON.stringify(p)}; available: ${table.names.map((n, j) => `${j}:${n}`).join(', ')}.`,
    { param: 'columns' },
  );
}

/**
 * Casts the chosen columns to a numeric {@link Matrix}, strictly.
 * @throws {@link ParseError} naming the line and column (1-based) of the first cell that is not a number
 */
export function tableToMatrix(table: Table, columns: readonly number[]): Matrix {
  const n = table.rows.length;
  const d = columns.length;
  if (d === 0)
    throw new ValidationError('No columns selected; pass --columns with at least one column.', { param: 'columns' });
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = table.rows[i];
    for (let j = 0; j < d; j++) {
      const col = columns[j];
      const v = castNumber(r[col]);
      if (v === null) {
        throw new ParseError(
          `Line ${table.lines[i]}, column ${col + 1} (${table.names[col]}): ${cellProblem(r[col])}; fix the cell or leave the column out with --columns.`,
          table.lines[i],
          col + 1,
        );
      }
      data[i * d + j] = v;
    }
  }
  return { rows: n, cols: d, data };
}

/**
 * Reads a label column: numbers are kept as integers, other values are numbered in order of first appearance.
 * @throws {@link ValidationError} on a blank cell, naming its line
 */
export function tableLabels(table: Table, column: number): { labels: Int32Array; names: string[] } {
  return labelsOfCells(
    table.rows.length,
    (i) => table.rows[i][column],
    (cell) => {
      const v = castNumber(cell);
      return v !== null && Number.isInteger(v) ? v : null;
    },
    { column: table.names[column], rowName: (i) => `line ${table.lines[i]}` },
  );
}
