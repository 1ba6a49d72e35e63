import { Resvg } from '@resvg/resvg-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invertSpd } from '../../src/core/linalg.js';
import { demoBlobs, loadIris } from '../../src/datasets/index.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { bicPlotSvg } from '../../src/plot/bic.js';
import { ellipsePoints, gmmPlotSvg } from '../../src/plot/gmm.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';
import { expectSvgSnapshot } from '../plot/snapshot.js';

function inkFraction(svg: string): number {
  const img = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
  const px = img.pixels;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250) ink++;
  return ink / (px.length / 4);
}

describe('ellipsePoints', () => {
  it('ellipsePoints(μ, diag(4, 1), 1) passes through (±2, 0) and (0, ±1)', () => {
    const p = ellipsePoints([0, 0], Float64Array.of(4, 0, 0, 1), 1, 4);
    const r = p.map(([x, y]) => [Math.round(x * 1e12) / 1e12 + 0, Math.round(y * 1e12) / 1e12 + 0]);
    expect(r).toEqual([
      [2, 0],
      [0, 1],
      [-2, 0],
      [0, -1],
    ]);
  });
  it('every point is at Mahalanobis distance s from the mean (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: -0.95, max: 0.95, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (sx, sy, rho, s) => {
          const cov = Float64Array.of(sx * sx, rho * sx * sy, rho * sx * sy, sy * sy);
          const prec = new Float64Array(4);
          invertSpd(cov, 2, prec);
          for (const [x, y] of ellipsePoints([1, -2], cov, s, 16)) {
            const u = x - 1;
            const v = y + 2;
            const m = u * u * prec[0] + 2 * u * v * prec[1] + v * v * prec[3];
            expect(Math.sqrt(m)).toBeCloseTo(s, 8);
          }
        },
      ),
    );
  });
});

describe('gmmPlotSvg and bicPlotSvg', () => {
  it('gmmPlotSvg draws the demo data with a 1σ and a 2σ ellipse per component', () => {
    const { X, centers } = demoBlobs(0);
    const gm = new GaussianMixture({ nComponents: 5, seed: 0 }).fit(X);
    const svg = gmmPlotSvg(X, gm, { labels: gm.labels, trueCenters: centers, title: 'GMM on the demo data' });
    const ellipses = svg.slice(svg.indexOf('class="ellipses"'), svg.indexOf('</g>', svg.indexOf('class="ellipses"')));
    expect(ellipses.match(/<path /g)?.length).toBe(10);
    expect(ellipses.match(/stroke-dasharray/g)?.length).toBe(5);
    expectSvgSnapshot('gmm-demo', svg);
    expect(inkFraction(svg)).toBeGreaterThan(0.03);
  });
  it('gmmPlotSvg projects 4-D iris components on the principal plane', () => {
    const { X } = loadIris();
    const gm = new GaussianMixture({ nComponents: 3, covarianceType: 'diag', seed: 0 }).fit(X);
    const svg = gmmPlotSvg(X, gm, { labels: gm.labels, sigmas: [1] });
    expect(svg).toMatch(/PC1/);
    expect(svg.match(/class="ellipses"/g)?.length).toBe(1);
    expect(svg).toContain('1σ');
  });
  it('bicPlotSvg draws one line per covariance type and marks the chosen model', () => {
    const { X } = demoBlobs(0);
    const sel = selectGaussianMixture(X, { kMax: 7, seed: 0 });
    const svg = bicPlotSvg(sel);
    expect(svg.match(/<polyline /g)?.length).toBe(4);
    expect(svg).toContain(`best: k=${sel.best.k}, ${sel.best.covarianceType}`);
    expect(svg).toContain('BIC (lower is better)');
    expectSvgSnapshot('gmm-bic-demo', svg);
  });
});
