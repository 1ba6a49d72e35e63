import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const rng = createRng(21);
/** A CSV with header x,y of n rows: two blobs, times `mag`, shifted by `shift` in y. */
function csv(name: string, n: number, mag: number, shift = 0): string {
  const rows = Array.from(
    { length: n },
    (_, i) => `${(rng.nextFloat() + (i % 2) * 4) * mag},${(rng.nextFloat() * 3 + shift) * mag}`,
  );
  return writeTemp(dir, name, `x,y\n${rows.join('\n')}\n`);
}
const big = csv('big.csv', 40, 1e300);
const plain = csv('plain.csv', 60, 10, 100);

function json(args: string[], warnings = false) {
  const r = run(args);
  if (!warnings) expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('CLI on hostile magnitudes and saved densities (issue 21 items 1, 9, 11, 12)', () => {
  it('kmeans on 1e300 data exits 2 with one line naming --scale standard instead of "inertia": "Infinity"', () => {
    const r = run(['kmeans', big, '-k', '2', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--scale standard/);
  });

  it('kmeans --scale standard on 1e300 data gives finite centres in the data units', () => {
    const out = json(['kmeans', big, '-k', '2', '--scale', 'standard', '--seed', '1', '--json']);
    for (const c of out.centers) for (const v of c) expect(Math.abs(v)).toBeGreaterThan(1e298);
    expect(Number.isFinite(out.inertia)).toBe(true);
  });

  it('hierarchical on Gaussian × 1e160 (centroid, ward, no cut) exits 0 with a valid linkage', () => {
    const f = csv('h.csv', 60, 1e160);
    for (const method of ['centroid', 'ward']) {
      const out = json(['hierarchical', f, '--method', method, '--json'], true); // centroid warns of inversions
      expect(out.linkage).toHaveLength(59);
      for (const row of out.linkage) expect(Number.isFinite(row[2])).toBe(true);
      const cut = json(['hierarchical', f, '--method', method, '-k', '2', '--json'], true);
      expect(new Set(cut.labels).size).toBe(2);
    }
  });

  it('predict with a KDE saved with --scale standard gives the log densities of kde --query (the log Jacobian)', () => {
    const model = join(dir, 'kde.json');
    const fit = json(['kde', plain, '--scale', 'standard', '--save', model, '--json']);
    const pred = json(['predict', model, plain, '--json']);
    expect(pred.logDensity).toHaveLength(60);
    for (let i = 0; i < 60; i++) expect(pred.logDensity[i]).toBeCloseTo(fit.logDensity[i], 10);
  });

  it('predict with a GMM saved with --scale standard gives densities whose mean is gmm --json logLikelihood', () => {
    const model = join(dir, 'gmm.json');
    const fit = json(['gmm', plain, '-k', '2', '--scale', 'standard', '--seed', '1', '--save', model, '--json']);
    const pred = json(['predict', model, plain, '--json']);
    const mean = pred.logDensity.reduce((a: number, b: number) => a + b, 0) / pred.logDensity.length;
    expect(mean).toBeCloseTo(fit.logLikelihood, 10);
  });

  it('duplicate column names (a,a) are refused with exit 2 naming both columns, not saved as ["a","a"]', () => {
    const f = writeTemp(dir, 'dup.csv', 'a,a\n0,1\n0,2\n5,1\n5,2\n');
    const r = run(['kmeans', f, '-k', '2', '--save', join(dir, 'dup.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Columns 0 and 1 are both named "a"/);
    const byName = run(['kmeans', f, '-k', '2', '--columns', 'a']);
    expect(byName.code).toBe(2);
    expect(byName.stderr).toMatch(/ambiguous/);
  });
});

describe('CLI --memory-budget (issue 21 item 7)', () => {
  it('a capacity error from the CLI names --memory-budget and --grid, not the library option memoryBudget', () => {
    const r = run(['kde', plain, '--grid', '100000', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/raise --memory-budget/);
    expect(r.stderr).toMatch(/lower --grid/);
    expect(r.stderr).not.toMatch(/memoryBudget/);
  });

  it('--memory-budget (before or after the command) sets the budget the guards use', () => {
    const low = run(['--memory-budget', '100M', 'kde', plain, '--grid', '3000', '--json']);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/over the memory budget of 100\.0 MiB/);
    const after = run(['kde', plain, '--grid', '3000', '--memory-budget', '100M', '--json']);
    expect(after.code).toBe(2);
    const ok = json(['kde', plain, '--grid', '20', '--memory-budget', '1GiB', '--json']);
    expect(ok.grid.density).toHaveLength(400);
  });

  it('a malformed --memory-budget exits 2 with one line', () => {
    const r = run(['--memory-budget', '12Q', 'kmeans', plain, '-k', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/512M, 4G or 8GiB/);
  });
});
