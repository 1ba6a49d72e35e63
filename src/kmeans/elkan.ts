/**
 * Elkan's k-means (2003): Lloyd's iterations accelerated with the triangle inequality — one upper bound per point
 * and one lower bound per point and centre, plus the centre–centre distances. Same labels, centres and nIter as
 * Lloyd (up to exact distance ties); O(n·k) memory for the bounds.
 * @module
 */
import { useWasm } from '../kernels/backend.js';
import { type BoundsWasm, boundsWorkspace } from '../kernels/kmeansWasm.js';
import { type ParallelBoundsSession, parallelProvider } from '../kernels/parallel.js';
import {
  accumulateCenters,
  assignLabels,
  averageCenters,
  centerShift,
  inertiaOf,
  type KMeansRun,
  relocateEmptyClusters,
  sameLabels,
} from './common.js';

/**
 * Bounds prune only with a relative margin: an exact distance tie (common on integer data) and the rounding of
 * the bound updates are then resolved by an exact recomputation, where the lowest index wins as in Lloyd.
 */
const SLACK = 1 + 1e-10;

/** Squared distance between row i of x and row c of centers (same summation order as Lloyd's kernel). */
function sqDistRow(x: Float64Array, i: number, centers: Float64Array, c: number, d: number): number {
  const xi = i * d;
  const ci = c * d;
  let sq = 0;
  for (let j = 0; j < d; j++) {
    const t = x[xi + j] - centers[ci + j];
    sq += t * t;
  }
  return sq;
}

function dist(x: Float64Array, i: number, centers: Float64Array, c: number, d: number): number {
  return Math.sqrt(sqDistRow(x, i, centers, c, d));
}

/**
 * Elkan driver, same contract as {@link runLloyd}. Runs on the WebAssembly SIMD kernels when the backend allows it
 * ({@link runBoundsWasm}: results bit-identical to this TypeScript loop, which stays the reference and the fallback).
 */
export function runElkan(
  x: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  centersInit: Float64Array,
  k: number,
  maxIter: number,
  tol: number,
): KMeansRun {
  if (useWasm(n * k * d)) {
    const ws = boundsWorkspace('elkan', x, n, d, k, w);
    if (ws !== null) return runBoundsWasm(ws, x, w, centersInit, maxIter, tol, SLACK);
  }
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const labelsOld = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n * k);
  const minSq = new Float64Array(n);
  const weightInClusters = new Float64Array(k);
  const shift = new Float64Array(k);
  const cc = new Float64Array(k * k); // half centre–centre distances
  const s = new Float64Array(k);
  // Initial exact assignment.
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bd = Number.POSITIVE_INFINITY;
    const li = i * k;
    for (let c = 0; c < k; c++) {
      // Decide on squared distances, as Lloyd does (two squares 1 ulp apart can share a square root).
      const dc2 = sqDistRow(x, i, centers, c, d);
      lower[li + c] = Math.sqrt(dc2);
      if (dc2 < bd) {
        bd = dc2;
        best = c;
      }
    }
    labels[i] = best;
    upper[i] = Math.sqrt(bd);
  }
  let strict = false;
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    if (it > 0) {
      for (let c = 0; c < k; c++) {
        let m = Number.POSITIVE_INFINITY;
        for (let c2 = 0; c2 < k; c2++) {
          if (c2 === c) continue;
          const h = 0.5 * dist(centers, c, centers, c2, d);
          cc[c * k + c2] = h;
          if (h < m) m = h;
        }
        s[c] = m;
      }
      for (let i = 0; i < n; i++) {
        let a = labels[i];
        let u = upper[i];
        if (u * SLACK < s[a]) continue;
        let tight = false;
        let u2 = 0;
        const li = i * k;
        for (let c = 0; c < k; c++) {
          if (c === a || u * SLACK < lower[li + c] || u * SLACK < cc[a * k + c]) continue;
          if (!tight) {
            u2 = sqDistRow(x, i, centers, a, d);
            u = Math.sqrt(u2);
            lower[li + a] = u;
            tight = true;
            if (u * SLACK < lower[li + c] || u * SLACK < cc[a * k + c]) continue;
          }
          const dc2 = sqDistRow(x, i, centers, c, d);
          const dc = Math.sqrt(dc2);
          lower[li + c] = dc;
          if (dc2 < u2 || (dc2 === u2 && c < a)) {
            a = c;
            u = dc;
            u2 = dc2;
          }
        }
        labels[i] = a;
        upper[i] = u;
      }
    }
    accumulateCenters(x, n, d, w, labels, centersNew, weightInClusters);
    let empty = false;
    for (let c = 0; c < k; c++) if (weightInClusters[c] === 0) empty = true;
    if (empty) {
      for (let i = 0; i < n; i++) {
        minSq[i] = sqDistRow(x, i, centers, labels[i], d);
      }
      relocateEmptyClusters(x, n, d, w, labels, minSq, k, centersNew, weightInClusters);
    }
    averageCenters(centersNew, weightInClusters, k, d, centers);
    const shiftTot = centerShift(centers, centersNew, k, d, shift);
    const t = centers;
    centers = centersNew;
    centersNew = t;
    if (sameLabels(labels, labelsOld)) {
      strict = true;
      converged = true;
      break;
    }
    if (shiftTot <= tol) {
      converged = true;
      break;
    }
    labelsOld.set(labels);
    for (let i = 0; i < n; i++) {
      const li = i * k;
      for (let c = 0; c < k; c++) {
        const v = lower[li + c] - shift[c];
        lower[li + c] = v > 0 ? v : 0;
      }
      upper[i] += shift[labels[i]];
    }
  }
  const nIter = Math.min(it + 1, maxIter);
  if (!strict) assignLabels(x, n, d, centers, k, null, labels, minSq);
  return { labels, centers, inertia: inertiaOf(x, n, d, w, centers, labels), nIter, converged };
}

/**
 * {@link runElkan} / {@link runHamerly} on the WebAssembly SIMD kernels (data and bounds in wasm memory for the whole
 * fit): the reference's loop, step for step — every distance, bound, label, sum, centre, nIter and the inertia are
 * bit-identical to the TypeScript path. `slack` is the driver's pruning margin. Above the pool's threshold rows
 * [n/2, n) and their bounds live on a helper thread (src/kernels/parallel.ts), which runs the same kernels on them;
 * the sums are accumulated here in row order, so the result does not depend on the number of threads.
 */
export function runBoundsWasm(
  ws: BoundsWasm,
  x: Float64Array,
  w: Float64Array,
  centersInit: Float64Array,
  maxIter: number,
  tol: number,
  slack: number,
): KMeansRun {
  const { n, d, k } = ws;
  const h = n >> 1;
  const session = parallelProvider(n * (d + k) * 4)?.beginBounds?.(ws.kind, x, n, d, k, h, slack) ?? null;
  try {
    return boundsLoop(ws, x, w, centersInit, maxIter, tol, slack, session, h);
  } finally {
    session?.end();
  }
}

function boundsLoop(
  ws: BoundsWasm,
  x: Float64Array,
  w: Float64Array,
  centersInit: Float64Array,
  maxIter: number,
  tol: number,
  slack: number,
  helper: ParallelBoundsSession | null,
  h: number,
): KMeansRun {
  const { n, d, k, labels, minSq, sums, weightInClusters, shift, dirty } = ws;
  let session = helper;
  const wic = new Float64Array(k);
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * d);
  ws.setCenters(centers);
  // Takes the helper's labels of rows [h, n); on a failure does those rows here from scratch (their exact labels,
  // which the bound test would also have found). Returns how many changed.
  const merge = (other: Int32Array | null): number => {
    let changed = 0;
    if (other === null) {
      session = null;
      const old = labels.slice(h, n);
      ws.init(h, n);
      for (let i = h; i < n; i++) {
        if (labels[i] !== old[i - h]) {
          dirty[old[i - h]] = 1;
          dirty[labels[i]] = 1;
          changed++;
        }
      }
      return changed;
    }
    for (let i = h; i < n; i++) {
      const l = other[i - h];
      const o = labels[i];
      if (o !== l) {
        labels[i] = l;
        dirty[o] = 1;
        dirty[l] = 1;
        changed++;
      }
    }
    return changed;
  };
  if (session === null) ws.init();
  else {
    session.init(centers);
    ws.init(0, h);
    merge(session.wait());
  }
  let strict = false;
  let converged = false;
  let it = 0;
  // Whether the next pass re-accumulates every cluster's sums (fused into it) rather than only those whose rows
  // changed (after it): both give the same bits; the first is cheaper while most clusters change.
  let full = true;
  for (; it < maxIter; it++) {
    // The last iteration's bound update, this one's bound test (after the first) and the sums. Labels changed: all
    // of them at the first iteration (the reference compares with −1s).
    const later = it > 0;
    let stepped: number;
    if (session === null) stepped = ws.iterate(later, later, slack, n, full);
    else {
      if (later) session.start(centers, shift, true, true);
      stepped = ws.iterate(later, later, slack, h, full);
      if (later) stepped += merge(session.wait());
      if (full) ws.accumulate(h, n);
    }
    if (!full) ws.accumulateDirty();
    let nDirty = 0;
    for (let c = 0; c < k; c++) nDirty += dirty[c];
    full = !later || 2 * nDirty > k;
    const changed = later ? stepped : n;
    // The sums stay as accumulated (the next pass may keep some); the relocation works on copies.
    centersNew.set(sums);
    wic.set(weightInClusters);
    let empty = false;
    for (let c = 0; c < k; c++) if (wic[c] === 0) empty = true;
    if (empty) {
      ws.labelSq();
      relocateEmptyClusters(x, n, d, w, labels, minSq, k, centersNew, wic);
    }
    averageCenters(centersNew, wic, k, d, centers);
    const shiftTot = centerShift(centers, centersNew, k, d, shift);
    const t = centers;
    centers = centersNew;
    centersNew = t;
    ws.setCenters(centers);
    if (changed === 0) {
      strict = true;
      converged = true;
      break;
    }
    if (shiftTot <= tol) {
      converged = true;
      break;
    }
  }
  const nIter = Math.min(it + 1, maxIter);
  if (!strict) ws.assignAll();
  return { labels: labels.slice(), centers, inertia: ws.inertia(), nIter, converged };
}
