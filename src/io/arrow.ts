/**
 * Arrow IPC (file `.arrow`/`.feather` v2 and stream `.arrows`) reading with apache-arrow into a
 * {@link ColumnTable}, and writing per-point results. Browser-safe.
 * @module
 */
import { type Table as ArrowTable, DataType, tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { ParseError } from '../core/errors.js';
import { checkArrowIpc } from './arrowCheck.js';
import type { ColumnTable } from './columns.js';

/**
 * Reads Arrow IPC bytes (file or stream format, detected from the bytes) into a {@link ColumnTable}.
 * @remarks
 * Numeric columns (floats, integers of any width, 64-bit ones rounded to the nearest double) without nulls become
 * `Float64Array`s; other columns (strings, dictionaries, nulls, dates...) keep apache-arrow's JavaScript values so
 * a label column can be text, and a missing feature value is rejected later, never read as 0. O(n·d). The
 * structure is checked first ({@link checkArrowIpc}): damaged lengths are an error, never a hang or a huge
 * allocation.
 * @throws {@link ParseError} when the bytes are not Arrow IPC, are damaged or truncated, or hold no columns
 * @example
 * ```ts
 * const table = readArrowIpc(bytes);
 * ```
 */
export function readArrowIpc(bytes: Uint8Array): ColumnTable {
  checkFirstMessage(bytes);
  checkArrowIpc(bytes);
  let t: ArrowTable;
  try {
    t = tableFromIPC(bytes);
  } catch (e) {
    throw new ParseError(`Not a readable Arrow IPC file or stream: ${(e as Error).message}.`);
  }
  if (t.schema.fields.length === 0) {
    throw new ParseError('The Arrow data has no columns (not an Arrow IPC file or stream?).');
  }
  const n = t.numRows;
  const out: ColumnTable = { names: [], columns: [], nRows: n, source: 'Arrow' };
  t.schema.fields.forEach((f, j) => {
    const v = t.getChildAt(j);
    if (!v) return;
    out.names.push(f.name);
    const numeric = DataType.isInt(f.type) || DataType.isFloat(f.type);
    if (numeric) checkValuesCover(f.name, v);
    if (numeric && v.nullCount === 0) {
      const arr = v.toArray() as ArrayLike<number | bigint>;
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = Number(arr[i]);
      out.columns.push(col);
    } else {
      const col: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) col[i] = v.get(i);
      out.columns.push(col);
    }
  });
  return out;
}

/**
 * Checks that every batch of a numeric column has a value for each row it declares: a damaged row count (one the
 * structural check allows, as it is below what the bytes could hold) would otherwise read past the values buffer
 * as `undefined`.
 * @remarks O(number of batches).
 * @throws {@link ParseError} naming the column and the counts
 */
export function checkValuesCover(
  name: string,
  v: { data: readonly { values: ArrayLike<unknown>; offset: number; length: number }[] },
): void {
  for (const chunk of v.data) {
    if (chunk.values.length < chunk.offset + chunk.length) {
      throw new ParseError(
        `Not a readable Arrow IPC file or stream: column ${name} declares ${chunk.length} rows in a batch whose values hold ${chunk.values.length}; the file is damaged, re-export it.`,
      );
    }
  }
}

/**
 * Writes named numeric columns as Arrow IPC: `Int32Array` columns as Int32, the rest as Float64.
 * @remarks O(n·m). `format` `'file'` (default, `.arrow`) or `'stream'` (`.arrows`).
 * @example
 * ```ts
 * const bytes = writeArrowIpc({ label: new Int32Array([0, 1]) });
 * ```
 */
export function writeArrowIpc(
  columns: Record<string, ArrayLike<number>>,
  format: 'file' | 'stream' = 'file',
): Uint8Array {
  const cols: Record<string, Int32Array | Float64Array> = {};
  for (const [k, v] of Object.entries(columns)) cols[k] = v instanceof Int32Array ? v : Float64Array.from(v);
  return tableToIPC(tableFromArrays(cols), format);
}

/**
 * Checks the framing of the first IPC message (the schema) before apache-arrow reads it: after the file magic
 * (`ARROW1` and 2 bytes of padding) or at the start of a stream, a continuation marker 0xFFFFFFFF then the metadata
 * length (or, in the pre-0.15 format, the length alone), which must fit in the bytes. A damaged length makes the
 * reader loop instead of failing.
 * @throws {@link ParseError} naming the offset when the framing is damaged
 */
function checkFirstMessage(bytes: Uint8Array): void {
  const isFile = bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
  let at = isFile ? 8 : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (): never => {
    throw new ParseError(`Not a readable Arrow IPC file or stream: damaged message header at byte ${at}.`);
  };
  if (at + 4 > bytes.length) fail();
  let len = view.getInt32(at, true);
  if (len === -1) {
    at += 4;
    if (at + 4 > bytes.length) fail();
    len = view.getInt32(at, true);
  }
  if (len <= 0 || at + 4 + len > bytes.length) fail();
}
