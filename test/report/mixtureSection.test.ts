import { describe, expect, it } from 'vitest';
import { demoBlobs, loadIris } from '../../src/datasets/index.js';
import { analyze } from '../../src/report/analysis.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';

describe('the report’s Gaussian mixture section', () => {
  it('fits the model BIC picked (covariance type and k), not a full-covariance model with the report’s k', () => {
    const { X } = demoBlobs(0);
    const sel = selectGaussianMixture(X, { kMin: 1, kMax: 6, seed: 0 });
    // The demo's picked model is not 'full': the old section fitted 'full' while its summary named this one.
    expect(sel.best.covarianceType).not.toBe('full');
    const r = analyze(X, { k: 4, seed: 0, kMax: 6 });
    const g = r.summary.gmm as Record<string, number | string>;
    expect(g.covarianceType).toBe(sel.best.covarianceType);
    expect(g.k).toBe(sel.best.k);
    expect(g.bestByBic).toBe(`${sel.best.covarianceType}, k = ${sel.best.k}`);
    expect(r.html).toContain(`The model BIC picked (${sel.best.covarianceType}, k = ${sel.best.k}) fitted on all rows`);
    // The BIC plot labels models by mclust's names; the caption names both.
    expect(r.html).toContain(`Best: ${sel.best.covarianceType} (mclust ${sel.best.model}), k = ${sel.best.k}.`);
    expect(r.svgs['bic.svg']).toContain(`best: ${sel.best.model}, ${sel.best.k}`);
  });

  it('shows mclust’s BIC plot and the uncertainty plot', () => {
    const iris = loadIris();
    const r = analyze(iris.X, { seed: 1, kMax: 5 });
    expect(r.svgs['bic.svg']).toContain('mclust: 2·loglik − p·log n, higher is better');
    expect(r.svgs['bic.svg']).toContain('<circle class="best"');
    expect(r.svgs['uncertainty.svg']).toContain('top 5 % uncertain');
    expect(r.svgs['uncertainty.svg']).toContain('PC1 (');
    expect(r.html).toContain('Uncertainty 1 − max posterior probability');
  });
});
