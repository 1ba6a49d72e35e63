/**
 * What every section of the analysis report shares: the data and its seeded subsample, the resolved options, the
 * warnings and figures collected so far, and the metrics helpers and table.
 * @module
 */
import type { ModelWarning } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, sampleWithoutReplacement } from '../core/random.js';
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
import { silhouetteScore } from '../metrics/internal/silhouette.js';
import { htmlTable } from '../plot/report.js';
import { matchLabels, relabel } from './align.js';

/** A seeded subsample of the rows (the data itself when it has at most `max` rows). */
export interface Subsample {
  X: Matrix;
  /** The known labels of the subsample's rows (null without truth). */
  labels: Int32Array | null;
  /** Indices of the subsample's rows, ascending (null when it is the whole data). */
  idx: Int32Array | null;
}

/** The state the report's sections share. */
export interface ReportContext {
  X: Matrix;
  n: number;
  d: number;
  /** Column names (axes and tables). */
  names: readonly string[];
  seed: number;
  /** Rows above which O(n²) steps run on `sub`. */
  maxQ: number;
  kMin: number;
  kMax: number;
  truth: Int32Array | null;
  trueCenters: Matrix | undefined;
  sub: Subsample;
  /** ' (on a random subsample of …)' when `sub` is a subsample, else ''. */
  subNote: string;
  /** The rows drawn in full-data scatter plots: all of them, or a seeded sample of at most `maxPlotPoints`. */
  plot: Subsample;
  /** ' Showing a random sample of … of the … points.' when `plot` is a sample, else ''. */
  plotNote: string;
  /** The units of the clustered data, for tables of centres ('data units', 'standardised units (z-scores)'). */
  units: string;
  /** Names of the known classes by label (contingency rows), when known. */
  classNames: readonly string[] | undefined;
  /** The k-means labels of all rows once k-means ran: the other plots' colours are matched to them. */
  reference: Int32Array | null;
  /** Warnings of every stage, in stage order. */
  warnings: ModelWarning[];
  /** Every figure by file name (`--plots DIR`). */
  svgs: Record<string, string>;
}

/** Fixed-point text, '–' for NaN and infinities. */
export const fix = (v: number, digits = 4): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** The rows of X (and their labels) at `max` indices drawn without replacement from a PRNG seeded with `seed`. */
export function subsample(X: Matrix, labels: Int32Array | null, max: number, seed: number): Subsample {
  if (X.rows <= max) return { X, labels, idx: null };
  const idx = sampleWithoutReplacement(createRng(seed), X.rows, max).sort();
  const d = X.cols;
  const data = new Float64Array(max * d);
  for (let t = 0; t < max; t++) data.set(X.data.subarray(idx[t] * d, idx[t] * d + d), t * d);
  return { X: { rows: max, cols: d, data }, labels: labels ? Int32Array.from(idx, (i) => labels[i]) : null, idx };
}

/** The rows of M at `idx` (M itself when idx is null). */
export function rowsAt(M: Matrix, idx: Int32Array | null): Matrix {
  if (idx === null) return M;
  const d = M.cols;
  const data = new Float64Array(idx.length * d);
  for (let t = 0; t < idx.length; t++) data.set(M.data.subarray(idx[t] * d, idx[t] * d + d), t * d);
  return { rows: idx.length, cols: d, data };
}

/**
 * What a full-data scatter plot draws for a labelling of all rows: the plotted rows (`c.plot`), their labels
 * renumbered to agree with the k-means clusters (same group, same colour; see ./align.ts), and the renumbering.
 */
export function plotLabels(
  c: ReportContext,
  labels: Int32Array,
): { X: Matrix; labels: Int32Array; perm: Int32Array | null } {
  const perm = c.reference !== null && c.reference !== labels ? matchLabels(c.reference, labels) : null;
  const shown = perm !== null ? relabel(labels, perm) : labels;
  const idx = c.plot.idx;
  return { X: c.plot.X, labels: idx !== null ? Int32Array.from(idx, (i) => shown[i]) : shown, perm };
}

/** Internal metrics of a labelling (silhouette on a subsample above `max` rows). */
export function internalMetrics(X: Matrix, labels: Int32Array, max: number, seed: number): Record<string, number> {
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
export function externalMetrics(truth: ArrayLike<number>, labels: Int32Array): Record<string, number> {
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

/** The metrics table's row names by metric key. */
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
  adjustedRandVsKMeans: 'adjusted Rand index vs k-means',
};

/** One column per labelling, one row per metric (in first-seen order). */
export function metricsTable(columns: Record<string, Record<string, number>>): string {
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
 * The contingency table of known classes against the k-means clusters, as HTML; rows are named by the class
 * names when given (setosa, versicolor, …), else "class 0", "class 1", ….
 */
export function contingencyHtml(truth: ArrayLike<number>, labels: Int32Array, classNames?: readonly string[]): string {
  const c = contingencyMatrix(truth, labels);
  const rows: (string | number)[][] = [];
  for (let i = 0; i < c.classes.length; i++)
    rows.push([
      classNames?.[c.classes[i]] ?? `class ${c.classes[i]}`,
      ...Array.from({ length: c.clusters.length }, (_, j) => c.data[i * c.cols + j]),
    ]);
  return `<p>Contingency table (rows: true classes, columns: k-means clusters):</p>${htmlTable(['', ...Array.from(c.clusters, (id) => `cluster ${id}`)], rows)}`;
}
