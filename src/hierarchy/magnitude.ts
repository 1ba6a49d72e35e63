/**
 * Power-of-two rescaling for linkage on data whose squared distances would overflow (or underflow).
 * @module
 * @internal
 */

/**
 * Largest |value| above which linkage rescales: 2²⁵⁶ ≈ 1.2e77. Squared distances of d features reach 4d·M², and a
 * Ward update multiplies them by cluster sizes up to n, so with M ≤ 2²⁵⁶ and d·n < 2⁴⁸⁰ nothing overflows.
 */
const LARGE = 2 ** 256;
/** Smallest non-zero max |value| below which linkage rescales (squares would fall into the subnormals). */
const SMALL = 2 ** -256;

/**
 * The power of two s to divide `v` by before a linkage, or 1 when its largest magnitude M is in [2⁻²⁵⁶, 2²⁵⁶]
 * (or 0). Then M/s ∈ [1, 2).
 *
 * @remarks
 * Division and multiplication by a power of two are exact in binary floating point (barring subnormal results),
 * and +, −, ×, ÷ and √ commute with them, so every Lance–Williams update, every comparison and every √ gives the
 * scaled data's result times s (s² for squared distances) bit for bit: linkage(X/s) heights × s equal
 * linkage(X) heights wherever the latter are finite. O(len).
 */
export function magnitudeScale(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m) m = a;
  }
  if (m === 0 || (m <= LARGE && m >= SMALL)) return 1;
  return 2 ** Math.floor(Math.log2(m));
}

/** A copy of `v` divided by the power of two `s` (exact). O(len). */
export function divideBy(v: ArrayLike<number>, s: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / s;
  return out;
}
