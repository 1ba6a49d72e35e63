/**
 * Condensed pairwise distances for linkage, one tight loop per metric.
 * @module
 * @internal
 */
import type { Metric } from '../core/distance.js';

/**
 * Row offsets into a condensed vector: entry (i, j), i < j, lives at `off[i] + j`, where
 * off[i] = n·i − i(i+1)/2 − i − 1. Doubles, so that n(n−1)/2 may exceed 2³¹.
 */
export function condensedOffsets(n: number): Float64Array | Int32Array {
  // Int32 offsets keep the index arithmetic in small integers (much faster in V8) while n(n−1)/2 < 2³¹.
  const off = (n * (n - 1)) / 2 < 2 ** 31 - 1 ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) off[i] = n * i - (i * (i + 1)) / 2 - i - 1;
  return off;
}

/**
 * Distance between rows `a` and `b` of x (n×d, IN) under `metric`; cosine uses precomputed row norms
 * `norms` (‖xᵢ‖, IN). `'sqeuclidean'` and `'euclidean'` accumulate Σⱼ (aⱼ − bⱼ)² in column order, as SciPy.
 */
export function pairDistance(
  x: Float64Array,
  d: number,
  a: number,
  b: number,
  metric: Metric,
  norms: Float64Array | null,
): number {
  const oa = a * d;
  const ob = b * d;
  switch (metric) {
    case 'euclidean':
    case 'sqeuclidean': {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[oa + j] - x[ob + j];
        s += t * t;
      }
      return metric === 'euclidean' ? Math.sqrt(s) : s;
    }
    case 'cityblock': {
      let s = 0;
      for (let j = 0; j < d; j++) s += Math.abs(x[oa + j] - x[ob + j]);
      return s;
    }
    case 'chebyshev': {
      let m = 0;
      for (let j = 0; j < d; j++) {
        const t = Math.abs(x[oa + j] - x[ob + j]);
        if (t > m) m = t;
      }
      return m;
    }
    case 'cosine': {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += x[oa + j] * x[ob + j];
      let c = dot / ((norms as Float64Array)[a] * (norms as Float64Array)[b]);
      if (c > 1) c = 1;
      else if (c < -1) c = -1;
      return 1 - c;
    }
  }
}

/** Euclidean row norms ‖xᵢ‖ (for the cosine metric). x n×d IN; returns n values. */
export function rowNorms(x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) s += x[o + j] * x[o + j];
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * Fills `out` (length n(n−1)/2, OUT) with the condensed distances of the rows of x (n×d, IN), entry (i, j) at
 * position n·i − i(i+1)/2 + j − i − 1 — `scipy.spatial.distance.pdist` order. O(n²·d).
 */
export function condensedDistances(x: Float64Array, n: number, d: number, metric: Metric, out: Float64Array): void {
  if (metric === 'euclidean' || metric === 'sqeuclidean') {
    const root = metric === 'euclidean';
    let t = 0;
    for (let i = 0; i < n - 1; i++) {
      const oi = i * d;
      for (let k = i + 1; k < n; k++) {
        const ok = k * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const v = x[oi + j] - x[ok + j];
          s += v * v;
        }
        out[t++] = root ? Math.sqrt(s) : s;
      }
    }
    return;
  }
  const norms = metric === 'cosine' ? rowNorms(x, n, d) : null;
  let t = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let k = i + 1; k < n; k++) out[t++] = pairDistance(x, d, i, k, metric, norms);
  }
}
