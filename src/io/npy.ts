/**
 * NumPy `.npy` (format 1.0/2.0/3.0) reader and writer for 2-D numeric arrays, on bytes (browser-safe).
 * @module
 */
import { ParseError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Parses a `.npy` file holding a 1-D or 2-D array of f4/f8/i1/i2/i4/i8/u1/u2/u4/u8 (little- or big-endian) into a
 * Matrix (1-D arrays become one column). Fortran-ordered arrays are transposed into row-major order.
 * @throws {@link ParseError} on a bad magic string, header or dtype, or a truncated body
 */
export function readNpy(bytes: Uint8Array): Matrix {
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
    headerLen = dv.getUint32(8, true);
    start = 12;
  } else throw new ParseError(`Unsupported .npy format version ${major}.`);
  if (start + headerLen > bytes.length) throw new ParseError('Truncated .npy header.');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeStr = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeStr === undefined) throw new ParseError(`Malformed .npy header: ${header.trim()}`);
  const shape = shapeStr
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.length === 0 || shape.length > 2 || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new ParseError(`Only 1-D and 2-D .npy arrays are supported; this one has shape (${shapeStr}).`);
  }
  const rows = shape[0];
  const cols = shape.length === 2 ? shape[1] : 1;
  const m = /^([<>|=])([fiu])(\d)$/.exec(descr);
  if (!m) throw new ParseError(`Unsupported .npy dtype '${descr}'; use float32/float64 or integers.`);
  const little = m[1] !== '>';
  const kind = m[2];
  const size = Number(m[3]);
  const body = start + headerLen;
  const count = rows * cols;
  if (body + count * size > bytes.length) {
    throw new ParseError(`Truncated .npy data: expected ${count * size} bytes, found ${bytes.length - body}.`);
  }
  const read = reader(dv, kind, size, little, descr);
  const data = new Float64Array(count);
  const isF = fortran === 'True';
  for (let t = 0; t < count; t++) {
    const v = read(body + t * size);
    if (isF) {
      const j = Math.floor(t / rows);
      const i = t - j * rows;
      data[i * cols + j] = v;
    } else data[t] = v;
  }
  return { rows, cols, data };
}

function reader(dv: DataView, kind: string, size: number, le: boolean, descr: string): (o: number) => number {
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

/** Writes a Matrix (f8, C order) or an Int32Array (i4, 1-D) as `.npy` format 1.0 bytes. */
export function writeNpy(x: Matrix | Int32Array): Uint8Array {
  const isLabels = x instanceof Int32Array;
  const descr = isLabels ? '<i4' : '<f8';
  const shape = isLabels ? `(${x.length},)` : `(${x.rows}, ${x.cols})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = `${header}${' '.repeat(pad % 64)}\n`;
  const hb = new TextEncoder().encode(header);
  const payload = isLabels ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength) : new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
  const out = new Uint8Array(10 + hb.length + payload.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, hb.length, true);
  out.set(hb, 10);
  // Typed arrays are little-endian on every platform JavaScript runs on in practice; copy bytes as is.
  out.set(payload, 10 + hb.length);
  return out;
}
