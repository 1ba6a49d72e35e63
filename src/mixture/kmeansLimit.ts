/**
 * The k-means limit of EM: a Gaussian mixture with equal weights and one shared spherical covariance σ²·I held
 * fixed, where only the means are learned. As σ → 0 its EM iterations are exactly Lloyd's k-means iterations.
 * @module
 */
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { columnMeans } from '../core/stats.js';
import { checkInt, checkNumber } from '../core/validate.js';
import { argmaxRows, responsibilitiesInPlace } from './estep.js';

/** Options of {@link kmeansLimitEM}. */
export interface KMeansLimitOptions {
  /** Initial means, k×d (the same start you give `KMeans` as `init`). */
  means: MatrixLike;
  /** The fixed standard deviation σ > 0 of every component (covariance σ²·I). */
  sigma: number;
  /** Maximum EM iterations. @defaultValue 300 */
  maxIter?: number;
  /** Stop when Σc‖Δμc‖² ≤ tol (0: stop only when the means no longer change at all). @defaultValue 0 */
  tol?: number;
}

/** Result of {@link kmeansLimitEM}. */
export interface KMeansLimitResult {
  /** Final means, k×d. */
  means: Matrix;
  /** Most responsible component of each row under the final means (ties to the lowest index). */
  labels: Int32Array;
  /** Responsibilities under the final means, n×k (rows sum to 1; one-hot in the σ → 0 limit). */
  responsibilities: Matrix;
  /** EM iterations done (counted as `KMeans.nIter`). */
  nIter: number;
  /** Whether the means stopped moving (Σ‖Δμ‖² ≤ tol) before maxIter. */
  converged: boolean;
  /** Mean log-likelihood (1/n) Σᵢ log p(xᵢ) under the final means, σ and equal weights. */
  logLikelihood: number;
  /** Caveats: a component that received no responsibility at all keeps its previous mean (k-means would relocate it). */
  warnings: ModelWarning[];
}

/**
 * EM for a Gaussian mixture with equal weights 1/k and a fixed shared covariance σ²·I — the model in which
 * k-means is the σ → 0 limit of EM.
 *
 * @remarks
 * E-step: γᵢc = exp(−‖xᵢ − μc‖²/2σ²) / Σₗ exp(−‖xᵢ − μₗ‖²/2σ²) (the weights and normalising constants cancel),
 * computed by log-sum-exp so that no exponential under- or overflows. M-step: μc = Σᵢ γᵢc·xᵢ / Σᵢ γᵢc (weights and
 * σ stay fixed). As σ → 0, γᵢc → 1 for the nearest mean and 0 otherwise (the gap in the exponent,
 * Δ‖x−μ‖²/2σ², grows without bound), so the E-step becomes Lloyd's assignment and the M-step its centroid update:
 * from the same initial means, the iterations, labels and centres are those of k-means (`KMeans` with
 * `algorithm: 'lloyd'`, `tol: 0`), to rounding, as long as no cluster empties (k-means relocates an empty cluster; here
 * it keeps its mean and a warning says so). For larger σ the responsibilities are soft and the means are pulled
 * towards each other ("soft k-means" with stiffness 1/2σ²). O(n·k·d) per iteration.
 * @param X - n×d data
 * @throws {@link ValidationError} on bad data, means with a different number of columns than X, more means than
 * rows, or σ ≤ 0
 * @example
 * const r = kmeansLimitEM([[0, 0], [0, 1], [9, 9], [9, 8]], { means: [[0, 0], [9, 9]], sigma: 1e-3 });
 * r.means; // [[0, 0.5], [9, 8.5]] — what KMeans gives from the same start
 */
export function kmeansLimitEM(X: MatrixLike, opts: KMeansLimitOptions): KMeansLimitResult {
  const m = toMatrix(X, 'X');
  const init = toMatrix(opts.means, 'means', { copy: true });
  const { rows: n, cols: d } = m;
  const k = init.rows;
  if (init.cols !== d) {
    throw new ValidationError(`means have ${init.cols} columns but X has ${d}; give one value per feature.`, {
      param: 'means',
    });
  }
  if (k > n) {
    throw new ValidationError(`means has ${k} rows but X only ${n}; use at most one mean per sample.`, {
      param: 'means',
    });
  }
  const sigma = checkNumber(opts.sigma, 'sigma', 0, { minExclusive: true });
  if (!Number.isFinite(sigma)) throw new ValidationError(`sigma must be finite; got ${sigma}.`, { param: 'sigma' });
  const maxIter = checkInt(opts.maxIter ?? 300, 'maxIter', 1);
  const tol = checkNumber(opts.tol ?? 0, 'tol', 0);
  // Centre the data (precision of ‖x − μ‖²), as KMeans does.
  const mu = columnMeans(m.data, n, d);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = m.data[i * d + j] - mu[j];
  let means: Float64Array = init.data;
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] -= mu[j];
  let next: Float64Array = new Float64Array(k * d);
  const resp = new Float64Array(n * k);
  const mass = new Float64Array(k);
  const inv2s2 = 1 / (2 * sigma * sigma);
  const warnings: ModelWarning[] = [];
  const emptied = new Set<number>();
  const eStep = (): number => {
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let c = 0; c < k; c++) {
        const mo = c * d;
        let sq = 0;
        for (let j = 0; j < d; j++) {
          const t = x[xo + j] - means[mo + j];
          sq += t * t;
        }
        resp[i * k + c] = -sq * inv2s2;
      }
    }
    return responsibilitiesInPlace(resp, n, k, null);
  };
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    eStep();
    next.fill(0);
    mass.fill(0);
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c];
        if (r === 0) continue;
        mass[c] += r;
        const mo = c * d;
        for (let j = 0; j < d; j++) next[mo + j] += r * x[xo + j];
      }
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const mo = c * d;
      if (mass[c] === 0) {
        emptied.add(c);
        for (let j = 0; j < d; j++) next[mo + j] = means[mo + j];
        continue;
      }
      for (let j = 0; j < d; j++) {
        next[mo + j] /= mass[c];
        const t = next[mo + j] - means[mo + j];
        shift += t * t;
      }
    }
    const swap = means;
    means = next;
    next = swap;
    if (shift <= tol) {
      converged = true;
      it++;
      break;
    }
  }
  const meanLse = eStep();
  const labels = new Int32Array(n);
  argmaxRows(resp, n, k, labels);
  for (const c of emptied) {
    warnings.push({
      code: 'EMPTY_CLUSTER',
      message: `Component ${c} received no responsibility in some iteration and kept its previous mean (k-means would move it to the farthest point); choose other initial means or a larger sigma.`,
    });
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] += mu[j];
  const logLikelihood = meanLse - Math.log(k) - 0.5 * d * Math.log(2 * Math.PI * sigma * sigma);
  return {
    means: { rows: k, cols: d, data: means },
    labels,
    responsibilities: { rows: n, cols: k, data: resp },
    nIter: it,
    converged,
    logLikelihood,
    warnings,
  };
}
