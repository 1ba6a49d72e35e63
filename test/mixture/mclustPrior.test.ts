import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { defaultPrior, PRIOR_MODELS } from '../../src/mixture/models/prior.js';
import type { MclustModelName } from '../../src/mixture/models/table.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';
import { expectClose, expectMeCase, loadMclust, MCLUST_DATASETS, type MeCase } from './mclustFixtures.js';

interface PriorFixture {
  params: { nComponents: number; rtol: number };
  input: { X: number[][]; z: number[][] };
  expected: {
    mePrior: MeCase[];
    defaultPrior: Record<'EII' | 'VVV', { shrinkage: number; mean: number[]; dof: number; scale: number | number[][] }>;
    selectPrior: {
      table: { model: MclustModelName; G: number; bic: number | null }[];
      best: { model: MclustModelName; G: number; bic: number };
    };
  };
}

for (const name of MCLUST_DATASETS) {
  const fx = loadMclust(`${name}-prior`) as unknown as PriorFixture;
  const { X, z } = fx.input;
  const n = X.length;
  const d = X[0].length;
  const k = fx.params.nComponents;
  const rtol = fx.params.rtol;
  describe(`GaussianMixture({ prior: true }) on ${name} equals R mclust 6.0.0 me(prior = priorControl())`, () => {
    it("defaultPrior equals mclust's defaultPrior(X, 3, model) for EII (scalar scale) and VVV (matrix scale)", () => {
      const flat = Float64Array.from(X.flat());
      for (const model of ['EII', 'VVV'] as const) {
        const e = fx.expected.defaultPrior[model];
        const p = defaultPrior(flat, n, d, k, model);
        expect(p.shrinkage).toBe(e.shrinkage);
        expect(p.dof).toBe(e.dof);
        expectClose(p.mean, e.mean, 1e-12, 'mean');
        expectClose(p.scale, typeof e.scale === 'number' ? [e.scale] : e.scale.flat(), 1e-12, 'scale');
      }
    });
    for (const c of fx.expected.mePrior) {
      const label = c.itmax > 1e6 ? `default control (${c.iterations ?? 'NA'} iterations)` : `itmax ${c.itmax}`;
      if (!PRIOR_MODELS.includes(c.model)) {
        it(`${c.model}, ${label}: the prior is refused with a ValidationError naming the model, as mclust has none`, () => {
          expect(c.ok).toBe(false);
          expect(() => new GaussianMixture({ nComponents: k, covarianceType: c.model, prior: true })).toThrow(
            new RegExp(`prior is not available for covarianceType '${c.model}'`),
          );
        });
        continue;
      }
      it(`${c.model}, ${label}: posterior-mode proportions, means, covariances, loglik, BIC`, () => {
        const gm = new GaussianMixture({
          nComponents: k,
          covarianceType: c.model,
          respInit: z,
          regCovar: 0,
          tol: 0,
          prior: true,
          maxIter: (c.iterations as number) - 1,
        }).fit(X);
        expectMeCase(gm, c, X, rtol);
      });
    }
  });
}

describe('selectGaussianMixture({ init: "mclust", prior: true }) equals Mclust(X, G = 1:9, prior = priorControl())', () => {
  for (const name of MCLUST_DATASETS) {
    it(`${name}: BIC table of the 10 models with the prior and the chosen model, no VEE/EVE/VVE/EVV`, () => {
      const fx = loadMclust(`${name}-prior`) as unknown as PriorFixture;
      const sel = selectGaussianMixture(fx.input.X, { init: 'mclust', prior: true, seed: 0 });
      const models = new Set(fx.expected.selectPrior.table.map((r) => r.model));
      expect(new Set(sel.table.map((r) => r.model))).toEqual(models);
      for (const e of fx.expected.selectPrior.table) {
        const row = sel.table.find((r) => r.model === e.model && r.nComponents === e.G);
        expect(row, `${e.model} G=${e.G}`).toBeDefined();
        if (row === undefined) continue;
        if (e.bic === null) expect(Number.isNaN(row.bicMclust), `${e.model} G=${e.G} NA`).toBe(true);
        else {
          const err = Math.abs(row.bicMclust - e.bic) / Math.abs(e.bic);
          expect(err, `${e.model} G=${e.G}: ${row.bicMclust} vs ${e.bic}`).toBeLessThanOrEqual(1e-6);
        }
      }
      const b = fx.expected.selectPrior.best;
      expect([sel.best.model, sel.best.nComponents]).toEqual([b.model, b.G]);
      expect(Math.abs(sel.best.bicMclust - b.bic)).toBeLessThanOrEqual(1e-6 * Math.abs(b.bic));
    });
  }
});

describe('GaussianMixture prior option', () => {
  const fx = loadMclust('iris-prior') as unknown as PriorFixture;
  const { X, z } = fx.input;
  it('scikit-learn names take the prior of their mclust model (full ≡ VVV, diag ≡ VVI, tied ≡ EEE, spherical ≡ VII)', () => {
    const pairs = [
      ['full', 'VVV'],
      ['diag', 'VVI'],
      ['tied', 'EEE'],
      ['spherical', 'VII'],
    ] as const;
    for (const [sk, mc] of pairs) {
      const opts = { nComponents: 3, respInit: z, regCovar: 0, tol: 0, maxIter: 4, prior: true };
      const a = new GaussianMixture({ ...opts, covarianceType: sk }).fit(X);
      const b = new GaussianMixture({ ...opts, covarianceType: mc }).fit(X);
      expect(Array.from(a.covariances)).toEqual(Array.from(b.covariances));
      expect(Array.from(a.means.data)).toEqual(Array.from(b.means.data));
    }
  });
  it('explicit fields override defaultPrior; shrinkage 0 leaves the means at the weighted averages', () => {
    const base = { nComponents: 3, covarianceType: 'VVV' as const, respInit: z, regCovar: 0, tol: 0, maxIter: 0 };
    const none = new GaussianMixture(base).fit(X);
    const flat = new GaussianMixture({ ...base, prior: { shrinkage: 0 } }).fit(X);
    expectClose(flat.means.data, Array.from(none.means.data), 1e-12, 'means');
    const strong = new GaussianMixture({ ...base, prior: { shrinkage: 1e6, mean: [0, 0, 0, 0] } }).fit(X);
    for (const v of strong.means.data) expect(Math.abs(v)).toBeLessThan(0.1);
  });
  for (const model of ['VVV', 'VEI', 'EII', 'EEV'] as const) {
    it(`${model}: with the prior, integer sample weights equal repeating the rows (weighted defaultPrior; property)`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 150, maxLength: 150 }), (w) => {
          if (w.filter((v) => v > 0).length < 30) return;
          const Xr: number[][] = [];
          const zr: number[][] = [];
          w.forEach((m, i) => {
            for (let t = 0; t < m; t++) {
              Xr.push(X[i]);
              zr.push(z[i]);
            }
          });
          const opts = { nComponents: 3, covarianceType: model, regCovar: 0, tol: 0, maxIter: 3, prior: true };
          const a = new GaussianMixture({ ...opts, respInit: z }).fit(X, { sampleWeight: w });
          const b = new GaussianMixture({ ...opts, respInit: zr }).fit(Xr);
          expectClose(a.weights, Array.from(b.weights), 1e-9, 'weights');
          expectClose(a.means.data, Array.from(b.means.data), 1e-9, 'means');
          expectClose(a.covariances, Array.from(b.covariances), 1e-9, 'covariances');
        }),
        { numRuns: 4, seed: 11 },
      );
    });
  }
  it('the prior option survives toJSON/fromJSON', () => {
    const gm = new GaussianMixture({ nComponents: 2, covarianceType: 'EEV', prior: { shrinkage: 0.5 }, seed: 1 }).fit(
      X,
    );
    const back = GaussianMixture.fromJSON(JSON.parse(JSON.stringify(gm.toJSON())));
    expect(back.options.prior).toEqual({ shrinkage: 0.5, mean: null, dof: null, scale: null });
    expect(Array.from(back.predict(X))).toEqual(Array.from(gm.predict(X)));
  });
  it('refuses bad prior fields with a ValidationError naming them', () => {
    expect(() => new GaussianMixture({ covarianceType: 'VVV', prior: { shrinkage: -1 } })).toThrow(/prior.shrinkage/);
    expect(() => new GaussianMixture({ covarianceType: 'VVV', prior: { dof: 0 } })).toThrow(/prior.dof/);
    expect(() => new GaussianMixture({ covarianceType: 'VVV', prior: { scale: 2 } })).toThrow(/d×d/);
    expect(() => new GaussianMixture({ covarianceType: 'EII', prior: { scale: -2 } })).toThrow(/prior.scale/);
    expect(() => new GaussianMixture({ covarianceType: 'EVV', prior: true })).toThrow(ValidationError);
    const gm = new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', prior: { mean: [1, 2] } });
    expect(() => gm.fit(X)).toThrow(/prior.mean has 2 values but X has 4 columns/);
    const gs = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'EEE',
      prior: {
        scale: [
          [1, 0],
          [0, 1],
        ],
      },
    });
    expect(() => gs.fit(X)).toThrow(/prior.scale is 2×2 but X has 4 columns/);
  });
  it('a prior keeps EM finite where the maximum-likelihood fit collapses (duplicated points)', () => {
    const dup = [...Array(6).fill([1, 1]), [5, 5], [5.5, 4], [6, 5.2], [4.8, 6], [6.1, 4.1]] as number[][];
    const resp = dup.map((_, i) => (i < 6 ? [1, 0] : [0, 1]));
    const opts = { nComponents: 2, covarianceType: 'VVV' as const, respInit: resp, regCovar: 0, maxIter: 20 };
    expect(() => new GaussianMixture(opts).fit(dup)).toThrow();
    const gm = new GaussianMixture({ ...opts, prior: true }).fit(dup);
    expect(Number.isFinite(gm.score(dup))).toBe(true);
  });
});
