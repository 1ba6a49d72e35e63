import { describe, expect, it } from 'vitest';
import { NumericalError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';
import { applyScaler, fitScaler, invertScaler, type ScaleKind } from '../../src/core/scale.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { BisectingKMeans } from '../../src/kmeans/BisectingKMeans.js';
import { FuzzyCMeans } from '../../src/kmeans/FuzzyCMeans.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { SoftKMeans } from '../../src/kmeans/SoftKMeans.js';
import { SphericalKMeans } from '../../src/kmeans/SphericalKMeans.js';
import { CLARA } from '../../src/medoids/CLARA.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { calinskiHarabaszScore } from '../../src/metrics/internal/calinskiHarabasz.js';
import { daviesBouldinScore } from '../../src/metrics/internal/daviesBouldin.js';
import { silhouetteScore } from '../../src/metrics/internal/silhouette.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

/** Two blobs, n×2, seeded. */
function blobs(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    data[i * 2] = rng.nextFloat() + (i % 2) * 4;
    data[i * 2 + 1] = rng.nextFloat() - (i % 2) * 3;
  }
  return { rows: n, cols: 2, data };
}
const times = (m: Matrix, s: number): Matrix => ({ ...m, data: m.data.map((v) => v * s) });
const HUGE = 2 ** 990; // ≈ 1e298
const labels = Int32Array.from({ length: 40 }, (_, i) => i % 2);

describe('values near 1e300 (issue 21 item 9): a finite result or a NumericalError, never NaN/Infinity', () => {
  const x = times(blobs(40, 1), HUGE);

  it('k-means family: the inertia of 1e300 data raises NumericalError naming --scale standard, not "Infinity"', () => {
    const fits = [
      () => new KMeans({ nClusters: 2, seed: 0 }).fit(x),
      () => new MiniBatchKMeans({ nClusters: 2, seed: 0 }).fit(x),
      () => new MiniBatchKMeans({ nClusters: 2, seed: 0 }).partialFit(x),
      () => new BisectingKMeans({ nClusters: 2, seed: 0 }).fit(x),
      () => new SoftKMeans({ nClusters: 2, seed: 0 }).fit(x),
      () => new FuzzyCMeans({ nClusters: 2, seed: 0 }).fit(x),
    ];
    for (const fit of fits) {
      expect(fit).toThrow(NumericalError);
      expect(fit).toThrow(/--scale standard/);
    }
  });

  it('fitScaler(1e300 data, standard) is the scaler of the unscaled data times the factor, bit for bit', () => {
    const base = blobs(40, 1);
    const s0 = fitScaler(base, 'standard');
    const s1 = fitScaler(x, 'standard');
    expect(s1.offset).toEqual(s0.offset.map((v) => v * HUGE));
    expect(s1.scale).toEqual(s0.scale.map((v) => v * HUGE));
  });

  it('k-means on standardized 1e300 data gives finite centres in the original units (--scale standard)', () => {
    const sc = fitScaler(x, 'standard');
    const km = new KMeans({ nClusters: 2, seed: 0 }).fit(applyScaler(x, sc));
    expect(Number.isFinite(km.inertia)).toBe(true);
    const centers = invertScaler(km.clusterCenters, sc);
    for (const v of centers.data) expect(Number.isFinite(v)).toBe(true);
    expect(Math.max(...centers.data.map(Math.abs))).toBeGreaterThan(1e297);
  });

  it('min–max scaling of a column wider than the largest double raises NumericalError', () => {
    expect(() => fitScaler({ rows: 2, cols: 1, data: Float64Array.of(-1.7e308, 1.7e308) }, 'minmax')).toThrow(
      NumericalError,
    );
  });

  it('fitScaler(X, "bogus") raises a ValidationError naming the kinds', () => {
    expect(() => fitScaler(blobs(4, 1), 'bogus' as ScaleKind)).toThrow(ValidationError);
    expect(() => fitScaler(blobs(4, 1), 'bogus' as ScaleKind)).toThrow(/'standard'/);
  });

  it('spherical k-means on 1e300 rows gives the unit centres of the unscaled rows, bit for bit (not [0, 0])', () => {
    const a = new SphericalKMeans({ nClusters: 2, seed: 3 }).fit(blobs(40, 1));
    const b = new SphericalKMeans({ nClusters: 2, seed: 3 }).fit(x);
    expect(Array.from(b.clusterCenters.data)).toEqual(Array.from(a.clusterCenters.data));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
  });

  it('silhouette, Calinski–Harabasz and Davies–Bouldin of 1e300 data equal those of the unscaled data', () => {
    const base = blobs(40, 1);
    expect(silhouetteScore(x, labels)).toBe(silhouetteScore(base, labels));
    expect(silhouetteScore(x, labels, { metric: 'cityblock' })).toBe(
      silhouetteScore(base, labels, { metric: 'cityblock' }),
    );
    expect(calinskiHarabaszScore(x, labels)).toBe(calinskiHarabaszScore(base, labels));
    expect(daviesBouldinScore(x, labels)).toBe(daviesBouldinScore(base, labels));
  });

  it('KernelDensity (scaleByCovariance or not), GaussianMixture and MeanShift on 1e300 data raise NumericalError', () => {
    expect(() => new KernelDensity({ scaleByCovariance: true }).fit(x)).toThrow(NumericalError);
    expect(() => new KernelDensity({ bandwidth: 1e297 }).fit(x)).toThrow(NumericalError);
    expect(() => new GaussianMixture({ nComponents: 2, seed: 0 }).fit(x)).toThrow(NumericalError);
  });

  it('mean shift on 1e300 data names the overflow, not "bandwidth … got null" when none was given', () => {
    const fit = () => new MeanShift().fit(x);
    expect(fit).toThrow(NumericalError);
    expect(fit).not.toThrow(/null/);
  });

  it('ordinary data is untouched: the same fits on the unscaled blobs are finite', () => {
    const base = blobs(40, 1);
    expect(Number.isFinite(new KMeans({ nClusters: 2, seed: 0 }).fit(base).inertia)).toBe(true);
    expect(Number.isFinite(new GaussianMixture({ nComponents: 2, seed: 0 }).fit(base).lowerBound)).toBe(true);
  });

  it('k-medoids and CLARA on data near 1e154 raise NumericalError, not an inertia of Infinity (fuzz case)', () => {
    const big = { rows: 4, cols: 1, data: Float64Array.of(0, 0, 0, 1.3438585566881906e154) };
    expect(() => new KMedoids({ nClusters: 1, seed: 0 }).fit(big)).toThrow(/KMedoids: the total dissimilarity/);
    expect(() => new CLARA({ nClusters: 1, seed: 0 }).fit(big)).toThrow(NumericalError);
    // A representable total stays as it was.
    const ok = { rows: 4, cols: 1, data: Float64Array.of(0, 0, 0, 1e150) };
    expect(new KMedoids({ nClusters: 1, seed: 0 }).fit(ok).inertia).toBe(1e150);
  });

  it('a Calinski–Harabasz ratio beyond the largest double raises NumericalError, not Infinity (fuzz case)', () => {
    const X = { rows: 4, cols: 2, data: Float64Array.of(0, 0, 0, 1.5482003039967227e-146, 0, 0, 0, 1e-300) };
    expect(() => calinskiHarabaszScore(X, [0, 1, 2, 0])).toThrow(NumericalError);
    expect(() => calinskiHarabaszScore(X, [0, 1, 2, 0])).toThrow(/Calinski–Harabasz ratio overflows/);
  });
});
