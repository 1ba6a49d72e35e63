/**
 * A k-d tree over weighted points with bounding boxes: built once (median splits of the widest side), then
 * queried by the nearest-neighbour searches (`query.ts`), the kernel density's error-bounded sums
 * (src/density/kdTree.ts) and mean shift's Euclidean radius queries.
 * @module
 */
/** A built k-d tree. Points are stored permuted (`x`, `w`) so that each node owns a contiguous range. */
export interface KdTree {
  /** n×d points in tree order. */
  x: Float64Array;
  /** Weights in tree order. */
  w: Float64Array;
  /** Original row index of each tree position. */
  index: Int32Array;
  n: number;
  d: number;
  nNodes: number;
  /** Node ranges [start, end) into the permuted points. */
  start: Int32Array;
  end: Int32Array;
  /** Children (−1 for a leaf). */
  left: Int32Array;
  right: Int32Array;
  /** Bounding boxes, nNodes×d each. */
  lo: Float64Array;
  hi: Float64Array;
  /** Σ of weights in each node. */
  weight: Float64Array;
}

/**
 * Builds a k-d tree: each node splits its widest bounding-box dimension at the median (quickselect), down to
 * leaves of at most `leafSize` points. x n×d (IN, copied), w n (IN, copied). O(n log n) time, O(n·d) memory.
 */
export function buildKdTree(x: Float64Array, w: Float64Array, n: number, d: number, leafSize = 40): KdTree {
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const maxNodes = 2 * Math.ceil(n / Math.max(1, Math.floor(leafSize / 2))) + 1;
  const start = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const left = new Int32Array(maxNodes).fill(-1);
  const right = new Int32Array(maxNodes).fill(-1);
  const lo = new Float64Array(maxNodes * d);
  const hi = new Float64Array(maxNodes * d);
  let nNodes = 0;
  const stack: number[] = [];
  const newNode = (s: number, e: number): number => {
    const id = nNodes++;
    start[id] = s;
    end[id] = e;
    for (let j = 0; j < d; j++) {
      let a = Number.POSITIVE_INFINITY;
      let b = Number.NEGATIVE_INFINITY;
      for (let t = s; t < e; t++) {
        const v = x[index[t] * d + j];
        if (v < a) a = v;
        if (v > b) b = v;
      }
      lo[id * d + j] = a;
      hi[id * d + j] = b;
    }
    return id;
  };
  stack.push(newNode(0, n));
  while (stack.length > 0) {
    const id = stack.pop() as number;
    const s = start[id];
    const e = end[id];
    if (e - s <= leafSize) continue;
    let dim = 0;
    let spread = -1;
    for (let j = 0; j < d; j++) {
      const sp = hi[id * d + j] - lo[id * d + j];
      if (sp > spread) {
        spread = sp;
        dim = j;
      }
    }
    if (spread <= 0) continue; // all points equal: keep as a leaf
    const mid = (s + e) >>> 1;
    selectNth(index, x, d, dim, s, e - 1, mid);
    left[id] = newNode(s, mid);
    right[id] = newNode(mid, e);
    stack.push(left[id], right[id]);
  }
  const xt = new Float64Array(n * d);
  const wt = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const o = index[t] * d;
    for (let j = 0; j < d; j++) xt[t * d + j] = x[o + j];
    wt[t] = w[index[t]];
  }
  const weight = new Float64Array(nNodes);
  for (let id = nNodes - 1; id >= 0; id--) {
    if (left[id] < 0) {
      let sw = 0;
      for (let t = start[id]; t < end[id]; t++) sw += wt[t];
      weight[id] = sw;
    } else weight[id] = weight[left[id]] + weight[right[id]];
  }
  return {
    x: xt,
    w: wt,
    index,
    n,
    d,
    nNodes,
    start: start.slice(0, nNodes),
    end: end.slice(0, nNodes),
    left: left.slice(0, nNodes),
    right: right.slice(0, nNodes),
    lo: lo.slice(0, nNodes * d),
    hi: hi.slice(0, nNodes * d),
    weight,
  };
}

/** Quickselect on index[a..b] by x[·, dim] so that position k holds the k-th smallest (Hoare partition). */
function selectNth(index: Int32Array, x: Float64Array, d: number, dim: number, a: number, b: number, k: number): void {
  while (b > a) {
    const pivot = x[index[(a + b) >>> 1] * d + dim];
    let i = a;
    let j = b;
    while (i <= j) {
      while (x[index[i] * d + dim] < pivot) i++;
      while (x[index[j] * d + dim] > pivot) j--;
      if (i <= j) {
        const t = index[i];
        index[i] = index[j];
        index[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) b = j;
    else if (k >= i) a = i;
    else return;
  }
}

/**
 * Indices (original row numbers) of the points within distance ≤ r of `center` (L2), in tree order.
 * center length d (IN). Used by mean shift's radius-neighbour queries. O(log n + k) typical.
 */
export function kdRadiusL2(t: KdTree, center: Float64Array, r: number, out: number[]): number[] {
  out.length = 0;
  const d = t.d;
  const r2 = r * r;
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    const o = node * d;
    let mn = 0;
    for (let j = 0; j < d; j++) {
      const v = center[j];
      const a = t.lo[o + j];
      const b = t.hi[o + j];
      const gap = v < a ? a - v : v > b ? v - b : 0;
      mn += gap * gap;
    }
    if (mn > r2) continue;
    if (t.left[node] >= 0) {
      stack.push(t.right[node], t.left[node]);
      continue;
    }
    for (let i = t.start[node]; i < t.end[node]; i++) {
      let sq = 0;
      for (let j = 0; j < d; j++) {
        const u = t.x[i * d + j] - center[j];
        sq += u * u;
      }
      if (sq <= r2) out.push(t.index[i]);
    }
  }
  return out;
}
