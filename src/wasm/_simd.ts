// Shared include for the AssemblyScript modules (not a module itself: scripts/build-wasm.mjs skips _*.ts).
// Multiply–add helpers: a·b + c lane-wise. In a relaxed-SIMD build (ASC_FEATURE_RELAXED_SIMD, compile-time) they are
// relaxed_madd — fused (one rounding) where the hardware has FMA, unfused otherwise; in the plain SIMD build they
// are mul then add (two roundings). Use them ONLY where a kernel's contract tolerates either rounding (the k-means
// expanded distances, whose precision guard bounds the unfused error, which also bounds the fused one); exact
// reductions (per-cluster sums, reference distances) must keep explicit mul + add.

/** a·b + c, f64x2. */
@inline
export function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/** a·b + c, f32x4. */
@inline
export function madd32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
