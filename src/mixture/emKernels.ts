/**
 * The O(n·k·d²) and O(n·k·d) inner loops of EM — the Mahalanobis term of the E-step (full/tied, diag, spherical)
 * and the weighted sums, squares and scatter of the M-step — for one component at a time: their signatures and the
 * generic loops for any d. unrolled.generated.ts holds the same loops unrolled for small d (scripts/build-unrolled.mjs),
 * with the same operations in the same order; unrolled.ts picks one.
 * @module
 * @internal
 */

/**
 * Writes out[i·k + c] = cst − ½‖(xᵢ − μc)ᵀT‖² for every row i, with T upper triangular given as `ut`, its columns
 * packed: ut[j(j+1)/2 + t] = T[t][j] for t ≤ j. x n×d IN; means IN (μc at offset mo); ut IN; out n×k OUT (column c).
 */
export type MahalanobisKernel = (
  x: Float64Array,
  n: number,
  means: Float64Array,
  mo: number,
  ut: Float64Array,
  k: number,
  c: number,
  cst: number,
  out: Float64Array,
) => void;

/**
 * Writes the packed upper triangle of Σᵢ γᵢc(xᵢ − μc)(xᵢ − μc)ᵀ into acc (acc[p] for a ≤ b in row order; the
 * products are (γ·diffₐ)·diff_b, summed over i in order; rows with γ = 0 skipped). x n×d IN; resp n×k IN;
 * means IN (μc at offset mo); acc d(d+1)/2 OUT.
 */
export type ScatterKernel = (
  x: Float64Array,
  n: number,
  resp: Float64Array,
  k: number,
  c: number,
  means: Float64Array,
  mo: number,
  acc: Float64Array,
) => void;

/** Generic {@link MahalanobisKernel} for any d. */
export function mahalanobisGeneric(d: number): MahalanobisKernel {
  const diff = new Float64Array(d);
  return (x, n, means, mo, ut, k, c, cst, out) => {
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let j = 0; j < d; j++) diff[j] = x[xo + j] - means[mo + j];
      let s = 0;
      let p = 0;
      for (let j = 0; j < d; j++) {
        let y = 0;
        for (let t = 0; t <= j; t++) y += diff[t] * ut[p++];
        s += y * y;
      }
      out[i * k + c] = cst - 0.5 * s;
    }
  };
}

/** Generic {@link ScatterKernel} for any d. */
export function scatterGeneric(d: number): ScatterKernel {
  const diff = new Float64Array(d);
  return (x, n, resp, k, c, means, mo, acc) => {
    acc.fill(0);
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c];
      if (r === 0) continue;
      const xo = i * d;
      for (let j = 0; j < d; j++) diff[j] = x[xo + j] - means[mo + j];
      let p = 0;
      for (let a = 0; a < d; a++) {
        const ra = r * diff[a];
        for (let b = a; b < d; b++) acc[p++] += ra * diff[b];
      }
    }
  };
}

/**
 * Writes out[i·k + c] = cst − ½·Σⱼ (xᵢⱼ − μcⱼ)²·pⱼ (diag; products as (u·u)·pⱼ) for every row i.
 * x n×d IN; means IN (μc at offset mo); prec d IN; out n×k OUT (column c).
 */
export type DiagKernel = (
  x: Float64Array,
  n: number,
  means: Float64Array,
  mo: number,
  prec: Float64Array,
  k: number,
  c: number,
  cst: number,
  out: Float64Array,
) => void;

/**
 * Writes out[i·k + c] = cst − ½·‖xᵢ − μc‖²·p (spherical; (½·s)·p) for every row i.
 * x n×d IN; means IN (μc at offset mo); out n×k OUT (column c).
 */
export type SphericalKernel = (
  x: Float64Array,
  n: number,
  means: Float64Array,
  mo: number,
  p: number,
  k: number,
  c: number,
  cst: number,
  out: Float64Array,
) => void;

/**
 * Weighted sums for component c: acc[j] = Σᵢ γᵢc·xᵢⱼ (rows with γ = 0 skipped); returns Σᵢ γᵢc.
 * x n×d IN; resp n×k IN; acc d OUT.
 */
export type WeightedSumKernel = (
  x: Float64Array,
  n: number,
  resp: Float64Array,
  k: number,
  c: number,
  acc: Float64Array,
) => number;

/**
 * Weighted squared deviations for component c: acc[j] = Σᵢ (γᵢc·uᵢⱼ)·uᵢⱼ, u = xᵢ − μc (rows with γ = 0 skipped).
 * The arguments of a {@link ScatterKernel}, with acc of length d (the diagonal only).
 */
export type WeightedSquaresKernel = ScatterKernel;

/** Generic {@link DiagKernel}. */
export function diagGeneric(d: number): DiagKernel {
  return (x, n, means, mo, prec, k, c, cst, out) => {
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const u = x[xo + j] - means[mo + j];
        s += u * u * prec[j];
      }
      out[i * k + c] = cst - 0.5 * s;
    }
  };
}

/** Generic {@link SphericalKernel}. */
export function sphericalGeneric(d: number): SphericalKernel {
  return (x, n, means, mo, p, k, c, cst, out) => {
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const u = x[xo + j] - means[mo + j];
        s += u * u;
      }
      out[i * k + c] = cst - 0.5 * s * p;
    }
  };
}

/** Generic {@link WeightedSumKernel}. */
export function weightedSumGeneric(d: number): WeightedSumKernel {
  return (x, n, resp, k, c, acc) => {
    acc.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c];
      if (r === 0) continue;
      total += r;
      const xo = i * d;
      for (let j = 0; j < d; j++) acc[j] += r * x[xo + j];
    }
    return total;
  };
}

/** Generic {@link WeightedSquaresKernel}. */
export function weightedSquaresGeneric(d: number): WeightedSquaresKernel {
  return (x, n, resp, k, c, means, mo, acc) => {
    acc.fill(0);
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c];
      if (r === 0) continue;
      const xo = i * d;
      for (let j = 0; j < d; j++) {
        const u = x[xo + j] - means[mo + j];
        acc[j] += r * u * u;
      }
    }
  };
}
