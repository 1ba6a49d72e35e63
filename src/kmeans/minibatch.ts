/**
 * Kernels of mini-batch k-means (scikit-learn's `_mini_batch_step`): the counts-based centre update and the
 * reassignment of centres with tiny counts. Pure functions over flat row-major buffers; IN/OUT marked; no
 * validation.
 * @module
 */
import type { Rng } from '../core/random.js';
import { sampleWithoutReplacement } from '../core/random.js';

/**
 * Counts-based mini-batch update (Sculley 2010, with scikit-learn's per-batch aggregation): for each centre c
 * with batch weight b_c = Σ_{i∈c} wᵢ > 0,
 *   μ_c ← (N_c·μ_c + Σ_{i∈c} wᵢxᵢ) / (N_c + b_c),   N_c ← N_c + b_c,
 * i.e. a learning rate of b_c/(N_c + b_c) per centre; centres without batch points keep their place.
 * xb b×d IN, wb b IN, labels b IN, centers k×d IN, centersNew k×d OUT, counts k INOUT, batchWeight k scratch.
 */
export function miniBatchUpdate(
  xb: Float64Array,
  b: number,
  d: number,
  wb: Float64Array,
  labels: Int32Array,
  centers: Float64Array,
  k: number,
  centersNew: Float64Array,
  counts: Float64Array,
  batchWeight: Float64Array,
): void {
  batchWeight.fill(0);
  for (let i = 0; i < b; i++) batchWeight[labels[i]] += wb[i];
  for (let c = 0; c < k; c++) {
    const o = c * d;
    if (batchWeight[c] > 0) {
      const nc = counts[c];
      for (let j = 0; j < d; j++) centersNew[o + j] = centers[o + j] * nc;
    } else {
      for (let j = 0; j < d; j++) centersNew[o + j] = centers[o + j];
    }
  }
  for (let i = 0; i < b; i++) {
    const o = labels[i] * d;
    const xi = i * d;
    const wi = wb[i];
    for (let j = 0; j < d; j++) centersNew[o + j] += wi * xb[xi + j];
  }
  for (let c = 0; c < k; c++) {
    const bw = batchWeight[c];
    if (bw > 0) {
      counts[c] += bw;
      const inv = 1 / counts[c];
      const o = c * d;
      for (let j = 0; j < d; j++) centersNew[o + j] *= inv;
    }
  }
}

/**
 * scikit-learn's random reassignment: centres whose count is below `ratio`·max(count) move to batch rows drawn
 * uniformly without replacement (at most ⌊b/2⌋ of them: the lowest counts), and their counts are reset to the
 * smallest count among the centres kept (so they are not reassigned again at once).
 * xb b×d IN, centersNew k×d INOUT, counts k INOUT, rng INOUT.
 * @returns the number of centres reassigned
 */
export function reassignSmallClusters(
  xb: Float64Array,
  b: number,
  d: number,
  centersNew: Float64Array,
  k: number,
  counts: Float64Array,
  ratio: number,
  rng: Rng,
): number {
  let max = 0;
  for (let c = 0; c < k; c++) if (counts[c] > max) max = counts[c];
  const flag = new Uint8Array(k);
  let nFlag = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] < ratio * max) {
      flag[c] = 1;
      nFlag++;
    }
  }
  if (nFlag > 0.5 * b) {
    // Keep flagged only the ⌊b/2⌋ lowest counts (a stable ascending sort, as np.argsort on ties up to order).
    const order = Array.from({ length: k }, (_, c) => c).sort((p, q) => counts[p] - counts[q] || p - q);
    for (let t = Math.floor(0.5 * b); t < k; t++) flag[order[t]] = 0;
    nFlag = 0;
    for (let c = 0; c < k; c++) nFlag += flag[c];
  }
  if (nFlag === 0) return 0;
  const rows = sampleWithoutReplacement(rng, b, nFlag);
  let minKept = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) if (flag[c] === 0 && counts[c] < minKept) minKept = counts[c];
  if (minKept === Number.POSITIVE_INFINITY) minKept = max; // every centre flagged (ratio > 1)
  let t = 0;
  for (let c = 0; c < k; c++) {
    if (flag[c] === 0) continue;
    const r = rows[t++];
    centersNew.set(xb.subarray(r * d, r * d + d), c * d);
    counts[c] = minKept;
  }
  return nFlag;
}
