/**
 * A small radix-2 complex FFT (in place, iterative, precomputed twiddles) and the FFT-based linear convolution
 * the binned KDE needs, in 1-D and 2-D.
 * @module
 */

/** Smallest power of two ≥ n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * In-place radix-2 decimation-in-time FFT of length p (a power of two): X_k = Σ_j x_j e^(∓2πi jk/p).
 * re, im (IN/OUT) with stride `stride` from `offset`; `inverse` uses e^(+…) and divides by p. O(p log p).
 * `cos`/`sin` are twiddle tables of length p/2 ({@link twiddles}).
 */
export function fftInPlace(
  re: Float64Array,
  im: Float64Array,
  p: number,
  inverse: boolean,
  cos: Float64Array,
  sin: Float64Array,
  offset = 0,
  stride = 1,
): void {
  // Bit reversal permutation.
  for (let i = 1, j = 0; i < p; i++) {
    let bit = p >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      let t = re[a];
      re[a] = re[b];
      re[b] = t;
      t = im[a];
      im[a] = im[b];
      im[b] = t;
    }
  }
  const sgn = inverse ? 1 : -1;
  for (let len = 2; len <= p; len *= 2) {
    const half = len >> 1;
    const step = p / len;
    for (let s = 0; s < p; s += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = sgn * sin[k * step];
        const a = offset + (s + k) * stride;
        const b = offset + (s + k + half) * stride;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
  if (inverse) {
    const inv = 1 / p;
    for (let i = 0; i < p; i++) {
      re[offset + i * stride] *= inv;
      im[offset + i * stride] *= inv;
    }
  }
}

/** Twiddle tables cos(2πk/p), sin(2πk/p) for k < p/2. */
export function twiddles(p: number): { cos: Float64Array; sin: Float64Array } {
  const h = Math.max(1, p >> 1);
  const cos = new Float64Array(h);
  const sin = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / p);
    sin[k] = Math.sin((2 * Math.PI * k) / p);
  }
  return { cos, sin };
}

/**
 * Linear convolution restricted to the signal's support: out[k] = Σⱼ c[j]·κ[k − j + L], k ∈ [0, G), with κ of
 * length 2L+1 centred at L. Computed through an FFT of size p = 2^⌈log₂(G+L)⌉ ≥ G + L (no wrap-around). c G (IN),
 * kern 2L+1 (IN). Returns a new length-G array. O(p log p).
 */
export function convolve1D(c: Float64Array, G: number, kern: Float64Array, L: number): Float64Array {
  const p = nextPow2(G + L + 1);
  const { cos, sin } = twiddles(p);
  const ar = new Float64Array(p);
  const ai = new Float64Array(p);
  const br = new Float64Array(p);
  const bi = new Float64Array(p);
  ar.set(c.subarray(0, G));
  for (let l = -L; l <= L; l++) br[(l + p) % p] = kern[l + L];
  fftInPlace(ar, ai, p, false, cos, sin);
  fftInPlace(br, bi, p, false, cos, sin);
  for (let k = 0; k < p; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  fftInPlace(ar, ai, p, true, cos, sin);
  return ar.slice(0, G);
}

/**
 * 2-D version of {@link convolve1D}: c is Gx×Gy row-major (x index major), the kernel (2Lx+1)×(2Ly+1) centred at
 * (Lx, Ly). Row and column FFTs of sizes px ≥ Gx+Lx, py ≥ Gy+Ly. Returns a new Gx×Gy array.
 */
export function convolve2D(
  c: Float64Array,
  Gx: number,
  Gy: number,
  kern: Float64Array,
  Lx: number,
  Ly: number,
): Float64Array {
  const px = nextPow2(Gx + Lx + 1);
  const py = nextPow2(Gy + Ly + 1);
  const tx = twiddles(px);
  const ty = twiddles(py);
  const size = px * py;
  const ar = new Float64Array(size);
  const ai = new Float64Array(size);
  const br = new Float64Array(size);
  const bi = new Float64Array(size);
  for (let i = 0; i < Gx; i++) for (let j = 0; j < Gy; j++) ar[i * py + j] = c[i * Gy + j];
  const ky = 2 * Ly + 1;
  for (let a = -Lx; a <= Lx; a++) {
    const ia = ((a + px) % px) * py;
    for (let b = -Ly; b <= Ly; b++) br[ia + ((b + py) % py)] = kern[(a + Lx) * ky + (b + Ly)];
  }
  const fft2 = (re: Float64Array, im: Float64Array, inverse: boolean) => {
    for (let i = 0; i < px; i++) fftInPlace(re, im, py, inverse, ty.cos, ty.sin, i * py, 1);
    for (let j = 0; j < py; j++) fftInPlace(re, im, px, inverse, tx.cos, tx.sin, j, py);
  };
  fft2(ar, ai, false);
  fft2(br, bi, false);
  for (let k = 0; k < size; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  fft2(ar, ai, true);
  const out = new Float64Array(Gx * Gy);
  for (let i = 0; i < Gx; i++) for (let j = 0; j < Gy; j++) out[i * Gy + j] = ar[i * py + j];
  return out;
}
