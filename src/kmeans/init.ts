/**
 * k-means initialisation: greedy k-means++ (as scikit-learn) and k random distinct rows (the course's).
 * @module
 */
import type { Rng } from '../core/random.js';
import { sampleWithoutReplacement } from '../core/random.js';

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's greedy variant).
 *
 * @remarks
 * The first centre is drawn with probability ∝ wᵢ. Each next centre: draw L = 2 + ⌊ln k⌋ candidates with
 * probability ∝ wᵢ·D(xᵢ)², where D is the distance to the nearest chosen centre, and keep the candidate that
 * most lowers the potential Σᵢ wᵢ·D(xᵢ)². D² is updated incrementally, so the cost is O(n·k·L·d) time and O(n·L)
 * memory.
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
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqRowDist(x, i, x, first, d);
    pot += w[i] * closest[i];
  }
  const cand = new Int32Array(L);
  const candDist = new Float64Array(L * n);
  const cum = new Float64Array(n);
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
    for (let t = 0; t < L; t++) {
      const ct = cand[t];
      let p = 0;
      const off = t * n;
      for (let i = 0; i < n; i++) {
        const dd = sqRowDist(x, i, x, ct, d);
        const m = dd < closest[i] ? dd : closest[i];
        candDist[off + i] = m;
        p += w[i] * m;
      }
      if (p < bestPot) {
        bestPot = p;
        bestT = t;
      }
    }
    const chosen = cand[bestT];
    indices[c] = chosen;
    centers.set(x.subarray(chosen * d, chosen * d + d), c * d);
    closest.set(candDist.subarray(bestT * n, bestT * n + n));
    pot = bestPot;
  }
  return { centers, indices };
}

/** k distinct rows chosen uniformly at random (scikit-learn's `init='random'`). x n×d IN. */
export function randomRows(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const idx = sampleWithoutReplacement(rng, n, k);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centers.set(x.subarray(idx[c] * d, idx[c] * d + d), c * d);
  return centers;
}

function sqRowDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  const oa = i * d;
  const ob = j * d;
  let s = 0;
  for (let t = 0; t < d; t++) {
    const u = a[oa + t] - b[ob + t];
    s += u * u;
  }
  return s;
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
