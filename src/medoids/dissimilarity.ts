/**
 * A read-only view of n×n dissimilarities stored either as a square row-major matrix or as a condensed vector
 * (SciPy's `pdist` order), used by the k-medoids kernels without copying the caller's buffer.
 * @module
 */
import { condensedIndex, DEFAULT_MEMORY_BUDGET, METRICS, type Metric, metricDist } from '../core/distance.js';
import { ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { checkOneOf } from '../core/validate.js';
import { fillCdist } from '../engine/pairwise.js';
import { releasePooledMemory, takePooledMemory } from '../engine/wasmWorkspace.js';

/**
 * n×n dissimilarities: `square` is row-major n×n, `condensed` is n(n−1)/2 in `pdist` order, `data` computes each
 * value when read from the n×`cols` rows in `data` under `metric` (no matrix at all).
 */
export interface DissimilarityView {
  readonly n: number;
  readonly layout: 'square' | 'condensed' | 'data';
  readonly data: Float64Array;
  /** Columns of the rows (`data` layout). */
  readonly cols?: number;
  /** The metric (`data` layout). */
  readonly metric?: Metric;
}

/** A precomputed dissimilarity matrix: square (Matrix or number[][]) or condensed (a flat vector). */
export type PrecomputedDissimilarity = Matrix | ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/** d(i, j) from a view (0 on the diagonal of a condensed view). */
export function dissimAt(v: DissimilarityView, i: number, j: number): number {
  if (v.layout === 'square') return v.data[i * v.n + j];
  if (i === j) return 0;
  if (v.layout === 'data') return metricDist(v.data, i, v.data, j, v.cols as number, v.metric as Metric);
  return v.data[condensedIndex(v.n, i, j)];
}

/**
 * Row i of the dissimilarities: a subarray of a square view (no copy), or gathered into `buf` (length n, OUT)
 * from a condensed one (O(n)), or computed into `buf` from the rows (O(n·d)).
 */
export function dissimRow(v: DissimilarityView, i: number, buf: Float64Array): Float64Array {
  const n = v.n;
  const d = v.data;
  if (v.layout === 'square') return d.subarray(i * n, (i + 1) * n);
  if (v.layout === 'data') {
    const cols = v.cols as number;
    const metric = v.metric as Metric;
    for (let o = 0; o < n; o++) buf[o] = o === i ? 0 : metricDist(d, o, d, i, cols, metric);
    return buf;
  }
  // Column i of the upper triangle (rows r < i), then row i's own run (columns > i), contiguous.
  let t = i - 1;
  for (let r = 0; r < i; r++) {
    buf[r] = d[t];
    t += n - r - 2;
  }
  buf[i] = 0;
  const base = n * i - (i * (i + 1)) / 2 - i - 1;
  for (let c = i + 1; c < n; c++) buf[c] = d[base + c];
  return buf;
}

/**
 * Checks a precomputed dissimilarity matrix and wraps it in a view, without copying a `Matrix` or a
 * `Float64Array` (a `number[][]` or plain array is converted once).
 * @remarks O(n²) reads. A square matrix must be symmetric (to 1e-12 relative) with a zero diagonal; every value
 * must be finite and ≥ 0. A flat vector must have length n(n−1)/2 for an integer n ≥ 1.
 * @throws {@link ValidationError} naming the first offending cell
 */
export function toDissimilarityView(D: PrecomputedDissimilarity, name = 'X'): DissimilarityView {
  let view: DissimilarityView;
  if (isMatrix(D)) {
    if (D.rows !== D.cols) {
      throw new ValidationError(
        `${name} is ${D.rows}×${D.cols}; a precomputed dissimilarity matrix must be square (n×n) or a condensed vector of length n(n−1)/2.`,
        { param: name },
      );
    }
    view = { n: D.rows, layout: 'square', data: D.data };
  } else if (D instanceof Float64Array || (D.length > 0 && typeof (D as ArrayLike<unknown>)[0] === 'number')) {
    const len = D.length;
    const n = Math.round((1 + Math.sqrt(1 + 8 * len)) / 2);
    if ((n * (n - 1)) / 2 !== len) {
      throw new ValidationError(
        `${name} has ${len} values, which is not n(n−1)/2 for any n; pass a condensed vector (pdist order) or a square matrix.`,
        { param: name },
      );
    }
    view = { n, layout: 'condensed', data: D instanceof Float64Array ? D : Float64Array.from(D as ArrayLike<number>) };
  } else if (D.length === 0) {
    throw new ValidationError(`${name} is empty; pass a square dissimilarity matrix or a condensed vector.`, {
      param: name,
    });
  } else {
    const rows = D as ArrayLike<ArrayLike<number>>;
    const n = rows.length;
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r === null || r === undefined || r.length !== n) {
        throw new ValidationError(
          `${name} row ${i} has ${r?.length} values but there are ${n} rows; a precomputed dissimilarity matrix must be square (n×n).`,
          { param: name, row: i },
        );
      }
      for (let j = 0; j < n; j++) data[i * n + j] = r[j];
    }
    view = { n, layout: 'square', data };
  }
  checkDissimilarities(view, name);
  return view;
}

function checkDissimilarities(v: DissimilarityView, name: string): void {
  const { n, data } = v;
  const cell = (t: number) => (v.layout === 'square' ? `[${Math.floor(t / n)}][${t % n}]` : `[${t}]`);
  for (let t = 0; t < data.length; t++) {
    const x = data[t];
    if (!Number.isFinite(x) || x < 0) {
      throw new ValidationError(
        `${name}${cell(t)} is ${x}; dissimilarities must be finite and >= 0 (a similarity must be turned into a distance first).`,
        { param: name },
      );
    }
  }
  if (v.layout === 'condensed') return;
  for (let i = 0; i < n; i++) {
    if (data[i * n + i] !== 0) {
      throw new ValidationError(
        `${name}[${i}][${i}] is ${data[i * n + i]}; the diagonal of a dissimilarity matrix must be 0.`,
        { param: name, row: i, col: i },
      );
    }
    for (let j = i + 1; j < n; j++) {
      const a = data[i * n + j];
      const b = data[j * n + i];
      if (Math.abs(a - b) > 1e-12 * Math.max(a, b)) {
        throw new ValidationError(
          `${name} is not symmetric: [${i}][${j}] = ${a} but [${j}][${i}] = ${b}; pass a symmetric matrix (e.g. (D + Dᵀ)/2).`,
          { param: name, row: i, col: j },
        );
      }
    }
  }
}

/** The pool purpose of the condensed matrix that {@link withDataDissimilarities} builds (one spare between fits). */
const DISSIM_POOL = 'kmedoids-dissimilarities';

/**
 * Most rows per `fillCdist` call of {@link dataDissimilarities}: few calls (each opens a wasm workspace and loads the
 * rows, ~2 ms at n = 5 000), a progress report after each; small inputs take n/8 rows a call so that the progress
 * bar still moves in eight steps.
 */
const DISSIM_BLOCK_ROWS = 1024;

/** Rows per `fillCdist` call of {@link dataDissimilarities} for n points. */
const dissimBlockRows = (n: number): number => Math.max(1, Math.min(DISSIM_BLOCK_ROWS, Math.ceil(n / 8)));

/**
 * Doubles {@link dataDissimilarities} writes for n points: the condensed n(n−1)/2 plus the slack that the last
 * block's rectangle overhangs, B(B+1)/2 for B rows a block.
 */
export function dissimilarityScratchLength(n: number): number {
  const B = dissimBlockRows(n);
  return (n * (n - 1)) / 2 + (B * (B + 1)) / 2;
}

/**
 * The dissimilarities of the rows of x under a metric, for the k-medoids kernels: the condensed vector (n(n−1)/2
 * doubles, `pdist` order) when a square matrix's n²·8 bytes fit in `memoryBudget`, else a `data` view that computes
 * each value when read (no matrix; O(d) per value). Both give bit-identical values: entry (i, j), i < j, is
 * d(xᵢ, xⱼ) by the registry's kernel. The rows are built a block of B rows at a time as cdist(X[i₀:i₁], X[i₀:])
 * (`fillCdist`: the WebAssembly SIMD rows for the metrics that have one, the registry kernel otherwise), written
 * straight into the vector at row i₀'s entry and compacted in place to the entries j > i (each row's run moves
 * left, never over a run still to be read); the last block's rectangle overhangs the vector by B(B+1)/2 doubles.
 * `out` (at least {@link dissimilarityScratchLength}(n) doubles) holds it when given, else a new array does.
 * x n×d IN. O(n²·d / 2 + B·n·d) time, `onRows` after each block.
 */
export function dataDissimilarities(
  x: Matrix,
  metric: Metric,
  memoryBudget = DEFAULT_MEMORY_BUDGET,
  onRows?: (rows: number, n: number) => void,
  out?: Float64Array,
): DissimilarityView {
  checkOneOf(metric, METRICS, 'metric');
  const n = x.rows;
  const d = x.cols;
  if (n * n * 8 > memoryBudget) return { n, layout: 'data', data: x.data, cols: d, metric };
  const buf = out ?? new Float64Array(dissimilarityScratchLength(n));
  const block = dissimBlockRows(n);
  for (let i0 = 0; i0 < n; i0 += block) {
    const i1 = Math.min(n, i0 + block);
    const nb = n - i0;
    const start = (i0 * (2 * n - 1 - i0)) / 2;
    const rect = buf.subarray(start, start + (i1 - i0) * nb);
    fillCdist(x.data.subarray(i0 * d, i1 * d), i1 - i0, x.data.subarray(i0 * d), nb, d, metric, rect);
    // Row i = i0 + r keeps its entries j > i: rect[r·nb + r + 1 …], to the condensed start of row i.
    let dst = start;
    for (let r = 0; r < i1 - i0; r++) {
      const src = start + r * nb + r + 1;
      const cnt = n - i0 - r - 1;
      if (dst !== src) buf.copyWithin(dst, src, src + cnt);
      dst += cnt;
    }
    onRows?.(i1, n);
  }
  return { n, layout: 'condensed', data: buf.subarray(0, (n * (n - 1)) / 2) };
}

/**
 * Runs `use` on {@link dataDissimilarities}' view, the condensed vector held in a pooled WebAssembly memory: the
 * spare one a previous fit gave back (reused, grown when short: no new n²/2 buffer per fit, so repeated fits do
 * not pile up matrices that the garbage collector has yet to free), returned to the pool when `use` ends or
 * throws. `releaseWasmMemory()` drops the spare. Falls back to a plain array when the memory cannot be had.
 * `use` must keep no reference to the view's data. O(n²·d) time, n(n−1)/2 doubles.
 */
export function withDataDissimilarities<T>(
  x: Matrix,
  metric: Metric,
  memoryBudget: number,
  onRows: ((rows: number, n: number) => void) | undefined,
  use: (view: DissimilarityView) => T,
): T {
  const n = x.rows;
  const len = dissimilarityScratchLength(n);
  const memory = n * n * 8 > memoryBudget ? null : takePooledMemory(DISSIM_POOL, len * 8);
  try {
    const out = memory === null ? undefined : new Float64Array(memory.buffer, 0, len);
    return use(dataDissimilarities(x, metric, memoryBudget, onRows, out));
  } finally {
    if (memory !== null) releasePooledMemory(DISSIM_POOL, memory);
  }
}

/**
 * Rows of a view read in index order (the candidate scans of BUILD, SWAP and FasterPAM): a square view's rows in
 * place; a condensed view's rows gathered {@link DISSIM_ROW_BLOCK} at a time, so that the strided half of each row
 * (column i of the upper triangle) is read as one short contiguous run per earlier row for the whole block rather
 * than one cache line per value per row; a `data` view's rows computed one at a time. The values are copies, bit
 * for bit. A returned row is valid until the next call.
 */
export class DissimilarityRows {
  private readonly v: DissimilarityView;
  private readonly blk: Float64Array;
  private readonly rowViews: Float64Array[];
  /** First row of the gathered block (−1: none). */
  private b0 = -1;

  constructor(v: DissimilarityView) {
    this.v = v;
    const rows = v.layout === 'condensed' ? Math.min(DISSIM_ROW_BLOCK, v.n) : v.layout === 'data' ? 1 : 0;
    this.blk = new Float64Array(rows * v.n);
    this.rowViews = Array.from({ length: rows }, (_, b) => this.blk.subarray(b * v.n, (b + 1) * v.n));
  }

  /** Row i (length n). O(n) amortized for a condensed view (O(B·n) per block of B rows), O(n·d) for `data`. */
  row(i: number): Float64Array {
    const v = this.v;
    if (v.layout === 'square') return v.data.subarray(i * v.n, (i + 1) * v.n);
    if (v.layout === 'data') return dissimRow(v, i, this.rowViews[0]);
    if (this.b0 < 0 || i < this.b0 || i >= this.b0 + this.rowViews.length) {
      this.b0 = i - (i % DISSIM_ROW_BLOCK);
      gatherCondensedRows(v.data, v.n, this.b0, Math.min(v.n, this.b0 + DISSIM_ROW_BLOCK), this.blk);
    }
    return this.rowViews[i - this.b0];
  }
}

/** Rows gathered at once from a condensed view by {@link DissimilarityRows} (16 doubles: two cache lines a run). */
const DISSIM_ROW_BLOCK = 4;

/**
 * Rows i0 … i1 − 1 of the condensed vector d of n points into blk ((i1 − i0)×n, OUT): for each earlier row r < i0
 * the run d(r, i0 … i1 − 1), contiguous in `pdist` order, goes down the block's column r; within the block each
 * (r, i) from row r's run; the diagonal 0; after it row i's own contiguous run. O((i1 − i0)·n).
 */
function gatherCondensedRows(d: Float64Array, n: number, i0: number, i1: number, blk: Float64Array): void {
  const B = i1 - i0;
  // t: the index of (r, i0) in pdist order, n·r − r(r+1)/2 + i0 − r − 1; the next row's starts n − r − 2 later.
  let t = i0 - 1;
  if (B === 4) {
    const n2 = 2 * n;
    const n3 = 3 * n;
    for (let r = 0; r < i0; r++) {
      blk[r] = d[t];
      blk[n + r] = d[t + 1];
      blk[n2 + r] = d[t + 2];
      blk[n3 + r] = d[t + 3];
      t += n - r - 2;
    }
  } else {
    for (let r = 0; r < i0; r++) {
      for (let b = 0; b < B; b++) blk[b * n + r] = d[t + b];
      t += n - r - 2;
    }
  }
  for (let b = 0; b < B; b++) {
    const i = i0 + b;
    const o = b * n;
    for (let r = i0; r < i; r++) blk[o + r] = d[n * r - (r * (r + 1)) / 2 + i - r - 1];
    blk[o + i] = 0;
    const base = n * i - (i * (i + 1)) / 2 - i - 1;
    blk.set(d.subarray(base + i + 1, base + n), o + i + 1);
  }
}

/** The largest dissimilarity of a view (R's `s`). O(n²) reads (O(n²·d) for a `data` view). */
export function maxDissimilarity(v: DissimilarityView): number {
  let s = 0;
  if (v.layout === 'data') {
    for (let i = 0; i < v.n - 1; i++) {
      for (let j = i + 1; j < v.n; j++) {
        const x = dissimAt(v, i, j);
        if (s < x) s = x;
      }
    }
    return s;
  }
  const d = v.data;
  for (let t = 0; t < d.length; t++) if (s < d[t]) s = d[t];
  return s;
}
