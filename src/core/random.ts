/**
 * The one seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018).
 *
 * Every random choice in clusterkit (initialisation, restarts, mini-batches, sampling) flows from a `seed` option
 * through an {@link Rng} created per fit and passed explicitly. There is no module-level state and no
 * `Math.random`.
 * @module
 */

/** A seeded source of random numbers. */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, n). Unbiased (rejection sampling). */
  nextInt(n: number): number;
  /** Standard normal deviate (Marsaglia polar method). */
  nextNormal(): number;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/**
 * r mod n for integers 0 ≤ r < 2³² and 1 < n ≤ 2³², equal to `r % n` without a floating-point remainder (r is
 * not a 32-bit signed integer, so `%` is an fmod, ~10× slower): q = ⌊r/n⌋ can be off by one where r/n rounds to
 * an integer, and q·n ≤ r + n < 2⁵³ and r − q·n are exact, so one correction gives the exact remainder. O(1).
 */
function remainder(r: number, n: number): number {
  const m = r - Math.floor(r / n) * n;
  return m < 0 ? m + n : m >= n ? m - n : m;
}

/** SplitMix32-style mixing, used to expand a seed into the 128-bit state (never all zero). */
function mix32(z: number): number {
  z = (z + 0x9e3779b9) | 0;
  let t = z ^ (z >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return t >>> 0;
}

/** Expands an integer seed (any safe integer) into four 32-bit words. */
export function expandSeed(seed: number): [number, number, number, number] {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let z = lo ^ mix32(hi);
  const s: number[] = [];
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9) | 0;
    s.push(mix32(z ^ Math.imul(i + 1, 0x85ebca6b)));
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return [s[0], s[1], s[2], s[3]];
}

/**
 * Creates an xoshiro128** generator from a raw 128-bit state (four uint32, not all zero). Exposed so the
 * reference output of the published C implementation can be checked.
 */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  // The four state words as int32 bit patterns in a typed array: every operation below is on 32-bit patterns
  // (imul, xor, shifts), and closure variables holding values beyond the small-integer range would be boxed on
  // each update (measured ~10× slower per draw).
  const st = Int32Array.from(state, (v) => v >>> 0);
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  let spare = Number.NaN;
  const nextUint32 = (): number => {
    const a = st[0];
    const b = st[1];
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    const c = st[2] ^ a;
    const d = st[3] ^ b;
    st[0] = a ^ d;
    st[1] = b ^ c;
    st[2] = c ^ t;
    st[3] = rotl(d, 11);
    return r;
  };
  const nextFloat = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  // The rejection limit of the last integer n (mini-batch steps draw thousands of rows from the same n).
  let limitN = -1;
  let limit = 0;
  const nextInt = (n: number): number => {
    if (n <= 1) return 0;
    if (n <= 4294967296) {
      // Lemire-free simple rejection on 32 bits for exact uniformity.
      if (n !== limitN) {
        limitN = n;
        limit = 4294967296 - (4294967296 % n);
      }
      for (;;) {
        const r = nextUint32();
        if (r < limit) return n === Math.floor(n) ? remainder(r, n) : r % n;
      }
    }
    return Math.floor(nextFloat() * n);
  };
  const nextNormal = (): number => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    for (;;) {
      const u = 2 * nextFloat() - 1;
      const v = 2 * nextFloat() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * f;
        return u * f;
      }
    }
  };
  return { nextUint32, nextFloat, nextInt, nextNormal };
}

/**
 * Creates the generator for a fit from an integer seed.
 * @example
 * const rng = createRng(42);
 * rng.nextFloat(); // same value on every platform
 */
export function createRng(seed: number): Rng {
  return createRngFromState(expandSeed(seed));
}

/**
 * Draws a fresh seed when the user gave none, from the platform's cryptographic source (Web Crypto, present in
 * Node ≥ 19 and every browser). The estimator records it so the run can be replayed.
 */
export function drawSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0] & 0x7fffffff;
}

/** Resolves an optional seed option: the given value, or a freshly drawn one. */
export function resolveSeed(seed: number | undefined): number {
  return seed ?? drawSeed();
}

/**
 * Partial Fisher–Yates: `k` distinct indices from [0, n), in draw order. O(n) memory.
 */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(n - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k);
}

/** In-place Fisher–Yates shuffle of an Int32Array. */
export function shuffleInPlace(rng: Rng, a: Int32Array): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
