/**
 * The examples in examples/ run as a user runs them (`npx tsx examples/NAME.ts OUTDIR`, importing the
 * package by its name) and do what their comments say.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'clusterkit-examples-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runExample(name: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('examples', `${name}.ts`), out], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('examples/', () => {
  it('embeddings: spherical k-means recovers the topics that Euclidean k-means mixes up', () => {
    const stdout = runExample('embeddings');
    const ari = (label: string) =>
      Number(new RegExp(`${label}\\s+ARI against the topics: ([\\d.]+)`).exec(stdout)?.[1]);
    expect(ari('spherical k-means')).toBeGreaterThan(0.95);
    expect(ari('k-means \\(Euclidean\\)')).toBeLessThan(0.8);
    expect(readFileSync(join(out, 'embeddings.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('map-points: DBSCAN with haversine finds the three cities; breaks give five ordered classes', () => {
    const stdout = runExample('map-points');
    expect(stdout).toMatch(/3 hot spots/);
    for (const [lat, lon] of [
      [45.76, 4.84],
      [45.19, 5.72],
      [45.44, 4.39],
    ]) {
      const near = [...stdout.matchAll(/around \(([\d.]+), ([\d.]+)\)/g)].some(
        (m) => Math.abs(Number(m[1]) - lat) < 0.01 && Math.abs(Number(m[2]) - lon) < 0.01,
      );
      expect(near).toBe(true);
    }
    const sizes = [...stdout.matchAll(/per 1 000: (\d+) districts/g)].map((m) => Number(m[1]));
    expect(sizes).toHaveLength(5);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(120);
    expect(existsSync(join(out, 'map-points.svg'))).toBe(true);
  });

  it('colour-quantisation: the after image uses exactly k colours and stays close to the original', () => {
    const stdout = runExample('colour-quantisation');
    const before = decode(readFileSync(join(out, 'before.png')));
    const after = decode(readFileSync(join(out, 'after.png')));
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    const colours = new Set<number>();
    for (let i = 0; i < after.width * after.height; i++) {
      const p = i * after.channels;
      colours.add((after.data[p] << 16) | (after.data[p + 1] << 8) | after.data[p + 2]);
    }
    expect(colours.size).toBe(8);
    const rmse = Number(/root-mean-square error per channel: ([\d.]+)/.exec(stdout)?.[1]);
    expect(rmse).toBeGreaterThan(0);
    expect(rmse).toBeLessThan(12);
  });

  it('customers: Gower + k-medoids picks k by silhouette and writes the report', () => {
    const stdout = runExample('customers');
    const scores = [...stdout.matchAll(/k = (\d): mean silhouette ([\d.]+)/g)].map((m) => Number(m[2]));
    const chosen = Number(/chosen k = (\d)/.exec(stdout)?.[1]);
    expect(scores).toHaveLength(5);
    expect(scores[chosen - 2]).toBe(Math.max(...scores));
    const html = readFileSync(join(out, 'customers.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html.match(/<tr><td>segment \d/g)).toHaveLength(chosen);
  });
});
