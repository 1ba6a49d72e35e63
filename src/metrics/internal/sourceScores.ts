/**
 * Calinski–Harabasz and Davies–Bouldin on a SQL source (a table of rows and their labels, e.g. written by
 * `predictSource`): two statements each, per-label aggregates only, so the rows stay in the engine.
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { quoteIdent, type SqlSource, sqlDouble } from '../../engine/sql/engine.js';
import { featureExprs, type ResolvedSource, resolveSource, runQuery, toNumber } from '../../engine/sql/passSql.js';
import { checkNumberOfLabels } from '../labels.js';
import { calinskiHarabaszOf } from './calinskiHarabasz.js';
import { daviesBouldinOf } from './daviesBouldin.js';

/** Per-label statistics of a source: counts, centroids (centered by the overall mean), Σ‖x − μ_c‖², Σ‖x − μ_c‖. */
interface LabelStats {
  r: ResolvedSource;
  k: number;
  counts: Float64Array;
  centroids: Float64Array;
  sq: Float64Array;
  dist: Float64Array;
}

/**
 * Two statements: per label the count and Σ(x − μ), then per label Σ‖x − μ_c‖² and Σ‖x − μ_c‖ with each row's
 * own centroid picked by a CASE on its label (one distance per row).
 */
async function labelStats(source: SqlSource, labelColumn: string): Promise<LabelStats> {
  const r = await resolveSource(source, undefined, false, labelColumn);
  const d = r.d;
  const lab = `CAST(${quoteIdent(labelColumn)} AS DOUBLE PRECISION)`;
  const cols = featureExprs(r).map((e, j) => `${e} AS x${j}`);
  const rel = `(SELECT ${lab} AS lab, ${cols.join(', ')} FROM ${source.relation} AS s ${r.where}) AS f`;
  const x = Array.from({ length: d }, (_, j) => `x${j}`);
  const first = (
    await runQuery(
      source,
      `SELECT lab, CAST(COUNT(*) AS DOUBLE PRECISION), ${x.map((c) => `SUM(${c})`).join(', ')} FROM ${rel} GROUP BY 1`,
    )
  )
    .map((row) => row.map((v) => (v === null ? Number.NaN : toNumber(v))))
    .sort((a, b) => a[0] - b[0]);
  for (const row of first) {
    if (!Number.isInteger(row[0])) {
      throw new ValidationError(
        `label column "${labelColumn}" of source "${source.label}" has the value ${row[0]}; labels must be integers without NULLs.`,
        { param: 'labelColumn' },
      );
    }
  }
  const k = first.length;
  checkNumberOfLabels(k, r.n);
  const counts = new Float64Array(k);
  const centroids = new Float64Array(k * d);
  const cases: string[] = [];
  for (let c = 0; c < k; c++) {
    counts[c] = first[c][1];
    const terms: string[] = [];
    for (let j = 0; j < d; j++) {
      centroids[c * d + j] = first[c][2 + j] / counts[c];
      const t = `(x${j} - ${sqlDouble(centroids[c * d + j])})`;
      terms.push(`${t} * ${t}`);
    }
    cases.push(`WHEN ${sqlDouble(first[c][0])} THEN ${terms.join(' + ')}`);
  }
  const dsq = `CASE lab ${cases.join(' ')} END`;
  const second = await runQuery(source, `SELECT lab, SUM(${dsq}), SUM(SQRT(${dsq})) FROM ${rel} GROUP BY 1`);
  const index = new Map(first.map((row, c) => [row[0], c]));
  const sq = new Float64Array(k);
  const dist = new Float64Array(k);
  for (const row of second) {
    const c = index.get(toNumber(row[0])) as number;
    sq[c] = toNumber(row[1]);
    dist[c] = toNumber(row[2]);
  }
  return { r, k, counts, centroids, sq, dist };
}

/**
 * The Calinski–Harabasz index of the rows of a SQL source and their labels, computed in the engine.
 * @remarks CH = [B/(k − 1)] / [W/(n − k)] with B = Σ_c n_c‖μ_c − μ‖², W = Σ_c Σ_{i∈c} ‖xᵢ − μ_c‖² (see
 * {@link calinskiHarabaszScore}); two statements of per-label SUM/COUNT, O(n·d) in the engine. Equals the in-memory
 * score to summation order.
 * @param source - `engine.source(tableOrQuery, { columns })`: the feature columns (default every numeric column
 *   but the labels)
 * @param labelColumn - the column of integer labels
 * @throws {@link ValidationError} on a bad source, a non-integer or NULL label, or k outside 2..n−1
 * @example
 * const ch = await calinskiHarabaszScoreSource(db.source('points_labels', { columns: ['x', 'y'] }), 'label');
 */
export async function calinskiHarabaszScoreSource(source: SqlSource, labelColumn: string): Promise<number> {
  const s = await labelStats(source, labelColumn);
  let w = 0;
  for (let c = 0; c < s.k; c++) w += s.sq[c];
  return calinskiHarabaszOf(s.centroids, s.counts, new Float64Array(s.r.d), w, s.r.n, s.k, s.r.d);
}

/**
 * The Davies–Bouldin index of the rows of a SQL source and their labels, computed in the engine.
 * @remarks DB = (1/k) Σᵢ maxⱼ≠ᵢ (sᵢ + sⱼ)/‖μᵢ − μⱼ‖ with sᵢ the mean distance of cluster i's rows to μᵢ (see
 * {@link daviesBouldinScore}); two statements of per-label SUM/COUNT, O(n·d) in the engine, O(k²·d) here.
 * @param source - `engine.source(tableOrQuery, { columns })`
 * @param labelColumn - the column of integer labels
 * @throws {@link ValidationError} on a bad source, a non-integer or NULL label, or k outside 2..n−1
 * @example
 * const db = await daviesBouldinScoreSource(engine.source('points_labels', { columns: ['x', 'y'] }), 'label');
 */
export async function daviesBouldinScoreSource(source: SqlSource, labelColumn: string): Promise<number> {
  const s = await labelStats(source, labelColumn);
  return daviesBouldinOf(s.centroids, s.dist, s.counts, s.k, s.r.d);
}
