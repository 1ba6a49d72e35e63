/**
 * The kernel density's query on a k-d tree (the tree itself lives in src/neighbors/kdTree.ts): kernel sums within
 * an error bound (atol/rtol, scikit-learn's semantics).
 * @module
 */
import { buildKdTree, type KdTree } from '../neighbors/kdTree.js';
import { enumKernel, type KernelName, kernelProfile, logKernelSumsExact } from './kernels.js';

export { buildKdTree, type KdTree };

/**
 * A leaf kernel over the tree-ordered rows (the wasm one, src/density/wasm.ts): `setQuery` loads query row q of y,
 * `leafSum` returns Σᵢ wᵢ k(‖y − xᵢ‖·inv)/e^c over rows [i0, i1).
 */
export interface LeafSummer {
  setQuery(y: Float64Array, q: number): void;
  leafSum(kernelId: number, metricId: number, i0: number, i1: number, inv: number, c: number): number;
  /** `leafSum` for one kernel and metric, as a function of (i0, i1, inv, c) (no per-call dispatch). */
  leafKernel(kernelId: number, metricId: number): (i0: number, i1: number, inv: number, c: number) => number;
  /** The exact log sums over all rows (as `logKernelSumsExact`), for queries whose tree sum underflows. */
  logSums(y: Float64Array, m: number, h: number, kernelId: number, metricId: number, out: Float64Array): void;
}

/** The arrays of a k-d tree the kernel-sum traversal reads (a {@link KdTree} is one). */
export interface TreeArrays {
  d: number;
  nNodes: number;
  lo: Float64Array;
  hi: Float64Array;
  weight: Float64Array;
  left: Int32Array;
  right: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

/** The leaf work of {@link kdTraverse}, for one query at a time. */
export interface TraversalLeaves {
  /** Query row q of y is next. */
  query(q: number): void;
  /** Σᵢ wᵢ k(‖y_q − xᵢ‖·inv)/e^c over tree rows [i0, i1). */
  leafSum(i0: number, i1: number, inv: number, c: number): number;
  /** The exact log kernel sum of query q over all rows (for a query whose relative sum underflows). */
  exact(q: number): number;
}

/**
 * The traversal behind {@link logKernelSumsTree}: out[q] = log Σᵢ wᵢ k(‖y_q − xᵢ‖/h) within the error bound, with
 * the leaf sums from `leaves`. kernelId in KERNELS order (gaussian, tophat, epanechnikov, exponential, linear,
 * cosine), metricId 0 euclidean, 1 manhattan, 2 chebyshev. A worker pool's helper thread runs this very function
 * around the wasm leaf kernel (src/density/treeJob.ts), so the split scoring is bit-identical to one thread.
 * @internal
 */
export function kdTraverse(
  t: TreeArrays,
  y: Float64Array,
  m: number,
  h: number,
  kernelId: number,
  metricId: number,
  atolG: number,
  rtol: number,
  out: Float64Array,
  leaves: TraversalLeaves,
): void {
  const { d, lo, hi, weight, left, right, start, end } = t;
  /** Kernel profile at t divided by e^c (c = log of the reference value; 0 for compact kernels). */
  const rel = (u: number, c: number): number => {
    switch (kernelId) {
      case 0:
        return Math.exp(-0.5 * u * u - c);
      case 3:
        return Math.exp(-u - c);
      case 1:
        return u < 1 ? 1 : 0;
      case 2:
        return u < 1 ? 1 - u * u : 0;
      case 4:
        return u < 1 ? 1 - u : 0;
      default:
        return u < 1 ? Math.cos(0.5 * Math.PI * u) : 0;
    }
  };
  const mm = new Float64Array(2);
  /** Minimum and maximum distance from query row oq/d of y to the box of `node`, written to mm[0], mm[1]. */
  const box = (node: number, oq: number): void => {
    const o = node * d;
    let mn = 0;
    let mx = 0;
    for (let j = 0; j < d; j++) {
      const v = y[oq + j];
      const a = lo[o + j];
      const b = hi[o + j];
      const gap = v < a ? a - v : v > b ? v - b : 0;
      const far = v - a > b - v ? v - a : b - v;
      if (metricId === 0) {
        mn += gap * gap;
        mx += far * far;
      } else if (metricId === 1) {
        mn += gap;
        mx += far;
      } else {
        if (gap > mn) mn = gap;
        if (far > mx) mx = far;
      }
    }
    if (metricId === 0) {
      mn = Math.sqrt(mn);
      mx = Math.sqrt(mx);
    }
    mm[0] = mn;
    mm[1] = mx;
  };
  const inv = 1 / h;
  const stackNode = new Int32Array(t.nNodes + 2);
  const stackKmin = new Float64Array(t.nNodes + 2);
  const stackKmax = new Float64Array(t.nNodes + 2);
  const logSpace = kernelId === 0 || kernelId === 3;
  const wTot = weight[0];
  for (let q = 0; q < m; q++) {
    const oq = q * d;
    leaves.query(q);
    box(0, oq);
    // Reference: log k at the root's minimum distance; every kernel value is divided by it.
    const r0 = mm[0] * inv;
    const c = kernelId === 0 ? -0.5 * r0 * r0 : kernelId === 3 ? -r0 : 0;
    const tolAbs = atolG * Math.exp(-c);
    // Lower bound of G from settled nodes only (exact sums and approximated nodes' lower bounds): a sum of
    // non-negative terms, so it never suffers the cancellation a running "bounds minus replaced bounds" has.
    let lb = 0;
    // Running estimate of the open spread Σ_stack W·(kmax − kmin); only a trigger, verified exactly on the stack.
    let open = wTot * (rel(mm[0] * inv, c) - rel(mm[1] * inv, c));
    const tolerant = tolAbs > 0 || rtol > 0;
    let est = 0;
    let approxShare = 0;
    let sp = 0;
    stackNode[sp] = 0;
    stackKmin[sp] = rel(mm[1] * inv, c);
    stackKmax[sp] = rel(mm[0] * inv, c);
    sp++;
    while (sp > 0) {
      sp--;
      const node = stackNode[sp];
      const kmin = stackKmin[sp];
      const kmax = stackKmax[sp];
      const W = weight[node];
      open -= W * (kmax - kmin);
      if (kmax === kmin) {
        est += W * kmax;
        lb += W * kmax;
        continue;
      }
      if (kmax - kmin <= (2 * (tolAbs + rtol * lb)) / wTot) {
        est += 0.5 * W * (kmax + kmin);
        lb += W * kmin;
        approxShare += W / wTot;
        continue;
      }
      const L = left[node];
      if (L < 0) {
        const s = leaves.leafSum(start[node], end[node], inv, c);
        est += s;
        lb += s;
        continue;
      }
      const R = right[node];
      box(L, oq);
      const lmin = mm[0];
      const lKmin = rel(mm[1] * inv, c);
      const lKmax = rel(mm[0] * inv, c);
      box(R, oq);
      const rmin = mm[0];
      const rKmin = rel(mm[1] * inv, c);
      const rKmax = rel(mm[0] * inv, c);
      open += weight[L] * (lKmax - lKmin) + weight[R] * (rKmax - rKmin);
      // Push the farther child first so the closer one is processed next.
      const first = lmin <= rmin ? R : L;
      const second = first === R ? L : R;
      stackNode[sp] = first;
      stackKmin[sp] = first === L ? lKmin : rKmin;
      stackKmax[sp] = first === L ? lKmax : rKmax;
      sp++;
      stackNode[sp] = second;
      stackKmin[sp] = second === L ? lKmin : rKmin;
      stackKmax[sp] = second === L ? lKmax : rKmax;
      sp++;
      // Global stop (scikit-learn's case 2): when half the open spread is within the whole tolerance, every open
      // node takes its midpoint; the total error is then at most open/2 + (approximations so far) ≤ tolerance,
      // because each earlier approximation used at most its weight's share of the same budget.
      if (tolerant && 0.5 * open <= (tolAbs + rtol * lb) * (1 - approxShare)) {
        // Verify on the stack itself (the running value drifts by rounding), including the open lower bounds.
        let exactOpen = 0;
        let openLb = 0;
        for (let k = 0; k < sp; k++) {
          const wk = weight[stackNode[k]];
          exactOpen += wk * (stackKmax[k] - stackKmin[k]);
          openLb += wk * stackKmin[k];
        }
        open = exactOpen;
        if (0.5 * exactOpen * (1 + 1e-12) <= (tolAbs + rtol * (lb + openLb)) * (1 - approxShare) * (1 - 1e-12)) {
          for (let k = 0; k < sp; k++) est += 0.5 * weight[stackNode[k]] * (stackKmin[k] + stackKmax[k]);
          sp = 0;
        }
      }
    }
    // Underflow relative to the reference: this query exactly in log space.
    if (logSpace && !(est > 1e-290)) out[q] = leaves.exact(q);
    else out[q] = logSpace ? c + Math.log(est) : Math.log(est);
  }
}

/**
 * Log kernel sums through the tree: out[q] ≈ log Σᵢ wᵢ k(‖y_q − xᵢ‖/h) with |Ĝ − G| ≤ atolG + rtol·G.
 * @remarks
 * Depth-first, closer child first. A node of weight W whose kernel values lie in [k(dmax), k(dmin)] (box
 * distances) is replaced by W·(k(dmin)+k(dmax))/2 when k(dmin) − k(dmax) ≤ 2(atolG + rtol·G⁻)/W_total, where G⁻
 * is the lower bound of G from the nodes settled so far (a sum of non-negative terms, free of the cancellation
 * that makes scikit-learn's atol = rtol = 0 results drift in far tails); the errors of the replaced nodes then
 * add up to at most atolG + rtol·G (Gray & Moore 2003; scikit-learn's `kernel_density` has the same contract).
 * The traversal also stops as soon as half the spread of the open nodes fits in the unused budget (verified on
 * the stack), giving each open node its midpoint. Nodes outside a compact kernel's
 * support and nodes where the kernel is constant are exact. gaussian/exponential sums are computed relative to
 * k(dmin(root)) so they do not underflow; a query whose sum still underflows is recomputed exactly in log space.
 * With atolG = rtol = 0 the result is exact up to rounding. y m×d (IN), out m (OUT). `leaves` (optional) computes
 * the leaf sums instead of the loop here (the wasm kernel: same terms, within a few ulp; the error bound is kept
 * because the bound's lower bound G⁻ uses whatever leaf sums were computed).
 */
export function logKernelSumsTree(
  t: KdTree,
  y: Float64Array,
  m: number,
  h: number,
  kernel: KernelName,
  metricId: number,
  atolG: number,
  rtol: number,
  out: Float64Array,
  leaves: LeafSummer | null = null,
): void {
  const d = t.d;
  const kernelId = enumKernel(kernel);
  const one = new Float64Array(d);
  const o1 = new Float64Array(1);
  let oq = 0;
  const exact = (q: number): number => {
    for (let j = 0; j < d; j++) one[j] = y[q * d + j];
    if (leaves !== null) leaves.logSums(one, 1, h, kernelId, metricId, o1);
    else logKernelSumsExact(t.x, t.w, t.n, d, one, 1, h, kernel, metricId, o1);
    return o1[0];
  };
  // The plain-TypeScript leaf sums (the reference for the wasm leaf kernel).
  const plain: TraversalLeaves = {
    query: (q) => {
      oq = q * d;
    },
    leafSum: (i0, i1, inv, c) => {
      const { x, w } = t;
      let s = 0;
      for (let i = i0; i < i1; i++) {
        const oi = i * d;
        let dist: number;
        if (metricId === 0) {
          let sq = 0;
          for (let j = 0; j < d; j++) {
            const u = x[oi + j] - y[oq + j];
            sq += u * u;
          }
          if (kernelId === 0) {
            s += w[i] * Math.exp(-0.5 * sq * inv * inv - c);
            continue;
          }
          dist = Math.sqrt(sq);
        } else if (metricId === 1) {
          dist = 0;
          for (let j = 0; j < d; j++) dist += Math.abs(x[oi + j] - y[oq + j]);
        } else {
          dist = 0;
          for (let j = 0; j < d; j++) {
            const u = Math.abs(x[oi + j] - y[oq + j]);
            if (u > dist) dist = u;
          }
        }
        const r = dist * inv;
        s +=
          w[i] *
          (kernelId === 0 ? Math.exp(-0.5 * r * r - c) : kernelId === 3 ? Math.exp(-r - c) : kernelProfile(kernel, r));
      }
      return s;
    },
    exact,
  };
  const wasm: TraversalLeaves | null =
    leaves === null
      ? null
      : {
          query: (q) => leaves.setQuery(y, q),
          leafSum: leaves.leafKernel(kernelId, metricId),
          exact,
        };
  kdTraverse(t, y, m, h, kernelId, metricId, atolG, rtol, out, wasm ?? plain);
}

/**
 * An order of the m queries y (m×d) in which consecutive queries are near each other: each query descends the tree
 * to a leaf (at every node the child whose box is nearer, by the squared Euclidean gap, the left one on a tie), and
 * the queries are sorted by that leaf's first row (tree order is spatial order), stably. Scoring the queries in this
 * order visits the same leaves one query after another, so they stay in cache; each query's sum depends on that
 * query only, so the order changes no result. O(m·(depth·d) + n + m).
 * @returns a permutation of 0..m−1 (scoring position → query row)
 * @internal
 */
export function treeQueryOrder(t: TreeArrays & { n: number }, y: Float64Array, m: number): Int32Array {
  const { d, lo, hi, left, right, start } = t;
  const key = new Int32Array(m);
  const count = new Int32Array(t.n + 1);
  for (let q = 0; q < m; q++) {
    const oq = q * d;
    let node = 0;
    for (let L = left[0]; L >= 0; L = left[node]) {
      const R = right[node];
      let gl = 0;
      let gr = 0;
      for (let j = 0; j < d; j++) {
        const v = y[oq + j];
        const a = v < lo[L * d + j] ? lo[L * d + j] - v : v > hi[L * d + j] ? v - hi[L * d + j] : 0;
        const b = v < lo[R * d + j] ? lo[R * d + j] - v : v > hi[R * d + j] ? v - hi[R * d + j] : 0;
        gl += a * a;
        gr += b * b;
      }
      node = gl <= gr ? L : R;
    }
    key[q] = start[node];
    count[start[node] + 1]++;
  }
  for (let i = 0; i < t.n; i++) count[i + 1] += count[i];
  const order = new Int32Array(m);
  for (let q = 0; q < m; q++) order[count[key[q]]++] = q;
  return order;
}

/**
 * Rows idx[0 … c) of y (·×d), gathered into a new c×d array (c defaults to all of idx). O(c·d).
 * @internal
 */
export function gatherRows(y: Float64Array, d: number, idx: Int32Array, c = idx.length): Float64Array {
  const g = new Float64Array(c * d);
  for (let i = 0; i < c; i++) for (let j = 0; j < d; j++) g[i * d + j] = y[idx[i] * d + j];
  return g;
}
