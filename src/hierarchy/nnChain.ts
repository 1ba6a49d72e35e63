/**
 * The nearest-neighbour-chain algorithm (Müllner 2011, NN-chain-linkage) for the reducible methods complete,
 * average, weighted and Ward, on a condensed matrix updated in place, and a matrix-free Ward variant on centroids.
 * @module
 * @internal
 */
import { ActiveList, type DistanceArray, type MergeReporter, scanRow, writeMerge } from './activeList.js';
import { condensedOffsets } from './pairwise.js';

/** Lance–Williams update codes understood by {@link nnChainCondensed}. */
export type NnChainMethod = 'complete' | 'average' | 'weighted' | 'ward';

const CODE: Record<NnChainMethod, number> = { complete: 0, average: 1, weighted: 2, ward: 3 };

/**
 * What the NN-chain driver needs from a distance space (a matrix layout, or cluster centres): the sizes, distances
 * between active clusters, the nearest-neighbour scan and the merge.
 */
export interface ChainSpace {
  /** Cluster sizes by slot (n, all 1 at the start); the driver updates them at each merge. */
  readonly size: Float64Array;
  /** d(x, y) of two active clusters, in either order (squared for Ward). */
  dist(x: number, y: number): number;
  /**
   * Scans the active clusters i ≠ x in increasing index order for d(x, i) < cur (strict, so the earlier wins a
   * tie): returns the smallest such distance and writes its i to `nearest[0]`, or returns `cur` and leaves
   * `nearest[0]` when none is closer.
   */
  nearest(x: number, cur: number, list: ActiveList, nearest: Int32Array): number;
  /** Merges x into y (x < y, sizes before the merge, d(x, y) = dxy); x is already unlinked and `size` updated. */
  merge(x: number, y: number, nx: number, ny: number, dxy: number, list: ActiveList): void;
}

/**
 * The NN-chain driver, as `scipy.cluster.hierarchy` `nn_chain`: the chain starts at the lowest active index, each
 * step takes the nearest active neighbour (scan in increasing index, strict `<`, preferring the previous chain
 * element on ties), and a pair of reciprocal nearest neighbours x < y is merged into slot y. Active clusters are
 * kept in a linked list so inactive slots cost nothing.
 * out ((n−1)·4) OUT: unsorted rows [x, y, height, size] with slot indices. O(n) extra memory besides the space.
 */
export function runNnChain(n: number, space: ChainSpace, out: Float64Array, onMerge?: MergeReporter): void {
  const { size } = space;
  const list = new ActiveList(n);
  const chain = new Int32Array(n);
  const arg = new Int32Array(1);
  let len = 0;
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      chain[0] = list.head;
      len = 1;
    }
    let x = 0;
    let y = 0;
    let cur = 0;
    for (;;) {
      x = chain[len - 1];
      if (len > 1) {
        y = chain[len - 2];
        cur = space.dist(x, y);
      } else {
        cur = Number.POSITIVE_INFINITY;
      }
      arg[0] = y;
      cur = space.nearest(x, cur, list, arg);
      y = arg[0];
      if (len > 1 && y === chain[len - 2]) break;
      chain[len++] = y;
    }
    len -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x];
    const ny = size[y];
    writeMerge(out, k, x, y, cur, nx + ny);
    size[x] = 0;
    size[y] = nx + ny;
    list.remove(x);
    space.merge(x, y, nx, ny, cur, list);
    onMerge?.(k + 1);
  }
}

/**
 * The starting cluster sizes: 1 per observation, or its weight (weighted linkage: a point of weight w counts as w
 * coincident points in every size-weighted update). weights n (IN, copied) or null.
 */
export function initialSizes(n: number, weights: Float64Array | null): Float64Array {
  return weights === null ? new Float64Array(n).fill(1) : weights.slice();
}

/**
 * The factor 2·wᵢ·wⱼ/(wᵢ + wⱼ) that turns ‖xᵢ − xⱼ‖² into the squared Ward distance of two weighted points (1 for
 * unit weights), the start of the Lance–Williams recursion for weighted Ward.
 */
function wardFactor(w: Float64Array, i: number, j: number): number {
  return (2 * w[i] * w[j]) / (w[i] + w[j]);
}

/**
 * The Lance–Williams update d(i, x∪y) from a = d(i,x), b = d(i,y), the sizes nₓ, n_y, nᵢ and d(x,y):
 *   complete max(a, b); average (nₓ·a + n_y·b) / (nₓ + n_y); weighted ½(a + b);
 *   Ward (on SQUARED distances) ((nᵢ+nₓ)·a + (nᵢ+n_y)·b − nᵢ·d(x,y)) / (nᵢ + nₓ + n_y).
 */
function lanceWilliams(code: number, a: number, b: number, nx: number, ny: number, ni: number, dxy: number): number {
  switch (code) {
    case 0:
      return a > b ? a : b;
    case 1:
      return (nx * a + ny * b) / (nx + ny);
    case 2:
      return 0.5 * (a + b);
    default:
      return ((ni + nx) * a + (ni + ny) * b - ni * dxy) / (nx + ny + ni);
  }
}

/**
 * NN-chain ({@link runNnChain}) over a condensed matrix updated in place by {@link lanceWilliams}, for every
 * other active cluster i.
 * D (n(n−1)/2) IN/OUT: destroyed. out ((n−1)·4) OUT: unsorted rows [x, y, height, size] with slot indices.
 * weights (n, IN) or null: the starting sizes ({@link initialSizes}); for Ward the squared distances are first
 * scaled by 2·wᵢ·wⱼ/(wᵢ + wⱼ), the squared Ward distance of two weighted points. O(n²) time, O(n) extra memory.
 */
export function nnChainCondensed(
  D: DistanceArray,
  n: number,
  method: NnChainMethod,
  out: Float64Array,
  weights: Float64Array | null = null,
  onMerge?: MergeReporter,
): void {
  const code = CODE[method];
  const off = condensedOffsets(n);
  const size = initialSizes(n, weights);
  if (weights !== null && code === 3) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) D[off[i] + j] *= wardFactor(weights, i, j);
  }
  const space: ChainSpace = {
    size,
    dist: (x, y) => (x < y ? D[off[x] + y] : D[off[y] + x]),
    nearest(x, cur, list, nearest) {
      const next = list.next;
      let y = nearest[0];
      // Column x above the diagonal, then row x.
      for (let i = list.head; i < x; i = next[i]) {
        const v = D[off[i] + x];
        if (v < cur) {
          cur = v;
          y = i;
        }
      }
      nearest[0] = y;
      return scanRow(D, off[x], next[x], -1, n, next, cur, nearest);
    },
    merge(x, y, nx, ny, dxy, list) {
      // Row/column y from x and y, for every active i ≠ y.
      const next = list.next;
      const ox = off[x];
      const oy = off[y];
      for (let i = list.head; i < n; i = next[i]) {
        if (i === y) continue;
        let ix: number;
        let iy: number;
        if (i < x) {
          ix = off[i] + x;
          iy = off[i] + y;
        } else if (i < y) {
          ix = ox + i;
          iy = off[i] + y;
        } else {
          ix = ox + i;
          iy = oy + i;
        }
        D[iy] = lanceWilliams(code, D[ix], D[iy], nx, ny, size[i], dxy);
      }
    },
  };
  runNnChain(n, space, out, onMerge);
}

/**
 * {@link nnChainCondensed} on a full symmetric n×n matrix (row-major, D[i·n + j]): the same chain, merges and
 * updates, but every nearest-neighbour scan reads one contiguous row (the condensed layout reads half of each
 * scan down a column, one cache miss per value). Costs twice the memory; used when 8n² bytes fit the budget.
 * D (n², both triangles filled) IN/OUT: destroyed. out ((n−1)·4) OUT: unsorted rows [x, y, height, size].
 */
export function nnChainSquare(
  D: Float64Array,
  n: number,
  method: NnChainMethod,
  out: Float64Array,
  weights: Float64Array | null = null,
  onMerge?: MergeReporter,
): void {
  const code = CODE[method];
  const size = initialSizes(n, weights);
  if (weights !== null && code === 3) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) D[i * n + j] *= wardFactor(weights, i, j);
  }
  const space: ChainSpace = {
    size,
    dist: (x, y) => D[x * n + y],
    nearest: (x, cur, list, nearest) => scanRow(D, x * n, list.head, x, n, list.next, cur, nearest),
    merge(x, y, nx, ny, dxy, list) {
      const next = list.next;
      const ox = x * n;
      const oy = y * n;
      for (let i = list.head; i < n; i = next[i]) {
        if (i === y) continue;
        const v = lanceWilliams(code, D[ox + i], D[oy + i], nx, ny, size[i], dxy);
        D[oy + i] = v;
        D[i * n + y] = v;
      }
    },
  };
  runNnChain(n, space, out, onMerge);
}

/**
 * Matrix-free Ward by NN-chain ({@link runNnChain}) on cluster centroids (O(n·d) memory). The squared Ward
 * distance of clusters a, b is 2·nₐ·n_b/(nₐ+n_b)·‖cₐ − c_b‖², equal to the Lance–Williams recursion started from
 * squared Euclidean distances. x (n×d) IN (not modified).
 * out ((n−1)·4) OUT: unsorted rows [x, y, squared height, size]. O(n²·d) time.
 */
export function nnChainWardVector(
  x: Float64Array,
  n: number,
  d: number,
  out: Float64Array,
  weights: Float64Array | null = null,
  onMerge?: MergeReporter,
): void {
  const c = x.slice();
  const size = initialSizes(n, weights);
  const wardSq = (a: number, b: number): number => {
    const oa = a * d;
    const ob = b * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = c[oa + j] - c[ob + j];
      s += t * t;
    }
    const na = size[a];
    const nb = size[b];
    return ((2 * na * nb) / (na + nb)) * s;
  };
  const space: ChainSpace = {
    size,
    dist: (p, q) => (p < q ? wardSq(p, q) : wardSq(q, p)),
    nearest(p, cur, list, nearest) {
      const next = list.next;
      let q = nearest[0];
      const op = p * d;
      const np = size[p];
      // Four candidates at a time (independent sums hide the add latency), compared in list order with strict <,
      // so the nearest neighbour and its tie-breaking are those of the one-at-a-time scan.
      let i = list.head;
      for (;;) {
        if (i === p) i = next[i];
        if (i >= n) break;
        let i1 = next[i];
        if (i1 === p) i1 = next[i1];
        let i2 = i1 < n ? next[i1] : n;
        if (i2 === p) i2 = next[i2];
        let i3 = i2 < n ? next[i2] : n;
        if (i3 === p) i3 = next[i3];
        if (i3 >= n) break;
        const o0 = i * d;
        const o1 = i1 * d;
        const o2 = i2 * d;
        const o3 = i3 * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let j = 0; j < d; j++) {
          const a = c[op + j];
          const t0 = a - c[o0 + j];
          const t1 = a - c[o1 + j];
          const t2 = a - c[o2 + j];
          const t3 = a - c[o3 + j];
          s0 += t0 * t0;
          s1 += t1 * t1;
          s2 += t2 * t2;
          s3 += t3 * t3;
        }
        let ni = size[i];
        let v = ((2 * np * ni) / (np + ni)) * s0;
        if (v < cur) {
          cur = v;
          q = i;
        }
        ni = size[i1];
        v = ((2 * np * ni) / (np + ni)) * s1;
        if (v < cur) {
          cur = v;
          q = i1;
        }
        ni = size[i2];
        v = ((2 * np * ni) / (np + ni)) * s2;
        if (v < cur) {
          cur = v;
          q = i2;
        }
        ni = size[i3];
        v = ((2 * np * ni) / (np + ni)) * s3;
        if (v < cur) {
          cur = v;
          q = i3;
        }
        i = next[i3];
      }
      for (; i < n; i = next[i]) {
        if (i === p) continue;
        const oi = i * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = c[op + j] - c[oi + j];
          s += t * t;
        }
        const ni = size[i];
        const v = ((2 * np * ni) / (np + ni)) * s;
        if (v < cur) {
          cur = v;
          q = i;
        }
      }
      nearest[0] = q;
      return cur;
    },
    merge(p, q, np, nq) {
      const op = p * d;
      const oq = q * d;
      const nm = np + nq;
      for (let j = 0; j < d; j++) c[oq + j] = (np * c[op + j] + nq * c[oq + j]) / nm;
    },
  };
  runNnChain(n, space, out, onMerge);
}
