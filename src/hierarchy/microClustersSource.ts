/**
 * Hierarchical clustering of a table too large for memory: k-means micro-clusters computed in a SQL engine
 * (`KMeans.fitSource`), their sizes from one aggregate statement, the weighted linkage of the centres in memory
 * ({@link clusterMicroClusters}), and optionally every row's flat cluster written to a table in the engine.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkInt } from '../core/validate.js';
import { createTableAs, quoteIdent, type SqlSource } from '../engine/sql/engine.js';
import { labelOf, nearestPair, resolveSource } from '../engine/sql/passSql.js';
import { KMeans } from '../kmeans/KMeans.js';
import { kmeansPass } from '../kmeans/sourceKMeans.js';
import { type ClusterMicroClustersOptions, clusterMicroClusters, type MicroClusterTree } from './microClusters.js';

/** Options of {@link microClusterLinkageSource}. */
export interface MicroClusterLinkageSourceOptions extends ClusterMicroClustersOptions {
  /** Number of micro-clusters m (k-means centres in the engine). @defaultValue min(n, 200) */
  nMicroClusters?: number;
  /** Initialisation of the engine k-means. @defaultValue 'k-means||' */
  init?: 'k-means||' | 'k-means++' | 'random';
  /** Iteration cap of the k-means. @defaultValue 100 */
  maxIter?: number;
  /** Seed of the k-means. */
  seed?: number;
  /** A new table to write the source's columns and `label` into: the flat cluster with a cut, else the micro-cluster. */
  into?: string;
}

/** What {@link microClusterLinkageSource} returns (no per-row arrays: the labels go to `into`). */
export interface MicroClusterLinkageSourceResult extends MicroClusterTree {
  /** The non-empty micro-cluster centres (m×d, original scale). */
  centers: Matrix;
  /** Rows in each micro-cluster (length m), the weights of the linkage. */
  weights: Float64Array;
}

/**
 * Hierarchical clustering of a SQL source (a table or query on DuckDB / PostgreSQL) without loading its rows:
 * k-means to m micro-clusters in the engine, the weighted linkage of their centres here, and the rows' labels
 * written back to a table.
 *
 * @remarks The in-memory `microClusterLinkage` with stage 1 in the engine: `KMeans.fitSource` (one statement
 * per Lloyd pass, `init` k-means|| by default), one `GROUP BY label` statement for the micro-cluster sizes (empty
 * ones dropped), `linkage(centers, { method, sampleWeight: sizes })` and its cut in memory (O(m²)), then with `into`
 * one `CREATE TABLE … AS SELECT s.*, label` mapping each row's nearest centre to its flat cluster. Each pass
 * evaluates m distances per row in the engine; keep m in the hundreds on DuckDB (its plan grows with m).
 * Reference: the BIRCH / "k-means then Ward" scheme (Zhang et al. 1996; Guha et al. 2003); equal to
 * {@link clusterMicroClusters} on the engine's centres and sizes (tested).
 * @param source - `engine.source(tableOrQuery, { columns })`
 * @throws {@link ValidationError} on a bad source or options (m < 2, more micro-clusters than rows, a cut with more
 *   clusters than micro-clusters, an existing `into` table)
 * @example
 * ```ts
 * const db = await openDuckDB();
 * const r = await microClusterLinkageSource(db.source('points'), { nMicroClusters: 100, nClusters: 4, into: 'points_hc' });
 * ```
 */
export async function microClusterLinkageSource(
  source: SqlSource,
  options: MicroClusterLinkageSourceOptions = {},
): Promise<MicroClusterLinkageSourceResult> {
  const r = await resolveSource(source);
  const d = r.d;
  const m0 = checkInt(options.nMicroClusters ?? Math.min(r.n, 200), 'nMicroClusters', 2);
  if (m0 > r.n) {
    throw new ValidationError(
      `nMicroClusters=${m0} is more than the ${r.n} rows of source "${source.label}"; use at most ${r.n} micro-clusters.`,
      { param: 'nMicroClusters' },
    );
  }
  const km = await new KMeans({
    nClusters: m0,
    nInit: 1,
    maxIter: options.maxIter ?? 100,
    seed: options.seed,
  }).fitSource(source, { init: options.init ?? 'k-means||' });
  const raw = km.clusterCenters.data;
  const centered = raw.slice();
  for (let c = 0; c < m0; c++) for (let j = 0; j < d; j++) centered[c * d + j] -= r.mean[j];
  const sizes = (await kmeansPass(r, centered, m0)).weights;
  const keep: number[] = [];
  for (let c = 0; c < m0; c++) if (sizes[c] > 0) keep.push(c);
  if (keep.length < 2) {
    throw new ValidationError(
      `the rows of source "${source.label}" form fewer than 2 distinct micro-clusters (all rows equal?); there is nothing to link.`,
      { param: 'source' },
    );
  }
  const m = keep.length;
  const centers = { rows: m, cols: d, data: new Float64Array(m * d) };
  const weights = new Float64Array(m);
  keep.forEach((c, t) => {
    centers.data.set(raw.subarray(c * d, c * d + d), t * d);
    weights[t] = sizes[c];
  });
  const tree = clusterMicroClusters(centers, weights, options);
  if (options.into !== undefined) {
    // Label of each kept centre's index among all m0 (an empty centre is never the nearest, so never read).
    const flat = new Int32Array(m0);
    keep.forEach((c, t) => {
      flat[c] = tree.centerLabels === undefined ? t : tree.centerLabels[t];
    });
    const x = r.names.map((c) => `CAST(s.${quoteIdent(c)} AS DOUBLE PRECISION)`);
    const micro = labelOf(nearestPair(source.engine.dialect, x, raw, m0));
    const arms = keep.map((c) => `WHEN ${c} THEN ${flat[c]}`).join(' ');
    await createTableAs(
      source,
      options.into,
      `SELECT s.*, CAST(CASE ${micro} ${arms} END AS INTEGER) AS label FROM ${source.relation} AS s ${r.where}`,
    );
  }
  return { ...tree, centers, weights };
}
