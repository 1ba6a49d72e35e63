/**
 * Spherical (cosine) k-means (Dhillon & Modha 2001) for embeddings and other directional data.
 * @module
 */

import { checkNoZeroRows } from '../core/distance.js';
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { magnitudeScale } from '../core/magnitude.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { iterationProgress, type ProgressCallback } from '../core/progress.js';
import { checkInt, checkNumber, checkSeed, toSampleWeight } from '../core/validate.js';
import type { SqlSource } from '../engine/sql/engine.js';
import { countDistinct, relocateEmptyClusters, sameLabels } from './common.js';
import {
  bestOfRuns,
  type CentroidJSON,
  centroidFromJSON,
  checkFitShape,
  convergenceWarning,
  IteratedCentroidEstimator,
  type IteratedState,
  initialCenters,
  initToJSON,
  keptRunState,
  type ResolvedInit,
  resolveInit,
  restartCount,
  seededRng,
} from './family.js';
import { fitKMeansOnSource, predictCentersOnSource, type SourceFitOptions } from './sourceKMeans.js';

/** Options of {@link SphericalKMeans}. */
export interface SphericalKMeansOptions {
  /** Number of clusters k. @defaultValue 8 (or the number of rows of an explicit `init`) */
  nClusters?: number;
  /** Initialisation on the unit-normalised rows; explicit centres are normalised. @defaultValue 'k-means++' */
  init?: 'k-means++' | 'random' | MatrixLike;
  /** Runs from different initialisations; the lowest cosine inertia wins. @defaultValue 1 (10 for 'random') */
  nInit?: number | 'auto';
  /** Maximum iterations of one run. @defaultValue 300 */
  maxIter?: number;
  /** Stop when Σ‖Δμ‖² ≤ tol (centres are unit vectors, so the tolerance is absolute). @defaultValue 1e-6 */
  tol?: number;
  /** Seed of the PRNG; drawn (and recorded) when omitted. */
  seed?: number;
}

/** Resolved options of {@link SphericalKMeans}. */
export interface ResolvedSphericalKMeansOptions {
  nClusters: number;
  nInit: number | 'auto';
  maxIter: number;
  tol: number;
  seed: number | undefined;
}

type SphericalState = IteratedState;

/**
 * Scales every row of x to unit Euclidean norm in place, also for rows whose squared norm would overflow or
 * underflow (such a row is first divided by a power of two). Rows must be non-zero (checked by the caller).
 * x n×d INOUT. @internal
 */
export function normalizeRows(x: Float64Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += x[o + j] * x[o + j];
    if (!(s < Number.POSITIVE_INFINITY) || s < 2 ** -900) {
      // Squares overflow (|x| near 1e300) or fall into the subnormals: divide the row by a power of two first
      // (exact; the unit row does not depend on it). Rows whose squares are ordinary never take this branch.
      const p = magnitudeScale(x.subarray(o, o + d));
      for (let j = 0; j < d; j++) x[o + j] /= p;
      s = 0;
      for (let j = 0; j < d; j++) s += x[o + j] * x[o + j];
    }
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) x[o + j] *= inv;
  }
}

/**
 * Assigns each unit row to the centre of largest cosine similarity (dot product with unit centres; ties to the
 * lowest index). x n×d IN (unit rows), centers k×d IN (unit rows), labels n OUT, dissim n OUT (1 − cos).
 * @returns Σᵢ wᵢ(1 − cos(xᵢ, μ_{labelᵢ})) @internal
 */
export function assignCosine(
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  w: Float64Array,
  labels: Int32Array,
  dissim: Float64Array,
): number {
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    let best = 0;
    let bestSim = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const ci = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[xi + j] * centers[ci + j];
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    labels[i] = best;
    const dv = 1 - bestSim;
    dissim[i] = dv;
    tot += w[i] * dv;
  }
  return tot;
}

/**
 * One spherical k-means run from unit centres `init` (IN, not modified) on unit rows x. @internal
 */
export function runSpherical(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  init: Float64Array,
  k: number,
  maxIter: number,
  tol: number,
  onIter?: (iterations: number) => void,
): { labels: Int32Array; centers: Float64Array; inertia: number; nIter: number; converged: boolean } {
  let centers = init.slice();
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const old = new Int32Array(n).fill(-1);
  const dissim = new Float64Array(n);
  const wic = new Float64Array(k);
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    assignCosine(x, n, d, centers, k, w, labels, dissim);
    next.fill(0);
    wic.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      wic[c] += w[i];
      for (let j = 0; j < d; j++) next[c * d + j] += w[i] * x[i * d + j];
    }
    // Empty clusters take the least similar points (on the unit sphere ‖x − μ‖² = 2(1 − cos)).
    relocateEmptyClusters(x, n, d, w, labels, dissim, k, next, wic);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const o = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += next[o + j] * next[o + j];
      if (s > 0) {
        const inv = 1 / Math.sqrt(s);
        for (let j = 0; j < d; j++) next[o + j] *= inv;
      } else {
        for (let j = 0; j < d; j++) next[o + j] = centers[o + j]; // members cancel out: keep the direction
      }
      for (let j = 0; j < d; j++) {
        const t = next[o + j] - centers[o + j];
        shift += t * t;
      }
    }
    const t = centers;
    centers = next;
    next = t;
    onIter?.(it + 1);
    if (sameLabels(labels, old)) {
      converged = true;
      break;
    }
    if (shift <= tol) {
      converged = true;
      break;
    }
    old.set(labels);
  }
  const nIter = Math.min(it + 1, maxIter);
  const inertia = assignCosine(x, n, d, centers, k, w, labels, dissim);
  return { labels, centers, inertia, nIter, converged };
}

/**
 * Spherical k-means: k-means on the unit sphere, clustering by direction (cosine similarity) — the natural
 * geometry of text and image embeddings.
 *
 * @remarks
 * Rows are scaled to unit norm, x̂ = x/‖x‖. Iterates: assign each x̂ᵢ to argmax_c x̂ᵢ·μ_c (cosine similarity);
 * set μ_c = Σ_{i∈c} wᵢx̂ᵢ / ‖Σ_{i∈c} wᵢx̂ᵢ‖ (the normalised mean direction). This maximises Σᵢ wᵢ cos(xᵢ, μ_{c(i)});
 * `inertia` reports Σᵢ wᵢ(1 − cos(xᵢ, μ_{c(i)})), which is half the Euclidean inertia of the unit rows to the unit
 * centres. k-means++ seeding runs on the unit rows (chordal distance, monotone in the angle). An empty cluster
 * takes the least similar point; a cluster whose members sum to zero keeps its direction. Stops when the labels
 * repeat or Σ‖Δμ‖² ≤ tol; `nInit` restarts keep the lowest inertia. A separate estimator rather than a KMeans
 * `metric` option, so KMeans's Euclidean paths (Elkan/Hamerly bounds, centring) stay untouched. O(n·k·d) per
 * iteration. Zero vectors have no direction and are rejected. Tested against a naive transcription of these updates
 * (same labels and centres from the same initial centres) and by properties (unit-norm centres, labels =
 * predict, invariance to row scaling).
 * @see Dhillon & Modha (2001), Concept decompositions for large sparse text data using clustering, Machine Learning 42
 * @example
 * const sk = new SphericalKMeans({ nClusters: 2, seed: 0 }).fit([[1, 0.1], [2, 0.1], [0.1, 1], [0.1, 3]]);
 * sk.labels; // Int32Array [0, 0, 1, 1] (up to permutation)
 */
export class SphericalKMeans extends IteratedCentroidEstimator<SphericalState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedSphericalKMeansOptions>;
  readonly #init: ResolvedInit;

  /**
   * @throws {@link ValidationError} on an invalid option, or explicit initial centres containing a zero vector
   */
  constructor(options: SphericalKMeansOptions = {}) {
    super('SphericalKMeans');
    const { init, nClusters } = resolveInit(options.init ?? 'k-means++', options.nClusters, 8);
    if (init.kind === 'explicit') {
      checkNoZeroRows({ rows: init.rows, cols: init.cols, data: init.centers as Float64Array }, 'init');
      normalizeRows(init.centers as Float64Array, init.rows, init.cols);
    }
    this.#init = init;
    const nInit = options.nInit ?? 'auto';
    this.options = Object.freeze({
      nClusters,
      nInit: nInit === 'auto' ? 'auto' : checkInt(nInit, 'nInit', 1),
      maxIter: checkInt(options.maxIter ?? 300, 'maxIter', 1),
      tol: checkNumber(options.tol ?? 1e-6, 'tol', 0, { max: Number.MAX_VALUE }),
      seed: checkSeed(options.seed),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the model to X (n×d).
   * @param opts.sampleWeight - optional non-negative weight per row
   * @param opts.onProgress - called after every iteration with the iterations done and the budget of all runs,
   * nRuns·maxIter (a run that converges early counts as its maxIter; {@link ProgressCallback}; the result is
   * unchanged)
   * @throws {@link ValidationError} on bad data, a zero row of X (param `'X'`, with its row), nClusters > n
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number>; onProgress?: ProgressCallback } = {}): this {
    const m = toMatrix(X, 'X');
    const { nClusters: k, maxIter, tol } = this.options;
    const { rows: n, cols: d } = m;
    checkFitShape(this.#init, k, n, d);
    checkNoZeroRows(m, 'X');
    const x = m.data.slice();
    normalizeRows(x, n, d);
    const w = toSampleWeight(opts.sampleWeight, n);
    const { seed, rng } = seededRng(this.options.seed);
    const warnings: ModelWarning[] = [];
    const nRuns = restartCount(this.options.nInit, this.#init.kind);
    const report = iterationProgress(opts.onProgress, nRuns, maxIter);
    const res = bestOfRuns(nRuns, (r) => {
      const init = initialCenters(this.#init, x, n, d, k, w, rng);
      const run = runSpherical(x, n, d, w, init, k, maxIter, tol, (it) => report(r, it));
      report(r, maxIter);
      return run;
    });
    const distinct = countDistinct(res.labels, k);
    if (distinct < k) {
      warnings.push({
        code: 'DUPLICATE_POINTS',
        message: `Number of distinct clusters (${distinct}) found smaller than nClusters (${k}). Possibly due to parallel rows in X.`,
      });
    }
    if (!res.converged) {
      warnings.push(convergenceWarning('spherical k-means', maxIter));
    }
    this.setState({ ...keptRunState(res, k, d), seed, warnings });
    return this;
  }

  /**
   * Fits the model to a table or query on a SQL engine (`openDuckDB`, `connectPostgres` in clusterkit/node): each
   * iteration is one statement over the unit rows x/‖x‖ returning per-cluster counts and sums.
   * @remarks The loop of {@link SphericalKMeans.fit} (assign by the largest x̂·μ, ties to the lower index; μ the
   * normalised sum; empty clusters to the least similar rows; stop when the partition repeats or Σ‖Δμ‖² ≤ tol), so
   * from the same initial centres it equals the in-memory fit to summation order. O(n·k·d) per iteration in the
   * engine. `labels` stays empty: write them with {@link SphericalKMeans.predictSource}.
   * @param source - `engine.source(tableOrQuery, { columns })`
   * @param opts - initialisation override ('k-means||', 'k-means++', 'random' on the unit rows), progress callback
   * @throws {@link ValidationError} on a bad source (missing table or column, non-numeric column, NULL, no rows) or
   *   a row whose features are all zero
   * @example
   * const sk = await new SphericalKMeans({ nClusters: 20 }).fitSource(db.source('embeddings'));
   */
  async fitSource(source: SqlSource, opts: SourceFitOptions = {}): Promise<this> {
    const res = await fitKMeansOnSource(source, this.#init, this.options, opts, true);
    this.setState({
      ...keptRunState({ ...res, labels: new Int32Array(0) }, this.options.nClusters, res.d),
      seed: res.seed,
      warnings: res.warnings,
    });
    return this;
  }

  /**
   * Writes the label of largest cosine similarity of every row of a source into a new table `into` (the source's
   * columns and an INTEGER `label`), in one statement on the engine.
   * @returns the number of rows labelled
   * @throws NotFittedError before a fit; {@link ValidationError} on a bad source or an existing table
   * @example
   * await sk.predictSource(db.source('embeddings'), { into: 'embedding_topics' });
   */
  async predictSource(source: SqlSource, opts: { into: string }): Promise<number> {
    const s = this.state('predictSource');
    return predictCentersOnSource(source, s.centers.data, s.centers.rows, s.nFeaturesIn, opts.into, true);
  }

  #unitRows(X: MatrixLike, s: SphericalState): Matrix {
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    checkNoZeroRows(m, 'X');
    const x = m.data.slice();
    normalizeRows(x, m.rows, m.cols);
    return { rows: m.rows, cols: m.cols, data: x };
  }

  /**
   * Most similar centre of each row of X.
   * @throws {@link ValidationError} on a zero row
   */
  predict(X: MatrixLike): Int32Array {
    const s = this.state('predict');
    const m = this.#unitRows(X, s);
    const labels = new Int32Array(m.rows);
    const w = new Float64Array(m.rows).fill(1);
    assignCosine(m.data, m.rows, m.cols, s.centers.data, s.centers.rows, w, labels, new Float64Array(m.rows));
    return labels;
  }

  /**
   * Cosine similarity of each row of X to each centre (n×k).
   * @throws {@link ValidationError} on a zero row
   */
  transform(X: MatrixLike): Matrix {
    const s = this.state('transform');
    const m = this.#unitRows(X, s);
    const k = s.centers.rows;
    const d = m.cols;
    const out = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < k; c++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += m.data[i * d + j] * s.centers.data[c * d + j];
        out[i * k + c] = v;
      }
    }
    return { rows: m.rows, cols: k, data: out };
  }

  /** The options as saved: `init` as its name or the explicit (unit) centres. */
  protected override saveOptions(): object {
    return { ...this.options, init: initToJSON(this.#init) };
  }

  /** Restores a model saved with {@link SphericalKMeans.toJSON}. */
  static fromJSON(json: unknown): SphericalKMeans {
    type State = Omit<SphericalState, 'centers' | 'labels' | 'nFeaturesIn'> & CentroidJSON;
    const j = checkModelJSON<SphericalKMeansOptions & { seed: number | null }, State>(json, 'SphericalKMeans');
    const sk = new SphericalKMeans({ ...j.options, seed: j.options.seed ?? undefined });
    const c = centroidFromJSON(j.state);
    if (c.centers.rows < 1) throw new ValidationError('clusterCenters is empty.', { param: 'model' });
    const { clusterCenters: _c, labels: _l, ...rest } = j.state;
    return SphericalKMeans.restore(sk, { ...rest, ...c });
  }
}
