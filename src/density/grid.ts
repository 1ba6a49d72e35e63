/**
 * Density on a regular grid, for plotting: binned FFT convolution (linear binning) in 1-D and 2-D, or direct
 * evaluation through the fitted estimator.
 * @module
 */
import { checkBudget, DEFAULT_MEMORY_BUDGET } from '../core/distance.js';
import { ValidationError } from '../core/errors.js';
import { checkInt, checkOneOf } from '../core/validate.js';
import { convolve1D, convolve2D } from './fft.js';
import { KDE_STATE, type KdeState, type KernelDensity, scoreState, toKernelSpace } from './KernelDensity.js';
import { isCompact, type KernelName, kernelProfile } from './kernels.js';

/** How a grid is evaluated: 'auto' picks FFT for large n × grid size (d ≤ 2), else the estimator's own path. */
export type GridAlgorithm = 'auto' | 'fft' | 'exact' | 'kd_tree';
const GRID_ALGORITHMS: readonly GridAlgorithm[] = ['auto', 'fft', 'exact', 'kd_tree'];
/** n × grid points above which 'auto' uses the FFT. */
const AUTO_FFT_WORK = 2e6;
/** Largest binning grid (per axis) before falling back to direct evaluation. */
const MAX_BINS_1D = 1 << 22;
const MAX_BINS_2D = 1023;

/** Options of {@link densityGrid1D}. */
export interface DensityGrid1DOptions {
  /** Number of grid points. @defaultValue 512 */
  n?: number;
  /** [min, max] of the grid. @defaultValue data range ± the kernel's reach (3h gaussian, 5h exponential, h compact) */
  extent?: readonly [number, number];
  /** Evaluation method. @defaultValue 'auto' */
  algorithm?: GridAlgorithm;
}

/** A 1-D density curve. */
export interface DensityGrid1D {
  /** Grid points, evenly spaced. */
  x: Float64Array;
  /** p̂ at each grid point (density, not log). */
  density: Float64Array;
  /** The method used. */
  algorithm: 'fft' | 'exact' | 'kd_tree';
}

/** Options of {@link densityGrid2D}. */
export interface DensityGrid2DOptions {
  /** Grid points along x. @defaultValue 128 */
  nx?: number;
  /** Grid points along y. @defaultValue 128 */
  ny?: number;
  /** [[xmin, xmax], [ymin, ymax]]. @defaultValue data ranges ± the kernel's reach */
  extent?: readonly [readonly [number, number], readonly [number, number]];
  /** Evaluation method. @defaultValue 'auto' */
  algorithm?: GridAlgorithm;
}

/** A 2-D density surface. */
export interface DensityGrid2D {
  x: Float64Array;
  y: Float64Array;
  /** p̂ on the grid, ny rows of nx values: density[j·nx + i] at (x[i], y[j]) — d3-contour's layout. */
  density: Float64Array;
  algorithm: 'fft' | 'exact' | 'kd_tree';
}

/** Kernel profile cut-off t beyond which the FFT kernel is truncated (gaussian e^(−40.5) ≈ 3e−18). */
function cutoff(kernel: KernelName): number {
  if (kernel === 'gaussian') return 9;
  if (kernel === 'exponential') return 40;
  return 1;
}

/** Display reach in units of the kernel scale, for the default extent. */
function displayReach(kernel: KernelName): number {
  if (kernel === 'gaussian') return 3;
  if (kernel === 'exponential') return 5;
  return 1;
}

/** Kernel scale along axis j in data units: h, or √(Σ_K)ⱼⱼ when scaling by covariance. */
function axisScale(s: KdeState, j: number): number {
  return s.covariance === null ? s.h : Math.sqrt(s.covariance[j * s.d + j]);
}

/** Normalised kernel value per unit weight at offset u (data units, length d): e^logNorm · k(‖·‖). */
function kernelAt(s: KdeState, kernel: KernelName, u: Float64Array, z: Float64Array): number {
  const d = s.d;
  for (let j = 0; j < d; j++) z[j] = u[j];
  if (s.chol !== null) {
    for (let i = 0; i < d; i++) {
      let v = z[i];
      for (let k = 0; k < i; k++) v -= s.chol[i * d + k] * z[k];
      z[i] = v / s.chol[i * d + i];
    }
  }
  let r = 0;
  if (s.metricId === 0) {
    for (let j = 0; j < d; j++) r += z[j] * z[j];
    r = Math.sqrt(r);
  } else if (s.metricId === 1) {
    for (let j = 0; j < d; j++) r += Math.abs(z[j]);
  } else {
    for (let j = 0; j < d; j++) r = Math.max(r, Math.abs(z[j]));
  }
  return Math.exp(s.logNorm) * kernelProfile(kernel, r / s.h);
}

/** Per-column [min, max] of the training rows, cached in the state. */
function dataExtent(s: KdeState): Float64Array {
  if (s.extent === null) {
    const e = new Float64Array(2 * s.d);
    for (let j = 0; j < s.d; j++) {
      e[2 * j] = Number.POSITIVE_INFINITY;
      e[2 * j + 1] = Number.NEGATIVE_INFINITY;
    }
    for (let i = 0; i < s.n; i++) {
      for (let j = 0; j < s.d; j++) {
        const v = s.raw[i * s.d + j];
        if (v < e[2 * j]) e[2 * j] = v;
        if (v > e[2 * j + 1]) e[2 * j + 1] = v;
      }
    }
    s.extent = e;
  }
  return s.extent;
}

function resolveExtent(s: KdeState, kernel: KernelName, j: number, given: readonly [number, number] | undefined) {
  if (given !== undefined) {
    const [a, b] = given;
    if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) {
      throw new ValidationError(`extent must be two finite numbers [min, max] with min < max; got [${a}, ${b}].`, {
        param: 'extent',
      });
    }
    return [a, b] as const;
  }
  const e = dataExtent(s);
  const lo = e[2 * j];
  const hi = e[2 * j + 1];
  const reach = displayReach(kernel) * axisScale(s, j);
  return [lo - reach, hi + reach] as const;
}

function stateOf(kde: KernelDensity, dims: number): KdeState {
  const s = kde[KDE_STATE]();
  if (s.d !== dims) {
    throw new ValidationError(
      `This grid helper needs a ${dims}-D model, but the model was fitted on ${s.d} features; use densityGrid${s.d === 1 ? '1D' : '2D'} or project the data first.`,
      { param: 'kde' },
    );
  }
  return s;
}

/**
 * Refuses a grid whose buffers (`copies` doubles per point: coordinates, log densities, densities) exceed the
 * memory budget, before allocating them.
 * @throws {@link CapacityError} naming the grid size option and memoryBudget
 */
function checkGridBudget(points: number, copies: number, what: string, option: string): void {
  checkBudget(
    8 * copies * points,
    DEFAULT_MEMORY_BUDGET,
    what,
    `lower ${option} (CLI --grid), or raise memoryBudget (setMemoryBudget).`,
  );
}

function chooseGrid(kde: KernelDensity, s: KdeState, points: number, a: GridAlgorithm): 'fft' | 'exact' | 'kd_tree' {
  if (a === 'fft' || a === 'exact' || a === 'kd_tree') return a;
  if (kde.options.algorithm === 'fft' || s.n * points >= AUTO_FFT_WORK) return 'fft';
  return kde.resolveAlgorithm(points);
}

/** Direct evaluation of the grid points through the estimator (exact or tree). */
function direct(kde: KernelDensity, s: KdeState, pts: Float64Array, m: number, algo: 'exact' | 'kd_tree') {
  const ld = scoreState(s, toKernelSpace(s, pts, m), m, kde.options, algo);
  const out = new Float64Array(m);
  for (let t = 0; t < m; t++) out[t] = Math.exp(ld[t]);
  return out;
}

/**
 * The fitted 1-D density p̂ on `n` evenly spaced points — the curve to plot.
 * @remarks
 * 'fft' bins the weighted data linearly onto a grid of spacing Δ (the output grid, extended to cover the data),
 * convolves with the kernel sampled at multiples of Δ through a radix-2 FFT, and reads the output points:
 * O(n + G log G) instead of O(n·G). The binning error, relative to max p̂ and with h the kernel scale along the
 * axis (√Σ_K,jj with `scaleByCovariance`), is at most 0.15·(Δ/h)² for gaussian and exponential, 0.1·(Δ/h) for
 * epanechnikov, linear and cosine (kinks at the support edge) and Δ/h for the discontinuous tophat (measured on
 * the tests, 1-D and 2-D). Mass outside the grid is kept (the binning grid covers all data). 'exact' / 'kd_tree' evaluate each point
 * exactly / within the model's atol + rtol. 'auto' uses the FFT when n·G ≥ 2·10⁶ or the model's algorithm is
 * 'fft'.
 * @throws {@link ValidationError} if the model is not 1-D, n < 2, or the extent is empty
 * @throws {@link CapacityError} if the grid's 4·8·n bytes exceed the memory budget
 * @throws {@link NotFittedError} if the model is not fitted
 * @example
 * const kde = new KernelDensity({ bandwidth: 0.3 }).fit([[0], [1], [1.2]]);
 * const { x, density } = densityGrid1D(kde, { n: 256 });
 */
export function densityGrid1D(kde: KernelDensity, opts: DensityGrid1DOptions = {}): DensityGrid1D {
  const s = stateOf(kde, 1);
  const kernel = kde.options.kernel;
  const G = checkInt(opts.n ?? 512, 'n', 2);
  checkGridBudget(G, 4, `densityGrid1D of ${G} points`, 'n');
  const [a, b] = resolveExtent(s, kernel, 0, opts.extent);
  const x = new Float64Array(G);
  const step = (b - a) / (G - 1);
  for (let k = 0; k < G; k++) x[k] = a + k * step;
  let algo = chooseGrid(kde, s, G, checkOneOf(opts.algorithm ?? 'auto', GRID_ALGORITHMS, 'algorithm'));
  if (algo === 'fft') {
    const out = fft1D(s, kernel, a, step, G);
    if (out !== null) return { x, density: out, algorithm: 'fft' };
    algo = kde.resolveAlgorithm(G);
  }
  return { x, density: direct(kde, s, x, G, algo), algorithm: algo };
}

/** Binned FFT density at a + kΔ, k < G; null when the binning grid would be too large. */
function fft1D(s: KdeState, kernel: KernelName, a: number, step: number, G: number): Float64Array | null {
  const e = dataExtent(s);
  const lo = e[0];
  const hi = e[1];
  const kLo = Math.min(0, Math.floor((lo - a) / step));
  const kHi = Math.max(G - 1, Math.ceil((hi - a) / step) + 1);
  const B = kHi - kLo + 1;
  const reach = cutoff(kernel) * axisScale(s, 0);
  const L = Math.min(B - 1, Math.ceil(reach / step));
  if (B + L > MAX_BINS_1D) return null;
  const c = new Float64Array(B);
  const inv = 1 / step;
  const shift = -a * inv - kLo;
  const raw = s.raw;
  const w = s.w;
  const last = B - 2;
  for (let i = 0; i < s.n; i++) {
    const pos = raw[i] * inv + shift;
    let j = pos | 0; // pos ≥ 0 by construction of kLo
    if (j > last) j = last;
    const f = pos - j;
    const wi = w[i];
    c[j] += wi - wi * f;
    c[j + 1] += wi * f;
  }
  const kern = new Float64Array(2 * L + 1);
  const u = new Float64Array(1);
  const z = new Float64Array(1);
  for (let l = -L; l <= L; l++) {
    u[0] = l * step;
    kern[l + L] = kernelAt(s, kernel, u, z);
  }
  const conv = convolve1D(c, B, kern, L);
  const out = new Float64Array(G);
  for (let k = 0; k < G; k++) out[k] = Math.max(0, conv[k - kLo]);
  if (isCompact(kernel)) for (let k = 0; k < G; k++) if (out[k] < 1e-300) out[k] = 0;
  return out;
}

/**
 * The fitted 2-D density p̂ on an nx × ny grid — the surface to contour (d3-contour layout).
 * @remarks Same methods and error bounds as {@link densityGrid1D}, with bilinear binning and a 2-D FFT; the
 * kernel may be anisotropic (`scaleByCovariance`).
 * @throws {@link ValidationError} if the model is not 2-D, nx or ny < 2, or an extent is empty
 * @throws {@link CapacityError} if the grid's 5·8·nx·ny bytes exceed the memory budget
 * @example
 * const kde = new KernelDensity({ bandwidth: 0.5 }).fit([[0, 0], [1, 1], [1, 0]]);
 * const { x, y, density } = densityGrid2D(kde, { nx: 64, ny: 64 });
 */
export function densityGrid2D(kde: KernelDensity, opts: DensityGrid2DOptions = {}): DensityGrid2D {
  const s = stateOf(kde, 2);
  const kernel = kde.options.kernel;
  const nx = checkInt(opts.nx ?? 128, 'nx', 2);
  const ny = checkInt(opts.ny ?? 128, 'ny', 2);
  checkGridBudget(nx * ny, 5, `densityGrid2D of ${nx}×${ny} points`, 'nx, ny');
  const [ax, bx] = resolveExtent(s, kernel, 0, opts.extent?.[0]);
  const [ay, by] = resolveExtent(s, kernel, 1, opts.extent?.[1]);
  const sx = (bx - ax) / (nx - 1);
  const sy = (by - ay) / (ny - 1);
  const x = new Float64Array(nx);
  const y = new Float64Array(ny);
  for (let i = 0; i < nx; i++) x[i] = ax + i * sx;
  for (let j = 0; j < ny; j++) y[j] = ay + j * sy;
  let algo = chooseGrid(kde, s, nx * ny, checkOneOf(opts.algorithm ?? 'auto', GRID_ALGORITHMS, 'algorithm'));
  if (algo === 'fft') {
    const out = fft2D(s, kernel, ax, sx, nx, ay, sy, ny);
    if (out !== null) return { x, y, density: out, algorithm: 'fft' };
    algo = kde.resolveAlgorithm(nx * ny);
  }
  const pts = new Float64Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      pts[(j * nx + i) * 2] = x[i];
      pts[(j * nx + i) * 2 + 1] = y[j];
    }
  }
  return { x, y, density: direct(kde, s, pts, nx * ny, algo), algorithm: algo };
}

function fft2D(
  s: KdeState,
  kernel: KernelName,
  ax: number,
  sx: number,
  nx: number,
  ay: number,
  sy: number,
  ny: number,
): Float64Array | null {
  const e = dataExtent(s);
  const lo = [e[0], e[2]];
  const hi = [e[1], e[3]];
  const iLo = Math.min(0, Math.floor((lo[0] - ax) / sx));
  const iHi = Math.max(nx - 1, Math.ceil((hi[0] - ax) / sx) + 1);
  const jLo = Math.min(0, Math.floor((lo[1] - ay) / sy));
  const jHi = Math.max(ny - 1, Math.ceil((hi[1] - ay) / sy) + 1);
  const Bx = iHi - iLo + 1;
  const By = jHi - jLo + 1;
  const cut = cutoff(kernel);
  const Lx = Math.min(Bx - 1, Math.ceil((cut * axisScale(s, 0)) / sx));
  const Ly = Math.min(By - 1, Math.ceil((cut * axisScale(s, 1)) / sy));
  if (Bx + Lx > MAX_BINS_2D || By + Ly > MAX_BINS_2D) return null;
  // Bilinear binning; c is Bx×By with the x index major.
  const c = new Float64Array(Bx * By);
  for (let t = 0; t < s.n; t++) {
    const px = (s.raw[t * 2] - ax) / sx - iLo;
    const py = (s.raw[t * 2 + 1] - ay) / sy - jLo;
    let i = Math.floor(px);
    let j = Math.floor(py);
    if (i >= Bx - 1) i = Bx - 2;
    if (j >= By - 1) j = By - 2;
    const fx = px - i;
    const fy = py - j;
    const w = s.w[t];
    c[i * By + j] += w * (1 - fx) * (1 - fy);
    c[(i + 1) * By + j] += w * fx * (1 - fy);
    c[i * By + j + 1] += w * (1 - fx) * fy;
    c[(i + 1) * By + j + 1] += w * fx * fy;
  }
  const ky = 2 * Ly + 1;
  const kern = new Float64Array((2 * Lx + 1) * ky);
  const u = new Float64Array(2);
  const z = new Float64Array(2);
  for (let a = -Lx; a <= Lx; a++) {
    for (let b = -Ly; b <= Ly; b++) {
      u[0] = a * sx;
      u[1] = b * sy;
      kern[(a + Lx) * ky + (b + Ly)] = kernelAt(s, kernel, u, z);
    }
  }
  const conv = convolve2D(c, Bx, By, kern, Lx, Ly);
  const out = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = conv[(i - iLo) * By + (j - jLo)];
      out[j * nx + i] = v < 1e-300 ? 0 : v;
    }
  }
  return out;
}
