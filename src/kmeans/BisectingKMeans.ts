/**
 * Bisecting k-means (Steinbach, Karypis & Kumar 2000) with scikit-learn 1.2's semantics.
 * @module
 */

import type { ModelWarning } from '../core/errors.js';
import { checkSquaredMagnitude } from '../core/magnitude.js';
import { type MatrixLike, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { type ProgressCallback, progressSteps } from '../core/progress.js';
import { columnMeans } from '../core/stats.js';
import { checkInt, checkNumber, checkOneOf, checkSeed, toSampleWeight } from '../core/validate.js';
import { inertiaOf } from './common.js';
import {
  bestOfRuns,
  CentroidEstimator,
  type CentroidJSON,
  type CentroidState,
  centroidFromJSON,
  centroidToJSON,
  checkFitShape,
  initialCenters,
  namedInit,
  type ResolvedInit,
  seededRng,
} from './family.js';
import { runLloyd } from './lloyd.js';

/** Which leaf is split next. */
export type BisectingStrategy = 'biggest_inertia' | 'largest_cluster';
/** Every bisecting strategy. */
export const BISECTING_STRATEGIES: readonly BisectingStrategy[] = ['biggest_inertia', 'largest_cluster'];

/** Options of {@link BisectingKMeans}. */
export interface BisectingKMeansOptions {
  /** Number of leaf clusters k. @defaultValue 8 */
  nClusters?: number;
  /** Initialisation of each 2-means. @defaultValue 'random' (as scikit-learn) */
  init?: 'k-means++' | 'random';
  /** 2-means runs per bisection; the lowest inertia wins. @defaultValue 1 */
  nInit?: number;
  /** Maximum Lloyd iterations per 2-means run. @defaultValue 300 */
  maxIter?: number;
  /**
   * Tolerance on Σ‖Δcentre‖² of a 2-means run, ABSOLUTE (scikit-learn 1.2.1 passes `tol` unscaled to each
   * bisection, unlike KMeans which multiplies it by the mean feature variance). @defaultValue 1e-4
   */
  tol?: number;
  /** 'biggest_inertia' splits the leaf with the largest within-cluster SSE, 'largest_cluster' the most populous. @defaultValue 'biggest_inertia' */
  bisectingStrategy?: BisectingStrategy;
  /** Seed of the PRNG; drawn (and recorded) when omitted. */
  seed?: number;
}

/** Resolved options of {@link BisectingKMeans}. */
export interface ResolvedBisectingKMeansOptions {
  nClusters: number;
  init: 'k-means++' | 'random';
  nInit: number;
  maxIter: number;
  tol: number;
  bisectingStrategy: BisectingStrategy;
  seed: number | undefined;
}

/**
 * One node of the bisection tree, flattened: node 0 is the root; `left`/`right` are node indices (−1 for a
 * leaf); `label` is the leaf's cluster index (−1 for an inner node); `center` is on the original scale.
 */
export interface BisectingNode {
  center: Float64Array;
  left: number;
  right: number;
  label: number;
  score: number;
}

interface BisectState extends CentroidState {
  inertia: number;
  nodes: BisectingNode[];
}

/**
 * Bisecting k-means: start from one cluster and repeatedly split a leaf in two with 2-means until there are k.
 *
 * @remarks
 * scikit-learn 1.2's `BisectingKMeans`: the data are centred; the tree starts as one leaf; k − 1 times the leaf
 * with the largest score is split (first leaf in tree order on ties; leaves of fewer than 2 points are never split — scikit-learn would try
 * and fail) by the best of `nInit` Lloyd 2-means runs
 * (a run replaces the best when its inertia < best·(1 − 10⁻⁶)); the score is the leaf's SSE Σ_{i∈leaf} wᵢ‖xᵢ − μ‖²
 * ('biggest_inertia') or its number of points ('largest_cluster'). Leaves are numbered in tree order (left
 * subtree first). `predict` walks the tree, at each inner node going to the nearer of the two child centres, so it
 * can differ from the nearest leaf centre (as in scikit-learn). Each bisection costs O(m·d·iterations) for its m
 * points, so the whole fit is about O(n·d·iterations·depth). Randomness differs from scikit-learn's, so the
 * fixtures compare quality (inertia within 2 % of scikit-learn's on the same data) and, on well-separated
 * nested blobs, the exact partition and centres.
 * @example
 * const { X } = makeBlobs({ nSamples: 400, centers: 4, seed: 0 });
 * const bk = new BisectingKMeans({ nClusters: 4, seed: 0 }).fit(X);
 * bk.labels; bk.clusterCenters; bk.inertia;
 */
export class BisectingKMeans extends CentroidEstimator<BisectState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedBisectingKMeansOptions>;
  readonly #init: ResolvedInit;

  /** @throws {@link ValidationError} on an invalid option */
  constructor(options: BisectingKMeansOptions = {}) {
    super('BisectingKMeans');
    this.options = Object.freeze({
      nClusters: checkInt(options.nClusters ?? 8, 'nClusters', 1),
      init: checkOneOf(options.init ?? 'random', ['k-means++', 'random'] as const, 'init'),
      nInit: checkInt(options.nInit ?? 1, 'nInit', 1),
      maxIter: checkInt(options.maxIter ?? 300, 'maxIter', 1),
      tol: checkNumber(options.tol ?? 1e-4, 'tol', 0, { max: Number.MAX_VALUE }),
      bisectingStrategy: checkOneOf(
        options.bisectingStrategy ?? 'biggest_inertia',
        BISECTING_STRATEGIES,
        'bisectingStrategy',
      ),
      seed: checkSeed(options.seed),
    });
    this.#init = namedInit(this.options.init);
    this.checkOptionNames(options);
  }

  /**
   * Fits the tree to X (n×d).
   * @param opts.sampleWeight - optional non-negative weight per row
   * @param opts.onProgress - called with the bisections done and nClusters − 1 ({@link ProgressCallback}: about a
   * hundred calls at most; the result is unchanged)
   * @throws {@link ValidationError} on bad data or nClusters > n
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number>; onProgress?: ProgressCallback } = {}): this {
    const mat = toMatrix(X, 'X');
    checkSquaredMagnitude(mat, 'BisectingKMeans: the inertia (Σ squared distances)');
    const { nClusters: k, nInit, maxIter, tol, bisectingStrategy } = this.options;
    const { rows: n, cols: d } = mat;
    checkFitShape(this.#init, k, n, d);
    const w = toSampleWeight(opts.sampleWeight, n);
    const { seed, rng } = seededRng(this.options.seed);
    const mu = columnMeans(mat.data, n, d);
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = mat.data[i * d + j] - mu[j];
    const warnings: ModelWarning[] = [];

    // Tree nodes; members[t] holds the row indices of leaf t (null for inner nodes).
    const nodes: BisectingNode[] = [{ center: columnMeans(x, n, d), left: -1, right: -1, label: -1, score: 0 }];
    const members: (Int32Array | null)[] = [Int32Array.from({ length: n }, (_, i) => i)];
    const xs = new Float64Array(n * d);
    const ws = new Float64Array(n);
    const report = progressSteps(opts.onProgress, k - 1);
    for (let split = 0; split < k - 1; split++) {
      // Leaf with the largest score, first in tree order on ties; leaves of one point cannot be split.
      let best = -1;
      for (const t of leavesInOrder(nodes)) {
        const mem = members[t] as Int32Array;
        if (mem.length < 2) continue;
        if (best === -1 || nodes[t].score > nodes[best].score) best = t;
      }
      const idx = members[best] as Int32Array;
      const m = idx.length;
      if (nodes[best].score === 0 && bisectingStrategy === 'biggest_inertia' && split > 0) {
        warnings.push({
          code: 'DUPLICATE_POINTS',
          message: `Every leaf has zero inertia before split ${split + 1}; clusters of identical points are being split.`,
        });
      }
      for (let t = 0; t < m; t++) {
        xs.set(x.subarray(idx[t] * d, idx[t] * d + d), t * d);
        ws[t] = w[idx[t]];
      }
      const xsub = xs.subarray(0, m * d);
      const wsub = ws.subarray(0, m);
      const run = bestOfRuns(
        nInit,
        () => runLloyd(xsub, m, d, wsub, initialCenters(this.#init, xsub, m, d, 2, wsub, rng), 2, maxIter, tol),
        (next, best) => next.inertia < best.inertia * (1 - 1e-6),
      );
      let n0 = 0;
      for (let t = 0; t < m; t++) if (run.labels[t] === 0) n0++;
      const a = new Int32Array(n0);
      const b = new Int32Array(m - n0);
      let p = 0;
      let q = 0;
      const score = [0, 0];
      for (let t = 0; t < m; t++) {
        const c = run.labels[t];
        if (c === 0) a[p++] = idx[t];
        else b[q++] = idx[t];
        if (bisectingStrategy === 'biggest_inertia') {
          let s = 0;
          for (let j = 0; j < d; j++) {
            const u = xsub[t * d + j] - run.centers[c * d + j];
            s += u * u;
          }
          score[c] += wsub[t] * s;
        }
      }
      if (n0 === 0 || n0 === m) {
        warnings.push({
          code: 'DUPLICATE_POINTS',
          message: `Bisection ${split + 1} left one side empty (the cluster holds identical points); fewer than nClusters non-empty clusters.`,
        });
      }
      if (bisectingStrategy === 'largest_cluster') {
        score[0] = n0;
        score[1] = m - n0;
      }
      const li = nodes.length;
      nodes.push({ center: run.centers.slice(0, d), left: -1, right: -1, label: -1, score: score[0] });
      nodes.push({ center: run.centers.slice(d, 2 * d), left: -1, right: -1, label: -1, score: score[1] });
      members.push(a, b);
      nodes[best].left = li;
      nodes[best].right = li + 1;
      members[best] = null;
      report(split + 1);
    }
    const labels = new Int32Array(n);
    const centers = new Float64Array(k * d);
    let label = 0;
    for (const t of leavesInOrder(nodes)) {
      const mem = members[t] as Int32Array;
      for (let s = 0; s < mem.length; s++) labels[mem[s]] = label;
      nodes[t].label = label;
      centers.set(nodes[t].center, label * d);
      label++;
    }
    for (const node of nodes) for (let j = 0; j < d; j++) node.center[j] += mu[j];
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centers[c * d + j] += mu[j];
    this.setState({
      centers: { rows: k, cols: d, data: centers },
      labels,
      inertia: inertiaOf(mat.data, n, d, w, centers, labels),
      nodes,
      nFeaturesIn: d,
      seed,
      warnings,
    });
    return this;
  }

  /** Σᵢ wᵢ‖xᵢ − μ_{labelᵢ}‖². */
  get inertia(): number {
    return this.state('inertia').inertia;
  }
  /** The bisection tree, node 0 the root (read-only). */
  get tree(): readonly BisectingNode[] {
    return this.state('tree').nodes;
  }

  /** Label of each row of X found by walking down the tree to the nearer child centre at each split (ties: left). */
  predict(X: MatrixLike): Int32Array {
    const s = this.state('predict');
    const m = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const d = m.cols;
    const out = new Int32Array(m.rows);
    const nodes = s.nodes;
    for (let i = 0; i < m.rows; i++) {
      let t = 0;
      while (nodes[t].left !== -1) {
        const l = nodes[nodes[t].left].center;
        const r = nodes[nodes[t].right].center;
        let dl = 0;
        let dr = 0;
        for (let j = 0; j < d; j++) {
          const v = m.data[i * d + j];
          dl += (v - l[j]) * (v - l[j]);
          dr += (v - r[j]) * (v - r[j]);
        }
        t = dr < dl ? nodes[t].right : nodes[t].left;
      }
      out[i] = nodes[t].label;
    }
    return out;
  }

  /** Serialises the fitted model, tree included. */
  /** The saved state: centres, labels, inertia, the tree, seed, warnings. */
  protected saveState(s: BisectState): object {
    return {
      ...centroidToJSON(s),
      inertia: s.inertia,
      tree: s.nodes.map((t) => ({
        center: Array.from(t.center),
        left: t.left,
        right: t.right,
        label: t.label,
        score: t.score,
      })),
      seed: s.seed,
      warnings: s.warnings,
    };
  }

  /** Restores a model saved with {@link BisectingKMeans.toJSON}. */
  static fromJSON(json: unknown): BisectingKMeans {
    type State = CentroidJSON & {
      inertia: number;
      tree: { center: number[]; left: number; right: number; label: number; score: number }[];
      seed: number;
      warnings: ModelWarning[];
    };
    const j = checkModelJSON<BisectingKMeansOptions & { seed: number | null }, State>(json, 'BisectingKMeans');
    const bk = new BisectingKMeans({ ...j.options, seed: j.options.seed ?? undefined });
    return BisectingKMeans.restore(bk, {
      ...centroidFromJSON(j.state),
      inertia: j.state.inertia,
      nodes: j.state.tree.map((t) => ({ ...t, center: Float64Array.from(t.center) })),
      seed: j.state.seed,
      warnings: j.state.warnings,
    });
  }
}

/** Leaf node indices in tree order (left subtree first), iteratively. */
function leavesInOrder(nodes: BisectingNode[]): number[] {
  const out: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const t = stack.pop() as number;
    if (nodes[t].left === -1) out.push(t);
    else stack.push(nodes[t].right, nodes[t].left);
  }
  return out;
}
