/**
 * The AgglomerativeClustering estimator (scikit-learn's, without connectivity constraints).
 * @module
 */
import { METRICS, type Metric } from '../core/distance.js';
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { Estimator, type FittedState } from '../core/estimator.js';
import { divideBy, magnitudeScale } from '../core/magnitude.js';
import { type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import type { ProgressCallback } from '../core/progress.js';
import { checkInt, checkNumber, checkOneOf } from '../core/validate.js';
import { checkPrecision, LINKAGE_METHODS, type LinkageMethod, type LinkagePrecision, linkage } from './linkage.js';
import { sortAndLabel } from './linkageMatrix.js';
import { mstVector } from './mst.js';

/** Metrics of {@link AgglomerativeClustering}: the distance metrics, or `'precomputed'` (X is n×n distances). */
export type AgglomerativeMetric = Metric | 'precomputed';

/** Options of {@link AgglomerativeClustering}. */
export interface AgglomerativeClusteringOptions {
  /** Number of clusters to find; must be omitted (or null) when `distanceThreshold` is set. @defaultValue 2 */
  nClusters?: number | null;
  /** Cut the tree here instead: merges at heights ≥ this are not made (scikit-learn's rule). */
  distanceThreshold?: number | null;
  /** Merge rule. @defaultValue 'ward' */
  linkage?: LinkageMethod;
  /** Distance between observations. Ward (and centroid/median) need 'euclidean'. @defaultValue 'euclidean' */
  metric?: AgglomerativeMetric;
  /** Keep the merge heights (`distances`) even without a threshold. @defaultValue false */
  computeDistances?: boolean;
  /**
   * Build the tree without the distance matrix, in O(n·d) memory (single, ward, centroid, median with the
   * euclidean metric): {@link linkage}'s `matrixFree`. @defaultValue 'auto'
   */
  matrixFree?: boolean | 'auto';
  /**
   * Storage of the distance matrix: `'f32'` halves it (complete, average and weighted linkage only), with the
   * error bound stated at {@link LinkageOptions.precision}. @defaultValue 'f64'
   */
  precision?: LinkagePrecision;
}

/** Resolved options. */
export interface ResolvedAgglomerativeOptions {
  nClusters: number | null;
  distanceThreshold: number | null;
  linkage: LinkageMethod;
  metric: AgglomerativeMetric;
  computeDistances: boolean;
  matrixFree: boolean | 'auto';
  precision: LinkagePrecision;
}

interface AggState extends FittedState {
  labels: Int32Array;
  nClusters: number;
  nLeaves: number;
  linkageMatrix: Matrix;
  distances: Float64Array | null;
}

/**
 * Python heapq operations on a plain array, so that the cut numbers its clusters exactly as scikit-learn's
 * `_hc_cut` does (the label of a cluster is its position in the heap array).
 */
function heapSiftDown(h: number[], start: number, pos: number): void {
  const item = h[pos];
  while (pos > start) {
    const parent = (pos - 1) >> 1;
    if (item < h[parent]) {
      h[pos] = h[parent];
      pos = parent;
    } else break;
  }
  h[pos] = item;
}
function heapSiftUp(h: number[], pos: number): void {
  const end = h.length;
  const start = pos;
  const item = h[pos];
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(h[child] < h[right])) child = right;
    h[pos] = h[child];
    pos = child;
    child = 2 * pos + 1;
  }
  h[pos] = item;
  heapSiftDown(h, start, pos);
}

/**
 * Labels of the `k` clusters left after undoing the last k−1 merges, numbered as scikit-learn's `_hc_cut`.
 * z ((n−1)·4) IN. O(n + k log k).
 */
export function hcCut(z: Float64Array, n: number, k: number): Int32Array {
  const nodes: number[] = [-(Math.max(z[(n - 2) * 4], z[(n - 2) * 4 + 1]) + 1)];
  for (let t = 0; t < k - 1; t++) {
    const r = (-nodes[0] - n) * 4;
    nodes.push(-z[r]);
    heapSiftDown(nodes, 0, nodes.length - 1);
    // heappushpop(nodes, -z[r+1])
    const item = -z[r + 1];
    if (nodes.length > 0 && nodes[0] < item) {
      nodes[0] = item;
      heapSiftUp(nodes, 0);
    }
  }
  const labels = new Int32Array(n);
  const stack: number[] = [];
  nodes.forEach((node, c) => {
    stack.push(-node);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      if (v < n) labels[v] = c;
      else stack.push(z[(v - n) * 4], z[(v - n) * 4 + 1]);
    }
  });
  return labels;
}

/**
 * Agglomerative clustering: builds the full hierarchy with {@link linkage} and cuts it into `nClusters`
 * clusters, or where merge heights reach `distanceThreshold` — scikit-learn's `AgglomerativeClustering`.
 *
 * @remarks
 * Ward minimises the within-cluster variance increase Δ = |s||t|/(|s|+|t|)·‖c_s − c_t‖² at each merge
 * (height √(2Δ)); complete/average/single use max/mean/min pairwise distances. The cut undoes the last k−1
 * merges; with `distanceThreshold` t, k = #{merges with height ≥ t} + 1. Labels are numbered as scikit-learn
 * numbers them (its heap order). O(n²) time and n(n−1)/2 doubles (see linkage). Matches
 * `sklearn.cluster.AgglomerativeClustering` labels exactly on the fixtures (blobs, wine, SciPy's data).
 * Besides scikit-learn's four linkages, 'weighted', 'centroid' and 'median' are accepted.
 * @example
 * const model = new AgglomerativeClustering({ nClusters: 2, linkage: 'average' }).fit([[0], [1], [9], [10]]);
 * model.labels; // Int32Array [1, 1, 0, 0]
 */
export class AgglomerativeClustering extends Estimator<AggState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedAgglomerativeOptions>;

  /** @throws {@link ValidationError} on an invalid option, both or neither of nClusters and distanceThreshold, or ward with another metric */
  constructor(options: AgglomerativeClusteringOptions = {}) {
    super('AgglomerativeClustering');
    const thr = options.distanceThreshold ?? null;
    const hasK = options.nClusters !== undefined && options.nClusters !== null;
    if (thr !== null && hasK) {
      throw new ValidationError(
        'Exactly one of nClusters and distanceThreshold has to be set, and the other needs to be null; drop one of them.',
        { param: 'nClusters' },
        'INVALID_OPTION',
      );
    }
    const method = checkOneOf(options.linkage ?? 'ward', LINKAGE_METHODS, 'linkage');
    const metric = checkOneOf(options.metric ?? 'euclidean', [...METRICS, 'precomputed'] as const, 'metric');
    if ((method === 'ward' || method === 'centroid' || method === 'median') && metric !== 'euclidean') {
      throw new ValidationError(
        `${metric} was provided as metric. ${method} can only work with euclidean distances; use metric 'euclidean' or another linkage.`,
        { param: 'metric' },
        'INVALID_OPTION',
      );
    }
    const matrixFree = options.matrixFree ?? 'auto';
    if (matrixFree !== 'auto' && typeof matrixFree !== 'boolean') {
      throw new ValidationError(
        `matrixFree must be true, false or 'auto'; got ${JSON.stringify(matrixFree)}.`,
        { param: 'matrixFree' },
        'INVALID_OPTION',
      );
    }
    this.options = Object.freeze({
      nClusters: thr === null ? checkInt(options.nClusters ?? 2, 'nClusters', 1) : null,
      distanceThreshold: thr === null ? null : checkNumber(thr, 'distanceThreshold', 0),
      linkage: method,
      metric,
      computeDistances: options.computeDistances ?? false,
      matrixFree,
      precision: checkPrecision(options.precision, method, matrixFree),
    });
    this.checkOptionNames(options);
  }

  /**
   * Builds the tree of X (n×d; n×n distances when metric is 'precomputed') and cuts it.
   * @param opts.onProgress - called with the matrix rows built, then the merges done (see
   * {@link LinkageOptions.onProgress})
   * @throws {@link ValidationError} on bad data, fewer than 2 rows, nClusters > n, or a non-square/asymmetric precomputed matrix
   */
  fit(X: MatrixLike, opts: { onProgress?: ProgressCallback } = {}): this {
    const m = toMatrix(X, 'X');
    const n = m.rows;
    const { onProgress } = opts;
    if (n < 2)
      throw new ValidationError(`X has ${n} sample; AgglomerativeClustering needs at least 2.`, { param: 'X' });
    const { nClusters, distanceThreshold, metric, linkage: method } = this.options;
    let Z: Matrix;
    if (metric === 'precomputed') {
      if (m.cols !== n) {
        throw new ValidationError(
          `With metric 'precomputed', X must be a square n×n distance matrix; got ${n}×${m.cols}.`,
          {
            param: 'X',
          },
        );
      }
      const y = new Float64Array((n * (n - 1)) / 2);
      let t = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) y[t++] = m.data[i * n + j];
      Z = linkage(y, { method, precision: this.options.precision, onProgress });
    } else {
      const { matrixFree, precision } = this.options;
      Z = linkage(m, { method, metric, matrixFree, precision, onProgress });
    }
    const heights = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) heights[i] = Z.data[i * 4 + 2];
    let k: number;
    if (distanceThreshold !== null) {
      k = 1;
      for (let i = 0; i < n - 1; i++) if (heights[i] >= distanceThreshold) k++;
    } else {
      k = nClusters as number;
      if (k > n) {
        throw new ValidationError(
          `Cannot extract more clusters than samples: ${k} clusters were given for a tree with ${n} leaves; lower nClusters.`,
          { param: 'nClusters' },
        );
      }
    }
    // scikit-learn builds single linkage with its own Prim + union-find labelling, which keeps each merge's
    // children as [root of the tree side, root of the new point] instead of sorting them; the cut numbers
    // clusters by those children, so mirror it (for the metrics it does this for: those of its DistanceMetric).
    let cutZ = Z.data;
    if (method === 'single' && (metric === 'euclidean' || metric === 'cityblock' || metric === 'chebyshev')) {
      cutZ = new Float64Array((n - 1) * 4);
      // Only the tree's shape is used: data that would overflow is divided by a power of two (exact).
      const s = magnitudeScale(m.data);
      mstVector(s === 1 ? m.data : divideBy(m.data, s), n, m.cols, metric, cutZ);
      sortAndLabel(cutZ, n, false);
    }
    const warnings: ModelWarning[] = [];
    if (method === 'centroid' || method === 'median') {
      warnings.push({
        code: 'DEGENERATE',
        message: `'${method}' linkage can produce inversions (a merge lower than an earlier one); the cut undoes the last merges in order.`,
      });
    }
    this.setState({
      labels: hcCut(cutZ, n, k),
      nClusters: k,
      nLeaves: n,
      nFeaturesIn: m.cols,
      linkageMatrix: Z,
      distances: distanceThreshold !== null || this.options.computeDistances ? heights : null,
      warnings,
    });
    return this;
  }

  /** Fits and returns the labels. */
  fitPredict(X: MatrixLike): Int32Array {
    return this.fit(X).labels;
  }

  /** Cluster index (0..k−1) of each training row, numbered as scikit-learn. Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** Number of clusters found (scikit-learn's `n_clusters_`). */
  get nClusters(): number {
    return this.state('nClusters').nClusters;
  }
  /** Number of leaves (samples). */
  get nLeaves(): number {
    return this.state('nLeaves').nLeaves;
  }
  /** Merged children per step, (n−1)×2 row-major (scikit-learn's `children_`): ids < n are samples, n+i merge i. */
  get children(): Int32Array {
    const z = this.state('children').linkageMatrix;
    const out = new Int32Array(z.rows * 2);
    for (let i = 0; i < z.rows; i++) {
      out[i * 2] = z.data[i * 4];
      out[i * 2 + 1] = z.data[i * 4 + 1];
    }
    return out;
  }
  /** Merge heights (scikit-learn's `distances_`); only with distanceThreshold or computeDistances. */
  get distances(): Float64Array {
    const s = this.state('distances');
    if (s.distances === null) {
      throw new ValidationError('distances are kept only with distanceThreshold or computeDistances: true.', {
        param: 'computeDistances',
      });
    }
    return s.distances;
  }
  /** The full SciPy linkage matrix of the fit ((n−1)×4), e.g. for {@link dendrogram}. Read-only. */
  get linkageMatrix(): Matrix {
    return this.state('linkageMatrix').linkageMatrix;
  }

  /** Serialises the fitted model to a JSON-safe object. */
  /** The saved state: labels, the cut, the linkage matrix, merge distances, warnings. */
  protected saveState(s: AggState): object {
    return {
      labels: Array.from(s.labels),
      nClusters: s.nClusters,
      nLeaves: s.nLeaves,
      nFeaturesIn: s.nFeaturesIn,
      linkage: toArrays(s.linkageMatrix),
      distances: s.distances === null ? null : Array.from(s.distances),
      warnings: s.warnings,
    };
  }

  /** Restores a model saved with {@link AgglomerativeClustering.toJSON}. */
  static fromJSON(json: unknown): AgglomerativeClustering {
    type State = {
      labels: number[];
      nClusters: number;
      nLeaves: number;
      nFeaturesIn: number;
      linkage: number[][];
      distances: number[] | null;
      warnings: ModelWarning[];
    };
    const m = checkModelJSON<ResolvedAgglomerativeOptions, State>(json, 'AgglomerativeClustering');
    const model = new AgglomerativeClustering(m.options);
    return AgglomerativeClustering.restore(model, {
      labels: Int32Array.from(m.state.labels),
      nClusters: m.state.nClusters,
      nLeaves: m.state.nLeaves,
      nFeaturesIn: m.state.nFeaturesIn,
      linkageMatrix: toMatrix(m.state.linkage, 'linkage'),
      distances: m.state.distances === null ? null : Float64Array.from(m.state.distances),
      warnings: m.state.warnings,
    });
  }
}
