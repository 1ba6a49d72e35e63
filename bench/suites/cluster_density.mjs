// Density-based clustering: clusterkit's DBSCAN, OPTICS and HDBSCAN against scikit-learn 1.2 (DBSCAN with its
// k-d tree and ball tree, OPTICS) and R's dbscan package (dbscan, optics, hdbscan) — same data, same parameters.
// Quality figures prove equal work: the number of core points (DBSCAN: exact for every implementation), the mean
// core distance (OPTICS; R's reachability plot differs in its group starts) and the number of clusters (HDBSCAN).
const blobs = (n, d, seed) => ({
  name: `blobs-n${n}-d${d}-k10`,
  make: (lib) => lib.makeBlobs({ nSamples: n, nFeatures: d, centers: 10, clusterStd: 1, seed }).X,
});

function mean(v) {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

const dbscan = (id, n, d, eps) => ({
  id,
  title: `DBSCAN, n=${n.toLocaleString('en')} d=${d} (10 blobs), eps ${eps}, minSamples 10`,
  data: blobs(n, d, 20261207 + d),
  params: { eps, minSamples: 10 },
  quality: 'core points',
  repeat: 3,
  js: {
    clusterkit: async (X, p, lib) =>
      new lib.DBSCAN({ eps: p.eps, minSamples: p.minSamples }).fit(X).coreSampleIndices.length,
  },
  python: ['sklearn', 'sklearn-kdtree', 'r-dbscan'],
});

const hdbscan = (id, n, seed, repeat, python, withPrim, note = '') => ({
  id,
  title: `HDBSCAN, n=${n.toLocaleString('en')} d=2 (10 blobs), minClusterSize = minSamples = 10 (R: minPts 10)${note}`,
  data: blobs(n, 2, seed),
  params: { minPts: 10 },
  quality: 'clusters',
  repeat,
  js: {
    clusterkit: async (X, p, lib) =>
      new lib.HDBSCAN({ minClusterSize: p.minPts, minSamples: p.minPts }).fit(X).nClusters,
    ...(withPrim
      ? {
          'clusterkit (prim)': async (X, p, lib) =>
            new lib.HDBSCAN({ minClusterSize: p.minPts, minSamples: p.minPts, algorithm: 'prim' }).fit(X).nClusters,
        }
      : {}),
  },
  python,
});

export const workloads = [
  dbscan('dbscan-n100k-d2', 100_000, 2, 0.3),
  dbscan('dbscan-n100k-d8', 100_000, 8, 1.5),
  {
    id: 'optics-n20k-d2',
    title: 'OPTICS, n=20,000 d=2 (10 blobs), minSamples 10, maxEps ∞, ξ 0.05',
    data: blobs(20_000, 2, 20261217),
    params: { minSamples: 10 },
    quality: 'mean core distance',
    repeat: 1,
    js: {
      clusterkit: async (X, p, lib) => mean(new lib.OPTICS({ minSamples: p.minSamples }).fit(X).coreDistances),
    },
    python: ['sklearn', 'r-dbscan'],
  },
  hdbscan('hdbscan-n20k-d2', 20_000, 20261217, 3, ['r-dbscan'], true),
  hdbscan('hdbscan-n100k-d2', 100_000, 20261207 + 2, 3, [], false, ' (R dbscan needs ~37 GB here)'),
  hdbscan('hdbscan-n1M-d2', 1_000_000, 20261227, 1, [], false),
];
