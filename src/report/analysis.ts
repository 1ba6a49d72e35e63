/**
 * The full analysis report: the first thing to open on new data. Runs choose-k, k-means, hierarchical clustering,
 * Gaussian mixtures and kernel density estimation as they apply, and lays out plots, metrics tables and the
 * parameters used as one self-contained HTML page. Browser-safe (no `node:`): returns strings. Each section is
 * one function in ./sections/; they share a {@link ReportContext}.
 * @module
 */
import type { ModelWarning } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { resolveSeed } from '../core/random.js';
import { clusterSizes } from '../metrics/labels.js';
import { htmlReport, type ReportSection } from '../plot/report.js';
import { esc } from '../plot/svg.js';
import { type ReportContext, subsample } from './context.js';
import { chooseKSection } from './sections/chooseK.js';
import { densitySection } from './sections/density.js';
import { hierarchicalSection } from './sections/hierarchical.js';
import { kmeansSection } from './sections/kmeans.js';
import { kmeansLimitSection } from './sections/kmeansLimit.js';
import { medoidsSection } from './sections/medoids.js';
import { mixtureSection } from './sections/mixture.js';
import { metricsSection, parametersSection, warningsSection } from './sections/summary.js';

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
  /** Rows above which full-data scatter plots draw a seeded random sample of this many points (said in the caption). @defaultValue 20000 */
  maxPlotPoints?: number;
  /** Units of X, named in the table of centres. @defaultValue 'data units' */
  units?: string;
  /** Names of the known classes by label (`truth` values), for the contingency table. */
  classNames?: readonly string[];
  /** Why `k` was given, said where the report names its k. @defaultValue 'as requested' */
  kReason?: string;
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
  /** Rows in each k-means cluster (0..k−1), on all rows. */
  clusterSizes: number[];
  kmedoids: Record<string, number>;
  hierarchical?: Record<string, number>;
  gmm?: Record<string, number | string>;
  kde?: { bandwidth: number };
  warnings: ModelWarning[];
}

/**
 * Runs the whole analysis on X (n×d) and returns the HTML report and its summary.
 * @remarks
 * Stages: (1) choose k by silhouette, Calinski–Harabasz, elbow (Kneedle) and gap statistic (k-means) and BIC
 * (Gaussian mixtures); (2) k-means with k (k-means++, 10 restarts), then k-medoids (FasterPAM) with the same k, medoids marked; (3) Ward hierarchical clustering cut at k, with
 * its dendrogram; (4) Gaussian mixtures (BIC over k × covariance types, mclust's BIC plot, then the model BIC
 * picked — its covariance type and number of components — fitted on all rows, with its ellipses and mclust's
 * uncertainty plot); (5) kernel density estimate (Scott's bandwidth on standardised coordinates); metrics for each
 * labelling, and against `truth` when given. O(n²) steps run on a seeded subsample above `maxQuadraticRows`.
 */
export function analyze(
  X: Matrix,
  opts: AnalyzeOptions = {},
): { html: string; summary: AnalysisSummary; svgs: Record<string, string> } {
  const seed = resolveSeed(opts.seed);
  const n = X.rows;
  const d = X.cols;
  const maxQ = opts.maxQuadraticRows ?? 3000;
  const kMin = opts.kMin ?? 2;
  const truth = opts.truth ? Int32Array.from(opts.truth) : null;
  const sub = subsample(X, truth, maxQ, seed);
  const maxPlot = opts.maxPlotPoints ?? 20000;
  const plot = subsample(X, null, maxPlot, seed);
  const c: ReportContext = {
    X,
    n,
    d,
    names: opts.columnNames ?? Array.from({ length: d }, (_, j) => `x${j + 1}`),
    seed,
    maxQ,
    kMin,
    kMax: Math.max(kMin + 1, Math.min(opts.kMax ?? 10, n - 1)),
    truth,
    trueCenters: opts.trueCenters,
    sub,
    subNote: sub.idx ? ` (on a random subsample of ${maxQ} of the ${n} rows)` : '',
    plot,
    plotNote: plot.idx ? ` Showing a random sample of ${maxPlot} of the ${n} points (seed ${seed}).` : '',
    units: opts.units ?? 'data units',
    classNames: opts.classNames,
    reference: null,
    warnings: [],
    svgs: {},
  };
  const stages = ['choose k', 'k-means', 'k-medoids', 'hierarchical', 'Gaussian mixture', 'density'];
  const stage = (i: number) => opts.onStage?.(stages[i], i, stages.length);

  stage(0);
  const chosen = chooseKSection(c, opts.k, opts.kReason);
  const { k, kChosenBy } = chosen;
  stage(1);
  const km = kmeansSection(c, k);
  c.reference = km.model.labels;
  stage(2);
  const kmed = medoidsSection(c, k, km.subLabels);
  stage(3);
  const hc = hierarchicalSection(c, k, km.subLabels);
  stage(4);
  const gm = mixtureSection(c, k);
  const limit = opts.kmeansLimit ? kmeansLimitSection(c, k) : undefined;
  stage(5);
  const kde = densitySection(c);

  const columns: Record<string, Record<string, number>> = { 'k-means': km.metrics };
  if (hc.metrics) columns[`Ward${sub.idx ? ' (subsample)' : ''}`] = hc.metrics;
  if (gm.metrics) columns['Gaussian mixture'] = gm.metrics;
  const sections: ReportSection[] = [
    chosen.section,
    metricsSection(c, columns, km.model.labels),
    km.section,
    ...(opts.extraSections ?? []),
    kmed.section,
    hc.section,
    gm.section,
  ];
  if (limit) sections.push(limit);
  if (kde.section) sections.push(kde.section);
  sections.push(parametersSection(c, k, kChosenBy, opts.parameters ?? {}));
  const warned = warningsSection(c.warnings);
  if (warned) sections.push(warned);
  const html = htmlReport(
    opts.title ?? 'clusterkit report',
    opts.intro ?? `${n} rows × ${d} columns (${esc(c.names.join(', '))}).`,
    sections,
  );
  return {
    html,
    svgs: c.svgs,
    summary: {
      n,
      d,
      k,
      kChosenBy,
      chooseK: chosen.summary,
      kmeans: km.metrics,
      clusterSizes: clusterSizes(km.model.labels, k),
      kmedoids: kmed.summary,
      hierarchical: hc.metrics,
      gmm: gm.summary,
      kde: kde.summary,
      warnings: c.warnings,
    },
  };
}
