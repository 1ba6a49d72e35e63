/**
 * Soft clustering for HDBSCAN (McInnes's `hdbscan.prediction.all_points_membership_vectors` /
 * `membership_vector`): how much each point belongs to each selected cluster, from its distance to the cluster's
 * exemplars and from where it joins the cluster tree.
 * @internal
 * @module
 */
import type { CondensedTree } from './hdbscanTree.js';

/** What the soft-clustering formulas need from a fitted HDBSCAN (clusters as c − n). */
export interface SoftModel {
  tree: CondensedTree;
  n: number;
  /** Selected clusters, ascending; label t is selected[t]. */
  selected: Int32Array;
  /** Parent of each cluster (−1 for the root). */
  parentOf: Int32Array;
  /** Largest λ in each cluster's subtree. */
  deaths: Float64Array;
}

/**
 * Exemplars of each selected cluster: the points of its leaf clusters that leave at the leaf's largest λ (the
 * densest core of each leaf). Returns row indices per label.
 */
export function clusterExemplars(m: SoftModel): Int32Array[] {
  const { tree, n, selected, parentOf } = m;
  const k = parentOf.length;
  const isLeaf = new Uint8Array(k).fill(1);
  for (let c = 1; c < k; c++) isLeaf[parentOf[c]] = 0;
  const leafMax = new Float64Array(k);
  for (let t = 0; t < tree.parent.length; t++) {
    const p = tree.parent[t] - n;
    if (tree.child[t] < n && tree.lambda[t] > leafMax[p]) leafMax[p] = tree.lambda[t];
  }
  // label of the selected ancestor of each cluster (−1 if none)
  const labelOf = new Int32Array(k).fill(-1);
  for (let t = 0; t < selected.length; t++) labelOf[selected[t]] = t;
  const anc = new Int32Array(k);
  anc[0] = labelOf[0];
  for (let c = 1; c < k; c++) anc[c] = labelOf[c] >= 0 ? labelOf[c] : anc[parentOf[c]];
  const lists: number[][] = Array.from({ length: selected.length }, () => []);
  for (let t = 0; t < tree.parent.length; t++) {
    const p = tree.parent[t] - n;
    const i = tree.child[t];
    if (i < n && isLeaf[p] && anc[p] >= 0 && tree.lambda[t] === leafMax[p]) lists[anc[p]].push(i);
  }
  return lists.map((l) => Int32Array.from(l));
}

/**
 * λ at which a point sitting in cluster `pc` at level `lam` meets cluster `c`: `lam` when pc is c or below it,
 * else the λ at which their lowest common ancestor split (hdbscan's `merge_height`).
 */
function mergeHeight(m: SoftModel, birth: Float64Array, pc: number, lam: number, c: number): number {
  let a = pc;
  let b = c;
  let tookA = false;
  let tookB = false;
  let lastA = a;
  while (a !== b) {
    if (a > b) {
      lastA = a;
      a = m.parentOf[a];
      tookA = true;
    } else {
      b = m.parentOf[b];
      tookB = true;
    }
  }
  return tookA && tookB ? birth[lastA] : lam;
}

/**
 * One row of membership: out[t] for each label t, summing to the probability of being in some cluster.
 * distToExemplar k (IN, min distance to each cluster's exemplars), pc/lam: the point's tree cluster and λ.
 * scratch k (scratch), out k (OUT).
 */
export function membershipRow(
  m: SoftModel,
  birth: Float64Array,
  distToExemplar: Float64Array,
  pc: number,
  lam: number,
  scratch: Float64Array,
  out: Float64Array,
): void {
  const k = m.selected.length;
  if (k === 0) return;
  const MAX = Number.MAX_VALUE;
  let distSum = 0;
  for (let t = 0; t < k; t++) {
    const v = 1 / distToExemplar[t];
    out[t] = Number.isFinite(v) ? v : MAX;
    distSum += out[t];
  }
  let outSum = 0;
  let bestHeight = Number.NEGATIVE_INFINITY;
  let bestT = 0;
  for (let t = 0; t < k; t++) {
    const c = m.selected[t];
    const h = mergeHeight(m, birth, pc, lam, c);
    if (h > bestHeight) {
      bestHeight = h;
      bestT = t;
    }
    const e = Math.exp(m.deaths[c] / (m.deaths[c] - h));
    scratch[t] = Number.isFinite(e) ? e : MAX;
    outSum += scratch[t];
  }
  let total = 0;
  for (let t = 0; t < k; t++) {
    out[t] = (out[t] / distSum) * (scratch[t] / outSum);
    total += out[t];
  }
  const lmax = m.deaths[m.selected[bestT]];
  const inSome = lmax > 0 && Number.isFinite(lmax) ? Math.min(1, bestHeight / lmax) : 1;
  for (let t = 0; t < k; t++) out[t] = total > 0 ? (out[t] / total) * inSome : 0;
}
