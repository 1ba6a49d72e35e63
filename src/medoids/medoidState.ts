/**
 * What KMedoids and CLARA share: the fitted medoid state, its JSON form, the coordinates check and the
 * nearest-medoid prediction.
 * @module
 */
import { type Metric, metricDist } from '../core/distance.js';
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { type Matrix, toArrays, toMatrix } from '../core/matrix.js';

/** The fitted state common to the medoid estimators. */
export interface MedoidState {
  medoidIndices: Int32Array;
  /** k×d medoid rows, or null when the fit had no coordinates (precomputed, Gower). */
  centers: Matrix | null;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  seed: number;
  warnings: ModelWarning[];
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
