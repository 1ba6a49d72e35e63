import { describe, expect, it } from 'vitest';
import { silhouetteSvg } from '../../src/plot/silhouette.js';

describe('silhouetteSvg', () => {
  it('draws the mean label above the top bar, not over it (issue 19 item 8)', () => {
    // 600 points: the top bar starts ~5 px below the plot's top edge, and its widest bar (0.7) reaches past the
    // mean (0.25), where the label used to be drawn.
    const vals = Float64Array.from({ length: 600 }, (_, i) => ((i % 10) - 2) / 10);
    const labels = Int32Array.from({ length: 600 }, (_, i) => Math.floor(i / 200));
    const svg = silhouetteSvg(vals, labels);
    const labelY = Number(/<text[^>]*y="([\d.]+)"[^>]*>mean 0.25</.exec(svg)?.[1]);
    const barTops = [...svg.matchAll(/<path d="M[\d.]+,([\d.]+)[^"]*Z" fill=/g)].map((m) => Number(m[1]));
    expect(barTops.length).toBe(3);
    // The label's baseline is above the first bar's top edge, and its glyphs (11 px) stay below the title (y 22).
    expect(labelY).toBeLessThanOrEqual(Math.min(...barTops));
    expect(labelY - 9).toBeGreaterThan(22);
  });
});
