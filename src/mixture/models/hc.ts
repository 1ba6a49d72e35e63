/**
 * mclust's model-based agglomerative hierarchical clustering (`hc`, Fraley 1998), which seeds EM in
 * `selectGaussianMixture` as in `Mclust`: start from singletons and repeatedly merge the pair of clusters that
 * loses the least classification likelihood under the model — EII (Ward's sum of squares) or VVV (mclust's
 * regularised criterion) — on the data transformed as mclust's `hcUse` says (default 'SVD').
 * @module
 * @internal
 */
import { eigenSymmetric } from '../../core/linalg.js';

/** mclust's `hcUse` transformations offered here. */
export type HcUse = 'SVD' | 'STD' | 'VARS';

/**
 * The data as mclust's `hc(use)` sees them: 'VARS' as given; 'STD' centred and scaled by the column standard
 * deviations (n − 1); 'SVD' standardised, then rotated onto the right singular vectors V of the standardised data
 * and scaled by 1/√(singular value): Z = X_std·V·diag(1/√s). Columns with zero spread are dropped (as mclust's
 * `dropCols`). x n×d IN. @returns the transformed n×d' data.
 */
export function hcTransform(x: Float64Array, n: number, d: number, use: HcUse): { z: Float64Array; cols: number } {
  if (use === 'VARS') return { z: x.slice(), cols: d };
  const keep: number[] = [];
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + j];
    mean[j] = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * d + j] - mean[j]) ** 2;
    sd[j] = Math.sqrt(v / (n - 1));
    if (sd[j] > 0 && Number.isFinite(sd[j])) keep.push(j);
  }
  const q = keep.length;
  const s = new Float64Array(n * q);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < q; t++) s[i * q + t] = (x[i * d + keep[t]] - mean[keep[t]]) / sd[keep[t]];
  if (use === 'STD') return { z: s, cols: q };
  // SVD through the eigen-decomposition of SᵀS = V·diag(s²)·Vᵀ.
  const sts = new Float64Array(q * q);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) sts[a * q + b] += s[i * q + a] * s[i * q + b];
  }
  const { values, vectors } = eigenSymmetric(sts, q);
  const p = Math.min(n, q);
  const z = new Float64Array(n * p);
  for (let t = 0; t < p; t++) {
    const f = 1 / Math.sqrt(Math.sqrt(Math.max(values[t], 0)));
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let a = 0; a < q; a++) v += s[i * q + a] * vectors[a * q + t];
      z[i * p + t] = v * f;
    }
  }
  return { z, cols: p };
}

/**
 * The merge sequence of mclust's `hcEII` / `hcVVV` on (already transformed) data.
 *
 * @remarks
 * Each step merges the pair (i, j) of least cost. EII: the cost is Ward's increase of the within sum of squares,
 * nᵢnⱼ/(nᵢ+nⱼ)·‖μᵢ − μⱼ‖². VVV (mclust's `hcVVV` with alpha = 1, beta = 1): a cluster of l points with scatter W
 * has term l·log(det(W/l) + β(tr W + α)/l) (only the trace part while l ≤ d or W is singular), singletons
 * log(αβ), α = traceW(X/√(n·d)) (at least ε); the cost is term(i ∪ j) − term(i) − term(j). O(n²) memory for
 * the pair costs, about O(n²·d³) time (mclust subsamples above 2000 rows; so does `selectGaussianMixture`).
 * The clusters' statistics are flat arrays (the scatter's lower triangle only, all the Cholesky factor reads),
 * a pair of clusters with at most d points skips the scatter, the live clusters are kept as an ascending list,
 * and a row whose nearest cluster was merged is rescanned only when the merged cluster's new cost is not below
 * its old nearest cost: the merges are those of the plain algorithm, bit for bit (tested against it).
 * z n×d IN.
 * @returns merges (n−1)×2, 0-based: the smaller and larger representative row index (each cluster is named by its
 * smallest row), in merge order
 */
export function hcMerges(z: Float64Array, n: number, d: number, model: 'EII' | 'VVV'): Int32Array {
  const merges = new Int32Array(2 * Math.max(n - 1, 0));
  if (n < 2) return merges;
  const vvv = model === 'VVV';
  let alpha = 0;
  if (vvv) {
    const f = 1 / Math.sqrt(n * d);
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += z[i * d + j] * f;
      m /= n;
      for (let i = 0; i < n; i++) alpha += (z[i * d + j] * f - m) ** 2;
    }
    alpha = Math.max(alpha, Number.EPSILON);
  }
  const abLog = Math.log(alpha);
  const dd = d * d;
  // Cluster statistics, indexed by the cluster's representative row: size, mean (n×d), scatter (n×d×d, lower
  // triangle), trace of the scatter and criterion term.
  const size = new Float64Array(n).fill(1);
  const mean = z.slice(0, n * d);
  const scatter = vvv ? new Float64Array(n * dd) : new Float64Array(0);
  const traceOf = new Float64Array(n);
  const termOf = new Float64Array(n).fill(abLog);
  const l = new Float64Array(dd);
  const diff = new Float64Array(d);
  /** The cost of merging clusters a and b; with `write`, the merged statistics go to a. */
  const cost = (a: number, b: number, write: boolean): number => {
    const na = size[a];
    const nb = size[b];
    const m = na + nb;
    const oa = a * d;
    const ob = b * d;
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const t = mean[oa + j] - mean[ob + j];
      diff[j] = t;
      sq += t * t;
    }
    const f = (na * nb) / m;
    if (!vvv) {
      if (write) {
        for (let j = 0; j < d; j++) mean[oa + j] = (na * mean[oa + j] + nb * mean[ob + j]) / m;
        size[a] = m;
      }
      return f * sq;
    }
    const trace = traceOf[a] + traceOf[b] + f * sq;
    const sa = a * dd;
    const sb = b * dd;
    let term: number;
    const tr = (trace + alpha) / m;
    if (m <= d) term = Math.log(tr);
    else if (trace === 0) term = Math.log(alpha / m);
    else {
      // The Cholesky factor of W/m (lower triangle) and log det(W/m), as core/linalg's cholesky.
      for (let u = 0; u < d; u++) {
        const ru = u * d;
        for (let v = 0; v <= u; v++)
          l[ru + v] = (scatter[sa + ru + v] + scatter[sb + ru + v] + f * diff[u] * diff[v]) / m;
      }
      let detlog = 0;
      let ok = true;
      for (let j = 0; j < d && ok; j++) {
        const rj = j * d;
        let s = l[rj + j];
        for (let t = 0; t < j; t++) s -= l[rj + t] * l[rj + t];
        if (!(s > 0) || !Number.isFinite(s)) ok = false;
        else {
          const ljj = Math.sqrt(s);
          l[rj + j] = ljj;
          for (let i = j + 1; i < d; i++) {
            const ri = i * d;
            let v = l[ri + j];
            for (let t = 0; t < j; t++) v -= l[ri + t] * l[rj + t];
            l[ri + j] = v / ljj;
          }
          detlog += 2 * Math.log(ljj);
        }
      }
      if (!ok) term = Math.log(tr);
      else term = detlog <= 0 ? Math.log(Math.exp(detlog) + tr) : Math.log(1 + Math.exp(-detlog) * tr) + detlog;
    }
    term *= m;
    const change = term - termOf[a] - termOf[b];
    if (write) {
      for (let j = 0; j < d; j++) mean[oa + j] = (na * mean[oa + j] + nb * mean[ob + j]) / m;
      size[a] = m;
      traceOf[a] = trace;
      termOf[a] = term;
      for (let u = 0; u < d; u++) {
        const ru = u * d;
        for (let v = 0; v <= u; v++)
          scatter[sa + ru + v] = scatter[sa + ru + v] + scatter[sb + ru + v] + f * diff[u] * diff[v];
      }
    }
    return change;
  };
  // Pair costs (full square, symmetric), the live clusters in ascending order and each one's nearest (the first
  // of least cost).
  const D = new Float64Array(n * n);
  const nn = new Int32Array(n);
  const nnCost = new Float64Array(n);
  const live = new Int32Array(n);
  for (let i = 0; i < n; i++) live[i] = i;
  let nLive = n;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = cost(i, j, false);
      D[i * n + j] = c;
      D[j * n + i] = c;
    }
  }
  const rescan = (i: number): void => {
    let best = -1;
    let bc = Number.POSITIVE_INFINITY;
    const o = i * n;
    for (let t = 0; t < nLive; t++) {
      const j = live[t];
      if (j !== i && D[o + j] < bc) {
        bc = D[o + j];
        best = j;
      }
    }
    nn[i] = best;
    nnCost[i] = bc;
  };
  for (let i = 0; i < n; i++) rescan(i);
  for (let step = 0; step < n - 1; step++) {
    let a = -1;
    let bc = Number.POSITIVE_INFINITY;
    for (let t = 0; t < nLive; t++) {
      const i = live[t];
      if (nn[i] >= 0 && nnCost[i] < bc) {
        bc = nnCost[i];
        a = i;
      }
    }
    let b = nn[a];
    if (b < a) [a, b] = [b, a];
    cost(a, b, true);
    // b leaves the live list (kept ascending).
    let pos = 0;
    while (live[pos] !== b) pos++;
    live.copyWithin(pos, pos + 1, nLive);
    nLive--;
    merges[2 * step] = a;
    merges[2 * step + 1] = b;
    const oa = a * n;
    for (let t = 0; t < nLive; t++) {
      const j = live[t];
      if (j === a) continue;
      const c = cost(a, j, false);
      D[oa + j] = c;
      D[j * n + a] = c;
    }
    rescan(a);
    for (let t = 0; t < nLive; t++) {
      const j = live[t];
      if (j === a) continue;
      const c = D[j * n + a];
      if (nn[j] === a || nn[j] === b) {
        // The other costs of row j are unchanged and none is below the old nearest cost: a new cost of a below
        // it makes a the only nearest, as a rescan would find. Else (a tie included) rescan.
        if (c < nnCost[j]) {
          nn[j] = a;
          nnCost[j] = c;
        } else rescan(j);
      } else if (c < nnCost[j]) {
        nn[j] = a;
        nnCost[j] = c;
      }
    }
  }
  return merges;
}

/**
 * The partition into g clusters after the first n − g merges (mclust's `hclass`): labels 0..g−1 numbered by the
 * order of each cluster's smallest row. merges IN (from {@link hcMerges}). @returns n labels
 */
export function hcPartition(merges: Int32Array, n: number, g: number): Int32Array {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (let s = 0; s < n - g; s++) parent[find(merges[2 * s + 1])] = find(merges[2 * s]);
  const labels = new Int32Array(n);
  const id = new Int32Array(n).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (id[r] < 0) id[r] = next++;
    labels[i] = id[r];
  }
  return labels;
}
