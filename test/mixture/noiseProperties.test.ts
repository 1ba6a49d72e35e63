import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';
import { loadModel } from '../../src/index.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { nearestNeighborNoise } from '../../src/mixture/models/noise.js';
import { MCLUST_MODELS } from '../../src/mixture/models/table.js';
import { expectClose, loadNoise } from './mclustFixtures.js';

const fx = loadNoise('d2');
const { X, noise } = fx.input;
const n = X.length;
const initial = getBackend();
afterEach(() => setBackend(initial));

/** A seeded LCG in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed + 1;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('GaussianMixture with a noise component: the log-likelihood never decreases', () => {
  for (const model of MCLUST_MODELS) {
    it(`${model}: log L after T M-steps is non-decreasing in T (random noise indicators and responsibilities)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1000 }), (s) => {
          const rand = lcg(s);
          const z = X.map(() => {
            const r = [rand() + 0.05, rand() + 0.05, rand() + 0.05];
            const t = r[0] + r[1] + r[2];
            return r.map((v) => v / t);
          });
          const init = X.map(() => (rand() < 0.2 ? 1 : 0));
          let prev = Number.NEGATIVE_INFINITY;
          for (let T = 0; T < 6; T++) {
            const gm = new GaussianMixture({
              nComponents: 3,
              covarianceType: model,
              respInit: z,
              noise: { init },
              regCovar: 0,
              tol: 0,
              maxIter: T,
            }).fit(X);
            const ll = gm.score(X);
            expect(ll).toBeGreaterThanOrEqual(prev - 1e-9 * Math.abs(prev));
            prev = ll;
          }
        }),
        { numRuns: 3, seed: 24 },
      );
    });
  }
});

describe('GaussianMixture noise: with no row marked noise the noise proportion stays 0 and the fit is the plain one', () => {
  for (const model of ['VVV', 'EEE', 'VVI', 'VII', 'EII', 'VEV', 'EVE'] as const) {
    it(`${model}: same fit to 1e-12; noiseProportion 0; nParameters + 2`, () => {
      setBackend('js');
      const opts = { nComponents: 3, covarianceType: model, respInit: fx.input.z, regCovar: 0, tol: 1e-8, maxIter: 50 };
      const plain = new GaussianMixture(opts).fit(X);
      const zero = new GaussianMixture({ ...opts, noise: { init: new Uint8Array(n) } }).fit(X);
      expect(zero.noiseProportion).toBe(0);
      // The proportions are Nc/n here and Nc/ΣNc in the plain fit: equal up to rounding, not bit for bit.
      expectClose(zero.weights, Array.from(plain.weights), 1e-12, 'weights');
      expectClose(zero.means.data, Array.from(plain.means.data), 1e-12, 'means');
      expectClose(zero.covariances, Array.from(plain.covariances), 1e-12, 'covariances');
      expect(zero.nIter).toBe(plain.nIter);
      expect(Math.abs(zero.lowerBound - plain.lowerBound)).toBeLessThanOrEqual(1e-12 * Math.abs(plain.lowerBound));
      expect(Array.from(zero.labels)).toEqual(Array.from(plain.labels));
      expectClose(zero.scoreSamples(X), Array.from(plain.scoreSamples(X)), 1e-12, 'scoreSamples');
      expect(zero.nParameters).toBe(plain.nParameters + 2);
    });
  }
});

describe('GaussianMixture noise: engines, weights, persistence', () => {
  it.runIf(isWasmAvailable())(
    "setBackend('wasm') gives the same fit as 'js' (densities in wasm, noise term in TS)",
    () => {
      const big = [...X, ...X, ...X, ...X, ...X, ...X, ...X, ...X].map((r, i) => [r[0] + i * 1e-7, r[1]]);
      const init = [...noise, ...noise, ...noise, ...noise, ...noise, ...noise, ...noise, ...noise];
      for (const model of ['VVV', 'VEV', 'EII', 'VVI'] as const) {
        const fitWith = (b: 'js' | 'wasm') => {
          setBackend(b);
          return new GaussianMixture({
            nComponents: 3,
            covarianceType: model,
            noise: { init },
            tol: 1e-6,
            seed: 2,
          }).fit(big);
        };
        const js = fitWith('js');
        const wasm = fitWith('wasm');
        expect(wasm.backend).toMatch(/^wasm/);
        expect(Array.from(wasm.weights)).toEqual(Array.from(js.weights));
        expect(wasm.noiseProportion).toBe(js.noiseProportion);
        expect(Array.from(wasm.means.data)).toEqual(Array.from(js.means.data));
        expect(Array.from(wasm.covariances)).toEqual(Array.from(js.covariances));
        expect(Array.from(wasm.labels)).toEqual(Array.from(js.labels));
        expect(wasm.nIter).toBe(js.nIter);
        expect(Math.abs(wasm.lowerBound - js.lowerBound)).toBeLessThanOrEqual(1e-13 * Math.abs(js.lowerBound));
      }
    },
  );

  it('integer sample weights equal repeating the rows (noise indicator repeated with them)', () => {
    const rand = lcg(3);
    const w = X.map(() => Math.floor(rand() * 3));
    const Xr: number[][] = [];
    const zr: number[][] = [];
    const ir: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < w[i]; t++) {
        Xr.push(X[i]);
        zr.push(fx.input.z[i]);
        ir.push(noise[i]);
      }
    }
    const opts = { nComponents: 3, covarianceType: 'VEV' as const, regCovar: 0, tol: 0, maxIter: 5 };
    // The same hypervolume for both (the default, hypvol of the rows, would differ: rows of weight 0 are dropped).
    const a = new GaussianMixture({ ...opts, respInit: fx.input.z, noise: { init: noise, hypervolume: 120 } }).fit(X, {
      sampleWeight: w,
    });
    const b = new GaussianMixture({ ...opts, respInit: zr, noise: { init: ir, hypervolume: 120 } }).fit(Xr);
    expect(Math.abs(a.noiseProportion - b.noiseProportion)).toBeLessThanOrEqual(1e-12);
    for (let t = 0; t < 3; t++) expect(Math.abs(a.weights[t] - b.weights[t])).toBeLessThanOrEqual(1e-12);
    const ma = Array.from(a.means.data);
    const mb = Array.from(b.means.data);
    for (let t = 0; t < ma.length; t++)
      expect(Math.abs(ma[t] - mb[t])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(mb[t])));
    expect(Math.abs(a.noiseDensity - b.noiseDensity)).toBeLessThanOrEqual(1e-12 * b.noiseDensity);
  });

  it('toJSON → fromJSON / loadModel keeps the noise component: predict (−1 for noise), predictProba, score', () => {
    const gm = new GaussianMixture({ nComponents: 3, covarianceType: 'VVV', noise: { init: noise }, seed: 1 }).fit(X);
    const json = JSON.parse(JSON.stringify(gm.toJSON()));
    const loaded = loadModel(json);
    const cols = loaded.predict(X);
    expect(Array.from(cols.label as Int32Array)).toEqual(Array.from(gm.predict(X)));
    const proba = gm.predictProba(X);
    expect(Array.from(cols.pNoise as Float64Array)).toEqual(Array.from({ length: n }, (_, i) => proba.data[i * 4 + 3]));
    expect(cols.p3).toBeUndefined();
    for (const back of [GaussianMixture.fromJSON(json), loaded.model as GaussianMixture]) {
      expect(back.noiseProportion).toBe(gm.noiseProportion);
      expect(back.noiseDensity).toBe(gm.noiseDensity);
      expect(Array.from(back.predict(X))).toEqual(Array.from(gm.predict(X)));
      expect(Array.from(back.predictProba(X).data)).toEqual(Array.from(gm.predictProba(X).data));
      expect(back.score(X)).toBe(gm.score(X));
      expect(back.nParameters).toBe(gm.nParameters);
    }
    expect(Array.from(gm.predict(X))).toContain(-1);
    expect(gm.predictProba(X).cols).toBe(4);
  });

  it('the default hypervolume is mclust’s hypvol; a given one is used as is', () => {
    const gm = new GaussianMixture({ nComponents: 2, noise: { init: noise, hypervolume: 500 }, seed: 1 }).fit(X);
    expect(gm.noiseDensity).toBe(1 / 500);
  });
});

describe('GaussianMixture noise: every initialisation starts the Gaussians on the rows not marked noise', () => {
  for (const initParams of ['kmeans', 'k-means++', 'random', 'random_from_data'] as const) {
    it(`${initParams}: recovers the noise (proportion near the 60/300 drawn) and labels most uniform rows −1`, () => {
      const gm = new GaussianMixture({
        nComponents: 3,
        covarianceType: 'VVV',
        noise: { init: noise },
        initParams,
        nInit: 2,
        tol: 1e-8,
        maxIter: 500,
        seed: 7,
      }).fit(X);
      expect(gm.noiseProportion).toBeGreaterThan(0.1);
      expect(gm.noiseProportion).toBeLessThan(0.3);
      let hit = 0;
      for (let i = 0; i < n; i++) if (noise[i] === 1 && gm.labels[i] === -1) hit++;
      expect(hit / 60).toBeGreaterThan(0.6);
      let sum = gm.noiseProportion;
      for (const w of gm.weights) sum += w;
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
    });
  }

  it('a warm start continues from the previous fit, its noise proportion included', () => {
    const gm = new GaussianMixture({ nComponents: 3, noise: { init: noise }, warmStart: true, maxIter: 3, seed: 1 });
    gm.fit(X);
    const first = gm.score(X);
    const p0 = gm.noiseProportion;
    gm.fit(X);
    expect(gm.score(X)).toBeGreaterThanOrEqual(first - 1e-12 * Math.abs(first));
    expect(gm.noiseProportion).not.toBe(p0);
  });
});

describe('GaussianMixture noise: bad input', () => {
  it('typed errors naming the problem', () => {
    const bad =
      (noiseOpt: unknown, extra: object = {}) =>
      () =>
        new GaussianMixture({ nComponents: 2, noise: noiseOpt as { init: number[] }, ...extra }).fit(X);
    expect(bad({ init: [1, 0] })).toThrow(/noise.init has 2 entries but X has 300 rows/);
    expect(bad({ init: X.map(() => 1) })).toThrow(/marks every row as noise/);
    expect(bad({ init: X.map(() => 2) })).toThrow(ValidationError);
    expect(bad({ init: noise, hypervolume: 0 })).toThrow(/hypervolume/);
    expect(bad({})).toThrow(/noise.init/);
    // With prior as mclust: the models without mclust's prior are refused, with or without noise.
    expect(bad({ init: noise }, { prior: true, covarianceType: 'VEE' })).toThrow(/not available with prior/);
    expect(bad({ init: noise }, { prior: true })).not.toThrow();
    const gm = new GaussianMixture({ nComponents: 2, noise: { init: noise }, seed: 1 }).fit(X);
    expect(() => gm.sample(5)).toThrow(/noise component/);
  });
});

describe('nearestNeighborNoise (Byers & Raftery nearest-neighbour clutter)', () => {
  it('marks most of the uniform rows and few of the clustered ones on the noisy 2-D set', () => {
    const m = { rows: n, cols: 2, data: Float64Array.from(X.flat()) };
    const got = nearestNeighborNoise(m, { k: 5 });
    let tp = 0;
    let fp = 0;
    let pos = 0;
    for (let i = 0; i < n; i++) {
      if (noise[i] === 1) pos++;
      if (got[i] === 1 && noise[i] === 1) tp++;
      if (got[i] === 1 && noise[i] === 0) fp++;
    }
    expect(tp / pos).toBeGreaterThan(0.5);
    expect(fp / (n - pos)).toBeLessThan(0.15);
  });

  it('marks nothing on a single homogeneous uniform sample (no clutter to separate)', () => {
    const rand = lcg(9);
    const rows = 400;
    const data = Float64Array.from({ length: rows * 2 }, () => rand());
    const got = nearestNeighborNoise({ rows, cols: 2, data }, { k: 5 });
    let marked = 0;
    for (const v of got) marked += v;
    expect(marked / rows).toBeLessThan(0.2);
  });
});
