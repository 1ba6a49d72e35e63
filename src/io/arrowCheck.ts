/**
 * Structural check of Arrow IPC bytes (file or stream format) before apache-arrow decodes them: apache-arrow trusts
 * every length it reads, so a flipped bit in a vector length or an offset makes it decode millions of schema fields
 * (minutes of CPU, gigabytes of memory) or allocate from a row count no buffer backs. This walk reads the
 * FlatBuffers metadata itself, with every read bounded by the message it belongs to. Browser-safe, no dependencies.
 * @module
 */
import { ParseError } from '../core/errors.js';

/** Deepest nesting of schema fields accepted (lists of structs of lists...). */
const MAX_DEPTH = 64;

/** Thrown inside the walk; turned into one ParseError naming what was damaged. */
class Damaged extends Error {}

/**
 * Bounds-checked reads of one FlatBuffers buffer `[start, end)` of `v`, positions relative to `start` (as the
 * FlatBuffers reader of apache-arrow sees the message).
 */
class Flat {
  constructor(
    private readonly v: DataView,
    private readonly start: number,
    readonly size: number,
  ) {}

  private at(pos: number, width: number, what: string): number {
    if (!(pos >= 0 && pos + width <= this.size)) throw new Damaged(what);
    return this.start + pos;
  }
  u8(pos: number, what: string): number {
    return this.v.getUint8(this.at(pos, 1, what));
  }
  u16(pos: number, what: string): number {
    return this.v.getUint16(this.at(pos, 2, what), true);
  }
  i32(pos: number, what: string): number {
    return this.v.getInt32(this.at(pos, 4, what), true);
  }
  u32(pos: number, what: string): number {
    return this.v.getUint32(this.at(pos, 4, what), true);
  }
  /** A signed 64-bit integer as a double (exact below 2^53; larger magnitudes are refused by the callers' bounds). */
  i64(pos: number, what: string): number {
    const p = this.at(pos, 8, what);
    return this.v.getInt32(p + 4, true) * 2 ** 32 + this.v.getUint32(p, true);
  }

  /** Checks the table at `pos` and its vtable; returns `pos`. */
  table(pos: number, what: string): number {
    const vt = pos - this.i32(pos, what);
    const vtSize = this.u16(vt, what);
    if (vtSize < 4 || vtSize % 2 !== 0 || vt + vtSize > this.size) throw new Damaged(what);
    return pos;
  }
  /** Position of field `i` of the table at `pos`, or -1 when absent. */
  field(pos: number, i: number, what: string): number {
    const vt = pos - this.i32(pos, what);
    const slot = 4 + 2 * i;
    if (slot >= this.u16(vt, what)) return -1;
    const off = this.u16(vt + slot, what);
    if (off === 0) return -1;
    this.at(pos + off, 1, what);
    return pos + off;
  }
  /** The position an offset field points to (a table, vector or string), or -1 when absent. */
  ref(pos: number, i: number, what: string): number {
    const p = this.field(pos, i, what);
    return p < 0 ? -1 : p + this.u32(p, what);
  }
  /** The sub-table of field `i`, checked, or -1 when absent. */
  subTable(pos: number, i: number, what: string): number {
    const p = this.ref(pos, i, what);
    return p < 0 ? -1 : this.table(p, what);
  }
  /** The vector of field `i` (elements of `elemSize` bytes), checked to fit: its first element and length. */
  vector(pos: number, i: number, elemSize: number, what: string): { at: number; length: number } {
    const p = this.ref(pos, i, what);
    if (p < 0) return { at: 0, length: 0 };
    const length = this.u32(p, what);
    if (p + 4 + length * elemSize > this.size) throw new Damaged(what);
    return { at: p + 4, length };
  }
  /** The tables of a vector of tables (offsets), each checked. */
  tables(pos: number, i: number, what: string): number[] {
    const { at, length } = this.vector(pos, i, 4, what);
    const out: number[] = [];
    for (let k = 0; k < length; k++) out.push(this.table(at + 4 * k + this.u32(at + 4 * k, what), what));
    return out;
  }
  /** Checks a string (or byte vector) field. */
  string(pos: number, i: number, what: string): void {
    const { at, length } = this.vector(pos, i, 1, what);
    if (length > 0) this.at(at + length, 1, what); // the terminating NUL
  }
  /** A scalar int64 field (0 when absent). */
  int64(pos: number, i: number, what: string): number {
    const p = this.field(pos, i, what);
    return p < 0 ? 0 : this.i64(p, what);
  }
}

/** Checks a vector of KeyValue tables (custom metadata). */
function checkKeyValues(fb: Flat, pos: number, i: number): void {
  for (const kv of fb.tables(pos, i, 'custom metadata')) {
    fb.string(kv, 0, 'custom metadata key');
    fb.string(kv, 1, 'custom metadata value');
  }
}

/**
 * Checks a Schema table: its fields, recursively. `budget.fields` bounds the fields decoded, counting a table
 * reached twice twice (as apache-arrow decodes it): a few bytes can otherwise name a field with a thousand children
 * that are all the same field with a thousand children...
 */
function checkSchema(fb: Flat, schema: number): void {
  const budget = { fields: Math.max(64, fb.size >> 2) };
  const checkField = (field: number, depth: number): void => {
    if (depth > MAX_DEPTH) throw new Damaged(`schema nested deeper than ${MAX_DEPTH} levels`);
    if (--budget.fields < 0) throw new Damaged('schema with more fields than its bytes can hold');
    fb.string(field, 0, 'field name');
    fb.subTable(field, 3, 'field type');
    const dict = fb.subTable(field, 4, 'dictionary encoding');
    if (dict >= 0) fb.subTable(dict, 1, 'dictionary index type');
    for (const child of fb.tables(field, 5, 'field children')) checkField(child, depth + 1);
    checkKeyValues(fb, field, 6);
  };
  for (const f of fb.tables(schema, 1, 'schema fields')) checkField(f, 0);
  checkKeyValues(fb, schema, 2);
  fb.vector(schema, 3, 8, 'schema features');
}

/**
 * Checks a RecordBatch table against its body: every buffer inside the body, every row count and null count
 * non-negative and at most `maxRows` (what the file's bytes can back).
 */
function checkRecordBatch(fb: Flat, batch: number, bodyLength: number, maxRows: number): void {
  const rows = fb.int64(batch, 0, 'record batch length');
  if (!(rows >= 0 && rows <= maxRows)) throw new Damaged(`record batch of ${rows} rows`);
  const nodes = fb.vector(batch, 1, 16, 'record batch nodes');
  for (let k = 0; k < nodes.length; k++) {
    const len = fb.i64(nodes.at + 16 * k, 'field node');
    const nulls = fb.i64(nodes.at + 16 * k + 8, 'field node');
    if (!(len >= 0 && len <= maxRows && nulls >= 0 && nulls <= len)) throw new Damaged(`field node ${k}`);
  }
  const buffers = fb.vector(batch, 2, 16, 'record batch buffers');
  for (let k = 0; k < buffers.length; k++) {
    const off = fb.i64(buffers.at + 16 * k, 'buffer');
    const len = fb.i64(buffers.at + 16 * k + 8, 'buffer');
    if (!(off >= 0 && len >= 0 && off + len <= bodyLength)) throw new Damaged(`buffer ${k} outside the message body`);
  }
  fb.subTable(batch, 3, 'body compression');
  fb.vector(batch, 4, 8, 'variadic buffer counts');
}

/** Message header types (Message.fbs). */
const SCHEMA = 1;
const DICTIONARY_BATCH = 2;
const RECORD_BATCH = 3;
const SPARSE_TENSOR = 5;

/**
 * Random access to the bytes being checked: `view(pos, len)` returns bytes `[pos, pos + len)` (the caller has
 * checked that they lie inside `size`). Memory for a byte array, positioned reads for a file (`node/arrowStream`).
 */
export interface ArrowByteSource {
  /** Total bytes. */
  readonly size: number;
  /** A view of `len` bytes at `pos`. */
  view(pos: number, len: number): DataView;
}

/**
 * Checks one encapsulated message at `at` (continuation marker, metadata length, Message flatbuffer, body) and,
 * when given, its header type: returns the offset after its body, or -1 at an end-of-stream marker.
 */
function checkMessage(src: ArrowByteSource, at: number, end: number, maxRows: number, expected?: number): number {
  const rd = (p: number): number => {
    if (p + 4 > end) throw new Damaged('message length past the end of the data');
    return src.view(p, 4).getInt32(0, true);
  };
  let p = at;
  let len = rd(p);
  p += 4;
  if (len === -1) {
    len = rd(p);
    p += 4;
  }
  if (len === 0) {
    if (expected !== undefined) throw new Damaged('a block points at an end-of-stream marker');
    return -1;
  }
  if (len < 0 || p + len > end) throw new Damaged('message length past the end of the data');
  const fb = new Flat(src.view(p, len), 0, len);
  const root = fb.table(fb.u32(0, 'message'), 'message');
  const typeAt = fb.field(root, 1, 'message header type');
  const type = typeAt < 0 ? 0 : fb.u8(typeAt, 'message header type');
  // apache-arrow's file reader rereads a block whose message has another type forever
  if (type < SCHEMA || type > SPARSE_TENSOR || (expected !== undefined && type !== expected))
    throw new Damaged(`message of type ${type}${expected === undefined ? '' : ` where type ${expected} belongs`}`);
  const header = fb.subTable(root, 2, 'message header');
  const bodyLength = fb.int64(root, 3, 'message body length');
  const bodyStart = p + len;
  if (!(bodyLength >= 0 && bodyStart + bodyLength <= end)) throw new Damaged('message body past the end of the data');
  checkKeyValues(fb, root, 4);
  if (header >= 0) {
    if (type === SCHEMA) checkSchema(fb, header);
    else if (type === RECORD_BATCH) checkRecordBatch(fb, header, bodyLength, maxRows);
    else if (type === DICTIONARY_BATCH) {
      const data = fb.subTable(header, 1, 'dictionary batch');
      if (data >= 0) checkRecordBatch(fb, data, bodyLength, maxRows);
    }
  }
  return bodyStart + bodyLength;
}

/** Checks every message of an IPC stream from `at` to `end`. */
function checkStream(src: ArrowByteSource, at: number, end: number, maxRows: number): void {
  let p = at;
  while (p < end) {
    if (end - p < 4) return; // trailing bytes shorter than a length: apache-arrow stops there
    const next = checkMessage(src, p, end, maxRows);
    if (next < 0) return;
    p = next;
  }
}

/**
 * The file format: footer (schema, dictionary and record batch blocks), and each block's message — what
 * apache-arrow's file reader reads (the stream copy of the schema at the start is checked by `readArrowIpc`).
 */
function checkFile(src: ArrowByteSource, maxRows: number): void {
  const size = src.size;
  if (size < 18) throw new Damaged('file shorter than its magic numbers and footer');
  const tail = size - 10;
  const footerLength = src.view(tail, 4).getInt32(0, true);
  if (footerLength <= 0 || footerLength > tail - 8) throw new Damaged('footer length');
  const footerStart = tail - footerLength;
  const fb = new Flat(src.view(footerStart, footerLength), 0, footerLength);
  const root = fb.table(fb.u32(0, 'footer'), 'footer');
  const schema = fb.subTable(root, 1, 'footer schema');
  if (schema >= 0) checkSchema(fb, schema);
  for (const [i, type] of [
    [2, DICTIONARY_BATCH],
    [3, RECORD_BATCH],
  ]) {
    const blocks = fb.vector(root, i, 24, 'footer blocks');
    for (let k = 0; k < blocks.length; k++) {
      const offset = fb.i64(blocks.at + 24 * k, 'block');
      if (!(offset >= 8 && offset < footerStart)) throw new Damaged(`block ${k} outside the file`);
      checkMessage(src, offset, footerStart, maxRows, type);
    }
  }
  checkKeyValues(fb, root, 4);
}

const text = (v: DataView): string => String.fromCharCode(...new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

/**
 * {@link checkArrowIpc} on bytes read through `src` (a file larger than memory, read at offsets): only the
 * metadata is read — for the file format the footer and the message each block points at, for the stream format
 * every message's metadata, each checked against the bytes that follow it — never the bodies.
 * @remarks O(size of the metadata) reads and memory.
 * @throws {@link ParseError} naming the damaged part
 * @example
 * ```ts
 * checkArrowSource({ size: bytes.length, view: (p, n) => new DataView(bytes.buffer, p, n) });
 * ```
 */
export function checkArrowSource(src: ArrowByteSource): void {
  const size = src.size;
  const isFile = size >= 6 && text(src.view(0, 6)) === 'ARROW1';
  const maxRows = Math.max(1 << 20, 8 * size);
  try {
    if (isFile) {
      const trailer = size >= 14 ? text(src.view(size - 6, 6)) : '';
      if (trailer !== 'ARROW1') throw new Damaged('file truncated: the closing ARROW1 magic is missing');
      checkFile(src, maxRows);
    } else checkStream(src, 0, size, maxRows);
  } catch (e) {
    if (!(e instanceof Damaged)) throw e;
    throw new ParseError(
      `Not a readable Arrow IPC file or stream: damaged or truncated metadata (${e.message}); re-export the file.`,
    );
  }
}

/**
 * Checks the structure of Arrow IPC bytes before they are decoded: every FlatBuffers table, vector and string
 * of every message (and of the footer, for the file format) lies inside its message; the schema is at most
 * {@link MAX_DEPTH} levels deep and holds no more fields than its bytes can encode; every record batch buffer lies
 * inside its message body and every body inside the data; row and null counts are at most eight per byte of data
 * (or 2^20).
 *
 * @remarks
 * O(size of the metadata): the bodies (the column values) are not read. A structurally valid file can still be
 * refused by apache-arrow (an unknown type, say): that is a ParseError too, from the reader.
 * @throws {@link ParseError} naming the damaged part
 * @example
 * ```ts
 * checkArrowIpc(bytes); // throws on a truncated or damaged file, before apache-arrow reads it
 * ```
 */
export function checkArrowIpc(bytes: Uint8Array): void {
  checkArrowSource({
    size: bytes.length,
    view: (pos, len) => new DataView(bytes.buffer, bytes.byteOffset + pos, len),
  });
}
