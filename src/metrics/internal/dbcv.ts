/**
 * DBCV, the density-based clustering validation index (Moulavi et al. 2014).
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../../core/matrix.js';
import { checkMetricName, METRIC_REGISTRY, NO_PARAMS } from '../../core/metrics.js';
import { checkInt } from '../../core/validate.js';
import { checkLabels, encodeLabels } from '../labels.js';
import { checkDistanceInput, SILHOUETTE_METRICS, type SilhouetteMetric } from './silhouette.js';

/** Options of {@link dbcvScore}. */
export interface DbcvOptions {
  /**
   * A metric of the registry without parameters (as for the silhouette), or `'precomputed'` (X is a square n×n
   * distance matrix; then `d` is required). @defaultValue 'euclidean'
   */
  metric?: SilhouetteMetric;
  /** The dimension used in the all-points core distance's exponent; the number of columns of X unless precomputed. */
  d?: number;
}

/** The noise label: rows labelled −1 belong to no cluster. */
const NOISE = -1;

/** A distance between rows i and j of the validated input. */
type Dist = (i: number, j: number) => number;

function distanceOf(m: Matrix, metric: SilhouetteMetric): Dist {
  const { cols: d, data: x } = m;
  if (metric === 'precomputed') return (i, j) => x[i * d + j];
  const kernel = METRIC_REGISTRY[metric].distance;
  return (i, j) => kernel(x, i * d, x, j * d, d, NO_PARAMS);
}

function checkInput(X: MatrixLike, labels: ArrayLike<number>, opts: DbcvOptions) {
  const metric = checkMetricName(opts.metric ?? 'euclidean', SILHOUETTE_METRICS, 'DBCV');
  const m = toMatrix(X, 'X');
  const l = checkLabels(labels, 'labels', m.rows);
  checkDistanceInput(m, metric);
  if (metric === 'precomputed' && opts.d === undefined) {
    throw new ValidationError(
      "With metric 'precomputed', DBCV needs the data's dimension for its core distance: pass { d }.",
      { param: 'd' },
    );
  }
  const d = checkInt(opts.d ?? m.cols, 'd', 1);
  return { m, l, metric, d };
}

/**
 * Groups the non-noise rows by cluster: rows of cluster c are `order[start[c] .. start[c + 1])`, ascending.
 * l n (IN); returns k, order (non-noise rows) and start (k + 1).
 */
function groupRows(l: Int32Array): { k: number; code: Int32Array; order: Int32Array; start: Int32Array } {
  const n = l.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (l[i] !== NOISE) m++;
  const kept = new Int32Array(m);
  for (let i = 0, t = 0; i < n; i++) if (l[i] !== NOISE) kept[t++] = l[i];
  const enc = encodeLabels(kept);
  const k = enc.ids.length;
  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = start[c] + enc.counts[c];
  const code = new Int32Array(n).fill(-1);
  const order = new Int32Array(m);
  const fill = start.slice(0, k);
  for (let i = 0, t = 0; i < n; i++) {
    if (l[i] === NOISE) continue;
    code[i] = enc.codes[t++];
    order[fill[code[i]]++] = i;
  }
  for (let c = 0; c < k; c++) {
    if (enc.counts[c] < 2) {
      throw new ValidationError(
        `DBCV needs at least 2 rows in every cluster; cluster ${enc.ids[c]} has 1. Label it noise (−1) or merge it.`,
        { param: 'labels' },
      );
    }
  }
  if (k < 2) {
    throw new ValidationError(
      `DBCV needs at least 2 clusters besides noise (−1); got ${k}. Pass a labeling with two or more clusters.`,
      { param: 'labels' },
    );
  }
  return { k, code, order, start };
}

/**
 * All-points core distance of every non-noise row within its cluster: ((Σ_{j∈C, d(i,j)>0} d(i,j)^−d)/(|C|−1))^(−1/d).
 * Zero distances (duplicates) add nothing; a cluster of coincident rows gets core distance 0. out n (OUT).
 */
function coreDistances(dist: Dist, order: Int32Array, start: Int32Array, d: number, out: Float64Array): void {
  for (let c = 0; c + 1 < start.length; c++) {
    const a = start[c];
    const b = start[c + 1];
    for (let s = a; s < b; s++) {
      const i = order[s];
      let sum = 0;
      for (let t = a; t < b; t++) {
        if (t === s) continue;
        const v = dist(i, order[t]);
        if (v > 0) sum += (1 / v) ** d;
      }
      out[i] = sum === 0 ? 0 : (sum / (b - a - 1)) ** (-1 / d);
    }
  }
}

/**
 * Prim's MST of each cluster's mutual-reachability graph, max(core(i), core(j), d(i,j)), without a matrix.
 * Writes each vertex's degree and returns each cluster's density sparseness: the largest edge between two
 * internal vertices (degree > 1), or the largest edge when there is none (as the authors' MATLAB code).
 * core n (IN), degree n (OUT), sparseness k (OUT).
 */
function clusterSparseness(
  dist: Dist,
  order: Int32Array,
  start: Int32Array,
  core: Float64Array,
  degree: Int32Array,
  sparseness: Float64Array,
): void {
  const m = order.length;
  const best = new Float64Array(m);
  const from = new Int32Array(m);
  const done = new Uint8Array(m);
  const edgeA = new Int32Array(m);
  const edgeB = new Int32Array(m);
  const edgeW = new Float64Array(m);
  for (let c = 0; c + 1 < start.length; c++) {
    const a = start[c];
    const b = start[c + 1];
    best.fill(Number.POSITIVE_INFINITY, a, b);
    let cur = a;
    done[cur] = 1;
    let e = 0;
    for (let step = a + 1; step < b; step++) {
      const i = order[cur];
      let next = -1;
      for (let t = a; t < b; t++) {
        if (done[t] === 1) continue;
        const j = order[t];
        const w = Math.max(core[i], core[j], dist(i, j));
        if (w < best[t]) {
          best[t] = w;
          from[t] = cur;
        }
        if (next === -1 || best[t] < best[next]) next = t;
      }
      done[next] = 1;
      edgeA[e] = order[from[next]];
      edgeB[e] = order[next];
      edgeW[e++] = best[next];
      degree[order[from[next]]]++;
      degree[order[next]]++;
      cur = next;
    }
    let inner = Number.NEGATIVE_INFINITY;
    let all = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < e; t++) {
      if (edgeW[t] > all) all = edgeW[t];
      if (degree[edgeA[t]] > 1 && degree[edgeB[t]] > 1 && edgeW[t] > inner) inner = edgeW[t];
    }
    sparseness[c] = inner === Number.NEGATIVE_INFINITY ? all : inner;
  }
}

/**
 * Density-based clustering validation (DBCV): how dense each cluster is inside compared with how far apart
 * the clusters are, measured along mutual-reachability paths so that non-convex clusters are judged fairly
 * (the silhouette penalizes them). In [−1, 1]; higher is better.
 *
 * @remarks
 * For a row i of cluster C (|C| = nᶜ) in d dimensions, the all-points core distance is
 *   core(i) = ( Σ_{j∈C, j≠i} d(i,j)^−d / (nᶜ − 1) )^(−1/d)
 * and the mutual-reachability distance is m(i,j) = max(core(i), core(j), d(i,j)). Within each cluster,
 * MST_C is the minimum spanning tree of m; its internal vertices are those of degree > 1 and its internal edges
 * join two internal vertices. Density sparseness DSC(C) = the largest internal edge of MST_C (the largest edge
 * when there is no internal one); density separation DSPC(Cᵢ, Cⱼ) = min m(p, q) over internal vertices p of Cᵢ
 * and q of Cⱼ (all rows of a cluster with no internal vertex, i.e. of 2 rows). Then
 *   V(C) = (min_{C′≠C} DSPC(C, C′) − DSC(C)) / max(min_{C′≠C} DSPC(C, C′), DSC(C))  (0 when both are 0),
 *   DBCV = Σ_C (nᶜ / N) V(C).
 * Noise: rows labelled −1 belong to no cluster and take no part in any core distance, MST or separation, but
 * they count in N (the number of all rows), as in the paper and in hdbscan's `validity_index`; so a labeling
 * with a fraction f of noise scores within [−(1 − f), 1 − f]. Zero distances (duplicate rows) add nothing to the
 * core-distance sum; a cluster of coincident rows has core distances 0.
 * O(Σ nᶜ² + m²) distance evaluations (m = internal vertices, at most the non-noise rows) and O(n + k) memory: no
 * distance matrix is formed. No reference implementation is installed (R dbscan 1.1 has none, the Python hdbscan
 * package is absent); tested against a hand-computed case from the paper's formulas and a dense-matrix oracle.
 * @param X - n×d data, or an n×n distance matrix with `metric: 'precomputed'` (then pass `d`)
 * @param labels - one integer per row; −1 is noise; at least 2 clusters, each of at least 2 rows
 * @param opts - `metric` (default 'euclidean'), `d` (default: the number of columns of X)
 * @throws {@link ValidationError} on non-finite data, labels of the wrong length, fewer than 2 clusters, a
 *   cluster of 1 row, an unknown or parameterized metric, or a precomputed matrix that is not square, has a non-zero diagonal or a negative entry, or comes without `d`
 * @see Moulavi, Jaskowiak, Campello, Zimek, Sander (2014), Density-Based Clustering Validation, SDM.
 * @example
 * dbcvScore([[0, 0], [1, 0], [2, 0], [10, 0], [11, 0], [12, 0]], [0, 0, 0, 1, 1, 1]); // ≈ 0.874
 */
export function dbcvScore(X: MatrixLike, labels: ArrayLike<number>, opts: DbcvOptions = {}): number {
  const { m, l, metric, d } = checkInput(X, labels, opts);
  const n = m.rows;
  const { k, code, order, start } = groupRows(l);
  const dist = distanceOf(m, metric);
  const core = new Float64Array(n);
  coreDistances(dist, order, start, d, core);
  const degree = new Int32Array(n);
  const sparseness = new Float64Array(k);
  clusterSparseness(dist, order, start, core, degree, sparseness);
  // Internal vertices of every cluster (all rows of a cluster that has none).
  const internal = new Int32Array(order.length);
  let nInternal = 0;
  for (let c = 0; c < k; c++) {
    const first = nInternal;
    for (let s = start[c]; s < start[c + 1]; s++) if (degree[order[s]] > 1) internal[nInternal++] = order[s];
    if (nInternal === first) for (let s = start[c]; s < start[c + 1]; s++) internal[nInternal++] = order[s];
  }
  const separation = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  for (let s = 0; s < nInternal; s++) {
    const i = internal[s];
    for (let t = s + 1; t < nInternal; t++) {
      const j = internal[t];
      if (code[i] === code[j]) continue;
      const w = Math.max(core[i], core[j], dist(i, j));
      if (w < separation[code[i]]) separation[code[i]] = w;
      if (w < separation[code[j]]) separation[code[j]] = w;
    }
  }
  let score = 0;
  for (let c = 0; c < k; c++) {
    const den = Math.max(separation[c], sparseness[c]);
    const v = den > 0 ? (separation[c] - sparseness[c]) / den : 0;
    score += ((start[c + 1] - start[c]) / n) * v;
  }
  return score;
}
