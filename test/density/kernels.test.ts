import { describe, expect, it } from 'vitest';
import {
  cosineMoment,
  KERNELS,
  kernelProfile,
  logGammaHalf,
  logKernelNorm,
  logUnitBallVolume,
} from '../../src/density/kernels.js';

/** ∫₀^R k(t) t^(d−1) dt by composite Simpson on 200 000 intervals. */
function radialMoment(kernel: (typeof KERNELS)[number], d: number): number {
  const R = kernel === 'gaussian' ? 40 : kernel === 'exponential' ? 200 : 1;
  const m = 200000;
  const h = R / m;
  let s = 0;
  for (let i = 0; i <= m; i++) {
    const t = i * h;
    // Evaluate compact kernels just inside the support at t = 1 (the profile is 0 at t ≥ 1 exactly).
    const v = kernelProfile(kernel, i === m && R === 1 ? 1 - 1e-15 : t) * t ** (d - 1);
    s += v * (i === 0 || i === m ? 1 : i % 2 ? 4 : 2);
  }
  return (s * h) / 3;
}

describe('kernel normalisation', () => {
  it('logKernelNorm = −log(d·V·∫k(t)t^(d−1)dt) by quadrature, d = 1..10, every kernel (#6)', () => {
    for (let d = 1; d <= 10; d++) {
      for (const kernel of KERNELS) {
        const integral = d * Math.exp(logUnitBallVolume('euclidean', d)) * radialMoment(kernel, d);
        expect(Math.abs(logKernelNorm(kernel, d) + Math.log(integral)), `${kernel} d=${d}`).toBeLessThan(1e-8);
      }
    }
  });

  it('gaussian is (2π)^(−d/2) and the unit-ball volumes are π^(d/2)/Γ(d/2+1), 2ᵈ/d!, 2ᵈ (#6)', () => {
    for (let d = 1; d <= 12; d++) {
      expect(logKernelNorm('gaussian', d)).toBeCloseTo(-(d / 2) * Math.log(2 * Math.PI), 12);
      let fact = 1;
      for (let k = 2; k <= d; k++) fact *= k;
      expect(logUnitBallVolume('cityblock', d)).toBeCloseTo(d * Math.LN2 - Math.log(fact), 12);
      expect(logUnitBallVolume('chebyshev', d)).toBeCloseTo(d * Math.LN2, 12);
    }
    expect(logUnitBallVolume('euclidean', 2)).toBeCloseTo(Math.log(Math.PI), 14);
    expect(logUnitBallVolume('euclidean', 3)).toBeCloseTo(Math.log((4 / 3) * Math.PI), 14);
    expect(logGammaHalf(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGammaHalf(5)).toBeCloseTo(Math.log(24), 14);
  });

  it('the cosine constant is right in even dimensions, where scikit-learn 1.2 gives 0.25 (2-D) and NaN (4-D) (#6)', () => {
    // 2-D: 1 / (2π ∫₀¹ t cos(πt/2) dt) = 1 / (2π (2/π − 4/π²)) ≈ 0.6880 (scikit-learn 1.2: 0.25).
    expect(Math.exp(logKernelNorm('cosine', 2))).toBeCloseTo(1 / (2 * Math.PI * (2 / Math.PI - 4 / Math.PI ** 2)), 12);
    expect(cosineMoment(0)).toBeCloseTo(2 / Math.PI, 14);
    expect(Number.isFinite(logKernelNorm('cosine', 4))).toBe(true);
  });
});
