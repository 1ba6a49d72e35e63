/**
 * Müllner's generic clustering algorithm (2011, Generic-linkage) with a priority queue of nearest-neighbour
 * candidates, for the non-reducible methods centroid and median — on a condensed matrix, or matrix-free on
 * cluster centres. A port of the scheme SciPy's `fast_linkage` and fastcluster use, heap included.
 * @module
 * @internal
 */
import { ActiveList, type MergeReporter, scanRow, writeMerge } from './activeList.js';
import { initialSizes } from './nnChain.js';
import { condensedOffsets } from './pairwise.js';

/**
 * Binary min-heap over the keys 0..m−1 with changeable values: `values`, `keyAt` (heap position → key) and
 * `posOf` (key → heap position). Sift rules as SciPy's `Heap` (strict comparisons; right child only when strictly
 * smaller), so equal values leave the heap in the same order.
 */
class KeyHeap {
  readonly values: Float64Array;
  readonly keyAt: Int32Array;
  readonly posOf: Int32Array;
  size: number;
  constructor(init: Float64Array) {
    const m = init.length;
    this.size = m;
    this.values = init.slice();
    this.keyAt = new Int32Array(m);
    this.posOf = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      this.keyAt[i] = i;
      this.posOf[i] = i;
    }
    for (let i = (m >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
  minKey(): number {
    return this.keyAt[0];
  }
  minValue(): number {
    return this.values[0];
  }
  removeMin(): void {
    this.swap(0, this.size - 1);
    this.size--;
    this.siftDown(0);
  }
  change(key: number, value: number): void {
    const i = this.posOf[key];
    const old = this.values[i];
    this.values[i] = value;
    if (value < old) this.siftUp(i);
    else this.siftDown(i);
  }
  private siftUp(i: number): void {
    let p = (i - 1) >> 1;
    while (i > 0 && this.values[p] > this.values[i]) {
      this.swap(i, p);
      i = p;
      p = (i - 1) >> 1;
    }
  }
  private siftDown(i: number): void {
    let c = 2 * i + 1;
    while (c < this.size) {
      if (c + 1 < this.size && this.values[c + 1] < this.values[c]) c++;
      if (this.values[i] > this.values[c]) {
        this.swap(i, c);
        i = c;
        c = 2 * i + 1;
      } else break;
    }
  }
  private swap(i: number, j: number): void {
    const v = this.values[i];
    this.values[i] = this.values[j];
    this.values[j] = v;
    const ki = this.keyAt[i];
    const kj = this.keyAt[j];
    this.keyAt[i] = kj;
    this.keyAt[j] = ki;
    this.posOf[ki] = j;
    this.posOf[kj] = i;
  }
}

/** Methods of the generic algorithm. Both act on SQUARED Euclidean distances. */
export type GenericMethod = 'centroid' | 'median';

/**
 * The distance access the generic driver needs. Active clusters form a linked list in increasing index order
 * (`next[i]`, n ends it), so loops skip merged-away slots.
 */
export interface GenericSpace {
  /** d(a, b) for a < b. */
  dist(a: number, b: number): number;
  /**
   * d(x, i) — the same value as dist — for the active i from `start` (active, or ≥ to) while i < to, i ≠ x, at
   * index i of `out` or of an array of the space's own (n long, valid until the next call): returns that array.
   */
  fill(x: number, start: number, to: number, next: Int32Array, out: Float64Array): Float64Array;
  /**
   * The nearest active cluster to x among the higher indices (strict <: lowest index on ties): returns the
   * distance (Infinity if none) and writes the index to `nearestIndex[0]` (−1 if none).
   */
  nearest(x: number, next: Int32Array, nearestIndex: Int32Array): number;
  /** Merges cluster a into b (a < b, sizes before the merge) given d(a, b); a is already unlinked from the list. */
  merge(
    a: number,
    b: number,
    na: number,
    nb: number,
    dab: number,
    head: number,
    next: Int32Array,
    size: Float64Array,
  ): void;
}

/**
 * The generic algorithm's driver (heap of nearest-neighbour candidates, Müllner's Generic-linkage) over a distance
 * space. out ((n−1)·4) OUT: rows [idA, idB, height, size] in merge order (size: the summed starting sizes).
 * weights (n, IN) or null: the starting sizes (1 each without weights). @internal
 */
export function runGeneric(
  n: number,
  space: GenericSpace,
  out: Float64Array,
  weights: Float64Array | null = null,
  onMerge?: MergeReporter,
): void {
  const size = initialSizes(n, weights);
  const clusterId = new Int32Array(n);
  for (let i = 0; i < n; i++) clusterId[i] = i;
  const list = new ActiveList(n);
  const next = list.next;
  const neighbor = new Int32Array(n - 1);
  const minDist = new Float64Array(n - 1);
  let found = -1;
  const buf = new Float64Array(n);
  const arg = new Int32Array(1);
  // nearest active neighbour of x among the higher indices (x active); strict <, lowest index on ties
  const findMin = (x: number): number => {
    const v = space.nearest(x, next, arg);
    found = arg[0];
    return v;
  };
  for (let x = 0; x < n - 1; x++) {
    minDist[x] = findMin(x);
    neighbor[x] = found;
  }
  const heap = new KeyHeap(minDist);
  for (let k = 0; k < n - 1; k++) {
    let x = 0;
    let y = 0;
    let dist = 0;
    for (let i = 0; i < n - k; i++) {
      x = heap.minKey();
      dist = heap.minValue();
      y = neighbor[x];
      if (dist === space.dist(x, y)) break;
      dist = findMin(x);
      y = found;
      neighbor[x] = y;
      minDist[x] = dist;
      heap.change(x, dist);
    }
    heap.removeMin();
    let idx = clusterId[x];
    let idy = clusterId[y];
    const nx = size[x];
    const ny = size[y];
    if (idx > idy) {
      const t = idx;
      idx = idy;
      idy = t;
    }
    writeMerge(out, k, idx, idy, dist, nx + ny);
    onMerge?.(k + 1);
    size[x] = 0;
    size[y] = nx + ny;
    clusterId[y] = n + k;
    list.remove(x);
    const head = list.head;
    space.merge(x, y, nx, ny, dist, head, next, size);
    const dy = space.fill(y, head, y, next, buf);
    // One walk of the list below y: candidates that pointed at x now point at y, then y's new distances.
    for (let z = head; z < y; z = next[z]) {
      if (z < x && neighbor[z] === x) neighbor[z] = y;
      const v = dy[z];
      if (v < minDist[z]) {
        neighbor[z] = y;
        minDist[z] = v;
        heap.change(z, v);
      }
    }
    if (y < n - 1) {
      const v = findMin(y);
      if (found !== -1) {
        neighbor[y] = found;
        minDist[y] = v;
        heap.change(y, v);
      }
    }
  }
}

/**
 * Generic algorithm over a condensed matrix of SQUARED distances, as SciPy's `fast_linkage`. Lance–Williams:
 *   centroid d(i, x∪y) = (nₓ·d(i,x) + n_y·d(i,y))/(nₓ+n_y) − nₓ·n_y·d(x,y)/(nₓ+n_y)²;
 *   median   d(i, x∪y) = ½d(i,x) + ½d(i,y) − ¼d(x,y).
 * D (n(n−1)/2) IN/OUT: destroyed. out ((n−1)·4) OUT: rows [idA, idB, squared height, size] in merge order with
 * final cluster ids (not sorted: heights may decrease). O(n²) typical, O(n³) worst-case time.
 */
export function genericCondensed(
  D: Float64Array,
  n: number,
  method: GenericMethod,
  out: Float64Array,
  weights: Float64Array | null = null,
  onMerge?: MergeReporter,
): void {
  const off = condensedOffsets(n);
  const median = method === 'median';
  runGeneric(
    n,
    {
      dist: (a, b) => D[off[a] + b],
      nearest(x, next, arg) {
        arg[0] = -1;
        return scanRow(D, off[x], next[x], -1, n, next, Number.POSITIVE_INFINITY, arg);
      },
      fill(x, start, to, next, out) {
        const ox = off[x];
        for (let i = start; i < to; i = next[i]) {
          if (i === x) continue;
          out[i] = i < x ? D[off[i] + x] : D[ox + i];
        }
        return out;
      },
      merge(x, y, nx, ny, dxy, head, next) {
        const s = nx + ny;
        for (let z = head; z < n; z = next[z]) {
          if (z === y) continue;
          const zx = z < x ? off[z] + x : off[x] + z;
          const zy = z < y ? off[z] + y : off[y] + z;
          const a = D[zx];
          const b = D[zy];
          D[zy] = median ? 0.5 * (a + b) - 0.25 * dxy : (nx * a + ny * b) / s - (nx * ny * dxy) / (s * s);
        }
      },
    },
    out,
    weights,
    onMerge,
  );
}

/**
 * {@link genericCondensed} on a full symmetric n×n matrix (row-major, D[i·n + j]), for contiguous reads.
 * D (n², both triangles filled) IN/OUT: destroyed. out as {@link genericCondensed}.
 */
export function genericSquare(
  D: Float64Array,
  n: number,
  method: GenericMethod,
  out: Float64Array,
  weights: Float64Array | null = null,
  onMerge?: MergeReporter,
): void {
  const median = method === 'median';
  runGeneric(
    n,
    {
      dist: (a, b) => D[a * n + b],
      nearest(x, next, arg) {
        arg[0] = -1;
        return scanRow(D, x * n, next[x], -1, n, next, Number.POSITIVE_INFINITY, arg);
      },
      fill(x, start, to, next, out) {
        const ox = x * n;
        for (let i = start; i < to; i = next[i]) out[i] = D[ox + i];
        return out;
      },
      merge(x, y, nx, ny, dxy, head, next) {
        const s = nx + ny;
        const ox = x * n;
        const oy = y * n;
        for (let z = head; z < n; z = next[z]) {
          if (z === y) continue;
          const a = D[ox + z];
          const b = D[oy + z];
          const v = median ? 0.5 * (a + b) - 0.25 * dxy : (nx * a + ny * b) / s - (nx * ny * dxy) / (s * s);
          D[oy + z] = v;
          D[z * n + y] = v;
        }
      },
    },
    out,
    weights,
    onMerge,
  );
}

/**
 * Matrix-free generic algorithm on cluster centres: centroid uses the size-weighted mean and
 * d² = ‖cₐ − c_b‖², median the midpoint (cₐ + c_b)/2 and the same d². x (n×d) IN (not modified).
 * out ((n−1)·4) OUT as {@link genericCondensed}. O(n·d) memory.
 */
export function genericVector(
  x: Float64Array,
  n: number,
  d: number,
  method: GenericMethod,
  out: Float64Array,
  weights: Float64Array | null = null,
  onMerge?: MergeReporter,
): void {
  const c = x.slice();
  const median = method === 'median';
  const scratch = new Float64Array(n);
  runGeneric(
    n,
    {
      nearest(p, next, arg) {
        this.fill(p, next[p], n, next, scratch);
        let cur = Number.POSITIVE_INFINITY;
        let best = -1;
        for (let i = next[p]; i < n; i = next[i]) {
          const v = scratch[i];
          if (v < cur) {
            cur = v;
            best = i;
          }
        }
        arg[0] = best;
        return cur;
      },
      dist(a, b) {
        const oa = a * d;
        const ob = b * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = c[oa + j] - c[ob + j];
          s += t * t;
        }
        return s;
      },
      fill(x, start, to, next, out) {
        // Four centres at a time (independent sums); each sum is taken in column order, as dist computes it
        // ((a − b)² = (b − a)² exactly, so the argument order does not matter).
        const ox = x * d;
        let i = start;
        for (;;) {
          if (i === x) i = next[i];
          if (i >= to) break;
          let i1 = next[i];
          if (i1 === x) i1 = next[i1];
          let i2 = i1 < to ? next[i1] : to;
          if (i2 === x) i2 = next[i2];
          let i3 = i2 < to ? next[i2] : to;
          if (i3 === x) i3 = next[i3];
          if (i3 >= to) break;
          const o0 = i * d;
          const o1 = i1 * d;
          const o2 = i2 * d;
          const o3 = i3 * d;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let j = 0; j < d; j++) {
            const a = c[ox + j];
            const t0 = a - c[o0 + j];
            const t1 = a - c[o1 + j];
            const t2 = a - c[o2 + j];
            const t3 = a - c[o3 + j];
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
          }
          out[i] = s0;
          out[i1] = s1;
          out[i2] = s2;
          out[i3] = s3;
          i = next[i3];
        }
        for (; i < to; i = next[i]) {
          if (i === x) continue;
          const oi = i * d;
          let s = 0;
          for (let j = 0; j < d; j++) {
            const t = c[ox + j] - c[oi + j];
            s += t * t;
          }
          out[i] = s;
        }
        return out;
      },
      merge(a, b, na, nb) {
        const oa = a * d;
        const ob = b * d;
        const s = na + nb;
        for (let j = 0; j < d; j++) {
          c[ob + j] = median ? 0.5 * (c[oa + j] + c[ob + j]) : (na * c[oa + j] + nb * c[ob + j]) / s;
        }
      },
    },
    out,
    weights,
    onMerge,
  );
}
