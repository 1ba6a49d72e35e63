/**
 * Two-dimensional toy shapes on which centroid methods fail: scikit-learn's `make_moons` and `make_circles`.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, resolveSeed, shuffleInPlace } from '../core/random.js';
import { checkInt, checkNumber, checkSeed } from '../core/validate.js';
import { checkGeneratedSize } from './size.js';

/** A labelled 2-D shape data set (the `Dataset` of `makeBlobs` without centres). */
export interface ShapeDataset {
  /** n×2 points. */
  X: Matrix;
  /** Which shape (0 = outer, 1 = inner) each row belongs to. */
  y: Int32Array;
}

/** Options of {@link makeMoons}. */
export interface MakeMoonsOptions {
  /** Total points (the outer moon gets ⌊n/2⌋), or [outer, inner] counts. @defaultValue 100 */
  nSamples?: number | readonly [number, number];
  /** Shuffle the rows. @defaultValue true */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate (0 = none). @defaultValue 0 */
  noise?: number;
  /** PRNG seed. */
  seed?: number;
}

/** Options of {@link makeCircles}. */
export interface MakeCirclesOptions extends MakeMoonsOptions {
  /** Radius of the inner circle relative to the outer (unit) one, in [0, 1). @defaultValue 0.8 */
  factor?: number;
}

function splitCounts(ns: number | readonly [number, number]): [number, number] {
  if (typeof ns === 'number') {
    const n = checkInt(ns, 'nSamples', 1);
    return [Math.floor(n / 2), n - Math.floor(n / 2)];
  }
  if (ns.length !== 2) {
    throw new ValidationError(`nSamples must be a count or [outer, inner]; got ${ns.length} values.`, {
      param: 'nSamples',
    });
  }
  return [checkInt(ns[0], 'nSamples[0]', 0), checkInt(ns[1], 'nSamples[1]', 0)];
}

/** NumPy's linspace(0, stop, m[, endpoint]): i·step, the last point set to stop when endpoint. */
function linspaceAt(i: number, m: number, stop: number, endpoint: boolean): number {
  const div = endpoint ? m - 1 : m;
  if (div <= 0) return 0;
  if (endpoint && i === m - 1) return stop;
  return i * (stop / div);
}

/** Shuffles (X, y) together and adds N(0, noise²) to every coordinate, as scikit-learn orders the two. */
function finish(X: Float64Array, y: Int32Array, opts: MakeMoonsOptions): ShapeDataset {
  const n = y.length;
  const noise = checkNumber(opts.noise ?? 0, 'noise', 0);
  const rng = createRng(resolveSeed(checkSeed(opts.seed)));
  let outX = X;
  let outY = y;
  if (opts.shuffle ?? true) {
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    shuffleInPlace(rng, perm);
    outX = new Float64Array(2 * n);
    outY = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      outX[2 * i] = X[2 * perm[i]];
      outX[2 * i + 1] = X[2 * perm[i] + 1];
      outY[i] = y[perm[i]];
    }
  }
  if (noise > 0) for (let t = 0; t < 2 * n; t++) outX[t] += noise * rng.nextNormal();
  return { X: { rows: n, cols: 2, data: outX }, y: outY };
}

/**
 * Two interleaving half circles, as `sklearn.datasets.make_moons`.
 * @remarks
 * Outer moon (y = 0): (cos t, sin t), t = linspace(0, π, n₀); inner moon (y = 1): (1 − cos t, 1/2 − sin t),
 * t = linspace(0, π, n₁); then an optional shuffle and N(0, noise²) noise. Without noise and shuffle the points
 * equal scikit-learn 1.2's to 1e-15 (fixture); the noise and the shuffle come from clusterkit's PRNG, so they
 * differ from NumPy's. O(n).
 * @throws {@link ValidationError} for nSamples < 1 or noise < 0
 * @throws {@link CapacityError} when the points would exceed the memory budget ({@link setMemoryBudget})
 * @example
 * const { X, y } = makeMoons({ nSamples: 200, noise: 0.05, seed: 0 });
 */
export function makeMoons(opts: MakeMoonsOptions = {}): ShapeDataset {
  const [nOut, nIn] = splitCounts(opts.nSamples ?? 100);
  const n = nOut + nIn;
  checkGeneratedSize('makeMoons', n, 2, (opts.shuffle ?? true) ? 2 : 1);
  const X = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < nOut; i++) {
    const t = linspaceAt(i, nOut, Math.PI, true);
    X[2 * i] = Math.cos(t);
    X[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = linspaceAt(i, nIn, Math.PI, true);
    X[2 * (nOut + i)] = 1 - Math.cos(t);
    X[2 * (nOut + i) + 1] = 1 - Math.sin(t) - 0.5;
    y[nOut + i] = 1;
  }
  return finish(X, y, opts);
}

/**
 * A small circle inside a large one, as `sklearn.datasets.make_circles`.
 * @remarks
 * Outer circle (y = 0): (cos t, sin t), t = linspace(0, 2π, n₀, endpoint = false); inner circle (y = 1): the
 * same scaled by `factor`; then an optional shuffle and N(0, noise²) noise. Without noise and shuffle the points
 * equal scikit-learn 1.2's to 1e-15 (fixture); noise and shuffle come from clusterkit's PRNG. O(n).
 * @throws {@link ValidationError} for nSamples < 1, noise < 0 or factor outside [0, 1)
 * @throws {@link CapacityError} when the points would exceed the memory budget ({@link setMemoryBudget})
 * @example
 * const { X, y } = makeCircles({ nSamples: 200, factor: 0.5, noise: 0.05, seed: 0 });
 */
export function makeCircles(opts: MakeCirclesOptions = {}): ShapeDataset {
  const factor = checkNumber(opts.factor ?? 0.8, 'factor', 0, { max: 1, maxExclusive: true });
  const [nOut, nIn] = splitCounts(opts.nSamples ?? 100);
  const n = nOut + nIn;
  checkGeneratedSize('makeCircles', n, 2, (opts.shuffle ?? true) ? 2 : 1);
  const X = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < nOut; i++) {
    const t = linspaceAt(i, nOut, 2 * Math.PI, false);
    X[2 * i] = Math.cos(t);
    X[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = linspaceAt(i, nIn, 2 * Math.PI, false);
    X[2 * (nOut + i)] = Math.cos(t) * factor;
    X[2 * (nOut + i) + 1] = Math.sin(t) * factor;
    y[nOut + i] = 1;
  }
  return finish(X, y, opts);
}
