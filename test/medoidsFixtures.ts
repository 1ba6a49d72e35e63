import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('./fixtures/medoids/', import.meta.url));

/** A golden fixture written by scripts/fixtures/medoids.R (through medoids.py). */
export interface Fixture<I = Record<string, unknown>, E = Record<string, unknown>> {
  generator: string;
  versions: Record<string, string>;
  params: Record<string, unknown>;
  input: I;
  expected: E;
}

/** Reads test/fixtures/medoids/<name>.json. */
export function loadFixture<I = Record<string, unknown>, E = Record<string, unknown>>(name: string): Fixture<I, E> {
  return JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as Fixture<I, E>;
}

/** Names (without .json) of the fixtures starting with `prefix`, sorted. */
export function fixtureNames(prefix: string): string[] {
  return readdirSync(DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** R writes 15 significant digits: the tolerance for floats read back from these fixtures. */
export const R_DIGITS_TOL = 1e-13;

/** Max relative difference, |a − b| / max(1, |b|). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number | null>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = b[i];
    if (e === null) {
      if (!Number.isNaN(a[i])) return Number.POSITIVE_INFINITY;
      continue;
    }
    m = Math.max(m, Math.abs(a[i] - e) / Math.max(1, Math.abs(e)));
  }
  return m;
}
