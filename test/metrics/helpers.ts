import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/metrics/${name}`, import.meta.url), 'utf8')) as T;
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** |a − e| ≤ atol + rtol·|e| for scalars or arrays. */
export function expectClose(actual: number | ArrayLike<number>, expected: number | ArrayLike<number>, tol: Tolerance) {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i] - e[i]);
    if (!(err <= tol.atol + tol.rtol * Math.abs(e[i]))) {
      expect.fail(`element ${i}: got ${a[i]}, expected ${e[i]} (|diff| ${err} > ${tol.atol} + ${tol.rtol}·|e|)`);
    }
  }
}
