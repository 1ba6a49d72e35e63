import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { demoBlobs, loadIris } from '../../src/datasets/index.js';
import { lineChartSvg } from '../../src/plot/line.js';
import { scatterSvg } from '../../src/plot/scatter.js';
import { silhouetteSvg } from '../../src/plot/silhouette.js';
import { fmt } from '../../src/plot/svg.js';
import { expectSvgSnapshot } from './snapshot.js';

/** Renders an SVG and returns the fraction of pixels that are not white. */
function inkFraction(svg: string): number {
  const img = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
  const px = img.pixels;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250) ink++;
  return ink / (px.length / 4);
}

describe('plots', () => {
  const { X, y, centers } = demoBlobs(0);
  it('fmt is byte-stable', () => {
    expect(fmt(1.005, 2)).toBe('1');
    expect(fmt(-0.0001)).toBe('0');
    expect(fmt(12.5)).toBe('12.5');
  });
  it('scatterSvg draws one circle per point, the centres and a legend', () => {
    const svg = scatterSvg(X, { labels: y, centers, trueCenters: centers, title: 'demo' });
    expect(svg.match(/<circle /g)?.length).toBe(250 + 5 + 0); // points + legend swatches (5 clusters)
    expect(svg).toContain('found centre');
    expectSvgSnapshot('scatter-demo', svg);
    expect(inkFraction(svg)).toBeGreaterThan(0.02);
  });
  it('scatterSvg projects data with more than 2 columns on principal components', () => {
    const iris = loadIris();
    const svg = scatterSvg(iris.X, { labels: iris.y });
    expect(svg).toMatch(/PC1 \(9\d % of variance\)/);
    expectSvgSnapshot('scatter-iris-pca', svg);
  });
  it('lineChartSvg draws series and marks', () => {
    const svg = lineChartSvg([{ name: 'inertia', x: [1, 2, 3, 4], y: [10, 5, 3, 2.5] }], {
      title: 'elbow',
      xLabel: 'k',
      yLabel: 'inertia',
      marks: [{ x: 3, label: 'k = 3' }],
      integerX: true,
    });
    expect(svg).toContain('<polyline');
    expect(svg).toContain('k = 3');
    expectSvgSnapshot('line-elbow', svg);
  });
  it('silhouetteSvg draws one block per cluster and the mean', () => {
    const vals = Float64Array.from({ length: 30 }, (_, i) => ((i % 10) - 2) / 10);
    const labels = Int32Array.from({ length: 30 }, (_, i) => Math.floor(i / 10));
    const svg = silhouetteSvg(vals, labels);
    expect(svg.match(/<path d="M[^"]*Z" fill=/g)?.length).toBe(3);
    expect(svg).toContain('mean 0.25');
    expectSvgSnapshot('silhouette', svg);
    expect(inkFraction(svg)).toBeGreaterThan(0.02);
  });
});
