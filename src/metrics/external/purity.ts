/**
 * Purity of a clustering against true classes.
 * @module
 */
import { checkClusterings } from '../labels.js';
import { sparseContingency } from './contingency.js';

/**
 * Purity: the fraction of samples that belong to the majority true class of their cluster, in (0, 1].
 *
 * @remarks
 * Purity = (1/N) Σⱼ maxᵢ nᵢⱼ over clusters j. Not chance-corrected and not symmetric: putting every sample alone
 * gives 1, so compare it only between clusterings with the same number of clusters. O(n log n).
 * Compared against NumPy on scikit-learn's contingency matrix (fixtures, rtol 1e-12).
 * @throws {@link ValidationError} when the labellings are empty, not integers or of different lengths
 * @example
 * purityScore([0, 0, 1, 1, 1], [0, 0, 0, 1, 1]); // 0.8
 */
export function purityScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const [a, b] = checkClusterings(labelsTrue, labelsPred);
  const s = sparseContingency(a, b);
  const best = new Float64Array(s.clusters.length);
  for (let q = 0; q < s.values.length; q++) {
    const j = s.colIdx[q];
    if (s.values[q] > best[j]) best[j] = s.values[q];
  }
  let sum = 0;
  for (let j = 0; j < best.length; j++) sum += best[j];
  return sum / s.n;
}
