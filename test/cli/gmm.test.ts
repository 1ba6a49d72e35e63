import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
// Stretch the second column so that --scale matters.
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${10 * X.data[i * 2 + 1] + 50}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);
const meansFile = writeTemp(dir, 'means.csv', '0,50\n3,80\n3,20\n-3,80\n-3,20\n');

describe('clusterkit gmm', () => {
  it('--json prints labels, weights, means, covariances, logLikelihood, bic, aic, converged, nIter', () => {
    const r = run(['gmm', csv, '-k', '5', '--seed', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of [
      'labels',
      'weights',
      'means',
      'covariances',
      'logLikelihood',
      'bic',
      'aic',
      'converged',
      'nIter',
    ]) {
      expect(out, key).toHaveProperty(key);
    }
    expect(out.labels).toHaveLength(250);
    expect(out.weights).toHaveLength(5);
    expect(out.covariances).toHaveLength(5);
    expect(out.covariances[0]).toHaveLength(2);
    // Same as the library with the same options.
    const gm = new GaussianMixture({ nComponents: 5, seed: 1 }).fit(rows.map((l) => l.split(',').map(Number)));
    expect(out.logLikelihood).toBeCloseTo(gm.score(rows.map((l) => l.split(',').map(Number))), 10);
    expect(out.bic).toBeCloseTo(gm.bic(rows.map((l) => l.split(',').map(Number))), 8);
    expect(out.labels).toEqual(Array.from(gm.labels));
  });

  it('--covariance sets the layout of covariances (tied d×d, diag k×d, spherical k)', () => {
    const shapes: Record<string, (c: unknown) => boolean> = {
      tied: (c) => Array.isArray(c) && c.length === 2 && Array.isArray(c[0]) && c[0].length === 2,
      diag: (c) => Array.isArray(c) && c.length === 5 && Array.isArray(c[0]) && c[0].length === 2,
      spherical: (c) => Array.isArray(c) && c.length === 5 && typeof c[0] === 'number',
    };
    for (const [type, ok] of Object.entries(shapes)) {
      const r = run(['gmm', csv, '-k', '5', '--seed', '1', '--covariance', type, '--json']);
      expect(r.code, type).toBe(0);
      expect(ok(JSON.parse(r.stdout).covariances), type).toBe(true);
    }
  });

  it('--means-init with --scale standard reports the same model in data units as the unscaled fit', () => {
    // The seed is fixed: as in scikit-learn, --means-init sets only the means; the initial weights and covariances
    // still come from the seeded k-means responsibilities. tol 1e-12 runs both fits to the same optimum; what is left
    // (~1e-5 relative) is reg-covar being added in scaled units in one fit and in data units in the other.
    const fit = ['--means-init', meansFile, '--seed', '1', '--tol', '1e-12', '--max-iter', '500'];
    const common = ['gmm', csv, '-k', '5', ...fit];
    const a = JSON.parse(run([...common, '--json']).stdout);
    const b = JSON.parse(run([...common, '--scale', 'standard', '--json']).stdout);
    expect(a.converged && b.converged).toBe(true);
    expect(b.labels).toEqual(a.labels);
    for (let c = 0; c < 5; c++) {
      expect(b.means[c][0]).toBeCloseTo(a.means[c][0], 4);
      expect(b.means[c][1]).toBeCloseTo(a.means[c][1], 3);
      expect(b.covariances[c][1][1] / a.covariances[c][1][1]).toBeCloseTo(1, 4);
    }
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 5);
    expect(b.bic).toBeCloseTo(a.bic, 2);
    expect(a.means[1][0]).toBeCloseTo(3, 0);
  });

  it('writes labels, the model and a plot with 1σ/2σ ellipses', () => {
    const out = join(dir, 'labels.csv');
    const model = join(dir, 'model.json');
    const plot = join(dir, 'gmm.svg');
    const r = run(['gmm', csv, '-k', '5', '--seed', '2', '--out', out, '--save', model, '--plot', plot, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('label');
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.estimator).toBe('GaussianMixture');
    expect(GaussianMixture.fromJSON(saved).options.nComponents).toBe(5);
    const svg = readFileSync(plot, 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('class="ellipses"');
  });

  it('prints a human summary by default', () => {
    const r = run(['gmm', csv, '-k', '3', '--seed', '0', '--n-init', '2', '--reg-covar', '1e-4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Gaussian mixture: n=250 d=2 k=3 covariance=full/);
    expect(r.stdout).toMatch(/BIC/);
  });

  it('bad input exits 2 with a message: k > n, bad covariance, bad means file, negative reg-covar', () => {
    const big = run(['gmm', csv, '-k', '300']);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/n_samples = 250|n_samples=250/);
    expect(run(['gmm', csv, '-k', '2', '--covariance', 'VVV']).code).toBe(2);
    const wrong = writeTemp(dir, 'wrong.csv', '0,0,0\n1,1,1\n');
    const r = run(['gmm', csv, '-k', '2', '--means-init', wrong]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/3 columns but the data has 2/);
    const rowsBad = run(['gmm', csv, '-k', '3', '--means-init', meansFile]);
    expect(rowsBad.code).toBe(2);
    expect(rowsBad.stderr).toMatch(/5 rows but -k is 3/);
    expect(run(['gmm', csv, '-k', '2', '--reg-covar', '-1']).code).toBe(2);
    const nan = writeTemp(dir, 'nan.csv', 'x,y\n1,2\n3,NaN\n4,5\n');
    expect(run(['gmm', nan, '-k', '1']).code).toBe(2);
  });
});
