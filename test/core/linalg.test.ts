import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  eigenSymmetric,
  invertLower,
  invertSpd,
  logDetFromCholesky,
  multiplyByTranspose,
  solveLower,
  solveLowerTransposed,
  transposeTimesSelf,
} from '../../src/core/linalg.js';

/** A random symmetric positive-definite d×d matrix B·Bᵀ + εI. */
const spd = (maxD = 6) =>
  fc.integer({ min: 1, max: maxD }).chain((d) =>
    fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d * d, maxLength: d * d }).map((v) => {
      const b = Float64Array.from(v);
      const a = new Float64Array(d * d);
      multiplyByTranspose(b, d, a);
      for (let j = 0; j < d; j++) a[j * d + j] += 0.5;
      return { d, a };
    }),
  );

function matmul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += a[i * d + t] * b[t * d + j];
      out[i * d + j] = s;
    }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('cholesky', () => {
  it('cholesky(A) factors a known 2×2 matrix', () => {
    const l = new Float64Array(4);
    expect(cholesky(Float64Array.of(4, 2, 2, 3), 2, l)).toBe(true);
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
  });
  it('cholesky(A) reports false for indefinite, singular and NaN matrices', () => {
    const l = new Float64Array(4);
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2, l)).toBe(false);
    expect(cholesky(Float64Array.of(1, 1, 1, 1), 2, l)).toBe(false);
    expect(cholesky(Float64Array.of(Number.NaN, 0, 0, 1), 2, l)).toBe(false);
    expect(cholesky(Float64Array.of(0), 1, new Float64Array(1))).toBe(false);
  });
  it('cholesky(A) gives a lower-triangular L with L·Lᵀ = A (property)', () => {
    fc.assert(
      fc.property(spd(), ({ d, a }) => {
        const l = new Float64Array(d * d);
        expect(cholesky(a, d, l)).toBe(true);
        for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) expect(l[i * d + j]).toBe(0);
        const back = new Float64Array(d * d);
        multiplyByTranspose(l, d, back);
        const scale = Math.max(...Array.from(a, Math.abs));
        expect(maxAbsDiff(back, a)).toBeLessThanOrEqual(1e-12 * scale);
      }),
    );
  });
  it('cholesky works in place (out aliasing a)', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    expect(cholesky(a, 2, a)).toBe(true);
    expect(Array.from(a)).toEqual([2, 0, 1, Math.SQRT2]);
  });
});

describe('triangular solves and inverses', () => {
  it('solveLower / solveLowerTransposed solve L·x = b and Lᵀ·x = b', () => {
    const l = Float64Array.of(2, 0, 1, 1);
    const b = Float64Array.of(2, 3);
    solveLower(l, 2, b);
    expect(Array.from(b)).toEqual([1, 2]);
    const c = Float64Array.of(3, 2);
    solveLowerTransposed(l, 2, c);
    expect(Array.from(c)).toEqual([0.5, 2]);
  });
  it('invertLower(L)·L = I, and invertSpd(A)·A = I (property)', () => {
    fc.assert(
      fc.property(spd(), ({ d, a }) => {
        const l = new Float64Array(d * d);
        cholesky(a, d, l);
        const li = new Float64Array(d * d);
        invertLower(l, d, li);
        const eye = new Float64Array(d * d);
        for (let j = 0; j < d; j++) eye[j * d + j] = 1;
        expect(maxAbsDiff(matmul(li, l, d), eye)).toBeLessThan(1e-8);
        const inv = new Float64Array(d * d);
        expect(invertSpd(a, d, inv)).toBe(true);
        expect(maxAbsDiff(matmul(inv, a, d), eye)).toBeLessThan(1e-7);
      }),
    );
  });
  it('transposeTimesSelf(T) = Tᵀ·T', () => {
    const t = Float64Array.of(1, 2, 3, 4);
    const out = new Float64Array(4);
    transposeTimesSelf(t, 2, out);
    expect(Array.from(out)).toEqual([10, 14, 14, 20]);
  });
  it('invertSpd reports false for a non-positive-definite matrix', () => {
    expect(invertSpd(Float64Array.of(1, 2, 2, 1), 2, new Float64Array(4))).toBe(false);
  });
});

describe('logDetFromCholesky and eigenSymmetric', () => {
  it('eigenSymmetric of [[2,1],[1,2]] is 3, 1 with eigenvectors (1,1)/√2 and (1,−1)/√2', () => {
    const { values, vectors } = eigenSymmetric(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0] * vectors[2]).toBeCloseTo(0.5, 14);
    expect(vectors[1] * vectors[3]).toBeCloseTo(-0.5, 14);
  });
  it('eigenSymmetric: V·diag(λ)·Vᵀ = A, VᵀV = I, λ descending; log det from the factor = Σ log λ (property)', () => {
    fc.assert(
      fc.property(spd(), ({ d, a }) => {
        const { values, vectors } = eigenSymmetric(a, d);
        for (let i = 1; i < d; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
        const scale = Math.max(...Array.from(a, Math.abs));
        const rec = new Float64Array(d * d);
        for (let i = 0; i < d; i++)
          for (let j = 0; j < d; j++) {
            let s = 0;
            for (let c = 0; c < d; c++) s += vectors[i * d + c] * values[c] * vectors[j * d + c];
            rec[i * d + j] = s;
          }
        expect(maxAbsDiff(rec, a)).toBeLessThanOrEqual(1e-10 * scale);
        const vtv = new Float64Array(d * d);
        transposeTimesSelf(vectors, d, vtv);
        const eye = new Float64Array(d * d);
        for (let j = 0; j < d; j++) eye[j * d + j] = 1;
        expect(maxAbsDiff(vtv, eye)).toBeLessThan(1e-10);
        const l = new Float64Array(d * d);
        cholesky(a, d, l);
        let sumLog = 0;
        for (const v of values) sumLog += Math.log(v);
        expect(logDetFromCholesky(l, d)).toBeCloseTo(sumLog, 8);
      }),
    );
  });
  it('eigenSymmetric leaves its input unchanged and handles a diagonal matrix', () => {
    const a = Float64Array.of(1, 0, 0, 5);
    const { values, vectors } = eigenSymmetric(a, 2);
    expect(Array.from(a)).toEqual([1, 0, 0, 5]);
    expect(Array.from(values)).toEqual([5, 1]);
    expect(Array.from(vectors)).toEqual([0, 1, 1, 0]);
  });
});
