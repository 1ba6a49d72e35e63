/**
 * Issue 19 item 5: axis numbers at large (and tiny) magnitudes never collide with the axis titles, are never clipped
 * at the edge of the picture and never overlap each other. Every plot with a numeric axis is drawn at magnitudes
 * like the ones reported ("3,000,000" inertia by k on 100k rows, "38,000,000" inertia per restart) and checked
 * with measured label widths, then snapshotted.
 */
import { describe, expect, it } from 'vitest';
import { chooseKChart } from '../../playground/src/charts.js';
import { densityGrid1D, densityGrid2D } from '../../src/density/grid.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { bicPlotSvg } from '../../src/plot/bic.js';
import { chooseKSvg } from '../../src/plot/chooseK.js';
import { dendrogramSvg } from '../../src/plot/dendrogram.js';
import { densityContourSvg, densityCurveSvg } from '../../src/plot/density.js';
import { condensedTreeSvg, reachabilitySvg } from '../../src/plot/densityClusters.js';
import { gmmPlotSvg } from '../../src/plot/gmm.js';
import { lineChartSvg } from '../../src/plot/line.js';
import { scatterSvg } from '../../src/plot/scatter.js';
import { textWidth } from '../../src/plot/svg.js';
import type { GmmSelectionRow } from '../../src/selection/selectGaussianMixture.js';
import { expectSvgSnapshot } from './snapshot.js';

interface Label {
  x: number;
  y: number;
  anchor: string;
  text: string;
}

/** The tick labels of the first axes group of an SVG (`<g class="axes">` or `<g class="axis">`). */
function tickLabels(svg: string): Label[] {
  const start = svg.search(/<g class="ax(es|is)"/);
  expect(start).toBeGreaterThanOrEqual(0);
  const group = svg.slice(start, svg.indexOf('</g>', start));
  const out: Label[] = [];
  for (const m of group.matchAll(
    /<text x="([-\d.]+)" y="([-\d.]+)"([^>]*)text-anchor="(\w+)"([^>]*)>([^<]*)<\/text>/g,
  )) {
    if (`${m[3]}${m[5]}`.includes('font-size')) continue; // the axis titles
    out.push({ x: Number(m[1]), y: Number(m[2]), anchor: m[4], text: m[6] });
  }
  return out;
}

/**
 * Checks every tick label: no digit grouping longer than 6 digits, y labels (anchor end) stay right of the rotated
 * y title (x ≥ 22) and inside the picture, x labels (anchor middle) inside the picture and apart from each other.
 */
function expectReadableTicks(svg: string): void {
  const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
  const labels = tickLabels(svg);
  expect(labels.length).toBeGreaterThan(3);
  for (const l of labels) expect(l.text, `tick "${l.text}"`).not.toMatch(/\d{1,3}(,\d{3}){2,}/);
  const ys = labels.filter((l) => l.anchor === 'end');
  for (const l of ys) expect(l.x - textWidth(l.text), `y tick "${l.text}" left edge`).toBeGreaterThanOrEqual(22);
  const xs = labels.filter((l) => l.anchor === 'middle').sort((a, b) => a.x - b.x);
  for (const l of xs) {
    expect(l.x - textWidth(l.text) / 2, `x tick "${l.text}"`).toBeGreaterThanOrEqual(0);
    expect(l.x + textWidth(l.text) / 2, `x tick "${l.text}"`).toBeLessThanOrEqual(width);
  }
  // The rotated y title fits the picture's height (it used to be clipped on the 230 px playground chart).
  const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
  const title = /<text transform="translate\(1\d,([\d.]+)\) rotate\(-90\)"[^>]*font-size="(\d+)">([^<]*)</.exec(svg);
  if (title) {
    const half = textWidth(title[3], Number(title[2])) / 2;
    expect(Number(title[1]) - half, `y title "${title[3]}"`).toBeGreaterThanOrEqual(0);
    expect(Number(title[1]) + half, `y title "${title[3]}"`).toBeLessThanOrEqual(height);
  }
  for (let i = 1; i < xs.length; i++) {
    const gap = xs[i].x - xs[i - 1].x - (textWidth(xs[i].text) + textWidth(xs[i - 1].text)) / 2;
    expect(gap, `x ticks "${xs[i - 1].text}" and "${xs[i].text}" overlap`).toBeGreaterThan(2);
  }
}

/** A seeded, scaled 2-D point cloud: three groups at multiples of `scale`. */
function cloud(scale: number): { rows: number; cols: number; data: Float64Array } {
  const n = 60;
  const data = new Float64Array(n * 2);
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    data[i * 2] = (g * 4 + rnd()) * scale;
    data[i * 2 + 1] = ((g === 1 ? 3 : 0) + rnd()) * scale;
  }
  return { rows: n, cols: 2, data };
}

describe('axis ticks at large magnitudes (issue 19 item 5)', () => {
  it('lineChartSvg: "Inertia of each restart" near 38,000,000 at 380 px is not clipped ("38M")', () => {
    const y = [38_100_000, 38_000_000, 38_400_000, 38_050_000, 39_200_000, 38_000_000, 38_700_000];
    const svg = lineChartSvg([{ name: 'k-means++', x: y.map((_, i) => i + 1), y }], {
      title: 'Inertia of each restart',
      xLabel: 'restart',
      yLabel: 'inertia',
      pointsOnly: true,
      integerX: true,
      width: 380,
      height: 280,
    });
    expectReadableTicks(svg);
    expect(svg).toContain('>38M<');
    expectSvgSnapshot('large-line-restarts', svg);
  });

  it('chooseKSvg: inertia by k in the millions, at the report size and the playground size (340 px)', () => {
    const r = {
      k: 4,
      method: 'elbow' as const,
      ks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      scores: [9.4e6, 6.1e6, 4.2e6, 3.0e6, 2.8e6, 2.7e6, 2.6e6, 2.5e6, 2.45e6, 2.4e6],
    };
    const report = chooseKSvg(r);
    expectReadableTicks(report);
    expectSvgSnapshot('large-choosek-elbow', report);
    // The playground's elbow chart, drawn by the page's own chart module (its y title used to be clipped).
    const playground = chooseKChart(r);
    expectReadableTicks(playground);
    expectSvgSnapshot('large-choosek-elbow-playground', playground);
  });

  it('bicPlotSvg: BIC in the hundreds of thousands', () => {
    const table: GmmSelectionRow[] = (['full', 'diag'] as const).flatMap((covarianceType, t) =>
      [1, 2, 3, 4, 5].map((k) => {
        const bic = 412_000 - 9_000 * k + 2_500 * k * k + 1_000 * t;
        const model = covarianceType === 'full' ? ('VVV' as const) : ('VVI' as const);
        return {
          model,
          nComponents: k,
          k,
          covarianceType,
          bic,
          aic: bic,
          bicMclust: -bic,
          icl: -bic,
          logLikelihood: -1,
          nParameters: k,
          converged: true,
        };
      }),
    );
    const svg = bicPlotSvg({ table, best: table[1] });
    expectReadableTicks(svg);
    expectSvgSnapshot('large-bic', svg);
  });

  it('scatterSvg and gmmPlotSvg: coordinates in the millions', () => {
    const X = cloud(1e6);
    const labels = Int32Array.from({ length: X.rows }, (_, i) => i % 3);
    const scatter = scatterSvg(X, { labels, title: 'large' });
    expectReadableTicks(scatter);
    expectSvgSnapshot('large-scatter', scatter);
    const gm = new GaussianMixture({ nComponents: 3, seed: 0 }).fit(X);
    const gmm = gmmPlotSvg(X, gm, { labels: gm.labels, title: 'large GMM' });
    expectReadableTicks(gmm);
    expectSvgSnapshot('large-gmm', gmm);
  });

  it('densityCurveSvg and densityContourSvg: x in the millions, densities in the millionths', () => {
    const X = cloud(1e6);
    const one = { rows: X.rows, cols: 1, data: X.data.filter((_, i) => i % 2 === 0) };
    const curve = densityCurveSvg(densityGrid1D(new KernelDensity({ bandwidth: 5e5 }).fit(one)), {
      title: 'large 1-D',
    });
    expectReadableTicks(curve);
    expectSvgSnapshot('large-density-curve', curve);
    const contour = densityContourSvg(densityGrid2D(new KernelDensity({ bandwidth: 5e5 }).fit(X), { nx: 24, ny: 24 }), {
      title: 'large 2-D',
    });
    expectReadableTicks(contour);
    expectSvgSnapshot('large-density-contour', contour);
  });

  it('dendrogramSvg: merge heights in the millions', () => {
    const svg = dendrogramSvg(linkage(cloud(1e6), { method: 'ward' }), { truncateMode: 'lastp', p: 12 });
    expectReadableTicks(svg);
    expectSvgSnapshot('large-dendrogram', svg);
  });

  it('reachabilitySvg and condensedTreeSvg: distances in the millions (λ in the millionths)', () => {
    const X = cloud(1e6);
    const op = new OPTICS({ minSamples: 5 }).fit(X);
    const reach = reachabilitySvg(op.reachability, op.ordering, op.labels);
    expectReadableTicks(reach);
    expectSvgSnapshot('large-reachability', reach);
    const h = new HDBSCAN({ minClusterSize: 5 }).fit(X);
    const tree = condensedTreeSvg(h.condensedTree, X.rows, { selected: h.clusterIds });
    expectReadableTicks(tree);
    expectSvgSnapshot('large-condensed-tree', tree);
  });
});
