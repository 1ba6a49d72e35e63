import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/matrix.js';
import { dendrogram } from '../../src/hierarchy/dendrogram.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { FIXTURE_NAMES, loadFixture } from './helpers.js';

const zOf = (data: number[]): Matrix => ({ rows: data.length / 4, cols: 4, data: Float64Array.from(data) });

describe('dendrogram — SciPy dendrogram(Z, no_plot=True) fixtures (issue 4)', () => {
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
