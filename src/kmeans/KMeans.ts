/**
 * The KMeans estimator (scikit-learn's `KMeans` in TypeScript).
 * @module
 */

import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../core/distance.js';
import type { ModelWarning } from '../core/errors.js';
import { checkSquaredMagnitude } from '../core/magnitude.js';
import { type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { iterationProgress, type ProgressCallback } from '../core/progress.js';
import type { Rng } from '../core/random.js';
import { meanColumnVariance } from '../core/stats.js';
import { checkInt, checkNumber, checkOneOf, checkSeed, toSampleWeight, unitWeights } from '../core/validate.js';
import { type PreparedKMeansData, prepareKMeansData } from '../engine/kernels/kmeansPrep.js';
import { releaseKMeansData, reserveKMeansData } from '../engine/kernels/kmeansWasm.js';
import { planPasses } from '../engine/plan.js';
import type { SqlSource } from '../engine/sql/engine.js';
import { assignLabels, countDistinct, type KMeansDriver, sameLabels } from './common.js';
import { runElkan } from './elkan.js';
import {
  bestOfRuns,
  type CentroidJSON,
  centroidFromJSON,
  centroidToJSON,
  checkFitShape,
  convergenceWarning,
  IteratedCentroidEstimator,
  type IteratedState,
  initialCenters,
  keptRunState,
  predictNearestCenter,
  type ResolvedInit,
  resolveInit,
  restartCount,
  seededRng,
} from './family.js';
import { runHamerly } from './hamerly.js';
import { lloydIteration, runLloyd } from './lloyd.js';
import { fitKMeansOnSource, predictCentersOnSource, type SourceFitOptions } from './sourceKMeans.js';

/** How centres are initialised: greedy k-means++, k random distinct rows, or explicit k×d centres. */
export type KMeansInit = 'k-means++' | 'random' | MatrixLike;
/** The iteration algorithm. All give the same result; they differ in speed and memory. */
export type KMeansAlgorithm = 'auto' | 'lloyd' | 'elkan' | 'hamerly';
/** Every algorithm name. */
export const KMEANS_ALGORITHMS: readonly KMeansAlgorithm[] = ['auto', 'lloyd', 'elkan', 'hamerly'];

/** What KMeans checks the magnitude of the data for (the message of checkSquaredMagnitude). */
const INERTIA = 'KMeans: the inertia (Σ squared distances)';

/** Options of {@link KMeans} (scikit-learn's `KMeans` parameters, camelCase; `seed` for `random_state`). */
export interface KMeansOptions {
  /** Number of clusters k. @defaultValue 8 (or the number of rows of an explicit `init`) */
  nClusters?: number;
  /** Initialisation. @defaultValue 'k-means++' */
  init?: KMeansInit;
  /** Number of runs from different initialisations; the lowest inertia wins. @defaultValue 1 for k-means++ and explicit centres, 10 for 'random' (scikit-learn's 'auto') */
  nInit?: number | 'auto';
  /** Maximum iterations of one run. @defaultValue 300 */
  maxIter?: number;
  /** Relative tolerance: a run stops when Σ‖Δcentre‖² ≤ tol · mean feature variance. @defaultValue 1e-4 */
  tol?: number;
  /** Iteration algorithm. @defaultValue 'auto' */
  algorithm?: KMeansAlgorithm;
  /** Seed of the PRNG; drawn (and recorded as `seed`) when omitted. */
  seed?: number;
}

/** Resolved options (defaults filled in). */
export interface ResolvedKMeansOptions {
  nClusters: number;
  init: 'k-means++' | 'random' | 'explicit';
  nInit: number | 'auto';
  maxIter: number;
  tol: number;
  algorithm: KMeansAlgorithm;
  seed: number | undefined;
}

interface KMeansState extends IteratedState {
  algorithm: Exclude<KMeansAlgorithm, 'auto'>;
  runInertias: number[];
}

/** One snapshot of the k-means loop, for teaching and animation (see {@link KMeans.steps}). */
export interface KMeansStep {
  /** 0-based iteration; the `'init'` snapshot has iteration 0. */
  iteration: number;
  /** `'init'`: initial centres; `'assign'`: labels just recomputed; `'update'`: centres just moved. */
  phase: 'init' | 'assign' | 'update';
  /** k×d centres (a copy). */
  centers: Matrix;
  /** Current labels (a copy; all −1 before the first assignment). */
  labels: Int32Array;
  /** Σ wᵢ‖xᵢ − c_{labelᵢ}‖² for the current labels and centres (NaN at init). */
  inertia: number;
  /** Σ‖Δcentre‖² of the last update (NaN before the first update). */
  shift: number;
  /** True on the last snapshot of a converged run. */
  converged: boolean;
  /** Clusters that were empty after the assignment and were relocated to far points by this update (0 otherwise). */
  relocated: number;
}

const DRIVERS: Record<Exclude<KMeansAlgorithm, 'auto'>, KMeansDriver> = {
  lloyd: runLloyd,
  elkan: runElkan,
  hamerly: runHamerly,
};

/**
 * Chooses the algorithm for 'auto' (tuned on this package's benchmarks, bench/; all give the same result).
 *
 * @remarks
 * With the WebAssembly SIMD kernels (`wasm`, the default where the runtime supports it and the data fit in wasm32
 * memory): Lloyd for d ≤ 8, where its rows-across-lanes kernel beats the bounds' memory traffic; Elkan for d ≥ 100
 * with k ≥ 40 when its n·k bounds fit in 256 MiB; Hamerly elsewhere. The same with the worker pool
 * (`enableWorkerPool` in clusterkit/node), which splits all three. On the plain-JS kernels: Lloyd for k < 4,
 * Hamerly (O(n) bounds) for d ≤ 16, Elkan (O(n·k) bounds) above when they fit in 256 MiB.
 * @param wasm - whether the fit would run on the WebAssembly kernels (default: `planPasses`' backend for a pass)
 * @example
 * chooseKMeansAlgorithm(100_000, 16, 16, true); // 'hamerly'
 */
export function chooseKMeansAlgorithm(
  n: number,
  d: number,
  k: number,
  wasm: boolean = planPasses({ work: n * k * d, poolWork: 0 }).backend === 'wasm' && n * (d + 5) * 8 < 3.5 * 2 ** 30,
): Exclude<KMeansAlgorithm, 'auto'> {
  const elkanFits = n * k * 8 <= 256 * 1024 ** 2;
  if (wasm) {
    if (d <= 8) return 'lloyd';
    if (d >= 100 && k >= 40 && elkanFits && n * (d + k + 8) * 8 < 3.5 * 2 ** 30) return 'elkan';
    return n * (d + 8) * 8 < 3.5 * 2 ** 30 ? 'hamerly' : 'lloyd';
  }
  if (k < 4) return 'lloyd';
  if (d <= 16) return 'hamerly';
  return elkanFits ? 'elkan' : 'hamerly';
}

/**
 * k-means clustering: partition n points into k clusters minimising the inertia Σᵢ wᵢ‖xᵢ − μ_{c(i)}‖².
 *
 * @remarks
 * Lloyd's two-step loop — assign each point to its nearest mean; recompute each mean as the weighted average of
 * its points — from k-means++ or random initial means, restarted `nInit` times keeping the lowest inertia. The
 * data are centred before iterating (precision) and results reported on the original scale. An empty cluster
 * takes the point farthest from its centre. Stops when the labels no longer change or Σ‖Δμ‖² ≤ tol·mean(var(X)),
 * as scikit-learn. 'elkan' and 'hamerly' prune distance computations with triangle-inequality bounds and give the
 * same labels, centres and nIter as 'lloyd'. Lloyd costs O(n·k·d) per iteration.
 * Matches `sklearn.cluster.KMeans` (labels, centres to 1e-8, inertia, n_iter_) from the same initial centres.
 * @example
 * const km = new KMeans({ nClusters: 2, seed: 0 }).fit([[0, 0], [0, 1], [9, 9], [9, 8]]);
 * km.labels; // Int32Array [0, 0, 1, 1] (up to permutation)
 */
export class KMeans extends IteratedCentroidEstimator<KMeansState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedKMeansOptions>;
  readonly #init: ResolvedInit;
  /** The path the kept run's passes took (null: no pass ran here, e.g. a model loaded with fromJSON). */
  #backend: string | null = null;

  /**
   * @throws {@link ValidationError} on an invalid option (naming it and its valid range)
   */
  constructor(options: KMeansOptions = {}) {
    super('KMeans');
    const { init, nClusters } = resolveInit(options.init ?? 'k-means++', options.nClusters, 8);
    this.#init = init;
    const nInit = options.nInit ?? 'auto';
    this.options = Object.freeze({
      nClusters,
      init: init.kind,
      nInit: nInit === 'auto' ? 'auto' : checkInt(nInit, 'nInit', 1),
      maxIter: checkInt(options.maxIter ?? 300, 'maxIter', 1),
      tol: checkNumber(options.tol ?? 1e-4, 'tol', 0),
      algorithm: checkOneOf(options.algorithm ?? 'auto', KMEANS_ALGORITHMS, 'algorithm'),
      seed: checkSeed(options.seed),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the model to X (n×d).
   * @param opts.sampleWeight - optional non-negative weight per row (a weight of 2 counts a row twice)
   * @param opts.onProgress - called after every iteration with the iterations done and the budget of all runs,
   * nRuns·maxIter (a run that converges early counts as its maxIter; {@link ProgressCallback}: for a progress bar,
   * monotone, last call done = total, the result unchanged)
   * @throws {@link ValidationError} on bad data, nClusters > n, or init with the wrong number of columns
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number>; onProgress?: ProgressCallback } = {}): this {
    // The shape is checked here, the values (finite, |x| ≤ √(MAX_VALUE / 4nd)) on the way into x, with the sums.
    const m = toMatrix(X, 'X', { allowNonFinite: true });
    const { nClusters: k, maxIter } = this.options;
    const { rows: n, cols: d } = m;
    const algorithm = this.options.algorithm === 'auto' ? chooseKMeansAlgorithm(n, d, k) : this.options.algorithm;
    const elkanBytes = algorithm === 'elkan' ? n * k * 8 : 0;
    // On the wasm kernels (the plan's backend; its driver plans the threads) the rows are copied into the workspace's
    // memory and checked, summed and centred there in SIMD passes — the memory the previous fit released, when there
    // is one (not for Elkan bounds over the budget, refused below). Otherwise the TypeScript passes.
    const wasm = planPasses({ work: n * k * d, poolWork: 0 }).backend === 'wasm' && elkanBytes <= DEFAULT_MEMORY_BUDGET;
    const x = (wasm ? reserveKMeansData(algorithm, n, d, k) : null) ?? new Float64Array(n * d);
    // Centre the data (precision); the tolerance is relative to the mean feature variance.
    let prep: PreparedKMeansData;
    let w: Float64Array;
    try {
      const tolScale = this.options.tol !== 0;
      prep = prepareKMeansData(m, 'X', INERTIA, x, tolScale);
      checkFitShape(this.#init, k, n, d);
      // Unweighted: the shared read-only ones (no n-double array per fit); nothing in a fit writes into w.
      w = opts.sampleWeight === undefined ? unitWeights(n) : toSampleWeight(opts.sampleWeight, n);
      if (algorithm === 'elkan') {
        checkBudget(elkanBytes, DEFAULT_MEMORY_BUDGET, `Elkan's bounds for n=${n}, k=${k}`, "use algorithm 'hamerly'.");
      }
    } catch (e) {
      releaseKMeansData(x);
      throw e;
    }
    const mu = prep.mu;
    const { seed, rng } = seededRng(this.options.seed);
    const warnings: ModelWarning[] = [];
    const tol = this.options.tol === 0 ? 0 : this.options.tol * prep.meanVariance;
    const nInit = this.options.nInit;
    if (this.#init.kind === 'explicit' && nInit !== 'auto' && nInit !== 1) {
      warnings.push({
        code: 'DEGENERATE',
        message: `Explicit initial centres were given, so one run is made instead of nInit=${nInit}.`,
      });
    }
    const driver = DRIVERS[algorithm];
    const runInertias: number[] = [];
    const nRuns = restartCount(nInit, this.#init.kind);
    const report = iterationProgress(opts.onProgress, nRuns, maxIter);
    const res = bestOfRuns(
      nRuns,
      (r) => {
        const init = this.#initialCenters(x, n, d, w, mu, rng);
        const run = driver(x, n, d, w, init, k, maxIter, tol, (it) => report(r, it));
        runInertias.push(run.inertia);
        report(r, maxIter);
        return run;
      },
      (run, best) => run.inertia < best.inertia && !sameLabels(run.labels, best.labels),
    );
    releaseKMeansData(x); // the runs' results are copies: the workspace's memory is the next fit's
    const distinct = countDistinct(res.labels, k);
    if (distinct < k) {
      warnings.push({
        code: 'DUPLICATE_POINTS',
        message: `Number of distinct clusters (${distinct}) found smaller than nClusters (${k}). Possibly due to duplicate points in X.`,
      });
    }
    if (!res.converged && this.options.tol > 0) {
      warnings.push(convergenceWarning('k-means', maxIter));
    }
    const centers = res.centers;
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centers[c * d + j] += mu[j];
    this.#backend = res.backend;
    this.setState({
      ...keptRunState(res, k, d),
      seed,
      algorithm,
      runInertias,
      warnings,
    });
    return this;
  }

  /**
   * Fits the model to a table or query on a SQL engine (`openDuckDB`, `connectPostgres` in clusterkit/node) without
   * bringing its rows into memory: each Lloyd iteration is one statement returning per-cluster counts and sums.
   * @remarks The same loop as {@link KMeans.fit} (centered data, empty clusters to the farthest rows, stop when the
   * partition no longer changes or Σ‖Δμ‖² ≤ tol·mean(var)), so from the same initial centres it equals the in-memory
   * fit to summation order (≤ 1e-9 relative in centres and inertia). Initialisation: explicit centres, or on the
   * engine `'k-means||'` (Bahmani et al. 2012, as Spark MLlib), k-means++ or random rows on a seeded sample
   * ({@link SourceFitOptions}). O(n·k·d) per iteration in the engine; k·(d + 2) numbers cross the wire.
   * `labels` stays empty: write them to a table with {@link KMeans.predictSource}.
   * @param source - `engine.source(tableOrQuery, { columns })`
   * @param opts - initialisation override, sample size, progress callback, shard key
   * @throws {@link ValidationError} on a missing table or column, a non-numeric column, NULLs (unless the source
   *   drops them), an empty source, a query that is not a SELECT, or an engine failure
   * @example
   * const db = await openDuckDB();
   * const km = await new KMeans({ nClusters: 16 }).fitSource(db.source("SELECT * FROM 'points.parquet'"));
   */
  async fitSource(source: SqlSource, opts: SourceFitOptions = {}): Promise<this> {
    const res = await fitKMeansOnSource(source, this.#init, this.options, opts);
    const k = this.options.nClusters;
    this.#backend = `sql:${source.engine.dialect}`;
    this.setState({
      ...keptRunState({ ...res, labels: new Int32Array(0) }, k, res.d),
      seed: res.seed,
      algorithm: 'lloyd',
      runInertias: res.runInertias,
      warnings: res.warnings,
    });
    return this;
  }

  /**
   * Writes the nearest-centre label of every row of a source into a new table `into` (the source's columns and an
   * INTEGER `label`), in one `CREATE TABLE … AS SELECT` on the engine.
   * @param source - a source with the model's feature columns
   * @returns the number of rows labelled
   * @throws NotFittedError before a fit; {@link ValidationError} on a bad source or an existing table
   * @example
   * await km.predictSource(db.source('points'), { into: 'points_labels' });
   */
  async predictSource(source: SqlSource, opts: { into: string }): Promise<number> {
    const s = this.state('predictSource');
    return predictCentersOnSource(source, s.centers.data, s.centers.rows, s.nFeaturesIn, opts.into);
  }

  /** Initial centres of one run on the centered rows: explicit centres are centered with the data. */
  #initialCenters(x: Float64Array, n: number, d: number, w: Float64Array, mu: Float64Array, rng: Rng): Float64Array {
    const k = this.options.nClusters;
    const c = initialCenters(this.#init, x, n, d, k, w, rng);
    if (this.#init.kind === 'explicit') for (let t = 0; t < k; t++) for (let j = 0; j < d; j++) c[t * d + j] -= mu[j];
    return c;
  }

  /**
   * Where the kept run's passes ran, decided once per fit (`planPasses`): `'js'` (the TypeScript reference),
   * `'wasm'` (WebAssembly SIMD), `'wasm-f32'` (f32 expanded distances, exact labels), with `'+pool(2)'` when a
   * worker pool's helper thread took half of the rows (`'wasm+pool(2)'`); `'none'` for a model loaded with
   * {@link KMeans.fromJSON}. Results are bit-identical whichever path ran.
   * @throws NotFittedError before `fit`
   */
  get backend(): string {
    this.state('backend');
    return this.#backend ?? 'none';
  }
  /** The algorithm actually used ('auto' resolved). */
  get algorithm(): Exclude<KMeansAlgorithm, 'auto'> {
    return this.state('algorithm').algorithm;
  }
  /** Inertia of every restart, in order (to show what restarts buy). */
  get runInertias(): readonly number[] {
    return this.state('runInertias').runInertias;
  }

  /** Nearest-centre label of each row of X. */
  predict(X: MatrixLike): Int32Array {
    return predictNearestCenter(this.state('predict'), X);
  }

  /** Euclidean distance from each row of X to each centre (n×k). */
  transform(X: MatrixLike): Matrix {
    const s = this.state('transform');
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const k = s.centers.rows;
    const d = m.cols;
    const out = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < k; c++) {
        let sq = 0;
        for (let j = 0; j < d; j++) {
          const t = m.data[i * d + j] - s.centers.data[c * d + j];
          sq += t * t;
        }
        out[i * k + c] = Math.sqrt(sq);
      }
    }
    return { rows: m.rows, cols: k, data: out };
  }

  /** Opposite of the (weighted) inertia of X under the fitted centres, as scikit-learn's `score`. */
  score(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): number {
    const s = this.state('score');
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const w = toSampleWeight(opts.sampleWeight, m.rows);
    const labels = new Int32Array(m.rows);
    return -assignLabels(m.data, m.rows, m.cols, s.centers.data, s.centers.rows, w, labels, new Float64Array(m.rows));
  }

  /**
   * Runs Lloyd's loop one half-step at a time, yielding a snapshot after initialisation, after every assignment
   * and after every update — the back-and-forth of the algorithm, to animate or teach it. Uses the same
   * initialisation, stopping rule and empty-cluster relocation as {@link KMeans.fit} (one run, no restarts). Does
   * not change the fitted state.
   */
  *steps(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): Generator<KMeansStep, void, void> {
    const m = toMatrix(X, 'X');
    checkSquaredMagnitude(m, INERTIA);
    const { nClusters: k, maxIter } = this.options;
    const { rows: n, cols: d } = m;
    checkFitShape(this.#init, k, n, d);
    const w = toSampleWeight(opts.sampleWeight, n);
    const { rng } = seededRng(this.options.seed);
    const zero = new Float64Array(d);
    let centers = this.#initialCenters(m.data, n, d, w, zero, rng);
    const tol = this.options.tol === 0 ? 0 : this.options.tol * meanColumnVariance(m.data, n, d);
    const labels = new Int32Array(n).fill(-1);
    const old = new Int32Array(n).fill(-1);
    const minSq = new Float64Array(n);
    const snap = (
      iteration: number,
      phase: KMeansStep['phase'],
      inertia: number,
      shift: number,
      conv: boolean,
      relocated = 0,
    ): KMeansStep => ({
      iteration,
      phase,
      centers: { rows: k, cols: d, data: centers.slice() },
      labels: labels.slice(),
      inertia,
      shift,
      converged: conv,
      relocated,
    });
    yield snap(0, 'init', Number.NaN, Number.NaN, false);
    const next = new Float64Array(k * d);
    const wic = new Float64Array(k);
    const shiftArr = new Float64Array(k);
    for (let it = 0; it < maxIter; it++) {
      const inertia = assignLabels(m.data, n, d, centers, k, w, labels, minSq);
      yield snap(it, 'assign', inertia, Number.NaN, false);
      const shift = lloydIteration(m.data, n, d, w, centers, k, labels, minSq, next, wic, shiftArr);
      const relocated = k - countDistinct(labels, k);
      centers = next.slice();
      const done = sameLabels(labels, old) || shift <= tol;
      let after = 0;
      for (let i = 0; i < n; i++) {
        let sq = 0;
        for (let j = 0; j < d; j++) {
          const t = m.data[i * d + j] - centers[labels[i] * d + j];
          sq += t * t;
        }
        after += w[i] * sq;
      }
      yield snap(it, 'update', after, shift, done, relocated);
      if (done) return;
      old.set(labels);
    }
  }

  /** The options as saved: `init` as its name, or the explicit centres as the fitted centres. */
  protected override saveOptions(): object {
    const s = this.state('toJSON');
    return { ...this.options, init: this.options.init === 'explicit' ? toArrays(s.centers) : this.options.init };
  }
  /** The saved state: centres, labels, inertia, iterations, seed, algorithm, the restarts' inertias, warnings. */
  protected override saveState(s: KMeansState): object {
    const { inertia, nIter, converged, nFeaturesIn, seed, algorithm, runInertias, warnings } = s;
    return { ...centroidToJSON(s), inertia, nIter, converged, nFeaturesIn, seed, algorithm, runInertias, warnings };
  }

  /** Restores a model saved with {@link KMeans.toJSON}. */
  static fromJSON(json: unknown): KMeans {
    type State = CentroidJSON & Omit<KMeansState, 'centers' | 'labels'>;
    const m = checkModelJSON<KMeansOptions & { init: KMeansInit }, State>(json, 'KMeans');
    const km = new KMeans({ ...m.options, seed: m.options.seed ?? undefined });
    const { clusterCenters: _c, labels: _l, nFeaturesIn: _d, ...rest } = m.state;
    return KMeans.restore(km, { ...rest, ...centroidFromJSON(m.state) });
  }
}
