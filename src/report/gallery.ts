/**
 * The "which algorithm for which shape" gallery: scikit-learn's "Comparing different clustering algorithms on toy
 * datasets" — six toy data sets × k-means, Ward, a Gaussian mixture, DBSCAN and HDBSCAN, one small scatter per
 * cell with the fit time measured when the page is built, as one self-contained HTML page. Browser-safe (no
 * `node:`): returns strings.
 * @module
 */
import type { Matrix } from '../core/matrix.js';
import { columnMeans, columnVariances } from '../core/stats.js';
import { checkInt, checkSeed } from '../core/validate.js';
import {
  makeAnisotropicBlobs,
  makeBlobs,
  makeCircles,
  makeMoons,
  makeUniformNoise,
  makeVariedBlobs,
} from '../datasets/index.js';
import { DBSCAN } from '../density/DBSCAN.js';
import { HDBSCAN } from '../density/HDBSCAN.js';
import { AgglomerativeClustering } from '../hierarchy/AgglomerativeClustering.js';
import { KMeans } from '../kmeans/KMeans.js';
import { GaussianMixture } from '../mixture/GaussianMixture.js';
import { htmlReport, htmlTable } from '../plot/report.js';
import { scatterSvg } from '../plot/scatter.js';
import { esc } from '../plot/svg.js';

/** One toy data set of the gallery with scikit-learn's per-data-set parameters. */
export interface GalleryDataset {
  /** Row name, e.g. 'moons'. */
  name: string;
  /** Standardized n×2 data. */
  X: Matrix;
  /** Clusters asked of k-means, Ward and the mixture. */
  nClusters: number;
  /** DBSCAN's radius (on standardized data). */
  eps: number;
}

/** One cell of the gallery: a data set fitted by one algorithm. */
export interface GalleryCell {
  dataset: string;
  algorithm: string;
  labels: Int32Array;
  /** Clusters found (noise not counted). */
  nClusters: number;
  /** Points labelled −1 (noise). */
  nNoise: number;
  /** Wall-clock fit time in milliseconds, measured while the page was built. */
  fitMs: number;
  svg: string;
}

/** Options of {@link gallery}. */
export interface GalleryOptions {
  /** Points per data set. @defaultValue 500 */
  nSamples?: number;
  /** Seed of the data and of every seeded fit. @defaultValue 0 */
  seed?: number;
  /** Size of each scatter in px. @defaultValue 240 */
  cellSize?: number;
}

/** The gallery's columns, with the parameters stated on the page. */
export const GALLERY_ALGORITHMS: readonly {
  name: string;
  params: string;
  fit: (d: GalleryDataset, seed: number) => Int32Array;
}[] = [
  {
    name: 'k-means',
    params: 'k-means++, 10 restarts, k per row',
    fit: (d, seed) => new KMeans({ nClusters: d.nClusters, nInit: 10, seed }).fit(d.X).labels,
  },
  {
    name: 'Ward',
    params: 'AgglomerativeClustering, Ward linkage, cut at k',
    fit: (d) => new AgglomerativeClustering({ nClusters: d.nClusters, linkage: 'ward' }).fit(d.X).labels,
  },
  {
    name: 'Gaussian mixture',
    params: 'GaussianMixture, full covariances, k components',
    fit: (d, seed) => new GaussianMixture({ nComponents: d.nClusters, covarianceType: 'full', seed }).fit(d.X).labels,
  },
  {
    name: 'DBSCAN',
    params: 'eps per row, minSamples 5',
    fit: (d) => new DBSCAN({ eps: d.eps, minSamples: 5 }).fit(d.X).labels,
  },
  {
    name: 'HDBSCAN',
    params: 'minClusterSize 15, minSamples 3, allowSingleCluster',
    fit: (d) => new HDBSCAN({ minClusterSize: 15, minSamples: 3, allowSingleCluster: true }).fit(d.X).labels,
  },
];

/** z-scores per column (ddof 0, as scikit-learn's StandardScaler; a constant column maps to 0). */
function standardize(X: Matrix): Matrix {
  const { rows: n, cols: d, data } = X;
  const mu = columnMeans(data, n, d);
  const v = columnVariances(data, n, d, mu);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j] - mu[j]) / (v[j] > 0 ? Math.sqrt(v[j]) : 1);
  return { rows: n, cols: d, data: out };
}

/**
 * The six toy data sets of scikit-learn's comparison, standardized, with its per-row parameters.
 * @remarks
 * Circles (factor 0.5, noise 0.05, k 2, eps 0.3), moons (noise 0.05, k 2, eps 0.3), varied-variance blobs
 * (σ = 1.0, 2.5, 0.5; k 3, eps 0.18), anisotropic blobs (sheared by [[0.6, −0.6], [−0.4, 0.8]]; k 3, eps 0.15),
 * plain blobs (k 3, eps 0.3) and uniform noise (k 3, eps 0.3); every set z-scored per column. The random numbers
 * come from clusterkit's PRNG, so the points differ from NumPy's. O(n) each.
 * @param nSamples - points per data set
 * @param seed - seed of the generators
 * @throws {@link ValidationError} for nSamples < 1 or a bad seed
 * @example
 * const rows = galleryDatasets(500, 0); // rows[1].name === 'moons'
 */
export function galleryDatasets(nSamples: number, seed: number): GalleryDataset[] {
  const n = checkInt(nSamples, 'nSamples', 1);
  const s = checkSeed(seed) ?? 0;
  const row = (name: string, X: Matrix, nClusters: number, eps: number): GalleryDataset => ({
    name,
    X: standardize(X),
    nClusters,
    eps,
  });
  return [
    row('circles', makeCircles({ nSamples: n, factor: 0.5, noise: 0.05, seed: s }).X, 2, 0.3),
    row('moons', makeMoons({ nSamples: n, noise: 0.05, seed: s + 1 }).X, 2, 0.3),
    row('varied variance', makeVariedBlobs({ nSamples: n, seed: s + 2 }).X, 3, 0.18),
    row('anisotropic', makeAnisotropicBlobs({ nSamples: n, seed: s + 3 }).X, 3, 0.15),
    row('blobs', makeBlobs({ nSamples: n, centers: 3, seed: s + 4 }).X, 3, 0.3),
    row('uniform noise', makeUniformNoise({ nSamples: n, seed: s + 5 }).X, 3, 0.3),
  ];
}

/** Milliseconds from the platform's monotonic clock (Node 20 and browsers both have `performance`). */
const now = (): number => globalThis.performance.now();

/**
 * Fits every gallery algorithm on every toy data set and lays the results out as one HTML page.
 * @remarks
 * Rows: {@link galleryDatasets}; columns: {@link GALLERY_ALGORITHMS} (k-means, Ward, Gaussian mixture, DBSCAN,
 * HDBSCAN), as scikit-learn's "Comparing different clustering algorithms on toy datasets" (its parameters:
 * standardized data, eps 0.3 or the per-row value, HDBSCAN minClusterSize 15 / minSamples 3). Each cell is a
 * scatter (noise as small grey points) with the clusters found and the wall-clock fit time measured while the page
 * is built — so the times vary from run to run and machine to machine. Inline SVG, no scripts, no network.
 * O(rows · Σ algorithm costs); Ward is O(n²) per row.
 * @param opts - `nSamples` per data set (default 500), `seed` (default 0), `cellSize` in px (default 240)
 * @returns the page and every cell (labels, counts, time, SVG), row-major
 * @throws {@link ValidationError} for nSamples < 1, a bad seed or cellSize < 60
 * @example
 * const { html, cells } = gallery({ seed: 0 });
 * cells.find((c) => c.dataset === 'moons' && c.algorithm === 'HDBSCAN')?.nClusters; // 2
 */
export function gallery(opts: GalleryOptions = {}): { html: string; cells: GalleryCell[] } {
  const seed = checkSeed(opts.seed) ?? 0;
  const size = checkInt(opts.cellSize ?? 240, 'cellSize', 60);
  const datasets = galleryDatasets(opts.nSamples ?? 500, seed);
  const cells: GalleryCell[] = [];
  for (const d of datasets) {
    for (const a of GALLERY_ALGORITHMS) {
      const t0 = now();
      const labels = a.fit(d, seed);
      const fitMs = now() - t0;
      let nNoise = 0;
      let maxLabel = -1;
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] < 0) nNoise++;
        else if (labels[i] > maxLabel) maxLabel = labels[i];
      }
      const svg = scatterSvg(d.X, {
        labels,
        title: `${a.name} on ${d.name}`,
        columnNames: ['', ''],
        width: size,
        height: size,
        legend: false,
      });
      cells.push({ dataset: d.name, algorithm: a.name, labels, nClusters: maxLabel + 1, nNoise, fitMs, svg });
    }
  }
  return { html: galleryHtml(datasets, cells, opts.nSamples ?? 500, seed), cells };
}

/** The page: the grid of cells, then the parameters used. */
function galleryHtml(
  datasets: readonly GalleryDataset[],
  cells: readonly GalleryCell[],
  n: number,
  seed: number,
): string {
  const nA = GALLERY_ALGORITHMS.length;
  const head = `<tr><th></th>${GALLERY_ALGORITHMS.map((a) => `<th>${esc(a.name)}</th>`).join('')}</tr>`;
  const rows = datasets.map((d, r) => {
    const tds = cells.slice(r * nA, r * nA + nA).map((c) => {
      const found = `${c.nClusters} cluster${c.nClusters === 1 ? '' : 's'}${c.nNoise > 0 ? `, ${c.nNoise} noise` : ''}`;
      return `<td class="cell" data-dataset="${esc(c.dataset)}" data-algorithm="${esc(c.algorithm)}">${c.svg}<div class="found">${found}</div><div class="time">fit ${c.fitMs.toFixed(1)} ms</div></td>`;
    });
    return `<tr><th class="row">${esc(d.name)}</th>${tds.join('')}</tr>`;
  });
  const grid = `<style>table.gallery td.cell{padding:2px;text-align:center;font-size:.8em}table.gallery td.cell svg{display:block}table.gallery th.row{writing-mode:vertical-rl;transform:rotate(180deg)}.time{color:#555;font-variant-numeric:tabular-nums}</style><table class="gallery"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
  const params = htmlTable(
    ['data set', 'k (k-means, Ward, mixture)', 'DBSCAN eps'],
    datasets.map((d) => [d.name, d.nClusters, d.eps]),
  );
  const algos = htmlTable(
    ['algorithm', 'parameters'],
    GALLERY_ALGORITHMS.map((a) => [a.name, a.params]),
  );
  return htmlReport(
    'clusterkit gallery: which algorithm for which shape',
    `Six toy data sets (${n} points each, seed ${seed}, standardized to zero mean and unit variance) clustered by five algorithms, as scikit-learn's “Comparing different clustering algorithms on toy datasets”. Colours are clusters; small grey points are noise (DBSCAN, HDBSCAN). Under each plot: the clusters found and the fit time measured on this machine when the page was built.`,
    [
      { heading: 'Gallery', html: grid },
      { heading: 'Parameters used', html: params + algos },
    ],
  );
}
