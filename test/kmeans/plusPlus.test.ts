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
import { plusPlusWasm } from '../../src/engine/kernels/plusPlusWasm.js';
import { kmeansPlusPlus, plusPlusPots } from '../../src/kmeans/init.js';

const initial = getBackend();
afterEach(() => setBackend(initial));

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

  it('potentials and per-row minima bit-identical to plusPlusPots for 1..8 candidates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, d, L, seed) => {
          const rng = createRng(seed);
          const x = Float64Array.from({ length: n * d }, () => rng.nextFloat() * 4 - 2);
          const w = Float64Array.from({ length: n }, () => rng.nextFloat() + 0.1);
          const xn = squaredNorms(x, n, d);
          const closest = Float64Array.from({ length: n }, () =>
            rng.nextFloat() < 0.2 ? Infinity : rng.nextFloat() * 6,
          );
          const cand = Int32Array.from({ length: L }, () => rng.nextInt(n));
          const out = new Float64Array(L * n);
          const pots = new Float64Array(L);
          plusPlusPots(x, n, d, xn, w, closest, cand, L, out, pots);
          const kern = plusPlusWasm(x, n, d, xn, w, L);
          expect(kern).not.toBeNull();
          kern?.closest.set(closest);
          const pw = new Float64Array(8);
          kern?.pots(cand, L, pw);
          for (let t = 0; t < L; t++) {
            expect(Object.is(pw[t], pots[t])).toBe(true);
            const row = kern?.out(t) as Float64Array;
            for (let i = 0; i < n; i++) expect(Object.is(row[i], out[t * n + i])).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
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
