/**
 * Bookkeeping the linkage algorithms share: the doubly linked list of active slots and the merge rows they write.
 * @module
 * @internal
 */

/**
 * The active slots 0..n−1 as a doubly linked list in increasing order, so loops skip merged-away slots:
 * `next[i]` (n ends the list), `prev[i]` (−1 before the head), `head` the lowest active slot.
 */
export class ActiveList {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  head = 0;
  constructor(n: number) {
    this.next = new Int32Array(n + 1);
    this.prev = new Int32Array(n + 1);
    for (let i = 0; i <= n; i++) {
      this.next[i] = i + 1;
      this.prev[i] = i - 1;
    }
  }
  /** Unlinks slot x (active). O(1). */
  remove(x: number): void {
    const { next, prev } = this;
    if (x === this.head) this.head = next[x];
    else next[prev[x]] = next[x];
    prev[next[x]] = prev[x];
  }
}

/**
 * A working distance matrix: float64, or float32 storage (linkage's `precision: 'f32'`), whose values are read as
 * doubles and whose updates are computed in double and rounded once when stored.
 */
export type DistanceArray = Float64Array | Float32Array;

/** Called with the merges done (k + 1 after merge k) by the linkage drivers, for progress. */
export type MergeReporter = (merges: number) => void;

/** Writes row k of a merge list: out[4k..4k+3] = [a, b, height, size]. out ((n−1)·4) OUT. */
export function writeMerge(out: Float64Array, k: number, a: number, b: number, height: number, size: number): void {
  const r = k * 4;
  out[r] = a;
  out[r + 1] = b;
  out[r + 2] = height;
  out[r + 3] = size;
}

/**
 * The nearest active slot in one matrix row: scans i = from, next[i], … < n (skipping `skip`) for D[o + i] < cur
 * (strict, so the earlier i wins a tie). Returns the smallest such value and writes its i to `nearest[0]`, or
 * returns `cur` and leaves `nearest[0]` when none is smaller. D IN; O(active slots).
 */
export function scanRow(
  D: DistanceArray,
  o: number,
  from: number,
  skip: number,
  n: number,
  next: Int32Array,
  cur: number,
  nearest: Int32Array,
): number {
  let y = nearest[0];
  for (let i = from; i < n; i = next[i]) {
    if (i === skip) continue;
    const v = D[o + i];
    if (v < cur) {
      cur = v;
      y = i;
    }
  }
  nearest[0] = y;
  return cur;
}
