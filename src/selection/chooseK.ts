/**
 * Choosing the number of clusters k: elbow (Kneedle), silhouette, Calinski–Harabasz, Davies–Bouldin, the gap
 * statistic and BIC of Gaussian mixtures.
 * @module
 */
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { createRng, resolveSeed } from '../core/random.js';
import { checkInt, checkNumber, checkOneOf, checkSeed } from '../core/validate.js';
import { KMeans } from '../kmeans/KMeans.js';
import { inertiaScore } from '../metrics/internal/inertia.js';
import type { CovarianceType } from '../mixture/covariance.js';
import { CHOOSE_K_CRITERIA, type ChooseKMethod, type Clustering, type CriterionContext } from './criteria.js';
import type { GapReference, GapRule } from './gap.js';

export type { ChooseKMethod } from './criteria.js';
export type { GapReference, GapRule } from './gap.js';

/** Every chooseK method. */
export const CHOOSE_K_METHODS = Object.keys(CHOOSE_K_CRITERIA) as readonly ChooseKMethod[];
/** A clustering routine for {@link chooseK}: returns one label per row of X for k clusters. */
export type ClusterFn = (X: Matrix, k: number, seed: number) => ArrayLike<number>;

/** Options of {@link chooseK}. */
export interface ChooseKOptions {
  /** Scoring method. @defaultValue 'silhouette' */
  method?: ChooseKMethod;
  /** Smallest k tried: ≥ 2 for silhouette, calinski and davies-bouldin, ≥ 1 otherwise. @defaultValue 2 (1 for elbow, gap and bic) */
  kMin?: number;
  /** Largest k tried (≤ n − 1 for silhouette, calinski and davies-bouldin, ≤ n otherwise). @defaultValue min(10, that bound) */
  kMax?: number;
  /** Seed of the PRNG that seeds every fit and draws the gap reference sets. */
  seed?: number;
  /** Restarts of each k-means (or Gaussian mixture) fit. @defaultValue 3 */
  nInit?: number;
  /** Gap statistic: number B of reference data sets. @defaultValue 10 */
  nRefs?: number;
  /** Gap statistic: reference distribution. @defaultValue 'pca' */
  reference?: GapReference;
  /** Gap statistic: decision rule. @defaultValue 'tibshirani' */
  gapRule?: GapRule;
  /** BIC: covariance type of the Gaussian mixtures. @defaultValue 'full' */
  covarianceType?: CovarianceType;
  /** Silhouette: score a random subset of this many rows per k instead of all n (O(s²) instead of O(n²)). */
  sampleSize?: number;
  /** Sensitivity S of Kneedle's threshold test for the elbow (reported as part of the rule). @defaultValue 1 */
  sensitivity?: number;
  /**
   * The clustering scored for each k: `'kmeans'` (KMeans, k-means++, `nInit` restarts) or a function
   * `(X, k, seed) => labels`. Not used by 'bic', which fits Gaussian mixtures. @defaultValue 'kmeans'
   */
  estimator?: 'kmeans' | ClusterFn;
  /**
   * Called after each fit with the fits done and the total: kMax − kMin + 1, times B + 1 for 'gap' (for a
   * progress bar; it does not change the result).
   */
  onProgress?: (done: number, total: number) => void;
}

/** Result of {@link chooseK}. */
export interface ChooseKResult {
  /** The chosen number of clusters. */
  k: number;
  /** The method used. */
  method: ChooseKMethod;
  /** The rule that chose k, in words. */
  rule: string;
  /** Every k tried, ascending. */
  ks: number[];
  /**
   * The score of each k: inertia (elbow), mean silhouette, Calinski–Harabasz, Davies–Bouldin, Gap(k) or BIC.
   * NaN where the fit gave fewer than 2 distinct clusters (the index is undefined there).
   */
  scores: number[];
  /** Labels of the clustering with the chosen k. */
  labels: Int32Array;
  /** The seed used (drawn when none was given). */
  seed: number;
  /** Gap: log Wₖ of the data. */
  logW?: number[];
  /** Gap: (1/B) Σ_b log W*ₖ_b over the reference sets. */
  expectedLogW?: number[];
  /** Gap: Gap(k) (equal to `scores`). */
  gap?: number[];
  /** Gap: sₖ = sdₖ·√(1 + 1/B). */
  sk?: number[];
  /** Elbow: the k at the knee (undefined when the curve has no convex bend). */
  knee?: number;
  /** Elbow: Kneedle's difference curve, one value per k. */
  difference?: number[];
  /** Fits that returned fewer distinct clusters than k, and similar caveats. */
  warnings: ModelWarning[];
}

/**
 * Chooses the number of clusters k by fitting k = kMin..kMax and scoring each fit.
 *
 * @remarks
 * Each k is clustered by KMeans (k-means++, `nInit` restarts; or `estimator`) and scored by its method's entry in
 * the criteria table (`CHOOSE_K_CRITERIA` in ./criteria.ts: range of k, fit and score, pick rule, plot labels):
 * - 'elbow': inertia Wₖ = Σ‖xᵢ − μ_{c(i)}‖² (the scores); k is the knee of the curve (k, ln Wₖ) by Kneedle's
 *   difference curve: the largest Dₖ = (1 − ŷₖ) − k̂ after normalising both axes to [0, 1] (see `kneedle`).
 *   The log scale (the one the gap statistic uses) makes the drop at the true k dominate; on the raw scale the
 *   large early drops of W pull the knee to k ≈ 3 whenever there are many clusters.
 * - 'silhouette': the largest mean silhouette; 'calinski': the largest Calinski–Harabasz index;
 *   'davies-bouldin': the smallest Davies–Bouldin index.
 * - 'gap' (Tibshirani, Walther & Hastie 2001): Gap(k) = (1/B) Σ_b log W*ₖ_b − log Wₖ, W*ₖ_b the inertia of
 *   the same clustering on B reference sets drawn uniformly over the bounding box of the columns ('uniform') or
 *   of the principal components ('pca': X centred, rotated by the eigenvectors V of XᵀX, box drawn, rotated
 *   back); sdₖ the standard deviation of log W*ₖ_b, sₖ = sdₖ·√(1 + 1/B); k is the smallest k with
 *   Gap(k) ≥ Gap(k+1) − s_{k+1} (kMax if none). This rule stops early when Gap is flat or dips at small k,
 *   which happens with a few well-separated clusters in low dimension (on the course's demo data it picks 1
 *   while Gap peaks at 5); `gapRule: 'global-se'` takes instead the smallest k with Gap(k) ≥ max Gap − s at
 *   the maximum (Dudoit & Fridlyand 2002).
 * - 'bic': Gaussian mixtures (`covarianceType`, `nInit`) of k components; the smallest BIC = −2 ln L + p ln n.
 * When the chosen k is at an end of the range that could be widened (k = kMax below its bound, or k = kMin above
 * the lowest k), `warnings` gets a 'RANGE_EDGE' entry suggesting a wider range.
 * Cost: (kMax − kMin + 1) fits, ×(B + 1) for 'gap', plus O(n²d) per k for 'silhouette'. Every fit is seeded
 * from `seed`, so the result is reproducible.
 * @param X - n×d data
 * @throws {@link ValidationError} on bad data or options: kMin < 2 (silhouette, calinski, davies-bouldin) or < 1,
 *   kMin > kMax, kMax above its bound, fewer than 3 values of k for 'elbow' or 2 for 'gap'
 * @throws {@link NumericalError} when no k could be scored (every fit collapsed to one cluster)
 * @see Tibshirani, Walther & Hastie (2001), Estimating the number of clusters in a data set via the gap
 *   statistic, JRSS B 63(2); Satopää et al. (2011), Kneedle
 * @example
 * const { k, scores } = chooseK(demoBlobs(0).X, { method: 'silhouette', kMax: 8, seed: 1 }); // k = 5
 */
export function chooseK(X: MatrixLike, opts: ChooseKOptions = {}): ChooseKResult {
  const m = toMatrix(X, 'X', { minRows: 2 });
  const n = m.rows;
  const method = checkOneOf(opts.method ?? 'silhouette', CHOOSE_K_METHODS, 'method');
  const criterion = CHOOSE_K_CRITERIA[method];
  const { kMin, kMax } = checkRange(opts, criterion.lowest, criterion.highest(n), criterion.needed, method, n);
  const nInit = checkInt(opts.nInit ?? 3, 'nInit', 1);
  const nRefs = checkInt(opts.nRefs ?? 10, 'nRefs', 1);
  const reference = checkOneOf(opts.reference ?? 'pca', ['uniform', 'pca'] as const, 'reference');
  const gapRule = checkOneOf(opts.gapRule ?? 'tibshirani', ['tibshirani', 'global-se'] as const, 'gapRule');
  const sensitivity = checkNumber(opts.sensitivity ?? 1, 'sensitivity', 0);
  const sampleSize = opts.sampleSize === undefined ? undefined : checkInt(opts.sampleSize, 'sampleSize', 2, n);
  const estimator = opts.estimator ?? 'kmeans';
  if (estimator !== 'kmeans' && typeof estimator !== 'function') {
    throw new ValidationError(
      `estimator must be 'kmeans' or a function (X, k, seed) => labels.`,
      { param: 'estimator' },
      'INVALID_OPTION',
    );
  }
  const seed = resolveSeed(checkSeed(opts.seed));
  const ks: number[] = [];
  for (let k = kMin; k <= kMax; k++) ks.push(k);
  const totalFits = ks.length * (method === 'gap' ? nRefs + 1 : 1);
  let doneFits = 0;
  const fitted = (): void => opts.onProgress?.(++doneFits, totalFits);
  const context: CriterionContext = {
    m,
    ks,
    rng: createRng(seed),
    cluster: (data: Matrix, k: number, s: number): Clustering => {
      let fit: Clustering;
      if (estimator === 'kmeans') {
        const km = new KMeans({ nClusters: k, nInit, seed: s }).fit(data);
        fit = { labels: km.labels, inertia: km.inertia };
      } else {
        const labels = Int32Array.from(estimator(data, k, s));
        fit = { labels, inertia: inertiaScore(data, labels) };
      }
      fitted();
      return fit;
    },
    fitted,
    nInit,
    nRefs,
    reference,
    gapRule,
    sensitivity,
    sampleSize,
    covarianceType: opts.covarianceType,
    warnings: [],
  };
  const fits = criterion.fit(context);
  const { index, rule, extra } = criterion.pick(context, fits);
  const edge = rangeEdgeWarning(ks, index, method, criterion.lowest, criterion.highest(n));
  if (edge !== null) context.warnings.push(edge);
  return {
    k: ks[index],
    method,
    rule,
    ks,
    scores: fits.scores,
    labels: fits.labels[index],
    seed,
    warnings: context.warnings,
    ...extra,
  };
}

/**
 * The warning when the chosen k is at an end of the range tried that could be widened (kMax below its bound, or
 * kMin above the criterion's lowest k): the criterion may keep improving beyond it.
 */
function rangeEdgeWarning(
  ks: readonly number[],
  index: number,
  method: ChooseKMethod,
  lowest: number,
  highest: number,
): ModelWarning | null {
  if (ks.length < 2) return null;
  const kMin = ks[0];
  const kMax = ks[ks.length - 1];
  if (index === ks.length - 1 && kMax < highest) {
    return {
      code: 'RANGE_EDGE',
      message: `${method} chose k = ${kMax}, the largest k tried: the best k may be larger; widen the range (e.g. kMax = ${Math.min(highest, 2 * kMax)}).`,
    };
  }
  if (index === 0 && kMin > lowest) {
    return {
      code: 'RANGE_EDGE',
      message: `${method} chose k = ${kMin}, the smallest k tried: the best k may be smaller; widen the range (e.g. kMin = ${lowest}).`,
    };
  }
  return null;
}

/** kMin and kMax from the options, checked against the criterion's range [lowest, highest] and its `needed` ks. */
function checkRange(
  opts: ChooseKOptions,
  lowest: number,
  highest: number,
  needed: number,
  method: ChooseKMethod,
  n: number,
): { kMin: number; kMax: number } {
  if (highest < lowest) {
    throw new ValidationError(`X has ${n} rows; method '${method}' needs at least 3.`, { param: 'X' });
  }
  const kMin = checkInt(opts.kMin ?? lowest, 'kMin', 1);
  if (kMin < lowest) {
    throw new ValidationError(
      `kMin=${kMin} is below 2: the ${method} index is undefined for a single cluster; pass kMin >= 2.`,
      { param: 'kMin' },
      'INVALID_OPTION',
    );
  }
  if (kMin > highest) {
    throw new ValidationError(
      `kMin=${kMin} exceeds the largest possible k (${highest}) for ${n} rows.`,
      { param: 'kMin' },
      'INVALID_OPTION',
    );
  }
  const kMax = checkInt(opts.kMax ?? Math.max(kMin, Math.min(10, highest)), 'kMax', 1, highest);
  if (kMin > kMax) {
    throw new ValidationError(
      `kMin=${kMin} is larger than kMax=${kMax}; pass kMin <= kMax.`,
      { param: 'kMin' },
      'INVALID_OPTION',
    );
  }
  if (kMax - kMin + 1 < needed) {
    throw new ValidationError(
      `method '${method}' needs at least ${needed} values of k, but kMin=${kMin} and kMax=${kMax}; widen the range.`,
      { param: 'kMax' },
      'INVALID_OPTION',
    );
  }
  return { kMin, kMax };
}
