import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { MODEL_FORMAT_VERSION } from '../../src/core/model.js';
import { demoBlobs } from '../../src/datasets/index.js';
import { DBSCAN } from '../../src/density/DBSCAN.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { BisectingKMeans } from '../../src/kmeans/BisectingKMeans.js';
import { FuzzyCMeans } from '../../src/kmeans/FuzzyCMeans.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { SoftKMeans } from '../../src/kmeans/SoftKMeans.js';
import { SphericalKMeans } from '../../src/kmeans/SphericalKMeans.js';
import { CLARA } from '../../src/medoids/CLARA.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { BayesianGaussianMixture } from '../../src/mixture/BayesianGaussianMixture.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { loadModel, PREDICTABLE_ESTIMATORS } from '../../src/models/loadModel.js';

const { X } = demoBlobs(3);
// New points: the training points shifted a little.
const Q = { rows: X.rows, cols: 2, data: X.data.map((v, i) => v + ((i % 7) - 3) * 0.01) };
const roundTrip = (m: { toJSON(): unknown }) => loadModel(JSON.parse(JSON.stringify(m.toJSON())));

describe('loadModel restores every predicting estimator', () => {
  const cases: [string, () => { toJSON(): unknown; predict?(x: typeof X): Int32Array }][] = [
    ['KMeans', () => new KMeans({ nClusters: 5, seed: 1 }).fit(X)],
    ['MiniBatchKMeans', () => new MiniBatchKMeans({ nClusters: 5, seed: 1, batchSize: 64 }).fit(X)],
    ['BisectingKMeans', () => new BisectingKMeans({ nClusters: 5, seed: 1 }).fit(X)],
    ['SphericalKMeans', () => new SphericalKMeans({ nClusters: 3, seed: 1 }).fit(X)],
    ['SoftKMeans', () => new SoftKMeans({ nClusters: 5, beta: 2, seed: 1 }).fit(X)],
    ['FuzzyCMeans', () => new FuzzyCMeans({ nClusters: 5, m: 2, seed: 1 }).fit(X)],
    ['GaussianMixture', () => new GaussianMixture({ nComponents: 5, seed: 1 }).fit(X)],
    ['BayesianGaussianMixture', () => new BayesianGaussianMixture({ nComponents: 8, seed: 1 }).fit(X)],
    ['MeanShift', () => new MeanShift({ bandwidth: 1.5 }).fit(X)],
    ['KMedoids', () => new KMedoids({ nClusters: 5 }).fit(X)],
    ['CLARA', () => new CLARA({ nClusters: 5, seed: 1 }).fit(X)],
  ];
  it('covers the registry', () => {
    expect([...cases.map((c) => c[0]), 'KernelDensity', 'HDBSCAN'].sort()).toEqual([...PREDICTABLE_ESTIMATORS].sort());
  });
  it.each(cases)('%s: predictions after a JSON round trip equal the original model', (name, make) => {
    const m = make() as { toJSON(): unknown; predict(x: typeof X): Int32Array };
    const r = roundTrip(m);
    expect(r.estimator).toBe(name);
    expect(r.version).toBe(MODEL_FORMAT_VERSION);
    expect(r.nFeatures).toBe(2);
    const out = r.predict(Q);
    expect(Array.from(out.label)).toEqual(Array.from(m.predict(Q)));
  });
  it('SoftKMeans/FuzzyCMeans/GMM give memberships p0..p4 that sum to 1, GMM also the log density', () => {
    const g = new GaussianMixture({ nComponents: 5, seed: 1 }).fit(X);
    const out = roundTrip(g).predict(Q);
    expect(Object.keys(out)).toEqual(['label', 'p0', 'p1', 'p2', 'p3', 'p4', 'logDensity']);
    const ref = g.scoreSamples(Q);
    for (let i = 0; i < Q.rows; i++) {
      expect(out.p0[i] + out.p1[i] + out.p2[i] + out.p3[i] + out.p4[i]).toBeCloseTo(1, 12);
      expect(out.logDensity[i]).toBe(ref[i]);
    }
    const f = new FuzzyCMeans({ nClusters: 5, m: 2, seed: 1 }).fit(X);
    const P = f.predictProba(Q);
    const fo = roundTrip(f).predict(Q);
    for (let i = 0; i < Q.rows; i++) for (let c = 0; c < 5; c++) expect(fo[`p${c}`][i]).toBe(P.data[i * 5 + c]);
  });
  it('HDBSCAN predicts labels and probabilities (approximatePredict)', () => {
    const h = new HDBSCAN({ minClusterSize: 10 }).fit(X);
    const r = roundTrip(h);
    expect(r.estimator).toBe('HDBSCAN');
    expect(r.nFeatures).toBe(2);
    const out = r.predict(Q);
    const ref = h.approximatePredict(Q);
    expect(Object.keys(out)).toEqual(['label', 'probability']);
    expect(Array.from(out.label)).toEqual(Array.from(ref.labels));
    expect(Array.from(out.probability)).toEqual(Array.from(ref.probabilities));
  });
  it('KernelDensity predicts the log density (scoreSamples)', () => {
    const kde = new KernelDensity({ bandwidth: 0.7 }).fit(X);
    const out = roundTrip(kde).predict(Q);
    expect(Object.keys(out)).toEqual(['logDensity']);
    expect(Array.from(out.logDensity)).toEqual(Array.from(kde.scoreSamples(Q)));
  });
});

describe('loadModel errors say what is wrong', () => {
  const km = new KMeans({ nClusters: 3, seed: 1 }).fit(X).toJSON() as unknown as Record<string, unknown>;
  const err = (json: unknown): ValidationError => {
    try {
      loadModel(json);
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).param).toBe('model');
      return e as ValidationError;
    }
    throw new Error('expected an error');
  };
  it('not a model', () => {
    expect(err([[1, 2]]).message).toMatch(/Not a clusterkit model file/);
    expect(err({ labels: [1] }).message).toMatch(/Not a clusterkit model file/);
    expect(err(null).message).toMatch(/Not a clusterkit model file/);
  });
  it('a newer model format', () => {
    expect(err({ ...km, version: MODEL_FORMAT_VERSION + 1 }).message).toMatch(
      new RegExp(`newer clusterkit \\(model format ${MODEL_FORMAT_VERSION + 1}\\).*upgrade`),
    );
  });
  it('an unknown estimator, and one without predict', () => {
    expect(err({ ...km, estimator: 'Birch' }).message).toMatch(
      /Unknown estimator "Birch" in the model file; known: KMeans/,
    );
    const db = new DBSCAN({ eps: 0.5 }).fit(X).toJSON();
    expect(err(db).message).toMatch(/Cannot predict with a saved DBSCAN: .*refit/);
    const agg = new AgglomerativeClustering({ nClusters: 3 }).fit(X).toJSON();
    expect(err(agg).message).toMatch(/Cannot predict with a saved AgglomerativeClustering: .*refit/);
  });
  it('a different number of features at predict time', () => {
    const m = loadModel(km);
    expect(() => m.predict([[1, 2, 3]])).toThrow(/fitted on 2 features but the data has 3/);
  });
  it('malformed preprocessing or state', () => {
    expect(
      err({ ...km, preprocessing: { columns: ['x'], scaler: { kind: 'standard', offset: [0], scale: [0] } } }).message,
    ).toMatch(/malformed "preprocessing"/);
    expect(
      err({ ...km, preprocessing: { columns: ['x'], scaler: { kind: 'none', offset: [0], scale: [1] } } }).message,
    ).toMatch(/lists 1 columns but the KMeans was fitted on 2/);
    expect(() => loadModel({ ...km, state: { clusterCenters: 'no' } })).toThrow(ValidationError);
  });
});
