/**
 * The gap statistic of Tibshirani, Walther & Hastie (2001): reference data sets drawn over a box around the data,
 * their clustering inertias, and Gap(k) with its standard error.
 * @module
 */
import { eigenSymmetric } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { gramAxes } from '../core/pca.js';
import type { Rng } from '../core/random.js';
import { columnMeans } from '../core/stats.js';

/** Reference distribution of the gap statistic: uniform over the bounding box of the data or of its principal components. */
export type GapReference = 'uniform' | 'pca';

/**
 * Gap statistic decision rule: Tibshirani et al.'s standard-error rule (smallest k with
 * Gap(k) ≥ Gap(k+1) − s_{k+1}), or Dudoit & Fridlyand's global one (smallest k with Gap(k) ≥ max Gap − s at the
 * maximum; R's `maxSE(method = "globalSEmax")`).
 */
export type GapRule = 'tibshirani' | 'global-se';

/** Gap(k) and its parts, one value per k. */
export interface GapCurve {
  /** Gap(k) = expectedLogW − logW. */
  gap: number[];
  /** sₖ = sdₖ·√(1 + 1/B). */
  sk: number[];
  /** log Wₖ of the data. */
  logW: number[];
  /** (1/B) Σ_b log W*ₖ_b over the reference sets. */
  expectedLogW: number[];
}

/**
 * The principal axes of the centred rows of `data` (n×d), as a d×r matrix (row-major, columns = axes) with r = d
 * (eigenvectors of XcᵀXc) when d ≤ n, else r ≤ n from the n×n Gram matrix ({@link gramAxes}; the other axes carry
 * no spread, so the box is the same). O(n·d² + d³) or O(n²·d + n³). @internal
 */
export function principalAxes(
  data: Float64Array,
  n: number,
  d: number,
  mu: Float64Array,
): { rot: Float64Array; r: number } {
  const row = new Float64Array(d);
  if (d <= n) {
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mu[j];
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += row[a] * row[b];
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
    return { rot: eigenSymmetric(cov, d).vectors, r: d };
  }
  const { axes, r } = gramAxes(data, n, d, mu);
  return { rot: axes, r };
}

/** Reference data drawn uniformly over a box, in the original coordinates. */
function referenceSampler(m: Matrix, reference: GapReference): (rng: Rng) => Matrix {
  const { rows: n, cols: d, data } = m;
  const mu = columnMeans(data, n, d);
  // Rotation R (d×r, columns = axes of the box) and the data in those coordinates.
  let rot: Float64Array;
  let r = d;
  if (reference === 'pca') ({ rot, r } = principalAxes(data, n, d, mu));
  else {
    rot = new Float64Array(d * d);
    for (let j = 0; j < d; j++) rot[j * d + j] = 1;
  }
  const lo = new Float64Array(r).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(r).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < r; c++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += (data[i * d + j] - mu[j]) * rot[j * r + c];
      if (v < lo[c]) lo[c] = v;
      if (v > hi[c]) hi[c] = v;
    }
  }
  return (rng: Rng) => {
    const out = new Float64Array(n * d);
    const z = new Float64Array(r);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < r; c++) z[c] = lo[c] + (hi[c] - lo[c]) * rng.nextFloat();
      for (let j = 0; j < d; j++) {
        let v = mu[j];
        for (let c = 0; c < r; c++) v += rot[j * r + c] * z[c];
        out[i * d + j] = v;
      }
    }
    return { rows: n, cols: d, data: out };
  };
}

/**
 * Gap(k) for each k from the inertias Wₖ of the data's clusterings: draws B = nRefs reference sets (in that order,
 * from `rng`), clusters each for every k with a seed from `rng`, and averages log W*ₖ_b.
 * O((kMax − kMin + 1)·B) clusterings.
 */
export function gapStatistic(
  m: Matrix,
  ks: readonly number[],
  inertias: readonly number[],
  nRefs: number,
  reference: GapReference,
  rng: Rng,
  cluster: (data: Matrix, k: number, s: number) => { inertia: number },
): GapCurve {
  const draw = referenceSampler(m, reference);
  const refs: Matrix[] = [];
  for (let b = 0; b < nRefs; b++) refs.push(draw(rng));
  const gap: number[] = [];
  const sk: number[] = [];
  const logW: number[] = [];
  const expectedLogW: number[] = [];
  for (let t = 0; t < ks.length; t++) {
    const lw = Math.log(inertias[t]);
    const vals = new Float64Array(nRefs);
    let mean = 0;
    for (let b = 0; b < nRefs; b++) {
      vals[b] = Math.log(cluster(refs[b], ks[t], rng.nextUint32()).inertia);
      mean += vals[b];
    }
    mean /= nRefs;
    let v = 0;
    for (let b = 0; b < nRefs; b++) v += (vals[b] - mean) * (vals[b] - mean);
    const sd = Math.sqrt(v / nRefs);
    logW.push(lw);
    expectedLogW.push(mean);
    gap.push(mean - lw);
    sk.push(sd * Math.sqrt(1 + 1 / nRefs));
  }
  return { gap, sk, logW, expectedLogW };
}

/**
 * The index of the chosen k on a gap curve, and the rule in words: Tibshirani et al.'s standard-error rule (kMax
 * when no k passes it) or Dudoit & Fridlyand's global one.
 */
export function pickGap(
  g: GapCurve,
  ks: readonly number[],
  rule: GapRule,
  head: string,
): { index: number; rule: string } {
  let t = -1;
  if (rule === 'global-se') {
    let top = 0;
    for (let q = 1; q < ks.length; q++) if (g.gap[q] > g.gap[top]) top = q;
    const bar = g.gap[top] - g.sk[top];
    for (let q = 0; q <= top && t < 0; q++) if (g.gap[q] >= bar) t = q;
    return {
      index: t,
      rule: `${head}: smallest k with Gap(k) ≥ max Gap − s at the maximum (k = ${ks[top]}), Dudoit & Fridlyand`,
    };
  }
  for (let q = 0; q + 1 < ks.length && t < 0; q++) if (g.gap[q] >= g.gap[q + 1] - g.sk[q + 1]) t = q;
  if (t >= 0) return { index: t, rule: `${head}: smallest k with Gap(k) ≥ Gap(k+1) − s(k+1), Tibshirani et al.` };
  return {
    index: ks.length - 1,
    rule: `${head}: no k < ${ks[ks.length - 1]} with Gap(k) ≥ Gap(k+1) − s(k+1); kMax chosen — try a larger kMax`,
  };
}
