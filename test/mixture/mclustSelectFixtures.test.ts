import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { loadMclust, MCLUST_DATASETS, unmap } from './mclustFixtures.js';

/** EM as Mclust runs it for one (model, G): from mclust's own hc partition, mclust's stopping rule (tol 1e-5). */
function fitLikeMclust(X: number[][], model: string, partition: number[], g: number): GaussianMixture {
  return new GaussianMixture({
    nComponents: g,
    covarianceType: model as 'VVV',
    respInit: unmap(partition, g),
    regCovar: 0,
    tol: 1e-5,
    maxIter: 100_000,
    convergence: 'mclust',
  }).fit(X);
}

for (const name of MCLUST_DATASETS) {
  const fx = loadMclust(name);
  const { X } = fx.input;
  const sel = fx.expected.select;
  describe(`Mclust(X, G = 1:9) on ${name}: EM from mclust's hc partitions gives its BIC and ICL tables (R mclust 6.0.0)`, () => {
    for (const row of sel.table) {
      it(`${row.model}, G=${row.G}: ${row.bic === null ? 'NA (singular) is a NumericalError' : 'bicMclust and icl'}`, () => {
        const partition = sel.hcPartitions[row.G - 1];
        if (row.bic === null) {
          expect(() => fitLikeMclust(X, row.model, partition, row.G)).toThrow(NumericalError);
          return;
        }
        const gm = fitLikeMclust(X, row.model, partition, row.G);
        expect(Math.abs(gm.bicMclust(X) - row.bic)).toBeLessThanOrEqual(1e-6 * Math.abs(row.bic));
        const icl = sel.icl.find((r) => r.model === row.model && r.G === row.G)?.icl as number;
        expect(Math.abs(gm.icl(X) - icl)).toBeLessThanOrEqual(1e-6 * Math.abs(icl));
      });
    }
  });
}
