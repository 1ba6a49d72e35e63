/**
 * The playground's Chromium harness, shared by the end-to-end tests: builds the site with vite's JS API into a
 * temporary folder, serves it with `preview` on a free port, and launches Debian's chromium (or $CHROMIUM_PATH)
 * headless through playwright-core. Pages opened with {@link Playground.open} record page errors, console errors
 * and requests to other origins in `problems` (the site must work offline).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';

const repo = resolve(import.meta.dirname, '../..');
const configFile = join(repo, 'playground/vite.config.ts');

/** A built and served playground with a browser. */
export interface Playground {
  browser: Browser;
  /** The site's address, ending in '/'. */
  origin: string;
  /** Page errors, console errors and requests to other origins seen by every opened page. */
  problems: string[];
  /** Opens the playground in a new page of the given viewport and waits for the demo data to be drawn. */
  open(viewport: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

/** Launches a headless chromium with the flags the tests use (no sandbox, no GPU, no network services). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Builds and serves the playground and launches chromium. */
export async function startPlayground(): Promise<Playground> {
  const outDir = mkdtempSync(join(tmpdir(), 'clusterkit-playground-'));
  let server: PreviewServer | null = null;
  let browser: Browser | null = null;
  try {
    await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const port = await freePort();
    server = await preview({
      configFile,
      logLevel: 'error',
      build: { outDir },
      preview: { host: '127.0.0.1', port, strictPort: true, open: false },
    });
    browser = await launchChromium();
  } catch (e) {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
  const origin = `http://127.0.0.1:${server.config.preview.port}/`;
  const problems: string[] = [];
  const b = browser;
  const srv = server;
  return {
    browser: b,
    origin,
    problems,
    async open(viewport) {
      const context = await b.newContext({ viewport });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
          problems.push(`request to another origin: ${url}`);
        }
      });
      await page.goto(origin);
      await page.waitForFunction(() => Number(document.body.dataset.completed) >= 1, null, { timeout: 20_000 });
      return page;
    },
    async close() {
      await b.close();
      await srv.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Runs the selected algorithm and waits for its result (then jumps to the final frame). */
export async function runAlgorithm(page: Page, algo: string, setup: () => Promise<void> = async () => {}) {
  await page.selectOption('#algo', algo);
  await setup();
  const before = Number(await page.getAttribute('body', 'data-completed'));
  await page.click('#run');
  await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before, { timeout: 30_000 });
  if (await page.isEnabled('#end')) await page.click('#end');
  await page.waitForSelector('#scatter[data-final="true"]');
}

/** Waits until the page has completed one more task than `before` (a data set loaded, a fit shown). */
export async function nextCompleted(page: Page, before: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.dataset.completed) > n, before, { timeout: 30_000 });
}

/** The number of tasks the page has completed so far. */
export async function completedCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('body', 'data-completed'));
}
