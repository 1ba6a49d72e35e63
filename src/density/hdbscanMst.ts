/**
 * Minimum spanning trees of the mutual-reachability graph, d_mreach(a, b) = max(core(a), core(b), d(a, b)/α):
 * Prim's algorithm over the implicit dense graph (O(n²) time, O(n) memory, any metric or a precomputed matrix)
 * and Borůvka's algorithm on the k-d tree (low dimensions).
 * @internal
 * @module
 */
import type { NeighborIndex } from './neighborhoods.js';

/**
 * Prim's MST over all pairs, distances computed on the fly. Starts at row 0; each step adds the outside row of
 * smallest mutual-reachability distance to the tree (lowest row on ties). core n (IN); out (n−1)×3 [from, to, w]
 * (OUT), in the order the edges were added.
 */
export function mstPrim(
  index: NeighborIndex,
  core: Float64Array,
  alpha: number,
  out: Float64Array,
  report?: (edges: number) => void,
): void {
  const n = index.n;
  const inTree = new Uint8Array(n);
  const minW = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n).fill(-1);
  let cur = 0;
  inTree[0] = 1;
  for (let t = 0; t < n - 1; t++) {
    if (report !== undefined && (t & 255) === 0) report(t);
    let best = -1;
    let bestW = Number.POSITIVE_INFINITY;
    const cc = core[cur];
    for (let j = 0; j < n; j++) {
      if (inTree[j] === 1) continue;
      let w = index.dist(cur, j);
      if (alpha !== 1) w /= alpha;
      if (cc > w) w = cc;
      if (core[j] > w) w = core[j];
      if (w < minW[j]) {
        minW[j] = w;
        from[j] = cur;
      }
      if (best < 0 || minW[j] < bestW) {
        bestW = minW[j];
        best = j;
      }
    }
    out[t * 3] = from[best];
    out[t * 3 + 1] = best;
    out[t * 3 + 2] = bestW;
    inTree[best] = 1;
    cur = best;
  }
}

/**
 * Re-orders the edges of a spanning tree as Prim's algorithm would add them when run on the tree itself from
 * row 0 (smallest weight first, lowest row on ties), so that equal-weight merges come out in a Prim-like order
 * whichever algorithm found the tree. mst (n−1)×3 (IN), out (n−1)×3 (OUT). O(n log n).
 */
export function primOrder(mst: Float64Array, n: number, out: Float64Array): void {
  const m = n - 1;
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    deg[mst[e * 3] + 1]++;
    deg[mst[e * 3 + 1] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const adj = new Int32Array(2 * m);
  const fill = deg.slice(0, n);
  for (let e = 0; e < m; e++) {
    adj[fill[mst[e * 3]]++] = e;
    adj[fill[mst[e * 3 + 1]]++] = e;
  }
  // binary heap of (weight, vertex, edge), at most one entry per edge end
  const hw = new Float64Array(2 * m + 1);
  const hv = new Int32Array(2 * m + 1);
  const he = new Int32Array(2 * m + 1);
  let size = 0;
  const less = (a: number, b: number) => hw[a] < hw[b] || (hw[a] === hw[b] && hv[a] < hv[b]);
  const swap = (a: number, b: number) => {
    const w = hw[a];
    hw[a] = hw[b];
    hw[b] = w;
    const v = hv[a];
    hv[a] = hv[b];
    hv[b] = v;
    const e = he[a];
    he[a] = he[b];
    he[b] = e;
  };
  const push = (w: number, v: number, e: number) => {
    hw[size] = w;
    hv[size] = v;
    he[size] = e;
    let c = size++;
    while (c > 0 && less(c, (c - 1) >> 1)) {
      swap(c, (c - 1) >> 1);
      c = (c - 1) >> 1;
    }
  };
  /** Removes the top; its entry is left at index `size`. */
  const pop = () => {
    size--;
    swap(0, size);
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= size) break;
      const s = l + 1 < size && less(l + 1, l) ? l + 1 : l;
      if (!less(s, c)) break;
      swap(s, c);
      c = s;
    }
  };
  const inTree = new Uint8Array(n);
  const visit = (v: number) => {
    inTree[v] = 1;
    for (let s = deg[v]; s < deg[v + 1]; s++) {
      const e = adj[s];
      const u = mst[e * 3] === v ? mst[e * 3 + 1] : mst[e * 3];
      if (inTree[u] === 0) push(mst[e * 3 + 2], u, e);
    }
  };
  visit(0);
  let t = 0;
  while (size > 0) {
    pop();
    const w = hw[size];
    const v = hv[size];
    const e = he[size];
    if (inTree[v]) continue;
    out[t * 3] = mst[e * 3] === v ? mst[e * 3 + 1] : mst[e * 3];
    out[t * 3 + 1] = v;
    out[t * 3 + 2] = w;
    t++;
    visit(v);
  }
}
