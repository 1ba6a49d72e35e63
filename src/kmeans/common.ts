/**
 * Kernels shared by the k-means variants: nearest-centre assignment, centre accumulation, empty-cluster relocation,
 * centre shift and inertia. Pure functions over flat row-major buffers; IN/OUT marked on each; no validation.
 * @module
 */
import { useWasm } from '../engine/kernels/backend.js';
import { assignLabelsWasm, type LabelAssigner } from '../engine/kernels/kmeansWasm.js';

export type { LabelAssigner } from '../engine/kernels/kmeansWasm.js';

/**
 * Assigns each row of x to its nearest centre (squared Euclidean, ties to the lowest index).
 * x n×d IN, centers k×d IN, labels n OUT, minSq n OUT (squared distance to the chosen centre).
 * Runs the WebAssembly SIMD kernel when the backend allows it (results bit-identical to {@link assignLabelsJS}).
 * @returns Σᵢ wᵢ‖xᵢ − c_{labelᵢ}‖² (unweighted when `w` is null)
 */
export const assignLabels: LabelAssigner = (x, n, d, centers, k, w, labels, minSq) => {
  if (useWasm(n * k * d)) {
    const r = assignLabelsWasm(x, n, d, centers, k, w, labels, minSq);
    if (!Number.isNaN(r)) return r;
  }
  return assignLabelsJS(x, n, d, centers, k, w, labels, minSq);
};

/** The plain-TypeScript reference of {@link assignLabels} (same contract): Σⱼ (xⱼ − cⱼ)² per centre. */
export const assignLabelsJS: LabelAssigner = (x, n, d, centers, k, w, labels, minSq) => {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    let best = 0;
    let bestSq = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const ci = c * d;
      let sq = 0;
      for (let j = 0; j < d; j++) {
        const t = x[xi + j] - centers[ci + j];
        sq += t * t;
      }
      if (sq < bestSq) {
        bestSq = sq;
        best = c;
      }
    }
    labels[i] = best;
    minSq[i] = bestSq;
    inertia += w === null ? bestSq : w[i] * bestSq;
  }
  return inertia;
};

/**
 * Weighted per-cluster sums of the rows, in fixed row blocks: for each block of `blockRows` rows (the last one
 * shorter), Σ wᵢ·xᵢ and Σ wᵢ per cluster summed from zero in row order, then added into the totals block after
 * block (total ← total + partial). With `blockRows` ≥ n this is the plain row-order sum. Lloyd passes use
 * `kmeansBlockRows(n)` (src/engine/kernels/kmeansWasm.ts), which the WebAssembly kernel and the worker pool's threads
 * use too, so the sums are bit-identical whatever the number of threads. O(n·d + ⌈n/blockRows⌉·k·d).
 * x n×d IN, w n IN, labels n IN, sums k×d OUT (zeroed here), weightInClusters k OUT (zeroed here).
 */
export function accumulateCenters(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  labels: Int32Array,
  sums: Float64Array,
  weightInClusters: Float64Array,
  blockRows: number = n,
): void {
  sums.fill(0);
  weightInClusters.fill(0);
  const k = weightInClusters.length;
  const one = blockRows >= n;
  const ps = one ? sums : new Float64Array(k * d);
  const pw = one ? weightInClusters : new Float64Array(k);
  for (let b0 = 0; b0 < n; b0 += blockRows) {
    const b1 = Math.min(n, b0 + blockRows);
    if (!one) {
      ps.fill(0);
      pw.fill(0);
    }
    for (let i = b0; i < b1; i++) {
      const c = labels[i];
      const wi = w[i];
      pw[c] += wi;
      const ci = c * d;
      const xi = i * d;
      for (let j = 0; j < d; j++) ps[ci + j] += wi * x[xi + j];
    }
    if (one) continue;
    for (let t = 0; t < k * d; t++) sums[t] += ps[t];
    for (let c = 0; c < k; c++) weightInClusters[c] += pw[c];
  }
}

/**
 * scikit-learn's empty-cluster relocation: each cluster with zero weight takes the point farthest from its own
 * centre (distances `minSq` to the assigned old centre), which is removed from its old cluster's sums.
 * x IN, w IN, labels IN, minSq IN, sums INOUT, weightInClusters INOUT.
 * @returns the number of clusters relocated
 */
export function relocateEmptyClusters(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  labels: Int32Array,
  minSq: Float64Array,
  k: number,
  sums: Float64Array,
  weightInClusters: Float64Array,
): number {
  let nEmpty = 0;
  for (let c = 0; c < k; c++) if (weightInClusters[c] === 0) nEmpty++;
  if (nEmpty === 0) return 0;
  // The nEmpty farthest points, farthest first, ties to the lowest index (a partial selection, O(n·nEmpty)).
  const far = new Int32Array(nEmpty).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = minSq[i];
    let pos = nEmpty;
    while (pos > 0 && (far[pos - 1] === -1 || minSq[far[pos - 1]] < v)) pos--;
    if (pos < nEmpty) {
      for (let t = nEmpty - 1; t > pos; t--) far[t] = far[t - 1];
      far[pos] = i;
    }
  }
  let e = 0;
  for (let c = 0; c < k; c++) {
    if (weightInClusters[c] !== 0) continue;
    const p = far[e++];
    if (p < 0) break;
    const wp = w[p];
    const old = labels[p];
    const po = p * d;
    for (let j = 0; j < d; j++) {
      sums[old * d + j] -= x[po + j] * wp;
      sums[c * d + j] = x[po + j] * wp;
    }
    weightInClusters[c] = wp;
    weightInClusters[old] -= wp;
  }
  return nEmpty;
}

/**
 * Divides sums by the cluster weights in place (clusters of zero weight keep `fallback`'s centre).
 * sums k×d INOUT → centres; fallback k×d IN.
 */
export function averageCenters(
  sums: Float64Array,
  weightInClusters: Float64Array,
  k: number,
  d: number,
  fallback: Float64Array,
): void {
  for (let c = 0; c < k; c++) {
    const wc = weightInClusters[c];
    const o = c * d;
    if (wc > 0) {
      const inv = 1 / wc;
      for (let j = 0; j < d; j++) sums[o + j] *= inv;
    } else {
      for (let j = 0; j < d; j++) sums[o + j] = fallback[o + j];
    }
  }
}

/**
 * Per-centre shift ‖newᵢ − oldᵢ‖ (Euclidean). oldC, newC k×d IN; shift k OUT.
 * @returns Σ shift², the quantity scikit-learn compares with the tolerance
 */
export function centerShift(oldC: Float64Array, newC: Float64Array, k: number, d: number, shift: Float64Array): number {
  let tot = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    const o = c * d;
    for (let j = 0; j < d; j++) {
      const t = newC[o + j] - oldC[o + j];
      s += t * t;
    }
    shift[c] = Math.sqrt(s);
    tot += s;
  }
  return tot;
}

/** Weighted inertia Σᵢ wᵢ‖xᵢ − c_{labelᵢ}‖² for given labels. */
export function inertiaOf(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array | null,
  centers: Float64Array,
  labels: Int32Array,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    let sq = 0;
    const xi = i * d;
    const ci = c * d;
    for (let j = 0; j < d; j++) {
      const t = x[xi + j] - centers[ci + j];
      sq += t * t;
    }
    s += w === null ? sq : w[i] * sq;
  }
  return s;
}

/** Number of distinct labels in 0..k−1. */
export function countDistinct(labels: Int32Array, k: number): number {
  const seen = new Uint8Array(k);
  let m = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (seen[l] === 0) {
      seen[l] = 1;
      m++;
    }
  }
  return m;
}

/** Result of a single k-means run from one initialisation (centred coordinates). */
export interface KMeansRun {
  labels: Int32Array;
  centers: Float64Array;
  inertia: number;
  nIter: number;
  converged: boolean;
  /** The path the passes took (`describeBackend` in src/engine/plan.ts: 'js', 'wasm', 'wasm+pool(2)', …). */
  backend: string;
}

/** Signature shared by the Lloyd, Elkan and Hamerly drivers. centersInit k×d IN (not modified). */
export type KMeansDriver = (
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  centersInit: Float64Array,
  k: number,
  maxIter: number,
  tol: number,
  onIteration?: (iterations: number) => void,
) => KMeansRun;

/** Compares two Int32Arrays element-wise. */
export function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
