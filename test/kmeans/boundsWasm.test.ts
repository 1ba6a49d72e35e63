import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, type KernelBackend, kernelModule, setBackend } from '../../src/engine/kernels/backend.js';
import { BoundsWasm, boundsWorkspace } from '../../src/engine/kernels/kmeansWasm.js';
import {
  type ParallelAssignProvider,
  type ParallelBoundsSession,
  setParallelProvider,
} from '../../src/engine/kernels/parallel.js';
import {
  accumulateCenters,
  averageCenters,
  centerShift,
  type KMeansDriver,
  type KMeansRun,
} from '../../src/kmeans/common.js';
import { runElkan } from '../../src/kmeans/elkan.js';
import { runHamerly } from '../../src/kmeans/hamerly.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { runLloyd } from '../../src/kmeans/lloyd.js';

// Elkan and Hamerly on the WebAssembly kernels (src/wasm/kmeans.ts, "Elkan and Hamerly kernels") against the
// plain-TypeScript drivers, which stay the reference: labels, centres, inertia, nIter and converged identical.

const initial = getBackend();
afterEach(() => setBackend(initial));

const DRIVERS: [string, KMeansDriver][] = [
  ['elkan', runElkan],
  ['hamerly', runHamerly],
];

function runWith(
  backend: KernelBackend,
  driver: KMeansDriver,
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  init: Float64Array,
  k: number,
  maxIter: number,
  tol: number,
): KMeansRun {
  setBackend(backend);
  return driver(x, n, d, w, init, k, maxIter, tol);
}

function expectSame(got: KMeansRun, want: KMeansRun): void {
  expect(got.labels).toEqual(want.labels);
  expect(got.centers).toEqual(want.centers);
  expect(got.inertia).toBe(want.inertia);
  expect(got.nIter).toBe(want.nIter);
  expect(got.converged).toBe(want.converged);
}

describe('Elkan and Hamerly: wasm kernels = TS reference, bit for bit', () => {
  for (const [name, driver] of DRIVERS) {
    it(`${name}: property over random shapes (awkward d and k, n = 1, k = 1, duplicates, ties, offsets, weights incl. 0)`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 70 }),
          fc.constantFrom(1, 2, 3, 5, 7, 16, 17, 33),
          fc.integer({ min: 1, max: 13 }),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          fc.constantFrom(0, 1e3, 3e4),
          fc.constantFrom('uniform', 'grid', 'duplicates'),
          fc.boolean(),
          fc.constantFrom(0, 1e-3),
          (n0, d, k0, seed, offset, kind, weighted, tol) => {
            const n = Math.max(n0, k0);
            const k = k0;
            const rng = createRng(seed);
            const draw = () => offset + (kind === 'grid' ? Math.floor(rng.nextFloat() * 4) : rng.nextFloat() * 10 - 5);
            const x = Float64Array.from({ length: n * d }, draw);
            if (kind === 'duplicates') for (let i = 1; i < n; i += 2) x.copyWithin(i * d, (i - 1) * d, i * d);
            const w = Float64Array.from({ length: n }, () =>
              weighted ? [0, 0.5, 1, 2.5][Math.floor(rng.nextFloat() * 4)] : 1,
            );
            // initial centres: rows (possibly repeated, which empties a cluster at the first update)
            const init = new Float64Array(k * d);
            for (let c = 0; c < k; c++) init.set(x.subarray(((c * 3) % n) * d, (((c * 3) % n) + 1) * d), c * d);
            const want = runWith('js', driver, x, n, d, w, init, k, 30, tol);
            const got = runWith('wasm', driver, x, n, d, w, init, k, 30, tol);
            expectSame(got, want);
          },
        ),
        { numRuns: 250 },
      );
    });

    it(`${name}: many blocks, an empty cluster, maxIter reached and tol stops (n = 3001, d = 40, k = 21)`, () => {
      const { X } = makeBlobs({ nSamples: 3001, nFeatures: 40, centers: 12, clusterStd: 4, seed: 3 });
      const n = X.rows;
      const d = X.cols;
      const k = 21;
      const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 4) / 2);
      const init = new Float64Array(k * d);
      for (let c = 0; c < k; c++) init.set(X.data.subarray((c % 19) * 150 * d, ((c % 19) * 150 + 1) * d), c * d);
      for (const [maxIter, tol] of [
        [100, 0],
        [3, 0],
        [100, 1e-2],
      ]) {
        const want = runWith('js', driver, X.data, n, d, w, init, k, maxIter, tol);
        const got = runWith('wasm', driver, X.data, n, d, w, init, k, maxIter, tol);
        expectSame(got, want);
        // and the same result as Lloyd's
        const lloyd = runWith('js', runLloyd, X.data, n, d, w, init, k, maxIter, tol);
        expect(got.labels).toEqual(lloyd.labels);
        expect(got.nIter).toBe(lloyd.nIter);
      }
    });

    it(`${name}: points within 1e-9 of a bisector, offset so that ‖x‖² ≈ 10⁹, keep Lloyd's exact labels`, () => {
      // Two centres 1 apart along the first axis, points on (or a few ulps off) their bisector, everything shifted
      // by 3·10⁴ per coordinate; the bounds must not prune a centre that is nearer by less than their slack.
      for (const d of [1, 3, 16, 17]) {
        const off = 3e4;
        const n = 600;
        const k = 4;
        const rng = createRng(40 + d);
        const x = new Float64Array(n * d);
        for (let i = 0; i < n; i++) {
          x[i * d] = off + (rng.nextFloat() - 0.5) * 1e-9;
          for (let j = 1; j < d; j++) x[i * d + j] = off + rng.nextFloat() - 0.5;
        }
        const init = new Float64Array(k * d).fill(off);
        init[0] = off - 0.5;
        init[d] = off + 0.5;
        for (let c = 2; c < k; c++) for (let j = 0; j < d; j++) init[c * d + j] = off + 30 + c;
        const w = new Float64Array(n).fill(1);
        const want = runWith('js', driver, x, n, d, w, init, k, 1, 0);
        const got = runWith('wasm', driver, x, n, d, w, init, k, 1, 0);
        expectSame(got, want);
        const lloyd = runWith('js', runLloyd, x, n, d, w, init, k, 1, 0);
        expect(got.labels).toEqual(lloyd.labels);
        const ones = got.labels.reduce((s, l) => s + (l === 1 ? 1 : 0), 0);
        expect(ones).toBeGreaterThan(n / 10);
        expect(ones).toBeLessThan((n * 9) / 10);
      }
    });
  }

  it('KMeans (elkan, hamerly) with k-means++ restarts and sample weights: identical under both backends', () => {
    const { X } = makeBlobs({ nSamples: 2500, nFeatures: 24, centers: 7, seed: 21 });
    const far = { rows: X.rows, cols: X.cols, data: X.data.map((v) => v + 3e4) };
    const w = Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
    for (const algorithm of ['elkan', 'hamerly'] as const) {
      const opts = { nClusters: 9, nInit: 3, seed: 5, algorithm };
      setBackend('js');
      const a = new KMeans(opts).fit(far, { sampleWeight: w });
      setBackend('wasm');
      const b = new KMeans(opts).fit(far, { sampleWeight: w });
      expect(b.labels).toEqual(a.labels);
      expect(b.clusterCenters.data).toEqual(a.clusterCenters.data);
      expect(b.inertia).toBe(a.inertia);
      expect(b.nIter).toBe(a.nIter);
      expect(b.runInertias).toEqual(a.runInertias);
    }
  });
});

/** The reference drivers' state, step by step (the loops of src/kmeans/elkan.ts and hamerly.ts, unrolled). */
function sq(x: Float64Array, i: number, c: Float64Array, t: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const u = x[i * d + j] - c[t * d + j];
    s += u * u;
  }
  return s;
}

describe('wasm bounds = the reference bounds, bit for bit, after every pass', () => {
  const SLACK = 1 + 1e-10;
  for (const kind of ['elkan', 'hamerly'] as const) {
    it(`${kind}: labels, upper and lower bounds after the initial pass and each iteration`, () => {
      for (const [n, d, k, seed] of [
        [700, 5, 7, 1],
        [900, 33, 24, 2],
        [400, 2, 3, 3],
      ]) {
        const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: 5, clusterStd: 3, seed });
        const x = X.data;
        const w = new Float64Array(n).fill(1);
        setBackend('wasm');
        const ws = boundsWorkspace(kind, x, n, d, k, w) as BoundsWasm;
        expect(ws).not.toBeNull();
        // and a workspace whose Elkan rows never take the dense-row tiles (as a caller passing no dense buffers)
        const plain = new BoundsWasm(kernelModule() as WebAssembly.Module, kind, x, n, d, k, w, false);
        let centers = x.slice(0, k * d);
        const labels = new Int32Array(n);
        const upper = new Float64Array(n);
        const lower = new Float64Array(kind === 'elkan' ? n * k : n);
        // initial exact pass
        for (let i = 0; i < n; i++) {
          let best = 0;
          let b1 = Number.POSITIVE_INFINITY;
          let b2 = Number.POSITIVE_INFINITY;
          for (let t = 0; t < k; t++) {
            const v = sq(x, i, centers, t, d);
            if (kind === 'elkan') lower[i * k + t] = Math.sqrt(v);
            if (v < b1) {
              b2 = b1;
              b1 = v;
              best = t;
            } else if (v < b2) b2 = v;
          }
          labels[i] = best;
          upper[i] = Math.sqrt(b1);
          if (kind === 'hamerly') lower[i] = Math.sqrt(b2);
        }
        for (const v of [ws, plain]) {
          v.setCenters(centers);
          v.init();
          v.iterate(false, false, SLACK);
        }
        const check = () => {
          for (const v of [ws, plain]) {
            const b = v.bounds();
            expect(v.labels).toEqual(labels);
            expect(b.upper).toEqual(upper);
            expect(b.lower).toEqual(lower);
          }
        };
        check();
        const shift = new Float64Array(k);
        for (let it = 1; it < 12; it++) {
          const next = new Float64Array(k * d);
          const wic = new Float64Array(k);
          accumulateCenters(x, n, d, w, labels, next, wic);
          averageCenters(next, wic, k, d, centers);
          centerShift(centers, next, k, d, shift);
          centers = next;
          // the reference's bound update, then its bound test and refresh
          if (kind === 'elkan') {
            for (let i = 0; i < n; i++) {
              for (let t = 0; t < k; t++) {
                const v = lower[i * k + t] - shift[t];
                lower[i * k + t] = v > 0 ? v : 0;
              }
              upper[i] += shift[labels[i]];
            }
            const cc = new Float64Array(k * k);
            const s = new Float64Array(k);
            for (let a = 0; a < k; a++) {
              let m = Number.POSITIVE_INFINITY;
              for (let t = 0; t < k; t++) {
                if (t === a) continue;
                const hh = 0.5 * Math.sqrt(sq(centers, a, centers, t, d));
                cc[a * k + t] = hh;
                if (hh < m) m = hh;
              }
              s[a] = m;
            }
            for (let i = 0; i < n; i++) {
              let a = labels[i];
              let u = upper[i];
              if (u * SLACK < s[a]) continue;
              let tight = false;
              let u2 = 0;
              for (let t = 0; t < k; t++) {
                if (t === a || u * SLACK < lower[i * k + t] || u * SLACK < cc[a * k + t]) continue;
                if (!tight) {
                  u2 = sq(x, i, centers, a, d);
                  u = Math.sqrt(u2);
                  lower[i * k + a] = u;
                  tight = true;
                  if (u * SLACK < lower[i * k + t] || u * SLACK < cc[a * k + t]) continue;
                }
                const dc2 = sq(x, i, centers, t, d);
                const dc = Math.sqrt(dc2);
                lower[i * k + t] = dc;
                if (dc2 < u2 || (dc2 === u2 && t < a)) {
                  a = t;
                  u = dc;
                  u2 = dc2;
                }
              }
              labels[i] = a;
              upper[i] = u;
            }
          } else {
            let m1 = 0;
            let m2 = 0;
            let arg1 = -1;
            for (let t = 0; t < k; t++) {
              if (shift[t] > m1) {
                m2 = m1;
                m1 = shift[t];
                arg1 = t;
              } else if (shift[t] > m2) m2 = shift[t];
            }
            for (let i = 0; i < n; i++) {
              upper[i] += shift[labels[i]];
              lower[i] -= labels[i] === arg1 ? m2 : m1;
            }
            const s = new Float64Array(k);
            for (let a = 0; a < k; a++) {
              let m = Number.POSITIVE_INFINITY;
              for (let t = 0; t < k; t++) if (t !== a) m = Math.min(m, sq(centers, a, centers, t, d));
              s[a] = 0.5 * Math.sqrt(m);
            }
            for (let i = 0; i < n; i++) {
              const a = labels[i];
              const m = s[a] > lower[i] ? s[a] : lower[i];
              if (upper[i] * SLACK < m) continue;
              upper[i] = Math.sqrt(sq(x, i, centers, a, d));
              if (upper[i] * SLACK < m) continue;
              let best = 0;
              let b1 = Number.POSITIVE_INFINITY;
              let b2 = Number.POSITIVE_INFINITY;
              for (let t = 0; t < k; t++) {
                const v = sq(x, i, centers, t, d);
                if (v < b1) {
                  b2 = b1;
                  b1 = v;
                  best = t;
                } else if (v < b2) b2 = v;
              }
              labels[i] = best;
              upper[i] = Math.sqrt(b1);
              lower[i] = Math.sqrt(b2);
            }
          }
          for (const v of [ws, plain]) {
            v.shift.set(shift);
            v.setCenters(centers);
            v.iterate(true, true, SLACK, n, it % 2 === 0);
          }
          check();
        }
      }
    });
  }
});

describe('Elkan/Hamerly helper-thread protocol', () => {
  afterEach(() => setParallelProvider(null));

  /**
   * The per-cluster sums of rows [0, m) of xs (weights ws) by `labels` in blocks of bs rows, each from zero in row
   * order: every cluster's, or those flagged in `dirty` only (the others 0) — a plain loop, the oracle of what the
   * helper hands back.
   */
  function blockSums(
    xs: Float64Array,
    ws: Float64Array,
    labels: Int32Array,
    m: number,
    d: number,
    k: number,
    bs: number,
    dirty: Uint8Array | null,
  ) {
    const len = k * d + k;
    const out = new Float64Array(Math.ceil(m / bs) * len);
    for (let b = 0; b * bs < m; b++) {
      const o = b * len;
      for (let i = b * bs; i < Math.min(m, (b + 1) * bs); i++) {
        const c = labels[i];
        if (dirty !== null && dirty[c] === 0) continue;
        for (let j = 0; j < d; j++) out[o + c * d + j] += ws[i] * xs[i * d + j];
        out[o + k * d + c] += ws[i];
      }
    }
    return out;
  }

  /**
   * An in-thread stand-in for the worker (src/node/pool.ts): its own workspace over rows [h, n) and their weights,
   * the same kernel calls, and the block partials from the plain loop above. `failAt`: the wait() call that reports
   * a failure (0: never), after which the driver does those rows itself. `log.calls` counts the calls by kind.
   */
  function fakeProvider(failAt: number, log: { waits: number; passes: number; sums: number }): ParallelAssignProvider {
    return {
      begin: () => null,
      beginBounds(kind, x, w, n, d, k, h, bs, slack): ParallelBoundsSession {
        const m = n - h;
        const xs = x.slice(h * d, n * d);
        const wh = w.slice(h, n);
        const ws = new BoundsWasm(kernelModule() as WebAssembly.Module, kind, xs, m, d, k, wh);
        let changed = 0;
        let parts = new Float64Array(0);
        const pass = (full: boolean) => {
          log.passes++;
          if (full) parts = blockSums(xs, wh, ws.labels, m, d, k, bs, null);
        };
        return {
          init(centers, full) {
            ws.setCenters(centers);
            ws.init();
            ws.dirty.fill(0);
            changed = m;
            pass(full);
          },
          start(centers, shift, move, step, full) {
            ws.shift.set(shift);
            ws.setCenters(centers);
            changed = ws.iterate(step, move, slack, ws.n, false);
            pass(full);
          },
          accumulate(dirty) {
            log.sums++;
            parts = blockSums(xs, wh, ws.labels, m, d, k, bs, dirty.slice());
          },
          wait() {
            log.waits++;
            return log.waits === failAt ? null : ws.labels.slice();
          },
          changed: () => changed,
          dirty: () => ws.dirty,
          partials: () => parts,
          end() {},
        };
      },
    };
  }

  for (const [name, driver] of DRIVERS) {
    it(`${name}: rows split between two workspaces give the reference's fit, also when the helper fails mid-fit`, () => {
      const { X } = makeBlobs({ nSamples: 30_001, nFeatures: 12, centers: 9, clusterStd: 3, seed: 8 });
      const n = X.rows;
      const d = X.cols;
      const k = 9;
      const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
      const init = new Float64Array(k * d);
      for (let c = 0; c < k; c++) init.set(X.data.subarray(c * 3000 * d, (c * 3000 + 1) * d), c * d);
      const want = runWith('js', driver, X.data, n, d, w, init, k, 60, 0);
      const ok = { waits: 0, passes: 0, sums: 0 };
      setParallelProvider(fakeProvider(0, ok));
      expectSame(runWith('wasm', driver, X.data, n, d, w, init, k, 60, 0), want);
      setParallelProvider(null);
      // one pass per iteration; later ones, once few clusters change, also sum those clusters in a second call
      expect(ok.passes).toBe(want.nIter);
      expect(ok.sums).toBeGreaterThan(0);
      expect(ok.waits).toBe(ok.passes + ok.sums);
      // a failure at the initial assignment, at a later pass, and at the last call (a dirty-clusters sum): the rows
      // [h, n) are done here from then on
      for (const failAt of [1, 4, ok.waits]) {
        const log = { waits: 0, passes: 0, sums: 0 };
        setParallelProvider(fakeProvider(failAt, log));
        const got = runWith('wasm', driver, X.data, n, d, w, init, k, 60, 0);
        setParallelProvider(null);
        expectSame(got, want);
        expect(log.waits).toBe(failAt);
      }
    });
  }
});
