import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../fixtures/density/', import.meta.url));

/** A golden fixture written by scripts/fixtures/density.py. */
export interface Fixture<I = Record<string, unknown>, E = Record<string, unknown>> {
  generator: string;
  versions: Record<string, string>;
  params: Record<string, unknown>;
  input: I;
  expected: E;
}

/** Reads test/fixtures/density/<name>.json. */
export function loadFixture<I = Record<string, unknown>, E = Record<string, unknown>>(name: string): Fixture<I, E> {
  return JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as Fixture<I, E>;
}

/** Fixture log densities use null for −Infinity. */
export function fromNullable(v: readonly (number | null)[]): Float64Array {
  return Float64Array.from(v, (x) => (x === null ? Number.NEGATIVE_INFINITY : x));
}

/** Max relative difference of two log-density vectors; −Infinity must match exactly (else Infinity). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return Number.POSITIVE_INFINITY;
    m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  }
  return m;
}

/** Trapezoid rule over equally spaced samples. */
export function trapezoid(y: ArrayLike<number>, dx: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * (i === 0 || i === y.length - 1 ? 0.5 : 1);
  return s * dx;
}
