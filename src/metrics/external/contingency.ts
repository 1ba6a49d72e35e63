/**
 * Contingency tables of two labellings, dense (public) and sparse (what every external metric uses).
 * @module
 */
import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../../core/distance.js';
import type { Matrix } from '../../core/matrix.js';
import { checkClusterings, encodeLabels } from '../labels.js';

/** A sparse contingency table: the non-zero cells in row-major order plus the margins. */
export interface SparseContingency {
  /** Number of samples N. */
  n: number;
  /** Distinct true-class ids, ascending (R). */
  classes: Int32Array;
  /** Distinct cluster ids, ascending (C). */
  clusters: Int32Array;
  /** Row sums aᵢ = class sizes (R). */
  rowSums: Float64Array;
  /** Column sums bⱼ = cluster sizes (C). */
  colSums: Float64Array;
  /** Row of each non-zero cell. */
  rowIdx: Int32Array;
  /** Column of each non-zero cell. */
  colIdx: Int32Array;
  /** Count nᵢⱼ > 0 of each non-zero cell. */
  values: Float64Array;
}

/** Dense counting is used while R·C stays below this many cells; above, the cells come from sorted keys. */
const DENSE_CELLS = 1 << 22;

/**
 * Builds the sparse contingency table of two validated labellings. O(n + R·C) time when R·C ≤ 4 194 304, else
 * O(n log n); O(n + R + C) memory beyond that. a, b IN (length n).
 */
export function sparseContingency(a: Int32Array, b: Int32Array): SparseContingency {
  const n = a.length;
  const ea = encodeLabels(a);
  const eb = encodeLabels(b);
  const R = ea.ids.length;
  const C = eb.ids.length;
  let rowIdx: Int32Array;
  let colIdx: Int32Array;
  let values: Float64Array;
  if (R * C <= DENSE_CELLS) {
    const cells = new Float64Array(R * C);
    for (let i = 0; i < n; i++) cells[ea.codes[i] * C + eb.codes[i]]++;
    let nnz = 0;
    for (let t = 0; t < cells.length; t++) if (cells[t] > 0) nnz++;
    rowIdx = new Int32Array(nnz);
    colIdx = new Int32Array(nnz);
    values = new Float64Array(nnz);
    let q = 0;
    for (let t = 0; t < cells.length; t++) {
      if (cells[t] > 0) {
        rowIdx[q] = Math.floor(t / C);
        colIdx[q] = t - rowIdx[q] * C;
        values[q++] = cells[t];
      }
    }
  } else {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ea.codes[i] * C + eb.codes[i];
    keys.sort();
    let nnz = 0;
    for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) nnz++;
    rowIdx = new Int32Array(nnz);
    colIdx = new Int32Array(nnz);
    values = new Float64Array(nnz);
    let q = -1;
    for (let i = 0; i < n; i++) {
      if (i === 0 || keys[i] !== keys[i - 1]) {
        q++;
        const r = Math.floor(keys[i] / C);
        rowIdx[q] = r;
        colIdx[q] = keys[i] - r * C;
      }
      values[q]++;
    }
  }
  return { n, classes: ea.ids, clusters: eb.ids, rowSums: ea.counts, colSums: eb.counts, rowIdx, colIdx, values };
}

/** A dense contingency table: a {@link Matrix} of counts plus the ids of its rows and columns. */
export interface ContingencyMatrix extends Matrix {
  /** The true-class id of each row, ascending. */
  readonly classes: Int32Array;
  /** The cluster id of each column, ascending. */
  readonly clusters: Int32Array;
}

/**
 * Contingency matrix of two labellings: entry (i, j) counts the samples of true class i put in cluster j.
 *
 * @remarks
 * nᵢⱼ = |{s : labelsTrue[s] = classes[i] and labelsPred[s] = clusters[j]}|, rows and columns in ascending id
 * order (any integer ids). O(n log n + R·C) time, R·C doubles. Matches `sklearn.metrics.cluster.contingency_matrix`.
 * @throws {@link ValidationError} when the labellings are empty, not integers or of different lengths
 * @throws {@link CapacityError} when R·C cells exceed `memoryBudget` bytes (default 2 GiB)
 * @example
 * contingencyMatrix([0, 0, 1, 1], [5, 7, 7, 7]); // rows 2, cols 2, data [1, 1, 0, 2], clusters [5, 7]
 */
export function contingencyMatrix(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
  memoryBudget = DEFAULT_MEMORY_BUDGET,
): ContingencyMatrix {
  const [a, b] = checkClusterings(labelsTrue, labelsPred);
  const s = sparseContingency(a, b);
  const R = s.classes.length;
  const C = s.clusters.length;
  checkBudget(
    R * C * 8,
    memoryBudget,
    `The ${R}×${C} contingency matrix`,
    'use the metrics directly (they work on the sparse table).',
  );
  const data = new Float64Array(R * C);
  for (let q = 0; q < s.values.length; q++) data[s.rowIdx[q] * C + s.colIdx[q]] = s.values[q];
  return { rows: R, cols: C, data, classes: s.classes, clusters: s.clusters };
}
