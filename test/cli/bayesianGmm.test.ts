import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { BayesianGaussianMixture } from '../../src/mixture/BayesianGaussianMixture.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const data = Array.from({ length: X.rows }, (_, i) => [X.data[i * 2], 10 * X.data[i * 2 + 1] + 50]);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${data.map((r) => r.join(',')).join('\n')}\n`);
/** A fit with few effective components (small weight concentration). */
const FIT = ['bayesian-gmm', csv, '-k', '8', '--seed', '1', '--weight-concentration', '0.001', '--max-iter', '300'];

describe('clusterkit bayesian-gmm', () => {
  it('--json prints labels, weights, means, covariances, lowerBound, converged, nIter, nEffective as the library', () => {
    const r = run([...FIT, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of ['labels', 'weights', 'means', 'covariances', 'lowerBound', 'converged', 'nIter', 'nEffective']) {
      expect(out, key).toHaveProperty(key);
    }
    const m = new BayesianGaussianMixture({
      nComponents: 8,
      seed: 1,
      weightConcentrationPrior: 0.001,
      maxIter: 300,
    }).fit(data);
    expect(out.labels).toEqual(Array.from(m.labels));
    expect(out.lowerBound).toBe(m.lowerBound);
    expect(out.nIter).toBe(m.nIter);
    expect(out.weights).toEqual(Array.from(m.weights));
    expect(out.nEffective).toBe(5);
    expect(out.covariances).toHaveLength(8);
    expect(out.covariances[0]).toHaveLength(2);
    expect(out.weightConcentrationPriorType).toBe('dirichlet_process');
  });

  it('--weight-prior-type, --covariance and --scale: covariances reported in data units and the layout of the type', () => {
    const r = run([
      'bayesian-gmm',
      csv,
      '-k',
      '5',
      '--seed',
      '1',
      '--covariance',
      'diag',
      '--weight-prior-type',
      'dirichlet_distribution',
      '--scale',
      'standard',
      '--n-init',
      '2',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.weightConcentrationPriorType).toBe('dirichlet_distribution');
    expect(out.covariances).toHaveLength(5);
    expect(out.covariances[0]).toHaveLength(2);
    // The y column was stretched 10×: its variances are ~100× those of x in data units.
    const big = out.covariances.filter((_c: number[], i: number) => out.weights[i] > 0.05);
    for (const c of big) expect(c[1] / c[0]).toBeGreaterThan(20);
  });

  it('writes labels, the model (restored by predict) and a PNG plot', () => {
    const out = join(dir, 'labels.csv');
    const model = join(dir, 'bgmm.json');
    const plot = join(dir, 'bgmm.png');
    const r = run([
      'bayesian-gmm',
      csv,
      '-k',
      '6',
      '--seed',
      '2',
      '--out',
      out,
      '--save',
      model,
      '--plot',
      plot,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('label');
    expect(JSON.parse(readFileSync(model, 'utf8')).estimator).toBe('BayesianGaussianMixture');
    expect(existsSync(plot)).toBe(true);
    expect(readFileSync(plot).subarray(1, 4).toString()).toBe('PNG');
    const p = run(['predict', model, csv, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const fitted = readFileSync(out, 'utf8').trim().split('\n').slice(1).map(Number);
    expect(JSON.parse(p.stdout).labels).toEqual(fitted);
  });

  it('prints a summary with the effective components', () => {
    const r = run(FIT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Bayesian Gaussian mixture: n=250 d=2 k≤8/);
    expect(r.stdout).toMatch(/effective components \(weight ≥ 0\.01\): 5 /);
  });

  it('bad input exits 2 with one line on stderr', () => {
    for (const args of [
      ['-k', '0'],
      ['-k', '3', '--weight-concentration', '0'],
      ['-k', '3', '--weight-prior-type', 'pitman_yor'],
      ['-k', '3', '--covariance', 'VVV'],
      ['-k', '300'],
    ]) {
      const r = run(['bayesian-gmm', csv, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
