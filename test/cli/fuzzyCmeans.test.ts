import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);

describe('clusterkit fuzzy-cmeans', () => {
  it('--json prints labels, centers, memberships and the quality figures', () => {
    const r = run(['fuzzy-cmeans', csv, '-k', '5', '--m', '1.8', '--seed', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels).toHaveLength(250);
    expect(out.centers).toHaveLength(5);
    expect(out.memberships[0]).toHaveLength(5);
    expect(out.partitionCoefficient).toBeGreaterThan(0.2);
    expect(out.partitionCoefficient).toBeLessThanOrEqual(1);
    expect(out.objective).toBeGreaterThan(0);
  });
  it('rejects --m 1 with exit code 2 naming the option', () => {
    const r = run(['fuzzy-cmeans', csv, '-k', '3', '--m', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--m/);
  });
});
