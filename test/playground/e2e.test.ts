/**
 * End-to-end test of the playground: builds the site with vite's JS API, serves it with `preview`, and
 * drives Debian's chromium with playwright-core as a person would — load the demo, run each algorithm, look at the
 * plot (colours, centres, ellipses, contours, dendrogram), paste a bad CSV — with no console errors. Screenshots
 * go to test/artifacts/ (git-ignored). Chromium: /usr/bin/chromium, or $CHROMIUM_PATH.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTERS } from '../../src/datasets/index.js';
import { type Playground, runAlgorithm as runOn, startPlayground } from './harness.js';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test/artifacts');

let site: Playground | null = null;
let page: Page;
let problems: string[] = [];

/** Runs the selected algorithm and waits for its result (then jumps to the final frame). */
const runAlgorithm = (algo: string, setup?: () => Promise<void>) => runOn(page, algo, setup);

/** What a person sees on the scatter plot. */
async function plotState() {
  return page.$eval('#scatter', (svg) => {
    const pts = [...svg.querySelectorAll('circle.pt')];
    return {
      n: pts.length,
      fills: new Set(pts.map((c) => c.getAttribute('fill'))).size,
      labels: new Set(pts.map((c) => c.getAttribute('data-label'))).size,
      centers: JSON.parse(svg.getAttribute('data-centers') ?? '[]') as number[][],
      ellipses: svg.querySelectorAll('path.ellipse').length,
      contours: svg.querySelectorAll('path.contour').length,
    };
  });
}

/** Each true centre has a found centre within `tol`, and vice versa (one-to-one by nearest). */
function expectCentersNear(found: number[][], tol: number): void {
  expect(found.length).toBe(DEMO_CENTERS.length);
  for (const [tx, ty] of DEMO_CENTERS) {
    const best = Math.min(...found.map(([x, y]) => Math.hypot(x - tx, y - ty)));
    expect(best).toBeLessThan(tol);
  }
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `playground-${name}.png`), fullPage: true });
}

describe('playground in chromium', () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    site = await startPlayground();
    problems = site.problems;
    page = await site.open({ width: 1440, height: 900 });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('loads the demo: 250 grey points and the 5 true centres, cross-origin isolated, no error shown', async () => {
    const s = await plotState();
    expect(s.n).toBe(250);
    expect(await page.$$eval('#scatter .true-centers path', (p) => p.length)).toBe(5);
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    await shot('demo');
  });

  it('is keyboard accessible: every control has a label, Run works from the keyboard', async () => {
    const unlabelled = await page.$$eval('input, select, textarea, button', (els) =>
      els
        .filter((el) => {
          const e = el as HTMLInputElement;
          if (e.tagName === 'BUTTON') return (e.textContent ?? '').trim() === '' && !e.getAttribute('aria-label');
          return (e.labels?.length ?? 0) === 0 && !e.getAttribute('aria-label');
        })
        .map((el) => el.id || el.outerHTML.slice(0, 60)),
    );
    expect(unlabelled).toEqual([]);
    // Tab from the algorithm menu reaches the k field; Enter on the focused Run button runs k-means.
    await page.focus('#algo');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('k');
    const before = Number(await page.getAttribute('body', 'data-completed'));
    await page.focus('#run');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before);
    expect(await page.getAttribute('#scatter', 'data-algorithm')).toBe('kmeans');
  });

  it('k-means (k = 5): 5 colours, centres within 0.5 of the true ones, step controls and restart chart', async () => {
    await runAlgorithm('kmeans', async () => {
      await page.fill('#k', '5');
    });
    const s = await plotState();
    expect(s.n).toBe(250);
    expect(s.fills).toBe(5);
    expectCentersNear(s.centers, 0.5);
    // The animation can be stepped back to the initial centres (all points grey, no labels yet).
    await page.fill('#frame', '0');
    await page.dispatchEvent('#frame', 'input');
    expect((await plotState()).labels).toBe(1);
    expect(await page.getAttribute('#scatter', 'data-final')).toBe('false');
    await page.click('#end');
    expect((await plotState()).fills).toBe(5);
    expect(await page.$$eval('#side-chart-2 svg', (s) => s.length)).toBe(1);
    await shot('kmeans');
  });

  it('soft k-means (β ≈ 0.2): 5 hard labels, shaded memberships, centres near the truth; β slider reruns', async () => {
    await runAlgorithm('soft-kmeans');
    const s = await plotState();
    expect(s.labels).toBe(5);
    expect(s.fills).toBeGreaterThan(5); // blended colours where memberships are shared
    expectCentersNear(s.centers, 0.5);
    const top = async () =>
      Number(await page.$eval('#metrics', (t) => t.querySelector('tr:nth-child(3) td')?.textContent ?? 'NaN'));
    const stiff = await top();
    expect(await page.textContent('#metrics tr:nth-child(3) th')).toBe('Mean top membership');
    await shot('soft-kmeans');
    // Softer (β = 0.1): the slider reruns the fit and memberships spread out.
    const before = Number(await page.getAttribute('body', 'data-completed'));
    await page.$eval('#beta', (el) => {
      (el as HTMLInputElement).value = '-1';
      el.dispatchEvent(new Event('input'));
      el.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before);
    expect(await page.textContent('#beta-out')).toBe('0.1');
    expect(await top()).toBeLessThan(stiff);
  });

  it('fuzzy c-means (m = 2): 5 clusters, centres near the truth', async () => {
    await runAlgorithm('fuzzy-cmeans');
    const s = await plotState();
    expect(s.labels).toBe(5);
    expectCentersNear(s.centers, 0.5);
  });

  it('Gaussian mixture: 5 colours, 1σ and 2σ ellipses per component, means near the truth, BIC chart', async () => {
    await runAlgorithm('gmm');
    const s = await plotState();
    expect(s.fills).toBe(5);
    expect(s.ellipses).toBe(10);
    expectCentersNear(s.centers, 0.5);
    expect(await page.$$eval('#side-chart svg', (x) => x.length)).toBe(1);
    await shot('gmm');
  });

  it('hierarchical (ward, k = 5): dendrogram with 249 links; moving the cut changes the clusters', async () => {
    await runAlgorithm('hierarchical');
    expect((await plotState()).fills).toBe(5);
    expect(await page.getAttribute('#dendrogram', 'data-links')).toBe('249');
    expect(await page.$$eval('#cut-line', (x) => x.length)).toBe(1);
    await shot('hierarchical');
    // Drag the cut line to the top of the tree: one cluster.
    const before = Number(await page.getAttribute('body', 'data-completed'));
    await page.locator('#dendrogram').scrollIntoViewIfNeeded();
    const box = (await page.locator('#dendrogram').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before);
    await page.waitForFunction(() => document.querySelector('#scatter')?.getAttribute('data-clusters') === '1');
    // Keyboard: the cut slider goes down to the bottom → many clusters.
    await page.focus('#cut');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => Number(document.querySelector('#scatter')?.getAttribute('data-clusters')) > 5);
  });

  it('kernel density estimate: filled density contours drawn under the points', async () => {
    await runAlgorithm('kde');
    const s = await plotState();
    expect(s.contours).toBeGreaterThanOrEqual(5);
    expect(s.n).toBe(250);
    await shot('kde');
  });

  it('mean shift (radius 1.75): 5 modes near the true centres, points coloured by mode', async () => {
    await runAlgorithm('mean-shift');
    const s = await plotState();
    expect(s.fills).toBe(5);
    expectCentersNear(s.centers, 0.8);
    await shot('mean-shift');
  });

  it('choose k: the silhouette curve picks k = 5 on the demo, and "Use k" sets it', async () => {
    await page.selectOption('#algo', 'kmeans');
    await page.fill('#k', '2');
    const before = Number(await page.getAttribute('body', 'data-completed'));
    await page.selectOption('#ck-method', 'silhouette');
    await page.click('#ck-run');
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before);
    expect(await page.getAttribute('#ck-chart svg', 'data-k')).toBe('5');
    expect(await page.textContent('#ck-rule')).toContain('Chosen k = 5');
    await page.click('#ck-use');
    expect(await page.inputValue('#k')).toBe('5');
    await shot('choose-k');
  });

  it('a long computation can be cancelled; its result never appears and the next run works', async () => {
    const loaded = Number(await page.getAttribute('body', 'data-completed'));
    await page.selectOption('#source', 'blobs');
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, loaded);
    await page.$eval('#blob-n', (el) => {
      (el as HTMLInputElement).value = '3000';
      el.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction(() => document.querySelector('#scatter')?.getAttribute('data-n') === '3000');
    await page.selectOption('#ck-method', 'gap');
    // Run and cancel in one task of the page: the worker's answer (a message event) cannot arrive in between, so the
    // test does not depend on how long the computation takes (the wasm kernels finish gap k = 1…10 in < 0.3 s).
    const enabledWhileRunning = await page.evaluate(() => {
      (document.querySelector('#ck-run') as HTMLButtonElement).click();
      const cancel = document.querySelector('#cancel') as HTMLButtonElement;
      const enabled = !cancel.disabled;
      cancel.click();
      return enabled;
    });
    expect(enabledWhileRunning).toBe(true);
    expect(await page.textContent('#status')).toBe('Cancelled.');
    expect(await page.isEnabled('#cancel')).toBe(false);
    await page.waitForTimeout(2500);
    expect(await page.$$eval('#ck-chart svg', (x) => x.length)).toBe(0);
    expect(await page.isHidden('#error')).toBe(true);
    await runAlgorithm('kmeans', async () => {
      await page.fill('#k', '4');
    });
    expect((await plotState()).fills).toBe(4);
  });

  it('iris is shown through PCA and k-means finds 3 clusters', async () => {
    const before = Number(await page.getAttribute('body', 'data-completed'));
    await page.selectOption('#source', 'iris');
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before);
    expect((await plotState()).n).toBe(150);
    expect(await page.textContent('#scatter .axes')).toContain('PC1');
    await runAlgorithm('kmeans', async () => {
      await page.fill('#k', '3');
    });
    expect((await plotState()).fills).toBe(3);
    await shot('iris');
  });

  it('a bad CSV shows a clear error naming the line and the cell', async () => {
    await page.selectOption('#source', 'text');
    await page.fill('#csv', 'x,y\n1,2\n3,abc\n4,5\n');
    const before = Number((await page.getAttribute('body', 'data-failed')) ?? 0);
    await page.click('#load-text');
    await page.waitForFunction((n) => Number(document.body.dataset.failed ?? 0) > n, before);
    expect(await page.isVisible('#error')).toBe(true);
    const text = await page.textContent('#error');
    expect(text).toContain('Line 3');
    expect(text).toContain('"abc" is not a number');
    await shot('bad-csv');
    // A good CSV loads, and points can be added by clicking on the plot.
    await page.fill('#csv', 'a,b\n0,0\n1,1\n0,1\n');
    const b2 = Number(await page.getAttribute('body', 'data-completed'));
    await page.click('#load-text');
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, b2);
    expect(await page.isHidden('#error')).toBe(true);
    expect((await plotState()).n).toBe(3);
    await page.check('#add-mode');
    await page.locator('#scatter').scrollIntoViewIfNeeded();
    const box = (await page.locator('#scatter').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.4);
    expect((await plotState()).n).toBe(4);
    // Keyboard alternative: type the coordinates and press the button.
    await page.fill('#add-x', '2');
    await page.fill('#add-y', '-1');
    await page.focus('#add-point');
    await page.keyboard.press('Enter');
    expect((await plotState()).n).toBe(5);
  });

  it('a file chosen with the file input (TSV with a header) or dropped on the page is read', async () => {
    const before = Number(await page.getAttribute('body', 'data-completed'));
    await page.setInputFiles('#file', {
      name: 'points.tsv',
      mimeType: 'text/tab-separated-values',
      buffer: Buffer.from('u\tv\n0\t0\n1\t0\n0\t1\n5\t5\n6\t5\n5\t6\n'),
    });
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before);
    expect((await plotState()).n).toBe(6);
    expect(await page.textContent('#scatter .axes')).toContain('u');
    await runAlgorithm('kmeans', async () => {
      await page.fill('#k', '2');
      await page.fill('#n-init', '3');
    });
    expect((await plotState()).fills).toBe(2);
    // A file dropped on the page is read too.
    const b2 = Number(await page.getAttribute('body', 'data-completed'));
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['p,q\n1,1\n2,2\n3,3\n'], 'dropped.csv', { type: 'text/csv' }));
      document.querySelector('#plot')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    });
    await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, b2);
    expect((await plotState()).n).toBe(3);
    expect(await page.textContent('#status')).toContain('dropped.csv');
  });

  it('logged no page errors and no console errors', () => {
    expect(problems).toEqual([]);
  });
});
