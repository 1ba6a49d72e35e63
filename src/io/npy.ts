/**
 * NumPy `.npy` (format 1.0/2.0/3.0) reader and writer for 2-D numeric arrays, on bytes (browser-safe).
 * @module
 */
import { ParseError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What a `.npy` header says (see {@link parseNpyHeader}). */
export interface NpyHeader {
  rows: number;
  cols: number;
  /** dtype kind: 'f' float, 'i' signed, 'u' unsigned (bool reads as u1). */
  kind: 'f' | 'i' | 'u';
  /** Bytes per value: 1, 2, 4 or 8. */
  size: number;
  little: boolean;
  fortran: boolean;
  /** Byte offset of the data. */
  body: number;
  /** The dtype string, e.g. '<f8'. */
  descr: string;
}

/**
 * Parses the header of `.npy` bytes (at least the magic string, the version, the header length and the header).
 * @throws {@link ParseError} on a bad magic string, version, header or dtype, or a truncated header
 */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ParseError('Not a .npy file: the magic string \\x93NUMPY is missing.');
  }
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new ParseError('Truncated .npy header.');
    headerLen = dv.getUint32(8, true);
    start = 12;
  } else throw new ParseError(`Unsupported .npy format version ${major}.`);
  if (start + headerLen > bytes.length) throw new ParseError('Truncated .npy header.');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /['"]descr['"]:\s*['"]([^'"]+)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]:\s*(True|False)/.exec(header)?.[1];
  const shapeStr = /['"]shape['"]:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeStr === undefined) {
    throw new ParseError(
      `Malformed .npy header ${JSON.stringify(header.trim().slice(0, 200))}: expected 'descr', 'fortran_order' and 'shape'.`,
    );
  }
  const dims = shapeStr
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const shape = dims.map((s) => (/^\d{1,15}$/.test(s) ? Number(s) : Number.NaN));
  if (shape.length === 0 || shape.length > 2 || shape.some((s) => !Number.isInteger(s))) {
    throw new ParseError(`Only 1-D and 2-D .npy arrays are supported; this one has shape (${shapeStr}).`);
  }
  const m = /^([<>|=])([fiub])(\d{1,2})$/.exec(descr);
  if (!m) throw new ParseError(`Unsupported .npy dtype '${descr}'; use float32/float64, integers or bool.`);
  const kind = (m[2] === 'b' ? 'u' : m[2]) as NpyHeader['kind'];
  const size = Number(m[3]);
  if (!(size === 1 || size === 2 || size === 4 || size === 8) || (kind === 'f' && size < 4)) {
    throw new ParseError(`Unsupported .npy dtype '${descr}'; use float32/float64, integers or bool.`);
  }
  return {
    rows: shape[0],
    cols: shape.length === 2 ? shape[1] : 1,
    kind,
    size,
    little: m[1] !== '>',
    fortran: fortran === 'True',
    body: start + headerLen,
    descr,
  };
}

/**
 * Whether the data of a `.npy` file with this header is, byte for byte, a row-major Float64Array on this machine
 * (what NumPy writes by default: C order, little-endian float64).
 */
export function npyIsNativeF64(h: NpyHeader): boolean {
  return !h.fortran && h.little && LITTLE_ENDIAN_HOST && h.kind === 'f' && h.size === 8;
}

/**
 * Parses a `.npy` file holding a 1-D or 2-D array of f4/f8/i1/i2/i4/i8/u1/u2/u4/u8 (little- or big-endian) into a
 * Matrix (1-D arrays become one column). Fortran-ordered arrays are transposed into row-major order. The matrix
 * owns its data (a copy; `bytes` can be reused). In Node, `readNpyFile` from `clusterkit/node` reads a file straight
 * into the matrix, without holding the file's bytes as well.
 * @throws {@link ParseError} on a bad magic string, header or dtype, or a truncated body
 * @example
 * ```ts
 * const X = readNpy(writeNpy(toMatrix([[1, 2], [3, 4]]))); // the same 2 × 2 matrix
 * const Y = readNpy(new Uint8Array(await (await fetch('embeddings.npy')).arrayBuffer()));
 * ```
 */
export function readNpy(bytes: Uint8Array): Matrix {
  const h = parseNpyHeader(bytes);
  const { rows, cols, kind, size, little, body } = h;
  const count = rows * cols;
  if (body + count * size > bytes.length) {
    throw new ParseError(`Truncated .npy data: expected ${count * size} bytes, found ${bytes.length - body}.`);
  }
  if (!h.fortran && little && LITTLE_ENDIAN_HOST && kind === 'f') {
    // Fast path (what NumPy writes by default): copy the payload into an aligned buffer and view it.
    // (An explicit copy: a Node Buffer's slice() is a view, not a copy.)
    const payload = new Uint8Array(count * size);
    payload.set(bytes.subarray(body, body + count * size));
    const view = size === 8 ? new Float64Array(payload.buffer, 0, count) : new Float32Array(payload.buffer, 0, count);
    return { rows, cols, data: size === 8 ? (view as Float64Array) : Float64Array.from(view) };
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = reader(dv, kind, size, little, h.descr);
  const data = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    const v = read(body + t * size);
    if (h.fortran) {
      const j = Math.floor(t / rows);
      const i = t - j * rows;
      data[i * cols + j] = v;
    } else data[t] = v;
  }
  return { rows, cols, data };
}

/** A reader of one value at a byte offset of `dv`, for a `.npy` dtype (kind, size, byte order). @internal */
export function reader(dv: DataView, kind: string, size: number, le: boolean, descr: string): (o: number) => number {
  if (kind === 'f' && size === 8) return (o) => dv.getFloat64(o, le);
  if (kind === 'f' && size === 4) return (o) => dv.getFloat32(o, le);
  if (kind === 'i' && size === 1) return (o) => dv.getInt8(o);
  if (kind === 'i' && size === 2) return (o) => dv.getInt16(o, le);
  if (kind === 'i' && size === 4) return (o) => dv.getInt32(o, le);
  if (kind === 'i' && size === 8) return (o) => Number(dv.getBigInt64(o, le));
  if (kind === 'u' && size === 1) return (o) => dv.getUint8(o);
  if (kind === 'u' && size === 2) return (o) => dv.getUint16(o, le);
  if (kind === 'u' && size === 4) return (o) => dv.getUint32(o, le);
  if (kind === 'u' && size === 8) return (o) => Number(dv.getBigUint64(o, le));
  throw new ParseError(`Unsupported .npy dtype '${descr}'.`);
}

/**
 * Writes `.npy` format 1.0 bytes: a Matrix as a 2-D `<f8` array (C order), an `Int32Array` as a 1-D `<i4` array,
 * a `Float64Array` as a 1-D `<f8` array.
 * @remarks O(n). The header is padded so the data starts at a multiple of 64 bytes, as NumPy writes it; values are
 * written little-endian whatever the platform. `numpy.load` reads the result (checked in the fixture script).
 * @example
 * ```ts
 * const bytes = writeNpy({ rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) });
 * ```
 */
export function writeNpy(x: Matrix | Int32Array | Float64Array): Uint8Array {
  const isInt = x instanceof Int32Array;
  const is1d = isInt || x instanceof Float64Array;
  const values: ArrayLike<number> = is1d ? x : x.data;
  const descr = isInt ? '<i4' : '<f8';
  const shape = is1d ? `(${x.length},)` : `(${x.rows}, ${x.cols})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const pad = (64 - ((10 + header.length + 1) % 64)) % 64;
  header = `${header}${' '.repeat(pad)}\n`;
  const hb = new TextEncoder().encode(header);
  const size = isInt ? 4 : 8;
  const out = new Uint8Array(10 + hb.length + values.length * size);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  dv.setUint16(8, hb.length, true);
  out.set(hb, 10);
  const body = 10 + hb.length;
  if (isInt) for (let i = 0; i < values.length; i++) dv.setInt32(body + 4 * i, values[i], true);
  else for (let i = 0; i < values.length; i++) dv.setFloat64(body + 8 * i, values[i], true);
  return out;
}
