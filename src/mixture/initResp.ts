/**
 * The initial responsibilities of a mixture fit (scikit-learn's `BaseMixture._initialize_parameters`), drawn from
 * one seeded PRNG.
 * @module
 */
import type { Matrix } from '../core/matrix.js';
import { type Rng, sampleWithoutReplacement } from '../core/random.js';
import { kmeansPlusPlus } from '../kmeans/init.js';
import { KMeans } from '../kmeans/KMeans.js';
import type { GmmInitParams } from './GaussianMixture.js';

/**
 * Writes initial responsibilities for `method` into `resp` (n×k, OUT): `'kmeans'` one-hot labels of one k-means
 * run on `raw` (seeded from `rng`), `'random'` uniform rows normalised to sum 1, `'k-means++'` / `'random_from_data'`
 * a one for each of k seeding / random rows. O(n·k) plus the k-means run. raw n×d IN.
 */
export function initialResponsibilities(
  raw: Matrix,
  k: number,
  method: GmmInitParams,
  rng: Rng,
  resp: Float64Array,
): void {
  const { rows: n, cols: d } = raw;
  resp.fill(0);
  switch (method) {
    case 'kmeans': {
      const labels = new KMeans({ nClusters: k, nInit: 1, seed: rng.nextUint32() }).fit(raw).labels;
      for (let i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
      return;
    }
    case 'random':
      for (let i = 0; i < n; i++) {
        let total = 0;
        for (let c = 0; c < k; c++) total += resp[i * k + c] = rng.nextFloat();
        for (let c = 0; c < k; c++) resp[i * k + c] /= total;
      }
      return;
    case 'k-means++': {
      const seeds = kmeansPlusPlus(raw.data, n, d, k, new Float64Array(n).fill(1), rng).indices;
      for (let c = 0; c < k; c++) resp[seeds[c] * k + c] = 1;
      return;
    }
    case 'random_from_data': {
      const rows = sampleWithoutReplacement(rng, n, k);
      for (let c = 0; c < k; c++) resp[rows[c] * k + c] = 1;
      return;
    }
  }
}
