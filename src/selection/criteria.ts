/**
 * The criteria of `chooseK`, one table entry per method: which k it is defined for, how each k is fitted and
 * scored, how the best k is picked, and how the plot labels the score.
 * @module
 */
import { type ModelWarning, NumericalError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/random.js';
import { checkOneOf } from '../core/validate.js';
import { calinskiHarabaszScore } from '../metrics/internal/calinskiHarabasz.js';
import { daviesBouldinScore } from '../metrics/internal/daviesBouldin.js';
import { silhouetteScore } from '../metrics/internal/silhouette.js';
import { kneedle } from '../metrics/kneedle.js';
import { encodeLabels } from '../metrics/labels.js';
import { COVARIANCE_TYPES, type CovarianceType } from '../mixture/covariance.js';
import { GaussianMixture } from '../mixture/GaussianMixture.js';
import { type GapCurve, type GapReference, type GapRule, gapStatistic, pickGap } from './gap.js';

/** How {@link chooseK} scores each k. */
export type ChooseKMethod = 'elbow' | 'silhouette' | 'calinski' | 'davies-bouldin' | 'gap' | 'bic';

/** One clustering of the data: labels and the inertia Σ‖xᵢ − μ_{c(i)}‖². */
export interface Clustering {
  labels: Int32Array;
  inertia: number;
}

/** What a criterion's fits see: the data, the k range, the resolved options, the one PRNG of the run. */
export interface CriterionContext {
  m: Matrix;
  /** Every k tried, ascending. */
  ks: readonly number[];
  /** Draws each fit's seed (and the gap reference sets), in a fixed order. */
  rng: Rng;
  /** The clustering of each k (KMeans or the caller's function). */
  cluster: (data: Matrix, k: number, seed: number) => Clustering;
  nInit: number;
  nRefs: number;
  reference: GapReference;
  gapRule: GapRule;
  sensitivity: number;
  sampleSize: number | undefined;
  /** As given: validated by the BIC criterion, the only one that uses it. */
  covarianceType: CovarianceType | undefined;
  /** Caveats collected along the way (fewer distinct clusters than k, failed fits). */
  warnings: ModelWarning[];
  /** Counts one fit done (for progress); `cluster` calls it itself. */
  fitted: () => void;
}

/** The fits of every k: score (NaN where undefined), labels and inertia (clusterings only). */
export interface Fits {
  scores: number[];
  labels: Int32Array[];
  inertias: number[];
}

/** What a pick rule returns: the index into ks, the rule in words, and extra result fields. */
export interface Pick {
  index: number;
  rule: string;
  extra?: {
    scores?: number[];
    knee?: number;
    difference?: number[];
  } & Partial<GapCurve>;
}

/** One entry of {@link CHOOSE_K_CRITERIA}. */
export interface ChooseKCriterion {
  /** Smallest k the score is defined for (2 for validity indices, which need two clusters). */
  lowest: 1 | 2;
  /** Largest k the score is defined for, for n rows (n − 1 for validity indices). */
  highest: (n: number) => number;
  /** Fewest values of k the pick rule needs. */
  needed: number;
  /** Fits and scores every k. */
  fit: (c: CriterionContext) => Fits;
  /** Chooses k from the scores. */
  pick: (c: CriterionContext, fits: Fits) => Pick;
  /** The score's name on the plot's y axis. */
  label: string;
  /** Which score is better, for the plot's title. */
  better: string;
}

/** Clusters every k and scores it with `index` (NaN for < 2 or > n − 1 distinct clusters), or by its inertia. */
function clusterFits(c: CriterionContext, index?: (m: Matrix, labels: Int32Array, rng: Rng) => number): Fits {
  const fits: Fits = { scores: [], labels: [], inertias: [] };
  const n = c.m.rows;
  for (const k of c.ks) {
    const fit = c.cluster(c.m, k, c.rng.nextUint32());
    fits.labels.push(fit.labels);
    fits.inertias.push(fit.inertia);
    const distinct = encodeLabels(fit.labels).ids.length;
    if (distinct < k) {
      c.warnings.push({
        code: 'DUPLICATE_POINTS',
        message: `k=${k}: the fit found only ${distinct} distinct clusters (duplicate points?).`,
      });
    }
    if (index === undefined) fits.scores.push(fit.inertia);
    else if (distinct < 2 || distinct > n - 1) fits.scores.push(Number.NaN);
    else fits.scores.push(index(c.m, fit.labels, c.rng));
  }
  return fits;
}

/** Fits a Gaussian mixture of every k and scores it by BIC (NaN, with a warning, where EM fails numerically). */
function mixtureFits(c: CriterionContext): Fits {
  const covarianceType = checkOneOf(c.covarianceType ?? 'full', COVARIANCE_TYPES, 'covarianceType');
  const fits: Fits = { scores: [], labels: [], inertias: [] };
  for (const k of c.ks) {
    const seed = c.rng.nextUint32();
    try {
      const gm = new GaussianMixture({ nComponents: k, covarianceType, nInit: c.nInit, seed });
      gm.fit(c.m);
      fits.scores.push(gm.bic(c.m));
      fits.labels.push(gm.labels);
    } catch (e) {
      if (!(e instanceof NumericalError)) throw e;
      c.warnings.push({ code: 'DEGENERATE', message: `k=${k}: the Gaussian mixture fit failed (${e.message})` });
      fits.scores.push(Number.NaN);
      fits.labels.push(new Int32Array(c.m.rows));
    }
    c.fitted();
  }
  return fits;
}

/** The pick rule "the largest (or smallest) score", skipping NaN; `what` names the score in the rule. */
function extremum(largest: boolean, what: (c: CriterionContext, score: number) => string) {
  return (c: CriterionContext, { scores }: Fits): Pick => {
    let best = -1;
    for (let t = 0; t < scores.length; t++) {
      if (Number.isNaN(scores[t])) continue;
      if (best < 0 || (largest ? scores[t] > scores[best] : scores[t] < scores[best])) best = t;
    }
    const range = `k = ${c.ks[0]}..${c.ks[c.ks.length - 1]}`;
    if (best < 0) {
      throw new NumericalError(
        `No k in ${c.ks[0]}..${c.ks[c.ks.length - 1]} could be scored: every fit gave fewer than 2 distinct clusters (are the rows all equal?).`,
      );
    }
    return { index: best, rule: `${largest ? 'largest' : 'smallest'} ${what(c, scores[best])} over ${range}` };
  };
}

/** Validity indices are defined for 2 ≤ k ≤ n − 1. */
const INDEX_RANGE = { lowest: 2, highest: (n: number) => n - 1, needed: 1 } as const;
/** Inertia and likelihood are defined for 1 ≤ k ≤ n. */
const ANY_K = { lowest: 1, highest: (n: number) => n } as const;

/**
 * The chooseK criteria by method.
 * @remarks
 * - elbow: inertia Wₖ; the knee of (k, ln Wₖ) by Kneedle.
 * - silhouette, calinski: the largest index; davies-bouldin: the smallest.
 * - gap: Gap(k) = E*[log W*ₖ] − log Wₖ over reference sets; the standard-error rule.
 * - bic: Gaussian mixtures; the smallest BIC = −2 ln L + p ln n.
 */
export const CHOOSE_K_CRITERIA: Readonly<Record<ChooseKMethod, ChooseKCriterion>> = {
  elbow: {
    ...ANY_K,
    needed: 3,
    fit: (c) => clusterFits(c),
    pick: (c, { scores }) => {
      const range = `k = ${c.ks[0]}..${c.ks[c.ks.length - 1]}`;
      const logW = scores.map((w) => Math.log(Math.max(w, Number.MIN_VALUE)));
      const knee = kneedle(c.ks, logW, c.sensitivity);
      if (knee.index < 0) {
        return {
          index: 0,
          rule: `no elbow: the log-inertia curve has no convex bend over ${range}; kMin chosen`,
          extra: { difference: knee.difference },
        };
      }
      const test = knee.thresholdMet
        ? `threshold test met, S = ${c.sensitivity}`
        : `threshold test not met, S = ${c.sensitivity}: the curve may keep bending beyond kMax`;
      return {
        index: knee.index,
        rule: `elbow of the log-inertia curve by Kneedle: largest distance below the chord over ${range} (${test})`,
        extra: { knee: c.ks[knee.index], difference: knee.difference },
      };
    },
    label: 'inertia (within-cluster sum of squares)',
    better: 'knee',
  },
  silhouette: {
    ...INDEX_RANGE,
    fit: (c) =>
      clusterFits(c, (m, labels, rng) => {
        const seed = rng.nextUint32();
        return silhouetteScore(m, labels, c.sampleSize === undefined ? {} : { sampleSize: c.sampleSize, seed });
      }),
    pick: extremum(true, (_c, s) => `mean silhouette (${s.toPrecision(4)})`),
    label: 'mean silhouette',
    better: 'higher is better',
  },
  calinski: {
    ...INDEX_RANGE,
    fit: (c) => clusterFits(c, (m, labels) => calinskiHarabaszScore(m, labels)),
    pick: extremum(true, (_c, s) => `Calinski–Harabasz index (${s.toPrecision(4)})`),
    label: 'Calinski–Harabasz index',
    better: 'higher is better',
  },
  'davies-bouldin': {
    ...INDEX_RANGE,
    fit: (c) => clusterFits(c, (m, labels) => daviesBouldinScore(m, labels)),
    pick: extremum(false, (_c, s) => `Davies–Bouldin index (${s.toPrecision(4)})`),
    label: 'Davies–Bouldin index',
    better: 'lower is better',
  },
  gap: {
    ...ANY_K,
    needed: 2,
    fit: (c) => clusterFits(c),
    pick: (c, fits) => {
      const g = gapStatistic(c.m, c.ks, fits.inertias, c.nRefs, c.reference, c.rng, c.cluster);
      const { index, rule } = pickGap(g, c.ks, c.gapRule, `gap statistic (B = ${c.nRefs}, ${c.reference} reference)`);
      return { index, rule, extra: { scores: [...g.gap], ...g } };
    },
    label: 'Gap(k)',
    better: 'standard-error rule',
  },
  bic: {
    ...ANY_K,
    needed: 1,
    fit: mixtureFits,
    pick: extremum(
      false,
      (c, s) => `BIC (${s.toPrecision(6)}) of Gaussian mixtures (${c.covarianceType ?? 'full'} covariances)`,
    ),
    label: 'BIC',
    better: 'lower is better',
  },
};
