import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { expectClose, loadMclust, MCLUST_DATASETS } from './mclustFixtures.js';

for (const name of MCLUST_DATASETS) {
  const fx = loadMclust(name);
  const { X, z } = fx.input;
  const n = X.length;
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
        const rtol = fx.params.rtol;
        expectClose(gm.weights, c.pro as number[], rtol, 'pro');
        expectClose(gm.means.data, (c.mean as number[][]).flat(), rtol, 'mean');
        const cov: number[] = [];
        for (let j = 0; j < k; j++) cov.push(...gm.componentCovariance(j).data);
        expectClose(cov, (c.sigma as number[][][]).flat(2), rtol, 'sigma');
        const loglik = gm.score(X) * n;
        expect(Math.abs(loglik - (c.loglik as number))).toBeLessThanOrEqual(rtol * Math.abs(c.loglik as number));
        expect(gm.nParameters).toBe(c.nParams);
        expect(Math.abs(gm.bicMclust(X) - (c.bic as number))).toBeLessThanOrEqual(rtol * Math.abs(c.bic as number));
        expect(gm.nIter).toBe((c.iterations as number) - 1);
      });
    }
  });
}
