import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readParquet } from '../../src/io/parquet.js';

// Parquet files written by DuckDB 1.5.6 (scripts/fixtures/io_duckdb.mjs), with the values DuckDB reads back.
const dir = new URL('../fixtures/io/', import.meta.url);
const doc = JSON.parse(readFileSync(new URL('duckdb.json', dir), 'utf8'));
const expected = doc.expected as { names: string[]; columns: Record<string, (number | string)[]> };

describe('Parquet written by DuckDB (a reference writer)', () => {
  for (const codec of ['snappy', 'uncompressed']) {
    it(`duckdb_${codec}.parquet: every column, three row groups, exactly DuckDB's values`, async () => {
      const t = await readParquet(new Uint8Array(readFileSync(new URL(`duckdb_${codec}.parquet`, dir))));
      expect(t.names).toEqual(expected.names);
      expect(t.nRows).toBe(300);
      for (const [j, name] of expected.names.entries()) {
        const got = Array.from(t.columns[j] as ArrayLike<unknown>);
        expect(got, name).toEqual(expected.columns[name]);
      }
    });
  }
  it('reads only the requested columns (in file order)', async () => {
    const t = await readParquet(new Uint8Array(readFileSync(new URL('duckdb_snappy.parquet', dir))), ['y', 'x']);
    expect(t.names).toEqual(['x', 'y']);
    expect(Array.from(t.columns[0] as Float64Array)).toEqual(expected.columns.x);
  });
});
