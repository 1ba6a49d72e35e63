// Validity metrics: clusterkit vs scikit-learn on the same data and the same labelling. The labelling is the
// nearest of the k rows ⌊c·n/k⌋ (computed once, outside the timing, identically in bench/py/metrics.py).
// Quality: the score itself, which must agree to ~1e-10.
import { loadEnableWorkerPool } from '../common.mjs';

const labelCache = new WeakMap();

/** Labels = index of the nearest of the k rows ⌊c·n/k⌋ (squared Euclidean, first on ties). Shared with Python. */
export function anchorLabels(X, k) {
  let labels = labelCache.get(X);
  if (labels) return labels;
  const { rows: n, cols: d, data } = X;
  labels = new Int32Array(n);
  const anchors = Array.from({ length: k }, (_, c) => Math.floor((c * n) / k));
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestSq = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[i * d + j] - data[anchors[c] * d + j];
        s += t * t;
      }
      if (s < bestSq) {
        bestSq = s;
        best = c;
      }
    }
    labels[i] = best;
  }
  labelCache.set(X, labels);
  return labels;
}

const blobs = (n) => ({
  name: `blobs-n${n}-d16-k8`,
  make: (lib) => lib.makeBlobs({ nSamples: n, nFeatures: 16, centers: 8, clusterStd: 2, seed: 20261129 }).X,
});

export const workloads = [
  {
    id: 'silhouette-n20k-d16-k8',
    title: 'silhouette score (exact, Euclidean), n=20,000 d=16 k=8',
    data: blobs(20_000),
    params: { k: 8, metric: 'euclidean' },
    quality: 'silhouette',
    repeat: 3,
    js: {
      clusterkit: async (X, p, lib) => lib.silhouetteScore(X, anchorLabels(X, p.k), { metric: p.metric }),
      // Main thread + 1 worker (clusterkit/node's enableWorkerPool): the pair sums in two fixed groups of tile rows,
      // one per thread; bit-identical.
      'clusterkit (2 threads)': async (X, p, lib) => {
        const enableWorkerPool = await loadEnableWorkerPool();
        enableWorkerPool();
        return lib.silhouetteScore(X, anchorLabels(X, p.k), { metric: p.metric });
      },
    },
    python: ['sklearn'],
  },
  {
    id: 'calinski-harabasz-n100k-d16-k8',
    title: 'Calinski–Harabasz index, n=100,000 d=16 k=8',
    data: blobs(100_000),
    params: { k: 8 },
    quality: 'calinskiHarabasz',
    repeat: 5,
    js: { clusterkit: async (X, p, lib) => lib.calinskiHarabaszScore(X, anchorLabels(X, p.k)) },
    python: ['sklearn'],
  },
  {
    id: 'davies-bouldin-n100k-d16-k8',
    title: 'Davies–Bouldin index, n=100,000 d=16 k=8',
    data: blobs(100_000),
    params: { k: 8 },
    quality: 'daviesBouldin',
    repeat: 5,
    js: { clusterkit: async (X, p, lib) => lib.daviesBouldinScore(X, anchorLabels(X, p.k)) },
    python: ['sklearn'],
  },
];
