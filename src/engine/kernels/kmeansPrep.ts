/**
 * The data preparation of a k-means fit: the value check, the column means μ, the centred rows x − μ and the mean
 * column variance of the centred rows (the tolerance's scale), in one place for the WebAssembly SIMD passes
 * (src/wasm/kmeans.ts `fitPrep*`, over the rows copied into the workspace that the fit reserved) and their
 * TypeScript reference.
 * @module
 */
import { checkSquaresWith, toMatrixCheckedMeans } from '../../core/magnitude.js';
import type { Matrix } from '../../core/matrix.js';
import { centerRows, meanColumnVariance } from '../../core/stats.js';
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

/** The instance of the k-means module over each reserved memory (the memory is pooled: a fit after a fit reuses it). */
const instances = new WeakMap<WebAssembly.Memory, { mod: WebAssembly.Module; ex: KmeansExports }>();

/**
 * Fills x (n×d) with the centred rows m − μ, μ the column means of m, after checking that every value is finite and
 * |mᵢⱼ| ≤ √(MAX_VALUE / 4nd) (the errors of toMatrix / checkSquaredMagnitude, naming the cell); returns μ and, when
 * `wantVariance`, the mean column variance (1/d) Σⱼ (1/n) Σᵢ (xᵢⱼ − x̄ⱼ)² of the centred rows (x̄ their column
 * means). Bit-identical to `columnMeans`, x − μ and `meanColumnVariance` (src/core/stats.ts) run in turn: every
 * column sum runs over the rows in order.
 *
 * @remarks When x is an array from `reserveKMeansData`, m's rows are copied into it and the passes run there in
 * WebAssembly SIMD (columns across the lanes, src/wasm/kmeans.ts `fitPrep*`): one copy and three passes, the
 * centring in place and writing the rows' norms for the workspace (which then skips its own pass); otherwise the
 * TypeScript passes (`toMatrixCheckedMeans`, `centerRows`, `meanColumnVariance`). O(n·d).
 * @param m - the rows n×d (not changed; its shape already checked, e.g. `toMatrix(X, name, { allowNonFinite: true })`)
 * @param name - the data's name in the errors ("X")
 * @param what - what the estimator computes, for the overflow error (see `checkSquaredMagnitude`)
 * @param x - the n×d destination (may be a reserved wasm view)
 * @param wantVariance - whether to compute the mean column variance (the tolerance needs it when tol > 0)
 * @throws {@link ValidationError} / {@link NumericalError} as toMatrix and checkSquaredMagnitude
 */
export function prepareKMeansData(
  m: Matrix,
  name: string,
  what: string,
  x: Float64Array,
  wantVariance: boolean,
): PreparedKMeansData {
  const { rows: n, cols: d, data: src } = m;
  const r = reservedSpare(x);
  const mod = r === null ? null : kernelModule();
  if (r === null || mod === null) {
    const { mu } = toMatrixCheckedMeans(m, name, what);
    const sums = wantVariance ? new Float64Array(d) : null;
    centerRows(src, n, d, mu, x, sums);
    if (sums === null) return { mu, meanVariance: Number.NaN };
    for (let j = 0; j < d; j++) sums[j] /= n; // = columnMeans(x, n, d)
    return { mu, meanVariance: meanColumnVariance(x, n, d, sums) };
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
  checkSquaresWith(m, (limit) => ex.fitPrepScan(x.byteOffset, n, d, a, limit) === 1, name, what);
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
