/**
 * k-medoids clustering: FasterPAM, PAM (BUILD + SWAP) and the alternating method, on data under any metric or on a
 * precomputed dissimilarity matrix.
 * @module
 */
import { checkNoZeroRows, DEFAULT_MEMORY_BUDGET, METRICS, type Metric } from '../core/distance.js';
import { type ModelWarning, ValidationError } from '../core/errors.js';
import type { Matrix, MatrixLike } from '../core/matrix.js';
import { toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { iterationProgress, type ProgressCallback, phaseProgress } from '../core/progress.js';
import { createRng, resolveSeed, sampleWithoutReplacement } from '../core/random.js';
import { checkInt, checkNumber, checkOneOf, checkSeed } from '../core/validate.js';
import {
  type DissimilarityView,
  type PrecomputedDissimilarity,
  toDissimilarityView,
  withDataDissimilarities,
} from './dissimilarity.js';
import {
  checkFiniteInertia,
  MedoidEstimator,
  type MedoidState,
  type MedoidStateJSON,
  medoidStateFromJSON,
  nearestCenter,
} from './medoidState.js';
import {
  alternateMedoids,
  assignNearest,
  buildMedoids,
  fasterPam,
  pamSwap,
  plusPlusMedoids,
  type SwapResult,
} from './pam.js';

/** k-medoids algorithms. */
export type KMedoidsMethod = 'fasterpam' | 'pam' | 'alternate';
/** Every {@link KMedoidsMethod}. */
export const KMEDOIDS_METHODS: readonly KMedoidsMethod[] = ['fasterpam', 'pam', 'alternate'];
/** Named initializations of {@link KMedoids}. */
export type KMedoidsInitName = 'build' | 'k-medoids++' | 'random';
/** Every {@link KMedoidsInitName}. */
export const KMEDOIDS_INITS: readonly KMedoidsInitName[] = ['build', 'k-medoids++', 'random'];
/** A metric for {@link KMedoids}: one of `METRICS`, or `'precomputed'` dissimilarities. */
export type KMedoidsMetric = Metric | 'precomputed';

/** Options of {@link KMedoids}. */
export interface KMedoidsOptions {
  /** Number of clusters k (medoids). @defaultValue 8 (or the length of an explicit `init`) */
  nClusters?: number;
  /** Dissimilarity between rows, or `'precomputed'` to pass a square or condensed matrix to `fit`. @defaultValue 'euclidean' */
  metric?: KMedoidsMetric;
  /** `fasterpam` (eager swaps), `pam` (R's original BUILD + SWAP) or `alternate` (Voronoi iteration). @defaultValue 'fasterpam' */
  method?: KMedoidsMethod;
  /** PAM's greedy BUILD, k-medoids++, k random rows, or k distinct 0-based row indices. @defaultValue 'build' */
  init?: KMedoidsInitName | ArrayLike<number>;
  /** Maximum number of passes (swap passes for `pam` and `fasterpam`, iterations for `alternate`). @defaultValue 300 */
  maxIter?: number;
  /** Seed of the PRNG for `random` and `k-medoids++`; drawn (and recorded as `seed`) when omitted. */
  seed?: number;
  /**
   * Bytes a square n×n matrix of doubles (n²·8) may take: within it the dissimilarities built from data are stored
   * (condensed, in half that); above it they are computed when read (no matrix, O(d) per value). @defaultValue 2 GiB
   */
  memoryBudget?: number;
}

/** Resolved options of {@link KMedoids}. */
export interface ResolvedKMedoidsOptions {
  nClusters: number;
  metric: KMedoidsMetric;
  method: KMedoidsMethod;
  init: KMedoidsInitName | number[];
  maxIter: number;
  seed: number | undefined;
  memoryBudget: number;
}

interface KMedoidsState extends MedoidState {
  converged: boolean;
  nSamples: number;
}

/**
 * k-medoids clustering (partitioning around medoids): k rows of the data, the medoids, that minimize the total
 * dissimilarity of every row to its nearest medoid.
 *
 * @remarks
 * Minimizes TD = Σᵢ min_c d(xᵢ, m_c) over medoid sets M ⊂ X, |M| = k, for any dissimilarity d (a metric from
 * `METRICS`, or a precomputed square or condensed matrix, read in place without a copy).
 * - `fasterpam` (default): Schubert & Rousseeuw's FasterPAM with eager swaps: for each candidate the best medoid to
 *   replace is found in O(n) from each point's nearest and second-nearest medoid, so a pass costs O(n²), k times
 *   less than PAM's SWAP. Reaches a local optimum of the same kind as PAM (no single swap improves TD).
 * - `pam`: R cluster's `pam(variant = 'original')`: BUILD, then SWAP applying the best of all k·(n−k) exchanges
 *   per pass, O(k·n²) per pass.
 * - `alternate`: Voronoi iteration (scikit-learn-extra's `method='alternate'`): assign, then move each medoid to the
 *   member with the least in-cluster total; faster per pass, usually a worse optimum.
 * Initialization: `build` (PAM's greedy BUILD, R's tie rule, O(k·n²)), `k-medoids++` (D² seeding), `random`, or
 * given indices. With k = 1 the medoid is the row of least total dissimilarity (the exact optimum).
 * `inertia` is TD, the sum of dissimilarities to the nearest medoid; R's `pam` reports the mean, TD / n, as
 * `objective` (`build` after BUILD, `swap` at the end). `nIter` counts passes, including the last one that found
 * nothing to improve. Memory, fitted from data: the condensed matrix, n(n−1)/2 doubles, when n²·8 bytes fit in
 * `memoryBudget`, else none (each dissimilarity is computed when read: the same values, O(d) per read); {@link CLARA}
 * is the way to large n. The condensed matrix lives in one pooled WebAssembly memory that the next fit reuses (no
 * new n²/2 buffer per fit waiting for the garbage collector); `releaseWasmMemory()` drops it, and one over 256 MiB
 * (n above ≈ 8 000) is not kept after the fit. The scans read its
 * rows a few at a time (the strided half of each row gathered for four rows at once). Matches R cluster 2.1.4 `pam` (variants `original` and `faster`, same start) on the
 * fixtures: medoids, clustering and objective.
 * @see Schubert, E. & Rousseeuw, P. J. (2021), Fast and eager k-medoids clustering: O(k) runtime improvement of the
 * PAM, CLARA, and CLARANS algorithms, Information Systems 101; Kaufman, L. & Rousseeuw, P. J. (1990), Finding
 * Groups in Data, ch. 2
 * @example
 * const km = new KMedoids({ nClusters: 2 }).fit([[0, 0], [0, 1], [5, 5], [5, 6], [6, 5]]);
 * km.medoidIndices; // Int32Array [2, 1]: rows 2 and 1 are the medoids (BUILD breaks ties to the later row, as R)
 * km.labels;        // Int32Array [1, 1, 0, 0, 0]
 */
export class KMedoids extends MedoidEstimator<KMedoidsState, MatrixLike | PrecomputedDissimilarity> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedKMedoidsOptions>;

  /** @throws {@link ValidationError} on an invalid option */
  constructor(options: KMedoidsOptions = {}) {
    super('KMedoids', "metric 'precomputed'");
    const init = resolveInit(options.init);
    const nClusters = checkInt(options.nClusters ?? (Array.isArray(init) ? init.length : 8), 'nClusters', 1);
    if (Array.isArray(init) && init.length !== nClusters) {
      throw new ValidationError(`init has ${init.length} indices but nClusters=${nClusters}; give one per cluster.`, {
        param: 'init',
      });
    }
    this.options = Object.freeze({
      nClusters,
      metric: checkOneOf(options.metric ?? 'euclidean', [...METRICS, 'precomputed'] as const, 'metric'),
      method: checkOneOf(options.method ?? 'fasterpam', KMEDOIDS_METHODS, 'method'),
      init,
      maxIter: checkInt(options.maxIter ?? 300, 'maxIter', 1),
      seed: checkSeed(options.seed),
      memoryBudget: checkNumber(options.memoryBudget ?? DEFAULT_MEMORY_BUDGET, 'memoryBudget', 0),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the medoids.
   * @param X - n×d data, or with `metric: 'precomputed'` an n×n symmetric dissimilarity matrix (a `Matrix` is read
   * in place) or a condensed vector of length n(n−1)/2 (a `Float64Array` is read in place)
   * @throws {@link ValidationError} on bad data, nClusters > n, an init index out of range, or (precomputed) a
   * non-square, asymmetric or negative matrix
   * @param opts.onProgress - called with the passes done (swap passes, or iterations for `alternate`) and maxIter;
   * a search that stops early ends at maxIter ({@link ProgressCallback}; the result is unchanged). When the n×n
   * matrix is built from the data, its rows come first: total 2·maxIter, the first maxIter the rows built
   * (scaled), the second the passes
   * @throws {@link NumericalError} when the distances overflow (data near 1e154 and beyond): scale the data first
   */
  fit(X: MatrixLike | PrecomputedDissimilarity, opts: { onProgress?: ProgressCallback } = {}): this {
    const { metric } = this.options;
    const seed = resolveSeed(this.options.seed);
    const fitView = (view: DissimilarityView, x: Matrix | null, onProgress: ProgressCallback | undefined): void => {
      const r = fitMedoids(view, this.options, seed, 'KMedoids', onProgress);
      this.setState({
        ...r,
        centers: x === null ? null : gatherRows(x, r.medoidIndices),
        nSamples: view.n,
        nFeaturesIn: x === null ? view.n : x.cols,
        seed,
      });
    };
    if (metric === 'precomputed') {
      fitView(toDissimilarityView(X as PrecomputedDissimilarity, 'X'), null, opts.onProgress);
      return this;
    }
    const x = toMatrix(X as MatrixLike, 'X');
    if (metric === 'cosine') checkNoZeroRows(x, 'X');
    // Two phases when the matrix is built: its rows (scaled to maxIter units), then the passes.
    const { maxIter } = this.options;
    const onProgress = opts.onProgress;
    const report = phaseProgress(onProgress, 2, maxIter);
    withDataDissimilarities(
      x,
      metric,
      this.options.memoryBudget,
      (rows, n) => report(0, Math.floor((maxIter * rows) / n)),
      (view) =>
        fitView(view, x, view.layout !== 'data' && onProgress !== undefined ? (done) => report(1, done) : onProgress),
    );
    return this;
  }

  /** False when `maxIter` stopped the search before a local optimum. */
  get converged(): boolean {
    return this.state('converged').converged;
  }
  /**
   * Nearest medoid of each row of X (ties to the first medoid).
   * @param X - m×d data; with `metric: 'precomputed'`, m×n dissimilarities from each query to every training row
   * @throws {@link ValidationError} on bad data or a column count other than at fit
   */
  predict(X: MatrixLike): Int32Array {
    const s = this.state('predict');
    const q = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const { metric } = this.options;
    if (metric !== 'precomputed') return nearestCenter(q, s.centers as Matrix, metric);
    const labels = new Int32Array(q.rows);
    for (let i = 0; i < q.rows; i++) {
      let bestD = Number.POSITIVE_INFINITY;
      for (let c = 0; c < s.medoidIndices.length; c++) {
        const d = q.data[i * q.cols + s.medoidIndices[c]];
        if (d < bestD) {
          bestD = d;
          labels[i] = c;
        }
      }
    }
    return labels;
  }

  /** Restores a model saved with {@link KMedoids.toJSON}. */
  static fromJSON(json: unknown): KMedoids {
    type Options = ResolvedKMedoidsOptions & { seed: number | null };
    const j = checkModelJSON<Options, MedoidStateJSON<KMedoidsState>>(json, 'KMedoids');
    const m = new KMedoids({ ...j.options, seed: j.options.seed ?? undefined });
    return KMedoids.restore(m, medoidStateFromJSON(j.state));
  }
}

function resolveInit(init: KMedoidsOptions['init']): KMedoidsInitName | number[] {
  if (init === undefined) return 'build';
  if (typeof init === 'string') return checkOneOf(init, KMEDOIDS_INITS, 'init');
  if (init === null || typeof init.length !== 'number') {
    throw new ValidationError(
      `init must be 'build', 'k-medoids++', 'random' or an array of row indices; got ${JSON.stringify(init)}.`,
      { param: 'init' },
      'INVALID_OPTION',
    );
  }
  const out = Array.from(init);
  const seen = new Set<number>();
  for (const v of out) {
    if (!Number.isInteger(v) || v < 0 || seen.has(v)) {
      throw new ValidationError(
        `init must hold distinct 0-based row indices; got ${JSON.stringify(out)}.`,
        { param: 'init' },
        'INVALID_OPTION',
      );
    }
    seen.add(v);
  }
  return out;
}

/**
 * The fit on a dissimilarity view: start, search, final assignment.
 * @param estimator - the name in the error when the total dissimilarity overflows
 * @param onProgress - sees the passes done against maxIter (a search that stops early ends at maxIter)
 * @throws {@link NumericalError} when the total dissimilarity is not finite
 */
export function fitMedoids(
  view: DissimilarityView,
  options: Pick<ResolvedKMedoidsOptions, 'nClusters' | 'method' | 'init' | 'maxIter'>,
  seed: number,
  estimator = 'KMedoids',
  onProgress?: ProgressCallback,
): Pick<KMedoidsState, 'medoidIndices' | 'labels' | 'inertia' | 'nIter' | 'converged' | 'warnings'> {
  const n = view.n;
  const k = options.nClusters;
  if (k > n) {
    throw new ValidationError(
      `nClusters=${k} must be <= the number of samples (${n}); lower nClusters or pass more rows.`,
      {
        param: 'nClusters',
      },
    );
  }
  const medoids = new Int32Array(k);
  const { init } = options;
  if (Array.isArray(init)) {
    for (let c = 0; c < k; c++) {
      if (init[c] >= n) {
        throw new ValidationError(`init index ${init[c]} is out of range for ${n} rows.`, { param: 'init' });
      }
      medoids[c] = init[c];
    }
  } else if (init === 'build') buildMedoids(view, k, medoids);
  else if (init === 'random') medoids.set(sampleWithoutReplacement(createRng(seed), n, k));
  else plusPlusMedoids(view, k, createRng(seed), medoids);
  let r: SwapResult = { nIter: 1, converged: true };
  const progress = iterationProgress(onProgress, 1, options.maxIter);
  const report = (passes: number): void => progress(0, passes);
  if (k === 1) buildMedoids(view, 1, medoids);
  else if (options.method === 'fasterpam') r = fasterPam(view, medoids, options.maxIter, report);
  else if (options.method === 'pam') r = pamSwap(view, medoids, options.maxIter, report);
  else r = alternateMedoids(view, medoids, options.maxIter, report);
  report(options.maxIter);
  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  const inertia = assignNearest(view, medoids, labels, dist);
  checkFiniteInertia(inertia, estimator);
  const warnings: ModelWarning[] = [];
  if (!r.converged) {
    warnings.push({
      code: 'CONVERGENCE',
      message: `${options.method} stopped after maxIter=${options.maxIter} passes before a local optimum; raise maxIter.`,
    });
  }
  return { medoidIndices: medoids, labels, inertia, nIter: r.nIter, converged: r.converged, warnings };
}

/** The rows `idx` of x as a new k×d matrix. */
export function gatherRows(x: Matrix, idx: Int32Array): Matrix {
  const d = x.cols;
  const data = new Float64Array(idx.length * d);
  for (let c = 0; c < idx.length; c++) data.set(x.data.subarray(idx[c] * d, (idx[c] + 1) * d), c * d);
  return { rows: idx.length, cols: d, data };
}
