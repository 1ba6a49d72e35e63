/**
 * Label handling shared by the metrics: validation and remapping of arbitrary integer ids to codes 0..c−1.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { toLabels } from '../core/validate.js';

/** A labelling remapped to dense codes: `codes[i]` indexes `ids`, which lists the distinct ids in ascending order. */
export interface EncodedLabels {
  /** Code of each sample, 0..c−1 (n). */
  codes: Int32Array;
  /** The distinct ids, ascending (c). */
  ids: Int32Array;
  /** Number of samples per code (c). */
  counts: Float64Array;
}

/**
 * Remaps labels to codes 0..c−1 in ascending id order (scikit-learn's `LabelEncoder` / `np.unique(…,
 * return_inverse=True)`). O(n log n). `labels` IN (not changed).
 */
export function encodeLabels(labels: Int32Array): EncodedLabels {
  const n = labels.length;
  const sorted = Int32Array.from(labels).sort();
  let c = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[c++] = sorted[i];
  const ids = sorted.slice(0, c);
  const codes = new Int32Array(n);
  const counts = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    let lo = 0;
    let hi = c - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    codes[i] = lo;
    counts[lo]++;
  }
  return { codes, ids, counts };
}

/**
 * Validates a label vector (integers, one per sample, not empty) and returns it as an Int32Array.
 * @throws {@link ValidationError} naming the argument when labels are empty, of the wrong length or not integers
 */
export function checkLabels(labels: ArrayLike<number>, name: string, n?: number): Int32Array {
  const out = toLabels(labels, name, n);
  if (out.length === 0) {
    throw new ValidationError(`${name} is empty; pass one integer label per sample.`, { param: name });
  }
  return out;
}

/**
 * Validates two labellings of the same samples (scikit-learn's `check_clusterings`).
 * @throws {@link ValidationError} when either is empty or not integers, or their lengths differ
 */
export function checkClusterings(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
): [Int32Array, Int32Array] {
  const a = checkLabels(labelsTrue, 'labelsTrue');
  if (labelsPred === null || labelsPred === undefined || typeof labelsPred.length !== 'number') {
    throw new ValidationError('labelsPred must be an array of integers.', { param: 'labelsPred' });
  }
  if (labelsPred.length !== a.length) {
    throw new ValidationError(
      `labelsTrue has ${a.length} labels but labelsPred has ${labelsPred.length}; both must label the same samples.`,
      { param: 'labelsPred' },
    );
  }
  const b = checkLabels(labelsPred, 'labelsPred');
  return [a, b];
}

/**
 * scikit-learn's `check_number_of_labels`: internal indices need 2 ≤ k ≤ n − 1 clusters.
 * @throws {@link ValidationError} naming k and the valid range
 */
export function checkNumberOfLabels(k: number, n: number, name = 'labels'): void {
  if (!(k > 1 && k < n)) {
    throw new ValidationError(
      `Number of labels is ${k}. Valid values are 2 to n_samples - 1 (inclusive) (n_samples = ${n}); ` +
        (k <= 1
          ? 'a single cluster cannot be scored — pass a labelling with at least 2 clusters.'
          : 'every sample is its own cluster — pass a labelling with fewer clusters.'),
      { param: name },
    );
  }
}

/** Rows per cluster label 0..k−1 (other labels, such as −1 for noise, are not counted). O(n). */
export function clusterSizes(labels: ArrayLike<number>, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l >= 0 && l < k) sizes[l]++;
  }
  return sizes;
}
