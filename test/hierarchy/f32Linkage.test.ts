import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../src/core/distance.js';
import { CapacityError, ValidationError } from '../../src/core/errors.js';
import { pdist } from '../../src/engine/pairwise.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { F32_METHODS, type LinkageMethod, linkage } from '../../src/hierarchy/linkage.js';
import { isValidLinkage } from '../../src/hierarchy/linkageMatrix.js';
import { FIXTURE_NAMES, fixtureData, loadFixture } from './helpers.js';

const U = 2 ** -24;
/** The stated bound on a height's relative error after at most n − 2 nested updates: (1 + u)^(n−1) − 1. */
const bound = (n: number): number => (1 + U) ** (n - 1) - 1;

/** Rows' ids and sizes equal; each height within `rtol` relative of the reference's. */
function expectSameTree(Z: ArrayLike<number>, ref: ArrayLike<number>, rtol: number, what: string): void {
  expect(Z.length, what).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) {
    if (i % 4 === 2) {
      const err = Math.abs(Z[i] - ref[i]);
      if (err > rtol * Math.abs(ref[i])) throw new Error(`${what}: height of row ${i >> 2}: ${Z[i]} vs ${ref[i]}`);
    } else if (Z[i] !== ref[i]) throw new Error(`${what}: Z[${i >> 2}][${i % 4}] = ${Z[i]}, reference ${ref[i]}`);
  }
}

describe("linkage precision 'f32'", () => {
  it('matches the SciPy fixtures within the stated bound, every height a float32 value', () => {
    let checked = 0;
    let exact = 0;
    for (const name of FIXTURE_NAMES) {
      const f = loadFixture(name);
      const data = fixtureData(f);
      const n = f.params.n;
      for (const key of Object.keys(f.expected.linkage)) {
        const [method, metric] = key.split('/') as [LinkageMethod, string];
        if (!F32_METHODS.includes(method)) continue;
        const opts = metric === 'precomputed' ? { method } : { method, metric: metric as Metric };
        const Z = linkage(data, { ...opts, precision: 'f32' });
        for (let i = 0; i < n - 1; i++) {
          const h = Z.data[i * 4 + 2];
          expect(Math.fround(h), `${name} ${key} row ${i}`).toBe(h);
        }
        const ref = f.expected.linkage[key];
        const tol = bound(n);
        // Sorted heights within the bound always; the same rows unless two reference heights are so close that
        // float32 may tie them (then they may merge in the other order: wine_std complete/chebyshev has two
        // heights 2·10⁻¹⁶ apart).
        const heights = (z: ArrayLike<number>) =>
          Array.from({ length: n - 1 }, (_, i) => z[i * 4 + 2]).sort((a, b) => a - b);
        const h32 = heights(Z.data);
        const h64 = heights(ref);
        for (let i = 0; i < n - 1; i++) {
          if (Math.abs(h32[i] - h64[i]) > tol * h64[i]) throw new Error(`${name} ${key}: ${h32[i]} vs ${h64[i]}`);
        }
        const nearTie = h64.some((h, i) => i > 0 && h - h64[i - 1] <= 2 * tol * h);
        if (!nearTie) {
          expectSameTree(Z.data, ref, tol, `${name} ${key}`);
          exact++;
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * FIXTURE_NAMES.length);
    expect(exact).toBeGreaterThanOrEqual(FIXTURE_NAMES.length);
  });

  it('is bit-identical to f64 when every distance and update is exact in float32 (integers: complete, weighted)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 120, maxLength: 120 }),
        fc.constantFrom('complete', 'weighted'),
        (n, values, method: LinkageMethod) => {
          const y = Float64Array.from(values.slice(0, (n * (n - 1)) / 2));
          const Z64 = linkage(y, { method });
          const Z32 = linkage(y, { method, precision: 'f32' });
          expect(Array.from(Z32.data)).toEqual(Array.from(Z64.data));
        },
      ),
      { numRuns: 200 },
    );
    // Observations with integer cityblock distances, past the wasm threshold of the f64 run (n = 80).
    const X: number[][] = [];
    for (let i = 0; i < 80; i++) X.push([(i * 37) % 23, (i * 11) % 7, (i * 5) % 13]);
    const Z64 = linkage(X, { method: 'complete', metric: 'cityblock' });
    const Z32 = linkage(X, { method: 'complete', metric: 'cityblock', precision: 'f32' });
    expect(Array.from(Z32.data)).toEqual(Array.from(Z64.data));
  });

  it('complete: the f64 linkage of the distances rounded to float32, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        // Normal-range values (subnormal doubles would be scaled up first, see the scale test below).
        fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 780, maxLength: 780 }),
        (n, values) => {
          const y = Float64Array.from(values.slice(0, (n * (n - 1)) / 2));
          const rounded = Float64Array.from(Float32Array.from(y));
          const Z32 = linkage(y, { method: 'complete', precision: 'f32' });
          expect(Array.from(Z32.data)).toEqual(Array.from(linkage(rounded, { method: 'complete' }).data));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('average and weighted stay within the bound of the f64 run on the same merges (random data)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 60 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.constantFrom('average', 'weighted', 'complete'),
        (n, seed, method: LinkageMethod) => {
          let s = seed;
          const rand = () => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return s / 2 ** 32;
          };
          const X: number[][] = [];
          for (let i = 0; i < n; i++) X.push([rand() * 100, rand() * 100, rand()]);
          const Z64 = linkage(X, { method });
          const Z32 = linkage(X, { method, precision: 'f32' });
          expect(isValidLinkage(Z32)).toBe(true);
          // Random doubles have no distances within (n−1)·2⁻²⁴ of each other in practice: the same merges.
          expectSameTree(Z32.data, Z64.data, bound(n), `${method} n=${n}`);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('scales by a power of two first: distances beyond float32’s range (1e199) give the scaled run’s heights', () => {
    const X = [
      [0, 0],
      [3, 4],
      [6, 8],
      [1, 1],
      [9, 2],
    ];
    const y = pdist({ rows: 5, cols: 2, data: Float64Array.from(X.flat()) });
    const big = Float64Array.from(y, (v) => v * 2 ** 660);
    for (const method of F32_METHODS) {
      const Z = linkage(y, { method, precision: 'f32' });
      const Zb = linkage(big, { method, precision: 'f32' });
      for (let i = 0; i < 4; i++) {
        expect(Zb.data[i * 4 + 2]).toBe(Z.data[i * 4 + 2] * 2 ** 660);
        expect(Zb.data[i * 4]).toBe(Z.data[i * 4]);
        expect(Zb.data[i * 4 + 1]).toBe(Z.data[i * 4 + 1]);
      }
    }
  });

  it('rejects bad values with typed errors naming the option', () => {
    const X = [
      [0, 0],
      [1, 0],
      [5, 5],
    ];
    const bad = (opts: object) => () => linkage(X, opts as never);
    for (const precision of ['f16', 'float32', 32, 'F32']) {
      expect(bad({ method: 'average', precision })).toThrow(ValidationError);
      expect(bad({ method: 'average', precision })).toThrow(/precision must be one of 'f64', 'f32'/);
    }
    for (const method of ['single', 'ward', 'centroid', 'median']) {
      expect(bad({ method, precision: 'f32' })).toThrow(ValidationError);
      expect(bad({ method, precision: 'f32' })).toThrow(
        /precision 'f32' is for the methods complete, average, weighted/,
      );
    }
    expect(bad({ method: 'complete', precision: 'f32', matrixFree: true })).toThrow(/matrixFree/);
    try {
      linkage(X, { method: 'complete', precision: 'f32', memoryBudget: 11 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CapacityError);
      expect((e as Error).message).toMatch(/float32 condensed distance matrix of 12 B/);
    }
    // 2n(n−1) bytes fit exactly: runs.
    expect(linkage(X, { method: 'complete', precision: 'f32', memoryBudget: 12 }).rows).toBe(2);
  });

  it('AgglomerativeClustering passes precision on: same labels as f64 on blobs60, saved and restored', () => {
    const X = loadFixture('blobs60').input.X as number[][];
    for (const linkageMethod of F32_METHODS) {
      const f64 = new AgglomerativeClustering({ linkage: linkageMethod, nClusters: 3 }).fit(X);
      const f32 = new AgglomerativeClustering({ linkage: linkageMethod, nClusters: 3, precision: 'f32' }).fit(X);
      expect(Array.from(f32.labels)).toEqual(Array.from(f64.labels));
      expect(Array.from(f32.linkageMatrix.data)).toEqual(
        Array.from(linkage(X, { method: linkageMethod, precision: 'f32' }).data),
      );
      expect(AgglomerativeClustering.fromJSON(JSON.parse(JSON.stringify(f32.toJSON()))).options.precision).toBe('f32');
    }
    expect(() => new AgglomerativeClustering({ precision: 'f32' })).toThrow(/not 'ward'/);
    expect(() => new AgglomerativeClustering({ linkage: 'average', precision: 'half' as never })).toThrow(
      ValidationError,
    );
  });
});
