/**
 * The distance kernels of the metric registry ({@link METRIC_REGISTRY} in `metrics.ts`): one pure function per
 * metric over two rows given by offsets into flat row-major Float64Arrays. Kernels allocate nothing and validate
 * nothing; the registry's `check` and `resolveMetricParams` do that once at the boundary.
 * @module
 * @internal
 */

/** Parameters of the parametrised metrics, resolved once per call (see `resolveMetricParams`). */
export interface MetricParams {
  /** Minkowski order p (> 0; `Infinity` is Chebyshev). */
  p: number;
  /** Minkowski weights (length d, ≥ 0), or null for none. */
  w: Float64Array | null;
  /** Standardised-Euclidean variances (length d, > 0). */
  V: Float64Array | null;
  /** Mahalanobis inverse covariance (d×d, row-major). */
  VI: Float64Array | null;
}

/** Parameters for the metrics that take none. */
export const NO_PARAMS: MetricParams = Object.freeze({ p: 2, w: null, V: null, VI: null }) as MetricParams;

/**
 * A distance kernel: the distance between the d values of `a` from offset `oa` and of `b` from offset `ob`.
 * a, b IN.
 */
export type DistanceKernel = (
  a: Float64Array,
  oa: number,
  b: Float64Array,
  ob: number,
  d: number,
  prm: MetricParams,
) => number;

/** Σⱼ (aⱼ − bⱼ)², in column order. */
export function sqeuclideanKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[oa + j] - b[ob + j];
    s += t * t;
  }
  return s;
}

/** √Σⱼ (aⱼ − bⱼ)². */
export function euclideanKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  return Math.sqrt(sqeuclideanKernel(a, oa, b, ob, d));
}

/** √Σⱼ (aⱼ − bⱼ)² / Vⱼ. */
export const seuclideanKernel: DistanceKernel = (a, oa, b, ob, d, prm) => {
  const V = prm.V as Float64Array;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[oa + j] - b[ob + j];
    s += (t * t) / V[j];
  }
  return Math.sqrt(s);
};

/** Σⱼ |aⱼ − bⱼ|. */
export function cityblockKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += Math.abs(a[oa + j] - b[ob + j]);
  return s;
}

/** maxⱼ |aⱼ − bⱼ|. */
export function chebyshevKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let m = 0;
  for (let j = 0; j < d; j++) {
    const t = Math.abs(a[oa + j] - b[ob + j]);
    if (t > m) m = t;
  }
  return m;
}

/** (Σⱼ wⱼ |aⱼ − bⱼ|ᵖ)^(1/p); p = ∞ gives maxⱼ over wⱼ > 0 of |aⱼ − bⱼ|. */
export const minkowskiKernel: DistanceKernel = (a, oa, b, ob, d, prm) => {
  const { p, w } = prm;
  if (p === Number.POSITIVE_INFINITY) {
    let m = 0;
    for (let j = 0; j < d; j++) {
      if (w !== null && w[j] === 0) continue;
      const t = Math.abs(a[oa + j] - b[ob + j]);
      if (t > m) m = t;
    }
    return m;
  }
  // Unweighted p = 2 and p = 1 are the euclidean and cityblock loops (as SciPy and scikit-learn dispatch them).
  if (w === null && p === 2) return euclideanKernel(a, oa, b, ob, d);
  if (w === null && p === 1) return cityblockKernel(a, oa, b, ob, d);
  let s = 0;
  if (w === null) for (let j = 0; j < d; j++) s += Math.abs(a[oa + j] - b[ob + j]) ** p;
  else for (let j = 0; j < d; j++) s += w[j] * Math.abs(a[oa + j] - b[ob + j]) ** p;
  return s ** (1 / p);
};

/** 1 − (a−ma)·(b−mb) / (‖a−ma‖‖b−mb‖), tiny negative rounding clamped to 0 (subtracting 0 changes nothing). */
function centeredCosine(
  a: Float64Array,
  oa: number,
  b: Float64Array,
  ob: number,
  d: number,
  ma: number,
  mb: number,
): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < d; j++) {
    const u = a[oa + j] - ma;
    const v = b[ob + j] - mb;
    dot += u * v;
    na += u * u;
    nb += v * v;
  }
  const r = 1 - dot / Math.sqrt(na * nb);
  return r < 0 ? 0 : r;
}

/** 1 − a·b / (‖a‖‖b‖), tiny negative rounding clamped to 0 (zero rows are refused at the boundary). */
export function cosineKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  return centeredCosine(a, oa, b, ob, d, 0, 0);
}

/** Cosine distance of the rows centred on their own means: 1 − (a−ā)·(b−b̄) / (‖a−ā‖‖b−b̄‖). */
export function correlationKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let ma = 0;
  let mb = 0;
  for (let j = 0; j < d; j++) {
    ma += a[oa + j];
    mb += b[ob + j];
  }
  return centeredCosine(a, oa, b, ob, d, ma / d, mb / d);
}

/** Σⱼ |aⱼ − bⱼ| / (|aⱼ| + |bⱼ|), a term with 0/0 counting 0 (SciPy). */
export function canberraKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const u = a[oa + j];
    const v = b[ob + j];
    const den = Math.abs(u) + Math.abs(v);
    if (den > 0) s += Math.abs(u - v) / den;
  }
  return s;
}

/** Σⱼ |aⱼ − bⱼ| / Σⱼ |aⱼ + bⱼ| (non-negative data, checked at the boundary); 0 for two zero rows. */
export function braycurtisKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let num = 0;
  let den = 0;
  for (let j = 0; j < d; j++) {
    const u = a[oa + j];
    const v = b[ob + j];
    num += Math.abs(u - v);
    den += Math.abs(u + v);
  }
  return den === 0 ? 0 : num / den;
}

/** √((a − b)ᵀ VI (a − b)), VI d×d. */
export const mahalanobisKernel: DistanceKernel = (a, oa, b, ob, d, prm) => {
  const VI = prm.VI as Float64Array;
  let s = 0;
  for (let i = 0; i < d; i++) {
    const ti = a[oa + i] - b[ob + i];
    const r = i * d;
    let row = 0;
    for (let j = 0; j < d; j++) row += VI[r + j] * (a[oa + j] - b[ob + j]);
    s += ti * row;
  }
  return s > 0 ? Math.sqrt(s) : 0;
};

/** x·log(x/y) with SciPy's `rel_entr` conventions for x = 0. */
function relEntr(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

/**
 * Jensen–Shannon distance (natural log): √((KL(p‖m) + KL(q‖m)) / 2), p = a/Σa, q = b/Σb, m = (p + q)/2.
 * Rows must be non-negative with a positive sum (checked at the boundary).
 */
export function jensenshannonKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let sa = 0;
  let sb = 0;
  for (let j = 0; j < d; j++) {
    sa += a[oa + j];
    sb += b[ob + j];
  }
  let js = 0;
  for (let j = 0; j < d; j++) {
    const p = a[oa + j] / sa;
    const q = b[ob + j] / sb;
    const m = (p + q) / 2;
    js += relEntr(p, m) + relEntr(q, m);
  }
  return js > 0 ? Math.sqrt(js / 2) : 0;
}

/** Fraction of coordinates where the rows differ (any values, as SciPy's `hamming`). */
export function hammingKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) if (a[oa + j] !== b[ob + j]) s++;
  return s / d;
}

/**
 * The boolean counts of two 0/1 rows (nonzero is true): writes c[0] = both true (ntt), c[1] = true/false (ntf),
 * c[2] = false/true (nft), c[3] = both false (nff). c OUT.
 */
function boolCounts(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number, c: Int32Array): void {
  let tt = 0;
  let tf = 0;
  let ft = 0;
  for (let j = 0; j < d; j++) {
    const u = a[oa + j] !== 0;
    const v = b[ob + j] !== 0;
    if (u && v) tt++;
    else if (u) tf++;
    else if (v) ft++;
  }
  c[0] = tt;
  c[1] = tf;
  c[2] = ft;
  c[3] = d - tt - tf - ft;
}

const counts = new Int32Array(4);

/** Jaccard–Needham dissimilarity (ntf + nft) / (ntt + ntf + nft); 0 for two all-false rows (SciPy ≥ 1.2). */
export function jaccardKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  boolCounts(a, oa, b, ob, d, counts);
  const diff = counts[1] + counts[2];
  const den = counts[0] + diff;
  return den === 0 ? 0 : diff / den;
}

/** Dice dissimilarity (ntf + nft) / (2·ntt + ntf + nft); 0 for two all-false rows. */
export function diceKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  boolCounts(a, oa, b, ob, d, counts);
  const diff = counts[1] + counts[2];
  const den = 2 * counts[0] + diff;
  return den === 0 ? 0 : diff / den;
}

/** Rogers–Tanimoto R / (ntt + nff + R), R = 2(ntf + nft). */
export function rogerstanimotoKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  boolCounts(a, oa, b, ob, d, counts);
  const R = 2 * (counts[1] + counts[2]);
  return R / (counts[0] + counts[3] + R);
}

/** Russell–Rao (d − ntt) / d. */
export function russellraoKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  boolCounts(a, oa, b, ob, d, counts);
  return (d - counts[0]) / d;
}

/** Sokal–Michener R / (S + R), R = 2(ntf + nft), S = ntt + nff (equal to Rogers–Tanimoto, as in SciPy). */
export function sokalmichenerKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  boolCounts(a, oa, b, ob, d, counts);
  const R = 2 * (counts[1] + counts[2]);
  const S = counts[0] + counts[3];
  return R / (S + R);
}

/** Sokal–Sneath R / (ntt + R), R = 2(ntf + nft); 0 for two all-false rows. */
export function sokalsneathKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  boolCounts(a, oa, b, ob, d, counts);
  const R = 2 * (counts[1] + counts[2]);
  const den = counts[0] + R;
  return den === 0 ? 0 : R / den;
}

/** Yule dissimilarity 2·ntf·nft / (ntt·nff + ntf·nft); 0 when ntf·nft = 0 (SciPy 1.10). */
export function yuleKernel(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  boolCounts(a, oa, b, ob, d, counts);
  const half = counts[1] * counts[2];
  return half === 0 ? 0 : (2 * half) / (counts[0] * counts[3] + half);
}

/**
 * Great-circle distance on the unit sphere between [lat, lon] rows in radians (scikit-learn's convention):
 * 2·asin(√(sin²(Δlat/2) + cos lat₁ · cos lat₂ · sin²(Δlon/2))). Multiply by the Earth's radius for kilometres.
 */
export function haversineKernel(a: Float64Array, oa: number, b: Float64Array, ob: number): number {
  const lat1 = a[oa];
  const lat2 = b[ob];
  const s1 = Math.sin(0.5 * (lat2 - lat1));
  const s2 = Math.sin(0.5 * (b[ob + 1] - a[oa + 1]));
  const h = s1 * s1 + Math.cos(lat1) * Math.cos(lat2) * s2 * s2;
  return 2 * Math.asin(Math.sqrt(h > 1 ? 1 : h));
}
