import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../fixtures/cluster_density/', import.meta.url));

/** A golden fixture written by scripts/fixtures/cluster_density.py. */
export interface ClusterFixture<E = Record<string, unknown>> {
  name: string;
  generator: string;
  params: Record<string, unknown>;
  input: { X: number[][]; sampleWeight?: number[] };
  expected: E;
}

/** Every fixture whose file name starts with `prefix`. */
export function loadFixtures<E>(prefix: string): ClusterFixture<E>[] {
  return readdirSync(DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.slice(0, -5),
      ...(JSON.parse(readFileSync(DIR + f, 'utf8')) as Omit<ClusterFixture<E>, 'name'>),
    }));
}

/** Fixture floats use null for ±Infinity (here always +Infinity). */
export function fromNullable(v: readonly (number | null)[]): Float64Array {
  return Float64Array.from(v, (x) => (x === null ? Number.POSITIVE_INFINITY : x));
}

/**
 * A bijection from `a`'s labels to `b`'s that maps every position's label onto the other's; −1 (noise) must map
 * onto −1. Returns null if no such bijection exists (the partitions differ).
 */
export function sameUpToPermutation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  skip?: (i: number) => boolean,
): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if (skip?.(i)) continue;
    const x = a[i];
    const y = b[i];
    if ((x === -1) !== (y === -1)) return false;
    if (ab.has(x) && ab.get(x) !== y) return false;
    if (ba.has(y) && ba.get(y) !== x) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}

/** The label map from `ours` onto `theirs` built on the positions where both are set. */
export function labelMap(ours: ArrayLike<number>, theirs: ArrayLike<number>): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < ours.length; i++) if (ours[i] >= 0) m.set(ours[i], theirs[i]);
  return m;
}

/** Minkowski distance between rows a and b of x (n×d flat) with exponent q (∞: chebyshev), written out plainly. */
export function minkowski(x: Float64Array, a: number, b: number, d: number, q: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const g = Math.abs(x[a * d + j] - x[b * d + j]);
    if (q === Number.POSITIVE_INFINITY) s = Math.max(s, g);
    else s += g ** q;
  }
  return q === Number.POSITIVE_INFINITY ? s : s ** (1 / q);
}

/**
 * Total weight of an O(n²) brute-force Prim MST over the explicit mutual-reachability graph
 * max(core a, core b, d(a, b)/α) of x (n×d flat), d the Minkowski distance with exponent q.
 */
export function bruteMstWeight(
  x: Float64Array,
  n: number,
  d: number,
  q: number,
  core: Float64Array,
  alpha = 1,
): number {
  const inTree = new Uint8Array(n);
  const key = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  key[0] = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    let u = -1;
    for (let j = 0; j < n; j++) if (!inTree[j] && (u < 0 || key[j] < key[u])) u = j;
    inTree[u] = 1;
    total += key[u];
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      key[j] = Math.min(key[j], Math.max(minkowski(x, u, j, d, q) / alpha, core[u], core[j]));
    }
  }
  return total;
}

/** The partition (root per point) after merging every linkage step of height ≤ h, as a canonical label list. */
export function partitionAt(z: Float64Array, n: number, h: number): number[] {
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a];
    return a;
  };
  for (let t = 0; t < n - 1 && z[t * 4 + 2] <= h; t++) {
    parent[find(z[t * 4])] = n + t;
    parent[find(z[t * 4 + 1])] = n + t;
  }
  const canon = new Map<number, number>();
  return Array.from({ length: n }, (_, i) => {
    const r = find(i);
    if (!canon.has(r)) canon.set(r, canon.size);
    return canon.get(r) as number;
  });
}
