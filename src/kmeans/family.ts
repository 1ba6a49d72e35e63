/**
 * What the k-means family estimators (KMeans, SoftKMeans, FuzzyCMeans, MiniBatchKMeans, BisectingKMeans,
 * SphericalKMeans) share: the `init` option (k-means++, random rows or explicit centres), the `nClusters ≤ n`
 * check, the seeded generator, `nInit` restarts keeping the best run, and the centroid-model base class
 * (`labels`, `clusterCenters`, `fitPredict`, the saved centres and labels). @internal
 * @module
 */

import { type ModelWarning, ValidationError } from '../core/errors.js';
import { SeededEstimator, type SeededState } from '../core/estimator.js';
import { checkSquaredMagnitude } from '../core/magnitude.js';
import { type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { iterationProgress, type ProgressCallback } from '../core/progress.js';
import { createRng, type Rng, resolveSeed } from '../core/random.js';
import { meanColumnVariance } from '../core/stats.js';
import { checkInt, checkNumber, checkOneOf, checkSeed, toSampleWeight } from '../core/validate.js';
import { assignLabels } from './common.js';
import { kmeansPlusPlus, randomRows } from './init.js';
import { membershipCenters } from './softKernels.js';

/** A resolved `init` option: a method name, or explicit k×d centres (row-major copy). */
export interface ResolvedInit {
  kind: 'k-means++' | 'random' | 'explicit';
  centers: Float64Array | null;
  rows: number;
  cols: number;
}

/**
 * Validates `init` and `nClusters` together (constructor time). The default number of clusters is the number of
 * rows of explicit centres, else `defaultK`.
 * @throws {@link ValidationError} on an unknown init name, bad centres, or a centre count ≠ nClusters
 */
export function resolveInit(
  init: 'k-means++' | 'random' | MatrixLike,
  nClustersOpt: number | undefined,
  defaultK: number,
): { init: ResolvedInit; nClusters: number } {
  let r: ResolvedInit;
  if (typeof init === 'string') {
    r = namedInit(checkOneOf(init, ['k-means++', 'random'] as const, 'init'));
  } else {
    const m = toMatrix(init, 'init');
    r = { kind: 'explicit', centers: m.data.slice(), rows: m.rows, cols: m.cols };
  }
  const nClusters = checkInt(nClustersOpt ?? (r.kind === 'explicit' ? r.rows : defaultK), 'nClusters', 1);
  if (r.kind === 'explicit' && r.rows !== nClusters) {
    throw new ValidationError(
      `init has ${r.rows} centres but nClusters is ${nClusters}; pass one initial centre per cluster.`,
      { param: 'init' },
      'INVALID_OPTION',
    );
  }
  return { init: r, nClusters };
}

/** A named `init` method ('k-means++' or 'random') as a {@link ResolvedInit}. */
export function namedInit(kind: 'k-means++' | 'random'): ResolvedInit {
  return { kind, centers: null, rows: 0, cols: 0 };
}

/**
 * Data-dependent checks at fit time: n ≥ nClusters, and explicit centres with d columns.
 * @throws {@link ValidationError} naming `nClusters` or `init`
 */
export function checkFitShape(init: ResolvedInit, k: number, n: number, d: number): void {
  if (n < k) {
    throw new ValidationError(`n_samples=${n} should be >= nClusters=${k}; lower nClusters or pass more rows.`, {
      param: 'nClusters',
    });
  }
  if (init.kind === 'explicit' && init.cols !== d) {
    throw new ValidationError(
      `init centres have ${init.cols} columns but X has ${d}; give centres with one value per feature.`,
      { param: 'init' },
    );
  }
}

/** Initial centres k×d (a fresh array) for x n×d (IN), weights w n (IN). */
export function initialCenters(
  init: ResolvedInit,
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array,
  rng: Rng,
): Float64Array {
  if (init.kind === 'explicit') return (init.centers as Float64Array).slice();
  if (init.kind === 'random') return randomRows(x, n, d, k, rng);
  return kmeansPlusPlus(x, n, d, k, w, rng).centers;
}

/** The `init` option as saved in JSON: the method name or the explicit centres as rows. */
export function initToJSON(init: ResolvedInit): 'k-means++' | 'random' | number[][] {
  if (init.kind !== 'explicit') return init.kind;
  const c = init.centers as Float64Array;
  const out: number[][] = [];
  for (let i = 0; i < init.rows; i++) out.push(Array.from(c.subarray(i * init.cols, (i + 1) * init.cols)));
  return out;
}

/** The seed a fit uses (the option's, else a fresh one, recorded in the model) and its generator. */
export function seededRng(seedOption: number | undefined): { seed: number; rng: Rng } {
  const seed = resolveSeed(seedOption);
  return { seed, rng: createRng(seed) };
}

/**
 * Number of runs for the `nInit` option: 'auto' is 10 with random initial centres and 1 otherwise (scikit-learn
 * 1.4's rule); explicit centres always give one run.
 */
export function restartCount(nInit: number | 'auto', init: ResolvedInit['kind']): number {
  if (init === 'explicit') return 1;
  if (nInit === 'auto') return init === 'random' ? 10 : 1;
  return nInit;
}

/**
 * Runs `run(r)` for r = 0..nRuns−1 in order and keeps the first run that no later run `beats`.
 * @param beats - whether `run` should replace `best` (default: strictly lower inertia)
 */
export function bestOfRuns<R extends { inertia: number }>(
  nRuns: number,
  run: (r: number) => R,
  beats: (run: R, best: R) => boolean = (a, b) => a.inertia < b.inertia,
): R {
  let best = run(0);
  for (let r = 1; r < nRuns; r++) {
    const next = run(r);
    if (beats(next, best)) best = next;
  }
  return best;
}

/** The warning for an iteration that stopped at maxIter before meeting its tolerance. */
export function convergenceWarning(algorithm: string, maxIter: number): ModelWarning {
  return {
    code: 'CONVERGENCE',
    message: `${algorithm} did not converge in maxIter=${maxIter} iterations; raise maxIter or tol.`,
  };
}

/** The fitted state every centroid model holds: k×d centres and the label of each training row. */
export interface CentroidState extends SeededState {
  centers: Matrix;
  labels: Int32Array;
}

/** The centres and labels as saved in a model's JSON state. */
export interface CentroidJSON {
  clusterCenters: number[][];
  labels: number[];
}

/** The saved form of the centres and labels (the first two keys of every centroid model's state). */
export function centroidToJSON(s: CentroidState): CentroidJSON {
  return { clusterCenters: toArrays(s.centers), labels: Array.from(s.labels) };
}

/** Centres, labels and nFeaturesIn read back from a saved state. */
export function centroidFromJSON(j: CentroidJSON): { centers: Matrix; labels: Int32Array; nFeaturesIn: number } {
  const centers = toMatrix(j.clusterCenters, 'clusterCenters');
  return { centers, labels: Int32Array.from(j.labels), nFeaturesIn: centers.cols };
}

/** Base of the centroid models: `labels`, `clusterCenters` and `fitPredict` over a {@link CentroidState}. */
export abstract class CentroidEstimator<S extends CentroidState> extends SeededEstimator<S> {
  /** Fits the model to X (n×d); see the subclass. */
  abstract fit(X: MatrixLike, opts?: { sampleWeight?: ArrayLike<number> }): this;

  /** Fits and returns the labels of the training rows. */
  fitPredict(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): Int32Array {
    return this.fit(X, opts).labels;
  }
  /** Cluster index (0..k−1) of each training row. Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** k×d cluster centres. Read-only. */
  get clusterCenters(): Matrix {
    return this.state('clusterCenters').centers;
  }
}

/**
 * The loop options of soft k-means and fuzzy c-means, validated: maxIter ≥ 1 (default 300), tol ≥ 0 (default
 * 1e-4, relative to the mean feature variance) and the seed.
 * @throws {@link ValidationError} naming the option
 */
export function membershipLoopOptions(o: { maxIter?: number; tol?: number; seed?: number }): {
  maxIter: number;
  tol: number;
  seed: number | undefined;
} {
  return {
    maxIter: checkInt(o.maxIter ?? 300, 'maxIter', 1),
    tol: checkNumber(o.tol ?? 1e-4, 'tol', 0),
    seed: checkSeed(o.seed),
  };
}

/**
 * The start of a soft k-means or fuzzy c-means fit: X read and checked against nClusters and the init, the
 * weights (null when not given), the seed and its generator, and the initial centres (k×d, a fresh array).
 * @throws {@link ValidationError} on bad data, nClusters > n, or init with the wrong number of columns
 */
export function startMembershipFit(
  X: MatrixLike,
  sampleWeight: ArrayLike<number> | undefined,
  init: ResolvedInit,
  k: number,
  seedOption: number | undefined,
): { x: Float64Array; n: number; d: number; w: Float64Array | null; seed: number; centers: Float64Array } {
  const m = toMatrix(X, 'X');
  checkSquaredMagnitude(m, 'The squared distances to the centres');
  const { rows: n, cols: d } = m;
  checkFitShape(init, k, n, d);
  const w = sampleWeight === undefined ? null : toSampleWeight(sampleWeight, n);
  const { seed, rng } = seededRng(seedOption);
  const centers = initialCenters(init, m.data, n, d, k, w ?? new Float64Array(n).fill(1), rng);
  return { x: m.data, n, d, w, seed, centers };
}

/**
 * The alternating loop of soft k-means and fuzzy c-means: `memberships(centers)` fills the n×k memberships for
 * the current centres, then the centres move to v_c = Σᵢ wᵢ u_ic^power xᵢ / Σᵢ wᵢ u_ic^power. Stops when
 * Σ‖Δv‖² ≤ tol·mean(var(X)), never when tol = 0 (maxIter is then the exact number of iterations). The caller runs
 * the last membership step for the returned centres. x n×d IN, u n×k (filled by `memberships`), w n or null (IN);
 * `onProgress` sees the iterations done against maxIter ({@link iterationProgress}). O(n·k·d) per iteration.
 */
export function runMembershipLoop(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array | null,
  u: Float64Array,
  init: Float64Array,
  k: number,
  power: number,
  maxIter: number,
  tolOption: number,
  memberships: (centers: Float64Array) => void,
  onProgress?: ProgressCallback,
): { centers: Float64Array; nIter: number; converged: boolean } {
  const report = iterationProgress(onProgress, 1, maxIter);
  let centers = init;
  let next: Float64Array = new Float64Array(k * d);
  const tol = tolOption === 0 ? 0 : tolOption * meanColumnVariance(x, n, d);
  const totals = new Float64Array(k);
  let converged = false;
  let it = 0;
  while (it < maxIter) {
    memberships(centers);
    const shift = membershipCenters(x, n, d, w, u, k, power, centers, next, totals);
    const t = centers;
    centers = next;
    next = t;
    it++;
    report(0, it);
    if (tolOption > 0 && shift <= tol) {
      converged = true;
      break;
    }
  }
  report(0, maxIter);
  return { centers, nIter: it, converged };
}

/**
 * Nearest-centre label (squared Euclidean, ties to the lowest index) of each row of X against the fitted centres
 * of `s`. O(m·k·d) for m rows.
 * @throws {@link ValidationError} on bad data or a column count other than at fit
 */
export function predictNearestCenter(s: CentroidState, X: MatrixLike): Int32Array {
  const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
  const labels = new Int32Array(m.rows);
  assignLabels(m.data, m.rows, m.cols, s.centers.data, s.centers.rows, null, labels, new Float64Array(m.rows));
  return labels;
}

/** The state of a centroid model fitted by one iterated run: its inertia, iterations and convergence. */
export interface IteratedState extends CentroidState {
  inertia: number;
  nIter: number;
  converged: boolean;
}

/**
 * Base of the centroid models fitted by an iterated run (KMeans, SoftKMeans, SphericalKMeans): adds `inertia`,
 * `nIter`, `converged`, and saves `{ clusterCenters, labels, inertia, nIter, converged, seed, warnings }`.
 */
/**
 * The fitted-state fields of a kept run: its centres (k×d), labels, inertia, iterations and convergence, with
 * nFeaturesIn = d.
 */
export function keptRunState(
  res: { centers: Float64Array; labels: Int32Array; inertia: number; nIter: number; converged: boolean },
  k: number,
  d: number,
): Omit<IteratedState, 'seed' | 'warnings'> {
  return {
    centers: { rows: k, cols: d, data: res.centers },
    labels: res.labels,
    inertia: res.inertia,
    nIter: res.nIter,
    converged: res.converged,
    nFeaturesIn: d,
  };
}

export abstract class IteratedCentroidEstimator<S extends IteratedState> extends CentroidEstimator<S> {
  /** The objective of the kept run (see the subclass: Σᵢ wᵢ‖xᵢ − μ_{labelᵢ}‖² for the Euclidean models). */
  get inertia(): number {
    return this.state('inertia').inertia;
  }
  /** Iterations of the kept run (scikit-learn's `n_iter_`). */
  get nIter(): number {
    return this.state('nIter').nIter;
  }
  /** Whether the kept run met the stopping rule before maxIter. */
  get converged(): boolean {
    return this.state('converged').converged;
  }
  /** The saved state: centres, labels, inertia, iterations, convergence, seed, warnings. */
  protected saveState(s: S): object {
    const { inertia, nIter, converged, seed, warnings } = s;
    return { ...centroidToJSON(s), inertia, nIter, converged, seed, warnings };
  }
}
