import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { pdist } from '../../src/engine/pairwise.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { fcluster } from '../../src/hierarchy/fcluster.js';
import { canonical, FIXTURE_NAMES, loadFixture } from './helpers.js';

describe('AgglomerativeClustering — scikit-learn fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    const f = loadFixture(name);
    if (f.expected.sklearn.length === 0) continue;
    it(`labels on ${name} equal sklearn.cluster.AgglomerativeClustering's exactly (same numbering)`, () => {
      const X = f.input.X as number[][];
      for (const c of f.expected.sklearn) {
        const what = `${name} ${c.linkage}/${c.metric} k=${c.nClusters} thr=${c.distanceThreshold}`;
        const model = new AgglomerativeClustering({
          nClusters: c.nClusters ?? null,
          distanceThreshold: c.distanceThreshold ?? null,
          linkage: c.linkage as 'ward',
          metric: c.metric as 'euclidean',
        }).fit(X);
        expect(Array.from(model.labels), what).toEqual(c.labels);
        if (c.nClustersFound !== undefined) expect(model.nClusters).toBe(c.nClustersFound);
        if (c.distances) {
          const d = model.distances;
          for (let i = 0; i < d.length; i++) expect(Math.abs(d[i] - c.distances[i])).toBeLessThan(1e-9 * (1 + d[i]));
        }
      }
    });
  }
});

describe('AgglomerativeClustering', () => {
  const X = [[0], [1], [9], [10], [30]];
  it('agrees with fcluster maxclust up to permutation on tie-free data', () => {
    const model = new AgglomerativeClustering({ nClusters: 3, linkage: 'average' }).fit(X);
    expect(canonical(model.labels)).toEqual(canonical(fcluster(model.linkageMatrix, 3, { criterion: 'maxclust' })));
    expect(model.children.length).toBe(8);
    expect(model.nLeaves).toBe(5);
    expect(model.nFeaturesIn).toBe(1);
  });
  it('accepts a precomputed square distance matrix', () => {
    const y = pdist(X);
    const D = X.map((_, i) => X.map((__, j) => (i === j ? 0 : Math.abs(X[i][0] - X[j][0]))));
    const a = new AgglomerativeClustering({ nClusters: 2, linkage: 'complete', metric: 'precomputed' }).fit(D);
    const b = new AgglomerativeClustering({ nClusters: 2, linkage: 'complete' }).fit(X);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(y.length).toBe(10);
    expect(() => new AgglomerativeClustering({ metric: 'precomputed', linkage: 'average' }).fit(X)).toThrow(/square/);
  });
  it('round-trips through toJSON/fromJSON', () => {
    const model = new AgglomerativeClustering({ distanceThreshold: 5, linkage: 'single' }).fit(X);
    const back = AgglomerativeClustering.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(back.labels)).toEqual(Array.from(model.labels));
    expect(back.nClusters).toBe(model.nClusters);
    expect(Array.from(back.distances)).toEqual(Array.from(model.distances));
    expect(Array.from(back.linkageMatrix.data)).toEqual(Array.from(model.linkageMatrix.data));
    expect(back.options).toEqual(model.options);
  });
  it('rejects bad options and data with typed errors', () => {
    expect(() => new AgglomerativeClustering({ nClusters: 2, distanceThreshold: 1 })).toThrow(/Exactly one of/);
    expect(() => new AgglomerativeClustering({ linkage: 'ward', metric: 'cityblock' })).toThrow(/euclidean distances/);
    expect(() => new AgglomerativeClustering({ nClusters: 0 })).toThrow(ValidationError);
    expect(() => new AgglomerativeClustering({ nClusters: 9 }).fit(X)).toThrow(/more clusters than samples/);
    expect(() => new AgglomerativeClustering().fit([[1]])).toThrow(/at least 2/);
    expect(() => new AgglomerativeClustering().labels).toThrow(NotFittedError);
    expect(() => new AgglomerativeClustering().fit(X).distances).toThrow(/computeDistances/);
  });
});
