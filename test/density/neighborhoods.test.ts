import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFlat } from '../../src/core/matrix.js';
import { buildNeighborIndex, kthDistances } from '../../src/density/neighborhoods.js';

describe('kthDistances', () => {
  it('kthDistances(index, k) equals index.kthDistance(i, k) for every row, bit for bit (k-d tree and brute)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('euclidean', 'cityblock', 'chebyshev', 'minkowski'),
        fc.constantFrom('kd-tree', 'brute'),
        fc.integer({ min: 1, max: 16 }),
        fc.boolean(),
        fc.infiniteStream(fc.double({ min: -5, max: 5, noNaN: true })),
        (n, d, k0, metric, algorithm, leafSize, integer, values) => {
          const it = values[Symbol.iterator]();
          const x = Float64Array.from({ length: n * d }, () => {
            const v = it.next().value as number;
            return integer ? Math.round(v) : v;
          });
          const k = Math.min(k0, n);
          const index = buildNeighborIndex(fromFlat(x, n, d), metric, 3, algorithm, leafSize);
          const out = new Float64Array(n);
          kthDistances(index, k, out);
          const best = new Float64Array(k);
          for (let i = 0; i < n; i++) expect(out[i]).toBe(index.kthDistance(i, k, best));
        },
      ),
      { numRuns: 200 },
    );
  });
});
