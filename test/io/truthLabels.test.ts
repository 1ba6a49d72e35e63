import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { type ColumnTable, columnTableLabels } from '../../src/io/columns.js';
import { selectColumns } from '../../src/io/formats.js';
import { parseTable, tableLabels } from '../../src/io/table.js';
import { run, tempDir, writeTemp } from '../cli/helpers.js';
import { thrown } from '../helpers/thrown.js';

describe('truth labels: integers beyond Int32 and blank cells', () => {
  it('truth labels 0 and 4294967296 are two classes, not one wrapped Int32 class', () => {
    const t = parseTable('x,t\n1,0\n2,4294967296\n3,0\n4,4294967296\n', 'csv');
    const r = tableLabels(t, 1);
    expect(Array.from(r.labels)).toEqual([0, 1, 0, 1]);
    expect(r.names).toEqual(['0', '4294967296']);
    const neg = tableLabels(parseTable('t\n-4294967296\n0\n', 'csv'), 0);
    expect(Array.from(neg.labels)).toEqual([0, 1]);
    // Int32 labels stay as they are, the extremes included.
    const edge = tableLabels(parseTable('t\n2147483647\n-2147483648\n', 'csv'), 0);
    expect(Array.from(edge.labels)).toEqual([2147483647, -2147483648]);
    expect(edge.names).toEqual([]);
  });

  it('a column table holding 0 and 2^32 gives two classes too', () => {
    const t: ColumnTable = { names: ['t'], columns: [[0n, 2n ** 32n, 0n]], nRows: 3, source: 'Parquet' };
    expect(Array.from(columnTableLabels(t, 0).labels)).toEqual([0, 1, 0]);
  });

  it('a blank truth cell is refused with its line, not made a class ""', () => {
    const t = parseTable('x,species\n1,a\n2,\n3,b\n', 'csv');
    const e = thrown(() => tableLabels(t, 1));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toBe(
      'Line 3, label column "species": the cell is blank (""); a class cannot be blank: fill it in or remove the row.',
    );
    expect((e as ValidationError).row).toBe(1);
    expect(() => selectColumns(t, { truthColumn: 'species' })).toThrow(ValidationError);
    const spaces = parseTable('x,species\n1,a\n2,"  "\n', 'csv');
    expect(() => tableLabels(spaces, 1)).toThrow(/Line 3, label column "species": the cell is blank/);
  });

  it('a null or NaN cell of a column table is refused with its row', () => {
    const t: ColumnTable = { names: ['k'], columns: [['a', null, 'b']], nRows: 3, source: 'Arrow' };
    expect(() => columnTableLabels(t, 0)).toThrow(/^Arrow row 2, label column "k": the cell is blank \(null\)/);
    const f: ColumnTable = { names: ['k'], columns: [Float64Array.of(1, Number.NaN)], nRows: 2, source: 'Parquet' };
    expect(() => columnTableLabels(f, 0)).toThrow(/^Parquet row 2, label column "k": the cell is blank \(NaN\)/);
  });

  it('CLI evaluate: truth 0 and 4294967296 score as two classes; a blank label cell exits 2 with one line', () => {
    const dir = tempDir();
    const data = writeTemp(dir, 'd.csv', 'x,y,t\n1,2,0\n1.1,2,4294967296\n5,6,0\n5.1,6,4294967296\n');
    const labels = writeTemp(dir, 'l.csv', 'l\n0\n0\n1\n1\n');
    const ok = run(['evaluate', data, '--columns', 'x,y', '--truth-column', 't', '--labels', labels, '--json']);
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out.nClasses).toBe(2);
    // truth splits each predicted cluster in two: no agreement beyond chance
    expect(out.adjustedRand).toBeLessThan(0);
    const blank = writeTemp(dir, 'b.csv', 'l,m\n0,a\n0,\n1,b\n1,b\n');
    const bad = run(['evaluate', data, '--columns', 'x,y', '--labels', blank, '--label-column', 'm']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('label column "m": the cell is blank');
  });
});
