import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { closestName } from '../../src/core/validate.js';
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

/** The options both Gaussian mixtures have. */
const MIXTURE_OPTIONS = ['nComponents', 'covarianceType', 'tol', 'regCovar', 'maxIter', 'nInit', 'initParams'];

type Ctor = new (options?: Record<string, unknown>) => unknown;

/**
 * Every estimator with the option names its options interface declares (copied from the TypeScript interfaces):
 * each must be accepted, anything else refused.
 */
const ESTIMATORS: ReadonlyArray<readonly [string, Ctor, Record<string, unknown>, readonly string[]]> = [
  ['KMeans', KMeans as Ctor, { nClusters: 2 }, ['nClusters', 'init', 'nInit', 'maxIter', 'tol', 'algorithm', 'seed']],
  [
    'MiniBatchKMeans',
    MiniBatchKMeans as Ctor,
    { nClusters: 2 },
    [
      'nClusters',
      'init',
      'maxIter',
      'batchSize',
      'tol',
      'maxNoImprovement',
      'initSize',
      'nInit',
      'reassignmentRatio',
      'computeLabels',
      'seed',
    ],
  ],
  [
    'BisectingKMeans',
    BisectingKMeans as Ctor,
    { nClusters: 2 },
    ['nClusters', 'init', 'nInit', 'maxIter', 'tol', 'bisectingStrategy', 'seed'],
  ],
  [
    'SphericalKMeans',
    SphericalKMeans as Ctor,
    { nClusters: 2 },
    ['nClusters', 'init', 'nInit', 'maxIter', 'tol', 'seed'],
  ],
  ['SoftKMeans', SoftKMeans as Ctor, { nClusters: 2 }, ['nClusters', 'beta', 'init', 'maxIter', 'tol', 'seed']],
  ['FuzzyCMeans', FuzzyCMeans as Ctor, { nClusters: 2 }, ['nClusters', 'm', 'init', 'maxIter', 'tol', 'seed']],
  [
    'AgglomerativeClustering',
    AgglomerativeClustering as Ctor,
    { nClusters: 2 },
    ['nClusters', 'distanceThreshold', 'linkage', 'metric', 'computeDistances', 'matrixFree', 'precision'],
  ],
  ['MeanShift', MeanShift as Ctor, {}, ['bandwidth', 'seeds', 'binSeeding', 'minBinFreq', 'clusterAll', 'maxIter']],
  [
    'KernelDensity',
    KernelDensity as Ctor,
    {},
    ['bandwidth', 'kernel', 'algorithm', 'atol', 'rtol', 'metric', 'scaleByCovariance', 'leafSize'],
  ],
  ['DBSCAN', DBSCAN as Ctor, {}, ['eps', 'minSamples', 'metric', 'p', 'algorithm', 'leafSize']],
  [
    'HDBSCAN',
    HDBSCAN as Ctor,
    {},
    [
      'minClusterSize',
      'minSamples',
      'clusterSelectionEpsilon',
      'clusterSelectionMethod',
      'allowSingleCluster',
      'maxClusterSize',
      'metric',
      'p',
      'alpha',
      'algorithm',
      'leafSize',
    ],
  ],
  [
    'OPTICS',
    OPTICS as Ctor,
    {},
    [
      'minSamples',
      'maxEps',
      'metric',
      'p',
      'clusterMethod',
      'eps',
      'xi',
      'predecessorCorrection',
      'minClusterSize',
      'algorithm',
      'leafSize',
    ],
  ],
  [
    'CLARA',
    CLARA as Ctor,
    { nClusters: 2 },
    ['nClusters', 'samples', 'sampleSize', 'metric', 'gower', 'method', 'maxIter', 'seed'],
  ],
  [
    'KMedoids',
    KMedoids as Ctor,
    { nClusters: 2 },
    ['nClusters', 'metric', 'method', 'init', 'maxIter', 'seed', 'memoryBudget'],
  ],
  [
    'KPrototypes',
    KPrototypes as Ctor,
    { nClusters: 2 },
    ['nClusters', 'gamma', 'categorical', 'nInit', 'maxIter', 'seed'],
  ],
  [
    'GaussianMixture',
    GaussianMixture as Ctor,
    { nComponents: 2 },
    [
      ...MIXTURE_OPTIONS,
      'weightsInit',
      'meansInit',
      'precisionsInit',
      'warmStart',
      'respInit',
      'convergence',
      'prior',
      'noise',
      'seed',
    ],
  ],
  [
    'BayesianGaussianMixture',
    BayesianGaussianMixture as Ctor,
    { nComponents: 2 },
    [
      ...MIXTURE_OPTIONS,
      'weightConcentrationPriorType',
      'weightConcentrationPrior',
      'meanPrecisionPrior',
      'meanPrior',
      'degreesOfFreedomPrior',
      'covariancePrior',
      'respInit',
      'seed',
    ],
  ],
];

/** The option names listed in the error for an unknown option. */
function listedNames(C: Ctor, base: Record<string, unknown>): string[] {
  try {
    new C({ ...base, zzzUnknownOption: 1 });
  } catch (e) {
    const m = /Its options are (.*)\.$/.exec((e as Error).message);
    if (m !== null) return m[1].split(', ').sort();
  }
  throw new Error('no unknown-option error');
}

describe('unknown constructor options', () => {
  it.each(ESTIMATORS)('%s rejects an unknown option with a typed error naming it', (name, C, base) => {
    let err: unknown;
    try {
      new C({ ...base, bogusKnob: 3 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('INVALID_OPTION');
    expect((err as ValidationError).param).toBe('bogusKnob');
    expect((err as Error).message).toContain(`${name} has no option "bogusKnob".`);
  });

  it.each(ESTIMATORS)('%s accepts exactly the option names its options interface declares', (_name, C, base, names) => {
    expect(listedNames(C, base)).toEqual([...names].sort());
    // An undefined value is "not given", whatever its name.
    expect(() => new C({ ...base, notAnOption: undefined })).not.toThrow();
  });

  it.each(ESTIMATORS.filter(([, , , names]) => names.includes('nInit')))(
    '%s: nInits is refused with "did you mean \'nInit\'"',
    (_name, C, base) => {
      expect(() => new C({ ...base, nInits: 3 })).toThrow(/did you mean 'nInit'\?/);
    },
  );

  it('snake_case names from scikit-learn point at the camelCase option', () => {
    expect(() => new KMeans({ n_clusters: 3 } as never)).toThrow(
      /KMeans has no option "n_clusters" — did you mean 'nClusters'\?/,
    );
    expect(() => new DBSCAN({ min_samples: 3 } as never)).toThrow(/did you mean 'minSamples'\?/);
  });
});

describe('closestName', () => {
  it('matches ignoring case and underscores, then by small edit distance, else nothing', () => {
    expect(closestName('N_CLUSTERS', ['nInit', 'nClusters'])).toBe('nClusters');
    expect(closestName('maxIters', ['maxIter', 'tol'])).toBe('maxIter');
    expect(closestName('bandwith', ['bandwidth', 'kernel'])).toBe('bandwidth');
    expect(closestName('completelyDifferent', ['eps', 'minSamples'])).toBeUndefined();
  });
});
