import { describe, expect, it } from 'vitest';
import { demoBlobs, loadIris } from '../../src/datasets/index.js';
import { analyze } from '../../src/report/analysis.js';

describe('analyze (the full report)', () => {
  const { X, y, centers } = demoBlobs(0);
  const r = analyze(X, { k: 5, seed: 0, truth: y, trueCenters: centers, kmeansLimit: true });

  it('recovers the demo clusters with every method', () => {
    expect(r.summary.k).toBe(5);
    expect(r.summary.kmeans.adjustedRand).toBeGreaterThan(0.85);
    expect(r.summary.hierarchical?.adjustedRand).toBeGreaterThan(0.8);
    expect(r.summary.chooseK.silhouette.k).toBe(5);
    expect(r.summary.chooseK.calinski.k).toBe(5);
    expect(r.summary.gmm?.bestByBic).toMatch(/k = 5/);
  });

  it('writes every section with inline SVG and no external resources', () => {
    for (const h of [
      'How many clusters?',
      'Metrics',
      'k-means (k = 5)',
      'k-medoids (k = 5)',
      'Hierarchical clustering (Ward)',
      'Gaussian mixture (EM)',
      'k-means is the σ → 0 limit of a Gaussian mixture',
      'Density (kernel density estimate)',
      'Parameters used',
    ]) {
      expect(r.html).toContain(`<h2>${h.replace('>', '&gt;')}</h2>`);
    }
    expect(r.html).not.toMatch(/<script|src="http|href="http/);
    expect(Object.keys(r.svgs)).toEqual(
      expect.arrayContaining([
        'kmeans.svg',
        'kmedoids.svg',
        'dendrogram.svg',
        'gmm.svg',
        'bic.svg',
        'density.svg',
        'silhouette.svg',
      ]),
    );
  });

  it('adds k-medoids with the same k, medoids marked, and its inertia', () => {
    expect(r.summary.kmedoids.inertia).toBeGreaterThan(0);
    expect(r.summary.kmedoids.adjustedRandVsKMeans).toBeGreaterThan(0.8);
    expect(r.svgs['kmedoids.svg']).toContain('medoid');
    expect(r.html).toMatch(/inertia \(sum of distances to the nearest medoid\) \d/);
  });

  it('shows EM reaching k-means as σ → 0', () => {
    const row = /<tr><td class="num">0\.01<\/td><td>(\d+) \/ 250<\/td>/.exec(r.html);
    expect(row?.[1]).toBe('250');
  });

  it('chooses k itself and projects data with more than 2 columns', () => {
    const iris = loadIris();
    const a = analyze(iris.X, { seed: 1, kMax: 6 });
    expect(a.summary.kChosenBy).toBe('silhouette');
    expect([2, 3]).toContain(a.summary.k);
    expect(a.svgs['kmeans.svg']).toMatch(/PC1/);
  });

  it('subsamples the quadratic steps above maxQuadraticRows and says so', () => {
    const a = analyze(X, { k: 5, seed: 2, maxQuadraticRows: 100, kMax: 6 });
    expect(a.html).toContain('random subsample of 100 of the 250 rows');
  });
});
