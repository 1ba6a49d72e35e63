import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { demoBlobs } from '../../src/datasets/index.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { loadModel } from '../../src/models/loadModel.js';

const { X } = demoBlobs(3);
// biome-ignore lint/suspicious/noExplicitAny: a saved model document edited by hand
type Doc = any;
const saved = (m: { toJSON(): unknown }): Doc => JSON.parse(JSON.stringify(m.toJSON()));
const gmm = (covarianceType: 'full' | 'tied' | 'diag' | 'spherical') =>
  saved(new GaussianMixture({ nComponents: 3, covarianceType, seed: 1 }).fit(X));

/** loadModel(doc) throws a ValidationError whose message matches every pattern. */
function rejects(doc: Doc, ...patterns: RegExp[]): void {
  let err: unknown;
  try {
    loadModel(doc);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).param).toBe('model');
  for (const p of patterns) expect((err as Error).message).toMatch(p);
}

describe('loadModel validates every model on load (issue 21 item 10)', () => {
  it('a GaussianMixture saved with weights [-1, 1, 1] is rejected naming "weights", not predicted as null', () => {
    const doc = gmm('full');
    doc.state.weights = [-1, 1, 1];
    rejects(doc, /"weights"/, /-1/);
  });

  it('GaussianMixture weights that do not sum to 1 are rejected', () => {
    const doc = gmm('diag');
    doc.state.weights = [0.2, 0.2, 0.2];
    rejects(doc, /"weights"/, /sum to 0\.6/);
  });

  it('a covariance that is not positive definite (full, tied) or a variance <= 0 (diag, spherical) is rejected', () => {
    const full = gmm('full');
    full.state.covariances[0] = -5;
    rejects(full, /"covariances"/, /positive definite/);
    const tied = gmm('tied');
    tied.state.covariances[1] = 1e6; // not symmetric
    rejects(tied, /"covariances"/, /symmetric/);
    const diag = gmm('diag');
    diag.state.covariances[4] = 0;
    rejects(diag, /"covariances"/, /> 0/);
    const sph = gmm('spherical');
    sph.state.covariances[2] = -1;
    rejects(sph, /"covariances"/);
  });

  it('null or non-numeric entries and ragged centres are rejected naming the model and the field', () => {
    const g = gmm('full');
    g.state.means[0][0] = null;
    rejects(g, /saved GaussianMixture/, /means\[0\]\[0\]/);
    const k = saved(new KMeans({ nClusters: 3, seed: 1 }).fit(X));
    k.state.clusterCenters[1] = [1];
    rejects(k, /saved KMeans/, /ragged/);
  });

  it('a bandwidth that is not a finite positive number is rejected (KernelDensity, MeanShift)', () => {
    const kde = saved(new KernelDensity({ bandwidth: 0.5 }).fit(X));
    kde.state.bandwidth = -1;
    kde.options.bandwidth = -1;
    rejects(kde);
    const ms = saved(new MeanShift({ bandwidth: 2 }).fit(X));
    ms.state.bandwidth = -2;
    rejects(ms);
  });

  it('valid models still load and predict: every covariance type, KMedoids with coordinates', () => {
    for (const t of ['full', 'tied', 'diag', 'spherical'] as const) {
      expect(loadModel(gmm(t)).predict(X).label).toHaveLength(X.rows);
    }
    expect(loadModel(saved(new KMedoids({ nClusters: 3, seed: 1 }).fit(X))).predict(X).label).toHaveLength(X.rows);
  });

  it("an estimator named 'constructor' or '__proto__' is rejected as unknown, without printing a function", () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const doc = saved(new KMeans({ nClusters: 3, seed: 1 }).fit(X));
      doc.estimator = name;
      rejects(doc, /Unknown estimator/);
      try {
        loadModel(doc);
      } catch (e) {
        expect((e as Error).message).not.toMatch(/function|native code|=>/);
      }
    }
  });
});
