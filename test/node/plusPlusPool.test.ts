/**
 * k-means++ seeding on two threads (clusterkit/node's worker pool): the helper keeps the blocks from the middle on
 * (rows, weights, D²) for the whole seeding; the block partials merge in block order, so the chosen centres and the
 * default fit after them are bit-identical to one thread and to the TypeScript reference — at d = 2, 16 and 128,
 * ragged n (a partial last block, unequal shares), with weights — also when the helper fails mid-seeding.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import { PLUS_PLUS_BLOCK } from '../../src/engine/kernels/plusPlusKernel.js';
import { PLUS_PLUS_POOL_MIN_WORK } from '../../src/engine/plan.js';
import { kmeansPlusPlus } from '../../src/kmeans/init.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { workerPoolPasses } from '../../src/node/pool.js';
import { disableWorkerPool, enableWorkerPool } from '../../src/node.js';
import { jobStandIn } from '../helpers/jobStandIn.js';

const before = getBackend();
afterEach(() => {
  setBackend(before);
  setParallelProvider(null);
});
afterAll(async () => {
  await disableWorkerPool();
});

/** The smallest ragged n (odd, not a multiple of the block) whose steps reach the seeding's pool threshold. */
function raggedN(d: number, k: number): number {
  const L = 2 + Math.floor(Math.log(k));
  const width = L <= 4 ? 4 : L <= 6 ? 6 : 8; // the wasm kernel's tile
  const n = Math.ceil(PLUS_PLUS_POOL_MIN_WORK / (d * width));
  return n - (n % PLUS_PLUS_BLOCK) + PLUS_PLUS_BLOCK + 333;
}

describe('k-means++ seeding on two threads', () => {
  for (const [d, k] of [
    [2, 5],
    [16, 16],
    [128, 64],
  ] as const) {
    it(`d=${d} k=${k}: chosen centres and the default fit bit-identical for 1 and 2 threads and the TypeScript reference`, async () => {
      const n = raggedN(d, k);
      const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: k, clusterStd: 2.5, seed: d });
      const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 7) / 3);
      const seedings = [];
      const fits = [];
      for (const mode of ['js', 'wasm', 'pool'] as const) {
        setBackend(mode === 'js' ? 'js' : 'wasm');
        if (mode === 'pool') enableWorkerPool();
        const p0 = workerPoolPasses();
        seedings.push(kmeansPlusPlus(X.data, n, d, k, w, createRng(4)));
        // the first centre's distances, then at least one call per step ran on the helper
        if (mode === 'pool') expect(workerPoolPasses() - p0).toBeGreaterThanOrEqual(k);
        else expect(workerPoolPasses()).toBe(p0);
        const fit = new KMeans({ nClusters: k, seed: 3 }).fit(X, { sampleWeight: Array.from(w) });
        fits.push({
          labels: Array.from(fit.labels),
          centers: Array.from(fit.clusterCenters.data),
          inertia: fit.inertia,
          nIter: fit.nIter,
        });
        if (mode === 'pool') await disableWorkerPool();
      }
      for (const s of seedings.slice(1)) {
        expect(Array.from(s.indices)).toEqual(Array.from(seedings[0].indices));
        expect(s.centers).toEqual(seedings[0].centers);
      }
      expect(new Set(seedings[0].indices).size).toBe(k);
      for (const f of fits.slice(1)) expect(f).toEqual(fits[0]);
    });
  }

  it('a helper failing at any call: this thread takes its rows over (D² rebuilt) and chooses the same centres', () => {
    // k = 2000 → L = 9: two candidate groups per step, so a failure can also fall between the groups of a step.
    const d = 3;
    const k = 2000;
    const n = 4 * PLUS_PLUS_BLOCK + 77;
    const { X } = makeBlobs({ nSamples: n, nFeatures: d, centers: 40, seed: 12 });
    const w = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 5));
    setBackend('js');
    const ref = kmeansPlusPlus(X.data, n, d, k, w, createRng(6));
    setBackend('wasm');
    // (the split forced: these steps are below the seeding's pool threshold)
    const whole = jobStandIn();
    setParallelProvider(whole);
    const split = kmeansPlusPlus(X.data, n, d, k, w, createRng(6), true);
    expect(Array.from(split.indices)).toEqual(Array.from(ref.indices));
    expect(split.centers).toEqual(ref.centers);
    // per step: pots for each of the two groups, and a draw when a candidate fell in the helper's blocks
    expect(whole.calls).toBeGreaterThan(2 * k);
    for (const failAt of [1, 2, 3, 4, 5, 6, 7, 40, 1001, whole.calls]) {
      const helper = jobStandIn(failAt);
      setParallelProvider(helper);
      const got = kmeansPlusPlus(X.data, n, d, k, w, createRng(6), true);
      expect(Array.from(got.indices), `failAt ${failAt}`).toEqual(Array.from(ref.indices));
      expect(helper.calls, `failAt ${failAt}`).toBe(failAt);
      expect(helper.ended).toBe(1);
    }
  });
});
