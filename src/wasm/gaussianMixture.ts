// AssemblyScript (compiled by scripts/build-wasm.mjs into src/engine/kernels/wasm/gaussianMixture.generated.ts; not part of
// the TypeScript build). Gaussian-mixture EM kernels over f64 in WebAssembly SIMD (128-bit): the E-step (weighted log
// densities of every component, then log-sum-exp responsibilities and the per-row log-likelihood) with 4 rows of a
// block across the lanes of two f64x2 registers; the M-step weighted sums / weighted squares with all components
// accumulated in one pass over the rows (coordinates in pairs), and the full/tied scatter per component in register
// tiles of 4 × 4 entries over tiles of 64 rows. All pointers are byte offsets into the imported memory; the caller
// (src/mixture/wasm.ts) lays the buffers out.
//
// Exactness contract (tested in test/mixture/wasm.test.ts): every lane performs, for its row, the same IEEE
// operations in the same order as the plain-TypeScript reference (src/mixture/estep.ts, unrolled.ts,
// covariance.ts), so the weighted log densities, the weighted sums, squares and scatters are bit-identical. The
// only extra operations are additions of exact zeros (the upper-triangular factor is padded to a multiple of 4
// columns with zeros; a zero term added after the last real one leaves the sum unchanged up to the sign of a zero,
// which is squared away) and scatter entries below the diagonal, computed in a tile and ignored. The exponential
// and logarithm of the log-sum-exp are fdlibm's `exp` and `log` (as in V8's base::ieee754), re-implemented here,
// with the exponential also evaluated 2 or 4 lanes at a time along the same operations: responsibilities are bit-identical to Math.exp-based ones wherever the JavaScript engine's Math.exp is
// fdlibm's (V8), and the log-likelihood wherever Math.log is too (V8 up to 2024; later V8 rounds log correctly,
// which differs by at most 1 ulp per row).
//
// Buffer layouts:
//   xb   the data in blocks of 4 rows: block b, coordinate j at xb + (b·d + j)·32, the 4 rows' values in order
//        (rows past n are zero); two v128 loads give rows (4b, 4b+1) and (4b+2, 4b+3).
//   x    the data row-major n×d (M-step kernels).
//   par  per component c at par + c·stride·8: cst (log πc − ½d·log 2π + log det Tc), the mean (d), then the
//        factor: kind 0 (full/tied) the upper-triangular Tc as d rows of dq = ⌈d/4⌉·4 values (row t holds Tc[t][j]
//        for j ≥ t, zero elsewhere); kind 1 (diag) the d precisions tⱼ²; kind 2 (spherical) the precision t².
//   resp n4×k (n4 = 4·⌈n/4⌉): weighted log densities, or responsibilities.

/** First free byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------------------------
// fdlibm exp and log (Sun Microsystems, 1993: freely usable with this notice), the algorithms of V8's Math.exp and
// (up to 2024) Math.log, as a reference-equal re-implementation.

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.442695040888963387;
const P1: f64 = 1.66666666666666019037e-1;
const P2: f64 = -2.77777777770155933842e-3;
const P3: f64 = 6.61375632143793436117e-5;
const P4: f64 = -1.6533902205465251539e-6;
const P5: f64 = 4.13813679705723846039e-8;
const O_THRESHOLD: f64 = 7.09782712893383973096e2;
const U_THRESHOLD: f64 = -7.4513321910194110842e2;
const TWOM1000: f64 = 9.33263618503218878990e-302;
const TWO1023: f64 = 8.988465674311579539e307;
const E_CONST: f64 = 2.718281828459045;

/** fdlibm exp(x). */
export function expRef(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let hx = <u32>(bits >> 32);
  const xsb = <i32>(hx >> 31);
  hx &= 0x7fffffff;
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>bits) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0.0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x == 1.0) return E_CONST;
      hi = x - (xsb != 0 ? -LN2_HI : LN2_HI);
      lo = xsb != 0 ? -LN2_LO : LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(INV_LN2 * x + (xsb != 0 ? -0.5 : 0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1.0 + x;
  }
  const t = x * x;
  const twopk =
    k >= -1021 ? reinterpret<f64>(<u64>(0x3ff + k) << 52) : reinterpret<f64>(<u64>(0x3ff + k + 1000) << 52);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO1023;
    return y * twopk;
  }
  return y * twopk * TWOM1000;
}

const TWO54: f64 = 1.8014398509481984e16;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

/** fdlibm log(x). */
export function logRef(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <u32>bits;
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((bits & 0xffffffff) | (<u64>(<u32>(hx | (i ^ 0x3ff00000))) << 32));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk0 = <f64>k;
      return dk0 * LN2_HI + dk0 * LN2_LO;
    }
    const r0 = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - r0;
    const dk1 = <f64>k;
    return dk1 * LN2_HI - (r0 - dk1 * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  if (k == 0) return f - s * (f - r);
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

/** |t| ≥ this ⟺ fdlibm's high-word test hx > 0x3FD62E42 (|t| > ½ ln 2). */
const HALF_LN2_BOUND: f64 = reinterpret<f64>(<u64>0x3fd62e43 << 32);
/** |t| < 2⁻²⁸ (hx < 0x3E300000). */
const TINY_BOUND: f64 = reinterpret<f64>(<u64>0x3e300000 << 32);

/**
 * fdlibm's reduced-argument tail for k ≠ 0: t = k·ln2 + x with hi = t − k·ln2_hi, lo = k·ln2_lo, x = hi − lo, then
 * (1 − ((lo − (x·c)/(2 − c)) − hi))·2ᵏ with c = x − x²·P(x²). For t ≤ 0 with ½ ln 2 < |t| the scalar code's
 * k = (int)(t/ln 2 − ½) — and in its 1.5 ln 2 branch k = −1, which that formula also gives there, with the same hi
 * and lo (−1·ln2_hi = −ln2_hi exactly).
 */
// @ts-ignore: decorator
@inline
function expTail(t: v128, k64: v128, tk: v128): v128 {
  const hi = f64x2.sub(t, f64x2.mul(tk, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(tk, f64x2.splat(LN2_LO));
  const x = f64x2.sub(hi, lo);
  const c = expC(x);
  const two = f64x2.splat(2.0);
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, f64x2.div(f64x2.mul(x, c), f64x2.sub(two, c))), hi));
  const twopk = i64x2.shl(i64x2.add(k64, i64x2.splat(0x3ff)), 52);
  return f64x2.mul(y, twopk);
}

/** c = x − x²·(P1 + x²·(P2 + x²·(P3 + x²·(P4 + x²·P5)))). */
// @ts-ignore: decorator
@inline
function expC(x: v128): v128 {
  const xx = f64x2.mul(x, x);
  let p = f64x2.add(f64x2.splat(P4), f64x2.mul(xx, f64x2.splat(P5)));
  p = f64x2.add(f64x2.splat(P3), f64x2.mul(xx, p));
  p = f64x2.add(f64x2.splat(P2), f64x2.mul(xx, p));
  p = f64x2.add(f64x2.splat(P1), f64x2.mul(xx, p));
  return f64x2.sub(x, f64x2.mul(xx, p));
}

/**
 * fdlibm exp of both lanes, for −707 ≤ t ≤ 0 (no overflow, no subnormal result: k ≥ −1021): the scalar algorithm's
 * branches evaluated lane-wise and selected, so each lane equals {@link expRef}. When both lanes have |t| > ½ ln 2
 * (the common case in a log-sum-exp) only the k ≠ 0 tail is evaluated.
 */
// @ts-ignore: decorator
@inline
function expPair(t: v128): v128 {
  const a = f64x2.abs(t);
  const big = f64x2.ge(a, f64x2.splat(HALF_LN2_BOUND));
  const ki = i32x4.trunc_sat_f64x2_s_zero(f64x2.sub(f64x2.mul(f64x2.splat(INV_LN2), t), f64x2.splat(0.5)));
  if (i64x2.all_true(big)) {
    return expTail(t, i64x2.extend_low_i32x4_s(ki), f64x2.convert_low_i32x4_s(ki));
  }
  // Mixed: k = 0 below ½ ln 2 (x = t, 1 − ((x·c)/(c − 2) − x)), 1 + t below 2⁻²⁸.
  const k64 = v128.and(i64x2.extend_low_i32x4_s(ki), big);
  const tk = v128.and(f64x2.convert_low_i32x4_s(ki), big);
  const r1 = expTail(t, k64, tk);
  const c0 = expC(t);
  const r0 = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.div(f64x2.mul(t, c0), f64x2.sub(c0, f64x2.splat(2.0))), t));
  const tiny = f64x2.lt(a, f64x2.splat(TINY_BOUND));
  return v128.bitselect(f64x2.add(f64x2.splat(1.0), t), v128.bitselect(r1, r0, big), tiny);
}

/**
 * fdlibm exp of two vectors (4 values) t ≤ 0: when every lane has ½ ln 2 < |t| ≤ 707 (k ≠ 0), |t| < 2⁻²⁸ (1 + t;
 * the row maximum, t = 0, is one) or t below the underflow threshold (0), only those branches, side by side (independent chains for the out-of-order
 * core); otherwise {@link expLanes} on each. Writes the 4 results at out.
 */
// @ts-ignore: decorator
@inline
function expQuad(ta: v128, tb: v128, out: usize): void {
  const lo = f64x2.splat(-707.0);
  const hb = f64x2.splat(-HALF_LN2_BOUND);
  const tinyB = f64x2.splat(TINY_BOUND);
  const tinyA = f64x2.lt(f64x2.abs(ta), tinyB);
  const tinyBv = f64x2.lt(f64x2.abs(tb), tinyB);
  const ut = f64x2.splat(U_THRESHOLD);
  const underA = f64x2.lt(ta, ut);
  const underB = f64x2.lt(tb, ut);
  const fast = v128.and(
    v128.or(v128.or(v128.and(f64x2.ge(ta, lo), f64x2.le(ta, hb)), tinyA), underA),
    v128.or(v128.or(v128.and(f64x2.ge(tb, lo), f64x2.le(tb, hb)), tinyBv), underB),
  );
  if (i64x2.all_true(fast)) {
    const half = f64x2.splat(0.5);
    const il = f64x2.splat(INV_LN2);
    const ka = i32x4.trunc_sat_f64x2_s_zero(f64x2.sub(f64x2.mul(il, ta), half));
    const kb = i32x4.trunc_sat_f64x2_s_zero(f64x2.sub(f64x2.mul(il, tb), half));
    const ra = expTail(ta, i64x2.extend_low_i32x4_s(ka), f64x2.convert_low_i32x4_s(ka));
    const rb = expTail(tb, i64x2.extend_low_i32x4_s(kb), f64x2.convert_low_i32x4_s(kb));
    const one = f64x2.splat(1.0);
    v128.store(out, v128.andnot(v128.bitselect(f64x2.add(one, ta), ra, tinyA), underA));
    v128.store(out, v128.andnot(v128.bitselect(f64x2.add(one, tb), rb, tinyBv), underB), 16);
    return;
  }
  v128.store(out, expLanes(ta));
  v128.store(out, expLanes(tb), 16);
}

/** exp of n values (n even): four at a time ({@link expQuad}), then two ({@link expLanes}) (for tests). */
export function expArray(src: usize, n: i32, dst: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = src + (<usize>i << 3);
    expQuad(v128.load(p), v128.load(p, 16), dst + (<usize>i << 3));
  }
  for (; i < n; i += 2) {
    const t = v128.load(src + (<usize>i << 3));
    store<v128>(dst + (<usize>i << 3), expLanes(t));
  }
}

/**
 * Lane-wise fdlibm exp of t ≤ 0 (NaN-safe): 0 for t < −745.13… (fdlibm's underflow threshold), {@link expPair} for
 * t in [−707, 0], and the scalar {@link expRef} for both lanes when one is elsewhere (subnormal results, t > 0, NaN).
 */
// @ts-ignore: decorator
@inline
function expLanes(t: v128): v128 {
  const under = f64x2.lt(t, f64x2.splat(U_THRESHOLD));
  const ok = v128.or(v128.and(f64x2.ge(t, f64x2.splat(-707.0)), f64x2.le(t, f64x2.splat(0.0))), under);
  if (i64x2.all_true(under)) return f64x2.splat(0);
  if (i64x2.all_true(ok)) return v128.andnot(expPair(t), under);
  return f64x2.replace_lane(
    f64x2.splat(expRef(f64x2.extract_lane(t, 0))),
    1,
    expRef(f64x2.extract_lane(t, 1)),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// E-step

/**
 * Weighted log densities of the 4 rows of block xp for component c into A (2 v128: rows 0–1, rows 2–3), with
 * kind 0 (full/tied), 1 (diag) or 2 (spherical). D: scratch of d·32 bytes (kind 0).
 */
// @ts-ignore: decorator
@inline
function blockLogProb(xp: usize, d: i32, kind: i32, pc: usize, dq: i32, D: usize, A: usize): void {
  const cst = f64x2.splat(load<f64>(pc));
  const mu = pc + 8;
  const half = f64x2.splat(0.5);
  let sa = f64x2.splat(0);
  let sb = sa;
  if (kind == 0) {
    const f = mu + (<usize>d << 3);
    for (let t = 0; t < d; t++) {
      const m = v128.load64_splat(mu + (<usize>t << 3));
      const q = xp + (<usize>t << 5);
      v128.store(D + (<usize>t << 5), f64x2.sub(v128.load(q), m));
      v128.store(D + (<usize>t << 5), f64x2.sub(v128.load(q, 16), m), 16);
    }
    for (let jb = 0; jb < d; jb += 4) {
      let y0a = f64x2.splat(0);
      let y0b = y0a;
      let y1a = y0a;
      let y1b = y0a;
      let y2a = y0a;
      let y2b = y0a;
      let y3a = y0a;
      let y3b = y0a;
      const tEnd = min(jb + 4, d);
      for (let t = 0; t < tEnd; t++) {
        const dp = D + (<usize>t << 5);
        const da = v128.load(dp);
        const db = v128.load(dp, 16);
        const fp = f + ((<usize>(t * dq + jb)) << 3);
        const u0 = v128.load64_splat(fp);
        const u1 = v128.load64_splat(fp, 8);
        const u2 = v128.load64_splat(fp, 16);
        const u3 = v128.load64_splat(fp, 24);
        y0a = f64x2.add(y0a, f64x2.mul(da, u0));
        y0b = f64x2.add(y0b, f64x2.mul(db, u0));
        y1a = f64x2.add(y1a, f64x2.mul(da, u1));
        y1b = f64x2.add(y1b, f64x2.mul(db, u1));
        y2a = f64x2.add(y2a, f64x2.mul(da, u2));
        y2b = f64x2.add(y2b, f64x2.mul(db, u2));
        y3a = f64x2.add(y3a, f64x2.mul(da, u3));
        y3b = f64x2.add(y3b, f64x2.mul(db, u3));
      }
      sa = f64x2.add(sa, f64x2.mul(y0a, y0a));
      sb = f64x2.add(sb, f64x2.mul(y0b, y0b));
      if (jb + 1 < d) {
        sa = f64x2.add(sa, f64x2.mul(y1a, y1a));
        sb = f64x2.add(sb, f64x2.mul(y1b, y1b));
      }
      if (jb + 2 < d) {
        sa = f64x2.add(sa, f64x2.mul(y2a, y2a));
        sb = f64x2.add(sb, f64x2.mul(y2b, y2b));
      }
      if (jb + 3 < d) {
        sa = f64x2.add(sa, f64x2.mul(y3a, y3a));
        sb = f64x2.add(sb, f64x2.mul(y3b, y3b));
      }
    }
    v128.store(A, f64x2.sub(cst, f64x2.mul(half, sa)));
    v128.store(A, f64x2.sub(cst, f64x2.mul(half, sb)), 16);
  } else if (kind == 1) {
    const pr = mu + (<usize>d << 3);
    for (let j = 0; j < d; j++) {
      const m = v128.load64_splat(mu + (<usize>j << 3));
      const p = v128.load64_splat(pr + (<usize>j << 3));
      const q = xp + (<usize>j << 5);
      const ua = f64x2.sub(v128.load(q), m);
      const ub = f64x2.sub(v128.load(q, 16), m);
      sa = f64x2.add(sa, f64x2.mul(f64x2.mul(ua, ua), p));
      sb = f64x2.add(sb, f64x2.mul(f64x2.mul(ub, ub), p));
    }
    v128.store(A, f64x2.sub(cst, f64x2.mul(half, sa)));
    v128.store(A, f64x2.sub(cst, f64x2.mul(half, sb)), 16);
  } else {
    const p = v128.load64_splat(mu + (<usize>d << 3));
    for (let j = 0; j < d; j++) {
      const m = v128.load64_splat(mu + (<usize>j << 3));
      const q = xp + (<usize>j << 5);
      const ua = f64x2.sub(v128.load(q), m);
      const ub = f64x2.sub(v128.load(q, 16), m);
      sa = f64x2.add(sa, f64x2.mul(ua, ua));
      sb = f64x2.add(sb, f64x2.mul(ub, ub));
    }
    v128.store(A, f64x2.sub(cst, f64x2.mul(f64x2.mul(half, sa), p)));
    v128.store(A, f64x2.sub(cst, f64x2.mul(f64x2.mul(half, sb), p)), 16);
  }
}

/** Stores the 4 lanes of (va, vb) into resp rows r0..r0+3, column c. */
// @ts-ignore: decorator
@inline
function storeColumn(resp: usize, r0: i32, k: i32, c: i32, va: v128, vb: v128): void {
  const p = resp + ((<usize>(r0 * k + c)) << 3);
  const rs = <usize>k << 3;
  store<f64>(p, f64x2.extract_lane(va, 0));
  store<f64>(p + rs, f64x2.extract_lane(va, 1));
  store<f64>(p + 2 * rs, f64x2.extract_lane(vb, 0));
  store<f64>(p + 3 * rs, f64x2.extract_lane(vb, 1));
}

/**
 * E-step over the blocks [b0, b1) of xb (see the header for the layouts). fused = 0: writes the weighted log
 * densities into resp and returns 0. fused = 1: writes the responsibilities (log-sum-exp per row, as
 * responsibilitiesInPlace) and, when lpn ≠ 0, the per-row log-likelihoods ℓᵢ into lpn; returns Σᵢ ℓᵢ over the rows
 * i < n, added in row order. scratch: (d + 2k)·32 bytes.
 */
export function estep(
  xb: usize,
  b0: i32,
  b1: i32,
  n: i32,
  d: i32,
  k: i32,
  kind: i32,
  par: usize,
  stride: i32,
  dq: i32,
  resp: usize,
  fused: i32,
  lpn: usize,
  scratch: usize,
): f64 {
  const D = scratch;
  const A = D + (<usize>d << 5);
  const E = A + (<usize>k << 5);
  let total: f64 = 0;
  for (let b = b0; b < b1; b++) {
    const xp = xb + ((<usize>b * d) << 5);
    for (let c = 0; c < k; c++) {
      blockLogProb(xp, d, kind, par + ((<usize>c * stride) << 3), dq, D, A + (<usize>c << 5));
    }
    const r0 = b << 2;
    if (fused == 0) {
      for (let c = 0; c < k; c++) {
        const ap = A + (<usize>c << 5);
        storeColumn(resp, r0, k, c, v128.load(ap), v128.load(ap, 16));
      }
      continue;
    }
    // log-sum-exp per row, lane-wise: m = max (first of equals kept), e = exp(a − m), s = Σ e, γ = e·(1/s).
    let ma = v128.load(A);
    let mb = v128.load(A, 16);
    for (let c = 1; c < k; c++) {
      const ap = A + (<usize>c << 5);
      ma = f64x2.pmax(ma, v128.load(ap));
      mb = f64x2.pmax(mb, v128.load(ap, 16));
    }
    let sa = f64x2.splat(0);
    let sb = sa;
    for (let c = 0; c < k; c++) {
      const ap = A + (<usize>c << 5);
      const ep = E + (<usize>c << 5);
      expQuad(f64x2.sub(v128.load(ap), ma), f64x2.sub(v128.load(ap, 16), mb), ep);
      sa = f64x2.add(sa, v128.load(ep));
      sb = f64x2.add(sb, v128.load(ep, 16));
    }
    const one = f64x2.splat(1.0);
    const ia = f64x2.div(one, sa);
    const ib = f64x2.div(one, sb);
    for (let c = 0; c < k; c++) {
      const ep = E + (<usize>c << 5);
      storeColumn(resp, r0, k, c, f64x2.mul(v128.load(ep), ia), f64x2.mul(v128.load(ep, 16), ib));
    }
    const l0 = f64x2.extract_lane(ma, 0) + logRef(f64x2.extract_lane(sa, 0));
    const l1 = f64x2.extract_lane(ma, 1) + logRef(f64x2.extract_lane(sa, 1));
    const l2 = f64x2.extract_lane(mb, 0) + logRef(f64x2.extract_lane(sb, 0));
    const l3 = f64x2.extract_lane(mb, 1) + logRef(f64x2.extract_lane(sb, 1));
    if (r0 < n) total += l0;
    if (r0 + 1 < n) total += l1;
    if (r0 + 2 < n) total += l2;
    if (r0 + 3 < n) total += l3;
    if (lpn != 0) {
      const lp = lpn + (<usize>r0 << 3);
      store<f64>(lp, l0);
      store<f64>(lp, l1, 8);
      store<f64>(lp, l2, 16);
      store<f64>(lp, l3, 24);
    }
  }
  return total;
}

/** Copies row-major x (n×d) into the 4-row block layout xb (rows past n zero). */
export function toBlocks(x: usize, n: i32, d: i32, xb: usize): void {
  const nb = (n + 3) >> 2;
  for (let b = 0; b < nb; b++) {
    for (let q = 0; q < 4; q++) {
      const i = (b << 2) + q;
      for (let j = 0; j < d; j++) {
        const v = i < n ? load<f64>(x + ((<usize>(i * d + j)) << 3)) : 0.0;
        store<f64>(xb + ((<usize>((b * d + j) * 4 + q)) << 3), v);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// M-step: one pass over the rows, every component's accumulators in memory (k·d values, in cache), the row's
// coordinates in pairs. Per (component, coordinate) the sum runs over the rows in order, skipping γ = 0, with the
// reference's operations: bit-identical to weightedSumKernel / weightedSquaresKernel.

/**
 * acc[c·d + j] = Σᵢ γᵢc·xᵢⱼ and tot[c] = Σᵢ γᵢc over rows [i0, i1) (added to acc and tot: zero them first).
 * x n×d IN; resp n×k IN; acc k×d INOUT; tot k INOUT.
 */
export function weightedSums(x: usize, i0: i32, i1: i32, d: i32, resp: usize, k: i32, acc: usize, tot: usize): void {
  const dp = d & ~1;
  for (let i = i0; i < i1; i++) {
    const xr = x + ((<usize>i * d) << 3);
    const rr = resp + ((<usize>i * k) << 3);
    for (let c = 0; c < k; c++) {
      const r = load<f64>(rr + (<usize>c << 3));
      if (r == 0) continue;
      const tp = tot + (<usize>c << 3);
      store<f64>(tp, load<f64>(tp) + r);
      const rv = f64x2.splat(r);
      const ap = acc + ((<usize>c * d) << 3);
      let j = 0;
      for (; j < dp; j += 2) {
        const o = <usize>j << 3;
        v128.store(ap + o, f64x2.add(v128.load(ap + o), f64x2.mul(rv, v128.load(xr + o))));
      }
      if (j < d) {
        const o = <usize>j << 3;
        store<f64>(ap + o, load<f64>(ap + o) + r * load<f64>(xr + o));
      }
    }
  }
}

/**
 * acc[c·d + j] = Σᵢ (γᵢc·uᵢⱼ)·uᵢⱼ with u = xᵢ − μc, over rows [i0, i1) (added: zero acc first).
 * x n×d IN; resp n×k IN; means k×d IN; acc k×d INOUT.
 */
export function weightedSquares(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  resp: usize,
  k: i32,
  means: usize,
  acc: usize,
): void {
  const dp = d & ~1;
  for (let i = i0; i < i1; i++) {
    const xr = x + ((<usize>i * d) << 3);
    const rr = resp + ((<usize>i * k) << 3);
    for (let c = 0; c < k; c++) {
      const r = load<f64>(rr + (<usize>c << 3));
      if (r == 0) continue;
      const rv = f64x2.splat(r);
      const ap = acc + ((<usize>c * d) << 3);
      const mp = means + ((<usize>c * d) << 3);
      let j = 0;
      for (; j < dp; j += 2) {
        const o = <usize>j << 3;
        const u = f64x2.sub(v128.load(xr + o), v128.load(mp + o));
        v128.store(ap + o, f64x2.add(v128.load(ap + o), f64x2.mul(f64x2.mul(rv, u), u)));
      }
      if (j < d) {
        const o = <usize>j << 3;
        const u = load<f64>(xr + o) - load<f64>(mp + o);
        store<f64>(ap + o, load<f64>(ap + o) + r * u * u);
      }
    }
  }
}

/**
 * Scatter of component c over rows [i0, i1), accumulated in register tiles: accT[b·d4 + a] += (γᵢc·uₐ)·u_b for
 * a ≤ b (entries below the diagonal in a tile are computed too and ignored), u = xᵢ − μc, rows with γ = 0 skipped,
 * each entry summed over the rows in order (as scatterKernel). The rows are taken in tiles of 64: their γ and u
 * (padded with zeros to d4 = ⌈d/4⌉·4) are gathered first, then every (4 a × 4 b) tile of the accumulators runs over
 * them in 8 v128 registers, a in the lanes.
 * x n×d IN; resp n×k IN; mu (μc, d) IN; accT d4×d4 INOUT (zero it first); work: 65·d4 + 64 values.
 */
export function scatterComponent(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  resp: usize,
  k: i32,
  c: i32,
  mu: usize,
  accT: usize,
  work: usize,
): void {
  const d4 = (d + 3) & ~3;
  const R = work;
  const U = work + (64 << 3);
  const rowBytes = <usize>d4 << 3;
  const dp = d & ~1;
  // padding columns of U stay zero
  for (let q = 0; q < 64; q++) for (let j = d; j < d4; j++) store<f64>(U + <usize>q * rowBytes + (<usize>j << 3), 0);
  for (let t0 = i0; t0 < i1; t0 += 64) {
    const t1 = min(t0 + 64, i1);
    let m = 0;
    let rq = R;
    let ur = U;
    let xr = x + ((<usize>t0 * d) << 3);
    let rp = resp + ((<usize>(t0 * k + c)) << 3);
    const xStep = <usize>d << 3;
    const rStep = <usize>k << 3;
    for (let i = t0; i < t1; i++, xr += xStep, rp += rStep) {
      const r = load<f64>(rp);
      if (r == 0) continue;
      store<f64>(rq, r);
      let j = 0;
      for (; j < dp; j += 2) {
        const o = <usize>j << 3;
        v128.store(ur + o, f64x2.sub(v128.load(xr + o), v128.load(mu + o)));
      }
      if (j < d) store<f64>(ur + (<usize>j << 3), load<f64>(xr + (<usize>j << 3)) - load<f64>(mu + (<usize>j << 3)));
      rq += 8;
      ur += rowBytes;
      m++;
    }
    for (let a0 = 0; a0 < d; a0 += 4) {
      for (let b0 = a0; b0 < d; b0 += 4) {
        const ap = accT + ((<usize>(b0 * d4 + a0)) << 3);
        const bs = rowBytes;
        let s00 = v128.load(ap);
        let s10 = v128.load(ap, 16);
        let s01 = v128.load(ap + bs);
        let s11 = v128.load(ap + bs, 16);
        let s02 = v128.load(ap + 2 * bs);
        let s12 = v128.load(ap + 2 * bs, 16);
        let s03 = v128.load(ap + 3 * bs);
        let s13 = v128.load(ap + 3 * bs, 16);
        let rq2 = R;
        let ua = U + (<usize>a0 << 3);
        let bp = U + (<usize>b0 << 3);
        const rEnd = R + (<usize>m << 3);
        for (; rq2 < rEnd; rq2 += 8, ua += rowBytes, bp += rowBytes) {
          const rv = v128.load64_splat(rq2);
          const ra0 = f64x2.mul(rv, v128.load(ua));
          const ra1 = f64x2.mul(rv, v128.load(ua, 16));
          const u0 = v128.load64_splat(bp);
          const u1 = v128.load64_splat(bp, 8);
          const u2 = v128.load64_splat(bp, 16);
          const u3 = v128.load64_splat(bp, 24);
          s00 = f64x2.add(s00, f64x2.mul(ra0, u0));
          s10 = f64x2.add(s10, f64x2.mul(ra1, u0));
          s01 = f64x2.add(s01, f64x2.mul(ra0, u1));
          s11 = f64x2.add(s11, f64x2.mul(ra1, u1));
          s02 = f64x2.add(s02, f64x2.mul(ra0, u2));
          s12 = f64x2.add(s12, f64x2.mul(ra1, u2));
          s03 = f64x2.add(s03, f64x2.mul(ra0, u3));
          s13 = f64x2.add(s13, f64x2.mul(ra1, u3));
        }
        v128.store(ap, s00);
        v128.store(ap, s10, 16);
        v128.store(ap + bs, s01);
        v128.store(ap + bs, s11, 16);
        v128.store(ap + 2 * bs, s02);
        v128.store(ap + 2 * bs, s12, 16);
        v128.store(ap + 3 * bs, s03);
        v128.store(ap + 3 * bs, s13, 16);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fixed row blocks (src/mixture/blocks.ts): every sum over the rows is a sum of per-block partial sums, each block's
// taken from zero over its rows in order, the partials added in block order by the caller. A block's partial does
// not depend on which thread computed it, so the merged sums are bit-identical for any number of threads, and equal
// to the TypeScript reference's, which sums the same blocks the same way.

/**
 * The E-step (fused: responsibilities into resp) over the log-likelihood blocks [l0, l1) of 64 four-row blocks
 * (256 rows) each: llp[l] = Σ ℓᵢ over block l's rows i < n, from zero in row order. nb: the number of four-row
 * blocks (⌈n/4⌉); the other arguments as {@link estep}.
 */
export function estepBlocks(
  xb: usize,
  l0: i32,
  l1: i32,
  nb: i32,
  n: i32,
  d: i32,
  k: i32,
  kind: i32,
  par: usize,
  stride: i32,
  dq: i32,
  resp: usize,
  scratch: usize,
  llp: usize,
): void {
  for (let l = l0; l < l1; l++) {
    const b0 = l << 6;
    const s = estep(xb, b0, min(b0 + 64, nb), n, d, k, kind, par, stride, dq, resp, 1, 0, scratch);
    store<f64>(llp + (<usize>l << 3), s);
  }
}

/** dst[0..m) += src[0..m). */
// @ts-ignore: decorator
@inline
function addInto(dst: usize, src: usize, m: i32): void {
  for (let j = 0; j < m; j++) {
    const o = <usize>j << 3;
    store<f64>(dst + o, load<f64>(dst + o) + load<f64>(src + o));
  }
}

/**
 * Where block `blk`'s partial goes: with store ≠ 0, its own record at out + (blk − blk0)·m·8 (for the caller to
 * merge); else tmp, which the caller of this helper then adds into out. The record is zeroed.
 */
// @ts-ignore: decorator
@inline
function blockRecord(blk: i32, blk0: i32, m: i32, out: usize, tmp: usize, keep: i32): usize {
  const dst = keep != 0 ? out + ((<usize>(blk - blk0) * m) << 3) : tmp;
  memory.fill(dst, 0, <usize>m << 3);
  return dst;
}

/**
 * The O(k·d) M-step sums per block of B rows over the blocks [blk0, blk1), each block's record from zero over its
 * rows: with means = 0, Σᵢ γᵢc (k values) then Σᵢ γᵢc·xᵢ (k×d), as {@link weightedSums}; else Σᵢ (γᵢc·uᵢ)·uᵢ (k×d),
 * as {@link weightedSquares}. keep = 0: each record added into out in block order (out: the running sums; tmp: one
 * record of scratch); else stored at out + (blk − blk0)·record.
 */
export function linearBlocks(
  x: usize,
  blk0: i32,
  blk1: i32,
  B: i32,
  n: i32,
  d: i32,
  resp: usize,
  k: i32,
  means: usize,
  out: usize,
  tmp: usize,
  keep: i32,
): void {
  const m = means == 0 ? k + k * d : k * d;
  for (let blk = blk0; blk < blk1; blk++) {
    const dst = blockRecord(blk, blk0, m, out, tmp, keep);
    const i0 = blk * B;
    const i1 = min(i0 + B, n);
    if (means == 0) weightedSums(x, i0, i1, d, resp, k, dst + (<usize>k << 3), dst);
    else weightedSquares(x, i0, i1, d, resp, k, means, dst);
    if (keep == 0) addInto(out, tmp, m);
  }
}

/**
 * {@link linearBlocks} for the full/tied scatter: record (k × d(d+1)/2) = per component the packed upper triangle
 * (a ≤ b, row by row) of {@link scatterComponent} over the block's rows. accT: d4×d4 scratch; work as
 * scatterComponent's.
 */
export function scatterBlocks(
  x: usize,
  blk0: i32,
  blk1: i32,
  B: i32,
  n: i32,
  d: i32,
  resp: usize,
  k: i32,
  means: usize,
  out: usize,
  tmp: usize,
  keep: i32,
  accT: usize,
  work: usize,
): void {
  const P = (d * (d + 1)) >> 1;
  const m = k * P;
  const d4 = (d + 3) & ~3;
  const sq = <usize>(d4 * d4) << 3;
  for (let blk = blk0; blk < blk1; blk++) {
    const dst = blockRecord(blk, blk0, m, out, tmp, keep);
    const i0 = blk * B;
    const i1 = min(i0 + B, n);
    for (let c = 0; c < k; c++) {
      memory.fill(accT, 0, sq);
      scatterComponent(x, i0, i1, d, resp, k, c, means + ((<usize>c * d) << 3), accT, work);
      let p = dst + ((<usize>c * P) << 3);
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          store<f64>(p, load<f64>(accT + ((<usize>(b * d4 + a)) << 3)));
          p += 8;
        }
      }
    }
    if (keep == 0) addInto(out, tmp, m);
  }
}
