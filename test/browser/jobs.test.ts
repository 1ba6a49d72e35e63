/**
 * The browser worker pool's wasm job sessions in Debian's chromium via playwright-core: a test page
 * (test/browser/jobpage, built with vite's JS API) is served under /iso/ with COOP/COEP headers (the pool runs) and
 * /plain/ without them (one thread). Gaussian-mixture fits and kernel-density scores (exact and k-d tree) with the pool must equal
 * the one-thread results bit for bit, on the page's main thread (spinning) and inside a module worker
 * (Atomics.wait). Chromium: /usr/bin/chromium, or $CHROMIUM_PATH.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsReport } from './jobpage/jobsCase.js';

const pageDir = resolve(import.meta.dirname, 'jobpage');
let outDir = '';
let server: Server | null = null;
let origin = '';
let browser: Browser | null = null;
const problems: string[] = [];

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** Serves outDir under /iso/ (with COOP/COEP) and /plain/ (without). */
function serve(): Promise<void> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const m = /^\/(iso|plain)(\/.*)$/.exec(url.pathname);
    const file = m === null ? null : normalize(join(outDir, m[2] === '/' ? '/index.html' : m[2]));
    if (m === null || file === null || !file.startsWith(outDir)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (m[1] === 'iso') {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    res.writeHead(200, headers).end(body);
  });
  return new Promise((res) =>
    server?.listen(0, '127.0.0.1', () => {
      const addr = server?.address();
      origin = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
      res();
    }),
  );
}

async function openPage(prefix: 'iso' | 'plain'): Promise<Page> {
  const context = await (browser as Browser).newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${prefix} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${prefix} console.error: ${m.text()}`);
  });
  await page.goto(`${origin}/${prefix}/`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20_000 });
  return page;
}

const run = (page: Page, where: 'main' | 'worker') =>
  page.evaluate((w) => (window as unknown as { runJobs: (w: string) => Promise<JobsReport> }).runJobs(w), where);

describe('worker pool jobs in the browser: GMM E-step and KDE exact sums', () => {
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'clusterkit-jobpage-'));
    await build({
      configFile: false,
      root: pageDir,
      base: './',
      logLevel: 'error',
      worker: { format: 'es' },
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
    });
    await serve();
    browser = await chromium.launch({
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
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((res) => (server === null ? res(null) : server.close(res)));
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
  });

  it('cross-origin isolated: GMM fits, KDE scores and the silhouette with the pool equal one thread, on the main thread and in a worker', async () => {
    const page = await openPage('iso');
    for (const where of ['main', 'worker'] as const) {
      const r = await run(page, where);
      if (process.env.POOL_DEBUG) process.stderr.write(`${JSON.stringify(r)}\n`);
      expect(r.where).toBe(where);
      expect(r.crossOriginIsolated).toBe(true);
      expect(r.wasm).toBe(true);
      expect(r.enabled).toBe(true);
      expect(r.ready).toBe(true);
      // GMM: each of the 10 iterations ran three calls on the worker (the E-step, the M-step's block sums, its
      // scatter blocks) and the final E-step one; KDE exact: ⌈4501/4096⌉ = 2 calls; the tree: one call; the
      // silhouette: one call
      expect(r.passes).toEqual([31, 31, 2, 2, 1, 1]);
      expect(r.mismatches).toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it('not isolated: the pool is off and the results still equal', async () => {
    const page = await openPage('plain');
    for (const where of ['main', 'worker'] as const) {
      const r = await run(page, where);
      expect(r.crossOriginIsolated).toBe(false);
      expect(r.enabled).toBe(false);
      expect(r.passes).toEqual([0, 0, 0, 0, 0, 0]);
      expect(r.mismatches).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
});
