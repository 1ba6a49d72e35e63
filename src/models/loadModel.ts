/**
 * Saved models, whatever the estimator: restores a `toJSON()` document (optionally with the CLI's preprocessing
 * block) through the right `fromJSON`, and predicts per-point results for new data. Browser-safe.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { MODEL_FORMAT_VERSION } from '../core/model.js';
import type { Scaler } from '../core/scale.js';
import { HDBSCAN } from '../density/HDBSCAN.js';
import { KernelDensity } from '../density/KernelDensity.js';
import { MeanShift } from '../density/MeanShift.js';
import { BisectingKMeans } from '../kmeans/BisectingKMeans.js';
import { FuzzyCMeans } from '../kmeans/FuzzyCMeans.js';
import { KMeans } from '../kmeans/KMeans.js';
import { MiniBatchKMeans } from '../kmeans/MiniBatchKMeans.js';
import { SoftKMeans } from '../kmeans/SoftKMeans.js';
import { SphericalKMeans } from '../kmeans/SphericalKMeans.js';
import { CLARA } from '../medoids/CLARA.js';
import { KMedoids } from '../medoids/KMedoids.js';
import { BayesianGaussianMixture } from '../mixture/BayesianGaussianMixture.js';
import { GaussianMixture } from '../mixture/GaussianMixture.js';
import { checkRestoredModel } from './checkModel.js';

/** The preprocessing the CLI's `--save` stores next to the model: the feature columns and the fitted scaler. */
export interface Preprocessing {
  /** Names of the feature columns, in the order the model saw them. */
  columns: string[];
  scaler: Scaler;
}

/** Per-point outputs of a restored model, by column name (`label`, `p0`..., `logDensity`). */
export type PointColumns = Record<string, Int32Array | Float64Array>;

/** A restored model, ready to predict. */
export interface LoadedModel {
  /** The estimator class name from the file (`'KMeans'`, `'GaussianMixture'`, ...). */
  estimator: string;
  /** The model format version of the file. */
  version: number;
  /** Number of features the model was fitted on. */
  nFeatures: number;
  /** The CLI's preprocessing block, when the file has one. */
  preprocessing?: Preprocessing;
  /** The restored estimator instance. */
  model: unknown;
  /**
   * Per-point results for X (already preprocessed): `label` for clusterers, `p0..p{k−1}` for soft/fuzzy/GMM
   * memberships (and `pNoise` for a GMM with a noise component, whose label is −1), `logDensity` for GMM and KDE.
   */
  predict(X: MatrixLike): PointColumns;
}

function columnsOf(P: Matrix, prefix: string): PointColumns {
  const out: PointColumns = {};
  for (let c = 0; c < P.cols; c++) {
    const v = new Float64Array(P.rows);
    for (let i = 0; i < P.rows; i++) v[i] = P.data[i * P.cols + c];
    out[`${prefix}${c}`] = v;
  }
  return out;
}

type Entry = (json: unknown) => { model: unknown; predict(X: MatrixLike): PointColumns };

/**
 * A mixture's predictor: label, one probability column per component, and the log density; with a noise component
 * (GaussianMixture's `noise`) the label is −1 for noise and the noise probability is the column `pNoise`.
 */
function mixturePredictor(m: GaussianMixture | BayesianGaussianMixture): ReturnType<Entry> {
  const k = m.options.nComponents;
  return {
    model: m,
    predict: (X) => {
      const P = m.predictProba(X);
      const cols = columnsOf(P, 'p');
      if (P.cols > k) {
        cols.pNoise = cols[`p${k}`];
        delete cols[`p${k}`];
      }
      return { label: m.predict(X), ...cols, logDensity: m.scoreSamples(X) };
    },
  };
}

/** Estimators that restore from JSON and predict, by the `estimator` field of their saved model. */
const REGISTRY: Record<string, Entry> = {
  KMeans: (j) => {
    const m = KMeans.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X) }) };
  },
  MiniBatchKMeans: (j) => {
    const m = MiniBatchKMeans.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X) }) };
  },
  BisectingKMeans: (j) => {
    const m = BisectingKMeans.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X) }) };
  },
  SphericalKMeans: (j) => {
    const m = SphericalKMeans.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X) }) };
  },
  SoftKMeans: (j) => {
    const m = SoftKMeans.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X), ...columnsOf(m.predictProba(X), 'p') }) };
  },
  FuzzyCMeans: (j) => {
    const m = FuzzyCMeans.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X), ...columnsOf(m.predictProba(X), 'p') }) };
  },
  GaussianMixture: (j) => mixturePredictor(GaussianMixture.fromJSON(j)),
  BayesianGaussianMixture: (j) => mixturePredictor(BayesianGaussianMixture.fromJSON(j)),
  MeanShift: (j) => {
    const m = MeanShift.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X) }) };
  },
  KernelDensity: (j) => {
    const m = KernelDensity.fromJSON(j);
    return { model: m, predict: (X) => ({ logDensity: m.scoreSamples(X) }) };
  },
  HDBSCAN: (j) => {
    const m = HDBSCAN.fromJSON(j);
    return {
      model: m,
      predict: (X) => {
        const r = m.approximatePredict(X);
        return { label: r.labels, probability: r.probabilities };
      },
    };
  },
  KMedoids: (j) => {
    const m = KMedoids.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X) }) };
  },
  CLARA: (j) => {
    const m = CLARA.fromJSON(j);
    return { model: m, predict: (X) => ({ label: m.predict(X) }) };
  },
};

/** Estimators that can be saved but cannot label new points, with the reason. */
const NO_PREDICT: Record<string, string> = {
  DBSCAN:
    'DBSCAN has no predict step (scikit-learn has none either); refit on the combined data, or fit HDBSCAN, whose saved model places new points (approximatePredict)',
  OPTICS: 'OPTICS has no predict step; refit on the combined data, or fit HDBSCAN, whose saved model places new points',
  AgglomerativeClustering:
    'agglomerative clustering has no predict step (a new point changes the tree); refit on the combined data, or fit a KMeans/GaussianMixture on the clustered data',
};

/** Names of the estimators {@link loadModel} restores. */
export const PREDICTABLE_ESTIMATORS: readonly string[] = Object.keys(REGISTRY);

function firstRowLength(v: unknown): number | undefined {
  return Array.isArray(v) && Array.isArray(v[0]) ? v[0].length : undefined;
}

/** Number of features a saved model's state records (nFeaturesIn, else the width of its centres/means/data). */
function featureCount(state: Record<string, unknown>, pre?: Preprocessing): number | undefined {
  if (typeof state.nFeaturesIn === 'number') return state.nFeaturesIn;
  return (
    firstRowLength(state.clusterCenters) ??
    firstRowLength(state.means) ??
    firstRowLength(state.data) ??
    pre?.columns.length
  );
}

function checkPreprocessing(p: unknown): Preprocessing | undefined {
  if (p === undefined) return undefined;
  const q = p as Partial<Preprocessing>;
  const s = q?.scaler as Partial<Scaler> | undefined;
  const ok =
    typeof q === 'object' &&
    q !== null &&
    Array.isArray(q.columns) &&
    q.columns.every((c) => typeof c === 'string') &&
    typeof s === 'object' &&
    s !== null &&
    (s.kind === 'none' || s.kind === 'standard' || s.kind === 'minmax') &&
    Array.isArray(s.offset) &&
    Array.isArray(s.scale) &&
    s.offset.length === q.columns.length &&
    s.scale.length === q.columns.length &&
    [...s.offset, ...s.scale].every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    s.scale.every((v) => v !== 0);
  if (!ok) {
    throw new ValidationError(
      'The model file has a malformed "preprocessing" block: expected { columns: string[], scaler: { kind, offset, scale } } with one finite offset and non-zero scale per column.',
      { param: 'model' },
    );
  }
  return q as Preprocessing;
}

/**
 * Restores any saved clusterkit model (the JSON of an estimator's `toJSON()`, with or without the CLI's
 * `preprocessing` block) and returns a uniform predictor.
 * @remarks Dispatches on the `estimator` field to `Class.fromJSON`: KMeans, MiniBatchKMeans, BisectingKMeans,
 * SphericalKMeans, SoftKMeans, FuzzyCMeans, GaussianMixture, BayesianGaussianMixture, MeanShift, KernelDensity (its "prediction" is the
 * log density), KMedoids, CLARA. O(size of the model).
 * Every restored model is checked before use: finite numbers, consistent shapes, mixture weights forming a
 * distribution, positive definite covariances (src/models/checkModel.ts).
 * @throws {@link ValidationError} (`param: 'model'`) when the document is not a clusterkit model, comes from a newer
 * model format, names an unknown estimator or one without predict (AgglomerativeClustering), or is malformed; the
 * message names the field (e.g. "weights": weights[0] is -1, outside [0, 1])
 * @example
 * ```ts
 * const m = loadModel(JSON.parse(text));
 * const { label } = m.predict([[0, 1]]);
 * ```
 */
export function loadModel(json: unknown): LoadedModel {
  const doc = json as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || doc.format !== 'clusterkit-model') {
    throw new ValidationError(
      'Not a clusterkit model file: expected a JSON object with "format": "clusterkit-model" (written by --save or toJSON()).',
      { param: 'model' },
    );
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ValidationError(`The model file has no valid "version" (found ${JSON.stringify(version)}).`, {
      param: 'model',
    });
  }
  if (version > MODEL_FORMAT_VERSION) {
    throw new ValidationError(
      `This model was saved by a newer clusterkit (model format ${version}); this release reads format ${MODEL_FORMAT_VERSION} — upgrade clusterkit.`,
      { param: 'model' },
    );
  }
  const estimator = String(doc.estimator);
  // Own keys only: an estimator named 'constructor' or '__proto__' must not reach Object.prototype's members.
  if (Object.hasOwn(NO_PREDICT, estimator)) {
    throw new ValidationError(`Cannot predict with a saved ${estimator}: ${NO_PREDICT[estimator]}.`, {
      param: 'model',
    });
  }
  const entry = Object.hasOwn(REGISTRY, estimator) ? REGISTRY[estimator] : undefined;
  if (!entry) {
    throw new ValidationError(
      `Unknown estimator ${JSON.stringify(doc.estimator)} in the model file; known: ${PREDICTABLE_ESTIMATORS.join(', ')}.`,
      { param: 'model' },
    );
  }
  const preprocessing = checkPreprocessing(doc.preprocessing);
  const state = (typeof doc.state === 'object' && doc.state !== null ? doc.state : {}) as Record<string, unknown>;
  let restored: ReturnType<Entry>;
  try {
    restored = entry(doc);
  } catch (e) {
    // Name the model around the restoring class's message ("means[0][0] is null, not a number.").
    const message = (e as Error).message.replace(/\.$/, '');
    throw new ValidationError(`The saved ${estimator} is malformed: ${message}.`, { param: 'model' });
  }
  checkRestoredModel(estimator, restored.model);
  const nFeatures = featureCount(state, preprocessing);
  if (nFeatures === undefined) {
    throw new ValidationError(`The saved ${estimator} does not say how many features it was fitted on.`, {
      param: 'model',
    });
  }
  if (preprocessing && preprocessing.columns.length !== nFeatures) {
    throw new ValidationError(
      `The model file's preprocessing lists ${preprocessing.columns.length} columns but the ${estimator} was fitted on ${nFeatures} features.`,
      { param: 'model' },
    );
  }
  return {
    estimator,
    version,
    nFeatures,
    preprocessing,
    model: restored.model,
    predict(X: MatrixLike): PointColumns {
      const m = isMatrix(X) ? X : toMatrix(X, 'X');
      if (m.cols !== nFeatures) {
        throw new ValidationError(
          `The ${estimator} model was fitted on ${nFeatures} features but the data has ${m.cols}; select the same columns (--columns).`,
          { param: 'X' },
        );
      }
      return restored.predict(m);
    },
  };
}
