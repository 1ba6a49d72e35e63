// AssemblyScript (compiled by scripts/build-wasm.mjs into src/engine/kernels/wasm/kmeans.generated.ts; not part of the
// TypeScript build). k-means kernels over f64 in WebAssembly SIMD (128-bit): nearest-centre assignment computed as
// ‖c‖² − 2x·c — for d ≤ 16 with 4 rows across the lanes (2 × f64x2) and 4 centres per step, each lane keeping its
// best and second best; above, with the centres transposed and register tiles of 2 rows × 8 centres (f64) or, in
// f32 (twice the lanes; each 4-row block rounded to f32 as it is reached), 4 rows × 8 centres — a precision
// guard that recomputes near ties exactly (its bound derived in src/engine/kernels/kmeansGuard.ts), and the
// per-cluster sums added in the same call (for d ≤ 16 in a second row-order pass over the new labels, measured
// faster than per row). All pointers are byte offsets into the imported memory.
//
// Exactness contract (tested in test/kernels/wasm.test.ts): labels, exact squared distances and per-cluster sums
// are bit-identical to the plain-TypeScript reference kernels in src/kmeans/common.ts, because
//   * a label is accepted from the expanded form only when the gap between the best and second-best expanded
//     distances exceeds a rigorous bound on the rounding errors of both the expanded form and the reference
//     direct-difference form (so the reference picks the same centre, strictly); otherwise the point is
//     recomputed with the reference's own loop (Σⱼ (xⱼ − cⱼ)², sequential j, strict < over ascending c) — in f32
//     over the candidate centres only, those whose expanded distance is not provably farther than the best's
//     (exactAmong32: the same pairwise bound excludes the others from being the reference's choice);
//   * the sums are accumulated in row order with the same IEEE operations (w·x then +), lane-wise;
//   * squared distances returned are recomputed with the reference's loop.
// The Elkan and Hamerly kernels (second half of the file) use no expanded form at all: every distance is the
// reference's Σⱼ (xⱼ − cⱼ)² with sequential j, one distance per SIMD lane, so their bounds, labels and sums are
// bit-identical to src/kmeans/elkan.ts and hamerly.ts (tested in test/kmeans/boundsWasm.test.ts).

import { madd32, madd64 } from './_simd';

/** First free byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Prepares the centres for {@link assign}: ct (d×kp, transposed, padded with zeros), cn (kp: ‖c‖², +∞ for the
 * padding). c k×d IN (row-major). Returns R = maxₖ ‖c‖ (for the guard threshold).
 */
export function prepCenters(c: usize, k: i32, d: i32, kp: i32, ct: usize, cn: usize): f64 {
  let r2: f64 = 0;
  for (let t = 0; t < kp; t++) {
    if (t < k) {
      let s: f64 = 0;
      for (let j = 0; j < d; j++) {
        const v = load<f64>(c + ((<usize>t * d + j) << 3));
        store<f64>(ct + ((<usize>j * kp + t) << 3), v);
        s += v * v;
      }
      store<f64>(cn + (<usize>t << 3), s);
      if (s > r2) r2 = s;
    } else {
      for (let j = 0; j < d; j++) store<f64>(ct + ((<usize>j * kp + t) << 3), 0);
      store<f64>(cn + (<usize>t << 3), Infinity);
    }
  }
  return Math.sqrt(r2);
}

/**
 * ‖xᵢ‖ for every row (for the guard threshold). x n×d IN, xn n OUT. Returns maxᵢⱼ |xᵢⱼ| (NaN if any value is NaN:
 * the caller's range test then fails), so that the f32 range check costs no second pass over the data.
 * Vectorised: each row's Σⱼ xᵢⱼ² is summed in four interleaved partial sums (lanes of two f64x2; the guard's
 * margin covers any summation order, see src/engine/kernels/kmeansGuard.ts), and |x| is maxed lane-wise with pmax,
 * which skips NaN — a NaN value makes its row's sum NaN instead, which the return value reports.
 */
export function rowNorms(x: usize, n: i32, d: i32, xn: usize): f64 {
  let m0 = f64x2.splat(0);
  let m1 = m0;
  let nan = false;
  const rowBytes = <usize>d << 3;
  const end4 = <usize>(d & ~3) << 3;
  for (let i = 0; i < n; i++) {
    const p = x + <usize>i * rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = s0;
    let o: usize = 0;
    for (; o < end4; o += 32) {
      const v0 = v128.load(p + o);
      const v1 = v128.load(p + o, 16);
      s0 = f64x2.add(s0, f64x2.mul(v0, v0));
      s1 = f64x2.add(s1, f64x2.mul(v1, v1));
      m0 = f64x2.pmax(m0, f64x2.abs(v0));
      m1 = f64x2.pmax(m1, f64x2.abs(v1));
    }
    for (; o < rowBytes; o += 8) {
      const v = v128.load64_zero(p + o);
      s0 = f64x2.add(s0, f64x2.mul(v, v));
      m0 = f64x2.pmax(m0, f64x2.abs(v));
    }
    const s = f64x2.add(s0, s1);
    const sq = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    nan = nan || sq !== sq;
    store<f64>(xn + (<usize>i << 3), Math.sqrt(sq));
  }
  const mv = f64x2.pmax(m0, m1);
  const m = max(f64x2.extract_lane(mv, 0), f64x2.extract_lane(mv, 1));
  return nan ? NaN : m;
}

/**
 * ‖xᵢ‖ for every row, as {@link rowNorms} computes it (Σⱼ xⱼ² in sequential j, then √) but 4 rows at a time, one row
 * per SIMD lane (each lane the same operations in the same order: bit-identical norms), and without the maximum
 * magnitude (its per-value max is most of rowNorms' time). For callers that do not use that maximum. x n×d IN,
 * xn n OUT.
 */
function rowNormsLanes(x: usize, n: i32, d: i32, xn: usize): void {
  const rowBytes = <usize>d << 3;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = x + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let a = f64x2.splat(0);
    let b = a;
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      const p0 = v128.load(r0 + o);
      const p1 = v128.load(r1 + o);
      const p2 = v128.load(r2 + o);
      const p3 = v128.load(r3 + o);
      let u = f64x2.shuffle(p0, p1, 0, 2);
      let v = f64x2.shuffle(p2, p3, 0, 2);
      a = f64x2.add(a, f64x2.mul(u, u));
      b = f64x2.add(b, f64x2.mul(v, v));
      u = f64x2.shuffle(p0, p1, 1, 3);
      v = f64x2.shuffle(p2, p3, 1, 3);
      a = f64x2.add(a, f64x2.mul(u, u));
      b = f64x2.add(b, f64x2.mul(v, v));
    }
    if (j < d) {
      const o = <usize>j << 3;
      const u = f64x2.replace_lane(v128.load64_splat(r0 + o), 1, load<f64>(r1 + o));
      const v = f64x2.replace_lane(v128.load64_splat(r2 + o), 1, load<f64>(r3 + o));
      a = f64x2.add(a, f64x2.mul(u, u));
      b = f64x2.add(b, f64x2.mul(v, v));
    }
    const q = xn + (<usize>i << 3);
    v128.store(q, f64x2.sqrt(a));
    v128.store(q, f64x2.sqrt(b), 16);
  }
  for (; i < n; i++) {
    let s: f64 = 0;
    const p = x + <usize>i * rowBytes;
    for (let j = 0; j < d; j++) {
      const v = load<f64>(p + (<usize>j << 3));
      s += v * v;
    }
    store<f64>(xn + (<usize>i << 3), Math.sqrt(s));
  }
}

/**
 * Reference nearest centre by direct differences: the TS kernel's Σⱼ (xⱼ − cₜⱼ)² (sequential j, mul then add) and
 * its strict < over ascending t. Eight centres at a time run in the lanes of four f64x2 accumulators — each lane
 * the same IEEE operations in the same order as the scalar loop, so every distance is bit-identical — and their
 * distances are then compared one by one in ascending t (stored through laneSums, 64 free bytes); the tail
 * (k mod 8) is scalar.
 */
// @ts-ignore: decorator
@inline
function exactNearest(xr: usize, d: i32, c: usize, k: i32, laneSums: usize): i32 {
  let best = 0;
  let bestSq: f64 = Infinity;
  const rowBytes = <usize>d << 3;
  let t = 0;
  for (; t + 8 <= k; t += 8) {
    const c0 = c + <usize>t * rowBytes;
    const c1 = c0 + rowBytes;
    const c2 = c1 + rowBytes;
    const c3 = c2 + rowBytes;
    const c4 = c3 + rowBytes;
    const c5 = c4 + rowBytes;
    const c6 = c5 + rowBytes;
    const c7 = c6 + rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    for (let o: usize = 0; o < rowBytes; o += 8) {
      const xv = v128.load64_splat(xr + o);
      const u0 = f64x2.sub(xv, v128.load64_lane(c1 + o, v128.load64_zero(c0 + o), 1));
      const u1 = f64x2.sub(xv, v128.load64_lane(c3 + o, v128.load64_zero(c2 + o), 1));
      const u2 = f64x2.sub(xv, v128.load64_lane(c5 + o, v128.load64_zero(c4 + o), 1));
      const u3 = f64x2.sub(xv, v128.load64_lane(c7 + o, v128.load64_zero(c6 + o), 1));
      s0 = f64x2.add(s0, f64x2.mul(u0, u0));
      s1 = f64x2.add(s1, f64x2.mul(u1, u1));
      s2 = f64x2.add(s2, f64x2.mul(u2, u2));
      s3 = f64x2.add(s3, f64x2.mul(u3, u3));
    }
    v128.store(laneSums, s0);
    v128.store(laneSums, s1, 16);
    v128.store(laneSums, s2, 32);
    v128.store(laneSums, s3, 48);
    for (let l = 0; l < 8; l++) {
      const q = load<f64>(laneSums + (<usize>l << 3));
      if (q < bestSq) {
        bestSq = q;
        best = t + l;
      }
    }
  }
  for (; t < k; t++) {
    const cr = c + <usize>t * rowBytes;
    let sq: f64 = 0;
    for (let j = 0; j < d; j++) {
      const u = load<f64>(xr + (<usize>j << 3)) - load<f64>(cr + (<usize>j << 3));
      sq += u * u;
    }
    if (sq < bestSq) {
      bestSq = sq;
      best = t;
    }
  }
  return best;
}

/** Reference squared distance Σⱼ (xⱼ − cⱼ)² (sequential j). */
// @ts-ignore: decorator
@inline
function exactSq(xr: usize, cr: usize, d: i32): f64 {
  let sq: f64 = 0;
  for (let j = 0; j < d; j++) {
    const u = load<f64>(xr + (<usize>j << 3)) - load<f64>(cr + (<usize>j << 3));
    sq += u * u;
  }
  return sq;
}

/** Expanded distances eₜ = ‖cₜ‖² − 2x·cₜ of rows ra and rb to all kp centres, into sa and sb (kp each). */
// @ts-ignore: decorator
@inline
function tile(xa: usize, xb: usize, d: i32, ct: usize, cn: usize, kp: i32, sa: usize, sb: usize): void {
  let cb = 0;
  for (; cb + 8 <= kp; cb += 8) {
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let b0 = a0;
    let b1 = a0;
    let b2 = a0;
    let b3 = a0;
    let p = ct + (<usize>cb << 3);
    const stride = <usize>kp << 3;
    for (let j = 0; j < d; j++) {
      const va = v128.load64_splat(xa + (<usize>j << 3));
      const vb = v128.load64_splat(xb + (<usize>j << 3));
      const c0 = v128.load(p);
      const c1 = v128.load(p, 16);
      const c2 = v128.load(p, 32);
      const c3 = v128.load(p, 48);
      a0 = madd64(va, c0, a0);
      a1 = madd64(va, c1, a1);
      a2 = madd64(va, c2, a2);
      a3 = madd64(va, c3, a3);
      b0 = madd64(vb, c0, b0);
      b1 = madd64(vb, c1, b1);
      b2 = madd64(vb, c2, b2);
      b3 = madd64(vb, c3, b3);
      p += stride;
    }
    const q = cn + (<usize>cb << 3);
    const n0 = v128.load(q);
    const n1 = v128.load(q, 16);
    const n2 = v128.load(q, 32);
    const n3 = v128.load(q, 48);
    const oa = sa + (<usize>cb << 3);
    const ob = sb + (<usize>cb << 3);
    v128.store(oa, f64x2.sub(n0, f64x2.add(a0, a0)));
    v128.store(oa, f64x2.sub(n1, f64x2.add(a1, a1)), 16);
    v128.store(oa, f64x2.sub(n2, f64x2.add(a2, a2)), 32);
    v128.store(oa, f64x2.sub(n3, f64x2.add(a3, a3)), 48);
    v128.store(ob, f64x2.sub(n0, f64x2.add(b0, b0)));
    v128.store(ob, f64x2.sub(n1, f64x2.add(b1, b1)), 16);
    v128.store(ob, f64x2.sub(n2, f64x2.add(b2, b2)), 32);
    v128.store(ob, f64x2.sub(n3, f64x2.add(b3, b3)), 48);
  }
  for (; cb < kp; cb += 2) {
    let a0 = f64x2.splat(0);
    let b0 = a0;
    let p = ct + (<usize>cb << 3);
    const stride = <usize>kp << 3;
    for (let j = 0; j < d; j++) {
      const c0 = v128.load(p);
      a0 = madd64(v128.load64_splat(xa + (<usize>j << 3)), c0, a0);
      b0 = madd64(v128.load64_splat(xb + (<usize>j << 3)), c0, b0);
      p += stride;
    }
    const n0 = v128.load(cn + (<usize>cb << 3));
    v128.store(sa + (<usize>cb << 3), f64x2.sub(n0, f64x2.add(a0, a0)));
    v128.store(sb + (<usize>cb << 3), f64x2.sub(n0, f64x2.add(b0, b0)));
  }
}

/**
 * f32 variant of {@link prepCenters}: ct32 (d×kp, transposed, f32, zero padding) and cn32 (kp, f32: ‖c̃‖² of the
 * f32-rounded centre, +∞ for the padding). kp must be a multiple of 4. Returns R = maxₖ ‖c‖ (f64).
 */
export function prepCenters32(c: usize, k: i32, d: i32, kp: i32, ct: usize, cn: usize): f64 {
  let r2: f64 = 0;
  for (let t = 0; t < kp; t++) {
    if (t < k) {
      let s: f64 = 0;
      let s64: f64 = 0;
      for (let j = 0; j < d; j++) {
        const v = load<f64>(c + ((<usize>t * d + j) << 3));
        const v32 = <f32>v;
        store<f32>(ct + ((<usize>j * kp + t) << 2), v32);
        s += <f64>v32 * <f64>v32;
        s64 += v * v;
      }
      store<f32>(cn + (<usize>t << 2), <f32>s);
      if (s64 > r2) r2 = s64;
    } else {
      for (let j = 0; j < d; j++) store<f32>(ct + ((<usize>j * kp + t) << 2), 0);
      store<f32>(cn + (<usize>t << 2), Infinity);
    }
  }
  return Math.sqrt(r2);
}

/**
 * Rounds 4 rows of d f64 values (at r0 … r3, row-major) to f32 into dst in the layout of {@link tile32}: for each
 * coordinate j the 4 rows' values side by side (dst + (4j + h)·4). Two coordinates at a time: per row one f64x2 load
 * and demote, then two shuffles interleave the rows.
 */
// @ts-ignore: decorator
@inline
function stageRows(r0: usize, r1: usize, r2: usize, r3: usize, d: i32, dst: usize): void {
  let o: usize = 0;
  let q = dst;
  const end = <usize>(d & ~1) << 3;
  for (; o < end; o += 16) {
    const v0 = f32x4.demote_f64x2_zero(v128.load(r0 + o));
    const v1 = f32x4.demote_f64x2_zero(v128.load(r1 + o));
    const v2 = f32x4.demote_f64x2_zero(v128.load(r2 + o));
    const v3 = f32x4.demote_f64x2_zero(v128.load(r3 + o));
    const lo = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
    const hi = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
    v128.store(q, i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    v128.store(q, i32x4.shuffle(lo, hi, 2, 3, 6, 7), 16);
    q += 32;
  }
  if (d & 1) {
    store<f32>(q, <f32>load<f64>(r0 + o));
    store<f32>(q, <f32>load<f64>(r1 + o), 4);
    store<f32>(q, <f32>load<f64>(r2 + o), 8);
    store<f32>(q, <f32>load<f64>(r3 + o), 12);
  }
}

/**
 * f32 expanded distances eₜ = ñₜ − 2x̃·c̃ₜ of one 4-row block to all kp centres (kp a multiple of 4), into
 * s + (h·kp + t)·4 (f32; row h of the block). xs is the block in {@link stageRows}' layout (for each coordinate j
 * the 4 rows' values side by side), so each row's broadcast is a load at a constant offset from one pointer.
 * Register tiles of 4 rows × 8 centres — 8 f32x4 accumulators; per coordinate 2 centre loads and 4 broadcasts feed
 * 8 multiply–adds (the GEMM micro-kernel shape; 4 × 12 spilled registers and measured slower) — then 4 rows × 4.
 */
// @ts-ignore: decorator
@inline
function tile32(xs: usize, d: i32, ct: usize, cn: usize, kp: i32, s: usize): void {
  let cb = 0;
  const stride = <usize>kp << 2;
  const sr = <usize>kp << 2;
  for (; cb + 8 <= kp; cb += 8) {
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let b0 = a0;
    let b1 = a0;
    let c0 = a0;
    let c1 = a0;
    let d0 = a0;
    let d1 = a0;
    let p = ct + (<usize>cb << 2);
    let q = xs;
    for (let j = 0; j < d; j++) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const xa = v128.load32_splat(q);
      a0 = madd32(xa, v0, a0);
      a1 = madd32(xa, v1, a1);
      const xb = v128.load32_splat(q, 4);
      b0 = madd32(xb, v0, b0);
      b1 = madd32(xb, v1, b1);
      const xc = v128.load32_splat(q, 8);
      c0 = madd32(xc, v0, c0);
      c1 = madd32(xc, v1, c1);
      const xd = v128.load32_splat(q, 12);
      d0 = madd32(xd, v0, d0);
      d1 = madd32(xd, v1, d1);
      p += stride;
      q += 16;
    }
    const nq = cn + (<usize>cb << 2);
    const n0 = v128.load(nq);
    const n1 = v128.load(nq, 16);
    v128.store(s + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(a0, a0)));
    v128.store(s + (<usize>(cb + 4) << 2), f32x4.sub(n1, f32x4.add(a1, a1)));
    v128.store(s + <usize>1 * sr + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(b0, b0)));
    v128.store(s + <usize>1 * sr + (<usize>(cb + 4) << 2), f32x4.sub(n1, f32x4.add(b1, b1)));
    v128.store(s + <usize>2 * sr + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(c0, c0)));
    v128.store(s + <usize>2 * sr + (<usize>(cb + 4) << 2), f32x4.sub(n1, f32x4.add(c1, c1)));
    v128.store(s + <usize>3 * sr + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(d0, d0)));
    v128.store(s + <usize>3 * sr + (<usize>(cb + 4) << 2), f32x4.sub(n1, f32x4.add(d1, d1)));
  }
  for (; cb + 4 <= kp; cb += 4) {
    let a0 = f32x4.splat(0);
    let b0 = a0;
    let c0 = a0;
    let d0 = a0;
    let p = ct + (<usize>cb << 2);
    let q = xs;
    for (let j = 0; j < d; j++) {
      const v0 = v128.load(p);
      const xa = v128.load32_splat(q);
      a0 = madd32(xa, v0, a0);
      const xb = v128.load32_splat(q, 4);
      b0 = madd32(xb, v0, b0);
      const xc = v128.load32_splat(q, 8);
      c0 = madd32(xc, v0, c0);
      const xd = v128.load32_splat(q, 12);
      d0 = madd32(xd, v0, d0);
      p += stride;
      q += 16;
    }
    const nq = cn + (<usize>cb << 2);
    const n0 = v128.load(nq);
    v128.store(s + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(a0, a0)));
    v128.store(s + <usize>1 * sr + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(b0, b0)));
    v128.store(s + <usize>2 * sr + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(c0, c0)));
    v128.store(s + <usize>3 * sr + (<usize>(cb) << 2), f32x4.sub(n0, f32x4.add(d0, d0)));
  }
}

/**
 * Picks the nearest centre of one row from its expanded distances s (kp), or −1 when the best and second best
 * are within thr (the caller then recomputes exactly).
 */
// @ts-ignore: decorator
@inline
function pick(s: usize, kp: i32, thr: f64): i32 {
  let m1 = f64x2.splat(Infinity);
  let m2 = m1;
  let i1 = f64x2.splat(0);
  let iv = f64x2(0, 1);
  const two = f64x2.splat(2);
  for (let t = 0; t < kp; t += 2) {
    const e = v128.load(s + (<usize>t << 3));
    const lt = f64x2.lt(e, m1);
    m2 = f64x2.pmin(m2, f64x2.pmax(m1, e));
    m1 = v128.bitselect(e, m1, lt);
    i1 = v128.bitselect(iv, i1, lt);
    iv = f64x2.add(iv, two);
  }
  // Branch-free lane reduction: best = min of the lanes' best, second = min of the other lane's best and both
  // lanes' second best.
  const e0 = f64x2.extract_lane(m1, 0);
  const e1 = f64x2.extract_lane(m1, 1);
  const one = e1 < e0;
  const best = select<f64>(e1, e0, one);
  const other = select<f64>(e0, e1, one);
  const idx = select<f64>(f64x2.extract_lane(i1, 1), f64x2.extract_lane(i1, 0), one);
  const s0 = f64x2.extract_lane(m2, 0);
  const s1 = f64x2.extract_lane(m2, 1);
  let second = select<f64>(s1, s0, s1 < s0);
  second = select<f64>(other, second, other < second);
  // NaN-safe: a gap that is not provably larger than thr goes to the exact path.
  return select<i32>(<i32>idx, -1, second - best > thr);
}

/** The best (smallest) f32 expanded distance of the last {@link pick32}, widened exactly to f64. */
let pickBest: f64 = 0;

/**
 * {@link pick} over f32 expanded distances (s: kp f32, kp a multiple of 4; four lanes, each keeping its best and
 * second best, in two interleaved chains — centres 8q … 8q+3 and 8q+4 … 8q+7 — so that the compare-and-select
 * latency of one chain overlaps the other's; merged lane-wise at the end). The gap second − best is taken in f64
 * from the exactly widened f32 values; the best is left in {@link pickBest}. Which of two equal bests is returned
 * does not matter: their gap 0 sends the row to the exact path.
 */
// @ts-ignore: decorator
@inline
function pick32(s: usize, kp: i32, thr: f64): i32 {
  let m1 = f32x4.splat(Infinity);
  let m2 = m1;
  let n1 = m1;
  let n2 = m1;
  let i1 = i32x4.splat(0);
  let j1 = i1;
  let iv = i32x4(0, 1, 2, 3);
  const four = i32x4.splat(4);
  const eight = i32x4.splat(8);
  const end = s + (<usize>kp << 2);
  const end8 = s + (<usize>(kp & ~7) << 2);
  let p = s;
  for (; p < end8; p += 32) {
    const e = v128.load(p);
    const f = v128.load(p, 16);
    const lt = f32x4.lt(e, m1);
    const lu = f32x4.lt(f, n1);
    m2 = f32x4.pmin(m2, f32x4.pmax(m1, e));
    n2 = f32x4.pmin(n2, f32x4.pmax(n1, f));
    m1 = v128.bitselect(e, m1, lt);
    n1 = v128.bitselect(f, n1, lu);
    i1 = v128.bitselect(iv, i1, lt);
    j1 = v128.bitselect(i32x4.add(iv, four), j1, lu);
    iv = i32x4.add(iv, eight);
  }
  if (p < end) {
    const e = v128.load(p);
    const lt = f32x4.lt(e, m1);
    m2 = f32x4.pmin(m2, f32x4.pmax(m1, e));
    m1 = v128.bitselect(e, m1, lt);
    i1 = v128.bitselect(iv, i1, lt);
  }
  // merge the chains lane-wise: best of the two bests, second = min(both seconds, the larger best)
  const ln = f32x4.lt(n1, m1);
  m2 = f32x4.pmin(f32x4.pmin(m2, n2), f32x4.pmax(m1, n1));
  m1 = v128.bitselect(n1, m1, ln);
  i1 = v128.bitselect(j1, i1, ln);
  // Lanes: best = the smallest lane best; second = the smallest of the other lanes' best and every lane's second.
  const b0 = <f64>f32x4.extract_lane(m1, 0);
  const b1 = <f64>f32x4.extract_lane(m1, 1);
  const b2 = <f64>f32x4.extract_lane(m1, 2);
  const b3 = <f64>f32x4.extract_lane(m1, 3);
  const lo01 = b1 < b0;
  const lo23 = b3 < b2;
  const x01 = select<f64>(b1, b0, lo01);
  const y01 = select<f64>(b0, b1, lo01);
  const x23 = select<f64>(b3, b2, lo23);
  const y23 = select<f64>(b2, b3, lo23);
  const i01 = select<i32>(i32x4.extract_lane(i1, 1), i32x4.extract_lane(i1, 0), lo01);
  const i23 = select<i32>(i32x4.extract_lane(i1, 3), i32x4.extract_lane(i1, 2), lo23);
  const hi = x23 < x01;
  const best = select<f64>(x23, x01, hi);
  const idx = select<i32>(i23, i01, hi);
  let second = select<f64>(x01, x23, hi);
  second = min(second, min(y01, y23));
  const s2 = f32x4.min(m2, i32x4.shuffle(m2, m2, 2, 3, 0, 1));
  second = min(second, min(<f64>f32x4.extract_lane(s2, 0), <f64>f32x4.extract_lane(s2, 1)));
  pickBest = best;
  // NaN-safe: a gap that is not provably larger than thr goes to the exact path.
  return select<i32>(idx, -1, second - best > thr);
}

/**
 * The exact path of the f32 kernel: the reference's nearest centre (first minimum of the reference distance
 * Σⱼ (xⱼ − cₜⱼ)², ascending t) among the candidates only — the centres t < k whose f32 expanded distance eₜ (s: kp
 * f32) is not provably farther than the best, i.e. not eₜ − best > thr (best = {@link pickBest}). A centre left out
 * has eₜ − e_b > thr for the best b, so the guard's pairwise bound (src/engine/kernels/kmeansGuard.ts) gives
 * Dₜ > D_b ≥ minₛ Dₛ: it cannot be the reference's choice, and the first minimum over the candidates is the
 * first minimum over all k. Falls back to {@link exactNearest} (all k) when best is not finite or no candidate
 * has a finite distance.
 */
function exactAmong32(xr: usize, d: i32, c: usize, k: i32, s: usize, best: f64, thr: f64, laneSums: usize): i32 {
  if (!(abs(best) < Infinity)) return exactNearest(xr, d, c, k, laneSums);
  const rowBytes = <usize>d << 3;
  let lab = -1;
  let bestSq: f64 = Infinity;
  for (let t = 0; t < k; t++) {
    const e = <f64>load<f32>(s + (<usize>t << 2));
    if (e - best > thr) continue;
    const sq = exactSq(xr, c + <usize>t * rowBytes, d);
    if (sq < bestSq) {
      bestSq = sq;
      lab = t;
    }
  }
  return lab < 0 ? exactNearest(xr, d, c, k, laneSums) : lab;
}

/** Adds w·x (row xr, d values) to the sums row sr, lane-wise in the reference's order. */
// @ts-ignore: decorator
@inline
function accumulateRow(xr: usize, sr: usize, d: i32, wi: f64): void {
  const wv = f64x2.splat(wi);
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = <usize>j << 3;
    v128.store(sr + o, f64x2.add(v128.load(sr + o), f64x2.mul(wv, v128.load(xr + o))));
  }
  if (j < d) {
    const o = <usize>j << 3;
    store<f64>(sr + o, load<f64>(sr + o) + wi * load<f64>(xr + o));
  }
}

/**
 * Nearest-centre assignment of rows [i0, i1) with the precision guard, optionally fused with the per-cluster sums.
 *
 * x n×d IN (row-major), xn n IN (‖xᵢ‖), c k×d IN (row-major, for the exact path), ct d×kp IN and cn kp IN (from
 * {@link prepCenters}), r = maxₖ‖cₖ‖, kappa = relative guard constant, labels n INOUT (previous labels in, new
 * labels out), minSq n OUT (exact squared distance to the chosen centre; skipped when 0), w n IN, sums k×d INOUT
 * and wic k INOUT (accumulated into when accumulate ≠ 0; zero them first), scratch max(16·kp + 16·d, 32·d) bytes.
 * With f32 ≠ 0 the expanded distances are computed in f32 (ct, cn from {@link prepCenters32}, kp a multiple of 4;
 * each 4-row block of x rounded to f32 as it is reached, {@link stageRows}); the guard threshold is
 * kappa·(‖x‖ + r)² + thrAbs either way (the caller picks kappa and thrAbs for the precision; the bound is derived in
 * src/engine/kernels/kmeansGuard.ts).
 * Returns the number of labels that changed; the number of exact recomputations is in {@link lastGuarded}.
 */
export function assign(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  xn: usize,
  c: usize,
  k: i32,
  ct: usize,
  cn: usize,
  kp: i32,
  r: f64,
  kappa: f64,
  labels: usize,
  minSq: usize,
  w: usize,
  sums: usize,
  wic: usize,
  accumulate: i32,
  scratch: usize,
  f32: i32,
  thrAbs: f64,
): i32 {
  if (f32 === 0 && d <= SMALL_D)
    return assignSmall(x, i0, i1, d, xn, c, k, cn, r, kappa, labels, minSq, w, sums, wic, accumulate, scratch);
  const rowBytes = <usize>d << 3;
  let changed = 0;
  let guarded = 0;
  if (f32 === 0) {
    const sa = scratch;
    const sb = scratch + (<usize>kp << 3);
    for (let i = i0; i < i1; i += 2) {
      const hasB = i + 1 < i1;
      const xa = x + <usize>i * rowBytes;
      const xb = hasB ? xa + rowBytes : xa;
      tile(xa, xb, d, ct, cn, kp, sa, sb);
      for (let h = 0; h < 2; h++) {
        if (h === 1 && !hasB) break;
        const row = i + h;
        const xr = h === 0 ? xa : xb;
        const t = load<f64>(xn + (<usize>row << 3)) + r;
        let lab = pick(h === 0 ? sa : sb, kp, kappa * t * t + thrAbs);
        if (lab < 0) {
          lab = exactNearest(xr, d, c, k, scratch + (<usize>kp << 4));
          guarded++;
        }
        changed += finishRow(row, xr, lab, d, c, labels, minSq, w, sums, wic, accumulate);
      }
    }
  } else {
    // 4 rows per block, rounded to f32 into the stage as the block is reached (the f64 rows stay in cache for the
    // sums); a short last block repeats its last row
    const stage = scratch + (<usize>kp << 4);
    for (let i = i0; i < i1; i += 4) {
      const last = x + <usize>(i1 - 1) * rowBytes;
      const r0 = x + <usize>i * rowBytes;
      const r1 = min(r0 + rowBytes, last);
      const r2 = min(r1 + rowBytes, last);
      const r3 = min(r2 + rowBytes, last);
      stageRows(r0, r1, r2, r3, d, stage);
      tile32(stage, d, ct, cn, kp, scratch);
      const m = min(4, i1 - i);
      for (let h = 0; h < m; h++) {
        const row = i + h;
        const xr = r0 + <usize>h * rowBytes;
        const t = load<f64>(xn + (<usize>row << 3)) + r;
        const sh = scratch + ((<usize>h * kp) << 2);
        const thr = kappa * t * t + thrAbs;
        let lab = pick32(sh, kp, thr);
        if (lab < 0) {
          lab = exactAmong32(xr, d, c, k, sh, pickBest, thr, stage);
          guarded++;
        }
        changed += finishRow(row, xr, lab, d, c, labels, minSq, w, sums, wic, accumulate);
      }
    }
  }
  lastGuardedCount = guarded;
  return changed;
}

/**
 * Stores row's label (returns 1 when it changed), its exact squared distance (minSq ≠ 0) and adds w·x into the
 * sums (accumulate ≠ 0), in the reference's operations.
 */
// @ts-ignore: decorator
@inline
function finishRow(
  row: i32,
  xr: usize,
  lab: i32,
  d: i32,
  c: usize,
  labels: usize,
  minSq: usize,
  w: usize,
  sums: usize,
  wic: usize,
  accumulate: i32,
): i32 {
  const rowBytes = <usize>d << 3;
  const lp = labels + (<usize>row << 2);
  const ch = i32(load<i32>(lp) !== lab);
  store<i32>(lp, lab);
  if (minSq !== 0) store<f64>(minSq + (<usize>row << 3), exactSq(xr, c + <usize>lab * rowBytes, d));
  if (accumulate !== 0) {
    const wi = load<f64>(w + (<usize>row << 3));
    const wp = wic + (<usize>lab << 3);
    store<f64>(wp, load<f64>(wp) + wi);
    accumulateRow(xr, sums + <usize>lab * rowBytes, d, wi);
  }
  return ch;
}

/** Largest d handled by {@link assignSmall}. */
const SMALL_D = 16;

/**
 * Label of one lane of a 4-row block, or the exact label when its best and second best are within the guard.
 */
// @ts-ignore: decorator
@inline
function laneLabel(best: f64, second: f64, idx: f64, thr: f64): i32 {
  return select<i32>(<i32>idx, -1, second - best > thr);
}

/**
 * {@link assign} for d ≤ {@link SMALL_D} (f64): rows across the SIMD lanes (4 rows = 2 × f64x2 per block), a loop
 * over the centres (row-major c, broadcast) keeping each lane's best and second best, so no per-centre scratch and
 * no cross-lane reduction. The expanded distances are the same operations as {@link tile}'s (sequential j).
 * scratch holds the block's coordinates transposed (d × 2 v128).
 */
function assignSmall(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  xn: usize,
  c: usize,
  k: i32,
  cn: usize,
  r: f64,
  kappa: f64,
  labels: usize,
  minSq: usize,
  w: usize,
  sums: usize,
  wic: usize,
  accumulate: i32,
  scratch: usize,
): i32 {
  const rowBytes = <usize>d << 3;
  let changed = 0;
  let guarded = 0;
  const inf = f64x2.splat(Infinity);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const rv = f64x2.splat(r);
  const kv = f64x2.splat(kappa);
  for (let i = i0; i < i1; i += 4) {
    const last = i1 - 1;
    const p0 = x + <usize>i * rowBytes;
    const p1 = x + <usize>min(i + 1, last) * rowBytes;
    const p2 = x + <usize>min(i + 2, last) * rowBytes;
    const p3 = x + <usize>min(i + 3, last) * rowBytes;
    for (let j = 0; j < d; j++) {
      const o = <usize>j << 3;
      const s = scratch + (<usize>j << 5);
      v128.store(s, v128.load64_lane(p1 + o, v128.load64_zero(p0 + o), 1));
      v128.store(s, v128.load64_lane(p3 + o, v128.load64_zero(p2 + o), 1), 16);
    }
    let m1a = inf;
    let m2a = inf;
    let ia = zero;
    let m1b = inf;
    let m2b = inf;
    let ib = zero;
    let tv = zero;
    let cr = c;
    let t = 0;
    // Four centres per step (8 independent accumulator chains), then two, then one; lanes updated in ascending t.
    for (; t + 4 <= k; t += 4) {
      let a0 = zero;
      let b0 = zero;
      let a1 = zero;
      let b1 = zero;
      let a2 = zero;
      let b2 = zero;
      let a3 = zero;
      let b3 = zero;
      let s = scratch;
      for (let j = 0; j < d; j++) {
        const o = <usize>j << 3;
        const c0 = v128.load64_splat(cr + o);
        const c1 = v128.load64_splat(cr + o + <usize>1 * rowBytes);
        const c2 = v128.load64_splat(cr + o + <usize>2 * rowBytes);
        const c3 = v128.load64_splat(cr + o + <usize>3 * rowBytes);
        const xa = v128.load(s);
        const xb = v128.load(s, 16);
        a0 = madd64(xa, c0, a0);
        b0 = madd64(xb, c0, b0);
        a1 = madd64(xa, c1, a1);
        b1 = madd64(xb, c1, b1);
        a2 = madd64(xa, c2, a2);
        b2 = madd64(xb, c2, b2);
        a3 = madd64(xa, c3, a3);
        b3 = madd64(xb, c3, b3);
        s += 32;
      }
      const n0 = v128.load64_splat(cn + (<usize>t << 3), 0);
      const n1 = v128.load64_splat(cn + (<usize>t << 3), 8);
      const n2 = v128.load64_splat(cn + (<usize>t << 3), 16);
      const n3 = v128.load64_splat(cn + (<usize>t << 3), 24);
      let ea = f64x2.sub(n0, f64x2.add(a0, a0));
      let eb = f64x2.sub(n0, f64x2.add(b0, b0));
      let lta = f64x2.lt(ea, m1a);
      let ltb = f64x2.lt(eb, m1b);
      m2a = f64x2.pmin(m2a, f64x2.pmax(m1a, ea));
      m2b = f64x2.pmin(m2b, f64x2.pmax(m1b, eb));
      m1a = v128.bitselect(ea, m1a, lta);
      m1b = v128.bitselect(eb, m1b, ltb);
      ia = v128.bitselect(tv, ia, lta);
      ib = v128.bitselect(tv, ib, ltb);
      tv = f64x2.add(tv, one);
      ea = f64x2.sub(n1, f64x2.add(a1, a1));
      eb = f64x2.sub(n1, f64x2.add(b1, b1));
      lta = f64x2.lt(ea, m1a);
      ltb = f64x2.lt(eb, m1b);
      m2a = f64x2.pmin(m2a, f64x2.pmax(m1a, ea));
      m2b = f64x2.pmin(m2b, f64x2.pmax(m1b, eb));
      m1a = v128.bitselect(ea, m1a, lta);
      m1b = v128.bitselect(eb, m1b, ltb);
      ia = v128.bitselect(tv, ia, lta);
      ib = v128.bitselect(tv, ib, ltb);
      tv = f64x2.add(tv, one);
      ea = f64x2.sub(n2, f64x2.add(a2, a2));
      eb = f64x2.sub(n2, f64x2.add(b2, b2));
      lta = f64x2.lt(ea, m1a);
      ltb = f64x2.lt(eb, m1b);
      m2a = f64x2.pmin(m2a, f64x2.pmax(m1a, ea));
      m2b = f64x2.pmin(m2b, f64x2.pmax(m1b, eb));
      m1a = v128.bitselect(ea, m1a, lta);
      m1b = v128.bitselect(eb, m1b, ltb);
      ia = v128.bitselect(tv, ia, lta);
      ib = v128.bitselect(tv, ib, ltb);
      tv = f64x2.add(tv, one);
      ea = f64x2.sub(n3, f64x2.add(a3, a3));
      eb = f64x2.sub(n3, f64x2.add(b3, b3));
      lta = f64x2.lt(ea, m1a);
      ltb = f64x2.lt(eb, m1b);
      m2a = f64x2.pmin(m2a, f64x2.pmax(m1a, ea));
      m2b = f64x2.pmin(m2b, f64x2.pmax(m1b, eb));
      m1a = v128.bitselect(ea, m1a, lta);
      m1b = v128.bitselect(eb, m1b, ltb);
      ia = v128.bitselect(tv, ia, lta);
      ib = v128.bitselect(tv, ib, ltb);
      tv = f64x2.add(tv, one);
      cr += <usize>4 * rowBytes;
    }
    if (t + 2 <= k) {
      let a0 = zero;
      let b0 = zero;
      let a1 = zero;
      let b1 = zero;
      let s = scratch;
      for (let j = 0; j < d; j++) {
        const o = <usize>j << 3;
        const c0 = v128.load64_splat(cr + o);
        const c1 = v128.load64_splat(cr + o + <usize>1 * rowBytes);
        const xa = v128.load(s);
        const xb = v128.load(s, 16);
        a0 = madd64(xa, c0, a0);
        b0 = madd64(xb, c0, b0);
        a1 = madd64(xa, c1, a1);
        b1 = madd64(xb, c1, b1);
        s += 32;
      }
      const n0 = v128.load64_splat(cn + (<usize>t << 3), 0);
      const n1 = v128.load64_splat(cn + (<usize>t << 3), 8);
      let ea = f64x2.sub(n0, f64x2.add(a0, a0));
      let eb = f64x2.sub(n0, f64x2.add(b0, b0));
      let lta = f64x2.lt(ea, m1a);
      let ltb = f64x2.lt(eb, m1b);
      m2a = f64x2.pmin(m2a, f64x2.pmax(m1a, ea));
      m2b = f64x2.pmin(m2b, f64x2.pmax(m1b, eb));
      m1a = v128.bitselect(ea, m1a, lta);
      m1b = v128.bitselect(eb, m1b, ltb);
      ia = v128.bitselect(tv, ia, lta);
      ib = v128.bitselect(tv, ib, ltb);
      tv = f64x2.add(tv, one);
      ea = f64x2.sub(n1, f64x2.add(a1, a1));
      eb = f64x2.sub(n1, f64x2.add(b1, b1));
      lta = f64x2.lt(ea, m1a);
      ltb = f64x2.lt(eb, m1b);
      m2a = f64x2.pmin(m2a, f64x2.pmax(m1a, ea));
      m2b = f64x2.pmin(m2b, f64x2.pmax(m1b, eb));
      m1a = v128.bitselect(ea, m1a, lta);
      m1b = v128.bitselect(eb, m1b, ltb);
      ia = v128.bitselect(tv, ia, lta);
      ib = v128.bitselect(tv, ib, ltb);
      tv = f64x2.add(tv, one);
      cr += <usize>2 * rowBytes;
      t += 2;
    }
    if (t + 1 <= k) {
      let a0 = zero;
      let b0 = zero;
      let s = scratch;
      for (let j = 0; j < d; j++) {
        const o = <usize>j << 3;
        const c0 = v128.load64_splat(cr + o);
        const xa = v128.load(s);
        const xb = v128.load(s, 16);
        a0 = madd64(xa, c0, a0);
        b0 = madd64(xb, c0, b0);
        s += 32;
      }
      const n0 = v128.load64_splat(cn + (<usize>t << 3), 0);
      let ea = f64x2.sub(n0, f64x2.add(a0, a0));
      let eb = f64x2.sub(n0, f64x2.add(b0, b0));
      let lta = f64x2.lt(ea, m1a);
      let ltb = f64x2.lt(eb, m1b);
      m2a = f64x2.pmin(m2a, f64x2.pmax(m1a, ea));
      m2b = f64x2.pmin(m2b, f64x2.pmax(m1b, eb));
      m1a = v128.bitselect(ea, m1a, lta);
      m1b = v128.bitselect(eb, m1b, ltb);
      ia = v128.bitselect(tv, ia, lta);
      ib = v128.bitselect(tv, ib, ltb);
      tv = f64x2.add(tv, one);
      cr += rowBytes;
    }
    if (i + 4 <= i1) {
      // Whole block: the guard test, labels and change count for the 4 lanes at once when no lane is near a tie.
      const xq = xn + (<usize>i << 3);
      const ta = f64x2.add(v128.load(xq), rv);
      const tb = f64x2.add(v128.load(xq, 16), rv);
      const oka = f64x2.gt(f64x2.sub(m2a, m1a), f64x2.mul(f64x2.mul(kv, ta), ta));
      const okb = f64x2.gt(f64x2.sub(m2b, m1b), f64x2.mul(f64x2.mul(kv, tb), tb));
      if (i64x2.all_true(v128.and(oka, okb))) {
        const labs = i32x4.shuffle(i32x4.trunc_sat_f64x2_u_zero(ia), i32x4.trunc_sat_f64x2_u_zero(ib), 0, 1, 4, 5);
        const lp = labels + (<usize>i << 2);
        changed += <i32>popcnt(i32x4.bitmask(i32x4.ne(v128.load(lp), labs)));
        v128.store(lp, labs);
        if (minSq !== 0) {
          const mq = minSq + (<usize>i << 3);
          store<f64>(mq, exactSq(p0, c + <usize>i32x4.extract_lane(labs, 0) * rowBytes, d));
          store<f64>(mq, exactSq(p0 + rowBytes, c + <usize>i32x4.extract_lane(labs, 1) * rowBytes, d), 8);
          store<f64>(mq, exactSq(p0 + 2 * rowBytes, c + <usize>i32x4.extract_lane(labs, 2) * rowBytes, d), 16);
          store<f64>(mq, exactSq(p0 + 3 * rowBytes, c + <usize>i32x4.extract_lane(labs, 3) * rowBytes, d), 24);
        }
        continue;
      }
    }
    const n = i1 - i;
    for (let h = 0; h < 4; h++) {
      if (h >= n) break;
      const row = i + h;
      const xr = p0 + <usize>h * rowBytes;
      const tt = load<f64>(xn + (<usize>row << 3)) + r;
      const thr = kappa * tt * tt;
      let lab: i32;
      if (h === 0)
        lab = laneLabel(f64x2.extract_lane(m1a, 0), f64x2.extract_lane(m2a, 0), f64x2.extract_lane(ia, 0), thr);
      else if (h === 1)
        lab = laneLabel(f64x2.extract_lane(m1a, 1), f64x2.extract_lane(m2a, 1), f64x2.extract_lane(ia, 1), thr);
      else if (h === 2)
        lab = laneLabel(f64x2.extract_lane(m1b, 0), f64x2.extract_lane(m2b, 0), f64x2.extract_lane(ib, 0), thr);
      else lab = laneLabel(f64x2.extract_lane(m1b, 1), f64x2.extract_lane(m2b, 1), f64x2.extract_lane(ib, 1), thr);
      if (lab < 0) {
        lab = exactNearest(xr, d, c, k, scratch);
        guarded++;
      }
      changed += finishRow(row, xr, lab, d, c, labels, minSq, w, sums, wic, 0);
    }
  }
  // The sums are added in a second pass over the labels (row order): measured faster than fusing them per row.
  if (accumulate !== 0) accumulateRows(x, i0, i1, d, labels, w, sums, wic);
  lastGuardedCount = guarded;
  return changed;
}

let lastGuardedCount = 0;

/** Number of rows the last {@link assign} call recomputed exactly (near ties). */
export function lastGuarded(): i32 {
  return lastGuardedCount;
}

/** Adds wᵢ·xᵢ and wᵢ of rows [i0, i1) into sums (k×d) and wic (k) by their labels, in row order. */
// @ts-ignore: decorator
@inline
function accumulateRows(x: usize, i0: i32, i1: i32, d: i32, labels: usize, w: usize, sums: usize, wic: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = i0; i < i1; i++) {
    const lab = load<i32>(labels + (<usize>i << 2));
    const wi = load<f64>(w + (<usize>i << 3));
    const wp = wic + (<usize>lab << 3);
    store<f64>(wp, load<f64>(wp) + wi);
    accumulateRow(x + <usize>i * rowBytes, sums + <usize>lab * rowBytes, d, wi);
  }
}

/**
 * The fused Lloyd pass in fixed row blocks (the per-cluster statistics that both threads of a pool produce the same
 * way): rows [i0, i1) cut at i0, i0 + bs, i0 + 2·bs, … (i0 a block boundary of the whole pass), each block assigned
 * as {@link assign} does and its Σ w·x (k×d) and Σ w (k) summed from zero, in row order, into a partial of
 * k·d + k values. keep = 0: the partial (at `part`) is then added into sums and wic element by element
 * (total ← total + partial, {@link addPartial}), block after block; keep ≠ 0: the t-th block's partial is left at
 * part + t·(k·d + k)·8 for the caller to add in block order. Labels are exact whatever the blocks (the guard), so
 * only the association of the sums depends on bs — never on how the blocks are shared between threads.
 * Arguments as {@link assign} (minSq is not written). Returns the number of labels that changed.
 */
export function assignBlocks(
  x: usize,
  i0: i32,
  i1: i32,
  bs: i32,
  d: i32,
  xn: usize,
  c: usize,
  k: i32,
  ct: usize,
  cn: usize,
  kp: i32,
  r: f64,
  kappa: f64,
  labels: usize,
  w: usize,
  sums: usize,
  wic: usize,
  part: usize,
  keep: i32,
  scratch: usize,
  f32: i32,
  thrAbs: f64,
): i32 {
  const kd = <usize>k * d;
  const bytes = (kd + <usize>k) << 3;
  let changed = 0;
  let guarded = 0;
  let slot = part;
  for (let b0 = i0; b0 < i1; b0 += bs) {
    const b1 = min(b0 + bs, i1);
    memory.fill(slot, 0, bytes);
    changed += assign(x, b0, b1, d, xn, c, k, ct, cn, kp, r, kappa, labels, 0, w, slot, slot + (kd << 3), 1, scratch,
      f32, thrAbs);
    guarded += lastGuardedCount;
    if (keep === 0) addPartial(slot, sums, wic, k, d);
    else slot += bytes;
  }
  lastGuardedCount = guarded;
  return changed;
}

/** sums (k×d) += part[0, k·d), wic (k) += part[k·d, k·d + k), element by element (one IEEE add each). */
export function addPartial(part: usize, sums: usize, wic: usize, k: i32, d: i32): void {
  const kd = k * d;
  let t = 0;
  for (; t + 2 <= kd; t += 2) {
    const o = <usize>t << 3;
    v128.store(sums + o, f64x2.add(v128.load(sums + o), v128.load(part + o)));
  }
  if (t < kd) {
    const o = <usize>t << 3;
    store<f64>(sums + o, load<f64>(sums + o) + load<f64>(part + o));
  }
  const pw = part + (<usize>kd << 3);
  for (let c = 0; c < k; c++) {
    const o = <usize>c << 3;
    store<f64>(wic + o, load<f64>(wic + o) + load<f64>(pw + o));
  }
}

/**
 * Σᵢ wᵢ Σⱼ (xᵢⱼ − c_{labelᵢ,j})² in row order (the reference inertia). w = 0 means unweighted. Four rows at a time
 * with one scalar accumulator each (each row's sum still in sequential j, the total in row order: the same IEEE
 * operations as one row after another), so the four dependency chains of the adds overlap.
 */
export function inertia(x: usize, n: i32, d: i32, w: usize, c: usize, labels: usize): f64 {
  let s: f64 = 0;
  const rowBytes = <usize>d << 3;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xa = x + <usize>i * rowBytes;
    const xb = xa + rowBytes;
    const xc = xb + rowBytes;
    const xd = xc + rowBytes;
    const lp = labels + (<usize>i << 2);
    const ca = c + <usize>load<i32>(lp) * rowBytes;
    const cb = c + <usize>load<i32>(lp, 4) * rowBytes;
    const cc = c + <usize>load<i32>(lp, 8) * rowBytes;
    const cd = c + <usize>load<i32>(lp, 12) * rowBytes;
    let qa: f64 = 0;
    let qb: f64 = 0;
    let qc: f64 = 0;
    let qd: f64 = 0;
    for (let o: usize = 0; o < rowBytes; o += 8) {
      const ua = load<f64>(xa + o) - load<f64>(ca + o);
      const ub = load<f64>(xb + o) - load<f64>(cb + o);
      const uc = load<f64>(xc + o) - load<f64>(cc + o);
      const ud = load<f64>(xd + o) - load<f64>(cd + o);
      qa += ua * ua;
      qb += ub * ub;
      qc += uc * uc;
      qd += ud * ud;
    }
    if (w === 0) {
      s += qa;
      s += qb;
      s += qc;
      s += qd;
    } else {
      const wp = w + (<usize>i << 3);
      s += load<f64>(wp) * qa;
      s += load<f64>(wp, 8) * qb;
      s += load<f64>(wp, 16) * qc;
      s += load<f64>(wp, 24) * qd;
    }
  }
  for (; i < n; i++) {
    const sq = exactSq(x + <usize>i * rowBytes, c + <usize>load<i32>(labels + (<usize>i << 2)) * rowBytes, d);
    s += w === 0 ? sq : load<f64>(w + (<usize>i << 3)) * sq;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Mini-batch k-means (scikit-learn's _mini_batch_step), fused: the data stay in this memory for the whole fit; one
// call gathers the batch rows, assigns them ({@link assign}), sums the batch inertia, makes the counts-based centre
// update and the early-stopping statistics (reassignment test, squared centre change). Every operation is the
// TypeScript reference's (src/kmeans/MiniBatchKMeans.ts, minibatch.ts, common.ts), in its order, so centres,
// counts, inertia and the stopping decisions are bit-identical (tested in test/kmeans/miniBatchWasm.test.ts).
// ---------------------------------------------------------------------------------------------------------------

let stepReassign: i32 = 0;
let stepDiff: f64 = 0;

/**
 * One mini-batch step. x n×d IN (resident data), w n IN (0: unit weights, wb then pre-filled with ones by the
 * caller), rows b IN (the batch's row indices), xb b×d OUT (the gathered rows), wb b OUT, xn b scratch (‖xb_t‖),
 * c k×d IN (current centres), ct d×kp and cn kp scratch ({@link prepCenters}), labels b OUT, minSq b OUT,
 * cNew k×d OUT (updated centres), counts k INOUT (N_c), bw k OUT (batch weight per centre), scratch as for
 * {@link assign}. With ratio > 0 (a reassignment is due) it tests whether some N_c < ratio·max N (then
 * {@link lastStepReassign} is 1 and the caller runs the reassignment, which uses the random stream, and asks
 * {@link centerDiff} itself); otherwise, with wantDiff ≠ 0, {@link lastStepDiff} is Σ (cNew − c)² in index order.
 * Update, per centre with b_c = Σ_{t∈c} w_t > 0: μ_c ← (N_c·μ_c + Σ_{t∈c} w_t·x_t) / (N_c + b_c), N_c ← N_c + b_c.
 * Returns the batch inertia Σ_t w_t‖x_t − c_{l_t}‖² (row order, before the update).
 */
export function miniBatchStep(
  x: usize,
  w: usize,
  d: i32,
  rows: usize,
  b: i32,
  xb: usize,
  wb: usize,
  xn: usize,
  c: usize,
  k: i32,
  ct: usize,
  cn: usize,
  kp: i32,
  kappa: f64,
  labels: usize,
  minSq: usize,
  cNew: usize,
  counts: usize,
  bw: usize,
  scratch: usize,
  ratio: f64,
  wantDiff: i32,
): f64 {
  const rowBytes = <usize>d << 3;
  const vecBytes = (<usize>d >> 1) << 4;
  // Gather: first one value per 64-byte line of every row (a short loop that keeps many cache and TLB misses in
  // flight: the rows are random among n), then the rows one after the other, 16 bytes at a time, from the cache.
  for (let t = 0; t < b; t++) {
    const src = x + <usize>load<i32>(rows + (<usize>t << 2)) * rowBytes;
    const dst = xb + <usize>t * rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 64) store<f64>(dst + o, load<f64>(src + o));
  }
  for (let t = 0; t < b; t++) {
    const r = <usize>load<i32>(rows + (<usize>t << 2));
    const src = x + r * rowBytes;
    const dst = xb + <usize>t * rowBytes;
    for (let o: usize = 0; o < vecBytes; o += 16) v128.store(dst + o, v128.load(src + o));
    if (vecBytes < rowBytes) store<f64>(dst + vecBytes, load<f64>(src + vecBytes));
    if (w !== 0) store<f64>(wb + (<usize>t << 3), load<f64>(w + (r << 3)));
  }
  rowNormsLanes(xb, b, d, xn);
  const rad = prepCenters(c, k, d, kp, ct, cn);
  assign(xb, 0, b, d, xn, c, k, ct, cn, kp, rad, kappa, labels, minSq, wb, 0, 0, 0, scratch, 0, 0);
  let inertiaSum: f64 = 0;
  for (let t = 0; t < b; t++) inertiaSum += load<f64>(wb + (<usize>t << 3)) * load<f64>(minSq + (<usize>t << 3));
  // The counts-based update (minibatch.ts miniBatchUpdate), same operations in the same order.
  for (let q = 0; q < k; q++) store<f64>(bw + (<usize>q << 3), 0);
  for (let t = 0; t < b; t++) {
    const p = bw + (<usize>load<i32>(labels + (<usize>t << 2)) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(wb + (<usize>t << 3)));
  }
  for (let q = 0; q < k; q++) {
    const o = <usize>q * rowBytes;
    if (load<f64>(bw + (<usize>q << 3)) > 0) {
      const nc = load<f64>(counts + (<usize>q << 3));
      for (let j = 0; j < d; j++) {
        const jo = o + (<usize>j << 3);
        store<f64>(cNew + jo, load<f64>(c + jo) * nc);
      }
    } else {
      memory.copy(cNew + o, c + o, rowBytes);
    }
  }
  for (let t = 0; t < b; t++) {
    const lab = <usize>load<i32>(labels + (<usize>t << 2));
    accumulateRow(xb + <usize>t * rowBytes, cNew + lab * rowBytes, d, load<f64>(wb + (<usize>t << 3)));
  }
  for (let q = 0; q < k; q++) {
    const bq = load<f64>(bw + (<usize>q << 3));
    if (bq > 0) {
      const cp = counts + (<usize>q << 3);
      const nq = load<f64>(cp) + bq;
      store<f64>(cp, nq);
      const inv = 1 / nq;
      const o = cNew + <usize>q * rowBytes;
      for (let j = 0; j < d; j++) {
        const p = o + (<usize>j << 3);
        store<f64>(p, load<f64>(p) * inv);
      }
    }
  }
  // Early-stopping statistics: is a reassignment needed (reassignSmallClusters flags some centre)? else the shift.
  stepReassign = 0;
  if (ratio > 0) {
    let mx: f64 = 0;
    for (let q = 0; q < k; q++) {
      const v = load<f64>(counts + (<usize>q << 3));
      if (v > mx) mx = v;
    }
    const lim = ratio * mx;
    for (let q = 0; q < k; q++) if (load<f64>(counts + (<usize>q << 3)) < lim) stepReassign = 1;
  }
  stepDiff = stepReassign === 0 && wantDiff !== 0 ? centerDiff(c, cNew, k * d) : 0;
  return inertiaSum;
}

/**
 * 1 when every one of the m values x satisfies |xₜ| ≤ limit, else 0 (a NaN fails the comparison, ±∞ exceeds any
 * finite limit): the input check of mini-batch k-means (finite, and small enough that sums of squares cannot
 * overflow) in one pass at memory speed — per 16 bytes an and-not, a compare and an and. x m IN.
 */
export function allWithin(x: usize, m: i32, limit: f64): i32 {
  const lim = f64x2.splat(limit);
  const sign = f64x2.splat(-0.0);
  const ok = i64x2.splat(-1);
  let a0 = ok;
  let a1 = ok;
  let a2 = ok;
  let a3 = ok;
  let t = 0;
  for (; t + 8 <= m; t += 8) {
    const p = x + (<usize>t << 3);
    a0 = v128.and(a0, f64x2.le(v128.andnot(v128.load(p), sign), lim));
    a1 = v128.and(a1, f64x2.le(v128.andnot(v128.load(p, 16), sign), lim));
    a2 = v128.and(a2, f64x2.le(v128.andnot(v128.load(p, 32), sign), lim));
    a3 = v128.and(a3, f64x2.le(v128.andnot(v128.load(p, 48), sign), lim));
  }
  let r: i32 = v128.all_true<i64>(v128.and(v128.and(a0, a1), v128.and(a2, a3))) ? 1 : 0;
  for (; t < m; t++) if (!(abs(load<f64>(x + (<usize>t << 3))) <= limit)) r = 0;
  return r;
}

/** Whether the last {@link miniBatchStep} found centres to reassign (1) — the caller then reassigns them. */
export function lastStepReassign(): i32 {
  return stepReassign;
}

/** Σ (cNew − c)² of the last {@link miniBatchStep} (0 when it was not asked for or a reassignment is pending). */
export function lastStepDiff(): f64 {
  return stepDiff;
}

/** Σₜ (bₜ − aₜ)² over m values in index order (the squared centre change). a, b m IN. */
export function centerDiff(a: usize, b: usize, m: i32): f64 {
  let s: f64 = 0;
  for (let t = 0; t < m; t++) {
    const u = load<f64>(b + (<usize>t << 3)) - load<f64>(a + (<usize>t << 3));
    s += u * u;
  }
  return s;
}

/**
 * Labels of m resident rows x (m×d) for the centres c (k×d; ct, cn, scratch as {@link miniBatchStep}'s): xn m
 * scratch, labels m OUT. Returns s0 + Σᵢ wᵢ‖xᵢ − c_{lᵢ}‖² added in row order (w = 0: unweighted), so chunks of
 * one pass continue one running sum.
 */
export function labelRows(
  x: usize,
  w: usize,
  m: i32,
  d: i32,
  c: usize,
  k: i32,
  ct: usize,
  cn: usize,
  kp: i32,
  kappa: f64,
  xn: usize,
  labels: usize,
  scratch: usize,
  s0: f64,
): f64 {
  rowNormsLanes(x, m, d, xn);
  const rad = prepCenters(c, k, d, kp, ct, cn);
  assign(x, 0, m, d, xn, c, k, ct, cn, kp, rad, kappa, labels, 0, 0, 0, 0, 0, scratch, 0, 0);
  const rowBytes = <usize>d << 3;
  let s = s0;
  // The exact squared distances of 4 rows at a time, one row per lane (each lane {@link exactSq}'s sequential sum,
  // so bit-identical to it), added to s in row order.
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const x0 = x + <usize>i * rowBytes;
    const x1 = x0 + rowBytes;
    const x2 = x1 + rowBytes;
    const x3 = x2 + rowBytes;
    const lp = labels + (<usize>i << 2);
    const c0 = c + <usize>load<i32>(lp) * rowBytes;
    const c1 = c + <usize>load<i32>(lp, 4) * rowBytes;
    const c2 = c + <usize>load<i32>(lp, 8) * rowBytes;
    const c3 = c + <usize>load<i32>(lp, 12) * rowBytes;
    let a = f64x2.splat(0);
    let b = a;
    for (let j = 0; j < d; j++) {
      const o = <usize>j << 3;
      const u = f64x2.sub(
        f64x2.replace_lane(v128.load64_splat(x0 + o), 1, load<f64>(x1 + o)),
        f64x2.replace_lane(v128.load64_splat(c0 + o), 1, load<f64>(c1 + o)),
      );
      const v = f64x2.sub(
        f64x2.replace_lane(v128.load64_splat(x2 + o), 1, load<f64>(x3 + o)),
        f64x2.replace_lane(v128.load64_splat(c2 + o), 1, load<f64>(c3 + o)),
      );
      a = f64x2.add(a, f64x2.mul(u, u));
      b = f64x2.add(b, f64x2.mul(v, v));
    }
    if (w === 0) {
      s += f64x2.extract_lane(a, 0);
      s += f64x2.extract_lane(a, 1);
      s += f64x2.extract_lane(b, 0);
      s += f64x2.extract_lane(b, 1);
    } else {
      const wp = w + (<usize>i << 3);
      s += load<f64>(wp) * f64x2.extract_lane(a, 0);
      s += load<f64>(wp, 8) * f64x2.extract_lane(a, 1);
      s += load<f64>(wp, 16) * f64x2.extract_lane(b, 0);
      s += load<f64>(wp, 24) * f64x2.extract_lane(b, 1);
    }
  }
  for (; i < m; i++) {
    const sq = exactSq(x + <usize>i * rowBytes, c + <usize>load<i32>(labels + (<usize>i << 2)) * rowBytes, d);
    s += w === 0 ? sq : load<f64>(w + (<usize>i << 3)) * sq;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Elkan and Hamerly kernels (exact arithmetic only: every squared distance is the reference's Σⱼ (xⱼ − cⱼ)² with
// sequential j — computed lane-wise, never with madd64 or a reordered sum — so distances, bounds, labels and
// therefore centres, nIter and inertia are bit-identical to src/kmeans/elkan.ts and src/kmeans/hamerly.ts).
// ---------------------------------------------------------------------------------------------------------------

/**
 * Direct squared distances Σⱼ (xⱼ − cⱼ)² (sequential j, one centre per lane: each lane is the reference's loop) of
 * rows xa and xb to all kp centres (ct d×kp transposed as by {@link prepCenters}, kp even), into sa and sb (kp each). 2 rows × 8 centres
 * register tiles, then 2 rows × 2.
 */
// @ts-ignore: decorator
@inline
function directTile(xa: usize, xb: usize, d: i32, ct: usize, kp: i32, sa: usize, sb: usize): void {
  let cb = 0;
  const stride = <usize>kp << 3;
  for (; cb + 8 <= kp; cb += 8) {
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let b0 = a0;
    let b1 = a0;
    let b2 = a0;
    let b3 = a0;
    let p = ct + (<usize>cb << 3);
    for (let j = 0; j < d; j++) {
      const va = v128.load64_splat(xa + (<usize>j << 3));
      const vb = v128.load64_splat(xb + (<usize>j << 3));
      const c0 = v128.load(p);
      const c1 = v128.load(p, 16);
      const c2 = v128.load(p, 32);
      const c3 = v128.load(p, 48);
      let t = f64x2.sub(va, c0);
      a0 = f64x2.add(a0, f64x2.mul(t, t));
      t = f64x2.sub(va, c1);
      a1 = f64x2.add(a1, f64x2.mul(t, t));
      t = f64x2.sub(va, c2);
      a2 = f64x2.add(a2, f64x2.mul(t, t));
      t = f64x2.sub(va, c3);
      a3 = f64x2.add(a3, f64x2.mul(t, t));
      t = f64x2.sub(vb, c0);
      b0 = f64x2.add(b0, f64x2.mul(t, t));
      t = f64x2.sub(vb, c1);
      b1 = f64x2.add(b1, f64x2.mul(t, t));
      t = f64x2.sub(vb, c2);
      b2 = f64x2.add(b2, f64x2.mul(t, t));
      t = f64x2.sub(vb, c3);
      b3 = f64x2.add(b3, f64x2.mul(t, t));
      p += stride;
    }
    const oa = sa + (<usize>cb << 3);
    const ob = sb + (<usize>cb << 3);
    v128.store(oa, a0);
    v128.store(oa, a1, 16);
    v128.store(oa, a2, 32);
    v128.store(oa, a3, 48);
    v128.store(ob, b0);
    v128.store(ob, b1, 16);
    v128.store(ob, b2, 32);
    v128.store(ob, b3, 48);
  }
  for (; cb < kp; cb += 2) {
    let a0 = f64x2.splat(0);
    let b0 = a0;
    let p = ct + (<usize>cb << 3);
    for (let j = 0; j < d; j++) {
      const c0 = v128.load(p);
      let t = f64x2.sub(v128.load64_splat(xa + (<usize>j << 3)), c0);
      a0 = f64x2.add(a0, f64x2.mul(t, t));
      t = f64x2.sub(v128.load64_splat(xb + (<usize>j << 3)), c0);
      b0 = f64x2.add(b0, f64x2.mul(t, t));
      p += stride;
    }
    v128.store(sa + (<usize>cb << 3), a0);
    v128.store(sb + (<usize>cb << 3), b0);
  }
}

/**
 * Elkan's initial exact assignment of rows [i0, i1): lower (n×k) = ‖xᵢ − cₜ‖ for every centre, labels = the first
 * centre of least squared distance, upper = its distance. x n×d IN, ct d×kp IN ({@link prepCenters}), labels
 * n OUT, upper n OUT, lower n×k OUT, scratch 2·kp f64.
 */
export function elkanInit(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  ct: usize,
  k: i32,
  kp: i32,
  labels: usize,
  upper: usize,
  lower: usize,
  scratch: usize,
): void {
  const sa = scratch;
  const sb = scratch + (<usize>kp << 3);
  const rowBytes = <usize>d << 3;
  for (let i = i0; i < i1; i += 2) {
    const hasB = i + 1 < i1;
    const xa = x + <usize>i * rowBytes;
    directTile(xa, hasB ? xa + rowBytes : xa, d, ct, kp, sa, sb);
    for (let h = 0; h < 2; h++) {
      if (h === 1 && !hasB) break;
      const row = i + h;
      const s = h === 0 ? sa : sb;
      const lr = lower + ((<usize>row * k) << 3);
      let best = 0;
      let bd: f64 = Infinity;
      let t = 0;
      for (; t + 2 <= k; t += 2) v128.store(lr + (<usize>t << 3), f64x2.sqrt(v128.load(s + (<usize>t << 3))));
      if (t < k) store<f64>(lr + (<usize>t << 3), Math.sqrt(load<f64>(s + (<usize>t << 3))));
      for (t = 0; t < k; t++) {
        const v = load<f64>(s + (<usize>t << 3));
        if (v < bd) {
          bd = v;
          best = t;
        }
      }
      store<i32>(labels + (<usize>row << 2), best);
      store<f64>(upper + (<usize>row << 3), Math.sqrt(bd));
    }
  }
}

/**
 * Hamerly's exact assignment of one row from its squared distances s (k): label = first least, upper = its
 * distance, lower = the second least distance (the reference's b₁/b₂ loop). Returns 1 when the label changed.
 */
// @ts-ignore: decorator
@inline
function hamerlyPick(s: usize, k: i32, row: i32, labels: usize, upper: usize, lower: usize, dirty: usize): i32 {
  let best = 0;
  let b1: f64 = Infinity;
  let b2: f64 = Infinity;
  for (let t = 0; t < k; t++) {
    const v = load<f64>(s + (<usize>t << 3));
    if (v < b1) {
      b2 = b1;
      b1 = v;
      best = t;
    } else if (v < b2) b2 = v;
  }
  const lp = labels + (<usize>row << 2);
  const old = load<i32>(lp);
  const ch = i32(old !== best);
  if (ch !== 0 && dirty !== 0) {
    store<u8>(dirty + <usize>old, 1);
    store<u8>(dirty + <usize>best, 1);
  }
  store<i32>(lp, best);
  store<f64>(upper + (<usize>row << 3), Math.sqrt(b1));
  store<f64>(lower + (<usize>row << 3), Math.sqrt(b2));
  return ch;
}

/**
 * Hamerly's exact assignment of the rows listed in rows[0..m) (i32 row indices; all rows [i0, i1) when rows = 0):
 * labels, upper (nearest distance) and lower (second nearest). Returns the number of labels that changed.
 */
export function hamerlyFull(
  x: usize,
  rows: usize,
  m: i32,
  i0: i32,
  d: i32,
  ct: usize,
  k: i32,
  kp: i32,
  labels: usize,
  upper: usize,
  lower: usize,
  scratch: usize,
  dirty: usize,
): i32 {
  const sa = scratch;
  const sb = scratch + (<usize>kp << 3);
  const rowBytes = <usize>d << 3;
  let changed = 0;
  for (let q = 0; q < m; q += 2) {
    const hasB = q + 1 < m;
    const ra = rows === 0 ? i0 + q : load<i32>(rows + (<usize>q << 2));
    const rb = hasB ? (rows === 0 ? i0 + q + 1 : load<i32>(rows + (<usize>(q + 1) << 2))) : ra;
    directTile(x + <usize>ra * rowBytes, x + <usize>rb * rowBytes, d, ct, kp, sa, sb);
    changed += hamerlyPick(sa, k, ra, labels, upper, lower, dirty);
    if (hasB) changed += hamerlyPick(sb, k, rb, labels, upper, lower, dirty);
  }
  return changed;
}

/**
 * Squared distances of nj (row, centre) jobs: out[q] = Σⱼ (x_{rᵩ,j} − c_{cᵩ,j})², sequential j, 8 jobs at a time
 * (one per lane, 4 independent vector chains). jx, jc: u32 byte addresses of the row and the centre; both arrays
 * and out must have room for nj rounded up to a multiple of 8 (the padding jobs are filled in here).
 */
export function distJobs(jx: usize, jc: usize, nj: i32, d: i32, out: usize): void {
  if (nj === 0) return;
  const last = nj - 1;
  const end = (nj + 7) & ~7;
  for (let q = nj; q < end; q++) {
    store<u32>(jx + (<usize>q << 2), load<u32>(jx + (<usize>last << 2)));
    store<u32>(jc + (<usize>q << 2), load<u32>(jc + (<usize>last << 2)));
  }
  for (let q = 0; q < end; q += 8) {
    const px = jx + (<usize>q << 2);
    const pc = jc + (<usize>q << 2);
    const x0 = <usize>load<u32>(px);
    const x1 = <usize>load<u32>(px, 4);
    const x2 = <usize>load<u32>(px, 8);
    const x3 = <usize>load<u32>(px, 12);
    const x4 = <usize>load<u32>(px, 16);
    const x5 = <usize>load<u32>(px, 20);
    const x6 = <usize>load<u32>(px, 24);
    const x7 = <usize>load<u32>(px, 28);
    const c0 = <usize>load<u32>(pc);
    const c1 = <usize>load<u32>(pc, 4);
    const c2 = <usize>load<u32>(pc, 8);
    const c3 = <usize>load<u32>(pc, 12);
    const c4 = <usize>load<u32>(pc, 16);
    const c5 = <usize>load<u32>(pc, 20);
    const c6 = <usize>load<u32>(pc, 24);
    const c7 = <usize>load<u32>(pc, 28);
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    for (let j = 0; j < d; j++) {
      const o = <usize>j << 3;
      let t = f64x2.sub(
        v128.load64_lane(x1 + o, v128.load64_zero(x0 + o), 1),
        v128.load64_lane(c1 + o, v128.load64_zero(c0 + o), 1),
      );
      a0 = f64x2.add(a0, f64x2.mul(t, t));
      t = f64x2.sub(
        v128.load64_lane(x3 + o, v128.load64_zero(x2 + o), 1),
        v128.load64_lane(c3 + o, v128.load64_zero(c2 + o), 1),
      );
      a1 = f64x2.add(a1, f64x2.mul(t, t));
      t = f64x2.sub(
        v128.load64_lane(x5 + o, v128.load64_zero(x4 + o), 1),
        v128.load64_lane(c5 + o, v128.load64_zero(c4 + o), 1),
      );
      a2 = f64x2.add(a2, f64x2.mul(t, t));
      t = f64x2.sub(
        v128.load64_lane(x7 + o, v128.load64_zero(x6 + o), 1),
        v128.load64_lane(c7 + o, v128.load64_zero(c6 + o), 1),
      );
      a3 = f64x2.add(a3, f64x2.mul(t, t));
    }
    const po = out + (<usize>q << 3);
    v128.store(po, a0);
    v128.store(po, a1, 16);
    v128.store(po, a2, 32);
    v128.store(po, a3, 48);
  }
}

/**
 * Elkan's centre–centre terms: cc (k×k) = ½‖cₐ − c_b‖ (symmetric: (a − b)² = (b − a)² exactly), s (k) = the least
 * of each row of cc off the diagonal (+∞ when k = 1).
 */
export function elkanCenters(c: usize, k: i32, d: i32, cc: usize, s: usize): void {
  const rowBytes = <usize>d << 3;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const h = 0.5 * Math.sqrt(exactSq(c + <usize>a * rowBytes, c + <usize>b * rowBytes, d));
      store<f64>(cc + ((<usize>a * k + b) << 3), h);
      store<f64>(cc + ((<usize>b * k + a) << 3), h);
    }
  }
  for (let a = 0; a < k; a++) {
    let m: f64 = Infinity;
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      const h = load<f64>(cc + ((<usize>a * k + b) << 3));
      if (h < m) m = h;
    }
    store<f64>(s + (<usize>a << 3), m);
  }
}

/** Hamerly's s (k) = ½ minₓ≠ₐ ‖cₐ − c_b‖ (+∞ when k = 1), as the reference. */
export function hamerlyCenters(c: usize, k: i32, d: i32, s: usize): void {
  const rowBytes = <usize>d << 3;
  for (let a = 0; a < k; a++) {
    let m: f64 = Infinity;
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      const sq = exactSq(c + <usize>a * rowBytes, c + <usize>b * rowBytes, d);
      if (sq < m) m = sq;
    }
    store<f64>(s + (<usize>a << 3), 0.5 * Math.sqrt(m));
  }
}

/**
 * Elkan's bound update after the centres moved by shift (k): lower[i,c] ← max(lower[i,c] − shift[c], 0) (NaN → 0,
 * as the reference's `v > 0 ? v : 0`), upper[i] += shift[labelᵢ], rows [i0, i1).
 */
export function elkanMove(i0: i32, i1: i32, k: i32, labels: usize, upper: usize, lower: usize, shift: usize): void {
  const zero = f64x2.splat(0);
  for (let i = i0; i < i1; i++) {
    const lr = lower + ((<usize>i * k) << 3);
    let c = 0;
    for (; c + 2 <= k; c += 2) {
      const p = lr + (<usize>c << 3);
      // pmax(0, v) = 0 < v ? v : 0
      v128.store(p, f64x2.pmax(zero, f64x2.sub(v128.load(p), v128.load(shift + (<usize>c << 3)))));
    }
    if (c < k) {
      const p = lr + (<usize>c << 3);
      const v = load<f64>(p) - load<f64>(shift + (<usize>c << 3));
      store<f64>(p, v > 0 ? v : 0);
    }
    const up = upper + (<usize>i << 3);
    store<f64>(up, load<f64>(up) + load<f64>(shift + (<usize>load<i32>(labels + (<usize>i << 2)) << 3)));
  }
}

/** Hamerly's bound update: upper[i] += shift[a], lower[i] −= (a = arg1 ? m2 : m1), rows [i0, i1). */
export function hamerlyMove(
  i0: i32,
  i1: i32,
  labels: usize,
  upper: usize,
  lower: usize,
  shift: usize,
  arg1: i32,
  m1: f64,
  m2: f64,
): void {
  for (let i = i0; i < i1; i++) {
    const a = load<i32>(labels + (<usize>i << 2));
    const up = upper + (<usize>i << 3);
    store<f64>(up, load<f64>(up) + load<f64>(shift + (<usize>a << 3)));
    const lp = lower + (<usize>i << 3);
    store<f64>(lp, load<f64>(lp) - (a === arg1 ? m2 : m1));
  }
}

/** Rows per block of the bound loops (the job buffers hold bs·(k + 1) + 8 jobs). */
export function boundBlock(k: i32): i32 {
  return max(4, min(128, 16384 / max(k, 1)));
}

/**
 * Elkan's bound test and refresh of rows [b0, b1), the reference's loop replayed exactly: the distances it will need are computed first in batches of 8 independent lanes ({@link distJobs}) — the
 * tightening distance to the current centre, then every centre that passes the bound test against the tightened
 * bound — and the reference's sequential loop then runs on them (computing on the spot any distance it needs that
 * was not batched). Same distances, same bounds, same labels. c k×d IN, cc k×k IN, s k IN, labels/upper/lower
 * INOUT, jx/jc (u32) and jo (f64) job buffers ((b1 − b0)·(k + 1) + 8 each), rowList, first (i32, b1 − b0) and
 * jobStart (i32, b1 − b0 + 1), dk (f64, k) and stamp (i32, k, zero on entry and exit), dslot (i32, 2·(b1 − b0))
 * and dd (f64, (b1 − b0 + 1)·kp: the dense rows' distances) scratch; ct d×kp the transposed centres
 * ({@link prepCenters}). Returns the number of labels that changed.
 */
/** A row is "dense" in {@link elkanBlock} when its candidates number at least kp / denseRatio (≤ 0: never). */
let denseRatio = 3;

/** Sets the dense-row ratio of {@link elkanBlock} (for measurements; results do not depend on it). */
export function setDenseRatio(r: i32): void {
  denseRatio = r;
}

// @ts-ignore: decorator
@inline
function elkanBlock(
  x: usize,
  b0: i32,
  b1: i32,
  d: i32,
  c: usize,
  k: i32,
  cc: usize,
  s: usize,
  labels: usize,
  upper: usize,
  lower: usize,
  slack: f64,
  jx: usize,
  jc: usize,
  jo: usize,
  rowList: usize,
  first: usize,
  jobStart: usize,
  dk: usize,
  stamp: usize,
  dirty: usize,
  ct: usize,
  kp: i32,
  dd: usize,
  dslot: usize,
): i32 {
  const rowBytes = <usize>d << 3;
  let changed = 0;
  {
    // 1. rows whose loose bound fails somewhere: their first failing centre, and the tightening job.
    let m = 0;
    for (let i = b0; i < b1; i++) {
      const a = load<i32>(labels + (<usize>i << 2));
      const u = load<f64>(upper + (<usize>i << 3));
      if (u * slack < load<f64>(s + (<usize>a << 3))) continue;
      const lr = lower + ((<usize>i * k) << 3);
      const cr = cc + ((<usize>a * k) << 3);
      let fc = -1;
      for (let t = 0; t < k; t++) {
        if (t === a || u * slack < load<f64>(lr + (<usize>t << 3)) || u * slack < load<f64>(cr + (<usize>t << 3)))
          continue;
        fc = t;
        break;
      }
      if (fc < 0) continue;
      store<i32>(rowList + (<usize>m << 2), i);
      store<i32>(first + (<usize>m << 2), fc);
      store<u32>(jx + (<usize>m << 2), <u32>(x + <usize>i * rowBytes));
      store<u32>(jc + (<usize>m << 2), <u32>(c + <usize>a * rowBytes));
      m++;
    }
    if (m === 0) return 0;
    distJobs(jx, jc, m, d, jo);
    // Then the candidates of each row against its tightened bound (jobs [m, nj), row q's from jobStart[q]); a row
    // with many candidates ("dense": ≥ kp/3) gets all its distances from the 2 rows × 8 centres tiles instead, at
    // a fraction of the cost per distance (the same values: one centre per lane, sequential j).
    let nj = m;
    let nd = 0;
    // dslot = 0 (a caller built before dense rows existed): every row takes the job batches.
    const useDense = dslot !== 0 && denseRatio > 0;
    const denseQ = dslot + (<usize>(b1 - b0) << 2);
    for (let q = 0; q < m; q++) {
      const i = load<i32>(rowList + (<usize>q << 2));
      const a = load<i32>(labels + (<usize>i << 2));
      const u = Math.sqrt(load<f64>(jo + (<usize>q << 3)));
      const lr = lower + ((<usize>i * k) << 3);
      const cr = cc + ((<usize>a * k) << 3);
      store<i32>(jobStart + (<usize>q << 2), nj);
      const fq = load<i32>(first + (<usize>q << 2));
      if (useDense) {
        let cnt = 0;
        for (let t = fq; t < k; t++) {
          cnt += i32(
            !(t === a || u * slack < load<f64>(lr + (<usize>t << 3)) || u * slack < load<f64>(cr + (<usize>t << 3))),
          );
        }
        if (cnt * denseRatio >= kp && cnt >= 4) {
          store<i32>(dslot + (<usize>q << 2), nd);
          store<i32>(denseQ + (<usize>nd << 2), i);
          nd++;
          continue;
        }
        store<i32>(dslot + (<usize>q << 2), -1);
      }
      const xr = <u32>(x + <usize>i * rowBytes);
      for (let t = fq; t < k; t++) {
        if (t === a || u * slack < load<f64>(lr + (<usize>t << 3)) || u * slack < load<f64>(cr + (<usize>t << 3)))
          continue;
        store<u32>(jx + (<usize>nj << 2), xr);
        store<u32>(jc + (<usize>nj << 2), <u32>(c + <usize>t * rowBytes));
        nj++;
      }
    }
    store<i32>(jobStart + (<usize>m << 2), nj);
    distJobs(jx + (<usize>m << 2), jc + (<usize>m << 2), nj - m, d, jo + (<usize>m << 3));
    const ddRow = <usize>kp << 3;
    for (let e = 0; e < nd; e += 2) {
      const ia = load<i32>(denseQ + (<usize>e << 2));
      const ib = e + 1 < nd ? load<i32>(denseQ + (<usize>(e + 1) << 2)) : ia;
      directTile(x + <usize>ia * rowBytes, x + <usize>ib * rowBytes, d, ct, kp, dd + <usize>e * ddRow, dd + <usize>(e + 1) * ddRow);
    }
    // 2. the reference's loop, on the batched distances.
    for (let q = 0; q < m; q++) {
      const i = load<i32>(rowList + (<usize>q << 2));
      const g0 = load<i32>(jobStart + (<usize>q << 2));
      const g1 = load<i32>(jobStart + (<usize>(q + 1) << 2));
      for (let g = g0; g < g1; g++) {
        const t = <i32>((<usize>load<u32>(jc + (<usize>g << 2)) - c) / rowBytes);
        store<f64>(dk + (<usize>t << 3), load<f64>(jo + (<usize>g << 3)));
        store<i32>(stamp + (<usize>t << 2), 1);
      }
      let a = load<i32>(labels + (<usize>i << 2));
      const a0 = a;
      let u2 = load<f64>(jo + (<usize>q << 3));
      let u = Math.sqrt(u2);
      const lr = lower + ((<usize>i * k) << 3);
      store<f64>(lr + (<usize>a << 3), u);
      const xr = x + <usize>i * rowBytes;
      const slot = useDense ? load<i32>(dslot + (<usize>q << 2)) : -1;
      const dr = slot >= 0 ? dd + <usize>slot * ddRow : 0;
      for (let t = load<i32>(first + (<usize>q << 2)); t < k; t++) {
        if (
          t === a ||
          u * slack < load<f64>(lr + (<usize>t << 3)) ||
          u * slack < load<f64>(cc + ((<usize>a * k + t) << 3))
        )
          continue;
        let dc2: f64;
        if (dr !== 0) dc2 = load<f64>(dr + (<usize>t << 3));
        else if (load<i32>(stamp + (<usize>t << 2)) !== 0) dc2 = load<f64>(dk + (<usize>t << 3));
        else dc2 = exactSq(xr, c + <usize>t * rowBytes, d);
        const dc = Math.sqrt(dc2);
        store<f64>(lr + (<usize>t << 3), dc);
        if (dc2 < u2 || (dc2 === u2 && t < a)) {
          a = t;
          u = dc;
          u2 = dc2;
        }
      }
      store<i32>(labels + (<usize>i << 2), a);
      store<f64>(upper + (<usize>i << 3), u);
      if (a !== a0) {
        changed++;
        store<u8>(dirty + <usize>a0, 1);
        store<u8>(dirty + <usize>a, 1);
      }
      for (let g = g0; g < g1; g++) {
        store<i32>(stamp + (<usize>((<usize>load<u32>(jc + (<usize>g << 2)) - c) / rowBytes) << 2), 0);
      }
    }
  }
  return changed;
}

/**
 * One fused Elkan pass over rows [i0, i1), block by block ({@link boundBlock} rows, so that each block's rows and
 * bounds are read from memory once): the previous iteration's bound update ({@link elkanMove}, when shift ≠ 0),
 * the bound test and refresh ({@link elkanBlock}, when step ≠ 0, with cc and s from {@link elkanCenters}) and the
 * per-cluster sums w·x and w in the fixed sum blocks of sb rows ({@link blockSums}; when sums ≠ 0: zero sums and wic
 * first, part holds k·d + k values; i0 and, unless it is the last row, i1 on sum-block boundaries). Each part is
 * the reference's operations on the same values in the same order, so fusing them changes no bit. Returns the number of
 * labels that changed, and marks the old and new cluster of each in dirty (u8, k).
 */
export function elkanPass(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  c: usize,
  k: i32,
  cc: usize,
  s: usize,
  labels: usize,
  upper: usize,
  lower: usize,
  slack: f64,
  shift: usize,
  step: i32,
  w: usize,
  sums: usize,
  wic: usize,
  jx: usize,
  jc: usize,
  jo: usize,
  rowList: usize,
  first: usize,
  jobStart: usize,
  dk: usize,
  stamp: usize,
  dirty: usize,
  ct: usize,
  kp: i32,
  dd: usize,
  dslot: usize,
  part: usize,
  sb: i32,
): i32 {
  const bs = boundBlock(k);
  let changed = 0;
  if (sums !== 0) memory.fill(part, 0, (<usize>k * d + <usize>k) << 3);
  for (let b0 = i0; b0 < i1; b0 += bs) {
    const b1 = min(i1, b0 + bs);
    if (shift !== 0) elkanMove(b0, b1, k, labels, upper, lower, shift);
    if (step !== 0)
      changed += elkanBlock(
        x,
        b0,
        b1,
        d,
        c,
        k,
        cc,
        s,
        labels,
        upper,
        lower,
        slack,
        jx,
        jc,
        jo,
        rowList,
        first,
        jobStart,
        dk,
        stamp,
        dirty,
        ct,
        kp,
        dd,
        dslot,
      );
    if (sums !== 0) blockSums(x, b0, b1, i1, sb, d, k, labels, w, sums, wic, part);
  }
  return changed;
}

/**
 * Hamerly's bound test and refresh of rows [b0, b1), as the reference: the tightening
 * distances to the current centres in batches of 8 lanes ({@link distJobs}), then a full exact assignment
 * ({@link hamerlyFull}, 2 rows × 8 centres tiles over ct) of the rows whose tightened bound still fails. s k IN,
 * labels/upper/lower INOUT (n each). Returns the number of labels that changed.
 */
// @ts-ignore: decorator
@inline
function hamerlyBlock(
  x: usize,
  b0: i32,
  b1: i32,
  d: i32,
  c: usize,
  ct: usize,
  k: i32,
  kp: i32,
  s: usize,
  labels: usize,
  upper: usize,
  lower: usize,
  slack: f64,
  jx: usize,
  jc: usize,
  jo: usize,
  rowList: usize,
  scratch: usize,
  dirty: usize,
): i32 {
  const rowBytes = <usize>d << 3;
  {
    let m = 0;
    for (let i = b0; i < b1; i++) {
      const a = load<i32>(labels + (<usize>i << 2));
      const sa = load<f64>(s + (<usize>a << 3));
      const lo = load<f64>(lower + (<usize>i << 3));
      const mm = sa > lo ? sa : lo;
      if (load<f64>(upper + (<usize>i << 3)) * slack < mm) continue;
      store<i32>(rowList + (<usize>m << 2), i);
      store<u32>(jx + (<usize>m << 2), <u32>(x + <usize>i * rowBytes));
      store<u32>(jc + (<usize>m << 2), <u32>(c + <usize>a * rowBytes));
      m++;
    }
    if (m === 0) return 0;
    distJobs(jx, jc, m, d, jo);
    let f = 0;
    for (let q = 0; q < m; q++) {
      const i = load<i32>(rowList + (<usize>q << 2));
      const a = load<i32>(labels + (<usize>i << 2));
      const sa = load<f64>(s + (<usize>a << 3));
      const lo = load<f64>(lower + (<usize>i << 3));
      const mm = sa > lo ? sa : lo;
      const u = Math.sqrt(load<f64>(jo + (<usize>q << 3)));
      store<f64>(upper + (<usize>i << 3), u);
      if (u * slack < mm) continue;
      store<i32>(rowList + (<usize>f << 2), i); // f ≤ q: compacts in place
      f++;
    }
    return hamerlyFull(x, rowList, f, 0, d, ct, k, kp, labels, upper, lower, scratch, dirty);
  }
}

/**
 * One fused Hamerly pass over rows [i0, i1), block by block: the previous iteration's bound update
 * ({@link hamerlyMove} with arg1, m1, m2, when shift ≠ 0), the bound test and refresh ({@link hamerlyBlock}, when
 * step ≠ 0, with s from {@link hamerlyCenters}) and the per-cluster sums in row order (when sums ≠ 0). Bit-identical
 * to the reference's separate loops. Returns the number of labels that changed, and marks the old and new cluster of each in
 * dirty (u8, k).
 */
export function hamerlyPass(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  c: usize,
  ct: usize,
  k: i32,
  kp: i32,
  s: usize,
  labels: usize,
  upper: usize,
  lower: usize,
  slack: f64,
  shift: usize,
  arg1: i32,
  m1: f64,
  m2: f64,
  step: i32,
  w: usize,
  sums: usize,
  wic: usize,
  jx: usize,
  jc: usize,
  jo: usize,
  rowList: usize,
  scratch: usize,
  dirty: usize,
  part: usize,
  sb: i32,
): i32 {
  const bs = boundBlock(k);
  let changed = 0;
  if (sums !== 0) memory.fill(part, 0, (<usize>k * d + <usize>k) << 3);
  for (let b0 = i0; b0 < i1; b0 += bs) {
    const b1 = min(i1, b0 + bs);
    if (shift !== 0) hamerlyMove(b0, b1, labels, upper, lower, shift, arg1, m1, m2);
    if (step !== 0)
      changed += hamerlyBlock(
        x,
        b0,
        b1,
        d,
        c,
        ct,
        k,
        kp,
        s,
        labels,
        upper,
        lower,
        slack,
        jx,
        jc,
        jo,
        rowList,
        scratch,
        dirty,
      );
    if (sums !== 0) blockSums(x, b0, b1, i1, sb, d, k, labels, w, sums, wic, part);
  }
  return changed;
}

/** Exact squared distance of each row [i0, i1) to its labelled centre (for the empty-cluster relocation). */
export function labelSq(x: usize, i0: i32, i1: i32, d: i32, c: usize, labels: usize, minSq: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = i0; i < i1; i++) {
    const lab = load<i32>(labels + (<usize>i << 2));
    store<f64>(minSq + (<usize>i << 3), exactSq(x + <usize>i * rowBytes, c + <usize>lab * rowBytes, d));
  }
}


/**
 * Re-accumulates the per-cluster sums of the clusters flagged in dirty (u8, k) only: adds wᵢ·xᵢ and wᵢ of the rows
 * [i0, i1) whose label is dirty into sums / wic, in row order (the caller zeroes those clusters first). A cluster
 * whose rows did not change keeps last pass's sums, which are the same fold of the same rows in the same order — so
 * the result is bit-identical to re-accumulating everything.
 */
function dirtyAccumulate(
  x: usize,
  i0: i32,
  i1: i32,
  d: i32,
  labels: usize,
  w: usize,
  sums: usize,
  wic: usize,
  dirty: usize,
): void {
  const rowBytes = <usize>d << 3;
  for (let i = i0; i < i1; i++) {
    const lab = load<i32>(labels + (<usize>i << 2));
    if (load<u8>(dirty + <usize>lab) === 0) continue;
    const wi = load<f64>(w + (<usize>i << 3));
    const wp = wic + (<usize>lab << 3);
    store<f64>(wp, load<f64>(wp) + wi);
    accumulateRow(x + <usize>i * rowBytes, sums + <usize>lab * rowBytes, d, wi);
  }
}

/**
 * Adds the per-cluster sums of rows [b0, b1) — a run of a pass over rows [·, iEnd) — into the running partial of
 * their sum block (sb rows, counted from row 0): at the end of each sum block (or at iEnd) the partial is added into
 * sums and wic ({@link addPartial}) and zeroed. So a pass that calls this for consecutive runs produces exactly
 * {@link accumulateBlocks}' sums, whatever the runs. part k·d + k values, zero at the pass's start.
 */
// @ts-ignore: decorator
@inline
function blockSums(
  x: usize,
  b0: i32,
  b1: i32,
  iEnd: i32,
  sb: i32,
  d: i32,
  k: i32,
  labels: usize,
  w: usize,
  sums: usize,
  wic: usize,
  part: usize,
): void {
  const kd = <usize>k * d;
  const pw = part + (kd << 3);
  let s = b0;
  while (s < b1) {
    const e = min(b1, (s / sb + 1) * sb);
    accumulateRows(x, s, e, d, labels, w, part, pw);
    if (e % sb === 0 || e === iEnd) {
      addPartial(part, sums, wic, k, d);
      memory.fill(part, 0, (kd + <usize>k) << 3);
    }
    s = e;
  }
}

/**
 * Per-cluster statistics of rows [i0, i1) (i0 a block boundary) by their labels in the fixed row blocks of
 * {@link assignBlocks}: each block's Σ w·x and Σ w summed from zero in row order into `part` (k·d + k values), then
 * added into sums (k×d) and wic (k) with {@link addPartial}'s element order. dirty = 0: every cluster (zero sums and
 * wic first); else only the clusters c with dirty[c] ≠ 0 (zero those first): the others keep totals that are the
 * same fold of the same rows.
 */
export function accumulateBlocks(
  x: usize,
  i0: i32,
  i1: i32,
  bs: i32,
  d: i32,
  k: i32,
  labels: usize,
  w: usize,
  sums: usize,
  wic: usize,
  part: usize,
  dirty: usize,
): void {
  const kd = <usize>k * d;
  const rowBytes = <usize>d << 3;
  const pw = part + (kd << 3);
  for (let b0 = i0; b0 < i1; b0 += bs) {
    const b1 = min(b0 + bs, i1);
    memory.fill(part, 0, (kd + <usize>k) << 3);
    if (dirty === 0) accumulateRows(x, b0, b1, d, labels, w, part, pw);
    else dirtyAccumulate(x, b0, b1, d, labels, w, part, pw, dirty);
    if (dirty === 0) {
      addPartial(part, sums, wic, k, d);
      continue;
    }
    for (let c = 0; c < k; c++) {
      if (load<u8>(dirty + <usize>c) === 0) continue;
      const sr = sums + <usize>c * rowBytes;
      const pr = part + <usize>c * rowBytes;
      for (let j = 0; j < d; j++) {
        const o = <usize>j << 3;
        store<f64>(sr + o, load<f64>(sr + o) + load<f64>(pr + o));
      }
      const o = <usize>c << 3;
      store<f64>(wic + o, load<f64>(wic + o) + load<f64>(pw + o));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// k-means++ seeding (src/kmeans/init.ts): the candidates' potentials in the expanded form, with the same scalar
// operations in the same order as the TypeScript reference (`plusPlusBlocks` there): per (row, candidate) the dot
// product Σⱼ xᵢⱼ·cⱼ with sequential j (mul, then add — never madd64), one candidate per SIMD lane, so every value is
// bit-identical.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The potentials' tail of one row for the candidate pair q (dots in `acc`, lanes 2q and 2q+1): the reference's
 * scalar steps lane-wise — (xnᵢ + cnₜ) − 2·dot, then `dd < 0 ? 0 : dd` (pmax), `dd < closestᵢ ? dd : closestᵢ`
 * (pmin), pots[t] += wᵢ·m — storing m for the lanes t < L.
 */
// @ts-ignore: decorator
@inline
function ppPair(q: i32, i: i32, n: i32, L: i32, xv: v128, wv: v128, cv: v128, cn: usize, out: usize, pots: usize, acc: v128): void {
  const o = <usize>q << 4;
  let dd = f64x2.sub(f64x2.add(xv, v128.load(cn + o)), f64x2.mul(f64x2.splat(2.0), acc));
  dd = f64x2.pmax(dd, f64x2.splat(0));
  const m = f64x2.pmin(cv, dd);
  const t = q << 1;
  store<f64>(out + ((<usize>t * n + i) << 3), f64x2.extract_lane(m, 0));
  if (t + 1 < L) store<f64>(out + ((<usize>(t + 1) * n + i) << 3), f64x2.extract_lane(m, 1));
  v128.store(pots + o, f64x2.add(v128.load(pots + o), f64x2.mul(wv, m)));
}

/** The potentials' tail of one row: L candidates' dots in a0..a3 (lanes t, t+1; pots lanes t ≥ L are scratch). */
// @ts-ignore: decorator
@inline
function ppRow(
  i: i32,
  n: i32,
  xn: usize,
  w: usize,
  closest: usize,
  cn: usize,
  L: i32,
  out: usize,
  pots: usize,
  a0: v128,
  a1: v128,
  a2: v128,
  a3: v128,
): void {
  const xv = v128.load64_splat(xn + (<usize>i << 3));
  const wv = v128.load64_splat(w + (<usize>i << 3));
  const cv = v128.load64_splat(closest + (<usize>i << 3));
  ppPair(0, i, n, L, xv, wv, cv, cn, out, pots, a0);
  if (L > 2) ppPair(1, i, n, L, xv, wv, cv, cn, out, pots, a1);
  if (L > 4) ppPair(2, i, n, L, xv, wv, cv, cn, out, pots, a2);
  if (L > 6) ppPair(3, i, n, L, xv, wv, cv, cn, out, pots, a3);
}

/**
 * k-means++ candidate potentials over rows [i0, i1) of x (n×d): for each candidate t < L (L ≤ 2·pairs; ct d×2·pairs
 * the candidates transposed and zero-padded, cn their squared norms, xn the rows' squared norms Σⱼ xᵢⱼ² in j order)
 * m = min(closestᵢ, max(0, (xnᵢ + cnₜ) − 2·Σⱼ xᵢⱼ·cₜⱼ)), written to out[t·n + i], and pots[t] += wᵢ·m in row order.
 * 2 rows × 2·pairs candidates per register tile; `pairs` (2, 3 or 4) is a constant at each inlined call, so the
 * unused accumulators fold away.
 */
// @ts-ignore: decorator
@inline
function ppTiles(
  x: usize,
  n: i32,
  d: i32,
  xn: usize,
  w: usize,
  closest: usize,
  ct: usize,
  cn: usize,
  L: i32,
  out: usize,
  pots: usize,
  i0: i32,
  i1: i32,
  pairs: i32,
): void {
  const rowBytes = <usize>d << 3;
  const ctRow = <usize>pairs << 4;
  const zero = f64x2.splat(0);
  let i = i0;
  for (; i + 1 < i1; i += 2) {
    const xa = x + <usize>i * rowBytes;
    const xb = xa + rowBytes;
    let a0 = zero;
    let a1 = zero;
    let a2 = zero;
    let a3 = zero;
    let b0 = zero;
    let b1 = zero;
    let b2 = zero;
    let b3 = zero;
    for (let j = 0; j < d; j++) {
      const va = v128.load64_splat(xa + (<usize>j << 3));
      const vb = v128.load64_splat(xb + (<usize>j << 3));
      const cp = ct + <usize>j * ctRow;
      const c0 = v128.load(cp);
      const c1 = v128.load(cp, 16);
      a0 = f64x2.add(a0, f64x2.mul(va, c0));
      a1 = f64x2.add(a1, f64x2.mul(va, c1));
      b0 = f64x2.add(b0, f64x2.mul(vb, c0));
      b1 = f64x2.add(b1, f64x2.mul(vb, c1));
      if (pairs > 2) {
        const c2 = v128.load(cp, 32);
        a2 = f64x2.add(a2, f64x2.mul(va, c2));
        b2 = f64x2.add(b2, f64x2.mul(vb, c2));
      }
      if (pairs > 3) {
        const c3 = v128.load(cp, 48);
        a3 = f64x2.add(a3, f64x2.mul(va, c3));
        b3 = f64x2.add(b3, f64x2.mul(vb, c3));
      }
    }
    ppRow(i, n, xn, w, closest, cn, L, out, pots, a0, a1, a2, a3);
    ppRow(i + 1, n, xn, w, closest, cn, L, out, pots, b0, b1, b2, b3);
  }
  if (i < i1) {
    const xa = x + <usize>i * rowBytes;
    let a0 = zero;
    let a1 = zero;
    let a2 = zero;
    let a3 = zero;
    for (let j = 0; j < d; j++) {
      const va = v128.load64_splat(xa + (<usize>j << 3));
      const cp = ct + <usize>j * ctRow;
      a0 = f64x2.add(a0, f64x2.mul(va, v128.load(cp)));
      a1 = f64x2.add(a1, f64x2.mul(va, v128.load(cp, 16)));
      if (pairs > 2) a2 = f64x2.add(a2, f64x2.mul(va, v128.load(cp, 32)));
      if (pairs > 3) a3 = f64x2.add(a3, f64x2.mul(va, v128.load(cp, 48)));
    }
    ppRow(i, n, xn, w, closest, cn, L, out, pots, a0, a1, a2, a3);
  }
}

/**
 * The candidates' potentials per fixed-size row block (the seeding's partial sums, merged by the caller in block
 * order, so the totals do not depend on which thread owns a block): first, when best ≥ 0, closest := out row best
 * (the previous step's chosen candidate, numbered within the step); then for each block b of rows
 * [b·blockRows, min(n, (b+1)·blockRows)) and each candidate t < L of this group (numbered g + t within the step)
 * parts[8b + t] = Σᵢ wᵢ·mₜᵢ over the block's rows in order from 0, with mₜᵢ as in {@link ppTiles} written to
 * out[(g + t)·n + i], in tiles of 2·pairs candidates (pairs 2, 3 or 4: ct d×4, d×6 or d×8, L ≤ 2·pairs). x n×d
 * IN, xn, w n IN, closest n INOUT, out (g + L)·n OUT, parts 8·⌈n / blockRows⌉ OUT.
 */
export function ppBlocks(
  x: usize,
  n: i32,
  d: i32,
  xn: usize,
  w: usize,
  closest: usize,
  ct: usize,
  cn: usize,
  L: i32,
  out: usize,
  g: i32,
  best: i32,
  pairs: i32,
  blockRows: i32,
  parts: usize,
): void {
  if (best >= 0) memory.copy(closest, out + ((<usize>best * <usize>n) << 3), <usize>n << 3);
  const og = out + ((<usize>g * <usize>n) << 3);
  let p = parts;
  for (let i0 = 0; i0 < n; i0 += blockRows) {
    const i1 = min(n, i0 + blockRows);
    memory.fill(p, 0, 64);
    // one inlined copy per tile width, each with its unused accumulators folded away
    if (pairs === 4) ppTiles(x, n, d, xn, w, closest, ct, cn, L, og, p, i0, i1, 4);
    else if (pairs === 3) ppTiles(x, n, d, xn, w, closest, ct, cn, L, og, p, i0, i1, 3);
    else ppTiles(x, n, d, xn, w, closest, ct, cn, L, og, p, i0, i1, 2);
    p += 64;
  }
}

/**
 * The seeding's D² sampling inside a block: first, when best ≥ 0, closest := out row best (as {@link ppBlocks});
 * then for each query j < nq (q[3j] = block b, q[3j+1] = base, the blocks before b summed in block order,
 * q[3j+2] = r) rows[j] = the first row i of block b with ¬(base + aᵢ < r), aᵢ = Σ wᵢ'·closestᵢ' over the block's
 * rows up to i in order from 0 (the additions of the block's partial in ppBlocks, so base + a at the block's end is
 * the caller's cumulative sum through b), or the block's last row. w n IN, closest n INOUT, q 3·nq IN, rows nq OUT.
 */
export function ppSample(
  w: usize,
  closest: usize,
  out: usize,
  n: i32,
  best: i32,
  blockRows: i32,
  q: usize,
  nq: i32,
  rows: usize,
): void {
  if (best >= 0) memory.copy(closest, out + ((<usize>best * <usize>n) << 3), <usize>n << 3);
  for (let j = 0; j < nq; j++) {
    const qp = q + <usize>j * 24;
    const i0 = <i32>load<f64>(qp) * blockRows;
    const base = load<f64>(qp, 8);
    const r = load<f64>(qp, 16);
    const i1 = min(n, i0 + blockRows);
    let row = i1 - 1;
    let a = 0.0;
    for (let i = i0; i < i1; i++) {
      a += load<f64>(w + (<usize>i << 3)) * load<f64>(closest + (<usize>i << 3));
      if (!(base + a < r)) {
        row = i;
        break;
      }
    }
    store<i32>(rows + (<usize>j << 2), row);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The fit's data preparation (KMeans.fit, src/engine/kernels/kmeansPrep.ts): the rows already copied into the
// workspace's x region are checked, summed per column and centred in place, in three SIMD passes instead of the six
// plain-TypeScript ones (finite check, magnitude check, column means, centring, the tolerance's two variance
// passes). Columns go across the lanes (j, j + 1 in one f64x2) and every column's sum runs over the rows in order
// from 0, so each sum is the same sequence of IEEE additions as the reference's `for i { for j { s[j] += … } }`
// (src/core/stats.ts columnMeans / columnVariances, src/kmeans/KMeans.ts centerRows): bit-identical results
// (tested in test/kernels/kmeansPrep.test.ts). Plain mul + add only (no madd64): the sums must be exact.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Column sums and the value check of x (n×d, in place, not changed): sums[j] = Σᵢ xᵢⱼ (i in order from 0, starting
 * from +0); returns 1 when every |xᵢⱼ| ≤ limit, 0 otherwise (NaN and ±∞ fail). x n×d IN, sums d OUT.
 */
export function fitPrepScan(x: usize, n: i32, d: i32, sums: usize, limit: f64): i32 {
  const dp = d & ~1;
  for (let j = 0; j < d; j++) store<f64>(sums + (<usize>j << 3), 0);
  const lim = f64x2.splat(limit);
  let ok = i64x2.splat(-1);
  let okTail = true;
  for (let i = 0; i < n; i++) {
    const r = x + ((<usize>i * <usize>d) << 3);
    let j = 0;
    for (; j < dp; j += 2) {
      const v = v128.load(r + (<usize>j << 3));
      const sp = sums + (<usize>j << 3);
      v128.store(sp, f64x2.add(v128.load(sp), v));
      ok = v128.and(ok, f64x2.le(f64x2.abs(v), lim));
    }
    if (j < d) {
      const v = load<f64>(r + (<usize>j << 3));
      const sp = sums + (<usize>j << 3);
      store<f64>(sp, load<f64>(sp) + v);
      if (!(Math.abs(v) <= limit)) okTail = false;
    }
  }
  return i64x2.all_true(ok) && okTail ? 1 : 0;
}

/**
 * Centres x in place, sums the centred columns and writes the centred rows' norms: xᵢⱼ ← xᵢⱼ − μⱼ, then
 * sums[j] = Σᵢ xᵢⱼ (the new values, i in order from 0) and xn[i] = ‖xᵢ‖ — computed exactly as {@link rowNorms}
 * does (the same partial sums in the same lanes), so that the workspace need not make that pass; returns
 * maxᵢⱼ |xᵢⱼ| as rowNorms does. x n×d INOUT, mu d IN, sums d OUT (may not alias mu), xn n OUT.
 */
export function fitPrepCenter(x: usize, n: i32, d: i32, mu: usize, sums: usize, xn: usize): f64 {
  for (let j = 0; j < d; j++) store<f64>(sums + (<usize>j << 3), 0);
  let m0 = f64x2.splat(0);
  let m1 = m0;
  let nan = false;
  const rowBytes = <usize>d << 3;
  const end4 = <usize>(d & ~3) << 3;
  for (let i = 0; i < n; i++) {
    const p = x + <usize>i * rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = s0;
    let o: usize = 0;
    for (; o < end4; o += 32) {
      const v0 = f64x2.sub(v128.load(p + o), v128.load(mu + o));
      const v1 = f64x2.sub(v128.load(p + o, 16), v128.load(mu + o, 16));
      v128.store(p + o, v0);
      v128.store(p + o, v1, 16);
      v128.store(sums + o, f64x2.add(v128.load(sums + o), v0));
      v128.store(sums + o, f64x2.add(v128.load(sums + o, 16), v1), 16);
      s0 = f64x2.add(s0, f64x2.mul(v0, v0));
      s1 = f64x2.add(s1, f64x2.mul(v1, v1));
      m0 = f64x2.pmax(m0, f64x2.abs(v0));
      m1 = f64x2.pmax(m1, f64x2.abs(v1));
    }
    for (; o < rowBytes; o += 8) {
      const v = f64x2.sub(v128.load64_zero(p + o), v128.load64_zero(mu + o));
      const t = f64x2.extract_lane(v, 0);
      store<f64>(p + o, t);
      store<f64>(sums + o, load<f64>(sums + o) + t);
      s0 = f64x2.add(s0, f64x2.mul(v, v));
      m0 = f64x2.pmax(m0, f64x2.abs(v));
    }
    const s = f64x2.add(s0, s1);
    const sq = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    nan = nan || sq !== sq;
    store<f64>(xn + (<usize>i << 3), Math.sqrt(sq));
  }
  const mv = f64x2.pmax(m0, m1);
  const m = max(f64x2.extract_lane(mv, 0), f64x2.extract_lane(mv, 1));
  return nan ? NaN : m;
}

/**
 * Column sums of squared deviations: out[j] = Σᵢ (xᵢⱼ − μⱼ)² (each term t = x − μ then t·t, added in row order from
 * +0). x n×d IN, mu d IN, out d OUT (may not alias mu).
 */
export function fitPrepDeviations(x: usize, n: i32, d: i32, mu: usize, out: usize): void {
  const dp = d & ~1;
  for (let j = 0; j < d; j++) store<f64>(out + (<usize>j << 3), 0);
  for (let i = 0; i < n; i++) {
    const r = x + ((<usize>i * <usize>d) << 3);
    let j = 0;
    for (; j < dp; j += 2) {
      const o = <usize>j << 3;
      const t = f64x2.sub(v128.load(r + o), v128.load(mu + o));
      v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(t, t)));
    }
    if (j < d) {
      const o = <usize>j << 3;
      const t = load<f64>(r + o) - load<f64>(mu + o);
      store<f64>(out + o, load<f64>(out + o) + t * t);
    }
  }
}
