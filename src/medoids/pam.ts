/**
 * k-medoids kernels over a {@link DissimilarityView}: PAM's BUILD and SWAP (as R cluster's `pam`, variant
 * `original`), FasterPAM (Schubert & Rousseeuw 2021, eager swaps), the alternating (Voronoi iteration) method of
 * scikit-learn-extra, k-medoids++ seeding and the nearest-medoid assignment. No validation here.
 * @module
 */
import type { Rng } from '../core/random.js';
import { DissimilarityRows, type DissimilarityView, dissimAt, dissimRow, maxDissimilarity } from './dissimilarity.js';

/** What a swap phase reports: passes run and whether the last one found nothing to improve. */
export interface SwapResult {
  nIter: number;
  converged: boolean;
}

/**
 * PAM's greedy BUILD exactly as R cluster's C code: the first medoid minimizes the total dissimilarity, each next
 * one maximizes the decrease Σⱼ max(0, Dⱼ − d(i, j)) of the distances Dⱼ to the nearest chosen medoid; ties go to
 * the highest index (R's `<=`). O(k·n²). medoids k (OUT, in the order chosen).
 */
export function buildMedoids(v: DissimilarityView, k: number, medoids: Int32Array): void {
  const n = v.n;
  const s = maxDissimilarity(v) * 1.1 + 1;
  const dysma = new Float64Array(n).fill(s);
  const isMed = new Uint8Array(n);
  const buf = new Float64Array(n);
  const rows = new DissimilarityRows(v);
  for (let c = 0; c < k; c++) {
    let ammax = 0;
    let nmax = -1;
    for (let i = 0; i < n; i++) {
      if (isMed[i]) continue;
      const row = rows.row(i);
      let beter = 0;
      for (let j = 0; j < n; j++) {
        const cmd = dysma[j] - row[j];
        if (cmd > 0) beter += cmd;
      }
      if (ammax <= beter) {
        ammax = beter;
        nmax = i;
      }
    }
    isMed[nmax] = 1;
    medoids[c] = nmax;
    const row = dissimRow(v, nmax, buf);
    for (let j = 0; j < n; j++) if (dysma[j] > row[j]) dysma[j] = row[j];
  }
}

/**
 * k-medoids++ seeding: the first medoid uniformly at random, each next one with probability ∝ D(x)², D the
 * dissimilarity to the nearest medoid chosen so far (a random unused point when every D is 0). O(k·n).
 * medoids k (OUT).
 */
export function plusPlusMedoids(v: DissimilarityView, k: number, rng: Rng, medoids: Int32Array): void {
  const n = v.n;
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const isMed = new Uint8Array(n);
  const buf = new Float64Array(n);
  let next = rng.nextInt(n);
  for (let c = 0; c < k; c++) {
    medoids[c] = next;
    isMed[next] = 1;
    if (c === k - 1) break;
    const row = dissimRow(v, next, buf);
    let total = 0;
    for (let j = 0; j < n; j++) {
      if (row[j] < nearest[j]) nearest[j] = row[j];
      total += nearest[j] * nearest[j];
    }
    if (total > 0) {
      let r = rng.nextFloat() * total;
      next = -1;
      for (let j = 0; j < n; j++) {
        if (isMed[j]) continue;
        const p = nearest[j] * nearest[j];
        if (p > 0) next = j; // last candidate with positive mass, in case rounding leaves r ≥ 0
        r -= p;
        if (r < 0 && p > 0) break;
      }
    } else {
      let r = rng.nextInt(n - c - 1);
      for (next = 0; ; next++) if (!isMed[next] && r-- === 0) break;
    }
  }
}

/**
 * Nearest medoid of every point (ties: the first medoid in `medoids`). labels n and dist n (OUT).
 * Returns Σ dist, the total dissimilarity (inertia). O(k·n).
 */
export function assignNearest(
  v: DissimilarityView,
  medoids: Int32Array,
  labels: Int32Array,
  dist: Float64Array,
): number {
  const n = v.n;
  const k = medoids.length;
  dist.fill(Number.POSITIVE_INFINITY);
  const buf = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    const row = dissimRow(v, medoids[c], buf);
    for (let j = 0; j < n; j++) {
      if (row[j] < dist[j]) {
        dist[j] = row[j];
        labels[j] = c;
      }
    }
  }
  let total = 0;
  for (let j = 0; j < n; j++) total += dist[j];
  return total;
}

/**
 * PAM's SWAP exactly as R cluster's `pam(variant = 'original')`: each pass evaluates every (medoid i, non-medoid h)
 * exchange, T_ih = Σⱼ C_jih, and applies the best one if it lowers the total by more than 16·ε·total. O(k·n²) per
 * pass. medoids k (INOUT; a swap replaces the medoid in its slot).
 */
export function pamSwap(
  v: DissimilarityView,
  medoids: Int32Array,
  maxIter: number,
  report?: (passes: number) => void,
): SwapResult {
  const n = v.n;
  const k = medoids.length;
  // R's sentinel s·1.1 + 1 only initializes the nearest / second-nearest search here (k ≥ 2 fills both), so
  // any value above every dissimilarity gives the same result.
  const s = Number.POSITIVE_INFINITY;
  const isMed = new Uint8Array(n);
  for (let c = 0; c < k; c++) isMed[medoids[c]] = 1;
  const dysma = new Float64Array(n);
  const dysmb = new Float64Array(n);
  const medRows = new Float64Array(k * n);
  const order = new Int32Array(k); // slots by ascending medoid index, as R scans nrepr[]
  const rows = new DissimilarityRows(v);
  // sky: the total after BUILD or the given start, as R sums dysma[] in index order
  let sky = 0;
  {
    const lab = new Int32Array(n);
    sky = assignNearest(v, medoids, lab, dysma);
  }
  for (let iter = 1; iter <= maxIter; iter++) {
    report?.(iter - 1);
    for (let c = 0; c < k; c++) order[c] = c;
    order.sort((a, b) => medoids[a] - medoids[b]);
    for (let c = 0; c < k; c++) {
      const m = medoids[c];
      if (v.layout === 'square') medRows.set(v.data.subarray(m * n, (m + 1) * n), c * n);
      else dissimRow(v, m, medRows.subarray(c * n, (c + 1) * n));
    }
    for (let j = 0; j < n; j++) {
      let a = s;
      let b = s;
      for (let t = 0; t < k; t++) {
        const dij = medRows[order[t] * n + j];
        if (a > dij) {
          b = a;
          a = dij;
        } else if (b > dij) b = dij;
      }
      dysma[j] = a;
      dysmb[j] = b;
    }
    let dzsky = 1;
    let hbest = -1;
    let cbest = -1;
    for (let h = 0; h < n; h++) {
      if (isMed[h]) continue;
      const rowH = rows.row(h);
      for (let t = 0; t < k; t++) {
        const c = order[t];
        const ro = c * n;
        let dz = 0;
        for (let j = 0; j < n; j++) {
          const dij = medRows[ro + j];
          const dhj = rowH[j];
          const a = dysma[j];
          if (dij === a) {
            const small = dysmb[j] > dhj ? dhj : dysmb[j];
            dz += -a + small;
          } else if (dhj < a) dz += -a + dhj;
        }
        if (dzsky > dz) {
          dzsky = dz;
          hbest = h;
          cbest = c;
        }
      }
    }
    if (!(dzsky < -16 * Number.EPSILON * Math.abs(sky))) return { nIter: iter, converged: true };
    isMed[medoids[cbest]] = 0;
    isMed[hbest] = 1;
    medoids[cbest] = hbest;
    sky += dzsky;
  }
  return { nIter: maxIter, converged: false };
}

/**
 * FasterPAM (Schubert & Rousseeuw 2021, Algorithm 2 with eager swapping): for each non-medoid candidate xc in
 * index order, the best medoid to exchange it with is found in O(n) from each point's nearest and second-nearest
 * medoid and the removal losses; an improving exchange is applied at once. Stops after a full cycle through the
 * candidates since the last swap finds none. O(n) per candidate, O(n²) per pass. medoids k (INOUT), k ≥ 2.
 */
export function fasterPam(
  v: DissimilarityView,
  medoids: Int32Array,
  maxIter: number,
  report?: (passes: number) => void,
): SwapResult {
  const n = v.n;
  const k = medoids.length;
  const nearI = new Int32Array(n);
  const nearD = new Float64Array(n);
  const secI = new Int32Array(n);
  const secD = new Float64Array(n);
  const isMed = new Uint8Array(n);
  for (let c = 0; c < k; c++) isMed[medoids[c]] = 1;
  for (let o = 0; o < n; o++) {
    let a = Number.POSITIVE_INFINITY;
    let b = Number.POSITIVE_INFINITY;
    let ai = 0;
    let bi = 0;
    for (let c = 0; c < k; c++) {
      const d = dissimAt(v, o, medoids[c]);
      if (d < a) {
        b = a;
        bi = ai;
        a = d;
        ai = c;
      } else if (d < b) {
        b = d;
        bi = c;
      }
    }
    nearI[o] = ai;
    nearD[o] = a;
    secI[o] = bi;
    secD[o] = b;
  }
  const removal = new Float64Array(k);
  const ploss = new Float64Array(k);
  const updateRemoval = () => {
    removal.fill(0);
    for (let o = 0; o < n; o++) removal[nearI[o]] += secD[o] - nearD[o];
  };
  updateRemoval();
  let loss = 0;
  for (let o = 0; o < n; o++) loss += nearD[o];
  const rows = new DissimilarityRows(v);
  let lastSwap = -1;
  let nSwaps = 0;
  for (let iter = 1; iter <= maxIter; iter++) {
    report?.(iter - 1);
    const swapsBefore = nSwaps;
    const lastLoss = loss;
    for (let xc = 0; xc < n; xc++) {
      if (xc === lastSwap) break;
      if (isMed[xc]) continue;
      const row = rows.row(xc);
      ploss.set(removal);
      let acc = 0;
      for (let o = 0; o < n; o++) {
        const doj = row[o];
        const dn = nearD[o];
        if (doj < dn) {
          acc += doj - dn;
          ploss[nearI[o]] += dn - secD[o];
        } else if (doj < secD[o]) {
          ploss[nearI[o]] += doj - secD[o];
        }
      }
      let b = 0;
      for (let c = 1; c < k; c++) if (ploss[c] < ploss[b]) b = c;
      if (ploss[b] + acc >= 0) continue;
      nSwaps++;
      lastSwap = xc;
      isMed[medoids[b]] = 0;
      isMed[xc] = 1;
      medoids[b] = xc;
      loss = 0;
      for (let o = 0; o < n; o++) {
        if (o === xc) {
          if (nearI[o] !== b) {
            secI[o] = nearI[o];
            secD[o] = nearD[o];
          }
          nearI[o] = b;
          nearD[o] = 0;
          continue;
        }
        const doj = row[o];
        if (nearI[o] === b) {
          if (doj < secD[o]) {
            nearD[o] = doj;
          } else {
            nearI[o] = secI[o];
            nearD[o] = secD[o];
            secondNearest(v, medoids, o, b, doj, nearI, secI, secD);
          }
        } else if (doj < nearD[o]) {
          secI[o] = nearI[o];
          secD[o] = nearD[o];
          nearI[o] = b;
          nearD[o] = doj;
        } else if (doj < secD[o]) {
          secI[o] = b;
          secD[o] = doj;
        } else if (secI[o] === b) {
          secondNearest(v, medoids, o, b, doj, nearI, secI, secD);
        }
        loss += nearD[o];
      }
      updateRemoval();
    }
    if (nSwaps === swapsBefore || loss >= lastLoss) return { nIter: iter, converged: true };
  }
  return { nIter: maxIter, converged: false };
}

/** Second-nearest medoid of o, skipping its nearest; the new medoid in slot b (at distance doj) is a candidate. */
function secondNearest(
  v: DissimilarityView,
  medoids: Int32Array,
  o: number,
  b: number,
  doj: number,
  nearI: Int32Array,
  secI: Int32Array,
  secD: Float64Array,
): void {
  let bi = b;
  let bd = doj;
  const skip = nearI[o];
  for (let c = 0; c < medoids.length; c++) {
    if (c === skip || c === b) continue;
    const d = dissimAt(v, o, medoids[c]);
    if (d < bd) {
      bd = d;
      bi = c;
    }
  }
  secI[o] = bi;
  secD[o] = bd;
}

/**
 * The alternating method (Voronoi iteration, scikit-learn-extra's `method='alternate'`): assign every point to its
 * nearest medoid, then move each medoid to the member with the least total dissimilarity to its cluster (only if
 * strictly better); stop when no medoid moves. O(n·k + Σ|C|·n) per iteration. medoids k (INOUT).
 */
export function alternateMedoids(
  v: DissimilarityView,
  medoids: Int32Array,
  maxIter: number,
  report?: (passes: number) => void,
): SwapResult {
  const n = v.n;
  const k = medoids.length;
  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  const members = new Int32Array(n);
  const start = new Int32Array(k + 1);
  for (let iter = 1; iter <= maxIter; iter++) {
    report?.(iter - 1);
    assignNearest(v, medoids, labels, dist);
    // members grouped by cluster (counting sort, ascending index within a cluster)
    start.fill(0);
    for (let j = 0; j < n; j++) start[labels[j] + 1]++;
    for (let c = 0; c < k; c++) start[c + 1] += start[c];
    const fill = start.slice(0, k);
    for (let j = 0; j < n; j++) members[fill[labels[j]]++] = j;
    let changed = false;
    for (let c = 0; c < k; c++) {
      const lo = start[c];
      const hi = start[c + 1];
      if (lo === hi) continue;
      let best = -1;
      let bestCost = Number.POSITIVE_INFINITY;
      let curCost = Number.POSITIVE_INFINITY;
      for (let t = lo; t < hi; t++) {
        let cost = 0;
        if (v.layout === 'square') {
          const row = v.data.subarray(members[t] * n, (members[t] + 1) * n);
          for (let u = lo; u < hi; u++) cost += row[members[u]];
        } else for (let u = lo; u < hi; u++) cost += dissimAt(v, members[u], members[t]);
        if (cost < bestCost) {
          bestCost = cost;
          best = members[t];
        }
        if (members[t] === medoids[c]) curCost = cost;
      }
      if (bestCost < curCost) {
        medoids[c] = best;
        changed = true;
      }
    }
    if (!changed) return { nIter: iter, converged: true };
  }
  return { nIter: maxIter, converged: false };
}
