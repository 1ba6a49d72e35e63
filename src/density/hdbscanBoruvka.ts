/**
 * Borůvka's minimum spanning tree of the mutual-reachability graph on a k-d tree (McInnes & Healy 2017, single
 * tree variant): each round, every component finds its lightest edge to another component by a pruned tree
 * search per point, and the lightest edges are merged with union-find.
 * @internal
 * @module
 */
import { NumericalError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { buildKdTree } from '../neighbors/kdTree.js';
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
 * MST of d_mreach(a, b) = max(core(a), core(b), d(a, b)/α) for a Minkowski-family metric.
 * @remarks
 * A node is skipped when all its points are in the searching point's component or when its lower bound
 * max(core(a), min core in the node, box distance/α) is not below the component's best edge so far; a point
 * whose own core distance is not below that best is skipped outright. O(log n) rounds, each one pruned tree
 * search per point; O(n) memory besides the tree. Ties may pick a different tree than Prim, with the same
 * total weight and the same merge heights.
 * x n×d (IN); core n (IN); out (n−1)×3 [a, b, w] (OUT), in the order the edges were merged.
 */
export function mstBoruvka(
  x: Matrix,
  core: Float64Array,
  metric: DensityClusterMetric,
  p: number,
  alpha: number,
  leafSize: number,
  out: Float64Array,
): void {
  const { rows: n, cols: d } = x;
  const q = metricExponent(metric, p);
  const t = buildKdTree(x.data, new Float64Array(n).fill(1), n, d, leafSize);
  const tx = t.x;
  const nNodes = t.nNodes;
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
  const find = (a: number): number => findRoot(uf, a);
  const comp = new Int32Array(n);
  const nodeComp = new Int32Array(nNodes);
  const bestW = new Float64Array(n);
  const bestA = new Int32Array(n);
  const bestB = new Int32Array(n);
  const stack = new Int32Array(2 * nNodes + 2);
  const inv = 1 / alpha;
  const boxDist = (u: number, node: number): number => fromReduced(boxReduced(t, node, tx, u * d, q), q);
  const pointDist = (u: number, v: number): number => fromReduced(reducedDist(tx, u, tx, v, d, q), q);
  let edges = 0;
  while (edges < n - 1) {
    for (let u = 0; u < n; u++) comp[u] = find(u);
    for (let node = nNodes - 1; node >= 0; node--) {
      const l = t.left[node];
      if (l >= 0) nodeComp[node] = nodeComp[l] === nodeComp[t.right[node]] ? nodeComp[l] : -1;
      else {
        let c = comp[t.start[node]];
        for (let u = t.start[node] + 1; u < t.end[node] && c >= 0; u++) if (comp[u] !== c) c = -1;
        nodeComp[node] = c;
      }
    }
    bestW.fill(Number.POSITIVE_INFINITY);
    bestA.fill(-1);
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
        if (!(lb < bound)) continue;
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
          if (w < bestW[c]) {
            bestW[c] = w;
            bestA[c] = u;
            bestB[c] = v;
          }
        }
      }
    }
    const before = edges;
    for (let c = 0; c < n; c++) {
      if (bestA[c] < 0) continue;
      const ra = find(bestA[c]);
      const rb = find(bestB[c]);
      if (ra === rb) continue;
      uf[ra] = rb;
      out[edges * 3] = t.index[bestA[c]];
      out[edges * 3 + 1] = t.index[bestB[c]];
      out[edges * 3 + 2] = bestW[c];
      edges++;
    }
    if (edges === before)
      throw new NumericalError('HDBSCAN Borůvka MST made no progress (NaN distances?); use algorithm "prim".');
  }
}
