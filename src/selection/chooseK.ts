/**
 * Choosing the number of clusters k: elbow (Kneedle), silhouette, Calinski–Harabasz, Davies–Bouldin, the gap
 * statistic and BIC of Gaussian mixtures.
 * @module
 */
import { type ModelWarning, NumericalError, ValidationError } from '../core/errors.js';
import { eigenSymmetric } from '../core/linalg.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { createRng, type Rng, resolveSeed } from '../core/random.js';
import { columnMeans } from '../core/stats.js';
import { checkInt, checkNumber, checkOneOf, checkSeed } from '../core/validate.js';
import { KMeans } from '../kmeans/KMeans.js';
import { calinskiHarabaszScore } from '../metrics/internal/calinskiHarabasz.js';
import { daviesBouldinScore } from '../metrics/internal/daviesBouldin.js';
import { inertiaScore } from '../metrics/internal/inertia.js';
import { silhouetteScore } from '../metrics/internal/silhouette.js';
import { kneedle } from '../metrics/kneedle.js';
import { encodeLabels } from '../metrics/labels.js';
import { COVARIANCE_TYPES, type CovarianceType } from '../mixture/covariance.js';
import { GaussianMixture } from '../mixture/GaussianMixture.js';

/** How {@link chooseK} scores each k. */
export type ChooseKMethod = 'elbow' | 'silhouette' | 'calinski' | 'davies-bouldin' | 'gap' | 'bic';
/** Every chooseK method. */
export const CHOOSE_K_METHODS: readonly ChooseKMethod[] = [
  'elbow',
  'silhouette',
  'calinski',
  'davies-bouldin',
  'gap',
  'bic',
];
/** Reference distribution of the gap statistic: uniform over the bounding box of the data or of its principal components. */
export type GapReference = 'uniform' | 'pca';

/**
 * Gap statistic decision rule: Tibshirani et al.'s standard-error rule (smallest k with
 * Gap(k) ≥ Gap(k+1) − s_{k+1}), or Dudoit & Fridlyand's global one (smallest k with Gap(k) ≥ max Gap − s at the
 * maximum; R's `maxSE(method = "globalSEmax")`).
 */
export type GapRule = 'tibshirani' | 'global-se';

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
 * Each k is clustered by KMeans (k-means++, `nInit` restarts; or `estimator`) and scored:
 * - 'elbow': inertia Wₖ = Σ‖xᵢ − μ_{c(i)}‖² (the scores); k is the knee of the curve (k, ln Wₖ) by Kneedle's
 *   difference curve: the largest Dₖ = (1 − ŷₖ) − k̂ after normalising both axes to [0, 1] (see {@link kneedle}).
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
  const internal = method === 'silhouette' || method === 'calinski' || method === 'davies-bouldin';
  const lowest = internal ? 2 : 1;
  const highest = internal ? n - 1 : n;
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
      {
        param: 'kMin',
      },
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
  const needed = method === 'elbow' ? 3 : method === 'gap' ? 2 : 1;
  if (kMax - kMin + 1 < needed) {
    throw new ValidationError(
      `method '${method}' needs at least ${needed} values of k, but kMin=${kMin} and kMax=${kMax}; widen the range.`,
      { param: 'kMax' },
      'INVALID_OPTION',
    );
  }
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
  const rng = createRng(seed);
  const warnings: ModelWarning[] = [];
  const ks: number[] = [];
  for (let k = kMin; k <= kMax; k++) ks.push(k);

  const cluster = (data: Matrix, k: number, s: number): { labels: Int32Array; inertia: number } => {
    if (estimator === 'kmeans') {
      const km = new KMeans({ nClusters: k, nInit, seed: s }).fit(data);
      return { labels: km.labels, inertia: km.inertia };
    }
    const labels = Int32Array.from(estimator(data, k, s));
    return { labels, inertia: inertiaScore(data, labels) };
  };

  const scores: number[] = [];
  const allLabels: Int32Array[] = [];
  const inertias: number[] = [];
  if (method === 'bic') {
    const covarianceType = checkOneOf(opts.covarianceType ?? 'full', COVARIANCE_TYPES, 'covarianceType');
    for (const k of ks) {
      const s = rng.nextUint32();
      try {
        const gm = new GaussianMixture({ nComponents: k, covarianceType, nInit, seed: s }).fit(m);
        scores.push(gm.bic(m));
        allLabels.push(gm.labels);
      } catch (e) {
        if (!(e instanceof NumericalError)) throw e;
        warnings.push({ code: 'DEGENERATE', message: `k=${k}: the Gaussian mixture fit failed (${e.message})` });
        scores.push(Number.NaN);
        allLabels.push(new Int32Array(n));
      }
    }
  } else {
    for (const k of ks) {
      const fit = cluster(m, k, rng.nextUint32());
      allLabels.push(fit.labels);
      inertias.push(fit.inertia);
      const distinct = encodeLabels(fit.labels).ids.length;
      if (distinct < k) {
        warnings.push({
          code: 'DUPLICATE_POINTS',
          message: `k=${k}: the fit found only ${distinct} distinct clusters (duplicate points?).`,
        });
      }
      let score: number;
      if (method === 'elbow' || method === 'gap') score = fit.inertia;
      else if (distinct < 2 || distinct > n - 1) score = Number.NaN;
      else if (method === 'silhouette') {
        const s = rng.nextUint32();
        score = silhouetteScore(m, fit.labels, sampleSize === undefined ? {} : { sampleSize, seed: s });
      } else if (method === 'calinski') score = calinskiHarabaszScore(m, fit.labels);
      else score = daviesBouldinScore(m, fit.labels);
      scores.push(score);
    }
  }

  const pick = (better: (a: number, b: number) => boolean): number => {
    let best = -1;
    for (let t = 0; t < ks.length; t++) {
      if (Number.isNaN(scores[t])) continue;
      if (best < 0 || better(scores[t], scores[best])) best = t;
    }
    if (best < 0) {
      throw new NumericalError(
        `No k in ${kMin}..${kMax} could be scored: every fit gave fewer than 2 distinct clusters (are the rows all equal?).`,
      );
    }
    return best;
  };
  const result = (t: number, rule: string, extra: Partial<ChooseKResult> = {}): ChooseKResult => ({
    k: ks[t],
    method,
    rule,
    ks,
    scores,
    labels: allLabels[t],
    seed,
    warnings,
    ...extra,
  });

  switch (method) {
    case 'silhouette': {
      const t = pick((a, b) => a > b);
      return result(t, `largest mean silhouette (${scores[t].toPrecision(4)}) over k = ${kMin}..${kMax}`);
    }
    case 'calinski': {
      const t = pick((a, b) => a > b);
      return result(t, `largest Calinski–Harabasz index (${scores[t].toPrecision(4)}) over k = ${kMin}..${kMax}`);
    }
    case 'davies-bouldin': {
      const t = pick((a, b) => a < b);
      return result(t, `smallest Davies–Bouldin index (${scores[t].toPrecision(4)}) over k = ${kMin}..${kMax}`);
    }
    case 'bic': {
      const t = pick((a, b) => a < b);
      return result(
        t,
        `smallest BIC (${scores[t].toPrecision(6)}) of Gaussian mixtures (${opts.covarianceType ?? 'full'} covariances) over k = ${kMin}..${kMax}`,
      );
    }
    case 'elbow': {
      const logW = scores.map((w) => Math.log(Math.max(w, Number.MIN_VALUE)));
      const knee = kneedle(ks, logW, sensitivity);
      if (knee.index < 0) {
        return result(0, `no elbow: the log-inertia curve has no convex bend over k = ${kMin}..${kMax}; kMin chosen`, {
          difference: knee.difference,
        });
      }
      const rule = knee.thresholdMet
        ? `elbow of the log-inertia curve by Kneedle: largest distance below the chord over k = ${kMin}..${kMax} (threshold test met, S = ${sensitivity})`
        : `elbow of the log-inertia curve by Kneedle: largest distance below the chord over k = ${kMin}..${kMax} (threshold test not met, S = ${sensitivity}: the curve may keep bending beyond kMax)`;
      return result(knee.index, rule, { knee: ks[knee.index], difference: knee.difference });
    }
    case 'gap': {
      const g = gapStatistic(m, ks, inertias, nRefs, reference, rng, cluster);
      const head = `gap statistic (B = ${nRefs}, ${reference} reference)`;
      let t = -1;
      let rule: string;
      if (gapRule === 'global-se') {
        let top = 0;
        for (let q = 1; q < ks.length; q++) if (g.gap[q] > g.gap[top]) top = q;
        const bar = g.gap[top] - g.sk[top];
        for (let q = 0; q <= top && t < 0; q++) if (g.gap[q] >= bar) t = q;
        rule = `${head}: smallest k with Gap(k) ≥ max Gap − s at the maximum (k = ${ks[top]}), Dudoit & Fridlyand`;
      } else {
        for (let q = 0; q + 1 < ks.length && t < 0; q++) if (g.gap[q] >= g.gap[q + 1] - g.sk[q + 1]) t = q;
        rule =
          t >= 0
            ? `${head}: smallest k with Gap(k) ≥ Gap(k+1) − s(k+1), Tibshirani et al.`
            : `${head}: no k < ${kMax} with Gap(k) ≥ Gap(k+1) − s(k+1); kMax chosen — try a larger kMax`;
        if (t < 0) t = ks.length - 1;
      }
      for (let q = 0; q < ks.length; q++) scores[q] = g.gap[q];
      return result(t, rule, { gap: g.gap, sk: g.sk, logW: g.logW, expectedLogW: g.expectedLogW });
    }
  }
}

/** Reference data drawn uniformly over a box, in the original coordinates. */
function referenceSampler(m: Matrix, reference: GapReference): (rng: Rng) => Matrix {
  const { rows: n, cols: d, data } = m;
  const mu = columnMeans(data, n, d);
  // Rotation R (d×d, columns = axes of the box) and the data in those coordinates.
  let rot: Float64Array;
  if (reference === 'pca') {
    const cov = new Float64Array(d * d);
    const row = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mu[j];
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += row[a] * row[b];
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
    rot = eigenSymmetric(cov, d).vectors;
  } else {
    rot = new Float64Array(d * d);
    for (let j = 0; j < d; j++) rot[j * d + j] = 1;
  }
  const lo = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += (data[i * d + j] - mu[j]) * rot[j * d + c];
      if (v < lo[c]) lo[c] = v;
      if (v > hi[c]) hi[c] = v;
    }
  }
  return (rng: Rng) => {
    const out = new Float64Array(n * d);
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < d; c++) z[c] = lo[c] + (hi[c] - lo[c]) * rng.nextFloat();
      for (let j = 0; j < d; j++) {
        let v = mu[j];
        for (let c = 0; c < d; c++) v += rot[j * d + c] * z[c];
        out[i * d + j] = v;
      }
    }
    return { rows: n, cols: d, data: out };
  };
}

function gapStatistic(
  m: Matrix,
  ks: number[],
  inertias: number[],
  nRefs: number,
  reference: GapReference,
  rng: Rng,
  cluster: (data: Matrix, k: number, s: number) => { inertia: number },
): { gap: number[]; sk: number[]; logW: number[]; expectedLogW: number[] } {
  const draw = referenceSampler(m, reference);
  const refs: Matrix[] = [];
  for (let b = 0; b < nRefs; b++) refs.push(draw(rng));
  const gap: number[] = [];
  const sk: number[] = [];
  const logW: number[] = [];
  const expectedLogW: number[] = [];
  for (let t = 0; t < ks.length; t++) {
    const lw = Math.log(inertias[t]);
    const vals = new Float64Array(nRefs);
    let mean = 0;
    for (let b = 0; b < nRefs; b++) {
      vals[b] = Math.log(cluster(refs[b], ks[t], rng.nextUint32()).inertia);
      mean += vals[b];
    }
    mean /= nRefs;
    let v = 0;
    for (let b = 0; b < nRefs; b++) v += (vals[b] - mean) * (vals[b] - mean);
    const sd = Math.sqrt(v / nRefs);
    logW.push(lw);
    expectedLogW.push(mean);
    gap.push(mean - lw);
    sk.push(sd * Math.sqrt(1 + 1 / nRefs));
  }
  return { gap, sk, logW, expectedLogW };
}
