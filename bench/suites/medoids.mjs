// k-medoids, CLARA and natural breaks: clusterkit vs R cluster (pam variants 'faster' and 'original', clara), run by
// bench/py/medoids.py through Rscript. Both sides start from the same medoids where R would draw random ones
// (the rows ⌊c·n/k⌋), so the objectives are comparable; quality = inertia (sum of distances to the medoid; R's
// objective × n). BENCH_MEDOIDS_SMOKE=1 shrinks every workload 50-fold (a smoke run of the suite).

const smoke = process.env.BENCH_MEDOIDS_SMOKE === '1';
const size = (n) => (smoke ? Math.ceil(n / 50) : n);
const spread = (n, k) => Array.from({ length: k }, (_, c) => Math.floor((c * n) / k));
const blobs = (n, d, k) => ({
  name: `blobs-n${size(n)}-d${d}-k${k}`,
  make: (lib) => lib.makeBlobs({ nSamples: size(n), nFeatures: d, centers: k, clusterStd: 1.5, seed: 20261207 }).X,
});

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
    js: { clusterkit: async (X, p, lib) => new lib.CLARA({ nClusters: p.k, seed: 1 }).fit(X).inertia },
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
    },
    python: [],
  },
];
