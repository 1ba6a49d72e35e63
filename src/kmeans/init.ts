/**
 * k-means initialisation: greedy k-means++ (as scikit-learn) and k random distinct rows (the course's).
 * @module
 */
import type { Rng } from '../core/random.js';
import { sampleWithoutReplacement } from '../core/random.js';
import { useWasm } from '../engine/kernels/backend.js';
import type { PlusPlusKernel } from '../engine/kernels/plusPlusKernel.js';
import { plusPlusWasm } from '../engine/kernels/plusPlusWasm.js';

/**
 * The candidates' potentials of one k-means++ step (the hot loop): for each candidate t < L (row cand[t] of x),
 * m = min(closestᵢ, max(0, (‖xᵢ‖² + ‖x_c‖²) − 2·xᵢ·x_c)) with the dot product summed over j in order, written to
 * out[t·n + i], and pots[t] = Σᵢ wᵢ·m in row order. The plain-TypeScript reference; the wasm kernel
 * (src/engine/kernels/plusPlusWasm.ts) performs the same operations in the same order, so both are bit-identical.
 * x n×d IN, xn n IN (Σⱼ xᵢⱼ², j in order), w n IN, closest n IN, out L·n OUT, pots L OUT.
 */
export function plusPlusPots(
  x: Float64Array,
  n: number,
  d: number,
  xn: Float64Array,
  w: Float64Array,
  closest: Float64Array,
  cand: Int32Array,
  L: number,
  out: Float64Array,
  pots: Float64Array,
): void {
  for (let t = 0; t < L; t++) {
    const oc = cand[t] * d;
    const cn = xn[cand[t]];
    const off = t * n;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const oi = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[oi + j] * x[oc + j];
      let dd = xn[i] + cn - 2 * s;
      if (dd < 0) dd = 0;
      const cl = closest[i];
      const m = dd < cl ? dd : cl;
      out[off + i] = m;
      p += w[i] * m;
    }
    pots[t] = p;
  }
}

/** Candidates per potentials call (the wasm kernel's register tile). */
export const PLUS_PLUS_GROUP = 8;

/** The reference kernel over JS arrays. */
function tsKernel(x: Float64Array, n: number, d: number, xn: Float64Array, w: Float64Array, L: number): PlusPlusKernel {
  const closest = new Float64Array(n);
  const out = new Float64Array(Math.min(L, PLUS_PLUS_GROUP) * n);
  return {
    closest,
    pots: (cand, l, pots) => plusPlusPots(x, n, d, xn, w, closest, cand, l, out, pots),
    out: (t) => out.subarray(t * n, t * n + n),
  };
}

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's greedy variant).
 *
 * @remarks
 * The first centre is drawn with probability ∝ wᵢ. Each next centre: draw L = 2 + ⌊ln k⌋ candidates with
 * probability ∝ wᵢ·D(xᵢ)², where D is the distance to the nearest chosen centre, and keep the candidate that
 * most lowers the potential Σᵢ wᵢ·D(xᵢ)². D² is updated incrementally, so the cost is O(n·k·L·d) time and O(n·L)
 * memory. Squared distances use the expanded form ‖x‖² + ‖c‖² − 2x·c (clamped at 0), as scikit-learn's
 * `_kmeans_plusplus`; callers pass centred data (KMeans does), where it is accurate. The candidates' distances run
 * on the WebAssembly SIMD kernel when the backend allows, with half of the rows on a worker pool's helper thread
 * for large steps (src/engine/kernels/plusPlusWasm.ts); the chosen centres are bit-identical to the TypeScript loop's.
 * x n×d IN, w n IN. Returns the k×d centres and the chosen row indices.
 */
export function kmeansPlusPlus(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array,
  rng: Rng,
): { centers: Float64Array; indices: Int32Array } {
  const centers = new Float64Array(k * d);
  const indices = new Int32Array(k);
  const L = 2 + Math.floor(Math.log(k));
  let wTotal = 0;
  for (let i = 0; i < n; i++) wTotal += w[i];
  const first = searchCumulative(w, n, rng.nextFloat() * wTotal);
  indices[0] = first;
  centers.set(x.subarray(first * d, first * d + d), 0);
  if (k === 1) return { centers, indices };
  const xn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += x[oi + j] * x[oi + j];
    xn[i] = s;
  }
  const kernel = (useWasm(n * d * k * L) ? plusPlusWasm(x, n, d, xn, w, L) : null) ?? tsKernel(x, n, d, xn, w, L);
  try {
    seed(x, n, d, k, w, rng, L, kernel, centers, indices);
  } finally {
    kernel.release?.();
  }
  return { centers, indices };
}

/** The k − 1 greedy steps of {@link kmeansPlusPlus} after the first centre (indices[0], centers row 0). */
function seed(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array,
  rng: Rng,
  L: number,
  kernel: PlusPlusKernel,
  centers: Float64Array,
  indices: Int32Array,
): void {
  const first = indices[0];
  const closest = kernel.closest;
  const pots = new Float64Array(PLUS_PLUS_GROUP);
  const cand = new Int32Array(L);
  closest.fill(Number.POSITIVE_INFINITY);
  cand[0] = first;
  kernel.pots(cand, 1, pots);
  closest.set(kernel.out(0));
  let pot = pots[0];
  const cum = new Float64Array(n);
  const groups = Math.ceil(L / PLUS_PLUS_GROUP);
  const bestDist = groups > 1 ? new Float64Array(n) : null;
  for (let c = 1; c < k; c++) {
    // Cumulative weighted potential for inverse-CDF sampling.
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += w[i] * closest[i];
      cum[i] = acc;
    }
    for (let t = 0; t < L; t++) {
      const r = rng.nextFloat() * pot;
      cand[t] = acc > 0 ? upperBound(cum, n, r) : rng.nextInt(n);
    }
    let bestT = 0;
    let bestPot = Number.POSITIVE_INFINITY;
    for (let g = 0; g < L; g += PLUS_PLUS_GROUP) {
      const l = Math.min(PLUS_PLUS_GROUP, L - g);
      kernel.pots(cand.subarray(g, g + l), l, pots);
      let improved = -1;
      for (let t = 0; t < l; t++) {
        if (pots[t] < bestPot) {
          bestPot = pots[t];
          bestT = g + t;
          improved = t;
        }
      }
      if (bestDist !== null && improved >= 0) bestDist.set(kernel.out(improved));
    }
    const chosen = cand[bestT];
    indices[c] = chosen;
    centers.set(x.subarray(chosen * d, chosen * d + d), c * d);
    closest.set(bestDist ?? kernel.out(bestT));
    pot = bestPot;
  }
}

/** k distinct rows chosen uniformly at random (scikit-learn's `init='random'`). x n×d IN. */
export function randomRows(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const idx = sampleWithoutReplacement(rng, n, k);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centers.set(x.subarray(idx[c] * d, idx[c] * d + d), c * d);
  return centers;
}

/** First index whose cumulative value exceeds r (clipped to n−1), like numpy.searchsorted(side='left'). */
function upperBound(cum: Float64Array, n: number, r: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function searchCumulative(w: Float64Array, n: number, r: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += w[i];
    if (acc > r) return i;
  }
  return n - 1;
}
