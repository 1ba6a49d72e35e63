import { describe, expect, it } from 'vitest';
import { NumericalError, ValidationError } from '../../src/core/errors.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { hcMerges, hcPartition, hcTransform } from '../../src/mixture/models/hc.js';
import { dataHypervolume } from '../../src/mixture/models/noise.js';
import { type GmmSelectionRow, selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';
import { expectClose, loadNoise, type NoiseFixture } from './mclustFixtures.js';

for (const name of ['d2', 'd3']) {
  const fx = loadNoise(name);
  const { X, z, noise } = fx.input;
  const k = fx.params.nComponents;
  const rtol = fx.params.rtol;
  const n = X.length;
  const d = X[0].length;

  it(`${name}: dataHypervolume equals mclust's hypvol`, () => {
    const v = dataHypervolume(Float64Array.from(X.flat()), n, d);
    expect(Math.abs(v - fx.expected.hypvol)).toBeLessThanOrEqual(1e-10 * fx.expected.hypvol);
  });

  for (const [withPrior, cases] of [
    [false, fx.expected.me],
    [true, fx.expected.mePrior],
  ] as const) {
    describe(`GaussianMixture({ covarianceType, respInit, noise${withPrior ? ', prior: true' : ''} }) on ${name} equals R mclust 6.0.0 me(…${withPrior ? ', prior = priorControl()' : ''}, Vinv)`, () => {
      for (const c of cases) {
        const dflt = c.itmax > 1e6;
        const label = dflt ? `default control (${c.iterations ?? 'NA'} iterations)` : `itmax ${c.itmax}`;
        it(`${c.model}, ${label}: proportions (noise last), means, covariances, loglik, BIC, z, classification`, () => {
          const gm = new GaussianMixture({
            nComponents: k,
            covarianceType: c.model,
            respInit: z,
            noise: { init: noise },
            prior: withPrior,
            regCovar: 0,
            // The default control by mclust's own stopping rule; itmax T as T − 1 iterations after the first M-step.
            ...(dflt
              ? { tol: 1e-5, convergence: 'mclust' as const, maxIter: 100_000 }
              : { tol: 0, maxIter: c.itmax - 1 }),
          });
          if (!c.ok) {
            expect(() => gm.fit(X)).toThrow(NumericalError);
            return;
          }
          gm.fit(X);
          expect(gm.nIter).toBe((c.iterations as number) - 1);
          expectClose([...gm.weights, gm.noiseProportion], c.pro as number[], rtol, 'pro');
          expect(Math.abs(gm.noiseDensity - (c.Vinv as number))).toBeLessThanOrEqual(1e-10 * (c.Vinv as number));
          expectClose(gm.means.data, (c.mean as number[][]).flat(), rtol, 'mean');
          const cov: number[] = [];
          for (let j = 0; j < k; j++) cov.push(...gm.componentCovariance(j).data);
          expectClose(cov, (c.sigma as number[][][]).flat(2), rtol, 'sigma');
          const loglik = gm.score(X) * n;
          expect(Math.abs(loglik - (c.loglik as number))).toBeLessThanOrEqual(rtol * Math.abs(c.loglik as number));
          expect(gm.nParameters).toBe(c.nParams);
          expect(Math.abs(gm.bicMclust(X) - (c.bic as number))).toBeLessThanOrEqual(rtol * Math.abs(c.bic as number));
          if (dflt) {
            const proba = gm.predictProba(X);
            expect(proba.cols).toBe(k + 1);
            // mclust's classification: 1..G, 0 for noise; here 0..G−1 and −1 for noise.
            const cls = (c.classification as number[]).map((v) => v - 1);
            expect(Array.from(gm.predict(X))).toEqual(cls);
            expect(Array.from(gm.labels)).toEqual(cls);
            if (c.z === undefined) return; // z and uncertainty are kept for six of the models
            expectClose(proba.data, (c.z as number[][]).flat(), rtol, 'z');
            const unc = new Float64Array(n);
            for (let i = 0; i < n; i++) {
              let m = 0;
              for (let j = 0; j <= k; j++) m = Math.max(m, proba.data[i * (k + 1) + j]);
              unc[i] = 1 - m;
            }
            const want = c.uncertainty as number[];
            for (let i = 0; i < n; i++) expect(Math.abs(unc[i] - want[i])).toBeLessThanOrEqual(1e-6);
          }
        });
      }
    });
  }
}

describe('selectGaussianMixture({ init: "mclust", noise, kMax: 4 }) equals Mclust(X, G = 0:4, initialization = list(noise))', () => {
  const fx = loadNoise('d2');
  const { X, noise } = fx.input;
  const sel = fx.expected.select as NonNullable<NoiseFixture['expected']['select']>;
  // kMin defaults to 0 with noise: mclust's noise-only row G = 0 is in the table.
  const res = selectGaussianMixture(X, { init: 'mclust', kMax: 4, noise: { init: noise }, seed: 0 });

  it('hc on the rows not marked noise gives mclust’s partitions', () => {
    const rows: number[][] = [];
    for (let i = 0; i < X.length; i++) if (noise[i] === 0) rows.push(X[i]);
    const { z, cols } = hcTransform(Float64Array.from(rows.flat()), rows.length, 2, 'SVD');
    const merges = hcMerges(z, rows.length, cols, 'VVV');
    for (let g = 1; g <= 4; g++) {
      expect(Array.from(hcPartition(merges, rows.length, g), (v) => v + 1)).toEqual(sel.hcPartitions[g - 1]);
    }
  });

  it('the BIC table (14 models × G = 0..4, NA rows as mclust) to 1e-6 relative', () => {
    expectBicTable(res.table, sel.table);
  });

  it('the noise-only row G = 0: one parameter, log L = n·log(1/V), ICL = BIC, the same for every model', () => {
    const zero = res.table.filter((r) => r.nComponents === 0);
    expect(zero.length).toBe(14);
    const n = X.length;
    for (const r of zero) {
      expect(r.nParameters).toBe(sel.nParams0);
      expect(Math.abs(r.icl - sel.icl0)).toBeLessThanOrEqual(1e-9 * Math.abs(sel.icl0));
      expect(Math.abs(r.logLikelihood - Math.log(fx.expected.Vinv))).toBeLessThanOrEqual(1e-10);
      expect(r.bic).toBe(-r.bicMclust);
      expect(r.aic).toBeCloseTo(-2 * n * r.logLikelihood + 2, 8);
      expect(r.best).toBeUndefined();
    }
    // Rows per model: G = 0 first, then 1..4 (table order: models, then G ascending).
    expect(res.table.slice(0, 5).map((r) => r.nComponents)).toEqual([0, 1, 2, 3, 4]);
    expect(res.warnings.some((w) => w.includes('G=0'))).toBe(false);
  });

  it('the chosen model, its proportions (noise last), Vinv and classification (noise −1 here, 0 in mclust)', () => {
    expect(res.best.model).toBe(sel.best.model);
    expect(res.best.nComponents).toBe(sel.best.G);
    expect(Math.abs(res.best.bicMclust - sel.best.bic)).toBeLessThanOrEqual(1e-6 * Math.abs(sel.best.bic));
    const gm = res.model;
    expectClose([...gm.weights, gm.noiseProportion], sel.best.pro, 1e-6, 'pro');
    expect(Math.abs(gm.noiseDensity - sel.best.Vinv)).toBeLessThanOrEqual(1e-10 * sel.best.Vinv);
    expect(Array.from(gm.labels)).toEqual(sel.classification.map((v) => v - 1));
    // mclust's icl(fit): the hard classification's entropy over all k + 1 columns, noise included.
    expect(Math.abs(gm.icl(X) - sel.best.icl)).toBeLessThanOrEqual(1e-6 * Math.abs(sel.best.icl));
  });
});

/** Our table equals mclust's BIC table (same rows; NA as NaN; 1e-6 relative). */
function expectBicTable(
  table: readonly GmmSelectionRow[],
  want: readonly { model: string; G: number; bic: number | null }[],
): void {
  expect(table.length).toBe(want.length);
  for (const w of want) {
    const row = table.find((r) => r.model === w.model && r.nComponents === w.G);
    expect(row, `${w.model} G=${w.G}`).toBeDefined();
    const got = (row as GmmSelectionRow).bicMclust;
    if (w.bic === null) expect(Number.isNaN(got), `${w.model} G=${w.G} is NA`).toBe(true);
    else expect(Math.abs(got - w.bic), `${w.model} G=${w.G}`).toBeLessThanOrEqual(1e-6 * Math.abs(w.bic));
  }
}

describe('dataHypervolume', () => {
  it('takes the principal-component box when it is smaller than the bounding box (points along a diagonal)', () => {
    // along the diagonal: bounding box 2.1 × 2.1 = 4.41, principal box 2√2 × (0.2/√2) = 0.4
    const x = Float64Array.of(0, 0.1, 0.1, 0, 2, 2.1, 2.1, 2);
    expect(dataHypervolume(x, 4, 2)).toBeCloseTo(0.4, 12);
  });
  it('with d ≥ n (a flat principal box) returns the bounding box', () => {
    expect(dataHypervolume(Float64Array.of(0, 0, 0, 2, 1, 3), 2, 3)).toBe(2 * 1 * 3);
  });
});

describe('selectGaussianMixture({ init: "mclust", noise, prior: true }) equals Mclust(X, G = 0:4, prior = priorControl(), initialization = list(noise))', () => {
  const fx = loadNoise('d2');
  const { X, noise } = fx.input;
  const sel = fx.expected.selectPrior as NonNullable<NoiseFixture['expected']['selectPrior']>;
  const res = selectGaussianMixture(X, { init: 'mclust', kMax: 4, prior: true, noise: { init: noise }, seed: 0 });

  it('the BIC table (the 10 models with a prior × G = 0..4) to 1e-6 relative', () => {
    expectBicTable(res.table, sel.table);
  });

  it('the chosen model, its proportions (noise last), log-likelihood and classification', () => {
    expect(res.best.model).toBe(sel.best.model);
    expect(res.best.nComponents).toBe(sel.best.G);
    const gm = res.model;
    expectClose([...gm.weights, gm.noiseProportion], sel.best.pro, 1e-6, 'pro');
    expect(Math.abs(gm.score(X) * X.length - sel.best.loglik)).toBeLessThanOrEqual(1e-6 * Math.abs(sel.best.loglik));
    expect(Array.from(gm.labels)).toEqual(sel.classification.map((v) => v - 1));
  });
});

describe('selectGaussianMixture: the noise-only row G = 0', () => {
  // Uniform points on the unit square with a few marked noise: the uniform (G = 0) explains them best.
  const X: number[][] = [];
  let s = 7;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < 120; i++) X.push([u(), u()]);
  const init = X.map((_, i) => (i % 4 === 0 ? 1 : 0));

  it('is not chosen when it scores best: the best G ≥ 1 is kept and a warning says so', () => {
    const res = selectGaussianMixture(X, {
      init: 'mclust',
      kMax: 2,
      covarianceTypes: ['EII', 'VVV'],
      noise: { init },
      seed: 0,
    });
    const zero = res.table.filter((r) => r.nComponents === 0);
    expect(zero.length).toBe(2);
    const bestFitted = Math.max(...res.table.filter((r) => r.nComponents > 0).map((r) => r.bicMclust));
    expect(zero[0].bicMclust).toBeGreaterThan(bestFitted);
    expect(res.best.nComponents).toBeGreaterThan(0);
    expect(res.best.bicMclust).toBe(bestFitted);
    expect(res.warnings.at(-1)).toMatch(/noise-only model \(G=0\) has a better BIC/);
  });

  it('needs a noise component, and a G ≥ 1 beside it', () => {
    expect(() => selectGaussianMixture(X, { nComponents: [0, 1] })).toThrow(/needs a noise component/);
    expect(() => selectGaussianMixture(X, { kMin: 0 })).toThrow(ValidationError);
    expect(() => selectGaussianMixture(X, { nComponents: [0], noise: { init } })).toThrow(/at least one G ≥ 1/);
  });

  it('without noise the table starts at G = 1; kMin: 1 with noise leaves G = 0 out', () => {
    const plain = selectGaussianMixture(X, { init: 'mclust', kMax: 2, covarianceTypes: ['EII'], seed: 0 });
    expect(plain.table.map((r) => r.nComponents)).toEqual([1, 2]);
    const one = selectGaussianMixture(X, {
      init: 'mclust',
      kMin: 1,
      kMax: 2,
      covarianceTypes: ['EII'],
      noise: { init },
      seed: 0,
    });
    expect(one.table.map((r) => r.nComponents)).toEqual([1, 2]);
  });
});
