import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squareform } from '../../src/core/distance.js';
import { CapacityError, ValidationError } from '../../src/core/errors.js';
import { NO_PARAMS } from '../../src/core/metricKernels.js';
import { METRIC_NAMES, METRIC_REGISTRY, type MetricName, type MetricOptions } from '../../src/core/metrics.js';
import { cdist, pdist } from '../../src/engine/pairwise.js';
import { expectClose, type Tolerance } from '../metrics/helpers.js';

interface Case {
  name: string;
  params: { metric: MetricName; p?: number | string; w?: number[]; V?: number[]; VI?: number[][] };
  input: { X: number[][]; XB: number[][] };
  expected: { pdist: number[]; cdist: number[] };
  tolerance: Tolerance;
}
const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/distance/${name}`, import.meta.url), 'utf8')) as T;
const fixture = load<{ cases: Case[] }>('pdist.json');

function optionsOf(c: Case): MetricOptions {
  const { p, ...rest } = c.params;
  return { ...rest, ...(p === undefined ? {} : { p: p === 'Infinity' ? Number.POSITIVE_INFINITY : Number(p) }) };
}

describe('pdist / cdist (SciPy 1.10 fixtures)', () => {
  it('cover every metric of the registry', () => {
    const seen = new Set(fixture.cases.map((c) => c.params.metric));
    expect([...METRIC_NAMES].filter((m) => !seen.has(m))).toEqual([]);
  });
  for (const c of fixture.cases) {
    it(`${c.name}`, () => {
      const opts = optionsOf(c);
      expectClose(pdist(c.input.X, opts), c.expected.pdist, c.tolerance);
      const D = cdist(c.input.X, c.input.XB, opts);
      expect([D.rows, D.cols]).toEqual([c.input.X.length, c.input.XB.length]);
      expectClose(D.data, c.expected.cdist, c.tolerance);
    });
  }
  it('pdist(X, metric) keeps the positional metric and memory budget', () => {
    const X = [
      [0, 0],
      [3, 4],
      [6, 8],
    ];
    expect(Array.from(pdist(X))).toEqual([5, 10, 5]);
    expect(Array.from(pdist(X, 'cityblock'))).toEqual([7, 14, 7]);
    expect(() => pdist(X, 'euclidean', 8)).toThrow(CapacityError);
    expect(() => pdist(X, { memoryBudget: 8 })).toThrow(CapacityError);
  });
  it('the inlined pdist loops (euclidean, sqeuclidean, cityblock, chebyshev) equal the registry kernels bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 84, maxLength: 84 }),
        (n, d, v) => {
          const X = { rows: n, cols: d, data: Float64Array.from(v.slice(0, n * d)) };
          for (const m of ['euclidean', 'sqeuclidean', 'cityblock', 'chebyshev'] as const) {
            const D = pdist(X, m);
            const k = METRIC_REGISTRY[m].distance;
            let t = 0;
            for (let i = 0; i < n - 1; i++) {
              for (let j = i + 1; j < n; j++) {
                expect(Object.is(D[t++], k(X.data, i * d, X.data, j * d, d, NO_PARAMS))).toBe(true);
              }
            }
          }
        },
      ),
    );
  });
});

describe('squareform (SciPy fixtures)', () => {
  const sq = load<{ cases: { n: number; vector: number[]; matrix: number[][]; back: number[] }[] }>('squareform.json');
  for (const c of sq.cases) {
    it(`n = ${c.n}: vector → matrix → vector`, () => {
      const M = squareform(c.vector);
      expect([M.rows, M.cols]).toEqual([c.n, c.n]);
      expect(Array.from(M.data)).toEqual(c.matrix.flat());
      expect(Array.from(squareform(c.matrix))).toEqual(c.back);
      expect(Array.from(squareform(M))).toEqual(c.back);
    });
  }
  it('refuses a bad length, a non-square, asymmetric or nonzero-diagonal matrix, NaN and a wrong force', () => {
    expect(() => squareform([1, 2])).toThrow(/length 2/);
    expect(() => squareform([[0, 1, 2]])).toThrow(/square/);
    expect(() =>
      squareform([
        [0, 1],
        [2, 0],
      ]),
    ).toThrow(/not symmetric/);
    expect(() =>
      squareform([
        [1, 1],
        [1, 0],
      ]),
    ).toThrow(/zero diagonal/);
    expect(
      Array.from(
        squareform(
          [
            [1, 1],
            [2, 0],
          ],
          { checks: false },
        ),
      ),
    ).toEqual([1]);
    expect(() => squareform([Number.NaN])).toThrow(ValidationError);
    expect(() => squareform([1], { force: 'tovector' })).toThrow(/tovector/);
    expect(() => squareform([[0]], { force: 'tomatrix' })).toThrow(/tomatrix/);
  });
});

/** The plain formulas, written independently of the kernels. */
const NAIVE: Partial<Record<MetricName, (u: number[], v: number[]) => number>> = {
  euclidean: (u, v) => Math.hypot(...u.map((x, j) => x - v[j])),
  sqeuclidean: (u, v) => u.reduce((s, x, j) => s + (x - v[j]) ** 2, 0),
  cityblock: (u, v) => u.reduce((s, x, j) => s + Math.abs(x - v[j]), 0),
  chebyshev: (u, v) => Math.max(...u.map((x, j) => Math.abs(x - v[j]))),
  canberra: (u, v) =>
    u.reduce((s, x, j) => s + (x === 0 && v[j] === 0 ? 0 : Math.abs(x - v[j]) / (Math.abs(x) + Math.abs(v[j]))), 0),
  hamming: (u, v) => u.filter((x, j) => x !== v[j]).length / u.length,
  cosine: (u, v) => {
    const dot = u.reduce((s, x, j) => s + x * v[j], 0);
    return Math.max(0, 1 - dot / (Math.hypot(...u) * Math.hypot(...v)));
  },
};
const BOOL_NAIVE: Partial<Record<MetricName, (tt: number, tf: number, ft: number, ff: number) => number>> = {
  jaccard: (tt, tf, ft) => (tt + tf + ft === 0 ? 0 : (tf + ft) / (tt + tf + ft)),
  dice: (tt, tf, ft) => (2 * tt + tf + ft === 0 ? 0 : (tf + ft) / (2 * tt + tf + ft)),
  rogerstanimoto: (tt, tf, ft, ff) => (2 * (tf + ft)) / (tt + ff + 2 * (tf + ft)),
  russellrao: (tt, tf, ft, ff) => (tf + ft + ff) / (tt + tf + ft + ff),
  sokalmichener: (tt, tf, ft, ff) => (2 * (tf + ft)) / (tt + ff + 2 * (tf + ft)),
  sokalsneath: (tt, tf, ft) => (tt + 2 * (tf + ft) === 0 ? 0 : (2 * (tf + ft)) / (tt + 2 * (tf + ft))),
  yule: (tt, tf, ft, ff) => (tf * ft === 0 ? 0 : (2 * tf * ft) / (tt * ff + tf * ft)),
};

const matrix = (values: fc.Arbitrary<number>) =>
  fc
    .tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 5 }))
    .chain(([n, d]) => fc.array(fc.array(values, { minLength: d, maxLength: d }), { minLength: n, maxLength: n }));

describe('pdist properties', () => {
  it('every numeric metric: symmetric, zero diagonal, non-negative, equal to the naive formula', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: -5, max: 5 }).map((v) => v + 0.25)), (X) => {
        for (const metric of [
          'euclidean',
          'sqeuclidean',
          'cityblock',
          'chebyshev',
          'canberra',
          'hamming',
          'cosine',
        ] as MetricName[]) {
          const D = cdist(X, X, metric);
          const n = X.length;
          const y = pdist(X, metric);
          let t = 0;
          for (let i = 0; i < n; i++) {
            expect(D.data[i * n + i]).toBeCloseTo(0, 12);
            for (let j = 0; j < n; j++) {
              expect(D.data[i * n + j]).toBe(D.data[j * n + i]);
              expect(D.data[i * n + j]).toBeGreaterThanOrEqual(0);
              if (j > i) expect(y[t++]).toBe(D.data[i * n + j]);
              const naive = (NAIVE[metric] as (u: number[], v: number[]) => number)(X[i], X[j]);
              expect(Math.abs(D.data[i * n + j] - naive)).toBeLessThanOrEqual(1e-12 * (1 + naive));
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
  it('every boolean metric: symmetric, zero on equal rows, equal to the counts formula', () => {
    fc.assert(
      fc.property(matrix(fc.constantFrom(0, 1)), (X) => {
        const n = X.length;
        for (const [metric, f] of Object.entries(BOOL_NAIVE) as [
          MetricName,
          (a: number, b: number, c: number, d: number) => number,
        ][]) {
          const D = cdist(X, X, metric);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let tt = 0;
              let tf = 0;
              let ft = 0;
              let ff = 0;
              X[i].forEach((u, k) => {
                const v = X[j][k];
                if (u && v) tt++;
                else if (u) tf++;
                else if (v) ft++;
                else ff++;
              });
              expect(D.data[i * n + j]).toBe(D.data[j * n + i]);
              expect(D.data[i * n + j]).toBeCloseTo(f(tt, tf, ft, ff), 14);
              if (i === j && metric !== 'russellrao') expect(D.data[i * n + j]).toBe(0);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
  it('the true metrics of the registry satisfy the triangle inequality', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: 0, max: 4 }).map((v) => v / 2 + 0.1)), (X) => {
        const n = X.length;
        for (const metric of METRIC_NAMES) {
          const info = METRIC_REGISTRY[metric];
          if (info.kind === 'boolean' || metric === 'haversine' || metric === 'mahalanobis' || metric === 'seuclidean')
            continue;
          if (!info.isTrueMetric({ p: 2, w: null, V: null, VI: null })) continue;
          const D = cdist(X, X, metric).data;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++)
              for (let k = 0; k < n; k++) expect(D[i * n + k]).toBeLessThanOrEqual(D[i * n + j] + D[j * n + k] + 1e-12);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('pdist / cdist: bad input', () => {
  const X = [
    [0, 1],
    [1, 0],
    [2, 2],
  ];
  it('refuses an unknown metric naming the known ones', () => {
    expect(() => pdist(X, 'nosuch' as MetricName)).toThrow(/'euclidean', 'sqeuclidean'.*'haversine'/);
  });
  it('refuses a boolean metric on non-0/1 data', () => {
    expect(() => pdist(X, 'jaccard')).toThrow(/X\[2\]\[0\] is 2, but the boolean metric 'jaccard' needs 0\/1 data/);
  });
  it('refuses NaN, bad V/VI/w shapes, p <= 0 and parameters the metric does not take', () => {
    expect(() => pdist([[0, Number.NaN]])).toThrow(ValidationError);
    expect(() => pdist(X, { metric: 'seuclidean', V: [1] })).toThrow(
      /V for 'seuclidean' must have one value per column \(2\)/,
    );
    expect(() => pdist(X, { metric: 'seuclidean', V: [1, 0] })).toThrow(/V\[1\]/);
    expect(() => pdist(X, { metric: 'mahalanobis', VI: [[1, 0]] })).toThrow(/VI must be 2×2/);
    expect(() => pdist(X, { metric: 'minkowski', w: [1, -1] })).toThrow(/w\[1\]/);
    expect(() => pdist(X, { metric: 'minkowski', p: 0 })).toThrow(/p for 'minkowski' must be a number > 0/);
    expect(() => pdist(X, { metric: 'euclidean', p: 3 })).toThrow(/takes no 'p'/);
    expect(() => cdist(X, [[1, 2, 3]])).toThrow(/3 features/);
  });
  it('refuses data a metric is undefined on', () => {
    expect(() =>
      pdist(
        [
          [0, 0],
          [1, 1],
        ],
        'cosine',
      ),
    ).toThrow(/zero vector/);
    expect(() =>
      pdist(
        [
          [1, 1],
          [1, 2],
        ],
        'correlation',
      ),
    ).toThrow(/constant row/);
    expect(() =>
      pdist(
        [
          [1, -1],
          [1, 2],
        ],
        'jensenshannon',
      ),
    ).toThrow(/non-negative/);
    expect(() =>
      pdist(
        [
          [1, -1],
          [1, 2],
        ],
        'braycurtis',
      ),
    ).toThrow(/non-negative/);
    expect(() => pdist([[1, 2, 3]], 'haversine')).toThrow(/exactly 2/);
    expect(() =>
      pdist(
        [
          [1, 2],
          [3, 4],
        ],
        'mahalanobis',
      ),
    ).toThrow(/more rows than columns/);
    expect(() =>
      pdist(
        [
          [1, 2],
          [1, 4],
          [1, 5],
        ],
        'seuclidean',
      ),
    ).toThrow(/column 0 has variance 0/);
  });
});
