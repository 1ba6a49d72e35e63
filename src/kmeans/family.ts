/**
 * Option handling shared by the k-means family estimators (SoftKMeans, FuzzyCMeans, MiniBatchKMeans,
 * BisectingKMeans, SphericalKMeans): the `init` option (k-means++, random rows or explicit centres) and the
 * `nClusters ≤ n` check. @internal
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { type MatrixLike, toMatrix } from '../core/matrix.js';
import type { Rng } from '../core/random.js';
import { checkInt, checkOneOf } from '../core/validate.js';
import { kmeansPlusPlus, randomRows } from './init.js';

/** A resolved `init` option: a method name, or explicit k×d centres (row-major copy). */
export interface ResolvedInit {
  kind: 'k-means++' | 'random' | 'explicit';
  centers: Float64Array | null;
  rows: number;
  cols: number;
}

/**
 * Validates `init` and `nClusters` together (constructor time). The default number of clusters is the number of
 * rows of explicit centres, else `defaultK`.
 * @throws {@link ValidationError} on an unknown init name, bad centres, or a centre count ≠ nClusters
 */
export function resolveInit(
  init: 'k-means++' | 'random' | MatrixLike,
  nClustersOpt: number | undefined,
  defaultK: number,
): { init: ResolvedInit; nClusters: number } {
  let r: ResolvedInit;
  if (typeof init === 'string') {
    r = { kind: checkOneOf(init, ['k-means++', 'random'] as const, 'init'), centers: null, rows: 0, cols: 0 };
  } else {
    const m = toMatrix(init, 'init');
    r = { kind: 'explicit', centers: m.data.slice(), rows: m.rows, cols: m.cols };
  }
  const nClusters = checkInt(nClustersOpt ?? (r.kind === 'explicit' ? r.rows : defaultK), 'nClusters', 1);
  if (r.kind === 'explicit' && r.rows !== nClusters) {
    throw new ValidationError(
      `init has ${r.rows} centres but nClusters is ${nClusters}; pass one initial centre per cluster.`,
      { param: 'init' },
      'INVALID_OPTION',
    );
  }
  return { init: r, nClusters };
}

/**
 * Data-dependent checks at fit time: n ≥ nClusters, and explicit centres with d columns.
 * @throws {@link ValidationError} naming `nClusters` or `init`
 */
export function checkFitShape(init: ResolvedInit, k: number, n: number, d: number): void {
  if (n < k) {
    throw new ValidationError(`n_samples=${n} should be >= nClusters=${k}; lower nClusters or pass more rows.`, {
      param: 'nClusters',
    });
  }
  if (init.kind === 'explicit' && init.cols !== d) {
    throw new ValidationError(
      `init centres have ${init.cols} columns but X has ${d}; give centres with one value per feature.`,
      { param: 'init' },
    );
  }
}

/** Initial centres k×d (a fresh array) for x n×d (IN), weights w n (IN). */
export function initialCenters(
  init: ResolvedInit,
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array,
  rng: Rng,
): Float64Array {
  if (init.kind === 'explicit') return (init.centers as Float64Array).slice();
  if (init.kind === 'random') return randomRows(x, n, d, k, rng);
  return kmeansPlusPlus(x, n, d, k, w, rng).centers;
}

/** The `init` option as saved in JSON: the method name or the explicit centres as rows. */
export function initToJSON(init: ResolvedInit): 'k-means++' | 'random' | number[][] {
  if (init.kind !== 'explicit') return init.kind;
  const c = init.centers as Float64Array;
  const out: number[][] = [];
  for (let i = 0; i < init.rows; i++) out.push(Array.from(c.subarray(i * init.cols, (i + 1) * init.cols)));
  return out;
}
