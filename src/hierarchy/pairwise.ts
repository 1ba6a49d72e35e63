/**
 * Condensed pairwise distances for linkage, one tight loop per metric.
 * @module
 * @internal
 */
import { checkBudget } from '../core/distance.js';
import type { Matrix } from '../core/matrix.js';
import { type MetricOptions, resolveMetric, WASM_METRICS, type WasmMetric } from '../core/metrics.js';
import { fillPdist } from '../engine/pairwise.js';
import type { DistanceArray } from './activeList.js';

/** Whether `metric` has the unrolled TypeScript loops here and a kernel in the hierarchy's wasm module. */
export function isWasmMetric(metric: string): metric is WasmMetric {
  return (WASM_METRICS as readonly string[]).includes(metric);
}

/**
 * The condensed distances of the rows of `x` under any registry metric (resolved and its data checked here):
 * the loops below for the {@link WasmMetric}s, the registry's kernel otherwise. Entry (i, j), i < j, at
 * n·i − i(i+1)/2 + j − i − 1. O(n²·d).
 * @throws {@link ValidationError} as `resolveMetric`; {@link CapacityError} over `budget` bytes
 */
export function condensedForMetric(
  x: Matrix,
  opts: MetricOptions,
  name: string,
  where: string,
  budget: number,
): Float64Array {
  const { info, params } = resolveMetric(opts, [x], where, undefined, [name]);
  const n = x.rows;
  const len = (n * (n - 1)) / 2;
  checkBudget(
    len * 8,
    budget,
    `The condensed distance matrix of ${n} points`,
    'use fewer points or raise memoryBudget.',
  );
  const out = new Float64Array(len);
  if (isWasmMetric(info.name)) condensedDistances(x.data, n, x.cols, info.name, out);
  else fillPdist(x.data, n, x.cols, info.name, out, params);
  return out;
}

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
  metric: WasmMetric,
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
 * position n·i − i(i+1)/2 + j − i − 1 — `scipy.spatial.distance.pdist` order (a Float32Array `out` stores each
 * double distance rounded to float32). O(n²·d). `onRows` (optional) sees
 * the rows done, every 64 rows and at the end.
 */
export function condensedDistances(
  x: Float64Array,
  n: number,
  d: number,
  metric: WasmMetric,
  out: DistanceArray,
  onRows?: (rows: number) => void,
): void {
  const norms = metric === 'cosine' ? rowNorms(x, n, d) : null;
  const sq = metric === 'euclidean' || metric === 'sqeuclidean';
  const root = metric === 'euclidean';
  let t = 0;
  for (let i = 0; i < n - 1; i++) {
    const oi = i * d;
    let j = i + 1;
    if (sq) {
      // Four pairs at a time (see squareDistances): same values as the one-pair loop.
      for (; j + 3 < n; j += 4) {
        const o0 = j * d;
        const o1 = o0 + d;
        const o2 = o1 + d;
        const o3 = o2 + d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < d; k++) {
          const a = x[oi + k];
          const t0 = a - x[o0 + k];
          const t1 = a - x[o1 + k];
          const t2 = a - x[o2 + k];
          const t3 = a - x[o3 + k];
          s0 += t0 * t0;
          s1 += t1 * t1;
          s2 += t2 * t2;
          s3 += t3 * t3;
        }
        if (root) {
          s0 = Math.sqrt(s0);
          s1 = Math.sqrt(s1);
          s2 = Math.sqrt(s2);
          s3 = Math.sqrt(s3);
        }
        out[t++] = s0;
        out[t++] = s1;
        out[t++] = s2;
        out[t++] = s3;
      }
    }
    for (; j < n; j++) out[t++] = pairDistance(x, d, i, j, metric, norms);
    if ((i & 63) === 63) onRows?.(i + 1);
  }
  onRows?.(n);
}

/**
 * Fills the full symmetric n×n matrix `out` (n², OUT; zero diagonal) with the distances of the rows of x (n×d,
 * IN), block by block so that the mirrored writes stay in cache. Same values as {@link condensedDistances}.
 * `onRows` (optional) sees the rows done after each block of 64 rows.
 */
export function squareDistances(
  x: Float64Array,
  n: number,
  d: number,
  metric: WasmMetric,
  out: Float64Array,
  onRows?: (rows: number) => void,
): void {
  const B = 64;
  const norms = metric === 'cosine' ? rowNorms(x, n, d) : null;
  const sq = metric === 'euclidean' || metric === 'sqeuclidean';
  const root = metric === 'euclidean';
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = i0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        const oi = i * d;
        const ri = i * n;
        let j = j0 > i ? j0 : i + 1;
        if (sq) {
          // Four pairs at a time: independent accumulators hide the add latency; each pair's sum is still taken
          // in column order, so every value equals the one-pair loop's.
          for (; j + 3 < j1; j += 4) {
            const o0 = j * d;
            const o1 = o0 + d;
            const o2 = o1 + d;
            const o3 = o2 + d;
            let s0 = 0;
            let s1 = 0;
            let s2 = 0;
            let s3 = 0;
            for (let k = 0; k < d; k++) {
              const a = x[oi + k];
              const t0 = a - x[o0 + k];
              const t1 = a - x[o1 + k];
              const t2 = a - x[o2 + k];
              const t3 = a - x[o3 + k];
              s0 += t0 * t0;
              s1 += t1 * t1;
              s2 += t2 * t2;
              s3 += t3 * t3;
            }
            if (root) {
              s0 = Math.sqrt(s0);
              s1 = Math.sqrt(s1);
              s2 = Math.sqrt(s2);
              s3 = Math.sqrt(s3);
            }
            out[ri + j] = s0;
            out[ri + j + 1] = s1;
            out[ri + j + 2] = s2;
            out[ri + j + 3] = s3;
            out[j * n + i] = s0;
            out[(j + 1) * n + i] = s1;
            out[(j + 2) * n + i] = s2;
            out[(j + 3) * n + i] = s3;
          }
        }
        for (; j < j1; j++) {
          const v = pairDistance(x, d, i, j, metric, norms);
          out[ri + j] = v;
          out[j * n + i] = v;
        }
      }
    }
    onRows?.(i1);
  }
}

/** Expands a condensed vector y (IN) into the full symmetric n×n matrix `out` (OUT), squaring when `square`. */
export function condensedToSquare(y: ArrayLike<number>, n: number, square: boolean, out: Float64Array): void {
  let t = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = y[t++];
      const w = square ? v * v : v;
      out[i * n + j] = w;
      out[j * n + i] = w;
    }
  }
}
