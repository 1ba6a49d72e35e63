/**
 * HDBSCAN: hierarchical density-based clustering (Campello, Moulavi, Sander 2013; R dbscan's `hdbscan`;
 * scikit-learn ≥ 1.3's `HDBSCAN`).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { Estimator, type FittedState } from '../core/estimator.js';
import { fromFlat, type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import type { ResolvedMetric } from '../core/metrics.js';
import { checkModelJSON } from '../core/model.js';
import { type ProgressCallback, phaseProgress } from '../core/progress.js';
import { checkInt, checkNumber, checkOneOf } from '../core/validate.js';
import { boruvkaBallState, boruvkaState } from './hdbscanBoruvka.js';
import { mstDualTreeBoruvka } from './hdbscanDualTree.js';
import { mstPrim, primOrder } from './hdbscanMst.js';
import { clusterExemplars, membershipRow } from './hdbscanSoft.js';
import {
  type CondensedTree,
  clusterStats,
  condenseTree,
  gloshScores,
  labelPoints,
  type SelectionOptions,
  selectClusters,
  singleLinkageFromMst,
} from './hdbscanTree.js';
import {
  buildNeighborIndex,
  checkMetric,
  checkPrecomputed,
  type DensityClusterMetric,
  kthDistances,
  metricExponent,
  type NeighborIndex,
  resolveDensityMetric,
} from './neighborhoods.js';

/** How {@link HDBSCAN} picks the flat clustering from the condensed tree. */
export const HDBSCAN_SELECTION_METHODS = ['eom', 'leaf'] as const;
/** One of `HDBSCAN_SELECTION_METHODS`. */
export type HdbscanSelectionMethod = (typeof HDBSCAN_SELECTION_METHODS)[number];
/**
 * MST algorithms of {@link HDBSCAN}: `'auto'` is dual-tree Borůvka on the k-d tree for Minkowski-family metrics
 * and d ≤ 15, on the ball tree for the other true metrics of the registry and d ≤ 15, else (other metrics, higher
 * d, `precomputed`) Prim over the implicit dense graph.
 */
export const HDBSCAN_ALGORITHMS = ['auto', 'prim', 'boruvka-kdtree', 'boruvka-balltree'] as const;
/** The MST algorithm a fit used (`'auto'` resolved). */
export type HdbscanBackend = Exclude<HdbscanAlgorithm, 'auto'>;
/** One of `HDBSCAN_ALGORITHMS`. */
export type HdbscanAlgorithm = (typeof HDBSCAN_ALGORITHMS)[number];

/** Options of {@link HDBSCAN} (scikit-learn 1.3's names in camelCase). */
export interface HDBSCANOptions {
  /** Smallest group that counts as a cluster, ≥ 2. @defaultValue 5 */
  minClusterSize?: number;
  /** Core-distance neighbourhood size, the point itself counted, ≥ 1. @defaultValue minClusterSize */
  minSamples?: number | null;
  /** Clusters born below this distance are merged up to an ancestor born above it (0 = off). @defaultValue 0 */
  clusterSelectionEpsilon?: number;
  /** `'eom'` (excess of mass) or `'leaf'`. @defaultValue 'eom' */
  clusterSelectionMethod?: HdbscanSelectionMethod;
  /** Let the root be selected, giving a single cluster. @defaultValue false */
  allowSingleCluster?: boolean;
  /** Largest cluster `eom` may select (Infinity = no limit). @defaultValue Infinity */
  maxClusterSize?: number;
  /** Any metric of the registry (SciPy's names; scikit-learn's `manhattan`, `l1`, `l2` too); `'precomputed'` makes `fit` take an n×n distance matrix. @defaultValue 'euclidean' */
  metric?: DensityClusterMetric;
  /** Minkowski exponent (metric `'minkowski'`), ≥ 1. @defaultValue 2 */
  p?: number;
  /** Distance scaling in the mutual reachability, d/α; > 0. @defaultValue 1 */
  alpha?: number;
  /** MST algorithm. @defaultValue 'auto' */
  algorithm?: HdbscanAlgorithm;
  /** Leaf size of the k-d tree. @defaultValue 40 */
  leafSize?: number;
}

/** {@link HDBSCANOptions} with every default filled in (`minSamples` stays null when unset). */
export interface ResolvedHDBSCANOptions extends Required<Omit<HDBSCANOptions, 'minSamples'>> {
  minSamples: number | null;
}

/** The condensed tree (hdbscan's `condensed_tree_`): row t says `child` left `parent` at `lambda` = 1/distance. */
export interface HdbscanCondensedTree {
  /** Cluster ids (the root is n). */
  parent: Int32Array;
  /** A point (0..n−1) or a cluster id (≥ n). */
  child: Int32Array;
  /** λ = 1/distance at which the child left (Infinity at distance 0). */
  lambda: Float64Array;
  /** Points in the child. */
  childSize: Int32Array;
}

interface HDBSCANState extends FittedState {
  labels: Int32Array;
  probabilities: Float64Array;
  outlierScores: Float64Array;
  coreDistances: Float64Array;
  tree: CondensedTree;
  singleLinkageTree: Matrix;
  /** Selected clusters as c − n, ascending: label t is cluster n + selected[t]. */
  selected: Int32Array;
  deaths: Float64Array;
  pointLambda: Float64Array;
  pointParent: Int32Array;
  parentOf: Int32Array;
  /** Training data (null when precomputed). */
  X: Matrix | null;
  minSamples: number;
  backend: HdbscanBackend;
}

/**
 * Membership probabilities as R dbscan 1.1 defines them: within each cluster, (max core distance − core
 * distance) / max core distance (1 when every core distance in the cluster is 0); noise gets 0.
 */
function rProbabilities(labels: Int32Array, core: Float64Array, k: number): Float64Array {
  const maxCore = new Float64Array(k);
  for (let i = 0; i < labels.length; i++)
    if (labels[i] >= 0 && core[i] > maxCore[labels[i]]) maxCore[labels[i]] = core[i];
  const out = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l < 0) continue;
    out[i] = maxCore[l] > 0 ? (maxCore[l] - core[i]) / maxCore[l] : 1;
  }
  return out;
}

/**
 * Hierarchical DBSCAN: builds the single-linkage tree of the mutual-reachability distances, condenses it to the
 * clusters of at least `minClusterSize` points, and keeps the most stable ones; the rest is noise (−1).
 * @remarks
 * core(a) = distance to a's `minSamples`-th nearest row (a itself first); d_mreach(a, b) = max(core(a), core(b),
 * d(a, b)/α). The MST of d_mreach is the single-linkage tree (`singleLinkageTree`, SciPy layout). Walking down
 * it with λ = 1/distance, a split into two parts of ≥ minClusterSize points makes two clusters, smaller parts
 * fall out as points. Stability(C) = Σ_{p ∈ C} (λ_p − λ_birth(C)); `eom` keeps a cluster unless its
 * descendants' selected stabilities sum to more; `leaf` keeps the leaves. `probabilities` follow R dbscan 1.1
 * ((max core distance in the cluster − core(p)) / that max); `outlierScores` are GLOSH exactly as R dbscan 1.1 computes them (1 − ε_max/ε_p; see
 * the notes on `gloshScores` in hdbscanTree.ts).
 * R's `dbscan::hdbscan(x, minPts)` is `new HDBSCAN({ minClusterSize: minPts, minSamples: minPts })` (its core
 * distance is `kNNdist(x, minPts − 1)`, the point not counted; found by experiment on the fixtures), and
 * matches it on the fixtures: labels up to renumbering, probabilities, GLOSH scores, core distances and the
 * merge heights to 1e-12.
 * MST: dual-tree Borůvka on the k-d tree (McInnes & Healy 2017; O(n log n)-like for small d, O(n) memory) or
 * Prim over the implicit dense graph (O(n²·d) time, O(n) memory); both give the same tree weights and merge
 * heights. Where merge heights tie (duplicate rows, equal core distances) they may pick different equal-weight
 * edges, and the condensed tree, labels and GLOSH scores can then differ between the two. The tree stages are
 * O(n log n).
 * @see Campello, Moulavi, Sander (2013), Density-based clustering based on hierarchical density estimates,
 * PAKDD; Campello, Moulavi, Zimek, Sander (2015), Hierarchical density estimates for data clustering,
 * visualization, and outlier detection, TKDD; McInnes & Healy (2017), Accelerated hierarchical density based
 * clustering, ICDMW.
 * @example
 * const X = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11], [50, 50]];
 * const h = new HDBSCAN({ minClusterSize: 3, minSamples: 2 }).fit(X);
 * h.labels; // Int32Array [0, 0, 0, 0, 1, 1, 1, 1, -1]
 */
export class HDBSCAN extends Estimator<HDBSCANState> {
  readonly options: Readonly<ResolvedHDBSCANOptions>;
  #index: NeighborIndex | null = null;

  /**
   * @param options - see {@link HDBSCANOptions}
   * @throws {@link ValidationError} for minClusterSize < 2, minSamples < 1, clusterSelectionEpsilon < 0, alpha ≤ 0,
   * an unknown metric, algorithm or selection method
   */
  constructor(options: HDBSCANOptions = {}) {
    super('HDBSCAN');
    const { metric, p } = checkMetric(options.metric, options.p);
    const algorithm = checkOneOf(options.algorithm ?? 'auto', HDBSCAN_ALGORITHMS, 'algorithm');
    if (algorithm !== 'auto' && algorithm !== 'prim' && metric === 'precomputed') {
      throw new ValidationError(
        `algorithm '${algorithm}' needs feature vectors; use algorithm 'prim' (or 'auto') with metric 'precomputed'.`,
        { param: 'algorithm' },
        'INVALID_OPTION',
      );
    }
    this.options = Object.freeze({
      minClusterSize: checkInt(options.minClusterSize ?? 5, 'minClusterSize', 2),
      minSamples:
        options.minSamples === undefined || options.minSamples === null
          ? null
          : checkInt(options.minSamples, 'minSamples', 1),
      clusterSelectionEpsilon: checkNumber(options.clusterSelectionEpsilon ?? 0, 'clusterSelectionEpsilon', 0),
      clusterSelectionMethod: checkOneOf(
        options.clusterSelectionMethod ?? 'eom',
        HDBSCAN_SELECTION_METHODS,
        'clusterSelectionMethod',
      ),
      allowSingleCluster: options.allowSingleCluster ?? false,
      maxClusterSize: checkNumber(options.maxClusterSize ?? Number.POSITIVE_INFINITY, 'maxClusterSize', 1),
      metric,
      p,
      alpha: checkNumber(options.alpha ?? 1, 'alpha', 0, { minExclusive: true }),
      algorithm,
      leafSize: checkInt(options.leafSize ?? 40, 'leafSize', 1),
    });
    this.checkOptionNames(options);
  }

  /**
   * Clusters the rows of `X`.
   * @param X - n×d data, or an n×n distance matrix with `metric: 'precomputed'`
   * @param opts.onProgress - called with the rows done of 2n (n core distances, then the n − 1 edges of the spanning tree); {@link ProgressCallback}, the result unchanged
   * @throws {@link ValidationError} on NaN/Infinity, fewer than 2 rows, a bad precomputed matrix, or minSamples > n
   */
  fit(X: MatrixLike, opts: { onProgress?: ProgressCallback } = {}): this {
    const o = this.options;
    const x = toMatrix(X, 'X', { copy: true });
    if (o.metric === 'precomputed') checkPrecomputed(x);
    const n = x.rows;
    if (n < 2) {
      throw new ValidationError(`HDBSCAN needs at least 2 rows; got ${n}.`, { param: 'X' });
    }
    const minSamples = o.minSamples ?? o.minClusterSize;
    if (minSamples > n) {
      throw new ValidationError(
        `minSamples=${minSamples} must be no greater than the number of samples (${n}); lower minSamples (or minClusterSize) or pass more rows.`,
        { param: 'minSamples' },
      );
    }
    const { backend, metric } = mstBackend(o, x);
    const index = buildNeighborIndex(
      x,
      o.metric,
      o.p,
      backend === 'boruvka-kdtree' ? 'kd-tree' : backend === 'boruvka-balltree' ? 'ball-tree' : 'brute',
      o.leafSize,
      'HDBSCAN',
      metric ?? undefined,
    );
    const core = new Float64Array(n);
    const report = phaseProgress(opts.onProgress, 2, n);
    // the k nearest rows seed Borůvka's first round (tight bounds from the start)
    const neighbors = backend === 'boruvka-kdtree' ? new Int32Array(n * minSamples) : undefined;
    const seeded = kthDistances(index, minSamples, core, neighbors);
    report(0, n);
    const mst = new Float64Array((n - 1) * 3);
    if (backend === 'prim') mstPrim(index, core, o.alpha, mst, (edges) => report(1, edges));
    else {
      const tree = new Float64Array((n - 1) * 3);
      const state =
        backend === 'boruvka-kdtree'
          ? boruvkaState(x, core, o.metric, o.p, o.alpha, o.leafSize, index.kdTree)
          : boruvkaBallState(x, core, metric as ResolvedMetric, o.alpha, o.leafSize, index.ballTree);
      mstDualTreeBoruvka(state, tree, seeded && neighbors ? { k: minSamples, neighbors } : undefined);
      primOrder(tree, n, mst);
    }
    report(1, n);
    const z = singleLinkageFromMst(mst, n);
    this.#index = o.metric === 'precomputed' ? null : index;
    this.setState(buildClustering(z, n, core, o, minSamples, o.metric === 'precomputed' ? null : x, backend, x.cols));
    return this;
  }

  /** Fits and returns `labels`. */
  fitPredict(X: MatrixLike): Int32Array {
    return this.fit(X).labels;
  }

  /** Cluster of each row (0-based, numbered by condensed-tree cluster id; −1 for noise). Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** Membership strength in [0, 1] of each row in its cluster (R dbscan 1.1's definition; 0 for noise). Read-only. */
  get probabilities(): Float64Array {
    return this.state('probabilities').probabilities;
  }
  /** GLOSH outlier score in [0, 1] of each row (higher = more outlying). Read-only. */
  get outlierScores(): Float64Array {
    return this.state('outlierScores').outlierScores;
  }
  /** Core distance of each row. Read-only. */
  get coreDistances(): Float64Array {
    return this.state('coreDistances').coreDistances;
  }
  /** The condensed tree (hdbscan's `condensed_tree_` columns). Read-only. */
  get condensedTree(): HdbscanCondensedTree {
    const t = this.state('condensedTree').tree;
    return { parent: t.parent, child: t.child, lambda: t.lambda, childSize: t.childSize };
  }
  /** The single-linkage tree of the mutual-reachability distances: SciPy's (n−1)×4 linkage matrix. Read-only. */
  get singleLinkageTree(): Matrix {
    return this.state('singleLinkageTree').singleLinkageTree;
  }
  /** Condensed-tree id of each cluster label (label t is cluster `clusterIds[t]`). */
  get clusterIds(): Int32Array {
    const s = this.state('clusterIds');
    return Int32Array.from(s.selected, (c) => c + s.labels.length);
  }
  /** Number of clusters found (noise excluded). */
  get nClusters(): number {
    return this.state('nClusters').selected.length;
  }
  /** Which MST algorithm the fit used. */
  get backend(): HdbscanBackend {
    return this.state('backend').backend;
  }

  /**
   * Places new points in the fitted clustering without changing it (McInnes's `approximate_predict`): each
   * query joins the cluster of its training neighbour at the smallest mutual-reachability distance among its
   * 2·minSamples nearest, with probability λ/λ_max of that cluster (λ = 1/that distance, capped by the
   * neighbour's own λ; hdbscan's definition, not R's); noise neighbours give −1 and probability 0.
   * @remarks O(m·kNN). A training row passed back gets its own label (identical training rows can carry
   * different labels when they tie, and then one of those is returned).
   * @param Q - m×d points with the training column count
   * @throws {@link ValidationError} for a model fitted on a precomputed matrix, or a wrong column count
   */
  approximatePredict(Q: MatrixLike): { labels: Int32Array; probabilities: Float64Array } {
    const s = this.state('approximatePredict');
    const index = this.#queryIndex(s);
    const X = s.X as Matrix;
    const q = toMatrix(Q, 'Q', { cols: X.cols });
    const n = X.rows;
    const k = Math.min(n, 2 * s.minSamples);
    const idx = new Int32Array(k);
    const dist = new Float64Array(k);
    const labels = new Int32Array(q.rows);
    const probabilities = new Float64Array(q.rows);
    const alpha = this.options.alpha;
    for (let r = 0; r < q.rows; r++) {
      index.queryKnn(q.data.subarray(r * q.cols, (r + 1) * q.cols), k, idx, dist);
      const coreQ = dist[s.minSamples - 1];
      let bestJ = -1;
      let bestW = Number.POSITIVE_INFINITY;
      for (let t = 0; t < k; t++) {
        const j = idx[t];
        const w = Math.max(coreQ, s.coreDistances[j], dist[t] / alpha);
        if (w < bestW) {
          bestW = w;
          bestJ = j;
        }
      }
      const l = s.labels[bestJ];
      labels[r] = l;
      if (l < 0) continue;
      const lam = Math.min(bestW > 0 ? 1 / bestW : Number.POSITIVE_INFINITY, s.pointLambda[bestJ]);
      const lmax = s.deaths[s.selected[l]];
      probabilities[r] = lmax > 0 && Number.isFinite(lmax) ? Math.min(1, lam / lmax) : 1;
    }
    return { labels, probabilities };
  }

  /**
   * Soft clustering (McInnes's `all_points_membership_vectors` without `Q`, `membership_vector` with it): row i
   * gives, for each cluster label, how strongly the point belongs to it; a row sums to the probability that the
   * point is in some cluster.
   * @remarks
   * For cluster c with exemplars E_c (the points of its leaf clusters that persist to the leaf's largest λ):
   * distance part 1/min_{e ∈ E_c} d(x, e), outlier part exp(λ_max(c)/(λ_max(c) − λ_merge(x, c))), where
   * λ_merge is the point's own λ when it sits in c, else the λ at which its cluster and c split; the two are
   * normalized, multiplied, renormalized, and scaled by λ_merge(x, nearest cluster)/λ_max. A new point's tree
   * position is that of its training neighbour at the smallest mutual-reachability distance, at λ = 1/that
   * distance. O(m·(|E|·d + k·depth)).
   * @param Q - m×d points (the training rows when omitted)
   * @returns m×k memberships (k = nClusters)
   * @throws {@link ValidationError} for a model fitted on a precomputed matrix, or a wrong column count
   */
  membershipVectors(Q?: MatrixLike): Matrix {
    const s = this.state('membershipVectors');
    const index = this.#queryIndex(s);
    const X = s.X as Matrix;
    const q = Q === undefined ? X : toMatrix(Q, 'Q', { cols: X.cols });
    const n = X.rows;
    const d = X.cols;
    const model = { tree: s.tree, n, selected: s.selected, parentOf: s.parentOf, deaths: s.deaths };
    const exemplars = clusterExemplars(model);
    const k = s.selected.length;
    const birth = s.tree.birthOf;
    const out = new Float64Array(q.rows * k);
    const distEx = new Float64Array(k);
    const scratch = new Float64Array(k);
    const row = new Float64Array(k);
    const kk = Math.min(n, 2 * s.minSamples);
    const idx = new Int32Array(kk);
    const dist = new Float64Array(kk);
    for (let r = 0; r < q.rows; r++) {
      const qv = q.data.subarray(r * d, (r + 1) * d);
      for (let t = 0; t < k; t++) {
        let m = Number.POSITIVE_INFINITY;
        const ex = exemplars[t];
        for (let e = 0; e < ex.length; e++) {
          const v = index.distTo(qv, ex[e]);
          if (v < m) m = v;
        }
        distEx[t] = m;
      }
      let pc: number;
      let lam: number;
      if (Q === undefined) {
        pc = s.pointParent[r];
        lam = s.pointLambda[r];
      } else {
        index.queryKnn(qv, kk, idx, dist);
        const coreQ = dist[s.minSamples - 1];
        let bestJ = idx[0];
        let bestW = Number.POSITIVE_INFINITY;
        for (let t = 0; t < kk; t++) {
          const w = Math.max(coreQ, s.coreDistances[idx[t]], dist[t] / this.options.alpha);
          if (w < bestW) {
            bestW = w;
            bestJ = idx[t];
          }
        }
        pc = s.pointParent[bestJ];
        lam = bestW > 0 ? 1 / bestW : Number.POSITIVE_INFINITY;
      }
      membershipRow(model, birth, distEx, pc, lam, scratch, row);
      out.set(row, r * k);
    }
    return fromFlat(out, q.rows, k);
  }

  /** What `toJSON` saves as options: an infinite `maxClusterSize` is written as `null`. */
  protected override saveOptions(): object {
    const o = this.options;
    return { ...o, maxClusterSize: Number.isFinite(o.maxClusterSize) ? o.maxClusterSize : null };
  }
  /** What `toJSON` saves: the single-linkage tree, core distances and the training data (for `approximatePredict`). */
  protected saveState(s: HDBSCANState): object {
    return {
      singleLinkageTree: toArrays(s.singleLinkageTree),
      coreDistances: Array.from(s.coreDistances),
      minSamples: s.minSamples,
      X: s.X === null ? null : toArrays(s.X),
      nFeaturesIn: s.X === null ? null : s.X.cols,
      backend: s.backend,
    };
  }

  /**
   * Restores a model saved with {@link HDBSCAN.toJSON} (the tree stages are recomputed from the saved
   * single-linkage tree, so labels and scores are identical).
   * @throws {@link ValidationError} if `json` is not a saved HDBSCAN
   */
  static fromJSON(json: unknown): HDBSCAN {
    const m = checkModelJSON<Record<string, unknown>, Record<string, unknown>>(json, 'HDBSCAN');
    const est = new HDBSCAN({ ...m.options, maxClusterSize: (m.options.maxClusterSize as number | null) ?? undefined });
    const s = m.state;
    const zRows = s.singleLinkageTree as number[][];
    const n = zRows.length + 1;
    const z = new Float64Array((n - 1) * 4);
    for (let t = 0; t < zRows.length; t++) z.set(zRows[t], t * 4);
    const X = s.X === null ? null : toMatrix(s.X as number[][], 'X');
    const state = buildClustering(
      z,
      n,
      Float64Array.from(s.coreDistances as number[]),
      est.options,
      s.minSamples as number,
      X,
      checkOneOf(s.backend ?? 'prim', HDBSCAN_ALGORITHMS.slice(1) as HdbscanBackend[], 'backend'),
      X === null ? n : X.cols,
    );
    return HDBSCAN.restore(est, state);
  }

  #queryIndex(s: HDBSCANState): NeighborIndex {
    if (s.X === null) {
      throw new ValidationError(
        "This HDBSCAN was fitted with metric='precomputed'; it has no feature vectors to place new points against. Fit it on the data instead.",
        { param: 'metric' },
      );
    }
    if (this.#index === null) {
      const o = this.options;
      this.#index = buildNeighborIndex(s.X, o.metric, o.p, 'auto', o.leafSize, 'HDBSCAN');
    }
    return this.#index;
  }
}

/** Everything after the MST: condensed tree, selection, labels, probabilities, GLOSH. */
function buildClustering(
  z: Float64Array,
  n: number,
  core: Float64Array,
  o: ResolvedHDBSCANOptions,
  minSamples: number,
  X: Matrix | null,
  backend: HdbscanBackend,
  nFeaturesIn: number,
): HDBSCANState {
  const tree = condenseTree(z, n, o.minClusterSize);
  const stats = clusterStats(tree, n);
  const sel: SelectionOptions = {
    method: o.clusterSelectionMethod,
    allowSingleCluster: o.allowSingleCluster,
    clusterSelectionEpsilon: o.clusterSelectionEpsilon,
    maxClusterSize: o.maxClusterSize,
  };
  const selected = selectClusters(tree, n, stats, sel);
  const labels = new Int32Array(n);
  const pointLambda = new Float64Array(n);
  const pointParent = new Int32Array(n);
  labelPoints(tree, n, selected, stats.parentOf, sel, labels, pointLambda, pointParent);
  const outlierScores = new Float64Array(n);
  gloshScores(z, n, tree, pointParent, stats.parentOf, outlierScores);
  return {
    labels,
    probabilities: rProbabilities(labels, core, selected.length),
    outlierScores,
    coreDistances: core,
    tree,
    singleLinkageTree: fromFlat(z, n - 1, 4),
    selected,
    deaths: stats.deaths,
    pointLambda,
    pointParent,
    parentOf: stats.parentOf,
    X,
    minSamples,
    backend,
    nFeaturesIn,
    warnings: [],
  };
}

/**
 * The MST algorithm for a fit, with the resolved metric (null for `precomputed`): the option, or for `'auto'`
 * Borůvka on a k-d tree (Minkowski family) or a ball tree (other true metrics) when d ≤ 15, else Prim.
 * @throws {@link ValidationError} when a Borůvka algorithm was asked for a metric its tree cannot bound
 */
function mstBackend(o: ResolvedHDBSCANOptions, x: Matrix): { backend: HdbscanBackend; metric: ResolvedMetric | null } {
  if (o.metric === 'precomputed') return { backend: 'prim', metric: null };
  const metric = resolveDensityMetric(x, o.metric, o.p, 'HDBSCAN');
  const minkowski = !Number.isNaN(metricExponent(o.metric, o.p));
  const trueMetric = metric.info.isTrueMetric(metric.params);
  if (o.algorithm === 'boruvka-kdtree' && !minkowski) {
    throw new ValidationError(
      `algorithm 'boruvka-kdtree' needs a Minkowski-family metric (euclidean, cityblock, chebyshev, minkowski); got '${o.metric}'. Use algorithm ${trueMetric ? "'boruvka-balltree' or " : ''}'prim'.`,
      { param: 'algorithm' },
      'INVALID_OPTION',
    );
  }
  if (o.algorithm === 'boruvka-balltree' && !trueMetric) {
    throw new ValidationError(
      `algorithm 'boruvka-balltree' needs a true metric (triangle inequality); '${o.metric}' is not one. Use algorithm 'prim'.`,
      { param: 'algorithm' },
      'INVALID_OPTION',
    );
  }
  let backend: HdbscanBackend;
  if (o.algorithm !== 'auto') backend = o.algorithm;
  else if (x.cols > 15 || !trueMetric) backend = 'prim';
  else backend = minkowski ? 'boruvka-kdtree' : 'boruvka-balltree';
  return { backend, metric };
}
