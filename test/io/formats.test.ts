import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { isColumnTable } from '../../src/io/columns.js';
import {
  detectInputFormat,
  encodePointTable,
  type OutputFormat,
  outputFormatOf,
  parseInput,
  selectColumns,
} from '../../src/io/formats.js';
import { readNpy } from '../../src/io/npy.js';
import { readParquet } from '../../src/io/parquet.js';
import { parseTable, resolveColumns, tableToMatrix } from '../../src/io/table.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/io/${name}`, import.meta.url)));
const enc = (s: string) => new TextEncoder().encode(s);

describe('detectInputFormat', () => {
  it('by extension, case-insensitive', () => {
    const b = enc('x');
    const cases: [string, string][] = [
      ['a.parquet', 'parquet'],
      ['a.PQ', 'parquet'],
      ['a.arrow', 'arrow'],
      ['a.arrows', 'arrow'],
      ['a.feather', 'arrow'],
      ['a.npy', 'npy'],
      ['a.csv', 'csv'],
      ['a.TSV', 'tsv'],
      ['a.json', 'json'],
      ['a.jsonl', 'ndjson'],
    ];
    for (const [name, f] of cases) expect(detectInputFormat(name, b)).toBe(f);
  });
  it('by magic bytes when the name says nothing (stdin)', () => {
    expect(detectInputFormat('', fixture('types.parquet'))).toBe('parquet');
    expect(detectInputFormat('', fixture('types.arrow'))).toBe('arrow');
    expect(detectInputFormat('', fixture('types.arrows'))).toBe('arrow');
    expect(detectInputFormat('data', fixture('f8_le.npy'))).toBe('npy');
    expect(detectInputFormat('', enc('[[1,2]]'))).toBe('json');
    expect(detectInputFormat('', enc('{"a":1}\n'))).toBe('ndjson');
    expect(detectInputFormat('', enc('1\t2\n'))).toBe('tsv');
    expect(detectInputFormat('', enc('\uFEFFx,y\n1,2\n'))).toBe('csv');
  });
  it('parseInput reads views into a larger buffer (Node pools small Buffers) for every format', async () => {
    for (const [file, format] of [
      ['types.parquet', 'parquet'],
      ['types.arrow', 'arrow'],
      ['types.arrows', 'arrow'],
      ['f8_be.npy', 'npy'],
      ['f8_le.npy', 'npy'],
      ['f4_le.npy', 'npy'],
    ] as const) {
      const b = fixture(file);
      const pool = new Uint8Array(b.length + 4096);
      pool.fill(0x50); // 'P' everywhere: a reader that looks outside its view sees garbage
      pool.set(b, 1234);
      const view = Buffer.from(pool.buffer, 1234, b.length); // a Buffer view: Buffer#slice does not copy
      const t = await parseInput(view, format);
      const direct = await parseInput(b, format);
      expect(t.names).toEqual(direct.names);
      expect(selectColumns(t, { columns: '0' }).X).toEqual(selectColumns(direct, { columns: '0' }).X);
    }
  });
  it('parseInput reads every fixture kind to the same kind of table', async () => {
    expect(isColumnTable(await parseInput(fixture('types.parquet'), 'parquet'))).toBe(true);
    expect(isColumnTable(await parseInput(fixture('types.arrows'), 'arrow'))).toBe(true);
    const npy = await parseInput(fixture('fortran_f8.npy'), 'npy');
    expect(npy.names).toEqual(['col0', 'col1', 'col2']);
    const sel = selectColumns(npy, { columns: '2,0' });
    expect(sel.X.data[0]).toBe(1e-310);
    expect(sel.X.data[1]).toBe(0.1);
    const csv = await parseInput(enc('\uFEFFa,b\r\n1,2\r\n'), 'csv');
    expect(selectColumns(csv, { columns: 'b' }).X.data[0]).toBe(2);
  });
});

const formats: OutputFormat[] = ['csv', 'tsv', 'json', 'ndjson', 'npy', 'parquet'];

async function readBack(format: OutputFormat, out: string | Uint8Array, names: string[]): Promise<number[][]> {
  if (format === 'npy') {
    const m = readNpy(out as Uint8Array);
    return Array.from({ length: m.cols }, (_, j) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]));
  }
  if (format === 'parquet') {
    const t = await readParquet(out as Uint8Array);
    expect(t.names).toEqual(names);
    return t.columns.map((c) => Array.from(c as Float64Array));
  }
  const t = parseTable(out as string, format, { header: true });
  if (format === 'csv' || format === 'tsv') expect(t.names).toEqual(names);
  const m = tableToMatrix(t, resolveColumns(t, undefined));
  return Array.from({ length: m.cols }, (_, j) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]));
}

describe('encodePointTable round trips', () => {
  it.each(formats)('%s: labels and doubles read back exactly', async (format) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 30 }),
        async (v) => {
          const label = Int32Array.from(v, (_, i) => (i * 5) % 3);
          const cols = { label, p0: Float64Array.from(v) };
          const back = await readBack(format, encodePointTable(format, cols), ['label', 'p0']);
          expect(back[0]).toEqual(Array.from(label));
          for (let i = 0; i < v.length; i++) expect(back[1][i] === v[i]).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
  it('one label column as .npy is a 1-D <i4 array; one float column a 1-D <f8', () => {
    const b = encodePointTable('npy', { label: Int32Array.from([2, 0, 1]) }) as Uint8Array;
    expect(new TextDecoder().decode(b.subarray(10, 60))).toContain("'descr': '<i4'");
    expect(new TextDecoder().decode(b.subarray(10, 80))).toContain("'shape': (3,)");
    const f = encodePointTable('npy', { logDensity: Float64Array.from([-1.5]) }) as Uint8Array;
    expect(new TextDecoder().decode(f.subarray(10, 60))).toContain("'descr': '<f8'");
  });
  it('-Infinity log density: "-Infinity" in CSV and JSON, the double itself in .npy and Parquet', async () => {
    const cols = { logDensity: Float64Array.from([-1, Number.NEGATIVE_INFINITY]) };
    expect(encodePointTable('csv', cols)).toBe('logDensity\n-1\n-Infinity\n');
    expect(JSON.parse(encodePointTable('json', cols) as string)[1].logDensity).toBe('-Infinity');
    expect(readNpy(encodePointTable('npy', cols) as Uint8Array).data[1]).toBe(Number.NEGATIVE_INFINITY);
    const t = await readParquet(encodePointTable('parquet', cols) as Uint8Array);
    expect(t.columns[0][1]).toBe(Number.NEGATIVE_INFINITY);
  });
  it('by extension, with Arrow refused clearly', () => {
    expect(outputFormatOf('out.NPY')).toBe('npy');
    expect(outputFormatOf('out.parquet')).toBe('parquet');
    expect(outputFormatOf('out.jsonl')).toBe('ndjson');
    expect(outputFormatOf('out')).toBe('csv');
    expect(() => outputFormatOf('out.arrow')).toThrow(/Arrow output is not supported/);
    expect(() => encodePointTable('csv', { a: [1], b: [1, 2] })).toThrow(ValidationError);
  });
});
