/**
 * What KMedoids and CLARA share: the fitted medoid state and its JSON form, the estimator base with their common
 * getters, the coordinates check and the nearest-medoid prediction.
 * @module
 */
import { type Metric, metricDist } from '../core/distance.js';
import { NumericalError, ValidationError } from '../core/errors.js';
import { SeededEstimator, type SeededState } from '../core/estimator.js';
import { type Matrix, toArrays, toMatrix } from '../core/matrix.js';

/** The fitted state common to the medoid estimators. */
export interface MedoidState extends SeededState {
  medoidIndices: Int32Array;
  /** k×d medoid rows, or null when the fit had no coordinates (precomputed, Gower). */
  centers: Matrix | null;
  labels: Int32Array;
  inertia: number;
  nIter: number;
}

/**
 * Base of the medoid estimators (KMedoids, CLARA; `In` is what `fit` takes): the getters of a {@link MedoidState} on top of
 * the seeded estimator base, and its JSON form as the saved state.
 *
 * @remarks
 * The medoids are k rows of the training data; `clusterCenters` are their coordinates, absent (a
 * {@link ValidationError}) when the fit had none. O(1) per getter; nothing is copied.
 * @example
 * new KMedoids({ nClusters: 2 }).fit([[0, 0], [0, 1], [5, 5], [5, 6]]).medoidIndices; // Int32Array of 2 rows
 */
export abstract class MedoidEstimator<S extends MedoidState, In> extends SeededEstimator<S> {
  readonly #name: string;
  readonly #noCenters: string;

  /**
   * @param name - the class name, as for {@link SeededEstimator}
   * @param noCenters - the kind of fit that has no coordinates, for the error of `clusterCenters`
   */
  protected constructor(name: string, noCenters: string) {
    super(name);
    this.#name = name;
    this.#noCenters = noCenters;
  }

  /** Fits the medoids to X. */
  abstract fit(X: In): this;

  /** Fits and returns the labels. */
  fitPredict(X: In): Int32Array {
    return this.fit(X).labels;
  }

  /** Row indices (0-based) of the k medoids; cluster c is the set of rows whose nearest medoid is `medoidIndices[c]`. */
  get medoidIndices(): Int32Array {
    return this.state('medoidIndices').medoidIndices;
  }
  /**
   * k×d coordinates of the medoids (rows of the training data). Read-only.
   * @throws {@link ValidationError} for a fit without coordinates (precomputed or Gower; use `medoidIndices`)
   */
  get clusterCenters(): Matrix {
    return centersOf(this.state('clusterCenters'), this.#name, this.#noCenters);
  }
  /** Cluster of each training row (index into `medoidIndices`; ties go to the first medoid). */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** Sum of the dissimilarities of the rows to their nearest medoid (R's `objective` × n). */
  get inertia(): number {
    return this.state('inertia').inertia;
  }
  /** Passes run (of the kept run), including the last one that found nothing to improve. */
  get nIter(): number {
    return this.state('nIter').nIter;
  }

  /** The state as plain JSON ({@link medoidStateToJSON}). */
  protected saveState(s: S): object {
    return medoidStateToJSON(s);
  }
}

/** The JSON form of a {@link MedoidState} (typed arrays as plain arrays). */
export type MedoidStateJSON<S extends MedoidState> = Omit<S, 'medoidIndices' | 'centers' | 'labels'> & {
  medoidIndices: number[];
  clusterCenters: number[][] | null;
  labels: number[];
};

/** A state as plain JSON. */
export function medoidStateToJSON<S extends MedoidState>(s: S): MedoidStateJSON<S> {
  const { medoidIndices, centers, labels, ...rest } = s;
  return {
    ...rest,
    medoidIndices: Array.from(medoidIndices),
    clusterCenters: centers === null ? null : toArrays(centers),
    labels: Array.from(labels),
  };
}

/** A state back from its JSON form. */
export function medoidStateFromJSON<S extends MedoidState>(j: MedoidStateJSON<S>): S {
  const { medoidIndices, clusterCenters, labels, ...rest } = j;
  return {
    ...rest,
    medoidIndices: Int32Array.from(medoidIndices),
    centers: clusterCenters === null ? null : toMatrix(clusterCenters, 'clusterCenters'),
    labels: Int32Array.from(labels),
  } as unknown as S;
}

/** The medoid coordinates, or a ValidationError saying why there are none. */
export function centersOf(s: MedoidState, estimator: string, why: string): Matrix {
  if (s.centers === null) {
    throw new ValidationError(`A ${estimator} fitted with ${why} has no coordinates; use medoidIndices.`, {
      param: 'clusterCenters',
    });
  }
  return s.centers;
}

/**
 * Index of the nearest row of `centers` (k×d) for each row of q (m×d) under a metric, ties to the first.
 * O(m·k·d).
 */
export function nearestCenter(q: Matrix, centers: Matrix, metric: Metric): Int32Array {
  const out = new Int32Array(q.rows);
  for (let i = 0; i < q.rows; i++) {
    let bd = Number.POSITIVE_INFINITY;
    for (let c = 0; c < centers.rows; c++) {
      const d = metricDist(q.data, i, centers.data, c, q.cols, metric);
      if (d < bd) {
        bd = d;
        out[i] = c;
      }
    }
  }
  return out;
}

/**
 * Throws a {@link NumericalError} when a medoid fit's total dissimilarity is not finite: distances of data near
 * 1e154 and beyond overflow (√ of an overflowed Σ squares), and a sum of many large ones can too; the medoids chosen
 * from infinite dissimilarities would be arbitrary. O(1).
 * @param estimator - the estimator's name, for the message
 */
export function checkFiniteInertia(inertia: number, estimator: string): void {
  if (!Number.isFinite(inertia)) {
    throw new NumericalError(
      `${estimator}: the total dissimilarity (inertia) is ${inertia}: the distances of data this large overflow; divide the data by a constant or standardize it (fitScaler(X, 'standard'); CLI --scale standard).`,
    );
  }
}
