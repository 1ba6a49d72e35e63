/**
 * Generators and outcome checks of the estimator fuzz suite (test/fuzz/estimators.test.ts): extreme numeric
 * matrices (magnitudes 1e±300, duplicate rows, constant columns, n < k; never NaN) and the rule every fit obeys —
 * finite numbers out, or a typed clusterkit error.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { ClusterkitError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';

/** Cases per target: `FUZZ_RUNS` when set (e.g. `FUZZ_RUNS=20000` for a long run), else `fallback`. */
export function fuzzRuns(fallback: number): number {
  const env = process.env.FUZZ_RUNS;
  return env === undefined || env === '' ? fallback : Number(env);
}

/** Longest a single fit may take before the case counts as a hang (generous: the machine may be loaded). */
export const CASE_LIMIT_MS = 20_000;

/** One coordinate: ordinary, tiny, huge (up to ±1e300), exactly zero or ±max double. */
const coordinate = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 1.7976931348623157e308) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -300, max: 300 }))
      .map(([m, e]) => m * 10 ** e),
  },
);

/** An extreme matrix: n in [1, 12] rows, d in [1, 3] columns, with some rows duplicated and columns constant. */
export const extremeMatrix: fc.Arbitrary<Matrix> = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 3 }),
    scale: fc.constantFrom(1, 1, 1e-300, 1e150, 1e300),
    dupEvery: fc.integer({ min: 0, max: 4 }),
    constCol: fc.integer({ min: -1, max: 2 }),
    cells: fc.array(coordinate, { minLength: 36, maxLength: 36 }),
  })
  .map(({ n, d, scale, dupEvery, constCol, cells }) => {
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = cells[(i * d + j) % cells.length] * scale;
        data[i * d + j] = Number.isFinite(v) ? v : Math.sign(v) * 1.7976931348623157e308;
      }
      // every dupEvery-th row repeats the one before it
      if (dupEvery > 0 && i > 0 && i % dupEvery === 0) data.copyWithin(i * d, (i - 1) * d, i * d);
    }
    if (constCol >= 0 && constCol < d) for (let i = 0; i < n; i++) data[i * d + constCol] = cells[0] * scale;
    return { rows: n, cols: d, data };
  });

/** Numbers a fit produced, by name, to be checked: floats must be finite, labels integers. */
export interface Outcome {
  floats?: Record<string, ArrayLike<number> | number>;
  labels?: Record<string, ArrayLike<number>>;
}

/**
 * Runs one target on one matrix: it returns an outcome whose numbers are all finite (labels integers), or throws a
 * {@link ClusterkitError} with a message; any other exception, a non-finite number or a fit slower than
 * {@link CASE_LIMIT_MS} fails the case.
 */
export function checkOutcome(name: string, X: Matrix, target: (X: Matrix) => Outcome): void {
  const t0 = performance.now();
  let out: Outcome | undefined;
  try {
    out = target(X);
  } catch (e) {
    if (!(e instanceof ClusterkitError)) {
      throw new Error(`${name}: untyped ${(e as Error)?.name}: ${(e as Error)?.message} on ${describeMatrix(X)}`);
    }
    expect(e.message.length).toBeGreaterThan(10);
  }
  const ms = performance.now() - t0;
  if (ms > CASE_LIMIT_MS) throw new Error(`${name}: ${Math.round(ms)} ms on ${describeMatrix(X)} (a hang)`);
  if (out === undefined) return;
  for (const [key, v] of Object.entries(out.floats ?? {})) {
    const arr = typeof v === 'number' ? [v] : v;
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i])) {
        throw new Error(`${name}: ${key}[${i}] = ${arr[i]} without an error on ${describeMatrix(X)}`);
      }
    }
  }
  for (const [key, v] of Object.entries(out.labels ?? {})) {
    for (let i = 0; i < v.length; i++) {
      if (!Number.isInteger(v[i])) throw new Error(`${name}: ${key}[${i}] = ${v[i]} on ${describeMatrix(X)}`);
    }
  }
}

/** The matrix as text for a failure message. */
function describeMatrix(X: Matrix): string {
  return `${X.rows}×${X.cols} [${Array.from(X.data).join(', ')}]`;
}
