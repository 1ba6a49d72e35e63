/**
 * `npm run docs` builds the API reference from the TSDoc with no warning (typedoc.json sets
 * treatWarningsAsErrors: a broken {@link}, an undocumented-but-referenced type or a stray tag fails it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

it('typedoc builds the API reference without warnings', () => {
  const out = mkdtempSync(join(tmpdir(), 'clusterkit-docs-'));
  try {
    const r = spawnSync(process.execPath, [resolve('node_modules/typedoc/bin/typedoc'), '--out', out], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/warning|error/i);
    expect(r.status).toBe(0);
    for (const page of [
      'index.html',
      'classes/clusterkit.KMeans.html',
      'functions/clusterkit.linkage.html',
      'modules/clusterkit_node.html',
    ]) {
      expect(existsSync(join(out, page)), page).toBe(true);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
