import { describe, expect, it } from 'vitest';
import { unitWeights } from '../../src/core/validate.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { KMeans } from '../../src/kmeans/KMeans.js';

describe('unitWeights', () => {
  it('gives n ones as views of one shared buffer, a larger buffer when short, earlier views unchanged', () => {
    const a = unitWeights(50);
    const b = unitWeights(20);
    expect(a.length).toBe(50);
    expect(b.length).toBe(20);
    expect(b.buffer).toBe(a.buffer);
    expect(a.every((v) => v === 1)).toBe(true);
    const c = unitWeights(80);
    expect(c.buffer).not.toBe(a.buffer);
    expect(c.every((v) => v === 1)).toBe(true);
    expect(unitWeights(60).buffer).toBe(c.buffer);
    expect(a.every((v) => v === 1)).toBe(true);
  });

  it('KMeans and KernelDensity fits leave the shared ones untouched and equal explicit unit weights bit for bit', () => {
    const X = makeBlobs({ nSamples: 3000, nFeatures: 4, centers: 5, seed: 3 }).X;
    const n = X.rows;
    const held = unitWeights(n); // keeps the shared buffer alive through the fits
    for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
      const a = new KMeans({ nClusters: 5, seed: 2, algorithm, nInit: 2 }).fit(X);
      const b = new KMeans({ nClusters: 5, seed: 2, algorithm, nInit: 2 }).fit(X, {
        sampleWeight: new Float64Array(n).fill(1),
      });
      expect(Object.is(a.inertia, b.inertia)).toBe(true);
      expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
      expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
    }
    const kde = new KernelDensity({ bandwidth: 0.8, algorithm: 'kd_tree' }).fit(X);
    kde.scoreSamples({ rows: 100, cols: 4, data: X.data.subarray(0, 400) });
    expect(unitWeights(n).buffer).toBe(held.buffer);
    expect(held.every((v) => v === 1)).toBe(true);
  });
});
