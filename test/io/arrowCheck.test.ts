/**
 * Damaged Arrow IPC metadata (issue 21): apache-arrow trusts every length and offset it reads, so one flipped bit
 * could make it loop forever or decode for minutes. `checkArrowIpc` walks the metadata first; these tests pin the
 * cases the fuzz suite found and check that nothing apache-arrow writes is refused.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Field,
  Float64,
  List,
  makeVector,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Table,
  tableFromArrays,
  tableToIPC,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/core/errors.js';
import { readArrowIpc, writeArrowIpc } from '../../src/io/arrow.js';
import { checkArrowIpc } from '../../src/io/arrowCheck.js';
import { streamArrowChunks } from '../../src/node/arrowStream.js';

const n = 9;
const xs = Float64Array.from({ length: n }, (_, i) => i * 0.5 - 2);
const ys = Float64Array.from({ length: n }, (_, i) => (i * 7) % 5);

/** The two-column file the fuzz suite damages (570 bytes from apache-arrow 21.2.0, pinned in package.json). */
function baseFile(): Uint8Array {
  const b = writeArrowIpc({ x: xs, y: ys });
  expect(b.length).toBe(570); // the offsets below are into this layout
  return b;
}

/** `readArrowIpc` of `bytes`: the error it throws and the milliseconds it took. */
function timedRead(bytes: Uint8Array): { error: unknown; ms: number } {
  const t = performance.now();
  try {
    readArrowIpc(bytes);
    return { error: undefined, ms: performance.now() - t };
  } catch (e) {
    return { error: e, ms: performance.now() - t };
  }
}

describe('damaged Arrow IPC metadata is a ParseError, quickly', () => {
  it('a one-bit flip in the type of the message a record batch block points at: ParseError, not an endless loop', () => {
    const b = baseFile();
    b[51] ^= 0x80; // apache-arrow's file reader rereads the block forever
    const { error, ms } = timedRead(b);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(/damaged or truncated metadata/);
    expect(ms).toBeLessThan(1000);
  });

  it.each([
    [542, 0x40],
    [486, 0x80],
  ])('a one-bit flip in a schema field at byte %i: ParseError, not seconds of decoding children', (at, bit) => {
    const b = baseFile();
    b[at] ^= bit; // apache-arrow decoded a child vector of 2^20+ fields (15–30 s, gigabytes)
    const { error, ms } = timedRead(b);
    expect(error).toBeInstanceOf(ParseError);
    expect(ms).toBeLessThan(1000);
  });

  it('a record batch claiming more rows than its values buffers hold: ParseError, not missing values', () => {
    const b = baseFile();
    // The record batch's length {9} (a little-endian int64 in its metadata, before the field nodes).
    const at = b.findIndex((v, i) => v === 9 && i > 8 && b.subarray(i + 1, i + 8).every((z) => z === 0));
    expect(at).toBeGreaterThan(0);
    b[at] = 100;
    const { error } = timedRead(b);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(/declares 100 rows in a batch whose values hold 9/);
  });

  it('a truncated file (no closing magic) and a footer length past the start: ParseError naming the damage', () => {
    const b = baseFile();
    expect(() => checkArrowIpc(b.subarray(0, b.length - 3))).toThrow(/closing ARROW1 magic/);
    const c = b.slice();
    new DataView(c.buffer).setInt32(c.length - 10, 100_000, true);
    expect(() => checkArrowIpc(c)).toThrow(/footer length/);
  });

  it('a schema nested deeper than 64 levels is refused before apache-arrow recurses into it', () => {
    let type: List | Float64 = new Float64();
    for (let i = 0; i < 70; i++) type = new List(new Field('item', type, true));
    const schema = new Schema([new Field('deep', type, true)]);
    const bytes = RecordBatchStreamWriter.writeAll(new Table(schema)).toUint8Array(true);
    expect(() => checkArrowIpc(bytes)).toThrow(/deeper than 64 levels/);
  });
});

describe('checkArrowIpc accepts what apache-arrow writes', () => {
  it('several batches, dictionaries, nulls, lists, structs and metadata, file and stream, legacy framing', () => {
    const m = 700;
    const strings = Array.from({ length: m }, (_, i) => ['a', 'b', 'c'][i % 3]);
    const base = tableFromArrays({ x: Float64Array.from({ length: m }, (_, i) => i / 7), s: strings });
    const withNulls = makeVector(Float64Array.from({ length: m }, (_, i) => i));
    const list = vectorFromArray(
      Array.from({ length: m }, (_, i) => (i % 5 === 0 ? null : [i, i + 1])),
      new List(new Field('item', new Float64(), true)),
    );
    const struct = vectorFromArray(
      Array.from({ length: m }, (_, i) => ({ a: i, b: -i })),
      new Struct([new Field('a', new Float64()), new Field('b', new Float64())]),
    );
    const t = new Table({
      x: base.getChild('x') as Vector,
      s: base.getChild('s') as Vector,
      w: withNulls,
      l: list,
      st: struct,
    });
    t.schema.metadata.set('origin', 'clusterkit test');
    const batches = [...t.batches, ...t.slice(0, 300).batches, ...t.slice(300).batches];
    const many = new Table(batches);
    for (const bytes of [
      tableToIPC(many, 'file'),
      tableToIPC(many, 'stream'),
      RecordBatchFileWriter.writeAll(many).toUint8Array(true),
      new RecordBatchStreamWriter({ writeLegacyIpcFormat: true }).writeAll(many).toUint8Array(true),
    ]) {
      expect(() => checkArrowIpc(bytes)).not.toThrow();
      expect(readArrowIpc(bytes).nRows).toBe(2 * m);
    }
  });

  it('random numeric tables in random batches, both formats (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<'file' | 'stream'>('file', 'stream'),
        (v, parts, format) => {
          const t = tableFromArrays({ v: Float64Array.from(v), i: Int32Array.from(v, (_, i) => i) });
          const cut = Math.ceil(v.length / parts);
          const batches = [];
          for (let s = 0; s < v.length; s += cut) batches.push(...t.slice(s, s + cut).batches);
          const bytes = tableToIPC(new Table(batches), format);
          checkArrowIpc(bytes);
          expect(Array.from(readArrowIpc(bytes).columns[0] as Float64Array)).toEqual(v);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the streaming Arrow reader (minibatch-kmeans --stream) makes the same check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clusterkit-arrow-stream-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let k = 0;
  /** Streams `bytes` from a file: the rows it read (flattened) or the error, and the milliseconds it took. */
  async function timedStream(
    bytes: Uint8Array,
    chunkRows = 4,
  ): Promise<{ error: unknown; rows: number[]; ms: number }> {
    const path = join(dir, `f${k++}.arrow`);
    writeFileSync(path, bytes);
    const rows: number[] = [];
    const t = performance.now();
    try {
      await streamArrowChunks(path, { chunkRows }, (X) => rows.push(...X.data));
      return { error: undefined, rows, ms: performance.now() - t };
    } catch (e) {
      return { error: e, rows, ms: performance.now() - t };
    }
  }
  const flipped = (format: 'file' | 'stream', at: number, bit: number): Uint8Array => {
    const b = writeArrowIpc({ x: xs, y: ys }, format);
    expect(b.length).toBe(format === 'file' ? 570 : 520); // the offsets are into these layouts
    b[at] ^= bit;
    return b;
  };

  // Each of these hung apache-arrow's streaming reader (over 10 s, most for ever) or took 5 s before the check.
  it.each([
    ['file', 51, 0x80],
    ['file', 542, 0x40],
    ['file', 486, 0x80],
    ['stream', 52, 0x01],
    ['stream', 58, 0x80],
    ['stream', 98, 0x80],
    ['stream', 154, 0x40],
    ['stream', 262, 0x80],
    ['stream', 334, 0x80],
  ] as const)(
    'a %s-format file with a bit flipped at byte %i (bit %i): ParseError within a second, not a hang',
    async (format, at, bit) => {
      const { error, ms } = await timedStream(flipped(format, at, bit));
      expect(error).toBeInstanceOf(ParseError);
      expect((error as Error).message).toMatch(/damaged or truncated metadata/);
      expect(ms).toBeLessThan(1000);
    },
    3000,
  );

  // These threw apache-arrow's own TypeError/RangeError/Error (an internal error in the CLI) while iterating.
  it.each([
    ['stream', 342, 0x40], // a field node length past 2^53
    ['stream', 212, 0x80], // a body length of 2^39
    ['stream', 516, 0x80], // the end-of-stream marker turned into a metadata length
    ['stream', 106, 0x80], // an unknown float precision
  ] as const)(
    'a %s-format file with a bit flipped at byte %i (bit %i): a ParseError, not an untyped error',
    async (format, at, bit) => {
      const { error } = await timedStream(flipped(format, at, bit));
      expect(error).toBeInstanceOf(ParseError);
    },
    3000,
  );

  it('a batch claiming more rows than its values, a truncated file and a damaged footer length: ParseError', async () => {
    const b = baseFile();
    const at = b.findIndex((v, i) => v === 9 && i > 8 && b.subarray(i + 1, i + 8).every((z) => z === 0));
    b[at] = 100;
    expect((await timedStream(b)).error).toBeInstanceOf(ParseError);
    const good = baseFile();
    expect((await timedStream(good.subarray(0, good.length - 3))).error).toBeInstanceOf(ParseError);
    const c = good.slice();
    new DataView(c.buffer).setInt32(c.length - 10, 100_000, true);
    const { error } = await timedStream(c);
    expect((error as Error).message).toMatch(/footer length/);
  }, 3000);

  it('valid files in several batches stream the same values as readArrowIpc reads, file and stream format', async () => {
    const m = 1000;
    const t = tableFromArrays({
      a: Float64Array.from({ length: m }, (_, i) => Math.sin(i) * 1e3),
      b: Int32Array.from({ length: m }, (_, i) => (i * 37) % 101),
    });
    const many = new Table([...t.slice(0, 3).batches, ...t.slice(3, 640).batches, ...t.slice(640).batches]);
    for (const bytes of [tableToIPC(many, 'file'), tableToIPC(many, 'stream'), tableToIPC(t, 'file')]) {
      const whole = readArrowIpc(bytes);
      const expected: number[] = [];
      for (let i = 0; i < m; i++)
        expected.push((whole.columns[0] as Float64Array)[i], (whole.columns[1] as Float64Array)[i]);
      for (const chunkRows of [1, 7, 4096]) {
        const { error, rows } = await timedStream(bytes, chunkRows);
        expect(error).toBeUndefined();
        expect(rows).toEqual(expected);
      }
    }
  });
});
