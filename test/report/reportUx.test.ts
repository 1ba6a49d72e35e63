/**
 * Issue 19 item 8: the analysis report states the units of its centres, names contingency rows by the classes,
 * colours the same group alike in every plot, says "as requested" only when k was requested, and draws at most
 * `maxPlotPoints` points per full-data scatter (a seeded sample, said in the caption).
 */
import { describe, expect, it } from 'vitest';
import { buildDemo } from '../../src/cli/commands/demo.js';
import { demoBlobs, loadIris } from '../../src/datasets/index.js';
import { analyze } from '../../src/report/analysis.js';

/** The fill of each of the first `n` circles of an SVG (the points; legend swatches come after them). */
function pointFills(svg: string, n: number): string[] {
  const fills = [...svg.matchAll(/<circle [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
  return fills.slice(0, n);
}

function agreement(a: string[], b: string[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

describe('analysis report (issue 19 item 8)', () => {
  const { X, y, centers } = demoBlobs(0);
  const demo = analyze(X, { k: 5, seed: 0, truth: y, trueCenters: centers, columnNames: ['x₁', 'x₂'] });

  it('states the units of the centre table (data units by default, the caller’s units otherwise)', () => {
    expect(demo.html).toContain('centre in data units (x₁, x₂)');
    const scaled = analyze(X, { k: 5, seed: 0, units: 'standardised units (z-scores)' });
    expect(scaled.html).toContain('centre in standardised units (z-scores)');
  });

  it('names the contingency rows by the truth labels (setosa …), not "class 0"', () => {
    const iris = loadIris();
    const r = analyze(iris.X, { k: 3, seed: 0, truth: iris.y, classNames: ['setosa', 'versicolor', 'virginica'] });
    const table = r.html.slice(r.html.indexOf('Contingency table'));
    expect(table).toContain('<td>setosa</td>');
    expect(table).toContain('<td>virginica</td>');
    expect(table).not.toContain('class 0');
  });

  it('colours the same group alike in the k-means, k-medoids, Ward and Gaussian-mixture plots', () => {
    const km = pointFills(demo.svgs['kmeans.svg'], X.rows);
    for (const name of ['dendrogram.svg', 'kmedoids.svg', 'gmm.svg']) expect(demo.svgs[name]).toBeDefined();
    // Ward's scatter is in the section's HTML (not in svgs); take the figure after the dendrogram.
    const wardStart = demo.html.indexOf('<svg', demo.html.indexOf('Ward hierarchical clustering,') - 400);
    const ward = pointFills(demo.html.slice(wardStart), X.rows);
    expect(agreement(km, ward)).toBeGreaterThan(0.9);
    expect(agreement(km, pointFills(demo.svgs['kmedoids.svg'], X.rows))).toBeGreaterThan(0.9);
    expect(agreement(km, pointFills(demo.svgs['gmm.svg'], X.rows))).toBeGreaterThan(0.9);
  });

  it('says "as requested" only when k was requested; the demo says why it uses k = 5', () => {
    expect(demo.html).toContain('k = 5</b> (as requested)');
    const chosen = analyze(X, { seed: 0 });
    expect(chosen.html).not.toContain('as requested');
    const d = buildDemo(0);
    expect(d.html).not.toContain('as requested');
    expect(d.html).toContain("k = 5</b> (the demo's five true groups)");
  });

  it('draws at most maxPlotPoints points per full-data scatter, a seeded sample said in the caption', () => {
    const r = analyze(X, { k: 5, seed: 0, maxPlotPoints: 100 });
    expect(pointFills(r.svgs['kmeans.svg'], 1000).length).toBeLessThanOrEqual(100 + 10);
    expect(r.svgs['kmeans.svg'].match(/<circle /g)?.length).toBeLessThan(120);
    expect(r.svgs['gmm.svg'].match(/<circle /g)?.length).toBeLessThan(120);
    expect(r.html).toContain('Showing a random sample of 100 of the 250 points (seed 0).');
    // The same seed draws the same sample.
    expect(analyze(X, { k: 5, seed: 0, maxPlotPoints: 100 }).svgs['kmeans.svg']).toBe(r.svgs['kmeans.svg']);
    // Up to the limit (20 000 by default) every point is drawn and nothing is said.
    expect(demo.html).not.toContain('random sample of');
    expect(demo.svgs['kmeans.svg'].match(/<circle /g)?.length).toBeGreaterThanOrEqual(250);
  });
});
