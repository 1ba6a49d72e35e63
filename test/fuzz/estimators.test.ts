/**
 * Fuzz suite of the estimators (issue 21): extreme numeric matrices — magnitudes 1e±300, duplicate rows, constant
 * columns, n < k, never NaN — through every estimator's fit and predict/score. The only outcomes allowed are
 * finite numbers (integer labels) or a typed clusterkit error with a message; never an untyped exception, a
 * non-finite number without an error, or a hang (per-case time limit). A fixed seed in CI (test/setup.ts);
 * `FC_SEED=random FUZZ_RUNS=20000 npx vitest run test/fuzz/estimators.test.ts` for a longer run.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Matrix } from '../../src/core/matrix.js';
import { DBSCAN } from '../../src/density/DBSCAN.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { LINKAGE_METHODS, linkage } from '../../src/hierarchy/linkage.js';
import { BisectingKMeans } from '../../src/kmeans/BisectingKMeans.js';
import { FuzzyCMeans } from '../../src/kmeans/FuzzyCMeans.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { SoftKMeans } from '../../src/kmeans/SoftKMeans.js';
import { SphericalKMeans } from '../../src/kmeans/SphericalKMeans.js';
import { CLARA } from '../../src/medoids/CLARA.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { calinskiHarabaszScore } from '../../src/metrics/internal/calinskiHarabasz.js';
import { daviesBouldinScore } from '../../src/metrics/internal/daviesBouldin.js';
import { silhouetteScore } from '../../src/metrics/internal/silhouette.js';
import { BayesianGaussianMixture } from '../../src/mixture/BayesianGaussianMixture.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { checkOutcome, extremeMatrix, fuzzRuns, type Outcome } from './estimatorCases.js';

/** A fuzz case: the matrix, a cluster count (may exceed n), a seed and a variant index. */
interface Case {
  X: Matrix;
  k: number;
  seed: number;
  variant: number;
}

const cases: fc.Arbitrary<Case> = fc.record({
  X: extremeMatrix,
  k: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  variant: fc.nat(),
});

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];

/** Every estimator, as a fit (and predict/score on the same rows) returning the numbers to check. */
const TARGETS: ReadonlyArray<readonly [string, (c: Case) => Outcome]> = [
  [
    'KMeans',
    ({ X, k, seed, variant }) => {
      const m = new KMeans({ nClusters: k, nInit: 1, seed, algorithm: pick(['lloyd', 'elkan'] as const, variant) }).fit(
        X,
      );
      return {
        floats: { centers: m.clusterCenters.data, inertia: m.inertia, transform: m.transform(X).data },
        labels: { labels: m.labels, predict: m.predict(X) },
      };
    },
  ],
  [
    'MiniBatchKMeans',
    ({ X, k, seed }) => {
      const m = new MiniBatchKMeans({ nClusters: k, nInit: 1, batchSize: 4, seed }).fit(X);
      return { floats: { centers: m.clusterCenters.data, inertia: m.inertia }, labels: { predict: m.predict(X) } };
    },
  ],
  [
    'BisectingKMeans',
    ({ X, k, seed }) => {
      const m = new BisectingKMeans({ nClusters: k, seed }).fit(X);
      return { floats: { centers: m.clusterCenters.data, inertia: m.inertia }, labels: { predict: m.predict(X) } };
    },
  ],
  [
    'SphericalKMeans',
    ({ X, k, seed }) => {
      const m = new SphericalKMeans({ nClusters: k, nInit: 1, seed }).fit(X);
      return { floats: { centers: m.clusterCenters.data, inertia: m.inertia }, labels: { predict: m.predict(X) } };
    },
  ],
  [
    'SoftKMeans',
    ({ X, k, seed }) => {
      const m = new SoftKMeans({ nClusters: k, seed, maxIter: 50 }).fit(X);
      return {
        floats: { centers: m.clusterCenters.data, proba: m.predictProba(X).data },
        labels: { labels: m.labels },
      };
    },
  ],
  [
    'FuzzyCMeans',
    ({ X, k, seed }) => {
      const m = new FuzzyCMeans({ nClusters: k, seed, maxIter: 50 }).fit(X);
      return {
        floats: { centers: m.clusterCenters.data, proba: m.predictProba(X).data },
        labels: { labels: m.labels },
      };
    },
  ],
  [
    'AgglomerativeClustering',
    ({ X, k, variant }) => {
      const m = new AgglomerativeClustering({
        nClusters: Math.min(k, X.rows),
        linkage: pick(['ward', 'complete', 'average', 'single'] as const, variant),
        computeDistances: true,
      }).fit(X);
      return { floats: { distances: m.distances ?? [] }, labels: { labels: m.labels } };
    },
  ],
  ['linkage', ({ X, variant }) => ({ floats: { Z: linkage(X, { method: pick(LINKAGE_METHODS, variant) }).data } })],
  [
    'MeanShift',
    ({ X }) => {
      const m = new MeanShift({ maxIter: 50 }).fit(X);
      return { floats: { centers: m.clusterCenters.data, bandwidth: m.bandwidth }, labels: { predict: m.predict(X) } };
    },
  ],
  [
    'KernelDensity',
    ({ X, variant }) => {
      const m = new KernelDensity({ scaleByCovariance: variant % 2 === 1 }).fit(X);
      return { floats: { logDensity: m.scoreSamples(X), bandwidth: m.bandwidth } };
    },
  ],
  ['DBSCAN', ({ X }) => ({ labels: { labels: new DBSCAN({ eps: 0.5, minSamples: 2 }).fit(X).labels } })],
  [
    'HDBSCAN',
    ({ X }) => {
      const m = new HDBSCAN({ minClusterSize: 2 }).fit(X);
      return { floats: { probabilities: m.probabilities }, labels: { labels: m.labels } };
    },
  ],
  ['OPTICS', ({ X }) => ({ labels: { labels: new OPTICS({ minSamples: 2 }).fit(X).labels } })],
  [
    'KMedoids',
    ({ X, k, seed }) => {
      const m = new KMedoids({ nClusters: k, seed }).fit(X);
      return { floats: { inertia: m.inertia }, labels: { labels: m.labels, predict: m.predict(X) } };
    },
  ],
  [
    'CLARA',
    ({ X, k, seed }) => {
      const m = new CLARA({ nClusters: k, seed, samples: 2 }).fit(X);
      return { floats: { inertia: m.inertia }, labels: { labels: m.labels, predict: m.predict(X) } };
    },
  ],
  [
    'GaussianMixture',
    ({ X, k, seed, variant }) => {
      const m = new GaussianMixture({
        nComponents: k,
        seed,
        covarianceType: pick(['full', 'tied', 'diag', 'spherical', 'VEV', 'EII'] as const, variant),
        maxIter: 30,
      }).fit(X);
      return {
        floats: { means: m.means.data, weights: m.weights, proba: m.predictProba(X).data, score: m.scoreSamples(X) },
        labels: { predict: m.predict(X) },
      };
    },
  ],
  [
    'BayesianGaussianMixture',
    ({ X, k, seed, variant }) => {
      const m = new BayesianGaussianMixture({
        nComponents: k,
        seed,
        covarianceType: pick(['full', 'tied', 'diag', 'spherical'] as const, variant),
        maxIter: 30,
      }).fit(X);
      return {
        floats: { means: m.means.data, weights: m.weights, proba: m.predictProba(X).data, score: m.scoreSamples(X) },
        labels: { predict: m.predict(X) },
      };
    },
  ],
  [
    'internal scores',
    ({ X, k }) => {
      const labels = Int32Array.from({ length: X.rows }, (_, i) => i % k);
      return {
        floats: {
          silhouette: silhouetteScore(X, labels),
          calinskiHarabasz: calinskiHarabaszScore(X, labels),
          daviesBouldin: daviesBouldinScore(X, labels),
        },
      };
    },
  ],
];

describe('fuzz: extreme matrices through every estimator give finite numbers or a typed error', () => {
  it.each(TARGETS)('%s', (name, target) => {
    fc.assert(
      fc.property(cases, (c) => {
        checkOutcome(name, c.X, () => target(c));
      }),
      { numRuns: fuzzRuns(200) },
    );
  });
});
