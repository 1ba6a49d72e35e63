/**
 * DBSCAN: density-based clustering with noise (scikit-learn 1.2's `DBSCAN`).
 * @module
 */
import { Estimator, type FittedState } from '../core/estimator.js';
import { fromFlat, type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { type ProgressCallback, phaseProgress } from '../core/progress.js';
import { checkInt, checkNumber, checkOneOf, toSampleWeight } from '../core/validate.js';
import { dbscanKdTree } from './dbscanTree.js';
import {
  buildNeighborIndex,
  checkMetric,
  checkPrecomputed,
  type DensityClusterMetric,
  IndexBuffer,
  NEIGHBOR_ALGORITHMS,
  type NeighborAlgorithm,
  type NeighborIndex,
} from './neighborhoods.js';

/** Options of {@link DBSCAN} (scikit-learn's names in camelCase). */
export interface DBSCANOptions {
  /** Neighbourhood radius: rows within distance ≤ eps are neighbours. Must be > 0. @defaultValue 0.5 */
  eps?: number;
  /** A row is a core point when its neighbourhood (itself included) holds at least this many rows (or this much sample weight). @defaultValue 5 */
  minSamples?: number;
  /** Any metric of the registry (SciPy's names; scikit-learn's `manhattan`, `l1`, `l2` too); `'precomputed'` makes `fit` take an n×n distance matrix. @defaultValue 'euclidean' */
  metric?: DensityClusterMetric;
  /** Minkowski exponent (metric `'minkowski'`), ≥ 1. @defaultValue 2 */
  p?: number;
  /** Neighbour search (src/neighbors): `'auto'` is a k-d tree for Minkowski-family metrics, a ball tree for other true metrics, else brute force. @defaultValue 'auto' */
  algorithm?: NeighborAlgorithm;
  /** Leaf size of the tree. @defaultValue 30 */
  leafSize?: number;
}

/** {@link DBSCANOptions} with every default filled in. */
export type ResolvedDBSCANOptions = Required<DBSCANOptions>;

interface DBSCANState extends FittedState {
  labels: Int32Array;
  coreSampleIndices: Int32Array;
  components: Matrix;
}

/**
 * Marks core rows: Σ of sample weights over each row's eps-neighbourhood (itself included) ≥ minSamples.
 * Counts with one radius query per row and keeps no neighbour list. w n (IN), core n (OUT).
 */
export function markCorePoints(
  index: NeighborIndex,
  eps: number,
  minSamples: number,
  w: Float64Array | null,
  core: Uint8Array,
  report?: (rows: number) => void,
): void {
  const buf = new IndexBuffer();
  for (let i = 0; i < index.n; i++) {
    if (report !== undefined && (i & 1023) === 0) report(i);
    index.radius(i, eps, buf);
    let s = 0;
    if (w === null) s = buf.length;
    else for (let t = 0; t < buf.length; t++) s += w[buf.data[t]];
    core[i] = s >= minSamples ? 1 : 0;
  }
  report?.(index.n);
}

/**
 * Grows clusters from core rows (scikit-learn's `dbscan_inner`): each unlabelled core row, in row order, starts
 * a cluster; a depth-first stack labels every row reachable through chains of core rows, re-running the radius
 * query of each core row as it is labelled instead of storing all neighbourhoods. core n (IN), labels n (OUT);
 * `report` sees the rows passed by the outer loop (progress).
 * @returns the number of clusters
 */
export function expandClusters(
  index: NeighborIndex,
  eps: number,
  core: Uint8Array,
  labels: Int32Array,
  report?: (rows: number) => void,
): number {
  const n = index.n;
  labels.fill(-1);
  const buf = new IndexBuffer();
  const stack = new IndexBuffer();
  let label = 0;
  for (let start = 0; start < n; start++) {
    if (report !== undefined && (start & 1023) === 0) report(start);
    if (labels[start] !== -1 || core[start] === 0) continue;
    let i = start;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (core[i] === 1) {
          index.radius(i, eps, buf);
          for (let t = 0; t < buf.length; t++) {
            const j = buf.data[t];
            if (labels[j] === -1) stack.push(j);
          }
        }
      }
      if (stack.length === 0) break;
      i = stack.data[--stack.length];
    }
    label++;
  }
  report?.(n);
  return label;
}

/**
 * Density-Based Spatial Clustering of Applications with Noise: clusters are the connected groups of core rows
 * (rows with at least `minSamples` rows within `eps`) plus the rows within `eps` of them; the rest is noise (−1).
 * @remarks
 * A row i is core when Σ_{j : d(i,j) ≤ eps} wⱼ ≥ minSamples (wⱼ = 1 without `sampleWeight`; the row itself
 * counts). Clusters are numbered in the order of their lowest-index core row, and a border row (non-core, within
 * eps of core rows) joins the lowest-numbered cluster among those of its core neighbours: exactly what
 * scikit-learn's depth-first `dbscan_inner` yields, whatever order its tree lists the neighbours in.
 * Minkowski-family metrics (euclidean, cityblock, chebyshev, minkowski) with algorithm `'auto'` or `'kd-tree'`
 * never list a neighbourhood: a counting k-d tree search per row (stopped once the weight reaches minSamples,
 * whole nodes inside the ball counted at once), core–core links by union-find (subtrees already in the row's
 * component skipped, each pair examined once), then the border rows' smallest neighbouring cluster
 * (src/density/dbscanTree.ts). Other metrics and algorithms run one radius query per row to count and one more per
 * core row to expand: O(n·(log n + m)) with a tree (m = mean neighbourhood size), O(n²·d) brute force. Memory is O(n) besides the data on both paths — no neighbourhood list is
 * kept for all rows (scikit-learn stores all of them, its issue #5275). Matches `sklearn.cluster.DBSCAN` 1.2.1
 * label for label on the fixtures (blobs, moons, circles, iris with duplicates, integer grids with ties, sample
 * weights, precomputed, manhattan/minkowski/chebyshev), border rows between two clusters included. `sampleWeight` must be ≥ 0 (scikit-learn also allows negative weights).
 * @see Ester, Kriegel, Sander, Xu (1996), A density-based algorithm for discovering clusters in large spatial
 * databases with noise, KDD-96.
 * @example
 * const db = new DBSCAN({ eps: 1.5, minSamples: 2 }).fit([[0, 0], [0, 1], [1, 0], [8, 8], [8, 9], [20, 20]]);
 * db.labels; // Int32Array [0, 0, 0, 1, 1, -1]
 */
export class DBSCAN extends Estimator<DBSCANState> {
  readonly options: Readonly<ResolvedDBSCANOptions>;

  /**
   * @param options - see {@link DBSCANOptions}
   * @throws {@link ValidationError} for eps ≤ 0, minSamples < 1, an unknown metric or algorithm, p < 1, leafSize < 1
   */
  constructor(options: DBSCANOptions = {}) {
    super('DBSCAN');
    const { metric, p } = checkMetric(options.metric, options.p);
    this.options = Object.freeze({
      eps: checkNumber(options.eps ?? 0.5, 'eps', 0, { minExclusive: true }),
      minSamples: checkInt(options.minSamples ?? 5, 'minSamples', 1),
      metric,
      p,
      algorithm: checkOneOf(options.algorithm ?? 'auto', NEIGHBOR_ALGORITHMS, 'algorithm'),
      leafSize: checkInt(options.leafSize ?? 30, 'leafSize', 1),
    });
    this.checkOptionNames(options);
  }

  /**
   * Clusters the rows of `X`.
   * @param X - n×d data, or an n×n distance matrix with `metric: 'precomputed'`
   * @param opts.sampleWeight - n non-negative weights: a row of weight w counts w times towards core-ness
   * @param opts.onProgress - called with the rows done of 2n (n core tests, then n rows of the expansion or of the links and border labels;
   * {@link ProgressCallback}); the result is unchanged
   * @throws {@link ValidationError} on NaN/Infinity, empty data, a non-square or negative precomputed matrix, or bad weights
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number>; onProgress?: ProgressCallback } = {}): this {
    const o = this.options;
    const x = toMatrix(X, 'X');
    if (o.metric === 'precomputed') checkPrecomputed(x);
    const w = opts.sampleWeight === undefined ? null : toSampleWeight(opts.sampleWeight, x.rows);
    const index = buildNeighborIndex(x, o.metric, o.p, o.algorithm, o.leafSize);
    const core = new Uint8Array(x.rows);
    const report = phaseProgress(opts.onProgress, 2, x.rows);
    const labels = new Int32Array(x.rows);
    if (index.kdTree !== undefined && index.minkowski !== undefined) {
      dbscanKdTree(index.kdTree, index.minkowski.q, o.eps, o.minSamples, w, core, labels, report);
    } else {
      markCorePoints(index, o.eps, o.minSamples, w, core, (rows) => report(0, rows));
      expandClusters(index, o.eps, core, labels, (rows) => report(1, rows));
    }
    let nCore = 0;
    for (let i = 0; i < x.rows; i++) nCore += core[i];
    const coreSampleIndices = new Int32Array(nCore);
    const comp = new Float64Array(nCore * x.cols);
    for (let i = 0, t = 0; i < x.rows; i++) {
      if (core[i] === 0) continue;
      coreSampleIndices[t] = i;
      comp.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), t * x.cols);
      t++;
    }
    this.setState({
      labels,
      coreSampleIndices,
      components: fromFlat(comp, nCore, x.cols),
      nFeaturesIn: x.cols,
      warnings: [],
    });
    return this;
  }

  /** Fits and returns `labels`. */
  fitPredict(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): Int32Array {
    return this.fit(X, opts).labels;
  }

  /** Cluster of each row (0-based, −1 for noise). Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** Indices of the core rows, ascending. Read-only. */
  get coreSampleIndices(): Int32Array {
    return this.state('coreSampleIndices').coreSampleIndices;
  }
  /** The core rows themselves (nCore×d; rows of the distance matrix when precomputed). Read-only. */
  get components(): Matrix {
    return this.state('components').components;
  }
  /** Number of clusters found (noise excluded). */
  get nClusters(): number {
    let k = 0;
    for (const l of this.state('nClusters').labels) if (l + 1 > k) k = l + 1;
    return k;
  }
  /** What `toJSON` saves: labels, core indices, components. */
  protected saveState(s: DBSCANState): object {
    return {
      labels: Array.from(s.labels),
      coreSampleIndices: Array.from(s.coreSampleIndices),
      components: toArrays(s.components),
      nFeaturesIn: s.nFeaturesIn,
    };
  }

  /**
   * Restores a model saved with {@link DBSCAN.toJSON}.
   * @throws {@link ValidationError} if `json` is not a saved DBSCAN
   */
  static fromJSON(json: unknown): DBSCAN {
    const m = checkModelJSON<DBSCANOptions, Record<string, unknown>>(json, 'DBSCAN');
    const est = new DBSCAN(m.options);
    const s = m.state;
    const nFeaturesIn = s.nFeaturesIn as number;
    const comp = s.components as number[][];
    return DBSCAN.restore(est, {
      labels: Int32Array.from(s.labels as number[]),
      coreSampleIndices: Int32Array.from(s.coreSampleIndices as number[]),
      components: comp.length === 0 ? fromFlat(new Float64Array(0), 0, nFeaturesIn) : toMatrix(comp, 'components'),
      nFeaturesIn,
      warnings: [],
    });
  }
}
