import { describe, expect, it } from 'vitest';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { SphericalKMeans } from '../../src/kmeans/SphericalKMeans.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';

/** 100 copies of one point. */
const X = { rows: 100, cols: 2, data: new Float64Array(200).fill(1.5) };

describe('100 identical points (issue 21 Low)', () => {
  // scikit-learn 1.2.1: KMeans(3, n_init=1, algorithm='lloyd' | 'elkan').fit(np.full((100, 2), 1.5)) stops with
  // n_iter_ = 1, inertia_ = 0 (and warns about fewer distinct clusters than n_clusters).
  it.each(['lloyd', 'elkan', 'hamerly', 'auto'] as const)(
    'KMeans (%s) converges in 1 iteration with inertia 0, as scikit-learn, and warns about duplicates',
    (algorithm) => {
      const m = new KMeans({ nClusters: 3, nInit: 1, seed: 0, algorithm }).fit(X);
      expect(m.nIter).toBe(1);
      expect(m.converged).toBe(true);
      expect(m.inertia).toBe(0);
      expect(m.warnings.map((w) => w.code)).toContain('DUPLICATE_POINTS');
    },
  );

  it('spherical k-means and k-medoids stop after 1 iteration too', () => {
    const s = new SphericalKMeans({ nClusters: 3, nInit: 1, seed: 0 }).fit(X);
    expect([s.nIter, s.converged]).toEqual([1, true]);
    const m = new KMedoids({ nClusters: 3, seed: 0 }).fit(X);
    expect([m.nIter, m.inertia]).toEqual([1, 0]);
  });
});
