import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { pdistInto } from '../../src/core/distance.js';
import { ValidationError } from '../../src/core/errors.js';
import {
  METRIC_REGISTRY,
  type MetricName,
  type MetricOptions,
  type MetricParams,
  resolveMetric,
} from '../../src/core/metrics.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { cdistWasm, pdistWasm, pdistWasmCode } from '../../src/engine/kernels/pdistWasm.js';
import { cdist, fillCdist, fillPdist, pdist } from '../../src/engine/pairwise.js';

const initial = getBackend();
afterEach(() => setBackend(initial));

/** Every metric option set that has a wasm kernel (minkowski at the p where the registry reuses a loop). */
const WASM_CASES: MetricOptions[] = [
  { metric: 'sqeuclidean' },
  { metric: 'euclidean' },
  { metric: 'cityblock' },
  { metric: 'chebyshev' },
  { metric: 'cosine' },
  { metric: 'correlation' },
  { metric: 'seuclidean' },
  { metric: 'minkowski', p: 1 },
  { metric: 'minkowski', p: 2 },
  { metric: 'minkowski', p: Number.POSITIVE_INFINITY },
];

const label = (o: MetricOptions): string => (o.p === undefined ? String(o.metric) : `${o.metric} p=${o.p}`);

/** Throws naming the first entry whose bits differ (Object.is: NaN equals NaN, +0 differs from −0). */
function expectSameBits(want: Float64Array, got: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    if (!Object.is(want[t], got[t])) throw new Error(`${what}: entry ${t} is ${got[t]} in wasm, ${want[t]} in TS`);
  }
}

/** Parameters for `opts` on d columns (seuclidean: V = 0.5, 1.5, …), built directly: the kernels see any data. */
function paramsFor(opts: MetricOptions, d: number): MetricParams {
  const V = opts.metric === 'seuclidean' ? Float64Array.from({ length: d }, (_, k) => 0.5 + k) : null;
  return { p: opts.p ?? 2, w: null, V, VI: null };
}

/** pdist through the TS kernel and the wasm kernel, compared bit for bit. */
function checkPdist(x: Float64Array, n: number, d: number, opts: MetricOptions): void {
  const metric = opts.metric as MetricName;
  const params = paramsFor(opts, d);
  const len = (n * (n - 1)) / 2;
  const ts = new Float64Array(len);
  pdistInto(x, n, d, metric, ts, params);
  const wasm = new Float64Array(len).fill(-7);
  expect(pdistWasm(x, n, d, metric, wasm, params), `${label(opts)} has a wasm kernel`).toBe(true);
  expectSameBits(ts, wasm, `pdist ${label(opts)} n=${n} d=${d}`);
}

/** cdist through the registry kernel and the wasm kernel, compared bit for bit. */
function checkCdist(a: Float64Array, na: number, b: Float64Array, nb: number, d: number, opts: MetricOptions): void {
  const metric = opts.metric as MetricName;
  const params = paramsFor(opts, d);
  const dist = METRIC_REGISTRY[metric].distance;
  const ts = new Float64Array(na * nb);
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) ts[i * nb + j] = dist(a, i * d, b, j * d, d, params);
  const wasm = new Float64Array(na * nb).fill(-7);
  expect(cdistWasm(a, na, b, nb, d, metric, wasm, params)).toBe(true);
  expectSameBits(ts, wasm, `cdist ${label(opts)} ${na}×${nb} d=${d}`);
}

/** A value: ordinary, integer (ties), huge (squares overflow), tiny (subnormal products), or a signed zero. */
const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(1e200, -1e200, 1e150, -3e154, 1e-300, -2e-310, 5e-324, 0, -0) },
  { weight: 1, arbitrary: fc.double({ min: -1e300, max: 1e300, noNaN: true, noDefaultInfinity: true }) },
);

/**
 * n×d rows (d small, or large enough that a tile of columns holds only a few of them), some rows copies of
 * earlier ones.
 */
const rows = (maxN: number) =>
  fc
    .record({
      n: fc.integer({ min: 2, max: maxN }),
      d: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, fc.integer({ min: 200, max: 700 })),
    })
    .chain(({ n, d }) =>
      fc
        .record({
          v: fc.array(value, { minLength: n * d, maxLength: n * d }),
          dup: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 4 }),
        })
        .map(({ v, dup }) => {
          const x = Float64Array.from(v);
          for (const [from, to] of dup) x.copyWithin(to * d, from * d, from * d + d);
          return { n, d, x };
        }),
    );

describe('pdistWasm', () => {
  it('pdistWasmCode: a kernel for the listed metrics, none for weighted or fractional minkowski and the rest', () => {
    const none = { p: 2, w: null, V: null, VI: null };
    for (const o of WASM_CASES)
      expect(pdistWasmCode(o.metric as MetricName, paramsFor(o, 2)), label(o)).toBeGreaterThanOrEqual(0);
    expect(pdistWasmCode('minkowski', { ...none, p: 3 })).toBe(-1);
    expect(pdistWasmCode('minkowski', { ...none, p: 2, w: Float64Array.of(1, 2) })).toBe(-1);
    for (const m of ['canberra', 'braycurtis', 'mahalanobis', 'hamming', 'jaccard', 'haversine'] as const) {
      expect(pdistWasmCode(m, none), m).toBe(-1);
    }
  });

  it('equals the TypeScript kernel bit for bit on edge shapes: n = 2, odd n, d = 1, one run shorter than a step', () => {
    for (const o of WASM_CASES) {
      for (const [n, d] of [
        [2, 1],
        [3, 1],
        [9, 1],
        [17, 2],
        [8, 3],
      ]) {
        const x = Float64Array.from({ length: n * d }, (_, t) => ((t * 37) % 11) - 4.5 + t / 7);
        checkPdist(x, n, d, o);
      }
    }
  });

  it('equals the TypeScript kernel bit for bit over several scratch blocks and column tiles (n = 700, d = 3; n = 90, d = 500)', () => {
    for (const [n, d] of [
      [700, 3],
      [90, 500],
    ]) {
      const x = Float64Array.from({ length: n * d }, (_, t) => Math.sin(t * 0.37) * 100 + (t % 5));
      for (const o of WASM_CASES) checkPdist(x, n, d, o);
    }
  });

  it('equals the TypeScript kernel bit for bit for every wasm metric (property: random n, d, duplicated rows, extreme magnitudes)', () => {
    fc.assert(
      fc.property(rows(40), fc.constantFrom(...WASM_CASES), ({ n, d, x }, o) => {
        checkPdist(x, n, d, o);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the caller’s rows unchanged (correlation centres its own copy)', () => {
    const x = Float64Array.from({ length: 60 }, (_, t) => t * 1.5 - 20);
    const before = x.slice();
    for (const o of WASM_CASES) checkPdist(x, 20, 3, o);
    expect(x).toEqual(before);
  });
});

describe('cdistWasm', () => {
  it('equals the registry kernel bit for bit (property: random shapes and values)', () => {
    fc.assert(
      fc.property(rows(30), rows(30), fc.constantFrom(...WASM_CASES), (A, B, o) => {
        const d = Math.min(A.d, B.d);
        const a = Float64Array.from({ length: A.n * d }, (_, t) => A.x[Math.floor(t / d) * A.d + (t % d)]);
        const b = Float64Array.from({ length: B.n * d }, (_, t) => B.x[Math.floor(t / d) * B.d + (t % d)]);
        checkCdist(a, A.n, b, B.n, d, o);
      }),
      { numRuns: 200 },
    );
  });

  it('equals the registry kernel bit for bit over several scratch blocks (70 × 1200, d = 2; 1 × 40 000)', () => {
    const a = Float64Array.from({ length: 140 }, (_, t) => Math.cos(t) * 3);
    const b = Float64Array.from({ length: 2400 }, (_, t) => Math.sin(t * 1.3) * 5);
    for (const o of WASM_CASES) checkCdist(a, 70, b, 1200, 2, o);
    const big = Float64Array.from({ length: 40_000 }, (_, t) => (t % 97) - 48.5);
    checkCdist(Float64Array.of(0.25), 1, big, 40_000, 1, { metric: 'cityblock' });
  });
});

describe('pdist and cdist — backend choice', () => {
  const X = Array.from({ length: 120 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7) + 2, (i % 9) - 4]);
  const x = Float64Array.from(X.flat());

  it('fillPdist runs the wasm kernel under the wasm and auto backends (above the work threshold), TS under js', () => {
    const out = new Float64Array((120 * 119) / 2);
    setBackend('wasm');
    expect(fillPdist(x, 120, 3, 'euclidean', out)).toBe('wasm');
    setBackend('auto');
    expect(fillPdist(x, 120, 3, 'euclidean', out)).toBe('wasm');
    expect(fillPdist(x, 4, 3, 'euclidean', out.subarray(0, 6))).toBe('js');
    setBackend('js');
    expect(fillPdist(x, 120, 3, 'euclidean', out)).toBe('js');
    const out2 = new Float64Array(120 * 120);
    setBackend('wasm');
    expect(fillCdist(x, 120, x, 120, 3, 'cosine', out2)).toBe('wasm');
    setBackend('js');
    expect(fillCdist(x, 120, x, 120, 3, 'cosine', out2)).toBe('js');
  });

  it('metrics and parameters without a wasm kernel run the TS kernel under the wasm backend', () => {
    setBackend('wasm');
    const out = new Float64Array((120 * 119) / 2);
    const m = { rows: 120, cols: 3, data: x };
    for (const o of [
      { metric: 'canberra' },
      { metric: 'minkowski', p: 3 },
      { metric: 'minkowski', p: 1, w: [1, 2, 1] },
    ] as MetricOptions[]) {
      const { info, params } = resolveMetric(o, [m], 'pdist');
      expect(fillPdist(x, 120, 3, info.name, out, params), label(o)).toBe('js');
    }
  });

  it('pdist(X) and cdist(X, X) give the same bits under the js and wasm backends for every wasm metric', () => {
    for (const o of WASM_CASES) {
      setBackend('js');
      const pj = pdist(X, o);
      const cj = cdist(X, X, o);
      setBackend('wasm');
      expectSameBits(pj, pdist(X, o), `pdist ${label(o)}`);
      expectSameBits(cj.data, cdist(X, X, o).data, `cdist ${label(o)}`);
    }
  });
});

describe('pdist and cdist — out (SciPy out=)', () => {
  const X = Array.from({ length: 90 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7) + 2, (i % 9) - 4]);
  const len = (90 * 89) / 2;

  it('writes into out and returns it, bit-identical to a fresh result, on both backends and every metric kind', () => {
    for (const backend of ['wasm', 'js'] as const) {
      setBackend(backend);
      for (const o of [...WASM_CASES, { metric: 'canberra' }, { metric: 'minkowski', p: 3 }] as MetricOptions[]) {
        const out = new Float64Array(len).fill(Number.NaN);
        const got = pdist(X, { ...o, out });
        expect(got).toBe(out);
        expectSameBits(pdist(X, o), out, `pdist out ${backend} ${label(o)}`);
        const cout = new Float64Array(90 * 40).fill(Number.NaN);
        const c = cdist(X, X.slice(0, 40), { ...o, out: cout });
        expect(c.data).toBe(cout);
        expect([c.rows, c.cols]).toEqual([90, 40]);
        expectSameBits(cdist(X, X.slice(0, 40), o).data, cout, `cdist out ${backend} ${label(o)}`);
      }
    }
  });

  it('a reused out gives the same bits on every call; the memory budget is not checked (nothing is allocated)', () => {
    const out = new Float64Array(len);
    pdist(X, { metric: 'cosine', out });
    const first = out.slice();
    pdist(X, { metric: 'cityblock', out });
    pdist(X, { metric: 'cosine', out, memoryBudget: 1 });
    expectSameBits(first, out, 'reused out');
    expect(() => pdist(X, { metric: 'cosine', memoryBudget: 1 })).toThrow(/memory budget/);
  });

  it('refuses an out of the wrong type or length, or one overlapping the input, with a typed error', () => {
    const bad: [unknown, RegExp][] = [
      [new Array(len).fill(0), /out must be a Float64Array of n\(n−1\)\/2 = 4005 values; got object/],
      [new Float32Array(len), /got Float32Array/],
      [null, /got null/],
      [new Float64Array(len + 1), /out must hold n\(n−1\)\/2 = 4005 values; got length 4006/],
      [new Float64Array(0), /got length 0/],
    ];
    for (const [out, msg] of bad) {
      let err: unknown;
      try {
        pdist(X, { out: out as Float64Array });
      } catch (e) {
        err = e;
      }
      expect(err, String(msg)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).message).toMatch(msg);
      expect((err as ValidationError).param).toBe('out');
    }
    expect(() => cdist(X, X, { out: new Float64Array(5) })).toThrow(/out must hold na·nb = 8100 values; got length 5/);
    // out sharing memory with the rows: the TypeScript kernels would read overwritten coordinates
    const buf = new Float64Array(4 * 2 + 6);
    buf.set([0, 0, 3, 4, 6, 8, 1, 1]);
    const m = { rows: 4, cols: 2, data: buf.subarray(0, 8) };
    expect(() => pdist(m, { out: buf.subarray(6, 12) })).toThrow(/out overlaps the input data/);
    expect(() => cdist(m, [[0, 0]], { out: buf.subarray(7, 11) })).toThrow(/out overlaps/);
    // adjacent, not overlapping: fine
    expect(Array.from(pdist(m, { out: buf.subarray(8, 14) }))).toEqual(Array.from(pdist(m)));
  });
});
