/**
 * Fuzzy c-means (Dunn 1973, Bezdek 1981): graded memberships with a fuzzifier m > 1.
 * @module
 */

import type { ModelWarning } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import type { ProgressCallback } from '../core/progress.js';
import { checkNumber } from '../core/validate.js';
import {
  CentroidEstimator,
  type CentroidJSON,
  type CentroidState,
  centroidFromJSON,
  centroidToJSON,
  convergenceWarning,
  initToJSON,
  membershipLoopOptions,
  type ResolvedInit,
  resolveInit,
  runMembershipLoop,
  startMembershipFit,
} from './family.js';
import { argmaxRows, fuzzyMemberships } from './softKernels.js';

/** Options of {@link FuzzyCMeans}. */
export interface FuzzyCMeansOptions {
  /** Number of clusters c. @defaultValue 8 (or the number of rows of an explicit `init`) */
  nClusters?: number;
  /** Fuzzifier m > 1: near 1 the partition is almost hard, large m makes it fuzzier. @defaultValue 2 */
  m?: number;
  /** Initial centres: greedy k-means++, k random distinct rows, or explicit k×d centres. @defaultValue 'k-means++' */
  init?: 'k-means++' | 'random' | MatrixLike;
  /** Maximum number of iterations. With `tol: 0`, exactly this many are run. @defaultValue 300 */
  maxIter?: number;
  /** Stop when Σ‖Δv‖² ≤ tol · mean feature variance; 0 disables the test. @defaultValue 1e-4 */
  tol?: number;
  /** Seed of the PRNG used by the initialisation; drawn (and recorded as `seed`) when omitted. */
  seed?: number;
}

/** Resolved options of {@link FuzzyCMeans}. */
export interface ResolvedFuzzyCMeansOptions {
  nClusters: number;
  m: number;
  maxIter: number;
  tol: number;
  seed: number | undefined;
}

interface FuzzyState extends CentroidState {
  u: Matrix;
  objective: number;
  objectiveHistory: number[];
  partitionCoefficient: number;
  partitionEntropy: number;
  nIter: number;
  converged: boolean;
}

/**
 * Fuzzy c-means clustering: each point has a membership in every cluster; memberships of a point sum to 1.
 *
 * @remarks
 * Minimises J_m(U, V) = Σᵢ Σ_c wᵢ u_ic^m ‖xᵢ − v_c‖² subject to Σ_c u_ic = 1, alternating Bezdek's updates
 *   u_ic = 1 / Σ_c' (‖xᵢ − v_c‖ / ‖xᵢ − v_c'‖)^{2/(m−1)}
 *   v_c  = Σᵢ wᵢ u_ic^m xᵢ / Σᵢ wᵢ u_ic^m
 * from k-means++, random or explicit initial centres (each iteration: memberships from the centres, then centres
 * from the memberships). Each half-step minimises J_m in its own variables, so J_m never increases. A point lying
 * exactly on a centre gets membership 1 there (shared equally if it lies on several), so no distance is divided
 * by zero. Stops when Σ‖Δv‖² ≤ tol·mean(var(X)) (never when tol = 0: maxIter is then the exact count); a final
 * membership step makes `memberships` match the returned centres. Quality figures: partition coefficient
 * PC = (1/n) Σᵢ Σ_c u_ic² ∈ [1/c, 1] and partition entropy PE = −(1/n) Σᵢ Σ_c u_ic ln u_ic ∈ [0, ln c] (1 and 0 for
 * a hard partition). O(n·c·d) per iteration. Matches a NumPy transcription of these updates to 1e-8 on the
 * fixtures (scripts/fixtures/kmeans_family.py).
 * @see Bezdek, Ehrlich & Full (1984), FCM: the fuzzy c-means clustering algorithm, Computers & Geosciences 10
 * @example
 * const fcm = new FuzzyCMeans({ nClusters: 2, m: 2, seed: 0 }).fit([[0, 0], [0, 1], [5, 5], [5, 6]]);
 * fcm.memberships; // 4×2, rows sum to 1
 */
export class FuzzyCMeans extends CentroidEstimator<FuzzyState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedFuzzyCMeansOptions>;
  readonly #init: ResolvedInit;

  /**
   * @throws {@link ValidationError} on an invalid option, e.g. m ≤ 1 (param `'m'`)
   */
  constructor(options: FuzzyCMeansOptions = {}) {
    super('FuzzyCMeans');
    const { init, nClusters } = resolveInit(options.init ?? 'k-means++', options.nClusters, 8);
    this.#init = init;
    this.options = Object.freeze({
      nClusters,
      m: checkNumber(options.m ?? 2, 'm', 1, { minExclusive: true, max: Number.MAX_VALUE }),
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
    const { nClusters: k, m, maxIter } = this.options;
    const {
      x,
      n,
      d,
      w,
      seed,
      centers: init,
    } = startMembershipFit(X, opts.sampleWeight, this.#init, k, this.options.seed);
    const u = new Float64Array(n * k);
    const sq = new Float64Array(k);
    const history: number[] = [];
    const step = (c: Float64Array) => objectiveOf(fuzzyMemberships(x, n, d, c, k, m, u, sq), x, n, d, w, u, k, m, c);
    const { centers, nIter, converged } = runMembershipLoop(
      x,
      n,
      d,
      w,
      u,
      init,
      k,
      m,
      maxIter,
      this.options.tol,
      (c) => {
        history.push(step(c));
      },
      opts.onProgress,
    );
    const objective = step(centers);
    history.push(objective);
    const labels = new Int32Array(n);
    argmaxRows(u, n, k, labels);
    let pc = 0;
    let pe = 0;
    for (let t = 0; t < n * k; t++) {
      const v = u[t];
      pc += v * v;
      if (v > 0) pe -= v * Math.log(v);
    }
    const warnings: ModelWarning[] = [];
    if (!converged && this.options.tol > 0) {
      warnings.push(convergenceWarning('fuzzy c-means', maxIter));
    }
    this.setState({
      centers: { rows: k, cols: d, data: centers },
      u: { rows: n, cols: k, data: u },
      labels,
      objective,
      objectiveHistory: history,
      partitionCoefficient: pc / n,
      partitionEntropy: pe / n,
      nIter,
      converged,
      nFeaturesIn: d,
      seed,
      warnings,
    });
    return this;
  }

  /**
   * n×k memberships u_ic of the training rows for the final centres (in [0, 1], rows sum to 1). Read-only. Not
   * saved by toJSON: a restored model has 0 rows here (use `predictProba(X)`).
   */
  get memberships(): Matrix {
    return this.state('memberships').u;
  }
  /** J_m = Σᵢ Σ_c wᵢ u_ic^m ‖xᵢ − v_c‖² at the final memberships and centres. */
  get objective(): number {
    return this.state('objective').objective;
  }
  /** J_m after each membership step (the last entry is `objective`); never increases. */
  get objectiveHistory(): readonly number[] {
    return this.state('objectiveHistory').objectiveHistory;
  }
  /** Bezdek's partition coefficient (1/n) Σᵢ Σ_c u_ic², in [1/c, 1]; 1 for a hard partition. */
  get partitionCoefficient(): number {
    return this.state('partitionCoefficient').partitionCoefficient;
  }
  /** Bezdek's partition entropy −(1/n) Σᵢ Σ_c u_ic ln u_ic (natural log), in [0, ln c]; 0 for a hard partition. */
  get partitionEntropy(): number {
    return this.state('partitionEntropy').partitionEntropy;
  }
  /** Iterations run. */
  get nIter(): number {
    return this.state('nIter').nIter;
  }
  /** Whether the centre shift fell below the tolerance before maxIter (always false with tol = 0). */
  get converged(): boolean {
    return this.state('converged').converged;
  }

  /** Memberships (n×k, rows sum to 1) of new rows under the fitted centres. */
  predictProba(X: MatrixLike): Matrix {
    const s = this.state('predictProba');
    const mat = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const k = s.centers.rows;
    const out = new Float64Array(mat.rows * k);
    fuzzyMemberships(mat.data, mat.rows, mat.cols, s.centers.data, k, this.options.m, out, new Float64Array(k));
    return { rows: mat.rows, cols: k, data: out };
  }

  /** Hard label (largest membership) of each row of X. */
  predict(X: MatrixLike): Int32Array {
    const p = this.predictProba(X);
    const labels = new Int32Array(p.rows);
    argmaxRows(p.data, p.rows, p.cols, labels);
    return labels;
  }

  /** The options as saved: `init` as its name or the explicit centres. */
  protected override saveOptions(): object {
    return { ...this.options, init: initToJSON(this.#init) };
  }
  /** The saved state (the training memberships are not stored). */
  protected saveState(s: FuzzyState): object {
    const { objective, objectiveHistory, partitionCoefficient, partitionEntropy, nIter, converged, seed, warnings } = s;
    return {
      ...centroidToJSON(s),
      objective,
      objectiveHistory,
      partitionCoefficient,
      partitionEntropy,
      nIter,
      converged,
      seed,
      warnings,
    };
  }

  /** Restores a model saved with {@link FuzzyCMeans.toJSON}. */
  static fromJSON(json: unknown): FuzzyCMeans {
    type State = Omit<FuzzyState, 'centers' | 'u' | 'labels' | 'nFeaturesIn'> & CentroidJSON;
    const j = checkModelJSON<FuzzyCMeansOptions & { seed: number | null }, State>(json, 'FuzzyCMeans');
    const f = new FuzzyCMeans({ ...j.options, seed: j.options.seed ?? undefined });
    const { clusterCenters: _c, labels: _l, ...rest } = j.state;
    const c = centroidFromJSON(j.state);
    return FuzzyCMeans.restore(f, { ...rest, ...c, u: { rows: 0, cols: c.centers.rows, data: new Float64Array(0) } });
  }
}

/** J_m with weights: the kernel returns the unweighted sum; recompute when weights are given. */
function objectiveOf(
  unweighted: number,
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array | null,
  u: Float64Array,
  k: number,
  m: number,
  centers: Float64Array,
): number {
  if (w === null) return unweighted;
  let J = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const v = u[i * k + c];
      if (v === 0) continue;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[i * d + j] - centers[c * d + j];
        s += t * t;
      }
      J += w[i] * v ** m * s;
    }
  }
  return J;
}
