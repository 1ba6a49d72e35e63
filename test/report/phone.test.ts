/**
 * Issue 19 item 7: the demo report (`npm start`, `clusterkit demo`) opens on a phone without sideways scrolling —
 * figures shrink to the screen, wide tables scroll inside their own box. Debian's chromium at 390 × 844 px.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../../src/cli/commands/demo.js';
import { launchChromium } from '../playground/harness.js';

let browser: Browser;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clusterkit-report-'));
  writeFileSync(join(dir, 'report.html'), buildDemo(0, true).html);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('demo report in chromium', () => {
  for (const [width, height] of [
    [390, 844],
    [1440, 900],
  ]) {
    it(`at ${width} px: no sideways scroll, every figure within the screen`, async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(`file://${join(dir, 'report.html')}`);
      const m = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        widest: Math.max(...[...document.querySelectorAll('figure svg')].map((s) => s.getBoundingClientRect().right)),
        figures: document.querySelectorAll('figure svg').length,
      }));
      expect(m.figures).toBeGreaterThan(5);
      expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
      expect(m.widest).toBeLessThanOrEqual(m.clientWidth);
      await context.close();
    });
  }
});
