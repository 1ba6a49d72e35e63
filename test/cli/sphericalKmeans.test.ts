import { describe, expect, it } from 'vitest';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const lines: string[] = [];
for (let i = 1; i <= 20; i++) lines.push(`${i},${0.05 * i},0.1`, `${0.05 * i},${i},0.1`);
const csv = writeTemp(dir, 'emb.csv', `a,b,c\n${lines.join('\n')}\n`);

describe('clusterkit spherical-kmeans', () => {
  it('--json prints labels, unit-norm centers and the cosine inertia', () => {
    const r = run(['spherical-kmeans', csv, '-k', '2', '--seed', '0', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels).toHaveLength(40);
    for (let i = 2; i < 40; i += 2) expect(out.labels[i]).toBe(out.labels[0]);
    expect(out.labels[1]).not.toBe(out.labels[0]);
    for (const c of out.centers) expect(Math.hypot(...c)).toBeCloseTo(1, 12);
  });
  it('rejects a zero row with exit code 2 and names it', () => {
    const bad = writeTemp(dir, 'zero.csv', 'a,b\n1,2\n0,0\n3,1\n');
    const r = run(['spherical-kmeans', bad, '-k', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/zero vector/);
  });
});
