/**
 * The TypeScript reference backend of the k-means pass ({@link CenterPass}): what Lloyd, Elkan and Hamerly share
 * on plain typed arrays — the per-cluster sums in row order, the label comparison with the previous iteration, the
 * final assignment and inertia. Each algorithm supplies only its assignment step.
 * @module
 */
import { kmeansBlockRows } from '../engine/kernels/kmeansWasm.js';
import type { CenterPass } from '../engine/pass.js';
import { accumulateCenters, assignLabels, inertiaOf, sameLabels } from './common.js';

/** An algorithm's assignment step on the reference backend. */
export interface ReferenceAssign {
  /** Iteration `it`: writes `labels` (n) for `centers` (k×d, IN), moving its bounds by `shift` (k) after the first. */
  assign(it: number, centers: Float64Array, shift: Float64Array): void;
  /**
   * Writes `minSq` (n): each row's exact squared distance to its center in `centers` (the last step's), unless the
   * assignment step already did.
   */
  labelSq?(centers: Float64Array): void;
}

/**
 * A reference-backend pass over x (n×d) with weights w and k centers around an algorithm's assignment step.
 * @remarks Per step: the assignment, then Σ w·x and Σ w per cluster in the fixed row blocks of `kmeansBlockRows(n)`
 * (each summed from zero in row order, the blocks added in block order, as the WebAssembly and worker-pool passes;
 * O(n·d)), then the comparison with the previous labels (O(n)). Results are the reference the WebAssembly backends equal bit for bit.
 * @param labels n (OUT, the pass's labels), minSq n (OUT), both shared with `step`
 * @returns the pass
 * @example
 * referencePass(x, n, d, w, k, labels, minSq, { assign: (it, c) => assignLabels(x, n, d, c, k, null, labels, minSq) });
 */
export function referencePass(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  k: number,
  labels: Int32Array,
  minSq: Float64Array,
  step: ReferenceAssign,
): CenterPass {
  const labelsOld = new Int32Array(n).fill(-1);
  const blockRows = kmeansBlockRows(n);
  const shift = new Float64Array(k);
  let last: Float64Array | null = null;
  return {
    labels,
    minSq,
    shift,
    step(it, centers, sums, weights) {
      last = centers;
      step.assign(it, centers, shift);
      accumulateCenters(x, n, d, w, labels, sums, weights, blockRows);
      if (sameLabels(labels, labelsOld)) return 0;
      labelsOld.set(labels);
      return 1;
    },
    labelSq() {
      if (step.labelSq !== undefined && last !== null) step.labelSq(last);
    },
    finish(centers, assigned) {
      if (!assigned) assignLabels(x, n, d, centers, k, null, labels, minSq);
      return { labels, inertia: inertiaOf(x, n, d, w, centers, labels) };
    },
    used: () => ({ backend: 'js', threads: 1 }),
    end() {},
  };
}
