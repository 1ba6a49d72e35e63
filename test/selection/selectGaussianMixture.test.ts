import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { demoBlobs, loadIris } from '../../src/datasets/index.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';

interface SelectionFixture {
  input: { X: number[][] | string };
  expected: {
    table: { k: number; covarianceType: string; bic: number; aic: number }[];
    best: { k: number; covarianceType: string; bic: number };
  };
}
const load = (name: string): SelectionFixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/mixture/${name}.json`, import.meta.url), 'utf8')) as SelectionFixture;

describe('selectGaussianMixture', () => {
  for (const name of ['iris', 'demo'] as const) {
    it(`selectGaussianMixture(${name}, kMax 6, nInit 10) chooses scikit-learn's model and its BIC table agrees to 0.5 %`, () => {
      const fx = load(`gmm_selection_${name}`);
      const X = name === 'iris' ? loadIris().X : (fx.input.X as number[][]);
      const sel = selectGaussianMixture(X, { kMin: 1, kMax: 6, nInit: 10, seed: 0 });
      expect(sel.table).toHaveLength(24);
      expect(sel.best.k).toBe(fx.expected.best.k);
      expect(sel.best.covarianceType).toBe(fx.expected.best.covarianceType);
      expect(Math.abs(sel.best.bic - fx.expected.best.bic)).toBeLessThanOrEqual(1e-6 * Math.abs(fx.expected.best.bic));
      for (const ref of fx.expected.table) {
        const row = sel.table.find((r) => r.k === ref.k && r.covarianceType === ref.covarianceType);
        expect(row, `${ref.covarianceType} k=${ref.k}`).toBeDefined();
        // Different random starts may land in different local optima; the BIC must still be as good within 0.5 %.
        expect(row?.bic as number, `${ref.covarianceType} k=${ref.k}`).toBeLessThanOrEqual(
          ref.bic + 0.005 * Math.abs(ref.bic),
        );
      }
      expect(sel.model.options.nComponents).toBe(sel.best.k);
      expect(sel.model.bic(X)).toBeCloseTo(sel.best.bic, 8);
    });
  }

  it('each row equals a GaussianMixture fitted with the same options and seed', () => {
    const { X } = demoBlobs(4);
    const sel = selectGaussianMixture(X, { kMin: 2, kMax: 4, covarianceTypes: ['diag', 'full'], seed: 7 });
    expect(sel.table.map((r) => `${r.covarianceType}${r.k}`)).toEqual([
      'diag2',
      'diag3',
      'diag4',
      'full2',
      'full3',
      'full4',
    ]);
    for (const r of sel.table) {
      const gm = new GaussianMixture({ nComponents: r.k, covarianceType: r.covarianceType, seed: 7 }).fit(X);
      expect(r.bic).toBe(gm.bic(X));
      expect(r.aic).toBe(gm.aic(X));
      expect(r.nParameters).toBe(gm.nParameters);
    }
    const byAic = selectGaussianMixture(X, {
      kMin: 2,
      kMax: 4,
      covarianceTypes: ['diag', 'full'],
      seed: 7,
      criterion: 'aic',
    });
    const minAic = Math.min(...byAic.table.map((r) => r.aic));
    expect(byAic.best.aic).toBe(minAic);
  });

  it('a fit that fails numerically is kept in the table with NaN and its error', () => {
    // Three groups of identical points: with regCovar 0, more than three components (or diag/spherical on a
    // constant column) cannot have a positive-definite covariance.
    const X: number[][] = [];
    for (let t = 0; t < 5; t++) X.push([0, 0], [4, 1], [1, 5]);
    const sel = selectGaussianMixture(X, { kMin: 1, kMax: 4, covarianceTypes: ['full'], regCovar: 0, seed: 1 });
    const failed = sel.table.filter((r) => r.error !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(Number.isNaN(r.bic)).toBe(true);
      expect(r.error).toMatch(/regCovar/);
    }
    expect(Number.isFinite(sel.best.bic)).toBe(true);
  });

  it('onProgress counts every fit (models × numbers of components) and changes nothing', () => {
    const X = loadIris().X;
    const calls: [number, number][] = [];
    const opts = { kMin: 1, kMax: 3, covarianceTypes: ['full', 'diag'] as const, seed: 0 };
    const sel = selectGaussianMixture(X, { ...opts, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([1, 2, 3, 4, 5, 6].map((i) => [i, 6]));
    expect(sel.table).toEqual(selectGaussianMixture(X, opts).table);
  });
  it('bad options: kMin > kMax, kMin > n, unknown covariance type, empty list', () => {
    const X = demoBlobs(0).X;
    expect(() => selectGaussianMixture(X, { kMin: 5, kMax: 3 })).toThrow(ValidationError);
    expect(() => selectGaussianMixture([[0], [1]], { kMin: 3 })).toThrow(/kMin=3/);
    expect(() => selectGaussianMixture(X, { covarianceTypes: ['VVX' as 'full'] })).toThrow(ValidationError);
    expect(() => selectGaussianMixture(X, { covarianceTypes: [] })).toThrow(ValidationError);
  });
});
