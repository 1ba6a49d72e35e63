/**
 * The typed message protocol between the playground page and its Web Worker.
 *
 * The page posts {@link WorkerRequest}s (`run` a task, `cancel` a running one); the worker answers each `run` with
 * any number of `progress` messages and then exactly one `result` or `error`, all carrying the request's `id`.
 * Everything is structured-clone safe: plain objects, numbers, strings and typed arrays. Errors cross the boundary
 * as {@link SerializedError} `{ name, code, message }` (structured clone drops subclasses) and are rebuilt on the
 * page with {@link deserializeError}.
 *
 * Browser-safe: no DOM and no `node:` imports, so Node unit tests can drive the worker's handler directly.
 * @module
 */
import type { ErrorCode } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import type { Projection } from '../../src/core/pca.js';

// ---------------------------------------------------------------------------------------------------------------
// Data

/** Where the data comes from. */
export type DataSource =
  /** The course's demo: 5 centres (0,0), (±3,±3), 50 points each. */
  | { source: 'demo'; seed: number }
  /** Fisher's Iris (4 measurements, shown through PCA). */
  | { source: 'iris' }
  /** Gaussian blobs: `centers` random centres in [−6, 6]², `n` points in all, standard deviation `spread`. */
  | { source: 'blobs'; centers: number; spread: number; n: number; seed: number }
  /** Pasted or dropped text: CSV, TSV, JSON or NDJSON (header detected). Non-numeric columns are left out. */
  | { source: 'text'; text: string; name: string }
  /** Points the user placed (d columns). */
  | { source: 'points'; X: Matrix }
  /** Two interleaving half circles (scikit-learn's make_moons): where k-means fails and DBSCAN/HDBSCAN do not. */
  | { source: 'moons'; n: number; noise: number; seed: number }
  /** A circle inside a circle (scikit-learn's make_circles, inner radius `factor`). */
  | { source: 'circles'; n: number; noise: number; factor: number; seed: number };

/** A loaded data set, ready to plot and cluster. */
export interface DatasetResult {
  /** n×d data the algorithms see. */
  X: Matrix;
  /** n×2 coordinates the plot shows: X itself for d = 2, its first two principal components for d > 2. */
  view: Matrix;
  /** The PCA behind `view` (d > 2), else null. */
  projection: Projection | null;
  /** Axis titles of the view. */
  axisLabels: [string, string];
  /** Names of the d columns. */
  columnNames: string[];
  /** True classes when known (demo, blobs, iris), else null. */
  y: Int32Array | null;
  /** True centres in view coordinates when known, else null. */
  trueCenters: Matrix | null;
  /** One line describing the data (shown above the plot). */
  title: string;
  /** Columns of the text that were not numbers and were left out (names). */
  skippedColumns: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks

/** What every clustering task receives: the data and how it is viewed. */
export interface FitInput {
  /** n×d data. */
  X: Matrix;
  /** The projection used for the view (so centres can be drawn), or null when d ≤ 2. */
  projection: Projection | null;
  /** True classes, to report the adjusted Rand index; null when unknown. */
  y: Int32Array | null;
}

/**
 * Load or generate a data set. With `standardize`, every column is turned into z-scores (x − mean) / standard
 * deviation before anything else (as the CLI's `scale: 'standard'`), so a column in large units (wine's proline)
 * does not decide the clustering alone; points the user placed are never rescaled.
 */
export type DatasetTask = { kind: 'dataset'; standardize?: boolean } & DataSource;

/** k-means: animation frames from the step API, then `nInit` restarts. */
export interface KMeansTask extends FitInput {
  kind: 'kmeans';
  k: number;
  init: 'k-means++' | 'random';
  nInit: number;
  maxIter: number;
  seed: number;
}

/** Soft k-means with stiffness β. */
export interface SoftKMeansTask extends FitInput {
  kind: 'soft-kmeans';
  k: number;
  beta: number;
  maxIter: number;
  seed: number;
}

/** Fuzzy c-means with fuzzifier m. */
export interface FuzzyCMeansTask extends FitInput {
  kind: 'fuzzy-cmeans';
  k: number;
  m: number;
  maxIter: number;
  seed: number;
}

/** Gaussian mixture by EM, one frame per EM iteration, and BIC for k = 1..kMax. */
export interface GmmTask extends FitInput {
  kind: 'gmm';
  k: number;
  covarianceType: 'full' | 'tied' | 'diag' | 'spherical';
  maxIter: number;
  seed: number;
  /** Largest k of the BIC curve (0: no curve). */
  bicKMax: number;
}

/** Kernel density estimate of the 2-D view, evaluated on a grid for contours. */
export interface KdeTask {
  kind: 'kde';
  /** n×2 points (the view). */
  view: Matrix;
  bandwidth: number | 'scott' | 'silverman';
  kernel: 'gaussian' | 'tophat' | 'epanechnikov' | 'exponential' | 'linear' | 'cosine';
  /** Grid points per axis. */
  gridSize: number;
}

/** Mean shift (flat kernel). */
export interface MeanShiftTask extends FitInput {
  kind: 'mean-shift';
  /** Kernel radius; null estimates it (scikit-learn's estimate_bandwidth). */
  bandwidth: number | null;
}

/** Agglomerative clustering: the linkage matrix and a first cut into k clusters. */
export interface HierarchicalTask extends FitInput {
  kind: 'hierarchical';
  method: 'single' | 'complete' | 'average' | 'weighted' | 'centroid' | 'median' | 'ward';
  k: number;
}

/** Flat clusters of a linkage matrix cut at a height. */
export interface CutTask {
  kind: 'cut';
  /** (n−1)×4 linkage matrix. */
  Z: Matrix;
  /** Cut height: clusters are the subtrees that merge at or below it. */
  height: number;
  /** The data, to score the cut. */
  X: Matrix;
  y: Int32Array | null;
}

/** DBSCAN: core points have ≥ minSamples rows (themselves included) within eps; the rest of a cluster is reachable. */
export interface DbscanTask extends FitInput {
  kind: 'dbscan';
  eps: number;
  minSamples: number;
}

/** HDBSCAN: the stable clusters of the mutual-reachability hierarchy (no eps to choose). */
export interface HdbscanTask extends FitInput {
  kind: 'hdbscan';
  minClusterSize: number;
  minSamples: number;
}

/** OPTICS: the reachability ordering, clusters extracted by the ξ (steepness) method. */
export interface OpticsTask extends FitInput {
  kind: 'optics';
  minSamples: number;
  xi: number;
}

/** k-medoids (FasterPAM): k rows of the data as centres, under any of a few metrics. */
export interface KMedoidsTask extends FitInput {
  kind: 'kmedoids';
  k: number;
  metric: 'euclidean' | 'cityblock' | 'chebyshev' | 'cosine';
  seed: number;
}

/** A choose-k curve: a score per k and the chosen k. */
export interface ChooseKTask {
  kind: 'choose-k';
  X: Matrix;
  method: 'elbow' | 'silhouette' | 'calinski' | 'davies-bouldin' | 'gap' | 'bic';
  kMin: number;
  kMax: number;
  seed: number;
}

/** Test hook: a task that only sleeps in slices and reports progress (exercises progress and cancel). */
export interface SleepTask {
  kind: 'sleep';
  /** Number of slices. */
  steps: number;
  /** Milliseconds per slice. */
  ms: number;
}

/** Every task the worker runs. */
export type Task =
  | DatasetTask
  | KMeansTask
  | SoftKMeansTask
  | FuzzyCMeansTask
  | GmmTask
  | KdeTask
  | MeanShiftTask
  | HierarchicalTask
  | CutTask
  | ChooseKTask
  | DbscanTask
  | HdbscanTask
  | OpticsTask
  | KMedoidsTask
  | SleepTask;

/** The `kind` of a task. */
export type TaskKind = Task['kind'];

// ---------------------------------------------------------------------------------------------------------------
// Results

/** Internal validity indices of a clustering (NaN where undefined, e.g. a single cluster). */
export interface Metrics {
  nClusters: number;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** Adjusted Rand index against the true classes, when known. */
  adjustedRand: number | null;
}

/** One frame of the k-means animation. */
export interface KMeansFrame {
  phase: 'init' | 'assign' | 'update';
  iteration: number;
  /** Labels (−1 before the first assignment). */
  labels: Int32Array;
  /** k×2 centres in view coordinates. */
  centersView: Matrix;
  /** Inertia (NaN at init). */
  inertia: number;
}

/** Result of a {@link KMeansTask}: the animated run's frames and the best of the restarts. */
export interface KMeansResult {
  kind: 'kmeans';
  /** Frames of one run (the first initialisation), from the step API. */
  frames: KMeansFrame[];
  /** The best of `nInit` runs. */
  labels: Int32Array;
  /** k×d centres. */
  centers: Matrix;
  centersView: Matrix;
  inertia: number;
  nIter: number;
  /** Final inertia of each restart. */
  runInertias: number[];
  seed: number;
  metrics: Metrics;
  warnings: string[];
}

/** One iteration of soft k-means or fuzzy c-means (the state after `iteration` updates). */
export interface SoftFrame {
  iteration: number;
  labels: Int32Array;
  /** n×k memberships. */
  memberships: Matrix;
  /** k×2 centres in view coordinates. */
  centersView: Matrix;
}

/** Soft assignments (soft k-means responsibilities or fuzzy memberships). */
export interface SoftResult {
  kind: 'soft-kmeans' | 'fuzzy-cmeans';
  /** The first iterations (at most 30; the last frame is the result), to animate. */
  frames: SoftFrame[];
  labels: Int32Array;
  /** n×k memberships, rows summing to 1. */
  memberships: Matrix;
  centersView: Matrix;
  nIter: number;
  /** Fuzzy c-means: objective Jₘ; soft k-means: inertia of the hard labels. */
  objective: number;
  metrics: Metrics;
  warnings: string[];
}

/** One EM iteration of the Gaussian mixture animation. */
export interface GmmFrame {
  iteration: number;
  labels: Int32Array;
  /** k×2 means in view coordinates. */
  meansView: Matrix;
  /** k 2×2 covariances in view coordinates (flat, k·4). */
  covariancesView: Float64Array;
  /** Mean log-likelihood (scikit-learn's lower bound) after the iteration. */
  lowerBound: number;
}

/** Result of a {@link GmmTask}: one frame per EM iteration, the fitted labels and the BIC curve. */
export interface GmmResult {
  kind: 'gmm';
  frames: GmmFrame[];
  labels: Int32Array;
  weights: Float64Array;
  converged: boolean;
  nIter: number;
  bic: number;
  /** BIC per k (k = 1..bicKMax; NaN where the fit failed). */
  bicCurve: { ks: number[]; bic: number[] };
  metrics: Metrics;
  warnings: string[];
}

/** Result of a {@link KdeTask}: the density on a grid (for contours) and the bandwidth used. */
export interface KdeResult {
  kind: 'kde';
  /** nx grid x values, ny grid y values, density[j·nx + i] at (x[i], y[j]). */
  grid: { x: Float64Array; y: Float64Array; density: Float64Array };
  /** The bandwidth used (resolved from a rule when asked). */
  bandwidth: number;
  /** Mean log-likelihood of the points under the estimate. */
  logLikelihood: number;
}

/** Result of a {@link MeanShiftTask}: labels, modes in view coordinates and the bandwidth used. */
export interface MeanShiftResult {
  kind: 'mean-shift';
  labels: Int32Array;
  centersView: Matrix;
  bandwidth: number;
  nIter: number;
  metrics: Metrics;
  warnings: string[];
}

/**
 * A dendrogram as drawing data: SciPy's layout (`scipy.cluster.hierarchy.dendrogram(Z, no_plot=True)`, from the
 * library's `dendrogram`). Link i is the U through (icoord[4i+t], dcoord[4i+t]), t = 0..3; leaf s sits at x = 10s + 5.
 */
export interface DendrogramLayout {
  /** Observation index of each leaf, left to right. */
  leaves: Int32Array;
  /** x of the 4 corners of each link (n−1 links, flat). */
  icoord: Float64Array;
  /** Heights of the 4 corners of each link (flat). */
  dcoord: Float64Array;
  /** Largest merge height. */
  maxHeight: number;
}

/** Result of a {@link HierarchicalTask}: the linkage matrix, its dendrogram and a first cut. */
export interface HierarchicalResult {
  kind: 'hierarchical';
  /** (n−1)×4 linkage matrix (SciPy layout). */
  Z: Matrix;
  dendrogram: DendrogramLayout;
  /** A cut height that gives k clusters (midway between two merge heights). */
  height: number;
  labels: Int32Array;
  metrics: Metrics;
}

/** Result of a {@link CutTask}: the flat clusters at that height and their scores. */
export interface CutResult {
  kind: 'cut';
  height: number;
  labels: Int32Array;
  metrics: Metrics;
}

/**
 * Result of a {@link DbscanTask} or {@link HdbscanTask}: labels with −1 for noise, and how strongly each point
 * belongs (DBSCAN: 1 for core points, 0.5 for border points, 0 for noise; HDBSCAN: its membership probability).
 * The internal metrics are computed on the clustered (non-noise) points.
 */
export interface DensityClusterResult {
  kind: 'dbscan' | 'hdbscan' | 'optics';
  labels: Int32Array;
  strength: Float64Array;
  nNoise: number;
  metrics: Metrics;
  warnings: string[];
  /** OPTICS only: the rows in OPTICS order and their reachability distances (by row), for the reachability plot. */
  reachability?: { ordering: Int32Array; distances: Float64Array };
}

/** Result of a {@link KMedoidsTask}: labels, the medoids (rows of the data) and the total dissimilarity. */
export interface KMedoidsResult {
  kind: 'kmedoids';
  labels: Int32Array;
  /** Row index of each medoid. */
  medoidIndices: Int32Array;
  /** k×2 medoids in view coordinates. */
  medoidsView: Matrix;
  /** Σ of each row's dissimilarity to its medoid. */
  inertia: number;
  nIter: number;
  metrics: Metrics;
  warnings: string[];
}

/** Result of a {@link ChooseKTask}: the score of each k and the chosen k with its rule. */
export interface ChooseKResultMessage {
  kind: 'choose-k';
  method: ChooseKTask['method'];
  ks: number[];
  scores: number[];
  /** Gap statistic: sₖ per k (the error bars); absent for other methods. */
  sk?: number[];
  k: number;
  rule: string;
}

/** Result of a {@link SleepTask}. */
export interface SleepResult {
  kind: 'sleep';
  steps: number;
}

/** The result type of each task kind. */
export interface ResultMap {
  dataset: DatasetResult;
  kmeans: KMeansResult;
  'soft-kmeans': SoftResult;
  'fuzzy-cmeans': SoftResult;
  gmm: GmmResult;
  kde: KdeResult;
  'mean-shift': MeanShiftResult;
  hierarchical: HierarchicalResult;
  cut: CutResult;
  'choose-k': ChooseKResultMessage;
  dbscan: DensityClusterResult;
  hdbscan: DensityClusterResult;
  optics: DensityClusterResult;
  kmedoids: KMedoidsResult;
  sleep: SleepResult;
}

/** The result of a task. */
export type ResultOf<T extends Task> = ResultMap[T['kind']];

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** Page → worker: run a task under a fresh id, or cancel the task with that id. */
export type WorkerRequest = { type: 'run'; id: number; task: Task } | { type: 'cancel'; id: number };

/** Progress of a running task: `fraction` in [0, 1] when known, else null; `message` says what is being done. */
export interface Progress {
  fraction: number | null;
  message: string;
}

/** Error codes that cross the boundary: the library's, plus cancellation and unexpected failures. */
export type WireErrorCode = ErrorCode | 'CANCELLED' | 'INTERNAL';

/** An error as it crosses the boundary. */
export interface SerializedError {
  name: string;
  code: WireErrorCode;
  message: string;
}

/** Worker → page: progress of a task, then exactly one result or one error, each with the request's id. */
export type WorkerResponse =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'result'; id: number; result: ResultMap[TaskKind] }
  | { type: 'error'; id: number; error: SerializedError };

const KNOWN_CODES: readonly string[] = [
  'INVALID_INPUT',
  'INVALID_OPTION',
  'NOT_FITTED',
  'NUMERICAL',
  'TOO_LARGE',
  'PARSE',
  'CANCELLED',
  'INTERNAL',
];

/** Thrown (and sent) when a task is cancelled. */
export class CancelledError extends Error {
  readonly code = 'CANCELLED' as const;
  constructor(message = 'Cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Turns anything thrown into a {@link SerializedError}: clusterkit errors keep their code, others are INTERNAL. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name || 'Error',
      code: typeof code === 'string' && KNOWN_CODES.includes(code) ? (code as WireErrorCode) : 'INTERNAL',
      message: err.message || String(err),
    };
  }
  return { name: 'Error', code: 'INTERNAL', message: String(err) };
}

/** An error rebuilt on the page from a {@link SerializedError}: an `Error` with the same name, code and message. */
export interface WorkerError extends Error {
  code: WireErrorCode;
}

/** Rebuilds an `Error` from its serialised form. */
export function deserializeError(e: SerializedError): WorkerError {
  const err = new Error(e.message) as WorkerError;
  err.name = e.name;
  err.code = e.code;
  return err;
}

/**
 * The library's advice rewritten for the playground, which has no command-line flags or option objects: what a
 * person can do on the page instead ("leave the column out with --columns" → "delete that column from the
 * text"; "raise memoryBudget" → nothing to raise here, use fewer points). Any flag left is dropped with its clause.
 */
const PLAYGROUND_ADVICE: readonly [RegExp, string][] = [
  [/leave the column out with --columns/g, 'delete that column from the text'],
  [/\s*\((?:use|see) --[a-z][\w-]*\)/g, ''],
  [/;? ?(?:pick|choose|select) (?:one|them|data columns) with --columns/g, ''],
  [/raise memoryBudget, /g, ''],
  [/raise memoryBudget/g, 'use fewer points'],
  [/,? ?(?:or )?(?:with|pass|use) --[a-z][\w-]*(?: [\w.,]+)?/g, ''],
  [/--[a-z][\w-]*/g, 'that setting'],
  [/memoryBudget/g, 'the memory limit'],
];

/** A library message without command-line flags or option names that the playground does not have. */
export function forPlayground(message: string): string {
  let m = message;
  for (const [re, to] of PLAYGROUND_ADVICE) m = m.replace(re, to);
  return m;
}

/** The text shown to a person for an error: which kind of problem, then the library's message. */
export function describeError(err: SerializedError): string {
  const e = { ...err, message: forPlayground(err.message) };
  switch (e.code) {
    case 'CANCELLED':
      return 'Cancelled.';
    case 'PARSE':
      return `Could not read the data: ${e.message}`;
    case 'INVALID_INPUT':
      return `Bad data: ${e.message}`;
    case 'INVALID_OPTION':
      return `Bad setting: ${e.message}`;
    case 'NUMERICAL':
      return `Numerical problem: ${e.message}`;
    case 'TOO_LARGE':
      return `Too large: ${e.message}`;
    case 'NOT_FITTED':
      return `Internal error (model not fitted): ${e.message}`;
    default:
      return `Unexpected error (${e.name}): ${e.message}`;
  }
}

/** Buffers of the typed arrays inside a value (for the transfer list of `postMessage`), each once. */
export function collectTransferables(value: unknown, out: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const buf = v.buffer;
      // Transfer only whole, ordinary buffers (a view of part of a buffer may share it with something else).
      if (buf instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === buf.byteLength) out.add(buf);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    for (const x of Object.values(v)) walk(x);
  };
  walk(value);
  return [...out];
}
