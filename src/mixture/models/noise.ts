/**
 * mclust's noise component (Banfield & Raftery 1993; mclust's `initialization$noise` and `Vinv`): a uniform density
 * V⁻¹ over the data's hypervolume V beside the k Gaussians, p(x) = Σc πc·𝒩(x | μc, Σc) + π₀·V⁻¹ with Σc πc + π₀ = 1.
 * The hypervolume (mclust's `hypvol`), the E-step with the noise term, and a nearest-neighbour rule for the initial
 * noise indicator (Byers & Raftery 1998, for when none is given).
 * @module
 */
import { type MatrixLike, toMatrix } from '../../core/matrix.js';
import { fitPca, projectPca } from '../../core/pca.js';
import { logGamma } from '../../core/special.js';
import { checkInt } from '../../core/validate.js';
import { NearestNeighbors } from '../../neighbors/NearestNeighbors.js';

/** Σⱼ log(max xⱼ − min xⱼ) over the columns of a row-major n×d array. */
function logBoxVolume(x: Float64Array, n: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    let lo = x[j];
    let hi = x[j];
    for (let i = 1; i < n; i++) {
      const v = x[i * d + j];
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    s += Math.log(hi - lo);
  }
  return s;
}

/**
 * mclust's `hypvol(X)`: the smaller of the volume of the data's bounding box, Πⱼ (max xⱼ − min xⱼ), and the volume
 * of the bounding box of its principal-component scores (the centred data rotated onto the eigenvectors of its
 * covariance, as R's `princomp`), computed on the log scale. One column: the range. The noise density of
 * {@link GaussianMixture}'s `noise` option is its reciprocal (mclust's `Vinv`). O(n·d² + d³).
 * x n×d IN (row-major).
 * @example
 * dataHypervolume(Float64Array.of(0, 0, 2, 0, 0, 1, 2, 1), 4, 2); // 2 (the box [0, 2]×[0, 1])
 */
export function dataHypervolume(x: Float64Array, n: number, d: number): number {
  return Math.exp(dataLogHypervolume(x, n, d));
}

/**
 * log of {@link dataHypervolume} (mclust's `volog`; its `Vinv` is exp(−volog)): the principal components are
 * {@link fitPca}'s (the box is the same for any scaling or sign of the axes). With d ≥ n the centred rows span
 * fewer than d axes, so that box is flat (mclust's is then ≈ 0); the bounding box is returned instead. O(n·d² + d³).
 */
export function dataLogHypervolume(x: Float64Array, n: number, d: number): number {
  const box = logBoxVolume(x, n, d);
  if (d === 1 || d >= n) return box;
  const X = { rows: n, cols: d, data: x };
  const scores = projectPca(X, fitPca(X, d));
  return Math.min(box, logBoxVolume(scores.data, n, d));
}

/**
 * The E-step with the noise term: a (n×k) holds the Gaussians' weighted log densities log πc + log 𝒩(xᵢ|μc,Σc) and
 * `logNoise` = log π₀ + log V⁻¹; rows become the Gaussian responsibilities γᵢc = exp(aᵢc − ℓᵢ), z0[i] the noise one
 * exp(logNoise − ℓᵢ), with ℓᵢ = log(Σc exp aᵢc + exp logNoise) (log-sum-exp). Returns Σᵢ ℓᵢ (weighted by w when
 * given); ℓᵢ into `logProbNorm` when given. a n×k IN/OUT, z0 n OUT. O(n·k).
 */
export function noiseResponsibilities(
  a: Float64Array,
  n: number,
  k: number,
  logNoise: number,
  z0: Float64Array,
  w: Float64Array | null,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = logNoise;
    for (let c = 0; c < k; c++) if (a[o + c] > m) m = a[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const t = a[o + c] - m;
      const e = t < -746 ? 0 : Math.exp(t);
      a[o + c] = e;
      s += e;
    }
    const t0 = logNoise - m;
    const e0 = t0 < -746 ? 0 : Math.exp(t0);
    s += e0;
    const inv = 1 / s;
    for (let c = 0; c < k; c++) a[o + c] *= inv;
    z0[i] = e0 * inv;
    const l = m + Math.log(s);
    total += w === null ? l : w[i] * l;
  }
  return total;
}

/** Options of {@link nearestNeighborNoise}. */
export interface NearestNeighborNoiseOptions {
  /** The neighbour whose distance is used (k-th nearest, the point itself excluded). @defaultValue 5 */
  k?: number;
  /** EM iterations at most. @defaultValue 500 */
  maxIter?: number;
}

/**
 * An initial noise indicator for {@link GaussianMixture}'s `noise` option by Byers & Raftery's (1998)
 * nearest-neighbour clutter removal (the rule of prabclus' `NNclean`, which mclust's documentation suggests): the
 * distance Dᵢ from each row to its k-th nearest neighbour is modelled as a mixture of two Poisson processes, "feature"
 * (high intensity λ₁) and "clutter" (low intensity λ₂), whose k-th-neighbour distances have densities
 * f(D; λ) ∝ λᵏ·D^(dk−1)·exp(−λ·α_d·Dᵈ) (α_d the volume of the unit d-ball). EM from the split at the median of Dᵈ
 * (below: feature): zᵢ = p·f₁/(p·f₁ + (1−p)·f₂), p = mean z, λⱼ = k·Σ zᵢⱼ / (α_d·Σ zᵢⱼ·Dᵢᵈ), until the
 * log-likelihood changes by less than 1e-10 relative or `maxIter`. A row is marked noise (1) when its feature
 * probability zᵢ < 0.5; when the two fitted intensities are within 1% of each other (no clutter) nothing is marked.
 * Cost: the k-nearest-neighbour query (a tree, O(n log n) for small d) plus O(n) per EM iteration.
 * @returns one 0/1 per row (1: initial noise)
 * @throws ValidationError on bad data, or k not in [1, n − 1]
 * @example
 * const init = nearestNeighborNoise(X, { k: 5 });
 * new GaussianMixture({ nComponents: 3, noise: { init } }).fit(X);
 */
export function nearestNeighborNoise(X: MatrixLike, opts: NearestNeighborNoiseOptions = {}): Uint8Array {
  const m = toMatrix(X, 'X');
  const { rows: n, cols: d } = m;
  const k = checkInt(opts.k ?? 5, 'k', 1, Math.max(1, n - 1));
  const maxIter = checkInt(opts.maxIter ?? 500, 'maxIter', 1);
  const dist = new NearestNeighbors({ nNeighbors: k }).fit(m).kneighbors(undefined, k).distances;
  const alpha = Math.PI ** (d / 2) / Math.exp(logGamma(d / 2 + 1));
  const v = new Float64Array(n); // α_d·Dᵢᵈ
  for (let i = 0; i < n; i++) v[i] = alpha * dist.data[i * k + k - 1] ** d;
  const sorted = v.slice().sort();
  const median = sorted[Math.floor((n - 1) / 2)];
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = v[i] <= median ? 1 : 0;
  let prev = Number.NEGATIVE_INFINITY;
  let l1 = 0;
  let l2 = 0;
  for (let it = 0; it < maxIter; it++) {
    let s1 = 0;
    let sv1 = 0;
    let s2 = 0;
    let sv2 = 0;
    for (let i = 0; i < n; i++) {
      s1 += z[i];
      sv1 += z[i] * v[i];
      s2 += 1 - z[i];
      sv2 += (1 - z[i]) * v[i];
    }
    if (!(s1 > 0 && s2 > 0 && sv1 > 0 && sv2 > 0)) break;
    const p = s1 / n;
    l1 = (k * s1) / sv1;
    l2 = (k * s2) / sv2;
    // The log densities up to the terms both components share: log λᵏ − λ·α_d·Dᵈ.
    const a1 = Math.log(p) + k * Math.log(l1);
    const a2 = Math.log(1 - p) + k * Math.log(l2);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const f1 = a1 - l1 * v[i];
      const f2 = a2 - l2 * v[i];
      const m = Math.max(f1, f2);
      const s = Math.exp(f1 - m) + Math.exp(f2 - m);
      z[i] = Math.exp(f1 - m) / s;
      ll += m + Math.log(s);
    }
    if (Math.abs(ll - prev) <= 1e-10 * (1 + Math.abs(ll))) break;
    prev = ll;
  }
  const out = new Uint8Array(n);
  if (!(l2 > 0) || Math.abs(l1 - l2) <= 0.01 * Math.max(l1, l2)) return out;
  // Component 1 is the one of higher intensity (feature); swap the reading if EM exchanged them.
  const featureIsOne = l1 >= l2;
  for (let i = 0; i < n; i++) out[i] = (featureIsOne ? z[i] : 1 - z[i]) < 0.5 ? 1 : 0;
  return out;
}
