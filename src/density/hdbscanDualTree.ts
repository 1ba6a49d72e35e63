/**
 * Dual-tree Borůvka for the mutual-reachability MST (McInnes & Healy 2017, after March, Ram & Gray 2010): each
 * round traverses pairs of tree nodes (k-d or ball tree, through the state's geometry) instead of searching once
 * per point.
 * @internal
 * @module
 */
import { type BoruvkaState, endRound, startRound } from './hdbscanBoruvka.js';

/**
 * Seeds the first Borůvka round (every point its own component) with each point's best edge to its k nearest
 * neighbours (n×k rows, IN) and sets bound(node) to the largest seeded best in the node (OUT). The seeds are real
 * candidate edges compared in the same strict (w, a, b) order, and the traversal still visits every pair that
 * could beat them, so the round picks the same edges; it only starts with tight bounds instead of ∞.
 */
function seedFirstRound(s: BoruvkaState, k: number, neighbors: Int32Array, bound: Float64Array): void {
  const { t, g, inv, coreT, bestW, bestA, bestB } = s;
  const { n, index, left, right, start, end } = t;
  const pos = new Int32Array(n);
  for (let u = 0; u < n; u++) pos[index[u]] = u;
  for (let u = 0; u < n; u++) {
    const cu = coreT[u];
    const o = index[u] * k;
    for (let j = 0; j < k; j++) {
      const v = pos[neighbors[o + j]];
      if (v === u) continue;
      let w = g.dist(u, v) * inv;
      const core2 = coreT[v] > cu ? coreT[v] : cu;
      if (core2 > w) w = core2;
      if (w < bestW[u] || (w === bestW[u] && v < bestB[u])) {
        bestW[u] = w;
        bestA[u] = u;
        bestB[u] = v;
      }
    }
  }
  for (let node = t.nNodes - 1; node >= 0; node--) {
    const l = left[node];
    let m = 0;
    if (l >= 0) m = bound[l] > bound[right[node]] ? bound[l] : bound[right[node]];
    else for (let u = start[node]; u < end[node]; u++) if (bestW[u] > m) m = bestW[u];
    bound[node] = m;
  }
}

/**
 * MST of d_mreach(a, b) = max(core(a), core(b), d(a, b)/α) by dual-tree Borůvka, on a k-d tree (Minkowski-family
 * metrics) or a ball tree (any true metric).
 * @remarks
 * Each round (O(log n) of them) runs one traversal of node pairs (Q, R) from (root, root), children nearest
 * first (both nodes descended when both are inner). A pair is pruned when every point of Q and R is in one
 * component, or when its lower bound
 *   max(box distance(Q, R)/α, min core in Q, min core in R)
 * is above bound(Q) = the largest "lightest outgoing edge so far" of the components of Q's points (kept per node,
 * refreshed from the children after each descent; it only falls during a round, so a stale value prunes less,
 * never wrongly). At a pair of leaves, a point u of Q is skipped when max(core(u), min core in R, box distance
 * (u, R)/α) cannot beat its component's best edge (the pairs it skips are searched from the other side as (R, Q));
 * every other pair of different components is a candidate for both ends' components.
 * Ties are broken by the strict order (weight, tree position in the component, tree position outside), the same
 * order `mstBoruvka` uses, so the two pick the same edges in the same order (tested) and no round can close a
 * cycle. Same total weight and merge heights as Prim's MST; equal-weight edges may differ from Prim's.
 * O(n) memory besides the tree; about O(n log n) time for low d.
 * s from `boruvkaState` or `boruvkaBallState` (IN, its arrays are worked on); out (n−1)×3
 * [a, b, w] (OUT, row indices), in the order the edges were merged.
 */
export function mstDualTreeBoruvka(
  s: BoruvkaState,
  out: Float64Array,
  seed?: { k: number; neighbors: Int32Array },
): void {
  const { t, g, q, inv, coreT, nodeMinCore, comp, nodeComp, bestW, bestA, bestB } = s;
  const { n, d, left, right, start, end, x: tx } = t;
  const bound = new Float64Array(t.nNodes);
  const lowerBound = (a: number, b: number): number => {
    let lb = g.nodeNode(a, b) * inv;
    if (nodeMinCore[a] > lb) lb = nodeMinCore[a];
    if (nodeMinCore[b] > lb) lb = nodeMinCore[b];
    return lb;
  };
  /** Whether edge (a, b) of weight w (tree positions, a in component c) precedes c's best in (w, a, b) order. */
  const better = (c: number, w: number, a: number, b: number): boolean =>
    w < bestW[c] || (w === bestW[c] && (a < bestA[c] || (a === bestA[c] && b < bestB[c])));
  /** The leaf pair (Q, R): every cross-component pair is a candidate for both components; then bound(Q). */
  const leaves = (a: number, b: number): void => {
    const minCoreB = nodeMinCore[b];
    for (let u = start[a]; u < end[a]; u++) {
      const cu = coreT[u];
      const c = comp[u];
      if (nodeComp[b] === c) continue;
      // u's own lower bound against R (the pairs it skips are still searched from v's side, as (R, Q))
      let lbu = g.pointNode(u, b) * inv;
      if (cu > lbu) lbu = cu;
      if (minCoreB > lbu) lbu = minCoreB;
      if (lbu > bestW[c] || (lbu === bestW[c] && u > bestA[c])) continue;
      for (let v = start[b]; v < end[b]; v++) {
        const cv = comp[v];
        if (cv === c) continue;
        const core2 = coreT[v] > cu ? coreT[v] : cu;
        if (core2 > bestW[c] && core2 > bestW[cv]) continue;
        let w: number;
        if (q === 2) {
          // reducedDist inlined for the common case (same operations, same order)
          let r = 0;
          for (let j = 0, ou = u * d, ov = v * d; j < d; j++) {
            const g = tx[ou + j] - tx[ov + j];
            r += g * g;
          }
          w = Math.sqrt(r) * inv;
        } else w = g.dist(u, v) * inv;
        if (core2 > w) w = core2;
        if (better(c, w, u, v)) {
          bestW[c] = w;
          bestA[c] = u;
          bestB[c] = v;
        }
        if (better(cv, w, v, u)) {
          bestW[cv] = w;
          bestA[cv] = v;
          bestB[cv] = u;
        }
      }
    }
    let m = 0;
    for (let u = start[a]; u < end[a]; u++) if (bestW[comp[u]] > m) m = bestW[comp[u]];
    bound[a] = m;
  };
  /** Visits (a, b) whose lower bound is ab; children are visited nearest first. */
  const traverse = (a: number, b: number, ab: number): void => {
    if (nodeComp[a] >= 0 && nodeComp[a] === nodeComp[b]) return;
    if (ab > bound[a]) return;
    const la = left[a];
    const lb = left[b];
    if (la < 0 && lb < 0) {
      leaves(a, b);
      return;
    }
    if (la < 0) {
      pair(a, lb, right[b]);
      return;
    }
    const ra = right[a];
    if (lb < 0) {
      traverse(la, b, lowerBound(la, b));
      traverse(ra, b, lowerBound(ra, b));
    } else {
      pair(la, lb, right[b]);
      pair(ra, lb, right[b]);
    }
    bound[a] = bound[la] > bound[ra] ? bound[la] : bound[ra];
  };
  /** Visits (a, b1) and (a, b2), the nearer first. */
  const pair = (a: number, b1: number, b2: number): void => {
    const l1 = lowerBound(a, b1);
    const l2 = lowerBound(a, b2);
    if (l1 <= l2) {
      traverse(a, b1, l1);
      traverse(a, b2, l2);
    } else {
      traverse(a, b2, l2);
      traverse(a, b1, l1);
    }
  };
  let edges = 0;
  while (edges < n - 1) {
    startRound(s);
    bound.fill(Number.POSITIVE_INFINITY);
    if (edges === 0 && seed !== undefined) seedFirstRound(s, seed.k, seed.neighbors, bound);
    traverse(0, 0, 0);
    edges = endRound(s, out, edges);
  }
}
