import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { METRIC_NAMES, type MetricName } from '../../src/core/metrics.js';
import { pdist } from '../../src/engine/pairwise.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { optimalLeafOrdering } from '../../src/hierarchy/optimalLeafOrdering.js';
import { silhouetteSamples, silhouetteScore } from '../../src/metrics/internal/silhouette.js';

// Positive, non-constant rows with a 0/1 twin for the boolean metrics.
const X = [
  [0.2, 1.1, 0.7],
  [1.4, 0.3, 0.9],
  [0.8, 0.8, 2.1],
  [2.2, 1.7, 0.4],
  [0.5, 2.6, 1.3],
  [1.9, 0.6, 1.8],
  [2.7, 2.4, 0.2],
];
const B = X.map((r) => r.map((v) => (v > 1 ? 1 : 0)));
const dataFor = (m: MetricName) =>
  ['jaccard', 'dice', 'rogerstanimoto', 'russellrao', 'sokalmichener', 'sokalsneath', 'yule'].includes(m)
    ? B
    : m === 'haversine'
      ? X.map((r) => [r[0] - 1, r[1]])
      : X;

describe('every registry metric in linkage, optimalLeafOrdering, AgglomerativeClustering and the silhouette', () => {
  for (const metric of METRIC_NAMES) {
    it(`${metric}: linkage(X) equals linkage(pdist(X)); the others accept it`, () => {
      const data = dataFor(metric);
      const y = pdist(data, metric);
      for (const method of ['single', 'complete', 'average', 'weighted'] as const) {
        const a = linkage(data, { method, metric }).data;
        const e = linkage(y, { method }).data;
        // cosine's fused loop divides by precomputed norms, pdist's kernel by √(‖u‖²‖v‖²): equal to rounding.
        if (metric === 'cosine') for (let t = 0; t < e.length; t++) expect(a[t]).toBeCloseTo(e[t], 14);
        else expect(Array.from(a)).toEqual(Array.from(e));
      }
      const Z = linkage(y, { method: 'average' });
      expect(Array.from(optimalLeafOrdering(Z, data, { metric }).data)).toEqual(
        Array.from(optimalLeafOrdering(Z, y).data),
      );
      const labels = new AgglomerativeClustering({ nClusters: 2, linkage: 'average', metric }).fit(data).labels;
      expect(labels.length).toBe(data.length);
      if (!['minkowski', 'seuclidean', 'mahalanobis'].includes(metric) && new Set(labels).size === 2) {
        const n = data.length;
        const D = Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (_, j) =>
            i === j
              ? 0
              : y[
                  n * Math.min(i, j) - (Math.min(i, j) * (Math.min(i, j) + 1)) / 2 + Math.max(i, j) - Math.min(i, j) - 1
                ],
          ),
        );
        const s = silhouetteSamples(data, labels, { metric });
        const p = silhouetteSamples(D, labels, { metric: 'precomputed' });
        for (let i = 0; i < n; i++) expect(s[i]).toBeCloseTo(p[i], 12);
      }
    });
  }
  it('refuses ward with a non-Euclidean metric, parameters a metric does not take, and silhouette metrics needing V/VI/p', () => {
    expect(() => linkage(X, { method: 'ward', metric: 'canberra' })).toThrow(/Euclidean/);
    expect(() => linkage(X, { method: 'average', metric: 'canberra', p: 3 })).toThrow(/takes no 'p'/);
    expect(() => linkage(X, { method: 'single', metric: 'canberra', matrixFree: true })).toThrow(/matrixFree works/);
    expect(() => linkage(X, { method: 'average', metric: 'nosuch' as MetricName })).toThrow(ValidationError);
    expect(() => silhouetteScore(X, [0, 0, 0, 1, 1, 1, 1], { metric: 'seuclidean' })).toThrow(
      /known metric but the silhouette cannot use it/,
    );
    expect(() => linkage(X, { method: 'average', metric: 'jaccard' })).toThrow(/boolean metric 'jaccard'/);
  });
  it('linkage passes p, w, V and VI through', () => {
    const opts = { metric: 'minkowski' as const, p: 3, w: [1, 2, 0.5] };
    expect(Array.from(linkage(X, { method: 'average', ...opts }).data)).toEqual(
      Array.from(linkage(pdist(X, opts), { method: 'average' }).data),
    );
  });
});
