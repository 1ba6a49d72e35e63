/**
 * Feature scaling kept with a model so `predict` can apply the same transform: standard (z-scores) or min–max.
 * @module
 */
import { NumericalError } from './errors.js';
import { magnitudeScale } from './magnitude.js';
import type { Matrix } from './matrix.js';
import { columnMeans, columnVariances } from './stats.js';
import { checkOneOf } from './validate.js';

/** Scaling kinds: none, standard (x − μ)/σ, or min–max (x − min)/(max − min). */
export type ScaleKind = 'none' | 'standard' | 'minmax';
/** Every {@link ScaleKind}. */
export const SCALE_KINDS: readonly ScaleKind[] = ['none', 'standard', 'minmax'];

/** A fitted scaler: x′ = (x − offset) / scale, per column. */
export interface Scaler {
  kind: ScaleKind;
  offset: number[];
  scale: number[];
}

/**
 * Fits a scaler on X. Standard: offset μ, scale σ (ddof 0, as scikit-learn's StandardScaler); min–max: offset
 * min, scale max − min. A constant column gets scale 1 (as scikit-learn), so it maps to 0. A column near ±1e300,
 * whose Σx or Σ(x − μ)² overflows, is standardized on a copy divided by a power of two (exact). O(n·d).
 * @throws {@link ValidationError} for a kind other than 'none', 'standard', 'minmax'
 * @throws {@link NumericalError} for min–max on a column whose width max − min overflows
 * @example
 * ```ts
 * const s = fitScaler(X, 'standard');
 * const Z = applyScaler(X, s); // each column: mean 0, standard deviation 1
 * ```
 */
export function fitScaler(X: Matrix, kind: ScaleKind): Scaler {
  checkOneOf(kind, SCALE_KINDS, 'kind');
  const { rows: n, cols: d, data } = X;
  if (kind === 'none') return { kind, offset: new Array(d).fill(0), scale: new Array(d).fill(1) };
  if (kind === 'standard') {
    const mu = columnMeans(data, n, d);
    const v = columnVariances(data, n, d, mu);
    const scale = Array.from(v, (s) => (s > 0 ? Math.sqrt(s) : 1));
    for (let j = 0; j < d; j++) {
      // A column near ±1e300 overflows Σx or Σ(x − μ)²: redo it on the column divided by a power of two p
      // (exact), then μ = p·μ′ and σ = p·σ′. Ordinary columns never take this branch.
      if (Number.isFinite(mu[j]) && Number.isFinite(v[j])) continue;
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = data[i * d + j];
      const p = magnitudeScale(col);
      for (let i = 0; i < n; i++) col[i] /= p;
      const m1 = columnMeans(col, n, 1);
      const v1 = columnVariances(col, n, 1, m1)[0];
      mu[j] = m1[0] * p;
      scale[j] = v1 > 0 ? Math.sqrt(v1) * p : 1;
    }
    return { kind, offset: Array.from(mu), scale };
  }
  const lo = new Array(d).fill(Number.POSITIVE_INFINITY);
  const hi = new Array(d).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j];
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
  const scale = lo.map((l, j) => (hi[j] > l ? hi[j] - l : 1));
  const wide = scale.findIndex((r) => !Number.isFinite(r));
  if (wide >= 0) {
    throw new NumericalError(
      `Column ${wide} spans [${lo[wide]}, ${hi[wide]}], whose width overflows a double, so min–max scaling cannot represent it; use standard scaling (fitScaler(X, 'standard'); CLI --scale standard).`,
    );
  }
  return { kind, offset: lo, scale };
}

/**
 * log |det ∂x′/∂x|⁻¹ = Σⱼ log scaleⱼ (0 for 'none'): a log density of the scaled data x′ = (x − offset)/scale minus
 * this is the log density in the original units. The one definition for every density output (kde, gmm, predict).
 * @example
 * ```ts
 * const s = fitScaler(X, 'standard');
 * const logDensity = kde.scoreSamples(applyScaler(Q, s)).map((v) => v - scalerLogJacobian(s));
 * ```
 */
export function scalerLogJacobian(s: Scaler): number {
  if (s.kind === 'none') return 0;
  let sum = 0;
  for (const v of s.scale) sum += Math.log(v);
  return sum;
}

/**
 * Applies a scaler (returns a new matrix; identity for 'none').
 * @throws {@link NumericalError} if a scaled value overflows (data far outside the range the scaler was fitted on)
 * @example
 * ```ts
 * const Z = applyScaler(X, fitScaler(X, 'minmax')); // each column in [0, 1]
 * ```
 */
export function applyScaler(X: Matrix, s: Scaler): Matrix {
  if (s.kind === 'none') return X;
  const { rows: n, cols: d, data } = X;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j] - s.offset[j]) / s.scale[j];
  checkFinite(out, d, 'scaled');
  return { rows: n, cols: d, data: out };
}

/**
 * Maps scaled values back to the original units: x = x′·scale + offset.
 * @throws {@link NumericalError} if a value overflows in the original units
 * @example
 * ```ts
 * const s = fitScaler(X, 'standard');
 * const km = new KMeans({ nClusters: 3, seed: 0 }).fit(applyScaler(X, s));
 * const centers = invertScaler(km.clusterCenters, s); // in X's units
 * ```
 */
export function invertScaler(X: Matrix, s: Scaler): Matrix {
  if (s.kind === 'none') return X;
  const { rows: n, cols: d, data } = X;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = data[i * d + j] * s.scale[j] + s.offset[j];
  checkFinite(out, d, 'unscaled');
  return { rows: n, cols: d, data: out };
}

/** Throws a {@link NumericalError} at the first non-finite value of a (un)scaled n×d result. */
function checkFinite(out: Float64Array, d: number, what: string): void {
  for (let t = 0; t < out.length; t++) {
    if (!Number.isFinite(out[t])) {
      const row = Math.floor(t / d);
      throw new NumericalError(
        `The ${what} value at row ${row}, column ${t - row * d} overflows a double (${out[t]}); the data lie too far from the scaler's offset — standardize on data of this range or divide it by a constant.`,
      );
    }
  }
}
