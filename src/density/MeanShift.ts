/**
 * Mean-shift clustering (scikit-learn's `MeanShift`) and its bandwidth estimate (`estimate_bandwidth`).
 * @module
 */

import { type ModelWarning, ValidationError } from '../core/errors.js';
import { Estimator, type FittedState } from '../core/estimator.js';
import { checkSquaredMagnitude } from '../core/magnitude.js';
import { type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { type ProgressCallback, progressSteps } from '../core/progress.js';
import { createRng, resolveSeed, sampleWithoutReplacement } from '../core/random.js';
import { checkInt, checkNumber, checkSeed } from '../core/validate.js';
import { buildKdTree, kdRadiusL2 } from '../neighbors/kdTree.js';

/** Options of {@link estimateBandwidth}. */
export interface EstimateBandwidthOptions {
  /** Fraction of the samples used as the neighbourhood size k = ⌊n·quantile⌋ (at least 1). @defaultValue 0.3 */
  quantile?: number;
  /** Use a random subset of this many rows (drawn with clusterkit's PRNG). @defaultValue all rows */
  nSamples?: number;
  /** Seed for the subset. */
  seed?: number;
}

/**
 * scikit-learn's bandwidth estimate for mean shift: the mean over the rows of the distance to their k-th nearest
 * neighbour, k = max(1, ⌊n·quantile⌋), counting the row itself as its first neighbour.
 * @remarks
 * O(n²·d) time, O(n) memory (blocked, no n² matrix). Matches `sklearn.cluster.estimate_bandwidth` to 1e-12 on the
 * fixtures when all rows are used; with `nSamples` the subset comes from clusterkit's PRNG, so values differ from
 * NumPy's permutation.
 * @throws {@link ValidationError} on bad data, quantile outside (0, 1] or nSamples < 1
 * @example
 * estimateBandwidth([[0, 0], [0, 1], [5, 5], [5, 6]], { quantile: 0.5 }); // 1
 */
export function estimateBandwidth(X: MatrixLike, opts: EstimateBandwidthOptions = {}): number {
  const m = toMatrix(X, 'X');
  const quantile = checkNumber(opts.quantile ?? 0.3, 'quantile', 0, { minExclusive: true, max: 1 });
  let data = m.data;
  let n = m.rows;
  const d = m.cols;
  if (opts.nSamples !== undefined) {
    const ns = checkInt(opts.nSamples, 'nSamples', 1);
    if (ns < n) {
      const idx = sampleWithoutReplacement(createRng(resolveSeed(checkSeed(opts.seed))), n, ns);
      data = new Float64Array(ns * d);
      for (let t = 0; t < ns; t++) data.set(m.data.subarray(idx[t] * d, idx[t] * d + d), t * d);
      n = ns;
    }
  }
  const k = Math.max(1, Math.floor(n * quantile));
  const dist = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const u = data[i * d + j] - data[t * d + j];
        s += u * u;
      }
      dist[t] = s;
    }
    total += Math.sqrt(kthSmallest(dist, n, k - 1));
  }
  return total / n;
}

/** The k-th smallest (0-based) of a[0..n) by quickselect; reorders a. */
function kthSmallest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** NumPy's `round` (half to even). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * scikit-learn's `get_bin_seeds`: the rows rounded (half to even) to a grid of `binSize`, keeping the bins with at
 * least `minBinFreq` rows, in order of first appearance; the rows themselves when no two rows share a bin.
 */
export function binSeeds(x: Float64Array, n: number, d: number, binSize: number, minBinFreq: number): Matrix {
  if (binSize === 0) return { rows: n, cols: d, data: x.slice() };
  const counts = new Map<string, { count: number; point: number[] }>();
  for (let i = 0; i < n; i++) {
    const p: number[] = new Array(d);
    for (let j = 0; j < d; j++) p[j] = roundHalfEven(x[i * d + j] / binSize);
    const key = p.join(',');
    const e = counts.get(key);
    if (e === undefined) counts.set(key, { count: 1, point: p });
    else e.count++;
  }
  const kept: number[][] = [];
  for (const e of counts.values()) if (e.count >= minBinFreq) kept.push(e.point);
  if (kept.length === n) return { rows: n, cols: d, data: x.slice() };
  const data = new Float64Array(kept.length * d);
  for (let t = 0; t < kept.length; t++) for (let j = 0; j < d; j++) data[t * d + j] = kept[t][j] * binSize;
  return { rows: kept.length, cols: d, data };
}

/** Options of {@link MeanShift}. */
export interface MeanShiftOptions {
  /** Radius of the flat kernel. @defaultValue {@link estimateBandwidth}(X) at fit */
  bandwidth?: number;
  /** Explicit k×d seeds (instead of the rows or the bins). */
  seeds?: MatrixLike;
  /** Start from the occupied cells of a grid of size `bandwidth` instead of every row. @defaultValue false */
  binSeeding?: boolean;
  /** With binSeeding, keep only cells holding at least this many rows. @defaultValue 1 */
  minBinFreq?: number;
  /** Label every row (true) or only those within `bandwidth` of a centre, the rest −1 (false). @defaultValue true */
  clusterAll?: boolean;
  /** Maximum iterations per seed. @defaultValue 300 */
  maxIter?: number;
}

/** Resolved options of {@link MeanShift}. */
export interface ResolvedMeanShiftOptions {
  bandwidth: number | undefined;
  seeds: number[][] | undefined;
  binSeeding: boolean;
  minBinFreq: number;
  clusterAll: boolean;
  maxIter: number;
}

interface MeanShiftState extends FittedState {
  centers: Matrix;
  labels: Int32Array;
  bandwidth: number;
  nIter: number;
}

function checkBool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') {
    throw new ValidationError(
      `${name} must be true or false; got ${JSON.stringify(v)}.`,
      { param: name },
      'INVALID_OPTION',
    );
  }
  return v;
}

/**
 * Mean-shift clustering: every seed climbs to a mode of the flat-kernel density by repeatedly moving to the mean
 * of the rows within `bandwidth`; modes closer than `bandwidth` are merged, keeping the one with more rows.
 * @remarks
 * Each step x ← mean{xᵢ : ‖xᵢ − x‖ ≤ h} (the mean-shift vector of the Epanechnikov-profile KDE); a seed stops
 * when it moves less than 10⁻³·h or after maxIter steps. Modes are sorted by (number of rows within h, coordinates)
 * descending, and one is dropped when a stronger one lies within h; each row is labelled by its nearest mode
 * (or −1 beyond h when clusterAll is false). Radius queries use a k-d tree: roughly O(seeds·iterations·(log n + k)).
 * Matches `sklearn.cluster.MeanShift` (cluster_centers_ to 1e-10, labels_, n_iter_) on the fixtures.
 * @example
 * const ms = new MeanShift({ bandwidth: 2 }).fit([[0, 0], [0, 1], [9, 9], [9, 8]]);
 * ms.clusterCenters; // 2×2: (9, 8.5) and (0, 0.5) — ties in size are ordered by coordinates, descending
 */
export class MeanShift extends Estimator<MeanShiftState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedMeanShiftOptions>;

  /** @throws {@link ValidationError} on bandwidth ≤ 0, minBinFreq or maxIter < 1, or non-boolean flags */
  constructor(options: MeanShiftOptions = {}) {
    super('MeanShift');
    const seeds = options.seeds === undefined ? undefined : toArrays(toMatrix(options.seeds, 'seeds'));
    this.options = Object.freeze({
      bandwidth:
        options.bandwidth === undefined
          ? undefined
          : checkNumber(options.bandwidth, 'bandwidth', 0, { minExclusive: true, max: Number.MAX_VALUE }),
      seeds,
      binSeeding: checkBool(options.binSeeding ?? false, 'binSeeding'),
      minBinFreq: checkInt(options.minBinFreq ?? 1, 'minBinFreq', 1),
      clusterAll: checkBool(options.clusterAll ?? true, 'clusterAll'),
      maxIter: checkInt(options.maxIter ?? 300, 'maxIter', 0),
    });
    this.checkOptionNames(options);
  }

  /**
   * Finds the modes of X (n×d) and labels its rows.
   * @param opts.onProgress - called with the seeds climbed and their number ({@link ProgressCallback}: about a
   * hundred calls at most, the last at done = total; the result is unchanged)
   * @throws {@link ValidationError} on bad data, seeds with the wrong number of columns, or when no seed has a
   * row within bandwidth
   */
  fit(X: MatrixLike, opts: { onProgress?: ProgressCallback } = {}): this {
    const m = toMatrix(X, 'X');
    checkSquaredMagnitude(m, 'MeanShift: the squared distances to the modes (and the estimated bandwidth)');
    const { rows: n, cols: d, data: x } = m;
    const warnings: ModelWarning[] = [];
    const h = this.options.bandwidth ?? estimateBandwidth(m);
    if (h === 0) {
      warnings.push({
        code: 'DEGENERATE',
        message:
          'The estimated bandwidth is 0 (too many duplicate rows for the quantile); every distinct row is its own mode. Pass a bandwidth.',
      });
    }
    let seeds: Matrix;
    if (this.options.seeds !== undefined) {
      seeds = toMatrix(this.options.seeds, 'seeds', { cols: d });
    } else if (this.options.binSeeding) {
      seeds = binSeeds(x, n, d, h, this.options.minBinFreq);
      if (seeds.rows === n && h > 0) {
        warnings.push({
          code: 'DEGENERATE',
          message: `Binning data failed with bin size ${h}; using the rows as seeds.`,
        });
      }
      if (seeds.rows === 0) {
        throw new ValidationError(
          `No bin of size ${h} holds minBinFreq=${this.options.minBinFreq} rows; lower minBinFreq or raise bandwidth.`,
          { param: 'minBinFreq' },
        );
      }
    } else {
      seeds = m;
    }
    const tree = buildKdTree(x, new Float64Array(n).fill(1), n, d, 30);
    const stop = 1e-3 * h;
    const mean = new Float64Array(d);
    const old = new Float64Array(d);
    const within: number[] = [];
    const modes = new Map<string, { point: Float64Array; count: number; order: number }>();
    let nIter = 0;
    const report = progressSteps(opts.onProgress, seeds.rows);
    for (let s = 0; s < seeds.rows; s++) {
      report(s);
      for (let j = 0; j < d; j++) mean[j] = seeds.data[s * d + j];
      let it = 0;
      let count = 0;
      for (;;) {
        kdRadiusL2(tree, mean, h, within);
        count = within.length;
        if (count === 0) break;
        old.set(mean);
        mean.fill(0);
        for (const i of within) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
        let shift = 0;
        for (let j = 0; j < d; j++) {
          mean[j] /= count;
          shift += (mean[j] - old[j]) ** 2;
        }
        if (Math.sqrt(shift) < stop || it === this.options.maxIter) break;
        it++;
      }
      if (it > nIter) nIter = it;
      if (count > 0) {
        const key = Array.from(mean).join(',');
        const e = modes.get(key);
        if (e === undefined) modes.set(key, { point: mean.slice(), count, order: modes.size });
        else e.count = count;
      }
    }
    report(seeds.rows);
    if (modes.size === 0) {
      throw new ValidationError(
        `No row was within bandwidth=${h} of any seed; try another seeding strategy or a larger bandwidth.`,
        { param: 'bandwidth' },
      );
    }
    // Sort by (intensity, coordinates) descending, as scikit-learn.
    const sorted = [...modes.values()].sort((a, b) => {
      if (a.count !== b.count) return b.count - a.count;
      for (let j = 0; j < d; j++) if (a.point[j] !== b.point[j]) return b.point[j] - a.point[j];
      return 0;
    });
    const k0 = sorted.length;
    const unique = new Uint8Array(k0).fill(1);
    const h2 = h * h;
    for (let i = 0; i < k0; i++) {
      if (!unique[i]) continue;
      for (let t = 0; t < k0; t++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (sorted[i].point[j] - sorted[t].point[j]) ** 2;
        if (s <= h2) unique[t] = 0;
      }
      unique[i] = 1;
    }
    const kept = sorted.filter((_, i) => unique[i] === 1);
    const centers = new Float64Array(kept.length * d);
    kept.forEach((c, t) => {
      centers.set(c.point, t * d);
    });
    const centerMatrix = { rows: kept.length, cols: d, data: centers };
    const labels = new Int32Array(n);
    const dist = new Float64Array(n);
    nearestCenter(x, n, d, centerMatrix, labels, dist);
    if (!this.options.clusterAll) for (let i = 0; i < n; i++) if (dist[i] > h2) labels[i] = -1;
    this.setState({ centers: centerMatrix, labels, bandwidth: h, nIter, nFeaturesIn: d, warnings });
    return this;
  }

  /** Fits and returns the labels. */
  fitPredict(X: MatrixLike): Int32Array {
    return this.fit(X).labels;
  }

  /** The modes (k×d), strongest first. Read-only. */
  get clusterCenters(): Matrix {
    return this.state('clusterCenters').centers;
  }
  /** Mode index of each training row (−1: beyond bandwidth, with clusterAll false). Read-only. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** The bandwidth used (estimated when the option was omitted). */
  get bandwidth(): number {
    return this.state('bandwidth').bandwidth;
  }
  /** Largest number of iterations over the seeds (scikit-learn's `n_iter_`). */
  get nIter(): number {
    return this.state('nIter').nIter;
  }

  /** Nearest mode of each row of X (as scikit-learn's `predict`: every row gets a label). */
  predict(X: MatrixLike): Int32Array {
    const s = this.state('predict');
    const q = toMatrix(X, 'X', { cols: s.nFeaturesIn });
    const labels = new Int32Array(q.rows);
    nearestCenter(q.data, q.rows, q.cols, s.centers, labels, new Float64Array(q.rows));
    return labels;
  }

  /** Serialises the fitted model to a JSON-safe object. */
  /** The options as saved (a copy). */
  protected override saveOptions(): object {
    return { ...this.options };
  }
  /** The saved state: modes, labels, bandwidth, iterations, warnings. */
  protected saveState(s: MeanShiftState): object {
    const { bandwidth, nIter, warnings } = s;
    return { clusterCenters: toArrays(s.centers), labels: Array.from(s.labels), bandwidth, nIter, warnings };
  }

  /** Restores a model saved with {@link MeanShift.toJSON}. */
  static fromJSON(json: unknown): MeanShift {
    type State = {
      clusterCenters: number[][];
      labels: number[];
      bandwidth: number;
      nIter: number;
      warnings: ModelWarning[];
    };
    const m = checkModelJSON<MeanShiftOptions, State>(json, 'MeanShift');
    const o = m.options;
    const ms = new MeanShift({ ...o, bandwidth: o.bandwidth ?? undefined, seeds: o.seeds ?? undefined });
    const centers = toMatrix(m.state.clusterCenters, 'clusterCenters');
    return MeanShift.restore(ms, {
      centers,
      labels: Int32Array.from(m.state.labels),
      bandwidth: m.state.bandwidth,
      nIter: m.state.nIter,
      nFeaturesIn: centers.cols,
      warnings: m.state.warnings,
    });
  }
}

/** Nearest centre (squared distance, ties → lowest index). x n×d IN, labels/sqDist n OUT. */
function nearestCenter(
  x: Float64Array,
  n: number,
  d: number,
  c: Matrix,
  labels: Int32Array,
  sqDist: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestSq = Number.POSITIVE_INFINITY;
    for (let t = 0; t < c.rows; t++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const u = x[i * d + j] - c.data[t * d + j];
        s += u * u;
      }
      if (s < bestSq) {
        bestSq = s;
        best = t;
      }
    }
    labels[i] = best;
    sqDist[i] = bestSq;
  }
}
