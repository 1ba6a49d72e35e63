/** Helpers shared by the k-means family tests: fixture loading and label-permutation matching. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'kmeans_family');

export interface Fixture {
  generator: string;
  versions: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: fixture parameters differ per case
  params: Record<string, any>;
  input: { X: number[][] };
  // biome-ignore lint/suspicious/noExplicitAny: fixture expectations differ per case
  expected: Record<string, any>;
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture;
}

/** Asserts |a − b| ≤ atol + rtol·|b| elementwise. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = atol + rtol * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`element ${i}: ${actual[i]} vs ${expected[i]} (tol ${tol})`);
    }
  }
}

/**
 * The permutation p with p[ours] = theirs if `a` and `b` are the same partition (every label of `a` maps to one
 * label of `b` and back), else null.
 */
export function labelMapping(a: ArrayLike<number>, b: ArrayLike<number>): Map<number, number> | null {
  const fwd = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const f = fwd.get(a[i]);
    const g = back.get(b[i]);
    if (f === undefined && g === undefined) {
      fwd.set(a[i], b[i]);
      back.set(b[i], a[i]);
    } else if (f !== b[i] || g !== a[i]) {
      return null;
    }
  }
  return fwd;
}

export function median(v: number[]): number {
  const s = [...v].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const flat = (rows: number[][]): number[] => rows.flat();
