import { describe, expect, it } from 'vitest';
import {
  chooseK,
  demoBlobs,
  fcluster,
  GaussianMixture,
  KernelDensity,
  KMeans,
  linkage,
  silhouetteScore,
} from '../src/index.js';

describe('README library example', () => {
  it('runs as written and gives the results the comments promise', () => {
    const { X } = demoBlobs(0);
    const km = new KMeans({ nClusters: 5, nInit: 10, seed: 0 }).fit(X);
    expect(km.labels).toHaveLength(250);
    expect(km.clusterCenters.rows).toBe(5);
    expect(km.predict([[2.9, 3.1]])).toHaveLength(1);
    const gm = new GaussianMixture({ nComponents: 5, covarianceType: 'full', seed: 0 }).fit(X);
    expect(gm.predictProba(X).rows).toBe(250);
    expect(Number.isFinite(gm.bic(X))).toBe(true);
    const Z = linkage(X, { method: 'ward' });
    expect(Z.rows).toBe(249);
    expect(new Set(fcluster(Z, 5, { criterion: 'maxclust' })).size).toBe(5);
    const kde = new KernelDensity({ bandwidth: 'scott', kernel: 'gaussian' }).fit(X);
    expect(kde.scoreSamples([[0, 0]])[0]).toBeLessThan(0);
    expect(silhouetteScore(X, km.labels)).toBeGreaterThan(0.5);
    expect(chooseK(X, { method: 'silhouette', kMax: 8, seed: 1 }).k).toBe(5);
  });
});
