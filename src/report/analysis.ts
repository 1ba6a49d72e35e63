/**
 * The full analysis report: the first thing to open on new data. Runs choose-k, k-means, hierarchical clustering,
 * Gaussian mixtures and kernel density estimation as they apply, and lays out plots, metrics tables and the
 * parameters used as one self-contained HTML page. Browser-safe (no `node:`): returns strings.
 * @module
 */
import type { ModelWarning } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { fitPca, projectPca } from '../core/pca.js';
import { createRng, resolveSeed, sampleWithoutReplacement } from '../core/random.js';
import { densityGrid1D, densityGrid2D } from '../density/grid.js';
import { KernelDensity } from '../density/KernelDensity.js';
import { fcluster } from '../hierarchy/fcluster.js';
import { linkage } from '../hierarchy/linkage.js';
import { KMeans } from '../kmeans/KMeans.js';
import { contingencyMatrix } from '../metrics/external/contingency.js';
import {
  adjustedMutualInfoScore,
  homogeneityCompletenessVMeasure,
  normalizedMutualInfoScore,
} from '../metrics/external/mutualInfo.js';
import { adjustedRandScore, fowlkesMallowsScore } from '../metrics/external/pairCounting.js';
import { purityScore } from '../metrics/external/purity.js';
import { calinskiHarabaszScore } from '../metrics/internal/calinskiHarabasz.js';
import { daviesBouldinScore } from '../metrics/internal/daviesBouldin.js';
import { silhouetteSamples, silhouetteScore } from '../metrics/internal/silhouette.js';
import { GaussianMixture } from '../mixture/GaussianMixture.js';
import { kmeansLimitEM } from '../mixture/kmeansLimit.js';
import { bicPlotSvg } from '../plot/bic.js';
import { dendrogramSvg } from '../plot/dendrogram.js';
import { densityContourSvg, densityCurveSvg } from '../plot/density.js';
import { gmmPlotSvg } from '../plot/gmm.js';
import { lineChartSvg } from '../plot/line.js';
import { figure, htmlReport, htmlTable, type ReportSection } from '../plot/report.js';
import { scatterSvg } from '../plot/scatter.js';
import { silhouetteSvg } from '../plot/silhouette.js';
import { esc } from '../plot/svg.js';
import { type ChooseKMethod, chooseK } from '../selection/chooseK.js';
import { selectGaussianMixture } from '../selection/selectGaussianMixture.js';

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** Number of clusters; chosen by the silhouette when omitted. */
  k?: number;
  /** Range of k for the choose-k curves. @defaultValue 2..min(10, n−1) */
  kMin?: number;
  kMax?: number;
  /** Seed of every fit. */
  seed?: number;
  /** Report title. */
  title?: string;
  /** Intro paragraph (HTML). */
  intro?: string;
  /** Column names (axes and tables). */
  columnNames?: readonly string[];
  /** Known labels, for the external metrics. */
  truth?: ArrayLike<number>;
  /** Known generating centres (k×d), drawn on the plots. */
  trueCenters?: Matrix;
  /** Rows above which O(n²) steps (silhouette, hierarchical) run on a seeded subsample. @defaultValue 3000 */
  maxQuadraticRows?: number;
  /** Add the "k-means is the σ → 0 limit of a Gaussian mixture" section. @defaultValue false */
  kmeansLimit?: boolean;
  /** Extra lines for the parameters table. */
  parameters?: Record<string, string | number>;
  /** Extra sections placed right after the k-means section (e.g. the demo's step-by-step figures). */
  extraSections?: readonly ReportSection[];
  /** Called before each stage (for progress). */
  onStage?: (stage: string, index: number, total: number) => void;
}

/** Summary numbers of a report (for `--json`). */
export interface AnalysisSummary {
  n: number;
  d: number;
  k: number;
  kChosenBy: string;
  chooseK: Record<string, { k: number; rule: string }>;
  kmeans: Record<string, number>;
  hierarchical?: Record<string, number>;
  gmm?: Record<string, number | string>;
  kde?: { bandwidth: number };
  warnings: ModelWarning[];
}

const fix = (v: number, digits = 4): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function subsample(
  X: Matrix,
  labels: Int32Array | null,
  max: number,
  seed: number,
): { X: Matrix; labels: Int32Array | null; idx: Int32Array | null } {
  if (X.rows <= max) return { X, labels, idx: null };
  const idx = sampleWithoutReplacement(createRng(seed), X.rows, max).sort();
  const d = X.cols;
  const data = new Float64Array(max * d);
  for (let t = 0; t < max; t++) data.set(X.data.subarray(idx[t] * d, idx[t] * d + d), t * d);
  return { X: { rows: max, cols: d, data }, labels: labels ? Int32Array.from(idx, (i) => labels[i]) : null, idx };
}

/** Internal metrics of a labelling (silhouette on a subsample above `max` rows). */
function internalMetrics(X: Matrix, labels: Int32Array, max: number, seed: number): Record<string, number> {
  const k = new Set(labels).size;
  if (k < 2 || k >= X.rows) return { clusters: k };
  return {
    clusters: k,
    silhouette: silhouetteScore(X, labels, X.rows > max ? { sampleSize: max, seed } : {}),
    calinskiHarabasz: calinskiHarabaszScore(X, labels),
    daviesBouldin: daviesBouldinScore(X, labels),
  };
}

/** External metrics against known labels. */
function externalMetrics(truth: ArrayLike<number>, labels: Int32Array): Record<string, number> {
  const hcv = homogeneityCompletenessVMeasure(truth, labels);
  return {
    adjustedRand: adjustedRandScore(truth, labels),
    normalizedMutualInfo: normalizedMutualInfoScore(truth, labels),
    adjustedMutualInfo: adjustedMutualInfoScore(truth, labels),
    homogeneity: hcv.homogeneity,
    completeness: hcv.completeness,
    vMeasure: hcv.vMeasure,
    fowlkesMallows: fowlkesMallowsScore(truth, labels),
    purity: purityScore(truth, labels),
  };
}

const METRIC_NAMES: Record<string, string> = {
  clusters: 'clusters found',
  inertia: 'inertia (within-cluster sum of squares)',
  silhouette: 'silhouette (higher is better, −1..1)',
  calinskiHarabasz: 'Calinski–Harabasz (between/within variance, higher is better)',
  daviesBouldin: 'Davies–Bouldin (lower is better)',
  adjustedRand: 'adjusted Rand index vs truth',
  normalizedMutualInfo: 'normalized mutual information vs truth',
  adjustedMutualInfo: 'adjusted mutual information vs truth',
  homogeneity: 'homogeneity',
  completeness: 'completeness',
  vMeasure: 'V-measure',
  fowlkesMallows: 'Fowlkes–Mallows',
  purity: 'purity',
  logLikelihood: 'mean log-likelihood',
  bic: 'BIC',
};

function metricsTable(columns: Record<string, Record<string, number>>): string {
  const names = Object.keys(columns);
  const keys: string[] = [];
  for (const c of names) for (const key of Object.keys(columns[c])) if (!keys.includes(key)) keys.push(key);
  return htmlTable(
    ['metric', ...names],
    keys.map((key) => [
      METRIC_NAMES[key] ?? key,
      ...names.map((c) =>
        columns[c][key] === undefined ? '–' : key === 'clusters' ? String(columns[c][key]) : fix(columns[c][key]),
      ),
    ]),
  );
}

/**
 * Runs the whole analysis on X (n×d) and returns the HTML report and its summary.
 * @remarks
 * Stages: (1) choose k by silhouette, Calinski–Harabasz, elbow (Kneedle) and gap statistic (k-means) and BIC
 * (Gaussian mixtures); (2) k-means with k (k-means++, 10 restarts); (3) Ward hierarchical clustering cut at k, with
 * its dendrogram; (4) Gaussian mixtures (BIC over k × covariance types, then the full-covariance model with k
 * components); (5) kernel density estimate (Scott's bandwidth on standardised coordinates); metrics for each
 * labelling, and against `truth` when given. O(n²) steps run on a seeded subsample above `maxQuadraticRows`.
 */
export function analyze(
  X: Matrix,
  opts: AnalyzeOptions = {},
): { html: string; summary: AnalysisSummary; svgs: Record<string, string> } {
  const seed = resolveSeed(opts.seed);
  const n = X.rows;
  const d = X.cols;
  const names = opts.columnNames ?? Array.from({ length: d }, (_, j) => `x${j + 1}`);
  const maxQ = opts.maxQuadraticRows ?? 3000;
  const kMin = opts.kMin ?? 2;
  const kMax = Math.max(kMin + 1, Math.min(opts.kMax ?? 10, n - 1));
  const warnings: ModelWarning[] = [];
  const sections: ReportSection[] = [];
  const svgs: Record<string, string> = {};
  const stages = ['choose k', 'k-means', 'hierarchical', 'Gaussian mixture', 'density'];
  const stage = (i: number) => opts.onStage?.(stages[i], i, stages.length);
  const truth = opts.truth ? Int32Array.from(opts.truth) : null;
  const sub = subsample(X, truth, maxQ, seed);
  const subNote = sub.idx ? ` (on a random subsample of ${maxQ} of the ${n} rows)` : '';

  // 1. Choose k.
  stage(0);
  const methods: ChooseKMethod[] = ['silhouette', 'calinski', 'elbow', 'gap'];
  const chooseRows: (string | number)[][] = [];
  const chooseSummary: Record<string, { k: number; rule: string }> = {};
  const chooseFigs: string[] = [];
  let silhouetteK: number | undefined;
  for (const method of methods) {
    try {
      const r = chooseK(sub.X, {
        method,
        kMin: method === 'elbow' || method === 'gap' ? Math.max(1, kMin - 1) : kMin,
        kMax,
        seed,
        nRefs: 10,
        gapRule: 'global-se',
      });
      chooseSummary[method] = { k: r.k, rule: r.rule };
      chooseRows.push([method, r.k, r.rule]);
      if (method === 'silhouette') silhouetteK = r.k;
      const ylabel =
        { silhouette: 'mean silhouette', calinski: 'Calinski–Harabasz', elbow: 'inertia', gap: 'Gap(k)' }[
          method as string
        ] ?? method;
      const svg = lineChartSvg([{ name: method, x: r.ks, y: r.scores }], {
        title: `${ylabel} by k`,
        xLabel: 'k',
        yLabel: ylabel,
        marks: [{ x: r.k, label: `k = ${r.k}` }],
        integerX: true,
        width: 380,
        height: 280,
      });
      svgs[`choose-k-${method}.svg`] = svg;
      chooseFigs.push(figure(svg, r.rule));
      for (const w of r.warnings) warnings.push(w);
    } catch (e) {
      chooseRows.push([method, '–', `failed: ${(e as Error).message}`]);
      warnings.push({ code: 'DEGENERATE', message: `choose-k (${method}) failed: ${(e as Error).message}` });
    }
  }
  const k = opts.k ?? silhouetteK ?? Math.min(3, n - 1);
  const kChosenBy = opts.k !== undefined ? 'given' : silhouetteK !== undefined ? 'silhouette' : 'default';
  sections.push({
    heading: 'How many clusters?',
    html:
      `<p>Each method fits k-means for every k and scores it${subNote}. The report continues with <b>k = ${k}</b> (${
        kChosenBy === 'given' ? 'as requested' : 'the silhouette choice'
      }).</p>` +
      htmlTable(['method', 'k', 'rule'], chooseRows) +
      chooseFigs.join(''),
  });

  // 2. k-means.
  stage(1);
  const km = new KMeans({ nClusters: k, nInit: 10, seed }).fit(X);
  for (const w of km.warnings) warnings.push(w);
  const kmMetrics: Record<string, number> = { inertia: km.inertia, ...internalMetrics(X, km.labels, maxQ, seed) };
  if (truth) Object.assign(kmMetrics, externalMetrics(truth, km.labels));
  const kmScatter = scatterSvg(X, {
    labels: km.labels,
    centers: km.clusterCenters,
    trueCenters: opts.trueCenters,
    title: `k-means, k = ${k}`,
    columnNames: names,
  });
  svgs['kmeans.svg'] = kmScatter;
  const subKm = sub.idx ? Int32Array.from(sub.idx, (i) => km.labels[i]) : km.labels;
  const silFig =
    new Set(subKm).size >= 2
      ? silhouetteSvg(silhouetteSamples(sub.X, subKm), subKm, {
          title: `Silhouette of the k-means clusters${sub.idx ? ' (subsample)' : ''}`,
        })
      : '';
  if (silFig) svgs['silhouette.svg'] = silFig;
  const restarts = lineChartSvg([{ name: 'k-means++', x: km.runInertias.map((_, i) => i + 1), y: km.runInertias }], {
    title: 'Inertia of each restart',
    xLabel: 'restart',
    yLabel: 'inertia',
    pointsOnly: true,
    integerX: true,
    width: 380,
    height: 280,
  });
  const centreRows = Array.from({ length: k }, (_, c) => [
    c,
    Array.from(km.clusterCenters.data.subarray(c * d, c * d + d), (v) => v.toFixed(3)).join(', '),
    km.labels.filter((l) => l === c).length,
  ]);
  sections.push({
    heading: `k-means (k = ${k})`,
    html:
      figure(
        kmScatter,
        `Points coloured by cluster; × the centres${opts.trueCenters ? ', ◇ the true centres' : ''}${d > 2 ? '; projected on the first two principal components' : ''}.`,
      ) +
      (silFig
        ? figure(silFig, 'One bar per point: how much closer it is to its own cluster than to the next one.')
        : '') +
      figure(restarts, 'k-means++ with 10 restarts; the lowest inertia is kept.') +
      htmlTable(['cluster', `centre (${names.join(', ')})`, 'points'], centreRows) +
      `<p>${km.nIter} iterations (${km.algorithm}), ${km.converged ? 'converged' : 'not converged'}, seed ${seed}.</p>`,
  });

  for (const extra of opts.extraSections ?? []) sections.push(extra);

  // 3. Hierarchical (Ward), on the subsample when large.
  stage(2);
  let hcMetrics: Record<string, number> | undefined;
  try {
    const Z = linkage(sub.X, { method: 'ward' });
    const hl = fcluster(Z, k, { criterion: 'maxclust' });
    const kk = new Set(hl).size;
    hcMetrics = internalMetrics(sub.X, hl, maxQ, seed);
    if (sub.labels) Object.assign(hcMetrics, externalMetrics(sub.labels, hl));
    else if (truth) Object.assign(hcMetrics, externalMetrics(truth, hl));
    hcMetrics.adjustedRandVsKMeans = adjustedRandScore(subKm, hl);
    METRIC_NAMES.adjustedRandVsKMeans = 'adjusted Rand index vs k-means';
    // Cut line between the merge heights that leave k and k−1 clusters.
    const m = Z.rows;
    const hLow = m - kk >= 0 ? Z.data[(m - kk) * 4 + 2] : 0;
    const hHigh = m - kk + 1 < m ? Z.data[(m - kk + 1) * 4 + 2] : hLow;
    const cut = (hLow + hHigh) / 2;
    const dendro = dendrogramSvg(Z, {
      truncateMode: 'lastp',
      p: 30,
      cutHeight: cut,
      title: `Ward dendrogram${sub.idx ? ' (subsample)' : ''}, cut at ${kk} clusters`,
    });
    svgs['dendrogram.svg'] = dendro;
    const hcScatter = scatterSvg(sub.X, {
      labels: hl,
      title: `Ward hierarchical clustering, ${kk} clusters`,
      columnNames: names,
    });
    sections.push({
      heading: 'Hierarchical clustering (Ward)',
      html:
        figure(dendro, `The last 30 merges; the dashed line cuts the tree into ${kk} clusters${subNote}.`) +
        figure(hcScatter, 'Points coloured by their Ward cluster.'),
    });
  } catch (e) {
    warnings.push({ code: 'DEGENERATE', message: `hierarchical clustering failed: ${(e as Error).message}` });
    sections.push({ heading: 'Hierarchical clustering (Ward)', html: `<p>Not run: ${esc((e as Error).message)}</p>` });
  }

  // 4. Gaussian mixtures.
  stage(3);
  let gmmSummary: Record<string, number | string> | undefined;
  let gmMetrics: Record<string, number> | undefined;
  try {
    const sel = selectGaussianMixture(sub.X, { kMin: 1, kMax: Math.min(kMax, sub.X.rows - 1), seed });
    const bic = bicPlotSvg(sel, { width: 460, height: 320 });
    svgs['bic.svg'] = bic;
    const gm = new GaussianMixture({ nComponents: k, covarianceType: 'full', nInit: 3, seed }).fit(X);
    for (const w of gm.warnings) warnings.push(w);
    gmMetrics = { logLikelihood: gm.score(X), bic: gm.bic(X), ...internalMetrics(X, gm.labels, maxQ, seed) };
    if (truth) Object.assign(gmMetrics, externalMetrics(truth, gm.labels));
    gmmSummary = {
      k,
      covarianceType: 'full',
      logLikelihood: gm.score(X),
      bic: gm.bic(X),
      bestByBic: `${sel.best.covarianceType}, k = ${sel.best.k}`,
    };
    const ell =
      d === 2
        ? gmmPlotSvg(X, gm, {
            labels: gm.labels,
            title: `Gaussian mixture, ${k} full-covariance components`,
            columnNames: names,
            trueCenters: opts.trueCenters,
          })
        : scatterSvg(X, {
            labels: gm.labels,
            centers: gm.means,
            title: `Gaussian mixture, ${k} components (PCA view)`,
            columnNames: names,
          });
    svgs['gmm.svg'] = ell;
    sections.push({
      heading: 'Gaussian mixture (EM)',
      html:
        figure(
          ell,
          d === 2
            ? 'Each component drawn as its 1σ and 2σ ellipses; points coloured by their most probable component.'
            : 'Points coloured by their most probable component.',
        ) +
        figure(
          bic,
          `BIC by number of components and covariance type (lower is better)${subNote}. Best: ${sel.best.covarianceType}, k = ${sel.best.k}.`,
        ) +
        `<p>Full-covariance model with k = ${k}: ${gm.nIter} EM iterations, ${gm.converged ? 'converged' : 'not converged'}, mean log-likelihood ${fix(gm.score(X))}.</p>`,
    });
  } catch (e) {
    warnings.push({ code: 'DEGENERATE', message: `Gaussian mixture failed: ${(e as Error).message}` });
    sections.push({ heading: 'Gaussian mixture (EM)', html: `<p>Not run: ${esc((e as Error).message)}</p>` });
  }

  // Optional: the σ → 0 limit.
  if (opts.kmeansLimit) {
    // Both start from the same k random rows of the data (the course's initialisation).
    const startRows = sampleWithoutReplacement(createRng(seed + 7), n, k);
    const means0 = Array.from(startRows, (i) => Array.from(X.data.subarray(i * d, i * d + d)));
    const rows: (string | number)[][] = [];
    const lloyd = new KMeans({ nClusters: k, init: means0, algorithm: 'lloyd', tol: 0, maxIter: 300 }).fit(X);
    for (const sigma of [2, 1, 0.5, 0.1, 0.01]) {
      const r = kmeansLimitEM(X, { means: means0, sigma, maxIter: 300 });
      let maxDiff = 0;
      for (let t = 0; t < r.means.data.length; t++)
        maxDiff = Math.max(maxDiff, Math.abs(r.means.data[t] - lloyd.clusterCenters.data[t]));
      let same = 0;
      for (let i = 0; i < n; i++) if (r.labels[i] === lloyd.labels[i]) same++;
      rows.push([sigma, `${same} / ${n}`, maxDiff.toExponential(2), r.nIter]);
    }
    sections.push({
      heading: 'k-means is the σ → 0 limit of a Gaussian mixture',
      html:
        "<p>EM for a mixture with equal weights and one shared spherical covariance σ²I, held fixed, started from the same means as Lloyd's k-means. As σ shrinks, each responsibility γᵢc = exp(−‖xᵢ−μc‖²/2σ²)/Σₗexp(−‖xᵢ−μₗ‖²/2σ²) becomes 0 or 1 — the nearest mean — so EM's E-step becomes k-means' assignment and its M-step the centroid update.</p>" +
        htmlTable(['σ', 'same label as k-means', 'max |μ_EM − μ_k-means|', 'EM iterations'], rows),
    });
  }

  // 5. Kernel density (on standardised coordinates, or the first two principal components).
  stage(4);
  let kdeSummary: { bandwidth: number } | undefined;
  try {
    let P: Matrix = X;
    let axisNames = names;
    if (d > 2) {
      const pca = fitPca(X, 2);
      P = projectPca(X, pca);
      axisNames = ['PC1', 'PC2'];
    }
    if (P.cols === 2) {
      const kde = new KernelDensity({ bandwidth: 'scott', scaleByCovariance: true }).fit(P);
      kdeSummary = { bandwidth: kde.bandwidth };
      const grid = densityGrid2D(kde, { nx: 96, ny: 96 });
      const svg = densityContourSvg(grid, {
        points: P,
        title: `Kernel density estimate${d > 2 ? ' (first two principal components)' : ''}`,
        xLabel: axisNames[0],
        yLabel: axisNames[1],
      });
      svgs['density.svg'] = svg;
      sections.push({
        heading: 'Density (kernel density estimate)',
        html: figure(
          svg,
          `Gaussian KDE with SciPy's covariance-scaled Scott bandwidth (factor ${fix(kde.bandwidth, 3)}); darker is denser.`,
        ),
      });
    } else {
      const kde = new KernelDensity({ bandwidth: 'scott', scaleByCovariance: true }).fit(P);
      kdeSummary = { bandwidth: kde.bandwidth };
      const g = densityGrid1D(kde, { n: 256 });
      const svg = densityCurveSvg(g, { rug: P.data, title: 'Kernel density estimate' });
      svgs['density.svg'] = svg;
      sections.push({
        heading: 'Density (kernel density estimate)',
        html: figure(svg, `Gaussian KDE, Scott factor ${fix(kde.bandwidth, 3)}.`),
      });
    }
  } catch (e) {
    warnings.push({ code: 'DEGENERATE', message: `density estimate failed: ${(e as Error).message}` });
  }

  // Metrics side by side.
  const cols: Record<string, Record<string, number>> = { 'k-means': kmMetrics };
  if (hcMetrics) cols[`Ward${sub.idx ? ' (subsample)' : ''}`] = hcMetrics;
  if (gmMetrics) cols['Gaussian mixture'] = gmMetrics;
  sections.splice(1, 0, {
    heading: 'Metrics',
    html:
      metricsTable(cols) +
      (truth ? contingencyHtml(truth, km.labels) : '') +
      '<p class="muted">Silhouette, Calinski–Harabasz and Davies–Bouldin judge a clustering from the data alone (small variance within clusters against the variance between them); the scores vs truth compare it with the known labels.</p>',
  });
  const params: (string | number)[][] = [
    ['rows × columns', `${n} × ${d}`],
    ['columns', names.join(', ')],
    ['k', `${k} (${kChosenBy})`],
    ['k range for choose-k', `${kMin}..${kMax}`],
    ['seed', seed],
    ['k-means', 'k-means++, nInit 10, maxIter 300, tol 1e-4'],
    ['hierarchical', `Ward linkage, euclidean, cut to k clusters${subNote}`],
    ['Gaussian mixture', 'full covariance, nInit 3, regCovar 1e-6; BIC over k and covariance types'],
    ['density', "Gaussian KDE, SciPy's Scott factor × data covariance"],
    ...Object.entries(opts.parameters ?? {}),
  ];
  sections.push({ heading: 'Parameters used', html: htmlTable(['parameter', 'value'], params) });
  if (warnings.length)
    sections.push({
      heading: 'Warnings',
      html: `<ul>${warnings.map((w) => `<li>${esc(w.message)}</li>`).join('')}</ul>`,
    });
  const html = htmlReport(
    opts.title ?? 'clusterkit report',
    opts.intro ?? `${n} rows × ${d} columns (${esc(names.join(', '))}).`,
    sections,
  );
  return {
    html,
    svgs,
    summary: {
      n,
      d,
      k,
      kChosenBy,
      chooseK: chooseSummary,
      kmeans: kmMetrics,
      hierarchical: hcMetrics,
      gmm: gmmSummary,
      kde: kdeSummary,
      warnings,
    },
  };
}

function contingencyHtml(truth: ArrayLike<number>, labels: Int32Array): string {
  const c = contingencyMatrix(truth, labels);
  const rows: (string | number)[][] = [];
  for (let i = 0; i < c.classes.length; i++)
    rows.push([
      `class ${c.classes[i]}`,
      ...Array.from({ length: c.clusters.length }, (_, j) => c.data[i * c.cols + j]),
    ]);
  return `<p>Contingency table (rows: true classes, columns: k-means clusters):</p>${htmlTable(['', ...Array.from(c.clusters, (id) => `cluster ${id}`)], rows)}`;
}
