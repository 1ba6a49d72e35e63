/**
 * DBSCAN on a k-d tree without neighbour lists: core rows by counting, core–core links by union-find, border rows
 * by the smallest cluster among their core neighbours. The labels are scikit-learn 1.2's exactly (see
 * {@link dbscanKdTree}).
 * @internal
 * @module
 */
import type { KdTree } from '../neighbors/kdTree.js';
import { findRoot, reducedDist, toReduced } from './neighborhoods.js';

/** The far bound of the last {@link bounds} call (a module slot, so the hot loops allocate nothing). */
let farBound = 0;

/**
 * Whether tree positions u and v are within reduced radius rr: the Euclidean sum is inlined and, from d = 6 on,
 * abandoned after half the coordinates once it exceeds rr (a partial sum of non-negative terms never decreases,
 * so the answer is that of `reducedDist(x, u, x, v, d, q) <= rr`, bit for bit).
 */
function within(x: Float64Array, u: number, v: number, d: number, q: number, rr: number): boolean {
  if (q !== 2) return reducedDist(x, u, x, v, d, q) <= rr;
  const ou = u * d;
  const ov = v * d;
  let s = 0;
  let j = 0;
  if (d >= 6) {
    for (const h = d >>> 1; j < h; j++) {
      const g = x[ou + j] - x[ov + j];
      s += g * g;
    }
    if (s > rr) return false;
  }
  for (; j < d; j++) {
    const g = x[ou + j] - x[ov + j];
    s += g * g;
  }
  return s <= rr;
}

/** Reduced diameter of node box o: an upper bound on the reduced distance of any two of its points (q ∈ {1, 2, ∞}). */
function boxDiameter(lo: Float64Array, hi: Float64Array, o: number, d: number, q: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const g = hi[o + j] - lo[o + j];
    if (q === 2) s += g * g;
    else if (q === 1) s += g;
    else if (g > s) s = g;
  }
  return s;
}

/** Pushes the children of a node, the one holding tree position p on top (popped first). */
function pushChildren(stack: Int32Array, sp: number, l: number, r: number, p: number, end: Int32Array): number {
  if (p < end[l]) {
    stack[sp] = r;
    stack[sp + 1] = l;
  } else {
    stack[sp] = l;
    stack[sp + 1] = r;
  }
  return sp + 2;
}

/**
 * Reduced distance bounds between box A (corners aLo, aHi at offset a) and box B (bLo, bHi at b), d coordinates
 * each; a point is the box with both corners at it. Returns the near bound (0 when the boxes meet) and leaves the
 * far bound in `farBound`: every pair of points, one in each box, has a computed reduced distance between the two
 * (IEEE rounding is monotone and the terms are summed in `reducedDist`'s order, so a whole-node decision is the
 * point-by-point one). The far bound only for q ∈ {1, 2, ∞}; +∞ otherwise (no whole-node shortcut).
 */
function bounds(
  aLo: Float64Array,
  aHi: Float64Array,
  a: number,
  bLo: Float64Array,
  bHi: Float64Array,
  b: number,
  d: number,
  q: number,
): number {
  let near = 0;
  let far = 0;
  for (let j = 0; j < d; j++) {
    const u = bLo[b + j] - aHi[a + j];
    const v = aLo[a + j] - bHi[b + j];
    const g = u > 0 ? u : v > 0 ? v : 0;
    const f1 = bHi[b + j] - aLo[a + j];
    const f2 = aHi[a + j] - bLo[b + j];
    const f = f1 > f2 ? f1 : f2;
    if (q === 2) {
      near += g * g;
      far += f * f;
    } else if (q === 1) {
      near += g;
      far += f;
    } else if (q === Number.POSITIVE_INFINITY) {
      if (g > near) near = g;
      if (f > far) far = f;
    } else {
      near += g ** q;
      far = Number.POSITIVE_INFINITY;
    }
  }
  farBound = far;
  return near;
}

/**
 * The nodes a search from leaf `leaf` must look at, into cand (OUT; returns their count), in depth-first order with
 * the leaf's own branch first: ~node for a node whose box lies within rr of every point of the leaf (a whole node
 * for all of them), node for a leaf that some of its points may reach. Skips nodes ending at or before `minEnd`,
 * nodes for which `skip(node)` holds, and nodes farther than rr from the leaf's box.
 */
function candidates(
  t: KdTree,
  leaf: number,
  rr: number,
  q: number,
  minEnd: number,
  skip: ((node: number) => boolean) | null,
  stack: Int32Array,
  cand: Int32Array,
): number {
  const { d, lo, hi, left, right, end } = t;
  const p = t.start[leaf];
  let nc = 0;
  let sp = 0;
  stack[sp++] = 0;
  while (sp > 0) {
    const node = stack[--sp];
    if (end[node] <= minEnd || skip?.(node)) continue;
    if (bounds(lo, hi, leaf * d, lo, hi, node * d, d, q) > rr) continue;
    if (farBound <= rr) {
      cand[nc++] = ~node;
      continue;
    }
    const l = left[node];
    if (l >= 0) sp = pushChildren(stack, sp, l, right[node], p, end);
    else cand[nc++] = node;
  }
  return nc;
}

/**
 * DBSCAN over a k-d tree of the rows in a Minkowski-family metric (reduced distances Σ|u|^q, q = 2 Euclidean,
 * 1 cityblock, ∞ chebyshev, else minkowski p), with labels identical to scikit-learn 1.2's `dbscan_inner`.
 * @remarks
 * scikit-learn's expansion starts cluster k at the lowest-index core row not yet labelled and labels, depth first,
 * the whole core-connected component of that row plus every still-unlabelled row within eps of one of its core
 * rows. So cluster k is the component with the k-th smallest lowest core index, and a border row gets the smallest
 * such number among the components of its core neighbours — whatever order the neighbours are listed in. This
 * computes exactly that, in three passes and O(n) memory (no neighbourhood of a core row is ever stored):
 * 1. core rows: Σ_{j: ρ(i,j) ≤ ρ(eps)} wⱼ ≥ minSamples, by a counting tree search from the row's own leaf
 *    outwards that adds a whole node's weight when its box lies inside the ball and stops as soon as the sum
 *    reaches minSamples. A row that ends non-core was searched in full: its neighbours are kept (≤ 4n entries in
 *    all) for pass 3;
 * 2. links: a union-find forest over the core rows; nodes whose box diameter is ≤ eps are united at once; then
 *    one search per leaf lists the nodes at or after it within eps, leaving out nodes whose cores are already in
 *    the leaf's component (a node remembers one of its core rows once all its cores are in one component), and
 *    each core row unites with the core rows after it within eps (each pair once) or with a whole node at once;
 * 3. numbering: components in the order of their lowest core row; each other row takes the smallest number among
 *    its core neighbours (from the list of pass 1, or a search pruned by each node's smallest number), or −1.
 * Distances are compared as in the trees of scikit-learn and of `radius` (reduced distance ≤ eps^q); the whole-node
 * bounds round the same way as the point distances, so they decide exactly as the point-by-point test would. With
 * non-integer weights the sums are added in another order than scikit-learn's; they are exact for weights with
 * few binary digits (integers, halves...).
 * t: tree of the rows (unit weights); w n (IN, row order, or null); core n (OUT, row order: 1 core, 0 not); labels n
 * (OUT); report(phase, rows) sees phase 0 (core search) and 1 (links and labels) go from 0 to n.
 * @returns the number of clusters
 */
export function dbscanKdTree(
  t: KdTree,
  q: number,
  eps: number,
  minSamples: number,
  w: Float64Array | null,
  core: Uint8Array,
  labels: Int32Array,
  report?: (phase: number, rows: number) => void,
): number {
  const { x, n, d, nNodes, lo, hi, left, right, start, end, index } = t;
  const rr = toReduced(eps, q);
  const exactFar = q === 1 || q === 2 || q === Number.POSITIVE_INFINITY;
  const stack = new Int32Array(2 * nNodes + 2);

  // Weights in tree order and per node (counts without weights).
  const wt = w === null ? null : Float64Array.from(index, (i) => w[i]);
  const nodeW = new Float64Array(nNodes);
  for (let id = nNodes - 1; id >= 0; id--) {
    if (left[id] >= 0) nodeW[id] = nodeW[left[id]] + nodeW[right[id]];
    else if (wt === null) nodeW[id] = end[id] - start[id];
    else for (let v = start[id]; v < end[id]; v++) nodeW[id] += wt[v];
  }

  // 1. Core positions by counting. A row that ends non-core was searched in full: its neighbours go to `nb`
  // (at most `cap` entries in all; a row that does not fit is searched again in pass 3).
  const isCore = new Uint8Array(n);
  const cap = Math.max(4 * n, 1024);
  let nb = new Int32Array(Math.min(cap, 1024));
  let nbLen = 0;
  const nbStart = new Int32Array(n).fill(-1);
  const nbEnd = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    if (report !== undefined && (p & 1023) === 0) report(0, p);
    const off = p * d;
    const from = nbLen;
    let fits = true;
    let cnt = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      if (bounds(x, x, off, lo, hi, node * d, d, q) > rr) continue;
      const l = left[node];
      const whole = farBound <= rr;
      if (whole) {
        cnt += nodeW[node];
        if (cnt >= minSamples) break;
      } else if (l >= 0) {
        sp = pushChildren(stack, sp, l, right[node], p, end);
        continue;
      }
      for (let v = start[node]; v < end[node]; v++) {
        if (!whole) {
          if (!within(x, p, v, d, q, rr)) continue;
          cnt += wt === null ? 1 : wt[v];
        }
        if (!fits) continue;
        if (nbLen === nb.length) {
          if (nbLen === cap) {
            fits = false;
            continue;
          }
          const next = new Int32Array(Math.min(cap, 2 * nbLen));
          next.set(nb);
          nb = next;
        }
        nb[nbLen++] = v;
      }
      if (cnt >= minSamples) break;
    }
    isCore[p] = cnt >= minSamples ? 1 : 0;
    if (isCore[p] === 1 || !fits) nbLen = from;
    else {
      nbStart[p] = from;
      nbEnd[p] = nbLen;
    }
  }
  report?.(0, n);

  // 2. Union-find over the core positions. rep[node] ≥ 0: a position whose component holds every core of node.
  const parent = new Int32Array(n);
  for (let p = 0; p < n; p++) parent[p] = p;
  const coreCnt = new Int32Array(nNodes);
  for (let id = nNodes - 1; id >= 0; id--) {
    if (left[id] >= 0) coreCnt[id] = coreCnt[left[id]] + coreCnt[right[id]];
    else for (let v = start[id]; v < end[id]; v++) coreCnt[id] += isCore[v];
  }
  const rep = new Int32Array(nNodes).fill(-1);
  // Parents precede children (ids grow downwards): a node of diameter ≤ eps unites its cores, its subtree inherits.
  for (let id = 0; exactFar && id < nNodes; id++) {
    if (coreCnt[id] === 0) continue;
    if (rep[id] < 0 && boxDiameter(lo, hi, id * d, d, q) <= rr) {
      let first = -1;
      for (let v = start[id]; v < end[id]; v++) {
        if (isCore[v] === 0) continue;
        if (first < 0) first = v;
        parent[v] = first; // no ancestor was united, so every core here is still a root
      }
      rep[id] = first;
    }
    if (rep[id] >= 0 && left[id] >= 0) {
      if (coreCnt[left[id]] > 0) rep[left[id]] = rep[id];
      if (coreCnt[right[id]] > 0) rep[right[id]] = rep[id];
    }
  }
  /** Unites every core of node (it has some) with root ru, which stays the root. */
  const uniteNode = (node: number, ru: number): void => {
    const rn = rep[node];
    if (rn >= 0) {
      const r = findRoot(parent, rn);
      if (r !== ru) parent[r] = ru;
    } else {
      for (let v = start[node]; v < end[node]; v++) {
        if (isCore[v] === 0) continue;
        const rv = findRoot(parent, v);
        if (rv !== ru) parent[rv] = ru;
      }
    }
  };
  let leafRoot = -1;
  /** A node to leave out: no core, or every core already in the component of the whole current leaf. */
  const skipNode = (node: number): boolean => {
    if (coreCnt[node] === 0) return true;
    let rn = rep[node];
    const l = left[node];
    if (rn < 0 && l >= 0) {
      // Lazily learn that both children are single components and the same one.
      const r = right[node];
      const cl = coreCnt[l];
      const cr = coreCnt[r];
      if ((cl === 0 || rep[l] >= 0) && (cr === 0 || rep[r] >= 0)) {
        if (cl === 0 || cr === 0 || findRoot(parent, rep[l]) === findRoot(parent, rep[r])) {
          rn = cl === 0 ? rep[r] : rep[l];
          rep[node] = rn;
        }
      }
    }
    return leafRoot >= 0 && rn >= 0 && findRoot(parent, rn) === leafRoot;
  };
  const cand = new Int32Array(nNodes);
  let done = 0;
  for (let leaf = 0; leaf < nNodes; leaf++) {
    if (left[leaf] >= 0) continue;
    if (report !== undefined) report(1, done >>> 1);
    done += end[leaf] - start[leaf];
    if (coreCnt[leaf] === 0) continue;
    leafRoot = rep[leaf] >= 0 ? findRoot(parent, rep[leaf]) : -1;
    // Every core pair within eps is examined from its lower position: leaves before this one are done.
    const nc = candidates(t, leaf, rr, q, start[leaf], skipNode, stack, cand);
    let first = -1;
    for (let v = start[leaf]; v < end[leaf] && first < 0; v++) if (isCore[v] === 1) first = v;
    for (let c = 0; c < nc; c++) {
      if (cand[c] >= 0) continue;
      // Within eps of every point of the leaf: its cores and the leaf's are one component.
      const node = ~cand[c];
      uniteNode(leaf, findRoot(parent, first));
      uniteNode(node, findRoot(parent, first));
      rep[leaf] = first;
      rep[node] = first;
    }
    for (let p = start[leaf]; p < end[leaf]; p++) {
      if (isCore[p] === 0) continue;
      const off = p * d;
      const ru = findRoot(parent, p);
      for (let c = 0; c < nc; c++) {
        const node = cand[c];
        if (node < 0) continue;
        const rn = rep[node];
        if (rn >= 0 && findRoot(parent, rn) === ru) continue;
        if (bounds(x, x, off, lo, hi, node * d, d, q) > rr) continue;
        if (farBound <= rr) {
          uniteNode(node, ru);
          rep[node] = p;
          continue;
        }
        let all = true;
        for (let v = start[node]; v < end[node]; v++) {
          if (isCore[v] === 0) continue;
          const rv = findRoot(parent, v);
          if (rv === ru) continue;
          if (v > p && within(x, p, v, d, q, rr)) parent[rv] = ru;
          else all = false;
        }
        if (all) rep[node] = p;
      }
    }
  }

  // 3. Components numbered by their lowest core row; border rows take the smallest number among core neighbours.
  const pos = new Int32Array(n);
  for (let p = 0; p < n; p++) pos[index[p]] = p;
  const compId = new Int32Array(n).fill(-1);
  const cid = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const p = pos[i];
    core[i] = isCore[p];
    if (isCore[p] === 0) continue;
    const root = findRoot(parent, p);
    if (compId[root] < 0) compId[root] = k++;
    cid[p] = compId[root];
    labels[i] = cid[p];
  }
  const NONE = 0x7fffffff;
  const minCid = new Int32Array(nNodes);
  for (let id = nNodes - 1; id >= 0; id--) {
    const l = left[id];
    if (l >= 0) {
      const a = minCid[l];
      const b = minCid[right[id]];
      minCid[id] = a < b ? a : b;
      continue;
    }
    let m = NONE;
    for (let v = start[id]; v < end[id]; v++) if (isCore[v] === 1 && cid[v] < m) m = cid[v];
    minCid[id] = m;
  }
  for (let p = 0; p < n; p++) {
    if (report !== undefined && (p & 1023) === 0) report(1, (n + p) >>> 1);
    if (isCore[p] === 1) continue;
    let best = NONE;
    if (nbStart[p] >= 0) {
      for (let t = nbStart[p]; t < nbEnd[p]; t++) {
        const v = nb[t];
        if (isCore[v] === 1 && cid[v] < best) best = cid[v];
      }
      labels[index[p]] = best === NONE ? -1 : best;
      continue;
    }
    const off = p * d;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      if (minCid[node] >= best) continue;
      if (bounds(x, x, off, lo, hi, node * d, d, q) > rr) continue;
      if (farBound <= rr) {
        best = minCid[node];
        continue;
      }
      const l = left[node];
      if (l >= 0) {
        sp = pushChildren(stack, sp, l, right[node], p, end);
        continue;
      }
      for (let v = start[node]; v < end[node]; v++) {
        if (isCore[v] === 1 && cid[v] < best && within(x, p, v, d, q, rr)) best = cid[v];
      }
    }
    labels[index[p]] = best === NONE ? -1 : best;
  }
  report?.(1, n);
  return k;
}
