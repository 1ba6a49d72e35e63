/**
 * SciPy's linkage matrix: building it (stable sort by height, union-find relabelling), checking it, and reading
 * it (leaf order, a nested tree, Newick).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';

/**
 * Sorts the n−1 merge rows of `z` ((n−1)·4, IN/OUT) stably by height and rewrites columns 0, 1 and 3 with
 * union-find cluster ids and sizes, as SciPy's `label`: the input rows name any point of each merged cluster; on
 * output row i reads [a, b, height, size] with a < b, creating cluster n+i. O(n log n). With `ordered` false,
 * a and b keep the row's order (find(x), find(y)) — scikit-learn's `single_linkage_label`.
 */
export function sortAndLabel(z: Float64Array, n: number, ordered = true): void {
  const m = n - 1;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  const src = z.slice(0, m * 4);
  order.sort((a, b) => src[a * 4 + 2] - src[b * 4 + 2] || a - b);
  const parent = new Int32Array(2 * n - 1);
  const size = new Float64Array(2 * n - 1);
  for (let i = 0; i < 2 * n - 1; i++) {
    parent[i] = i;
    size[i] = 1;
  }
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) {
      const p = parent[x];
      parent[x] = root;
      x = p;
    }
    return root;
  };
  for (let i = 0; i < m; i++) {
    const s = order[i] * 4;
    const rx = find(src[s]);
    const ry = find(src[s + 1]);
    const r = i * 4;
    const lo = rx < ry || !ordered ? rx : ry;
    const hi = rx < ry || !ordered ? ry : rx;
    const label = n + i;
    parent[rx] = label;
    parent[ry] = label;
    size[label] = size[rx] + size[ry];
    z[r] = lo;
    z[r + 1] = hi;
    z[r + 2] = src[s + 2];
    z[r + 3] = size[label];
  }
}

/**
 * The first rule a linkage matrix breaks, as SciPy's `is_valid_linkage(Z, throw=True)` words it (plus NaN,
 * non-integer and out-of-range ids), or null when Z is valid.
 */
export function linkageProblem(Z: Matrix, name = 'Z'): string | null {
  const q = `'${name}' `;
  if (Z.cols !== 4) return `Linkage matrix ${q}must have 4 columns.`;
  if (Z.rows === 0) return 'Linkage must be computed on at least two observations.';
  const m = Z.rows;
  const n = m + 1;
  const z = Z.data;
  for (let i = 0; i < m * 4; i++) {
    if (!Number.isFinite(z[i])) return `Linkage ${q}contains a non-finite value (${z[i]}) in row ${i >> 2}.`;
  }
  if (m > 1) {
    for (let i = 0; i < m; i++) if (z[i * 4] < 0 || z[i * 4 + 1] < 0) return `Linkage ${q}contains negative indices.`;
    for (let i = 0; i < m; i++) if (z[i * 4 + 2] < 0) return `Linkage ${q}contains negative distances.`;
    for (let i = 0; i < m; i++) if (z[i * 4 + 3] < 0) return `Linkage ${q}contains negative counts.`;
  }
  for (let i = 0; i < m; i++) {
    const a = z[i * 4];
    const b = z[i * 4 + 1];
    if (!Number.isInteger(a) || !Number.isInteger(b)) {
      return `Linkage ${q}contains a non-integer cluster index in row ${i} (${a}, ${b}).`;
    }
    if (a < 0 || b < 0) return `Linkage ${q}contains negative indices.`;
  }
  for (let i = 0; i < m; i++) {
    if (z[i * 4] >= n + i || z[i * 4 + 1] >= n + i)
      return `Linkage ${q}uses non-singleton cluster before it is formed.`;
  }
  const used = new Uint8Array(2 * n - 1);
  for (let i = 0; i < m; i++) {
    const a = z[i * 4];
    const b = z[i * 4 + 1];
    if (used[a] || used[b] || a === b) return `Linkage ${q}uses the same cluster more than once.`;
    used[a] = 1;
    used[b] = 1;
  }
  return null;
}

/**
 * True when `Z` is a valid linkage matrix: (n−1)×4, finite, integer ids in [0, n+i) on row i, non-negative
 * heights and counts, and each cluster used at most once — `scipy.cluster.hierarchy.is_valid_linkage`.
 * @remarks O(n). Never throws; see `checkLinkage` for the reason.
 * @example
 * isValidLinkage([[0, 1, 1, 2], [2, 3, 2, 3]]); // true
 */
export function isValidLinkage(Z: MatrixLike): boolean {
  try {
    return linkageProblem(toMatrix(Z, 'Z', { allowNonFinite: true }), 'Z') === null;
  } catch {
    return false;
  }
}

/**
 * Validates a linkage matrix and returns it as a {@link Matrix} (not copied when it already is one).
 * @remarks SciPy's per-rule messages (`is_valid_linkage(Z, throw=True)`), plus NaN and non-integer ids.
 * @throws {@link ValidationError} naming the broken rule
 * @example
 * const z = checkLinkage([[0, 1, 1, 2]]); // { rows: 1, cols: 4, data: Float64Array [0, 1, 1, 2] }
 */
export function checkLinkage(Z: MatrixLike, name = 'Z'): Matrix {
  const m = toMatrix(Z, name, { allowNonFinite: true });
  const problem = linkageProblem(m, name);
  if (problem !== null) {
    throw new ValidationError(`${problem} Pass a linkage matrix as returned by linkage().`, { param: name });
  }
  return m;
}

/** Number of observations n of a linkage matrix with n−1 rows (validated). */
export function numObsLinkage(Z: MatrixLike): number {
  return checkLinkage(Z).rows + 1;
}

/**
 * Leaf order of the dendrogram: depth-first from the root, left child first — `scipy.cluster.hierarchy.leaves_list`.
 * @remarks O(n).
 * @throws {@link ValidationError} if Z is not a valid linkage matrix
 * @example
 * leaves([[0, 1, 1, 2], [2, 3, 2, 3]]); // Int32Array [2, 0, 1]
 */
export function leaves(Z: MatrixLike): Int32Array {
  const z = checkLinkage(Z);
  return leafOrder(z.data, z.rows + 1);
}

/** Kernel of {@link leaves}: z ((n−1)·4) IN, returns the n leaves in pre-order. */
export function leafOrder(z: Float64Array, n: number): Int32Array {
  const out = new Int32Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  let t = 0;
  stack[sp++] = 2 * n - 2;
  while (sp > 0) {
    const node = stack[--sp];
    if (node < n) {
      out[t++] = node;
      continue;
    }
    const r = (node - n) * 4;
    stack[sp++] = z[r + 1];
    stack[sp++] = z[r];
  }
  return out;
}

/** A node of the nested tree built by {@link toTree}; `children` is absent on leaves (d3-hierarchy's convention). */
export interface ClusterNode {
  /** Leaf: the observation index 0..n−1; merge i: n + i (SciPy's ClusterNode.id). */
  id: number;
  /** Merge height (0 for a leaf). */
  height: number;
  /** Number of observations below (1 for a leaf). */
  count: number;
  /** [left, right] for a merge. */
  children?: [ClusterNode, ClusterNode];
}

/**
 * The linkage as a nested tree of {@link ClusterNode}s (SciPy's `to_tree`), ready for `d3.hierarchy(root)`.
 * @remarks O(n). Checks that each count equals the sum of its children's, as SciPy does.
 * @throws {@link ValidationError} if Z is invalid or a count is wrong
 * @example
 * const root = toTree([[0, 1, 1, 2]]); // { id: 2, height: 1, count: 2, children: [{ id: 0, ... }, { id: 1, ... }] }
 */
export function toTree(Z: MatrixLike): ClusterNode {
  const z = checkLinkage(Z);
  const n = z.rows + 1;
  const nodes: ClusterNode[] = new Array(2 * n - 1);
  for (let i = 0; i < n; i++) nodes[i] = { id: i, height: 0, count: 1 };
  for (let i = 0; i < n - 1; i++) {
    const r = i * 4;
    const left = nodes[z.data[r]];
    const right = nodes[z.data[r + 1]];
    const count = left.count + right.count;
    if (z.data[r + 3] !== count) {
      throw new ValidationError(
        `Corrupt matrix Z. The count Z[${i},3] is ${z.data[r + 3]} but its children hold ${count} observations.`,
        { param: 'Z', row: i, col: 3 },
      );
    }
    nodes[n + i] = { id: n + i, height: z.data[r + 2], count, children: [left, right] };
  }
  return nodes[2 * n - 2];
}

/** Quotes a Newick label when it holds characters with a meaning in the format. */
function newickLabel(s: string): string {
  return /[\s(),:;'[\]]/.test(s) ? `'${s.replace(/'/g, "''")}'` : s;
}

/**
 * The tree in Newick format, e.g. `((0:1,1:1):1,2:2);` — branch length = parent height − child height, so
 * leaves sit at their merge height (ultrametric for monotone linkages).
 * @remarks O(n). Labels default to the observation indices and are quoted when needed.
 * @param labels - optional name per observation (length n)
 * @throws {@link ValidationError} if Z is invalid or labels has the wrong length
 * @example
 * toNewick([[0, 1, 1, 2], [2, 3, 2, 3]], ['a', 'b', 'c']); // '(c:2,(a:1,b:1):1);'
 */
export function toNewick(Z: MatrixLike, labels?: readonly string[]): string {
  const z = checkLinkage(Z);
  const n = z.rows + 1;
  if (labels !== undefined && labels.length !== n) {
    throw new ValidationError(`labels has ${labels.length} entries but Z has ${n} observations; pass one per row.`, {
      param: 'labels',
    });
  }
  const fmt = (v: number): string => String(Number.parseFloat(v.toPrecision(12)));
  const height = (node: number): number => (node < n ? 0 : z.data[(node - n) * 4 + 2]);
  // Iterative post-order to survive deep (chain-like) trees.
  const parts: string[] = new Array(2 * n - 1);
  for (let i = 0; i < n; i++) parts[i] = newickLabel(labels ? labels[i] : String(i));
  for (let i = 0; i < n - 1; i++) {
    const r = i * 4;
    const a = z.data[r];
    const b = z.data[r + 1];
    const h = z.data[r + 2];
    parts[n + i] = `(${parts[a]}:${fmt(h - height(a))},${parts[b]}:${fmt(h - height(b))})`;
    parts[a] = '';
    parts[b] = '';
  }
  return `${parts[2 * n - 2]};`;
}
