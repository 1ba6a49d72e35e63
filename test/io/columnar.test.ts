import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import { readArrowIpc, writeArrowIpc } from '../../src/io/arrow.js';
import { columnTableLabels, columnTableToMatrix } from '../../src/io/columns.js';
import { selectColumns } from '../../src/io/formats.js';
import { readParquet, writeParquet } from '../../src/io/parquet.js';

const dir = new URL('../fixtures/io/', import.meta.url);
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));
const arrowDoc = JSON.parse(readFileSync(new URL('arrow.json', dir), 'utf8'));
const parquetDoc = JSON.parse(readFileSync(new URL('parquet.json', dir), 'utf8'));

function sameNumbers(got: ArrayLike<number>, want: number[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(got[i] === want[i] || (got[i] === 0 && want[i] === 0)).toBe(true);
}

describe('Arrow IPC files written by apache-arrow', () => {
  it.each(['types.arrow', 'types.arrows'])('%s: every numeric type to the exact doubles', (file) => {
    const t = readArrowIpc(bytes(file));
    const e = arrowDoc.expected;
    expect(t.names).toEqual(e.names);
    expect(t.nRows).toBe(6);
    const X = columnTableToMatrix(t, [0, 1, 2, 3]);
    const col = (j: number) => Array.from({ length: 6 }, (_, i) => X.data[i * 4 + j]);
    sameNumbers(col(0), e.x);
    expect(Object.is(col(0)[1], -0)).toBe(true);
    sameNumbers(col(1), e.y);
    sameNumbers(col(2), e.n);
    sameNumbers(col(3), e.big);
    expect(col(3)[0]).toBe(2 ** 53); // 2^53 + 1 rounds to the nearest double, as NumPy's astype(float64)
  });
  it('keeps a dictionary string column aside as labels, by name', () => {
    const t = readArrowIpc(bytes('types.arrow'));
    const sel = selectColumns(t, { columns: 'x,y', truthColumn: 'label' });
    expect(Array.from(sel.truth as Int32Array)).toEqual(arrowDoc.expected.labelCodes);
    expect(sel.truthNames).toEqual(['setosa', 'virginica', 'versicolor']);
    expect(sel.names).toEqual(['x', 'y']);
  });
  it('selects columns by index too', () => {
    const t = readArrowIpc(bytes('types.arrows'));
    expect(selectColumns(t, { columns: '2,0' }).names).toEqual(['n', 'x']);
  });
  it('rejects a null feature cell with its row and column, never reading it as 0', () => {
    const t = readArrowIpc(bytes('types.arrow'));
    const err = (() => {
      try {
        selectColumns(t, { columns: 'withNull' });
      } catch (e) {
        return e as ParseError;
      }
    })();
    expect(err).toBeInstanceOf(ParseError);
    expect(err?.line).toBe(3);
    expect(err?.column).toBe(6);
    expect(err?.message).toMatch(/row 3, column 6 \(withNull\): a missing value/);
  });
  it('rejects a string feature column and an unknown column', () => {
    const t = readArrowIpc(bytes('types.arrow'));
    expect(() => selectColumns(t, { columns: 'label' })).toThrow(/"setosa" is not a finite number/);
    expect(() => selectColumns(t, { columns: 'nope' })).toThrow(ValidationError);
  });
  it('rejects bytes that are not Arrow', () => {
    expect(() => readArrowIpc(new TextEncoder().encode('x,y\n1,2\n'))).toThrow(ParseError);
    expect(() => readArrowIpc(bytes('types.arrow').subarray(0, 40))).toThrow(ParseError);
  });
  it('writeArrowIpc round-trips through apache-arrow (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 40 }),
        (v) => {
          const labels = Int32Array.from(v, (_, i) => i % 3);
          for (const format of ['file', 'stream'] as const) {
            const t = readArrowIpc(writeArrowIpc({ label: labels, v }, format));
            const X = columnTableToMatrix(t, [0, 1]);
            for (let i = 0; i < v.length; i++) {
              expect(X.data[2 * i]).toBe(labels[i]);
              expect(Object.is(X.data[2 * i + 1], v[i])).toBe(true);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('Parquet', () => {
  it('types.parquet (clusterkit writer) reads back through hyparquet to the recorded values', async () => {
    const t = await readParquet(bytes('types.parquet'));
    const e = parquetDoc.expected;
    expect(t.names).toEqual(e.names);
    const X = columnTableToMatrix(t, [0, 1, 2, 3]);
    const col = (j: number) => Array.from({ length: 6 }, (_, i) => X.data[i * 4 + j]);
    sameNumbers(col(0), e.label);
    sameNumbers(col(1), e.x);
    sameNumbers(col(2), e.big);
    sameNumbers(col(3), e.f);
    expect(Array.from(columnTableLabels(t, 0).labels)).toEqual(e.label);
  });
  it('hyparquet itself decodes the writer output (row objects, bigint for INT64)', async () => {
    const b = bytes('types.parquet');
    const rows = await parquetReadObjects({ file: b.slice().buffer });
    expect(rows).toHaveLength(6);
    expect(rows[0].big).toBe(2n ** 53n + 1n);
    expect(rows[3].x).toBe(1.7976931348623157e308);
  });
  it('reads only the requested columns', async () => {
    const t = await readParquet(bytes('types.parquet'), ['f', 'x']);
    expect(t.names).toEqual(['x', 'f']);
  });
  it('writeParquet → readParquet is exact for any doubles and int32 labels (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 0, maxLength: 50 }),
        async (v) => {
          const label = Int32Array.from(v, (_, i) => (i * 7) % 5);
          const t = await readParquet(writeParquet({ label, v: Float64Array.from(v) }));
          expect(t.nRows).toBe(v.length);
          for (let i = 0; i < v.length; i++) {
            expect(t.columns[0][i]).toBe(label[i]);
            expect(Object.is(t.columns[1][i], v[i])).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
  it('several row groups (any size) read back in order, by clusterkit and by hyparquet (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        async (v, rowGroupSize) => {
          const label = Int32Array.from(v, (_, i) => i);
          const b = writeParquet(
            { label, v: Float64Array.from(v), big: BigInt64Array.from(v, (_, i) => BigInt(i) * 3n) },
            { rowGroupSize },
          );
          const t = await readParquet(b);
          expect(t.nRows).toBe(v.length);
          for (let i = 0; i < v.length; i++) {
            expect(t.columns[0][i]).toBe(i);
            expect(Object.is(t.columns[1][i], v[i])).toBe(true);
            expect(t.columns[2][i]).toBe(3 * i);
          }
          const rows = await parquetReadObjects({ file: b.slice().buffer });
          expect(rows.map((r) => r.label)).toEqual(Array.from(label));
        },
      ),
      { numRuns: 40 },
    );
  });
  it('rejects non-Parquet and truncated bytes with a ParseError', async () => {
    await expect(readParquet(new TextEncoder().encode('x,y\n1,2\n'))).rejects.toThrow(ParseError);
    const b = bytes('types.parquet');
    await expect(readParquet(b.subarray(0, b.length - 10))).rejects.toThrow(ParseError);
    const broken = b.slice();
    broken.fill(0xff, 4, 60); // damage the first page
    await expect(readParquet(broken)).rejects.toThrow(ParseError);
  });
});

describe('columnTableToMatrix on float columns (the blocked transposition)', () => {
  it('is the row-major gather of any column selection, over several row blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1300 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }),
        (n, pick) => {
          const columns = Array.from({ length: 4 }, (_, j) => Float64Array.from({ length: n }, (_, i) => i * 10 + j));
          const X = columnTableToMatrix({ names: ['a', 'b', 'c', 'd'], columns, nRows: n, source: 'CSV' }, pick);
          expect([X.rows, X.cols]).toEqual([n, pick.length]);
          for (let i = 0; i < n; i++)
            for (let t = 0; t < pick.length; t++) expect(X.data[i * pick.length + t]).toBe(i * 10 + pick[t]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('names the first non-finite cell column by column, as for other columns', () => {
    const n = 1200;
    const columns = Array.from({ length: 3 }, () => new Float64Array(n).fill(1));
    columns[2][5] = Number.POSITIVE_INFINITY;
    columns[1][1100] = Number.NaN;
    const t = { names: ['a', 'b', 'c'], columns, nRows: n, source: 'CSV' };
    expect(() => columnTableToMatrix(t, [0, 1, 2])).toThrow(ParseError);
    expect(() => columnTableToMatrix(t, [0, 1, 2])).toThrow(/CSV row 1101, column 2 \(b\): NaN is not a finite number/);
    expect(() => columnTableToMatrix(t, [2, 0])).toThrow(/row 6, column 3 \(c\): Infinity/);
  });
});
