/**
 * k-prototypes kernels (Huang 1998): mixed squared-Euclidean + weighted simple-matching cost, nearest-prototype
 * assignment, and the mean / mode update. Pure functions over typed arrays; no validation.
 * @module
 */

/**
 * Assigns every row to its nearest prototype under
 * cost(x, c) = Σⱼ (x_j − μ_cj)² + γ · #{categorical j : x_j ≠ mode_cj}, ties to the lowest c.
 * xNum n×p and xCat n×q (IN, row-major; category codes), centers k×p and modes k×q (IN), labels n (OUT).
 * Returns the total cost. O(n·k·(p + q)).
 */
export function assignPrototypes(
  xNum: Float64Array,
  p: number,
  xCat: Int32Array,
  q: number,
  n: number,
  centers: Float64Array,
  modes: Int32Array,
  k: number,
  gamma: number,
  labels: Int32Array,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < p; j++) {
        const t = xNum[i * p + j] - centers[c * p + j];
        s += t * t;
      }
      let mismatches = 0;
      for (let j = 0; j < q; j++) if (xCat[i * q + j] !== modes[c * q + j]) mismatches++;
      s += gamma * mismatches;
      if (s < bestCost) {
        bestCost = s;
        best = c;
      }
    }
    labels[i] = best;
    total += bestCost;
  }
  return total;
}

/**
 * Moves each non-empty cluster's prototype to the mean of its numeric columns and the mode of each categorical
 * column (ties to the lowest code); an empty cluster keeps its prototype. catOffset (q+1, IN) indexes `counts`
 * (k·catOffset[q] Int32 scratch) per column; centers k×p and modes k×q (INOUT). O(n·(p + q) + k·Σ categories).
 */
export function updatePrototypes(
  xNum: Float64Array,
  p: number,
  xCat: Int32Array,
  q: number,
  n: number,
  labels: Int32Array,
  k: number,
  catOffset: Int32Array,
  centers: Float64Array,
  modes: Int32Array,
  sizes: Int32Array,
  sums: Float64Array,
  counts: Int32Array,
): void {
  const totalCats = catOffset[q];
  sizes.fill(0);
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    for (let j = 0; j < p; j++) sums[c * p + j] += xNum[i * p + j];
    for (let j = 0; j < q; j++) counts[c * totalCats + catOffset[j] + xCat[i * q + j]]++;
  }
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) continue;
    for (let j = 0; j < p; j++) centers[c * p + j] = sums[c * p + j] / sizes[c];
    for (let j = 0; j < q; j++) {
      const o = c * totalCats + catOffset[j];
      let best = 0;
      for (let v = 1; v < catOffset[j + 1] - catOffset[j]; v++) if (counts[o + v] > counts[o + best]) best = v;
      modes[c * q + j] = best;
    }
  }
}
