import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, isWasmAvailable, kernelModule, setBackend } from '../../src/engine/kernels/backend.js';
import { releaseWasmMemory } from '../../src/engine/wasmWorkspace.js';
import { LL_BLOCK_ROWS, mstepBlockRows } from '../../src/mixture/blocks.js';
import {
  COVARIANCE_TYPES,
  type CovarianceType,
  covarianceSize,
  estimateGaussianParameters,
} from '../../src/mixture/covariance.js';
import { responsibilitiesInPlace, weightedLogProb } from '../../src/mixture/estep.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { MCLUST_MODELS } from '../../src/mixture/models/table.js';
import { estepWork, MixtureWasm, mixtureWorkspace } from '../../src/mixture/wasm.js';

const initial = getBackend();
afterEach(() => setBackend(initial));

/** The stated contract: lower bound (mean log-likelihood) within this relative error of the TS reference. */
const LOWER_BOUND_RTOL = 1e-13;

interface Raw {
  expRef(x: number): number;
  logRef(x: number): number;
  expArray(src: number, n: number, dst: number): void;
}

function rawModule(): { ex: Raw; memory: WebAssembly.Memory } {
  const mod = kernelModule('gaussianMixture') as WebAssembly.Module;
  const memory = new WebAssembly.Memory({ initial: 4 });
  const ex = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Raw;
  return { ex, memory };
}

/** Random parameters of a k-component mixture on d features in scikit-learn's factor layout. */
function randomParams(rng: Rng, type: CovarianceType, k: number, d: number) {
  const means = Float64Array.from({ length: k * d }, () => rng.nextNormal() * 2);
  const precChol = new Float64Array(covarianceSize(type, k, d));
  if (type === 'full' || type === 'tied') {
    const blocks = type === 'full' ? k : 1;
    for (let c = 0; c < blocks; c++) {
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          precChol[c * d * d + a * d + b] = a === b ? 0.3 + rng.nextFloat() : 0.3 * rng.nextNormal();
        }
      }
    }
  } else for (let t = 0; t < precChol.length; t++) precChol[t] = 0.2 + rng.nextFloat();
  const logW = Float64Array.from({ length: k }, () => Math.log(0.1 + rng.nextFloat()));
  return { means, precChol, logW };
}

/**
 * One E-step (responsibilities bit for bit, the lower bound within LOWER_BOUND_RTOL) and the M-step sums from those
 * responsibilities (bit for bit) of the workspace against the TypeScript reference.
 */
function expectEmStepEqual(
  ws: MixtureWasm,
  x: Float64Array,
  type: CovarianceType,
  { means, precChol, logW }: ReturnType<typeof randomParams>,
  what: string,
): void {
  const { n, d, k } = ws;
  const scratch = new Float64Array(2 * d * d + d);
  const ref = new Float64Array(n * k);
  weightedLogProb(x, n, d, means, k, precChol, type, logW, ref, scratch);
  const lb = responsibilitiesInPlace(ref, n, k, null);
  const got = ws.estep(means, precChol, logW);
  expect(Array.from(ws.resp), what).toEqual(Array.from(ref));
  expect(Math.abs(got - lb), what).toBeLessThanOrEqual(LOWER_BOUND_RTOL * Math.abs(lb));
  const cs = covarianceSize(type, k, d);
  const a = { nk: new Float64Array(k), means: new Float64Array(k * d), cov: new Float64Array(cs) };
  const b = { nk: new Float64Array(k), means: new Float64Array(k * d), cov: new Float64Array(cs) };
  estimateGaussianParameters(x, n, d, ref, k, 1e-6, type, a.nk, a.means, a.cov, scratch);
  estimateGaussianParameters(x, n, d, ws.resp, k, 1e-6, type, b.nk, b.means, b.cov, scratch, ws);
  expect(Array.from(b.nk), what).toEqual(Array.from(a.nk));
  expect(Array.from(b.means), what).toEqual(Array.from(a.means));
  expect(Array.from(b.cov), what).toEqual(Array.from(a.cov));
}

describe.runIf(isWasmAvailable())('Gaussian-mixture WebAssembly kernels', () => {
  it('fdlibm exp and log equal Math.exp and Math.log bit for bit (scalar, two- and four-lane paths)', () => {
    const { ex, memory } = rawModule();
    const n = 4096;
    const src = new Float64Array(memory.buffer, 1024, n);
    const dst = new Float64Array(memory.buffer, 1024 + n * 8, n);
    const rng = createRng(7);
    const scales = [1e-12, 1e-8, 0.3, 0.5, 1, 2, 10, 100, 700, 746];
    for (let rep = 0; rep < 8; rep++) {
      for (let i = 0; i < n; i++) src[i] = -rng.nextFloat() * scales[Math.floor(rng.nextFloat() * scales.length)];
      // fdlibm's branch boundaries and special values
      src.set([
        0,
        -0,
        -746.5,
        -707.5,
        -707,
        -Math.LN2 / 2,
        -1.5 * Math.LN2,
        -(2 ** -28),
        -745.2,
        -1e-300,
        -800,
        -1e3,
        -750,
        -3,
      ]);
      ex.expArray(1024, n, 1024 + n * 8);
      for (let i = 0; i < n; i++) {
        expect(Object.is(dst[i], Math.exp(src[i])), `exp(${src[i]})`).toBe(true);
        expect(Object.is(ex.expRef(src[i]), Math.exp(src[i])), `expRef(${src[i]})`).toBe(true);
        const y = -src[i] * [1, 1e-300, 1e300, 3][i & 3] + (i & 4 ? 1 : 0);
        expect(Object.is(ex.logRef(y), Math.log(y)), `log(${y})`).toBe(true);
      }
    }
    for (const v of [Infinity, -Infinity, Number.NaN, 710, 709, 1, -1, 0.3, 2 ** -30]) {
      expect(Object.is(ex.expRef(v), Math.exp(v)), `exp(${v})`).toBe(true);
    }
    for (const v of [0, -0, -1, Infinity, Number.NaN, 5e-324, 1, 2, 0.5, 1 + 2 ** -52, 1 - 2 ** -53]) {
      expect(Object.is(ex.logRef(v), Math.log(v)), `log(${v})`).toBe(true);
    }
  });

  it('fixed row blocks: the E-step and M-step sums over many blocks (256 and 512 rows, ragged) equal the TS reference', () => {
    const mod = kernelModule('gaussianMixture') as WebAssembly.Module;
    for (const type of COVARIANCE_TYPES) {
      for (const [n, d, k] of [
        [5 * LL_BLOCK_ROWS + 3, 3, 4],
        [7 * LL_BLOCK_ROWS, 2, 5],
        [2 * 512 + 301, 7, 70],
      ]) {
        if (type === 'full' && k === 70) expect(mstepBlockRows(d, k, type)).toBe(512);
        const rng = createRng(n + d);
        const x = Float64Array.from({ length: n * d }, () => rng.nextNormal() * 3);
        const ws = new MixtureWasm(mod, x, n, d, k, type, 1);
        expectEmStepEqual(ws, x, type, randomParams(rng, type, k, d), `${type} n=${n} d=${d} k=${k}`);
      }
    }
  });

  it('the TS reference sums the log-likelihood per block of 256 rows, blocks in order (the oracle: ℓᵢ summed by hand)', () => {
    const rng = createRng(9);
    const n = 5 * LL_BLOCK_ROWS + 77;
    const k = 3;
    const a = Float64Array.from({ length: n * k }, () => rng.nextNormal() * 50 - 20);
    const l = new Float64Array(n);
    const mean = responsibilitiesInPlace(a, n, k, l);
    let total = 0;
    for (let r0 = 0; r0 < n; r0 += LL_BLOCK_ROWS) {
      let part = 0;
      for (let i = r0; i < Math.min(r0 + LL_BLOCK_ROWS, n); i++) part += l[i];
      total += part;
    }
    let rowOrder = 0;
    for (let i = 0; i < n; i++) rowOrder += l[i];
    expect(mean).toBe(total / n);
    // these data tell the two orders apart, so the check above can fail
    expect(rowOrder / n).not.toBe(total / n);
  });

  it('property: E-step and M-step sums equal the TS kernels (shapes n, d, k odd/small, all four types)', () => {
    const mod = kernelModule('gaussianMixture') as WebAssembly.Module;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 23 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(...COVARIANCE_TYPES),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0, 1, 40),
        (n, d, k, type, seed, spread) => {
          const rng = createRng(seed);
          const x = Float64Array.from({ length: n * d }, () => rng.nextNormal() * (1 + spread));
          const { means, precChol, logW } = randomParams(rng, type, k, d);
          const ws = new MixtureWasm(mod, x, n, d, k, type);
          const scratch = new Float64Array(2 * d * d + d);
          // weighted log densities
          const ref = new Float64Array(n * k);
          weightedLogProb(x, n, d, means, k, precChol, type, logW, ref, scratch);
          ws.logProb(means, precChol, logW);
          expect(Array.from(ws.resp)).toEqual(Array.from(ref));
          // responsibilities, the lower bound and the M-step (some responsibilities exactly 0 when spread is large)
          expectEmStepEqual(ws, x, type, { means, precChol, logW }, `${type} n=${n} d=${d} k=${k}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("whole fits: setBackend('wasm') gives the same parameters, labels, nIter and lower bound as 'js'", () => {
    for (const type of COVARIANCE_TYPES) {
      for (const [n, d, k] of [
        [301, 3, 4],
        [250, 2, 1],
        [403, 7, 5],
        [1300, 4, 3], // six blocks of 256 rows, the last ragged
        [1100, 7, 70], // 70 components on d = 7: M-step blocks of 512 rows
      ]) {
        const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: Math.max(k, 2), clusterStd: 1.5, seed: n + d });
        const fitWith = (backend: 'js' | 'wasm') => {
          setBackend(backend);
          return new GaussianMixture({ nComponents: k, covarianceType: type, tol: 1e-6, seed: 3 }).fit(X);
        };
        const js = fitWith('js');
        const wasm = fitWith('wasm');
        const what = `${type} n=${n} d=${d} k=${k}`;
        expect(wasm.nIter, what).toBe(js.nIter);
        expect(wasm.converged, what).toBe(js.converged);
        expect(Array.from(wasm.labels), what).toEqual(Array.from(js.labels));
        expect(Math.abs(wasm.lowerBound - js.lowerBound), what).toBeLessThanOrEqual(
          LOWER_BOUND_RTOL * Math.abs(js.lowerBound),
        );
        expect(Array.from(wasm.weights), what).toEqual(Array.from(js.weights));
        expect(Array.from(wasm.means.data), what).toEqual(Array.from(js.means.data));
        expect(Array.from(wasm.covariances), what).toEqual(Array.from(js.covariances));
      }
    }
  });

  it("mclust's ten other models (diagonal layout EII/EEI/VEI/EVI, full layout for the rest) run their E-steps and M-step sums in wasm, bit-identical to 'js'", () => {
    const { X } = makeBlobs({ nSamples: 700, nFeatures: 3, centers: 3, clusterStd: 1.2, seed: 31 });
    const others = MCLUST_MODELS.filter((m) => !['VII', 'VVI', 'EEE', 'VVV'].includes(m));
    expect(others).toHaveLength(10);
    for (const model of others) {
      const fitWith = (backend: 'js' | 'wasm') => {
        setBackend(backend);
        return new GaussianMixture({ nComponents: 3, covarianceType: model, tol: 1e-8, maxIter: 40, seed: 4 }).fit(X);
      };
      const js = fitWith('js');
      const wasm = fitWith('wasm');
      expect(js.backend, model).toBe('js');
      expect(wasm.backend, model).toMatch(/^wasm/);
      expect(wasm.nIter, model).toBe(js.nIter);
      expect(Array.from(wasm.labels), model).toEqual(Array.from(js.labels));
      expect(Array.from(wasm.weights), model).toEqual(Array.from(js.weights));
      expect(Array.from(wasm.means.data), model).toEqual(Array.from(js.means.data));
      expect(Array.from(wasm.covariances), model).toEqual(Array.from(js.covariances));
      expect(Math.abs(wasm.lowerBound - js.lowerBound), model).toBeLessThanOrEqual(
        LOWER_BOUND_RTOL * Math.abs(js.lowerBound),
      );
    }
  });

  it("nInit restarts and a warm-started refit agree between 'js' and 'wasm'", () => {
    const { X } = makeBlobs({ nSamples: 600, nFeatures: 5, centers: 4, clusterStd: 2, seed: 11 });
    const run = (backend: 'js' | 'wasm') => {
      setBackend(backend);
      const gm = new GaussianMixture({ nComponents: 4, nInit: 3, initParams: 'random_from_data', seed: 5 }).fit(X);
      const warm = new GaussianMixture({ nComponents: 4, warmStart: true, maxIter: 5, tol: 0, seed: 5 });
      warm.fit(X).fit(X);
      return { gm, warm };
    };
    const js = run('js');
    const wasm = run('wasm');
    expect(wasm.gm.nIter).toBe(js.gm.nIter);
    expect(Array.from(wasm.gm.labels)).toEqual(Array.from(js.gm.labels));
    expect(Array.from(wasm.gm.covariances)).toEqual(Array.from(js.gm.covariances));
    expect(Math.abs(wasm.gm.lowerBound - js.gm.lowerBound)).toBeLessThanOrEqual(
      LOWER_BOUND_RTOL * Math.abs(js.gm.lowerBound),
    );
    expect(Array.from(wasm.warm.means.data)).toEqual(Array.from(js.warm.means.data));
    expect(Array.from(wasm.warm.labels)).toEqual(Array.from(js.warm.labels));
  });

  it("the workspace is used only when the backend allows it ('js' never, 'auto' above the work threshold)", () => {
    const x = new Float64Array(2000 * 4);
    setBackend('js');
    expect(mixtureWorkspace(x, 2000, 4, 3, 'full')).toBeNull();
    setBackend('wasm');
    expect(mixtureWorkspace(x, 2000, 4, 3, 'full')).toBeInstanceOf(MixtureWasm);
    expect(mixtureWorkspace(x.subarray(0, 8), 2, 4, 1, 'diag')).toBeInstanceOf(MixtureWasm);
    setBackend('auto');
    // 'auto': n·k·(per-row work + 20 for the exponential) against WASM_MIN_WORK = 20 000
    expect(estepWork(10, 4, 1, 'diag')).toBe(10 * (8 + 20));
    expect(estepWork(10, 4, 1, 'full')).toBe(10 * (14 + 20));
    expect(mixtureWorkspace(x.subarray(0, 40), 10, 4, 1, 'diag')).toBeNull();
    expect(mixtureWorkspace(x.subarray(0, 4 * 250), 250, 4, 2, 'full')).toBeNull();
    expect(mixtureWorkspace(x, 2000, 4, 3, 'full')).toBeInstanceOf(MixtureWasm);
  });
});

describe('GaussianMixture workspace memory', () => {
  it('centres the rows as it copies them in and gives its memory back with free(): the next workspace reuses it, zeroed', () => {
    setBackend('wasm');
    const mod = kernelModule('gaussianMixture') as WebAssembly.Module;
    releaseWasmMemory();
    const n = 300;
    const d = 3;
    const raw = Float64Array.from({ length: n * d }, (_, t) => Math.sin(t * 0.7) * 5 + (t % d));
    const mu = Float64Array.from([0.25, -1.5, 3]);
    const a = new MixtureWasm(mod, raw, n, d, 2, 'full', 1, mu);
    for (let t = 0; t < n * d; t++) expect(Object.is(a.x[t], raw[t] - mu[t % d])).toBe(true);
    a.resp.fill(7);
    const bufA = a.x.buffer;
    a.free();
    a.free(); // idempotent: the pool keeps it once
    const b = new MixtureWasm(mod, raw, n, d, 2, 'full', 1);
    expect(b.x.buffer).toBe(bufA); // the spare memory, reused
    expect(Array.from(b.x)).toEqual(Array.from(raw));
    expect(b.resp.every((v) => v === 0)).toBe(true); // zeroed like a fresh memory
    const c = new MixtureWasm(mod, raw, n, d, 2, 'full', 1); // b holds it: a memory of its own
    expect(c.x.buffer).not.toBe(bufA);
    b.free();
    c.free();
    releaseWasmMemory();
    const e = new MixtureWasm(mod, raw, n, d, 2, 'full', 1);
    expect(e.x.buffer).not.toBe(bufA);
    e.free();
  });

  it('repeated fits on the pooled memory give identical results, and a later fit leaves an earlier model intact', () => {
    setBackend('wasm');
    const X = makeBlobs({ nSamples: 1500, nFeatures: 3, centers: 3, seed: 4 }).X;
    const Y = makeBlobs({ nSamples: 2500, nFeatures: 3, centers: 4, seed: 9 }).X;
    for (const covarianceType of COVARIANCE_TYPES) {
      releaseWasmMemory();
      const fitOn = (data: typeof X, k: number) =>
        new GaussianMixture({ nComponents: k, covarianceType, seed: 1 }).fit(data);
      const a = fitOn(X, 3);
      const snapshot = [Array.from(a.means.data), Array.from(a.covariances), Array.from(a.labels), a.lowerBound];
      fitOn(Y, 4); // other data and a larger workspace through the same pooled memory
      expect([Array.from(a.means.data), Array.from(a.covariances), Array.from(a.labels), a.lowerBound]).toEqual(
        snapshot,
      );
      const b = fitOn(X, 3);
      expect(Object.is(b.lowerBound, a.lowerBound)).toBe(true);
      expect(Array.from(b.means.data)).toEqual(snapshot[0]);
      expect(Array.from(b.covariances)).toEqual(snapshot[1]);
      expect(Array.from(b.predictProba(X).data)).toEqual(Array.from(a.predictProba(X).data));
    }
  });
});
