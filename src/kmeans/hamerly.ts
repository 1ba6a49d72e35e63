/**
 * Hamerly's k-means (2010): Lloyd's iterations with one upper and one lower distance bound per point, so most
 * points skip the distance computations. Same labels, centres and nIter as Lloyd (up to exact distance ties).
 * @module
 */
import type { CenterPass } from '../engine/pass.js';
import { boundsPassWasm, boundsPoolWork } from './boundsPass.js';
import type { KMeansDriver } from './common.js';
import { type CenterPassFactory, kmeansDriver } from './loop.js';
import { referencePass } from './referencePass.js';

/**
 * Bounds prune only with a relative margin: an exact distance tie (common on integer data) and the rounding of
 * the bound updates are then resolved by an exact recomputation, where the lowest index wins as in Lloyd.
 */
const SLACK = 1 + 1e-10;

/** Exact distances from point i to all centres; writes label, upper (nearest) and lower (second nearest). */
function fullAssign(
  x: Float64Array,
  i: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const xi = i * d;
  let best = 0;
  let b1 = Number.POSITIVE_INFINITY;
  let b2 = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const ci = c * d;
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const t = x[xi + j] - centers[ci + j];
      sq += t * t;
    }
    if (sq < b1) {
      b2 = b1;
      b1 = sq;
      best = c;
    } else if (sq < b2) b2 = sq;
  }
  labels[i] = best;
  upper[i] = Math.sqrt(b1);
  lower[i] = Math.sqrt(b2);
}

/**
 * Hamerly driver, same contract as {@link runLloyd}: the convergence loop of src/kmeans/loop.ts over Hamerly's pass.
 * Memory O(n + k²). The passes run where {@link planPasses} puts them: the WebAssembly SIMD kernels
 * (src/kmeans/boundsPass.ts, with the pool's helper above its threshold) or this file's TypeScript pass, the
 * reference; results are bit-identical.
 */
export const runHamerly: KMeansDriver = kmeansDriver(boundsPoolWork, (plan, x, n, d, w, k) =>
  hamerlyPass(plan, x, n, d, w, k),
);

/** Hamerly's pass on the plan's backend (see {@link boundsPassWasm}; the TypeScript reference otherwise). */
export const hamerlyPass: CenterPassFactory = (plan, x, n, d, w, k) =>
  boundsPassWasm(plan, 'hamerly', x, n, d, w, k, SLACK) ?? hamerlyPassJS(x, n, d, w, k);

/**
 * Hamerly's pass on the TypeScript kernels: one upper and one lower bound per row; the first step assigns exactly,
 * later ones move the bounds by the centre shifts and reassign only the rows the bounds do not settle.
 */
function hamerlyPassJS(x: Float64Array, n: number, d: number, w: Float64Array, k: number): CenterPass {
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const minSq = new Float64Array(n);
  const s = new Float64Array(k);
  return referencePass(x, n, d, w, k, labels, minSq, {
    assign(it, centers, shift) {
      if (it === 0) {
        for (let i = 0; i < n; i++) fullAssign(x, i, d, centers, k, labels, upper, lower);
        return;
      }
      // Move the bounds by how far the centres moved (the last iteration's update).
      let m1 = 0;
      let m2 = 0;
      let arg1 = -1;
      for (let c = 0; c < k; c++) {
        const p = shift[c];
        if (p > m1) {
          m2 = m1;
          m1 = p;
          arg1 = c;
        } else if (p > m2) m2 = p;
      }
      for (let i = 0; i < n; i++) {
        const a = labels[i];
        upper[i] += shift[a];
        lower[i] -= a === arg1 ? m2 : m1;
      }
      // s[c] = half the distance from centre c to its nearest other centre.
      for (let c = 0; c < k; c++) {
        let m = Number.POSITIVE_INFINITY;
        for (let c2 = 0; c2 < k; c2++) {
          if (c2 === c) continue;
          let sq = 0;
          for (let j = 0; j < d; j++) {
            const t = centers[c * d + j] - centers[c2 * d + j];
            sq += t * t;
          }
          if (sq < m) m = sq;
        }
        s[c] = 0.5 * Math.sqrt(m);
      }
      for (let i = 0; i < n; i++) {
        const a = labels[i];
        const m = s[a] > lower[i] ? s[a] : lower[i];
        if (upper[i] * SLACK < m) continue;
        let sq = 0;
        const xi = i * d;
        const ci = a * d;
        for (let j = 0; j < d; j++) {
          const t = x[xi + j] - centers[ci + j];
          sq += t * t;
        }
        upper[i] = Math.sqrt(sq);
        if (upper[i] * SLACK < m) continue;
        fullAssign(x, i, d, centers, k, labels, upper, lower);
      }
    },
    labelSq(centers) {
      // Relocation needs exact distances to the assigned centres (rare path).
      for (let i = 0; i < n; i++) {
        let sq = 0;
        const xi = i * d;
        const ci = labels[i] * d;
        for (let j = 0; j < d; j++) {
          const t = x[xi + j] - centers[ci + j];
          sq += t * t;
        }
        minSq[i] = sq;
      }
    },
  });
}
