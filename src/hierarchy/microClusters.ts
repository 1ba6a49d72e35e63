/**
 * Hierarchical clustering of data too large for a distance matrix: k-means micro-clusters, then the weighted
 * linkage of their centres, then every row labelled through its micro-cluster.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkInt, checkNumber, checkOneOf } from '../core/validate.js';
import { KMeans } from '../kmeans/KMeans.js';
import { MiniBatchKMeans } from '../kmeans/MiniBatchKMeans.js';
import { hcCut } from './AgglomerativeClustering.js';
import { LINKAGE_METHODS, type LinkageMethod, linkage } from './linkage.js';

/** Where to cut the tree of micro-clusters: into `nClusters` clusters, or at height `distanceThreshold`. */
export interface MicroClusterCut {
  /** Number of flat clusters (undo the last k−1 merges, scikit-learn's cut). */
  nClusters?: number;
  /** Cut height instead: k = #{merges with height ≥ t} + 1. */
  distanceThreshold?: number;
}

/** Options of {@link clusterMicroClusters}. */
export interface ClusterMicroClustersOptions extends MicroClusterCut {
  /** Linkage method of the centres (Euclidean). @defaultValue 'ward' */
  method?: LinkageMethod;
}

/** What {@link clusterMicroClusters} returns. */
export interface MicroClusterTree {
  /** SciPy linkage matrix over the m centres ((m−1)×4; leaf i is centre i, column 4 counts centres). */
  linkage: Matrix;
  /** Flat cluster of each centre (length m), when a cut was asked for. */
  centerLabels?: Int32Array;
  /** Number of flat clusters, when a cut was asked for. */
  nClusters?: number;
}

/** Options of {@link microClusterLinkage}. */
export interface MicroClusterLinkageOptions extends ClusterMicroClustersOptions {
  /** Number of micro-clusters m (k-means centres). @defaultValue min(n, 1000) */
  nMicroClusters?: number;
  /** The k-means that finds them: 'full' ({@link KMeans}, one k-means++ start) or 'minibatch'. @defaultValue 'full' */
  kmeans?: 'full' | 'minibatch';
  /** Iteration cap of the k-means. @defaultValue 100 */
  maxIter?: number;
  /** Seed of the k-means. */
  seed?: number;
}

/** What {@link microClusterLinkage} returns. */
export interface MicroClusterLinkageResult extends MicroClusterTree {
  /** The non-empty micro-cluster centres (m×d). */
  centers: Matrix;
  /** Rows in each micro-cluster (length m), the weights of the linkage. */
  weights: Float64Array;
  /** Micro-cluster of each row (length n). */
  microLabels: Int32Array;
  /** Flat cluster of each row (length n), when a cut was asked for: `centerLabels[microLabels[i]]`. */
  labels?: Int32Array;
}

function checkCut(cut: MicroClusterCut, m: number): { k: number | null; t: number | null } {
  const hasK = cut.nClusters !== undefined && cut.nClusters !== null;
  const hasT = cut.distanceThreshold !== undefined && cut.distanceThreshold !== null;
  if (hasK && hasT) {
    throw new ValidationError(
      'Give nClusters or distanceThreshold, not both.',
      { param: 'nClusters' },
      'INVALID_OPTION',
    );
  }
  const k = hasK ? checkInt(cut.nClusters, 'nClusters', 1) : null;
  if (k !== null && k > m) {
    throw new ValidationError(
      `nClusters=${k} is more than the ${m} micro-clusters; ask for fewer clusters or more micro-clusters.`,
      { param: 'nClusters' },
      'INVALID_OPTION',
    );
  }
  return { k, t: hasT ? checkNumber(cut.distanceThreshold, 'distanceThreshold', 0) : null };
}

/**
 * The weighted linkage of micro-cluster centres and, optionally, its cut: the second stage of
 * {@link microClusterLinkage}, for centres found anywhere (e.g. by k-means in a database).
 *
 * @remarks
 * `linkage(centers, { method, sampleWeight: weights })`: a centre of weight w stands for w rows at the centre, so
 * with Ward the merge cost of two groups is the increase of the within-group sum of squares of those rows,
 * 2·wₐ·w_b/(wₐ+w_b)·‖cₐ − c_b‖² (see {@link LinkageOptions.sampleWeight}). The cut is scikit-learn's
 * (AgglomerativeClustering's labels). O(m²) time, O(m·d) memory for ward/centroid, O(m²) for average.
 * @param centers - m×d centres (m ≥ 2)
 * @param weights - m positive weights (rows per centre)
 * @throws {@link ValidationError} on bad centres, weights, method, or a cut with more clusters than centres
 * @example
 * ```ts
 * const { linkage: Z, centerLabels } = clusterMicroClusters([[0, 0], [0, 1], [9, 9]], [10, 5, 20], { nClusters: 2 });
 * ```
 */
export function clusterMicroClusters(
  centers: MatrixLike,
  weights: ArrayLike<number>,
  options: ClusterMicroClustersOptions = {},
): MicroClusterTree {
  const method = checkOneOf(options.method ?? 'ward', LINKAGE_METHODS, 'method');
  const C = toMatrix(centers, 'centers');
  const cut = checkCut(options, C.rows);
  const Z = linkage(C, { method, sampleWeight: weights });
  if (cut.k === null && cut.t === null) return { linkage: Z };
  const m = C.rows;
  let k = cut.k ?? 1;
  if (cut.t !== null) {
    k = 1;
    for (let i = 0; i < m - 1; i++) if (Z.data[i * 4 + 2] >= cut.t) k++;
  }
  const centerLabels = k >= m ? Int32Array.from({ length: m }, (_, i) => i) : hcCut(Z.data, m, k);
  return { linkage: Z, centerLabels, nClusters: k };
}

/**
 * Hierarchical clustering for n too large for a distance matrix: k-means to m micro-clusters, the weighted linkage
 * of their centres ({@link clusterMicroClusters}), and each row labelled by its micro-cluster.
 *
 * @remarks
 * Stage 1: k-means (k-means++ start, `seed`) on the n rows into m clusters, O(n·m·d) per iteration, O(n + m·d)
 * memory besides X; empty micro-clusters are dropped. Stage 2: linkage of the m centres weighted by their sizes —
 * for Ward, a merge costs the increase of the within-group sum of squares of all rows of the two groups, if
 * every row sat at its centre. Stage 3: label(i) = centerLabel(microLabel(i)). The tree is over micro-clusters,
 * so it approximates the full linkage; groups separated by more than the micro-clusters' spread come out as in
 * the full linkage (tested on separated blobs), and with m = n (distinct rows) it is the full linkage.
 * Reference: the BIRCH / "k-means then Ward" scheme (Zhang et al. 1996; Guha et al. 2003).
 * @param X - n×d observations
 * @throws {@link ValidationError} on bad data or options (m < 2, a cut with more clusters than micro-clusters)
 * @example
 * ```ts
 * const r = microClusterLinkage(X, { nMicroClusters: 500, method: 'ward', nClusters: 4, seed: 1 });
 * r.labels; // one label per row
 * ```
 */
export function microClusterLinkage(
  X: MatrixLike,
  options: MicroClusterLinkageOptions = {},
): MicroClusterLinkageResult {
  const x = toMatrix(X, 'X');
  const n = x.rows;
  const d = x.cols;
  const m0 = checkInt(options.nMicroClusters ?? Math.min(n, 1000), 'nMicroClusters', 2);
  if (m0 > n) {
    throw new ValidationError(
      `nMicroClusters=${m0} is more than the ${n} rows; use at most ${n} micro-clusters.`,
      { param: 'nMicroClusters' },
      'INVALID_OPTION',
    );
  }
  checkCut(options, m0); // fail before the k-means, not after
  checkOneOf(options.method ?? 'ward', LINKAGE_METHODS, 'method');
  const kind = checkOneOf(options.kmeans ?? 'full', ['full', 'minibatch'] as const, 'kmeans');
  const maxIter = options.maxIter ?? 100;
  let raw: Int32Array;
  let rawCenters: Matrix;
  if (kind === 'full') {
    const km = new KMeans({ nClusters: m0, nInit: 1, maxIter, seed: options.seed }).fit(x);
    raw = km.labels;
    rawCenters = km.clusterCenters;
  } else {
    const mb = new MiniBatchKMeans({
      nClusters: m0,
      batchSize: Math.max(1024, 3 * m0),
      maxIter,
      seed: options.seed,
    }).fit(x);
    raw = mb.labels;
    rawCenters = mb.clusterCenters;
  }
  // Drop empty micro-clusters (duplicate rows), keeping the centres' order.
  const count = new Float64Array(m0);
  for (let i = 0; i < n; i++) count[raw[i]]++;
  const newId = new Int32Array(m0).fill(-1);
  let m = 0;
  for (let c = 0; c < m0; c++) if (count[c] > 0) newId[c] = m++;
  if (m < 2) {
    throw new ValidationError(
      'The rows form fewer than 2 distinct micro-clusters (all rows equal?); there is nothing to link.',
      { param: 'X' },
    );
  }
  const centers = { rows: m, cols: d, data: new Float64Array(m * d) };
  const weights = new Float64Array(m);
  for (let c = 0; c < m0; c++) {
    if (newId[c] < 0) continue;
    centers.data.set(rawCenters.data.subarray(c * d, (c + 1) * d), newId[c] * d);
    weights[newId[c]] = count[c];
  }
  const microLabels = new Int32Array(n);
  for (let i = 0; i < n; i++) microLabels[i] = newId[raw[i]];
  const tree = clusterMicroClusters(centers, weights, options);
  const result: MicroClusterLinkageResult = { ...tree, centers, weights, microLabels };
  if (tree.centerLabels) {
    const cl = tree.centerLabels;
    result.labels = Int32Array.from(microLabels, (c) => cl[c]);
  }
  return result;
}
