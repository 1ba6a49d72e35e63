/**
 * The playground's Web Worker: runs every computation off the page's thread and answers through the typed protocol
 * of `./protocol.ts` (request ids, progress, cancel, serialised errors).
 *
 * {@link createWorkerHandler} is the whole worker as a function (Node tests call it directly); when this module is
 * loaded as a module worker it installs that handler on the worker's global scope. Long tasks run in slices and
 * await {@link TaskContext.checkpoint} between them, which yields to the event loop (so a `cancel` message can
 * arrive) and throws {@link CancelledError} once the task was cancelled. Browser-safe: no DOM, no `node:`.
 * @module
 */
import { ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { fitPca, type Projection, projectPca } from '../../src/core/pca.js';
import { applyScaler, fitScaler } from '../../src/core/scale.js';
import { demoBlobs, loadIris, makeBlobs, makeCircles, makeMoons } from '../../src/datasets/index.js';
import { DBSCAN } from '../../src/density/DBSCAN.js';
import { densityGrid2D } from '../../src/density/grid.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { dendrogram } from '../../src/hierarchy/dendrogram.js';
import { fcluster } from '../../src/hierarchy/fcluster.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { castNumber, detectFormat, parseTable, tableLabels, tableToMatrix } from '../../src/io/table.js';
import { FuzzyCMeans } from '../../src/kmeans/FuzzyCMeans.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { SoftKMeans } from '../../src/kmeans/SoftKMeans.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { adjustedRandScore } from '../../src/metrics/external/pairCounting.js';
import { calinskiHarabaszScore } from '../../src/metrics/internal/calinskiHarabasz.js';
import { daviesBouldinScore } from '../../src/metrics/internal/daviesBouldin.js';
import { silhouetteScore } from '../../src/metrics/internal/silhouette.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { chooseK } from '../../src/selection/chooseK.js';
import { enableWorkerPool } from '../../src/web/pool.js';
import {
  CancelledError,
  type ChooseKResultMessage,
  type ChooseKTask,
  type CutResult,
  type CutTask,
  collectTransferables,
  type DatasetResult,
  type DatasetTask,
  type DbscanTask,
  type DendrogramLayout,
  type DensityClusterResult,
  type FuzzyCMeansTask,
  type GmmFrame,
  type GmmResult,
  type GmmTask,
  type HdbscanTask,
  type HierarchicalResult,
  type HierarchicalTask,
  type KdeResult,
  type KdeTask,
  type KMeansFrame,
  type KMeansResult,
  type KMeansTask,
  type KMedoidsResult,
  type KMedoidsTask,
  type MeanShiftResult,
  type MeanShiftTask,
  type Metrics,
  type OpticsTask,
  type Progress,
  type ResultMap,
  type SleepResult,
  type SleepTask,
  type SoftFrame,
  type SoftKMeansTask,
  type SoftResult,
  serializeError,
  type Task,
  type TaskKind,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';

/** What a running task can do: report progress and offer a cancellation point. */
export interface TaskContext {
  /** Sends a progress message for this task. */
  progress(p: Progress): void;
  /**
   * Yields to the event loop when the task has run for a while (always when `force`), then throws
   * {@link CancelledError} if the task was cancelled meanwhile.
   */
  checkpoint(force?: boolean): Promise<void>;
}

/** Sends a response; `transfer` lists the buffers to move rather than copy. */
export type PostFn = (msg: WorkerResponse, transfer: ArrayBuffer[]) => void;

/** Milliseconds of work between two yields to the event loop. */
const SLICE_MS = 15;

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Creates the worker's message handler. Each `run` request gets progress messages, then one `result` or one
 * `error` with the same id; a `cancel` request makes the running task with that id stop at its next checkpoint and
 * answer with a `CANCELLED` error. The returned promise settles when the request has been answered.
 * @example
 * const handle = createWorkerHandler((msg) => console.log(msg));
 * await handle({ type: 'run', id: 1, task: { kind: 'dataset', source: 'demo', seed: 0 } });
 */
export function createWorkerHandler(post: PostFn): (req: WorkerRequest) => Promise<void> {
  const running = new Set<number>();
  const cancelled = new Set<number>();
  return async (req: WorkerRequest): Promise<void> => {
    if (req.type === 'cancel') {
      if (running.has(req.id)) cancelled.add(req.id);
      return;
    }
    const { id, task } = req;
    running.add(id);
    let last = Date.now();
    const ctx: TaskContext = {
      progress: (progress) => post({ type: 'progress', id, progress }, []),
      checkpoint: async (force = false) => {
        if (force || Date.now() - last >= SLICE_MS) {
          await tick();
          last = Date.now();
        }
        if (cancelled.has(id)) throw new CancelledError();
      },
    };
    try {
      // Always yield once first, so a cancel sent right after the request is seen before any work.
      await ctx.checkpoint(true);
      const result = await runTask(task, ctx);
      if (cancelled.has(id)) throw new CancelledError();
      post({ type: 'result', id, result }, collectTransferables(result));
    } catch (err) {
      post({ type: 'error', id, error: serializeError(err) }, []);
    } finally {
      running.delete(id);
      cancelled.delete(id);
    }
  };
}

/** Runs one task. */
export async function runTask(task: Task, ctx: TaskContext): Promise<ResultMap[TaskKind]> {
  switch (task.kind) {
    case 'dataset':
      return loadDataset(task);
    case 'kmeans':
      return runKMeans(task, ctx);
    case 'soft-kmeans':
      return runSoftKMeans(task, ctx);
    case 'fuzzy-cmeans':
      return runFuzzyCMeans(task, ctx);
    case 'gmm':
      return runGmm(task, ctx);
    case 'kde':
      return runKde(task);
    case 'mean-shift':
      return runMeanShift(task);
    case 'hierarchical':
      return runHierarchical(task);
    case 'cut':
      return runCut(task);
    case 'sleep':
      return runSleep(task, ctx);
    case 'choose-k':
      return runChooseK(task);
    case 'dbscan':
      return runDbscan(task);
    case 'hdbscan':
      return runHdbscan(task);
    case 'optics':
      return runOptics(task);
    case 'kmedoids':
      return runKMedoids(task);
    default: {
      const kind = (task as { kind?: unknown }).kind;
      throw new ValidationError(`Unknown task kind ${JSON.stringify(kind)}.`, { param: 'kind' });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Data

/** The 2-D view of rows of the data: X itself (d = 2), (x, 0) for d = 1, or the projection's coordinates (d > 2). */
export function toView(M: Matrix, projection: Projection | null): Matrix {
  if (M.cols === 2) return { rows: M.rows, cols: 2, data: M.data.slice() };
  if (M.cols === 1) {
    const data = new Float64Array(M.rows * 2);
    for (let i = 0; i < M.rows; i++) data[i * 2] = M.data[i];
    return { rows: M.rows, cols: 2, data };
  }
  if (projection === null) throw new ValidationError('Data with more than 2 columns needs a projection to be shown.');
  return projectPca(M, projection);
}

/** Mean of the rows of each class (k×d), classes 0..k−1. */
function classMeans(X: Matrix, y: Int32Array): Matrix {
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > k) k = y[i] + 1;
  const d = X.cols;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    if (y[i] < 0) continue;
    counts[y[i]]++;
    for (let j = 0; j < d; j++) sums[y[i] * d + j] += X.data[i * d + j];
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) sums[c * d + j] /= Math.max(counts[c], 1);
  return { rows: k, cols: d, data: sums };
}

function finishDataset(
  raw: Matrix,
  y: Int32Array | null,
  rawCenters: Matrix | null,
  columnNames: string[],
  rawTitle: string,
  skippedColumns: string[] = [],
  standardize = false,
): DatasetResult {
  if (raw.rows < 2) {
    throw new ValidationError(`The data has ${raw.rows} row; the playground needs at least 2 points.`, { param: 'X' });
  }
  // z-scores per column (the CLI's scale: 'standard'); the known centres move with the data.
  const scaler = standardize ? fitScaler(raw, 'standard') : null;
  const X = scaler !== null ? applyScaler(raw, scaler) : raw;
  const centers = scaler !== null && rawCenters !== null ? applyScaler(rawCenters, scaler) : rawCenters;
  const title = scaler !== null ? `${rawTitle} — standardised (z-scores)` : rawTitle;
  const projection = X.cols > 2 ? fitPca(X, 2) : null;
  const view = toView(X, projection);
  let axisLabels: [string, string];
  if (projection !== null) {
    axisLabels = [
      `PC1 (${Math.round(projection.explained[0] * 100)} % of variance)`,
      `PC2 (${Math.round(projection.explained[1] * 100)} % of variance)`,
    ];
  } else if (X.cols === 2) {
    axisLabels = [columnNames[0] ?? 'x₁', columnNames[1] ?? 'x₂'];
    if (scaler !== null) axisLabels = [`${axisLabels[0]} (z-score)`, `${axisLabels[1]} (z-score)`];
  } else {
    axisLabels = [columnNames[0] ?? 'x', '(one column: shown at 0)'];
  }
  const trueCenters = centers !== null ? toView(centers, projection) : null;
  return { X, view, projection, axisLabels, columnNames, y, trueCenters, title, skippedColumns };
}

/** Loads or generates a data set. */
export function loadDataset(task: DatasetTask): DatasetResult {
  switch (task.source) {
    case 'demo': {
      const { X, y, centers } = demoBlobs(task.seed);
      return finishDataset(
        X,
        y,
        centers ?? null,
        ['x₁', 'x₂'],
        'Demo: 5 centres (0,0), (±3,±3), 50 points each',
        [],
        task.standardize,
      );
    }
    case 'iris': {
      const { X, y, featureNames } = loadIris();
      return finishDataset(
        X,
        y,
        classMeans(X, y),
        [...(featureNames ?? [])],
        'Iris: 150 flowers × 4 measurements (PCA view; ◇ = species means)',
        [],
        task.standardize,
      );
    }
    case 'blobs': {
      const { X, y, centers } = makeBlobs({
        nSamples: task.n,
        centers: task.centers,
        clusterStd: task.spread,
        centerBox: [-6, 6],
        seed: task.seed,
      });
      return finishDataset(
        X,
        y,
        centers ?? null,
        ['x₁', 'x₂'],
        `Blobs: ${task.centers} centres, ${task.n} points, spread ${task.spread}`,
        [],
        task.standardize,
      );
    }
    case 'moons': {
      const { X, y } = makeMoons({ nSamples: task.n, noise: task.noise, seed: task.seed });
      return finishDataset(
        X,
        y,
        null,
        ['x₁', 'x₂'],
        `Two moons: ${task.n} points, noise ${task.noise}`,
        [],
        task.standardize,
      );
    }
    case 'circles': {
      const { X, y } = makeCircles({ nSamples: task.n, noise: task.noise, factor: task.factor, seed: task.seed });
      return finishDataset(
        X,
        y,
        null,
        ['x₁', 'x₂'],
        `Two circles: ${task.n} points, noise ${task.noise}, inner radius ${task.factor}`,
        [],
        task.standardize,
      );
    }
    case 'text':
      return parseText(task.text, task.name, task.standardize);
    case 'points': {
      const X = task.X;
      return finishDataset(
        { rows: X.rows, cols: X.cols, data: Float64Array.from(X.data) },
        null,
        null,
        ['x₁', 'x₂'].slice(0, X.cols),
        `Your points: ${X.rows}`,
      );
    }
    default:
      throw new ValidationError(`Unknown data source ${JSON.stringify((task as { source?: unknown }).source)}.`, {
        param: 'source',
      });
  }
}

/**
 * Parses pasted text. Columns where most cells are numbers are the data (a stray non-number in them is an error
 * naming its line and column); the others are text columns, left out — a text column with few distinct values is
 * taken as the true classes.
 */
export function parseText(text: string, name: string, standardize = false): DatasetResult {
  if (text.trim() === '') throw new ValidationError('The text is empty; paste or drop a CSV file with numbers.');
  const table = parseTable(text, detectFormat(name, text));
  if (table.rows.length === 0) throw new ValidationError('The table has a header but no rows of data.');
  const numeric: number[] = [];
  const textual: number[] = [];
  for (let j = 0; j < table.names.length; j++) {
    let nums = 0;
    for (const r of table.rows) if (castNumber(r[j]) !== null) nums++;
    (nums * 2 > table.rows.length ? numeric : textual).push(j);
  }
  if (numeric.length === 0) {
    throw new ValidationError(
      `No numeric column found (columns: ${table.names.join(', ')}); the data needs at least one column of numbers.`,
      { param: 'X' },
    );
  }
  const X = tableToMatrix(table, numeric);
  let y: Int32Array | null = null;
  for (const j of textual) {
    const { labels, names } = tableLabels(table, j);
    if (names.length >= 2 && names.length <= 20) {
      y = labels;
      break;
    }
  }
  const names = numeric.map((j) => table.names[j]);
  return finishDataset(
    X,
    y,
    y !== null ? classMeans(X, y) : null,
    names,
    `${name || 'Pasted data'}: ${X.rows} rows × ${X.cols} columns`,
    textual.map((j) => table.names[j]),
    standardize,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Clustering

/** Rows above which the silhouette is estimated on a random subset of this size. */
export const SILHOUETTE_SAMPLE = 4000;
/** Memory budget of the hierarchical distance matrix in the browser; above it linkage runs matrix-free. */
const LINKAGE_BUDGET = 256 * 1024 ** 2;

/** Silhouette, Calinski–Harabasz, Davies–Bouldin (NaN when undefined) and the ARI against y when known. */
export function scoreLabels(X: Matrix, labels: Int32Array, y: Int32Array | null): Metrics {
  const ids = new Set<number>();
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) ids.add(labels[i]);
  const nClusters = ids.size;
  const safe = (f: () => number): number => {
    try {
      return f();
    } catch {
      return Number.NaN;
    }
  };
  const ok = nClusters >= 2 && nClusters <= X.rows - 1;
  // The silhouette costs O(n²·d): above SILHOUETTE_SAMPLE rows it is estimated on a seeded random subset.
  const sample = X.rows > SILHOUETTE_SAMPLE ? { sampleSize: SILHOUETTE_SAMPLE, seed: 0 } : {};
  return {
    nClusters,
    silhouette: ok ? safe(() => silhouetteScore(X, labels, sample)) : Number.NaN,
    calinskiHarabasz: ok ? safe(() => calinskiHarabaszScore(X, labels)) : Number.NaN,
    daviesBouldin: ok ? safe(() => daviesBouldinScore(X, labels)) : Number.NaN,
    adjustedRand: y !== null && y.length === labels.length ? safe(() => adjustedRandScore(y, labels)) : null,
  };
}

async function runKMeans(task: KMeansTask, ctx: TaskContext): Promise<KMeansResult> {
  const { X, projection, k, init, nInit, maxIter, seed } = task;
  const frames: KMeansFrame[] = [];
  const stepper = new KMeans({ nClusters: k, init, nInit: 1, maxIter, seed });
  for (const s of stepper.steps(X)) {
    frames.push({
      phase: s.phase,
      iteration: s.iteration,
      labels: s.labels,
      centersView: toView(s.centers, projection),
      inertia: s.inertia,
    });
    ctx.progress({ fraction: null, message: `k-means: iteration ${s.iteration + 1}, ${s.phase}` });
    await ctx.checkpoint();
  }
  ctx.progress({ fraction: null, message: `k-means: ${nInit} restarts` });
  await ctx.checkpoint(true);
  const km = new KMeans({ nClusters: k, init, nInit, maxIter, seed }).fit(X);
  return {
    kind: 'kmeans',
    frames,
    labels: km.labels,
    centers: km.clusterCenters,
    centersView: toView(km.clusterCenters, projection),
    inertia: km.inertia,
    nIter: km.nIter,
    runInertias: [...km.runInertias],
    seed: km.seed,
    metrics: scoreLabels(X, km.labels, task.y),
    warnings: km.warnings.map((w) => w.message),
  };
}

/** Most iterations replayed as animation frames for soft k-means and fuzzy c-means. */
const MAX_SOFT_FRAMES = 30;

/**
 * Frames of a soft clustering: the fit stopped after t = 1, 2, … iterations (same seed, so the same path), each
 * fitted with `tol: 0` and `maxIter: t`; the last frame is the full fit.
 */
async function softFrames(
  nIter: number,
  fitAt: (t: number) => { labels: Int32Array; memberships: Matrix; centers: Matrix },
  projection: Projection | null,
  ctx: TaskContext,
  name: string,
): Promise<SoftFrame[]> {
  const frames: SoftFrame[] = [];
  const last = Math.min(nIter, MAX_SOFT_FRAMES);
  for (let t = 1; t <= last; t++) {
    const iteration = t === last ? nIter : t;
    const f = fitAt(iteration);
    frames.push({
      iteration,
      labels: f.labels.slice(),
      memberships: { rows: f.memberships.rows, cols: f.memberships.cols, data: f.memberships.data.slice() },
      centersView: toView(f.centers, projection),
    });
    ctx.progress({ fraction: t / last, message: `${name}: iteration ${iteration}` });
    await ctx.checkpoint();
  }
  return frames;
}

async function runSoftKMeans(task: SoftKMeansTask, ctx: TaskContext): Promise<SoftResult> {
  const { X, projection, k, beta, maxIter, seed } = task;
  const m = new SoftKMeans({ nClusters: k, beta, maxIter, seed }).fit(X);
  const frames = await softFrames(
    m.nIter,
    (t) => {
      const f = t === m.nIter ? m : new SoftKMeans({ nClusters: k, beta, maxIter: t, tol: 0, seed }).fit(X);
      return { labels: f.labels, memberships: f.responsibilities, centers: f.clusterCenters };
    },
    projection,
    ctx,
    'soft k-means',
  );
  return {
    kind: 'soft-kmeans',
    frames,
    labels: m.labels,
    memberships: m.responsibilities,
    centersView: toView(m.clusterCenters, projection),
    nIter: m.nIter,
    objective: m.inertia,
    metrics: scoreLabels(X, m.labels, task.y),
    warnings: m.warnings.map((w) => w.message),
  };
}

async function runFuzzyCMeans(task: FuzzyCMeansTask, ctx: TaskContext): Promise<SoftResult> {
  const { X, projection, k, m: fuzzifier, maxIter, seed } = task;
  const m = new FuzzyCMeans({ nClusters: k, m: fuzzifier, maxIter, seed }).fit(X);
  const frames = await softFrames(
    m.nIter,
    (t) => {
      const f = t === m.nIter ? m : new FuzzyCMeans({ nClusters: k, m: fuzzifier, maxIter: t, tol: 0, seed }).fit(X);
      return { labels: f.labels, memberships: f.memberships, centers: f.clusterCenters };
    },
    projection,
    ctx,
    'fuzzy c-means',
  );
  return {
    kind: 'fuzzy-cmeans',
    frames,
    labels: m.labels,
    memberships: m.memberships,
    centersView: toView(m.clusterCenters, projection),
    nIter: m.nIter,
    objective: m.objective,
    metrics: scoreLabels(X, m.labels, task.y),
    warnings: m.warnings.map((w) => w.message),
  };
}

/** The k covariances of a mixture as 2×2 view covariances (WᵀΣW under a projection; zero for d = 1). */
function viewCovariances(gm: GaussianMixture, k: number, d: number, projection: Projection | null): Float64Array {
  const out = new Float64Array(k * 4);
  for (let c = 0; c < k; c++) {
    const S = gm.componentCovariance(c).data;
    if (d === 2) out.set(S, c * 4);
    else if (d === 1) out[c * 4] = S[0];
    else if (projection !== null) {
      const W = projection.components; // d×2, W[j·2 + t]
      for (let a = 0; a < 2; a++) {
        for (let b = 0; b < 2; b++) {
          let s = 0;
          for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) s += W[p * 2 + a] * S[p * d + q] * W[q * 2 + b];
          out[c * 4 + a * 2 + b] = s;
        }
      }
    }
  }
  return out;
}

async function runGmm(task: GmmTask, ctx: TaskContext): Promise<GmmResult> {
  const { X, projection, k, covarianceType, maxIter, seed } = task;
  // One EM iteration per fit, continuing from the previous one (warm start): the same path as one long fit.
  const gm = new GaussianMixture({ nComponents: k, covarianceType, maxIter: 1, warmStart: true, seed });
  const frames: GmmFrame[] = [];
  let iter = 0;
  let converged = false;
  while (iter < maxIter && !converged) {
    gm.fit(X);
    iter++;
    converged = gm.converged;
    frames.push({
      iteration: iter,
      labels: gm.labels.slice(),
      meansView: toView(gm.means, projection),
      covariancesView: viewCovariances(gm, k, X.cols, projection),
      lowerBound: gm.lowerBound,
    });
    ctx.progress({ fraction: null, message: `EM iteration ${iter}: mean log-likelihood ${gm.lowerBound.toFixed(4)}` });
    await ctx.checkpoint();
  }
  const ks: number[] = [];
  const bic: number[] = [];
  const kMax = Math.min(task.bicKMax, X.rows);
  for (let kk = 1; kk <= kMax; kk++) {
    ctx.progress({ fraction: kk / (kMax + 1), message: `BIC for k = ${kk}` });
    await ctx.checkpoint(true);
    ks.push(kk);
    try {
      const m = new GaussianMixture({ nComponents: kk, covarianceType, seed }).fit(X);
      bic.push(m.bic(X));
    } catch {
      bic.push(Number.NaN);
    }
  }
  return {
    kind: 'gmm',
    frames,
    labels: gm.labels,
    weights: gm.weights,
    converged,
    nIter: iter,
    bic: gm.bic(X),
    bicCurve: { ks, bic },
    metrics: scoreLabels(X, gm.labels, task.y),
    warnings: converged ? [] : [`EM did not converge in ${maxIter} iterations.`],
  };
}

function runKde(task: KdeTask): KdeResult {
  const kde = new KernelDensity({ bandwidth: task.bandwidth, kernel: task.kernel }).fit(task.view);
  const g = densityGrid2D(kde, { nx: task.gridSize, ny: task.gridSize });
  return {
    kind: 'kde',
    grid: { x: g.x, y: g.y, density: g.density },
    bandwidth: kde.bandwidth,
    logLikelihood: kde.score(task.view) / task.view.rows,
  };
}

function runMeanShift(task: MeanShiftTask): MeanShiftResult {
  const ms = new MeanShift(task.bandwidth === null ? {} : { bandwidth: task.bandwidth }).fit(task.X);
  return {
    kind: 'mean-shift',
    labels: ms.labels,
    centersView: toView(ms.clusterCenters, task.projection),
    bandwidth: ms.bandwidth,
    nIter: ms.nIter,
    metrics: scoreLabels(task.X, ms.labels, task.y),
    warnings: ms.warnings.map((w) => w.message),
  };
}

/** Drawing data of a dendrogram (the library's SciPy-compatible layout, flattened to typed arrays). */
export function dendrogramLayout(Z: Matrix): DendrogramLayout {
  const d = dendrogram(Z);
  const m = d.icoord.length;
  const icoord = new Float64Array(m * 4);
  const dcoord = new Float64Array(m * 4);
  let maxHeight = 0;
  for (let i = 0; i < m; i++) {
    icoord.set(d.icoord[i], i * 4);
    dcoord.set(d.dcoord[i], i * 4);
    if (d.dcoord[i][1] > maxHeight) maxHeight = d.dcoord[i][1];
  }
  return { leaves: Int32Array.from(d.leaves), icoord, dcoord, maxHeight };
}

/** 0-based flat labels of a cut of Z at `height`: subtrees whose merges are all at or below it. */
function cutLabels(Z: Matrix, height: number): Int32Array {
  return fcluster(Z, height, { criterion: 'distance' });
}

function runHierarchical(task: HierarchicalTask): HierarchicalResult {
  const { X, method, k } = task;
  const Z = linkage(X, { method, memoryBudget: LINKAGE_BUDGET });
  const n = X.rows;
  const kk = Math.max(1, Math.min(k, n));
  // Heights in merge order; the cut between merge n−k−1 and n−k leaves k clusters.
  const hs = Array.from({ length: n - 1 }, (_, i) => Z.data[i * 4 + 2]).sort((p, q) => p - q);
  const lo = kk >= n ? 0 : hs[n - kk - 1];
  const hi = kk <= 1 ? hs[n - 2] * 1.05 + 1e-12 : hs[n - kk];
  const height = kk >= n ? hs[0] / 2 : (lo + hi) / 2;
  const labels = cutLabels(Z, height);
  return {
    kind: 'hierarchical',
    Z,
    dendrogram: dendrogramLayout(Z),
    height,
    labels,
    metrics: scoreLabels(X, labels, task.y),
  };
}

function runCut(task: CutTask): CutResult {
  const labels = cutLabels(task.Z, task.height);
  return { kind: 'cut', height: task.height, labels, metrics: scoreLabels(task.X, labels, task.y) };
}

/**
 * Scores of a labelling with noise (−1): the internal indices on the clustered rows only (noise is no cluster),
 * the adjusted Rand index on all rows (noise as one more group, as scikit-learn scores DBSCAN).
 */
export function scoreWithNoise(X: Matrix, labels: Int32Array, y: Int32Array | null): Metrics {
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) m++;
  if (m === labels.length) return scoreLabels(X, labels, y);
  const d = X.cols;
  const data = new Float64Array(m * d);
  const kept = new Int32Array(m);
  for (let i = 0, t = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    data.set(X.data.subarray(i * d, i * d + d), t * d);
    kept[t++] = labels[i];
  }
  const inner = scoreLabels({ rows: m, cols: d, data }, kept, null);
  const all = scoreLabels(X, labels, y);
  return { ...inner, adjustedRand: all.adjustedRand };
}

function countNoise(labels: Int32Array): number {
  let c = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] < 0) c++;
  return c;
}

function runDbscan(task: DbscanTask): DensityClusterResult {
  const db = new DBSCAN({ eps: task.eps, minSamples: task.minSamples }).fit(task.X);
  const labels = db.labels;
  const strength = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) strength[i] = 0.5;
  const core = db.coreSampleIndices;
  for (let t = 0; t < core.length; t++) strength[core[t]] = 1;
  return {
    kind: 'dbscan',
    labels,
    strength,
    nNoise: countNoise(labels),
    metrics: scoreWithNoise(task.X, labels, task.y),
    warnings: db.warnings.map((w) => w.message),
  };
}

function runHdbscan(task: HdbscanTask): DensityClusterResult {
  const h = new HDBSCAN({ minClusterSize: task.minClusterSize, minSamples: task.minSamples }).fit(task.X);
  return {
    kind: 'hdbscan',
    labels: h.labels,
    strength: h.probabilities,
    nNoise: countNoise(h.labels),
    metrics: scoreWithNoise(task.X, h.labels, task.y),
    warnings: h.warnings.map((w) => w.message),
  };
}

function runOptics(task: OpticsTask): DensityClusterResult {
  const op = new OPTICS({ minSamples: task.minSamples, xi: task.xi }).fit(task.X);
  const labels = op.labels;
  const strength = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) strength[i] = 1;
  return {
    kind: 'optics',
    labels,
    strength,
    nNoise: countNoise(labels),
    metrics: scoreWithNoise(task.X, labels, task.y),
    warnings: op.warnings.map((w) => w.message),
    reachability: { ordering: op.ordering, distances: op.reachability },
  };
}

function runKMedoids(task: KMedoidsTask): KMedoidsResult {
  const km = new KMedoids({ nClusters: task.k, metric: task.metric, seed: task.seed }).fit(task.X);
  return {
    kind: 'kmedoids',
    labels: km.labels,
    medoidIndices: km.medoidIndices,
    medoidsView: toView(km.clusterCenters, task.projection),
    inertia: km.inertia,
    nIter: km.nIter,
    metrics: scoreLabels(task.X, km.labels, task.y),
    warnings: km.warnings.map((w) => w.message),
  };
}

function runChooseK(task: ChooseKTask): ChooseKResultMessage {
  // The gap statistic with Dudoit & Fridlyand's rule, as the CLI's default and the report (Tibshirani's k vs k+1
  // rule says 1 on a few well-separated clusters).
  const r = chooseK(task.X, {
    method: task.method,
    kMin: task.kMin,
    kMax: task.kMax,
    seed: task.seed,
    gapRule: 'global-se',
  });
  const edge = r.warnings.find((w) => w.code === 'RANGE_EDGE');
  const out: ChooseKResultMessage = {
    kind: 'choose-k',
    method: task.method,
    ks: r.ks,
    scores: r.scores,
    k: r.k,
    rule: edge ? `${r.rule}. ${edge.message}` : r.rule,
  };
  if (r.sk !== undefined) out.sk = r.sk;
  return out;
}

async function runSleep(task: SleepTask, ctx: TaskContext): Promise<SleepResult> {
  for (let s = 0; s < task.steps; s++) {
    ctx.progress({ fraction: s / task.steps, message: `step ${s + 1} of ${task.steps}` });
    await new Promise((resolve) => setTimeout(resolve, task.ms));
    await ctx.checkpoint(true);
  }
  return { kind: 'sleep', steps: task.steps };
}

// ---------------------------------------------------------------------------------------------------------------
// Installation in a module worker

interface WorkerScope {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (e: { data: WorkerRequest }) => void): void;
}

/**
 * Installs the handler on a worker's global scope, and enables the worker pool where the page is cross-origin
 * isolated (large k-means passes then also use a second worker; results are bit-identical either way).
 */
export function installWorker(scope: WorkerScope): void {
  enableWorkerPool();
  const handle = createWorkerHandler((msg, transfer) => scope.postMessage(msg, transfer));
  scope.addEventListener('message', (e) => {
    void handle(e.data);
  });
}

const g = globalThis as unknown as { WorkerGlobalScope?: unknown } & Partial<WorkerScope>;
if (typeof g.WorkerGlobalScope !== 'undefined' && typeof g.postMessage === 'function') {
  installWorker(g as WorkerScope);
}
