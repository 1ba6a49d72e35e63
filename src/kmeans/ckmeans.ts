/**
 * Optimal 1-D k-means by dynamic programming (Wang & Song 2011, Ckmeans.1d.dp) with the divide-and-conquer
 * speed-up over monotone split points. Pure kernels over typed arrays; validation lives in `naturalBreaks`.
 * @module
 */

/**
 * Optimal partition of sorted distinct values into k contiguous classes, minimizing Σ_c Σ_{i∈c} wᵢ (xᵢ − x̄_c)².
 *
 * @remarks
 * D[q][i] = min_{q ≤ j ≤ i} D[q−1][j−1] + cost(j, i), with cost(j, i) = Σw(x−s)² − (Σw(x−s))² / Σw over values j..i
 * (prefix sums of values shifted by the median s, which keeps the subtraction accurate). The best j is
 * non-decreasing in i, so each layer is filled by divide and conquer: O(k·m·log m) time, k·m Int32 of split points.
 * Ties between split points keep the smallest j.
 * @param x - m sorted distinct values (IN)
 * @param w - m positive weights (IN)
 * @param k - number of classes, 1 ≤ k ≤ m
 * @param starts - k class start indices into `x` (OUT): class c is x[starts[c]] .. x[starts[c+1] − 1]
 * @param onLayer - called with the layers of the program done (1 … k)
 * @returns the total within-class sum of squares of the optimum
 */
export function ckmeansSplit(
  x: Float64Array,
  w: Float64Array,
  k: number,
  starts: Int32Array,
  onLayer?: (layers: number) => void,
): number {
  const m = x.length;
  const shift = x[m >> 1];
  const sw = new Float64Array(m + 1);
  const s1 = new Float64Array(m + 1);
  const s2 = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    const v = x[i] - shift;
    const wi = w[i];
    sw[i + 1] = sw[i] + wi;
    s1[i + 1] = s1[i] + wi * v;
    s2[i + 1] = s2[i] + wi * v * v;
  }
  let prev = new Float64Array(m);
  let cur = new Float64Array(m);
  const back = new Int32Array(k * m);
  const stack = new Int32Array(8 * 64);
  for (let i = 0; i < m; i++) prev[i] = segmentCost(sw, s1, s2, 0, i);
  onLayer?.(1);
  for (let q = 1; q < k; q++) {
    const row = q * m;
    const p = prev;
    const out = cur;
    // Fill out[i] for i in [iLo, iHi], searching j in [jLo, jHi]: an explicit stack of ranges, depth ≤ log₂ m.
    let top4 = 0;
    stack[top4++] = q;
    stack[top4++] = m - 1;
    stack[top4++] = q;
    stack[top4++] = m - 1;
    while (top4 > 0) {
      const jHi = stack[--top4];
      const jLo = stack[--top4];
      const iHi = stack[--top4];
      const iLo = stack[--top4];
      if (iLo > iHi) continue;
      const mid = (iLo + iHi) >> 1;
      const last = jHi < mid ? jHi : mid;
      let best = Number.POSITIVE_INFINITY;
      let bestJ = jLo;
      for (let j = jLo; j <= last; j++) {
        const v = p[j - 1] + segmentCost(sw, s1, s2, j, mid);
        if (v < best) {
          best = v;
          bestJ = j;
        }
      }
      out[mid] = best;
      back[row + mid] = bestJ;
      stack[top4++] = mid + 1;
      stack[top4++] = iHi;
      stack[top4++] = bestJ;
      stack[top4++] = jHi;
      stack[top4++] = iLo;
      stack[top4++] = mid - 1;
      stack[top4++] = jLo;
      stack[top4++] = bestJ;
    }
    prev = out;
    cur = p;
    onLayer?.(q + 1);
  }
  let end = m - 1;
  for (let q = k - 1; q > 0; q--) {
    const j = back[q * m + end];
    starts[q] = j;
    end = j - 1;
  }
  starts[0] = 0;
  return prev[m - 1];
}

/** Within-class sum of squares of values j..i from the shifted prefix sums (clamped at 0 against rounding). */
function segmentCost(sw: Float64Array, s1: Float64Array, s2: Float64Array, j: number, i: number): number {
  const a = s1[i + 1] - s1[j];
  const c = s2[i + 1] - s2[j] - (a * a) / (sw[i + 1] - sw[j]);
  return c > 0 ? c : 0;
}

/**
 * Jenks natural breaks exactly as R classInt's `classIntervals(style = 'jenks')`: the O(k·n²) dynamic program over
 * the sorted values with running sums, ties resolved towards the earlier split as classInt does.
 * @param d - n sorted values, duplicates kept (IN)
 * @param k - number of classes, 2 ≤ k ≤ n
 * @param ends - k class end positions (OUT, 1-based as classInt's `kclass`): class c ends at d[ends[c] − 1]
 * @param onRow - called with the rows of the program done (2 … n)
 */
export function jenksSplit(d: Float64Array, k: number, ends: Int32Array, onRow?: (rows: number) => void): void {
  const n = d.length;
  // mat1/mat2 are classInt's n×k matrices (1-based rows l, columns j), stored row-major at (l−1)·k + (j−1).
  const mat1 = new Float64Array(n * k).fill(1);
  const mat2 = new Float64Array(n * k);
  for (let t = k; t < n * k; t++) mat2[t] = Number.MAX_VALUE;
  let v = 0;
  for (let l = 2; l <= n; l++) {
    let s1 = 0;
    let s2 = 0;
    let w = 0;
    const rl = (l - 1) * k;
    for (let m = 1; m <= l; m++) {
      const i3 = l - m + 1;
      const val = d[i3 - 1];
      s2 = s2 + val * val;
      s1 = s1 + val;
      w = w + 1;
      v = s2 - (s1 * s1) / w;
      const i4 = i3 - 1;
      if (i4 !== 0) {
        const r4 = (i4 - 1) * k;
        for (let j = 2; j <= k; j++) {
          const cand = v + mat2[r4 + j - 2];
          if (mat2[rl + j - 1] >= cand) {
            mat1[rl + j - 1] = i3;
            mat2[rl + j - 1] = cand;
          }
        }
      }
    }
    mat1[rl] = 1;
    mat2[rl] = v;
    onRow?.(l);
  }
  ends[k - 1] = n;
  let row = n;
  for (let j = k; j >= 2; j--) {
    const id = Math.trunc(mat1[(row - 1) * k + j - 1]) - 1;
    ends[j - 2] = id;
    row = id;
  }
}
