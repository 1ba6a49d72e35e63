/**
 * Smoothing kernels of kernel density estimation: profiles, their normalising constants in any dimension and
 * any supported norm, and the pure evaluation kernels over flat row-major data.
 * @module
 */
import { logGammaHalf, METRIC_REGISTRY, type MetricInfo, metricsWhere } from '../core/metrics.js';

export { logGammaHalf };

/** Kernel names, as scikit-learn's `KernelDensity`. */
export type KernelName = 'gaussian' | 'tophat' | 'epanechnikov' | 'exponential' | 'linear' | 'cosine';
/** Every kernel name. */
export const KERNELS: readonly KernelName[] = ['gaussian', 'tophat', 'epanechnikov', 'exponential', 'linear', 'cosine'];

/** Distances a kernel density understands (the norm ‖·‖ in K(‖x − xᵢ‖ / h)): the registry's metrics with KDE data. */
export type DensityMetric = 'euclidean' | 'cityblock' | 'chebyshev';
/** Every density metric name, in the order of their kernel ids (derived from the metric registry). */
export const DENSITY_METRICS: readonly DensityMetric[] = Object.freeze(
  (metricsWhere((m) => m.density !== undefined) as DensityMetric[]).sort((a, b) => densityOf(a).id - densityOf(b).id),
);

function densityOf(metric: DensityMetric): NonNullable<MetricInfo['density']> {
  return METRIC_REGISTRY[metric].density as NonNullable<MetricInfo['density']>;
}

/** The id of a density metric inside the hot loops (0 L2, 1 L1, 2 L∞), from the registry. */
export const enumDensityMetric = (metric: DensityMetric): number => densityOf(metric).id;

/** Kernel ids used inside the hot loops (an index into {@link KERNELS}). */
export const enumKernel = (k: KernelName): number => KERNELS.indexOf(k);

/** True for kernels that vanish beyond r = 1 (all but gaussian and exponential). */
export function isCompact(kernel: KernelName): boolean {
  return kernel !== 'gaussian' && kernel !== 'exponential';
}

/**
 * The kernel profile k(t) at t = r/h ≥ 0 (unnormalised, k(0) = 1).
 * @remarks
 * gaussian e^(−t²/2); tophat 1 for t < 1; epanechnikov 1 − t²; exponential e^(−t); linear 1 − t;
 * cosine cos(πt/2) — the compact ones are 0 for t ≥ 1 (strict, as scikit-learn).
 */
export function kernelProfile(kernel: KernelName, t: number): number {
  switch (kernel) {
    case 'gaussian':
      return Math.exp(-0.5 * t * t);
    case 'tophat':
      return t < 1 ? 1 : 0;
    case 'epanechnikov':
      return t < 1 ? 1 - t * t : 0;
    case 'exponential':
      return Math.exp(-t);
    case 'linear':
      return t < 1 ? 1 - t : 0;
    case 'cosine':
      return t < 1 ? Math.cos(0.5 * Math.PI * t) : 0;
  }
}

/** ∫₀¹ t^m cos(πt/2) dt by its alternating power series Σₖ (−1)ᵏ (π/2)^(2k) / ((2k)! (m + 2k + 1)). */
export function cosineMoment(m: number): number {
  const a = (0.25 * Math.PI * Math.PI) as number;
  let term = 1; // (π/2)^(2k)/(2k)!
  let s = 0;
  for (let k = 0; k < 200; k++) {
    const add = term / (m + 2 * k + 1);
    s += k % 2 === 0 ? add : -add;
    term *= a / ((2 * k + 1) * (2 * k + 2));
    if (term < 1e-20) break;
  }
  return s;
}

/**
 * log of the radial moment M(d) = ∫₀^∞ k(t) t^(d−1) dt of a kernel profile.
 * @remarks gaussian 2^(d/2−1) Γ(d/2); tophat 1/d; epanechnikov 2/(d(d+2)); exponential Γ(d) = (d−1)!;
 * linear 1/(d(d+1)); cosine ∫₀¹ t^(d−1) cos(πt/2) dt.
 */
export function logRadialMoment(kernel: KernelName, d: number): number {
  switch (kernel) {
    case 'gaussian':
      return (d / 2 - 1) * Math.LN2 + logGammaHalf(d / 2);
    case 'tophat':
      return -Math.log(d);
    case 'epanechnikov':
      return Math.log(2 / (d * (d + 2)));
    case 'exponential':
      return logGammaHalf(d);
    case 'linear':
      return -Math.log(d * (d + 1));
    case 'cosine':
      return Math.log(cosineMoment(d - 1));
  }
}

/** log volume of the unit ball of the metric's norm in ℝᵈ: π^(d/2)/Γ(d/2+1) (L2), 2ᵈ/d! (L1), 2ᵈ (L∞) (the registry's). */
export function logUnitBallVolume(metric: DensityMetric, d: number): number {
  return densityOf(metric).logUnitBallVolume(d);
}

/**
 * log of the normalising constant c = 1 / ∫_ℝᵈ k(‖u‖) du of a kernel with bandwidth 1, so that c·k(‖u‖) is a
 * probability density.
 * @remarks
 * For any norm, ∫ k(‖u‖) du = d·V·M(d), with V the volume of the norm's unit ball and M(d) the radial moment
 * ({@link logRadialMoment}). For the Euclidean norm: gaussian (2π)^(d/2), tophat V_d, epanechnikov 2V_d/(d+2),
 * exponential S_{d−1}(d−1)!, linear V_d/(d+1), cosine S_{d−1}∫₀¹t^(d−1)cos(πt/2)dt — the last is right in every
 * dimension, unlike scikit-learn 1.2 whose closed form for the cosine kernel is wrong in even dimensions (it
 * gives 0.25 instead of 0.688 in 2-D and NaN in 4-D). With bandwidth h, subtract d·log h.
 */
export function logKernelNorm(kernel: KernelName, d: number, metric: DensityMetric = 'euclidean'): number {
  return -(Math.log(d) + logUnitBallVolume(metric, d) + logRadialMoment(kernel, d));
}

/** Norm of the difference between row `i` of `x` and row `q` of `y` (both d columns): L2, L1 or L∞. */
export function rowDistance(
  x: Float64Array,
  i: number,
  y: Float64Array,
  q: number,
  d: number,
  metricId: number,
): number {
  const ox = i * d;
  const oy = q * d;
  if (metricId === 0) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[ox + j] - y[oy + j];
      s += t * t;
    }
    return Math.sqrt(s);
  }
  if (metricId === 1) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.abs(x[ox + j] - y[oy + j]);
    return s;
  }
  let m = 0;
  for (let j = 0; j < d; j++) {
    const t = Math.abs(x[ox + j] - y[oy + j]);
    if (t > m) m = t;
  }
  return m;
}

/** Block sizes of the exact kernel sum: queries per block, training rows per block (fits in L1/L2 cache). */
const QUERY_BLOCK = 64;
const TRAIN_BLOCK = 2048;

/**
 * Exact log kernel sums: out[q] = log Σᵢ wᵢ k(‖y_q − xᵢ‖ / h), blocked over queries and training rows.
 * @remarks
 * gaussian and exponential accumulate in log space with a running maximum (online log-sum-exp), so a query far
 * from all data gets a finite log density instead of log 0; compact kernels sum directly and give −Infinity
 * outside their support. O(n·m·d) time, O(block) extra memory, no allocation per point.
 * x n×d (IN), w n positive weights (IN), y m×d (IN), out m (OUT). `metricId` 0 L2, 1 L1, 2 L∞.
 */
export function logKernelSumsExact(
  x: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  y: Float64Array,
  m: number,
  h: number,
  kernel: KernelName,
  metricId: number,
  out: Float64Array,
): void {
  const logW = new Float64Array(n);
  for (let i = 0; i < n; i++) logW[i] = Math.log(w[i]);
  const acc = new Float64Array(QUERY_BLOCK);
  const buf = new Float64Array(TRAIN_BLOCK);
  const mx = new Float64Array(QUERY_BLOCK);
  const inv = 1 / h;
  const logSpace = kernel === 'gaussian' || kernel === 'exponential';
  const sqL2Gauss = kernel === 'gaussian' && metricId === 0;
  const halfInv2 = 0.5 * inv * inv;
  for (let q0 = 0; q0 < m; q0 += QUERY_BLOCK) {
    const q1 = Math.min(m, q0 + QUERY_BLOCK);
    acc.fill(0);
    mx.fill(Number.NEGATIVE_INFINITY);
    for (let i0 = 0; i0 < n; i0 += TRAIN_BLOCK) {
      const i1 = Math.min(n, i0 + TRAIN_BLOCK);
      for (let q = q0; q < q1; q++) {
        const b = q - q0;
        let s = acc[b];
        let best = mx[b];
        const oq = q * d;
        if (sqL2Gauss) {
          // Two passes over the block: exponents into a buffer (and their max), then one rescale and a plain sum.
          let bmax = Number.NEGATIVE_INFINITY;
          for (let i = i0; i < i1; i++) {
            const oi = i * d;
            let sq = 0;
            for (let j = 0; j < d; j++) {
              const t = x[oi + j] - y[oq + j];
              sq += t * t;
            }
            const v = logW[i] - sq * halfInv2;
            buf[i - i0] = v;
            if (v > bmax) bmax = v;
          }
          if (bmax > best) {
            s *= Math.exp(best - bmax);
            best = bmax;
          }
          for (let i = 0; i < i1 - i0; i++) s += Math.exp(buf[i] - best);
        } else if (logSpace) {
          for (let i = i0; i < i1; i++) {
            const r = rowDistance(x, i, y, q, d, metricId) * inv;
            const v = logW[i] - (kernel === 'gaussian' ? 0.5 * r * r : r);
            if (v <= best) s += Math.exp(v - best);
            else {
              s = s * Math.exp(best - v) + 1;
              best = v;
            }
          }
        } else {
          for (let i = i0; i < i1; i++) {
            const t = rowDistance(x, i, y, q, d, metricId) * inv;
            if (t < 1) s += w[i] * kernelProfile(kernel, t);
          }
        }
        acc[b] = s;
        mx[b] = best;
      }
    }
    for (let q = q0; q < q1; q++) {
      const b = q - q0;
      out[q] = logSpace ? mx[b] + Math.log(acc[b]) : Math.log(acc[b]);
    }
  }
}
