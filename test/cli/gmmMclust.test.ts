import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { loadMclust } from '../mixture/mclustFixtures.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const fx = loadMclust('iris');
const X = fx.input.X;
const csv = writeTemp(dir, 'iris.csv', `a,b,c,d\n${X.map((r) => r.join(',')).join('\n')}\n`);

describe('clusterkit gmm with mclust models', () => {
  it('--model VEV fits mclust VEV: --json adds model, nComponents, bicMclust, icl (keys kept)', () => {
    const r = run(['gmm', csv, '-k', '3', '--model', 'VEV', '--seed', '0', '--json']);
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
    expect(out.model).toBe('VEV');
    expect(out.nComponents).toBe(3);
    expect(out.covariances).toHaveLength(3);
    expect(out.covariances[0]).toHaveLength(4);
    const gm = new GaussianMixture({ nComponents: 3, covarianceType: 'VEV', seed: 0 }).fit(X);
    expect(out.bicMclust).toBeCloseTo(gm.bicMclust(X), 6);
    expect(out.icl).toBeCloseTo(gm.icl(X), 6);
  });

  it("--select prints mclust's BIC table (NA rows, best marked) and keeps the model Mclust chooses", () => {
    const r = run(['gmm', csv, '--select']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/BIC \(mclust's sign: higher is better\)/);
    expect(r.stdout).toMatch(/\*-561\.728/);
    expect(r.stdout).toMatch(/ NA /);
    expect(r.stdout).toMatch(/best \(\*\): VEV, G=2/);
    const j = JSON.parse(run(['gmm', csv, '--select', '--json']).stdout);
    expect(j.model).toBe(fx.expected.select.best.model);
    expect(j.nComponents).toBe(fx.expected.select.best.G);
    expect(j.selection.table).toHaveLength(14 * 9);
    const vev2 = j.selection.table.find(
      (t: { model: string; nComponents: number }) => t.model === 'VEV' && t.nComponents === 2,
    );
    expect(vev2.best).toBe(true);
    expect(Math.abs(vev2.bicMclust - fx.expected.select.best.bic)).toBeLessThanOrEqual(1e-6 * 600);
    const na = j.selection.table.filter((t: { bicMclust: number | null }) => t.bicMclust === null);
    expect(na.length).toBe(fx.expected.select.table.filter((t) => t.bic === null).length);
    for (const t of na) expect(t.warning).toMatch(/singular|empty/);
  });

  it('--select --model EII -k 4 restricts the table', () => {
    const j = JSON.parse(run(['gmm', csv, '--select', '--model', 'EII', '-k', '4', '--json']).stdout);
    expect(j.selection.table.map((t: { model: string }) => t.model)).toEqual(['EII', 'EII', 'EII', 'EII']);
  });

  it("--prior fits with mclust's conjugate prior (--json prior: true, equals the library fit); --select --prior drops VEE/EVE/VVE/EVV", () => {
    const r = run(['gmm', csv, '-k', '3', '--model', 'EEV', '--prior', '--seed', '0', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.prior).toBe(true);
    const gm = new GaussianMixture({ nComponents: 3, covarianceType: 'EEV', prior: true, seed: 0 }).fit(X);
    expect(out.bicMclust).toBeCloseTo(gm.bicMclust(X), 6);
    expect(JSON.parse(run(['gmm', csv, '-k', '3', '--json', '--seed', '0']).stdout).prior).toBe(false);
    const j = JSON.parse(run(['gmm', csv, '--select', '--prior', '-k', '3', '--json']).stdout);
    const models = new Set(j.selection.table.map((t: { model: string }) => t.model));
    expect(models.has('VEE') || models.has('EVE') || models.has('VVE') || models.has('EVV')).toBe(false);
    expect(models.size).toBe(10);
    const bad = run(['gmm', csv, '-k', '3', '--model', 'EVE', '--prior']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/mclust has no prior for EVE/);
  });

  it('bad input exits 2 with one line: unknown model (lists the 14), G > n, no -k, singular data', () => {
    const bad = run(['gmm', csv, '-k', '3', '--model', 'VXV']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV/);
    const big = run(['gmm', csv, '-k', '151', '--model', 'VEV']);
    expect(big.code).toBe(2);
    expect(big.stderr.trim().split('\n')).toHaveLength(1);
    expect(run(['gmm', csv]).stderr).toMatch(/-k N/);
    expect(run(['gmm', csv, '--select', '-k', '200']).code).toBe(2);
    const sing = writeTemp(dir, 'sing.csv', 'a,b\n0,0\n0,0\n0,0\n0,0\n1,1\n2,2\n3,3\n');
    const s = run(['gmm', sing, '-k', '2', '--model', 'EVE', '--reg-covar', '0', '--seed', '0']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/EVE.*NA \(singular covariance\)/);
    expect(run(['gmm', csv, '-k', '2', '--model', 'VEV', '--covariance', 'full']).code).toBe(2);
  });
});
