/**
 * Saved models, whatever the estimator: the registry from a `toJSON()` document's `estimator` field to the class
 * that restores it, and a uniform predictor. Browser-safe. Sits above `io` (which only reads and writes data), so a
 * CSV reader does not pull in every algorithm.
 * @module
 */
export * from './loadModel.js';
