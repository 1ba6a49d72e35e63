// AssemblyScript (compiled by scripts/build-wasm.mjs into src/engine/kernels/wasm/pdist.generated.ts; not part of the
// TypeScript build). The rows of pdist and cdist (src/engine/pairwise.ts) in WebAssembly SIMD (128-bit, f64x2): for a
// row a, the distances to a run of columns j of a column-major matrix bt, written contiguously (a condensed row, or
// a row of the na×nb matrix). All pointers are byte offsets into the imported memory; the caller lays the buffers out.
//
// Exactness contract (tested in test/engine/pairwise.test.ts): every value is bit-identical to the registry's
// TypeScript kernel (src/core/metricKernels.ts) for the same pair, because SIMD runs across PAIRS, never across
// features — the two lanes of a vector hold two different j, and each lane sums over the feature index k in order
// with the reference's IEEE operations (a − b, t·t, |t|, s + ·, max, a·b, t·t / V); sqrt, div, abs and the
// pseudo-min/max are correctly rounded / exact lane-wise. Cosine keeps the registry's formula 1 − a·b / √(‖a‖²‖b‖²)
// (clamped below at 0) with ‖·‖² summed in k order once per row (the same sums the kernel forms per pair);
// correlation is cosine on rows centred on their own means (mean = Σₖ aₖ / d, then aₖ − mean, as the kernel).
//
// Layout: bt is d×np column-major (column j's k-th value at bt + (k·np + j)·8), zero-padded, np ≥ nb + 8 (so that
// the last 8-pair step of a run may read past its last column); each run writes exactly its values.

/** First free byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

const SQEUCLIDEAN = 0;
const EUCLIDEAN = 1;
const CITYBLOCK = 2;
const CHEBYSHEV = 3;
const COSINE = 4;
const SEUCLIDEAN = 5;

/**
 * bt (d×np column-major, zero padding in columns [n, np)) = transpose of x (n×d, row-major). x IN, bt OUT.
 */
export function transposePadded(x: usize, n: i32, d: i32, np: i32, bt: usize): void {
  for (let k = 0; k < d; k++) {
    const c = bt + ((<usize>k * np) << 3);
    for (let i = 0; i < n; i++) store<f64>(c + (<usize>i << 3), load<f64>(x + ((<usize>i * d + k) << 3)));
    for (let i = n; i < np; i++) store<f64>(c + (<usize>i << 3), 0);
  }
}

/**
 * Centres each row of x (n×d, INOUT) on its own mean, as the registry's correlation kernel: m = (Σₖ xᵢₖ in k order)
 * / d, then xᵢₖ ← xᵢₖ − m.
 */
export function centerRows(x: usize, n: i32, d: i32): void {
  for (let i = 0; i < n; i++) {
    const r = x + ((<usize>i * d) << 3);
    let m: f64 = 0;
    for (let k = 0; k < d; k++) m += load<f64>(r + (<usize>k << 3));
    m /= <f64>d;
    for (let k = 0; k < d; k++) {
      const p = r + (<usize>k << 3);
      store<f64>(p, load<f64>(p) - m);
    }
  }
}

/** sq[i] = Σₖ xᵢₖ² in k order (x n×d row-major IN, sq n OUT); columns [n, np) of sq get 0. */
export function rowSqNorms(x: usize, n: i32, d: i32, np: i32, sq: usize): void {
  for (let i = 0; i < n; i++) {
    const r = x + ((<usize>i * d) << 3);
    let s: f64 = 0;
    for (let k = 0; k < d; k++) {
      const v = load<f64>(r + (<usize>k << 3));
      s += v * v;
    }
    store<f64>(sq + (<usize>i << 3), s);
  }
  for (let i = n; i < np; i++) store<f64>(sq + (<usize>i << 3), 0);
}

/**
 * One lane pair's accumulation step for feature k: s ⊕ f(a, b). c: splat(Vₖ) for seuclidean, else the sign mask
 * 0x7FF…F: |t| is t & mask, the very bits of f64x2.abs (which V8 compiles with a reload of its mask each time:
 * cityblock and chebyshev ran ~35 % slower with it).
 */
// @ts-ignore: decorator
@inline
function step(metric: i32, s: v128, a: v128, b: v128, c: v128): v128 {
  if (metric === CITYBLOCK) return f64x2.add(s, v128.and(f64x2.sub(a, b), c));
  if (metric === CHEBYSHEV) return f64x2.pmax(s, v128.and(f64x2.sub(a, b), c));
  if (metric === COSINE) return f64x2.add(s, f64x2.mul(a, b));
  const t = f64x2.sub(a, b);
  if (metric === SEUCLIDEAN) return f64x2.add(s, f64x2.div(f64x2.mul(t, t), c));
  return f64x2.add(s, f64x2.mul(t, t));
}

/** The final transform: √ (euclidean, seuclidean); cosine: r = 1 − s / √(na·nb), r < 0 → 0 (pmax(r, 0)). */
// @ts-ignore: decorator
@inline
function finish(metric: i32, s: v128, na: v128, nb: v128): v128 {
  if (metric === EUCLIDEAN || metric === SEUCLIDEAN) return f64x2.sqrt(s);
  if (metric === COSINE) {
    const r = f64x2.sub(f64x2.splat(1), f64x2.div(s, f64x2.sqrt(f64x2.mul(na, nb))));
    return f64x2.pmax(r, f64x2.splat(0));
  }
  return s;
}

/**
 * The 8 distances of one step (sums s0 … s3 of columns j … j + 7, na = splat(Σₖ aₖ²), nb → the columns' Σ b² for
 * cosine) finished and stored at o, all 8 when m ≥ 8, else the first m through `tail` (64 bytes of scratch).
 */
// @ts-ignore: decorator
@inline
function store8(metric: i32, s0: v128, s1: v128, s2: v128, s3: v128, na: v128, nb: usize, m: i32, o: usize, tail: usize): void {
  const zero = f64x2.splat(0);
  const dst = m < 8 ? tail : o;
  v128.store(dst, finish(metric, s0, na, metric === COSINE ? v128.load(nb) : zero));
  v128.store(dst, finish(metric, s1, na, metric === COSINE ? v128.load(nb, 16) : zero), 16);
  v128.store(dst, finish(metric, s2, na, metric === COSINE ? v128.load(nb, 32) : zero), 32);
  v128.store(dst, finish(metric, s3, na, metric === COSINE ? v128.load(nb, 48) : zero), 48);
  if (m < 8) for (let t = 0; t < m; t++) store<f64>(o + (<usize>t << 3), load<f64>(tail + (<usize>t << 3)));
}

/**
 * out[j − j0] = dist(a, column j of bt) for j in [j0, j1), 8 pairs per step (4 × f64x2); exactly j1 − j0 values
 * are written (a partial last step goes through `tail`, 64 bytes of scratch). a: the row, d values at a + 8k (IN); bt d×np (IN,
 * read up to column j1 + 6 < np); sqa = Σₖ aₖ² and sqb (np, IN) for cosine; V (d, IN) for seuclidean.
 */
// @ts-ignore: decorator
@inline
function rowT(
  metric: i32,
  a: usize,
  sqa: f64,
  bt: usize,
  np: i32,
  sqb: usize,
  V: usize,
  d: i32,
  j0: i32,
  j1: i32,
  out: usize,
  tail: usize,
): void {
  const zero = f64x2.splat(0);
  const na = f64x2.splat(sqa);
  const colBytes = <usize>np << 3;
  const absMask = i64x2.splat(0x7fffffffffffffff);
  let o = out;
  for (let j = j0; j < j1; j += 8) {
    let s0 = zero;
    let s1 = zero;
    let s2 = zero;
    let s3 = zero;
    let p = bt + (<usize>j << 3);
    for (let k = 0; k < d; k++) {
      const ak = v128.load64_splat(a + (<usize>k << 3));
      const ck = metric === SEUCLIDEAN ? v128.load64_splat(V + (<usize>k << 3)) : absMask;
      s0 = step(metric, s0, ak, v128.load(p), ck);
      s1 = step(metric, s1, ak, v128.load(p, 16), ck);
      s2 = step(metric, s2, ak, v128.load(p, 32), ck);
      s3 = step(metric, s3, ak, v128.load(p, 48), ck);
      p += colBytes;
    }
    store8(metric, s0, s1, s2, s3, na, sqb + (<usize>j << 3), j1 - j, o, tail);
    o += 64;
  }
}

// One function per metric (the metric branches resolved at compile time).
function rowSq(a: usize, sqa: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, out: usize, tail: usize): void {
  rowT(SQEUCLIDEAN, a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
}
function rowEuclidean(a: usize, sqa: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, out: usize, tail: usize): void {
  rowT(EUCLIDEAN, a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
}
function rowCityblock(a: usize, sqa: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, out: usize, tail: usize): void {
  rowT(CITYBLOCK, a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
}
function rowChebyshev(a: usize, sqa: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, out: usize, tail: usize): void {
  rowT(CHEBYSHEV, a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
}
function rowCosine(a: usize, sqa: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, out: usize, tail: usize): void {
  rowT(COSINE, a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
}
function rowSeuclidean(a: usize, sqa: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, out: usize, tail: usize): void {
  rowT(SEUCLIDEAN, a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
}

/** One row under `metric` (see {@link rowT}). */
// @ts-ignore: decorator
@inline
function row(
  metric: i32,
  a: usize,
  sqa: f64,
  bt: usize,
  np: i32,
  sqb: usize,
  V: usize,
  d: i32,
  j0: i32,
  j1: i32,
  out: usize,
  tail: usize,
): void {
  if (metric === SQEUCLIDEAN) rowSq(a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
  else if (metric === EUCLIDEAN) rowEuclidean(a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
  else if (metric === CITYBLOCK) rowCityblock(a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
  else if (metric === CHEBYSHEV) rowChebyshev(a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
  else if (metric === COSINE) rowCosine(a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
  else rowSeuclidean(a, sqa, bt, np, sqb, V, d, j0, j1, out, tail);
}

/**
 * Two rows at once: out0[j − j0] = dist(a0, column j) and out1[j − j0] = dist(a1, column j) for j in [j0, j1), 8
 * pairs per row per step, each column vector loaded once for both rows (8 accumulators; at d = 10, n = 5 000 the
 * cityblock, chebyshev and cosine kernels took 0.80, 0.89 and 0.91–0.96 of the time of {@link rowT} alone). Every
 * lane's arithmetic is {@link rowT}'s, so the values are the same bits.
 * Partial last steps go through `tail` (64 bytes), one row after the other.
 */
// @ts-ignore: decorator
@inline
function row2T(
  metric: i32,
  a0: usize,
  a1: usize,
  sqa0: f64,
  sqa1: f64,
  bt: usize,
  np: i32,
  sqb: usize,
  V: usize,
  d: i32,
  j0: i32,
  j1: i32,
  out0: usize,
  out1: usize,
  tail: usize,
): void {
  const zero = f64x2.splat(0);
  const na0 = f64x2.splat(sqa0);
  const na1 = f64x2.splat(sqa1);
  const colBytes = <usize>np << 3;
  const absMask = i64x2.splat(0x7fffffffffffffff);
  let o0 = out0;
  let o1 = out1;
  for (let j = j0; j < j1; j += 8) {
    let s0 = zero;
    let s1 = zero;
    let s2 = zero;
    let s3 = zero;
    let t0 = zero;
    let t1 = zero;
    let t2 = zero;
    let t3 = zero;
    let p = bt + (<usize>j << 3);
    for (let k = 0; k < d; k++) {
      const ak = v128.load64_splat(a0 + (<usize>k << 3));
      const bk = v128.load64_splat(a1 + (<usize>k << 3));
      const ck = metric === SEUCLIDEAN ? v128.load64_splat(V + (<usize>k << 3)) : absMask;
      const c0 = v128.load(p);
      const c1 = v128.load(p, 16);
      const c2 = v128.load(p, 32);
      const c3 = v128.load(p, 48);
      s0 = step(metric, s0, ak, c0, ck);
      t0 = step(metric, t0, bk, c0, ck);
      s1 = step(metric, s1, ak, c1, ck);
      t1 = step(metric, t1, bk, c1, ck);
      s2 = step(metric, s2, ak, c2, ck);
      t2 = step(metric, t2, bk, c2, ck);
      s3 = step(metric, s3, ak, c3, ck);
      t3 = step(metric, t3, bk, c3, ck);
      p += colBytes;
    }
    const nb = sqb + (<usize>j << 3);
    store8(metric, s0, s1, s2, s3, na0, nb, j1 - j, o0, tail);
    store8(metric, t0, t1, t2, t3, na1, nb, j1 - j, o1, tail);
    o0 += 64;
    o1 += 64;
  }
}

// One two-row function per metric that gains from it (the metric branches resolved at compile time): cityblock,
// chebyshev and cosine. Euclidean, sqeuclidean and seuclidean keep one row at a time: their two-row loop (a
// difference and a square per lane besides the sum) measured no faster at d = 10.
function row2Cityblock(a0: usize, a1: usize, s0: f64, s1: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, o0: usize, o1: usize, tail: usize): void {
  row2T(CITYBLOCK, a0, a1, s0, s1, bt, np, sqb, V, d, j0, j1, o0, o1, tail);
}
function row2Chebyshev(a0: usize, a1: usize, s0: f64, s1: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, o0: usize, o1: usize, tail: usize): void {
  row2T(CHEBYSHEV, a0, a1, s0, s1, bt, np, sqb, V, d, j0, j1, o0, o1, tail);
}
function row2Cosine(a0: usize, a1: usize, s0: f64, s1: f64, bt: usize, np: i32, sqb: usize, V: usize, d: i32, j0: i32, j1: i32, o0: usize, o1: usize, tail: usize): void {
  row2T(COSINE, a0, a1, s0, s1, bt, np, sqb, V, d, j0, j1, o0, o1, tail);
}

/** Two rows under `metric`, CITYBLOCK, CHEBYSHEV or COSINE (see {@link row2T}). */
// @ts-ignore: decorator
@inline
function row2(
  metric: i32,
  a0: usize,
  a1: usize,
  s0: f64,
  s1: f64,
  bt: usize,
  np: i32,
  sqb: usize,
  V: usize,
  d: i32,
  j0: i32,
  j1: i32,
  o0: usize,
  o1: usize,
  tail: usize,
): void {
  if (metric === CITYBLOCK) row2Cityblock(a0, a1, s0, s1, bt, np, sqb, V, d, j0, j1, o0, o1, tail);
  else if (metric === CHEBYSHEV) row2Chebyshev(a0, a1, s0, s1, bt, np, sqb, V, d, j0, j1, o0, o1, tail);
  else row2Cosine(a0, a1, s0, s1, bt, np, sqb, V, d, j0, j1, o0, o1, tail);
}

/** Bytes of bt per column tile: the rows of a block sweep a tile of columns while it stays in L1/L2. */
const TILE_BYTES = 65536;

/** Columns per tile for d features: a multiple of 8, at least 8. */
// @ts-ignore: decorator
@inline
function tileCols(d: i32): i32 {
  const w = (TILE_BYTES / (d << 3)) & ~7;
  return w < 8 ? 8 : w;
}

/**
 * Condensed pdist rows i0, i0+1, … of the n×d rows x (row-major IN; xt its d×np transpose from
 * {@link transposePadded}, IN), as many whole rows as fit in `cap` doubles from `out` (at least one; the caller
 * gives cap ≥ n − 1): row i's n − 1 − i values (i, j), j > i, follow row i − 1's. The block is computed tile by
 * tile of columns (each tile of xt reused by every row of the block), two rows at a time for cityblock, chebyshev
 * and cosine ({@link row2T}). Returns the first row not written.
 * metric: 0 sqeuclidean, 1 euclidean, 2 cityblock, 3 chebyshev, 4 cosine (sq: Σₖ xᵢₖ², np, IN), 5 seuclidean
 * (V: d variances, IN). tail: 64 bytes of scratch.
 */
export function pdistRows(
  metric: i32,
  x: usize,
  xt: usize,
  n: i32,
  d: i32,
  np: i32,
  sq: usize,
  V: usize,
  i0: i32,
  cap: i32,
  out: usize,
  tail: usize,
): i32 {
  let i1 = i0;
  let left = cap;
  while (i1 < n - 1 && n - 1 - i1 <= left) {
    left -= n - 1 - i1;
    i1++;
  }
  const w = tileCols(d);
  for (let J = ((i0 + 1) / w) * w; J < n; J += w) {
    const Je = min(n, J + w);
    let o = out;
    let i = i0;
    // rows i and i + 1 together over their common columns [max(i + 2, J), Je); row i's column i + 1 alone
    const pairs = metric === CITYBLOCK || metric === CHEBYSHEV || metric === COSINE;
    for (; pairs && i + 1 < i1; i += 2) {
      const on = o + (<usize>(n - 1 - i) << 3);
      const a = x + ((<usize>i * d) << 3);
      const sa = metric === COSINE ? load<f64>(sq + (<usize>i << 3)) : 0;
      const sb = metric === COSINE ? load<f64>(sq + (<usize>(i + 1) << 3)) : 0;
      if (i + 1 >= J && i + 1 < Je) row(metric, a, sa, xt, np, sq, V, d, i + 1, i + 2, o, tail);
      const j0 = max(i + 2, J);
      if (j0 < Je) {
        const o1 = on + (<usize>(j0 - i - 2) << 3);
        row2(metric, a, a + (<usize>d << 3), sa, sb, xt, np, sq, V, d, j0, Je, o + (<usize>(j0 - i - 1) << 3), o1, tail);
      }
      o = on + (<usize>(n - 2 - i) << 3);
    }
    for (; i < i1; i++) {
      const j0 = max(i + 1, J);
      if (j0 < Je) {
        const sqa = metric === COSINE ? load<f64>(sq + (<usize>i << 3)) : 0;
        row(metric, x + ((<usize>i * d) << 3), sqa, xt, np, sq, V, d, j0, Je, o + (<usize>(j0 - i - 1) << 3), tail);
      }
      o += <usize>(n - 1 - i) << 3;
    }
  }
  return i1;
}

/**
 * cdist rows i0 … i1 − 1 of the na×d rows xa (row-major, IN) against the nb columns of xbt (d×np, IN): row i's nb
 * values at out + (i − i0)·nb·8, tile by tile of columns as {@link pdistRows}. metric as {@link pdistRows}; sqa
 * (na) and sqb (np) the row sums of squares for cosine.
 */
export function cdistRows(
  metric: i32,
  xa: usize,
  xbt: usize,
  nb: i32,
  d: i32,
  np: i32,
  sqa: usize,
  sqb: usize,
  V: usize,
  i0: i32,
  i1: i32,
  out: usize,
  tail: usize,
): void {
  const w = tileCols(d);
  for (let J = 0; J < nb; J += w) {
    const Je = min(nb, J + w);
    let o = out + (<usize>J << 3);
    for (let i = i0; i < i1; i++) {
      const s = metric === COSINE ? load<f64>(sqa + (<usize>i << 3)) : 0;
      row(metric, xa + ((<usize>i * d) << 3), s, xbt, np, sqb, V, d, J, Je, o, tail);
      o += <usize>nb << 3;
    }
  }
}

/**
 * The nearest of k centres for rows i0 … i1 − 1 of xa (na×d row-major, IN) against the k columns of xbt (d×np, IN):
 * each row's distances as a cdist row (into buf, np doubles of scratch; the padding columns up to a multiple of 8
 * are computed and ignored), then labels[i] = the first c (strict <) of least distance best[i], with
 * the distance taken as exactly 0 where i = self[c] (i32, k, IN; the centre is row i itself). Returns acc + Σ best[i]
 * added in row order. metric as {@link pdistRows}; sqa (na) and sqb (np) for cosine. labels (i32, indexed by i) OUT;
 * best (f64, indexed by i) OUT unless 0.
 */
export function nearestRows(
  metric: i32,
  xa: usize,
  xbt: usize,
  k: i32,
  d: i32,
  np: i32,
  sqa: usize,
  sqb: usize,
  V: usize,
  self: usize,
  i0: i32,
  i1: i32,
  buf: usize,
  labels: usize,
  best: usize,
  acc: f64,
): f64 {
  const k8 = (k + 7) & ~7;
  let sum = acc;
  for (let i = i0; i < i1; i++) {
    const s = metric === COSINE ? load<f64>(sqa + (<usize>i << 3)) : 0;
    row(metric, xa + ((<usize>i * d) << 3), s, xbt, np, sqb, V, d, 0, k8, buf, buf);
    let bd = Infinity;
    let bc = 0;
    for (let c = 0; c < k; c++) {
      const v = load<i32>(self + (<usize>c << 2)) === i ? 0 : load<f64>(buf + (<usize>c << 3));
      if (v < bd) {
        bd = v;
        bc = c;
      }
    }
    store<i32>(labels + (<usize>i << 2), bc);
    if (best !== 0) store<f64>(best + (<usize>i << 3), bd);
    sum += bd;
  }
  return sum;
}
