/**
 * Cophenetic distances and the cophenetic correlation coefficient.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { MatrixLike } from '../core/matrix.js';
import { type CondensedDistances, toCondensed } from './linkage.js';
import { checkLinkage } from './linkageMatrix.js';

/** Result of {@link cophenet}. */
export interface CophenetResult {
  /** Pearson correlation between the cophenetic distances and `Y`; undefined when `Y` was not given. */
  coefficient: number | undefined;
  /** Condensed cophenetic distances: entry (i, j) = height of the merge that first joins i and j. */
  distances: Float64Array;
}

/**
 * Cophenetic distances of a hierarchical clustering and, given the original distances Y, the cophenetic
 * correlation — `scipy.cluster.hierarchy.cophenet`.
 *
 * @remarks
 * t(i, j) = height of the first merge joining i and j. c = Σ(y − ȳ)(t − t̄) / √(Σ(y − ȳ)² · Σ(t − t̄)²) over the
 * n(n−1)/2 pairs. O(n²) time and memory.
 * @param Y - the condensed distances the tree was built from (length n(n−1)/2)
 * @throws {@link ValidationError} on an invalid Z or a Y of the wrong length
 * @example
 * const { coefficient, distances } = cophenet(linkage(y, { method: 'average' }), y);
 */
export function cophenet(Z: MatrixLike, Y?: CondensedDistances): CophenetResult {
  const zm = checkLinkage(Z);
  const n = zm.rows + 1;
  const z = zm.data;
  const m = (n * (n - 1)) / 2;
  const out = new Float64Array(m);
  // Leaves of each subtree occupy a contiguous range of the pre-order; fill left × right at each merge.
  const start = new Int32Array(2 * n - 1);
  const count = new Int32Array(2 * n - 1);
  const order = new Int32Array(n);
  // pre-order positions by a top-down pass (children of merge i have smaller ids)
  start[2 * n - 2] = 0;
  for (let i = 0; i < n; i++) count[i] = 1;
  for (let i = 0; i < n - 1; i++) count[n + i] = count[z[i * 4]] + count[z[i * 4 + 1]];
  for (let i = n - 2; i >= 0; i--) {
    const a = z[i * 4];
    const b = z[i * 4 + 1];
    start[a] = start[n + i];
    start[b] = start[n + i] + count[a];
  }
  for (let i = 0; i < n; i++) order[start[i]] = i;
  for (let i = 0; i < n - 1; i++) {
    const a = z[i * 4];
    const b = z[i * 4 + 1];
    const h = z[i * 4 + 2];
    const sa = start[a];
    const sb = start[b];
    for (let p = sa; p < sa + count[a]; p++) {
      const u = order[p];
      for (let q = sb; q < sb + count[b]; q++) {
        const v = order[q];
        const lo = u < v ? u : v;
        const hi = u < v ? v : u;
        out[n * lo - (lo * (lo + 1)) / 2 + hi - lo - 1] = h;
      }
    }
  }
  if (Y === undefined) return { coefficient: undefined, distances: out };
  const y = toCondensed(Y, 'Y');
  if (y.n !== n) {
    throw new ValidationError(`Y holds distances of ${y.n} observations but Z has ${n}; pass the matching pdist.`, {
      param: 'Y',
    });
  }
  let my = 0;
  let mz = 0;
  for (let i = 0; i < m; i++) {
    my += y.data[i];
    mz += out[i];
  }
  my /= m;
  mz /= m;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < m; i++) {
    const a = y.data[i] - my;
    const b = out[i] - mz;
    num += a * b;
    da += a * a;
    db += b * b;
  }
  return { coefficient: num / Math.sqrt(da * db), distances: out };
}
