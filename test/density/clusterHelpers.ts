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
