import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumericalError, ValidationError } from '../../src/core/errors.js';
import { toMatrixCheckedMeans } from '../../src/core/magnitude.js';
import { centerRows, columnMeans } from '../../src/core/stats.js';
import { KMeans } from '../../src/kmeans/KMeans.js';

const what = 'KMeans: the inertia (Σ squared distances)';

describe('toMatrixCheckedMeans (KMeans.fit’s one-pass validation and column means)', () => {
  it('gives columnMeans’ bits for any finite data, and the Matrix itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 280, maxLength: 280 }),
        (n, d, vals) => {
          const data = Float64Array.from({ length: n * d }, (_, t) => vals[t % vals.length] * (1 + t * 1e-7));
          const X = { rows: n, cols: d, data };
          const { m, mu } = toMatrixCheckedMeans(X, 'X', what);
          expect(m).toBe(X);
          expect(Array.from(mu)).toEqual(Array.from(columnMeans(data, n, d)));
        },
      ),
    );
    const { m, mu } = toMatrixCheckedMeans(
      [
        [1, 2],
        [4, 8],
      ],
      'X',
      what,
    );
    expect(Array.from(m.data)).toEqual([1, 2, 4, 8]);
    expect(Array.from(mu)).toEqual([2.5, 5]);
  });

  it('throws the errors of toMatrix and checkSquaredMagnitude, in that order', () => {
    const nan = { rows: 2, cols: 2, data: new Float64Array([1, 1e300, Number.NaN, 4]) };
    expect(() => toMatrixCheckedMeans(nan, 'X', what)).toThrow(ValidationError);
    expect(() => toMatrixCheckedMeans(nan, 'X', what)).toThrow(/X\[1\]\[0\] is NaN/);
    const huge = { rows: 2, cols: 2, data: new Float64Array([1, 1e300, 3, 4]) };
    expect(() => toMatrixCheckedMeans(huge, 'X', what)).toThrow(NumericalError);
    expect(() => new KMeans({ nClusters: 1 }).fit(huge)).toThrow(/X\[0\]\[1\]/);
    expect(() => new KMeans({ nClusters: 1 }).fit([[1], [Number.NEGATIVE_INFINITY]])).toThrow(ValidationError);
    expect(() => toMatrixCheckedMeans([], 'X', what)).toThrow(ValidationError);
  });
});

describe('centerRows (KMeans.fit’s centring, with the centred data’s column sums)', () => {
  it('writes src − μ, and sums / n equal columnMeans of the result bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 180, maxLength: 180 }),
        (n, d, vals) => {
          const src = Float64Array.from({ length: n * d }, (_, t) => vals[t % vals.length] + t * 1e-3);
          const mu = columnMeans(src, n, d);
          const plain = new Float64Array(n * d);
          centerRows(src, n, d, mu, plain, null);
          const dst = new Float64Array(n * d);
          const sums = new Float64Array(d);
          centerRows(src, n, d, mu, dst, sums);
          for (let t = 0; t < n * d; t++) expect(dst[t]).toBe(src[t] - mu[t % d]);
          expect(Array.from(plain)).toEqual(Array.from(dst));
          const want = columnMeans(dst, n, d);
          for (let j = 0; j < d; j++) expect(sums[j] / n).toBe(want[j]);
        },
      ),
    );
  });
});
