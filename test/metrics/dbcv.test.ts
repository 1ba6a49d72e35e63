import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { makeMoons } from '../../src/datasets/index.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { dbcvScore } from '../../src/metrics/index.js';

/**
 * A literal transcription of Moulavi et al. (2014) with a dense n×n matrix and a textbook Prim MST: the oracle for the
 * matrix-free implementation. Euclidean; noise −1 excluded from clusters, counted in N.
 */
function dbcvNaive(X: number[][], labels: number[]): number {
  const n = X.length;
  const d = X[0].length;
  const D = X.map((a) => X.map((b) => Math.hypot(...a.map((v, t) => v - b[t]))));
  const ids = [...new Set(labels.filter((l) => l !== -1))];
  const members = ids.map((c) => labels.flatMap((l, i) => (l === c ? [i] : [])));
  const core = new Array<number>(n).fill(0);
  for (const C of members) {
    for (const i of C) {
      const s = C.filter((j) => j !== i && D[i][j] > 0).reduce((acc, j) => acc + D[i][j] ** -d, 0);
      core[i] = s === 0 ? 0 : (s / (C.length - 1)) ** (-1 / d);
    }
  }
  const mr = (i: number, j: number) => Math.max(core[i], core[j], D[i][j]);
  const dsc: number[] = [];
  const internal: number[][] = [];
  for (const C of members) {
    // Prim from the cluster's first row; ties go to the lowest row (any MST is valid; ties make DBCV ambiguous).
    const key = C.map(() => Number.POSITIVE_INFINITY);
    const parent = C.map(() => -1);
    const inTree = C.map(() => false);
    key[0] = 0;
    const mst: [number, number, number][] = [];
    for (let step = 0; step < C.length; step++) {
      let u = -1;
      for (let t = 0; t < C.length; t++) if (!inTree[t] && (u === -1 || key[t] < key[u])) u = t;
      inTree[u] = true;
      if (parent[u] !== -1) mst.push([C[parent[u]], C[u], key[u]]);
      for (let t = 0; t < C.length; t++) {
        if (!inTree[t] && mr(C[u], C[t]) < key[t]) {
          key[t] = mr(C[u], C[t]);
          parent[t] = u;
        }
      }
    }
    const deg = new Map<number, number>();
    for (const [a, b] of mst) {
      deg.set(a, (deg.get(a) ?? 0) + 1);
      deg.set(b, (deg.get(b) ?? 0) + 1);
    }
    const inner = C.filter((i) => (deg.get(i) ?? 0) > 1);
    const innerEdges = mst.filter(([a, b]) => inner.includes(a) && inner.includes(b));
    dsc.push(Math.max(...(innerEdges.length > 0 ? innerEdges : mst).map((e) => e[2])));
    internal.push(inner.length > 0 ? inner : C);
  }
  let score = 0;
  for (let c = 0; c < ids.length; c++) {
    let sep = Number.POSITIVE_INFINITY;
    for (let o = 0; o < ids.length; o++) {
      if (o === c) continue;
      for (const i of internal[c]) for (const j of internal[o]) sep = Math.min(sep, mr(i, j));
    }
    const den = Math.max(sep, dsc[c]);
    score += (members[c].length / n) * (den > 0 ? (sep - dsc[c]) / den : 0);
  }
  return score;
}

describe('dbcvScore', () => {
  it('equals a case computed by hand from the paper’s formulas', () => {
    // Cluster A (label 7): x = 0, 1, 2 on a line; cluster B (label 2): x = 10, 11, 12, 14; one noise row. d = 2.
    const X = [
      [0, 0],
      [1, 0],
      [2, 0],
      [10, 0],
      [11, 0],
      [12, 0],
      [14, 0],
      [5, 5],
    ];
    const labels = [7, 7, 7, 2, 2, 2, 2, -1];
    // All-points core distance core(i) = (Σ_{j≠i} d(i,j)^−2 / (nᶜ − 1))^(−1/2).
    const coreA0 = ((1 + 1 / 4) / 2) ** -0.5; // distances 1, 2 → √1.6
    const coreA1 = ((1 + 1) / 2) ** -0.5; // distances 1, 1 → 1
    const coreB10 = ((1 + 1 / 4 + 1 / 16) / 3) ** -0.5; // distances 1, 2, 4 → √(16/7)
    const coreB11 = ((1 + 1 + 1 / 9) / 3) ** -0.5; // distances 1, 1, 3 → √(27/19)
    const coreB12 = ((1 / 4 + 1 + 1 / 4) / 3) ** -0.5; // distances 2, 1, 2 → √2
    const coreB14 = ((1 / 16 + 1 / 9 + 1 / 4) / 3) ** -0.5; // distances 4, 3, 2 → √(432/61)
    // Mutual reachability of cluster A: m(0,1) = m(1,2) = max(√1.6, 1, 1) = √1.6 < m(0,2) = 2, so the MST is
    // 0–1–2; its only internal vertex is x = 1, there is no internal edge, so DSC(A) = the largest edge = √1.6.
    const dscA = Math.max(coreA0, coreA1, 1);
    // Cluster B: m(11,12) = max(√(27/19), √2, 1) = √2; m(10,11) = √(16/7); m(10,12) = 2; m(12,14) = √(432/61);
    // m(11,14) = 3; m(10,14) = 4. Kruskal: 11–12, 10–11, (10–12 closes a cycle), 12–14. Internal vertices 11 and
    // 12; the internal edge 11–12 gives DSC(B) = √2.
    expect(Math.max(coreB11, coreB12, 1)).toBeLessThan(Math.max(coreB10, coreB11, 1));
    expect(Math.max(coreB10, coreB12, 2)).toBeGreaterThan(Math.max(coreB10, coreB11, 1));
    expect(Math.max(coreB12, coreB14, 2)).toBeLessThan(3);
    const dscB = Math.max(coreB11, coreB12, 1);
    // DSPC(A, B) over internal vertices {1} × {11, 12}: min(max(1, √(27/19), 10), max(1, √2, 11)) = 10.
    const dspc = Math.min(Math.max(coreA1, coreB11, 10), Math.max(coreA1, coreB12, 11));
    expect(dspc).toBe(10);
    const vA = (dspc - dscA) / Math.max(dspc, dscA);
    const vB = (dspc - dscB) / Math.max(dspc, dscB);
    // N = 8 rows, the noise row included.
    const expected = (3 / 8) * vA + (4 / 8) * vB;
    expect(expected).toBeCloseTo((3 / 8) * (1 - Math.sqrt(1.6) / 10) + (4 / 8) * (1 - Math.SQRT2 / 10), 14);
    expect(dbcvScore(X, labels)).toBeCloseTo(expected, 12);
    expect(dbcvNaive(X, labels)).toBeCloseTo(expected, 12);
    // Without the noise row, N = 7.
    expect(dbcvScore(X.slice(0, 7), labels.slice(0, 7))).toBeCloseTo((3 / 7) * vA + (4 / 7) * vB, 12);
  });

  it('matches the TSDoc example', () => {
    expect(
      dbcvScore(
        [
          [0, 0],
          [1, 0],
          [2, 0],
          [10, 0],
          [11, 0],
          [12, 0],
        ],
        [0, 0, 0, 1, 1, 1],
      ),
    ).toBeCloseTo(1 - Math.sqrt(1.6) / 10, 12);
  });

  const labelled = fc.integer({ min: 6, max: 30 }).chain((n) =>
    fc.tuple(
      fc.array(
        fc
          .tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }))
          .map(([a, b]) => [a / 100, b / 100]),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.integer({ min: -1, max: 2 }), { minLength: n, maxLength: n }),
    ),
  );
  /** Labelings DBCV accepts: ≥ 2 clusters of ≥ 2 rows (smaller ones relabelled noise), distinct rows. */
  const usable = ([X, l]: [number[][], number[]]) => {
    const count = new Map<number, number>();
    for (const v of l) count.set(v, (count.get(v) ?? 0) + 1);
    const labels = l.map((v) => (v !== -1 && (count.get(v) ?? 0) < 2 ? -1 : v));
    const k = new Set(labels.filter((v) => v !== -1)).size;
    const distinct = new Set(X.map((r) => r.join(','))).size === X.length;
    return { X, labels, ok: k >= 2 && distinct };
  };

  it('agrees with the dense-matrix oracle and lies in [−1, 1] (property)', () => {
    fc.assert(
      fc.property(labelled, (input) => {
        const { X, labels, ok } = usable(input);
        fc.pre(ok);
        const s = dbcvScore(X, labels);
        expect(s).toBeGreaterThanOrEqual(-1);
        expect(s).toBeLessThanOrEqual(1);
        expect(Math.abs(s - dbcvNaive(X, labels))).toBeLessThan(1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('is invariant to permuting the cluster ids (property)', () => {
    fc.assert(
      fc.property(labelled, (input) => {
        const { X, labels, ok } = usable(input);
        fc.pre(ok);
        const perm = [7, 3, -5]; // 0 → 7, 1 → 3, 2 → −5; −1 stays noise
        const relabelled = labels.map((v) => (v === -1 ? -1 : perm[v]));
        expect(dbcvScore(X, relabelled)).toBeCloseTo(dbcvScore(X, labels), 12); // summed in another cluster order
      }),
      { numRuns: 100 },
    );
  });

  it('scores the moons’ true labels above k-means’ labels', () => {
    const { X, y } = makeMoons({ nSamples: 300, noise: 0.05, seed: 0 });
    const km = new KMeans({ nClusters: 2, seed: 0 }).fit(X);
    const truth = dbcvScore(X, y);
    expect(truth).toBeGreaterThan(dbcvScore(X, km.labels));
    expect(truth).toBeGreaterThan(0);
  });

  it('takes a precomputed matrix with its dimension, and other metrics', () => {
    const X = [
      [0, 0],
      [1, 0],
      [2, 1],
      [10, 0],
      [11, 1],
      [12, 0],
    ];
    const labels = [0, 0, 0, 1, 1, 1];
    const D = X.map((a) => X.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
    expect(dbcvScore(D, labels, { metric: 'precomputed', d: 2 })).toBeCloseTo(dbcvScore(X, labels), 12);
    const c = dbcvScore(X, labels, { metric: 'cityblock' });
    expect(c).toBeGreaterThan(0.5);
    expect(c).toBeLessThanOrEqual(1);
  });

  it('refuses bad input with typed errors naming the fix', () => {
    const X = [
      [0, 0],
      [1, 0],
      [5, 5],
      [6, 5],
    ];
    expect(() => dbcvScore(X, [0, 0, 0, 0])).toThrow(/at least 2 clusters/);
    expect(() => dbcvScore(X, [0, 0, 1, -1])).toThrow(/cluster 1 has 1/);
    expect(() => dbcvScore(X, [0, 0, 1])).toThrow(ValidationError);
    expect(() =>
      dbcvScore(
        [
          [0, 1],
          [1, 0],
        ],
        [0, 1],
        { metric: 'precomputed' },
      ),
    ).toThrow(/pass \{ d \}/);
    expect(() => dbcvScore([[0, 1, 2]], [0], { metric: 'precomputed', d: 2 })).toThrow(/square/);
    expect(() =>
      dbcvScore(
        [
          [0, Number.NaN],
          [1, 0],
        ],
        [0, 1],
      ),
    ).toThrow(ValidationError);
    expect(() => dbcvScore(X, [0, 0, 1, 1], { metric: 'minkowski' as never })).toThrow(ValidationError);
  });
});
