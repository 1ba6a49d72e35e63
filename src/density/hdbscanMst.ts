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
  // binary heap of (weight, vertex, edge)
  const hw: number[] = [];
  const hv: number[] = [];
  const he: number[] = [];
  const less = (a: number, b: number) => hw[a] < hw[b] || (hw[a] === hw[b] && hv[a] < hv[b]);
  const swap = (a: number, b: number) => {
    [hw[a], hw[b]] = [hw[b], hw[a]];
    [hv[a], hv[b]] = [hv[b], hv[a]];
    [he[a], he[b]] = [he[b], he[a]];
  };
  const push = (w: number, v: number, e: number) => {
    hw.push(w);
    hv.push(v);
    he.push(e);
    let c = hw.length - 1;
    while (c > 0 && less(c, (c - 1) >> 1)) {
      swap(c, (c - 1) >> 1);
      c = (c - 1) >> 1;
    }
  };
  const pop = () => {
    const last = hw.length - 1;
    swap(0, last);
    const r = [hw.pop() as number, hv.pop() as number, he.pop() as number];
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= hw.length) break;
      const s = l + 1 < hw.length && less(l + 1, l) ? l + 1 : l;
      if (!less(s, c)) break;
      swap(s, c);
      c = s;
    }
    return r;
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
  while (hw.length > 0) {
    const [w, v, e] = pop();
    if (inTree[v]) continue;
    out[t * 3] = mst[e * 3] === v ? mst[e * 3 + 1] : mst[e * 3];
    out[t * 3 + 1] = v;
    out[t * 3 + 2] = w;
    t++;
    visit(v);
  }
}
