import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../medoidsFixtures.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
interface PamFixture {
  input: { X: number[][] };
  expected: { medoids: number[]; rowMedoid: number[]; objective: number[] };
}
const pam = loadFixture('pam_original_ruspini_k4') as unknown as PamFixture;
const csv = writeTemp(dir, 'ruspini.csv', `x,y\n${pam.input.X.map((r) => r.join(',')).join('\n')}\n`);
const mixed = writeTemp(
  dir,
  'customers.csv',
  'age,plan,country,churned\n25,basic,DE,no\n27,basic,DE,no\n,basic,FR,no\n61,pro,IT,yes\n65,pro,IT,NA\n63,pro,ES,yes\n',
);

describe('clusterkit kmedoids / clara', () => {
  it('kmedoids --method pam --json gives R pam’s medoids, and the objective as inertia / n', () => {
    const r = run(['kmedoids', csv, '-k', '4', '--method', 'pam', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect([...out.medoids].sort((a: number, b: number) => a - b)).toEqual(
      [...pam.expected.medoids].sort((a, b) => a - b),
    );
    expect(out.labels.map((c: number) => out.medoids[c])).toEqual(pam.expected.rowMedoid);
    expect(out.inertia / 75).toBeCloseTo(pam.expected.objective[1], 10);
    expect(out.centers[0]).toEqual(pam.input.X[out.medoids[0]]);
  });
  it('kmedoids writes labels and a scatter plot with the medoids marked; predict reads the saved model', () => {
    const out = join(dir, 'labels.csv');
    const plot = join(dir, 'medoids.svg');
    const model = join(dir, 'kmedoids.json');
    const r = run(['kmedoids', csv, '-k', '4', '--out', out, '--plot', plot, '--save', model, '--quiet']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(76);
    expect(readFileSync(plot, 'utf8')).toContain('<svg');
    const again = join(dir, 'again.csv');
    expect(run(['predict', model, csv, '--out', again]).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
  it('--metric gower clusters mixed columns, text as categories and NA as missing', () => {
    for (const command of ['kmedoids', 'clara']) {
      const r = run([command, mixed, '-k', '2', '--metric', 'gower', '--json', '--seed', '1']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.labels[0]).toBe(out.labels[1]);
      expect(out.labels[0]).not.toBe(out.labels[3]);
      expect(out.centers).toHaveLength(2);
    }
    const human = run(['kmedoids', mixed, '-k', '2', '--metric', 'gower']);
    expect(human.stdout).toMatch(/medoid rows \(0-based\)/);
  });
  it('kmedoids --metric precomputed reads a square matrix and refuses an asymmetric one', () => {
    const D = [
      [0, 1, 5, 6],
      [1, 0, 5, 6],
      [5, 5, 0, 1],
      [6, 6, 1, 0],
    ];
    const sq = writeTemp(dir, 'd.csv', `${D.map((r) => r.join(',')).join('\n')}\n`);
    const r = run(['kmedoids', sq, '-k', '2', '--metric', 'precomputed', '--no-header', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels[0]).toBe(out.labels[1]);
    expect(out.labels[0]).not.toBe(out.labels[2]);
    expect(out.inertia).toBe(2);
    expect(out.centers).toBeNull();
    D[0][3] = 7;
    const bad = writeTemp(dir, 'bad.csv', `${D.map((row) => row.join(',')).join('\n')}\n`);
    const b = run(['kmedoids', bad, '-k', '2', '--metric', 'precomputed', '--no-header']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/not symmetric/);
    const neg = writeTemp(dir, 'neg.csv', '0,-1\n-1,0\n');
    expect(run(['kmedoids', neg, '-k', '1', '--metric', 'precomputed', '--no-header']).stderr).toMatch(/>= 0/);
  });
  it('clara --json reports medoids, centers and inertia', () => {
    const r = run(['clara', csv, '-k', '4', '--samples', '3', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.medoids).toHaveLength(4);
    expect(out.inertia / 75).toBeLessThan(pam.expected.objective[1] * 1.2);
  });
  it('bad input exits 2 with one line', () => {
    for (const args of [
      ['kmedoids', csv, '-k', '80'],
      ['kmedoids', mixed, '-k', '2'],
      ['kmedoids', mixed, '-k', '2', '--metric', 'gower', '--plot', join(dir, 'x.svg')],
      ['clara', csv, '-k', '75'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const allMissing = writeTemp(dir, 'empty.csv', 'a,b\nNA,x\nNA,y\n');
    const r = run(['kmedoids', allMissing, '-k', '1', '--metric', 'gower']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Column a has no value in any row/);
  });
});

describe('clusterkit breaks', () => {
  const f = loadFixture('breaks_fisher_normal200_k5') as unknown as {
    input: { values: number[] };
    expected: { breaks: number[]; labels: number[] };
  };
  const col = writeTemp(dir, 'values.csv', `v\n${f.input.values.join('\n')}\n`);
  it('--method fisher --json gives classInt’s breaks', () => {
    const r = run(['breaks', col, '-k', '5', '--method', 'fisher', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (let i = 0; i < out.breaks.length; i++) expect(out.breaks[i]).toBeCloseTo(f.expected.breaks[i], 10);
    expect(out.labels).toEqual(f.expected.labels);
    expect(out.sizes.reduce((a: number, b: number) => a + b, 0)).toBe(200);
  });
  it('prints the classes, and refuses more than one column', () => {
    const r = run(['breaks', col, '-k', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/method=ckmeans/);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    const two = run(['breaks', csv, '-k', '3']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/pick one with --columns/);
    expect(run(['breaks', csv, '-k', '3', '--columns', 'y']).code).toBe(0);
  });
});
