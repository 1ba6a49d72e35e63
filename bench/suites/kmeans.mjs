// k-means: clusterkit vs scikit-learn, ml-kmeans and skmeans — same data, same fixed initial centres, at most 50
// Lloyd iterations, tol 0 (every implementation stops only on exact convergence or after 50 iterations).
// The JavaScript peers are imported inside their own rows: imported here, they would add ~18 MB to the peak RSS of
// every row, clusterkit's included (each implementation runs in a process of its own).
import { loadEnableWorkerPool } from '../common.mjs';

/** Fixed initial centres: rows ⌊c·n/k⌋, c = 0..k−1 (the data are shuffled blobs). */
export function initRows(X, k) {
  const out = [];
  for (let c = 0; c < k; c++) {
    const i = Math.floor((c * X.rows) / k);
    out.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  }
  return out;
}

const arrays = new WeakMap();
function asArrays(X) {
  let a = arrays.get(X);
  if (!a) {
    a = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
    arrays.set(X, a);
  }
  return a;
}

function inertiaOf(X, centers, labels) {
  let s = 0;
  for (let i = 0; i < X.rows; i++) {
    const c = centers[labels[i]];
    for (let j = 0; j < X.cols; j++) {
      const t = X.data[i * X.cols + j] - c[j];
      s += t * t;
    }
  }
  return s;
}

/** The fixed-start fits shared by the fixed-work and to-convergence workloads (p.k, p.maxIter, tol 0). */
const fixedStart = {
  clusterkit: async (X, p, lib) =>
    new lib.KMeans({ nClusters: p.k, init: initRows(X, p.k), maxIter: p.maxIter, tol: 0 }).fit(X).inertia,
  // Main thread + 1 worker (clusterkit/node's enableWorkerPool); bit-identical results.
  'clusterkit (2 threads)': async (X, p, lib) => {
    const enableWorkerPool = await loadEnableWorkerPool();
    enableWorkerPool();
    return new lib.KMeans({ nClusters: p.k, init: initRows(X, p.k), maxIter: p.maxIter, tol: 0 }).fit(X).inertia;
  },
  'ml-kmeans': async (X, p) => {
    const { kmeans: mlKmeans } = await import('ml-kmeans');
    const r = mlKmeans(asArrays(X), p.k, { initialization: initRows(X, p.k), maxIterations: p.maxIter, tolerance: 0 });
    return inertiaOf(X, r.centroids, r.clusters);
  },
  skmeans: async (X, p) => {
    const { default: skmeans } = await import('skmeans');
    const r = skmeans(asArrays(X), p.k, initRows(X, p.k), p.maxIter);
    return inertiaOf(X, r.centroids, r.idxs);
  },
};

const shapes = [
  { n: 100_000, d: 2, k: 5 },
  { n: 100_000, d: 16, k: 16 },
  { n: 50_000, d: 128, k: 64 },
];

const blobs = (n, d, k) => ({
  name: `blobs-n${n}-d${d}-k${k}`,
  make: (lib) => lib.makeBlobs({ nSamples: n, nFeatures: d, centers: k, clusterStd: 2.5, seed: 20261128 }).X,
});

/** A fixed-work Lloyd fit under kernel precision `precision`. */
const lloydAt = (precision) => async (X, p, lib) => {
  lib.setKernelPrecision(precision);
  return new lib.KMeans({ nClusters: p.k, init: initRows(X, p.k), maxIter: p.maxIter, tol: 0, algorithm: 'lloyd' }).fit(
    X,
  ).inertia;
};

const fixedWork = shapes.map(({ n, d, k }) => ({
  id: `kmeans-n${n / 1000}k-d${d}-k${k}`,
  title: `k-means, n=${n.toLocaleString('en')} d=${d} k=${k}: fixed initial centres, ≤ 50 Lloyd iterations, tol 0`,
  data: blobs(n, d, k),
  params: { k, maxIter: 50 },
  quality: 'inertia',
  repeat: d >= 128 ? 3 : 5,
  js: {
    clusterkit: fixedStart.clusterkit,
    'clusterkit (lloyd)': async (X, p, lib) =>
      new lib.KMeans({ nClusters: p.k, init: initRows(X, p.k), maxIter: p.maxIter, tol: 0, algorithm: 'lloyd' }).fit(X)
        .inertia,
    'clusterkit (2 threads)': fixedStart['clusterkit (2 threads)'],
    // Lloyd with the f64 expanded distances only (the default 'auto' takes f32 for d > 16 and k ≥ 32), and with f32
    // wherever d > 16 (labels still exact: near ties recomputed in f64); 1 thread.
    'clusterkit (lloyd, f64)': lloydAt('f64'),
    'clusterkit (lloyd, f32)': lloydAt('f32'),
    // The same fits on the plain-TypeScript kernels (setBackend('js'): the reference path).
    'clusterkit (js kernels)': async (X, p, lib) => {
      lib.setBackend('js');
      return new lib.KMeans({ nClusters: p.k, init: initRows(X, p.k), maxIter: p.maxIter, tol: 0 }).fit(X).inertia;
    },
    ...(d <= 16 && {
      'clusterkit (lloyd, js kernels)': async (X, p, lib) => {
        lib.setBackend('js');
        return new lib.KMeans({
          nClusters: p.k,
          init: initRows(X, p.k),
          maxIter: p.maxIter,
          tol: 0,
          algorithm: 'lloyd',
        }).fit(X).inertia;
      },
    }),
    'ml-kmeans': fixedStart['ml-kmeans'],
    skmeans: fixedStart.skmeans,
  },
  // scikit-learn's Lloyd (the same algorithm as the fixed work) and its Elkan, whichever is faster
  python: ['sklearn', 'sklearn-elkan'],
}));

// The full default fit: k-means++ (greedy, 2 + ⌊ln k⌋ trials), one initialisation (scikit-learn's n_init='auto'),
// tol 1e-4 relative to the mean column variance, ≤ 300 iterations. The initial centres come from each library's own
// random stream, so each timed run fits seeds 0–4 and the quality is their mean inertia.
const defaultFit = shapes.map(({ n, d, k }) => ({
  id: `kmeans-default-n${n / 1000}k-d${d}-k${k}`,
  title: `k-means, n=${n.toLocaleString('en')} d=${d} k=${k}: default fit (k-means++, 1 init, tol 1e-4), 5 fits (seeds 0–4)`,
  data: blobs(n, d, k),
  params: { k, seeds: [0, 1, 2, 3, 4] },
  quality: 'mean inertia',
  repeat: 3,
  js: {
    clusterkit: async (X, p, lib) => defaultFits(X, p, lib),
    'clusterkit (2 threads)': async (X, p, lib) => {
      const enableWorkerPool = await loadEnableWorkerPool();
      enableWorkerPool();
      return defaultFits(X, p, lib);
    },
  },
  python: ['sklearn', 'sklearn-elkan'],
}));

function defaultFits(X, p, lib) {
  let s = 0;
  for (const seed of p.seeds) s += new lib.KMeans({ nClusters: p.k, seed }).fit(X).inertia;
  return s / p.seeds.length;
}

// Lloyd to convergence (no label changes) from the fixed start, ≤ 300 iterations: the work the JavaScript peer
// DruidJS can be asked for (its KMeans always runs to convergence, at most 300 iterations), so it is compared here.
const converge = shapes
  .filter(({ d }) => d <= 16)
  .map(({ n, d, k }) => ({
    id: `kmeans-converge-n${n / 1000}k-d${d}-k${k}`,
    title: `k-means, n=${n.toLocaleString('en')} d=${d} k=${k}: fixed initial centres, Lloyd to convergence (≤ 300 iterations), tol 0`,
    data: blobs(n, d, k),
    params: { k, maxIter: 300 },
    quality: 'inertia',
    repeat: 3,
    js: {
      ...fixedStart,
      druidjs: async (X, p) => {
        const { KMeans: DruidKMeans, Matrix: DruidMatrix } = await import('@saehrimnir/druidjs');
        const km = new DruidKMeans(DruidMatrix.from(asArrays(X)), { K: p.k, initial_centroids: initRows(X, p.k) });
        return inertiaOf(X, km.centroids, km.get_cluster_list());
      },
    },
    python: ['sklearn', 'sklearn-elkan'],
  }));

export const workloads = [...fixedWork, ...defaultFit, ...converge];
