import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { chooseK } from '../../src/selection/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);

describe('clusterkit choose-k', () => {
  it('--json prints k and the scores per k, equal to the library', () => {
    const r = run(['choose-k', csv, '--method', 'calinski', '--k-min', '2', '--k-max', '8', '--seed', '3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const lib = chooseK(X, { method: 'calinski', kMin: 2, kMax: 8, seed: 3 });
    expect(out.k).toBe(5);
    expect(out.ks).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(out.scores).toEqual(lib.scores);
    expect(out.rule).toBe(lib.rule);
    expect(out.labels).toHaveLength(250);
  });
  it('gap with --n-refs, --reference and --gap-rule; writes the plot and the labels', () => {
    const svg = join(dir, 'k.svg');
    const labels = join(dir, 'labels.csv');
    const r = run([
      'choose-k',
      csv,
      '--method',
      'gap',
      '--k-max',
      '8',
      '--n-refs',
      '4',
      '--reference',
      'uniform',
      '--gap-rule',
      'global-se',
      '--seed',
      '1',
      '--plot',
      svg,
      '--out',
      labels,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/chosen k = 5/);
    expect(readFileSync(svg, 'utf8')).toContain('k = 5');
    expect(readFileSync(labels, 'utf8').split('\n')[0]).toBe('label');
    expect(existsSync(labels)).toBe(true);
  });
  it('bad options exit 2', () => {
    const a = run(['choose-k', csv, '--k-min', '6', '--k-max', '3']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/kMin=6 is larger than kMax=3/);
    const b = run(['choose-k', csv, '--method', 'silhouette', '--k-min', '1']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/kMin/);
    const c = run(['choose-k', csv, '--method', 'nope']);
    expect(c.code).toBe(2);
  });
});
