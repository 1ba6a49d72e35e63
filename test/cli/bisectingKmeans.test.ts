import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);

describe('clusterkit bisecting-kmeans', () => {
  it('--json prints labels, centers and inertia, for both strategies', () => {
    for (const s of ['biggest_inertia', 'largest_cluster']) {
      const r = run(['bisecting-kmeans', csv, '-k', '5', '--bisecting-strategy', s, '--seed', '1', '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.labels).toHaveLength(250);
      expect(out.centers).toHaveLength(5);
      expect(out.inertia).toBeGreaterThan(0);
    }
  });
  it('rejects an unknown strategy with exit code 2', () => {
    const r = run(['bisecting-kmeans', csv, '-k', '3', '--bisecting-strategy', 'largest']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bisecting-strategy/);
  });
});
