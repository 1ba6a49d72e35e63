import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityError, ValidationError } from '../../src/core/errors.js';
import { type GowerType, gowerDistance } from '../../src/core/gower.js';
import { fixtureNames, loadFixture, maxRelDiff, R_DIGITS_TOL } from '../medoidsFixtures.js';

interface GowerFixture {
  params: { weights: number[] };
  input: {
    names: string[];
    columns: Record<string, unknown[]>;
    types: GowerType[] | null;
    levels?: Record<string, string[]> | null;
    nRows: number;
  };
  expected: { distances: (number | null)[] };
}

describe('gowerDistance(table) against R cluster::daisy', () => {
  const names = fixtureNames('gower_');
  it('has the daisy fixtures', () => expect(names.length).toBeGreaterThanOrEqual(4));
  for (const name of names) {
    it(`matches ${name}`, () => {
      const f = loadFixture(name) as unknown as GowerFixture;
      const table = {
        names: f.input.names,
        columns: f.input.names.map((c) => f.input.columns[c]),
        nRows: f.input.nRows,
        source: 'fixture',
      };
      const d = gowerDistance(table, {
        types: f.input.types ?? undefined,
        levels: f.input.levels ?? undefined,
        weights: f.params.weights,
      });
      expect(maxRelDiff(d, f.expected.distances)).toBeLessThan(R_DIGITS_TOL);
    });
  }
});

describe('gowerDistance semantics', () => {
  const t = (columns: unknown[][], names = columns.map((_, j) => `c${j}`)) => ({
    names,
    columns,
    nRows: columns[0].length,
  });
  it('documents its example', () => {
    expect(
      Array.from(
        gowerDistance(
          t(
            [
              [20, 30, 40],
              ['a', 'a', 'b'],
            ],
            ['age', 'plan'],
          ),
        ),
      ),
    ).toEqual([0.25, 1, 0.75]);
  });
  it('skips missing cells per pair', () => {
    const d = gowerDistance(
      t([
        [0, null, 10],
        ['x', 'y', 'y'],
      ]),
    );
    expect(Array.from(d)).toEqual([1, 1, 0]);
  });
  it('skips asymmetric binary columns where both rows are false', () => {
    const d = gowerDistance(
      t([
        [true, false, false],
        [0, 0, 10],
      ]),
    );
    // (0,1): binary differs → (1 + 0)/2; (0,2): (1 + 1)/2; (1,2): binary skipped → 1/1
    expect(Array.from(d)).toEqual([0.5, 1, 1]);
    const s = gowerDistance(
      t([
        [true, false, false],
        [0, 0, 10],
      ]),
      { types: ['symm', 'numeric'] },
    );
    expect(Array.from(s)).toEqual([0.5, 1, 0.5]);
  });
  it('ranks ordinal strings by levels and accepts types and weights by column name', () => {
    const table = t(
      [
        ['low', 'high', 'mid'],
        [1, 1, 1],
      ],
      ['sat', 'k'],
    );
    const d = gowerDistance(table, {
      types: { sat: 'ordinal' },
      levels: { sat: ['low', 'mid', 'high'] },
      weights: { k: 0 },
    });
    expect(Array.from(d)).toEqual([1, 0.5, 0.5]);
  });
  it('is symmetric in the rows, in [0, 1], and 0 for identical rows', () => {
    const row = fc.tuple(
      fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: null }),
      fc.constantFrom('a', 'b', 'c'),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 12 }), (rows) => {
        if (rows.every((r) => r[0] === null)) rows[0][0] = 1;
        const table = t([rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])]);
        let d: Float64Array;
        try {
          d = gowerDistance(table, { types: ['numeric', 'nominal', 'symm'] });
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          return;
        }
        const n = rows.length;
        const rev = gowerDistance(
          t([rows.map((r) => r[0]).reverse(), rows.map((r) => r[1]).reverse(), rows.map((r) => r[2]).reverse()]),
          { types: ['numeric', 'nominal', 'symm'] },
        );
        let k = 0;
        for (let i = 0; i < n - 1; i++) {
          for (let j = i + 1; j < n; j++, k++) {
            expect(d[k]).toBeGreaterThanOrEqual(0);
            expect(d[k]).toBeLessThanOrEqual(1);
            const ri = n - 1 - j;
            const rj = n - 1 - i;
            const kr = n * ri - (ri * (ri + 1)) / 2 + rj - ri - 1;
            expect(rev[kr]).toBe(d[k]);
            if (JSON.stringify(rows[i]) === JSON.stringify(rows[j]) && rows[i][0] !== null) expect(d[k]).toBe(0);
          }
        }
      }),
    );
  });
  it('rejects bad tables with typed errors', () => {
    expect(() =>
      gowerDistance(
        t([
          [null, null],
          ['a', 'b'],
        ]),
      ),
    ).toThrow(/has no value in any row/);
    expect(() =>
      gowerDistance(
        t([
          [1, 2],
          ['a', 'b'],
        ]),
        { types: ['asymm', 'nominal'] },
      ),
    ).toThrow(/true\/false or 1\/0/);
    expect(() => gowerDistance(t([[1, Number.POSITIVE_INFINITY]]))).toThrow(/finite/);
    expect(() => gowerDistance(t([['low', 'high']]), { types: ['ordinal'] })).toThrow(/levels/);
    expect(() => gowerDistance(t([[1, 2]]), { weights: [-1] })).toThrow(/>= 0/);
    expect(() => gowerDistance(t([[1, 2]]), { types: { nope: 'numeric' } })).toThrow(/does not have/);
    expect(() => gowerDistance(t([[1, 2]]), { types: ['interval' as GowerType] })).toThrow(/types must be one of/);
    expect(() =>
      gowerDistance(
        t([
          [1, null],
          [null, 'a'],
        ]),
      ),
    ).toThrow(/Rows 0 and 1 have no column/);
    expect(() => gowerDistance(t([[1, 2, 3]]), { memoryBudget: 8 })).toThrow(CapacityError);
  });
});
