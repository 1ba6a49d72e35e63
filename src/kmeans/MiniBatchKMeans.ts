/**
 * Mini-batch k-means (Sculley 2010) with scikit-learn 1.2's semantics, and `partialFit` for streams.
 * @module
 */

import { type ModelWarning, NotFittedError } from '../core/errors.js';
import { SeededEstimator, type SeededState } from '../core/estimator.js';
import { checkSquaredMagnitude, checkSquaresWith, toMatrixCheckedSquares } from '../core/magnitude.js';
import { type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { createRng, type Rng } from '../core/random.js';
import { meanColumnVariance } from '../core/stats.js';
import { checkInt, checkNumber, checkSeed, toSampleWeight } from '../core/validate.js';
import { useWasm } from '../engine/kernels/backend.js';
import { type MiniBatchWasm, miniBatchWorkspace } from '../engine/kernels/miniBatchWasm.js';
import { describeBackend, planPasses } from '../engine/plan.js';
import type { SqlSource } from '../engine/sql/engine.js';
import { assignLabels } from './common.js';
import {
  bestOfRuns,
  checkFitShape,
  initialCenters,
  initToJSON,
  type ResolvedInit,
  resolveInit,
  seededRng,
} from './family.js';
import { miniBatchUpdate, reassignSmallClusters } from './minibatch.js';
import { predictCentersOnSource } from './sourceKMeans.js';
import { fitMiniBatchOnSource, type SourceMiniBatchOptions, sourceInertia } from './sourceMiniBatch.js';

/** Copies row r of x (d columns) into row t of out — no view allocated (it runs once per sampled row). */
function copyRow(x: Float64Array, r: number, d: number, out: Float64Array, t: number): void {
  const src = r * d;
  const dst = t * d;
  for (let j = 0; j < d; j++) out[dst + j] = x[src + j];
}

/**
 * Draws b row indices uniformly with replacement (rows, OUT) and gathers those rows of x (n×d) into xb (b×d, OUT)
 * and their weights into wb (b, OUT). The gather is memory-bound on large x (each row a cache and TLB miss), so it
 * runs in two passes: the first loads one value per cache line of every row (a short loop body, so many misses are
 * in flight at once) and the weights, the second copies the rows, now in cache. w null: unit weights, wb left as
 * it is (all ones).
 */
function sampleBatch(
  x: Float64Array,
  w: Float64Array | null,
  n: number,
  d: number,
  b: number,
  rng: Rng,
  rows: Int32Array,
  xb: Float64Array,
  wb: Float64Array,
): void {
  for (let t = 0; t < b; t++) rows[t] = rng.nextInt(n);
  for (let t = 0; t < b; t++) {
    const r = rows[t];
    const src = r * d;
    const dst = t * d;
    for (let j = 0; j < d; j += 8) xb[dst + j] = x[src + j];
    if (w !== null) wb[t] = w[r];
  }
  for (let t = 0; t < b; t++) {
    const src = rows[t] * d;
    const dst = t * d;
    for (let j = 0; j < d; j++) xb[dst + j] = x[src + j];
  }
}

/** Σₜ (bₜ − aₜ)² in index order: the squared centre change of a step. a, b IN (same length). */
function squaredChange(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  for (let t = 0; t < a.length; t++) {
    const u = b[t] - a[t];
    diff += u * u;
  }
  return diff;
}

/**
 * scikit-learn's `_mini_batch_convergence`: the batch inertia per row smoothed by an exponentially weighted average
 * (ewa ← (1 − α)·ewa + α·inertia, α = 2b/(n+1), the first step only recording the start), and the two stops: a
 * squared centre change ≤ tol, or maxNoImprovement steps without a new minimum of the ewa.
 */
class Convergence {
  ewa = Number.NaN;
  #ewaMin = Number.NaN;
  #noImprovement = 0;
  constructor(
    readonly alpha: number,
    readonly tol: number,
    readonly maxNoImprovement: number | null,
  ) {}

  /** Records step i's batch inertia per row and squared centre change; true when the fit stops here. */
  stop(i: number, batchInertia: number, diff: number): boolean {
    if (i === 0) return false;
    this.ewa = Number.isNaN(this.ewa) ? batchInertia : this.ewa * (1 - this.alpha) + batchInertia * this.alpha;
    if (this.tol > 0 && diff <= this.tol) return true;
    if (Number.isNaN(this.#ewaMin) || this.ewa < this.#ewaMin) {
      this.#noImprovement = 0;
      this.#ewaMin = this.ewa;
    } else {
      this.#noImprovement++;
    }
    return this.maxNoImprovement !== null && this.#noImprovement >= this.maxNoImprovement;
  }
}

/** Options of {@link MiniBatchKMeans} (scikit-learn's names in camelCase). */
export interface MiniBatchKMeansOptions {
  /** Number of clusters k. @defaultValue 8 (or the number of rows of an explicit `init`) */
  nClusters?: number;
  /** Initialisation, computed on `initSize` rows drawn at random. @defaultValue 'k-means++' */
  init?: 'k-means++' | 'random' | MatrixLike;
  /** Maximum number of passes over the data: fit makes at most ⌊maxIter·n / batchSize⌋ steps. @defaultValue 100 */
  maxIter?: number;
  /** Rows per mini-batch (drawn with replacement). @defaultValue 1024 */
  batchSize?: number;
  /** Stop when the squared centre change of a step is ≤ tol · mean feature variance; 0 disables it. @defaultValue 0 */
  tol?: number;
  /** Stop after this many steps without improvement of the smoothed batch inertia; null disables it. @defaultValue 10 */
  maxNoImprovement?: number | null;
  /** Rows used for each initialisation. @defaultValue 3·batchSize (at least 3·nClusters), at most n */
  initSize?: number;
  /** Initialisations tried (on random subsets; the best on a validation subset wins). @defaultValue 3 (1 with explicit centres) */
  nInit?: number;
  /** Centres whose count is below this fraction of the largest count are moved to random batch rows. @defaultValue 0.01 */
  reassignmentRatio?: number;
  /** Compute labels and inertia over the whole data at the end of `fit` (and of the chunk in `partialFit`). @defaultValue true */
  computeLabels?: boolean;
  /** Seed of the PRNG (initialisation, batches, reassignment); drawn (and recorded) when omitted. */
  seed?: number;
}

/** Resolved options of {@link MiniBatchKMeans}. */
export interface ResolvedMiniBatchKMeansOptions {
  nClusters: number;
  maxIter: number;
  batchSize: number;
  tol: number;
  maxNoImprovement: number | null;
  initSize: number | undefined;
  nInit: number;
  reassignmentRatio: number;
  computeLabels: boolean;
  seed: number | undefined;
}

interface MiniBatchState extends SeededState {
  centers: Float64Array;
  k: number;
  counts: Float64Array;
  labels: Int32Array | null;
  inertia: number;
  nIter: number;
  nSteps: number;
  rng: Rng;
  batchSize: number;
  nSinceLastReassign: number;
}

/** The state before the first step: k×d initial centres, zero counts, batch size b. */
function freshState(centers: Float64Array, k: number, d: number, seed: number, rng: Rng, b: number): MiniBatchState {
  return {
    centers,
    k,
    nFeaturesIn: d,
    counts: new Float64Array(k),
    labels: null,
    inertia: Number.NaN,
    nIter: 0,
    nSteps: 0,
    seed,
    rng,
    batchSize: b,
    nSinceLastReassign: 0,
    warnings: [],
  };
}

/**
 * Mini-batch k-means: k-means on small random batches, for data too large for Lloyd's full passes or arriving
 * as a stream.
 *
 * @remarks
 * scikit-learn 1.2's `MiniBatchKMeans`. Each step draws `batchSize` rows with replacement, assigns them to the
 * nearest centre, and moves each centre c towards the mean of its batch rows with the counts-based rate
 *   μ_c ← (N_c·μ_c + Σ_{i∈c} wᵢxᵢ) / (N_c + b_c),   N_c ← N_c + b_c   (b_c = Σ_{i∈c} wᵢ),
 * so each centre is the running mean of every row ever assigned to it. Every 10·k rows processed (and whenever a
 * count is 0), centres with N_c < reassignmentRatio·max N move to random batch rows. Early stopping: the
 * per-row batch inertia is smoothed by an exponentially weighted average with α = 2·b/(n+1); the run stops after
 * `maxNoImprovement` steps without a new minimum, or when the squared centre change ≤ tol·mean(var(X)).
 * Initialisation: `nInit` k-means++ (or random) runs on `initSize` random rows each, the best by inertia on a
 * further random validation subset. `partialFit(chunk)` makes one step with the whole chunk as the batch
 * (initialising from the first chunk), so a CSV larger than memory can be streamed; `predict` labels rows in a
 * second pass. O(b·k·d) per step, O(k·d) state. The randomness differs from scikit-learn's (another PRNG), so
 * the fixtures compare quality: final inertia within 2 % of scikit-learn's on the same data.
 * @see Sculley (2010), Web-scale k-means clustering, WWW '10
 * @example
 * const { X } = makeBlobs({ nSamples: 2000, centers: 3, seed: 0 });
 * const mbk = new MiniBatchKMeans({ nClusters: 3, batchSize: 256, seed: 0 }).fit(X);
 * const stream = new MiniBatchKMeans({ nClusters: 3, seed: 0 });
 * for (let s = 0; s < X.rows; s += 500) {
 *   stream.partialFit({ rows: 500, cols: 2, data: X.data.subarray(s * 2, (s + 500) * 2) });
 * }
 * stream.predict(X); // labels by a second pass
 */
export class MiniBatchKMeans extends SeededEstimator<MiniBatchState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedMiniBatchKMeansOptions>;
  readonly #init: ResolvedInit;
  /** The path of the last fit's (or chunk's) steps (null: none ran here, e.g. a model loaded with fromJSON). */
  #backend: string | null = null;

  /**
   * @throws {@link ValidationError} on an invalid option, e.g. batchSize < 1 (param `'batchSize'`)
   */
  constructor(options: MiniBatchKMeansOptions = {}) {
    super('MiniBatchKMeans');
    const { init, nClusters } = resolveInit(options.init ?? 'k-means++', options.nClusters, 8);
    this.#init = init;
    const mni = options.maxNoImprovement === undefined ? 10 : options.maxNoImprovement;
    this.options = Object.freeze({
      nClusters,
      maxIter: checkInt(options.maxIter ?? 100, 'maxIter', 1),
      batchSize: checkInt(options.batchSize ?? 1024, 'batchSize', 1),
      tol: checkNumber(options.tol ?? 0, 'tol', 0, { max: Number.MAX_VALUE }),
      maxNoImprovement: mni === null ? null : checkInt(mni, 'maxNoImprovement', 0),
      initSize: options.initSize === undefined ? undefined : checkInt(options.initSize, 'initSize', 1),
      nInit: init.kind === 'explicit' ? 1 : checkInt(options.nInit ?? 3, 'nInit', 1),
      reassignmentRatio: checkNumber(options.reassignmentRatio ?? 0.01, 'reassignmentRatio', 0, {
        max: Number.MAX_VALUE,
      }),
      computeLabels: options.computeLabels ?? true,
      seed: checkSeed(options.seed),
    });
    this.checkOptionNames(options);
  }

  /** init_size as scikit-learn resolves it for n rows and batch size b. */
  #initSize(n: number, b: number): number {
    const k = this.options.nClusters;
    let s = this.options.initSize ?? 3 * b;
    if (s < k) s = 3 * k;
    return Math.min(s, n);
  }

  /**
   * Initial centres from `initSize` rows drawn with replacement (scikit-learn's `_init_centroids`); w null: unit
   * weights.
   */
  #initialCenters(
    x: Float64Array,
    n: number,
    d: number,
    w: Float64Array | null,
    initSize: number,
    rng: Rng,
  ): Float64Array {
    const k = this.options.nClusters;
    if (this.#init.kind === 'explicit' || initSize >= n) {
      return initialCenters(this.#init, x, n, d, k, w ?? new Float64Array(n).fill(1), rng);
    }
    const xs = new Float64Array(initSize * d);
    const ws = new Float64Array(initSize).fill(1);
    for (let t = 0; t < initSize; t++) {
      const r = rng.nextInt(n);
      copyRow(x, r, d, xs, t);
      if (w !== null) ws[t] = w[r];
    }
    return initialCenters(this.#init, xs, initSize, d, k, ws, rng);
  }

  /**
   * Fits the model to X (n×d) by mini-batch steps; resets any state from earlier `partialFit` calls.
   * @param opts.sampleWeight - optional non-negative weight per row
   * @throws {@link ValidationError} on bad data, nClusters > n, or init with the wrong number of columns
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): this {
    const what = 'MiniBatchKMeans: the inertia (Σ squared distances)';
    const { nClusters: k, maxIter, maxNoImprovement } = this.options;
    const m = toMatrix(X, 'X', { allowNonFinite: true });
    const { rows: n, cols: d } = m;
    const x = m.data;
    // Unit weights are not materialised (n·8 bytes per fit): null stands for them wherever a kernel takes weights.
    const w = opts.sampleWeight === undefined ? null : toSampleWeight(opts.sampleWeight, n);
    const b = Math.min(this.options.batchSize, n);
    // The wasm workspace (the rows read in place, or copied once) is opened first, so the finiteness and magnitude
    // check runs as one WebAssembly SIMD pass over the rows there instead of a JavaScript scan.
    const ws = useWasm(b * k * d) ? miniBatchWorkspace(x, n, d, k, w, b) : null;
    try {
      if (ws === null) toMatrixCheckedSquares(m, 'X', what);
      else checkSquaresWith(m, (limit) => ws.allWithin(limit), 'X', what);
      checkFitShape(this.#init, k, n, d);
      const { seed, rng } = seededRng(this.options.seed);
      const initSize = this.#initSize(n, b);
      const tol = this.options.tol === 0 ? 0 : this.options.tol * meanColumnVariance(x, n, d);

      // Validation subset, then nInit initialisations scored on it.
      const xv = new Float64Array(initSize * d);
      const wv = new Float64Array(initSize).fill(1);
      for (let t = 0; t < initSize; t++) {
        const r = rng.nextInt(n);
        copyRow(x, r, d, xv, t);
        if (w !== null) wv[t] = w[r];
      }
      const lv = new Int32Array(initSize);
      const mv = new Float64Array(initSize);
      const { centers } = bestOfRuns(this.options.nInit, () => {
        const c = this.#initialCenters(x, n, d, w, initSize, rng);
        return { centers: c, inertia: assignLabels(xv, initSize, d, c, k, wv, lv, mv) };
      });

      const st = freshState(centers, k, d, seed, rng, b);
      const nSteps = Math.floor((maxIter * n) / b);
      const conv = new Convergence(Math.min((b * 2) / (n + 1), 1), tol, maxNoImprovement);
      const done = ws === null ? this.#stepsJS(st, x, w, n, nSteps, conv) : this.#stepsWasm(st, ws, n, nSteps, conv);
      st.nSteps = done;
      st.nIter = Math.ceil((done * b) / n);
      if (this.options.computeLabels) {
        st.labels = new Int32Array(n);
        st.inertia =
          ws === null ? assignLabels(x, n, d, st.centers, k, w, st.labels, new Float64Array(n)) : ws.label(st.labels);
      } else {
        st.inertia = conv.ewa * n;
      }
      this.#backend = ws === null ? 'js' : 'wasm';
      this.setState(st);
    } finally {
      ws?.release(); // its memory is the next fit's (the model keeps copies of the centres and counts)
    }
    return this;
  }

  /**
   * fit's steps on the TypeScript path: each batch gathered into a JS array, assigned, then the update.
   * x n×d IN, w n IN (null: unit weights); st INOUT. Returns the number of steps made.
   */
  #stepsJS(
    st: MiniBatchState,
    x: Float64Array,
    w: Float64Array | null,
    n: number,
    nSteps: number,
    conv: Convergence,
  ): number {
    const { k, nFeaturesIn: d, batchSize: b, rng } = st;
    const ratio = this.options.reassignmentRatio;
    let centersNew: Float64Array = new Float64Array(k * d);
    const batchWeight = new Float64Array(k);
    const xb = new Float64Array(b * d);
    const rows = new Int32Array(b);
    const wb = new Float64Array(b).fill(1);
    const lb = new Int32Array(b);
    const mb = new Float64Array(b);
    for (let i = 0; i < nSteps; i++) {
      sampleBatch(x, w, n, d, b, rng, rows, xb, wb);
      const reassign = this.#dueForReassign(st);
      const batchInertia = this.#step(st, xb, b, wb, centersNew, batchWeight, lb, mb, reassign && ratio > 0) / b;
      const diff = conv.tol > 0 ? squaredChange(st.centers, centersNew) : 0;
      const tmp = st.centers;
      st.centers = centersNew;
      centersNew = tmp;
      if (conv.stop(i, batchInertia, diff)) return Math.min(i + 1, nSteps);
    }
    return nSteps;
  }

  /**
   * fit's steps on the WebAssembly path: the rows stay in wasm memory, and one call per step gathers the batch,
   * assigns it, updates the centres and returns the statistics early stopping needs (same operations, same order
   * as {@link MiniBatchKMeans.#stepsJS}: bit-identical). Only the random draws (and a reassignment, which draws)
   * run here. st INOUT (its centres and counts are copied out of the workspace at the end).
   */
  #stepsWasm(st: MiniBatchState, ws: MiniBatchWasm, n: number, nSteps: number, conv: Convergence): number {
    const { k, nFeaturesIn: d, batchSize: b, rng } = st;
    const ratio = this.options.reassignmentRatio;
    ws.begin(st.centers);
    st.counts = ws.counts;
    const rows = ws.rows;
    let done = nSteps;
    for (let i = 0; i < nSteps; i++) {
      for (let t = 0; t < b; t++) rows[t] = rng.nextInt(n);
      const reassign = this.#dueForReassign(st) && ratio > 0;
      const batchInertia = ws.step(reassign ? ratio : 0, conv.tol > 0) / b;
      let diff = ws.diff;
      if (ws.needsReassign) {
        reassignSmallClusters(ws.batch, b, d, ws.next, k, ws.counts, ratio, rng);
        if (conv.tol > 0) diff = ws.centerDiff();
      }
      ws.advance();
      if (conv.stop(i, batchInertia, diff)) {
        done = Math.min(i + 1, nSteps);
        break;
      }
    }
    st.centers = ws.centers.slice();
    st.counts = ws.counts.slice();
    return done;
  }

  /**
   * Updates the model with one mini-batch: the whole of X (one chunk of a stream). The first call initialises the
   * centres from this chunk (`initSize` of its rows) and fixes the batch size used for the reassignment schedule.
   * With `computeLabels`, `labels` and `inertia` then describe this chunk (as scikit-learn).
   * @throws {@link ValidationError} on bad data, a first chunk with fewer than nClusters rows, or a chunk whose
   *   number of columns differs from the first
   */
  partialFit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): this {
    const k = this.options.nClusters;
    let st = this.fittedState();
    const m = toMatrix(X, 'X', st === null ? {} : { cols: st.nFeaturesIn });
    checkSquaredMagnitude(m, 'MiniBatchKMeans.partialFit: the inertia (Σ squared distances)');
    const { rows: n, cols: d } = m;
    const w = toSampleWeight(opts.sampleWeight, n);
    if (st === null) {
      checkFitShape(this.#init, k, n, d);
      const { seed, rng } = seededRng(this.options.seed);
      const b = Math.min(this.options.batchSize, n);
      const centers = this.#initialCenters(m.data, n, d, w, this.#initSize(n, b), rng);
      st = freshState(centers, k, d, seed, rng, b);
    }
    const reassign = this.#dueForReassign(st);
    const centersNew = new Float64Array(k * d);
    this.#step(
      st,
      m.data,
      n,
      w,
      centersNew,
      new Float64Array(k),
      new Int32Array(n),
      new Float64Array(n),
      reassign && this.options.reassignmentRatio > 0,
    );
    st.centers = centersNew;
    st.nSteps++;
    if (this.options.computeLabels) {
      st.labels = new Int32Array(n);
      st.inertia = assignLabels(m.data, n, d, st.centers, k, w, st.labels, new Float64Array(n));
    }
    this.#backend = stepBackend(n, k, d);
    this.setState(st);
    return this;
  }

  /** scikit-learn's `_random_reassign`: every 10·k rows processed, or whenever a count is 0. */
  #dueForReassign(st: MiniBatchState): boolean {
    st.nSinceLastReassign += st.batchSize;
    let anyZero = false;
    for (let c = 0; c < st.k; c++) if (st.counts[c] === 0) anyZero = true;
    if (anyZero || st.nSinceLastReassign >= 10 * st.k) {
      st.nSinceLastReassign = 0;
      return true;
    }
    return false;
  }

  /** One mini-batch step on xb (b rows); writes centersNew; returns the batch inertia before the update. */
  #step(
    st: MiniBatchState,
    xb: Float64Array,
    b: number,
    wb: Float64Array,
    centersNew: Float64Array,
    batchWeight: Float64Array,
    lb: Int32Array,
    mb: Float64Array,
    reassign: boolean,
  ): number {
    const { k, nFeaturesIn: d } = st;
    const inertia = assignLabels(xb, b, d, st.centers, k, wb, lb, mb);
    miniBatchUpdate(xb, b, d, wb, lb, st.centers, k, centersNew, st.counts, batchWeight);
    if (reassign) reassignSmallClusters(xb, b, d, centersNew, k, st.counts, this.options.reassignmentRatio, st.rng);
    return inertia;
  }

  /**
   * Fits on a SQL source (a table or query on DuckDB / PostgreSQL, see `openDuckDB` / `connectPostgres` in
   * clusterkit/node) without loading its rows: the mini-batches come from seeded engine-side samples.
   * @remarks Each sample statement (DuckDB `USING SAMPLE reservoir(m ROWS) REPEATABLE (seed)`, PostgreSQL
   * `TABLESAMPLE BERNOULLI (p) REPEATABLE (seed)`) returns `chunkBatches · batchSize` rows (all rows when the source
   * is smaller), shuffled here with the seeded generator and fed `batchSize` rows at a time to
   * {@link MiniBatchKMeans.partialFit}'s step (scikit-learn's update and random reassignment). The start is `init`'s
   * centres, or the best of `nInit` k-means++ (or random) runs on one seeded sample of `initSize` rows (as `fit`); the fit stops after `maxSteps`
   * (⌊maxIter·n / batchSize⌋) steps or a step whose squared centre change ≤ tol·mean(var); `inertia` is then one
   * aggregate statement over every row. Unlike `fit`, the rows of a chunk are drawn without replacement, and
   * `maxNoImprovement` is not used. `labels` stays empty: use {@link MiniBatchKMeans.predictSource}.
   * @param source - `engine.source(tableOrQuery, { columns })`
   * @param opts - `maxSteps`, `chunkBatches` (batches per statement, default 64), `onChunk` progress callback
   * @throws {@link ValidationError} on a bad source (missing table or column, non-numeric column, NULLs, empty),
   *   fewer rows than nClusters, or init with the wrong number of columns
   * @example
   * const db = await openDuckDB();
   * const mbk = await new MiniBatchKMeans({ nClusters: 16, seed: 0 }).fitSource(db.source('points'));
   */
  async fitSource(source: SqlSource, opts: SourceMiniBatchOptions = {}): Promise<this> {
    const o = this.options;
    const k = o.nClusters;
    const { seed, rng } = seededRng(o.seed);
    let helper: MiniBatchKMeans | null = null;
    const driver = {
      step: (batch: Float64Array, b: number, init: Float64Array): void => {
        const d = batch.length / b;
        helper ??= new MiniBatchKMeans({
          nClusters: k,
          init: { rows: k, cols: d, data: init },
          batchSize: b,
          reassignmentRatio: o.reassignmentRatio,
          computeLabels: false,
          seed: rng.nextUint32(),
        });
        helper.partialFit({ rows: b, cols: d, data: batch });
      },
      centers: (): Float64Array => (helper as MiniBatchKMeans).state('centers').centers,
    };
    const explicit = this.#init.kind === 'explicit' ? (this.#init.centers as Float64Array) : null;
    const random = this.#init.kind === 'random';
    const run = await fitMiniBatchOnSource(source, { ...o, k, random }, explicit, driver, rng, opts);
    const st = (helper as MiniBatchKMeans | null)?.state('fitSource') as MiniBatchState;
    const d = run.r.d;
    const inertia = await sourceInertia(run.r, st.centers, k);
    const centers = st.centers.slice();
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centers[c * d + j] += run.r.mean[j];
    this.#backend = `sql:${source.engine.dialect}`;
    this.setState({
      ...st,
      centers,
      labels: null,
      inertia,
      nSteps: run.steps,
      nIter: Math.ceil((run.steps * st.batchSize) / run.r.n),
      seed,
    });
    return this;
  }

  /**
   * Writes the nearest-centre label of every row of a source into a new table `into` (the source's columns and an
   * INTEGER `label`), in one `CREATE TABLE … AS SELECT` on the engine.
   * @returns the number of rows labelled
   * @throws NotFittedError before a fit; {@link ValidationError} on a bad source or an existing table
   * @example
   * await mbk.predictSource(db.source('points'), { into: 'points_labels' });
   */
  async predictSource(source: SqlSource, opts: { into: string }): Promise<number> {
    const s = this.state('predictSource');
    return predictCentersOnSource(source, s.centers, s.k, s.nFeaturesIn, opts.into);
  }

  /** Fits and returns the labels. */
  fitPredict(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): Int32Array {
    return this.fit(X, opts).labels;
  }

  /**
   * Where the last `fit`'s (or `partialFit` chunk's) steps ran: `'js'` (the TypeScript reference) or `'wasm'`
   * (WebAssembly SIMD), decided once from a step's size (`useWasm(b·k·d)`); `'none'` for a model loaded with
   * {@link MiniBatchKMeans.fromJSON}. On `'wasm'`, `fit` copies X (and the weights) into wasm memory once — n·d·8
   * bytes, kept while X lives so that later fits on the same array reuse it — and each step (batch gather,
   * assignment, batch inertia, centre update, early-stopping statistics) is one WebAssembly call. Results are
   * bit-identical whichever path ran.
   * @throws NotFittedError before `fit`
   */
  get backend(): string {
    this.state('backend');
    return this.#backend ?? 'none';
  }
  /** k×d cluster centres (a fresh view each call). */
  get clusterCenters(): Matrix {
    const s = this.state('clusterCenters');
    return { rows: s.k, cols: s.nFeaturesIn, data: s.centers };
  }
  /**
   * Labels of the rows of the last `fit` (or of the last `partialFit` chunk).
   * @throws {@link NotFittedError} also when computeLabels is false (call predict instead)
   */
  get labels(): Int32Array {
    const s = this.state('labels');
    if (s.labels === null) throw new NotFittedError('MiniBatchKMeans (computeLabels: false)', 'labels');
    return s.labels;
  }
  /** Σᵢ wᵢ‖xᵢ − μ_{labelᵢ}‖² over the data of the last fit (or chunk); the smoothed estimate without computeLabels. */
  get inertia(): number {
    return this.state('inertia').inertia;
  }
  /** Passes over the data: ⌈nSteps·batchSize / n⌉ (scikit-learn's `n_iter_`). */
  get nIter(): number {
    return this.state('nIter').nIter;
  }
  /** Mini-batch steps made (scikit-learn's `n_steps_`; counts partialFit calls too). */
  get nSteps(): number {
    return this.state('nSteps').nSteps;
  }
  /** Weight seen by each centre so far (the N_c of the learning rate). Read-only. */
  get counts(): Float64Array {
    return this.state('counts').counts;
  }

  /** Nearest-centre label of each row of X. */
  predict(X: MatrixLike): Int32Array {
    const s = this.state('predict');
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const labels = new Int32Array(m.rows);
    assignLabels(m.data, m.rows, s.nFeaturesIn, s.centers, s.k, null, labels, new Float64Array(m.rows));
    return labels;
  }

  /** Opposite of the (weighted) inertia of X under the fitted centres. */
  score(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): number {
    const s = this.state('score');
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const w = toSampleWeight(opts.sampleWeight, m.rows);
    return -assignLabels(
      m.data,
      m.rows,
      s.nFeaturesIn,
      s.centers,
      s.k,
      w,
      new Int32Array(m.rows),
      new Float64Array(m.rows),
    );
  }

  /**
   * The saved state. The PRNG state is not saved: a restored model continues `partialFit` with a
   * generator seeded from (seed, nSteps), deterministic but not the stream an unsaved model would have drawn.
   */
  protected saveState(s: MiniBatchState): object {
    return {
      clusterCenters: toArrays({ rows: s.k, cols: s.nFeaturesIn, data: s.centers }),
      counts: Array.from(s.counts),
      labels: s.labels === null ? null : Array.from(s.labels),
      inertia: s.inertia,
      nIter: s.nIter,
      nSteps: s.nSteps,
      seed: s.seed,
      batchSize: s.batchSize,
      nSinceLastReassign: s.nSinceLastReassign,
      warnings: s.warnings,
    };
  }

  /** The options as saved: `init` as its name or the explicit centres. */
  protected override saveOptions(): object {
    return { ...this.options, init: initToJSON(this.#init) };
  }

  /** Restores a model saved with {@link MiniBatchKMeans.toJSON}. */
  static fromJSON(json: unknown): MiniBatchKMeans {
    type State = {
      clusterCenters: number[][];
      counts: number[];
      labels: number[] | null;
      inertia: number;
      nIter: number;
      nSteps: number;
      seed: number;
      batchSize: number;
      nSinceLastReassign: number;
      warnings: ModelWarning[];
    };
    const j = checkModelJSON<MiniBatchKMeansOptions & { seed: number | null; initSize: number | null }, State>(
      json,
      'MiniBatchKMeans',
    );
    const mb = new MiniBatchKMeans({
      ...j.options,
      seed: j.options.seed ?? undefined,
      initSize: j.options.initSize ?? undefined,
    });
    const c = toMatrix(j.state.clusterCenters, 'clusterCenters');
    const s = j.state;
    return MiniBatchKMeans.restore(mb, {
      centers: c.data,
      k: c.rows,
      nFeaturesIn: c.cols,
      counts: Float64Array.from(s.counts),
      labels: s.labels === null ? null : Int32Array.from(s.labels),
      inertia: s.inertia ?? Number.NaN,
      nIter: s.nIter,
      nSteps: s.nSteps,
      seed: s.seed,
      rng: createRng(s.seed + s.nSteps * 0x9e3779b1),
      batchSize: s.batchSize,
      nSinceLastReassign: s.nSinceLastReassign,
      warnings: s.warnings,
    });
  }
}

/** The path of a mini-batch step assigning b rows to k centers in d dimensions. */
function stepBackend(b: number, k: number, d: number): string {
  const plan = planPasses({ work: b * k * d, poolWork: 0 });
  return describeBackend({ backend: plan.backend, threads: 1 });
}
