/**
 * The browser worker pool in Debian's chromium via playwright-core: a test page (test/browser/page, built
 * with vite's JS API) is served twice from one local server — under /iso/ with COOP/COEP headers (cross-origin
 * isolated: the pool runs) and under /plain/ without them (enableWorkerPool returns false, one thread). On each,
 * k-means fits (Lloyd f64 and f32, Elkan, Hamerly) with the pool, on one wasm thread and on the TypeScript kernels
 * must agree bit for bit, on the page's
 * main thread (the pool spins on Atomics.load) and inside a module worker (Atomics.wait). The playground itself
 * (vite preview with its COOP/COEP headers) must start the pool from its compute worker. Chromium:
 * /usr/bin/chromium, or $CHROMIUM_PATH.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolReport } from './page/poolCase.js';

const pageDir = resolve(import.meta.dirname, 'page');
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
  page.evaluate((w) => (window as unknown as { runPool: (w: string) => Promise<PoolReport> }).runPool(w), where);

describe('worker pool in the browser', () => {
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'clusterkit-poolpage-'));
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

  it('cross-origin isolated: the pool runs, on the main thread and in a worker, and the fits equal one thread', async () => {
    const page = await openPage('iso');
    for (const where of ['main', 'worker'] as const) {
      const r = await run(page, where);
      if (process.env.POOL_DEBUG) process.stderr.write(`${JSON.stringify(r)}\n`);
      expect(r.where).toBe(where);
      expect(r.crossOriginIsolated).toBe(true);
      expect(r.wasm).toBe(true);
      expect(r.variant).not.toBeNull();
      expect(r.enabled).toBe(true);
      expect(r.ready).toBe(true);
      // every Lloyd pass of both restarts, plus the final assignment where the fit stopped at maxIter
      // Lloyd, Hamerly, Lloyd, Elkan: the worker ran every pass of both restarts
      for (let c = 0; c < r.passes.length; c++) expect(r.passes[c]).toBeGreaterThanOrEqual(r.nIter[c]);
      // the worker follows the precision setting: f32 for the d = 40 Lloyd case only (its passes also count the
      // k-means++ seeding's calls on the worker, which are not assignment passes)
      expect([r.f32Passes[0], r.f32Passes[1], r.f32Passes[3]]).toEqual([0, 0, 0]);
      expect(r.f32Passes[2]).toBeGreaterThanOrEqual(r.nIter[2]);
      expect(r.f32Passes[2]).toBeLessThanOrEqual(r.passes[2]);
      expect(r.mismatches).toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it('the playground (vite preview, its COOP/COEP headers) is isolated and its compute worker starts the pool', async () => {
    const configFile = resolve(import.meta.dirname, '../../playground/vite.config.ts');
    const pgOut = mkdtempSync(join(tmpdir(), 'clusterkit-pg-pool-'));
    await build({ configFile, logLevel: 'error', build: { outDir: pgOut, emptyOutDir: true } });
    const pg = await preview({
      configFile,
      logLevel: 'error',
      build: { outDir: pgOut },
      preview: { host: '127.0.0.1', port: 0, open: false },
    });
    try {
      const page = await (browser as Browser).newPage();
      const workers: string[] = [];
      page.on('worker', (w) => workers.push(w.url()));
      await page.goto(pg.resolvedUrls?.local[0] ?? '');
      await page.waitForFunction(() => Number(document.body.dataset.completed) >= 1, null, { timeout: 20_000 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      // the compute worker (a vite asset) and, nested in it, the pool's module worker (its entry, a vite asset too)
      await expect
        .poll(() => workers.some((u) => /\/assets\/poolWorker-[^/]+\.js$/.test(u)), { timeout: 10_000 })
        .toBe(true);
      expect(workers.some((u) => /\/assets\/worker-[^/]+\.js$/.test(u))).toBe(true);
    } finally {
      await pg.close();
      rmSync(pgOut, { recursive: true, force: true });
    }
  });

  it('not isolated: enableWorkerPool returns false and the fits run on one thread, equal to the reference', async () => {
    const page = await openPage('plain');
    for (const where of ['main', 'worker'] as const) {
      const r = await run(page, where);
      expect(r.crossOriginIsolated).toBe(false);
      expect(r.enabled).toBe(false);
      expect(r.ready).toBe(false);
      expect(r.passes).toEqual([0, 0, 0, 0]);
      expect(r.f32Passes).toEqual([0, 0, 0, 0]);
      expect(r.mismatches).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
});
