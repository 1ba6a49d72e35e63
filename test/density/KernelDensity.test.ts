import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { KDE_STATE, KernelDensity } from '../../src/density/KernelDensity.js';
import { KERNELS, type KernelName } from '../../src/density/kernels.js';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';
import { fromNullable, loadFixture, maxRelDiff, trapezoid } from './helpers.js';

type KdeInput = { X: number[][]; queries: number[][]; sampleWeight: number[] };
type KdeCase = {
  kernel: KernelName;
  bandwidth: number;
  weighted: boolean;
  source: string;
  logDensity: (number | null)[];
  bruteForce: (number | null)[];
};

/** max_q |p(q) − p_ref(q)| − rtol·p_ref(q), in units of max p_ref (density space). */
function densityExcess(a: ArrayLike<number>, ref: ArrayLike<number>, rtol: number): number {
  let pmax = 0;
  for (let i = 0; i < ref.length; i++) pmax = Math.max(pmax, Math.exp(ref[i]));
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const pr = Math.exp(ref[i]);
    worst = Math.max(worst, (Math.abs(Math.exp(a[i]) - pr) - rtol * pr) / pmax);
  }
  return worst;
}

// The golden fixtures run against both kernel backends: the plain-TypeScript sums and the WebAssembly
// SIMD ones (forced, whatever the problem size), where the runtime has SIMD.
const BACKENDS = isWasmAvailable() ? (['js', 'wasm'] as const) : (['js'] as const);
for (const backend of BACKENDS) {
  describe(`golden fixtures, setBackend('${backend}')`, () => {
    const initial = getBackend();
    beforeAll(() => setBackend(backend));
    afterAll(() => setBackend(initial));

    describe(`KernelDensity vs scikit-learn (atol = rtol = 0), ${backend} kernels`, () => {
      for (const name of ['iris_std', 'iris3_std', 'iris1_std', 'demo']) {
        const fx = loadFixture<KdeInput, { cases: KdeCase[] }>(`kde_${name}`);
        const rtol = fx.params.rtol as number;
        const atolOverMax = fx.params.atolOverMax as number;
        for (const c of fx.expected.cases) {
          it(`scoreSamples matches ${c.source} on ${name}: ${c.kernel}, h=${c.bandwidth}${c.weighted ? ', weighted' : ''} (#6)`, () => {
            const expected = fromNullable(c.logDensity);
            const brute = fromNullable(c.bruteForce);
            for (const algorithm of ['exact', 'kd_tree'] as const) {
              const kde = new KernelDensity({ kernel: c.kernel, bandwidth: c.bandwidth, algorithm });
              kde.fit(fx.input.X, { sampleWeight: c.weighted ? fx.input.sampleWeight : undefined });
              const v = kde.scoreSamples(fx.input.queries);
              // Exact in log space against the float64 brute force (also −Infinity where it is −Infinity)...
              expect(maxRelDiff(v, brute)).toBeLessThan(1e-10);
              // ...and against scikit-learn in density space (its tree keeps ~1e-16 × root-bound of slack).
              expect(densityExcess(v, expected, rtol)).toBeLessThan(atolOverMax);
            }
          });
        }
      }
    });

    describe(`KernelDensity bandwidth rules, ${backend} kernels`, () => {
      const fx = loadFixture<
        unknown,
        { cases: { n: number; d: number; rule: 'scott' | 'silverman'; bandwidth: number }[] }
      >('bandwidth_rules');
      it("'scott' and 'silverman' equal scikit-learn's unscaled bandwidth_ (#6)", () => {
        for (const c of fx.expected.cases) {
          const X = Array.from({ length: c.n }, (_, i) =>
            Array.from({ length: c.d }, (_, j) => Math.sin(i * 7 + j) * 10),
          );
          const kde = new KernelDensity({ bandwidth: c.rule }).fit(X);
          expect(Math.abs(kde.bandwidth - c.bandwidth) / c.bandwidth).toBeLessThan(1e-14);
        }
      });
    });

    type GkInput = { X: number[][]; queries: number[][]; weights: number[] };
    type GkCase = {
      bwMethod: 'scott' | 'silverman' | number;
      weighted: boolean;
      factor: number;
      covariance: number[][];
      logDensity: number[];
    };

    describe(`KernelDensity({ scaleByCovariance: true }) vs scipy.stats.gaussian_kde, ${backend} kernels`, () => {
      for (const name of ['demo', 'iris_raw', 'skewed1d']) {
        const fx = loadFixture<GkInput, { cases: GkCase[] }>(`gaussian_kde_${name}`);
        for (const c of fx.expected.cases) {
          it(`logpdf, factor and covariance match on ${name}: bw_method=${c.bwMethod}${c.weighted ? ', weighted' : ''} (#6)`, () => {
            for (const algorithm of ['exact', 'kd_tree'] as const) {
              const kde = new KernelDensity({ bandwidth: c.bwMethod, scaleByCovariance: true, algorithm });
              kde.fit(fx.input.X, { sampleWeight: c.weighted ? fx.input.weights : undefined });
              expect(Math.abs(kde.bandwidth - c.factor) / c.factor).toBeLessThan(1e-12);
              const cov = kde.bandwidthCovariance;
              expect(cov).not.toBeNull();
              const d = c.covariance.length;
              for (let p = 0; p < d; p++) {
                for (let q = 0; q < d; q++) {
                  const e = c.covariance[p][q];
                  expect(Math.abs((cov?.data[p * d + q] ?? Number.NaN) - e)).toBeLessThan(1e-12 * (1 + Math.abs(e)));
                }
              }
              expect(maxRelDiff(kde.scoreSamples(fx.input.queries), c.logDensity)).toBeLessThan(1e-9);
            }
          });
        }
      }
    });
  });
}

describe('KernelDensity properties', () => {
  it('the 1-D density integrates to 1 for every kernel (#6)', () => {
    const X = [[-1], [0], [0.3], [2.5], [2.6]];
    for (const kernel of KERNELS) {
      const kde = new KernelDensity({ kernel, bandwidth: 0.7 }).fit(X);
      const m = 40001;
      const a = -40;
      const b = 40;
      // Trapezoid rule on a grid shifted by an irrational offset, so the tophat's jumps fall between nodes.
      const step = (b - a) / (m - 1);
      const grid = Array.from({ length: m }, (_, i) => [a + Math.SQRT2 * 1e-3 + step * i]);
      const p = Array.from(kde.scoreSamples(grid), Math.exp);
      const tol = kernel === 'tophat' ? 3e-4 : 1e-6;
      expect(Math.abs(trapezoid(p, step) - 1), kernel).toBeLessThan(tol);
    }
  });

  it('the 2-D density integrates to 1 for every kernel and norm (#6)', () => {
    const X = [
      [0, 0],
      [1, 0.5],
      [-0.5, 1],
    ];
    for (const metric of ['euclidean', 'cityblock', 'chebyshev'] as const) {
      for (const kernel of KERNELS) {
        const kde = new KernelDensity({ kernel, bandwidth: 0.8, metric }).fit(X);
        // Midpoint rule on a grid shifted by an irrational offset (so the support edges do not align with it).
        const m = 300;
        const lim = kernel === 'exponential' ? 15 : 6;
        const step = (2 * lim) / m;
        const off = -lim + step * (0.5 + Math.SQRT2 / 10);
        const grid: number[][] = [];
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) grid.push([off + i * step, off + j * step]);
        const p = kde.scoreSamples(grid);
        let s = 0;
        for (let t = 0; t < p.length; t++) s += Math.exp(p[t]);
        const tol = kernel === 'tophat' ? 5e-3 : 2e-3;
        expect(Math.abs(s * step * step - 1), `${kernel} ${metric}`).toBeLessThan(tol);
      }
    }
  });

  it('integer sample weights equal duplicated rows (#6)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
        fc.constantFrom(...KERNELS),
        (pts, counts, kernel) => {
          const w = pts.map((_, i) => counts[i]);
          if (!w.some((v) => v > 0)) w[0] = 1;
          const dup: number[][] = [];
          pts.forEach((p, i) => {
            for (let t = 0; t < w[i]; t++) dup.push(p);
          });
          const q = [[0, 0], [1, -1], pts[0]];
          const a = new KernelDensity({ kernel, bandwidth: 1.3 }).fit(pts, { sampleWeight: w }).scoreSamples(q);
          const b = new KernelDensity({ kernel, bandwidth: 1.3 }).fit(dup).scoreSamples(q);
          expect(maxRelDiff(a, b)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sample(n, seed) has the moments of the estimate for every kernel (#6)', () => {
    const X = [
      [0, 0],
      [2, 1],
      [4, -1],
    ];
    const h = 0.6;
    for (const kernel of KERNELS) {
      const kde = new KernelDensity({ kernel, bandwidth: h }).fit(X, { sampleWeight: [1, 2, 1] });
      const S = kde.sample(40000, 11);
      // Mean = weighted mean of X; variance per axis = weighted variance of X + kernel variance per axis.
      const w = [0.25, 0.5, 0.25];
      const mean = [0, 1].map((j) => w.reduce((s, wi, i) => s + wi * X[i][j], 0));
      const varX = [0, 1].map((j) => w.reduce((s, wi, i) => s + wi * (X[i][j] - mean[j]) ** 2, 0));
      // Per-axis kernel variance in 2-D: E[r²]/2 · h², E[r²] = M(d+2)/M(d) for the radial density ∝ k(r)r^(d−1).
      const er2: Record<KernelName, number> = {
        gaussian: 2,
        tophat: 0.5,
        epanechnikov: 1 / 3,
        exponential: 6,
        linear: 0.3,
        cosine: Number.NaN,
      };
      // cosine: ∫₀¹ r³cos(πr/2)dr / ∫₀¹ r cos(πr/2)dr, by quadrature here.
      if (kernel === 'cosine') {
        let a = 0;
        let b = 0;
        for (let i = 0; i < 100000; i++) {
          const r = (i + 0.5) / 100000;
          a += r ** 3 * Math.cos((Math.PI * r) / 2);
          b += r * Math.cos((Math.PI * r) / 2);
        }
        er2.cosine = a / b;
      }
      for (let j = 0; j < 2; j++) {
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < S.rows; i++) s += S.data[i * 2 + j];
        const mu = s / S.rows;
        for (let i = 0; i < S.rows; i++) s2 += (S.data[i * 2 + j] - mu) ** 2;
        const v = s2 / S.rows;
        const expectedVar = varX[j] + (er2[kernel] / 2) * h * h;
        expect(Math.abs(mu - mean[j]), `${kernel} mean`).toBeLessThan(0.03);
        expect(Math.abs(v / expectedVar - 1), `${kernel} var`).toBeLessThan(0.03);
      }
    }
  });

  it('sample() with scaleByCovariance has covariance cov_w(X) + Σ_K (#6)', () => {
    const X = [
      [0, 0],
      [1, 2],
      [3, 1],
      [4, 5],
    ];
    const kde = new KernelDensity({ bandwidth: 0.8, scaleByCovariance: true }).fit(X);
    const S = kde.sample(60000, 5);
    const K = kde.bandwidthCovariance?.data ?? new Float64Array(4);
    const mu = [2, 2];
    // Population (ddof 0) covariance of the 4 rows plus the kernel covariance.
    const c00 = (4 + 1 + 1 + 4) / 4 + K[0];
    const c01 = ((0 - 2) * (0 - 2) + (1 - 2) * (2 - 2) + (3 - 2) * (1 - 2) + (4 - 2) * (5 - 2)) / 4 + K[1];
    const c11 = (4 + 0 + 1 + 9) / 4 + K[3];
    let s00 = 0;
    let s01 = 0;
    let s11 = 0;
    for (let i = 0; i < S.rows; i++) {
      const a = S.data[2 * i] - mu[0];
      const b = S.data[2 * i + 1] - mu[1];
      s00 += a * a;
      s01 += a * b;
      s11 += b * b;
    }
    expect(Math.abs(s00 / S.rows / c00 - 1)).toBeLessThan(0.03);
    expect(Math.abs(s11 / S.rows / c11 - 1)).toBeLessThan(0.03);
    expect(Math.abs(s01 / S.rows - c01)).toBeLessThan(0.03 * Math.sqrt(c00 * c11));
  });

  it('sample draws stay inside the support of compact kernels and are reproducible (#6)', () => {
    const X = [[0, 0]];
    for (const kernel of ['tophat', 'epanechnikov', 'linear', 'cosine'] as const) {
      const kde = new KernelDensity({ kernel, bandwidth: 0.5 }).fit(X);
      const S = kde.sample(500, 3);
      for (let i = 0; i < S.rows; i++) expect(Math.hypot(S.data[2 * i], S.data[2 * i + 1])).toBeLessThan(0.5);
      expect(kde.sample(5, 9).data).toEqual(kde.sample(5, 9).data);
      expect(Number.isFinite(kde.score(S))).toBe(true);
    }
  });

  it('score is the sum of scoreSamples (#6)', () => {
    const kde = new KernelDensity({ bandwidth: 0.5 }).fit([[0], [1], [3]]);
    const q = [[0.5], [2]];
    const v = kde.scoreSamples(q);
    expect(kde.score(q)).toBeCloseTo(v[0] + v[1], 12);
  });

  it('gaussian log density stays finite far from the data (log space) (#6)', () => {
    const kde = new KernelDensity({ bandwidth: 0.1 }).fit([[0], [1]]);
    const v = kde.scoreSamples([[1000]]);
    // log(½·φ(999/0.1)/0.1) computed analytically
    const expected = Math.log(0.5) - 0.5 * Math.log(2 * Math.PI) - Math.log(0.1) - 0.5 * (999 / 0.1) ** 2;
    expect(Math.abs(v[0] - expected) / Math.abs(expected)).toBeLessThan(1e-12);
    const tree = new KernelDensity({ bandwidth: 0.1, algorithm: 'kd_tree' }).fit([[0], [1]]).scoreSamples([[1000]]);
    expect(Math.abs(tree[0] - expected) / Math.abs(expected)).toBeLessThan(1e-12);
  });

  it('compact kernels give −Infinity outside their support (#6)', () => {
    const kde = new KernelDensity({ kernel: 'tophat', bandwidth: 1 }).fit([[0, 0]]);
    const v = kde.scoreSamples([
      [0.5, 0],
      [2, 0],
    ]);
    expect(v[0]).toBeCloseTo(-Math.log(Math.PI), 12);
    expect(v[1]).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('KernelDensity edge cases and errors', () => {
  it('constant data never yield NaN, with the rules and with scaleByCovariance (#6)', () => {
    const X = Array.from({ length: 20 }, () => [3, -1]);
    for (const bandwidth of ['scott', 'silverman', 0.5] as const) {
      for (const scaleByCovariance of [false, true]) {
        const kde = new KernelDensity({ bandwidth, scaleByCovariance }).fit(X);
        const v = kde.scoreSamples([
          [3, -1],
          [4, 0],
        ]);
        expect(v.every((t) => Number.isFinite(t))).toBe(true);
        if (scaleByCovariance) expect(kde.warnings.map((w) => w.code)).toContain('DEGENERATE');
      }
    }
    const one = new KernelDensity({ scaleByCovariance: true, bandwidth: 'scott' }).fit([[1, 2, 3]]);
    expect(Number.isFinite(one.scoreSamples([[1, 2, 3]])[0])).toBe(true);
  });

  it('rejects bandwidth ≤ 0, unknown kernel, NaN and a wrong number of query columns (#6)', () => {
    expect(() => new KernelDensity({ bandwidth: 0 })).toThrow(ValidationError);
    expect(() => new KernelDensity({ bandwidth: -1 })).toThrow(/bandwidth/);
    expect(() => new KernelDensity({ bandwidth: Number.NaN })).toThrow(ValidationError);
    expect(() => new KernelDensity({ kernel: 'triangle' as KernelName })).toThrow(/kernel must be one of/);
    expect(() => new KernelDensity({ algorithm: 'ball_tree' as 'auto' })).toThrow(ValidationError);
    expect(() => new KernelDensity({ scaleByCovariance: true, metric: 'cityblock' })).toThrow(ValidationError);
    expect(() => new KernelDensity().fit([[0, Number.NaN]])).toThrow(ValidationError);
    const kde = new KernelDensity().fit([
      [0, 1],
      [1, 2],
    ]);
    expect(() => kde.scoreSamples([[1, 2, 3]])).toThrow(/features/);
    expect(() => kde.scoreSamples([[1, Number.POSITIVE_INFINITY]])).toThrow(ValidationError);
    expect(() => new KernelDensity().scoreSamples([[0]])).toThrow(NotFittedError);
    expect(() => kde.sample(0)).toThrow(ValidationError);
  });

  it('toJSON / fromJSON round-trips a fitted model (#6)', () => {
    const X = [
      [0, 1],
      [2, 3],
      [4, 1],
    ];
    for (const scaleByCovariance of [false, true]) {
      const kde = new KernelDensity({ bandwidth: 'silverman', kernel: 'gaussian', scaleByCovariance }).fit(X, {
        sampleWeight: [1, 0.5, 2],
      });
      const back = KernelDensity.fromJSON(JSON.parse(JSON.stringify(kde.toJSON())));
      expect(back.bandwidth).toBe(kde.bandwidth);
      expect(back.scoreSamples([[1, 1]])).toEqual(kde.scoreSamples([[1, 1]]));
    }
  });

  it('does not modify its input (#6)', () => {
    const data = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const copy = data.slice();
    new KernelDensity({ scaleByCovariance: true })
      .fit({ rows: 3, cols: 2, data })
      .scoreSamples({ rows: 3, cols: 2, data });
    expect(data).toEqual(copy);
  });
});

describe('KernelDensity weights memory', () => {
  const X = Array.from({ length: 400 }, (_, i) => [Math.sin(i * 0.37) * 3, Math.cos(i * 0.11) * 2]);
  const Q = X.slice(0, 50);
  it('unweighted fits share one read-only buffer of unit weights; weighted fits keep their own', () => {
    const a = new KernelDensity({ bandwidth: 0.7 }).fit(X);
    const b = new KernelDensity({ bandwidth: 0.7, algorithm: 'kd_tree' }).fit(X.slice(0, 300));
    const wa = a[KDE_STATE]().w;
    const wb = b[KDE_STATE]().w;
    expect(wa.buffer).toBe(wb.buffer); // the second fit reused the first one's ones
    expect(wa.length).toBe(400);
    expect(wb.length).toBe(300);
    expect(wa.every((v) => v === 1)).toBe(true);
    const sa = Array.from(a.scoreSamples(Q));
    b.scoreSamples(Q); // builds b's tree from the shared weights: they must stay ones
    expect(wa.every((v) => v === 1)).toBe(true);
    // a larger fit gets a larger buffer; the earlier models keep theirs
    const c = new KernelDensity({ bandwidth: 0.7 }).fit(X.concat(X));
    expect(c[KDE_STATE]().w.length).toBe(800);
    expect(c[KDE_STATE]().w.every((v) => v === 1)).toBe(true);
    expect(Array.from(a.scoreSamples(Q))).toEqual(sa);
    const weights = X.map((_, i) => 1 + (i % 3));
    const d = new KernelDensity({ bandwidth: 0.7 }).fit(X, { sampleWeight: weights });
    expect(d[KDE_STATE]().w.buffer).not.toBe(wa.buffer);
    expect(Array.from(d[KDE_STATE]().w)).toEqual(weights);
    // explicit unit weights give the same densities as none, bit for bit
    const e = new KernelDensity({ bandwidth: 0.7 }).fit(X, { sampleWeight: X.map(() => 1) });
    expect(Array.from(e.scoreSamples(Q))).toEqual(sa);
  });
  it("keeps its own rows: a caller's Matrix is copied (changing it after fit changes nothing), rows given as arrays are not copied twice", () => {
    const data = Float64Array.from(X.flat());
    const M = { rows: 400, cols: 2, data };
    const a = new KernelDensity({ bandwidth: 0.7 }).fit(M);
    const before = Array.from(a.scoreSamples(Q));
    expect(a[KDE_STATE]().raw).not.toBe(data);
    data.fill(0);
    expect(Array.from(a.scoreSamples(Q))).toEqual(before);
    const b = new KernelDensity({ bandwidth: 0.7 }).fit(X);
    expect(Array.from(b.scoreSamples(Q))).toEqual(before);
    expect(Array.from(b[KDE_STATE]().raw)).toEqual(X.flat());
  });
});
