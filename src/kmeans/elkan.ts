/**
 * Elkan's k-means (2003): Lloyd's iterations accelerated with the triangle inequality — one upper bound per point
 * and one lower bound per point and centre, plus the centre–centre distances. Same labels, centres and nIter as
 * Lloyd (up to exact distance ties); O(n·k) memory for the bounds.
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

/** Squared distance between row i of x and row c of centers (same summation order as Lloyd's kernel). */
function sqDistRow(x: Float64Array, i: number, centers: Float64Array, c: number, d: number): number {
  const xi = i * d;
  const ci = c * d;
  let sq = 0;
  for (let j = 0; j < d; j++) {
    const t = x[xi + j] - centers[ci + j];
    sq += t * t;
  }
  return sq;
}

function dist(x: Float64Array, i: number, centers: Float64Array, c: number, d: number): number {
  return Math.sqrt(sqDistRow(x, i, centers, c, d));
}

/**
 * Elkan driver, same contract as {@link runLloyd}: the convergence loop of src/kmeans/loop.ts over Elkan's pass. The
 * passes run where {@link planPasses} puts them: the WebAssembly SIMD kernels (src/kmeans/boundsPass.ts, with the
 * pool's helper above its threshold) or this file's TypeScript pass, the reference and the fallback; results are
 * bit-identical.
 */
export const runElkan: KMeansDriver = kmeansDriver(boundsPoolWork, (plan, x, n, d, w, k) =>
  elkanPass(plan, x, n, d, w, k),
);

/** Elkan's pass on the plan's backend (see {@link boundsPassWasm}; the TypeScript reference otherwise). */
export const elkanPass: CenterPassFactory = (plan, x, n, d, w, k) =>
  boundsPassWasm(plan, 'elkan', x, n, d, w, k, SLACK) ?? elkanPassJS(x, n, d, w, k);

/**
 * Elkan's pass on the TypeScript kernels: one upper bound per row, one lower bound per row and centre, the half
 * centre–centre distances; the first step assigns exactly, later ones move the bounds by the centre shifts and
 * recompute only the distances the bounds do not rule out.
 */
function elkanPassJS(x: Float64Array, n: number, d: number, w: Float64Array, k: number): CenterPass {
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n * k);
  const minSq = new Float64Array(n);
  const cc = new Float64Array(k * k); // half centre–centre distances
  const s = new Float64Array(k);
  return referencePass(x, n, d, w, k, labels, minSq, {
    assign(it, centers, shift) {
      if (it === 0) {
        // The initial exact assignment: labels, upper bounds (nearest) and every lower bound (the distances).
        for (let i = 0; i < n; i++) {
          let best = 0;
          let bd = Number.POSITIVE_INFINITY;
          const li = i * k;
          for (let c = 0; c < k; c++) {
            // Decide on squared distances, as Lloyd does (two squares 1 ulp apart can share a square root).
            const dc2 = sqDistRow(x, i, centers, c, d);
            lower[li + c] = Math.sqrt(dc2);
            if (dc2 < bd) {
              bd = dc2;
              best = c;
            }
          }
          labels[i] = best;
          upper[i] = Math.sqrt(bd);
        }
        return;
      }
      // The last iteration's bound update.
      for (let i = 0; i < n; i++) {
        const li = i * k;
        for (let c = 0; c < k; c++) {
          const v = lower[li + c] - shift[c];
          lower[li + c] = v > 0 ? v : 0;
        }
        upper[i] += shift[labels[i]];
      }
      for (let c = 0; c < k; c++) {
        let m = Number.POSITIVE_INFINITY;
        for (let c2 = 0; c2 < k; c2++) {
          if (c2 === c) continue;
          const h = 0.5 * dist(centers, c, centers, c2, d);
          cc[c * k + c2] = h;
          if (h < m) m = h;
        }
        s[c] = m;
      }
      for (let i = 0; i < n; i++) {
        let a = labels[i];
        let u = upper[i];
        if (u * SLACK < s[a]) continue;
        let tight = false;
        let u2 = 0;
        const li = i * k;
        for (let c = 0; c < k; c++) {
          if (c === a || u * SLACK < lower[li + c] || u * SLACK < cc[a * k + c]) continue;
          if (!tight) {
            u2 = sqDistRow(x, i, centers, a, d);
            u = Math.sqrt(u2);
            lower[li + a] = u;
            tight = true;
            if (u * SLACK < lower[li + c] || u * SLACK < cc[a * k + c]) continue;
          }
          const dc2 = sqDistRow(x, i, centers, c, d);
          const dc = Math.sqrt(dc2);
          lower[li + c] = dc;
          if (dc2 < u2 || (dc2 === u2 && c < a)) {
            a = c;
            u = dc;
            u2 = dc2;
          }
        }
        labels[i] = a;
        upper[i] = u;
      }
    },
    labelSq(centers) {
      for (let i = 0; i < n; i++) minSq[i] = sqDistRow(x, i, centers, labels[i], d);
    },
  });
}
