/**
 * Kernels of the soft members of the k-means family: soft k-means responsibilities (log-sum-exp), fuzzy c-means
 * memberships, and the weighted centre update both share. Pure functions over flat row-major buffers; IN/OUT
 * marked on each; no validation, no allocation.
 * @module
 */

/**
 * Squared Euclidean distances from the row at offset xi of x to each of the k centres (k×d), into sq (k, OUT).
 * O(k·d). @returns the smallest of them
 */
function rowSqDistances(
  x: Float64Array,
  xi: number,
  d: number,
  centers: Float64Array,
  k: number,
  sq: Float64Array,
): number {
  let minSq = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const ci = c * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[xi + j] - centers[ci + j];
      s += t * t;
    }
    sq[c] = s;
    if (s < minSq) minSq = s;
  }
  return minSq;
}

/**
 * Soft k-means E-step: r_ic = exp(−β‖xᵢ − μ_c‖²) / Σ_c' exp(−β‖xᵢ − μ_c'‖²), computed stably by subtracting the
 * smallest squared distance of the row before exponentiating (log-sum-exp), so the largest term is exactly 1.
 * x n×d IN, centers k×d IN, resp n×k OUT (rows sum to 1), sq k scratch.
 * @returns Σᵢ min_c ‖xᵢ − μ_c‖² (the hard inertia for the current centres)
 */
export function softResponsibilities(
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  beta: number,
  resp: Float64Array,
  sq: Float64Array,
): number {
  let hard = 0;
  for (let i = 0; i < n; i++) {
    const minSq = rowSqDistances(x, i * d, d, centers, k, sq);
    hard += minSq;
    const ri = i * k;
    let tot = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(-beta * (sq[c] - minSq));
      resp[ri + c] = e;
      tot += e;
    }
    const inv = 1 / tot;
    for (let c = 0; c < k; c++) resp[ri + c] *= inv;
  }
  return hard;
}

/**
 * Fuzzy c-means membership step (Bezdek): u_ic = 1 / Σ_c' (‖xᵢ − v_c‖ / ‖xᵢ − v_c'‖)^{2/(m−1)}, evaluated as
 * (δ/‖xᵢ − v_c‖²)^{1/(m−1)} normalised over c, with δ the row's smallest squared distance (every ratio ≤ 1, no
 * overflow). A row lying exactly on z ≥ 1 centres gets membership 1/z in each of them and 0 elsewhere (the limit
 * of the formula), so there is no division by zero.
 * x n×d IN, centers k×d IN, u n×k OUT (rows sum to 1), sq k scratch.
 * @returns J_m = Σᵢ Σ_c u_ic^m ‖xᵢ − v_c‖² for the new memberships and the given centres
 */
export function fuzzyMemberships(
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  m: number,
  u: Float64Array,
  sq: Float64Array,
): number {
  const p = 1 / (m - 1);
  let J = 0;
  for (let i = 0; i < n; i++) {
    const minSq = rowSqDistances(x, i * d, d, centers, k, sq);
    let zeros = 0;
    for (let c = 0; c < k; c++) if (sq[c] === 0) zeros++;
    const ui = i * k;
    if (zeros > 0) {
      const share = 1 / zeros;
      for (let c = 0; c < k; c++) u[ui + c] = sq[c] === 0 ? share : 0;
      continue; // J_i = 0: every positive membership sits at distance 0
    }
    let tot = 0;
    for (let c = 0; c < k; c++) {
      const r = minSq / sq[c];
      const v = p === 1 ? r : r ** p;
      u[ui + c] = v;
      tot += v;
    }
    const inv = 1 / tot;
    for (let c = 0; c < k; c++) {
      const v = u[ui + c] * inv;
      u[ui + c] = v;
      J += (m === 2 ? v * v : v ** m) * sq[c];
    }
  }
  return J;
}

/**
 * Weighted centre update shared by soft k-means (m = 1) and fuzzy c-means (m > 1):
 * μ_c = Σᵢ wᵢ·u_ic^m·xᵢ / Σᵢ wᵢ·u_ic^m. A centre whose total weight is 0 (all its memberships underflowed)
 * keeps its previous value from `prev`.
 * x n×d IN, w n IN (null = unweighted), u n×k IN, prev k×d IN, out k×d OUT, totals k OUT.
 * @returns Σ_c ‖out_c − prev_c‖² (the centre shift compared with the tolerance)
 */
export function membershipCenters(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array | null,
  u: Float64Array,
  k: number,
  m: number,
  prev: Float64Array,
  out: Float64Array,
  totals: Float64Array,
): number {
  out.fill(0);
  totals.fill(0);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    const ui = i * k;
    const wi = w === null ? 1 : w[i];
    for (let c = 0; c < k; c++) {
      const uc = u[ui + c];
      if (uc === 0) continue;
      const f = wi * (m === 1 ? uc : m === 2 ? uc * uc : uc ** m);
      totals[c] += f;
      const ci = c * d;
      for (let j = 0; j < d; j++) out[ci + j] += f * x[xi + j];
    }
  }
  let shift = 0;
  for (let c = 0; c < k; c++) {
    const ci = c * d;
    const t = totals[c];
    if (t > 0) {
      const inv = 1 / t;
      for (let j = 0; j < d; j++) out[ci + j] *= inv;
    } else {
      for (let j = 0; j < d; j++) out[ci + j] = prev[ci + j];
    }
    for (let j = 0; j < d; j++) {
      const s = out[ci + j] - prev[ci + j];
      shift += s * s;
    }
  }
  return shift;
}

/** Index of the largest entry of each row of an n×k matrix (ties to the lowest index). p IN, labels n OUT. */
export function argmaxRows(p: Float64Array, n: number, k: number, labels: Int32Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let best = 0;
    let bv = p[o];
    for (let c = 1; c < k; c++) {
      if (p[o + c] > bv) {
        bv = p[o + c];
        best = c;
      }
    }
    labels[i] = best;
  }
}
