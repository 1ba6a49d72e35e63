/**
 * Cluster extraction from an OPTICS reachability plot: the ξ-steep method (Ankerst et al. 1999, Figure 19, with
 * scikit-learn 1.2's corrections and Schubert & Gertz's predecessor correction) and the DBSCAN cut at one eps.
 * Pure functions over the plot; no validation.
 * @internal
 * @module
 */

/** NumPy's `around(x, 15)`: x·10¹⁵ rounded half to even, divided back (scikit-learn rounds OPTICS distances so). */
export function round15(x: number): number {
  const y = x * 1e15;
  if (!(Math.abs(y) < 4503599627370496)) return x;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1;
  return r / 1e15;
}

/**
 * DBSCAN labels at `eps` from an OPTICS ordering (scikit-learn's `cluster_optics_dbscan`): a new cluster starts at
 * each point in the ordering whose reachability exceeds eps but whose core distance does not; points with both
 * above eps are noise. reachability, coreDistances, ordering n (IN). O(n).
 */
export function extractDbscan(
  reachability: Float64Array,
  coreDistances: Float64Array,
  ordering: Int32Array,
  eps: number,
): Int32Array {
  const n = ordering.length;
  const labels = new Int32Array(n);
  let count = 0;
  for (let t = 0; t < n; t++) {
    const i = ordering[t];
    if (reachability[i] > eps && coreDistances[i] <= eps) count++;
    labels[i] = count - 1;
  }
  for (let i = 0; i < n; i++) if (reachability[i] > eps && !(coreDistances[i] <= eps)) labels[i] = -1;
  return labels;
}

/** Last index of a maximal steep region starting at `start` (scikit-learn's `_extend_region`). */
function extendRegion(steep: Uint8Array, xward: Uint8Array, start: number, minSamples: number): number {
  const n = steep.length;
  let nonXward = 0;
  let end = start;
  for (let index = start; index < n; index++) {
    if (steep[index]) {
      nonXward = 0;
      end = index;
    } else if (!xward[index]) {
      nonXward++;
      if (nonXward > minSamples) break;
    } else return end;
  }
  return end;
}

interface SteepDownArea {
  start: number;
  end: number;
  mib: number;
}

/** Schubert & Gertz (2018) Algorithm 2 as scikit-learn 1.2 writes it; null when the cluster vanishes. */
function correctPredecessor(
  plot: Float64Array,
  predPlot: Int32Array,
  ordering: Int32Array,
  s: number,
  e: number,
): [number, number] | null {
  const n = ordering.length;
  while (s < e) {
    if (plot[s] > plot[e]) return [s, e];
    // scikit-learn indexes the ordering with the predecessor's row number (−1 wraps to the last entry); kept so.
    const pe = ordering[predPlot[e] < 0 ? n + predPlot[e] : predPlot[e]];
    for (let i = s; i < e; i++) if (pe === ordering[i]) return [s, e];
    e--;
  }
  return null;
}

/**
 * The ξ clusters of a reachability plot as inclusive [start, end] ranges of the ordering, smaller clusters before
 * the larger ones that contain them (scikit-learn 1.2's `_xi_cluster`).
 * @remarks
 * With ρ(t) = r(t)/r(t+1) over the plot extended by +∞: steep up where ρ ≤ 1 − ξ, steep down where
 * ρ ≥ 1/(1 − ξ); steep areas may hold at most `minSamples` consecutive non-steep points. A cluster pairs a steep
 * down area D with a later steep up area U when the maximum in between is ≤ (1 − ξ)·r(U.end + 1); its ends are
 * trimmed to the same level (Definition 11, 4b/4c), optionally by predecessors, and it needs ≥ `minClusterSize`
 * points. O(n + a·u) for a steep down areas and u steep up areas.
 * reachability, predecessor n (IN, by row), ordering n (IN).
 */
export function xiClusters(
  reachability: Float64Array,
  predecessor: Int32Array,
  ordering: Int32Array,
  xi: number,
  minSamples: number,
  minClusterSize: number,
  predecessorCorrection: boolean,
): [number, number][] {
  const n = ordering.length;
  const plot = new Float64Array(n + 1);
  const predPlot = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    plot[t] = reachability[ordering[t]];
    predPlot[t] = predecessor[ordering[t]];
  }
  plot[n] = Number.POSITIVE_INFINITY;
  const xic = 1 - xi;
  const steepUp = new Uint8Array(n);
  const steepDown = new Uint8Array(n);
  const down = new Uint8Array(n);
  const up = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const ratio = plot[t] / plot[t + 1];
    steepUp[t] = ratio <= xic ? 1 : 0;
    steepDown[t] = ratio >= 1 / xic ? 1 : 0;
    down[t] = ratio > 1 ? 1 : 0;
    up[t] = ratio < 1 ? 1 : 0;
  }
  let sdas: SteepDownArea[] = [];
  const clusters: [number, number][] = [];
  let index = 0;
  let mib = 0;
  const filterSdas = (m: number): SteepDownArea[] => {
    if (m === Number.POSITIVE_INFINITY) return [];
    const res = sdas.filter((sda) => m <= plot[sda.start] * xic);
    for (const sda of res) sda.mib = Math.max(sda.mib, m);
    return res;
  };
  for (let steep = 0; steep < n; steep++) {
    if (!steepUp[steep] && !steepDown[steep]) continue;
    if (steep < index) continue;
    for (let t = index; t <= steep; t++) if (plot[t] > mib) mib = plot[t];
    if (steepDown[steep]) {
      sdas = filterSdas(mib);
      const dEnd = extendRegion(steepDown, up, steep, minSamples);
      sdas.push({ start: steep, end: dEnd, mib: 0 });
      index = dEnd + 1;
      mib = plot[index];
      continue;
    }
    sdas = filterSdas(mib);
    const uStart = steep;
    const uEnd = extendRegion(steepUp, down, uStart, minSamples);
    index = uEnd + 1;
    mib = plot[index];
    const found: [number, number][] = [];
    for (const D of sdas) {
      let cStart = D.start;
      let cEnd = uEnd;
      if (plot[cEnd + 1] * xic < D.mib) continue;
      const dMax = plot[D.start];
      if (dMax * xic >= plot[cEnd + 1]) {
        while (plot[cStart + 1] > plot[cEnd + 1] && cStart < D.end) cStart++;
      } else if (plot[cEnd + 1] * xic >= dMax) {
        while (plot[cEnd - 1] > dMax && cEnd > uStart) cEnd--;
      }
      if (predecessorCorrection) {
        const c = correctPredecessor(plot, predPlot, ordering, cStart, cEnd);
        if (c === null) continue;
        [cStart, cEnd] = c;
      }
      if (cEnd - cStart + 1 < minClusterSize) continue;
      if (cStart > D.end) continue;
      if (cEnd < uStart) continue;
      found.push([cStart, cEnd]);
    }
    found.reverse();
    for (const c of found) clusters.push(c);
  }
  return clusters;
}

/**
 * Flat labels from ξ clusters (scikit-learn's `_extract_xi_labels`): clusters in the given order (smallest first)
 * claim their range of the ordering when none of it is claimed yet; the rest is noise (−1).
 */
export function xiLabels(ordering: Int32Array, clusters: readonly (readonly [number, number])[]): Int32Array {
  const n = ordering.length;
  const byPos = new Int32Array(n).fill(-1);
  let label = 0;
  for (const [s, e] of clusters) {
    let free = true;
    for (let t = s; t <= e; t++) {
      if (byPos[t] !== -1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    byPos.fill(label, s, e + 1);
    label++;
  }
  const labels = new Int32Array(n);
  for (let t = 0; t < n; t++) labels[ordering[t]] = byPos[t];
  return labels;
}
