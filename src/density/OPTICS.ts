/**
 * OPTICS: ordering points to identify the clustering structure (scikit-learn 1.2's `OPTICS`).
 * @module
 */
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { Estimator, type FittedState } from '../core/estimator.js';
import { type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { type ProgressCallback, phaseProgress } from '../core/progress.js';
import { checkInt, checkNumber, checkOneOf } from '../core/validate.js';
import { buildKdTree } from '../neighbors/kdTree.js';
import {
  boxReduced,
  buildNeighborIndex,
  checkMetric,
  checkPrecomputed,
  type DensityClusterMetric,
  fromReduced,
  IndexBuffer,
  kthDistances,
  NEIGHBOR_ALGORITHMS,
  type NeighborAlgorithm,
  type NeighborIndex,
  reducedDist,
} from './neighborhoods.js';
import { extractDbscan, round15, xiClusters, xiLabels } from './opticsExtract.js';

/** How {@link OPTICS} turns the reachability plot into labels. */
export const OPTICS_CLUSTER_METHODS = ['xi', 'dbscan'] as const;
/** One of `OPTICS_CLUSTER_METHODS`. */
export type OpticsClusterMethod = (typeof OPTICS_CLUSTER_METHODS)[number];

/** Options of {@link OPTICS} (scikit-learn's names in camelCase). */
export interface OPTICSOptions {
  /** Neighbourhood size for core distances, the point itself counted: an integer ≥ 2, or a fraction in (0, 1] of the rows (at least 2). @defaultValue 5 */
  minSamples?: number;
  /** Largest neighbourhood radius considered; `Infinity` considers every pair. @defaultValue Infinity */
  maxEps?: number;
  /** Any metric of the registry (SciPy's names; scikit-learn's `manhattan`, `l1`, `l2` too); `'precomputed'` makes `fit` take an n×n distance matrix. @defaultValue 'euclidean' */
  metric?: DensityClusterMetric;
  /** Minkowski exponent (metric `'minkowski'`), ≥ 1. @defaultValue 2 */
  p?: number;
  /** Extraction: `'xi'` (steepness) or `'dbscan'` (a cut at `eps`). @defaultValue 'xi' */
  clusterMethod?: OpticsClusterMethod;
  /** Cut for `clusterMethod: 'dbscan'`, ≤ maxEps. @defaultValue maxEps */
  eps?: number;
  /** Minimum steepness ξ in [0, 1] of a cluster boundary. @defaultValue 0.05 */
  xi?: number;
  /** Trim ξ clusters by predecessors (Schubert & Gertz 2018). @defaultValue true */
  predecessorCorrection?: boolean;
  /** Smallest ξ cluster: an integer ≥ 2 or a fraction in (0, 1] of the rows; `null` uses minSamples. @defaultValue null */
  minClusterSize?: number | null;
  /** Neighbour search (src/neighbors): `'auto'` is a k-d tree for Minkowski-family metrics, a ball tree for other true metrics, else brute force. @defaultValue 'auto' */
  algorithm?: NeighborAlgorithm;
  /** Leaf size of the tree. @defaultValue 30 */
  leafSize?: number;
}

/** {@link OPTICSOptions} with every default filled in (`eps` and `minClusterSize` stay null when unset). */
export interface ResolvedOPTICSOptions extends Required<Omit<OPTICSOptions, 'eps' | 'minClusterSize'>> {
  eps: number | null;
  minClusterSize: number | null;
}

interface OPTICSState extends FittedState {
  ordering: Int32Array;
  reachability: Float64Array;
  coreDistances: Float64Array;
  predecessor: Int32Array;
  labels: Int32Array;
  clusterHierarchy: [number, number][] | null;
}

/** An integer ≥ 2, or a fraction in (0, 1] (scikit-learn's `min_samples` / `min_cluster_size`). */
function checkSize(value: unknown, name: string): number {
  if (typeof value === 'number' && value > 0 && value <= 1) return value;
  return checkInt(value, name, 2);
}

/** Resolves a fraction against n (max(2, ⌊v·n⌋)) and checks the result against n. */
function resolveSize(v: number, n: number, name: string): number {
  if (v > n) {
    throw new ValidationError(
      `${name}=${v} must be no greater than the number of samples (${n}); lower ${name} or pass more rows.`,
      { param: name },
    );
  }
  return v <= 1 ? Math.max(2, Math.floor(v * n)) : v;
}

/** A binary min-heap of (reachability, row) pairs, ties broken by the lower row (scikit-learn's argmin). */
class ReachHeap {
  key = new Float64Array(64);
  row = new Int32Array(64);
  size = 0;
  #less(a: number, b: number): boolean {
    return this.key[a] < this.key[b] || (this.key[a] === this.key[b] && this.row[a] < this.row[b]);
  }
  #swap(a: number, b: number): void {
    const k = this.key[a];
    this.key[a] = this.key[b];
    this.key[b] = k;
    const r = this.row[a];
    this.row[a] = this.row[b];
    this.row[b] = r;
  }
  push(key: number, row: number): void {
    if (this.size === this.key.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.key);
      this.key = k;
      const r = new Int32Array(this.size * 2);
      r.set(this.row);
      this.row = r;
    }
    let c = this.size++;
    this.key[c] = key;
    this.row[c] = row;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (!this.#less(c, parent)) break;
      this.#swap(c, parent);
      c = parent;
    }
  }
  /** Removes the top; its key and row are left at index `size`. */
  pop(): void {
    this.size--;
    this.#swap(0, this.size);
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.size) break;
      const m = l + 1 < this.size && this.#less(l + 1, l) ? l + 1 : l;
      if (!this.#less(m, c)) break;
      this.#swap(m, c);
      c = m;
    }
  }
}

/**
 * The OPTICS graph (scikit-learn's `compute_optics_graph`): core distances, then points in order of smallest
 * reachability (lowest row on ties), each processed core point lowering its unprocessed neighbours' reachability
 * to max(d, core distance). Distances are rounded as scikit-learn rounds them (`around(·, 15)`).
 * OUT: ordering, reachability, coreDistances, predecessor (all n). O(n log n) heap work plus one kNN and one
 * radius query per point; with maxEps = ∞ (every pair reachable) a pruned k-d tree sweep ({@link opticsTree}) or
 * a flat scan replaces the heap and the radius lists, with bit-identical results. `report(phase, rows)`: rows done
 * of the core distances (phase 0), then of the ordering (phase 1), for progress.
 */
export function computeOpticsGraph(
  index: NeighborIndex,
  minSamples: number,
  maxEps: number,
  ordering: Int32Array,
  reachability: Float64Array,
  coreDistances: Float64Array,
  predecessor: Int32Array,
  report?: (phase: number, rows: number) => void,
): void {
  const n = index.n;
  kthDistances(index, minSamples, coreDistances);
  for (let i = 0; i < n; i++) {
    const c = coreDistances[i];
    coreDistances[i] = round15(c > maxEps ? Number.POSITIVE_INFINITY : c);
  }
  report?.(0, n);
  predecessor.fill(-1);
  if (maxEps === Number.POSITIVE_INFINITY) {
    const mk = index.minkowski;
    if (mk !== undefined && (mk.q === 2 || mk.q === 1 || mk.q === Number.POSITIVE_INFINITY)) {
      opticsTree(mk.x, n, mk.d, mk.q, coreDistances, ordering, reachability, predecessor);
    } else opticsAllPairs(index, coreDistances, ordering, reachability, predecessor);
    report?.(1, n);
    return;
  }
  reachability.fill(Number.POSITIVE_INFINITY);
  const processed = new Uint8Array(n);
  const heap = new ReachHeap();
  const buf = new IndexBuffer();
  let nextUnreached = 0;
  for (let t = 0; t < n; t++) {
    if (report !== undefined && (t & 255) === 0) report(1, t);
    let point = -1;
    while (heap.size > 0) {
      heap.pop();
      const r = heap.row[heap.size];
      if (processed[r] === 0 && heap.key[heap.size] === reachability[r]) {
        point = r;
        break;
      }
    }
    if (point < 0) {
      while (processed[nextUnreached] === 1) nextUnreached++;
      point = nextUnreached;
    }
    processed[point] = 1;
    ordering[t] = point;
    const core = coreDistances[point];
    if (core === Number.POSITIVE_INFINITY) continue;
    index.radius(point, maxEps, buf);
    for (let s = 0; s < buf.length; s++) {
      const j = buf.data[s];
      if (processed[j] === 1) continue;
      const d = index.dist(point, j);
      const rd = round15(d > core ? d : core);
      if (rd < reachability[j]) {
        reachability[j] = rd;
        predecessor[j] = point;
        heap.push(rd, j);
      }
    }
  }
  report?.(1, n);
}

/** Leaf size of {@link opticsTree}'s k-d tree (small leaves prune more; each visited leaf is rescanned). */
const OPTICS_LEAF = 16;

/**
 * {@link computeOpticsGraph} with maxEps = ∞ for the exactly bounded Minkowski metrics (q = 1, 2, ∞): a k-d tree
 * whose nodes keep the largest reachability and the smallest (reachability, row) of their unprocessed points.
 * The next point is the root's smallest; a processed core point p (core distance c) visits only the nodes where
 * max(c, mindist(p, box)) < the node's largest reachability — elsewhere no candidate max(c, d(p, o)) can be below
 * the stored reachability (rounding is monotone and the stored values are already rounded; the box distance is
 * computed in the same order as the point distances, so it is a floating-point lower bound) — and updates the
 * node summaries on the way back. Bit-identical to the flat scan; the work is that of the points p actually
 * improves plus the tree boundary, far below n² on clustered data (O(n²) worst case).
 * x n×d (IN); coreDistances n (IN); ordering, reachability, predecessor n (OUT; predecessor pre-filled with −1).
 */
function opticsTree(
  x: Float64Array,
  n: number,
  d: number,
  q: number,
  coreDistances: Float64Array,
  ordering: Int32Array,
  reachability: Float64Array,
  predecessor: Int32Array,
): void {
  const t = buildKdTree(x, new Float64Array(n).fill(1), n, d, OPTICS_LEAF);
  const { x: tx, index, start, end, left, right, lo, hi, nNodes } = t;
  const parent = new Int32Array(nNodes).fill(-1);
  const leafOf = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let node = 0; node < nNodes; node++) {
    if (left[node] >= 0) {
      parent[left[node]] = node;
      parent[right[node]] = node;
    } else for (let u = start[node]; u < end[node]; u++) leafOf[u] = node;
  }
  for (let u = 0; u < n; u++) pos[index[u]] = u;
  const reach = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(n);
  const maxR = new Float64Array(nNodes);
  const minR = new Float64Array(nNodes);
  const minRow = new Int32Array(nNodes);
  /** Summaries of a leaf from its unprocessed points (largest reach −∞, smallest (∞, n) when none is left). */
  const leafSummary = (node: number): void => {
    let mx = Number.NEGATIVE_INFINITY;
    let mn = Number.POSITIVE_INFINITY;
    let mr = n;
    for (let u = start[node]; u < end[node]; u++) {
      if (done[u] === 1) continue;
      const r = reach[u];
      if (r > mx) mx = r;
      if (r < mn || (r === mn && index[u] < mr)) {
        mn = r;
        mr = index[u];
      }
    }
    maxR[node] = mx;
    minR[node] = mn;
    minRow[node] = mr;
  };
  const pull = (node: number): void => {
    const l = left[node];
    const r = right[node];
    maxR[node] = maxR[l] > maxR[r] ? maxR[l] : maxR[r];
    const takeR = minR[r] < minR[l] || (minR[r] === minR[l] && minRow[r] < minRow[l]);
    minR[node] = takeR ? minR[r] : minR[l];
    minRow[node] = takeR ? minRow[r] : minRow[l];
  };
  for (let node = nNodes - 1; node >= 0; node--) {
    if (left[node] < 0) leafSummary(node);
    else pull(node);
  }
  const pt = new Float64Array(d);
  const stack = new Int32Array(nNodes + 1);
  const visited = new Int32Array(nNodes);
  for (let step = 0; step < n; step++) {
    const point = minRow[0];
    const u0 = pos[point];
    ordering[step] = point;
    reachability[point] = reach[u0];
    done[u0] = 1;
    for (let node = leafOf[u0]; node >= 0; node = parent[node]) {
      if (left[node] < 0) leafSummary(node);
      else pull(node);
    }
    const core = coreDistances[point];
    if (core === Number.POSITIVE_INFINITY) continue;
    for (let j = 0; j < d; j++) pt[j] = tx[u0 * d + j];
    let sp = 0;
    let nv = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      let b: number;
      if (q === 2) {
        b = 0;
        for (let j = 0, o = node * d; j < d; j++) {
          const c = pt[j];
          const a = lo[o + j];
          const h = hi[o + j];
          const gap = c < a ? a - c : c > h ? c - h : 0;
          b += gap * gap;
        }
        b = Math.sqrt(b);
      } else b = boxReduced(t, node, pt, 0, q);
      if (!((b > core ? b : core) < maxR[node])) continue;
      if (left[node] >= 0) {
        visited[nv++] = node;
        stack[sp++] = right[node];
        stack[sp++] = left[node];
        continue;
      }
      let mx = Number.NEGATIVE_INFINITY;
      let mn = Number.POSITIVE_INFINITY;
      let mr = n;
      for (let u = start[node]; u < end[node]; u++) {
        if (done[u] === 1) continue;
        let dd: number;
        if (q === 2) {
          dd = 0;
          for (let j = 0, o = u * d; j < d; j++) {
            const w = pt[j] - tx[o + j];
            dd += w * w;
          }
          dd = Math.sqrt(dd);
        } else dd = reducedDist(pt, 0, tx, u, d, q);
        const v = dd > core ? dd : core;
        let r = reach[u];
        if (v < r) {
          const rd = round15(v);
          if (rd < r) {
            reach[u] = r = rd;
            predecessor[index[u]] = point;
          }
        }
        if (r > mx) mx = r;
        if (r < mn || (r === mn && index[u] < mr)) {
          mn = r;
          mr = index[u];
        }
      }
      maxR[node] = mx;
      minR[node] = mn;
      minRow[node] = mr;
    }
    for (let w = nv - 1; w >= 0; w--) pull(visited[w]);
  }
}

/**
 * {@link computeOpticsGraph} with maxEps = ∞, where every processed point reaches every unprocessed one: one flat
 * pass per step over the unprocessed rows, kept compact (row id, reachability and, for Minkowski-family indices,
 * a copy of the coordinates, swap-removed as points are processed), that lowers reachabilities and finds the next
 * point (smallest reachability, lowest row on ties) in the same pass — no heap, no neighbour lists. A candidate is
 * rounded (`round15`) only when its unrounded value is already below the stored one: round15 is monotone and
 * leaves rounded values unchanged, so no other candidate can improve. Results are bit-identical to the heap path.
 * coreDistances n (IN); ordering, reachability, predecessor n (OUT; predecessor pre-filled with −1).
 * O(n²·d / 2) time, O(n·d) memory.
 */
function opticsAllPairs(
  index: NeighborIndex,
  coreDistances: Float64Array,
  ordering: Int32Array,
  reachability: Float64Array,
  predecessor: Int32Array,
): void {
  const n = index.n;
  const mk = index.minkowski;
  const d = mk === undefined ? 0 : mk.d;
  const q = mk === undefined ? Number.NaN : mk.q;
  const xs = mk === undefined ? new Float64Array(0) : Float64Array.from(mk.x.subarray(0, n * d));
  const pt = new Float64Array(d);
  const row = new Int32Array(n);
  for (let i = 0; i < n; i++) row[i] = i;
  const reach = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let m = n;
  let pos = 0;
  for (let t = 0; t < n; t++) {
    const point = row[pos];
    ordering[t] = point;
    reachability[point] = reach[pos];
    m--;
    const po = pos * d;
    const lo = m * d;
    for (let j = 0; j < d; j++) {
      pt[j] = xs[po + j];
      xs[po + j] = xs[lo + j];
    }
    row[pos] = row[m];
    reach[pos] = reach[m];
    const core = coreDistances[point];
    const active = core !== Number.POSITIVE_INFINITY;
    let best = -1;
    let bestR = Number.POSITIVE_INFINITY;
    let bestRow = n;
    for (let u = 0; u < m; u++) {
      let r = reach[u];
      if (active) {
        const dd = mk === undefined ? index.dist(point, row[u]) : fromReduced(reducedDist(pt, 0, xs, u, d, q), q);
        const v = dd > core ? dd : core;
        if (v < r) {
          const rd = round15(v);
          if (rd < r) {
            reach[u] = r = rd;
            predecessor[row[u]] = point;
          }
        }
      }
      if (r < bestR || (r === bestR && row[u] < bestRow)) {
        bestR = r;
        bestRow = row[u];
        best = u;
      }
    }
    pos = best;
  }
}

/**
 * OPTICS: orders the rows so that density-connected groups are contiguous and records the reachability distance
 * of each, then extracts clusters by ξ-steepness or by a DBSCAN cut; noise is −1.
 * @remarks
 * core(p) = distance to p's `minSamples`-th nearest row (p itself first), ∞ above maxEps;
 * reach(o) = min over processed core points p with d(p, o) ≤ maxEps of max(core(p), d(p, o)).
 * Each step takes the unprocessed row of smallest reachability (lowest row on ties, ∞ included), exactly as
 * scikit-learn, but from a heap instead of a linear scan. O(n log n + n·kNN + Σ radius-query sizes) time
 * (O(n²·d) with maxEps = ∞), O(n) memory besides the data. Matches `sklearn.cluster.OPTICS` 1.2.1 on the
 * fixtures (ordering, reachability, core distances, predecessors, labels, ξ cluster hierarchy; blobs, moons,
 * circles, iris, precomputed integer distances full of ties).
 * @see Ankerst, Breunig, Kriegel, Sander (1999), OPTICS: ordering points to identify the clustering structure,
 * SIGMOD; Schubert & Gertz (2018), Improving the cluster structure extracted from OPTICS plots, LWDA.
 * @example
 * const op = new OPTICS({ minSamples: 2 }).fit([[0, 0], [0, 1], [1, 0], [8, 8], [8, 9], [9, 8]]);
 * op.labels; // Int32Array [0, 0, 0, 1, 1, 1]
 */
export class OPTICS extends Estimator<OPTICSState> {
  readonly options: Readonly<ResolvedOPTICSOptions>;

  /**
   * @param options - see {@link OPTICSOptions}
   * @throws {@link ValidationError} for minSamples/minClusterSize not an integer ≥ 2 or a fraction in (0, 1],
   * maxEps or eps ≤ 0 (eps > maxEps), xi outside [0, 1], an unknown metric/algorithm/clusterMethod
   */
  constructor(options: OPTICSOptions = {}) {
    super('OPTICS');
    const { metric, p } = checkMetric(options.metric, options.p);
    const maxEps = checkNumber(options.maxEps ?? Number.POSITIVE_INFINITY, 'maxEps', 0, { minExclusive: true });
    const eps =
      options.eps === undefined || options.eps === null
        ? null
        : checkNumber(options.eps, 'eps', 0, { minExclusive: true });
    if (eps !== null && eps > maxEps) {
      throw new ValidationError(`eps=${eps} must be <= maxEps=${maxEps}; lower eps or raise maxEps.`, {
        param: 'eps',
      });
    }
    this.options = Object.freeze({
      minSamples: checkSize(options.minSamples ?? 5, 'minSamples'),
      maxEps,
      metric,
      p,
      clusterMethod: checkOneOf(options.clusterMethod ?? 'xi', OPTICS_CLUSTER_METHODS, 'clusterMethod'),
      eps,
      xi: checkNumber(options.xi ?? 0.05, 'xi', 0, { max: 1 }),
      predecessorCorrection: options.predecessorCorrection ?? true,
      minClusterSize:
        options.minClusterSize === undefined || options.minClusterSize === null
          ? null
          : checkSize(options.minClusterSize, 'minClusterSize'),
      algorithm: checkOneOf(options.algorithm ?? 'auto', NEIGHBOR_ALGORITHMS, 'algorithm'),
      leafSize: checkInt(options.leafSize ?? 30, 'leafSize', 1),
    });
    this.checkOptionNames(options);
  }

  /**
   * Computes the ordering and reachability of the rows of `X` and extracts the clusters.
   * @param X - n×d data, or an n×n distance matrix with `metric: 'precomputed'`
   * @param opts.onProgress - called with the rows done of 2n (n core distances, then n points ordered); {@link ProgressCallback}, the result unchanged
   * @throws {@link ValidationError} on NaN/Infinity, a bad precomputed matrix, or minSamples/minClusterSize > n
   */
  fit(X: MatrixLike, opts: { onProgress?: ProgressCallback } = {}): this {
    const o = this.options;
    const x = toMatrix(X, 'X');
    if (o.metric === 'precomputed') checkPrecomputed(x);
    const n = x.rows;
    const minSamples = resolveSize(o.minSamples, n, 'minSamples');
    const index = buildNeighborIndex(x, o.metric, o.p, o.algorithm, o.leafSize, 'OPTICS');
    const ordering = new Int32Array(n);
    const reachability = new Float64Array(n);
    const coreDistances = new Float64Array(n);
    const predecessor = new Int32Array(n);
    const report = phaseProgress(opts.onProgress, 2, n);
    computeOpticsGraph(index, minSamples, o.maxEps, ordering, reachability, coreDistances, predecessor, report);
    const warnings: ModelWarning[] = [];
    if (reachability.every((r) => r === Number.POSITIVE_INFINITY)) {
      warnings.push({
        code: 'DEGENERATE',
        message: 'All reachability values are Infinity; set a larger maxEps or all data will be considered outliers.',
      });
    }
    let labels: Int32Array;
    let clusterHierarchy: [number, number][] | null = null;
    if (o.clusterMethod === 'xi') {
      const mcs = resolveSize(o.minClusterSize ?? o.minSamples, n, 'minClusterSize');
      clusterHierarchy = xiClusters(
        reachability,
        predecessor,
        ordering,
        o.xi,
        minSamples,
        mcs,
        o.predecessorCorrection,
      );
      labels = xiLabels(ordering, clusterHierarchy);
    } else {
      labels = extractDbscan(reachability, coreDistances, ordering, o.eps ?? o.maxEps);
    }
    this.setState({
      ordering,
      reachability,
      coreDistances,
      predecessor,
      labels,
      clusterHierarchy,
      nFeaturesIn: x.cols,
      warnings,
    });
    return this;
  }

  /** Fits and returns `labels`. */
  fitPredict(X: MatrixLike): Int32Array {
    return this.fit(X).labels;
  }

  /** Cluster of each row (0-based, −1 for noise). Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** Row indices in OPTICS order. Read-only. */
  get ordering(): Int32Array {
    return this.state('ordering').ordering;
  }
  /** Reachability distance of each row, by row (`Infinity` for the first row of each group). Read-only. */
  get reachability(): Float64Array {
    return this.state('reachability').reachability;
  }
  /** Core distance of each row (`Infinity` above maxEps). Read-only. */
  get coreDistances(): Float64Array {
    return this.state('coreDistances').coreDistances;
  }
  /** Row each row was reached from (−1 for group starts). Read-only. */
  get predecessor(): Int32Array {
    return this.state('predecessor').predecessor;
  }
  /**
   * ξ clusters as inclusive [start, end] ranges of `ordering`, nested ones first.
   * @throws {@link ValidationError} when the model was fitted with `clusterMethod: 'dbscan'`
   */
  get clusterHierarchy(): readonly (readonly [number, number])[] {
    const h = this.state('clusterHierarchy').clusterHierarchy;
    if (h === null) {
      throw new ValidationError(
        "clusterHierarchy exists only with clusterMethod 'xi' (this OPTICS used 'dbscan'); refit with clusterMethod 'xi'.",
        { param: 'clusterMethod' },
      );
    }
    return h;
  }
  /** Number of clusters found (noise excluded). */
  get nClusters(): number {
    let k = 0;
    for (const l of this.state('nClusters').labels) if (l + 1 > k) k = l + 1;
    return k;
  }
  /** What `toJSON` saves as options: an infinite `maxEps` is written as `null`. */
  protected override saveOptions(): object {
    return { ...this.options, maxEps: Number.isFinite(this.options.maxEps) ? this.options.maxEps : null };
  }
  /** What `toJSON` saves: the ordering, reachability plot and labels. Infinite distances are written as `null`. */
  protected saveState(s: OPTICSState): object {
    const nul = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
    return {
      ordering: Array.from(s.ordering),
      reachability: nul(s.reachability),
      coreDistances: nul(s.coreDistances),
      predecessor: Array.from(s.predecessor),
      labels: Array.from(s.labels),
      clusterHierarchy: s.clusterHierarchy,
      nFeaturesIn: s.nFeaturesIn,
    };
  }

  /**
   * Restores a model saved with {@link OPTICS.toJSON}.
   * @throws {@link ValidationError} if `json` is not a saved OPTICS
   */
  static fromJSON(json: unknown): OPTICS {
    const m = checkModelJSON<Record<string, unknown>, Record<string, unknown>>(json, 'OPTICS');
    const est = new OPTICS({ ...m.options, maxEps: (m.options.maxEps as number | null) ?? undefined });
    const s = m.state;
    const inf = (a: unknown) => Float64Array.from(a as (number | null)[], (v) => v ?? Number.POSITIVE_INFINITY);
    return OPTICS.restore(est, {
      ordering: Int32Array.from(s.ordering as number[]),
      reachability: inf(s.reachability),
      coreDistances: inf(s.coreDistances),
      predecessor: Int32Array.from(s.predecessor as number[]),
      labels: Int32Array.from(s.labels as number[]),
      clusterHierarchy: (s.clusterHierarchy as [number, number][] | null) ?? null,
      nFeaturesIn: s.nFeaturesIn as number,
      warnings: [],
    });
  }
}
