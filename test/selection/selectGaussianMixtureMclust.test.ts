import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { MCLUST_MODELS } from '../../src/mixture/models/table.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';
import { loadMclust, MCLUST_DATASETS } from '../mixture/mclustFixtures.js';

for (const name of MCLUST_DATASETS) {
  const fx = loadMclust(name);
  const sel = fx.expected.select;
  describe(`selectGaussianMixture(X, { init: 'mclust' }) on ${name} equals Mclust(X, G = 1:9) (R mclust 6.0.0)`, () => {
    const res = selectGaussianMixture(fx.input.X, { init: 'mclust', seed: 0 });
    it('the table: 14 models × G = 1..9 in mclust order; bicMclust and ICL to 1e-6, NA rows as NaN with a warning', () => {
      expect(res.table.map((r) => `${r.model}${r.nComponents}`)).toEqual(
        MCLUST_MODELS.flatMap((m) => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((g) => `${m}${g}`)),
      );
      for (const row of res.table) {
        const ref = sel.table.find((r) => r.model === row.model && r.G === row.nComponents);
        const icl = sel.icl.find((r) => r.model === row.model && r.G === row.nComponents)?.icl;
        if (ref?.bic === null || ref?.bic === undefined) {
          expect(Number.isNaN(row.bicMclust), `${row.model} G=${row.nComponents} is NA in mclust`).toBe(true);
          expect(row.warning).toMatch(new RegExp(`^${row.model} with G=${row.nComponents}: `));
          continue;
        }
        const what = `${row.model} G=${row.nComponents}`;
        expect(Math.abs(row.bicMclust - ref.bic), what).toBeLessThanOrEqual(1e-6 * Math.abs(ref.bic));
        expect(Math.abs(row.icl - (icl as number)), what).toBeLessThanOrEqual(1e-6 * Math.abs(icl as number));
        expect(row.bic).toBe(-row.bicMclust);
      }
      expect(res.warnings.length).toBe(sel.table.filter((r) => r.bic === null).length);
    });
    it(`the best model is mclust's (${sel.best.model}, G=${sel.best.G}) and is marked`, () => {
      expect(res.best.model).toBe(sel.best.model);
      expect(res.best.nComponents).toBe(sel.best.G);
      expect(res.best.best).toBe(true);
      expect(res.table.filter((r) => r.best).length).toBe(1);
      expect(Math.abs(res.model.icl(fx.input.X) - sel.best.icl)).toBeLessThanOrEqual(1e-6 * Math.abs(sel.best.icl));
    });
  });
}

describe('selectGaussianMixture bad input', () => {
  const X = loadMclust('seeded').input.X.slice(0, 20);
  it('G > n is a ValidationError naming the count', () => {
    expect(() => selectGaussianMixture(X, { nComponents: [2, 25] })).toThrow(ValidationError);
    expect(() => selectGaussianMixture(X, { nComponents: [2, 25] })).toThrow(/nComponents=25 exceeds/);
  });
  it('an unknown model is a ValidationError listing the names', () => {
    expect(() => selectGaussianMixture(X, { covarianceTypes: ['XYZ' as 'VVV'] })).toThrow(/'VEV'/);
  });
  it("criterion 'icl' picks the highest ICL", () => {
    const r = selectGaussianMixture(loadMclust('seeded').input.X, {
      init: 'mclust',
      criterion: 'icl',
      covarianceTypes: ['EII', 'VVV'],
      nComponents: [1, 2, 3, 4],
    });
    const top = Math.max(...r.table.map((t) => t.icl));
    expect(r.best.icl).toBe(top);
  });
});
