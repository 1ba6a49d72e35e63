import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Metric, metricDist } from '../../src/core/distance.js';
import { NumericalError, ValidationError } from '../../src/core/errors.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import {
  calinskiHarabaszScore,
  daviesBouldinScore,
  inertiaScore,
  type SilhouetteMetric,
  silhouetteSamples,
  silhouetteScore,
} from '../../src/metrics/index.js';
import { silhouetteKernel } from '../../src/metrics/internal/silhouette.js';
import { encodeLabels } from '../../src/metrics/labels.js';
import { expectClose, loadFixture, type Tolerance } from './helpers.js';

interface InternalCase {
  name: string;
  params: { metrics: Metric[] };
  input: { X: number[][]; labels: number[] };
  expected: {
    silhouetteSamples: Record<string, number[]>;
    silhouetteScore: Record<string, number>;
    calinskiHarabasz: number;
    daviesBouldin: number;
    inertia: number;
  };
  tolerance: Tolerance;
}

const cases = loadFixture<InternalCase[]>('internal.json');
const errors = loadFixture<{ input: { X: number[][] }; expected: Record<string, string> }>('errors.json');

function euclideanMatrix(X: number[][]): number[][] {
  const n = X.length;
  const d = X[0].length;
  const flat = Float64Array.from(X.flat());
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => metricDist(flat, i, flat, j, d, 'euclidean')),
  );
}

/** Naive O(n²) silhouette straight from the definition, as an oracle. */
function naiveSilhouette(X: number[][], labels: number[], metric: Metric): number[] {
  const n = X.length;
  const d = X[0].length;
  const flat = Float64Array.from(X.flat());
  const ids = [...new Set(labels)];
  return X.map((_, i) => {
    const own = labels.filter((l) => l === labels[i]).length;
    if (own === 1) return 0;
    const mean = (id: number) => {
      let s = 0;
      let c = 0;
      for (let j = 0; j < n; j++) {
        if (labels[j] === id && j !== i) {
          s += metricDist(flat, i, flat, j, d, metric);
          c++;
        }
      }
      return s / c;
    };
    const a = mean(labels[i]);
    const b = Math.min(...ids.filter((id) => id !== labels[i]).map(mean));
    const m = Math.max(a, b);
    return m === 0 ? 0 : (b - a) / m;
  });
}

describe('silhouetteSamples / silhouetteScore (scikit-learn fixtures)', () => {
  for (const c of cases) {
    it(`${c.name}: every metric and precomputed`, () => {
      const { X, labels } = c.input;
      for (const m of c.params.metrics) {
        expectClose(silhouetteSamples(X, labels, { metric: m }), c.expected.silhouetteSamples[m], c.tolerance);
        expectClose(silhouetteScore(X, labels, { metric: m }), c.expected.silhouetteScore[m], c.tolerance);
      }
      const D = euclideanMatrix(X);
      expectClose(
        silhouetteSamples(D, labels, { metric: 'precomputed' }),
        c.expected.silhouetteSamples.precomputed,
        c.tolerance,
      );
      expectClose(
        silhouetteScore(D, labels, { metric: 'precomputed' }),
        c.expected.silhouetteScore.precomputed,
        c.tolerance,
      );
    });
  }

  it('singleton clusters score exactly 0', () => {
    const c = cases.find((q) => q.name === 'blobs60_singleton') as InternalCase;
    expect(silhouetteSamples(c.input.X, c.input.labels)[5]).toBe(0);
  });

  it('the row-blocked path (large n·k) equals the symmetric path', () => {
    const c = cases.find((q) => q.name === 'blobs80_d4_random_labels') as InternalCase;
    const x = Float64Array.from(c.input.X.flat());
    const n = c.input.X.length;
    const d = c.input.X[0].length;
    const enc = encodeLabels(Int32Array.from(c.input.labels));
    const k = enc.ids.length;
    for (const m of ['euclidean', 'cosine'] as const) {
      const sym = silhouetteKernel(x, n, d, m, enc.codes, enc.counts, k, new Float64Array(n));
      // Force the row path by declaring the cells too many: a fake k large enough with zero-count padding is
      // not valid, so compare with the precomputed (row) path on the same distances instead.
      const D = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D[i * n + j] = metricDist(x, i, x, j, d, m);
      const row = silhouetteKernel(D, n, n, 'precomputed', enc.codes, enc.counts, k, new Float64Array(n));
      expectClose(sym, row, { rtol: 1e-12, atol: 1e-14 });
    }
  });

  it('the 2×4-blocked Euclidean kernel (n above one 128-row tile, odd sizes) equals the row-by-row path', () => {
    for (const n of [389, 517]) {
      const d = 3;
      const x = new Float64Array(n * d);
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        codes[i] = (i * 7) % 5;
        for (let j = 0; j < d; j++) x[i * d + j] = Math.sin(i * (j + 1.7)) * 4 + codes[i] * 3;
      }
      const enc = encodeLabels(codes);
      for (const m of ['euclidean', 'sqeuclidean'] as const) {
        const fast = silhouetteKernel(x, n, d, m, enc.codes, enc.counts, 5, new Float64Array(n));
        const D = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D[i * n + j] = metricDist(x, i, x, j, d, m);
        const slow = silhouetteKernel(D, n, n, 'precomputed', enc.codes, enc.counts, 5, new Float64Array(n));
        expectClose(fast, slow, { rtol: 1e-12, atol: 1e-14 });
      }
    }
  });

  it('many clusters (n·k above the symmetric threshold) match the naive definition', () => {
    // n = 2100 points in k = 2050 clusters → n·k > 4 194 304 cells: row-by-row path.
    const n = 2100;
    const X: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      X.push([Math.sin(i * 1.3) * 10, Math.cos(i * 0.7) * 10]);
      labels.push(i < 100 ? i % 50 : i - 50);
    }
    const got = silhouetteSamples(X, labels);
    const idx = [0, 1, 49, 50, 99, 100, 1500, 2099];
    const sub = naiveSilhouette(X, labels, 'euclidean');
    expectClose(
      idx.map((i) => got[i]),
      idx.map((i) => sub[i]),
      { rtol: 1e-10, atol: 1e-12 },
    );
  });

  it('is invariant to renaming labels and lies in [−1, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 25 }).chain((n) =>
          fc.tuple(
            fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.double({ min: -5, max: 5, noNaN: true })), {
              minLength: n,
              maxLength: n,
            }),
            fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
            fc.constantFrom<Metric>('euclidean', 'sqeuclidean', 'cityblock', 'chebyshev'),
          ),
        ),
        ([pts, labels, metric]) => {
          const k = new Set(labels).size;
          if (k < 2 || k > pts.length - 1) return;
          const X = pts.map(([a, b]) => [a, b]);
          const s = silhouetteSamples(X, labels, { metric });
          for (const v of s) {
            expect(v).toBeGreaterThanOrEqual(-1);
            expect(v).toBeLessThanOrEqual(1);
          }
          const renamed = labels.map((l) => [42, -7, 3, 1000][l]);
          expectClose(silhouetteSamples(X, renamed, { metric }), s, { rtol: 1e-12, atol: 1e-12 });
          expectClose(s, naiveSilhouette(X, labels, metric), { rtol: 1e-9, atol: 1e-12 });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sampleSize = n gives the full score; a subset is reproducible by seed', () => {
    const c = cases[0];
    const full = silhouetteScore(c.input.X, c.input.labels);
    expect(silhouetteScore(c.input.X, c.input.labels, { sampleSize: c.input.X.length })).toBe(full);
    const s1 = silhouetteScore(c.input.X, c.input.labels, { sampleSize: 30, seed: 3 });
    expect(silhouetteScore(c.input.X, c.input.labels, { sampleSize: 30, seed: 3 })).toBe(s1);
    expect(Math.abs(s1 - full)).toBeLessThan(0.2);
    expect(() => silhouetteScore(c.input.X, c.input.labels, { sampleSize: 1 })).toThrow(ValidationError);
    expect(() => silhouetteScore(c.input.X, c.input.labels, { sampleSize: 61 })).toThrow(/sampleSize/);
  });
});

describe('calinskiHarabaszScore / daviesBouldinScore / inertiaScore (scikit-learn fixtures)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { X, labels } = c.input;
      expectClose(calinskiHarabaszScore(X, labels), c.expected.calinskiHarabasz, c.tolerance);
      expectClose(daviesBouldinScore(X, labels), c.expected.daviesBouldin, c.tolerance);
      expectClose(inertiaScore(X, labels), c.expected.inertia, c.tolerance);
    });
  }

  it('inertiaScore equals KMeans.inertia on its own labels', () => {
    const c = cases[0];
    const km = new KMeans({ nClusters: 3, seed: 1 }).fit(c.input.X);
    expectClose(inertiaScore(c.input.X, km.labels), km.inertia, { rtol: 1e-9, atol: 1e-9 });
    expect(inertiaScore(c.input.X, new Array(c.input.X.length).fill(5))).toBeGreaterThan(km.inertia);
  });

  it('are invariant to label renaming (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -9, max: 9, noNaN: true }), fc.double({ min: -9, max: 9, noNaN: true })), {
          minLength: 6,
          maxLength: 30,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (pts, salt) => {
          const labels = pts.map((_, i) => (i * 7 + salt) % 3);
          const renamed = labels.map((l) => [-1, 7, 42][l]);
          for (const f of [calinskiHarabaszScore, daviesBouldinScore, inertiaScore]) {
            expectClose(f(pts, renamed), f(pts, labels), { rtol: 1e-12, atol: 1e-12 });
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('bad input → typed errors', () => {
  const X = errors.input.X;
  const fns: [string, (X: number[][], l: number[]) => unknown][] = [
    ['silhouetteScore', (a, b) => silhouetteScore(a, b)],
    ['silhouetteSamples', (a, b) => silhouetteSamples(a, b)],
    ['calinskiHarabaszScore', calinskiHarabaszScore],
    ['daviesBouldinScore', daviesBouldinScore],
  ];
  for (const [name, f] of fns) {
    it(`${name}: one cluster and n clusters name the valid range as scikit-learn does`, () => {
      expect(() => f(X, [0, 0, 0])).toThrow(ValidationError);
      expect(() => f(X, [0, 0, 0])).toThrow(errors.expected.one_cluster);
      expect(() => f(X, [4, 5, 6])).toThrow(errors.expected.n_clusters);
    });
    it(`${name}: wrong label length, NaN in X, non-integer labels`, () => {
      expect(() => f(X, [0, 1])).toThrow(/length 2 but 3/);
      expect(() =>
        f(
          [
            [0, 0],
            [Number.NaN, 1],
            [2, 2],
          ],
          [0, 1, 1],
        ),
      ).toThrow(ValidationError);
      expect(() => f(X, [0, 1.5, 1])).toThrow(ValidationError);
      expect(() => f(X, [0, Number.NaN, 1])).toThrow(ValidationError);
    });
  }
  it('inertiaScore accepts one cluster but not the wrong length', () => {
    expect(inertiaScore(X, [1, 1, 1])).toBeCloseTo(4, 12);
    expect(() => inertiaScore(X, [1, 1])).toThrow(ValidationError);
  });
  it('silhouette: unknown metric, bad precomputed matrices, zero row under cosine', () => {
    expect(() => silhouetteScore(X, [0, 0, 1], { metric: 'mahalanobis' as SilhouetteMetric })).toThrow(/metric/);
    expect(() => silhouetteScore(X, [0, 0, 1], { metric: 'nosuch' as SilhouetteMetric })).toThrow(/metric/);
    expect(() => silhouetteScore(X, [0, 0, 1], { metric: 'precomputed' })).toThrow(/square/);
    const D = [
      [0, 1, 2],
      [1, 0.5, 1],
      [2, 1, 0],
    ];
    expect(() => silhouetteScore(D, [0, 0, 1], { metric: 'precomputed' })).toThrow(/diagonal/);
    D[1][1] = 0;
    D[0][2] = -1;
    expect(() => silhouetteScore(D, [0, 0, 1], { metric: 'precomputed' })).toThrow(/negative/);
    expect(() => silhouetteScore(X, [0, 0, 1], { metric: 'cosine' })).toThrow(/zero vector/);
  });
});

describe('inertiaScore on values too large to square (issue 21)', () => {
  it('values near 1e300: a NumericalError naming the fix, not Infinity (evaluate printed "inertia": "Infinity")', () => {
    expect(() => inertiaScore([[1e300], [-1e300], [5e299]], [0, 0, 1])).toThrow(NumericalError);
    expect(() => inertiaScore([[1e300], [-1e300], [5e299]], [0, 0, 1])).toThrow(/--scale standard/);
    expect(inertiaScore([[1e100], [-1e100], [5e99]], [0, 0, 1])).toBeCloseTo(2e200, -190);
  });
});
