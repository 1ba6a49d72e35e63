import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { treeQueryOrder } from '../../src/density/kdTree.js';
import { type DensityMetric, KERNELS, type KernelName } from '../../src/density/kernels.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { buildKdTree, kdRadiusL2 as radiusNeighbors } from '../../src/neighbors/kdTree.js';

function cloud(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, () => (i % 4) * 1.5 + rng.nextNormal()));
}

/** The tree's contract on one random case: |p̂ − p| ≤ atol + rtol·p for every query, against the exact sum. */
function checkTree(
  d: number,
  kernel: KernelName,
  metric: DensityMetric,
  rtol: number,
  atol: number,
  h: number,
  seed: number,
): void {
  const X = cloud(600, d, seed);
  const Q = cloud(40, d, seed + 1).map((r) => r.map((v) => v * 1.5));
  const w = X.map((_, i) => 1 + (i % 3));
  const exact = new KernelDensity({ kernel, bandwidth: h, metric, algorithm: 'exact' })
    .fit(X, { sampleWeight: w })
    .scoreSamples(Q);
  const tree = new KernelDensity({ kernel, bandwidth: h, metric, algorithm: 'kd_tree', atol, rtol, leafSize: 8 })
    .fit(X, { sampleWeight: w })
    .scoreSamples(Q);
  for (let q = 0; q < Q.length; q++) {
    const p = Math.exp(exact[q]);
    const err = Math.abs(Math.exp(tree[q]) - p);
    expect(err).toBeLessThanOrEqual(atol + rtol * p + 1e-12 * p + 1e-300);
  }
}

describe('k-d tree kernel sums', () => {
  it('meet |p̂ − p| ≤ atol + rtol·p against the exact sum, for every kernel and norm (#6)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(...KERNELS),
        fc.constantFrom('euclidean', 'cityblock', 'chebyshev' as const),
        fc.constantFrom(0, 1e-6, 1e-3, 0.1),
        fc.constantFrom(0, 1e-8, 1e-4, 1e-2, 0.2),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        checkTree,
      ),
      { numRuns: 150 },
    );
  });

  it('far-tail queries keep the bound (fast-check regressions: bounds summed without cancellation) (#6)', () => {
    checkTree(2, 'gaussian', 'euclidean', 0.1, 0, 0.1, 325);
    checkTree(2, 'gaussian', 'euclidean', 1e-6, 0, 0.1, 0);
  });

  it("'auto' chooses the tree for large n·m with a tolerance or a compact kernel, exact otherwise (#6)", () => {
    const X = cloud(3000, 2, 3);
    expect(new KernelDensity({ rtol: 1e-4 }).fit(X).resolveAlgorithm(3000)).toBe('kd_tree');
    expect(new KernelDensity({ kernel: 'epanechnikov' }).fit(X).resolveAlgorithm(3000)).toBe('kd_tree');
    expect(new KernelDensity().fit(X).resolveAlgorithm(3000)).toBe('exact');
    expect(new KernelDensity({ rtol: 1e-4 }).fit(X).resolveAlgorithm(10)).toBe('exact');
  });

  it('handles duplicate points and constant data (leaf with zero spread) (#6)', () => {
    const X = Array.from({ length: 500 }, (_, i) => [i % 2, 0]);
    const a = new KernelDensity({ algorithm: 'exact', kernel: 'linear' }).fit(X).scoreSamples([[0.5, 0.1]]);
    const b = new KernelDensity({ algorithm: 'kd_tree', kernel: 'linear' }).fit(X).scoreSamples([[0.5, 0.1]]);
    expect(Math.abs(a[0] - b[0])).toBeLessThan(1e-12);
  });
});

describe('k-d tree scoring in spatial order', () => {
  const before = getBackend();
  afterEach(() => setBackend(before));

  it('property: treeQueryOrder is a permutation whose queries descend to leaves in tree order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 1000 }),
        (d, m, leafSize, seed) => {
          const X = cloud(200, d, seed);
          const t = buildKdTree(Float64Array.from(X.flat()), new Float64Array(200).fill(1), 200, d, leafSize);
          const y = Float64Array.from(cloud(m, d, seed + 1).flat(), (v, i) => v * (i % 3 === 0 ? 2 : 1));
          const order = treeQueryOrder(t, y, m);
          expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: m }, (_, i) => i));
          // each query's leaf (the first row of the leaf it descends to, by the same rule) never decreases
          let last = -1;
          for (const q of order) {
            let node = 0;
            while (t.left[node] >= 0) {
              const [L, R] = [t.left[node], t.right[node]];
              let gl = 0;
              let gr = 0;
              for (let j = 0; j < d; j++) {
                const v = y[q * d + j];
                const a = Math.max(t.lo[L * d + j] - v, v - t.hi[L * d + j], 0);
                const b = Math.max(t.lo[R * d + j] - v, v - t.hi[R * d + j], 0);
                gl += a * a;
                gr += b * b;
              }
              node = gl <= gr ? L : R;
            }
            expect(t.start[node]).toBeGreaterThanOrEqual(last);
            last = t.start[node];
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('scores of a call (ordered) equal each query scored alone, bit for bit, TypeScript and wasm leaves', () => {
    const X = cloud(3000, 2, 7);
    const Q = cloud(300, 2, 8).map((r) => r.map((v) => v * 1.3));
    for (const backend of ['js', 'wasm'] as const) {
      setBackend(backend);
      for (const [kernel, rtol] of [
        ['gaussian', 1e-4],
        ['epanechnikov', 0],
      ] as const) {
        const kde = new KernelDensity({ kernel, bandwidth: 0.4, algorithm: 'kd_tree', rtol, leafSize: 16 }).fit(X);
        const all = kde.scoreSamples(Q);
        const alone = Q.map((q) => kde.scoreSamples([q])[0]);
        for (let i = 0; i < Q.length; i++) {
          if (!Object.is(all[i], alone[i])) throw new Error(`${backend} ${kernel}: query ${i} ${all[i]} ≠ ${alone[i]}`);
        }
      }
    }
  });
});

describe('radiusNeighbors', () => {
  it('returns exactly the points within distance ≤ r (#6)', () => {
    const rng = createRng(9);
    const n = 800;
    const d = 3;
    const x = Float64Array.from({ length: n * d }, () => Math.round(rng.nextNormal() * 4) / 2);
    const tree = buildKdTree(x, new Float64Array(n).fill(1), n, d, 10);
    const out: number[] = [];
    for (let t = 0; t < 30; t++) {
      const c = Float64Array.from({ length: d }, () => Math.round(rng.nextNormal() * 4) / 2);
      const r = 0.5 + (t % 4) * 0.5;
      radiusNeighbors(tree, c, r, out);
      const expected: number[] = [];
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (x[i * d + j] - c[j]) ** 2;
        if (s <= r * r) expected.push(i);
      }
      expect([...out].sort((a, b) => a - b)).toEqual(expected);
    }
  });
});
