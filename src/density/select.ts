/**
 * Data-driven bandwidth selection: cross-validated log-likelihood over a grid (any dimension, any kernel) and the
 * Improved Sheather–Jones plug-in selector for 1-D data (Botev, Grotowski & Kroese 2010).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { type MatrixLike, toMatrix } from '../core/matrix.js';
import { type ProgressCallback, progressSteps } from '../core/progress.js';
import { createRng, resolveSeed, shuffleInPlace } from '../core/random.js';
import { columnVariances } from '../core/stats.js';
import { checkInt, checkOneOf, checkSeed } from '../core/validate.js';
import { fftInPlace, twiddles } from './fft.js';
import { KernelDensity } from './KernelDensity.js';
import { type DensityMetric, KERNELS, type KernelName } from './kernels.js';

/** Options of {@link selectBandwidth}. */
export interface SelectBandwidthOptions {
  /** Candidate bandwidths (all > 0). @defaultValue 20 values, geometric, from h₀/4 to 4h₀ (h₀: normal reference) */
  grid?: ArrayLike<number>;
  /** Number of cross-validation folds (shuffled). @defaultValue 5 */
  folds?: number;
  /** Kernel. @defaultValue 'gaussian' */
  kernel?: KernelName;
  /** Norm of the kernel distance. @defaultValue 'euclidean' */
  metric?: DensityMetric;
  /** Seed of the fold shuffle. */
  seed?: number;
  /**
   * Explicit fold id (integer ≥ 0) of every row, as scikit-learn's `PredefinedSplit(test_fold)`: each distinct id is
   * one held-out fold. Overrides `folds` and `seed`.
   */
  foldIds?: ArrayLike<number>;
  /** Called with (fits done, |grid|·folds) after each fold's fit and score (for a progress bar; result unchanged). */
  onProgress?: ProgressCallback;
}

/** Result of {@link selectBandwidth}. */
export interface BandwidthSelection {
  /** The grid value with the highest score. */
  bandwidth: number;
  /** The candidates, in the order given. */
  grid: Float64Array;
  /** Mean over folds of the held-out total log-likelihood Σ log p̂(xᵢ) (scikit-learn's GridSearchCV mean_test_score). */
  scores: Float64Array;
  /** The fold seed used. */
  seed: number;
}

/**
 * Chooses the bandwidth that maximises the cross-validated log-likelihood, as `GridSearchCV(KernelDensity(),
 * {'bandwidth': grid}, cv=KFold(folds, shuffle=True))` would.
 * @remarks
 * For each candidate h and fold f: fit on the other folds, score Σ log p̂(xᵢ) on fold f; average over folds and
 * take the best (the first on ties). Compact kernels score −Infinity when a held-out row has no training row within
 * h. O(|grid|·n²·d). With `foldIds` the scores equal scikit-learn's `GridSearchCV(..., cv=PredefinedSplit(foldIds))`
 * mean_test_score (to 1e-9 against a float64 brute force; scikit-learn's own tree drifts by up to ~0.2 % at
 * small h, from its far-tail rounding); when every candidate scores −Infinity scikit-learn returns the first one,
 * clusterkit throws. The default grid is centred on the normal-reference bandwidth
 * h₀ = σ̄·(4/((d+2)n))^(1/(d+4)), σ̄ the mean column standard deviation.
 * @throws {@link ValidationError} on bad data, fewer rows than folds, a non-positive candidate, or when every
 * candidate scores −Infinity
 * @example
 * const X = [[0.1], [0.5], [0.4], [1.9], [2.2], [2.1], [2.5], [0.3], [1.8], [2.0]];
 * const { bandwidth, scores } = selectBandwidth(X, { grid: [0.1, 0.2, 0.4, 0.8], folds: 5, seed: 0 });
 */
export function selectBandwidth(X: MatrixLike, opts: SelectBandwidthOptions = {}): BandwidthSelection {
  const m = toMatrix(X, 'X');
  const { rows: n, cols: d, data } = m;
  const folds = checkInt(opts.folds ?? 5, 'folds', 2);
  if (opts.foldIds === undefined && n < folds) {
    throw new ValidationError(`X has ${n} rows but folds=${folds}; use at most ${n} folds.`, { param: 'folds' });
  }
  const kernel = checkOneOf(opts.kernel ?? 'gaussian', KERNELS, 'kernel');
  let grid: Float64Array;
  if (opts.grid === undefined) {
    const v = columnVariances(data, n, d);
    let sd = 0;
    for (let j = 0; j < d; j++) sd += Math.sqrt(v[j]);
    sd /= d;
    const h0 = (sd > 0 ? sd : 1) * (4 / ((d + 2) * n)) ** (1 / (d + 4));
    grid = new Float64Array(20);
    for (let g = 0; g < 20; g++) grid[g] = h0 * 4 ** ((2 * g) / 19 - 1);
  } else {
    grid = Float64Array.from(opts.grid);
    if (grid.length === 0) throw new ValidationError('grid is empty; pass at least one bandwidth.', { param: 'grid' });
    for (let g = 0; g < grid.length; g++) {
      if (!(grid[g] > 0) || !Number.isFinite(grid[g])) {
        throw new ValidationError(`grid[${g}] is ${grid[g]}; every bandwidth must be a finite number > 0.`, {
          param: 'grid',
        });
      }
    }
  }
  const seed = resolveSeed(checkSeed(opts.seed));
  // Fold of each row: given (PredefinedSplit), or KFold(folds, shuffle=True) on a seeded permutation, where the
  // first n % folds folds get one extra row.
  const fold = new Int32Array(n);
  let foldIds: number[];
  if (opts.foldIds !== undefined) {
    const ids = opts.foldIds;
    if (ids.length !== n) {
      throw new ValidationError(`foldIds has length ${ids.length} but X has ${n} rows; give one fold id per row.`, {
        param: 'foldIds',
      });
    }
    for (let i = 0; i < n; i++) {
      const v = ids[i];
      if (!Number.isInteger(v) || v < 0) {
        throw new ValidationError(`foldIds[${i}] is ${v}; fold ids must be integers >= 0.`, { param: 'foldIds' });
      }
      fold[i] = v;
    }
    foldIds = [...new Set(Array.from(fold))].sort((a, b) => a - b);
    if (foldIds.length < 2) {
      throw new ValidationError('foldIds name a single fold; cross-validation needs at least 2.', {
        param: 'foldIds',
      });
    }
  } else {
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    shuffleInPlace(createRng(seed), perm);
    let p = 0;
    for (let f = 0; f < folds; f++) {
      const size = Math.floor(n / folds) + (f < n % folds ? 1 : 0);
      for (let t = 0; t < size; t++) fold[perm[p++]] = f;
    }
    foldIds = Array.from({ length: folds }, (_, f) => f);
  }
  const scores = new Float64Array(grid.length);
  const split = (f: number) => {
    let nTest = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) nTest++;
    const train = new Float64Array((n - nTest) * d);
    const test = new Float64Array(nTest * d);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (fold[i] === f) test.set(data.subarray(i * d, i * d + d), d * b++);
      else train.set(data.subarray(i * d, i * d + d), d * a++);
    }
    return { train: { rows: n - nTest, cols: d, data: train }, test: { rows: nTest, cols: d, data: test } };
  };
  const splits = foldIds.map(split);
  const report = progressSteps(opts.onProgress, grid.length * splits.length);
  for (let g = 0; g < grid.length; g++) {
    let s = 0;
    for (let f = 0; f < splits.length; f++) {
      const sp = splits[f];
      const kde = new KernelDensity({ bandwidth: grid[g], kernel, metric: opts.metric }).fit(sp.train);
      s += kde.score(sp.test);
      report(g * splits.length + f + 1);
    }
    scores[g] = s / splits.length;
  }
  let best = -1;
  for (let g = 0; g < grid.length; g++)
    if (scores[g] > Number.NEGATIVE_INFINITY && (best < 0 || scores[g] > scores[best])) best = g;
  if (best < 0) {
    throw new ValidationError(
      'Every candidate bandwidth leaves a held-out row with zero density (score −Infinity); try larger bandwidths or the gaussian kernel.',
      { param: 'grid' },
    );
  }
  return { bandwidth: grid[best], grid, scores, seed };
}

/** Options of {@link isjBandwidth}. */
export interface IsjOptions {
  /** Size of the binning grid, a power of two. @defaultValue 16384 (2¹⁴, as Botev's kde.m) */
  gridSize?: number;
}

/**
 * The Improved Sheather–Jones bandwidth for 1-D data (Botev, Grotowski & Kroese 2010, "Kernel density estimation
 * via diffusion"): a plug-in selector without the normal-reference assumption, good for multimodal data.
 * @remarks
 * As Botev's kde.m: bin the data on 2¹⁴ points over [min − R/10, max + R/10] (histogram), take the DCT-II aₖ,
 * and solve t = ξ·γ⁽ℓ⁾(t) with ℓ = 7 stages of the functional
 *   ‖f^(s)‖² ≈ 2π^(2s) Σₖ k^(2s) (aₖ/2)² e^(−k²π²t), t_s = (2·c_s·K_s / (N·‖f^(s+1)‖²))^(2/(3+2s)),
 *   c_s = (1 + 2^(−(s+½)))/3, K_s = (1·3·5⋯(2s−1))/√(2π),
 * for t* = (2N√π ‖f''‖²)^(−2/5) by bracketing on [0, tol] (tol = 10⁻¹² + 0.01(N−50)/1000, N clamped to [50, 1050],
 * doubled up to 0.1, then a golden-section minimum of |F| on [0, 0.1]); N counts the distinct values; h = √t*·R.
 * The DCT uses a radix-2 FFT: O(G log G) per evaluation. Matches a NumPy/SciPy transcription of kde.m (scipy.fft.dct,
 * scipy.optimize.brentq) to 1e-10 relative on the fixtures.
 * @throws {@link ValidationError} on NaN/Infinity, fewer than two distinct values, or a grid size that is not a power of two
 * @example
 * isjBandwidth([0.1, 0.4, 0.35, 2.2, 2.5, 2.4, 2.45]); // a bandwidth for a bimodal sample
 */
export function isjBandwidth(x: ArrayLike<number>, opts: IsjOptions = {}): number {
  const n = checkInt(opts.gridSize ?? 16384, 'gridSize', 4);
  if ((n & (n - 1)) !== 0) {
    throw new ValidationError(`gridSize must be a power of two; got ${n}.`, { param: 'gridSize' }, 'INVALID_OPTION');
  }
  const m = x.length;
  const v = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const t = x[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new ValidationError(`x[${i}] is ${t}; isjBandwidth needs finite numbers.`, { param: 'x', row: i });
    }
    v[i] = t;
  }
  const sorted = v.slice().sort();
  let distinct = m > 0 ? 1 : 0;
  for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct < 2) {
    throw new ValidationError(
      `isjBandwidth needs at least two distinct values; got ${distinct}. Use a fixed bandwidth for constant data.`,
      { param: 'x' },
    );
  }
  const mn = sorted[0];
  const mx = sorted[m - 1];
  const range = mx - mn;
  const lo = mn - range / 10;
  const hi = mx + range / 10;
  const R = hi - lo;
  // numpy.linspace(lo, hi, n): lo + k·step, last point exactly hi; MATLAB histc bins [e_k, e_{k+1}).
  const step = (hi - lo) / (n - 1);
  const edges = new Float64Array(n);
  for (let k = 0; k < n; k++) edges[k] = k * step + lo;
  edges[n - 1] = hi;
  const counts = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    let a = 0;
    let b = n; // first index with edges[idx] > v
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (edges[mid] <= v[i]) a = mid + 1;
      else b = mid;
    }
    counts[Math.min(n - 1, Math.max(0, a - 1))] += 1;
  }
  for (let k = 0; k < n; k++) counts[k] /= m;
  const a = dct2(counts, n);
  const I = new Float64Array(n - 1);
  const a2 = new Float64Array(n - 1);
  for (let k = 1; k < n; k++) {
    I[k - 1] = k * k;
    a2[k - 1] = (a[k] / 2) ** 2;
  }
  const N = distinct;
  const ka2: Float64Array[] = [];
  for (let p = 0; p <= 7; p++) {
    const c = new Float64Array(n - 1);
    if (p >= 2) for (let k = 0; k < n - 1; k++) c[k] = I[k] ** p * a2[k];
    ka2.push(c);
  }
  const F = (t: number) => isjFixedPoint(t, N, I, ka2);
  const Nc = Math.min(Math.max(N, 50), 1050);
  let tol = 1e-12 + (0.01 * (Nc - 50)) / 1000;
  let tStar: number;
  for (;;) {
    const root = bracketRoot(F, 0, tol);
    if (root !== null) {
      tStar = root;
      break;
    }
    if (tol >= 0.1) {
      tStar = goldenMin((t) => Math.abs(F(t)), 0, 0.1);
      break;
    }
    tol = Math.min(tol * 2, 0.1);
  }
  return Math.sqrt(tStar) * R;
}

/** ξγ^[ℓ] fixed-point residual of Botev et al. (ℓ = 7); ka2[s][k] = I[k]^s·a2[k] precomputed for s = 2..7. */
function isjFixedPoint(t: number, N: number, I: Float64Array, ka2: Float64Array[]): number {
  const ell = 7;
  const pi2 = Math.PI * Math.PI;
  const sumAt = (s: number, time: number) => {
    const c = ka2[s];
    let f = 0;
    for (let k = 0; k < I.length; k++) f += c[k] * Math.exp(-I[k] * pi2 * time);
    return 2 * Math.PI ** (2 * s) * f;
  };
  let f = sumAt(ell, t);
  for (let s = ell - 1; s >= 2; s--) {
    let prod = 1;
    for (let q = 1; q <= 2 * s - 1; q += 2) prod *= q;
    const K0 = prod / Math.sqrt(2 * Math.PI);
    const c = (1 + 0.5 ** (s + 0.5)) / 3;
    const time = ((2 * c * K0) / N / f) ** (2 / (3 + 2 * s));
    f = sumAt(s, time);
  }
  return t - (2 * N * Math.sqrt(Math.PI) * f) ** (-2 / 5);
}

/** Root of f in [a, b] by bisection to machine precision; null when f(a), f(b) have the same sign. */
function bracketRoot(f: (t: number) => number, a: number, b: number): number | null {
  let fa = f(a);
  const fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(fa < 0 !== fb < 0) || Number.isNaN(fa) || Number.isNaN(fb)) return null;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (a + b);
    if (mid <= a || mid >= b) break;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (fm < 0 === fa < 0) {
      a = mid;
      fa = fm;
    } else b = mid;
  }
  return 0.5 * (a + b);
}

/** Minimum of a unimodal g on [a, b] by golden-section search. */
function goldenMin(g: (t: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let gc = g(c);
  let gd = g(d);
  for (let it = 0; it < 200 && b - a > 1e-15; it++) {
    if (gc < gd) {
      b = d;
      d = c;
      gd = gc;
      c = b - r * (b - a);
      gc = g(c);
    } else {
      a = c;
      c = d;
      gc = gd;
      d = a + r * (b - a);
      gd = g(d);
    }
  }
  return 0.5 * (a + b);
}

/**
 * DCT-II as MATLAB's dct1d in kde.m: y₀ = Σ xⱼ, y_k = 2 Σⱼ xⱼ cos(πk(2j+1)/(2n)) for k ≥ 1, through one complex FFT
 * of the even/odd reordering. x n (IN, n a power of two); returns n values.
 */
export function dct2(x: Float64Array, n: number): Float64Array {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const half = n >> 1;
  for (let j = 0; j < half; j++) {
    re[j] = x[2 * j];
    re[n - 1 - j] = x[2 * j + 1];
  }
  const { cos, sin } = twiddles(n);
  fftInPlace(re, im, n, false, cos, sin);
  const out = new Float64Array(n);
  out[0] = re[0];
  for (let k = 1; k < n; k++) {
    const ang = (-Math.PI * k) / (2 * n);
    out[k] = 2 * (re[k] * Math.cos(ang) - im[k] * Math.sin(ang));
  }
  return out;
}
