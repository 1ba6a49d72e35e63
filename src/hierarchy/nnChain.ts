/**
 * The nearest-neighbour-chain algorithm (Müllner 2011, NN-chain-linkage) for the reducible methods complete,
 * average, weighted and Ward, on a condensed matrix updated in place, and a matrix-free Ward variant on centroids.
 * @module
 * @internal
 */
import { condensedOffsets } from './pairwise.js';

/** Lance–Williams update codes understood by {@link nnChainCondensed}. */
export type NnChainMethod = 'complete' | 'average' | 'weighted' | 'ward';

const CODE: Record<NnChainMethod, number> = { complete: 0, average: 1, weighted: 2, ward: 3 };

/**
 * NN-chain over a condensed matrix, as `scipy.cluster.hierarchy` `nn_chain`: the chain starts at the lowest active
 * index, each step takes the nearest active neighbour (scan in increasing index, strict `<`, preferring the previous
 * chain element on ties), and a pair of reciprocal nearest neighbours x < y is merged into slot y. Active clusters
 * are kept in a linked list so inactive slots cost nothing.
 *
 * Updates, for every other active cluster i (sizes nₓ, n_y, nᵢ):
 *   complete d(i, x∪y) = max(d(i,x), d(i,y)); average (nₓ·d(i,x) + n_y·d(i,y)) / (nₓ + n_y);
 *   weighted ½(d(i,x) + d(i,y)); Ward (on SQUARED distances)
 *   ((nᵢ+nₓ)·d(i,x) + (nᵢ+n_y)·d(i,y) − nᵢ·d(x,y)) / (nᵢ + nₓ + n_y).
 *
 * D (n(n−1)/2) IN/OUT: destroyed. out ((n−1)·4) OUT: unsorted rows [x, y, height, size] with slot indices.
 * O(n²) time, O(n) extra memory.
 */
export function nnChainCondensed(D: Float64Array, n: number, method: NnChainMethod, out: Float64Array): void {
  const code = CODE[method];
  const off = condensedOffsets(n);
  const size = new Float64Array(n).fill(1);
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  let head = 0;
  const chain = new Int32Array(n);
  let len = 0;
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      chain[0] = head;
      len = 1;
    }
    let x = 0;
    let y = 0;
    let cur = 0;
    for (;;) {
      x = chain[len - 1];
      if (len > 1) {
        y = chain[len - 2];
        cur = x < y ? D[off[x] + y] : D[off[y] + x];
      } else {
        cur = Number.POSITIVE_INFINITY;
      }
      let i = head;
      for (; i < x; i = next[i]) {
        const v = D[off[i] + x];
        if (v < cur) {
          cur = v;
          y = i;
        }
      }
      const ox = off[x];
      for (i = next[x]; i < n; i = next[i]) {
        const v = D[ox + i];
        if (v < cur) {
          cur = v;
          y = i;
        }
      }
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
    const r = k * 4;
    out[r] = x;
    out[r + 1] = y;
    out[r + 2] = cur;
    out[r + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    // unlink x
    if (x === head) head = next[x];
    else next[prev[x]] = next[x];
    prev[next[x]] = prev[x];
    // Lance–Williams update of row/column y from x and y, for every active i ≠ y.
    const ox = off[x];
    const oy = off[y];
    for (let i = head; i < n; i = next[i]) {
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
      const a = D[ix];
      const b = D[iy];
      let v: number;
      switch (code) {
        case 0:
          v = a > b ? a : b;
          break;
        case 1:
          v = (nx * a + ny * b) / (nx + ny);
          break;
        case 2:
          v = 0.5 * (a + b);
          break;
        default: {
          const ni = size[i];
          v = ((ni + nx) * a + (ni + ny) * b - ni * cur) / (nx + ny + ni);
        }
      }
      D[iy] = v;
    }
  }
}

/**
 * {@link nnChainCondensed} on a full symmetric n×n matrix (row-major, D[i·n + j]): the same chain, merges and
 * updates, but every nearest-neighbour scan reads one contiguous row (the condensed layout reads half of each
 * scan down a column, one cache miss per value). Costs twice the memory; used when 8n² bytes fit the budget.
 * D (n², both triangles filled) IN/OUT: destroyed. out ((n−1)·4) OUT: unsorted rows [x, y, height, size].
 */
export function nnChainSquare(D: Float64Array, n: number, method: NnChainMethod, out: Float64Array): void {
  const code = CODE[method];
  const size = new Float64Array(n).fill(1);
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  let head = 0;
  const chain = new Int32Array(n);
  let len = 0;
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      chain[0] = head;
      len = 1;
    }
    let x = 0;
    let y = 0;
    let cur = 0;
    for (;;) {
      x = chain[len - 1];
      const ox = x * n;
      if (len > 1) {
        y = chain[len - 2];
        cur = D[ox + y];
      } else {
        cur = Number.POSITIVE_INFINITY;
      }
      for (let i = head; i < n; i = next[i]) {
        if (i === x) continue;
        const v = D[ox + i];
        if (v < cur) {
          cur = v;
          y = i;
        }
      }
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
    const r = k * 4;
    out[r] = x;
    out[r + 1] = y;
    out[r + 2] = cur;
    out[r + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    if (x === head) head = next[x];
    else next[prev[x]] = next[x];
    prev[next[x]] = prev[x];
    const ox = x * n;
    const oy = y * n;
    for (let i = head; i < n; i = next[i]) {
      if (i === y) continue;
      const a = D[ox + i];
      const b = D[oy + i];
      let v: number;
      switch (code) {
        case 0:
          v = a > b ? a : b;
          break;
        case 1:
          v = (nx * a + ny * b) / (nx + ny);
          break;
        case 2:
          v = 0.5 * (a + b);
          break;
        default: {
          const ni = size[i];
          v = ((ni + nx) * a + (ni + ny) * b - ni * cur) / (nx + ny + ni);
        }
      }
      D[oy + i] = v;
      D[i * n + y] = v;
    }
  }
}

/**
 * Matrix-free Ward by NN-chain on cluster centroids (O(n·d) memory), with the same chain rules as
 * {@link nnChainCondensed}. The squared Ward distance of clusters a, b is 2·nₐ·n_b/(nₐ+n_b)·‖cₐ − c_b‖², equal to
 * the Lance–Williams recursion started from squared Euclidean distances. x (n×d) IN (not modified).
 * out ((n−1)·4) OUT: unsorted rows [x, y, squared height, size]. O(n²·d) time.
 */
export function nnChainWardVector(x: Float64Array, n: number, d: number, out: Float64Array): void {
  const c = x.slice();
  const size = new Float64Array(n).fill(1);
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  let head = 0;
  const chain = new Int32Array(n);
  let len = 0;
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
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      chain[0] = head;
      len = 1;
    }
    let p = 0;
    let q = 0;
    let cur = 0;
    for (;;) {
      p = chain[len - 1];
      if (len > 1) {
        q = chain[len - 2];
        cur = p < q ? wardSq(p, q) : wardSq(q, p);
      } else {
        cur = Number.POSITIVE_INFINITY;
      }
      const op = p * d;
      const np = size[p];
      // Four candidates at a time (independent sums hide the add latency), compared in list order with strict <,
      // so the nearest neighbour and its tie-breaking are those of the one-at-a-time scan.
      let i = head;
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
      if (len > 1 && q === chain[len - 2]) break;
      chain[len++] = q;
    }
    len -= 2;
    if (p > q) {
      const t = p;
      p = q;
      q = t;
    }
    const np = size[p];
    const nq = size[q];
    const r = k * 4;
    out[r] = p;
    out[r + 1] = q;
    out[r + 2] = cur;
    out[r + 3] = np + nq;
    const op = p * d;
    const oq = q * d;
    const nm = np + nq;
    for (let j = 0; j < d; j++) c[oq + j] = (np * c[op + j] + nq * c[oq + j]) / nm;
    size[p] = 0;
    size[q] = np + nq;
    if (p === head) head = next[p];
    else next[prev[p]] = next[p];
    prev[next[p]] = prev[p];
  }
}
