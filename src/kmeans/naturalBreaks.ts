/**
 * Class breaks for one variable (choropleth legends, binning): optimal 1-D k-means (`ckmeans`, `fisher`) and
 * classInt's Jenks (`jenks`).
 * @module
 */
import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../core/distance.js';
import { NumericalError, ValidationError } from '../core/errors.js';
import { type ProgressCallback, progressSteps } from '../core/progress.js';
import { checkInt, checkOneOf } from '../core/validate.js';
import { ckmeansSplit, jenksSplit } from './ckmeans.js';

/** Methods of {@link naturalBreaks}. */
export type BreaksMethod = 'ckmeans' | 'fisher' | 'jenks';
/** Every {@link BreaksMethod}. */
export const BREAKS_METHODS: readonly BreaksMethod[] = ['ckmeans', 'fisher', 'jenks'];

/** Options of {@link naturalBreaks}. */
export interface NaturalBreaksOptions {
  /** The algorithm and the way bounds are drawn (see {@link naturalBreaks}). @defaultValue 'ckmeans' */
  method?: BreaksMethod;
  /** One positive weight per value (`ckmeans` and `fisher`; Ckmeans.1d.dp's weighted k-means). @defaultValue all 1 */
  weights?: ArrayLike<number>;
  /** Bytes the k·m table of split points may use. @defaultValue 2 GiB */
  memoryBudget?: number;
  /**
   * Called with the work done: the k layers of the dynamic program (`ckmeans`, `fisher`), or the n rows of Jenks's
   * program (`jenks`); {@link ProgressCallback}: monotone, about a hundred calls at most, the last at the total;
   * the result is unchanged.
   */
  onProgress?: ProgressCallback;
}

/** The result of {@link naturalBreaks}. */
export interface NaturalBreaks {
  /** k + 1 class bounds, ascending: `breaks[0]` = min, `breaks[k]` = max (classInt's `brks`). */
  breaks: Float64Array;
  /** Class of each value (0..k−1, in input order; class 0 holds the smallest values). */
  labels: Int32Array;
  /** Weighted within-class sum of squares Σ w(x − x̄_c)² of each class (Ckmeans.1d.dp's `withinss`). */
  withinSS: Float64Array;
  /** Weighted mean of each class. */
  centers: Float64Array;
  /** Number of values in each class. */
  sizes: Int32Array;
}

/**
 * Natural class breaks of `values`: the partition into `nClasses` intervals with the least within-class sum of
 * squares, with legend bounds.
 *
 * @remarks
 * `ckmeans` and `fisher` find the exact optimum of Σ_c Σ_{i∈c} wᵢ (xᵢ − x̄_c)² (1-D k-means) by Wang & Song's
 * dynamic program over the sorted distinct values, D[q][i] = min_j D[q−1][j−1] + SS(j..i), with the
 * divide-and-conquer speed-up: O(n log n + k·m·log m) time for m distinct values, k·m Int32 of memory. Both give
 * classInt's `fisher` bounds: the minimum, the midpoints between the largest value of each class and the smallest
 * of the next, and the maximum; class c holds the values in [breaks[c], breaks[c+1]) (the last class closed).
 * `fisher` is the name classInt gives it; `ckmeans` is Ckmeans.1d.dp's name and the default.
 * `jenks` runs classInt's own Jenks program, O(k·n²) over every value: its bounds are data values (the minimum,
 * then the largest value of each class) and classes are right-closed, breaks[c] < x ≤ breaks[c+1] (the first also
 * holds the minimum), as classInt's `findCols`.
 * When `nClasses` equals the number of distinct values, `fisher` and `jenks` return classInt's bounds for that case
 * (each value its own class; bounds halfway between neighbours, the outer ones half the mean gap outside).
 * Unlike classInt, no sample is drawn above 3 000 values: the answer is always exact.
 * Matches R classInt 0.4-9 `classIntervals(x, k, style = 'fisher' | 'jenks')$brks` on the fixtures, and brute
 * force over every split for n ≤ 12.
 * @param values - n finite numbers (any order)
 * @param nClasses - number of classes k, 1 ≤ k ≤ number of distinct values
 * @throws {@link ValidationError} on an empty or non-finite input, k outside 1..distinct values, bad weights, or
 * weights with `jenks`
 * @throws {@link CapacityError} if the split-point table exceeds `memoryBudget`
 * @see Wang, H. & Song, M. (2011), Ckmeans.1d.dp: optimal k-means clustering in one dimension by dynamic
 * programming, The R Journal 3(2); Jenks, G. F. (1977), Optimal data classification for choropleth maps
 * @example
 * naturalBreaks([1, 2, 3, 10, 11, 12], 2).breaks; // Float64Array [1, 6.5, 12]
 */
export function naturalBreaks(
  values: ArrayLike<number>,
  nClasses: number,
  opts: NaturalBreaksOptions = {},
): NaturalBreaks {
  const method = checkOneOf(opts.method ?? 'ckmeans', BREAKS_METHODS, 'method');
  const x = toValues(values);
  const n = x.length;
  const k = checkInt(nClasses, 'nClasses', 1);
  let w: Float64Array | null = null;
  if (opts.weights !== undefined) {
    if (method === 'jenks') {
      throw new ValidationError("weights are not defined for method 'jenks'; use method 'ckmeans' with weights.", {
        param: 'weights',
      });
    }
    w = toPositiveWeights(opts.weights, n);
  }
  const order = sortedOrder(x);
  // Distinct sorted values with their summed weights.
  const u = new Float64Array(n);
  const uw = new Float64Array(n);
  const rank = new Int32Array(n);
  let m = 0;
  for (let t = 0; t < n; t++) {
    const i = order[t];
    const v = x[i];
    if (m === 0 || v !== u[m - 1]) u[m++] = v;
    uw[m - 1] += w === null ? 1 : w[i];
    rank[i] = m - 1;
  }
  if (k > m) {
    throw new ValidationError(
      `nClasses=${k} is more than the ${m} distinct value${m === 1 ? '' : 's'}; lower nClasses to at most ${m}.`,
      { param: 'nClasses' },
    );
  }
  checkBudget(
    k * (method === 'jenks' ? 16 * n : 4 * m),
    opts.memoryBudget ?? DEFAULT_MEMORY_BUDGET,
    `naturalBreaks with k=${k} on ${method === 'jenks' ? n : m} values`,
    method === 'jenks' ? "use method 'ckmeans' (same optimum, O(k·n) memory)." : 'use fewer classes or bin the values.',
  );
  const breaks = new Float64Array(k + 1);
  const labels = new Int32Array(n);
  const total = method === 'jenks' ? n : k;
  const report = progressSteps(opts.onProgress, total);
  if (method !== 'ckmeans' && k === m && k > 1) {
    uniqueBreaks(u.subarray(0, m), breaks);
    labels.set(rank);
  } else if (method === 'jenks') {
    const sorted = new Float64Array(n);
    for (let t = 0; t < n; t++) sorted[t] = x[order[t]];
    if (k === 1) {
      breaks[0] = sorted[0];
      breaks[1] = sorted[n - 1];
    } else {
      const ends = new Int32Array(k);
      jenksSplit(sorted, k, ends, report);
      breaks[0] = sorted[0];
      for (let c = 0; c < k; c++) breaks[c + 1] = sorted[ends[c] - 1];
    }
    labelRightClosed(x, breaks, labels);
  } else {
    const starts = new Int32Array(k);
    ckmeansSplit(u.subarray(0, m), uw.subarray(0, m), k, starts, report);
    breaks[0] = u[0];
    for (let c = 1; c < k; c++) breaks[c] = (u[starts[c] - 1] + u[starts[c]]) / 2;
    breaks[k] = u[m - 1];
    // Labels from the partition itself (a midpoint of two adjacent doubles may round onto one of them).
    const classOf = new Int32Array(m);
    for (let c = 0; c < k; c++) classOf.fill(c, starts[c], c + 1 < k ? starts[c + 1] : m);
    for (let i = 0; i < n; i++) labels[i] = classOf[rank[i]];
  }
  report(total);
  return { breaks, labels, ...classStats(x, w, labels, k) };
}

function toValues(values: ArrayLike<number>): Float64Array {
  if (values === null || values === undefined || typeof values.length !== 'number' || values.length === 0) {
    throw new ValidationError('values must be a non-empty array of numbers.', { param: 'values' });
  }
  const x = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(
        `values[${i}] is ${JSON.stringify(v) ?? String(v)}; naturalBreaks needs finite numbers — drop missing values first.`,
        { param: 'values', row: i },
      );
    }
    x[i] = v;
  }
  return x;
}

function toPositiveWeights(weights: ArrayLike<number>, n: number): Float64Array {
  if (weights.length !== n) {
    throw new ValidationError(`weights has length ${weights.length} but there are ${n} values; pass one per value.`, {
      param: 'weights',
    });
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = weights[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new ValidationError(`weights[${i}] is ${v}; weights must be finite and > 0 (drop zero-weight values).`, {
        param: 'weights',
        row: i,
      });
    }
    w[i] = v;
  }
  return w;
}

/** Stable ascending order of x (ties keep input order). */
function sortedOrder(x: Float64Array): Int32Array {
  const order = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) order[i] = i;
  return order.sort((a, b) => x[a] - x[b] || a - b);
}

/** classInt's bounds when every distinct value is its own class. u: m sorted distinct values IN, out m+1 OUT. */
function uniqueBreaks(u: Float64Array, out: Float64Array): void {
  const m = u.length;
  const meanGap = (u[m - 1] - u[0]) / (m - 1);
  out[0] = u[0] - meanGap / 2;
  for (let c = 1; c < m; c++) out[c] = u[c - 1] + (u[c] - u[c - 1]) / 2;
  out[m] = u[m - 1] + meanGap / 2;
}

/** Class c for breaks[c] < x ≤ breaks[c+1], the first class closed. */
function labelRightClosed(x: Float64Array, breaks: Float64Array, labels: Int32Array): void {
  const k = breaks.length - 1;
  for (let i = 0; i < x.length; i++) {
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x[i] <= breaks[mid + 1]) hi = mid;
      else lo = mid + 1;
    }
    labels[i] = lo;
  }
}

/** Per-class weighted means, sums of squares and counts, two-pass for accuracy. */
function classStats(
  x: Float64Array,
  w: Float64Array | null,
  labels: Int32Array,
  k: number,
): { withinSS: Float64Array; centers: Float64Array; sizes: Int32Array } {
  const centers = new Float64Array(k);
  const mass = new Float64Array(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < x.length; i++) {
    const wi = w === null ? 1 : w[i];
    centers[labels[i]] += wi * x[i];
    mass[labels[i]] += wi;
    sizes[labels[i]]++;
  }
  for (let c = 0; c < k; c++) centers[c] /= mass[c];
  const withinSS = new Float64Array(k);
  for (let i = 0; i < x.length; i++) {
    const t = x[i] - centers[labels[i]];
    withinSS[labels[i]] += (w === null ? 1 : w[i]) * t * t;
  }
  for (let c = 0; c < k; c++) {
    if (mass[c] > 0 && (Math.abs(withinSS[c]) === Infinity || Math.abs(centers[c]) === Infinity)) {
      throw new NumericalError(
        `The class means or sums of squares overflow (values up to ${Math.max(...Array.from(x, Math.abs)).toExponential(1)}); divide the values by a constant (or use --scale standard) first.`,
      );
    }
  }
  return { withinSS, centers, sizes };
}
