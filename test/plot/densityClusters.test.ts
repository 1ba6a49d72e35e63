import { describe, expect, it } from 'vitest';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { condensedTreeSvg, reachabilitySvg } from '../../src/plot/densityClusters.js';
import { scatterSvg } from '../../src/plot/scatter.js';

const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [10, 10],
  [10, 11],
  [11, 10],
  [11, 11],
  [50, 50],
];

describe('density-clustering plots', () => {
  it('reachabilitySvg draws one bar per row and a legend with noise', () => {
    const op = new OPTICS({ minSamples: 2, clusterMethod: 'dbscan', eps: 2 }).fit(X);
    const svg = reachabilitySvg(op.reachability, op.ordering, op.labels, { eps: 2 });
    expect(svg.match(/<rect x=/g)?.length).toBeGreaterThanOrEqual(X.length);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('noise');
  });

  it('condensedTreeSvg draws one box per condensed-tree cluster', () => {
    const h = new HDBSCAN({ minClusterSize: 3, minSamples: 2 }).fit(X);
    const svg = condensedTreeSvg(h.condensedTree, X.length, { selected: h.clusterIds });
    expect(svg.match(/<title>cluster /g)?.length).toBe(3);
    expect(svg).toContain('label 1');
  });

  it('scatterSvg draws noise as smaller grey points', () => {
    const svg = scatterSvg(
      { rows: 2, cols: 2, data: Float64Array.from([0, 0, 1, 1]) },
      { labels: Int32Array.from([0, -1]) },
    );
    expect(svg).toMatch(/r="3" fill="[^"]+"/);
    expect(svg).toContain('r="1.8" fill="#9a9a9a"');
  });
});
