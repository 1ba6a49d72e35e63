import { describe, expect, it } from 'vitest';
import { NotFittedError } from '../../src/core/errors.js';
import { Estimator, type FittedState } from '../../src/core/estimator.js';
import { MODEL_FORMAT_VERSION } from '../../src/core/model.js';
import { demoBlobs } from '../../src/datasets/index.js';
import { DBSCAN } from '../../src/density/DBSCAN.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { MeanShift } from '../../src/density/MeanShift.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { BisectingKMeans } from '../../src/kmeans/BisectingKMeans.js';
import { FuzzyCMeans } from '../../src/kmeans/FuzzyCMeans.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { SoftKMeans } from '../../src/kmeans/SoftKMeans.js';
import { SphericalKMeans } from '../../src/kmeans/SphericalKMeans.js';
import { CLARA } from '../../src/medoids/CLARA.js';
import { KMedoids } from '../../src/medoids/KMedoids.js';
import { KPrototypes } from '../../src/medoids/KPrototypes.js';
import { BayesianGaussianMixture } from '../../src/mixture/BayesianGaussianMixture.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

const { X } = demoBlobs(3);
// Spherical k-means needs rows away from the origin.
const Xpos = { rows: X.rows, cols: X.cols, data: X.data.map((v) => v + 20) };
// k-prototypes takes a mixed table: the first coordinate, and the sign of the second as a category.
const table = {
  names: ['x', 'side'],
  columns: [
    Array.from({ length: X.rows }, (_, i) => X.data[i * 2]),
    Array.from({ length: X.rows }, (_, i) => (X.data[i * 2 + 1] < 0 ? 'low' : 'high')),
  ],
  nRows: X.rows,
};

type AnyEstimator = Estimator<FittedState> & { fit(x: unknown): unknown };
interface Case {
  name: string;
  make: () => AnyEstimator;
  load: (json: unknown) => AnyEstimator;
  data?: unknown;
  seeded: boolean;
}
const cases: Case[] = [
  { name: 'KMeans', make: () => new KMeans({ nClusters: 4, seed: 1 }), load: KMeans.fromJSON, seeded: true },
  {
    name: 'MiniBatchKMeans',
    make: () => new MiniBatchKMeans({ nClusters: 4, seed: 1, batchSize: 64 }),
    load: MiniBatchKMeans.fromJSON,
    seeded: true,
  },
  {
    name: 'SoftKMeans',
    make: () => new SoftKMeans({ nClusters: 4, seed: 1 }),
    load: SoftKMeans.fromJSON,
    seeded: true,
  },
  {
    name: 'FuzzyCMeans',
    make: () => new FuzzyCMeans({ nClusters: 4, seed: 1 }),
    load: FuzzyCMeans.fromJSON,
    seeded: true,
  },
  {
    name: 'SphericalKMeans',
    make: () => new SphericalKMeans({ nClusters: 3, seed: 1 }),
    load: SphericalKMeans.fromJSON,
    data: Xpos,
    seeded: true,
  },
  {
    name: 'BisectingKMeans',
    make: () => new BisectingKMeans({ nClusters: 4, seed: 1 }),
    load: BisectingKMeans.fromJSON,
    seeded: true,
  },
  {
    name: 'GaussianMixture',
    make: () => new GaussianMixture({ nComponents: 3, seed: 1 }),
    load: GaussianMixture.fromJSON,
    seeded: true,
  },
  {
    name: 'BayesianGaussianMixture',
    make: () => new BayesianGaussianMixture({ nComponents: 4, seed: 1 }),
    load: BayesianGaussianMixture.fromJSON,
    seeded: true,
  },
  {
    name: 'KernelDensity',
    make: () => new KernelDensity({ bandwidth: 0.8 }),
    load: KernelDensity.fromJSON,
    seeded: false,
  },
  { name: 'MeanShift', make: () => new MeanShift({ bandwidth: 1.5 }), load: MeanShift.fromJSON, seeded: false },
  {
    name: 'AgglomerativeClustering',
    make: () => new AgglomerativeClustering({ nClusters: 3, computeDistances: true }),
    load: AgglomerativeClustering.fromJSON,
    seeded: false,
  },
  { name: 'KMedoids', make: () => new KMedoids({ nClusters: 3, seed: 1 }), load: KMedoids.fromJSON, seeded: true },
  { name: 'CLARA', make: () => new CLARA({ nClusters: 3, seed: 1 }), load: CLARA.fromJSON, seeded: true },
  {
    name: 'KPrototypes',
    make: () => new KPrototypes({ nClusters: 3, seed: 1 }),
    load: KPrototypes.fromJSON,
    data: table,
    seeded: true,
  },
  { name: 'DBSCAN', make: () => new DBSCAN({ eps: 1, minSamples: 5 }), load: DBSCAN.fromJSON, seeded: false },
  { name: 'OPTICS', make: () => new OPTICS({ minSamples: 5 }), load: OPTICS.fromJSON, seeded: false },
  {
    name: 'HDBSCAN',
    make: () => new HDBSCAN({ minClusterSize: 5 }),
    load: HDBSCAN.fromJSON,
    seeded: false,
  },
] as unknown as Case[];

/** Every getter on the prototype chain of an estimator, up to (not including) Object.prototype. */
function getters(o: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(o); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) if (d.get !== undefined) names.add(k);
  }
  return [...names].sort();
}

/** Reads every getter of a fitted estimator into plain values (typed arrays as arrays) for comparison. */
function snapshot(e: object, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of names) {
    const v = (e as Record<string, unknown>)[k];
    out[k] = ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
  }
  return out;
}

describe('the estimator base, for every estimator', () => {
  it('covers every estimator class', () => {
    expect(cases.map((c) => c.name)).toHaveLength(17);
    for (const c of cases) expect(c.make()).toBeInstanceOf(Estimator);
  });

  it.each(cases)('$name: every fitted getter and toJSON throw NotFittedError naming the estimator and member', (c) => {
    const e = c.make();
    const names = getters(e);
    expect(names).toEqual(
      expect.arrayContaining(c.seeded ? ['nFeaturesIn', 'warnings', 'seed'] : ['nFeaturesIn', 'warnings']),
    );
    for (const k of names) {
      let err: unknown;
      try {
        (e as unknown as Record<string, unknown>)[k];
      } catch (x) {
        err = x;
      }
      expect(err, k).toBeInstanceOf(NotFittedError);
      expect((err as Error).message).toBe(
        `This ${c.name} instance is not fitted yet; call fit(X) before using '${k}'.`,
      );
    }
    expect(() => e.toJSON()).toThrow(NotFittedError);
  });

  it.each(cases)('$name: toJSON → fromJSON keeps the envelope, the saved state and the getters', (c) => {
    const e = c.make();
    e.fit(c.data ?? X);
    const json = JSON.parse(JSON.stringify(e.toJSON()));
    expect(json.format).toBe('clusterkit-model');
    expect(json.version).toBe(MODEL_FORMAT_VERSION);
    expect(json.estimator).toBe(c.name);
    const r = c.load(json);
    expect(r).toBeInstanceOf(e.constructor);
    expect(JSON.parse(JSON.stringify(r.toJSON()))).toEqual(json);
    expect(r.nFeaturesIn).toBe(2);
    expect(r.warnings).toEqual(e.warnings);
    if (c.seeded) expect((r as unknown as { seed: number }).seed).toBe(1);
    // Getters that the saved model restores (not saved: the training responsibilities/memberships, and where the
    // passes ran, which is 'none' for a loaded model).
    const kept = getters(e).filter((k) => !['responsibilities', 'memberships', 'backend'].includes(k));
    expect(snapshot(r, kept)).toEqual(snapshot(e, kept));
  });

  it('fromJSON refuses another estimator’s model, naming both', () => {
    const json = new SoftKMeans({ nClusters: 2, seed: 0 }).fit(X).toJSON();
    expect(() => FuzzyCMeans.fromJSON(json)).toThrow(/This model is a SoftKMeans, not a FuzzyCMeans/);
  });
});

describe('warnings and seed through the base', () => {
  it('a non-converged fit warns, and the warning survives a save', () => {
    const km = new KMeans({ nClusters: 4, maxIter: 1, tol: 1e-12, seed: 3 }).fit(X);
    expect(km.warnings.map((w) => w.code)).toContain('CONVERGENCE');
    expect(km.warnings[0].message).toMatch(/k-means did not converge in maxIter=1 iterations; raise maxIter or tol/);
    expect(KMeans.fromJSON(JSON.parse(JSON.stringify(km.toJSON()))).warnings).toEqual(km.warnings);
    const sk = new SoftKMeans({ nClusters: 4, maxIter: 1, seed: 3 }).fit(X);
    expect(sk.warnings[0].message).toMatch(/^soft k-means did not converge in maxIter=1/);
  });
  it('a converged fit has no warnings', () => {
    expect(new KMeans({ nClusters: 3, seed: 0 }).fit(X).warnings).toEqual([]);
  });
  it('an omitted seed is drawn, recorded and replays the fit', () => {
    const a = new SoftKMeans({ nClusters: 3 }).fit(X);
    expect(Number.isInteger(a.seed)).toBe(true);
    const b = new SoftKMeans({ nClusters: 3, seed: a.seed }).fit(X);
    expect(Array.from(b.clusterCenters.data)).toEqual(Array.from(a.clusterCenters.data));
  });
});
