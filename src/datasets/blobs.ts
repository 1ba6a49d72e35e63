/**
 * Seeded Gaussian blobs (scikit-learn's `make_blobs`) and the labelled `Dataset` shape the generators return.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { createRng, resolveSeed, shuffleInPlace } from '../core/random.js';
import { checkInt, checkNumber, checkSeed } from '../core/validate.js';
import { checkGeneratedSize } from './size.js';

/** A labelled data set. */
export interface Dataset {
  /** n×d data. */
  X: Matrix;
  /** True group of each row (0-based). */
  y: Int32Array;
  /** True centres (k×d) where the data were generated around centres. */
  centers?: Matrix;
  /** Column names. */
  featureNames?: readonly string[];
  /** Group names, indexed by y. */
  targetNames?: readonly string[];
}

/** Options of {@link makeBlobs} (scikit-learn's `make_blobs`). */
export interface MakeBlobsOptions {
  /** Total number of points, split as evenly as possible over the centres (the first ones get the remainder). @defaultValue 100 */
  nSamples?: number | readonly number[];
  /** Number of features when `centers` is a count. @defaultValue 2 */
  nFeatures?: number;
  /** Number of centres drawn uniformly in `centerBox`, or explicit centres (k×d). @defaultValue 3 */
  centers?: number | MatrixLike;
  /** Standard deviation of the isotropic Gaussian noise, one value or one per centre. @defaultValue 1 */
  clusterStd?: number | readonly number[];
  /** Box from which random centres are drawn. @defaultValue [-10, 10] */
  centerBox?: readonly [number, number];
  /** Shuffle the rows. @defaultValue true */
  shuffle?: boolean;
  /** PRNG seed. */
  seed?: number;
}

/**
 * Isotropic Gaussian blobs, as `sklearn.datasets.make_blobs`: xᵢ = μ_{yᵢ} + σ_{yᵢ}·εᵢ, εᵢ ~ N(0, I).
 * (Same semantics; the random numbers come from clusterkit's PRNG, so values differ from NumPy's.)
 * @throws {@link ValidationError} for a bad count, centre, standard deviation or seed
 * @throws {@link CapacityError} when the n×d data would exceed the memory budget ({@link setMemoryBudget})
 * @example
 * const { X, y } = makeBlobs({ nSamples: 300, centers: 4, seed: 1 });
 */
export function makeBlobs(opts: MakeBlobsOptions = {}): Dataset {
  const seed = resolveSeed(checkSeed(opts.seed));
  const rng = createRng(seed);
  const nFeaturesOpt = checkInt(opts.nFeatures ?? 2, 'nFeatures', 1);
  let centers: Matrix;
  const c = opts.centers ?? 3;
  if (typeof c === 'number') {
    const k = checkInt(c, 'centers', 1);
    const [lo, hi] = opts.centerBox ?? [-10, 10];
    checkNumber(lo, 'centerBox[0]');
    checkNumber(hi, 'centerBox[1]', lo);
    checkGeneratedSize('makeBlobs centers', k, nFeaturesOpt, 1);
    const data = new Float64Array(k * nFeaturesOpt);
    for (let t = 0; t < data.length; t++) data[t] = lo + (hi - lo) * rng.nextFloat();
    centers = { rows: k, cols: nFeaturesOpt, data };
  } else {
    centers = toMatrix(c, 'centers');
  }
  const k = centers.rows;
  const d = centers.cols;
  const ns = opts.nSamples ?? 100;
  let perCenter: number[];
  if (typeof ns === 'number') {
    const n = checkInt(ns, 'nSamples', 1);
    perCenter = Array.from({ length: k }, (_, t) => Math.floor(n / k) + (t < n % k ? 1 : 0));
  } else {
    if (ns.length !== k) {
      throw new ValidationError(`nSamples has ${ns.length} counts but there are ${k} centres.`, { param: 'nSamples' });
    }
    perCenter = ns.map((v, t) => checkInt(v, `nSamples[${t}]`, 0));
  }
  const stdOpt = opts.clusterStd ?? 1;
  const stds = typeof stdOpt === 'number' ? new Array(k).fill(stdOpt) : [...stdOpt];
  if (stds.length !== k) {
    throw new ValidationError(`clusterStd has ${stds.length} values but there are ${k} centres.`, {
      param: 'clusterStd',
    });
  }
  for (let t = 0; t < k; t++) checkNumber(stds[t], `clusterStd[${t}]`, 0);
  const n = perCenter.reduce((a, b) => a + b, 0);
  checkGeneratedSize('makeBlobs', n, d, (opts.shuffle ?? true) ? 2 : 1);
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  let r = 0;
  for (let t = 0; t < k; t++) {
    for (let q = 0; q < perCenter[t]; q++, r++) {
      y[r] = t;
      for (let j = 0; j < d; j++) X[r * d + j] = centers.data[t * d + j] + stds[t] * rng.nextNormal();
    }
  }
  if (opts.shuffle ?? true) {
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    shuffleInPlace(rng, perm);
    const X2 = new Float64Array(n * d);
    const y2 = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      X2.set(X.subarray(perm[i] * d, perm[i] * d + d), i * d);
      y2[i] = y[perm[i]];
    }
    return { X: { rows: n, cols: d, data: X2 }, y: y2, centers };
  }
  return { X: { rows: n, cols: d, data: X }, y, centers };
}
