import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricDist } from '../../src/core/distance.js';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { type Matrix, toMatrix } from '../../src/core/matrix.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { pdist } from '../../src/engine/pairwise.js';
import { releaseWasmMemory } from '../../src/engine/wasmWorkspace.js';
import {
  DissimilarityRows,
  dataDissimilarities,
  dissimRow,
  toDissimilarityView,
  withDataDissimilarities,
} from '../../src/medoids/dissimilarity.js';
import { KMedoids, type KMedoidsMethod } from '../../src/medoids/KMedoids.js';
import { buildMedoids } from '../../src/medoids/pam.js';
import { fixtureNames, loadFixture, maxRelDiff, R_DIGITS_TOL } from '../medoidsFixtures.js';

interface PamFixture {
  params: { nClusters: number; variant: 'original' | 'faster'; metric: string; init: number[] | null };
  input: { X?: number[][]; condensed?: number[] };
  expected: { medoids: number[]; rowMedoid: number[]; objective: number[] };
}

const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);
const METRIC: Record<string, 'euclidean' | 'cityblock' | 'precomputed'> = {
  euclidean: 'euclidean',
  manhattan: 'cityblock',
  precomputed: 'precomputed',
};

/** Total dissimilarity of the best medoid set by exhaustive search (tiny n). */
function bruteForceTD(D: Float64Array, n: number, k: number): number {
  let best = Number.POSITIVE_INFINITY;
  const pick: number[] = [];
  const rec = (start: number) => {
    if (pick.length === k) {
      let td = 0;
      for (let i = 0; i < n; i++) {
        let m = Number.POSITIVE_INFINITY;
        for (const c of pick)
          m = Math.min(
            m,
            i === c ? 0 : D[i < c ? n * i - (i * (i + 1)) / 2 + c - i - 1 : n * c - (c * (c + 1)) / 2 + i - c - 1],
          );
        td += m;
      }
      best = Math.min(best, td);
      return;
    }
    for (let c = start; c < n; c++) {
      pick.push(c);
      rec(c + 1);
      pick.pop();
    }
  };
  rec(0);
  return best;
}

describe('KMedoids against R cluster::pam', () => {
  const names = fixtureNames('pam_');
  it('has the pam fixtures', () => expect(names.length).toBeGreaterThanOrEqual(11));
  for (const name of names) {
    it(`matches ${name}`, () => {
      const f = loadFixture(name) as unknown as PamFixture;
      const { nClusters, variant, metric, init } = f.params;
      const km = new KMedoids({
        nClusters,
        metric: METRIC[metric],
        method: variant === 'faster' ? 'fasterpam' : 'pam',
        init: init ?? 'build',
      });
      km.fit(f.input.X ?? Float64Array.from(f.input.condensed as number[]));
      expect(sorted(km.medoidIndices)).toEqual(sorted(f.expected.medoids));
      const rowMedoid = Array.from(km.labels, (c) => km.medoidIndices[c]);
      expect(rowMedoid).toEqual(f.expected.rowMedoid);
      const n = km.labels.length;
      expect(maxRelDiff([km.inertia / n], [f.expected.objective[1]])).toBeLessThan(R_DIGITS_TOL);
    });
  }
  it('BUILD alone gives R objective["build"]', () => {
    for (const name of fixtureNames('pam_original_').filter((s) => !s.endsWith('given'))) {
      const f = loadFixture(name) as unknown as PamFixture;
      const D = f.input.X
        ? pdist(f.input.X, METRIC[f.params.metric] as 'euclidean')
        : Float64Array.from(f.input.condensed as number[]);
      const v = toDissimilarityView(D);
      const med = new Int32Array(f.params.nClusters);
      buildMedoids(v, f.params.nClusters, med);
      let td = 0;
      const buf = new Float64Array(v.n);
      const best = new Float64Array(v.n).fill(Number.POSITIVE_INFINITY);
      for (const m of med) {
        const row = dissimRow(v, m, buf);
        for (let j = 0; j < v.n; j++) best[j] = Math.min(best[j], row[j]);
      }
      for (let j = 0; j < v.n; j++) td += best[j];
      expect(maxRelDiff([td / v.n], [f.expected.objective[0]])).toBeLessThan(R_DIGITS_TOL);
    }
  });
});

describe('KMedoids precomputed input', () => {
  const X = [
    [0, 0],
    [0, 1],
    [5, 5],
    [5, 6],
    [6, 5],
    [10, 0],
  ];
  const D = pdist(X);
  const n = X.length;
  const square = (): Matrix => {
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        data[i * n + j] =
          i === j ? 0 : D[i < j ? n * i - (i * (i + 1)) / 2 + j - i - 1 : n * j - (j * (j + 1)) / 2 + i - j - 1];
    return { rows: n, cols: n, data };
  };
  it('gives the same medoids from data, a condensed vector and a square matrix, for every method', () => {
    for (const method of ['fasterpam', 'pam', 'alternate'] as KMedoidsMethod[]) {
      const a = new KMedoids({ nClusters: 3, method }).fit(X);
      const b = new KMedoids({ nClusters: 3, method, metric: 'precomputed' }).fit(D);
      const c = new KMedoids({ nClusters: 3, method, metric: 'precomputed' }).fit(square());
      expect(Array.from(b.medoidIndices)).toEqual(Array.from(a.medoidIndices));
      expect(Array.from(c.medoidIndices)).toEqual(Array.from(a.medoidIndices));
      expect(b.inertia).toBeCloseTo(a.inertia, 12);
    }
  });
  it('over the memory budget computes dissimilarities when read, with the same result as the matrix', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [Math.sin(i * 1.3) * 10, Math.cos(i * 0.7) * 10, i % 5]);
    for (const metric of ['euclidean', 'cityblock', 'cosine', 'chebyshev', 'sqeuclidean'] as const) {
      for (const method of ['fasterpam', 'pam', 'alternate'] as KMedoidsMethod[]) {
        const a = new KMedoids({ nClusters: 4, method, metric }).fit(rows);
        const b = new KMedoids({ nClusters: 4, method, metric, memoryBudget: 1024 }).fit(rows);
        expect(Array.from(b.medoidIndices)).toEqual(Array.from(a.medoidIndices));
        expect(b.inertia).toBe(a.inertia);
      }
    }
    const v = dataDissimilarities(toMatrix(rows), 'cosine', 0);
    expect(v.layout).toBe('data');
    const D = pdist(rows, 'cosine');
    const buf = new Float64Array(60);
    const cond = toDissimilarityView(D);
    const buf2 = new Float64Array(60);
    for (let i = 0; i < 60; i += 7)
      expect(Array.from(dissimRow(v, i, buf))).toEqual(Array.from(dissimRow(cond, i, buf2)));
  });
  it('builds the condensed matrix, under the wasm and the js backend, bit for bit from the registry kernel', () => {
    const all = ['euclidean', 'sqeuclidean', 'cityblock', 'chebyshev', 'cosine', 'correlation', 'canberra'] as const;
    const initial = getBackend();
    try {
      for (const [n, metrics] of [
        [150, all],
        [1100, ['euclidean', 'cosine']],
      ] as const) {
        const d = 3;
        const x = Float64Array.from({ length: n * d }, (_, t) => Math.sin(t * 0.61) * 40 + (t % 7) - 3 + 0.5);
        // A row whose squares overflow: d(x₇, x₇) under cosine is then not 0 by the formula, only by the diagonal rule.
        x.set([1e160, 2e160, -1e160], 7 * d);
        for (const metric of metrics) {
          for (const backend of ['wasm', 'js'] as const) {
            setBackend(backend);
            const v = dataDissimilarities({ rows: n, cols: d, data: x }, metric);
            expect(v.layout).toBe('condensed');
            expect(v.data.length).toBe((n * (n - 1)) / 2);
            let t = 0;
            for (let i = 0; i < n; i++) {
              for (let j = i + 1; j < n; j++, t++) {
                const want = metricDist(x, i, x, j, d, metric);
                if (!Object.is(v.data[t], want))
                  throw new Error(`${metric} ${backend} n=${n}: (${i}, ${j}) is ${v.data[t]}, want ${want}`);
              }
            }
            const rows = new DissimilarityRows(v);
            expect(rows.row(7)[7]).toBe(0);
          }
        }
      }
    } finally {
      setBackend(initial);
    }
  });
  it('DissimilarityRows gives each row of a condensed view bit for bit, in any order, across block boundaries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 23 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (n, picks) => {
        const D = Float64Array.from({ length: (n * (n - 1)) / 2 }, (_, t) => 1 + t * 0.37);
        const v = toDissimilarityView(D);
        const rows = new DissimilarityRows(v);
        const buf = new Float64Array(n);
        for (const p of [...picks.map((q) => q % n), ...Array.from({ length: n }, (_, i) => i)]) {
          const r = rows.row(p);
          const want = dissimRow(v, p, buf);
          for (let j = 0; j < n; j++) {
            const sq =
              j === p ? 0 : D[p < j ? n * p - (p * (p + 1)) / 2 + j - p - 1 : n * j - (j * (j + 1)) / 2 + p - j - 1];
            if (!Object.is(r[j], want[j]) || !Object.is(r[j], sq)) return false;
          }
        }
        return true;
      }),
    );
  });
  it('keeps the matrix built from data in one pooled memory: reused by the next fit, returned on a throw, dropped by releaseWasmMemory', () => {
    const x = toMatrix(Array.from({ length: 300 }, (_, i) => [Math.sin(i * 1.3) * 10, Math.cos(i * 0.7) * 10]));
    const seen: ArrayBufferLike[] = [];
    const grab = (v: { data: Float64Array }) => seen.push(v.data.buffer);
    withDataDissimilarities(x, 'euclidean', 1 << 30, undefined, grab);
    withDataDissimilarities(x, 'euclidean', 1 << 30, undefined, grab);
    expect(seen[1]).toBe(seen[0]); // the second build reused the first one's memory
    // a nested build while the pooled one is taken gets a memory of its own
    withDataDissimilarities(x, 'euclidean', 1 << 30, undefined, (v) => {
      grab(v);
      withDataDissimilarities(x, 'euclidean', 1 << 30, undefined, grab);
    });
    expect(seen[2]).toBe(seen[0]);
    expect(seen[3]).not.toBe(seen[0]);
    expect(() =>
      withDataDissimilarities(x, 'euclidean', 1 << 30, undefined, (v) => {
        grab(v);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    withDataDissimilarities(x, 'euclidean', 1 << 30, undefined, grab);
    expect(seen[5]).toBe(seen[4]); // given back after the throw
    releaseWasmMemory();
    withDataDissimilarities(x, 'euclidean', 1 << 30, undefined, grab);
    expect(seen[6]).not.toBe(seen[4]);
    expect(seen[6]).not.toBe(seen[0]);
    // over the budget: no matrix, the rows themselves
    withDataDissimilarities(x, 'euclidean', 1024, undefined, (v) => {
      expect(v.layout).toBe('data');
      expect(v.data).toBe(x.data);
    });
  });
  it('repeated fits from data reuse the pooled matrix with identical results, for every method', () => {
    const rows = Array.from({ length: 120 }, (_, i) => [Math.sin(i * 1.3) * 10, Math.cos(i * 0.7) * 10, i % 5]);
    for (const method of ['fasterpam', 'pam', 'alternate'] as KMedoidsMethod[]) {
      releaseWasmMemory();
      const a = new KMedoids({ nClusters: 4, method }).fit(rows);
      // a larger fit in between leaves other values in the pooled memory
      new KMedoids({ nClusters: 3, method }).fit(rows.map(([p, q, r]) => [q, r, p]).concat(rows));
      const b = new KMedoids({ nClusters: 4, method }).fit(rows);
      expect(Array.from(b.medoidIndices)).toEqual(Array.from(a.medoidIndices));
      expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
      expect(Object.is(b.inertia, a.inertia)).toBe(true);
    }
  });
  it('reads the caller’s buffers without copying or changing them', () => {
    const S = square();
    const before = S.data.slice();
    const v = toDissimilarityView(S);
    expect(v.data).toBe(S.data);
    expect(toDissimilarityView(D).data).toBe(D);
    new KMedoids({ nClusters: 2, metric: 'precomputed' }).fit(S);
    expect(S.data).toEqual(before);
  });
  it('condensed rows equal square rows', () => {
    const vc = toDissimilarityView(D);
    const vs = toDissimilarityView(square());
    const buf = new Float64Array(n);
    for (let i = 0; i < n; i++) expect(Array.from(dissimRow(vc, i, buf))).toEqual(Array.from(dissimRow(vs, i, buf)));
  });
  it('predict takes query-to-training dissimilarities', () => {
    const km = new KMedoids({ nClusters: 3, metric: 'precomputed' }).fit(D);
    const S = square();
    const rows = Array.from({ length: n }, (_, i) => Array.from(S.data.subarray(i * n, (i + 1) * n)));
    expect(Array.from(km.predict(rows))).toEqual(Array.from(km.labels));
    expect(() => km.clusterCenters).toThrow(/no coordinates/);
  });
  it('rejects non-square, asymmetric, negative, non-zero-diagonal and wrong-length input', () => {
    const km = new KMedoids({ nClusters: 2, metric: 'precomputed' });
    expect(() => km.fit({ rows: 2, cols: 3, data: new Float64Array(6) })).toThrow(/must be square/);
    expect(() =>
      km.fit([
        [0, 1],
        [2, 0],
      ]),
    ).toThrow(/not symmetric/);
    expect(() =>
      km.fit([
        [0, -1],
        [-1, 0],
      ]),
    ).toThrow(/>= 0/);
    expect(() =>
      km.fit([
        [1, 1],
        [1, 0],
      ]),
    ).toThrow(/diagonal/);
    expect(() => km.fit(new Float64Array(4))).toThrow(/not n\(n−1\)\/2/);
    expect(() => km.fit([[0, 1], [1]])).toThrow(/square/);
    expect(() => km.fit(Float64Array.of(Number.NaN))).toThrow(ValidationError);
  });
});

describe('KMedoids behaviour', () => {
  const X = [
    [0, 0],
    [0, 1],
    [5, 5],
    [5, 6],
    [6, 5],
  ];
  it('documents its example', () => {
    const km = new KMedoids({ nClusters: 2 }).fit(X);
    expect(Array.from(km.medoidIndices)).toEqual([2, 1]);
    expect(Array.from(km.labels)).toEqual([1, 1, 0, 0, 0]);
    expect(km.clusterCenters.data).toEqual(Float64Array.from([5, 5, 0, 1]));
    expect(
      Array.from(
        km.predict([
          [0.2, 0.1],
          [5, 5.5],
        ]),
      ),
    ).toEqual([1, 0]);
  });
  it('k = 1 gives the row of least total distance; k = n gives zero inertia', () => {
    const one = new KMedoids({ nClusters: 1 }).fit(X);
    expect(Array.from(one.medoidIndices)).toEqual([2]);
    for (const method of ['fasterpam', 'pam', 'alternate'] as KMedoidsMethod[]) {
      expect(new KMedoids({ nClusters: 5, method }).fit(X).inertia).toBe(0);
    }
  });
  it('round-trips through JSON', () => {
    const km = new KMedoids({ nClusters: 2, init: 'k-medoids++', seed: 3 }).fit(X);
    const back = KMedoids.fromJSON(JSON.parse(JSON.stringify(km.toJSON())));
    expect(Array.from(back.medoidIndices)).toEqual(Array.from(km.medoidIndices));
    expect(back.inertia).toBe(km.inertia);
    expect(Array.from(back.predict(X))).toEqual(Array.from(km.labels));
    const pre = new KMedoids({ nClusters: 2, metric: 'precomputed' }).fit(pdist(X));
    expect(Array.from(KMedoids.fromJSON(JSON.parse(JSON.stringify(pre.toJSON()))).medoidIndices)).toEqual(
      Array.from(pre.medoidIndices),
    );
  });
  it('is reproducible from a seed and records a drawn one', () => {
    const a = new KMedoids({ nClusters: 2, init: 'random', seed: 9 }).fit(X);
    const b = new KMedoids({ nClusters: 2, init: 'random', seed: 9 }).fit(X);
    expect(Array.from(a.medoidIndices)).toEqual(Array.from(b.medoidIndices));
    const c = new KMedoids({ nClusters: 2, init: 'random' }).fit(X);
    expect(Number.isInteger(c.seed)).toBe(true);
  });
  it('warns when maxIter stops the search', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [Math.sin(i) * 10, Math.cos(i * 1.7) * 10]);
    const km = new KMedoids({ nClusters: 4, method: 'pam', init: [0, 1, 2, 3], maxIter: 1 }).fit(rows);
    expect(km.converged).toBe(false);
    expect(km.warnings[0].code).toBe('CONVERGENCE');
  });
  it('throws typed errors', () => {
    expect(() => new KMedoids().labels).toThrow(NotFittedError);
    expect(() => new KMedoids({ nClusters: 6 }).fit(X)).toThrow(/nClusters=6 must be <= the number of samples \(5\)/);
    expect(() => new KMedoids({ method: 'clarans' as 'pam' })).toThrow(/method must be one of/);
    expect(() => new KMedoids({ metric: 'bogus' as 'euclidean' })).toThrow(/metric must be one of/);
    expect(() => new KMedoids({ init: [0, 0] })).toThrow(/distinct/);
    expect(() => new KMedoids({ nClusters: 3, init: [0, 1] })).toThrow(/2 indices but nClusters=3/);
    expect(() => new KMedoids({ init: [0, 9] }).fit(X)).toThrow(/out of range/);
    expect(() =>
      new KMedoids({ nClusters: 2 }).fit([
        [0, Number.NaN],
        [1, 1],
      ]),
    ).toThrow(ValidationError);
    expect(() =>
      new KMedoids({ nClusters: 2, metric: 'cosine' }).fit([
        [0, 0],
        [1, 1],
      ]),
    ).toThrow(/zero vector/);
  });
});

describe('KMedoids properties', () => {
  const points = (maxN: number) =>
    fc.integer({ min: 2, max: maxN }).chain((n) =>
      fc.array(fc.tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: -10, max: 10 })), {
        minLength: n,
        maxLength: n,
      }),
    );
  /** Total dissimilarity of a medoid set. */
  const td = (D: Float64Array, n: number, med: readonly number[]) => {
    const v = toDissimilarityView(D);
    const buf = new Float64Array(n);
    const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (const m of med) {
      const row = dissimRow(v, m, buf);
      for (let j = 0; j < n; j++) best[j] = Math.min(best[j], row[j]);
    }
    return best.reduce((a, b) => a + b, 0);
  };
  it('FasterPAM and PAM end where no single swap improves (checked over every swap, n ≤ 9, k ≤ 3)', () => {
    fc.assert(
      fc.property(points(9), fc.integer({ min: 1, max: 3 }), (pts, k0) => {
        const k = Math.min(k0, pts.length);
        const n = pts.length;
        const D = pdist(pts);
        for (const method of ['fasterpam', 'pam'] as KMedoidsMethod[]) {
          const km = new KMedoids({ nClusters: k, method, metric: 'precomputed' }).fit(D);
          const med = Array.from(km.medoidIndices);
          expect(km.inertia).toBeCloseTo(td(D, n, med), 9);
          for (let c = 0; c < k; c++) {
            for (let h = 0; h < n; h++) {
              if (med.includes(h)) continue;
              const swapped = med.slice();
              swapped[c] = h;
              expect(td(D, n, swapped)).toBeGreaterThanOrEqual(km.inertia - 1e-9);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
  it('FasterPAM and PAM equal the brute-force optimum on well-separated groups (n ≤ 9, k ≤ 3)', () => {
    const grouped = fc.integer({ min: 1, max: 3 }).chain((k) =>
      fc
        .array(
          fc.tuple(
            fc.integer({ min: 0, max: k - 1 }),
            fc.integer({ min: -3, max: 3 }),
            fc.integer({ min: -3, max: 3 }),
          ),
          {
            minLength: k,
            maxLength: 9,
          },
        )
        .map((rows) => ({ k, pts: rows.map(([g, a, b], i) => (i < k ? [i * 100, 0] : [g * 100 + a, b])) })),
    );
    fc.assert(
      fc.property(grouped, ({ k, pts }) => {
        const D = pdist(pts);
        const opt = bruteForceTD(D, pts.length, k);
        for (const method of ['fasterpam', 'pam'] as KMedoidsMethod[]) {
          const km = new KMedoids({ nClusters: k, method, metric: 'precomputed' }).fit(D);
          expect(km.inertia).toBeCloseTo(opt, 9);
        }
      }),
      { numRuns: 150 },
    );
  });
  it('a local optimum that is not global, as R pam finds it (regression from the brute-force property)', () => {
    // R: pam(x, 2)$id.med = c(5, 8), objective 26.40322 / 9; the optimum {0, 1} has total 25.8809
    const pts = [
      [1, 5],
      [0, 0],
      [-7, -1],
      [0, -2],
      [0, 1],
      [0, 4],
      [7, -1],
      [7, 3],
      [0, 5],
    ];
    const km = new KMedoids({ nClusters: 2, method: 'pam' }).fit(pts);
    expect(sorted(km.medoidIndices)).toEqual([4, 7]);
    expect(km.inertia).toBeCloseTo(26.40321551489818, 10);
    expect(bruteForceTD(pdist(pts), 9, 2)).toBeCloseTo(25.880904506440807, 10);
  });
  it("FasterPAM's objective is never above the BUILD start", () => {
    fc.assert(
      fc.property(points(30), fc.integer({ min: 2, max: 5 }), (pts, k0) => {
        const k = Math.min(k0, pts.length);
        const D = pdist(pts);
        const v = toDissimilarityView(D);
        const build = new Int32Array(k);
        buildMedoids(v, k, build);
        const start = new KMedoids({
          nClusters: k,
          metric: 'precomputed',
          init: Array.from(build),
          method: 'alternate',
          maxIter: 1,
        });
        start.fit(D); // one assignment + one medoid update can only lower TD, so it bounds BUILD from below
        const buf = new Float64Array(v.n);
        const best = new Float64Array(v.n).fill(Number.POSITIVE_INFINITY);
        for (const m of build) {
          const row = dissimRow(v, m, buf);
          for (let j = 0; j < v.n; j++) best[j] = Math.min(best[j], row[j]);
        }
        const buildTD = best.reduce((s, x) => s + x, 0);
        const fast = new KMedoids({ nClusters: k, metric: 'precomputed' }).fit(D);
        expect(fast.inertia).toBeLessThanOrEqual(buildTD + 1e-9);
        expect(start.inertia).toBeLessThanOrEqual(buildTD + 1e-9);
      }),
      { numRuns: 100 },
    );
  });
  it('predict(X) equals labels for data fits, every method and init', () => {
    fc.assert(
      fc.property(
        points(25),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<KMedoidsMethod>('fasterpam', 'pam', 'alternate'),
        fc.constantFrom('build', 'k-medoids++', 'random'),
        (pts, k0, method, init) => {
          const k = Math.min(k0, pts.length);
          const km = new KMedoids({ nClusters: k, method, init: init as 'build', seed: 1, metric: 'cityblock' }).fit(
            pts,
          );
          expect(Array.from(km.predict(pts))).toEqual(Array.from(km.labels));
          expect(new Set(km.medoidIndices).size).toBe(k);
        },
      ),
      { numRuns: 100 },
    );
  });
});
