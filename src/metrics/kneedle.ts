/**
 * Knee / elbow detection on a sampled curve (Kneedle).
 * @module
 */

/** Result of `kneedle`. */
export interface KneedleResult {
  /** Index of the knee in the input arrays, or −1 when the curve has no convex bend. */
  index: number;
  /** The difference curve Dᵢ = (1 − ŷᵢ) − x̂ᵢ on the normalised curve (same length as the input). */
  difference: number[];
  /** Kneedle's confirmation: D falls below D_knee − S·mean(Δx̂) somewhere to the right of the knee. */
  thresholdMet: boolean;
}

/**
 * Knee of a convex decreasing curve (e.g. inertia against k) by Kneedle's difference curve: the point farthest
 * below the chord joining the two normalised ends.
 *
 * @remarks
 * Normalise x̂ᵢ = (xᵢ − x_min)/(x_max − x_min), ŷᵢ = (yᵢ − y_min)/(y_max − y_min); the difference curve is
 * Dᵢ = (1 − ŷᵢ) − x̂ᵢ and the knee is its global maximum (first index on ties). Kneedle's threshold test is
 * reported, not used to pick: `thresholdMet` says whether D drops below T = D_knee − S·mean(Δx̂) to the right
 * of the knee (false when the knee sits at the right end of the range, i.e. the range may be too short). The
 * online/first-local-maximum variant of the `kneed` package is not used: on inertia curves it often stops at a
 * small early bump. If max D ≤ 1e−12 (no convex bend, up to rounding) `index` is −1. O(m) for m points.
 * @param x - increasing abscissae (m ≥ 3)
 * @param y - ordinates
 * @param sensitivity - S of the threshold test @defaultValue 1
 * @see Satopää, Albrecht, Irwin & Raghavan (2011), Finding a "Kneedle" in a haystack, ICDCS workshops
 * @example
 * kneedle([1, 2, 3, 4, 5, 6], [100, 20, 10, 8, 7, 6.5]).index; // 1 (x = 2)
 */
export function kneedle(x: ArrayLike<number>, y: ArrayLike<number>, sensitivity = 1): KneedleResult {
  const m = x.length;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    x0 = Math.min(x0, x[i]);
    x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]);
    y1 = Math.max(y1, y[i]);
  }
  const dx = x1 - x0 || 1;
  const dy = y1 - y0 || 1;
  const difference: number[] = new Array(m);
  const xn: number[] = new Array(m);
  for (let i = 0; i < m; i++) {
    xn[i] = (x[i] - x0) / dx;
    difference[i] = 1 - (y[i] - y0) / dy - xn[i];
  }
  let best = -1;
  for (let i = 0; i < m; i++) if (best < 0 || difference[i] > difference[best]) best = i;
  if (m < 3 || !(difference[best] > 1e-12)) return { index: -1, difference, thresholdMet: false };
  const meanStep = Math.abs(xn[m - 1] - xn[0]) / (m - 1);
  const threshold = difference[best] - sensitivity * meanStep;
  let thresholdMet = false;
  for (let j = best + 1; j < m; j++) if (difference[j] < threshold) thresholdMet = true;
  return { index: best, difference, thresholdMet };
}
