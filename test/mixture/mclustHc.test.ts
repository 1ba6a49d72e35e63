import { describe, expect, it } from 'vitest';
import { hcMerges, hcPartition, hcTransform } from '../../src/mixture/models/hc.js';
import { hcMergesNaive } from './hcNaive.js';
import { loadMclust, MCLUST_DATASETS } from './mclustFixtures.js';

/** Labels renumbered by first occurrence, so partitions compare up to the names of the clusters. */
function canonical(labels: ArrayLike<number>): number[] {
  const ids = new Map<number, number>();
  return Array.from(labels, (v) => {
    if (!ids.has(v)) ids.set(v, ids.size);
    return ids.get(v) as number;
  });
}

for (const name of MCLUST_DATASETS) {
  const fx = loadMclust(name);
  const X = fx.input.X;
  const n = X.length;
  const d = X[0].length;
  const flat = Float64Array.from(X.flat());
  describe(`mclust hc on ${name} (R mclust 6.0.0, hcUse = 'SVD')`, () => {
    it("hcTransform(X, 'SVD') equals mclust's transformed data up to the sign of each column", () => {
      const { z, cols } = hcTransform(flat, n, d, 'SVD');
      const ref = fx.expected.hc.VVV.data;
      expect(cols).toBe(ref[0].length);
      for (let t = 0; t < cols; t++) {
        const sign = Math.sign(z[t]) === Math.sign(ref[0][t]) ? 1 : -1;
        for (let i = 0; i < n; i++) expect(sign * z[i * cols + t]).toBeCloseTo(ref[i][t], 9);
      }
    });
    for (const model of ['EII', 'VVV'] as const) {
      it(`hc ${model}: the partitions into G = 1..9 clusters equal hclass(hc(X, '${model}'), G)`, () => {
        const { z, cols } = hcTransform(flat, n, d, 'SVD');
        const merges = hcMerges(z, n, cols, model);
        const ref = fx.expected.hc[model].partitions;
        for (let g = 1; g <= 9; g++)
          expect(canonical(hcPartition(merges, n, g)), `G=${g}`).toEqual(canonical(ref[g - 1]));
      });
    }
  });
}

describe('hcMerges equals the plain agglomeration (hcMergesNaive) merge for merge', () => {
  /** Seeded data: clusters of gaussian-ish points, or an integer grid (many exactly tied costs). */
  const data = (n: number, d: number, seed: number, grid: boolean): Float64Array => {
    let s = seed;
    const u = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const c = i % 3;
      for (let j = 0; j < d; j++) x[i * d + j] = grid ? Math.floor(u() * 4) : c * 3 + (u() + u() + u() - 1.5);
    }
    return x;
  };
  for (const d of [1, 2, 3, 5, 8]) {
    for (const grid of [false, true]) {
      for (const model of ['EII', 'VVV'] as const) {
        it(`d=${d}, ${grid ? 'integer grid (ties)' : 'three clusters'}, ${model}`, () => {
          const n = 150;
          const x = data(n, d, 17 * d + (grid ? 1 : 0), grid);
          const { z, cols } = hcTransform(x, n, d, 'SVD');
          expect(Array.from(hcMerges(z, n, cols, model))).toEqual(Array.from(hcMergesNaive(z, n, cols, model)));
        });
      }
    }
  }
});
