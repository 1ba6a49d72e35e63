import { describe, expect, it } from 'vitest';
import { eigenSymmetric } from '../../src/core/linalg.js';
import { fitPca } from '../../src/core/pca.js';
import { createRng } from '../../src/core/random.js';
import { columnMeans } from '../../src/core/stats.js';
import { chooseK } from '../../src/selection/chooseK.js';
import { principalAxes } from '../../src/selection/gap.js';

/** n×d standard normal data, seeded. */
function normal(n: number, d: number, seed: number) {
  const rng = createRng(seed);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.nextNormal()) };
}

describe('gap statistic on wide data (more columns than rows)', () => {
  it('the principal axes from the Gram matrix are orthonormal and span the centred rows (d > n)', () => {
    const X = normal(7, 30, 1);
    const mu = columnMeans(X.data, X.rows, X.cols);
    const { rot, r } = principalAxes(X.data, X.rows, X.cols, mu);
    expect(r).toBe(6); // n − 1 after centring
    const d = X.cols;
    for (let a = 0; a < r; a++) {
      for (let b = 0; b < r; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += rot[j * r + a] * rot[j * r + b];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    }
    // Projecting onto the axes and back returns each centred row.
    for (let i = 0; i < X.rows; i++) {
      const z = new Float64Array(r);
      for (let c = 0; c < r; c++) for (let j = 0; j < d; j++) z[c] += (X.data[i * d + j] - mu[j]) * rot[j * r + c];
      for (let j = 0; j < d; j++) {
        let v = 0;
        for (let c = 0; c < r; c++) v += rot[j * r + c] * z[c];
        expect(v).toBeCloseTo(X.data[i * d + j] - mu[j], 10);
      }
    }
  });

  it('chooseK gap on 20 × 1000 data (the report on wide data) finishes: no 1000 × 1000 eigen-decomposition', () => {
    const r = chooseK(normal(20, 1000, 2), { method: 'gap', kMin: 1, kMax: 5, seed: 0, nRefs: 5 });
    expect(r.ks).toEqual([1, 2, 3, 4, 5]);
    for (const g of r.scores) expect(Number.isFinite(g)).toBe(true);
  });
});

describe('PCA of wide data for plots (d > n)', () => {
  it('fitPca through the Gram matrix equals the covariance eigenvectors and explained fractions', () => {
    const X = normal(5, 8, 3);
    const { rows: n, cols: d, data } = X;
    const mu = columnMeans(data, n, d);
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) cov[a * d + b] += ((data[i * d + a] - mu[a]) * (data[i * d + b] - mu[b])) / n;
      }
    }
    const { values, vectors } = eigenSymmetric(cov, d);
    let total = 0;
    for (const v of values) total += Math.max(v, 0);
    const p = fitPca(X, 2);
    for (let t = 0; t < 2; t++) {
      expect(p.explained[t]).toBeCloseTo(values[t] / total, 10);
      // same axis up to sign: |cos| = 1
      let dot = 0;
      for (let k = 0; k < d; k++) dot += p.components[k * 2 + t] * vectors[k * d + t];
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    }
  });
});
