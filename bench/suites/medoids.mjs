// k-medoids, CLARA, natural breaks and pdist: clusterkit vs R cluster (pam variants 'faster' and 'original', clara),
// run by bench/py/medoids.py through Rscript, simple-statistics' ckmeans, and SciPy's pdist. Both sides start from
// the same medoids where R would draw random ones (the rows ⌊c·n/k⌋), so the objectives are comparable; quality =
// inertia (sum of distances to the medoid; R's objective × n). BENCH_MEDOIDS_SMOKE=1 shrinks every workload 50-fold.

import { ckmeans } from 'simple-statistics';
import { loadEnableWorkerPool } from '../common.mjs';

const smoke = process.env.BENCH_MEDOIDS_SMOKE === '1';
const size = (n) => (smoke ? Math.ceil(n / 50) : n);
const spread = (n, k) => Array.from({ length: k }, (_, c) => Math.floor((c * n) / k));
const blobs = (n, d, k) => ({
  name: `blobs-n${size(n)}-d${d}-k${k}`,
  make: (lib) => lib.makeBlobs({ nSamples: size(n), nFeatures: d, centers: k, clusterStd: 1.5, seed: 20261207 }).X,
});

/** glibc's tunable for transparent huge pages on malloc's large chunks (Linux, glibc ≥ 2.35), as a row label. */
const HUGETLB = 'GLIBC_TUNABLES=glibc.malloc.hugetlb=1';
const HUGETLB_ENV = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };

/** The in-order sum of every 1000th entry (the pdist rows' quality figure). */
const sumEvery1000 = (D) => {
  let s = 0;
  for (let i = 0; i < D.length; i += 1000) s += D[i];
  return s;
};

const fasterpam = (n) => ({
  id: `kmedoids-fasterpam-n${size(n)}-d2-k10`,
  title: `KMedoids FasterPAM (euclidean, from the rows ⌊c·n/k⌋), n=${size(n)} d=2 k=10`,
  data: blobs(n, 2, 10),
  params: { k: 10, variant: 'faster' },
  quality: 'inertia',
  repeat: 3,
  js: {
    clusterkit: async (X, p, lib) =>
      new lib.KMedoids({ nClusters: p.k, method: 'fasterpam', init: spread(X.rows, p.k) }).fit(X).inertia,
  },
  python: ['R'],
});

export const workloads = [
  fasterpam(5000),
  fasterpam(20000),
  {
    id: `kmedoids-pam-n${size(2000)}-d2-k10`,
    title: `KMedoids PAM (BUILD + SWAP, euclidean), n=${size(2000)} d=2 k=10`,
    data: blobs(2000, 2, 10),
    params: { k: 10, variant: 'original' },
    quality: 'inertia',
    repeat: 3,
    js: { clusterkit: async (X, p, lib) => new lib.KMedoids({ nClusters: p.k, method: 'pam' }).fit(X).inertia },
    python: ['R'],
  },
  {
    id: `clara-n${size(1_000_000)}-d8-k10`,
    title: `CLARA (5 samples of 40 + 2k rows, scored on all), n=${size(1_000_000)} d=8 k=10`,
    data: blobs(1_000_000, 8, 10),
    params: { k: 10, variant: 'clara' },
    quality: 'inertia',
    repeat: 3,
    js: {
      clusterkit: async (X, p, lib) => new lib.CLARA({ nClusters: p.k, seed: 1 }).fit(X).inertia,
      // Main thread + 1 worker (clusterkit/node's enableWorkerPool): each sample scored on both halves; bit-identical.
      'clusterkit (2 threads)': async (X, p, lib) => {
        const enableWorkerPool = await loadEnableWorkerPool();
        enableWorkerPool();
        return new lib.CLARA({ nClusters: p.k, seed: 1 }).fit(X).inertia;
      },
    },
    python: ['R'],
  },
  {
    id: `natural-breaks-n${size(100_000)}-k7`,
    title: `naturalBreaks (ckmeans, exact), n=${size(100_000)} values, k=7`,
    data: blobs(100_000, 1, 7),
    params: { k: 7 },
    quality: 'withinSS',
    repeat: 5,
    js: {
      clusterkit: async (X, p, lib) => lib.naturalBreaks(X.data, p.k).withinSS.reduce((s, v) => s + v, 0),
      // simple-statistics' ckmeans (the same optimal 1-D k-means) returns the classes; withinSS from them
      'simple-statistics': async (X, p) => {
        let ss = 0;
        for (const cls of ckmeans(Array.from(X.data), p.k)) {
          const m = cls.reduce((s, v) => s + v, 0) / cls.length;
          for (const v of cls) ss += (v - m) * (v - m);
        }
        return ss;
      },
    },
    python: [],
  },
  ...['euclidean', 'cityblock', 'cosine', 'chebyshev'].map((metric) => ({
    id: `pdist-${metric}-n${size(5000)}-d10`,
    // Both sides do the same work: the pdist call, then an in-order sum of every 1000th entry (the quality figure;
    // ~12 500 reads, not a second pass over the 100 MB output, which would time numpy's sum against a JS loop).
    title: `pdist '${metric}' (condensed matrix, SciPy semantics; timed: pdist + sum of every 1000th entry on both sides), n=${size(5000)} d=10`,
    data: blobs(5000, 10, 10),
    params: { metric },
    quality: 'sum of every 1000th',
    repeat: 5,
    js: {
      clusterkit: async (X, p, lib) => sumEvery1000(lib.pdist(X, p.metric)),
      // The same call in a Node started with glibc's huge-page tunable (the `env` below): glibc then madvises its
      // large allocations, typed arrays' included, for transparent huge pages, as NumPy does for its arrays.
      // (No 2-thread row: pdist's helper split is off by default, measured no faster here; see pdistWasm.ts.)
      [`clusterkit (${HUGETLB})`]: async (X, p, lib) => sumEvery1000(lib.pdist(X, p.metric)),
    },
    env: { [`clusterkit (${HUGETLB})`]: HUGETLB_ENV },
    python: ['scipy'],
  })),
  {
    id: `pdist-euclidean-out-n${size(5000)}-d10`,
    // Both sides write into one output array reused across calls (SciPy's `out=`, clusterkit's `out` option), so
    // neither pays for fresh pages: the distance kernels and the write compared alone.
    title: `pdist 'euclidean' into a reused output array (SciPy's out=, clusterkit's out option; timed: pdist + sum of every 1000th entry), n=${size(5000)} d=10`,
    data: blobs(5000, 10, 10),
    params: { metric: 'euclidean', out: true },
    quality: 'sum of every 1000th',
    repeat: 5,
    js: {
      clusterkit: async (X, p, lib) => {
        pdistOut ??= new Float64Array((X.rows * (X.rows - 1)) / 2);
        return sumEvery1000(lib.pdist(X, { metric: p.metric, out: pdistOut }));
      },
    },
    python: ['scipy'],
  },
];

/** The reused output array of the `out` row (one per worker process). */
let pdistOut = null;
