// Kernel density estimation: clusterkit vs scikit-learn's tree KDE, SciPy's gaussian_kde and fast-kde — same
// data, same queries (the first rows of the data), same bandwidth. Quality: mean log density over the queries
// (or the peak of the 1-D grid density), which must agree to the stated tolerance across implementations.
import { density1d } from 'fast-kde';
import { loadEnableWorkerPool } from '../common.mjs';

const blobs2d = {
  // Same name and generator as the k-means suite (shared data file).
  name: 'blobs-n100000-d2-k5',
  make: (lib) => lib.makeBlobs({ nSamples: 100_000, nFeatures: 2, centers: 5, clusterStd: 2.5, seed: 20261128 }).X,
};
const mix1d = {
  name: 'mix-n1000000-d1',
  make: (lib) => lib.makeBlobs({ nSamples: 1_000_000, centers: [[-2], [1.5]], clusterStd: [1, 0.5], seed: 20261129 }).X,
};

const kernelSd = new WeakMap();
const fitted = new WeakMap();

function firstRows(X, m) {
  return { rows: m, cols: X.cols, data: X.data.subarray(0, m * X.cols) };
}
function mean(v) {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}
function max(v) {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) if (v[i] > m) m = v[i];
  return m;
}

export const workloads = [
  {
    id: 'kde-2d-n100k-q10k-tree',
    title: 'KDE, 2-D, n=100,000 training points, 10,000 queries, gaussian h=0.5, tree with rtol 1e-4',
    data: blobs2d,
    params: { queries: 10_000, bandwidth: 0.5, rtol: 1e-4 },
    quality: 'mean log density',
    repeat: 3,
    js: {
      clusterkit: async (X, p, lib) =>
        mean(
          new lib.KernelDensity({ bandwidth: p.bandwidth, rtol: p.rtol, algorithm: 'kd_tree' })
            .fit(X)
            .scoreSamples(firstRows(X, p.queries)),
        ),
      // Main thread + 1 worker (clusterkit/node's enableWorkerPool): the queries split; bit-identical.
      'clusterkit (2 threads)': async (X, p, lib) => {
        const enableWorkerPool = await loadEnableWorkerPool();
        enableWorkerPool();
        return mean(
          new lib.KernelDensity({ bandwidth: p.bandwidth, rtol: p.rtol, algorithm: 'kd_tree' })
            .fit(X)
            .scoreSamples(firstRows(X, p.queries)),
        );
      },
    },
    python: ['sklearn'],
  },
  {
    id: 'kde-2d-n100k-q10k-gaussian_kde',
    title: "KDE, 2-D, n=100,000, 10,000 queries, SciPy's gaussian_kde (Scott factor × covariance), log-pdf",
    data: blobs2d,
    params: { queries: 10_000 },
    quality: 'mean log density',
    repeat: 1,
    js: {
      clusterkit: async (X, p, lib) =>
        mean(
          new lib.KernelDensity({ bandwidth: 'scott', scaleByCovariance: true, algorithm: 'kd_tree', rtol: 1e-10 })
            .fit(X)
            .scoreSamples(firstRows(X, p.queries)),
        ),
      // Main thread + 1 worker (clusterkit/node's enableWorkerPool): the tree's queries split; bit-identical.
      'clusterkit (2 threads)': async (X, p, lib) => {
        const enableWorkerPool = await loadEnableWorkerPool();
        enableWorkerPool();
        return mean(
          new lib.KernelDensity({ bandwidth: 'scott', scaleByCovariance: true, algorithm: 'kd_tree', rtol: 1e-10 })
            .fit(X)
            .scoreSamples(firstRows(X, p.queries)),
        );
      },
      'clusterkit (exact)': async (X, p, lib) =>
        mean(
          new lib.KernelDensity({ bandwidth: 'scott', scaleByCovariance: true, algorithm: 'exact' })
            .fit(X)
            .scoreSamples(firstRows(X, p.queries)),
        ),
      // Main thread + 1 worker (clusterkit/node's enableWorkerPool): the exact sums split by queries; bit-identical.
      'clusterkit (exact, 2 threads)': async (X, p, lib) => {
        const enableWorkerPool = await loadEnableWorkerPool();
        enableWorkerPool();
        return mean(
          new lib.KernelDensity({ bandwidth: 'scott', scaleByCovariance: true, algorithm: 'exact' })
            .fit(X)
            .scoreSamples(firstRows(X, p.queries)),
        );
      },
    },
    python: ['scipy'],
  },
  {
    id: 'kde-1d-n1M-grid2048',
    title: "KDE, 1-D, n=1,000,000 on a 2048-point grid over [−8, 6], gaussian with SciPy's Scott bandwidth",
    data: mix1d,
    params: { grid: 2048, extent: [-8, 6] },
    quality: 'peak density',
    repeat: 3,
    js: {
      clusterkit: async (X, p, lib) => {
        const kde = new lib.KernelDensity({ bandwidth: 'scott', scaleByCovariance: true }).fit(X);
        return max(lib.densityGrid1D(kde, { n: p.grid, extent: p.extent, algorithm: 'fft' }).density);
      },
      'clusterkit (grid only, fitted once)': async (X, p, lib) => {
        // The same model fitted on the warm-up call, as for fast-kde's bandwidth: times the binned FFT only.
        let kde = fitted.get(X);
        if (kde === undefined) {
          kde = new lib.KernelDensity({ bandwidth: 'scott', scaleByCovariance: true }).fit(X);
          fitted.set(X, kde);
        }
        return max(lib.densityGrid1D(kde, { n: p.grid, extent: p.extent, algorithm: 'fft' }).density);
      },
      'fast-kde': async (X, p, lib) => {
        // Same kernel standard deviation as gaussian_kde, √(factor² · var(x, ddof 1)), computed once on the
        // warm-up call (not timed afterwards), so fast-kde is timed on binning + convolution only.
        let sd = kernelSd.get(X);
        if (sd === undefined) {
          const kde = new lib.KernelDensity({ bandwidth: 'scott', scaleByCovariance: true }).fit(X);
          sd = Math.sqrt(kde.bandwidthCovariance.data[0]);
          kernelSd.set(X, sd);
        }
        const est = density1d(X.data, { bandwidth: sd, extent: p.extent, bins: p.grid });
        const step = (p.extent[1] - p.extent[0]) / (p.grid - 1);
        return max(est.grid()) / step;
      },
    },
    python: ['scipy'],
  },
];
