/**
 * The data preparation of a k-means fit: the value check, the column means μ, the centred rows x − μ and the mean
 * column variance of the centred rows (the tolerance's scale), in one place for the WebAssembly SIMD passes
 * (src/wasm/kmeans.ts `fitPrep*`, over the rows copied into the workspace that the fit reserved) and their
 * TypeScript reference.
 * @module
 */
import { meanColumnVariance } from '../../core/stats.js';
import { openWasmWorkspace } from '../wasmWorkspace.js';
import { kernelModule } from './backend.js';
import { markNormsReady, reservedSpare } from './kmeansWasm.js';
import type { KmeansExports } from './wasm/kmeans.generated.js';

/** What {@link prepareKMeansData} gives besides the centred rows. */
export interface PreparedKMeansData {
  /** The column means μⱼ = (Σᵢ xᵢⱼ) / n, each sum in row order. */
  readonly mu: Float64Array;
  /** The mean column variance of the centred rows (NaN when not asked for). */
  readonly meanVariance: number;
}

/**
 * dst = src − μ row by row (src, dst n×d; μ d). A function of its own: V8 optimises it apart from its callers.
 * O(n·d).
 */
export function centerRows(src: Float64Array, n: number, d: number, mu: Float64Array, dst: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) dst[o + j] = src[o + j] - mu[j];
  }
}

/**
 * Column sums of x (n×d) and the value check in one pass: sums[j] = Σᵢ xᵢⱼ (i in order from 0, as `columnMeans`);
 * true when every |xᵢⱼ| ≤ limit (NaN and ±∞ fail). The TypeScript reference of the wasm `fitPrepScan`. O(n·d).
 */
export function scanColumns(x: Float64Array, n: number, d: number, limit: number, sums: Float64Array): boolean {
  sums.fill(0);
  let ok = true;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = x[o + j];
      if (!(Math.abs(v) <= limit)) ok = false;
      sums[j] += v;
    }
  }
  return ok;
}

/** The instance of the k-means module over each reserved memory (the memory is pooled: a fit after a fit reuses it). */
const instances = new WeakMap<WebAssembly.Memory, { mod: WebAssembly.Module; ex: KmeansExports }>();

/**
 * Fills x (n×d) with the centred rows src − μ, μ the column means of src, after checking that every |srcᵢⱼ| ≤
 * limit; returns μ and, when `wantVariance`, the mean column variance (1/d) Σⱼ (1/n) Σᵢ (xᵢⱼ − x̄ⱼ)² of the centred
 * rows (x̄ their column means) — or null, x then partly written, when some value fails the check (NaN, ±∞ or beyond
 * limit: the caller names it). Bit-identical to `columnMeans`, `centerRows` and `meanColumnVariance` (src/core/stats.ts)
 * run in turn: every column sum runs over the rows in order.
 *
 * @remarks When x is an array from `reserveKMeansData`, the rows are copied into it and the passes run there in
 * WebAssembly SIMD (columns across the lanes, src/wasm/kmeans.ts `fitPrep*`): one copy and three passes, the
 * centring in place; otherwise the TypeScript passes (the check fused with the column sums). O(n·d).
 * @param src - the rows n×d (not changed)
 * @param x - the n×d destination (may be a reserved wasm view)
 * @param limit - the largest |value| allowed (√(MAX_VALUE / 4nd) for k-means' inertia)
 * @param wantVariance - whether to compute the mean column variance (the tolerance needs it when tol > 0)
 */
export function prepareKMeansData(
  src: Float64Array,
  n: number,
  d: number,
  x: Float64Array,
  limit: number,
  wantVariance: boolean,
): PreparedKMeansData | null {
  const r = reservedSpare(x);
  const mod = r === null ? null : kernelModule();
  if (r === null || mod === null) {
    const mu = new Float64Array(d);
    if (!scanColumns(src, n, d, limit, mu)) return null;
    for (let j = 0; j < d; j++) mu[j] /= n;
    centerRows(src, n, d, mu, x);
    return { mu, meanVariance: wantVariance ? meanColumnVariance(x, n, d) : Number.NaN };
  }
  let inst = instances.get(r.memory);
  if (inst === undefined || inst.mod !== mod) {
    const ws = openWasmWorkspace<KmeansExports>(mod, r.memory.buffer.byteLength, { memory: r.memory });
    if (ws === null) throw new Error('internal: the k-means module could not be instantiated over its own memory.');
    inst = { mod, ex: ws.exports };
    instances.set(r.memory, inst);
  }
  const ex = inst.ex;
  const [a, b] = r.spare;
  x.set(src);
  if (ex.fitPrepScan(x.byteOffset, n, d, a, limit) !== 1) return null;
  const buf = r.memory.buffer;
  const mu = new Float64Array(buf, a, d);
  for (let j = 0; j < d; j++) mu[j] /= n;
  const muOut = mu.slice();
  markNormsReady(x, ex.fitPrepCenter(x.byteOffset, n, d, a, b, r.xn));
  if (!wantVariance) return { mu: muOut, meanVariance: Number.NaN };
  // meanColumnVariance's steps: the centred rows' column means x̄ⱼ, then vⱼ = Σᵢ (xᵢⱼ − x̄ⱼ)² / n, then Σⱼ vⱼ / d
  const mean2 = new Float64Array(buf, b, d);
  for (let j = 0; j < d; j++) mean2[j] /= n;
  ex.fitPrepDeviations(x.byteOffset, n, d, b, a);
  const dev = new Float64Array(buf, a, d);
  let s = 0;
  for (let j = 0; j < d; j++) s += dev[j] / n;
  return { mu: muOut, meanVariance: s / d };
}
