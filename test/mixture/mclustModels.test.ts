import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { expectMeCase, loadMclust, MCLUST_DATASETS } from './mclustFixtures.js';

for (const name of MCLUST_DATASETS) {
  const fx = loadMclust(name);
  const { X, z } = fx.input;
  const k = fx.params.nComponents;
  describe(`GaussianMixture({ covarianceType, respInit }) on ${name} equals R mclust 6.0.0 me()`, () => {
    for (const c of fx.expected.me) {
      const label = c.itmax > 1e6 ? `default control (${c.iterations ?? 'NA'} iterations)` : `itmax ${c.itmax}`;
      it(`${c.model}, ${label}: proportions, means, covariances, loglik, BIC, nParameters`, () => {
        const gm = new GaussianMixture({
          nComponents: k,
          covarianceType: c.model,
          respInit: z,
          regCovar: 0,
          tol: 0,
          maxIter: c.ok ? (c.iterations as number) - 1 : c.itmax > 1e6 ? 100 : c.itmax - 1,
        });
        if (!c.ok) {
          expect(() => gm.fit(X)).toThrow(NumericalError);
          return;
        }
        gm.fit(X);
        expectMeCase(gm, c, X, fx.params.rtol);
        expect(gm.nParameters).toBe(c.nParams);
      });
    }
  });
}
