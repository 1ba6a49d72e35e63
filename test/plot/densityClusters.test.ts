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

  it('reachabilitySvg keeps its legend inside a short plot and counts the clusters it leaves out', () => {
    // 15 clusters of 2 rows each and one noise row: 16 legend entries, more than 230 px holds
    // (11 rows: noise, clusters 0–8, "+6 more").
    const n = 31;
    const labels = Int32Array.from({ length: n }, (_, i) => (i === n - 1 ? -1 : i >> 1));
    const ordering = Int32Array.from({ length: n }, (_, i) => i);
    const reach = Float64Array.from({ length: n }, (_, i) => 1 + (i % 2));
    const svg = reachabilitySvg(reach, ordering, labels, { height: 230 });
    const legendBox = /<g class="legend"[^>]*><rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"/.exec(svg);
    expect(Number(legendBox?.[1]) + Number(legendBox?.[2])).toBeLessThanOrEqual(230);
    expect(svg).toContain('>noise<');
    expect(svg).toContain('>cluster 8<');
    expect(svg).not.toContain('>cluster 9<');
    expect(svg).toContain('>+6 more<');
    // The default height still lists 12 entries with nothing left out.
    const tall = reachabilitySvg(
      reach,
      ordering,
      labels.map((l) => (l < 0 ? l : l % 11)),
    );
    expect(tall).toContain('>cluster 10<');
    expect(tall).not.toContain('more<');
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
