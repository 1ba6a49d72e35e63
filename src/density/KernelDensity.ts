/**
 * The KernelDensity estimator (scikit-learn's `KernelDensity`, and SciPy's `gaussian_kde` with
 * `scaleByCovariance`).
 * @module
 */

import { type ModelWarning, ValidationError } from '../core/errors.js';
import { Estimator, type FittedState } from '../core/estimator.js';
import { checkSquaredMagnitude } from '../core/magnitude.js';
import { isMatrix, type Matrix, type MatrixLike, toArrays, toMatrix } from '../core/matrix.js';
import { checkMetricName } from '../core/metrics.js';
import { checkModelJSON } from '../core/model.js';
import { type ProgressCallback, progressSteps } from '../core/progress.js';
import { createRng, type Rng, resolveSeed } from '../core/random.js';
import { checkInt, checkNumber, checkOneOf, checkSeed, toSampleWeight, unitWeights } from '../core/validate.js';
import { describeBackend } from '../engine/plan.js';
import { buildKdTree, type KdTree } from '../neighbors/kdTree.js';
import { kernelCovariance, scottBandwidth, silvermanBandwidth } from './bandwidth.js';
import { gatherRows, logKernelSumsTree, treeQueryOrder } from './kdTree.js';
import {
  DENSITY_METRICS,
  type DensityMetric,
  enumDensityMetric,
  enumKernel,
  isCompact,
  KERNELS,
  type KernelName,
  kernelProfile,
  logKernelNorm,
  logKernelSumsExact,
} from './kernels.js';
import { densityWorkspace, preferGrouped, useDensityWasm } from './wasm.js';

/** How densities are evaluated. 'fft' is a grid method: it applies to the grid helpers only. */
export type KdeAlgorithm = 'auto' | 'exact' | 'kd_tree' | 'fft';
/** Every KDE algorithm name. */
export const KDE_ALGORITHMS: readonly KdeAlgorithm[] = ['auto', 'exact', 'kd_tree', 'fft'];
/** A bandwidth: a positive number, or a rule of thumb. */
export type BandwidthOption = number | 'scott' | 'silverman';

/** Options of {@link KernelDensity}. */
export interface KernelDensityOptions {
  /**
   * Bandwidth h > 0, or 'scott' / 'silverman' — with scikit-learn's UNSCALED semantics n^(−1/(d+4)) and
   * (n(d+2)/4)^(−1/(d+4)) (see `scottBandwidth`). With `scaleByCovariance` it is SciPy's `bw_method`: the
   * factor that multiplies the data covariance (rules then use the effective sample size). @defaultValue 1
   */
  bandwidth?: BandwidthOption;
  /** Kernel profile. @defaultValue 'gaussian' */
  kernel?: KernelName;
  /** Evaluation algorithm. @defaultValue 'auto' */
  algorithm?: KdeAlgorithm;
  /** Absolute tolerance on the density (tree path): |p̂ − p| ≤ atol + rtol·p. @defaultValue 0 */
  atol?: number;
  /** Relative tolerance on the density (tree path). @defaultValue 0 */
  rtol?: number;
  /** Norm of the kernel distance (normalised correctly for each). @defaultValue 'euclidean' */
  metric?: DensityMetric;
  /**
   * Use SciPy's `gaussian_kde` parametrisation: kernel covariance = bandwidth² · cov(X, ddof 1, weighted).
   * @defaultValue false
   */
  scaleByCovariance?: boolean;
  /** Leaf size of the k-d tree (larger leaves: less node overhead; 100 was fastest on the benchmarks). @defaultValue 100 */
  leafSize?: number;
}

/** Resolved options of {@link KernelDensity}. */
export interface ResolvedKernelDensityOptions {
  bandwidth: BandwidthOption;
  kernel: KernelName;
  algorithm: KdeAlgorithm;
  atol: number;
  rtol: number;
  metric: DensityMetric;
  scaleByCovariance: boolean;
  leafSize: number;
}

/** @internal Fitted state, shared with the grid helpers. */
export interface KdeState extends FittedState {
  /** Where the last scoring ran (`describeBackend`), or null before any. */
  backend: string | null;
  /** Training rows (original coordinates), n×d, zero-weight rows removed. */
  raw: Float64Array;
  /** Rows in kernel space: `raw` whitened by L⁻¹ when scaling by covariance (computed on first use), else `raw`. */
  x: Float64Array | null;
  w: Float64Array;
  n: number;
  d: number;
  /** Number of rows passed to fit (before dropping zero weights). */
  nFit: number;
  totalWeight: number;
  /** Kernel-space bandwidth (1 when scaling by covariance). */
  h: number;
  /** The resolved `bandwidth` (h, or the covariance factor). */
  bandwidth: number;
  /** Kernel covariance and its Cholesky factor (scaleByCovariance only). */
  covariance: Float64Array | null;
  chol: Float64Array | null;
  /** log p(x) = logNorm + log Σ wᵢ k(‖zᵢ − z‖/h). */
  logNorm: number;
  metricId: number;
  tree: KdTree | null;
  /** Per-column [min, max] of `raw` (2d values), computed on first use by the grid helpers. */
  extent: Float64Array | null;
}

/** @internal Key of the accessor the grid helpers use to read a fitted model's state. */
export const KDE_STATE: unique symbol = Symbol('KernelDensity.state');

/** Work (n·m distance evaluations) above which 'auto' prefers the k-d tree. */
const AUTO_TREE_WORK = 4e6;
/** The fewest queries per block when scoring with a progress callback. */
const PROGRESS_BLOCK = 4096;
/** Queries per call from which the k-d tree path scores them in spatial order (see `treeQueryOrder`). */
const QUERY_ORDER_MIN = 64;

/**
 * Kernel density estimation: p̂(x) = (1/Σwᵢ) Σᵢ wᵢ K_h(x − xᵢ), with K_h(u) = c_d h^(−d) k(‖u‖/h).
 *
 * @remarks
 * Kernels gaussian, tophat, epanechnikov, exponential, linear and cosine, each normalised exactly in every
 * dimension and for the L2, L1 and L∞ norms (see `logKernelNorm`; scikit-learn 1.2's cosine constant is
 * wrong in even dimensions and its normalisation is Euclidean-only — clusterkit is right in both cases).
 * `scoreSamples` returns log p̂ (−Infinity outside a compact kernel's support); gaussian and exponential sums run
 * in log space, so queries far from the data get finite values. 'exact' costs O(n·m·d), blocked for cache; the
 * k-d tree ('kd_tree') meets |p̂ − p| ≤ atol + rtol·p, as scikit-learn's tree; 'auto' uses the tree when n·m is
 * large, d ≤ 8 and either a tolerance is set or the kernel is compact. `scaleByCovariance: true` is SciPy's
 * `gaussian_kde`: kernel covariance Σ_K = bandwidth²·cov(X) and p̂(x) = Σ wᵢ N(x; xᵢ, Σ_K)/Σwᵢ (evaluated by
 * whitening with the Cholesky factor of Σ_K). Constant data never yield NaN: see `kernelCovariance` for
 * the fallback when the covariance is singular (with a 'DEGENERATE' warning).
 * The sums (exact, and the tree's leaves) run in WebAssembly SIMD where available and large enough (see
 * `setBackend`; the training rows are copied into wasm memory once per fitted model; for many rows and queries with a
 * short kernel reach, sorted into boxed groups so that groups contributing < e^−33 of the sum are skipped): log
 * densities equal the plain-TypeScript kernels' to 1e-13 (absolute on log p̂, i.e. relative on p̂), and the tree keeps
 * its atol/rtol bound.
 * On the fixtures: equal to a float64 brute force to 1e-10 (log space, −Infinity included); to
 * `sklearn.neighbors.KernelDensity` (atol = rtol = 0) within 1e-9·p + 1e-12·max p — scikit-learn's tree keeps
 * ~1e-16 of the root bound as slack, so its far-tail log densities drift (e.g. −37.9 where the exact value is
 * −40.1); to `scipy.stats.gaussian_kde.logpdf` to 1e-9, with and without weights.
 * @example
 * const kde = new KernelDensity({ bandwidth: 0.5 }).fit([[0], [1], [1.5]]);
 * kde.scoreSamples([[1]]); // Float64Array [log p̂(1)]
 */
export class KernelDensity extends Estimator<KdeState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedKernelDensityOptions>;

  /**
   * @throws {@link ValidationError} on an invalid option: bandwidth ≤ 0, an unknown kernel, metric or algorithm,
   * negative tolerances, or scaleByCovariance with a non-Euclidean metric
   */
  constructor(options: KernelDensityOptions = {}) {
    super('KernelDensity');
    const bw = options.bandwidth ?? 1;
    const bandwidth =
      typeof bw === 'string'
        ? checkOneOf(bw, ['scott', 'silverman'] as const, 'bandwidth')
        : checkNumber(bw, 'bandwidth', 0, { minExclusive: true, max: Number.MAX_VALUE });
    const metric = checkMetricName(options.metric ?? 'euclidean', DENSITY_METRICS, 'KernelDensity');
    const scaleByCovariance = options.scaleByCovariance ?? false;
    if (typeof scaleByCovariance !== 'boolean') {
      throw new ValidationError(
        `scaleByCovariance must be true or false; got ${JSON.stringify(scaleByCovariance)}.`,
        { param: 'scaleByCovariance' },
        'INVALID_OPTION',
      );
    }
    if (scaleByCovariance && metric !== 'euclidean') {
      throw new ValidationError(
        `scaleByCovariance uses the Mahalanobis (Euclidean) distance; got metric '${metric}' — drop one of the two.`,
        { param: 'metric' },
        'INVALID_OPTION',
      );
    }
    this.options = Object.freeze({
      bandwidth,
      kernel: checkOneOf(options.kernel ?? 'gaussian', KERNELS, 'kernel'),
      algorithm: checkOneOf(options.algorithm ?? 'auto', KDE_ALGORITHMS, 'algorithm'),
      atol: checkNumber(options.atol ?? 0, 'atol', 0, { max: Number.MAX_VALUE }),
      rtol: checkNumber(options.rtol ?? 0, 'rtol', 0, { max: Number.MAX_VALUE }),
      metric,
      scaleByCovariance,
      leafSize: checkInt(options.leafSize ?? 100, 'leafSize', 1),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the estimate to the rows of X (n×d).
   * @param opts.sampleWeight - optional non-negative weight per row (integer weights equal duplicated rows)
   * @throws {@link ValidationError} on NaN/Infinity, empty or ragged data, or bad weights
   */
  fit(X: MatrixLike, opts: { sampleWeight?: ArrayLike<number> } = {}): this {
    const m = toMatrix(X, 'X');
    checkSquaredMagnitude(m, 'KernelDensity: the squared kernel distances (and the covariance of scaleByCovariance)');
    const { rows: nFit, cols: d } = m;
    const w0 = opts.sampleWeight === undefined ? unitWeights(nFit) : toSampleWeight(opts.sampleWeight, nFit);
    let n = nFit;
    if (opts.sampleWeight !== undefined) {
      n = 0;
      for (let i = 0; i < nFit; i++) if (w0[i] > 0) n++;
    }
    let raw: Float64Array;
    let w: Float64Array;
    if (n === nFit) {
      // The model keeps its own rows: a copy of a caller's matrix, or the array toMatrix has just built (no second copy).
      raw = isMatrix(X) && X.data === m.data ? m.data.slice() : m.data;
      w = w0;
    } else {
      raw = new Float64Array(n * d);
      w = new Float64Array(n);
      for (let i = 0, t = 0; i < nFit; i++) {
        if (w0[i] > 0) {
          for (let j = 0; j < d; j++) raw[t * d + j] = m.data[i * d + j];
          w[t++] = w0[i];
        }
      }
    }
    let total = n;
    if (opts.sampleWeight !== undefined) {
      total = 0;
      for (let i = 0; i < n; i++) total += w[i];
    }
    this.setState(buildState(raw, w, n, d, nFit, total, this.options, null));
    return this;
  }

  /** @internal The fitted state, for the grid helpers (not part of the public API). */
  [KDE_STATE](): KdeState {
    return this.state('densityGrid');
  }

  /** The resolved bandwidth: h, or SciPy's covariance factor when `scaleByCovariance`. */
  get bandwidth(): number {
    return this.state('bandwidth').bandwidth;
  }
  /** Kernel covariance Σ_K = bandwidth²·cov(X) (d×d) when `scaleByCovariance`, else null. */
  get bandwidthCovariance(): Matrix | null {
    const s = this.state('bandwidthCovariance');
    return s.covariance === null ? null : { rows: s.d, cols: s.d, data: s.covariance.slice() };
  }
  /**
   * Where the last scoring call (`scoreSamples`, `score`) ran: `'js'` (the TypeScript sums), `'wasm'`
   * (the WebAssembly SIMD sums or tree leaves), `'wasm+pool(2)'` (a worker pool's helper thread scored half of the
   * queries); `'none'` before any scoring. KDE chooses per scoring call, where the work is known. Results are
   * bit-identical whichever path ran.
   * @throws NotFittedError before `fit`
   */
  get backend(): string {
    return this.state('backend').backend ?? 'none';
  }

  /**
   * Log density log p̂(x) at each row of X (m×d).
   * @remarks −Infinity where a compact kernel puts no mass. Uses the tree or the exact sum (see the class remarks).
   * @param opts.onProgress - called with the rows scored and m, in blocks of at least 4096 rows (about a hundred
   * calls at most; {@link ProgressCallback}); the result is unchanged
   * @throws {@link ValidationError} when X has NaN or a number of columns other than at fit
   */
  scoreSamples(X: MatrixLike, opts: { onProgress?: ProgressCallback } = {}): Float64Array {
    const s = this.state('scoreSamples');
    const q = toMatrix(X, 'X', { cols: s.d });
    const z = toKernelSpace(s, q.data, q.rows);
    return scoreState(s, z, q.rows, this.options, this.#chooseAlgorithm(s, q.rows), opts.onProgress);
  }

  /**
   * Total log-likelihood Σᵢ log p̂(xᵢ) of the rows of X, as scikit-learn's `KernelDensity.score` — the SUM, not the
   * per-sample mean that `GaussianMixture.score` returns (both follow their scikit-learn counterparts).
   * @throws {@link ValidationError} as {@link KernelDensity.scoreSamples}
   */
  score(X: MatrixLike): number {
    const v = this.scoreSamples(X);
    let t = 0;
    for (let i = 0; i < v.length; i++) t += v[i];
    return t;
  }

  /** The algorithm 'auto' resolves to for m queries ('exact' or 'kd_tree'). */
  resolveAlgorithm(m: number): 'exact' | 'kd_tree' {
    return this.#chooseAlgorithm(this.state('resolveAlgorithm'), m);
  }

  #chooseAlgorithm(s: KdeState, m: number): 'exact' | 'kd_tree' {
    const a = this.options.algorithm;
    if (a === 'exact' || a === 'kd_tree') return a;
    const tolerant = this.options.atol > 0 || this.options.rtol > 0 || isCompact(this.options.kernel);
    return tolerant && s.d <= 8 && s.n * m >= AUTO_TREE_WORK && s.n >= 256 ? 'kd_tree' : 'exact';
  }

  /**
   * Draws `nSamples` points from the estimate: pick row i with probability wᵢ/Σw, add a draw from the kernel.
   * @remarks
   * Every kernel is supported (scikit-learn: gaussian and tophat only). Radial kernels draw a direction uniformly
   * on the unit sphere of the norm's ball, and a radius r with density ∝ k(r) r^(d−1): gaussian exactly;
   * exponential as a Gamma(d) variate; tophat as U^(1/d); epanechnikov, linear and cosine by rejection from U^(1/d).
   * With `scaleByCovariance` the whitened draw is mapped back through the Cholesky factor. O(nSamples·d).
   * @param seed - PRNG seed (drawn when omitted)
   * @returns nSamples×d matrix
   */
  sample(nSamples = 1, seed?: number): Matrix {
    const s = this.state('sample');
    const count = checkInt(nSamples, 'nSamples', 1);
    const rng = createRng(resolveSeed(checkSeed(seed)));
    const { d, n } = s;
    const cum = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) cum[i] = acc += s.w[i];
    const out = new Float64Array(count * d);
    const u = new Float64Array(d);
    for (let t = 0; t < count; t++) {
      // Weighted row choice by binary search on the cumulative weights (uniform when all weights are equal).
      const target = rng.nextFloat() * acc;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      drawKernel(rng, this.options.kernel, this.options.metric, d, u);
      for (let j = 0; j < d; j++) u[j] *= s.h;
      if (s.chol !== null) {
        // x = xᵢ + L·u
        for (let j = d - 1; j >= 0; j--) {
          let v = 0;
          for (let k = 0; k <= j; k++) v += s.chol[j * d + k] * u[k];
          u[j] = v;
        }
      }
      for (let j = 0; j < d; j++) out[t * d + j] = s.raw[lo * d + j] + u[j];
    }
    return { rows: count, cols: d, data: out };
  }

  /** Serialises the fitted model (options, training rows and weights) to a JSON-safe object. */
  /** The options as saved (a copy). */
  protected override saveOptions(): object {
    return { ...this.options };
  }
  /** The saved state: the training rows and weights (zero weights dropped), nFit and the bandwidth. */
  protected saveState(s: KdeState): object {
    return {
      data: toArrays({ rows: s.n, cols: s.d, data: s.raw }),
      sampleWeight: Array.from(s.w),
      nFit: s.nFit,
      bandwidth: s.bandwidth,
    };
  }

  /** Restores a model saved with {@link KernelDensity.toJSON}. */
  static fromJSON(json: unknown): KernelDensity {
    type State = { data: number[][]; sampleWeight: number[]; nFit: number; bandwidth: number };
    const m = checkModelJSON<KernelDensityOptions, State>(json, 'KernelDensity');
    const kde = new KernelDensity(m.options);
    const x = toMatrix(m.state.data, 'data');
    const w = toSampleWeight(m.state.sampleWeight, x.rows);
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i];
    return KernelDensity.restore(kde, buildState(x.data, w, x.rows, x.cols, m.state.nFit, total, kde.options, null));
  }
}

/** Resolves the bandwidth, the covariance scaling and the normalising constant. */
function buildState(
  raw: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  nFit: number,
  total: number,
  o: Readonly<ResolvedKernelDensityOptions>,
  tree: KdTree | null,
): KdeState {
  const warnings: ModelWarning[] = [];
  let h: number;
  let bandwidth: number;
  let covariance: Float64Array | null = null;
  let chol: Float64Array | null = null;
  let x: Float64Array | null = raw;
  let logDetL = 0;
  if (o.scaleByCovariance) {
    const kc = kernelCovariance(raw, n, d, w, o.bandwidth);
    bandwidth = kc.factor;
    covariance = kc.cov;
    chol = kc.chol;
    h = 1;
    if (kc.degenerate) {
      warnings.push({
        code: 'DEGENERATE',
        message:
          'The data covariance is singular (constant or collinear columns, or one row); a ridge (or the identity) ' +
          'was used in its place so that the density stays finite.',
      });
    }
    for (let j = 0; j < d; j++) logDetL += Math.log(chol[j * d + j]);
    x = null; // whitened lazily (the grid helpers work on raw rows)
  } else {
    // scikit-learn counts rows (nFit), not weights, in its rules of thumb.
    if (o.bandwidth === 'scott') h = scottBandwidth(nFit, d);
    else if (o.bandwidth === 'silverman') h = silvermanBandwidth(nFit, d);
    else h = o.bandwidth;
    bandwidth = h;
  }
  const logNorm = logKernelNorm(o.kernel, d, o.metric) - d * Math.log(h) - logDetL - Math.log(total);
  return {
    raw,
    x,
    w,
    n,
    d,
    nFeaturesIn: d,
    nFit,
    totalWeight: total,
    h,
    bandwidth,
    covariance,
    chol,
    logNorm,
    metricId: enumDensityMetric(o.metric),
    tree,
    extent: null,
    warnings,
    backend: null,
  };
}

/** Rows of y (m×d, IN) mapped to z = L⁻¹y (new array): forward substitution, row by row, inlined. */
function whiten(L: Float64Array, d: number, y: Float64Array, m: number): Float64Array {
  const z = new Float64Array(m * d);
  if (d === 1) {
    const inv = 1 / L[0];
    for (let q = 0; q < m; q++) z[q] = y[q] * inv;
    return z;
  }
  for (let q = 0; q < m; q++) {
    const o = q * d;
    for (let i = 0; i < d; i++) {
      let v = y[o + i];
      for (let k = 0; k < i; k++) v -= L[i * d + k] * z[o + k];
      z[o + i] = v / L[i * d + i];
    }
  }
  return z;
}

/** The training rows in kernel space, whitening them on first use. */
function kernelRows(s: KdeState): Float64Array {
  if (s.x === null) s.x = whiten(s.chol as Float64Array, s.d, s.raw, s.n);
  return s.x;
}

/** @internal Maps query rows into kernel space (whitening by L⁻¹ when scaling by covariance). */
export function toKernelSpace(s: KdeState, y: Float64Array, m: number): Float64Array {
  return s.chol === null ? y : whiten(s.chol, s.d, y, m);
}

/** @internal Log densities of m kernel-space rows z with the chosen algorithm. */
export function scoreState(
  s: KdeState,
  z: Float64Array,
  m: number,
  o: Readonly<ResolvedKernelDensityOptions>,
  algorithm: 'exact' | 'kd_tree',
  onProgress?: ProgressCallback,
): Float64Array {
  const out = new Float64Array(m);
  // With a callback, the queries go in blocks of at least PROGRESS_BLOCK rows (the same per-query sums: every
  // choice below is made for all m queries, and each query's sum is independent of the others).
  const block = onProgress === undefined ? m : Math.max(PROGRESS_BLOCK, Math.ceil(m / 100));
  const report = progressSteps(onProgress, m);
  if (algorithm === 'kd_tree') {
    if (s.tree === null) s.tree = buildKdTree(kernelRows(s), s.w, s.n, s.d, o.leafSize);
    // Tolerance on the density → tolerance on the weighted kernel sum G: p = e^logNorm · G.
    const atolG = o.atol === 0 ? 0 : o.atol * Math.exp(-s.logNorm);
    // The wasm leaf kernel over the tree-ordered rows (copied once per fitted model, cached by the tree's array).
    const leaves = useDensityWasm(s.n * m, o.leafSize) ? densityWorkspace(s.tree.x, s.tree.w, s.n, s.d) : null;
    // With a worker pool, large calls split the queries with its helper thread (bit-identical; see treeSums).
    const kernelId = enumKernel(o.kernel);
    let split = false;
    for (let q0 = 0; q0 < m; q0 += block) {
      const mb = Math.min(block, m - q0);
      let zb = z.subarray(q0 * s.d, (q0 + mb) * s.d);
      const ob = out.subarray(q0, q0 + mb);
      // Scored in spatial order (neighbouring queries visit the same leaves, which stay in cache); each query's
      // sum depends on that query only, so the order changes no result.
      const order = mb >= QUERY_ORDER_MIN ? treeQueryOrder(s.tree, zb, mb) : null;
      let os = ob;
      if (order !== null) {
        zb = gatherRows(zb, s.d, order);
        os = new Float64Array(mb);
      }
      const sp = leaves?.treeSums(s.tree, zb, mb, s.h, kernelId, s.metricId, atolG, o.rtol, os) ?? false;
      if (!sp) logKernelSumsTree(s.tree, zb, mb, s.h, o.kernel, s.metricId, atolG, o.rtol, os, leaves);
      if (order !== null) for (let i = 0; i < mb; i++) ob[order[i]] = os[i];
      split ||= sp;
      report(q0 + mb);
    }
    s.backend = describeBackend({
      backend: leaves === null ? 'js' : 'wasm',
      threads: split ? (leaves?.lastThreads ?? 1) : 1,
    });
  } else {
    const x = kernelRows(s);
    let ws = null;
    if (useDensityWasm(s.n * m)) {
      // Many rows and queries and a short kernel reach: rows sorted into boxed groups once, far groups skipped.
      const grouped = preferGrouped(x, s.n, s.d, m, s.h, enumKernel(o.kernel));
      ws = densityWorkspace(x, s.w, s.n, s.d, grouped);
    }
    for (let q0 = 0; q0 < m; q0 += block) {
      const mb = Math.min(block, m - q0);
      const zb = z.subarray(q0 * s.d, (q0 + mb) * s.d);
      const ob = out.subarray(q0, q0 + mb);
      if (ws !== null) ws.logSums(zb, mb, s.h, enumKernel(o.kernel), s.metricId, ob);
      else logKernelSumsExact(x, s.w, s.n, s.d, zb, mb, s.h, o.kernel, s.metricId, ob);
      report(q0 + mb);
    }
    s.backend = describeBackend({ backend: ws === null ? 'js' : 'wasm', threads: ws?.lastThreads ?? 1 });
  }
  for (let q = 0; q < m; q++) out[q] += s.logNorm;
  return out;
}

/**
 * Writes one draw from the unit-bandwidth kernel k(‖u‖) (normalised) into u (length d, OUT).
 * Direction: uniform on the unit sphere of the norm (Gaussian / Laplace / uniform-cube normalisation).
 */
function drawKernel(rng: Rng, kernel: KernelName, metric: DensityMetric, d: number, u: Float64Array): void {
  if (kernel === 'gaussian' && metric === 'euclidean') {
    for (let j = 0; j < d; j++) u[j] = rng.nextNormal();
    return;
  }
  // Direction v with ‖v‖ = 1 in the chosen norm, uniform with respect to the cone measure.
  let norm = 0;
  if (metric === 'euclidean') {
    for (let j = 0; j < d; j++) {
      u[j] = rng.nextNormal();
      norm += u[j] * u[j];
    }
    norm = Math.sqrt(norm);
  } else if (metric === 'cityblock') {
    for (let j = 0; j < d; j++) {
      const e = -Math.log(1 - rng.nextFloat());
      u[j] = rng.nextFloat() < 0.5 ? -e : e;
      norm += e;
    }
  } else {
    for (let j = 0; j < d; j++) {
      u[j] = 2 * rng.nextFloat() - 1;
      if (Math.abs(u[j]) > norm) norm = Math.abs(u[j]);
    }
  }
  if (!(norm > 0)) {
    u.fill(0);
    return;
  }
  const r = drawRadius(rng, kernel, d);
  for (let j = 0; j < d; j++) u[j] *= r / norm;
}

/** Radius with density ∝ k(r)·r^(d−1) on [0, ∞). */
function drawRadius(rng: Rng, kernel: KernelName, d: number): number {
  switch (kernel) {
    case 'gaussian': {
      // chi distribution with d degrees of freedom
      let s = 0;
      for (let j = 0; j < d; j++) {
        const z = rng.nextNormal();
        s += z * z;
      }
      return Math.sqrt(s);
    }
    case 'exponential': {
      // Gamma(d, 1) as a sum of d standard exponentials
      let s = 0;
      for (let j = 0; j < d; j++) s -= Math.log(1 - rng.nextFloat());
      return s;
    }
    case 'tophat':
      return (1 - rng.nextFloat()) ** (1 / d);
    default:
      // Proposal U^(1/d) (density ∝ r^(d−1) on [0,1]); accept with probability k(r) ≤ 1.
      for (;;) {
        const r = (1 - rng.nextFloat()) ** (1 / d);
        if (rng.nextFloat() < kernelProfile(kernel, r)) return r;
      }
  }
}
