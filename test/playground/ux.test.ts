/**
 * The playground in Chromium for issue 19 (items 5, 6, 7, 11) and the density/medoid leftovers of issues 15 and
 * 17: the layout at 390, 800, 1024 and 1440 px, clicking points onto an empty canvas, DBSCAN, HDBSCAN, OPTICS and
 * k-medoids on the moons and circles, the cut and step messages, standardised data and messages without CLI
 * flags. Screenshots go to test/artifacts/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOISE_COLOR } from '../../src/plot/svg.js';
import { completedCount, nextCompleted, type Playground, runAlgorithm, startPlayground } from './harness.js';

const artifacts = join(resolve(import.meta.dirname, '../..'), 'test/artifacts');
let site: Playground;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  site = await startPlayground();
});

afterAll(async () => {
  await site?.close();
});

/** Sets a range input's value as a person dragging it would (input, then change). */
async function slide(page: Page, id: string, value: number): Promise<void> {
  await page.$eval(
    `#${id}`,
    (el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input'));
      el.dispatchEvent(new Event('change'));
    },
    value,
  );
}

/** Selects a data source and waits for it to load. */
async function loadSource(page: Page, source: string): Promise<void> {
  const before = await completedCount(page);
  await page.selectOption('#source', source);
  await nextCompleted(page, before);
}

/** A metric's value in the results table, by its row title. */
async function metric(page: Page, title: string): Promise<string> {
  return page.$eval(
    '#metrics',
    (t, name) =>
      [...t.querySelectorAll('tr')].find((r) => r.querySelector('th')?.textContent === name)?.querySelector('td')
        ?.textContent ?? '',
    title,
  );
}

describe('responsive layout (issue 19 item 7)', () => {
  const sizes: [number, number][] = [
    [390, 844],
    [800, 1000],
    [1024, 768],
    [1440, 900],
  ];
  for (const [width, height] of sizes) {
    it(`at ${width} px: no sideways scroll, the plot fills ≥ 90 % of its column, dendrogram ticks 8–14 px`, async () => {
      const page = await site.open({ width, height });
      await runAlgorithm(page, 'hierarchical');
      await page.screenshot({ path: join(artifacts, `playground-width-${width}.png`), fullPage: true });
      const m = await page.evaluate(() => {
        const doc = document.documentElement;
        const stage = document.querySelector('.stage') as HTMLElement;
        const cs = getComputedStyle(stage);
        const column = stage.clientWidth - Number.parseFloat(cs.paddingLeft) - Number.parseFloat(cs.paddingRight);
        // The drawn picture (its white background), not the element box: what a person sees.
        const plot = (document.querySelector('#scatter > rect') as SVGRectElement).getBoundingClientRect();
        const dendro = document.querySelector('#dendrogram') as SVGSVGElement;
        const scale = dendro.getBoundingClientRect().width / dendro.viewBox.baseVal.width;
        const tick = dendro.querySelector('text[text-anchor="end"]') as SVGTextElement;
        return {
          scrollWidth: doc.scrollWidth,
          clientWidth: doc.clientWidth,
          column,
          plot: plot.width,
          tickPx: Number(tick.getAttribute('font-size')) * scale,
        };
      });
      expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
      expect(m.plot / m.column).toBeGreaterThanOrEqual(0.9);
      expect(m.tickPx).toBeGreaterThanOrEqual(8);
      expect(m.tickPx).toBeLessThanOrEqual(14);
      await page.context().close();
    });
  }
});

describe('playground interactions', () => {
  let page: Page;
  beforeAll(async () => {
    page = await site.open({ width: 1024, height: 768 });
  });

  it('empty canvas: each click lands under the pointer and earlier points never move, also after Run (item 6)', async () => {
    await page.selectOption('#source', 'points');
    await page.waitForSelector('#scatter[data-n="0"]');
    await page.locator('#scatter').scrollIntoViewIfNeeded();
    const box = (await page.locator('#scatter').boundingBox())!;
    const clicks = [
      [0.3, 0.3],
      [0.35, 0.32],
      [0.7, 0.6],
      [0.72, 0.65],
      [0.5, 0.8],
      [0.33, 0.36],
    ].map(([fx, fy]) => [box.x + box.width * fx, box.y + box.height * fy]);
    const centres = () =>
      page.$$eval('#scatter circle.pt', (cs) =>
        cs.map((c) => {
          const r = c.getBoundingClientRect();
          return [r.x + r.width / 2, r.y + r.height / 2];
        }),
      );
    let before: number[][] = [];
    for (const [x, y] of clicks) {
      await page.mouse.click(x, y);
      const now = await centres();
      expect(now.length).toBe(before.length + 1);
      const [nx, ny] = now[now.length - 1];
      expect(Math.abs(nx - x)).toBeLessThan(1.5);
      expect(Math.abs(ny - y)).toBeLessThan(1.5);
      for (let i = 0; i < before.length; i++) {
        expect(Math.abs(now[i][0] - before[i][0])).toBeLessThan(0.5);
        expect(Math.abs(now[i][1] - before[i][1])).toBeLessThan(0.5);
      }
      before = now;
    }
    await runAlgorithm(page, 'kmeans', async () => {
      await page.fill('#k', '2');
    });
    const after = await centres();
    for (let i = 0; i < before.length; i++) expect(Math.abs(after[i][0] - before[i][0])).toBeLessThan(0.5);
    expect(Number(await page.getAttribute('#scatter', 'data-clusters'))).toBe(2);
  });

  it('k-means: "N steps animated" counts the same steps as "Step i of N" (item 11)', async () => {
    await loadSource(page, 'demo');
    await runAlgorithm(page, 'kmeans', async () => {
      await page.fill('#k', '5');
    });
    const status = (await page.textContent('#status')) ?? '';
    const animated = Number(/(\d+) steps animated/.exec(status)?.[1]);
    const of = Number(/of (\d+)/.exec((await page.textContent('#frame-out')) ?? '')?.[1]);
    expect(animated).toBeGreaterThan(1);
    expect(animated).toBe(of);
  });

  it('hierarchical: after the cut moves, the status says the new number of clusters (item 11)', async () => {
    await runAlgorithm(page, 'hierarchical');
    expect(await page.textContent('#status')).toContain('5 clusters');
    const before = await completedCount(page);
    await page.focus('#cut');
    await page.keyboard.press('End');
    await nextCompleted(page, before);
    await page.waitForFunction(() => document.querySelector('#scatter')?.getAttribute('data-clusters') === '1');
    expect(await page.textContent('#status')).toMatch(/cut at height [\d.]+: 1 cluster\./);
  });

  it('two moons: DBSCAN finds both moons; its sliders rerun it; noise is drawn as small grey dots (issue 15)', async () => {
    await loadSource(page, 'moons');
    expect(await page.getAttribute('#scatter', 'data-n')).toBe('300');
    await runAlgorithm(page, 'kmeans', async () => {
      await page.fill('#k', '2');
    });
    expect(Number(await metric(page, 'Adjusted Rand vs truth'))).toBeLessThan(0.5);
    await runAlgorithm(page, 'dbscan', async () => {
      await slide(page, 'eps', 0.2);
      await slide(page, 'min-samples', 5);
    });
    expect(await page.getAttribute('#scatter', 'data-clusters')).toBe('2');
    expect(Number(await metric(page, 'Adjusted Rand vs truth'))).toBe(1);
    await page.screenshot({ path: join(artifacts, 'playground-dbscan-moons.png'), fullPage: true });
    // A small radius: many points are noise; moving the slider reruns DBSCAN.
    const before = await completedCount(page);
    await slide(page, 'eps', 0.05);
    await nextCompleted(page, before);
    const noise = await page.$$eval('#scatter circle.pt', (cs) =>
      cs.map((c) => ({
        noise: c.classList.contains('noise'),
        label: c.getAttribute('data-label'),
        fill: c.getAttribute('fill'),
        r: Number(c.getAttribute('r')),
      })),
    );
    const grey = noise.filter((c) => c.noise);
    const other = noise.filter((c) => !c.noise);
    expect(grey.length).toBeGreaterThan(0);
    for (const c of grey) {
      expect(c.label).toBe('-1');
      expect(c.fill).toBe(NOISE_COLOR);
      expect(c.r).toBeLessThan(other[0].r);
    }
    expect(await page.textContent('#caption')).toContain('noise');
  });

  it('two circles: HDBSCAN with its minClusterSize and minSamples sliders separates the circles (issue 15)', async () => {
    await loadSource(page, 'circles');
    await runAlgorithm(page, 'hdbscan', async () => {
      await slide(page, 'min-cluster-size', 10);
      await slide(page, 'hdb-min-samples', 5);
    });
    // The inner and the outer circle; with the default noise (0.06) a few points between them are noise.
    expect(await page.getAttribute('#scatter', 'data-clusters')).toBe('2');
    expect(Number(await metric(page, 'Adjusted Rand vs truth'))).toBeGreaterThan(0.95);
    await page.screenshot({ path: join(artifacts, 'playground-hdbscan-circles.png'), fullPage: true });
  });

  it('OPTICS (minSamples, ξ): a reachability plot beside the clusters, noise in grey (issue 15)', async () => {
    await runAlgorithm(page, 'optics', async () => {
      await slide(page, 'optics-min-samples', 10);
      await slide(page, 'xi', 0.05);
    });
    expect(await page.$$eval('#side-chart svg .bars rect', (r) => r.length)).toBe(300);
    expect(Number(await page.getAttribute('#scatter', 'data-clusters'))).toBeGreaterThanOrEqual(2);
    expect(await page.$$eval('#scatter circle.pt.noise', (c) => c.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'playground-optics-circles.png'), fullPage: true });
  });

  it('k-medoids (k, metric): k colours, the medoids drawn and each one a data point (issue 17)', async () => {
    await loadSource(page, 'demo');
    await runAlgorithm(page, 'kmedoids', async () => {
      await page.fill('#k', '5');
      await page.selectOption('#medoid-metric', 'cityblock');
    });
    const s = await page.$eval('#scatter', (svg) => ({
      fills: new Set([...svg.querySelectorAll('circle.pt')].map((c) => c.getAttribute('fill'))).size,
      centers: JSON.parse(svg.getAttribute('data-centers') ?? '[]') as number[][],
    }));
    expect(s.fills).toBe(5);
    expect(s.centers.length).toBe(5);
    expect(await page.textContent('#caption')).toContain('cityblock');
    expect(Number(await metric(page, 'Adjusted Rand vs truth'))).toBeGreaterThan(0.85);
  });

  it('standardise: the data are z-scored and the title says so (item 11)', async () => {
    const before = await completedCount(page);
    await page.check('#standardize');
    await nextCompleted(page, before);
    expect(await page.textContent('#plot-title')).toContain('standardised');
    expect(await page.textContent('#scatter .axes')).toContain('z-score');
    const b2 = await completedCount(page);
    await page.uncheck('#standardize');
    await nextCompleted(page, b2);
    expect(await page.textContent('#plot-title')).not.toContain('standardised');
  });

  it('a bad CSV names the line and the cell without mentioning a command-line flag (item 11)', async () => {
    await page.selectOption('#source', 'text');
    await page.fill('#csv', 'x,y\n1,2\n3,abc\n4,5\n');
    const before = Number((await page.getAttribute('body', 'data-failed')) ?? 0);
    await page.click('#load-text');
    await page.waitForFunction((n) => Number(document.body.dataset.failed ?? 0) > n, before);
    const text = (await page.textContent('#error')) ?? '';
    expect(text).toContain('Line 3');
    expect(text).not.toMatch(/--[a-z]/);
  });

  it('logged no page errors and no console errors', () => {
    expect(site.problems).toEqual([]);
  });
});
