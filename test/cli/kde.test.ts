import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);
const query = writeTemp(dir, 'q.csv', 'x,y\n0,0\n3,3\n10,10\n');

describe('clusterkit kde', () => {
  it('--json prints bandwidth and logDensity per query row, equal to the library (#6)', () => {
    const r = run(['kde', csv, '--bandwidth', '0.5', '--kernel', 'epanechnikov', '--query', query, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.bandwidth).toBe(0.5);
    const lib = new KernelDensity({ bandwidth: 0.5, kernel: 'epanechnikov' }).fit(X).scoreSamples([
      [0, 0],
      [3, 3],
      [10, 10],
    ]);
    expect(out.logDensity.slice(0, 2)).toEqual(Array.from(lib.slice(0, 2)));
    expect(out.logDensity[2]).toBe('-Infinity');
  });

  it('--scale standard reports densities in original units (Jacobian) (#6)', () => {
    const a = JSON.parse(run(['kde', csv, '--bandwidth', 'scott', '--scale-by-covariance', '--json']).stdout);
    const b = JSON.parse(
      run(['kde', csv, '--bandwidth', 'scott', '--scale-by-covariance', '--scale', 'standard', '--json']).stdout,
    );
    // gaussian_kde is affine-equivariant, so both must agree in original units.
    for (let i = 0; i < 5; i++) expect(Math.abs(a.logDensity[i] - b.logDensity[i])).toBeLessThan(1e-9);
  });

  it('--grid and --plot write a grid and an SVG; isj and cv bandwidths work (#6)', () => {
    const svg = join(dir, 'kde.svg');
    const r = run(['kde', csv, '--bandwidth', 'cv', '--grid', '40', '--plot', svg, '--json', '--seed', '1']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.grid.x).toHaveLength(40);
    expect(out.grid.y).toHaveLength(40);
    expect(out.grid.density).toHaveLength(1600);
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
    const one = run(['kde', csv, '--columns', 'x', '--bandwidth', 'isj', '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).bandwidth).toBeGreaterThan(0);
  });

  it('bad input exits 2 with a message: bandwidth ≤ 0, unknown kernel, wrong query columns, NaN (#6)', () => {
    expect(run(['kde', csv, '--bandwidth', '0']).code).toBe(2);
    expect(run(['kde', csv, '--kernel', 'triangle']).code).toBe(2);
    const q3 = writeTemp(dir, 'q3.csv', 'a,b,c\n1,2,3\n');
    const r = run(['kde', csv, '--query', q3]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/columns/);
    const nan = writeTemp(dir, 'nan.csv', 'x,y\n1,2\nNaN,3\n');
    expect(run(['kde', nan]).code).toBe(2);
    expect(run(['kde', csv, '--bandwidth', 'isj']).code).toBe(2);
  });
});

describe('clusterkit mean-shift', () => {
  it('--json prints labels, centers, bandwidth and nIter equal to the library (#6)', () => {
    const r = run(['mean-shift', csv, '--json', '--bin-seeding']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const ms = new MeanShift({ binSeeding: true }).fit(X);
    expect(out.labels).toEqual(Array.from(ms.labels));
    expect(out.centers).toHaveLength(ms.clusterCenters.rows);
    expect(out.bandwidth).toBeCloseTo(ms.bandwidth, 12);
    expect(out.nIter).toBe(ms.nIter);
  });

  it('--out, --plot and --no-cluster-all work; bad bandwidth exits 2 (#6)', () => {
    const out = join(dir, 'labels.csv');
    const svg = join(dir, 'ms.svg');
    const r = run(['mean-shift', csv, '--bandwidth', '1.2', '--no-cluster-all', '--out', out, '--plot', svg]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('label');
    expect(existsSync(svg)).toBe(true);
    expect(run(['mean-shift', csv, '--bandwidth', '-1']).code).toBe(2);
  });
});
