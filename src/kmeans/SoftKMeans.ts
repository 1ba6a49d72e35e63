/**
 * Soft k-means (MacKay's version, 2003, ch. 20): k-means with graded responsibilities of stiffness β.
 * @module
 */

import type { ModelWarning } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import type { ProgressCallback } from '../core/progress.js';
import { checkNumber } from '../core/validate.js';
import { assignLabels } from './common.js';
import {
  type CentroidJSON,
  centroidFromJSON,
  convergenceWarning,
  IteratedCentroidEstimator,
  type IteratedState,
  initToJSON,
  membershipLoopOptions,
  predictNearestCenter,
  type ResolvedInit,
  resolveInit,
  runMembershipLoop,
  startMembershipFit,
} from './family.js';
import { softResponsibilities } from './softKernels.js';

/** Options of {@link SoftKMeans}. */
export interface SoftKMeansOptions {
  /** Number of clusters k. @defaultValue 8 (or the number of rows of an explicit `init`) */
  nClusters?: number;
  /** Stiffness β > 0 applied to the squared distance: r ∝ exp(−β‖x − μ‖²). @defaultValue 1 */
  beta?: number;
  /** Initial centres: greedy k-means++, k random distinct rows, or explicit k×d centres. @defaultValue 'k-means++' */
  init?: 'k-means++' | 'random' | MatrixLike;
  /** Maximum number of iterations (E-step + M-step). With `tol: 0`, exactly this many are run. @defaultValue 300 */
  maxIter?: number;
  /** Stop when Σ‖Δμ‖² ≤ tol · mean feature variance; 0 disables the test. @defaultValue 1e-4 */
  tol?: number;
  /** Seed of the PRNG used by the initialisation; drawn (and recorded as `seed`) when omitted. */
  seed?: number;
}

/** Resolved options of {@link SoftKMeans}. */
export interface ResolvedSoftKMeansOptions {
  nClusters: number;
  beta: number;
  maxIter: number;
  tol: number;
  seed: number | undefined;
}

interface SoftState extends IteratedState {
  resp: Matrix;
}

/**
 * Soft k-means: every point belongs to every cluster with a responsibility that decays with its squared distance.
 *
 * @remarks
 * MacKay's soft k-means (Information Theory, Inference, and Learning Algorithms, 2003, algorithm 20.7), iterating
 *   E-step  r_ic = exp(−β‖xᵢ − μ_c‖²) / Σ_c' exp(−β‖xᵢ − μ_c'‖²)
 *   M-step  μ_c = Σᵢ wᵢ r_ic xᵢ / Σᵢ wᵢ r_ic
 * from k-means++, random or explicit initial centres. Convention: β multiplies the SQUARED Euclidean distance.
 * MacKay writes exp(−β·d(x, m)) with d = ½‖x − m‖², i.e. our β equals his β/2; the GMM view with shared
 * isotropic variance σ² has β = 1/(2σ²). Responsibilities use log-sum-exp (the nearest centre's term is exactly
 * 1), so no β underflows to 0/0. As β → ∞ the responsibilities become one-hot and the iteration is Lloyd's
 * k-means; small β pulls all centres towards the (weighted) mean of the data. A centre whose responsibilities
 * all underflow keeps its place. Stops when Σ‖Δμ‖² ≤ tol·mean(var(X)) (never when tol = 0, so maxIter is then
 * the exact number of iterations); a last E-step makes `responsibilities` match the returned centres.
 * `inertia` is Σᵢ wᵢ min_c ‖xᵢ − μ_c‖², the hard k-means inertia of the final centres (to compare with KMeans).
 * O(n·k·d) per iteration, n×k memory for the responsibilities. Matches a NumPy transcription of these updates to
 * 1e-8 on the fixtures (scripts/fixtures/kmeans_family.py).
 * @example
 * const sk = new SoftKMeans({ nClusters: 2, beta: 2, seed: 0 }).fit([[0, 0], [0, 1], [5, 5], [5, 6]]);
 * sk.responsibilities; // 4×2, rows sum to 1
 */
export class SoftKMeans extends IteratedCentroidEstimator<SoftState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedSoftKMeansOptions>;
  readonly #init: ResolvedInit;

  /**
   * @throws {@link ValidationError} on an invalid option, e.g. β ≤ 0 (param `'beta'`)
   */
  constructor(options: SoftKMeansOptions = {}) {
    super('SoftKMeans');
    const { init, nClusters } = resolveInit(options.init ?? 'k-means++', options.nClusters, 8);
    this.#init = init;
    this.options = Object.freeze({
      nClusters,
      beta: checkNumber(options.beta ?? 1, 'beta', 0, { minExclusive: true, max: Number.MAX_VALUE }),
      ...membershipLoopOptions(options),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the model to X (n×d).
   * @param opts.sampleWeight - optional non-negative weight per row
   * @param opts.onProgress - called after every iteration with the iterations done and maxIter (a fit that
   * converges early ends at maxIter; {@link ProgressCallback}; the result is unchanged)
   * @throws {@link ValidationError} on bad data, nClusters > n, or init with the wrong number of columns
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number>; onProgress?: ProgressCallback } = {}): this {
    const { nClusters: k, beta, maxIter } = this.options;
    const {
      x,
      n,
      d,
      w,
      seed,
      centers: init,
    } = startMembershipFit(X, opts.sampleWeight, this.#init, k, this.options.seed);
    const resp = new Float64Array(n * k);
    const sq = new Float64Array(k);
    const step = (c: Float64Array) => softResponsibilities(x, n, d, c, k, beta, resp, sq);
    const {
      centers,
      nIter: it,
      converged,
    } = runMembershipLoop(x, n, d, w, resp, init, k, 1, maxIter, this.options.tol, step, opts.onProgress);
    step(centers);
    const labels = new Int32Array(n);
    const inertia = assignLabels(x, n, d, centers, k, w, labels, new Float64Array(n));
    const warnings: ModelWarning[] = [];
    if (!converged && this.options.tol > 0) {
      warnings.push(convergenceWarning('soft k-means', maxIter));
    }
    this.setState({
      centers: { rows: k, cols: d, data: centers },
      resp: { rows: n, cols: k, data: resp },
      labels,
      inertia,
      nIter: it,
      converged,
      nFeaturesIn: d,
      seed,
      warnings,
    });
    return this;
  }

  /**
   * n×k responsibilities r_ic of the training rows for the final centres (rows sum to 1). Read-only. Not saved by
   * toJSON: a restored model has 0 rows here (use `predictProba(X)`).
   */
  get responsibilities(): Matrix {
    return this.state('responsibilities').resp;
  }

  /** Responsibilities (n×k, rows sum to 1) of new rows under the fitted centres. */
  predictProba(X: MatrixLike): Matrix {
    const s = this.state('predictProba');
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const k = s.centers.rows;
    const out = new Float64Array(m.rows * k);
    softResponsibilities(m.data, m.rows, m.cols, s.centers.data, k, this.options.beta, out, new Float64Array(k));
    return { rows: m.rows, cols: k, data: out };
  }

  /** Hard label (nearest centre) of each row of X. */
  predict(X: MatrixLike): Int32Array {
    return predictNearestCenter(this.state('predict'), X);
  }

  /** The options as saved: `init` as its name or the explicit centres. */
  protected override saveOptions(): object {
    return { ...this.options, init: initToJSON(this.#init) };
  }

  /**
   * Restores a model saved with {@link SoftKMeans.toJSON}. `responsibilities` of the training rows are not
   * saved; call `predictProba(X)` to recompute them.
   */
  static fromJSON(json: unknown): SoftKMeans {
    type State = CentroidJSON & Pick<SoftState, 'inertia' | 'nIter' | 'converged' | 'seed' | 'warnings'>;
    const j = checkModelJSON<SoftKMeansOptions & { seed: number | null }, State>(json, 'SoftKMeans');
    const sk = new SoftKMeans({ ...j.options, seed: j.options.seed ?? undefined });
    const { clusterCenters: _c, labels: _l, ...rest } = j.state;
    const c = centroidFromJSON(j.state);
    const resp = { rows: 0, cols: c.centers.rows, data: new Float64Array(0) };
    return SoftKMeans.restore(sk, { ...rest, ...c, resp });
  }
}
