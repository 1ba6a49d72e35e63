/**
 * CLARA (Clustering LARge Applications): k-medoids fitted on random samples and scored on every row, for n too
 * large for an n² dissimilarity matrix; on numeric data under any metric or on a mixed table under Gower.
 * @module
 */
import { checkNoZeroRows, METRICS, type Metric, metricDist } from '../core/distance.js';
import { ValidationError } from '../core/errors.js';
import {
  encodeGower,
  type GowerEncoded,
  type GowerOptions,
  type GowerTable,
  gowerPair,
  noCommonColumn,
} from '../core/gower.js';
import { isMatrix, type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { NO_PARAMS } from '../core/metrics.js';
import { checkModelJSON } from '../core/model.js';
import { type ProgressCallback, phaseProgress } from '../core/progress.js';
import { createRng, resolveSeed, sampleWithoutReplacement } from '../core/random.js';
import { checkInt, checkOneOf, checkSeed } from '../core/validate.js';
import { useWasm } from '../engine/kernels/backend.js';
import { type NearestScorer, openNearestScorer } from '../engine/kernels/pdistWasm.js';
import type { DissimilarityView } from './dissimilarity.js';
import { fitMedoids, gatherRows } from './KMedoids.js';
import {
  checkFiniteInertia,
  MedoidEstimator,
  type MedoidState,
  type MedoidStateJSON,
  medoidStateFromJSON,
  medoidStateToJSON,
  nearestCenter,
} from './medoidState.js';

/** A metric for {@link CLARA}: one of `METRICS`, or `'gower'` on a mixed table. */
export type ClaraMetric = Metric | 'gower';
/** Algorithms {@link CLARA} runs on each sample. */
export type ClaraMethod = 'fasterpam' | 'pam';
/** Every {@link ClaraMethod}. */
export const CLARA_METHODS: readonly ClaraMethod[] = ['fasterpam', 'pam'];

/** Options of {@link CLARA}. */
export interface CLARAOptions {
  /** Number of clusters k. @defaultValue 8 */
  nClusters?: number;
  /** Number of samples drawn. @defaultValue 5 (R's default) */
  samples?: number;
  /** Rows per sample (more than nClusters). @defaultValue min(n, 40 + 2k) (R's default) */
  sampleSize?: number;
  /** Dissimilarity: a numeric metric on a matrix, or `'gower'` on a column table. @defaultValue 'euclidean' */
  metric?: ClaraMetric;
  /** Options of the Gower dissimilarity (`types`, `weights`, `levels`) with `metric: 'gower'`. */
  gower?: Omit<GowerOptions, 'memoryBudget'>;
  /** k-medoids on each sample, from PAM's BUILD: `fasterpam` (FasterCLARA) or `pam` (R's). @defaultValue 'fasterpam' */
  method?: ClaraMethod;
  /** Maximum swap passes on each sample. @defaultValue 300 */
  maxIter?: number;
  /** Seed of the sample draws; drawn (and recorded as `seed`) when omitted. */
  seed?: number;
}

/** Resolved options of {@link CLARA}. */
export interface ResolvedCLARAOptions {
  nClusters: number;
  samples: number;
  sampleSize: number | undefined;
  metric: ClaraMetric;
  gower: Omit<GowerOptions, 'memoryBudget'> | undefined;
  method: ClaraMethod;
  maxIter: number;
  seed: number | undefined;
}

interface ClaraState extends MedoidState {
  bestSample: Int32Array;
}

/**
 * CLARA: k-medoids on random samples of the rows, keeping the medoids with the least total dissimilarity over
 * all rows.
 *
 * @remarks
 * For each of `samples` draws of `sampleSize` rows (from the second draw on, the best medoids so far are part of the
 * sample, as in R), the sample's dissimilarities are computed (sampleSize² / 2 values), k-medoids runs from BUILD
 * (`fasterpam` or R's `pam`), and the medoids are scored on every row: TD = Σᵢ min_c d(xᵢ, m_c). The best TD wins.
 * O(samples · (sampleSize²·d + n·k·d)) time and O(sampleSize² + n) memory: no n² matrix, so n = 10⁶ is fine. The
 * scoring on all rows runs in WebAssembly SIMD for the metrics that have pdist/cdist rows (euclidean, sqeuclidean,
 * cityblock, chebyshev, cosine, correlation, minkowski at p = 2), over one copy of the rows in wasm memory (n·d
 * doubles): every distance and label bit-identical to the TypeScript loop, the inertia added in the same row order.
 * With a worker pool (`enableWorkerPool()` from clusterkit/node) the pool's helper scores the last half of the rows
 * (from n·k·d = 2·10⁷ on; the same bits).
 * `metric: 'gower'` takes a column table (as the readers return) and scales numeric columns by their range over
 * all rows, as `daisy` would on the whole table. Samples come from clusterkit's seeded PRNG, so the medoids are of
 * the same quality as R cluster's `clara`, not the same rows; `inertia` / n is R's `objective`. Compared against
 * R cluster 2.1.4 `clara` (objective) and `pam` (the full optimum) on the fixtures.
 * @see Kaufman, L. & Rousseeuw, P. J. (1990), Finding Groups in Data, ch. 3; Schubert & Rousseeuw (2021)
 * (FasterCLARA)
 * @example
 * const cl = new CLARA({ nClusters: 2, seed: 1 }).fit([[0, 0], [0, 1], [1, 0], [9, 9], [9, 8], [8, 9]]);
 * cl.labels; // two groups: rows 0–2 and rows 3–5
 */
export class CLARA extends MedoidEstimator<ClaraState, MatrixLike | GowerTable> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedCLARAOptions>;

  /** @throws {@link ValidationError} on an invalid option */
  constructor(options: CLARAOptions = {}) {
    super('CLARA', "metric 'gower'");
    const nClusters = checkInt(options.nClusters ?? 8, 'nClusters', 1);
    this.options = Object.freeze({
      nClusters,
      samples: checkInt(options.samples ?? 5, 'samples', 1),
      sampleSize:
        options.sampleSize === undefined ? undefined : checkInt(options.sampleSize, 'sampleSize', nClusters + 1),
      metric: checkOneOf(options.metric ?? 'euclidean', [...METRICS, 'gower'] as const, 'metric'),
      gower: options.gower,
      method: checkOneOf(options.method ?? 'fasterpam', CLARA_METHODS, 'method'),
      maxIter: checkInt(options.maxIter ?? 300, 'maxIter', 1),
      seed: checkSeed(options.seed),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the medoids.
   * @param X - n×d numeric data, or with `metric: 'gower'` a column table `{ names, columns, nRows }`
   * @param opts.onProgress - called with the rows scored of samples·n (each sample's medoids are scored on all n
   * rows; {@link ProgressCallback}: about a hundred calls at most; the result is unchanged)
   * @throws {@link ValidationError} on bad data, nClusters ≥ n, or (Gower) a bad table
   * @throws {@link NumericalError} when the distances overflow (data near 1e154 and beyond): scale the data first
   */
  fit(X: MatrixLike | GowerTable, opts: { onProgress?: ProgressCallback } = {}): this {
    const { metric, nClusters: k } = this.options;
    let dist: (i: number, j: number) => number;
    let x: Matrix | null = null;
    let n: number;
    // numeric metrics with a wasm kernel: every sample's medoids scored on the cdist rows (bit-identical distances)
    let scorer: NearestScorer | null = null;
    if (metric === 'gower') {
      if (isMatrix(X) || !Array.isArray((X as GowerTable).columns)) {
        throw new ValidationError("metric 'gower' takes a column table { names, columns, nRows }.", { param: 'X' });
      }
      const enc: GowerEncoded = encodeGower(X as GowerTable, this.options.gower);
      n = enc.n;
      dist = (i, j) => {
        const d = gowerPair(enc, i, j);
        if (Number.isNaN(d)) throw noCommonColumn(Math.min(i, j), Math.max(i, j));
        return d;
      };
    } else {
      const m = toMatrix(X as MatrixLike, 'X');
      if (metric === 'cosine') checkNoZeroRows(m, 'X');
      x = m;
      n = m.rows;
      const d = m.cols;
      dist = (i, j) => metricDist(m.data, i, m.data, j, d, metric);
      if (k < n && useWasm(n * k * d, 'pdist')) scorer = openNearestScorer(m.data, n, d, k, metric, NO_PARAMS);
    }
    if (k >= n) {
      throw new ValidationError(
        `nClusters=${k} must be < the number of samples (${n}); lower nClusters (or use KMedoids on small data).`,
        { param: 'nClusters' },
      );
    }
    const size = Math.min(n, this.options.sampleSize ?? 40 + 2 * k);
    const nSamples = size === n ? 1 : this.options.samples;
    const seed = resolveSeed(this.options.seed);
    const rng = createRng(seed);
    const sample = new Int32Array(size);
    const inSample = new Uint8Array(n);
    const condensed = new Float64Array((size * (size - 1)) / 2);
    const view: DissimilarityView = { n: size, layout: 'condensed', data: condensed };
    let best: ClaraState | null = null;
    const labels = new Int32Array(n);
    const report = phaseProgress(opts.onProgress, nSamples, n);
    try {
      for (let s = 0; s < nSamples; s++) {
        // The draw: the best medoids so far, then distinct random rows.
        inSample.fill(0);
        let filled = 0;
        if (best !== null) {
          for (const m of best.medoidIndices) {
            sample[filled++] = m;
            inSample[m] = 1;
          }
        }
        while (filled < size) {
          const extra = sampleWithoutReplacement(rng, n, Math.min(n, size - filled + k));
          for (let t = 0; t < extra.length && filled < size; t++) {
            if (!inSample[extra[t]]) {
              inSample[extra[t]] = 1;
              sample[filled++] = extra[t];
            }
          }
        }
        sample.sort();
        let t = 0;
        for (let a = 0; a < size - 1; a++)
          for (let b = a + 1; b < size; b++) condensed[t++] = dist(sample[a], sample[b]);
        const r = fitMedoids(view, { ...this.options, init: 'build' }, seed, 'CLARA');
        const medoids = Int32Array.from(r.medoidIndices, (c) => sample[c]);
        let inertia = 0;
        if (scorer !== null && x !== null) {
          inertia = scorer.score(gatherRows(x, medoids).data, medoids, labels, (done) => report(s, done));
        } else {
          for (let i = 0; i < n; i++) {
            let bd = Number.POSITIVE_INFINITY;
            let bc = 0;
            for (let c = 0; c < k; c++) {
              const d = i === medoids[c] ? 0 : dist(i, medoids[c]);
              if (d < bd) {
                bd = d;
                bc = c;
              }
            }
            labels[i] = bc;
            inertia += bd;
            if ((i & 4095) === 4095) report(s, i + 1);
          }
        }
        report(s, n);
        if (best === null || inertia < best.inertia) {
          best = {
            medoidIndices: medoids,
            centers: null,
            labels: labels.slice(),
            inertia,
            bestSample: sample.slice(),
            nIter: r.nIter,
            nFeaturesIn: x === null ? 0 : x.cols,
            seed,
            warnings: r.warnings,
          };
        }
      }
    } finally {
      scorer?.release(); // the pool's helper, if the scoring used it
    }
    const fitted = best as ClaraState;
    checkFiniteInertia(fitted.inertia, 'CLARA');
    if (x !== null) fitted.centers = gatherRows(x, fitted.medoidIndices);
    this.setState(fitted);
    return this;
  }

  /** The rows of the winning sample, ascending (R's `sample`, 0-based). */
  get bestSample(): Int32Array {
    return this.state('bestSample').bestSample;
  }
  /**
   * Nearest medoid of each row of X (numeric fits only).
   * @throws {@link ValidationError} for a Gower fit or a column count other than at fit
   */
  predict(X: MatrixLike): Int32Array {
    const centers = this.clusterCenters;
    return nearestCenter(toMatrix(X, 'X', { cols: centers.cols }), centers, this.options.metric as Metric);
  }

  /** The state as plain JSON, with the winning sample. */
  protected override saveState(s: ClaraState): object {
    return { ...medoidStateToJSON(s), bestSample: Array.from(s.bestSample) };
  }

  /** Restores a model saved with {@link CLARA.toJSON}. */
  static fromJSON(json: unknown): CLARA {
    type State = Omit<MedoidStateJSON<ClaraState>, 'bestSample'> & { bestSample: number[] };
    const j = checkModelJSON<ResolvedCLARAOptions & { seed: number | null }, State>(json, 'CLARA');
    const o = j.options;
    const m = new CLARA({
      ...o,
      sampleSize: o.sampleSize ?? undefined,
      seed: o.seed ?? undefined,
      gower: o.gower ?? undefined,
    });
    const { bestSample, ...rest } = j.state;
    return CLARA.restore(m, {
      ...medoidStateFromJSON<ClaraState>(rest as unknown as MedoidStateJSON<ClaraState>),
      bestSample: Int32Array.from(bestSample),
    });
  }
}
