import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { toMatrix } from '../../src/core/matrix.js';

describe('toMatrix', () => {
  it('accepts number[][] and typed rows', () => {
    const m = toMatrix([Float64Array.of(1, 2), [3, 4]]);
    expect(m.rows).toBe(2);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
  });
  it('returns a valid Matrix as is', () => {
    const m = { rows: 1, cols: 2, data: Float64Array.of(1, 2) };
    expect(toMatrix(m)).toBe(m);
  });
  it('rejects empty data', () => {
    expect(() => toMatrix([])).toThrow(/empty/);
    expect(() => toMatrix([[]])).toThrow(/0 columns/);
  });
  it('rejects ragged rows naming the row', () => {
    try {
      toMatrix([[1, 2], [3]]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).row).toBe(1);
      expect((e as Error).message).toMatch(/ragged: row 1/);
    }
  });
  it('rejects NaN and Infinity naming row and column', () => {
    expect(() =>
      toMatrix([
        [1, 2],
        [3, Number.NaN],
      ]),
    ).toThrow(/X\[1\]\[1\] is NaN/);
    expect(() => toMatrix([[Number.POSITIVE_INFINITY, 2]])).toThrow(/X\[0\]\[0\] is Infinity/);
  });
  it('rejects a column count other than the fitted one', () => {
    expect(() => toMatrix([[1, 2]], 'X', { cols: 3 })).toThrow(/fitted with 3/);
  });
});
