/**
 * The EM kernels for one component at a time (src/mixture/emKernels.ts), picked per dimension d: the version
 * unrolled for d (src/mixture/unrolled.generated.ts, written at build time by scripts/build-unrolled.mjs — its values
 * kept in local variables, which V8 keeps in registers, unlike the generic loop's array reads) for d ≤ {@link MAX_UNROLLED_D} (the O(d²)
 * Mahalanobis term and scatter) or d ≤ {@link MAX_UNROLLED_D_LINEAR} (the O(d) kernels), else the generic loop. Both
 * perform the same operations in the same order, so they return bit-identical results (tested). No code is
 * generated at run time, so the fast path also runs under a Content-Security-Policy without 'unsafe-eval'.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import {
  type DiagKernel,
  diagGeneric,
  type MahalanobisKernel,
  mahalanobisGeneric,
  type ScatterKernel,
  type SphericalKernel,
  scatterGeneric,
  sphericalGeneric,
  type WeightedSquaresKernel,
  type WeightedSumKernel,
  weightedSquaresGeneric,
  weightedSumGeneric,
} from './emKernels.js';
import {
  MAX_UNROLLED_D,
  MAX_UNROLLED_D_LINEAR,
  UNROLLED_DIAG,
  UNROLLED_MAHALANOBIS,
  UNROLLED_SCATTER,
  UNROLLED_SPHERICAL,
  UNROLLED_WEIGHTED_SQUARES,
  UNROLLED_WEIGHTED_SUM,
} from './unrolled.generated.js';

/** The fastest {@link MahalanobisKernel} for dimension d (unrolled for d ≤ {@link MAX_UNROLLED_D}, else generic). */
export function mahalanobisKernel(d: number): MahalanobisKernel {
  return UNROLLED_MAHALANOBIS[d - 1] ?? mahalanobisGeneric(d);
}

/** The fastest {@link ScatterKernel} for dimension d (unrolled for d ≤ {@link MAX_UNROLLED_D}, else generic). */
export function scatterKernel(d: number): ScatterKernel {
  return UNROLLED_SCATTER[d - 1] ?? scatterGeneric(d);
}

/** The fastest {@link DiagKernel} for dimension d (unrolled for d ≤ {@link MAX_UNROLLED_D_LINEAR}, else generic). */
export function diagKernel(d: number): DiagKernel {
  return UNROLLED_DIAG[d - 1] ?? diagGeneric(d);
}

/** The fastest {@link SphericalKernel} for dimension d (see {@link diagKernel}). */
export function sphericalKernel(d: number): SphericalKernel {
  return UNROLLED_SPHERICAL[d - 1] ?? sphericalGeneric(d);
}

/** The fastest {@link WeightedSumKernel} for dimension d (see {@link diagKernel}). */
export function weightedSumKernel(d: number): WeightedSumKernel {
  return UNROLLED_WEIGHTED_SUM[d - 1] ?? weightedSumGeneric(d);
}

/** The fastest {@link WeightedSquaresKernel} for dimension d (see {@link diagKernel}). */
export function weightedSquaresKernel(d: number): WeightedSquaresKernel {
  return UNROLLED_WEIGHTED_SQUARES[d - 1] ?? weightedSquaresGeneric(d);
}

/**
 * Every kernel unrolled for d (for tests and benchmarks).
 * @param d 1 ≤ d ≤ min({@link MAX_UNROLLED_D}, {@link MAX_UNROLLED_D_LINEAR})
 * @throws {@link ValidationError} for a d without unrolled kernels
 * @example
 * compiledKernels(3).mahalanobis(x, n, means, 0, ut, k, 0, cst, out);
 */
export function compiledKernels(d: number): {
  mahalanobis: MahalanobisKernel;
  scatter: ScatterKernel;
  diag: DiagKernel;
  spherical: SphericalKernel;
  weightedSum: WeightedSumKernel;
  weightedSquares: WeightedSquaresKernel;
} {
  const max = Math.min(MAX_UNROLLED_D, MAX_UNROLLED_D_LINEAR);
  if (!(Number.isInteger(d) && d >= 1 && d <= max)) {
    throw new ValidationError(
      `compiledKernels: d=${d} has no unrolled kernels; pass an integer d in 1..${max} (larger d use the generic loops).`,
      { param: 'd' },
    );
  }
  return {
    mahalanobis: UNROLLED_MAHALANOBIS[d - 1],
    scatter: UNROLLED_SCATTER[d - 1],
    diag: UNROLLED_DIAG[d - 1],
    spherical: UNROLLED_SPHERICAL[d - 1],
    weightedSum: UNROLLED_WEIGHTED_SUM[d - 1],
    weightedSquares: UNROLLED_WEIGHTED_SQUARES[d - 1],
  };
}
