// AssemblyScript (compiled by scripts/build-wasm.mjs into src/engine/kernels/wasm/kde.generated.ts; not part of the
// TypeScript build). Kernel-density sums over f64 in WebAssembly SIMD (128-bit): the exact dense sum
// Σᵢ wᵢ k(‖y − xᵢ‖/h) for a block of queries × all training rows (log space for gaussian and exponential, with the
// same per-block maximum as the TypeScript reference), and the k-d tree's leaf sums Σᵢ wᵢ k(‖y − xᵢ‖/h)/e^c over a
// contiguous range of tree-ordered rows. Training rows are stored transposed (d × np, np = n rounded up to a
// multiple of 4, padding rows with weight 0 / log weight −∞), so two rows sit across the f64x2 lanes and the loops
// take 4 rows (2 vectors) per step. logSumsGrouped is the exact sum over rows sorted (by the caller) into spatially
// coherent groups of 64 with bounding boxes: a group whose bound on its largest term is below e^−(33 + ln n) of the
// running maximum is skipped (all such terms together are < e^−33 ≈ 4.7·10⁻¹⁵ of the sum; compact kernels skip only
// groups outside the support, exactly). All pointers are byte offsets into the imported memory.
//
// Accuracy contract (tested in test/density/wasm.test.ts): the squared distances, exponents and the per-block
// maxima are computed with the reference's operations in the reference's order (bit-identical); what differs is
// (1) exp: expSum below (range reduction by k·ln 2 in two parts, degree-11 polynomial, one scaling by 2^k; terms
// below e^−708 relative to the block maximum — or to the tree's reference e^c — are 0, and four such terms in a row
// skip the exp) with max relative error ≤ 3·2⁻⁵³ against Math.exp (measured 2.0·2⁻⁵³ on a dense sweep); the
// full-range expv (subnormals rounded once, 0 below −745.13, +∞ above 709.78) is the same polynomial; and
// (2) the summation order (4 lane-wise partial sums per 2048-row block, then the block total, instead of one
// running sum). Log densities therefore agree with the TypeScript kernels to 1e-13 absolute (relative on the
// density) on every tested shape. The rigorous bound is larger: about (n + 600)·2⁻⁵³ relative, dominated by the
// reference's own running sum (1.1·10⁻¹¹ at n = 10⁵); sums of positive terms stay far below it in practice
// (measured ≤ 5·10⁻¹⁴ at n = 10⁵ on the benchmark data).

/** First free byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1; // 32 significant bits: k·LN2_HI is exact for |k| < 2²¹
const LN2_LO: f64 = 1.90821492927058770002e-10;
const MAGIC: f64 = 6755399441055744.0; // 1.5·2⁵²: x + MAGIC rounds x to an integer in the low mantissa bits
const X_MIN: f64 = -746.0; // exp(−746) < 2⁻¹⁰⁷⁵: rounds to 0
const X_MAX: f64 = 710.0; // exp(710) > MAX_VALUE: overflows to +∞
const EXP_FLUSH: f64 = -708.0; // expSum: 0 below (e^−708 ≈ 3·10⁻³⁰⁸, still normal)
const HALF_PI: f64 = 1.5707963267948966; // 0.5 * Math.PI, as the reference computes it
const PIO2_HI: f64 = 1.5707963267948966;
const PIO2_LO: f64 = 6.123233995736766e-17;
const BLOCK: i32 = 2048; // training rows per block (as the TS reference)
const QBLOCK: i32 = 64; // queries per block (as the TS reference)

/**
 * e^r for |r| ≤ 0.35 lane-wise: the degree-11 polynomial interpolating e^r at the Chebyshev nodes of [−0.35, 0.35]
 * (computed in 40-digit arithmetic; |error| < 10⁻¹⁷ relative), by Horner's rule.
 */
// @ts-ignore: decorator
@inline
function expPoly(r: v128): v128 {
  let p = f64x2.splat(2.511118996532136e-8);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.763413820537965e-7));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.755723777338061e-6));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.4801481392218248e-5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.984126989301463e-4));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.3888888956173813e-3));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(8.333333333318475e-3));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(4.1666666666473465e-2));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.16666666666666682));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.500000000000002));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  return f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
}

/** x = k·ln2 + r: returns k (as f64) and writes nothing; r from {@link reduce}. */
// @ts-ignore: decorator
@inline
function roundK(x: v128): v128 {
  return f64x2.sub(f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(MAGIC)), f64x2.splat(MAGIC));
}

/** r = x − k·ln2 in two parts (Cody–Waite: k·LN2_HI is exact, x − k·LN2_HI too). */
// @ts-ignore: decorator
@inline
function reduce(x: v128, kf: v128): v128 {
  const r = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  return f64x2.sub(r, f64x2.mul(kf, f64x2.splat(LN2_LO)));
}

/** 2^k for integral k + 1023 in [1, 2047): (k + 1.5·2⁵² + 1023) holds k + 1023 in its low 12 bits; shift them up. */
// @ts-ignore: decorator
@inline
function pow2(kf: v128): v128 {
  return i64x2.shl(f64x2.add(kf, f64x2.splat(MAGIC + 1023)), 52);
}

/**
 * e^x lane-wise, on the whole range: x is clamped to [−746, 710] (results 0 and +∞ beyond; NaN stays NaN),
 * x = k·ln2 + r with k = round(x·log₂e), e^r by {@link expPoly}, then ·2^⌊k/2⌋·2^(k−⌊k/2⌋) so that subnormal
 * results are rounded once. Max relative error on normal results ≤ 3·2⁻⁵³ (measured 2.0·2⁻⁵³ against Math.exp).
 */
// @ts-ignore: decorator
@inline
function expv(x0: v128): v128 {
  // pmax/pmin (one instruction each) keep a NaN x: pmax(x, a) = x < a ? a : x.
  const x = f64x2.pmin(f64x2.pmax(x0, f64x2.splat(X_MIN)), f64x2.splat(X_MAX));
  const kf = roundK(x);
  const p = expPoly(reduce(x, kf));
  const k1 = f64x2.floor(f64x2.mul(kf, f64x2.splat(0.5)));
  return f64x2.mul(f64x2.mul(p, pow2(k1)), pow2(f64x2.sub(kf, k1)));
}

/**
 * e^x lane-wise for the kernel sums, where x ≤ 709 (exponents relative to a maximum): as {@link expv} on
 * x ≥ −708 (normal results, one scaling), and exactly 0 below −708 (NaN stays NaN). Dropping those terms changes a
 * sum whose largest term is ≥ e^c by less than n·e^(c−708).
 */
// @ts-ignore: decorator
@inline
function expSum(x: v128): v128 {
  const kf = roundK(x);
  const e = f64x2.mul(expPoly(reduce(x, kf)), pow2(kf));
  return v128.andnot(e, f64x2.lt(x, f64x2.splat(EXP_FLUSH)));
}

/**
 * cos x lane-wise for x in [0, π/2]: Taylor in x² up to x¹⁶ for x ≤ π/4; above, sin(y) with y = π/2 − x computed
 * in two parts (exact for x ≥ π/4), Taylor up to y¹⁷ — accurate to a few ulp of cos x even near π/2.
 */
// @ts-ignore: decorator
@inline
function cosv(x: v128): v128 {
  const x2 = f64x2.mul(x, x);
  let c = f64x2.splat(4.779477332387385e-14); // 1/16!
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(-1.1470745597729725e-11)); // −1/14!
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(2.08767569878681e-9)); // 1/12!
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(-2.755731922398589e-7)); // −1/10!
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(2.48015873015873e-5)); // 1/8!
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(-1.3888888888888889e-3)); // −1/6!
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(4.1666666666666664e-2)); // 1/4!
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(-0.5));
  c = f64x2.add(f64x2.mul(c, x2), f64x2.splat(1.0));
  const y = f64x2.add(f64x2.sub(f64x2.splat(PIO2_HI), x), f64x2.splat(PIO2_LO));
  const y2 = f64x2.mul(y, y);
  let s = f64x2.splat(2.8114572543455206e-15); // 1/17!
  s = f64x2.add(f64x2.mul(s, y2), f64x2.splat(-7.647163731819816e-13)); // −1/15!
  s = f64x2.add(f64x2.mul(s, y2), f64x2.splat(1.6059043836821613e-10)); // 1/13!
  s = f64x2.add(f64x2.mul(s, y2), f64x2.splat(-2.505210838544172e-8)); // −1/11!
  s = f64x2.add(f64x2.mul(s, y2), f64x2.splat(2.7557319223985893e-6)); // 1/9!
  s = f64x2.add(f64x2.mul(s, y2), f64x2.splat(-1.984126984126984e-4)); // −1/7!
  s = f64x2.add(f64x2.mul(s, y2), f64x2.splat(8.333333333333333e-3)); // 1/5!
  s = f64x2.add(f64x2.mul(s, y2), f64x2.splat(-0.16666666666666666)); // −1/3!
  s = f64x2.add(f64x2.mul(f64x2.mul(s, y2), y), y);
  return v128.bitselect(c, s, f64x2.le(x, f64x2.splat(0.7853981633974483)));
}

/** e^x for n values by expv (fast = 0) or expSum (fast = 1); src IN, dst OUT, n even or padded by one. For tests. */
export function expArray(src: usize, n: i32, dst: usize, fast: i32): void {
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    const x = v128.load(src + o);
    v128.store(dst + o, fast ? expSum(x) : expv(x));
  }
}

/** cos x for n values in [0, π/2] (src IN, dst OUT; n even or the buffer padded). For tests. */
export function cosArray(src: usize, n: i32, dst: usize): void {
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(dst + o, cosv(v128.load(src + o)));
  }
}

/**
 * Distances (L2 if metric 0, L1 if 1, L∞ if 2) from query y (d values) to rows i, i+1 of the transposed xt
 * (d × np), times inv — the reference's `rowDistance(...) * inv`, same operations per lane.
 */
// @ts-ignore: decorator
@inline
function scaledDistance(xt: usize, np: i32, i: i32, d: i32, y: usize, metric: i32, inv: f64): v128 {
  let s = f64x2.splat(0);
  const col = xt + (<usize>i << 3);
  const stride = <usize>np << 3;
  if (metric == 0) {
    for (let j = 0; j < d; j++) {
      const u = f64x2.sub(v128.load(col + <usize>j * stride), v128.load64_splat(y + (<usize>j << 3)));
      s = f64x2.add(s, f64x2.mul(u, u));
    }
    s = f64x2.sqrt(s);
  } else if (metric == 1) {
    for (let j = 0; j < d; j++) {
      s = f64x2.add(s, f64x2.abs(f64x2.sub(v128.load(col + <usize>j * stride), v128.load64_splat(y + (<usize>j << 3)))));
    }
  } else {
    for (let j = 0; j < d; j++) {
      s = f64x2.max(s, f64x2.abs(f64x2.sub(v128.load(col + <usize>j * stride), v128.load64_splat(y + (<usize>j << 3)))));
    }
  }
  return f64x2.mul(s, f64x2.splat(inv));
}

/** Squared L2 distances from y to rows i, i+1 of xt (Σⱼ (xⱼ − yⱼ)², sequential j, as the reference). */
// @ts-ignore: decorator
@inline
function sqDistance(xt: usize, np: i32, i: i32, d: i32, y: usize): v128 {
  let s = f64x2.splat(0);
  const col = xt + (<usize>i << 3);
  const stride = <usize>np << 3;
  for (let j = 0; j < d; j++) {
    const u = f64x2.sub(v128.load(col + <usize>j * stride), v128.load64_splat(y + (<usize>j << 3)));
    s = f64x2.add(s, f64x2.mul(u, u));
  }
  return s;
}

/**
 * Profile k(t) of a compact kernel (1 tophat, 2 epanechnikov, 4 linear, 5 cosine), 0 where t ≥ 1 (or NaN), as
 * the reference's kernelProfile.
 */
// @ts-ignore: decorator
@inline
function compactProfile(kernel: i32, t: v128): v128 {
  const one = f64x2.splat(1.0);
  const inside = f64x2.lt(t, one);
  let v: v128;
  if (kernel == 1) v = one;
  else if (kernel == 2) v = f64x2.sub(one, f64x2.mul(t, t));
  else if (kernel == 4) v = f64x2.sub(one, t);
  else v = cosv(f64x2.mul(f64x2.splat(HALF_PI), t));
  return v128.and(v, inside);
}

/**
 * Exact log kernel sums for m queries: out[q] = log Σᵢ wᵢ k(‖y_q − xᵢ‖·inv) — for gaussian (kernel 0) and
 * exponential (3) in log space, max over each 2048-row block of log wᵢ − (exponent) then one rescale per block
 * (as the reference's L2 gaussian path); for the compact kernels a plain sum of wᵢ k(t) (log 0 = −∞).
 * xt d×np IN (transposed, padded), lw np IN (log weights, −∞ padding), w np IN (weights, 0 padding), y m×d IN
 * (row-major), out m OUT; acc/mx 64 f64 and buf 2048 f64 scratch. halfInv2 = 0.5·inv² (the reference's).
 */
export function logSums(
  kernel: i32,
  metric: i32,
  xt: usize,
  lw: usize,
  w: usize,
  np: i32,
  d: i32,
  y: usize,
  m: i32,
  inv: f64,
  halfInv2: f64,
  skip: f64,
  acc: usize,
  mx: usize,
  buf: usize,
  out: usize,
): void {
  const logSpace = kernel == 0 || kernel == 3;
  const sqGauss = kernel == 0 && metric == 0;
  for (let q0 = 0; q0 < m; q0 += QBLOCK) {
    const q1 = min(m, q0 + QBLOCK);
    for (let q = q0; q < q1; q++) {
      store<f64>(acc + (<usize>(q - q0) << 3), 0);
      store<f64>(mx + (<usize>(q - q0) << 3), -Infinity);
    }
    for (let i0 = 0; i0 < np; i0 += BLOCK) {
      const i1 = min(np, i0 + BLOCK);
      for (let q = q0; q < q1; q++) {
        const yq = y + ((<usize>q * d) << 3);
        const pa = acc + (<usize>(q - q0) << 3);
        const pm = mx + (<usize>(q - q0) << 3);
        let s = load<f64>(pa);
        if (logSpace) {
          let best = load<f64>(pm);
          let vmax0 = f64x2.splat(-Infinity);
          let vmax1 = vmax0;
          for (let i = i0; i < i1; i += 4) {
            let v0: v128;
            let v1: v128;
            if (sqGauss) {
              v0 = f64x2.mul(sqDistance(xt, np, i, d, yq), f64x2.splat(halfInv2));
              v1 = f64x2.mul(sqDistance(xt, np, i + 2, d, yq), f64x2.splat(halfInv2));
            } else {
              const r0 = scaledDistance(xt, np, i, d, yq, metric, inv);
              const r1 = scaledDistance(xt, np, i + 2, d, yq, metric, inv);
              if (kernel == 0) {
                v0 = f64x2.mul(f64x2.mul(f64x2.splat(0.5), r0), r0);
                v1 = f64x2.mul(f64x2.mul(f64x2.splat(0.5), r1), r1);
              } else {
                v0 = r0;
                v1 = r1;
              }
            }
            const o = <usize>i << 3;
            v0 = f64x2.sub(v128.load(lw + o), v0);
            v1 = f64x2.sub(v128.load(lw + o, 16), v1);
            const b = buf + (<usize>(i - i0) << 3);
            v128.store(b, v0);
            v128.store(b, v1, 16);
            vmax0 = f64x2.pmax(vmax0, v0);
            vmax1 = f64x2.pmax(vmax1, v1);
          }
          const vm = f64x2.pmax(vmax0, vmax1);
          const bmax = max(f64x2.extract_lane(vm, 0), f64x2.extract_lane(vm, 1));
          if (bmax > best) {
            s *= Math.exp(best - bmax);
            best = bmax;
          }
          const vb = f64x2.splat(best);
          let a0 = f64x2.splat(0);
          let a1 = a0;
          const flush = f64x2.splat(max(skip, EXP_FLUSH));
          for (let i = 0; i < i1 - i0; i += 4) {
            const b = buf + (<usize>i << 3);
            const x0 = f64x2.sub(v128.load(b), vb);
            const x1 = f64x2.sub(v128.load(b, 16), vb);
            // Four terms below e^skip relative to the running maximum are skipped (a NaN is not: it stays in the sum).
            if (i64x2.all_true(v128.and(f64x2.lt(x0, flush), f64x2.lt(x1, flush)))) continue;
            a0 = f64x2.add(a0, expSum(x0));
            a1 = f64x2.add(a1, expSum(x1));
          }
          s += f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a1, 0) + (f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 1));
          store<f64>(pm, best);
        } else {
          let a0 = f64x2.splat(0);
          let a1 = a0;
          for (let i = i0; i < i1; i += 4) {
            const o = <usize>i << 3;
            const t0 = scaledDistance(xt, np, i, d, yq, metric, inv);
            const t1 = scaledDistance(xt, np, i + 2, d, yq, metric, inv);
            a0 = f64x2.add(a0, f64x2.mul(v128.load(w + o), compactProfile(kernel, t0)));
            a1 = f64x2.add(a1, f64x2.mul(v128.load(w + o, 16), compactProfile(kernel, t1)));
          }
          s += f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a1, 0) + (f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 1));
        }
        store<f64>(pa, s);
      }
    }
    for (let q = q0; q < q1; q++) {
      const s = load<f64>(acc + (<usize>(q - q0) << 3));
      store<f64>(
        out + (<usize>q << 3),
        logSpace ? load<f64>(mx + (<usize>(q - q0) << 3)) + Math.log(s) : Math.log(s),
      );
    }
  }
}

/** The k-d tree leaf term wᵢ·k(·)/e^c of rows i, i+1 (the reference's relKernel, same operations per lane). */
// @ts-ignore: decorator
@inline
function leafTerms(kernel: i32, metric: i32, xt: usize, w: usize, np: i32, i: i32, d: i32, y: usize, inv: f64, c: f64): v128 {
  let k: v128;
  if (kernel == 0 && metric == 0) {
    // Math.exp(-0.5 * sq * inv * inv - c)
    const sq = sqDistance(xt, np, i, d, y);
    const e = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(-0.5), sq), f64x2.splat(inv)), f64x2.splat(inv));
    k = expSum(f64x2.sub(e, f64x2.splat(c)));
  } else {
    const t = scaledDistance(xt, np, i, d, y, metric, inv);
    if (kernel == 0) k = expSum(f64x2.sub(f64x2.mul(f64x2.mul(f64x2.splat(-0.5), t), t), f64x2.splat(c)));
    else if (kernel == 3) k = expSum(f64x2.sub(f64x2.neg(t), f64x2.splat(c)));
    else k = compactProfile(kernel, t);
  }
  return f64x2.mul(v128.load(w + (<usize>i << 3)), k);
}

/**
 * Σᵢ wᵢ k(‖y − xᵢ‖·inv)/e^c over the tree-ordered rows [i0, i1) (a k-d tree leaf; c = 0 for compact kernels).
 * xt d×np IN (transposed, padded by at least one row), w np IN, y d IN.
 */
export function leafSum(
  kernel: i32,
  metric: i32,
  xt: usize,
  w: usize,
  np: i32,
  i0: i32,
  i1: i32,
  d: i32,
  y: usize,
  inv: f64,
  c: f64,
): f64 {
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    a0 = f64x2.add(a0, leafTerms(kernel, metric, xt, w, np, i, d, y, inv, c));
    a1 = f64x2.add(a1, leafTerms(kernel, metric, xt, w, np, i + 2, d, y, inv, c));
  }
  if (i + 2 <= i1) {
    a0 = f64x2.add(a0, leafTerms(kernel, metric, xt, w, np, i, d, y, inv, c));
    i += 2;
  }
  let s = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a1, 0) + (f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 1));
  if (i < i1) s += f64x2.extract_lane(leafTerms(kernel, metric, xt, w, np, i, d, y, inv, c), 0);
  return s;
}

/** Rows per group of the grouped exact sums (groups of spatially close rows, each with a bounding box). */
const GROUP: i32 = 64;

/**
 * Exponent of 4 rows from i (the reference's: log wᵢ − sq·halfInv2 for gaussian L2, log wᵢ − ½r² for gaussian,
 * log wᵢ − r for exponential), lanes of v0 (rows i, i+1) and v1 (rows i+2, i+3) stored at buf.
 */
// @ts-ignore: decorator
@inline
function exponents4(
  kernel: i32,
  metric: i32,
  xt: usize,
  lw: usize,
  np: i32,
  i: i32,
  d: i32,
  y: usize,
  inv: f64,
  halfInv2: f64,
  buf: usize,
): v128 {
  let v0: v128;
  let v1: v128;
  if (kernel == 0 && metric == 0) {
    v0 = f64x2.mul(sqDistance(xt, np, i, d, y), f64x2.splat(halfInv2));
    v1 = f64x2.mul(sqDistance(xt, np, i + 2, d, y), f64x2.splat(halfInv2));
  } else {
    const r0 = scaledDistance(xt, np, i, d, y, metric, inv);
    const r1 = scaledDistance(xt, np, i + 2, d, y, metric, inv);
    if (kernel == 0) {
      v0 = f64x2.mul(f64x2.mul(f64x2.splat(0.5), r0), r0);
      v1 = f64x2.mul(f64x2.mul(f64x2.splat(0.5), r1), r1);
    } else {
      v0 = r0;
      v1 = r1;
    }
  }
  const o = <usize>i << 3;
  v0 = f64x2.sub(v128.load(lw + o), v0);
  v1 = f64x2.sub(v128.load(lw + o, 16), v1);
  v128.store(buf, v0);
  v128.store(buf, v1, 16);
  return f64x2.pmax(v0, v1);
}

/**
 * Upper bound of the exponent over group g (log-space kernels), or the minimum scaled distance t (compact ones):
 * from the distance of y to the group's box (glo/ghi G×d) and the group's largest log weight glw.
 */
// @ts-ignore: decorator
@inline
function groupBound(
  kernel: i32,
  metric: i32,
  g: i32,
  d: i32,
  y: usize,
  glo: usize,
  ghi: usize,
  glw: usize,
  inv: f64,
  halfInv2: f64,
): f64 {
  let s: f64 = 0;
  const o = <usize>g * d;
  for (let j = 0; j < d; j++) {
    const v = load<f64>(y + (<usize>j << 3));
    const a = load<f64>(glo + ((o + j) << 3));
    const b = load<f64>(ghi + ((o + j) << 3));
    const gap = v < a ? a - v : v > b ? v - b : 0;
    if (metric == 0) s += gap * gap;
    else if (metric == 1) s += gap;
    else s = max(s, gap);
  }
  if (kernel == 0 && metric == 0) return load<f64>(glw + (<usize>g << 3)) - s * halfInv2;
  const t = (metric == 0 ? Math.sqrt(s) : s) * inv;
  if (kernel == 0) return load<f64>(glw + (<usize>g << 3)) - 0.5 * t * t;
  if (kernel == 3) return load<f64>(glw + (<usize>g << 3)) - t;
  return t;
}

/**
 * The exact log kernel sums of {@link logSums} over rows stored in spatially coherent groups of 64 (np a multiple
 * of 64) with bounding boxes: per query, the running maximum starts at the exact maximum exponent of the group with
 * the largest bound, and a group whose bound is below (maximum + skip) is skipped — its terms together are below
 * n·e^skip of the sum (skip = −(33 + ln n): e^−33 ≈ 4.7·10⁻¹⁵) — as is, for compact kernels, a group outside the
 * support (exactly 0). Other groups: exponents, then one rescale if the group raises the maximum, then the sum.
 * glo/ghi G×d IN, glw G IN (max log weight), ub G scratch, buf 64 scratch; y m×d IN; out m OUT.
 */
export function logSumsGrouped(
  kernel: i32,
  metric: i32,
  xt: usize,
  lw: usize,
  w: usize,
  np: i32,
  d: i32,
  glo: usize,
  ghi: usize,
  glw: usize,
  y: usize,
  m: i32,
  inv: f64,
  halfInv2: f64,
  skip: f64,
  ub: usize,
  buf: usize,
  out: usize,
): void {
  const logSpace = kernel == 0 || kernel == 3;
  const G = np / GROUP;
  for (let q = 0; q < m; q++) {
    const yq = y + ((<usize>q * d) << 3);
    if (!logSpace) {
      let a0 = f64x2.splat(0);
      let a1 = a0;
      for (let g = 0; g < G; g++) {
        if (groupBound(kernel, metric, g, d, yq, glo, ghi, glw, inv, halfInv2) >= 1) continue;
        for (let i = g * GROUP; i < (g + 1) * GROUP; i += 4) {
          const o = <usize>i << 3;
          const t0 = scaledDistance(xt, np, i, d, yq, metric, inv);
          const t1 = scaledDistance(xt, np, i + 2, d, yq, metric, inv);
          a0 = f64x2.add(a0, f64x2.mul(v128.load(w + o), compactProfile(kernel, t0)));
          a1 = f64x2.add(a1, f64x2.mul(v128.load(w + o, 16), compactProfile(kernel, t1)));
        }
      }
      const s = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a1, 0) + (f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 1));
      store<f64>(out + (<usize>q << 3), Math.log(s));
      continue;
    }
    // Bounds of every group, and the group most likely to hold the maximum.
    let gBest = 0;
    let bBest: f64 = -Infinity;
    for (let g = 0; g < G; g++) {
      const b = groupBound(kernel, metric, g, d, yq, glo, ghi, glw, inv, halfInv2);
      store<f64>(ub + (<usize>g << 3), b);
      if (b > bBest) {
        bBest = b;
        gBest = g;
      }
    }
    // A lower bound of the final maximum: the largest exponent of that group (an actual term).
    let vm = f64x2.splat(-Infinity);
    for (let i = gBest * GROUP; i < (gBest + 1) * GROUP; i += 4) {
      vm = f64x2.pmax(vm, exponents4(kernel, metric, xt, lw, np, i, d, yq, inv, halfInv2, buf));
    }
    let best = max(f64x2.extract_lane(vm, 0), f64x2.extract_lane(vm, 1));
    let s: f64 = 0;
    for (let g = 0; g < G; g++) {
      if (load<f64>(ub + (<usize>g << 3)) < best + skip) continue;
      let gm = f64x2.splat(-Infinity);
      for (let i = 0; i < GROUP; i += 4) {
        gm = f64x2.pmax(gm, exponents4(kernel, metric, xt, lw, np, g * GROUP + i, d, yq, inv, halfInv2, buf + (<usize>i << 3)));
      }
      const gmax = max(f64x2.extract_lane(gm, 0), f64x2.extract_lane(gm, 1));
      if (gmax > best) {
        s *= Math.exp(best - gmax);
        best = gmax;
      }
      const vb = f64x2.splat(best);
      const flush = f64x2.splat(max(skip, EXP_FLUSH));
      let a0 = f64x2.splat(0);
      let a1 = a0;
      for (let i = 0; i < GROUP; i += 4) {
        const b = buf + (<usize>i << 3);
        const x0 = f64x2.sub(v128.load(b), vb);
        const x1 = f64x2.sub(v128.load(b, 16), vb);
        if (i64x2.all_true(v128.and(f64x2.lt(x0, flush), f64x2.lt(x1, flush)))) continue;
        a0 = f64x2.add(a0, expSum(x0));
        a1 = f64x2.add(a1, expSum(x1));
      }
      s += f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a1, 0) + (f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 1));
    }
    store<f64>(out + (<usize>q << 3), best + Math.log(s));
  }
}
