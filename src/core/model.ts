/**
 * The saved-model envelope shared by every estimator's `toJSON()` / `fromJSON()`.
 * @module
 */
import { ValidationError } from './errors.js';

/** Version of the model JSON layout written by this release. */
export const MODEL_FORMAT_VERSION = 1;

/** A saved model: `{ format: 'clusterkit-model', version, estimator, options, state }`. */
export interface ModelJSON<O = unknown, S = unknown> {
  format: 'clusterkit-model';
  version: number;
  estimator: string;
  options: O;
  state: S;
}

/** Wraps an estimator's options and fitted state in the versioned envelope. */
export function toModelJSON<O, S>(estimator: string, options: O, state: S): ModelJSON<O, S> {
  return { format: 'clusterkit-model', version: MODEL_FORMAT_VERSION, estimator, options, state };
}

/**
 * Checks a parsed saved model: the envelope, the estimator name and a version this release can read.
 * @throws {@link ValidationError} for anything else, saying what the file is and what to do
 */
export function checkModelJSON<O, S>(json: unknown, estimator: string): ModelJSON<O, S> {
  const m = json as Partial<ModelJSON<O, S>>;
  if (typeof m !== 'object' || m === null || m.format !== 'clusterkit-model') {
    throw new ValidationError('Not a clusterkit model: expected an object with format "clusterkit-model".', {
      param: 'model',
    });
  }
  if (typeof m.version !== 'number' || m.version > MODEL_FORMAT_VERSION) {
    throw new ValidationError(
      `This model was saved by a newer clusterkit (model format ${m.version}); this release reads format ${MODEL_FORMAT_VERSION} — upgrade clusterkit.`,
      { param: 'model' },
    );
  }
  if (m.estimator !== estimator) {
    throw new ValidationError(
      `This model is a ${m.estimator}, not a ${estimator}; load it with ${m.estimator}.fromJSON.`,
      {
        param: 'model',
      },
    );
  }
  return m as ModelJSON<O, S>;
}
