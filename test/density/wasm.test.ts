import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { buildKdTree, logKernelSumsTree } from '../../src/density/kdTree.js';
import { DENSITY_METRICS, KERNELS, logKernelSumsExact } from '../../src/density/kernels.js';
import {
  DENSITY_GROUPED_MIN_M,
  DENSITY_GROUPED_MIN_N,
  DENSITY_WASM_MIN_LEAF,
  DENSITY_WASM_MIN_PAIRS,
  DensityWasm,
  densityWorkspace,
  preferGrouped,
  useDensityWasm,
  wasmCos,
  wasmExp,
} from '../../src/density/wasm.js';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';

const initial = getBackend();
afterEach(() => setBackend(initial));

const HAVE = isWasmAvailable();
const U = 2 ** -53;
const MIN_NORMAL = 2 ** -1022;
/** The stated agreement of wasm and TS kernel sums: |Δ log p| ≤ 1e-13 (relative on the density). */
const TOL = 1e-13;

/** max |a − b| over log densities; equal infinities count as 0, a finite/infinite mismatch as Infinity. */
function maxLogDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return Number.POSITIVE_INFINITY;
    m = Math.max(m, Math.abs(a[i] - b[i]));
  }
  return m;
}

function cloud(n: number, d: number, seed: number, scale = 1): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, () => scale * ((i % 3) + rng.nextNormal())));
}

describe.runIf(HAVE)('vectorised exp and cos of the density module', () => {
  /** Dense sweep of [−800, 800] plus the edges of the exponent range and special values. */
  function sweep(): Float64Array {
    const v: number[] = [];
    for (let i = 0; i <= 400_000; i++) v.push(-800 + (1600 * i) / 400_000);
    for (let i = -2000; i <= 2000; i++) v.push(i * 1e-3, i * 1e-9, i * 1e-300);
    v.push(0, -0, 1, -1, -708, -708.39, -708.4, -745.13, -745.14, -745.2, -746, 709.78, 709.79, 710, -1e10, 1e10);
    v.push(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN, Number.MIN_VALUE, -Number.MAX_VALUE);
    return Float64Array.from(v);
  }

  it('expv equals Math.exp to 3·2⁻⁵³ relative on normal results, 1 subnormal unit below, 0/∞/NaN alike', () => {
    const x = sweep();
    const e = wasmExp(x) as Float64Array;
    let worst = 0;
    const bad: number[] = [];
    for (let i = 0; i < x.length; i++) {
      const r = Math.exp(x[i]);
      if (Number.isNaN(r)) {
        if (!Number.isNaN(e[i])) bad.push(x[i]);
      } else if (r === 0 || r === Number.POSITIVE_INFINITY) {
        if (e[i] !== r) bad.push(x[i]);
      } else if (r < MIN_NORMAL) {
        if (Math.abs(e[i] - r) > Number.MIN_VALUE) bad.push(x[i]);
      } else worst = Math.max(worst, Math.abs(e[i] - r) / r);
    }
    expect(bad).toEqual([]);
    expect(worst).toBeLessThanOrEqual(3 * U);
    expect(e[x.indexOf(0)]).toBe(1);
  });

  it('expSum (the sums’ exp) is the same on [−708, 709] and exactly 0 below −708', () => {
    const x = sweep().filter((v) => !(v > 709));
    const e = wasmExp(x, true) as Float64Array;
    const bad: number[] = [];
    for (let i = 0; i < x.length; i++) {
      const r = Math.exp(x[i]);
      const ok = Number.isNaN(x[i]) ? Number.isNaN(e[i]) : x[i] < -708 ? e[i] === 0 : Math.abs(e[i] - r) <= 3 * U * r;
      if (!ok) bad.push(x[i]);
    }
    expect(bad).toEqual([]);
  });

  it('cosv equals Math.cos to 3·2⁻⁵³ relative on [0, π/2] (cosine kernel), also next to π/2', () => {
    const v: number[] = [];
    for (let i = 0; i < 100_000; i++) v.push(((Math.PI / 2) * i) / 100_000);
    for (let i = 1; i < 1000; i++) v.push(Math.PI / 2 - i * 1e-12);
    const x = Float64Array.from(v);
    const c = wasmCos(x) as Float64Array;
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(c[i] - Math.cos(x[i])) / Math.cos(x[i]));
    expect(worst).toBeLessThanOrEqual(3 * U);
  });
});

describe.runIf(HAVE)('wasm kernel sums vs the TypeScript reference', () => {
  it('exact and tree (atol = rtol = 0) sums agree to 1e-13 on random shapes, kernels, norms and weights', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3, 5),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...KERNELS),
        fc.constantFrom(...DENSITY_METRICS),
        fc.boolean(),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 10_000 }),
        (d, n, m, kernel, metric, weighted, h, leafSize, seed) => {
          const X = cloud(n, d, seed);
          const Q = cloud(m, d, seed + 1, 1.5);
          const w = weighted ? X.map((_, i) => 0.25 + ((i * 7) % 5)) : undefined;
          for (const algorithm of ['exact', 'kd_tree'] as const) {
            const run = (b: 'js' | 'wasm') => {
              setBackend(b);
              return new KernelDensity({ kernel, metric, bandwidth: h, algorithm, leafSize })
                .fit(X, { sampleWeight: w })
                .scoreSamples(Q);
            };
            expect(maxLogDiff(run('wasm'), run('js'))).toBeLessThanOrEqual(TOL);
          }
          // The grouped exact sums (rows sorted into boxed groups of 64, far groups skipped), called directly.
          const x = Float64Array.from(X.flat());
          const wv = Float64Array.from(w ?? X.map(() => 1));
          const y = Float64Array.from(Q.flat());
          const ref = new Float64Array(m);
          const got = new Float64Array(m);
          logKernelSumsExact(x, wv, n, d, y, m, h, kernel, DENSITY_METRICS.indexOf(metric), ref);
          densityWorkspace(x, wv, n, d, true)?.logSums(
            y,
            m,
            h,
            KERNELS.indexOf(kernel),
            DENSITY_METRICS.indexOf(metric),
            got,
          );
          expect(maxLogDiff(got, ref)).toBeLessThanOrEqual(TOL);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gaussian_kde (scaleByCovariance) sums agree to 1e-13, weighted, d = 1, 2, 3, 5', () => {
    for (const d of [1, 2, 3, 5]) {
      const X = cloud(257, d, d);
      const Q = cloud(70, d, d + 9, 1.2);
      const w = X.map((_, i) => 1 + (i % 4));
      for (const algorithm of ['exact', 'kd_tree'] as const) {
        const run = (b: 'js' | 'wasm') => {
          setBackend(b);
          return new KernelDensity({ bandwidth: 'scott', scaleByCovariance: true, algorithm })
            .fit(X, { sampleWeight: w })
            .scoreSamples(Q);
        };
        expect(maxLogDiff(run('wasm'), run('js'))).toBeLessThanOrEqual(TOL);
      }
    }
  });

  it('the kernels (plain and grouped) agree across training blocks (n > 2048), query blocks (m > 64) and chunks (m > 4096)', () => {
    const rng = createRng(11);
    for (const [n, m, d] of [
      [5003, 130, 2],
      [3, 4099, 3],
    ]) {
      const x = Float64Array.from({ length: n * d }, () => 3 * rng.nextNormal());
      const w = Float64Array.from({ length: n }, () => 0.5 + rng.nextFloat());
      const y = Float64Array.from({ length: m * d }, () => 4 * rng.nextNormal());
      for (const grouped of [false, true]) {
        const ws = densityWorkspace(x, w, n, d, grouped);
        expect(ws?.grouped).toBe(grouped);
        for (let kernelId = 0; kernelId < KERNELS.length; kernelId++) {
          for (let metricId = 0; metricId < 3; metricId++) {
            const a = new Float64Array(m);
            const b = new Float64Array(m);
            logKernelSumsExact(x, w, n, d, y, m, 0.8, KERNELS[kernelId], metricId, a);
            ws?.logSums(y, m, 0.8, kernelId, metricId, b);
            expect(maxLogDiff(b, a)).toBeLessThanOrEqual(TOL);
          }
        }
      }
    }
  });

  it('KernelDensity takes the grouped sums on a large fit with a short reach, equal to the TS sums', () => {
    const X = cloud(DENSITY_GROUPED_MIN_N + 37, 2, 4, 6);
    const Q = X.slice(0, DENSITY_GROUPED_MIN_M + 5);
    const x = Float64Array.from(X.flat());
    expect(preferGrouped(x, X.length, 2, Q.length, 0.4, 0)).toBe(true);
    const spy = vi.spyOn(DensityWasm.prototype, 'logSums');
    try {
      for (const scaleByCovariance of [false, true]) {
        const run = (b: 'js' | 'wasm') => {
          setBackend(b);
          const bandwidth = scaleByCovariance ? 0.05 : 0.4;
          return new KernelDensity({ bandwidth, scaleByCovariance, algorithm: 'exact' }).fit(X).scoreSamples(Q);
        };
        expect(maxLogDiff(run('wasm'), run('js'))).toBeLessThanOrEqual(TOL);
      }
      expect(spy.mock.contexts.map((ws) => (ws as DensityWasm).grouped)).toEqual([true, true]);
    } finally {
      spy.mockRestore();
    }
  });

  it('grouped sums skip far groups without losing mass: two clusters 60 bandwidths apart, queries between', () => {
    const rng = createRng(8);
    const n = 3000;
    const d = 2;
    const x = Float64Array.from({ length: n * d }, (_, k) => rng.nextNormal() + ((k >> 1) % 2 === 0 ? 0 : 60));
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const m = 61;
    const y = Float64Array.from({ length: m * d }, (_, k) => (k >> 1) + 0.1 * (k & 1));
    const ws = densityWorkspace(x, w, n, d, true);
    for (const kernelId of [0, 3, 2]) {
      const a = new Float64Array(m);
      const b = new Float64Array(m);
      logKernelSumsExact(x, w, n, d, y, m, 1, KERNELS[kernelId], 0, a);
      ws?.logSums(y, m, 1, kernelId, 0, b);
      expect(maxLogDiff(b, a)).toBeLessThanOrEqual(TOL);
    }
  });

  it('log space keeps far queries finite and equal; compact kernels give −Infinity alike', () => {
    for (const algorithm of ['exact', 'kd_tree'] as const) {
      for (const kernel of KERNELS) {
        const run = (b: 'js' | 'wasm') => {
          setBackend(b);
          return new KernelDensity({ kernel, bandwidth: 0.1, algorithm })
            .fit([[0], [1], [1.5]])
            .scoreSamples([[1000], [-3e5], [0.5], [1]]);
        };
        const a = run('wasm');
        expect(maxLogDiff(a, run('js'))).toBeLessThanOrEqual(TOL);
        if (kernel === 'gaussian' || kernel === 'exponential') expect(Number.isFinite(a[1])).toBe(true);
        else expect(a[0]).toBe(Number.NEGATIVE_INFINITY);
      }
    }
  });

  it('a tree query whose sum underflows is redone by the exact wasm sum (log space), equal to TS', () => {
    const spy = vi.spyOn(DensityWasm.prototype, 'logSums');
    try {
      for (const kernel of ['gaussian', 'exponential'] as const) {
        const run = (b: 'js' | 'wasm') => {
          setBackend(b);
          return new KernelDensity({ kernel, bandwidth: 1e-4, algorithm: 'kd_tree' })
            .fit([[0], [1], [0.2]])
            .scoreSamples([[0.6], [0.1]]);
        };
        const a = run('wasm');
        expect(a.every(Number.isFinite)).toBe(true);
        expect(maxLogDiff(a, run('js'))).toBeLessThanOrEqual(TOL);
      }
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('with tolerances the wasm tree keeps |p̂ − p| ≤ atol + rtol·p against the exact TS sum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(...KERNELS),
        fc.constantFrom(1e-6, 1e-3, 0.1),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (d, kernel, rtol, h, seed) => {
          const X = cloud(700, d, seed);
          const Q = cloud(30, d, seed + 1, 1.5);
          setBackend('js');
          const exact = new KernelDensity({ kernel, bandwidth: h, algorithm: 'exact' }).fit(X).scoreSamples(Q);
          setBackend('wasm');
          const tree = new KernelDensity({ kernel, bandwidth: h, algorithm: 'kd_tree', rtol, leafSize: 30 })
            .fit(X)
            .scoreSamples(Q);
          for (let q = 0; q < Q.length; q++) {
            const p = Math.exp(exact[q]);
            expect(Math.abs(Math.exp(tree[q]) - p)).toBeLessThanOrEqual(rtol * p + 1e-12 * p + 1e-300);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the tree leaf kernel equals the TS leaves on a direct call (leaves as the tree stores them)', () => {
    const rng = createRng(5);
    const n = 999;
    const d = 3;
    const x = Float64Array.from({ length: n * d }, () => rng.nextNormal());
    const w = Float64Array.from({ length: n }, () => 1 + rng.nextFloat());
    const t = buildKdTree(x, w, n, d, 25);
    const m = 50;
    const y = Float64Array.from({ length: m * d }, () => 1.3 * rng.nextNormal());
    for (let kernelId = 0; kernelId < KERNELS.length; kernelId++) {
      const a = new Float64Array(m);
      const b = new Float64Array(m);
      logKernelSumsTree(t, y, m, 0.6, KERNELS[kernelId], 0, 0, 0, a);
      logKernelSumsTree(t, y, m, 0.6, KERNELS[kernelId], 0, 0, 0, b, densityWorkspace(t.x, t.w, n, d));
      expect(maxLogDiff(b, a)).toBeLessThanOrEqual(TOL);
    }
  });
});

describe('density backend selection', () => {
  it("'js' never uses wasm; 'auto' only from the measured thresholds; 'wasm' always", () => {
    setBackend('js');
    expect(useDensityWasm(1e12)).toBe(false);
    setBackend('auto');
    expect(useDensityWasm(DENSITY_WASM_MIN_PAIRS - 1)).toBe(false);
    expect(useDensityWasm(DENSITY_WASM_MIN_PAIRS, DENSITY_WASM_MIN_LEAF - 1)).toBe(false);
    expect(useDensityWasm(DENSITY_WASM_MIN_PAIRS)).toBe(HAVE);
    if (HAVE) {
      setBackend('wasm');
      expect(useDensityWasm(1, 1)).toBe(true);
    }
  });

  it('grouped exact sums only for many rows and queries and a kernel reach short against the data', () => {
    const n = DENSITY_GROUPED_MIN_N;
    const x = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? (k >> 1) % 64 : k >> 7));
    const m = DENSITY_GROUPED_MIN_M;
    expect(preferGrouped(x, n, 2, m, 1, 0)).toBe(true); // reach 9.2 in a 63 × 63 box: 8.5% of it
    expect(preferGrouped(x, n, 2, m, 4, 0)).toBe(false); // reach 37: the whole box
    expect(preferGrouped(x, n, 2, m, 1, 3)).toBe(false); // exponential reaches 41
    expect(preferGrouped(x, n, 2, m, 1, 1)).toBe(true); // tophat reaches h
    expect(preferGrouped(x, n, 2, m - 1, 1, 0)).toBe(false);
    expect(preferGrouped(x.subarray(0, 2 * n - 2), n - 1, 2, m, 1, 0)).toBe(false);
  });

  it.runIf(HAVE)('the workspace is built once per fitted model (cached by its rows)', () => {
    const x = Float64Array.from([0, 1, 2, 3]);
    const w = Float64Array.from([1, 1, 1, 1]);
    expect(densityWorkspace(x, w, 4, 1)).toBe(densityWorkspace(x, w, 4, 1));
  });
});
