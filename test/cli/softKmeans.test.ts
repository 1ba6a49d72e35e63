import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);

describe('clusterkit soft-kmeans', () => {
  it('--json prints labels, centers and memberships (rows sum to 1)', () => {
    const r = run(['soft-kmeans', csv, '-k', '5', '--beta', '2', '--seed', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels).toHaveLength(250);
    expect(out.centers).toHaveLength(5);
    expect(out.memberships).toHaveLength(250);
    for (const row of out.memberships)
      expect(Math.abs(row.reduce((a: number, b: number) => a + b, 0) - 1)).toBeLessThan(1e-12);
  });
  it('--out writes label and p0..pk-1 columns', () => {
    const out = join(dir, 'soft.csv');
    const r = run(['soft-kmeans', csv, '-k', '3', '--seed', '1', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('label,p0,p1,p2');
  });
  it('rejects --beta 0 with exit code 2 naming the option', () => {
    const r = run(['soft-kmeans', csv, '-k', '3', '--beta', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--beta/);
  });
});
