// Gaussian mixtures: clusterkit vs scikit-learn — same data, same fixed initial weights, means and precisions,
// exactly 100 EM iterations (tol 0), full and diag covariances. Quality: scikit-learn's lower_bound_ (the mean
// log-likelihood of the last E-step), which must agree to ~1e-12. And clusterkit's selectGaussianMixture
// (init 'mclust') vs R mclust's Mclust(X, G = 1:9) over the 14 models; quality: the chosen model's BIC. Above 2000
// rows both run hc on a 2000-row random subset (different random streams), so the BICs agree closely, not exactly.

import { loadEnableWorkerPool } from '../common.mjs';
import { initRows } from './kmeans.mjs';

/** Fixed start shared with bench/py/mixture.py: equal weights, means at rows ⌊c·n/k⌋, precisions 0.1·I. */
export function gmmInit(X, k, type) {
  const d = X.cols;
  const eye = () => Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? 0.1 : 0)));
  return {
    weightsInit: new Array(k).fill(1 / k),
    meansInit: initRows(X, k),
    precisionsInit:
      type === 'full' ? Array.from({ length: k }, eye) : Array.from({ length: k }, () => new Array(d).fill(0.1)),
  };
}

/** mclust's full BIC table: Mclust(X, G = 1:9) over the 14 models, hc VVV initialisation (a 2000-row subset). */
const mclustTables = [2, 8].map((d) => ({
  id: `mclust-table-n10k-d${d}`,
  title: `mclust BIC table, n=10,000 d=${d}: 14 models × G = 1..9 from mclust's hc initialisation (Mclust(X, G = 1:9))`,
  data: {
    name: `blobs-n10000-d${d}-k4`,
    make: (lib) => lib.makeBlobs({ nSamples: 10_000, nFeatures: d, centers: 4, clusterStd: 1.5, seed: 20261207 }).X,
  },
  params: { kMax: 9 },
  quality: 'bicMclust',
  repeat: 1,
  js: {
    clusterkit: async (X, p, lib) =>
      lib.selectGaussianMixture(X, { init: 'mclust', kMax: p.kMax, seed: 0 }).best.bicMclust,
  },
  python: ['r-mclust'],
}));

const emWorkloads = ['full', 'diag'].map((type) => ({
  id: `gmm-n100k-d8-k8-${type}`,
  title: `Gaussian mixture (EM), n=100,000 d=8 k=8, ${type} covariances: fixed initial parameters, 100 iterations, tol 0`,
  data: {
    name: 'blobs-n100000-d8-k8',
    make: (lib) => lib.makeBlobs({ nSamples: 100_000, nFeatures: 8, centers: 8, clusterStd: 2.5, seed: 20261128 }).X,
  },
  params: { k: 8, maxIter: 100, covarianceType: type },
  quality: 'lowerBound',
  repeat: 3,
  js: {
    clusterkit: async (X, p, lib) =>
      new lib.GaussianMixture({
        nComponents: p.k,
        covarianceType: p.covarianceType,
        maxIter: p.maxIter,
        tol: 0,
        ...gmmInit(X, p.k, p.covarianceType),
      }).fit(X).lowerBound,
    // Main thread + 1 worker (clusterkit/node's enableWorkerPool): the E- and M-steps split by fixed row blocks, the
    // blocks' partial sums added in block order (src/mixture/blocks.ts); bit-identical results.
    'clusterkit (2 threads)': async (X, p, lib) => {
      const enableWorkerPool = await loadEnableWorkerPool();
      enableWorkerPool();
      return new lib.GaussianMixture({
        nComponents: p.k,
        covarianceType: p.covarianceType,
        maxIter: p.maxIter,
        tol: 0,
        ...gmmInit(X, p.k, p.covarianceType),
      }).fit(X).lowerBound;
    },
  },
  python: ['sklearn'],
}));

export const workloads = [...emWorkloads, ...mclustTables];
