/**
 * `NearestNeighbors`: unsupervised k-nearest-neighbour and radius queries, as scikit-learn's.
 * @module
 */
import { NotFittedError, ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import {
  checkMetricName,
  METRIC_NAMES,
  type MetricName,
  type MetricOptions,
  type ResolvedMetric,
  resolveMetric,
} from '../core/metrics.js';
import { checkInt, checkNumber, checkOneOf } from '../core/validate.js';
import { buildNeighborIndex, NEIGHBOR_ALGORITHMS, type NeighborAlgorithm, type NeighborIndex } from './query.js';

/** Options of {@link NearestNeighbors}. */
export interface NearestNeighborsOptions extends MetricOptions {
  /** Neighbours returned by `kneighbors` when `k` is not given. @defaultValue 5 */
  nNeighbors?: number;
  /** Radius of `radiusNeighbors` when `r` is not given. @defaultValue 1 */
  radius?: number;
  /**
   * Any metric of the registry (SciPy's names, and haversine on [lat, lon] in radians), with its `p`/`w`/`V`/`VI`;
   * seuclidean's V and mahalanobis's VI default from the fitted data. @defaultValue 'minkowski' (with p = 2)
   */
  metric?: MetricName;
  /** How to search: `'auto'` picks a k-d tree, else a ball tree (true metrics), else brute force. @defaultValue 'auto' */
  algorithm?: NeighborAlgorithm;
  /** Most points in a tree leaf. @defaultValue 30 */
  leafSize?: number;
}

/** Resolved options of {@link NearestNeighbors}. */
export interface ResolvedNearestNeighborsOptions {
  nNeighbors: number;
  radius: number;
  metric: MetricName;
  algorithm: NeighborAlgorithm;
  leafSize: number;
  p: number;
  w?: ArrayLike<number>;
  V?: ArrayLike<number>;
  VI?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
}

/** An n×k matrix of row indices. */
export interface IndexMatrix {
  rows: number;
  cols: number;
  /** Row-major indices into the fitted rows. */
  data: Int32Array;
}

/** Result of {@link NearestNeighbors.kneighbors}: row i holds query i's neighbours, nearest first. */
export interface KNeighborsResult {
  /** n×k distances, ascending in each row. */
  distances: Matrix;
  /** n×k fitted-row indices (ties by lowest index). */
  indices: IndexMatrix;
}

/** Result of {@link NearestNeighbors.radiusNeighbors}: one array per query row, sorted by distance. */
export interface RadiusNeighborsResult {
  distances: Float64Array[];
  indices: Int32Array[];
}

interface NeighborsState {
  x: Matrix;
  metric: ResolvedMetric;
  index: NeighborIndex;
}

/**
 * Unsupervised nearest neighbours: k-nearest and fixed-radius queries against the fitted rows, as
 * `sklearn.neighbors.NearestNeighbors`.
 * @remarks
 * Brute force costs O(n·d) per query; the trees answer a query in O(log n) distance evaluations on
 * low-dimensional data (k-d tree: Minkowski-family metrics with p ≥ 1, bounding boxes; ball tree: any true
 * metric, triangle inequality). Every algorithm gives the same answer: distances ascending, ties by the lowest
 * fitted index. Without a query `Q`, the fitted rows are queried and each excludes itself (scikit-learn's
 * semantics; a duplicate of a row is still its neighbour). Matches scikit-learn 1.2 on the fixtures
 * (test/fixtures/neighbors).
 * @throws {@link ValidationError} for a bad option, or an `algorithm` that cannot serve the metric
 * @example
 * const nn = new NearestNeighbors({ nNeighbors: 1 }).fit([[0, 0], [0, 1], [5, 5]]);
 * nn.kneighbors().indices.data; // Int32Array [1, 0, 1]
 */
export class NearestNeighbors {
  /** The options, validated and frozen. */
  readonly options: Readonly<ResolvedNearestNeighborsOptions>;
  #fit: NeighborsState | null = null;

  constructor(options: NearestNeighborsOptions = {}) {
    const metric = checkMetricName(options.metric ?? 'minkowski', METRIC_NAMES, 'NearestNeighbors');
    this.options = Object.freeze({
      nNeighbors: checkInt(options.nNeighbors ?? 5, 'nNeighbors', 1),
      radius: checkNumber(options.radius ?? 1, 'radius', 0),
      metric,
      algorithm: checkOneOf(options.algorithm ?? 'auto', NEIGHBOR_ALGORITHMS, 'algorithm'),
      leafSize: checkInt(options.leafSize ?? 30, 'leafSize', 1),
      p: checkNumber(options.p ?? 2, 'p', 0, { minExclusive: true }),
      w: options.w,
      V: options.V,
      VI: options.VI,
    });
  }

  /**
   * Indexes the rows of X (n×d).
   * @throws {@link ValidationError} on NaN/Infinity, data the metric cannot take, or bad metric parameters
   */
  fit(X: MatrixLike): this {
    const x = toMatrix(X, 'X', { copy: true });
    const o = this.options;
    const resolved = resolveMetric(
      { metric: o.metric, p: o.metric === 'minkowski' ? o.p : undefined, w: o.w, V: o.V, VI: o.VI },
      [x],
      'NearestNeighbors',
    );
    const index = buildNeighborIndex(x.data, x.rows, x.cols, resolved, o.algorithm, o.leafSize);
    this.#fit = { x, metric: resolved, index };
    return this;
  }

  #state(member: string): NeighborsState {
    if (this.#fit === null) throw new NotFittedError('NearestNeighbors', member);
    return this.#fit;
  }

  /** The algorithm the search uses ('auto' resolved). */
  get algorithm(): Exclude<NeighborAlgorithm, 'auto'> {
    return this.#state('algorithm').index.algorithm;
  }

  /** Number of fitted rows. */
  get nSamplesFit(): number {
    return this.#state('nSamplesFit').x.rows;
  }

  /** Number of columns seen at fit. */
  get nFeaturesIn(): number {
    return this.#state('nFeaturesIn').x.cols;
  }

  /** The search structure, for algorithms built on it (DBSCAN, OPTICS, HDBSCAN). @internal */
  get neighborIndex(): NeighborIndex {
    return this.#state('neighborIndex').index;
  }

  #query(Q: MatrixLike | undefined, member: string): { q: Matrix; self: boolean; s: NeighborsState } {
    const s = this.#state(member);
    if (Q === undefined) return { q: s.x, self: true, s };
    const q = toMatrix(Q, 'Q', { cols: s.x.cols });
    s.metric.info.check?.(q, 'Q'); // the metric's data rules (0/1 data for a boolean metric, …)
    return { q, self: false, s };
  }

  /**
   * The k nearest fitted rows of each row of Q (of each fitted row, itself excluded, when Q is omitted).
   * @param Q - m×d queries; omitted: the fitted rows
   * @param k - neighbours per row @defaultValue options.nNeighbors
   * @throws {@link ValidationError} if k exceeds the fitted rows (n − 1 without Q), or Q has the wrong width
   */
  kneighbors(Q?: MatrixLike, k?: number): KNeighborsResult {
    const { q, self, s } = this.#query(Q, 'kneighbors');
    const kk = checkInt(k ?? this.options.nNeighbors, 'k', 1);
    const avail = s.x.rows - (self ? 1 : 0);
    if (kk > avail) {
      throw new ValidationError(
        `Expected k <= ${self ? 'n_samples_fit - 1' : 'n_samples_fit'} = ${avail}, but k = ${kk}; ask for fewer neighbours or fit more rows.`,
        { param: 'k' },
      );
    }
    const m = q.rows;
    const d = q.cols;
    const dist = new Float64Array(m * kk);
    const idx = new Int32Array(m * kk);
    for (let i = 0; i < m; i++) s.index.knn(q.data, i * d, kk, self ? i : -1, dist, idx, i * kk);
    return { distances: { rows: m, cols: kk, data: dist }, indices: { rows: m, cols: kk, data: idx } };
  }

  /**
   * The fitted rows within distance ≤ r of each row of Q (of each fitted row, itself excluded, when Q is
   * omitted), sorted by distance, ties by lowest index.
   * @param Q - m×d queries; omitted: the fitted rows
   * @param r - radius @defaultValue options.radius
   */
  radiusNeighbors(Q?: MatrixLike, r?: number): RadiusNeighborsResult {
    const { q, self, s } = this.#query(Q, 'radiusNeighbors');
    const rr = checkNumber(r ?? this.options.radius, 'r', 0);
    const idx: number[] = [];
    const dist: number[] = [];
    const out: RadiusNeighborsResult = { distances: [], indices: [] };
    for (let i = 0; i < q.rows; i++) {
      s.index.radius(q.data, i * q.cols, rr, self ? i : -1, idx, dist);
      out.indices.push(Int32Array.from(idx));
      out.distances.push(Float64Array.from(dist));
    }
    return out;
  }
}
