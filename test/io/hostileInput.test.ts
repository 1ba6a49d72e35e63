/**
 * Hostile input through the parsers (issue 21, I/O side): deep JSON nesting, tampered Parquet footers, damaged
 * .npy shapes, out-of-range numbers, unknown formats, folders given as files — each a typed error naming the
 * problem, never a stack overflow, a huge allocation or a silently wrong table.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import { writeArrowIpc } from '../../src/io/arrow.js';
import { outputFormatOf, parseInput } from '../../src/io/formats.js';
import { jsonTooDeep, MAX_JSON_DEPTH, scanJson } from '../../src/io/jsonScan.js';
import { readNpy } from '../../src/io/npy.js';
import { readParquet, writeParquet } from '../../src/io/parquet.js';
import { parseTable, tableToMatrix } from '../../src/io/table.js';
import { readNpyFile } from '../../src/node.js';

const enc = (s: string) => new TextEncoder().encode(s);

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('JSON nesting depth (item 5)', () => {
  it('deeply nested JSON is a ParseError with the line and column of the first bracket past the limit', async () => {
    const deep = `${'['.repeat(200000)}${']'.repeat(200000)}`;
    const e = await errorOf(parseInput(enc(deep), 'json'));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).message).toMatch(/nested more than 64 levels deep at line 1, column 65/);
    const nested = `[[1, 2],\n [3, ${'['.repeat(100)}4${']'.repeat(100)}]]`;
    const e2 = await errorOf(parseInput(enc(nested), 'json'));
    expect((e2 as ParseError).message).toMatch(/line 2/);
  });

  it('deeply nested NDJSON lines are a ParseError naming the line', async () => {
    const text = `[1,2]\n[3,4]\n${'['.repeat(100000)}${']'.repeat(100000)}\n`;
    const e = await errorOf(parseInput(enc(text), 'ndjson'));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).message).toMatch(/nested more than 64 levels deep at line 3/);
  });

  it('nesting up to the limit is accepted; the grammar error comes first when both apply', () => {
    const ok = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(() => scanJson(ok)).not.toThrow();
    expect(jsonTooDeep(ok)).toBe(false);
    expect(jsonTooDeep(`[${ok}]`)).toBe(true);
    expect(jsonTooDeep(`["${'['.repeat(100)}"]`)).toBe(false); // brackets in strings do not count
    expect(() => scanJson(`${'['.repeat(100)}x`)).toThrow(/line 1, column 101/);
  });
});

/** Rewrites the first `num_rows` (field 3 of FileMetaData, thrift compact) of a Parquet file's footer. */
function tamperNumRows(file: Uint8Array, rows: number, value: bigint): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const footerLen = view.getUint32(file.length - 8, true);
  const start = file.length - 8 - footerLen;
  const footer = file.subarray(start, file.length - 8);
  const varint = (v: bigint): number[] => {
    let z = v >= 0n ? v << 1n : (-v << 1n) - 1n; // zigzag
    const out: number[] = [];
    do {
      const b = Number(z & 0x7fn);
      z >>= 7n;
      out.push(z > 0n ? b | 0x80 : b);
    } while (z > 0n);
    return out;
  };
  const needle = [0x16, ...varint(BigInt(rows))]; // field delta 1 (after the schema, field 2), type i64
  let at = -1;
  for (let i = 0; i + needle.length <= footer.length && at < 0; i++)
    if (needle.every((b, j) => footer[i + j] === b)) at = i;
  if (at < 0) throw new Error('num_rows not found in the footer');
  const replaced = [0x16, ...varint(value)];
  const newFooter = new Uint8Array([...footer.subarray(0, at), ...replaced, ...footer.subarray(at + needle.length)]);
  const out = new Uint8Array(start + newFooter.length + 8);
  out.set(file.subarray(0, start));
  out.set(newFooter, start);
  new DataView(out.buffer).setUint32(start + newFooter.length, newFooter.length, true);
  out.set(enc('PAR1'), start + newFooter.length + 4);
  return out;
}

describe('Parquet footer num_rows (item 6)', () => {
  const rows = 77;
  const file = writeParquet({
    x: Float64Array.from({ length: rows }, (_, i) => i / 7),
    y: Float64Array.from({ length: rows }, (_, i) => i * 3),
  });

  it('the untampered file reads (the tampering helper changes only num_rows)', async () => {
    const same = tamperNumRows(file, rows, BigInt(rows));
    const t = await readParquet(same);
    expect(t.nRows).toBe(rows);
  });

  it('num_rows one short of the row groups is a ParseError naming both counts (was: a silently cut table)', async () => {
    const e = await errorOf(readParquet(tamperNumRows(file, rows, BigInt(rows - 1))));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toMatch(/num_rows is 76 but the 1 row group\(s\) hold 77 rows/);
  });

  it('negative and huge num_rows are ParseErrors, not a RangeError or a huge allocation', async () => {
    for (const v of [-5n, 2n ** 40n, 2n ** 62n]) {
      const e = await errorOf(readParquet(tamperNumRows(file, rows, v)));
      expect(e, String(v)).toBeInstanceOf(ParseError);
      expect((e as Error).message).toMatch(/Damaged Parquet footer: num_rows/);
    }
  });
});

describe('.npy shapes and files', () => {
  function npyWithShape(shape: string): Uint8Array {
    let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
    while ((10 + header.length + 1) % 64 !== 0) header += ' ';
    header += '\n';
    const out = new Uint8Array(10 + header.length + 8 * 15);
    out.set([0x93, ...enc('NUMPY'), 1, 0]);
    new DataView(out.buffer).setUint16(8, header.length, true);
    out.set(enc(header), 10);
    return out;
  }

  it('a negative dimension (-5, 3) is named as such, not as an unsupported rank', () => {
    const e = (() => {
      try {
        readNpy(npyWithShape('(-5, 3)'));
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toMatch(/dimension "-5" is not a non-negative integer/);
    expect((e as Error).message).not.toMatch(/1-D and 2-D/);
  });

  it('readNpyFile(a folder) is a ValidationError saying it is a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clusterkit-npy-'));
    const e = await errorOf(() => readNpyFile(dir));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/is a folder/);
  });
});

describe('cells and formats (Low items)', () => {
  it('1e400 is reported as out of the range of a double, not as "not a number"', () => {
    const t = parseTable('x,y\n1,2\n1e400,3\n', 'csv');
    expect(() => tableToMatrix(t, [0, 1])).toThrow(/Line 3, column 1 \(x\): "1e400" is out of the range of a double/);
  });

  it('parseInput(bytes, "xlsx") is a ValidationError naming the input formats', async () => {
    const e = await errorOf(parseInput(enc('x'), 'xlsx' as never));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/Unknown input format "xlsx"; use one of csv, tsv/);
  });

  it('an unknown output extension (.xlsx) is a ValidationError naming the supported ones; no extension is CSV', () => {
    expect(() => outputFormatOf('labels.xlsx')).toThrow(/unknown output extension \.xlsx; use \.csv, \.tsv, \.json/);
    expect(outputFormatOf('/dev/stdout')).toBe('csv');
    expect(outputFormatOf('labels.txt')).toBe('csv');
  });

  it('ragged JSON rows name the JSON row and its line', () => {
    expect(() => parseTable('[[1, 2],\n [3, 4],\n [5]]', 'json')).toThrow(
      /JSON row 3 \(line 3\) has 1 values but row 1 \(line 1\) has 2/,
    );
  });

  it('a one-column CSV with an empty cell (a blank line between rows) lists that line, fast path and general reader', async () => {
    const text = 'x\n1\n2\n\n4\n';
    const fast = await parseInput(enc(text), 'csv');
    expect(fast.blankLines).toEqual([4]);
    const general = parseTable(text, 'csv');
    expect(general.blankLines).toEqual([4]);
    expect(parseTable('x,y\n1,2\n\n3,4\n', 'csv').blankLines).toBeUndefined(); // two columns: a blank line is blank
    expect(parseTable('x\n1\n2\n\n', 'csv').blankLines).toBeUndefined(); // trailing blank lines are not cells
  });
});

describe('CSV dialects (issue 19 item 11)', () => {
  it('mixed CRLF and LF line ends: the error names the right physical line', () => {
    const text = 'x,y\r\n1,2\n3,4\r\n5,oops\n7,8\r\n';
    const t = parseTable(text, 'csv');
    expect(t.lines).toEqual([2, 3, 4, 5]);
    expect(() => tableToMatrix(t, [0, 1])).toThrow(/^Line 4, column 2 \(y\): "oops"/);
  });

  it('a semicolon-separated file with decimal commas is detected; --decimal , reads 1,5 as 1.5', async () => {
    const text = 'a;b\n1,5;2\n-0,25;3,75\n';
    const t = await parseInput(enc(text), 'csv', { decimal: ',' });
    expect('rows' in t ? t.names : []).toEqual(['a', 'b']);
    const m = tableToMatrix(t as ReturnType<typeof parseTable>, [0, 1]);
    expect(Array.from(m.data)).toEqual([1.5, 2, -0.25, 3.75]);
    // Without --decimal the cell is an error that suggests it.
    const plain = await parseInput(enc(text), 'csv');
    expect(() => tableToMatrix(plain as ReturnType<typeof parseTable>, [0, 1])).toThrow(
      /decimal comma\? pass --decimal/,
    );
  });

  it('a semicolon-separated file with decimal points reads on the fast path, same numbers as commas', async () => {
    const semi = await parseInput(enc('a;b\n1.5;2\n3;4\n'), 'csv');
    const comma = await parseInput(enc('a,b\n1.5,2\n3,4\n'), 'csv');
    expect(semi).toEqual(comma);
  });

  it('a decimal comma with comma separators is a ValidationError', () => {
    expect(() => parseTable('a,b\n1,2\n', 'csv', { decimal: ',' })).toThrow(ValidationError);
  });
});

describe('Arrow framing (fuzz finding)', () => {
  it('a flipped bit in the first message length of an Arrow file is a ParseError, not an endless loop', async () => {
    const file = writeArrowIpc({ x: Float64Array.from([1, 2, 3]), y: Float64Array.from([4, 5, 6]) });
    expect(file[8]).toBe(0xff); // the continuation marker after ARROW1\0\0
    const bad = file.slice();
    bad[8] ^= 1;
    const e = await errorOf(parseInput(bad, 'arrow'));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toMatch(/damaged message header at byte 8/);
    const stream = writeArrowIpc({ x: Float64Array.from([1, 2, 3]) }, 'stream');
    const ok = await parseInput(stream, 'arrow');
    expect('nRows' in ok ? ok.nRows : -1).toBe(3);
    const cut = stream.slice(0, 6);
    expect(await errorOf(parseInput(cut, 'arrow'))).toBeInstanceOf(ParseError);
  });
});
