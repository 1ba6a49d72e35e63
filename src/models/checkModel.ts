/**
 * What a restored model must satisfy before it predicts: finite numbers, consistent shapes, mixture weights that
 * form a distribution, positive definite covariances. One table of checks by estimator, run by `loadModel` on the
 * restored instance (through its public getters, so the checks hold whatever the saved layout).
 * @module
 * @internal
 */
import { ValidationError } from '../core/errors.js';
import { cholesky } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';

/** Throws the typed error of a bad saved model, naming the estimator and the field. */
function bad(estimator: string, field: string, problem: string): never {
  throw new ValidationError(
    `The saved ${estimator} has an invalid "${field}": ${problem}. The file was edited or corrupted; re-save the model (--save) from a fit.`,
    { param: 'model' },
  );
}

/** Every value of `v` is a finite number. */
function checkFiniteArray(estimator: string, field: string, v: ArrayLike<number>): void {
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) bad(estimator, field, `${field}[${i}] is ${v[i]}`);
  }
}

/** A k×d matrix of finite numbers with d = nFeatures and at least one row. */
function checkRows(estimator: string, field: string, m: Matrix, nFeatures: number): void {
  if (m.rows < 1) bad(estimator, field, 'it has no rows');
  if (m.cols !== nFeatures)
    bad(estimator, field, `its rows have ${m.cols} values but the model has ${nFeatures} features`);
  checkFiniteArray(estimator, field, m.data);
}

/** Non-negative finite weights summing to `total` (1, or 1 − the noise proportion; within 1e-6). */
function checkDistribution(estimator: string, field: string, w: ArrayLike<number>, k: number, total = 1): void {
  if (w.length !== k) bad(estimator, field, `it has ${w.length} entries for ${k} components`);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    if (!(w[c] >= 0 && w[c] <= 1)) bad(estimator, field, `${field}[${c}] is ${w[c]}, outside [0, 1]`);
    sum += w[c];
  }
  if (!(Math.abs(sum - total) <= 1e-6)) bad(estimator, field, `the weights sum to ${sum}, not ${total}`);
}

/**
 * Covariances by their shape: [k, d, d] or [d, d] symmetric positive definite blocks (Cholesky succeeds), [k, d]
 * or [k] positive variances.
 */
function checkCovariances(
  estimator: string,
  cov: Float64Array,
  shape: readonly number[],
  d: number,
  type: string,
): void {
  checkFiniteArray(estimator, 'covariances', cov);
  const size = shape.reduce((a, b) => a * b, 1);
  if (cov.length !== size) bad(estimator, 'covariances', `it has ${cov.length} values, not ${size} for [${shape}]`);
  const blocks = shape.length === 3 || (shape.length === 2 && (type === 'tied' || type === 'EEE'));
  if (!blocks) {
    for (let i = 0; i < cov.length; i++) {
      if (!(cov[i] > 0)) bad(estimator, 'covariances', `variance ${i} is ${cov[i]}; variances must be > 0`);
    }
    return;
  }
  const l = new Float64Array(d * d);
  for (let b = 0; b < cov.length / (d * d); b++) {
    const a = cov.subarray(b * d * d, (b + 1) * d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const x = a[i * d + j];
        const y = a[j * d + i];
        if (Math.abs(x - y) > 1e-8 * Math.max(1, Math.abs(x), Math.abs(y))) {
          bad(estimator, 'covariances', `block ${b} is not symmetric ([${i}][${j}] = ${x}, [${j}][${i}] = ${y})`);
        }
      }
    }
    if (!cholesky(a, d, l)) bad(estimator, 'covariances', `block ${b} is not positive definite`);
  }
}

/** The public members the checks read; every estimator with a check has those its entry uses. */
interface Inspectable {
  nFeaturesIn: number;
  clusterCenters?: Matrix;
  weights?: Float64Array;
  means?: Matrix;
  covariances?: Float64Array;
  covarianceShape?: number[];
  precisionsCholesky?: Float64Array;
  bandwidth?: number;
  options?: { covarianceType?: string };
  noiseProportion?: number;
}

/** Centres: k×d finite with d = nFeaturesIn. */
const centers = (name: string, m: Inspectable): void =>
  checkRows(name, 'clusterCenters', m.clusterCenters as Matrix, m.nFeaturesIn);

/** Medoid coordinates, when the fit had coordinates (not for a precomputed or Gower fit, which has none). */
function medoids(name: string, m: Inspectable): void {
  let c: Matrix;
  try {
    c = m.clusterCenters as Matrix;
  } catch {
    return;
  }
  checkRows(name, 'clusterCenters', c, m.nFeaturesIn);
}

/** The check of each predictable estimator, on the restored instance. */
const CHECKS: Record<string, (name: string, m: Inspectable) => void> = {
  KMeans: centers,
  MiniBatchKMeans: centers,
  BisectingKMeans: centers,
  SphericalKMeans: centers,
  SoftKMeans: centers,
  FuzzyCMeans: centers,
  KMedoids: medoids,
  CLARA: medoids,
  MeanShift: (name, m) => {
    centers(name, m);
    // 0 is a fitted bandwidth (all rows identical; the fit warns), so only negative or non-finite values are bad.
    if (!((m.bandwidth as number) >= 0 && Number.isFinite(m.bandwidth))) {
      bad(name, 'bandwidth', `it is ${m.bandwidth}; it must be a finite number >= 0`);
    }
  },
  GaussianMixture: (name, m) => {
    const means = m.means as Matrix;
    checkRows(name, 'means', means, m.nFeaturesIn);
    // With a noise component the Gaussians' weights sum to 1 − its proportion.
    checkDistribution(name, 'weights', m.weights as Float64Array, means.rows, 1 - (m.noiseProportion ?? 0));
    const type = String(m.options?.covarianceType);
    checkCovariances(name, m.covariances as Float64Array, m.covarianceShape as number[], m.nFeaturesIn, type);
    checkFiniteArray(name, 'precisionsCholesky', m.precisionsCholesky as Float64Array);
  },
  KernelDensity: (name, m) => {
    if (!((m.bandwidth as number) > 0 && Number.isFinite(m.bandwidth))) {
      bad(name, 'bandwidth', `it is ${m.bandwidth}; it must be a finite number > 0`);
    }
  },
};

/**
 * Checks a restored model (see the module comment); estimators without an entry (HDBSCAN) rely on their own
 * `fromJSON` checks. O(size of the model + k·d³) for full covariances.
 * @throws {@link ValidationError} (`param: 'model'`) naming the estimator, the field and the bad value
 */
export function checkRestoredModel(estimator: string, model: unknown): void {
  if (!Object.hasOwn(CHECKS, estimator)) return;
  const m = model as Inspectable;
  if (!(Number.isInteger(m.nFeaturesIn) && m.nFeaturesIn >= 1)) {
    bad(estimator, 'nFeaturesIn', `it is ${m.nFeaturesIn}; it must be an integer >= 1`);
  }
  CHECKS[estimator](estimator, m);
}
