/**
 * Small dense linear algebra on flat row-major `Float64Array`s: Cholesky factorisation (reporting failure instead
 * of throwing), triangular solves and inverses, log-determinants from a factor, and the symmetric eigen-decomposition
 * (cyclic Jacobi). Sized for the d×d matrices of mixture models and plots (d up to a few hundred); no validation,
 * no allocation in the in-place kernels.
 * @module
 */

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite d×d matrix.
 *
 * @remarks
 * Column-by-column (Cholesky–Banachiewicz): Lⱼⱼ = √(Aⱼⱼ − Σₜ<ⱼ Lⱼₜ²), Lᵢⱼ = (Aᵢⱼ − Σₜ<ⱼ LᵢₜLⱼₜ) / Lⱼⱼ (i > j).
 * Reads only the lower triangle of A. Returns `false` (instead of throwing, like ml-matrix's
 * `isPositiveDefinite()`) as soon as a pivot is not strictly positive or not finite, so a caller can regularise
 * and retry. O(d³/3) time; `out` may alias `a` (in-place).
 * a d×d IN; out d×d OUT: L in the lower triangle, zeros above.
 * @returns whether A is (numerically) positive definite; `out` is only meaningful when true
 * @example
 * const L = new Float64Array(4);
 * cholesky(Float64Array.of(4, 2, 2, 3), 2, L); // true; L = [2, 0, 1, √2]
 */
export function cholesky(a: Float64Array, d: number, out: Float64Array): boolean {
  for (let j = 0; j < d; j++) {
    const rj = j * d;
    let s = a[rj + j];
    for (let t = 0; t < j; t++) s -= out[rj + t] * out[rj + t];
    if (!(s > 0) || !Number.isFinite(s)) return false;
    const ljj = Math.sqrt(s);
    out[rj + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      const ri = i * d;
      let v = a[ri + j];
      for (let t = 0; t < j; t++) v -= out[ri + t] * out[rj + t];
      out[ri + j] = v / ljj;
    }
  }
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) out[i * d + j] = 0;
  return true;
}

/**
 * Solves L·x = b in place by forward substitution (L lower triangular, non-zero diagonal).
 * l d×d IN (lower triangle read); b length d INOUT (becomes x). O(d²).
 * @example
 * const b = Float64Array.of(2, 3);
 * solveLower(Float64Array.of(2, 0, 1, 1), 2, b); // b = [1, 2]
 */
export function solveLower(l: Float64Array, d: number, b: Float64Array): void {
  for (let i = 0; i < d; i++) {
    const ri = i * d;
    let s = b[i];
    for (let t = 0; t < i; t++) s -= l[ri + t] * b[t];
    b[i] = s / l[ri + i];
  }
}

/**
 * Solves Lᵀ·x = b in place by back substitution (L lower triangular, so Lᵀ is upper).
 * l d×d IN (lower triangle read); b length d INOUT (becomes x). O(d²).
 * @example
 * const b = Float64Array.of(3, 2);
 * solveLowerTransposed(Float64Array.of(2, 0, 1, 1), 2, b); // Lᵀ = [[2,1],[0,1]] → b = [0.5, 2]
 */
export function solveLowerTransposed(l: Float64Array, d: number, b: Float64Array): void {
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i];
    for (let t = i + 1; t < d; t++) s -= l[t * d + i] * b[t];
    b[i] = s / l[i * d + i];
  }
}

/**
 * Inverse of a lower-triangular matrix, which is again lower triangular: column j of L⁻¹ solves L·x = eⱼ.
 * l d×d IN; out d×d OUT (must not alias l). O(d³/3).
 * @example
 * const inv = new Float64Array(4);
 * invertLower(Float64Array.of(2, 0, 1, 1), 2, inv); // [0.5, 0, -0.5, 1]
 */
export function invertLower(l: Float64Array, d: number, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < d; j++) {
    out[j * d + j] = 1 / l[j * d + j];
    for (let i = j + 1; i < d; i++) {
      const ri = i * d;
      let s = 0;
      for (let t = j; t < i; t++) s -= l[ri + t] * out[t * d + j];
      out[ri + j] = s / l[ri + i];
    }
  }
}

/**
 * log det A from a triangular factor T of A = T·Tᵀ (or Tᵀ·T): log det A = 2 Σⱼ log Tⱼⱼ.
 * t d×d IN (diagonal read). O(d).
 * @example
 * logDetFromCholesky(Float64Array.of(2, 0, 1, 1), 2); // 2·log 2
 */
export function logDetFromCholesky(t: Float64Array, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += Math.log(t[j * d + j]);
  return 2 * s;
}

/**
 * Product T·Tᵀ of a d×d matrix with its transpose (e.g. a precision from its Cholesky factor).
 * t d×d IN; out d×d OUT (must not alias t). O(d³).
 * @example
 * const p = new Float64Array(4);
 * multiplyByTranspose(Float64Array.of(2, 0, 1, 1), 2, p); // [4, 2, 2, 2]
 */
export function multiplyByTranspose(t: Float64Array, d: number, out: Float64Array): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += t[i * d + q] * t[j * d + q];
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
  }
}

/**
 * Product Tᵀ·T of a d×d matrix's transpose with itself (e.g. a covariance from the inverse of a factor).
 * t d×d IN; out d×d OUT (must not alias t). O(d³).
 * @example
 * const c = new Float64Array(4);
 * transposeTimesSelf(Float64Array.of(1, 2, 3, 4), 2, c); // [10, 14, 14, 20]
 */
export function transposeTimesSelf(t: Float64Array, d: number, out: Float64Array): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += t[q * d + i] * t[q * d + j];
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
  }
}

/**
 * Inverse of a symmetric positive-definite matrix through its Cholesky factor: A⁻¹ = L⁻ᵀ·L⁻¹.
 * a d×d IN; out d×d OUT (may alias a). O(d³).
 * @returns false when A is not positive definite (out unspecified)
 * @example
 * const inv = new Float64Array(4);
 * invertSpd(Float64Array.of(4, 0, 0, 1), 2, inv); // true; [0.25, 0, 0, 1]
 */
export function invertSpd(a: Float64Array, d: number, out: Float64Array): boolean {
  const l = new Float64Array(d * d);
  if (!cholesky(a, d, l)) return false;
  const li = new Float64Array(d * d);
  invertLower(l, d, li);
  transposeTimesSelf(li, d, out);
  return true;
}

/** Result of {@link eigenSymmetric}. */
export interface SymmetricEigen {
  /** Eigenvalues λ₁ ≥ λ₂ ≥ … ≥ λ_d. */
  values: Float64Array;
  /** Unit eigenvectors as the COLUMNS of a d×d row-major matrix: vᵢ = (vectors[0·d+i], …, vectors[(d−1)·d+i]). */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition A = V·diag(λ)·Vᵀ of a symmetric d×d matrix by cyclic Jacobi rotations.
 *
 * @remarks
 * Each rotation zeroes one off-diagonal entry Aₚq with tan θ chosen as the smaller root of t² + 2τt − 1 = 0,
 * τ = (A_qq − Aₚₚ)/(2Aₚq) (Golub & Van Loan §8.5); sweeps repeat until the off-diagonal mass is below 1e−30 relative to
 * ‖A‖²_F (at most 100 sweeps). Accurate to a few ulps for the small matrices of covariance ellipses; O(d³) per sweep.
 * Eigenvalues are returned in descending order, eigenvectors normalised with their largest component positive.
 * a d×d IN (not modified; only symmetry is assumed).
 * @example
 * const { values } = eigenSymmetric(Float64Array.of(2, 1, 1, 2), 2); // [3, 1]
 */
export function eigenSymmetric(a: Float64Array, d: number): SymmetricEigen {
  const A = a.slice(0, d * d);
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) V[i * d + i] = 1;
  let norm = 0;
  for (let t = 0; t < d * d; t++) norm += A[t] * A[t];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += A[p * d + q] * A[p * d + q];
    if (off <= 1e-30 * norm || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = A[p * d + q];
        if (apq === 0) continue;
        const tau = (A[q * d + q] - A[p * d + p]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(tau * tau + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < d; r++) {
          const arp = A[r * d + p];
          const arq = A[r * d + q];
          A[r * d + p] = c * arp - s * arq;
          A[r * d + q] = s * arp + c * arq;
        }
        for (let r = 0; r < d; r++) {
          const apr = A[p * d + r];
          const aqr = A[q * d + r];
          A[p * d + r] = c * apr - s * aqr;
          A[q * d + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < d; r++) {
          const vrp = V[r * d + p];
          const vrq = V[r * d + q];
          V[r * d + p] = c * vrp - s * vrq;
          V[r * d + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => A[j * d + j] - A[i * d + i] || i - j);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const src = order[c];
    values[c] = A[src * d + src];
    let big = 0;
    for (let r = 0; r < d; r++) if (Math.abs(V[r * d + src]) > Math.abs(big)) big = V[r * d + src];
    const sign = big < 0 ? -1 : 1;
    for (let r = 0; r < d; r++) vectors[r * d + c] = sign * V[r * d + src];
  }
  return { values, vectors };
}
