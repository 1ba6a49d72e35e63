/**
 * k-means++ seeding: the wasm potentials kernel (src/engine/kernels/plusPlusWasm.ts) against the TypeScript reference
 * (bit-identical chosen centres and potentials), the greedy rule itself against a direct-form oracle, and the
 * sampling law.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { getBackend, kernelModule, setBackend } from '../../src/engine/kernels/backend.js';
import { setParallelProvider } from '../../src/engine/kernels/parallel.js';
import { PLUS_PLUS_BLOCK, type PlusPlusKernel } from '../../src/engine/kernels/plusPlusKernel.js';
import { plusPlusWasm } from '../../src/engine/kernels/plusPlusWasm.js';
import { kmeansPlusPlus, plusPlusReference } from '../../src/kmeans/init.js';
import { jobStandIn } from '../helpers/jobStandIn.js';

const initial = getBackend();
afterEach(() => {
  setBackend(initial);
  setParallelProvider(null);
});

function centeredBlobs(n: number, d: number, centers: number, seed: number): Float64Array {
  const x = makeBlobs({ nSamples: n, nFeatures: d, centers, seed }).X.data;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j];
    m /= n;
    for (let i = 0; i < n; i++) x[i * d + j] -= m;
  }
  return x;
}

const squaredNorms = (x: Float64Array, n: number, d: number): Float64Array => {
  const xn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] * x[i * d + j];
    xn[i] = s;
  }
  return xn;
};

describe('k-means++ on the wasm kernel', () => {
  it('chooses the same centres as the TypeScript loop (4-wide, 8-wide and grouped tiles; odd n; weights)', () => {
    expect(kernelModule()).not.toBeNull();
    // k = 5 → L = 3 (4-wide), k = 64 → L = 6 (8-wide), k = 1100 → L = 9 (two groups of candidates)
    for (const [n, d, k] of [
      [2001, 3, 5],
      [1501, 17, 64],
      [3001, 2, 1100],
    ]) {
      const x = centeredBlobs(n, d, Math.min(k, 40), n + k);
      const w = Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 13) / 6);
      setBackend('js');
      const a = kmeansPlusPlus(x, n, d, k, w, createRng(7));
      setBackend('wasm');
      const b = kmeansPlusPlus(x, n, d, k, w, createRng(7));
      expect(Array.from(b.indices), `n=${n} d=${d} k=${k}`).toEqual(Array.from(a.indices));
      expect(b.centers).toEqual(a.centers);
    }
  });

  it('block partials and D² draws bit-identical to the TypeScript reference, on one thread and split with a helper', () => {
    // Random steps through the kernel interface (pots over groups of ≤ 8 candidates, choose, sample) on the TS
    // reference, the wasm kernel alone, and the wasm kernel whose blocks from the middle on live on a helper (an
    // in-thread stand-in running the same job protocol). n up to 6 blocks, ragged; L up to 11 (two groups).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 * PLUS_PLUS_BLOCK + 37 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, d, L, seed) => {
          const rng = createRng(seed);
          const x = Float64Array.from({ length: n * d }, () => rng.nextFloat() * 4 - 2);
          const w = Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.1 ? 0 : rng.nextFloat() + 0.1));
          const xn = squaredNorms(x, n, d);
          const helper = jobStandIn();
          setParallelProvider(helper);
          const kernels = [
            plusPlusReference(x, n, d, xn, w, L),
            plusPlusWasm(x, n, d, xn, w, L),
            plusPlusWasm(x, n, d, xn, w, L, true),
          ] as PlusPlusKernel[];
          setParallelProvider(null);
          expect(kernels[1]).not.toBeNull();
          expect(helper.sessions).toBe(n > PLUS_PLUS_BLOCK ? 1 : 0);
          const nb = Math.ceil(n / PLUS_PLUS_BLOCK);
          const parts = kernels.map(() => new Float64Array(8 * nb));
          const rows = kernels.map(() => new Int32Array(L));
          const cand = new Int32Array(L);
          for (let step = 0; step < 4; step++) {
            for (let t = 0; t < L; t++) cand[t] = rng.nextInt(n);
            for (let g = 0; g < L; g += 8) {
              const l = Math.min(8, L - g);
              for (let i = 0; i < kernels.length; i++) kernels[i].pots(cand.subarray(g, g + l), l, g, parts[i]);
              for (let b = 0; b < nb; b++) {
                for (let t = 0; t < l; t++) {
                  const ref = parts[0][8 * b + t];
                  for (const p of parts) expect(Object.is(p[8 * b + t], ref), `block ${b} t ${t}`).toBe(true);
                }
              }
            }
            const chosen = rng.nextInt(L);
            for (const kern of kernels) kern.choose(chosen);
            // queries: random blocks, bases and r up to a little past the block's end (the last-row fallback)
            const nq = 1 + rng.nextInt(L);
            const blocks = Int32Array.from({ length: nq }, () => rng.nextInt(nb));
            const bases = Float64Array.from({ length: nq }, () => rng.nextFloat() * 10);
            const rs = Float64Array.from({ length: nq }, (_, q) => bases[q] + rng.nextFloat() * 60 * rng.nextFloat());
            for (let i = 0; i < kernels.length; i++) kernels[i].sample(blocks, bases, rs, nq, rows[i]);
            for (const r of rows) expect(Array.from(r.subarray(0, nq))).toEqual(Array.from(rows[0].subarray(0, nq)));
          }
          for (const kern of kernels) kern.release?.();
          expect(helper.ended).toBe(helper.sessions);
          // every step called the helper (pots per group, and sample when a query fell in its blocks)
          if (n > PLUS_PLUS_BLOCK) expect(helper.calls).toBeGreaterThanOrEqual(4 * Math.ceil(L / 8));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a draw lands in the first row whose running sum (blocks before it, then its block up to it) reaches r', () => {
    // The reference's search against a direct scan of the cumulative weights: with integer weights every sum is
    // exact, so the blocked sums equal the running sum over all rows.
    const n = 3 * PLUS_PLUS_BLOCK + 5;
    const d = 1;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 7) - 3);
    const w = Float64Array.from({ length: n }, (_, i) => i % 3);
    const xn = squaredNorms(x, n, d);
    const kern = plusPlusReference(x, n, d, xn, w, 2);
    const nb = Math.ceil(n / PLUS_PLUS_BLOCK);
    const parts = new Float64Array(8 * nb);
    kern.pots(Int32Array.of(0), 1, 0, parts);
    kern.choose(0);
    const m = Float64Array.from({ length: n }, (_, i) => w[i] * (x[i] - x[0]) ** 2);
    const cum = new Float64Array(n);
    for (let i = 0, a = 0; i < n; i++) cum[i] = a += m[i];
    const blockCum = new Float64Array(nb);
    for (let b = 0, a = 0; b < nb; b++) blockCum[b] = a += parts[8 * b];
    expect(blockCum[nb - 1]).toBe(cum[n - 1]);
    const out = new Int32Array(1);
    for (const r of [0, 0.5, 1, cum[700], cum[700] + 0.5, cum[PLUS_PLUS_BLOCK - 1], cum[n - 1]]) {
      let b = 0;
      while (blockCum[b] < r) b++;
      kern.sample(Int32Array.of(b), Float64Array.of(b > 0 ? blockCum[b - 1] : 0), Float64Array.of(r), 1, out);
      expect(out[0], `r = ${r}`).toBe(cum.findIndex((c) => c >= r));
    }
  });
});

describe('k-means++ greedy rule', () => {
  it('each step keeps the candidate with the lowest potential (oracle: direct squared distances)', () => {
    const n = 400;
    const d = 3;
    const k = 6;
    const x = centeredBlobs(n, d, 6, 11);
    const w = new Float64Array(n).fill(1);
    const { indices } = kmeansPlusPlus(x, n, d, k, w, createRng(3));
    expect(new Set(indices).size).toBe(k);
    // The final potential against the chosen centres, by direct differences, equals the sum of each row's minimum.
    let pot = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      for (const c of indices) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (x[i * d + j] - x[c * d + j]) ** 2;
        best = Math.min(best, s);
      }
      pot += best;
    }
    // Greedy k-means++ on well-separated blobs puts one centre in each blob: far below a random pick's potential.
    let random = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (x[i * d + j] - x[c * d + j]) ** 2;
        best = Math.min(best, s);
      }
      random += best;
    }
    expect(pot).toBeLessThan(random);
  });

  it('the first centre is drawn ∝ w: a row with all the weight is always first', () => {
    const n = 50;
    const d = 2;
    const x = centeredBlobs(n, d, 3, 5);
    const w = new Float64Array(n);
    w[17] = 1;
    for (let s = 0; s < 5; s++) expect(kmeansPlusPlus(x, n, d, 1, w, createRng(s)).indices[0]).toBe(17);
  });
});
