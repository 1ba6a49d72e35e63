/**
 * Shared boundary checks and kernels of the internal validity indices.
 * @module
 */
import { type Matrix, type MatrixLike, toMatrix } from '../../core/matrix.js';
import { checkLabels, checkNumberOfLabels, type EncodedLabels, encodeLabels } from '../labels.js';

/** Validated data and encoded labels. */
export interface InternalInput {
  m: Matrix;
  enc: EncodedLabels;
}

/**
 * Validates X (finite, n×d) and labels (one integer per row) and encodes the labels; with `checkK` (default)
 * also requires 2 ≤ k ≤ n − 1 clusters, as scikit-learn does.
 */
export function prepareInternal(X: MatrixLike, labels: ArrayLike<number>, checkK = true): InternalInput {
  const m = toMatrix(X, 'X');
  const l = checkLabels(labels, 'labels', m.rows);
  const enc = encodeLabels(l);
  if (checkK) checkNumberOfLabels(enc.ids.length, m.rows);
  return { m, enc };
}

/**
 * Cluster centroids: μ_c = (1/n_c) Σ_{i∈c} xᵢ. x n×d IN, codes n IN (0..k−1), counts k IN, out k×d OUT.
 */
export function centroidsInto(
  x: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  counts: Float64Array,
  k: number,
  out: Float64Array,
): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const c = codes[i] * d;
    for (let j = 0; j < d; j++) out[c + j] += x[o + j];
  }
  for (let c = 0; c < k; c++) {
    const inv = 1 / counts[c];
    for (let j = 0; j < d; j++) out[c * d + j] *= inv;
  }
  return out;
}

/** Σᵢ ‖xᵢ − μ_{codeᵢ}‖². x n×d IN, codes n IN, centroids k×d IN. */
export function withinSumOfSquares(
  x: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  centroids: Float64Array,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const c = codes[i] * d;
    for (let j = 0; j < d; j++) {
      const t = x[o + j] - centroids[c + j];
      s += t * t;
    }
  }
  return s;
}
