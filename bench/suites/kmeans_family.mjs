// k-means family: MiniBatchKMeans vs scikit-learn's on n=1M d=16 k=16 (issue 3). Same data, same options
// (batch 1024, 3 initialisations on 3072 rows, max_no_improvement 10, reassignment 0.01, tol 0); the PRNGs
// differ, so the quality column (final inertia over all rows) shows equal work rather than equal numbers.
// Streaming a 10-million-row CSV in bounded memory is measured by bench/streamMinibatch.mjs (peak RSS).
export const workloads = [
  {
    id: 'minibatch-n1000k-d16-k16',
    title: 'mini-batch k-means, n=1,000,000 d=16 k=16: batch 1024, nInit 3, early stopping (scikit-learn defaults)',
    data: {
      name: 'blobs-n1000000-d16-k16',
      make: (lib) =>
        lib.makeBlobs({ nSamples: 1_000_000, nFeatures: 16, centers: 16, clusterStd: 2.5, seed: 20261128 }).X,
    },
    params: { k: 16, batchSize: 1024, nInit: 3, seed: 0 },
    quality: 'inertia',
    repeat: 3,
    js: {
      clusterkit: async (X, p, lib) =>
        new lib.MiniBatchKMeans({ nClusters: p.k, batchSize: p.batchSize, nInit: p.nInit, seed: p.seed }).fit(X)
          .inertia,
    },
    python: ['sklearn'],
  },
];
