import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { loadIris } from '../../src/datasets/index.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { dendrogramSvg } from '../../src/plot/dendrogram.js';
import { expectSvgSnapshot } from './snapshot.js';

describe('dendrogramSvg', () => {
  const Z = linkage(loadIris().X, { method: 'ward' });
  it('draws the truncated iris Ward tree with a cut line (snapshot), and it renders', () => {
    const svg = dendrogramSvg(Z, { truncateMode: 'lastp', p: 24, cutHeight: 10, title: 'Iris, Ward' });
    expectSvgSnapshot('dendrogram-iris-ward', svg);
    const links = svg.slice(svg.indexOf('class="links"'), svg.indexOf('class="leaves"'));
    expect(links.match(/<path /g)?.length).toBe(23);
    expect(new Resvg(svg).render().width).toBe(640);
  });
  it('draws every orientation with labels', () => {
    const small = linkage(
      [
        [0, 0],
        [0, 1],
        [5, 5],
        [5, 6],
        [10, 0],
      ],
      { method: 'average' },
    );
    for (const orientation of ['top', 'bottom', 'left', 'right'] as const) {
      const svg = dendrogramSvg(small, { labels: ['a', 'b', 'c', 'd', '<e>'], orientation, cutHeight: 4 });
      expect(svg).toContain('&lt;e&gt;');
      expect(svg).toContain('cut 4');
      expect(svg.match(/class="links"/g)?.length).toBe(1);
    }
    expectSvgSnapshot(
      'dendrogram-small-left',
      dendrogramSvg(small, { labels: ['a', 'b', 'c', 'd', 'e'], orientation: 'left' }),
    );
  });
});
