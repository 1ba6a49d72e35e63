import { describe, expect, it } from 'vitest';
import { GaussianMixture, trainingCriteria } from '../../src/mixture/GaussianMixture.js';
import { loadNoise } from './mclustFixtures.js';

describe("trainingCriteria: the fit's final E-step gives score(X)·n and icl(X)", () => {
  const fx = loadNoise('d2');
  const rows = fx.input.X;
  const n = rows.length;
  const X = { rows: n, cols: 2, data: Float64Array.from(rows.flat()) };
  for (const covarianceType of ['VVV', 'EII', 'VEV', 'diag'] as const) {
    for (const noisy of [false, true]) {
      it(`${covarianceType}${noisy ? ' with noise' : ''}: log L and ICL to 1e-12 relative`, () => {
        const gm = new GaussianMixture({
          nComponents: 3,
          covarianceType,
          seed: 1,
          ...(noisy ? { noise: { init: fx.input.noise } } : {}),
        }).fit(X);
        const t = trainingCriteria(gm, X.data);
        expect(t).not.toBeNull();
        const { logL, icl } = t as { logL: number; icl: number };
        const want = gm.score(X) * n;
        expect(Math.abs(logL - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
        expect(Math.abs(icl - gm.icl(X))).toBeLessThanOrEqual(1e-12 * Math.abs(icl));
      });
    }
  }
  it('null for another array, or after a weighted fit', () => {
    const gm = new GaussianMixture({ nComponents: 2, seed: 1 }).fit(X);
    expect(trainingCriteria(gm, X.data.slice())).toBeNull();
    gm.fit(X, { sampleWeight: new Float64Array(n).fill(2) });
    expect(trainingCriteria(gm, X.data)).toBeNull();
    expect(trainingCriteria(new GaussianMixture(), X.data)).toBeNull();
  });
});
