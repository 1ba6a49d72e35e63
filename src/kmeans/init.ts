/**
 * k-means initialisation: greedy k-means++ (as scikit-learn) and k random distinct rows (the course's).
 * @module
 */
import type { Rng } from '../core/random.js';
import { sampleWithoutReplacement } from '../core/random.js';
import { useWasm } from '../engine/kernels/backend.js';
import { PLUS_PLUS_BLOCK, PLUS_PLUS_GROUP, type PlusPlusKernel } from '../engine/kernels/plusPlusKernel.js';
import { plusPlusWasm } from '../engine/kernels/plusPlusWasm.js';

/**
 * The candidates' block potentials of one k-means++ step (the hot loop): for each candidate t < l (row cand[t] of x),
 * m = min(closestᵢ, max(0, (‖xᵢ‖² + ‖x_c‖²) − 2·xᵢ·x_c)) with the dot product summed over j in order, written to
 * out[t·n + i], and parts[8b + t] = Σᵢ wᵢ·m over block b's rows ([b·B, min(n, (b+1)·B)), B = `PLUS_PLUS_BLOCK`) in
 * row order from 0. The plain-TypeScript reference; the wasm kernel (`ppBlocks`, src/engine/kernels/plusPlusWasm.ts)
 * performs the same operations in the same order, so both are bit-identical.
 * x n×d IN, xn n IN (Σⱼ xᵢⱼ², j in order), w n IN, closest n IN, out l·n OUT, parts 8·⌈n / B⌉ OUT.
 */
export function plusPlusBlocks(
  x: Float64Array,
  n: number,
  d: number,
  xn: Float64Array,
  w: Float64Array,
  closest: Float64Array,
  cand: Int32Array,
  l: number,
  out: Float64Array,
  parts: Float64Array,
): void {
  for (let t = 0; t < l; t++) {
    const oc = cand[t] * d;
    const cn = xn[cand[t]];
    const off = t * n;
    for (let i0 = 0, b = 0; i0 < n; i0 += PLUS_PLUS_BLOCK, b++) {
      const i1 = Math.min(n, i0 + PLUS_PLUS_BLOCK);
      let p = 0;
      for (let i = i0; i < i1; i++) {
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
      parts[b * PLUS_PLUS_GROUP + t] = p;
    }
  }
}

/**
 * D² sampling inside block b: the first row i of the block with ¬(base + aᵢ < r), aᵢ = Σ wᵢ'·closestᵢ' over the
 * block's rows up to i in order from 0 (the additions of the block's partial in {@link plusPlusBlocks}), else the
 * block's last row. The TypeScript reference of `ppSample` (src/wasm/kmeans.ts). w, closest n IN. O(B).
 */
export function plusPlusSearch(
  w: Float64Array,
  closest: Float64Array,
  n: number,
  b: number,
  base: number,
  r: number,
): number {
  const i0 = b * PLUS_PLUS_BLOCK;
  const i1 = Math.min(n, i0 + PLUS_PLUS_BLOCK);
  let a = 0;
  for (let i = i0; i < i1; i++) {
    a += w[i] * closest[i];
    if (!(base + a < r)) return i;
  }
  return i1 - 1;
}

/** The reference kernel over JS arrays (for L candidates per step). @internal */
export function plusPlusReference(
  x: Float64Array,
  n: number,
  d: number,
  xn: Float64Array,
  w: Float64Array,
  L: number,
): PlusPlusKernel {
  const closest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const out = new Float64Array(L * n);
  return {
    pots: (cand, l, g, parts) =>
      plusPlusBlocks(x, n, d, xn, w, closest, cand, l, out.subarray(g * n, (g + l) * n), parts),
    choose: (t) => closest.set(out.subarray(t * n, t * n + n)),
    sample: (blocks, bases, rs, nq, rows) => {
      for (let q = 0; q < nq; q++) rows[q] = plusPlusSearch(w, closest, n, blocks[q], bases[q], rs[q]);
    },
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
 * `_kmeans_plusplus`; callers pass centred data (KMeans does), where it is accurate.
 *
 * Every sum over rows is a sum of partials over fixed blocks of `PLUS_PLUS_BLOCK` rows (each in row order from 0)
 * added in block order: the potentials, and the cumulative weights of the D² draw (r = u·potential falls in the
 * first block whose cumulative sum is not below r, then in the first row of it whose running sum is not). The
 * candidates' distances run on the WebAssembly SIMD kernel when the backend allows, with the blocks from the middle
 * on kept and computed by a worker pool's helper thread for large steps (src/engine/kernels/plusPlusWasm.ts); the
 * chosen centres are bit-identical to the TypeScript loop's for any number of threads.
 * x n×d IN, w n IN. `split` (tests): on the wasm kernel, hand the blocks from the middle on to the registered
 * pool's helper whatever the work. Returns the k×d centres and the chosen row indices.
 */
export function kmeansPlusPlus(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array,
  rng: Rng,
  split = false,
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
  const kernel =
    (useWasm(n * d * k * L) ? plusPlusWasm(x, n, d, xn, w, L, split) : null) ?? plusPlusReference(x, n, d, xn, w, L);
  try {
    seed(x, n, d, k, rng, L, kernel, centers, indices);
  } finally {
    kernel.release?.();
  }
  return { centers, indices };
}

/** Σ_b parts[8b + t] in block order (b < nb). */
function mergeBlocks(parts: Float64Array, nb: number, t: number): number {
  let p = 0;
  for (let b = 0; b < nb; b++) p += parts[b * PLUS_PLUS_GROUP + t];
  return p;
}

/** The k − 1 greedy steps of {@link kmeansPlusPlus} after the first centre (indices[0], centers row 0). */
function seed(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
  L: number,
  kernel: PlusPlusKernel,
  centers: Float64Array,
  indices: Int32Array,
): void {
  const nb = Math.ceil(n / PLUS_PLUS_BLOCK);
  const parts = new Float64Array(nb * PLUS_PLUS_GROUP);
  // the chosen centre's block partials of Σ wᵢ·D(xᵢ)², then their running sums in block order
  const cum = new Float64Array(nb);
  const cand = new Int32Array(L);
  const qBlock = new Int32Array(L);
  const qBase = new Float64Array(L);
  const qR = new Float64Array(L);
  const qRow = new Int32Array(L);
  const qT = new Int32Array(L);
  cand[0] = indices[0];
  kernel.pots(cand, 1, 0, parts);
  kernel.choose(0);
  for (let b = 0; b < nb; b++) cum[b] = parts[b * PLUS_PLUS_GROUP];
  let pot = mergeBlocks(parts, nb, 0);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let b = 0; b < nb; b++) {
      acc += cum[b];
      cum[b] = acc; // acc ends equal to pot: the same additions
    }
    let nq = 0;
    for (let t = 0; t < L; t++) {
      const r = rng.nextFloat() * pot;
      if (pot > 0) {
        const b = upperBound(cum, nb, r);
        qBlock[nq] = b;
        qBase[nq] = b > 0 ? cum[b - 1] : 0;
        qR[nq] = r;
        qT[nq++] = t;
      } else cand[t] = rng.nextInt(n);
    }
    kernel.sample(qBlock, qBase, qR, nq, qRow);
    for (let q = 0; q < nq; q++) cand[qT[q]] = qRow[q];
    let bestT = -1;
    let bestPot = Number.POSITIVE_INFINITY;
    for (let g = 0; g < L; g += PLUS_PLUS_GROUP) {
      const l = Math.min(PLUS_PLUS_GROUP, L - g);
      kernel.pots(cand.subarray(g, g + l), l, g, parts);
      for (let t = 0; t < l; t++) {
        const p = mergeBlocks(parts, nb, t);
        if (bestT < 0 || p < bestPot) {
          bestPot = p;
          bestT = g + t;
          for (let b = 0; b < nb; b++) cum[b] = parts[b * PLUS_PLUS_GROUP + t];
        }
      }
    }
    const chosen = cand[bestT];
    indices[c] = chosen;
    centers.set(x.subarray(chosen * d, chosen * d + d), c * d);
    kernel.choose(bestT);
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

/** First index i whose cumulative value cum[i] is not below r (clipped to n−1), like numpy.searchsorted(side='left'). */
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
