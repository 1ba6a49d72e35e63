/**
 * Parquet: reading with hyparquet (pure JS, Node and browser) into a {@link ColumnTable}, and a small writer for
 * per-point results (flat schema, required DOUBLE / INT32 / INT64 / FLOAT columns, PLAIN encoding, uncompressed,
 * row groups of a chosen size). Browser-safe.
 * @module
 */
import { type ColumnData, parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { ParseError } from '../core/errors.js';
import type { ColumnTable } from './columns.js';

const PAR1 = [0x50, 0x41, 0x52, 0x31];

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  // A Node Buffer is often a view into a shared pool: copy exactly its bytes (Buffer#slice would not copy).
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * Reads a Parquet file (all top-level columns, or `columns` by name) into a {@link ColumnTable}.
 * @remarks
 * Numeric columns without nulls are copied into `Float64Array`s (64-bit integers rounded to the nearest double);
 * other columns keep hyparquet's values (strings, null for missing cells, bigint, Date...), so a label column can
 * be text. Nested columns are not supported. O(n·d) time and memory. Codecs: uncompressed and Snappy (built into
 * hyparquet); others fail with a ParseError naming the codec.
 * @throws {@link ParseError} when the bytes are not a Parquet file or cannot be decoded
 * @example
 * ```ts
 * const table = await readParquet(new Uint8Array(await (await fetch('data.parquet')).arrayBuffer()));
 * ```
 */
export async function readParquet(bytes: Uint8Array, columns?: readonly string[]): Promise<ColumnTable> {
  if (bytes.length < 12 || PAR1.some((b, i) => bytes[i] !== b || bytes[bytes.length - 4 + i] !== b)) {
    throw new ParseError('Not a Parquet file: the PAR1 magic bytes are missing at the start or the end.');
  }
  const file = toArrayBuffer(bytes);
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new ParseError(`Cannot read the Parquet footer: ${(e as Error).message}.`);
  }
  const schema = parquetSchema(metadata);
  const nested = schema.children.filter((c) => c.children.length > 0).map((c) => c.element.name);
  const names = schema.children.map((c) => c.element.name).filter((n) => !nested.includes(n));
  const wanted = columns ? names.filter((n) => columns.includes(n)) : names;
  const n = checkedRowCount(metadata, bytes.length);
  const parts = new Map<string, ColumnData[]>(wanted.map((k) => [k, []]));
  try {
    await parquetRead({
      file,
      metadata,
      columns: wanted,
      onChunk: (c) => {
        parts.get(c.columnName)?.push(c);
      },
    });
  } catch (e) {
    throw new ParseError(`Cannot decode the Parquet data: ${(e as Error).message}.`);
  }
  const out: ColumnTable = { names: wanted, columns: [], nRows: n, source: 'Parquet' };
  for (const name of wanted) out.columns.push(assemble(parts.get(name) ?? [], n, name));
  return out;
}

/**
 * The footer's `num_rows`, checked before anything is allocated from it: a non-negative safe integer, equal to the
 * sum of the row groups' counts, below 2^31 (the largest column a typed array holds) and below 8192 rows per byte of
 * file (run-length encoding packs constant columns tightly, so the bound is generous).
 * @throws {@link ParseError} naming the counts when the footer is inconsistent
 */
function checkedRowCount(
  metadata: { num_rows: bigint | number; row_groups: { num_rows: bigint | number }[] },
  size: number,
): number {
  const total = Number(metadata.num_rows);
  const groups = metadata.row_groups ?? [];
  let sum = 0;
  for (let g = 0; g < groups.length; g++) {
    const r = Number(groups[g].num_rows);
    if (!Number.isSafeInteger(r) || r < 0)
      throw new ParseError(`Damaged Parquet footer: row group ${g + 1} has num_rows ${groups[g].num_rows}.`);
    sum += r;
  }
  if (!Number.isSafeInteger(total) || total < 0)
    throw new ParseError(`Damaged Parquet footer: num_rows is ${metadata.num_rows}; it must be a count of rows.`);
  if (total !== sum) {
    throw new ParseError(
      `Damaged Parquet footer: num_rows is ${total} but the ${groups.length} row group(s) hold ${sum} rows.`,
    );
  }
  const limit = 2 ** 31 - 1;
  if (total > limit || total > size * 8 * 1024)
    throw new ParseError(`Damaged or unsupported Parquet file: ${total} rows in a ${size}-byte file.`);
  return total;
}

function assemble(chunks: ColumnData[], n: number, name: string): Float64Array | unknown[] {
  const num = new Float64Array(n);
  let raw: unknown[] | null = null;
  const seen = new Uint8Array(n);
  for (const c of chunks) {
    const data = c.columnData;
    for (let t = 0; t < data.length; t++) {
      const i = c.rowStart + t;
      if (i >= n) {
        throw new ParseError(
          `Damaged Parquet file: column ${name} holds more values than the footer's num_rows (${n}).`,
          n + 1,
        );
      }
      if (i >= c.rowEnd) break;
      const v: unknown = data[t];
      seen[i] = 1;
      if (raw) raw[i] = v;
      else if (typeof v === 'number') num[i] = v;
      else if (typeof v === 'bigint') num[i] = Number(v);
      else {
        raw = Array.from(num.subarray(0, n)) as unknown[];
        raw[i] = v;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (!seen[i]) throw new ParseError(`Parquet column ${name}: row ${i + 1} is missing from the file's pages.`, i + 1);
  }
  return raw ?? num;
}

// ---------------------------------------------------------------------------------------------------------------
// Writer: Thrift compact protocol for the footer and page headers.

class ThriftWriter {
  bytes: number[] = [];
  #last: number[] = [0];
  varint(v: number | bigint): void {
    let x = BigInt(v);
    while (x >= 0x80n) {
      this.bytes.push(Number((x & 0x7fn) | 0x80n));
      x >>= 7n;
    }
    this.bytes.push(Number(x));
  }
  zigzag(v: number | bigint): void {
    const x = BigInt(v);
    this.varint(x >= 0n ? x << 1n : (-x << 1n) - 1n);
  }
  field(id: number, type: number): void {
    const last = this.#last[this.#last.length - 1];
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.#last[this.#last.length - 1] = id;
  }
  i32(id: number, v: number): void {
    this.field(id, 5);
    this.zigzag(v);
  }
  i64(id: number, v: number): void {
    this.field(id, 6);
    this.zigzag(v);
  }
  string(id: number, s: string): void {
    this.field(id, 8);
    this.binary(s);
  }
  binary(s: string): void {
    const b = new TextEncoder().encode(s);
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
  }
  listHeader(id: number, elemType: number, size: number): void {
    this.field(id, 9);
    if (size < 15) this.bytes.push((size << 4) | elemType);
    else {
      this.bytes.push(0xf0 | elemType);
      this.varint(size);
    }
  }
  beginStruct(id?: number): void {
    if (id !== undefined) this.field(id, 12);
    this.#last.push(0);
  }
  endStruct(): void {
    this.bytes.push(0);
    this.#last.pop();
  }
}

/** Physical types the writer emits (Parquet enum values). */
const PHYSICAL = { INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5 } as const;

/**
 * Writes named numeric columns as a Parquet file: `Int32Array` → INT32, `BigInt64Array` → INT64, `Float32Array`
 * → FLOAT, anything else → DOUBLE; all REQUIRED, PLAIN-encoded, uncompressed; one page per column chunk, row
 * groups of `rowGroupSize` rows (default: all rows in one group).
 * @remarks O(n·m) time, output ≈ 8·n·m bytes plus a small footer. The layout follows the Apache Parquet format
 * specification (parquet.thrift); files are read back by hyparquet in the tests. No reference writer (pyarrow,
 * DuckDB) was available to cross-check against.
 * @throws {@link ParseError} when columns differ in length or there are none
 * @example
 * ```ts
 * const bytes = writeParquet({ label: new Int32Array([0, 1]), p: new Float64Array([0.2, 0.9]) });
 * ```
 */
export function writeParquet(
  columns: Record<string, ArrayLike<number> | BigInt64Array>,
  opts: { rowGroupSize?: number } = {},
): Uint8Array {
  const names = Object.keys(columns);
  if (names.length === 0) throw new ParseError('writeParquet needs at least one column.');
  const n = columns[names[0]].length;
  for (const k of names) {
    if (columns[k].length !== n) throw new ParseError(`Column ${k} has ${columns[k].length} values, expected ${n}.`);
  }
  const groupSize = Math.max(1, Math.floor(opts.rowGroupSize ?? Math.max(n, 1)));
  const chunks: Uint8Array[] = [new Uint8Array(PAR1)];
  let offset = 4;
  const typeOf = (col: ArrayLike<number> | BigInt64Array): number =>
    col instanceof Int32Array
      ? PHYSICAL.INT32
      : col instanceof BigInt64Array
        ? PHYSICAL.INT64
        : col instanceof Float32Array
          ? PHYSICAL.FLOAT
          : PHYSICAL.DOUBLE;
  type ChunkMeta = { name: string; type: number; pageOffset: number; size: number; rows: number };
  const groups: ChunkMeta[][] = [];
  for (let g0 = 0; g0 < n || (n === 0 && groups.length === 0); g0 += groupSize) {
    const rows = Math.min(groupSize, n - g0);
    const metas: ChunkMeta[] = [];
    for (const name of names) {
      const col = columns[name];
      const type = typeOf(col);
      const width = type === PHYSICAL.INT32 || type === PHYSICAL.FLOAT ? 4 : 8;
      const values = new Uint8Array(rows * width);
      const dv = new DataView(values.buffer);
      if (col instanceof BigInt64Array) for (let i = 0; i < rows; i++) dv.setBigInt64(i * 8, col[g0 + i], true);
      else {
        const c = col as ArrayLike<number>;
        if (type === PHYSICAL.INT32) for (let i = 0; i < rows; i++) dv.setInt32(i * 4, c[g0 + i], true);
        else if (type === PHYSICAL.FLOAT) for (let i = 0; i < rows; i++) dv.setFloat32(i * 4, c[g0 + i], true);
        else for (let i = 0; i < rows; i++) dv.setFloat64(i * 8, c[g0 + i], true);
      }
      const h = new ThriftWriter();
      h.beginStruct(); // PageHeader
      h.i32(1, 0); // type DATA_PAGE
      h.i32(2, values.length); // uncompressed_page_size
      h.i32(3, values.length); // compressed_page_size
      h.beginStruct(5); // data_page_header
      h.i32(1, rows); // num_values
      h.i32(2, 0); // encoding PLAIN
      h.i32(3, 3); // definition_level_encoding RLE
      h.i32(4, 3); // repetition_level_encoding RLE
      h.endStruct();
      h.endStruct();
      const header = Uint8Array.from(h.bytes);
      metas.push({ name, type, pageOffset: offset, size: header.length + values.length, rows });
      chunks.push(header, values);
      offset += header.length + values.length;
    }
    groups.push(metas);
  }
  const f = new ThriftWriter();
  f.beginStruct(); // FileMetaData
  f.i32(1, 1); // version
  f.listHeader(2, 12, names.length + 1); // schema
  f.beginStruct();
  f.string(4, 'schema');
  f.i32(5, names.length);
  f.endStruct();
  for (const m of groups[0]) {
    f.beginStruct();
    f.i32(1, m.type);
    f.i32(3, 0); // REQUIRED
    f.string(4, m.name);
    f.endStruct();
  }
  f.i64(3, n); // num_rows
  f.listHeader(4, 12, groups.length); // row_groups
  for (const metas of groups) {
    f.beginStruct();
    f.listHeader(1, 12, metas.length); // columns
    let total = 0;
    for (const m of metas) {
      f.beginStruct(); // ColumnChunk
      f.i64(2, m.pageOffset); // file_offset
      f.beginStruct(3); // ColumnMetaData
      f.i32(1, m.type);
      f.listHeader(2, 5, 1); // encodings
      f.zigzag(0); // PLAIN
      f.listHeader(3, 8, 1); // path_in_schema
      f.binary(m.name);
      f.i32(4, 0); // codec UNCOMPRESSED
      f.i64(5, m.rows); // num_values
      f.i64(6, m.size); // total_uncompressed_size
      f.i64(7, m.size); // total_compressed_size
      f.i64(9, m.pageOffset); // data_page_offset
      f.endStruct();
      f.endStruct();
      total += m.size;
    }
    f.i64(2, total); // total_byte_size
    f.i64(3, metas[0].rows); // num_rows
    f.endStruct();
  }
  f.string(6, 'clusterkit');
  f.endStruct();
  const footer = Uint8Array.from(f.bytes);
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(PAR1, 4);
  chunks.push(footer, tail);
  const out = new Uint8Array(offset + footer.length + 8);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
