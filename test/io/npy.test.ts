import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import { isWasmAvailable } from '../../src/engine/kernels/backend.js';
import { isWasmMatrix } from '../../src/engine/wasmMatrix.js';
import { readNpy, writeNpy } from '../../src/io/npy.js';
import { readNpyFile } from '../../src/node.js';

const dir = new URL('../fixtures/io/', import.meta.url);
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));
const doc = JSON.parse(readFileSync(new URL('npy.json', dir), 'utf8')) as {
  expected: { file: string; dtype: string; shape: number[]; fortran: boolean; expected: number[][] }[];
  rejected: string[];
};

describe('readNpy against files written by numpy.save', () => {
  it.each(doc.expected.map((c) => [c.file, c] as const))('%s', (_name, c) => {
    const m = readNpy(bytes(c.file));
    expect(m.rows).toBe(c.shape[0]);
    expect(m.cols).toBe(c.shape.length === 2 ? c.shape[1] : 1);
    // Exactly NumPy's float64 values, sign of zero included.
    const flat = c.expected.flat();
    expect(m.data.length).toBe(flat.length);
    for (let t = 0; t < flat.length; t++) expect(Object.is(m.data[t], flat[t])).toBe(true);
  });
  it('covers both byte orders, f4/f8/i4/i8, Fortran order, format 2.0', () => {
    const dtypes = new Set(doc.expected.map((c) => c.dtype));
    for (const d of ['<f8', '>f8', '<f4', '>f4', '<i4', '>i4', '<i8', '>i8']) expect(dtypes.has(d)).toBe(true);
    expect(doc.expected.some((c) => c.fortran)).toBe(true);
  });
  it.each(doc.rejected)('rejects %s with a ParseError naming the problem', (name) => {
    expect(() => readNpy(bytes(name))).toThrow(ParseError);
    expect(() => readNpy(bytes(name))).toThrow(/shape|dtype/);
  });
});

describe('readNpyFile (clusterkit/node): straight from the file into the matrix', () => {
  it.each(doc.expected.map((c) => [c.file, c] as const))('%s: the same values as readNpy on the bytes', (_name, c) => {
    const m = readNpyFile(fileURLToPath(new URL(c.file, dir)));
    const ref = readNpy(bytes(c.file));
    expect(m.rows).toBe(ref.rows);
    expect(m.cols).toBe(ref.cols);
    expect(m.data.length).toBe(ref.data.length);
    for (let t = 0; t < ref.data.length; t++) expect(Object.is(m.data[t], ref.data[t])).toBe(true);
  });
  it('reads a large native float64 file exactly; rejects truncated, malformed and missing files', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'clusterkit-npy-'));
    const rows = 70_000; // the data start past the first 64 KiB read for the header
    const data = Float64Array.from({ length: rows * 3 }, (_, t) => Math.sin(t) * 1e3 + t);
    const file = join(tmp, 'big.npy');
    const b = writeNpy({ rows, cols: 3, data });
    writeFileSync(file, b);
    const m = readNpyFile(file);
    expect([m.rows, m.cols]).toEqual([rows, 3]);
    expect(m.data).toEqual(data);
    const cut = join(tmp, 'cut.npy');
    writeFileSync(cut, b.subarray(0, b.length - 8));
    expect(() => readNpyFile(cut)).toThrow(ParseError);
    expect(() => readNpyFile(cut)).toThrow(/Truncated .npy data/);
    for (const name of doc.rejected) expect(() => readNpyFile(fileURLToPath(new URL(name, dir)))).toThrow(ParseError);
    expect(() => readNpyFile(join(tmp, 'nope.npy'))).toThrow(ValidationError);
  });
  it('with wasm: true, reads every file into WebAssembly memory (a wasmMatrix), the same values', () => {
    for (const c of doc.expected) {
      const m = readNpyFile(fileURLToPath(new URL(c.file, dir)), { wasm: true });
      const ref = readNpy(bytes(c.file));
      expect([m.rows, m.cols]).toEqual([ref.rows, ref.cols]);
      expect(isWasmMatrix(m)).toBe(isWasmAvailable());
      for (let t = 0; t < ref.data.length; t++) expect(Object.is(m.data[t], ref.data[t])).toBe(true);
    }
    const tmp = mkdtempSync(join(tmpdir(), 'clusterkit-npy-'));
    const data = Float64Array.from({ length: 70_000 * 3 }, (_, t) => Math.cos(t) * 1e3 - t);
    const file = join(tmp, 'big.npy');
    writeFileSync(file, writeNpy({ rows: 70_000, cols: 3, data }));
    const m = readNpyFile(file, { wasm: true });
    expect(isWasmMatrix(m)).toBe(isWasmAvailable());
    expect(m.data).toEqual(data);
    expect(isWasmMatrix(readNpyFile(file))).toBe(false);
  });
});

describe('writeNpy', () => {
  it('writes the bytes NumPy checked (clusterkit_written_*.npy, loaded by numpy.load in io.py)', () => {
    const m = { rows: 2, cols: 3, data: Float64Array.from([0.1, -0, 1e-310, 1.7976931348623157e308, -2.5, 3]) };
    expect(writeNpy(m)).toEqual(bytes('clusterkit_written_matrix.npy'));
    expect(writeNpy(Int32Array.from([0, 2, 1, -1]))).toEqual(bytes('clusterkit_written_labels.npy'));
    expect(writeNpy(Float64Array.from([1.5, -2.25, 3e100]))).toEqual(bytes('clusterkit_written_vector.npy'));
  });
  it('aligns the data to 64 bytes as NumPy does', () => {
    for (const rows of [0, 1, 7, 123456]) {
      const b = writeNpy({ rows, cols: 3, data: new Float64Array(rows * 3) });
      const headerLen = b[8] | (b[9] << 8);
      expect((10 + headerLen) % 64).toBe(0);
      expect(b[10 + headerLen - 1]).toBe(10); // '\n'
    }
  });
  it('round-trips any finite matrix exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 0, maxLength: 60 }),
        (cols, vals) => {
          const rows = Math.floor(vals.length / cols);
          const data = Float64Array.from(vals.slice(0, rows * cols));
          const back = readNpy(writeNpy({ rows, cols, data }));
          expect(back.rows).toBe(rows);
          expect(back.cols).toBe(cols);
          for (let t = 0; t < data.length; t++) expect(Object.is(back.data[t], data[t])).toBe(true);
        },
      ),
    );
  });
  it('round-trips Int32 labels', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), (v) => {
        const back = readNpy(writeNpy(Int32Array.from(v)));
        expect(back.cols).toBe(1);
        expect(Array.from(back.data)).toEqual(v);
      }),
    );
  });
});
