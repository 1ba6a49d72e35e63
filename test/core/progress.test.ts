/**
 * Progress callbacks (issue 19, item 4): the helpers' contract, and every estimator that takes `onProgress` calls
 * it with a monotone `done`, one `total`, the last call at done = total, coarsely — and returns the same bits as
 * without a callback.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { iterationProgress, phaseProgress, progressSteps } from '../../src/core/progress.js';
import { demoBlobs } from '../../src/datasets/index.js';
import { DBSCAN } from '../../src/density/DBSCAN.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { selectBandwidth } from '../../src/density/select.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { pdist } from '../../src/engine/pairwise.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { LINKAGE_METHODS, linkage } from '../../src/hierarchy/linkage.js';
import { BisectingKMeans } from '../../src/kmeans/BisectingKMeans.js';
import { FuzzyCMeans } from '../../src/kmeans/FuzzyCMeans.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { naturalBreaks } from '../../src/kmeans/naturalBreaks.js';
import { SoftKMeans } from '../../src/kmeans/SoftKMeans.js';
import { SphericalKMeans } from '../../src/kmeans/SphericalKMeans.js';
import { CLARA } from '../../src/medoids/CLARA.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { BayesianGaussianMixture } from '../../src/mixture/BayesianGaussianMixture.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

type Calls = [number, number][];

/** The contract: at least one call, one total, done strictly increasing, the last call done = total. */
function expectProgress(calls: Calls, maxCalls = Number.POSITIVE_INFINITY): void {
  expect(calls.length).toBeGreaterThan(0);
  const total = calls[0][1];
  for (let i = 0; i < calls.length; i++) {
    expect(calls[i][1]).toBe(total);
    if (i > 0) expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
  }
  expect(calls[calls.length - 1][0]).toBe(total);
  expect(calls.length).toBeLessThanOrEqual(maxCalls);
}

/** Runs `run` with and without a callback: the callback's calls, after checking that the results are identical. */
function withAndWithout<T>(
  run: (onProgress?: (done: number, total: number) => void) => T,
  result: (m: T) => unknown,
): Calls {
  const calls: Calls = [];
  const a = result(run((done, total) => calls.push([done, total])));
  const b = result(run());
  expect(a).toEqual(b);
  return calls;
}

const bits = (a: ArrayLike<number>): number[] => Array.from(a);

describe('progress helpers', () => {
  it('progressSteps reports a monotone sequence ending at total, at most about `steps` times, nothing without a callback', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 200 }), (total, steps) => {
        const calls: Calls = [];
        const report = progressSteps((d, t) => calls.push([d, t]), total, steps);
        for (let done = 0; done <= total; done++) report(done);
        report(total); // repeated: dropped
        report(3); // going back: dropped
        expectProgress(calls, steps + 1);
      }),
    );
    expect(() => progressSteps(undefined, 10)(5)).not.toThrow();
  });
  it('iterationProgress counts iterations against runs × maxIter, each run ending at its budget', () => {
    const calls: Calls = [];
    const report = iterationProgress((d, t) => calls.push([d, t]), 3, 10);
    for (let r = 0; r < 3; r++) {
      for (let it = 1; it <= 4; it++) report(r, it);
      report(r, 10);
    }
    expect(calls.map((c) => c[0])).toEqual([1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 30]);
    expectProgress(calls);
  });
  it('phaseProgress counts rows over the phases', () => {
    const calls: Calls = [];
    const report = phaseProgress((d, t) => calls.push([d, t]), 2, 50);
    report(0, 50);
    report(1, 20);
    report(1, 50);
    expect(calls).toEqual([
      [50, 100],
      [70, 100],
      [100, 100],
    ]);
  });
});

describe('estimators call onProgress monotonically up to total and return the same bits', () => {
  const X = demoBlobs(0).X;
  const initial = getBackend();
  afterEach(() => setBackend(initial));

  it('KMeans (every algorithm, restarts), SoftKMeans, FuzzyCMeans', () => {
    for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
      const calls = withAndWithout(
        (onProgress) => new KMeans({ nClusters: 5, nInit: 3, algorithm, seed: 1 }).fit(X, { onProgress }),
        (m) => [bits(m.clusterCenters.data), bits(m.labels), m.inertia, m.nIter],
      );
      expectProgress(calls);
      expect(calls[0][1]).toBe(900);
    }
    const soft = withAndWithout(
      (onProgress) => new SoftKMeans({ nClusters: 5, beta: 2, seed: 1 }).fit(X, { onProgress }),
      (m) => [bits(m.clusterCenters.data), bits(m.labels), m.nIter],
    );
    expectProgress(soft);
    expect(soft.length).toBeGreaterThan(1); // per iteration, not only at the end
    const fuzzy = withAndWithout(
      (onProgress) => new FuzzyCMeans({ nClusters: 5, seed: 1, tol: 0, maxIter: 20 }).fit(X, { onProgress }),
      (m) => [bits(m.clusterCenters.data), bits(m.labels), m.nIter],
    );
    expect(fuzzy.map((c) => c[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('GaussianMixture and BayesianGaussianMixture (per EM iteration, restarts)', () => {
    for (const covarianceType of ['full', 'diag'] as const) {
      const calls = withAndWithout(
        (onProgress) =>
          new GaussianMixture({ nComponents: 5, covarianceType, nInit: 2, seed: 3 }).fit(X, { onProgress }),
        (m) => [bits(m.means.data), bits(m.weights), m.lowerBound, m.nIter],
      );
      expectProgress(calls);
      expect(calls.length).toBeGreaterThan(2);
    }
    const calls = withAndWithout(
      (onProgress) => new BayesianGaussianMixture({ nComponents: 6, nInit: 2, seed: 3 }).fit(X, { onProgress }),
      (m) => [bits(m.means.data), bits(m.weights), m.lowerBound, m.nIter],
    );
    expectProgress(calls);
    expect(calls[0][1]).toBe(200);
    expect(calls.length).toBeGreaterThan(2);
  });

  it('linkage (every method, TypeScript and wasm, matrix and matrix-free, condensed input) counts the rows of a matrix built, then the n − 1 merges, about 100 calls at most', () => {
    const n = X.rows;
    const y = pdist(X);
    for (const backend of ['js', 'wasm'] as const) {
      setBackend(backend);
      for (const method of LINKAGE_METHODS) {
        const free = method === 'single' || method === 'ward' || method === 'centroid' || method === 'median';
        for (const matrixFree of free ? [true, false] : [false]) {
          const calls = withAndWithout(
            (onProgress) => linkage(X, { method, matrixFree, onProgress }),
            (Z) => bits(Z.data),
          );
          expectProgress(calls, 101);
          // A matrix built from the observations is a first phase of n − 1 rows, then the n − 1 merges.
          expect(calls[0][1]).toBe(matrixFree ? n - 1 : 2 * (n - 1));
          expect(calls.length).toBeGreaterThan(5); // during the merges, not only at the end
          if (!matrixFree) expect(calls.filter((c) => c[0] < n - 1).length).toBeGreaterThanOrEqual(3); // rows move
        }
        const calls = withAndWithout(
          (onProgress) => linkage(y, { method, onProgress }),
          (Z) => bits(Z.data),
        );
        expectProgress(calls, 101);
        expect(calls[0][1]).toBe(n - 1); // a condensed input: nothing to build
      }
    }
    const weighted = withAndWithout(
      (onProgress) => linkage(X, { method: 'average', sampleWeight: new Float64Array(n).fill(2), onProgress }),
      (Z) => bits(Z.data),
    );
    expectProgress(weighted, 101);
    const agg = withAndWithout(
      (onProgress) => new AgglomerativeClustering({ nClusters: 5, linkage: 'complete' }).fit(X, { onProgress }),
      (m) => [bits(m.labels), bits(m.linkageMatrix.data)],
    );
    expectProgress(agg, 101);
  });

  it('DBSCAN, OPTICS (with and without maxEps), HDBSCAN (Borůvka and Prim) count rows over two phases', () => {
    const n = X.rows;
    const dbscan = withAndWithout(
      (onProgress) => new DBSCAN({ eps: 0.5, minSamples: 5 }).fit(X, { onProgress }),
      (m) => bits(m.labels),
    );
    expectProgress(dbscan);
    expect(dbscan[0][1]).toBe(2 * n);
    for (const maxEps of [undefined, 1]) {
      const optics = withAndWithout(
        (onProgress) => new OPTICS({ minSamples: 5, maxEps }).fit(X, { onProgress }),
        (m) => [bits(m.labels), bits(m.reachability), bits(m.ordering)],
      );
      expectProgress(optics, 101);
    }
    for (const algorithm of ['boruvka-kdtree', 'prim'] as const) {
      const hdb = withAndWithout(
        (onProgress) => new HDBSCAN({ minClusterSize: 10, algorithm }).fit(X, { onProgress }),
        (m) => [bits(m.labels), bits(m.probabilities)],
      );
      expectProgress(hdb, 101);
      expect(hdb[0][1]).toBe(2 * n);
    }
  });

  it('MeanShift counts the seeds climbed', () => {
    for (const binSeeding of [false, true]) {
      const calls = withAndWithout(
        (onProgress) => new MeanShift({ bandwidth: 1, binSeeding }).fit(X, { onProgress }),
        (m) => [bits(m.labels), bits(m.clusterCenters.data)],
      );
      expectProgress(calls, 101);
    }
  });

  it('KMedoids (fasterpam, pam, alternate) counts the matrix rows, then passes against maxIter', () => {
    for (const method of ['fasterpam', 'pam', 'alternate'] as const) {
      const calls = withAndWithout(
        (onProgress) => new KMedoids({ nClusters: 5, method, seed: 0, maxIter: 50 }).fit(X, { onProgress }),
        (m) => [bits(m.medoidIndices), bits(m.labels), m.inertia],
      );
      expectProgress(calls);
      expect(calls[0][1]).toBe(100);
      expect(calls.filter((c) => c[0] < 50).length).toBeGreaterThanOrEqual(3); // the matrix build moves the bar
    }
    // No matrix to build (precomputed, or over the memory budget): passes only.
    const D = pdist(X);
    const pre = withAndWithout(
      (onProgress) =>
        new KMedoids({ nClusters: 5, metric: 'precomputed', seed: 0, maxIter: 50 }).fit(D, { onProgress }),
      (m) => [bits(m.medoidIndices), bits(m.labels), m.inertia],
    );
    expectProgress(pre);
    expect(pre[0][1]).toBe(50);
    const lean = withAndWithout(
      (onProgress) => new KMedoids({ nClusters: 5, seed: 0, maxIter: 50, memoryBudget: 1024 }).fit(X, { onProgress }),
      (m) => [bits(m.medoidIndices), bits(m.labels), m.inertia],
    );
    expectProgress(lean);
    expect(lean[0][1]).toBe(50);
  });

  it('CLARA counts the rows scored over its samples', () => {
    const calls = withAndWithout(
      (onProgress) => new CLARA({ nClusters: 5, samples: 4, seed: 0 }).fit(X, { onProgress }),
      (m) => [bits(m.medoidIndices), bits(m.labels), m.inertia],
    );
    expectProgress(calls, 101);
    expect(calls[0][1]).toBe(4 * X.rows);
    expect(calls.length).toBe(4); // one per sample on 250 rows (blocks of 4096 rows within a sample)
  });

  it('SphericalKMeans counts iterations against nInit × maxIter; BisectingKMeans the k − 1 bisections', () => {
    const sph = withAndWithout(
      (onProgress) => new SphericalKMeans({ nClusters: 5, nInit: 3, seed: 1 }).fit(X, { onProgress }),
      (m) => [bits(m.clusterCenters.data), bits(m.labels), m.inertia, m.nIter],
    );
    expectProgress(sph);
    expect(sph[0][1]).toBe(900);
    expect(sph.length).toBeGreaterThan(3); // per iteration, not only per run
    for (const bisectingStrategy of ['biggest_inertia', 'largest_cluster'] as const) {
      const bis = withAndWithout(
        (onProgress) => new BisectingKMeans({ nClusters: 6, bisectingStrategy, seed: 1 }).fit(X, { onProgress }),
        (m) => [bits(m.clusterCenters.data), bits(m.labels), m.inertia],
      );
      expect(bis).toEqual([1, 2, 3, 4, 5].map((b) => [b, 5]));
    }
  });

  it('KernelDensity.scoreSamples counts the rows scored in blocks (exact and tree), the same bits', () => {
    const m = 20_000;
    const Q = Array.from({ length: m }, (_, i) => [((i % 200) - 100) / 8, (Math.floor(i / 200) - 50) / 4]);
    for (const algorithm of ['exact', 'kd_tree'] as const) {
      const kde = new KernelDensity({ bandwidth: 0.7, algorithm, rtol: algorithm === 'kd_tree' ? 1e-6 : 0 }).fit(X);
      const calls = withAndWithout(
        (onProgress) => kde.scoreSamples(Q, { onProgress }),
        (v) => bits(v),
      );
      expectProgress(calls, 101);
      expect(calls[0][1]).toBe(m);
      expect(calls.map((c) => c[0])).toEqual([4096, 8192, 12288, 16384, 20000]);
    }
  });

  it('naturalBreaks counts the k layers of ckmeans / fisher, the n rows of jenks', () => {
    const v = Array.from(X.data.filter((_, i) => i % 2 === 0));
    for (const method of ['ckmeans', 'fisher'] as const) {
      const calls = withAndWithout(
        (onProgress) => naturalBreaks(v, 6, { method, onProgress }),
        (r) => [bits(r.breaks), bits(r.labels)],
      );
      expect(calls).toEqual([1, 2, 3, 4, 5, 6].map((q) => [q, 6]));
    }
    const jenks = withAndWithout(
      (onProgress) => naturalBreaks(v, 6, { method: 'jenks', onProgress }),
      (r) => [bits(r.breaks), bits(r.labels)],
    );
    expectProgress(jenks, 101);
    expect(jenks[0][1]).toBe(v.length);
    expect(jenks.length).toBeGreaterThan(10);
    // k = 1 still ends at its total.
    expect(
      withAndWithout(
        (onProgress) => naturalBreaks(v, 1, { onProgress }),
        (r) => bits(r.breaks),
      ),
    ).toEqual([[1, 1]]);
  });

  it('selectBandwidth (kde --bandwidth cv) counts the fold fits, |grid| × folds, the same bandwidth and scores', () => {
    const x = { rows: 200, cols: 2, data: X.data.subarray(0, 400) };
    const calls = withAndWithout(
      (onProgress) => selectBandwidth(x, { grid: [0.2, 0.4, 0.8, 1.6], folds: 5, seed: 0, onProgress }),
      (r) => [r.bandwidth, bits(r.scores)],
    );
    expect(calls).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1, 20]));
  });
});
