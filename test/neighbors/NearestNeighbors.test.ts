import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { METRIC_REGISTRY, type MetricName } from '../../src/core/metrics.js';
import { NearestNeighbors, type NeighborAlgorithm } from '../../src/neighbors/index.js';
import { expectClose, type Tolerance } from '../metrics/helpers.js';

interface Answer {
  distances: number[];
  indices: number[];
}
interface RaggedAnswer {
  distances: number[][];
  indices: number[][];
}
interface Case {
  name: string;
  params: {
    metric: MetricName;
    nNeighbors: number;
    radius: number;
    p?: number;
    w?: number[];
    V?: number[];
    VI?: number[][];
  };
  input: { X: number[][]; Q: number[][] };
  expected: Record<
    string,
    { kneighborsSelf: Answer; kneighborsQ: Answer; radiusSelf: RaggedAnswer; radiusQ: RaggedAnswer }
  >;
  tolerance: Tolerance;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/neighbors/nearest_neighbors.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const ALGO: Record<string, NeighborAlgorithm> = { kd_tree: 'kd-tree', ball_tree: 'ball-tree', brute: 'brute' };

describe('NearestNeighbors (scikit-learn 1.2 fixtures)', () => {
  for (const c of fixture.cases) {
    for (const [skAlgo, exp] of Object.entries(c.expected)) {
      for (const algorithm of ['auto', ALGO[skAlgo]] as NeighborAlgorithm[]) {
        it(`${c.name}: ${algorithm} equals sklearn's ${skAlgo}`, () => {
          const { metric, nNeighbors, radius, p, w, V, VI } = c.params;
          const nn = new NearestNeighbors({ metric, nNeighbors, radius, p, w, V, VI, algorithm, leafSize: 4 }).fit(
            c.input.X,
          );
          const self = nn.kneighbors();
          expect(Array.from(self.indices.data)).toEqual(exp.kneighborsSelf.indices);
          expectClose(self.distances.data, exp.kneighborsSelf.distances, c.tolerance);
          const q = nn.kneighbors(c.input.Q);
          expect(Array.from(q.indices.data)).toEqual(exp.kneighborsQ.indices);
          expectClose(q.distances.data, exp.kneighborsQ.distances, c.tolerance);
          const rs = nn.radiusNeighbors();
          expect(rs.indices.map((a) => Array.from(a))).toEqual(exp.radiusSelf.indices);
          for (const [i, a] of rs.distances.entries()) expectClose(a, exp.radiusSelf.distances[i], c.tolerance);
          const rq = nn.radiusNeighbors(c.input.Q);
          expect(rq.indices.map((a) => Array.from(a))).toEqual(exp.radiusQ.indices);
          for (const [i, a] of rq.distances.entries()) expectClose(a, exp.radiusQ.distances[i], c.tolerance);
        });
      }
    }
  }
});

/** The naive answer: every distance, sorted by (distance, index), self excluded. */
function naiveKnn(X: number[][], q: number[], k: number, exclude: number, metric: MetricName): [number[], number[]] {
  const f = METRIC_REGISTRY[metric].distance;
  const qa = Float64Array.from(q);
  const all = X.map((row, i) => [
    f(qa, 0, Float64Array.from(row), 0, q.length, { p: 2, w: null, V: null, VI: null }),
    i,
  ])
    .filter(([, i]) => i !== exclude)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .slice(0, k);
  return [all.map((a) => a[0]), all.map((a) => a[1])];
}

// Integer points: many exact ties, so the lowest-index rule is exercised.
const points = fc
  .tuple(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 3 }))
  .chain(([n, d]) =>
    fc.array(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
  );

describe('NearestNeighbors: trees against brute force (oracle)', () => {
  for (const metric of ['euclidean', 'cityblock', 'chebyshev', 'canberra', 'hamming'] as MetricName[]) {
    it(`kneighbors and radiusNeighbors with ${metric}: every algorithm equals the naive search, ties by lowest index`, () => {
      fc.assert(
        fc.property(points, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), (X, k0, leafSize) => {
          const k = Math.min(k0, X.length - 1);
          const algos: NeighborAlgorithm[] = METRIC_REGISTRY[metric].kdTree
            ? ['brute', 'kd-tree', 'ball-tree']
            : ['brute', 'ball-tree'];
          for (const algorithm of algos) {
            const nn = new NearestNeighbors({ metric, nNeighbors: k, radius: 2, algorithm, leafSize }).fit(X);
            const res = nn.kneighbors();
            const rad = nn.radiusNeighbors();
            for (let i = 0; i < X.length; i++) {
              const [d, idx] = naiveKnn(X, X[i], k, i, metric);
              expect(Array.from(res.indices.data.subarray(i * k, i * k + k))).toEqual(idx);
              expect(Array.from(res.distances.data.subarray(i * k, i * k + k))).toEqual(d);
              const [rd, ridx] = naiveKnn(X, X[i], X.length, i, metric);
              const within = ridx.filter((_, t) => rd[t] <= 2);
              expect(Array.from(rad.indices[i])).toEqual(within);
            }
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it('kneighbors(Q) equals kneighbors() on the same rows, apart from the self match', () => {
    const X = [
      [0, 0],
      [1, 0],
      [0, 2],
      [3, 3],
    ];
    const nn = new NearestNeighbors({ nNeighbors: 2 }).fit(X);
    expect(Array.from(nn.kneighbors(X).indices.data)).toEqual([0, 1, 1, 0, 2, 0, 3, 2]);
    expect(Array.from(nn.kneighbors().indices.data)).toEqual([1, 2, 0, 2, 0, 1, 2, 1]);
  });
});

describe('NearestNeighbors: bad input', () => {
  const X = [
    [0, 0],
    [1, 1],
    [2, 0],
  ];
  it('throws NotFittedError before fit', () => {
    expect(() => new NearestNeighbors().kneighbors()).toThrow(NotFittedError);
  });
  it('refuses k above the available rows', () => {
    const nn = new NearestNeighbors({ nNeighbors: 3 }).fit(X);
    expect(() => nn.kneighbors()).toThrow(/k <= n_samples_fit - 1 = 2/);
    expect(nn.kneighbors([[0, 0]]).indices.data.length).toBe(3);
  });
  it('refuses a tree that cannot serve the metric, naming those that can', () => {
    expect(() =>
      new NearestNeighbors({ metric: 'cosine', algorithm: 'ball-tree' }).fit([
        [1, 0],
        [0, 1],
      ]),
    ).toThrow(/use 'brute'/);
    expect(() => new NearestNeighbors({ metric: 'canberra', algorithm: 'kd-tree' }).fit(X)).toThrow(
      /'brute' or 'ball-tree'/,
    );
    expect(() => new NearestNeighbors({ metric: 'minkowski', p: 0.5, algorithm: 'kd-tree' }).fit(X)).toThrow(
      ValidationError,
    );
  });
  it('refuses an unknown metric, NaN, a wrong width, and non-0/1 data under a boolean metric', () => {
    expect(() => new NearestNeighbors({ metric: 'nosuch' as MetricName })).toThrow(ValidationError);
    expect(() => new NearestNeighbors().fit([[0, Number.NaN]])).toThrow(ValidationError);
    expect(() => new NearestNeighbors().fit(X).kneighbors([[1, 2, 3]])).toThrow(ValidationError);
    expect(() => new NearestNeighbors({ metric: 'jaccard' }).fit(X)).toThrow(/boolean metric 'jaccard'/);
    const nn = new NearestNeighbors({ metric: 'jaccard', nNeighbors: 1 }).fit([
      [0, 1],
      [1, 1],
    ]);
    expect(() => nn.kneighbors([[2, 0]])).toThrow(/Q\[0\]\[0\] is 2/);
  });
});
