/**
 * Feature scaling kept with a model so `predict` can apply the same transform: standard (z-scores) or min–max.
 * @module
 */
import type { Matrix } from './matrix.js';
import { columnMeans, columnVariances } from './stats.js';

/** Scaling kinds: none, standard (x − μ)/σ, or min–max (x − min)/(max − min). */
export type ScaleKind = 'none' | 'standard' | 'minmax';

/** A fitted scaler: x′ = (x − offset) / scale, per column. */
export interface Scaler {
  kind: ScaleKind;
  offset: number[];
  scale: number[];
}

/**
 * Fits a scaler on X. Standard: offset μ, scale σ (ddof 0, as scikit-learn's StandardScaler); min–max: offset
 * min, scale max − min. A constant column gets scale 1 (as scikit-learn), so it maps to 0.
 * @example
 * ```ts
 * const s = fitScaler(X, 'standard');
 * const Z = applyScaler(X, s); // each column: mean 0, standard deviation 1
 * ```
 */
export function fitScaler(X: Matrix, kind: ScaleKind): Scaler {
  const { rows: n, cols: d, data } = X;
  if (kind === 'none') return { kind, offset: new Array(d).fill(0), scale: new Array(d).fill(1) };
  if (kind === 'standard') {
    const mu = columnMeans(data, n, d);
    const v = columnVariances(data, n, d, mu);
    return { kind, offset: Array.from(mu), scale: Array.from(v, (s) => (s > 0 ? Math.sqrt(s) : 1)) };
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
  return { kind, offset: lo, scale: lo.map((l, j) => (hi[j] > l ? hi[j] - l : 1)) };
}

/**
 * Applies a scaler (returns a new matrix; identity for 'none').
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
  return { rows: n, cols: d, data: out };
}

/**
 * Maps scaled values back to the original units: x = x′·scale + offset.
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
  return { rows: n, cols: d, data: out };
}
