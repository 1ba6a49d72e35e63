import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { hcMerges, hcPartition, hcTransform } from '../../src/mixture/models/hc.js';
import { dataHypervolume } from '../../src/mixture/models/noise.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';
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

  describe(`GaussianMixture({ covarianceType, respInit, noise }) on ${name} equals R mclust 6.0.0 me(…, Vinv)`, () => {
    for (const c of fx.expected.me) {
      const dflt = c.itmax > 1e6;
      const label = dflt ? `default control (${c.iterations ?? 'NA'} iterations)` : `itmax ${c.itmax}`;
      it(`${c.model}, ${label}: proportions (noise last), means, covariances, loglik, BIC, z, classification`, () => {
        const gm = new GaussianMixture({
          nComponents: k,
          covarianceType: c.model,
          respInit: z,
          noise: { init: noise },
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

describe('selectGaussianMixture({ init: "mclust", noise }) equals Mclust(X, G = 1:4, initialization = list(noise))', () => {
  const fx = loadNoise('d2');
  const { X, noise } = fx.input;
  const sel = fx.expected.select as NonNullable<NoiseFixture['expected']['select']>;
  const res = selectGaussianMixture(X, { init: 'mclust', nComponents: [1, 2, 3, 4], noise: { init: noise }, seed: 0 });

  it('hc on the rows not marked noise gives mclust’s partitions', () => {
    const rows: number[][] = [];
    for (let i = 0; i < X.length; i++) if (noise[i] === 0) rows.push(X[i]);
    const { z, cols } = hcTransform(Float64Array.from(rows.flat()), rows.length, 2, 'SVD');
    const merges = hcMerges(z, rows.length, cols, 'VVV');
    for (let g = 1; g <= 4; g++) {
      expect(Array.from(hcPartition(merges, rows.length, g), (v) => v + 1)).toEqual(sel.hcPartitions[g - 1]);
    }
  });

  it('the BIC table (14 models × G = 1..4, NA rows as mclust) to 1e-6 relative', () => {
    expect(res.table.length).toBe(sel.table.length);
    for (const want of sel.table) {
      const row = res.table.find((r) => r.model === want.model && r.nComponents === want.G);
      expect(row, `${want.model} G=${want.G}`).toBeDefined();
      const got = (row as (typeof res.table)[number]).bicMclust;
      if (want.bic === null) expect(Number.isNaN(got), `${want.model} G=${want.G} is NA`).toBe(true);
      else expect(Math.abs(got - want.bic), `${want.model} G=${want.G}`).toBeLessThanOrEqual(1e-6 * Math.abs(want.bic));
    }
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
