/**
 * The blob variants of scikit-learn's "Comparing different clustering algorithms on toy datasets": anisotropic
 * (sheared) blobs, blobs of varied variance, and uniform noise with no structure.
 * @module
 */
import type { Matrix } from '../core/matrix.js';
import { createRng, resolveSeed } from '../core/random.js';
import { checkInt, checkSeed } from '../core/validate.js';
import { type Dataset, makeBlobs } from './blobs.js';
import { checkGeneratedSize } from './size.js';

/** Options of {@link makeAnisotropicBlobs}, {@link makeVariedBlobs} and {@link makeUniformNoise}. */
export interface ToyBlobsOptions {
  /** Total number of points. @defaultValue 500 */
  nSamples?: number;
  /** PRNG seed. */
  seed?: number;
}

/** scikit-learn's shear of the anisotropic blobs: x′ = x·T with T = [[0.6, −0.6], [−0.4, 0.8]]. */
export const ANISOTROPIC_TRANSFORM: readonly (readonly [number, number])[] = [
  [0.6, -0.6],
  [-0.4, 0.8],
];

/**
 * Three Gaussian blobs sheared into thin parallel ellipses, as scikit-learn's toy-data comparison builds them.
 * @remarks
 * `makeBlobs({ nSamples, centers: 3 })` (unit variance, centres uniform in [−10, 10]²), then every row times
 * T = [[0.6, −0.6], [−0.4, 0.8]] (x′₁ = 0.6x₁ − 0.4x₂, x′₂ = −0.6x₁ + 0.8x₂); the centres are sheared with them.
 * Same construction as scikit-learn's example; the random numbers come from clusterkit's PRNG. O(n).
 * @param opts - `nSamples` (default 500) and `seed`
 * @throws {@link ValidationError} for nSamples < 1 or a bad seed
 * @throws {@link CapacityError} when the points would exceed the memory budget ({@link setMemoryBudget})
 * @example
 * const { X, y } = makeAnisotropicBlobs({ nSamples: 500, seed: 170 });
 */
export function makeAnisotropicBlobs(opts: ToyBlobsOptions = {}): Dataset {
  const b = makeBlobs({ nSamples: opts.nSamples ?? 500, centers: 3, seed: opts.seed });
  const centers = b.centers as Matrix;
  return { X: shear(b.X), y: b.y, centers: shear(centers) };
}

/** Rows of an n×2 matrix times {@link ANISOTROPIC_TRANSFORM}. */
function shear(M: Matrix): Matrix {
  const [[a, b], [c, d]] = ANISOTROPIC_TRANSFORM;
  const out = new Float64Array(M.rows * 2);
  for (let i = 0; i < M.rows; i++) {
    const x = M.data[2 * i];
    const y = M.data[2 * i + 1];
    out[2 * i] = x * a + y * c;
    out[2 * i + 1] = x * b + y * d;
  }
  return { rows: M.rows, cols: 2, data: out };
}

/**
 * Three Gaussian blobs with standard deviations 1.0, 2.5 and 0.5, as scikit-learn's toy-data comparison.
 * @remarks
 * `makeBlobs({ nSamples, centers: 3, clusterStd: [1.0, 2.5, 0.5] })`: centres uniform in [−10, 10]², so one wide
 * group overlaps its neighbours. Same construction as scikit-learn's example; clusterkit's PRNG. O(n).
 * @param opts - `nSamples` (default 500) and `seed`
 * @throws {@link ValidationError} for nSamples < 1 or a bad seed
 * @throws {@link CapacityError} when the points would exceed the memory budget ({@link setMemoryBudget})
 * @example
 * const { X, y } = makeVariedBlobs({ nSamples: 500, seed: 170 });
 */
export function makeVariedBlobs(opts: ToyBlobsOptions = {}): Dataset {
  return makeBlobs({ nSamples: opts.nSamples ?? 500, centers: 3, clusterStd: [1.0, 2.5, 0.5], seed: opts.seed });
}

/**
 * Points uniform in the unit square: data with no cluster structure (scikit-learn's `rng.rand(n, 2)`).
 * @remarks
 * xᵢⱼ ~ U[0, 1), every label 0. A good method should find one group or call it all noise. O(n).
 * @param opts - `nSamples` (default 500) and `seed`
 * @throws {@link ValidationError} for nSamples < 1 or a bad seed
 * @throws {@link CapacityError} when the points would exceed the memory budget ({@link setMemoryBudget})
 * @example
 * const { X } = makeUniformNoise({ nSamples: 500, seed: 0 });
 */
export function makeUniformNoise(opts: ToyBlobsOptions = {}): Dataset {
  const n = checkInt(opts.nSamples ?? 500, 'nSamples', 1);
  checkGeneratedSize('makeUniformNoise', n, 2, 1);
  const rng = createRng(resolveSeed(checkSeed(opts.seed)));
  const data = new Float64Array(2 * n);
  for (let t = 0; t < 2 * n; t++) data[t] = rng.nextFloat();
  return { X: { rows: n, cols: 2, data }, y: new Int32Array(n) };
}
