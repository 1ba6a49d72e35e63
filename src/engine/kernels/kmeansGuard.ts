/**
 * The precision guard of the k-means expanded-distance kernels (src/wasm/kmeans.ts, `assign`): the constants that
 * make a label taken from ‖c‖² − 2x·c (f64 or f32) provably the label of the reference's direct form, and when the
 * f32 form may run at all. Shared by KMeansWasm (src/engine/kernels/kmeansWasm.ts) and the pool's helper thread
 * (src/engine/kernels/poolWorker.ts), so both halves of a pass do the same work.
 *
 * ## The bound (u = 2⁻²⁴ for f32, U = 2⁻⁵³ for f64, γₘ = m·u/(1 − m·u), Higham, *Accuracy and Stability of
 * Numerical Algorithms*, 2nd ed., §3.1)
 * The reference labels a row x with the first t minimising Dₜ = fl64(Σⱼ (xⱼ − cₜⱼ)²) (sequential j). Write
 * D*ₜ = ‖x − cₜ‖² (exact) and Eₜ = ‖cₜ‖² − 2x·cₜ = D*ₜ − ‖x‖² (exact), R = maxₜ‖cₜ‖, T = ‖x‖ + R.
 * - Reference: |Dₜ − D*ₜ| ≤ γ^U_{d+2}·D*ₜ ≤ γ^U_{d+2}·T² (one rounding of each difference, squared, summed).
 * - f32 expanded form eₜ = fl32(ñₜ − 2·fl32(Σⱼ x̃ⱼc̃ⱼ)), x̃ = fl32(x), c̃ = fl32(c), ñₜ = fl32(fl64(Σⱼ c̃ⱼ²)):
 *   |x̃·c̃ − x·c| ≤ (2u + u²)·‖x‖‖c‖ (the two input roundings), the f32 dot product adds γ_d·Σ|x̃ⱼc̃ⱼ|
 *   ≤ γ_d(1+u)²‖x‖‖c‖ (mul + add or a fused madd: the bound holds for either), |ñ − ‖c‖²| ≤ (3u + γ^U_d)‖c‖²
 *   (input rounding squared, the f64 sum, the final f32 rounding), and the last subtraction adds u·|ñ − 2a|.
 *   Altogether |eₜ − Eₜ| ≤ γ_{d+5}·(‖c‖² + 2‖x‖‖c‖) ≤ γ_{d+5}·T².
 * - So if e_s − e_b > thr for every s ≠ b, then D_s − D_b ≥ (E_s − E_b) − 2γ^U_{d+2}T²
 *   ≥ (e_s − e_b) − 2γ_{d+5}T² − 2γ^U_{d+2}T² > 0 whenever thr ≥ (2γ_{d+5} + 2γ^U_{d+2})·T²: the reference picks b,
 *   strictly (so its first-index tie rule cannot pick another). The kernel takes thr = κ₃₂·T² + a₃₂ with
 *   κ₃₂ = 16(d+6)u + 16(d+4)U ({@link guardKappa32}) — at least 8× the bound for d ≤ 2¹⁶, a margin that also
 *   covers the O(U) roundings of T, of thr itself and of the f64 gap second − best (both f32 values, widened
 *   exactly). Rows whose gap is not > thr (near ties, NaN) are recomputed with the reference's own loop. The
 *   argument is pairwise (e_s − e_b > thr ⇒ D_s > D_b), so the f32 kernel's re-check computes Dₜ only for the
 *   candidates t with eₜ − e_b ≤ thr (b the f32 best): every other centre is strictly farther than b in the
 *   reference, and the reference's first minimum lies among the candidates.
 * - Underflow: f32 subnormals are IEEE in WebAssembly (no flush to zero), and with fl(a∘b) = (a∘b)(1+δ) + η,
 *   |η| ≤ 2⁻¹⁵⁰, the roundings of x and c to f32 add ≤ 2⁻¹⁵⁰·(|xⱼ| + |cⱼ|)·(1+u) per term; with every value
 *   ≤ 2⁶⁰ that is ≤ 3d·2⁻⁸⁹ per distance, 6d·2⁻⁸⁹ < d·2⁻⁸⁶ for the gap; a₃₂ = (d+6)·2⁻⁸⁰ ({@link F32_ABS}).
 * - Overflow: every |value| ≤ M = min(2⁶⁰, 2⁶²/√d) gives d·M² ≤ 2¹²⁴, so |eₜ| ≤ 3d·M²(1+γ) < 2¹²⁶ stays finite
 *   ({@link f32Limit}); d ≤ 2¹⁶ keeps d·u ≤ 2⁻⁸ (γ well defined, and the 8× margin holds).
 * The f64 expanded form is the same argument with u → U: κ = 16(d+4)U ({@link guardKappa}). It has no absolute
 * term: data so small that the products underflow f64 (|values| below about 2⁻⁵¹⁰) are outside its bound.
 * @module
 * @internal
 */

/**
 * Guard constant κ of the f64 expanded form: a row is recomputed exactly when its best and second-best expanded
 * distances differ by ≤ κ·(‖x‖ + maxₖ‖cₖ‖)². Each expanded or reference distance is off by at most
 * γ_{d+3}·(‖x‖+‖c‖)² with γₘ ≈ m·2⁻⁵³; κ = 16·(d+4)·2⁻⁵³ is at least twice the sum over both centres and both forms.
 */
export function guardKappa(d: number): number {
  return 16 * (d + 4) * 2 ** -53;
}

/**
 * Guard constant κ₃₂ of the f32 expanded form (x and c rounded to f32, the dot product in f32): 16·(d+6)·2⁻²⁴ plus
 * the f64 reference's share {@link guardKappa} — at least 8× the bound 2γ_{d+5} + 2γ^U_{d+2} derived in this
 * module's header.
 */
export function guardKappa32(d: number): number {
  return 16 * (d + 6) * 2 ** -24 + guardKappa(d);
}

/** The f32 guard's absolute term (covers f32 subnormals, see the header): (d + 6)·2⁻⁸⁰. */
export const F32_ABS = (d: number): number => (d + 6) * 2 ** -80;

/** Largest |value| of the f32 form at any d (the underflow term {@link F32_ABS} assumes it). */
export const F32_MAX = 2 ** 60;

/** Largest d of the f32 form: d·u ≤ 2⁻⁸, so γ_{d+5} ≤ 1.004·(d+5)·u and κ₃₂'s margin holds. */
export const F32_MAX_D = 2 ** 16;

/**
 * Largest |value| for which the f32 expanded distances cannot overflow at dimension d: min(2⁶⁰, 2⁶²/√d), so that
 * d·M² ≤ 2¹²⁴ and every eₜ stays below 2¹²⁶.
 */
export function f32Limit(d: number): number {
  return Math.min(F32_MAX, 2 ** 62 / Math.sqrt(d));
}

/** Whether every value of v is within ±{@link f32Limit}(d) and d ≤ {@link F32_MAX_D} (the f32 form may run). O(len). */
export function f32Fits(v: Float64Array, d: number): boolean {
  if (d > F32_MAX_D) return false;
  const m = f32Limit(d);
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i]) <= m)) return false;
  return true;
}

/**
 * Bytes of the `assign` kernel's scratch for dimension d and kp padded centres: the large-d tiles' expanded
 * distances (2 rows × kp f64, or 4 rows × kp f32) followed by the 4-row f32 block (4·d f32) or the exact path's
 * eight lane sums (64 bytes), or the small-d kernel's transposed block (d × 2 v128; its exact path reuses it),
 * whichever is larger.
 */
export function assignScratchBytes(d: number, kp: number): number {
  return Math.max(16 * kp + Math.max(16 * d, 64), 32 * d);
}
