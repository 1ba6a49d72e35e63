/**
 * The plain O(n²)-per-step agglomeration that src/mixture/models/hc.ts's hcMerges speeds up (its version before the
 * flat arrays, the scatter's lower triangle and the skipped rescans): the oracle the fast one must equal bit for bit.
 */
import { cholesky } from '../../src/core/linalg.js';

/** A cluster while merging: size, mean, scatter (VVV only), trace of the scatter, criterion term. */
interface HcCluster {
  size: number;
  mean: Float64Array;
  scatter: Float64Array | null;
  trace: number;
  term: number;
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
 * z n×d IN.
 * @returns merges (n−1)×2, 0-based: the smaller and larger representative row index (each cluster is named by its
 * smallest row), in merge order
 */
export function hcMergesNaive(z: Float64Array, n: number, d: number, model: 'EII' | 'VVV'): Int32Array {
  const merges = new Int32Array(2 * Math.max(n - 1, 0));
  if (n < 2) return merges;
  let alpha = 0;
  if (model === 'VVV') {
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
  const clusters: (HcCluster | null)[] = [];
  for (let i = 0; i < n; i++) {
    clusters.push({
      size: 1,
      mean: z.slice(i * d, i * d + d),
      scatter: model === 'VVV' ? new Float64Array(d * d) : null,
      trace: 0,
      term: abLog,
    });
  }
  const dd = d * d;
  const w = new Float64Array(dd);
  const l = new Float64Array(dd);
  const diff = new Float64Array(d);
  /** Merged statistics of a and b into `out` (when given); returns the merge cost. */
  const cost = (a: HcCluster, b: HcCluster, out: HcCluster | null): number => {
    const na = a.size;
    const nb = b.size;
    const m = na + nb;
    let sq = 0;
    for (let j = 0; j < d; j++) {
      diff[j] = a.mean[j] - b.mean[j];
      sq += diff[j] * diff[j];
    }
    const f = (na * nb) / m;
    if (model === 'EII') {
      if (out !== null) {
        for (let j = 0; j < d; j++) out.mean[j] = (na * a.mean[j] + nb * b.mean[j]) / m;
        out.size = m;
      }
      return f * sq;
    }
    const trace = a.trace + b.trace + f * sq;
    const sa = a.scatter as Float64Array;
    const sb = b.scatter as Float64Array;
    for (let u = 0; u < d; u++)
      for (let v = 0; v < d; v++) w[u * d + v] = sa[u * d + v] + sb[u * d + v] + f * diff[u] * diff[v];
    let term: number;
    const tr = (trace + alpha) / m;
    if (m <= d) term = Math.log(tr);
    else if (trace === 0) term = Math.log(alpha / m);
    else {
      for (let t = 0; t < dd; t++) l[t] = w[t] / m;
      if (!cholesky(l, d, l)) term = Math.log(tr);
      else {
        let detlog = 0;
        for (let j = 0; j < d; j++) detlog += 2 * Math.log(l[j * d + j]);
        term = detlog <= 0 ? Math.log(Math.exp(detlog) + tr) : Math.log(1 + Math.exp(-detlog) * tr) + detlog;
      }
    }
    term *= m;
    if (out !== null) {
      for (let j = 0; j < d; j++) out.mean[j] = (na * a.mean[j] + nb * b.mean[j]) / m;
      out.size = m;
      out.trace = trace;
      out.term = term;
      (out.scatter as Float64Array).set(w);
    }
    return term - a.term - b.term;
  };
  // Pair costs (full square, symmetric) and each row's nearest pair.
  const D = new Float64Array(n * n);
  const nn = new Int32Array(n);
  const nnCost = new Float64Array(n);
  const alive = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = cost(clusters[i] as HcCluster, clusters[j] as HcCluster, null);
      D[i * n + j] = c;
      D[j * n + i] = c;
    }
  }
  const rescan = (i: number): void => {
    let best = -1;
    let bc = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (j === i || !alive[j]) continue;
      if (D[i * n + j] < bc) {
        bc = D[i * n + j];
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
    for (let i = 0; i < n; i++) {
      if (alive[i] && nn[i] >= 0 && nnCost[i] < bc) {
        bc = nnCost[i];
        a = i;
      }
    }
    let b = nn[a];
    if (b < a) [a, b] = [b, a];
    const ca = clusters[a] as HcCluster;
    cost(ca, clusters[b] as HcCluster, ca);
    clusters[b] = null;
    alive[b] = 0;
    merges[2 * step] = a;
    merges[2 * step + 1] = b;
    for (let j = 0; j < n; j++) {
      if (!alive[j] || j === a) continue;
      const c = cost(ca, clusters[j] as HcCluster, null);
      D[a * n + j] = c;
      D[j * n + a] = c;
    }
    rescan(a);
    for (let j = 0; j < n; j++) {
      if (!alive[j] || j === a) continue;
      if (nn[j] === a || nn[j] === b) rescan(j);
      else if (D[j * n + a] < nnCost[j]) {
        nn[j] = a;
        nnCost[j] = D[j * n + a];
      }
    }
  }
  return merges;
}
