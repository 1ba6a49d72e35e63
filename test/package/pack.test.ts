/**
 * The package as a user gets it: `npm pack` the built tree, install the tarball into an empty folder with npm,
 * then (1) run the installed `clusterkit` bin on a CSV, (2) `import { KMeans } from 'clusterkit'` and
 * `clusterkit/node` in Node, (3) build a page that imports `clusterkit` with Vite and run it in Chromium
 * (/usr/bin/chromium or $CHROMIUM_PATH). Dependencies come from npm's cache that `npm ci` filled
 * (`--prefer-offline`), so the test needs the registry only for what the cache lacks.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
let work = '';
let app = '';

function sh(cmd: string, args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'clusterkit-pack-'));
  // --ignore-scripts: `npm test` has just built dist/; rebuilding here would rewrite files other tests import.
  const pack = sh('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], repo);
  expect(pack.code, pack.stderr).toBe(0);
  const tarball = join(work, pack.stdout.trim().split('\n').pop() as string);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  expect(install.code, install.stderr).toBe(0);
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('npm pack → npm install in an empty folder', () => {
  it('ships dist and the README, not the sources, tests or fixtures', () => {
    const files = readdirSync(join(app, 'node_modules', 'clusterkit'));
    expect(files).toEqual(expect.arrayContaining(['dist', 'README.md', 'package.json']));
    expect(files).not.toContain('src');
    expect(files).not.toContain('test');
  });

  it('the installed clusterkit bin clusters a CSV', () => {
    const csv = ['x,y', '0,0', '0.1,0', '0,0.1', '10,10', '10.1,10', '10,10.1'].join('\n');
    writeFileSync(join(app, 'points.csv'), `${csv}\n`);
    const r = sh(
      join(app, 'node_modules', '.bin', 'clusterkit'),
      ['kmeans', 'points.csv', '-k', '2', '--seed', '1', '--json'],
      app,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { labels: number[]; inertia: number };
    expect(new Set(out.labels.slice(0, 3)).size).toBe(1);
    expect(out.labels[0]).not.toBe(out.labels[3]);
    expect(out.inertia).toBeCloseTo(4 * (0.1 * 0.1 * (2 / 3)), 10);
  });

  it('import { KMeans } from "clusterkit" and clusterkit/node work in Node', () => {
    const script = [
      "import { KMeans, makeBlobs } from 'clusterkit';",
      "import { readDataFile } from 'clusterkit/node';",
      'const { X } = makeBlobs({ nSamples: 60, centers: [[0, 0], [8, 8]], seed: 3 });',
      'const km = new KMeans({ nClusters: 2, seed: 0 }).fit(X);',
      "const t = await readDataFile('points.csv');",
      'console.log(JSON.stringify({ k: km.clusterCenters.rows, rows: t.X.rows }));',
    ].join('\n');
    writeFileSync(join(app, 'check.mjs'), script);
    const r = sh(process.execPath, ['check.mjs'], app);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ k: 2, rows: 6 });
  });

  it('a Vite browser build that imports clusterkit runs in Chromium', async () => {
    const page = join(app, 'web');
    mkdirSync(page);
    writeFileSync(
      join(page, 'index.html'),
      '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>',
    );
    writeFileSync(
      join(page, 'main.js'),
      [
        "import { KMeans, makeBlobs, silhouetteScore } from 'clusterkit';",
        'const { X, y } = makeBlobs({ nSamples: 150, centers: [[0, 0], [6, 6], [-6, 6]], seed: 7 });',
        'const km = new KMeans({ nClusters: 3, seed: 1 }).fit(X);',
        'document.body.dataset.result = JSON.stringify({ n: km.labels.length, s: silhouetteScore(X, km.labels) > 0.5 });',
      ].join('\n'),
    );
    const outDir = join(work, 'web-dist');
    await build({ root: page, logLevel: 'silent', build: { outDir, emptyOutDir: true }, configFile: false });
    const server: Server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
      try {
        if (!file.startsWith(outDir)) throw new Error('outside');
        const body = readFileSync(file);
        const type = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' }[extname(file)];
        res.writeHead(200, { 'Content-Type': type ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
    const errors: string[] = [];
    try {
      const tab = await browser.newPage();
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`http://127.0.0.1:${port}/`);
      await tab.waitForFunction(() => document.body.dataset.result !== undefined, null, { timeout: 30_000 });
      const result = await tab.evaluate(() => document.body.dataset.result);
      expect(JSON.parse(result as string)).toEqual({ n: 150, s: true });
    } finally {
      await browser.close();
      server.close();
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
