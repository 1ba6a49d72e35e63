/**
 * Borůvka's minimum spanning tree of the mutual-reachability graph on a k-d tree or a ball tree (McInnes & Healy
 * 2017): each round, every component finds its lightest edge to another component, and the lightest edges are
 * merged with union-find. The single-tree search (one pruned tree search per point) lives here with the state
 * both variants share; the dual-tree search (node pairs) is in hdbscanDualTree.ts. The tree enters only through
 * a {@link BoruvkaGeometry}: exact distances between points and lower bounds to nodes.
 * @internal
 * @module
 */
import { NumericalError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { ResolvedMetric } from '../core/metrics.js';
import { type BallTree, ballLowerBound, buildBallTree } from '../neighbors/ballTree.js';
import { buildKdTree, type KdTree } from '../neighbors/kdTree.js';
import {
  boxReduced,
  type DensityClusterMetric,
  findRoot,
  fromReduced,
  metricExponent,
  pushNearestLast,
  reducedDist,
} from './neighborhoods.js';

/**
 * How a Borůvka search measures: the exact distance between two points and lower bounds on the distance from a
 * point, or from any point of a node, to any point of a node. Positions are tree positions (rows of `t.x`).
 */
export interface BoruvkaGeometry {
  /** d(u, v), the metric's own value (the weight Prim would compute for the same rows). */
  dist(u: number, v: number): number;
  /** A lower bound of d(u, v) over every v in `node`. */
  pointNode(u: number, node: number): number;
  /** A lower bound of d(u, v) over every u in node a and v in node b. */
  nodeNode(a: number, b: number): number;
}

/**
 * What a Borůvka round reads and writes: the tree, its geometry, core distances in tree order, the smallest core
 * distance per node, the union-find forest, each point's and node's component (−1: mixed), and each component's
 * lightest outgoing edge so far (weight and tree positions of its ends).
 */
export interface BoruvkaState {
  t: KdTree;
  g: BoruvkaGeometry;
  /** Minkowski exponent of a k-d tree's metric (2 euclidean, 1 cityblock, ∞ chebyshev, p); NaN on a ball tree. */
  q: number;
  /** 1/α: distances are divided by α before the max with the core distances. */
  inv: number;
  coreT: Float64Array;
  nodeMinCore: Float64Array;
  uf: Int32Array;
  comp: Int32Array;
  nodeComp: Int32Array;
  bestW: Float64Array;
  bestA: Int32Array;
  bestB: Int32Array;
}

/** Reduced (Σ|gap|^q, or max for q = ∞) distance between the bounding boxes of k-d tree nodes a and b. */
function boxBoxReduced(t: KdTree, a: number, b: number, q: number): number {
  const { lo, hi, d } = t;
  const oa = a * d;
  const ob = b * d;
  let r = 0;
  for (let j = 0; j < d; j++) {
    const g1 = lo[ob + j] - hi[oa + j];
    const g2 = lo[oa + j] - hi[ob + j];
    const gap = g1 > g2 ? (g1 > 0 ? g1 : 0) : g2 > 0 ? g2 : 0;
    if (q === 2) r += gap * gap;
    else if (q === 1) r += gap;
    else if (q === Number.POSITIVE_INFINITY) r = gap > r ? gap : r;
    else r += gap ** q;
  }
  return r;
}

/**
 * The k-d tree's geometry for a Minkowski exponent q: point distances from the reduced sums, bounds from the
 * bounding boxes (a box gap never exceeds the coordinate difference it bounds, in floating point too, so the
 * bounds are exact lower bounds).
 */
export function kdGeometry(t: KdTree, q: number): BoruvkaGeometry {
  const { x: tx, d } = t;
  return {
    dist: (u, v) => fromReduced(reducedDist(tx, u, tx, v, d, q), q),
    pointNode: (u, node) => fromReduced(boxReduced(t, node, tx, u * d, q), q),
    nodeNode: (a, b) => fromReduced(boxBoxReduced(t, a, b, q), q),
  };
}

/**
 * The ball tree's geometry for any true metric: by the triangle inequality d(u, v) ≥ d(u, c_B) − r_B and
 * d(u, v) ≥ d(c_A, c_B) − r_A − r_B for centroids c and radii r, each lowered for rounding
 * ({@link ballLowerBound}, the neighbour searches' rule).
 */
export function ballGeometry(t: BallTree, metric: ResolvedMetric): BoruvkaGeometry {
  const { x: tx, d, center, radius } = t;
  const dist = metric.info.distance;
  const prm = metric.params;
  return {
    dist: (u, v) => dist(tx, u * d, tx, v * d, d, prm),
    pointNode: (u, node) => ballLowerBound(dist(tx, u * d, center, node * d, d, prm), radius[node]),
    nodeNode: (a, b) => ballLowerBound(dist(center, a * d, center, b * d, d, prm), radius[a] + radius[b]),
  };
}

/**
 * The tree and the per-round arrays for x (n×d, IN) and core distances (n, IN, row order), on a k-d tree for a
 * Minkowski-family metric. `tree`, when given, is the k-d tree of x with unit weights and this leafSize (the
 * neighbour index's), reused instead of a new build.
 */
export function boruvkaState(
  x: Matrix,
  core: Float64Array,
  metric: DensityClusterMetric,
  p: number,
  alpha: number,
  leafSize: number,
  tree?: KdTree,
): BoruvkaState {
  const { rows: n, cols: d } = x;
  const t = tree ?? buildKdTree(x.data, new Float64Array(n).fill(1), n, d, leafSize);
  const q = metricExponent(metric, p);
  return treeState(t, kdGeometry(t, q), q, core, alpha);
}

/**
 * {@link boruvkaState} on a ball tree, for any true metric of the registry (resolved with its parameters, e.g.
 * seuclidean's V or mahalanobis' VI): the MST algorithm for metrics a k-d tree's boxes cannot bound. `tree`, when
 * given, is the ball tree of x under this metric and leafSize (the neighbour index's), reused instead of a new build.
 */
export function boruvkaBallState(
  x: Matrix,
  core: Float64Array,
  metric: ResolvedMetric,
  alpha: number,
  leafSize: number,
  tree?: BallTree,
): BoruvkaState {
  const t = tree ?? buildBallTree(x.data, x.rows, x.cols, metric.info.distance, metric.params, leafSize);
  return treeState(t, ballGeometry(t, metric), Number.NaN, core, alpha);
}

function treeState(t: KdTree, g: BoruvkaGeometry, q: number, core: Float64Array, alpha: number): BoruvkaState {
  const { n, nNodes } = t;
  const coreT = new Float64Array(n);
  for (let u = 0; u < n; u++) coreT[u] = core[t.index[u]];
  const nodeMinCore = new Float64Array(nNodes);
  for (let node = nNodes - 1; node >= 0; node--) {
    const l = t.left[node];
    if (l >= 0) nodeMinCore[node] = Math.min(nodeMinCore[l], nodeMinCore[t.right[node]]);
    else {
      let m = Number.POSITIVE_INFINITY;
      for (let u = t.start[node]; u < t.end[node]; u++) if (coreT[u] < m) m = coreT[u];
      nodeMinCore[node] = m;
    }
  }
  const uf = new Int32Array(n);
  for (let u = 0; u < n; u++) uf[u] = u;
  return {
    t,
    g,
    q,
    inv: 1 / alpha,
    coreT,
    nodeMinCore,
    uf,
    comp: new Int32Array(n),
    nodeComp: new Int32Array(nNodes),
    bestW: new Float64Array(n),
    bestA: new Int32Array(n),
    bestB: new Int32Array(n),
  };
}

/** Starts a round: each point's component root, each node's single component (or −1), no best edges yet. */
export function startRound(s: BoruvkaState): void {
  const { t, comp, nodeComp, uf } = s;
  const n = t.n;
  for (let u = 0; u < n; u++) comp[u] = findRoot(uf, u);
  for (let node = t.nNodes - 1; node >= 0; node--) {
    const l = t.left[node];
    if (l >= 0) nodeComp[node] = nodeComp[l] === nodeComp[t.right[node]] ? nodeComp[l] : -1;
    else {
      let c = comp[t.start[node]];
      for (let u = t.start[node] + 1; u < t.end[node] && c >= 0; u++) if (comp[u] !== c) c = -1;
      nodeComp[node] = c;
    }
  }
  s.bestW.fill(Number.POSITIVE_INFINITY);
  s.bestA.fill(-1);
}

/**
 * Ends a round: merges every component with the far end of its lightest edge (skipping an edge whose ends are
 * already joined: two components that chose the same edge), appending the edges to out [a, b, w] (row indices)
 * from row `edges`. Returns the new edge count.
 * @throws {@link NumericalError} when no edge was found (NaN distances)
 */
export function endRound(s: BoruvkaState, out: Float64Array, edges: number): number {
  const { t, uf, bestA, bestB, bestW } = s;
  const before = edges;
  for (let c = 0; c < t.n; c++) {
    if (bestA[c] < 0) continue;
    const ra = findRoot(uf, bestA[c]);
    const rb = findRoot(uf, bestB[c]);
    if (ra === rb) continue;
    uf[ra] = rb;
    out[edges * 3] = t.index[bestA[c]];
    out[edges * 3 + 1] = t.index[bestB[c]];
    out[edges * 3 + 2] = bestW[c];
    edges++;
  }
  if (edges === before)
    throw new NumericalError('HDBSCAN Borůvka MST made no progress (NaN distances?); use algorithm "prim".');
  return edges;
}

/**
 * MST of d_mreach(a, b) = max(core(a), core(b), d(a, b)/α), single-tree variant (k-d or ball tree).
 * @remarks
 * A node is skipped when all its points are in the searching point's component or when its lower bound
 * max(core(a), min core in the node, box distance/α) is not below the component's best edge so far; a point
 * whose own core distance is not below that best is skipped outright. Ties are broken by the strict order
 * (weight, tree position in the component, tree position outside), as in `mstDualTreeBoruvka`, which gives the
 * same edges; the test oracle for it (HDBSCAN uses the dual-tree variant). O(log n) rounds, each one pruned tree
 * search per point; O(n) memory besides the tree. Ties may pick a different tree than Prim, with the same
 * total weight and the same merge heights.
 * s from {@link boruvkaState} (IN, its arrays are worked on); out (n−1)×3 [a, b, w] (OUT, row indices), in the
 * order the edges were merged.
 */
export function mstBoruvka(s: BoruvkaState, out: Float64Array): void {
  const { t, g, inv, coreT, nodeMinCore, comp, nodeComp, bestW, bestA, bestB } = s;
  const n = t.n;
  const stack = new Int32Array(2 * t.nNodes + 2);
  const boxDist = g.pointNode;
  const pointDist = g.dist;
  let edges = 0;
  while (edges < n - 1) {
    startRound(s);
    for (let u = 0; u < n; u++) {
      const c = comp[u];
      const cu = coreT[u];
      if (!(cu < bestW[c])) continue;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        if (nodeComp[node] === c) continue;
        const bound = bestW[c];
        let lb = boxDist(u, node) * inv;
        if (cu > lb) lb = cu;
        if (nodeMinCore[node] > lb) lb = nodeMinCore[node];
        // an equal bound can still win the tie (w, u, v) while u holds the component's best edge
        if (!(lb < bound || (lb === bound && bestA[c] === u && t.start[node] < bestB[c]))) continue;
        const l = t.left[node];
        if (l >= 0) {
          const r = t.right[node];
          sp = pushNearestLast(stack, sp, l, r, boxDist(u, l) <= boxDist(u, r));
          continue;
        }
        for (let v = t.start[node]; v < t.end[node]; v++) {
          if (comp[v] === c) continue;
          let w = pointDist(u, v) * inv;
          if (cu > w) w = cu;
          if (coreT[v] > w) w = coreT[v];
          if (w < bestW[c] || (w === bestW[c] && bestA[c] === u && v < bestB[c])) {
            bestW[c] = w;
            bestA[c] = u;
            bestB[c] = v;
          }
        }
      }
    }
    edges = endRound(s, out, edges);
  }
}
