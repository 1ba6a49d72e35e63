/**
 * Data sets: seeded generators (`makeBlobs`, the course's 5-centre demo) and Fisher's Iris.
 * @module
 */
import { toMatrix } from '../core/matrix.js';
import { IRIS_DATA, IRIS_FEATURES, IRIS_SPECIES, IRIS_TARGET } from './irisData.js';

export { type Dataset, type MakeBlobsOptions, makeBlobs } from './blobs.js';

import { type Dataset, makeBlobs } from './blobs.js';

/** The course's five true centres: (0,0), (3,3), (3,−3), (−3,3), (−3,−3). */
export const DEMO_CENTERS: readonly (readonly [number, number])[] = [
  [0, 0],
  [3, 3],
  [3, -3],
  [-3, 3],
  [-3, -3],
];

/**
 * The course's demo: 5 centres (0,0), (±3,±3), 50 points each with unit Gaussian noise (250 × 2), in centre
 * order (not shuffled), so `y` reads 0…0 1…1 … 4…4.
 * @example
 * const { X, y, centers } = demoBlobs(0);
 */
export function demoBlobs(seed = 0): Dataset {
  return makeBlobs({ nSamples: 250, centers: DEMO_CENTERS, clusterStd: 1, shuffle: false, seed });
}

/**
 * Fisher's Iris data: 150 flowers × 4 measurements (cm), 3 species.
 * @example
 * ```ts
 * const { X, y } = loadIris(); // X: 150 × 4, y: species 0, 1, 2
 * ```
 */
export function loadIris(): Dataset {
  return {
    X: toMatrix(IRIS_DATA as number[][], 'iris'),
    y: Int32Array.from(IRIS_TARGET),
    featureNames: IRIS_FEATURES,
    targetNames: IRIS_SPECIES,
  };
}

export { type MakeCirclesOptions, type MakeMoonsOptions, makeCircles, makeMoons, type ShapeDataset } from './shapes.js';
export {
  ANISOTROPIC_TRANSFORM,
  makeAnisotropicBlobs,
  makeUniformNoise,
  makeVariedBlobs,
  type ToyBlobsOptions,
} from './toy.js';
