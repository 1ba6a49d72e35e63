import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/matrix.js';
import { dendrogram } from '../../src/hierarchy/dendrogram.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { leaves } from '../../src/hierarchy/linkageMatrix.js';
import { FIXTURE_NAMES, loadFixture } from './helpers.js';

const zOf = (data: number[]): Matrix => ({ rows: data.length / 4, cols: 4, data: Float64Array.from(data) });

describe('dendrogram — SciPy dendrogram(Z, no_plot=True) fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    const f = loadFixture(name);
    if (f.expected.dendrogram.length === 0) continue;
    it(`dendrogram(${name}) equals SciPy's icoord, dcoord, ivl, leaves and colours`, () => {
      const metric = f.input.X ? 'euclidean' : 'precomputed';
      for (const c of f.expected.dendrogram) {
        const Z = zOf(f.expected.linkage[`${c.method}/${metric}`]);
        const o = c.options as {
          truncate_mode?: 'lastp' | 'level';
          p?: number;
          color_threshold?: number;
          labels?: string[];
        };
        const d = dendrogram(Z, {
          truncateMode: o.truncate_mode,
          p: o.p,
          colorThreshold: o.color_threshold,
          labels: o.labels,
        });
        const what = `${name} ${c.method} ${JSON.stringify(o).slice(0, 60)}`;
        expect(d.ivl, what).toEqual(c.ivl);
        expect(d.leaves, what).toEqual(c.leaves);
        expect(d.colors, what).toEqual(c.color_list);
        expect(d.leavesColors, what).toEqual(c.leaves_color_list);
        expect(d.icoord, what).toEqual(c.icoord);
        expect(d.dcoord.length).toBe(c.dcoord.length);
        for (let t = 0; t < c.dcoord.length; t++) {
          for (let q = 0; q < 4; q++) expect(d.dcoord[t][q]).toBeCloseTo(c.dcoord[t][q], 12);
        }
      }
    });
  }
  it('lays out a deep (chain) tree of 20 000 leaves without overflowing the stack', () => {
    const n = 20_000;
    // a caterpillar: merge 0 with 1, then each next point with everything before it
    const data = new Float64Array((n - 1) * 4);
    data.set([0, 1, 1, 2]);
    for (let i = 1; i < n - 1; i++) data.set([i + 1, n + i - 1, i + 1, i + 2], i * 4);
    const Z = { rows: n - 1, cols: 4, data };
    const d = dendrogram(Z);
    expect(d.leaves).toEqual(Array.from(leaves(Z)));
    expect(d.leaves[0]).toBe(n - 1);
    expect(d.icoord).toHaveLength(n - 1);
    expect(d.icoord[n - 2].slice(0, 2)).toEqual([5, 5]);
    expect(d.dcoord[n - 2]).toEqual([0, n - 1, n - 1, n - 2]);
  });
  it('sorts children by count or distance, and validates its options', () => {
    const Z = linkage([[0], [1], [3], [10]], { method: 'single' });
    // root joins {0,1,2} (3 leaves) with 3; ascending count puts the single leaf first
    expect(dendrogram(Z, { countSort: 'ascending' }).leaves[0]).toBe(3);
    expect(dendrogram(Z, { countSort: 'descending' }).leaves[3]).toBe(3);
    expect(dendrogram(Z, { distanceSort: 'ascending' }).leaves[0]).toBe(3);
    expect(dendrogram(Z, { truncateMode: 'lastp', p: 2 }).ivl).toEqual(['3', '(3)']);
    expect(() => dendrogram(Z, { labels: ['a'] })).toThrow(/labels/);
    expect(() => dendrogram(Z, { truncateMode: 'mtica' as 'level' })).toThrow(/truncateMode/);
  });
});
