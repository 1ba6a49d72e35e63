import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIris } from '../../src/datasets/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const iris = loadIris();
const lines = ['sl,sw,pl,pw,species'];
for (let i = 0; i < 150; i++)
  lines.push(`${Array.from(iris.X.data.subarray(i * 4, i * 4 + 4)).join(',')},${iris.targetNames?.[iris.y[i]]}`);
const csv = writeTemp(dir, 'iris.csv', `${lines.join('\n')}\n`);

describe('clusterkit report', () => {
  it('writes one self-contained HTML file and prints the summary', () => {
    const out = join(dir, 'r.html');
    const r = run([
      'report',
      csv,
      '--truth-column',
      'species',
      '-k',
      '3',
      '--seed',
      '0',
      '--k-max',
      '5',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.k).toBe(3);
    expect(s.kmeans.adjustedRand).toBeGreaterThan(0.6);
    expect(s.report).toBe(out);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Contingency table');
  });
  it('never overwrites its input and rejects an empty k range', () => {
    const before = readFileSync(csv, 'utf8');
    expect(run(['report', csv, '--out', csv, '--truth-column', 'species']).code).toBe(2);
    expect(readFileSync(csv, 'utf8')).toBe(before);
    const r = run(['report', csv, '--k-min', '6', '--k-max', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--k-min \(6\) must be <= --k-max \(3\)/);
    expect(existsSync(join(dir, 'clusterkit-report.html'))).toBe(false);
  });
  it('--gallery writes the toy-data gallery; a bad --out exits 2', () => {
    const out = join(dir, 'x.html');
    const r = run(['report', '--gallery', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<td class="cell"/g)).toHaveLength(30);
    expect(run(['report', '--gallery', '--out', join(dir, 'missing', 'dir', 'x.html')]).code).toBe(2);
    expect(run(['report', '--gallery', '--out', join(dir, 'x.csv')]).code).toBe(2);
    expect(run(['report', '--gallery', csv]).code).toBe(2);
    expect(run(['report']).code).toBe(2);
  });
});
