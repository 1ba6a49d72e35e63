/**
 * HDBSCAN's tree stages after the minimum spanning tree: the single-linkage tree (SciPy layout), the condensed
 * tree, cluster stabilities, `eom` / `leaf` selection with `clusterSelectionEpsilon`, labels and GLOSH outlier
 * scores. Pure functions over typed arrays (Campello, Moulavi, Sander 2013; McInnes & Healy 2017's `hdbscan`).
 * @internal
 * @module
 */
import { findRoot } from './neighborhoods.js';

/**
 * SciPy's single-linkage matrix from an MST: edges sorted by weight (stable, so equal weights keep the order the
 * MST algorithm produced them in), merged with union-find; row t is [a, b, weight, size] with a < b, creating
 * cluster n + t. mst (n−1)×3 [i, j, w] (IN). O(n log n).
 */
export function singleLinkageFromMst(mst: Float64Array, n: number): Float64Array {
  const m = n - 1;
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[e] = e;
  order.sort((a, b) => mst[a * 3 + 2] - mst[b * 3 + 2] || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Float64Array(2 * n - 1).fill(1);
  const find = (x: number): number => findRoot(parent, x);
  const z = new Float64Array(m * 4);
  for (let t = 0; t < m; t++) {
    const e = order[t];
    const ra = find(mst[e * 3]);
    const rb = find(mst[e * 3 + 1]);
    const node = n + t;
    parent[ra] = node;
    parent[rb] = node;
    size[node] = size[ra] + size[rb];
    z[t * 4] = Math.min(ra, rb);
    z[t * 4 + 1] = Math.max(ra, rb);
    z[t * 4 + 2] = mst[e * 3 + 2];
    z[t * 4 + 3] = size[node];
  }
  return z;
}

/**
 * The condensed tree as parallel columns, hdbscan's `condensed_tree_` layout: each row says `child` (a point
 * 0..n−1 or a cluster ≥ n) leaves `parent` (a cluster; the root is n) at λ = 1/distance, with `childSize` points.
 */
export interface CondensedTree {
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  childSize: Int32Array;
  /** Number of clusters (ids n .. n + nClusters − 1). */
  nClusters: number;
  /** Per cluster (c − n): height of its own top node in the single-linkage tree (0 for the root). */
  topHeight: Float64Array;
  /** Per cluster (c − n): λ at which it was born (0 for the root). */
  birthOf: Float64Array;
}

/**
 * Condenses a single-linkage tree: walking down from the root, a split where both sides hold ≥ minClusterSize
 * points makes two new clusters; a smaller side's points fall out of the current cluster at that λ; when both
 * sides are small, the cluster ends and all its points fall out. z (n−1)×4 (IN). O(n) besides the output.
 */
export function condenseTree(z: Float64Array, n: number, minClusterSize: number): CondensedTree {
  const cap = 2 * n;
  const parent = new Int32Array(cap);
  const child = new Int32Array(cap);
  const lambda = new Float64Array(cap);
  const childSize = new Int32Array(cap);
  let rows = 0;
  const size = (node: number): number => (node < n ? 1 : z[(node - n) * 4 + 3]);
  const relabel = new Int32Array(2 * n - 1);
  const topHeight = new Float64Array(n);
  const birthOf = new Float64Array(n);
  const root = 2 * n - 2;
  let nextLabel = n;
  relabel[root] = nextLabel++;
  const stack: number[] = [];
  const leafStack: number[] = [];
  const fallOut = (sub: number, label: number, lam: number): void => {
    leafStack.push(sub);
    while (leafStack.length > 0) {
      const v = leafStack.pop() as number;
      if (v < n) {
        parent[rows] = label;
        child[rows] = v;
        lambda[rows] = lam;
        childSize[rows] = 1;
        rows++;
      } else {
        const r = (v - n) * 4;
        leafStack.push(z[r + 1], z[r]);
      }
    }
  };
  if (n > 1) stack.push(root);
  while (stack.length > 0) {
    const node = stack.pop() as number;
    const r = (node - n) * 4;
    const left = z[r];
    const right = z[r + 1];
    const dist = z[r + 2];
    const lam = dist > 0 ? 1 / dist : Number.POSITIVE_INFINITY;
    const nl = size(left);
    const nr = size(right);
    const label = relabel[node];
    const addCluster = (c: number, cs: number): void => {
      relabel[c] = nextLabel++;
      topHeight[relabel[c] - n] = z[(c - n) * 4 + 2];
      birthOf[relabel[c] - n] = lam;
      parent[rows] = label;
      child[rows] = relabel[c];
      lambda[rows] = lam;
      childSize[rows] = cs;
      rows++;
    };
    if (nl >= minClusterSize && nr >= minClusterSize) {
      addCluster(left, nl);
      addCluster(right, nr);
      if (right >= n) stack.push(right);
      if (left >= n) stack.push(left);
    } else if (nl < minClusterSize && nr < minClusterSize) {
      fallOut(left, label, lam);
      fallOut(right, label, lam);
    } else if (nl < minClusterSize) {
      relabel[right] = label;
      fallOut(left, label, lam);
      if (right >= n) stack.push(right);
      else fallOut(right, label, lam);
    } else {
      relabel[left] = label;
      fallOut(right, label, lam);
      if (left >= n) stack.push(left);
      else fallOut(left, label, lam);
    }
  }
  return {
    parent: parent.slice(0, rows),
    child: child.slice(0, rows),
    lambda: lambda.slice(0, rows),
    childSize: childSize.slice(0, rows),
    nClusters: nextLabel - n,
    topHeight: topHeight.slice(0, nextLabel - n),
    birthOf: birthOf.slice(0, nextLabel - n),
  };
}

/** Per cluster (index c − n): birth λ, parent cluster (−1 for the root), and stability Σ (λ − λ_birth)·size. */
export function clusterStats(
  tree: CondensedTree,
  n: number,
): { birth: Float64Array; parentOf: Int32Array; stability: Float64Array; deaths: Float64Array } {
  const k = tree.nClusters;
  const birth = new Float64Array(k);
  const parentOf = new Int32Array(k).fill(-1);
  const stability = new Float64Array(k);
  const deaths = new Float64Array(k);
  const rows = tree.parent.length;
  for (let t = 0; t < rows; t++) {
    const c = tree.child[t];
    if (c >= n) {
      birth[c - n] = tree.lambda[t];
      parentOf[c - n] = tree.parent[t] - n;
    }
  }
  for (let t = 0; t < rows; t++) {
    const p = tree.parent[t] - n;
    stability[p] += (tree.lambda[t] - birth[p]) * tree.childSize[t];
    if (tree.lambda[t] > deaths[p]) deaths[p] = tree.lambda[t];
  }
  // deaths: the largest λ anywhere in each cluster's subtree (children have larger ids than parents)
  for (let c = k - 1; c > 0; c--) if (deaths[c] > deaths[parentOf[c]]) deaths[parentOf[c]] = deaths[c];
  return { birth, parentOf, stability, deaths };
}

/** Cluster selection settings (hdbscan's names). */
export interface SelectionOptions {
  method: 'eom' | 'leaf';
  allowSingleCluster: boolean;
  clusterSelectionEpsilon: number;
  maxClusterSize: number;
}

/**
 * Selected clusters (indices c − n, ascending) by excess of mass or leaves, then merged up to
 * `clusterSelectionEpsilon` (Malzer & Baum 2020), as hdbscan 0.8 / scikit-learn 1.3 do.
 */
export function selectClusters(
  tree: CondensedTree,
  n: number,
  stats: ReturnType<typeof clusterStats>,
  opts: SelectionOptions,
): Int32Array {
  const k = tree.nClusters;
  const { parentOf, birth } = stats;
  const stability = Float64Array.from(stats.stability);
  const childrenStart = new Int32Array(k + 1);
  for (let c = 1; c < k; c++) childrenStart[parentOf[c] + 1]++;
  for (let c = 0; c < k; c++) childrenStart[c + 1] += childrenStart[c];
  const children = new Int32Array(Math.max(0, k - 1));
  const fill = childrenStart.slice(0, k);
  for (let c = 1; c < k; c++) children[fill[parentOf[c]]++] = c;
  const sizes = new Float64Array(k);
  for (let t = 0; t < tree.parent.length; t++) if (tree.child[t] >= n) sizes[tree.child[t] - n] = tree.childSize[t];
  sizes[0] = n;
  const isCluster = new Uint8Array(k);
  const unselectBelow = (c: number): void => {
    const st = [c];
    while (st.length > 0) {
      const v = st.pop() as number;
      for (let s = childrenStart[v]; s < childrenStart[v + 1]; s++) {
        isCluster[children[s]] = 0;
        st.push(children[s]);
      }
    }
  };
  const first = opts.allowSingleCluster ? 0 : 1;
  if (opts.method === 'eom') {
    for (let c = first; c < k; c++) isCluster[c] = 1;
    for (let c = k - 1; c >= first; c--) {
      let sub = 0;
      for (let s = childrenStart[c]; s < childrenStart[c + 1]; s++) sub += stability[children[s]];
      if (sub > stability[c] || sizes[c] > opts.maxClusterSize) {
        isCluster[c] = 0;
        stability[c] = sub;
      } else unselectBelow(c);
    }
  } else {
    let nLeaves = 0;
    for (let c = 1; c < k; c++) {
      if (childrenStart[c + 1] === childrenStart[c]) {
        isCluster[c] = 1;
        nLeaves++;
      }
    }
    if (nLeaves === 0) isCluster[0] = 1;
  }
  const eps = opts.clusterSelectionEpsilon;
  if (eps > 0 && k > 1) {
    const selected: number[] = [];
    for (let c = 0; c < k; c++) if (isCluster[c]) selected.push(c);
    const processed = new Uint8Array(k);
    const chosen = new Uint8Array(k);
    for (const leaf of selected) {
      if (c0Eps(leaf) < eps) {
        if (processed[leaf]) continue;
        let up = leaf;
        for (;;) {
          const p = parentOf[up];
          if (p <= 0) {
            if (p === 0 && opts.allowSingleCluster) up = 0;
            break;
          }
          up = p;
          if (c0Eps(up) > eps) break;
        }
        chosen[up] = 1;
        const st = [up];
        while (st.length > 0) {
          const v = st.pop() as number;
          for (let s = childrenStart[v]; s < childrenStart[v + 1]; s++) {
            processed[children[s]] = 1;
            st.push(children[s]);
          }
        }
      } else chosen[leaf] = 1;
    }
    isCluster.set(chosen);
  }
  function c0Eps(c: number): number {
    return c === 0 ? Number.POSITIVE_INFINITY : 1 / birth[c];
  }
  let m = 0;
  for (let c = 0; c < k; c++) m += isCluster[c];
  const out = new Int32Array(m);
  for (let c = 0, t = 0; c < k; c++) if (isCluster[c]) out[t++] = c;
  return out;
}

/**
 * Labels: each point gets the selected cluster nearest above the cluster it fell out of (−1 if none), numbered
 * by cluster id. A selected root (allowSingleCluster) keeps only the points with λ ≥ 1/clusterSelectionEpsilon,
 * or without an epsilon those with λ ≥ the largest λ among the root's own rows, as hdbscan does.
 * OUT: labels, pointLambda (λ at which each point leaves), pointParent (that cluster, as c − n), all n.
 */
export function labelPoints(
  tree: CondensedTree,
  n: number,
  selected: Int32Array,
  parentOf: Int32Array,
  opts: SelectionOptions,
  labels: Int32Array,
  pointLambda: Float64Array,
  pointParent: Int32Array,
): void {
  const k = tree.nClusters;
  const labelOf = new Int32Array(k).fill(-1);
  for (let t = 0; t < selected.length; t++) labelOf[selected[t]] = t;
  const anc = new Int32Array(k);
  anc[0] = labelOf[0];
  for (let c = 1; c < k; c++) anc[c] = labelOf[c] >= 0 ? labelOf[c] : anc[parentOf[c]];
  let rootMax = 0;
  for (let t = 0; t < tree.parent.length; t++) {
    if (tree.parent[t] === n && tree.lambda[t] > rootMax) rootMax = tree.lambda[t];
    const c = tree.child[t];
    if (c < n) {
      pointLambda[c] = tree.lambda[t];
      pointParent[c] = tree.parent[t] - n;
    }
  }
  const singleRoot = selected.length === 1 && selected[0] === 0;
  for (let i = 0; i < n; i++) {
    let l = anc[pointParent[i]];
    if (singleRoot && l >= 0) {
      const keep = !opts.allowSingleCluster
        ? false
        : opts.clusterSelectionEpsilon > 0
          ? pointLambda[i] >= 1 / opts.clusterSelectionEpsilon
          : pointLambda[i] >= rootMax;
      if (!keep) l = -1;
    }
    labels[i] = l;
  }
}

/**
 * GLOSH outlier scores exactly as R dbscan 1.1 computes them (Campello et al. 2015): 1 − ε_max/ε_p, 0 where
 * that is 0/0.
 * @remarks
 * ε_p is the height at which p first merges in the single-linkage tree, raised to the height at which p's
 * cluster splits into two clusters when p's merge lies below it. ε_max of a leaf cluster is the smallest height
 * at which two of its points merge with each other (or its own top height if lower); of an inner cluster, the
 * smallest ε_max of its leaf descendants; of a root without children, 0 (R's default). z (n−1)×4 (IN),
 * tree (IN), pointParent n (IN, clusters as c − n), parentOf (IN), scores n (OUT).
 */
export function gloshScores(
  z: Float64Array,
  n: number,
  tree: CondensedTree,
  pointParent: Int32Array,
  parentOf: Int32Array,
  scores: Float64Array,
): void {
  const k = parentOf.length;
  const eps = new Float64Array(n);
  const death = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  death[0] = 0;
  for (let c = 1; c < k; c++) death[c] = tree.topHeight[c];
  const split = new Float64Array(k);
  const isLeaf = new Uint8Array(k).fill(1);
  for (let c = 1; c < k; c++) {
    isLeaf[parentOf[c]] = 0;
    split[parentOf[c]] = tree.lambda.length > 0 ? 1 / tree.birthOf[c] : 0;
  }
  for (let t = 0; t < n - 1; t++) {
    const a = z[t * 4];
    const b = z[t * 4 + 1];
    const h = z[t * 4 + 2];
    if (a < n) eps[a] = h;
    if (b < n) eps[b] = h;
    if (a < n && b < n && h < death[pointParent[a]]) death[pointParent[a]] = h;
  }
  const epsMax = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  for (let c = k - 1; c >= 0; c--) {
    if (isLeaf[c]) epsMax[c] = death[c];
    if (c > 0 && epsMax[c] < epsMax[parentOf[c]]) epsMax[parentOf[c]] = epsMax[c];
  }
  for (let i = 0; i < n; i++) {
    const c = pointParent[i];
    const e = isLeaf[c] ? eps[i] : Math.max(eps[i], split[c]);
    const v = 1 - epsMax[c] / e;
    scores[i] = Number.isNaN(v) ? 0 : v;
  }
}
