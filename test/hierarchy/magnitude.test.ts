import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { magnitudeScale } from '../../src/core/magnitude.js';
import { createRng } from '../../src/core/random.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { LINKAGE_METHODS, linkage } from '../../src/hierarchy/linkage.js';
import { isValidLinkage } from '../../src/hierarchy/linkageMatrix.js';

/** n×d standard normal values (Box–Muller on the seeded PRNG). */
function gaussian(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n * d);
  for (let i = 0; i < out.length; i++) {
    const u = 1 - rng.nextFloat();
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  }
  return out;
}
const times = (v: Float64Array, s: number) => v.map((a) => a * s);
const matrix = (data: Float64Array, d: number) => ({ rows: data.length / d, cols: d, data });

describe('linkage — large and tiny magnitudes (issue 21 item 1)', () => {
  it('magnitudeScale is 1 on ordinary data and a power of two beyond 2^±256', () => {
    expect(magnitudeScale([1, -3, 1e70])).toBe(1);
    expect(magnitudeScale([0, 0])).toBe(1);
    expect(magnitudeScale([3e160])).toBe(2 ** Math.floor(Math.log2(3e160)));
    expect(Math.log2(magnitudeScale([1e-200]))).toBe(Math.floor(Math.log2(1e-200)));
  });

  for (const method of LINKAGE_METHODS) {
    it(`linkage(Gaussian × 1e160, '${method}') is a valid linkage with finite heights`, () => {
      const x = times(gaussian(60, 2, 1), 1e160);
      const Z = linkage(matrix(x, 2), { method });
      expect(isValidLinkage(Z)).toBe(true);
      for (let i = 0; i < Z.rows; i++) expect(Z.data[i * 4 + 2]).toBeGreaterThan(1e158);
    });

    it(`linkage(X · 2^±600, '${method}') is linkage(X) with heights · 2^±600, bit for bit`, () => {
      const d = 3;
      const x = gaussian(40, d, 7);
      const base = linkage(matrix(x, d), { method });
      for (const e of [600, -600]) {
        const s = 2 ** e;
        const Z = linkage(matrix(times(x, s), d), { method });
        expect(Array.from(Z.data)).toEqual(Array.from(base.data.map((v, i) => (i % 4 === 2 ? v * s : v))));
      }
    });
  }

  it('the other fused metrics scale as their definition: cityblock/chebyshev/euclidean ×s, sqeuclidean ×s², cosine ×1', () => {
    const x = gaussian(30, 2, 3);
    const s = 2 ** 700;
    const factor: Record<string, number> = { cityblock: s, chebyshev: s, euclidean: s, sqeuclidean: s * s, cosine: 1 };
    for (const metric of ['cityblock', 'chebyshev', 'cosine'] as const) {
      const base = linkage(matrix(x, 2), { method: 'average', metric });
      const Z = linkage(matrix(times(x, s), 2), { method: 'average', metric });
      expect(Array.from(Z.data)).toEqual(Array.from(base.data.map((v, i) => (i % 4 === 2 ? v * factor[metric] : v))));
    }
    // sqeuclidean of data × 2^300: heights × 2^600, still finite.
    const t = 2 ** 300;
    const base = linkage(matrix(x, 2), { method: 'complete', metric: 'sqeuclidean' });
    const Z = linkage(matrix(times(x, t), 2), { method: 'complete', metric: 'sqeuclidean' });
    expect(Array.from(Z.data)).toEqual(Array.from(base.data.map((v, i) => (i % 4 === 2 ? v * t * t : v))));
  });

  it('a condensed vector of distances near 1e300 gives ward heights × the same factor', () => {
    const x = gaussian(20, 2, 5);
    const y: number[] = [];
    for (let i = 0; i < 20; i++)
      for (let j = i + 1; j < 20; j++) y.push(Math.hypot(x[2 * i] - x[2 * j], x[2 * i + 1] - x[2 * j + 1]));
    const s = 2 ** 990;
    for (const method of LINKAGE_METHODS) {
      const base = linkage(y, { method });
      const Z = linkage(
        y.map((v) => v * s),
        { method },
      );
      expect(Array.from(Z.data)).toEqual(Array.from(base.data.map((v, i) => (i % 4 === 2 ? v * s : v))));
    }
  });

  it('heights beyond the largest double raise NumericalError instead of an invalid linkage', () => {
    const X = [[-1.7e308], [1.7e308], [1.6e308]];
    for (const method of LINKAGE_METHODS) {
      expect(() => linkage(X, { method })).toThrow(NumericalError);
    }
  });

  it('fast-check: any magnitude up to 1e300 gives a valid linkage or a NumericalError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom(1e-300, 1e-150, 1, 1e150, 1e300),
        fc.constantFrom(...LINKAGE_METHODS),
        fc.integer(),
        (n, mag, method, seed) => {
          const x = times(gaussian(n, 2, seed), mag);
          try {
            expect(isValidLinkage(linkage(matrix(x, 2), { method }))).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(NumericalError);
          }
        },
      ),
      { seed: 21, numRuns: 150 },
    );
  });

  it('AgglomerativeClustering on Gaussian × 1e160 gives the labels of the unscaled data, for every linkage', () => {
    const x = gaussian(60, 2, 11);
    for (const method of LINKAGE_METHODS) {
      const a = new AgglomerativeClustering({ nClusters: 3, linkage: method }).fit(matrix(x, 2)).labels;
      const b = new AgglomerativeClustering({ nClusters: 3, linkage: method }).fit(matrix(times(x, 1e160), 2)).labels;
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });
});
