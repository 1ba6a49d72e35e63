import { describe, expect, it } from 'vitest';
import { makeAnisotropicBlobs, makeUniformNoise, makeVariedBlobs } from '../../src/datasets/index.js';
import { GALLERY_ALGORITHMS, gallery, galleryDatasets } from '../../src/report/gallery.js';

describe('gallery (which algorithm for which shape)', () => {
  const g = gallery({ seed: 0 });
  const datasets = galleryDatasets(500, 0).map((d) => d.name);

  it('has every data set × algorithm cell, each with an SVG and a fit time', () => {
    expect(datasets).toEqual(['circles', 'moons', 'varied variance', 'anisotropic', 'blobs', 'uniform noise']);
    expect(g.cells).toHaveLength(datasets.length * GALLERY_ALGORITHMS.length);
    for (const d of datasets) {
      for (const a of ['k-means', 'Ward', 'Gaussian mixture', 'DBSCAN', 'HDBSCAN']) {
        const re = new RegExp(
          `<td class="cell" data-dataset="${d}" data-algorithm="${a}"><svg[\\s\\S]*?</svg><div class="found">[^<]+</div><div class="time">fit \\d+\\.\\d ms</div></td>`,
        );
        expect(g.html, `${d} × ${a}`).toMatch(re);
      }
    }
    expect(g.html).not.toMatch(/<script|src="http|href="http/);
    expect(g.html).toContain('eps');
  });

  it('DBSCAN and HDBSCAN find the two moons and the two circles; k-means splits them wrongly', () => {
    const cell = (d: string, a: string) => g.cells.find((c) => c.dataset === d && c.algorithm === a);
    for (const d of ['moons', 'circles']) {
      expect(cell(d, 'DBSCAN')?.nClusters).toBe(2);
      expect(cell(d, 'HDBSCAN')?.nClusters).toBe(2);
    }
    for (const c of g.cells) expect(c.labels).toHaveLength(500);
  });

  it('is seeded: the same seed gives the same labels', () => {
    const h = gallery({ seed: 0, nSamples: 120 });
    const h2 = gallery({ seed: 0, nSamples: 120 });
    expect(h.cells.map((c) => Array.from(c.labels))).toEqual(h2.cells.map((c) => Array.from(c.labels)));
  });

  it('rejects a bad size', () => {
    expect(() => gallery({ nSamples: 0 })).toThrow(/nSamples/);
    expect(() => gallery({ cellSize: 10 })).toThrow(/cellSize/);
  });
});

describe('toy blob generators', () => {
  it('anisotropic blobs are makeBlobs sheared by [[0.6, −0.6], [−0.4, 0.8]]', () => {
    const a = makeAnisotropicBlobs({ nSamples: 30, seed: 4 });
    expect(a.X.rows).toBe(30);
    const c = a.centers;
    expect(c?.rows).toBe(3);
    // each group's mean is near its sheared centre (σ = 1 before the shear)
    for (let t = 0; t < 3; t++) {
      let mx = 0;
      let my = 0;
      let m = 0;
      for (let i = 0; i < 30; i++)
        if (a.y[i] === t) {
          mx += a.X.data[2 * i];
          my += a.X.data[2 * i + 1];
          m++;
        }
      expect(Math.hypot(mx / m - (c?.data[2 * t] ?? 0), my / m - (c?.data[2 * t + 1] ?? 0))).toBeLessThan(1.5);
    }
  });
  it('varied blobs and uniform noise have the requested size and range', () => {
    expect(makeVariedBlobs({ seed: 1 }).X.rows).toBe(500);
    const u = makeUniformNoise({ nSamples: 200, seed: 2 });
    expect(Math.min(...u.X.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u.X.data)).toBeLessThan(1);
    expect(() => makeUniformNoise({ nSamples: 0 })).toThrow(/nSamples/);
  });
});
