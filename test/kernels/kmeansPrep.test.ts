/**
 * The k-means fit's data preparation (src/engine/kernels/kmeansPrep.ts, the wasm `fitPrep*` passes): the column
 * means, the centred rows and the tolerance's mean column variance are bit-identical to the plain passes the fit
 * ran before (columnMeans, x − μ, meanColumnVariance), for every d (odd d has a scalar tail column), both in the
 * reserved wasm memory and on a plain array; a non-finite or too-large value anywhere gives the same typed error
 * as toMatrix / checkSquaredMagnitude.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { NumericalError, ValidationError } from '../../src/core/errors.js';
import { checkSquaredMagnitude } from '../../src/core/magnitude.js';
import { type Matrix, toMatrix } from '../../src/core/matrix.js';
import { columnMeans, meanColumnVariance } from '../../src/core/stats.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, isWasmAvailable, kernelModule, setBackend } from '../../src/engine/kernels/backend.js';
import { prepareKMeansData } from '../../src/engine/kernels/kmeansPrep.js';
import { releaseKMeansData, reservedSpare, reserveKMeansData } from '../../src/engine/kernels/kmeansWasm.js';
import type { KmeansExports } from '../../src/engine/kernels/wasm/kmeans.generated.js';
import { openWasmWorkspace } from '../../src/engine/wasmWorkspace.js';
import { KMeans } from '../../src/kmeans/KMeans.js';

const before = getBackend();
afterEach(() => setBackend(before));
const wasm = isWasmAvailable();

const WHAT = 'KMeans: the inertia (Σ squared distances)';
/** checkSquaredMagnitude's bound √(MAX_VALUE / 4nd). */
const limitOf = (n: number, d: number) => Math.sqrt(Number.MAX_VALUE / (4 * n * d));

/** The passes KMeans.fit ran before the fused preparation: columnMeans, then x − μ, then meanColumnVariance. */
function reference(src: Float64Array, n: number, d: number) {
  const mu = columnMeans(src, n, d);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = src[i * d + j] - mu[j];
  return { mu, x, meanVariance: meanColumnVariance(x, n, d) };
}

/** Values over many magnitudes and signs (so that a different summation order changes the bits), ±0 included. */
const value = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -40, max: 40 }).chain((e) => fc.double({ min: -1, max: 1, noNaN: true }).map((v) => v * 2 ** e)),
  fc.constantFrom(0, -0, 1e-300, -3e-310, 1e100),
);
const data = fc
  .record({ n: fc.integer({ min: 1, max: 30 }), d: fc.integer({ min: 1, max: 19 }) })
  .chain(({ n, d }) => fc.array(value, { minLength: n * d, maxLength: n * d }).map((v) => ({ n, d, v })));

/**
 * Near-constant columns (base·(1 + m·2⁻⁵²)): the centred values are a few ulps, comparable to their own mean x̄, so
 * every bit of x̄ shows in Σ (x − x̄)² — the variance's steps must be the reference's exactly.
 */
const nearConstant = fc
  .record({ n: fc.integer({ min: 2, max: 30 }), d: fc.integer({ min: 1, max: 9 }) })
  .chain(({ n, d }) =>
    fc
      .tuple(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), {
          minLength: d,
          maxLength: d,
        }),
        fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n * d, maxLength: n * d }),
      )
      .map(([base, m]) => ({ n, d, v: m.map((t, i) => base[i % d] * (1 + t * 2 ** -52)) })),
  );

/** The kernel's own rowNorms over a copy of x (n×d) in a fresh instance: the norms and its max |x|. */
function rowNorms(x: Float64Array, n: number, d: number): { norms: Float64Array; maxAbs: number } {
  const bytes = 1024 + x.byteLength + n * 8;
  const ws = openWasmWorkspace<KmeansExports>(kernelModule() as WebAssembly.Module, bytes);
  if (ws === null) throw new Error('no workspace');
  new Float64Array(ws.memory.buffer, 1024, n * d).set(x);
  const maxAbs = ws.exports.rowNorms(1024, n, d, 1024 + x.byteLength);
  return { norms: new Float64Array(ws.memory.buffer, 1024 + x.byteLength, n).slice(), maxAbs };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let t = 0; t < a.length; t++) if (!Object.is(a[t], b[t])) expect([t, a[t]]).toEqual([t, b[t]]);
};

/** The three destinations: a reserved wasm view for each workspace layout (when wasm runs), and a plain array. */
const targets: { name: string; make: (n: number, d: number, k: number) => Float64Array | null }[] = [
  { name: 'plain array (TypeScript passes)', make: (n, d) => new Float64Array(n * d) },
  ...(['lloyd', 'hamerly', 'elkan'] as const).map((a) => ({
    name: `reserved ${a} memory (wasm passes)`,
    make: (n: number, d: number, k: number) => (wasm ? reserveKMeansData(a, n, d, k) : null),
  })),
];

describe('prepareKMeansData: bit-identical to columnMeans, x − μ, meanColumnVariance', () => {
  for (const t of targets) {
    it(`${t.name}: random n, d (1–19), values over ±2⁴⁰ and ±0`, () => {
      if (t.make(1, 1, 1) === null) return; // no wasm here: the plain array covers the TypeScript path
      fc.assert(
        fc.property(fc.oneof(data, nearConstant), fc.integer({ min: 1, max: 5 }), ({ n, d, v }, k) => {
          const src = Float64Array.from(v);
          const copy = src.slice();
          const ref = reference(src, n, d);
          const x = t.make(n, d, k) as Float64Array;
          x.fill(Number.NaN); // stale contents of a pooled memory must not leak in
          const M = { rows: n, cols: d, data: src };
          const got = prepareKMeansData(M, 'X', WHAT, x, true);
          same(got.mu, ref.mu);
          same(x, ref.x);
          expect(Object.is(got.meanVariance, ref.meanVariance)).toBe(true);
          same(src, copy); // the source is not changed
          const r = reservedSpare(x);
          if (r !== null) {
            // the row norms and max |x| left for the workspace: exactly what its own rowNorms pass would give
            const { norms, maxAbs } = rowNorms(ref.x, n, d);
            same(new Float64Array(r.memory.buffer, r.xn, n), norms);
            expect(Object.is(r.maxAbs, maxAbs)).toBe(true);
          }
          const noVar = prepareKMeansData(M, 'X', WHAT, x, false);
          same(noVar.mu, ref.mu);
          same(x, ref.x);
          releaseKMeansData(x);
        }),
        { numRuns: 300 },
      );
    });

    it(`${t.name}: a NaN, ±Infinity or too-large value anywhere throws the error of toMatrix / checkSquaredMagnitude`, () => {
      if (t.make(1, 1, 1) === null) return;
      for (const d of [1, 2, 3, 16, 17]) {
        const n = 9;
        const limit = limitOf(n, d);
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -limit * 1.0000001]) {
          for (const at of new Set([0, d - 1, 4 * d + (d >> 1), n * d - 1])) {
            const src = Float64Array.from({ length: n * d }, (_, i) => (i % 7) - 3);
            src[at] = bad;
            const x = t.make(n, d, 2) as Float64Array;
            const M = { rows: n, cols: d, data: src };
            const want = oldError(M);
            let got: unknown = null;
            try {
              prepareKMeansData(M, 'X', WHAT, x, true);
            } catch (e) {
              got = e;
            }
            expect(got, `d=${d} at=${at} ${bad}`).toBeInstanceOf(want.constructor);
            expect((got as Error).message).toBe(want.message);
            releaseKMeansData(x);
          }
        }
        // exactly at the limit passes
        const src = new Float64Array(n * d).fill(1);
        src[n * d - 1] = -limit;
        const x = t.make(n, d, 2) as Float64Array;
        expect(prepareKMeansData({ rows: n, cols: d, data: src }, 'X', WHAT, x, true).mu.length).toBe(d);
        releaseKMeansData(x);
      }
    });
  }
});

/** The error the old fit threw: toMatrix's (the non-finite cell), else checkSquaredMagnitude's. */
function oldError(X: Matrix | number[][]): Error {
  try {
    const m = toMatrix(X, 'X');
    checkSquaredMagnitude(m, 'KMeans: the inertia (Σ squared distances)');
  } catch (e) {
    return e as Error;
  }
  throw new Error('the data pass both checks');
}

function fitError(X: Matrix | number[][], opts: ConstructorParameters<typeof KMeans>[0]): Error {
  try {
    new KMeans(opts).fit(X);
  } catch (e) {
    return e as Error;
  }
  throw new Error('the fit did not throw');
}

describe('KMeans.fit on bad values: the same typed error as before, on every path', () => {
  const backends = wasm ? (['js', 'wasm'] as const) : (['js'] as const);
  for (const backend of backends) {
    for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
      it(`${backend}, ${algorithm}: NaN / ±Infinity / overflow at the first, a middle and the last cell`, () => {
        setBackend(backend);
        for (const d of [1, 3, 16, 17]) {
          const n = 40;
          const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: 3, seed: d });
          const huge = 1e300;
          for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -Number.POSITIVE_INFINITY, huge]) {
            for (const at of [0, 17 * d + (d >> 1), n * d - 1]) {
              const data = X.data.slice();
              data[at] = bad;
              const M = { rows: n, cols: d, data };
              const want = oldError(M);
              expect(want).toBeInstanceOf(Number.isFinite(bad) ? NumericalError : ValidationError);
              const got = fitError(M, { nClusters: 3, seed: 1, algorithm });
              expect(got.constructor).toBe(want.constructor);
              expect(got.message).toBe(want.message);
              // number[][] input: the same error
              const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
              expect(fitError(rows, { nClusters: 3, seed: 1, algorithm }).message).toBe(want.message);
            }
          }
          // a non-finite value before a too-large one: the ValidationError naming the non-finite cell
          const data = X.data.slice();
          data[0] = huge;
          data[n * d - 1] = Number.NaN;
          const got = fitError({ rows: n, cols: d, data }, { nClusters: 3, seed: 1, algorithm });
          expect(got).toBeInstanceOf(ValidationError);
          expect(got.message).toBe(oldError({ rows: n, cols: d, data }).message);
        }
      });
    }

    it(`${backend}: the value error comes before nClusters > n (as before); a fit after a failed one is unchanged`, () => {
      setBackend(backend);
      const { X } = makeBlobs({ nSamples: 50, nFeatures: 5, centers: 3, seed: 2 });
      const data = X.data.slice();
      data[7] = Number.NaN;
      const e = fitError({ rows: 50, cols: 5, data }, { nClusters: 60, seed: 1 });
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.message).toMatch(/X\[1\]\[2\] is NaN/);
      expect(fitError(X, { nClusters: 60, seed: 1 }).message).toMatch(/should be >= nClusters=60/);
      const ok = new KMeans({ nClusters: 3, seed: 1 }).fit(X);
      const again = new KMeans({ nClusters: 3, seed: 1 }).fit(X);
      expect(Array.from(again.clusterCenters.data)).toEqual(Array.from(ok.clusterCenters.data));
      expect(again.inertia).toBe(ok.inertia);
    });
  }

  it('the fit does not change its input Matrix', () => {
    const { X } = makeBlobs({ nSamples: 200, nFeatures: 7, centers: 3, seed: 4 });
    const copy = X.data.slice();
    new KMeans({ nClusters: 3, seed: 1 }).fit(X);
    expect(Array.from(X.data)).toEqual(Array.from(copy));
  });
});
