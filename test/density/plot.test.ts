import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { densityGrid1D, densityGrid2D } from '../../src/density/grid.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { densityContourSvg, densityCurveSvg } from '../../src/plot/density.js';
import { expectSvgSnapshot } from '../plot/snapshot.js';

function render(svg: string) {
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render();
}

describe('density plots', () => {
  const { X } = demoBlobs(0);
  it('densityCurveSvg draws the curve, its fill and one rug tick per point (#6)', () => {
    const x1 = { rows: X.rows, cols: 1, data: Float64Array.from({ length: X.rows }, (_, i) => X.data[2 * i]) };
    const kde = new KernelDensity({ bandwidth: 0.5 }).fit(x1);
    const g = densityGrid1D(kde, { n: 200 });
    const svg = densityCurveSvg(g, { rug: x1.data, title: 'KDE of x₁', xLabel: 'x₁' });
    expect(svg.match(/<polyline /g)?.length).toBe(1);
    expect(svg.match(/v-8/g)?.length).toBe(250);
    expect(render(svg).width).toBe(560);
    expectSvgSnapshot('density-curve-demo', svg);
  });

  it('densityContourSvg draws filled levels, points and mean-shift modes (#6)', () => {
    const kde = new KernelDensity({ bandwidth: 0.7 }).fit(X);
    const g = densityGrid2D(kde, { nx: 80, ny: 80 });
    const modes = new MeanShift({ bandwidth: 1.8 }).fit(X).clusterCenters;
    const svg = densityContourSvg(g, { points: X, modes, thresholds: 8, title: 'KDE and mean-shift modes' });
    const levels = svg.match(/<path d="M[^"]*" fill="rgb/g)?.length ?? 0;
    expect(levels).toBeGreaterThanOrEqual(5);
    expect(svg.match(/<circle /g)?.length).toBe(250);
    expect(render(svg).height).toBe(480);
    expectSvgSnapshot('density-contour-demo', svg);
  });
});
