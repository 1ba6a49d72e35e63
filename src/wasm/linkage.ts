// AssemblyScript (compiled by scripts/build-wasm.mjs into src/engine/kernels/wasm/linkage.generated.ts; not part of the
// TypeScript build). Pairwise-distance blocks and the hierarchical-clustering (linkage) loops over them, in
// WebAssembly SIMD (128-bit, f64x2). All pointers are byte offsets into the imported memory; the caller lays the buffers out.
//
// Exactness contract (tested in test/hierarchy/wasm.test.ts): every distance, every Lance–Williams update and every
// nearest-neighbour choice is bit-identical to the plain-TypeScript reference (src/hierarchy/pairwise.ts,
// nnChain.ts, generic.ts), because
//   * SIMD runs across PAIRS, never across features: the two lanes hold two different j for the same i, and each
//     lane sums over the feature index k sequentially with the reference's IEEE operations (a − b, t·t, s + ·);
//     sqrt, abs, div, min/max are correctly rounded / exact lane-wise;
//   * the Lance–Williams updates apply the reference's formula lane-wise, with the same association;
//   * minimum searches keep, per lane, the first index of the strict minimum and then take the lowest index among
//     equal lane minima — the choice of the reference's scan in increasing index with strict <.
// Dense row scans need no active list: when a cluster slot dies, its column entries in the live rows are set to
// +∞ (and +∞ propagates through every update), so a contiguous SIMD scan over a row skips it by value.

/** First free byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------------------------
// Pairwise distances

/** ‖xᵢ‖ = √(Σₖ xᵢₖ²), k sequential (as the reference rowNorms). x n×d IN, out n OUT. */
export function rowNorms(x: usize, n: i32, d: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const r = x + ((<usize>i * d) << 3);
    let s: f64 = 0;
    for (let k = 0; k < d; k++) {
      const v = load<f64>(r + (<usize>k << 3));
      s += v * v;
    }
    store<f64>(out + (<usize>i << 3), Math.sqrt(s));
  }
}

const EUCLIDEAN = 0;
const SQEUCLIDEAN = 1;
const CITYBLOCK = 2;
const COSINE = 3;
const CHEBYSHEV = 4;

/** One lane pair's accumulation step for the metric: s ⊕ f(a, b). */
// @ts-ignore: decorator
@inline
function step(metric: i32, s: v128, a: v128, b: v128): v128 {
  if (metric === CITYBLOCK) return f64x2.add(s, f64x2.abs(f64x2.sub(a, b)));
  if (metric === CHEBYSHEV) return f64x2.pmax(s, f64x2.abs(f64x2.sub(a, b)));
  if (metric === COSINE) return f64x2.add(s, f64x2.mul(a, b));
  const t = f64x2.sub(a, b);
  return f64x2.add(s, f64x2.mul(t, t));
}

/** The final transform of an accumulated pair: √ for euclidean, 1 − clamp(dot/(‖a‖‖b‖)) for cosine. */
// @ts-ignore: decorator
@inline
function finish(metric: i32, s: v128, na: v128, nb: v128): v128 {
  if (metric === EUCLIDEAN) return f64x2.sqrt(s);
  if (metric === COSINE) {
    const one = f64x2.splat(1);
    let c = f64x2.div(s, f64x2.mul(na, nb));
    c = f64x2.pmin(c, one);
    c = f64x2.pmax(c, f64x2.splat(-1));
    return f64x2.sub(one, c);
  }
  return s;
}

/** Scalar pair (i, j) exactly as the reference pairDistance (x row-major). */
// @ts-ignore: decorator
@inline
function pairScalar(metric: i32, x: usize, d: i32, i: i32, j: i32, norms: usize): f64 {
  const a = x + ((<usize>i * d) << 3);
  const b = x + ((<usize>j * d) << 3);
  let s: f64 = 0;
  for (let k = 0; k < d; k++) {
    const u = load<f64>(a + (<usize>k << 3));
    const v = load<f64>(b + (<usize>k << 3));
    if (metric === CITYBLOCK) s += Math.abs(u - v);
    else if (metric === CHEBYSHEV) {
      const t = Math.abs(u - v);
      if (t > s) s = t;
    } else if (metric === COSINE) s += u * v;
    else {
      const t = u - v;
      s += t * t;
    }
  }
  if (metric === EUCLIDEAN) return Math.sqrt(s);
  if (metric === COSINE) {
    let c = s / (load<f64>(norms + (<usize>i << 3)) * load<f64>(norms + (<usize>j << 3)));
    if (c > 1) c = 1;
    else if (c < -1) c = -1;
    return 1 - c;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// The tiled triangle: the working distance matrix of linkage
//
// The upper triangle is stored in 8×8 tiles (512 bytes), tile (I, J), I ≤ J; tile-row I holds tiles J = I … NT−1
// contiguously, NT = ⌈n/8⌉. Inside a tile, each 64-byte cache line holds a 2×4 block (rows 2r, 2r+1 × columns
// 4c … 4c+3): entry (i, j), i < j, is at tile (i≫3, j≫3), byte ((i&7)≫1)·128 + ((j&7)≫2)·64 + (i&1)·32 + (j&3)·8.
// Same n²/2 doubles as the condensed vector (plus the diagonal tiles, 64·n bytes), but a column's entries for 8
// rows lie in one 512-byte block and two rows share each line: column scans (the strided half of every
// nearest-neighbour search and Lance–Williams update — memory-latency bound) touch a new page every 8 rows and a new
// line every 2, while row scans still read 4 contiguous values per line (measured at n = 5 000–10 000: NN-chain
// 5–7 % faster than 8-wide tile rows; those were on a par with the plain condensed layout). Columns j ≥ n (padding)
// hold +∞ in every row.

/** Tiles before tile-row I. */
// @ts-ignore: decorator
@inline
function tileRowStart(NT: i32, I: i32): i64 {
  return <i64>I * NT - ((<i64>I * (I - 1)) >> 1);
}

/** Address of entry (i, j), i < j (or i ≥ j inside a diagonal tile). */
// @ts-ignore: decorator
@inline
function at(D: usize, NT: i32, i: i32, j: i32): usize {
  const I = i >> 3;
  return rowBase(D, NT, i) + colOff(j);
}

/** Address of the 8 entries of row i in tile column J (J ≥ i≫3); the next tile column is 512 bytes further. */
// @ts-ignore: decorator
@inline
function chunk(D: usize, NT: i32, i: i32, J: i32): usize {
  const I = i >> 3;
  return D + <usize>((tileRowStart(NT, I) + (J - I)) << 9) + (<usize>((i & 7) >> 1) << 7) + (<usize>(i & 1) << 5);
}

/**
 * Row i of the distances into the tiled triangle: (i, j) for j in (i, n), +∞ for j in [n, 8·NT). x n×d IN,
 * xt (d×np, column-major, np = 8·NT, zero padding) IN, norms np IN (cosine). Tile columns after i's own: 8 pairs
 * per step (4 × f64x2).
 */
// @ts-ignore: decorator
@inline
function pdistRowT(metric: i32, x: usize, xt: usize, n: i32, d: i32, norms: usize, i: i32, D: usize): void {
  const NT = (n + 7) >> 3;
  const np = NT << 3;
  const I = i >> 3;
  const zero = f64x2.splat(0);
  const na = f64x2.splat(metric === COSINE ? load<f64>(norms + (<usize>i << 3)) : 0);
  const colBytes = <usize>np << 3;
  const dEnd = min(n, (I + 1) << 3);
  for (let j = i + 1; j < dEnd; j++) store<f64>(at(D, NT, i, j), pairScalar(metric, x, d, i, j, norms));
  let o = chunk(D, NT, i, I + 1);
  for (let J = I + 1; J < NT; J++) {
    const j = J << 3;
    let s0 = zero;
    let s1 = zero;
    let s2 = zero;
    let s3 = zero;
    let p = xt + (<usize>j << 3);
    let q = xt + (<usize>i << 3);
    for (let k = 0; k < d; k++) {
      const a = v128.load64_splat(q);
      s0 = step(metric, s0, a, v128.load(p));
      s1 = step(metric, s1, a, v128.load(p, 16));
      s2 = step(metric, s2, a, v128.load(p, 32));
      s3 = step(metric, s3, a, v128.load(p, 48));
      p += colBytes;
      q += colBytes;
    }
    const nb = norms + (<usize>j << 3);
    v128.store(o, finish(metric, s0, na, metric === COSINE ? v128.load(nb) : zero));
    v128.store(o, finish(metric, s1, na, metric === COSINE ? v128.load(nb, 16) : zero), 16);
    v128.store(o, finish(metric, s2, na, metric === COSINE ? v128.load(nb, 32) : zero), 64);
    v128.store(o, finish(metric, s3, na, metric === COSINE ? v128.load(nb, 48) : zero), 80);
    o += 512;
  }
  for (let j = max(n, i + 1); j < np; j++) store<f64>(at(D, NT, i, j), Infinity);
}

// One function per metric (the metric branches resolved at compile time).
function pdistRowEuclidean(x: usize, xt: usize, n: i32, d: i32, norms: usize, i: i32, D: usize): void {
  pdistRowT(EUCLIDEAN, x, xt, n, d, norms, i, D);
}
function pdistRowSq(x: usize, xt: usize, n: i32, d: i32, norms: usize, i: i32, D: usize): void {
  pdistRowT(SQEUCLIDEAN, x, xt, n, d, norms, i, D);
}
function pdistRowCityblock(x: usize, xt: usize, n: i32, d: i32, norms: usize, i: i32, D: usize): void {
  pdistRowT(CITYBLOCK, x, xt, n, d, norms, i, D);
}
function pdistRowCosine(x: usize, xt: usize, n: i32, d: i32, norms: usize, i: i32, D: usize): void {
  pdistRowT(COSINE, x, xt, n, d, norms, i, D);
}
function pdistRowChebyshev(x: usize, xt: usize, n: i32, d: i32, norms: usize, i: i32, D: usize): void {
  pdistRowT(CHEBYSHEV, x, xt, n, d, norms, i, D);
}

/**
 * Distances of rows [i0, i1) into the tiled triangle D (see {@link pdistRowT}). metric: 0 euclidean,
 * 1 sqeuclidean, 2 cityblock, 3 cosine, 4 chebyshev.
 */
export function pdistTiled(
  metric: i32,
  x: usize,
  xt: usize,
  n: i32,
  d: i32,
  norms: usize,
  i0: i32,
  i1: i32,
  D: usize,
): void {
  for (let i = i0; i < i1; i++) {
    if (metric === EUCLIDEAN) pdistRowEuclidean(x, xt, n, d, norms, i, D);
    else if (metric === SQEUCLIDEAN) pdistRowSq(x, xt, n, d, norms, i, D);
    else if (metric === CITYBLOCK) pdistRowCityblock(x, xt, n, d, norms, i, D);
    else if (metric === COSINE) pdistRowCosine(x, xt, n, d, norms, i, D);
    else pdistRowChebyshev(x, xt, n, d, norms, i, D);
  }
}

/** xt (d×np column-major, np = 8·⌈n/8⌉, zero padding) = transpose of x (n×d, row-major). */
export function transposePadded(x: usize, n: i32, d: i32, xt: usize): void {
  const np = ((n + 7) >> 3) << 3;
  for (let k = 0; k < d; k++) {
    const c = xt + ((<usize>k * np) << 3);
    for (let i = 0; i < n; i++) store<f64>(c + (<usize>i << 3), load<f64>(x + ((<usize>i * d + k) << 3)));
    for (let i = n; i < np; i++) store<f64>(c + (<usize>i << 3), 0);
  }
}

/**
 * Row i of a condensed vector (its entries (i, j), j in (i, n), at src, contiguous) into the tiled triangle,
 * squared when square ≠ 0, with +∞ in the padding columns.
 */
export function scatterRow(src: usize, n: i32, i: i32, square: i32, D: usize): void {
  const NT = (n + 7) >> 3;
  const np = NT << 3;
  for (let j = i + 1; j < n; j++) {
    let v = load<f64>(src + (<usize>(j - i - 1) << 3));
    if (square !== 0) v = v * v;
    store<f64>(at(D, NT, i, j), v);
  }
  for (let j = max(n, i + 1); j < np; j++) store<f64>(at(D, NT, i, j), Infinity);
}

// ---------------------------------------------------------------------------------------------------------------
// Minimum searches

/** Index found by the last {@link colMin} / {@link rowMin} (−1: none below the bound), and its value. */
let foundIndex: i32 = -1;
let foundValue: f64 = 0;

/** Byte offset of column j inside a row of the tiled triangle: entry (i, j) is at rowBase(i) + colOff(j). */
// @ts-ignore: decorator
@inline
function colOff(j: i32): usize {
  return (<usize>(j >> 3) << 9) + (<usize>((j & 7) >> 2) << 6) + (<usize>(j & 3) << 3);
}

/** Address of the virtual start of row i (see {@link colOff}); only columns j ≥ 8·(i≫3) are meaningful. */
// @ts-ignore: decorator
@inline
function rowBase(D: usize, NT: i32, i: i32): usize {
  const I = i >> 3;
  return D + <usize>((tileRowStart(NT, I) - I) << 9) + (<usize>((i & 7) >> 1) << 7) + (<usize>(i & 1) << 5);
}

/**
 * Strict minimum of D(i, x) over the first cnt active rows (act/abase: the active indices in increasing order and
 * their row bases), starting from bound: sets foundIndex (−1 if nothing is < bound) and foundValue. Increasing i
 * with strict < (lowest index on ties). The addresses do not depend on each other, so the (strided, cache-missing)
 * loads overlap.
 */
function colMin(act: usize, abase: usize, cnt: i32, x: i32, bound: f64): void {
  const cx = colOff(x);
  let cur = bound;
  let best = -1;
  for (let t = 0; t < cnt; t++) {
    const v = load<f64>(load<usize>(abase + (<usize>t << 2)) + cx);
    if (v < cur) {
      cur = v;
      best = t;
    }
  }
  foundIndex = best < 0 ? -1 : load<i32>(act + (<usize>best << 2));
  foundValue = cur;
}

/** Position of the active index v in act[0, cnt) (present). */
// @ts-ignore: decorator
@inline
function position(act: usize, cnt: i32, v: i32): i32 {
  let lo = 0;
  let hi = cnt - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<i32>(act + (<usize>mid << 2)) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Strict minimum of D(x, j) over all j > x (dense: dead slots and padding hold +∞), starting from bound; the
 * lowest index among equal values. Sets foundIndex (−1 if nothing is < bound) and foundValue.
 */
function rowMin(D: usize, n: i32, x: i32, bound: f64): void {
  const NT = (n + 7) >> 3;
  const X = x >> 3;
  let cur = bound;
  let best = -1;
  // The rest of x's own tile column, scalar.
  const end = (X + 1) << 3;
  for (let j = x + 1; j < end; j++) {
    const v = load<f64>(at(D, NT, x, j));
    if (v < cur) {
      cur = v;
      best = j;
    }
  }
  // Later tile columns: 8 lanes (4 × f64x2), each keeping the first index of its strict minimum.
  if (X + 1 < NT) {
    const inf = f64x2.splat(Infinity);
    let m0 = inf;
    let m1 = inf;
    let m2 = inf;
    let m3 = inf;
    let i0 = i64x2.splat(-1);
    let i1 = i0;
    let i2 = i0;
    let i3 = i0;
    let iv = i64x2(0, 1);
    const eight = i64x2.splat(8);
    const two = i64x2.splat(2);
    const four = i64x2.splat(4);
    const six = i64x2.splat(6);
    let p = chunk(D, NT, x, X + 1);
    for (let J = X + 1; J < NT; J++) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 64);
      const v3 = v128.load(p, 80);
      const l0 = f64x2.lt(v0, m0);
      const l1 = f64x2.lt(v1, m1);
      const l2 = f64x2.lt(v2, m2);
      const l3 = f64x2.lt(v3, m3);
      m0 = v128.bitselect(v0, m0, l0);
      m1 = v128.bitselect(v1, m1, l1);
      m2 = v128.bitselect(v2, m2, l2);
      m3 = v128.bitselect(v3, m3, l3);
      i0 = v128.bitselect(iv, i0, l0);
      i1 = v128.bitselect(i64x2.add(iv, two), i1, l1);
      i2 = v128.bitselect(i64x2.add(iv, four), i2, l2);
      i3 = v128.bitselect(i64x2.add(iv, six), i3, l3);
      iv = i64x2.add(iv, eight);
      p += 512;
    }
    // Lanes: smallest value, lowest index among equals (a lane that never moved has index −1 and value +∞).
    let bv: f64 = Infinity;
    let bi: i64 = -1;
    for (let h = 0; h < 8; h++) {
      const g = h >> 1;
      const mv = g === 0 ? m0 : g === 1 ? m1 : g === 2 ? m2 : m3;
      const mi = g === 0 ? i0 : g === 1 ? i1 : g === 2 ? i2 : i3;
      const v = (h & 1) === 0 ? f64x2.extract_lane(mv, 0) : f64x2.extract_lane(mv, 1);
      const ix = (h & 1) === 0 ? i64x2.extract_lane(mi, 0) : i64x2.extract_lane(mi, 1);
      if (ix >= 0 && (v < bv || (v === bv && ix < bi))) {
        bv = v;
        bi = ix;
      }
    }
    if (bv < cur) {
      cur = bv;
      best = <i32>bi + ((X + 1) << 3);
    }
  }
  foundIndex = best;
  foundValue = cur;
}

// ---------------------------------------------------------------------------------------------------------------
// NN-chain (complete, average, weighted, Ward) on the tiled triangle

const COMPLETE = 0;
const AVERAGE = 1;
const WEIGHTED = 2;
const WARD = 3;

/** Lance–Williams update, lane-wise: the reference's formula and association. */
// @ts-ignore: decorator
@inline
function lw2(code: i32, a: v128, b: v128, nx: f64, ny: f64, ni: v128, cur: f64): v128 {
  if (code === COMPLETE) return f64x2.pmax(b, a);
  if (code === AVERAGE)
    return f64x2.div(f64x2.add(f64x2.mul(f64x2.splat(nx), a), f64x2.mul(f64x2.splat(ny), b)), f64x2.splat(nx + ny));
  if (code === WEIGHTED) return f64x2.mul(f64x2.splat(0.5), f64x2.add(a, b));
  const vx = f64x2.splat(nx);
  const vy = f64x2.splat(ny);
  const num = f64x2.sub(
    f64x2.add(f64x2.mul(f64x2.add(ni, vx), a), f64x2.mul(f64x2.add(ni, vy), b)),
    f64x2.mul(ni, f64x2.splat(cur)),
  );
  return f64x2.div(num, f64x2.add(f64x2.splat(nx + ny), ni));
}

// @ts-ignore: decorator
@inline
function lw1(code: i32, a: f64, b: f64, nx: f64, ny: f64, ni: f64, cur: f64): f64 {
  if (code === COMPLETE) return a > b ? a : b;
  if (code === AVERAGE) return (nx * a + ny * b) / (nx + ny);
  if (code === WEIGHTED) return 0.5 * (a + b);
  return ((ni + nx) * a + (ni + ny) * b - ni * cur) / (nx + ny + ni);
}

/**
 * Merge update of the NN-chain: D(i, y) ← LW(D(i, x), D(i, y)) for every active i ≠ x, y, and D(i, x) ← +∞ for the
 * active i < x (x dies). x < y at positions px < py of act/abase; sizes nx, ny before the merge; cur = D(x, y).
 */
// @ts-ignore: decorator
@inline
function updateT(
  code: i32,
  D: usize,
  n: i32,
  size: usize,
  act: usize,
  abase: usize,
  px: i32,
  py: i32,
  x: i32,
  y: i32,
  nx: f64,
  ny: f64,
  cur: f64,
): void {
  const NT = (n + 7) >> 3;
  const cx = colOff(x);
  const cy = colOff(y);
  for (let t = 0; t < px; t++) {
    const b = load<usize>(abase + (<usize>t << 2));
    const i = load<i32>(act + (<usize>t << 2));
    const a = load<f64>(b + cx);
    store<f64>(b + cx, Infinity);
    store<f64>(b + cy, lw1(code, a, load<f64>(b + cy), nx, ny, load<f64>(size + (<usize>i << 3)), cur));
  }
  const bx = rowBase(D, NT, x);
  for (let t = px + 1; t < py; t++) {
    const b = load<usize>(abase + (<usize>t << 2));
    const i = load<i32>(act + (<usize>t << 2));
    const a = load<f64>(bx + colOff(i));
    store<f64>(b + cy, lw1(code, a, load<f64>(b + cy), nx, ny, load<f64>(size + (<usize>i << 3)), cur));
  }
  // j > y, dense (dead slots and padding: +∞ in, +∞ out; their size is 0).
  const Y = y >> 3;
  const end = (Y + 1) << 3;
  const by = rowBase(D, NT, y);
  for (let j = y + 1; j < end; j++) {
    const q = by + colOff(j);
    store<f64>(q, lw1(code, load<f64>(bx + colOff(j)), load<f64>(q), nx, ny, load<f64>(size + (<usize>j << 3)), cur));
  }
  let qx = chunk(D, NT, x, Y + 1);
  let qy = chunk(D, NT, y, Y + 1);
  let ps = size + (<usize>(Y + 1) << 6);
  const zero = f64x2.splat(0);
  const w = code === WARD;
  for (let J = Y + 1; J < NT; J++) {
    v128.store(qy, lw2(code, v128.load(qx), v128.load(qy), nx, ny, w ? v128.load(ps) : zero, cur));
    v128.store(qy, lw2(code, v128.load(qx, 16), v128.load(qy, 16), nx, ny, w ? v128.load(ps, 16) : zero, cur), 16);
    v128.store(qy, lw2(code, v128.load(qx, 64), v128.load(qy, 64), nx, ny, w ? v128.load(ps, 32) : zero, cur), 64);
    v128.store(qy, lw2(code, v128.load(qx, 80), v128.load(qy, 80), nx, ny, w ? v128.load(ps, 48) : zero, cur), 80);
    qx += 512;
    qy += 512;
    ps += 64;
  }
}

function updateComplete(D: usize, n: i32, size: usize, act: usize, abase: usize, px: i32, py: i32, x: i32, y: i32, nx: f64, ny: f64, cur: f64): void {
  updateT(COMPLETE, D, n, size, act, abase, px, py, x, y, nx, ny, cur);
}
function updateAverage(D: usize, n: i32, size: usize, act: usize, abase: usize, px: i32, py: i32, x: i32, y: i32, nx: f64, ny: f64, cur: f64): void {
  updateT(AVERAGE, D, n, size, act, abase, px, py, x, y, nx, ny, cur);
}
function updateWeighted(D: usize, n: i32, size: usize, act: usize, abase: usize, px: i32, py: i32, x: i32, y: i32, nx: f64, ny: f64, cur: f64): void {
  updateT(WEIGHTED, D, n, size, act, abase, px, py, x, y, nx, ny, cur);
}
function updateWard(D: usize, n: i32, size: usize, act: usize, abase: usize, px: i32, py: i32, x: i32, y: i32, nx: f64, ny: f64, cur: f64): void {
  updateT(WARD, D, n, size, act, abase, px, py, x, y, nx, ny, cur);
}

// State of the NN-chain between calls of nnChainSteps.
let cCode: i32 = 0;
let cD: usize = 0;
let cN: i32 = 0;
let cSize: usize = 0;
let cAct: usize = 0;
let cAbase: usize = 0;
let cChain: usize = 0;
let cIds: usize = 0;
let cStage: usize = 0;
let cOut: usize = 0;
let cLen: i32 = 0;
let cCnt: i32 = 0;

/**
 * Starts the NN-chain linkage over the tiled triangle D (filled by {@link pdistTiled} or {@link scatterRow}); the
 * merges are then made by {@link nnChainSteps}, in batches, so that the engine's optimizing tier takes over after
 * the first batches (a single long call would run in the baseline tier throughout). Same chain, tie-breaking,
 * merges and heights as the reference nnChainCondensed. code: 0 complete, 1 average, 2 weighted, 3 Ward (D squared
 * distances). D (NT(NT+1)·256 bytes, NT = ⌈n/8⌉) IN/OUT: destroyed. size 8·⌈n/8⌉ f64, act n i32, abase n u32, chain n i32: scratch
 * (the active clusters are kept as a sorted array with their row bases, so that column loops carry no dependency).
 * ids n i32 and stage (4n + 64 f64: 8 rows of at most n/2 + 8): scratch of {@link compactChain}. out ((n−1)·4 f64) OUT: unsorted rows [x, y,
 * height, size] (x, y: the original slots).
 */
export function nnChainInit(
  code: i32,
  D: usize,
  n: i32,
  size: usize,
  act: usize,
  abase: usize,
  chain: usize,
  ids: usize,
  stage: usize,
  out: usize,
): void {
  const NT = (n + 7) >> 3;
  for (let i = 0; i < NT << 3; i++) store<f64>(size + (<usize>i << 3), i < n ? 1 : 0);
  for (let i = 0; i < n; i++) {
    store<i32>(act + (<usize>i << 2), i);
    store<usize>(abase + (<usize>i << 2), rowBase(D, NT, i));
    store<i32>(ids + (<usize>i << 2), i);
  }
  cCode = code;
  cD = D;
  cN = n;
  cSize = size;
  cAct = act;
  cAbase = abase;
  cChain = chain;
  cIds = ids;
  cStage = stage;
  cOut = out;
  cLen = 0;
  cCnt = n;
}

/** Below this many active clusters the triangle is not compacted any more (16 KiB: nothing left to gain). */
const COMPACT_MIN = 64;

/**
 * Compaction: when half of the slots of the triangle have died, the live clusters are renumbered 0 … cnt−1 in
 * their order and the triangle rebuilt for them, in place, from the start of D (a quarter of the bytes). Scans
 * then read no dead entry and the column walks touch 8 live rows per page again; the order is kept, so every
 * choice (lowest index among equal values) and every merge is unchanged — the rows keep the original slots (ids).
 * In place: new tile-row I is written only after the old rows that form it (the live rows 8I … 8I+7 of the
 * active array) were copied to stage, and it ends before old tile-row I+1, where the rows not yet copied lie
 * (tile-rows start earlier the fewer the tile columns). Updates cN, cCnt, the chain, size, ids, act and abase.
 */
function compactChain(): void {
  const D = cD;
  const n = cN;
  const cnt = cCnt;
  const act = cAct;
  const abase = cAbase;
  const stage = cStage;
  const size = cSize;
  const ids = cIds;
  const NT2 = (cnt + 7) >> 3;
  const np2 = NT2 << 3;
  // chain: old slot → new index (the position in act)
  for (let c = 0; c < cLen; c++) {
    const q = cChain + (<usize>c << 2);
    store<i32>(q, position(act, cnt, load<i32>(q)));
  }
  for (let I = 0; I < NT2; I++) {
    // Stage the old rows of new tile-row I: stage row r holds new columns 0 … np2−1 (+∞ from cnt on).
    const i0 = I << 3;
    const i1 = min(cnt, i0 + 8);
    for (let i = i0; i < i1; i++) {
      const b = load<usize>(abase + (<usize>i << 2));
      const srow = stage + ((<usize>(i - i0) * np2) << 3);
      for (let t = i + 1; t < cnt; t++) store<f64>(srow + (<usize>t << 3), load<f64>(b + colOff(load<i32>(act + (<usize>t << 2)))));
      for (let t = max(cnt, i + 1); t < np2; t++) store<f64>(srow + (<usize>t << 3), Infinity);
    }
    for (let i = i0; i < i1; i++) {
      const srow = stage + ((<usize>(i - i0) * np2) << 3);
      const rb = rowBase(D, NT2, i);
      for (let j = i + 1; j < np2; j++) store<f64>(rb + colOff(j), load<f64>(srow + (<usize>j << 3)));
    }
  }
  for (let i = 0; i < cnt; i++) {
    const o = load<i32>(act + (<usize>i << 2));
    store<f64>(size + (<usize>i << 3), load<f64>(size + (<usize>o << 3)));
    store<i32>(ids + (<usize>i << 2), load<i32>(ids + (<usize>o << 2)));
    store<i32>(act + (<usize>i << 2), i);
    store<usize>(abase + (<usize>i << 2), rowBase(D, NT2, i));
  }
  for (let i = cnt; i < np2; i++) store<f64>(size + (<usize>i << 3), 0);
  cN = cnt;
}

/** Merges k0 … k1−1 of the NN-chain started by {@link nnChainInit} (call with consecutive ranges up to n−1). */
export function nnChainSteps(k0: i32, k1: i32): void {
  const code = cCode;
  const D = cD;
  const size = cSize;
  const act = cAct;
  const abase = cAbase;
  const chain = cChain;
  const ids = cIds;
  const out = cOut;
  let n = cN;
  let NT = (n + 7) >> 3;
  let cnt = cCnt;
  let len = cLen;
  for (let k = k0; k < k1; k++) {
    if (cnt <= n >> 1 && cnt >= COMPACT_MIN) {
      cCnt = cnt;
      cLen = len;
      compactChain();
      n = cN;
      NT = (n + 7) >> 3;
    }
    if (len === 0) {
      store<i32>(chain, load<i32>(act));
      len = 1;
    }
    let x = 0;
    let y = 0;
    let cur: f64 = 0;
    for (;;) {
      x = load<i32>(chain + (<usize>(len - 1) << 2));
      if (len > 1) {
        y = load<i32>(chain + (<usize>(len - 2) << 2));
        cur = x < y ? load<f64>(at(D, NT, x, y)) : load<f64>(at(D, NT, y, x));
      } else {
        cur = Infinity;
      }
      colMin(act, abase, position(act, cnt, x), x, cur);
      if (foundIndex >= 0) {
        cur = foundValue;
        y = foundIndex;
      }
      rowMin(D, n, x, cur);
      if (foundIndex >= 0) {
        cur = foundValue;
        y = foundIndex;
      }
      if (len > 1 && y === load<i32>(chain + (<usize>(len - 2) << 2))) break;
      store<i32>(chain + (<usize>len << 2), y);
      len++;
    }
    len -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = load<f64>(size + (<usize>x << 3));
    const ny = load<f64>(size + (<usize>y << 3));
    const ro = out + ((<usize>k * 4) << 3);
    store<f64>(ro, <f64>load<i32>(ids + (<usize>x << 2)));
    store<f64>(ro, <f64>load<i32>(ids + (<usize>y << 2)), 8);
    store<f64>(ro, cur, 16);
    store<f64>(ro, nx + ny, 24);
    store<f64>(size + (<usize>x << 3), 0);
    store<f64>(size + (<usize>y << 3), nx + ny);
    const px = position(act, cnt, x);
    const py = position(act, cnt, y);
    if (code === COMPLETE) updateComplete(D, n, size, act, abase, px, py, x, y, nx, ny, cur);
    else if (code === AVERAGE) updateAverage(D, n, size, act, abase, px, py, x, y, nx, ny, cur);
    else if (code === WEIGHTED) updateWeighted(D, n, size, act, abase, px, py, x, y, nx, ny, cur);
    else updateWard(D, n, size, act, abase, px, py, x, y, nx, ny, cur);
    // x leaves the active array
    const tail = <usize>(cnt - px - 1) << 2;
    memory.copy(act + (<usize>px << 2), act + (<usize>(px + 1) << 2), tail);
    memory.copy(abase + (<usize>px << 2), abase + (<usize>(px + 1) << 2), tail);
    cnt--;
  }
  cCnt = cnt;
  cLen = len;
}

// ---------------------------------------------------------------------------------------------------------------
// Matrix-free linkage on cluster centres (Ward by NN-chain; centroid and median by the generic algorithm)
//
// The centres of the live clusters are kept transposed and COMPACTED: ct (d×stride, column-major, stride = 8·⌈n/8⌉)
// holds at positions 0 … used−1 the clusters in increasing slot order (posSlot: position → slot, slotPos: slot →
// position), so the lowest position is the lowest slot and a scan in position order resolves ties as the
// reference's scan in slot order. The scans run densely, 8 positions per step (4 × f64x2), each lane summing
// Σₖ (c_p,k − c_j,k)² in k order — the reference's operations. A merged-away cluster leaves a hole masked by value
// (sz NaN: its value is NaN, never < anything; h −∞: always prunable); when the holes reach 1/16 of `used` the live
// positions move down in order (O(used·d), so O(d) per merge amortised), and no scan reads more than 17/16 of the
// live clusters.
//
// Pruning (exact): after the first 3 and the first 6 features, a block of 8 is dropped when every lane's partial
// sum s′ satisfies s′ ≥ g·(1 + 2⁻⁴⁰)·(h_j + h_p), g the best value so far (the bound or a lane minimum). Partial
// sums of non-negative terms never decrease under rounding (s ≥ s′), and for Ward 1/f = (n_p + n_j)/(2·n_p·n_j) =
// h_p + h_j with h = 1/(2·size) (for centroid and median h = ½, f = 1), so the rounded value fl(f·s) ≥ g: the lane
// cannot beat g, and a later lane equal to g loses the tie to the earlier one. The 2⁻⁴⁰ margin covers the few
// roundings of f, h and the product (≤ 8·2⁻⁵³ relative); below g = 1e−250 (subnormal products) nothing is pruned.

let kCt: usize = 0;
let kSz: usize = 0;
let kH: usize = 0;
let kPosSlot: usize = 0;
let kSlotPos: usize = 0;
let kStride: i32 = 0;
let kD: i32 = 0;
let kUsed: i32 = 0;
let kDead: i32 = 0;
let kWard: i32 = 0;

/** Value found by the last scan (see the functions below). */
export function lastValue(): f64 {
  return foundValue;
}

/**
 * Starts the compacted centres of the observations x (n×d, IN): ct (d×np, np = 8·⌈n/8⌉) = xᵀ with zero padding,
 * sz (np f64) the sizes (1; NaN for padding), h (np f64) the pruning weights (½; −∞ for padding), posSlot (np i32)
 * and slotPos (n i32) the identity. ward ≠ 0: h = 1/(2·size) after merges (Ward's factor), else ½.
 */
export function centersInit(
  x: usize,
  n: i32,
  d: i32,
  ward: i32,
  ct: usize,
  sz: usize,
  h: usize,
  posSlot: usize,
  slotPos: usize,
): void {
  transposePadded(x, n, d, ct);
  const np = ((n + 7) >> 3) << 3;
  for (let i = 0; i < np; i++) {
    store<f64>(sz + (<usize>i << 3), i < n ? 1 : NaN);
    store<f64>(h + (<usize>i << 3), i < n ? 0.5 : -Infinity);
    store<i32>(posSlot + (<usize>i << 2), i);
  }
  for (let i = 0; i < n; i++) store<i32>(slotPos + (<usize>i << 2), i);
  kCt = ct;
  kSz = sz;
  kH = h;
  kPosSlot = posSlot;
  kSlotPos = slotPos;
  kStride = np;
  kD = d;
  kUsed = n;
  kDead = 0;
  kWard = ward;
}

/** The pruning threshold factor for the best value g (see the section comment): +∞ (no pruning) when g ≤ 1e−250. */
// @ts-ignore: decorator
@inline
function pruneScale(g: f64): f64 {
  return g > 1e-250 ? g * 1.0000000000009095 : Infinity;
}

/** Whether every lane of s0…s3 is ≥ gs·(h + hp) over the block's weights at ph (the pruning test). */
// @ts-ignore: decorator
@inline
function prunable(s0: v128, s1: v128, s2: v128, s3: v128, ph: usize, hp: v128, gs: v128): bool {
  const c0 = f64x2.ge(s0, f64x2.mul(gs, f64x2.add(v128.load(ph), hp)));
  const c1 = f64x2.ge(s1, f64x2.mul(gs, f64x2.add(v128.load(ph, 16), hp)));
  const c2 = f64x2.ge(s2, f64x2.mul(gs, f64x2.add(v128.load(ph, 32), hp)));
  const c3 = f64x2.ge(s3, f64x2.mul(gs, f64x2.add(v128.load(ph, 48), hp)));
  return i64x2.all_true(v128.and(v128.and(c0, c1), v128.and(c2, c3)));
}

/**
 * Strict minimum, lowest position on ties, over the positions [j0, j1) (multiples of 8) of Ward's
 * (2·n_p·n_j)/(n_p + n_j)·‖c_p − c_j‖² (ward ≠ 0) or ‖c_p − c_j‖², below bound; pp is p's position, np its size
 * and hp its pruning weight (p itself masked by the caller when inside the range). Sets foundIndex (a position; −1
 * if none) and foundValue.
 */
// @ts-ignore: decorator
@inline
function centreScan(ward: i32, pp: i32, np: f64, hpv: f64, j0: i32, j1: i32, bound: f64): void {
  const ct = kCt;
  const sz = kSz;
  const hw = kH;
  const d = kD;
  const colBytes = <usize>kStride << 3;
  const inf = f64x2.splat(Infinity);
  const zero = f64x2.splat(0);
  const vp = f64x2.splat(np);
  const hp = f64x2.splat(hpv);
  const two = f64x2.splat(2);
  // prune after the 3rd and the 6th feature when at least two more follow
  const c1 = d > 4 ? 2 : -1;
  const c2 = d > 7 ? 5 : -1;
  let g = bound;
  let gs = f64x2.splat(pruneScale(g));
  let m0 = inf;
  let m1 = inf;
  let m2 = inf;
  let m3 = inf;
  let i0 = i64x2.splat(-1);
  let i1 = i0;
  let i2 = i0;
  let i3 = i0;
  let iv = i64x2(<i64>j0, <i64>j0 + 1);
  const eight = i64x2.splat(8);
  const k2v = i64x2.splat(2);
  const k4v = i64x2.splat(4);
  const k6v = i64x2.splat(6);
  const pa = ct + (<usize>pp << 3);
  for (let j = j0; j < j1; j += 8) {
    const ivj = iv;
    iv = i64x2.add(iv, eight);
    let s0 = zero;
    let s1 = zero;
    let s2 = zero;
    let s3 = zero;
    let q = ct + (<usize>j << 3);
    let a = pa;
    const ph = hw + (<usize>j << 3);
    let pruned = false;
    for (let k = 0; k < d; k++) {
      const c = v128.load64_splat(a);
      const t0 = f64x2.sub(c, v128.load(q));
      const t1 = f64x2.sub(c, v128.load(q, 16));
      const t2 = f64x2.sub(c, v128.load(q, 32));
      const t3 = f64x2.sub(c, v128.load(q, 48));
      s0 = f64x2.add(s0, f64x2.mul(t0, t0));
      s1 = f64x2.add(s1, f64x2.mul(t1, t1));
      s2 = f64x2.add(s2, f64x2.mul(t2, t2));
      s3 = f64x2.add(s3, f64x2.mul(t3, t3));
      q += colBytes;
      a += colBytes;
      if ((k === c1 || k === c2) && prunable(s0, s1, s2, s3, ph, hp, gs)) {
        pruned = true;
        break;
      }
    }
    if (pruned) continue;
    const ps = sz + (<usize>j << 3);
    const n0 = v128.load(ps);
    const n1 = v128.load(ps, 16);
    const n2 = v128.load(ps, 32);
    const n3 = v128.load(ps, 48);
    // holes: sz NaN, so the value is NaN and never < the minimum
    if (ward !== 0) {
      s0 = f64x2.mul(f64x2.div(f64x2.mul(f64x2.mul(two, vp), n0), f64x2.add(vp, n0)), s0);
      s1 = f64x2.mul(f64x2.div(f64x2.mul(f64x2.mul(two, vp), n1), f64x2.add(vp, n1)), s1);
      s2 = f64x2.mul(f64x2.div(f64x2.mul(f64x2.mul(two, vp), n2), f64x2.add(vp, n2)), s2);
      s3 = f64x2.mul(f64x2.div(f64x2.mul(f64x2.mul(two, vp), n3), f64x2.add(vp, n3)), s3);
    } else {
      s0 = f64x2.add(s0, f64x2.sub(n0, n0));
      s1 = f64x2.add(s1, f64x2.sub(n1, n1));
      s2 = f64x2.add(s2, f64x2.sub(n2, n2));
      s3 = f64x2.add(s3, f64x2.sub(n3, n3));
    }
    const l0 = f64x2.lt(s0, m0);
    const l1 = f64x2.lt(s1, m1);
    const l2 = f64x2.lt(s2, m2);
    const l3 = f64x2.lt(s3, m3);
    if (!v128.any_true(v128.or(v128.or(l0, l1), v128.or(l2, l3)))) continue;
    m0 = v128.bitselect(s0, m0, l0);
    m1 = v128.bitselect(s1, m1, l1);
    m2 = v128.bitselect(s2, m2, l2);
    m3 = v128.bitselect(s3, m3, l3);
    i0 = v128.bitselect(ivj, i0, l0);
    i1 = v128.bitselect(i64x2.add(ivj, k2v), i1, l1);
    i2 = v128.bitselect(i64x2.add(ivj, k4v), i2, l2);
    i3 = v128.bitselect(i64x2.add(ivj, k6v), i3, l3);
    const mm = f64x2.pmin(f64x2.pmin(m0, m1), f64x2.pmin(m2, m3));
    const lo = min(f64x2.extract_lane(mm, 0), f64x2.extract_lane(mm, 1));
    if (lo < g) {
      g = lo;
      gs = f64x2.splat(pruneScale(g));
    }
  }
  let bv: f64 = Infinity;
  let bi: i64 = -1;
  for (let h = 0; h < 8; h++) {
    const gi = h >> 1;
    const mv = gi === 0 ? m0 : gi === 1 ? m1 : gi === 2 ? m2 : m3;
    const mi = gi === 0 ? i0 : gi === 1 ? i1 : gi === 2 ? i2 : i3;
    const v = (h & 1) === 0 ? f64x2.extract_lane(mv, 0) : f64x2.extract_lane(mv, 1);
    const ix = (h & 1) === 0 ? i64x2.extract_lane(mi, 0) : i64x2.extract_lane(mi, 1);
    if (ix >= 0 && (v < bv || (v === bv && ix < bi))) {
      bv = v;
      bi = ix;
    }
  }
  if (bv < bound) {
    foundIndex = <i32>bi;
    foundValue = bv;
  } else {
    foundIndex = -1;
    foundValue = bound;
  }
}

function wardScan(pp: i32, np: f64, hp: f64, j1: i32, bound: f64): void {
  centreScan(1, pp, np, hp, 0, j1, bound);
}

function plainScan(pp: i32, j0: i32, j1: i32, bound: f64): void {
  centreScan(0, pp, 1, 0.5, j0, j1, bound);
}

/** Position of the live slot s. */
// @ts-ignore: decorator
@inline
function posOf(s: i32): i32 {
  return load<i32>(kSlotPos + (<usize>s << 2));
}

/** Slot at position i. */
// @ts-ignore: decorator
@inline
function slotAt(i: i32): i32 {
  return load<i32>(kPosSlot + (<usize>i << 2));
}

/** ‖c_a − c_b‖² of the live slots a, b, summed in feature order (the reference's operations). */
export function centerSq(a: i32, b: i32): f64 {
  const pa = kCt + (<usize>posOf(a) << 3);
  const pb = kCt + (<usize>posOf(b) << 3);
  const colBytes = <usize>kStride << 3;
  let s: f64 = 0;
  for (let k = 0; k < kD; k++) {
    const t = load<f64>(pa + <usize>k * colBytes) - load<f64>(pb + <usize>k * colBytes);
    s += t * t;
  }
  return s;
}

/**
 * Ward's nearest live cluster to the live slot p (the NN-chain search of the reference nnChainWardVector, over
 * every live cluster but p): returns its slot (−1 when none is below bound; {@link lastValue} gives the value).
 */
export function wardNearest(p: i32, bound: f64): i32 {
  const pp = posOf(p);
  const ps = kSz + (<usize>pp << 3);
  const ph = kH + (<usize>pp << 3);
  const np = load<f64>(ps);
  const hp = load<f64>(ph);
  store<f64>(ps, NaN);
  store<f64>(ph, -Infinity);
  wardScan(pp, np, hp, (kUsed + 7) & ~7, bound);
  store<f64>(ps, np);
  store<f64>(ph, hp);
  return foundIndex < 0 ? -1 : slotAt(foundIndex);
}

/**
 * The nearest live cluster to the live slot p among the higher slots (squared Euclidean; the generic algorithm's
 * search): returns its slot (−1 if none; {@link lastValue} gives the value, +∞ then).
 */
export function centerNearestAbove(p: i32): i32 {
  const pp = posOf(p);
  const used = kUsed;
  const start = (pp + 8) & ~7;
  // the rest of p's block, scalar (the same sums), then whole blocks
  let cur: f64 = Infinity;
  let best = -1;
  const colBytes = <usize>kStride << 3;
  const pa = kCt + (<usize>pp << 3);
  const e = min(start, used);
  for (let j = pp + 1; j < e; j++) {
    const nj = load<f64>(kSz + (<usize>j << 3));
    if (nj != nj) continue;
    const pj = kCt + (<usize>j << 3);
    let s: f64 = 0;
    for (let k = 0; k < kD; k++) {
      const t = load<f64>(pa + <usize>k * colBytes) - load<f64>(pj + <usize>k * colBytes);
      s += t * t;
    }
    if (s < cur) {
      cur = s;
      best = j;
    }
  }
  if (start < used) {
    plainScan(pp, start, (used + 7) & ~7, cur);
    if (foundIndex >= 0) {
      cur = foundValue;
      best = foundIndex;
    }
  }
  foundValue = cur;
  foundIndex = best < 0 ? -1 : slotAt(best);
  return foundIndex;
}

/**
 * out[s] = ‖c_p − c_s‖² (Σₖ in k order) for the slots s at the positions from that of the live slot `from` up to
 * that of the live slot `to` (excluded; n: to the end); holes write to their old slot, which the caller ignores.
 */
export function centerDistsBelow(p: i32, from: i32, to: i32, n: i32, out: usize): void {
  const j0 = posOf(from);
  const j1 = to >= n ? kUsed : posOf(to);
  const colBytes = <usize>kStride << 3;
  const zero = f64x2.splat(0);
  const pa = kCt + (<usize>posOf(p) << 3);
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    let s0 = zero;
    let s1 = zero;
    let q = kCt + (<usize>j << 3);
    let a = pa;
    for (let k = 0; k < kD; k++) {
      const c = v128.load64_splat(a);
      const t0 = f64x2.sub(c, v128.load(q));
      const t1 = f64x2.sub(c, v128.load(q, 16));
      s0 = f64x2.add(s0, f64x2.mul(t0, t0));
      s1 = f64x2.add(s1, f64x2.mul(t1, t1));
      q += colBytes;
      a += colBytes;
    }
    store<f64>(out + (<usize>slotAt(j) << 3), f64x2.extract_lane(s0, 0));
    store<f64>(out + (<usize>slotAt(j + 1) << 3), f64x2.extract_lane(s0, 1));
    store<f64>(out + (<usize>slotAt(j + 2) << 3), f64x2.extract_lane(s1, 0));
    store<f64>(out + (<usize>slotAt(j + 3) << 3), f64x2.extract_lane(s1, 1));
  }
  for (; j < j1; j++) {
    const pj = kCt + (<usize>j << 3);
    let s: f64 = 0;
    for (let k = 0; k < kD; k++) {
      const t = load<f64>(pa + <usize>k * colBytes) - load<f64>(pj + <usize>k * colBytes);
      s += t * t;
    }
    store<f64>(out + (<usize>slotAt(j) << 3), s);
  }
}

/**
 * Merges the live slot a into the live slot b (sizes na, nb before the merge): c_b ← (na·c_a + nb·c_b)/(na + nb)
 * (Ward, centroid) or ½(c_a + c_b) (median ≠ 0), the reference's operations; a's position becomes a hole, and the
 * live positions are compacted when the holes reach 1/16 of those in use.
 */
export function centersMerge(a: i32, b: i32, na: f64, nb: f64, median: i32): void {
  const pa = posOf(a);
  const pb = posOf(b);
  const s = na + nb;
  const colBytes = <usize>kStride << 3;
  let qa = kCt + (<usize>pa << 3);
  let qb = kCt + (<usize>pb << 3);
  for (let k = 0; k < kD; k++) {
    const ca = load<f64>(qa);
    const cb = load<f64>(qb);
    store<f64>(qb, median !== 0 ? 0.5 * (ca + cb) : (na * ca + nb * cb) / s);
    qa += colBytes;
    qb += colBytes;
  }
  store<f64>(kSz + (<usize>pb << 3), s);
  store<f64>(kH + (<usize>pb << 3), kWard !== 0 ? 0.5 / s : 0.5);
  store<f64>(kSz + (<usize>pa << 3), NaN);
  store<f64>(kH + (<usize>pa << 3), -Infinity);
  kDead++;
  if (kDead >= 8 && kDead * 16 >= kUsed) compactCentres();
}

/** Moves the live positions down in order (holes out), updating posSlot/slotPos; the freed tail becomes holes. */
function compactCentres(): void {
  const used = kUsed;
  const sz = kSz;
  const colBytes = <usize>kStride << 3;
  for (let k = 0; k < kD; k++) {
    const col = kCt + <usize>k * colBytes;
    let w = 0;
    for (let i = 0; i < used; i++) {
      const v = load<f64>(sz + (<usize>i << 3));
      if (v != v) continue;
      store<f64>(col + (<usize>w << 3), load<f64>(col + (<usize>i << 3)));
      w++;
    }
  }
  let w = 0;
  for (let i = 0; i < used; i++) {
    const v = load<f64>(sz + (<usize>i << 3));
    if (v != v) continue;
    const slot = slotAt(i);
    store<f64>(sz + (<usize>w << 3), v);
    store<f64>(kH + (<usize>w << 3), load<f64>(kH + (<usize>i << 3)));
    store<i32>(kPosSlot + (<usize>w << 2), slot);
    store<i32>(kSlotPos + (<usize>slot << 2), w);
    w++;
  }
  const end = (used + 7) & ~7;
  for (let i = w; i < end; i++) {
    store<f64>(sz + (<usize>i << 3), NaN);
    store<f64>(kH + (<usize>i << 3), -Infinity);
  }
  kUsed = w;
  kDead = 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The generic algorithm (centroid, median) on the tiled triangle of squared distances: the driver (heap) stays in
// TypeScript (src/hierarchy/generic.ts runGeneric); these are its distance-space operations.

/** D(a, b), a < b. */
export function entry(D: usize, n: i32, a: i32, b: i32): f64 {
  return load<f64>(at(D, (n + 7) >> 3, a, b));
}

/**
 * The nearest live slot above x: the strict minimum of D(x, j), j > x, lowest index on ties (dead slots hold +∞);
 * returns its index (−1 if none; {@link lastValue} gives the value, +∞ then).
 */
export function nearestAbove(D: usize, n: i32, x: i32): i32 {
  rowMin(D, n, x, Infinity);
  return foundIndex;
}

// Active clusters of the generic algorithm: sorted indices and their row bases (as the NN-chain's act/abase).
let gAct: usize = 0;
let gAbase: usize = 0;
let gCnt: i32 = 0;

/** Starts the generic algorithm's active arrays (act n i32, abase n u32) over the tiled triangle D. */
export function genericInit(D: usize, n: i32, act: usize, abase: usize): void {
  const NT = (n + 7) >> 3;
  for (let i = 0; i < n; i++) {
    store<i32>(act + (<usize>i << 2), i);
    store<usize>(abase + (<usize>i << 2), rowBase(D, NT, i));
  }
  gAct = act;
  gAbase = abase;
  gCnt = n;
}

/** out[i] = D(i, y) for the live i < y. */
export function columnInto(D: usize, n: i32, y: i32, out: usize): void {
  const cy = colOff(y);
  const py = position(gAct, gCnt, y);
  for (let t = 0; t < py; t++) {
    const i = load<i32>(gAct + (<usize>t << 2));
    store<f64>(out + (<usize>i << 3), load<f64>(load<usize>(gAbase + (<usize>t << 2)) + cy));
  }
}

/**
 * Lance–Williams for centroid (median = 0) or median (median ≠ 0), the reference's operations; the last term
 * (nₓn_y·d(x,y)/(nₓ+n_y)² resp. ¼d(x,y)) is the same for every z, so it comes in precomputed as c.
 */
// @ts-ignore: decorator
@inline
function lwGeneric(median: i32, a: f64, b: f64, nx: f64, ny: f64, c: f64): f64 {
  return median !== 0 ? 0.5 * (a + b) - c : (nx * a + ny * b) / (nx + ny) - c;
}

/** {@link lwGeneric} lane-wise. */
// @ts-ignore: decorator
@inline
function lwGeneric2(median: i32, a: v128, b: v128, nx: v128, ny: v128, s: v128, c: v128): v128 {
  if (median !== 0) return f64x2.sub(f64x2.mul(f64x2.splat(0.5), f64x2.add(a, b)), c);
  return f64x2.sub(f64x2.div(f64x2.add(f64x2.mul(nx, a), f64x2.mul(ny, b)), s), c);
}

/**
 * Merges x into y (x < y; sizes nx, ny before the merge; dxy = D(x, y)): D(z, y) ← LW(D(z, x), D(z, y)) for every
 * live z ≠ x, y (z < y through the active arrays, z > y densely in SIMD), D(z, x) ← +∞ for the live z < x (x dies),
 * and x leaves the active arrays.
 */
export function genericMerge(median: i32, D: usize, n: i32, x: i32, y: i32, nx: f64, ny: f64, dxy: f64): void {
  if (median !== 0) genericMergeT(1, D, n, x, y, nx, ny, 0.25 * dxy);
  else {
    const s = nx + ny;
    genericMergeT(0, D, n, x, y, nx, ny, (nx * ny * dxy) / (s * s));
  }
}

// @ts-ignore: decorator
@inline
function genericMergeT(median: i32, D: usize, n: i32, x: i32, y: i32, nx: f64, ny: f64, c: f64): void {
  const NT = (n + 7) >> 3;
  const act = gAct;
  const abase = gAbase;
  const cnt = gCnt;
  const cx = colOff(x);
  const cy = colOff(y);
  const px = position(act, cnt, x);
  const py = position(act, cnt, y);
  for (let t = 0; t < px; t++) {
    const b = load<usize>(abase + (<usize>t << 2));
    const a = load<f64>(b + cx);
    store<f64>(b + cx, Infinity);
    store<f64>(b + cy, lwGeneric(median, a, load<f64>(b + cy), nx, ny, c));
  }
  const bx = rowBase(D, NT, x);
  for (let t = px + 1; t < py; t++) {
    const q = load<usize>(abase + (<usize>t << 2)) + cy;
    const z = load<i32>(act + (<usize>t << 2));
    store<f64>(q, lwGeneric(median, load<f64>(bx + colOff(z)), load<f64>(q), nx, ny, c));
  }
  // z > y: rows x and y densely (dead slots and padding hold +∞ in both: +∞ out)
  const by = rowBase(D, NT, y);
  const Y = y >> 3;
  const end = (Y + 1) << 3;
  for (let z = y + 1; z < end; z++) {
    const o = colOff(z);
    store<f64>(by + o, lwGeneric(median, load<f64>(bx + o), load<f64>(by + o), nx, ny, c));
  }
  let qx = chunk(D, NT, x, Y + 1);
  let qy = chunk(D, NT, y, Y + 1);
  const vx = f64x2.splat(nx);
  const vy = f64x2.splat(ny);
  const vs = f64x2.splat(nx + ny);
  const vc = f64x2.splat(c);
  for (let J = Y + 1; J < NT; J++) {
    v128.store(qy, lwGeneric2(median, v128.load(qx), v128.load(qy), vx, vy, vs, vc));
    v128.store(qy, lwGeneric2(median, v128.load(qx, 16), v128.load(qy, 16), vx, vy, vs, vc), 16);
    v128.store(qy, lwGeneric2(median, v128.load(qx, 64), v128.load(qy, 64), vx, vy, vs, vc), 64);
    v128.store(qy, lwGeneric2(median, v128.load(qx, 80), v128.load(qy, 80), vx, vy, vs, vc), 80);
    qx += 512;
    qy += 512;
  }
  const tail = <usize>(cnt - px - 1) << 2;
  memory.copy(act + (<usize>px << 2), act + (<usize>(px + 1) << 2), tail);
  memory.copy(abase + (<usize>px << 2), abase + (<usize>(px + 1) << 2), tail);
  gCnt = cnt - 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Single linkage by Prim's algorithm on the fly (the reference mstVector): the distances of the newest tree point p
// to every point not yet in the tree, 8 per step (lanes = points, features in order, any metric), best[j] ←
// min(best[j], d(p, j)) and the strict minimum of best over those points (lowest index on ties).
// The points outside the tree are kept COMPACTED (as the centres above): xt (d×stride) holds them at positions
// 0 … used−1 in slot order (posSlot: position → slot), so the lowest position is the lowest slot; a point that joins
// the tree leaves a hole with best = NaN (never updated, never a minimum) and the holes are squeezed out at 1/16.
// Pruning (exact; not for cosine, whose partial dot products are not monotone): after the 3rd and 6th feature, a
// block whose every lane has a partial sum (max, for chebyshev) s′ ≥ best_j — ≥ best_j²·(1 + 2⁻⁴⁰) for euclidean,
// whose final √ is monotone and correctly rounded — cannot lower any best_j, so its distances are not finished.

let mBest: usize = 0;
let mPosSlot: usize = 0;
let mX: usize = 0;
let mXt: usize = 0;
let mNorms: usize = 0;
let mPNorms: usize = 0;
let mN: i32 = 0;
let mD: i32 = 0;
let mMetric: i32 = 0;
let mP: i32 = 0;
let mPpos: i32 = 0;
let mUsed: i32 = 0;
let mDead: i32 = 0;
let mOut: usize = 0;

/**
 * Starts Prim's algorithm over the observations: x n×d, xt (d×np, from {@link transposePadded}; compacted here),
 * norms np (cosine, by slot), pnorms np (scratch: the norms by position), best np f64 and posSlot np i32 scratch,
 * out ((n−1)·4 f64) OUT: unsorted rows [p, y, height, 0]. The steps are made by {@link mstSteps}, in batches (see
 * nnChainInit).
 */
export function mstInit(
  metric: i32,
  x: usize,
  xt: usize,
  n: i32,
  d: i32,
  norms: usize,
  pnorms: usize,
  best: usize,
  posSlot: usize,
  out: usize,
): void {
  const np = ((n + 7) >> 3) << 3;
  for (let i = 0; i < np; i++) {
    store<f64>(best + (<usize>i << 3), i < n ? Infinity : NaN);
    store<f64>(pnorms + (<usize>i << 3), metric === COSINE ? load<f64>(norms + (<usize>i << 3)) : 0);
    store<i32>(posSlot + (<usize>i << 2), i);
  }
  mBest = best;
  mPosSlot = posSlot;
  mX = x;
  mXt = xt;
  mNorms = norms;
  mPNorms = pnorms;
  mN = n;
  mD = d;
  mMetric = metric;
  mP = 0;
  mPpos = 0;
  mUsed = n;
  mDead = 0;
  mOut = out;
}

/** Steps k0 … k1−1 of Prim's algorithm started by {@link mstInit}. */
export function mstSteps(k0: i32, k1: i32): void {
  const m = mMetric;
  if (m === EUCLIDEAN) mstStepsT(EUCLIDEAN, k0, k1);
  else if (m === SQEUCLIDEAN) mstStepsT(SQEUCLIDEAN, k0, k1);
  else if (m === CITYBLOCK) mstStepsT(CITYBLOCK, k0, k1);
  else if (m === COSINE) mstStepsT(COSINE, k0, k1);
  else mstStepsT(CHEBYSHEV, k0, k1);
}

/** Squeezes the holes (best NaN) out of the positions in use, in order; the freed tail becomes holes. */
function mstCompact(): void {
  const used = mUsed;
  const best = mBest;
  const colBytes = <usize>(((mN + 7) >> 3) << 3) << 3;
  for (let k = 0; k < mD; k++) {
    const col = mXt + <usize>k * colBytes;
    let w = 0;
    for (let i = 0; i < used; i++) {
      const v = load<f64>(best + (<usize>i << 3));
      if (v != v) continue;
      store<f64>(col + (<usize>w << 3), load<f64>(col + (<usize>i << 3)));
      w++;
    }
  }
  let w = 0;
  for (let i = 0; i < used; i++) {
    const v = load<f64>(best + (<usize>i << 3));
    if (v != v) continue;
    store<f64>(best + (<usize>w << 3), v);
    store<f64>(mPNorms + (<usize>w << 3), load<f64>(mPNorms + (<usize>i << 3)));
    store<i32>(mPosSlot + (<usize>w << 2), load<i32>(mPosSlot + (<usize>i << 2)));
    w++;
  }
  const end = (used + 7) & ~7;
  for (let i = w; i < end; i++) store<f64>(best + (<usize>i << 3), NaN);
  mUsed = w;
  mDead = 0;
}

/** The pruning thresholds of one f64x2 of best values b (see the section comment); holes (NaN) always pass. */
// @ts-ignore: decorator
@inline
function mstPrunes(metric: i32, s: v128, b: v128): v128 {
  let t = b;
  if (metric === EUCLIDEAN) {
    t = f64x2.mul(f64x2.mul(b, b), f64x2.splat(1.0000000000009095));
    t = v128.bitselect(t, f64x2.splat(Infinity), f64x2.gt(b, f64x2.splat(1e-120)));
  }
  return v128.or(f64x2.ge(s, t), f64x2.ne(b, b));
}

// @ts-ignore: decorator
@inline
function mstStepsT(metric: i32, k0: i32, k1: i32): void {
  const n = mN;
  const d = mD;
  const np = ((n + 7) >> 3) << 3;
  const xt = mXt;
  const best = mBest;
  const colBytes = <usize>np << 3;
  const inf = f64x2.splat(Infinity);
  const zero = f64x2.splat(0);
  const eight = i64x2.splat(8);
  const c2 = i64x2.splat(2);
  const c4 = i64x2.splat(4);
  const c6 = i64x2.splat(6);
  const p1 = metric !== COSINE && d > 4 ? 2 : -1;
  const p2 = metric !== COSINE && d > 7 ? 5 : -1;
  let p = mP;
  let ppos = mPpos;
  for (let k = k0; k < k1; k++) {
    // p joins the tree: its position becomes a hole
    if (ppos >= 0) {
      store<f64>(best + (<usize>ppos << 3), NaN);
      mDead++;
      if (mDead >= 8 && mDead * 16 >= mUsed) mstCompact();
    }
    const end = (mUsed + 7) & ~7;
    const na = f64x2.splat(metric === COSINE ? load<f64>(mNorms + (<usize>p << 3)) : 0);
    const pa = mX + ((<usize>p * d) << 3);
    let m0 = inf;
    let m1 = inf;
    let m2 = inf;
    let m3 = inf;
    let i0 = i64x2.splat(-1);
    let i1 = i0;
    let i2 = i0;
    let i3 = i0;
    let iv = i64x2(0, 1);
    for (let j = 0; j < end; j += 8) {
      let s0 = zero;
      let s1 = zero;
      let s2 = zero;
      let s3 = zero;
      let q = xt + (<usize>j << 3);
      let a = pa;
      const pb = best + (<usize>j << 3);
      let b0 = v128.load(pb);
      let b1 = v128.load(pb, 16);
      let b2 = v128.load(pb, 32);
      let b3 = v128.load(pb, 48);
      let pruned = false;
      for (let t = 0; t < d; t++) {
        const c = v128.load64_splat(a);
        s0 = step(metric, s0, c, v128.load(q));
        s1 = step(metric, s1, c, v128.load(q, 16));
        s2 = step(metric, s2, c, v128.load(q, 32));
        s3 = step(metric, s3, c, v128.load(q, 48));
        q += colBytes;
        a += 8;
        if (
          (t === p1 || t === p2) &&
          i64x2.all_true(
            v128.and(
              v128.and(mstPrunes(metric, s0, b0), mstPrunes(metric, s1, b1)),
              v128.and(mstPrunes(metric, s2, b2), mstPrunes(metric, s3, b3)),
            ),
          )
        ) {
          pruned = true;
          break;
        }
      }
      if (!pruned) {
        const nb = mPNorms + (<usize>j << 3);
        s0 = finish(metric, s0, na, metric === COSINE ? v128.load(nb) : zero);
        s1 = finish(metric, s1, na, metric === COSINE ? v128.load(nb, 16) : zero);
        s2 = finish(metric, s2, na, metric === COSINE ? v128.load(nb, 32) : zero);
        s3 = finish(metric, s3, na, metric === COSINE ? v128.load(nb, 48) : zero);
        // best ← best > dist ? dist : best (the reference's update; a hole's NaN stays)
        b0 = v128.bitselect(s0, b0, f64x2.gt(b0, s0));
        b1 = v128.bitselect(s1, b1, f64x2.gt(b1, s1));
        b2 = v128.bitselect(s2, b2, f64x2.gt(b2, s2));
        b3 = v128.bitselect(s3, b3, f64x2.gt(b3, s3));
        v128.store(pb, b0);
        v128.store(pb, b1, 16);
        v128.store(pb, b2, 32);
        v128.store(pb, b3, 48);
      }
      const l0 = f64x2.lt(b0, m0);
      const l1 = f64x2.lt(b1, m1);
      const l2 = f64x2.lt(b2, m2);
      const l3 = f64x2.lt(b3, m3);
      m0 = v128.bitselect(b0, m0, l0);
      m1 = v128.bitselect(b1, m1, l1);
      m2 = v128.bitselect(b2, m2, l2);
      m3 = v128.bitselect(b3, m3, l3);
      i0 = v128.bitselect(iv, i0, l0);
      i1 = v128.bitselect(i64x2.add(iv, c2), i1, l1);
      i2 = v128.bitselect(i64x2.add(iv, c4), i2, l2);
      i3 = v128.bitselect(i64x2.add(iv, c6), i3, l3);
      iv = i64x2.add(iv, eight);
    }
    let bv: f64 = Infinity;
    let bi: i64 = -1;
    for (let h = 0; h < 8; h++) {
      const g = h >> 1;
      const mv = g === 0 ? m0 : g === 1 ? m1 : g === 2 ? m2 : m3;
      const mi = g === 0 ? i0 : g === 1 ? i1 : g === 2 ? i2 : i3;
      const v = (h & 1) === 0 ? f64x2.extract_lane(mv, 0) : f64x2.extract_lane(mv, 1);
      const ix = (h & 1) === 0 ? i64x2.extract_lane(mi, 0) : i64x2.extract_lane(mi, 1);
      if (ix >= 0 && (v < bv || (v === bv && ix < bi))) {
        bv = v;
        bi = ix;
      }
    }
    ppos = <i32>bi;
    const y = bi < 0 ? 0 : load<i32>(mPosSlot + (<usize>ppos << 2));
    const ro = mOut + ((<usize>k * 4) << 3);
    store<f64>(ro, <f64>p);
    store<f64>(ro, <f64>y, 8);
    store<f64>(ro, bv, 16);
    store<f64>(ro, 0, 24);
    p = y;
  }
  mP = p;
  mPpos = ppos;
}
