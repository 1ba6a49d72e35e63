/**
 * Dialect-neutral SQL for the passes of the centroid fits on a {@link SqlSource}. Every statement is one scan with
 * per-group SUM/COUNT — what a distributed engine (Citus, Greenplum, a `postgres_fdw`-partitioned table) runs on
 * its shards and adds on the coordinator:
 *
 * - the **feature relation** `(SELECT CAST(c AS DOUBLE PRECISION) − μ AS x0, … FROM source [WHERE c IS NOT NULL …])`
 *   (centered, as the in-memory fit centers; the shard key passes through when one is set);
 * - the **nearest center** of a row as ONE scalar expression in which each squared distance Σⱼ (xⱼ − cⱼ)·(xⱼ − cⱼ)
 *   appears exactly once: the lexicographic minimum of the pairs [d_c, c] — `LEAST([d0, 0], [d1, 1], …)` on DuckDB,
 *   nested `array_smaller(ARRAY[d0, 0], ARRAY[d1, 1])` on PostgreSQL (the built-in transition function of
 *   `min(anyarray)`, which `postgres_fdw` ships to a shard where it would keep `LEAST` local). Ties go to the lower
 *   index, as in memory. Element 1 is the squared distance, element 2 the label. DuckDB's k-means passes and
 *   final inertia instead take `list_min` and `list_position` of the list `ds` of the k distances ({@link
 *   nearestMany}: a plain list of k expressions, as a hand-written Lloyd query has it — `LEAST` of lists ran 1.5×
 *   and a lambda 2.7× its time at k = 16);
 * - the **pass**: `SELECT [shard,] label, COUNT(*), SUM(x0) … SUM(x{d−1}), SUM(Σⱼ xⱼ·xⱼ) FROM features GROUP BY
 *   [shard,] label` — k·(d + 2) numbers per shard; the caller adds the shards' rows in a fixed order. The centers
 *   go in as typed DOUBLE literals; `x*x`, never `pow`; no CTE (PostgreSQL would inline it into every distance).
 * @module
 */
import { ValidationError } from '../../core/errors.js';
import { engineError, quoteIdent, type SqlColumn, type SqlDialect, type SqlSource, sqlDouble } from './engine.js';

/** A source resolved against its engine: the feature columns, the row count and the column means. */
export interface ResolvedSource {
  readonly source: SqlSource;
  /** Feature column names. */
  readonly names: readonly string[];
  /** Number of features d. */
  readonly d: number;
  /** Number of rows n (after dropping rows with a NULL when `dropMissing`). */
  readonly n: number;
  /** Column means μ (d), by which the feature relation is centered. */
  readonly mean: Float64Array;
  /** Mean of the column variances (ddof 0), the scale of k-means' `tol`. */
  readonly meanVariance: number;
  /** `WHERE …` leaving out NULL rows, or ''. */
  readonly where: string;
  /** The shard key column, quoted, or null. */
  readonly shardKey: string | null;
  /** Cosine geometry (spherical k-means): the feature relation holds the unit rows x/‖x‖, not centered. */
  readonly unit: boolean;
}

/** A numeric cell from a driver (number, bigint, numeric string) as a JS number. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  return Number.NaN;
}

/** Runs a statement on the source's engine, turning an engine failure into a {@link ValidationError}. */
export async function runQuery(source: SqlSource, sql: string): Promise<unknown[][]> {
  const engine = source.engine;
  engine.onStatement?.(sql);
  try {
    return await engine.query(sql);
  } catch (e) {
    throw engineError(source, e);
  }
}

/** Picks the feature columns: the requested ones (each must exist and be numeric) or every numeric column. */
function pickColumns(source: SqlSource, cols: SqlColumn[], exclude: readonly (string | undefined)[]): string[] {
  const byName = new Map(cols.map((c) => [c.name, c]));
  if (source.columns === null) {
    const names = cols.filter((c) => c.numeric && !exclude.includes(c.name)).map((c) => c.name);
    if (names.length === 0) {
      throw new ValidationError(`source "${source.label}" has no numeric column; name the feature columns.`, {
        param: 'columns',
      });
    }
    return names;
  }
  for (const name of source.columns) {
    const c = byName.get(name);
    if (c === undefined) {
      throw new ValidationError(
        `column "${name}" is not in source "${source.label}" (it has ${cols.map((x) => x.name).join(', ')}); fix the column name.`,
        { param: 'columns' },
      );
    }
    if (!c.numeric) {
      throw new ValidationError(
        `column "${name}" of source "${source.label}" is ${c.type}, not numeric; choose numeric feature columns or cast it in a query.`,
        { param: 'columns' },
      );
    }
  }
  return [...source.columns];
}

/**
 * Resolves a source: its columns (described without reading rows), then one scan for the count, the non-NULL
 * counts and the sums, and one for the centered second moments (two-pass variance, as in memory).
 * @throws {@link ValidationError} on a missing table or column, a non-numeric column, a NULL (unless
 *   `dropMissing`), NaN or ±Infinity, or an empty source
 */
export async function resolveSource(
  source: SqlSource,
  shardKey?: string,
  unit = false,
  labelColumn?: string,
): Promise<ResolvedSource> {
  source.engine.onStatement?.(`-- describe ${source.relation}`);
  let cols: SqlColumn[];
  try {
    cols = await source.engine.describe(source.relation);
  } catch (e) {
    throw engineError(source, e);
  }
  const names = pickColumns(source, cols, [shardKey, labelColumn]);
  if (labelColumn !== undefined) {
    const lab = cols.find((c) => c.name === labelColumn);
    if (lab === undefined || !lab.numeric) {
      throw new ValidationError(
        `label column "${labelColumn}" is ${lab === undefined ? 'not in' : `${lab.type}, not an integer column of`} source "${source.label}"; name the column of integer labels.`,
        { param: 'labelColumn' },
      );
    }
  }
  const d = names.length;
  const q = names.map(quoteIdent);
  const where = source.dropMissing ? `WHERE ${q.map((c) => `${c} IS NOT NULL`).join(' AND ')}` : '';
  const sums = q.map((c) => `SUM(CAST(${c} AS DOUBLE PRECISION))`);
  const counts = q.map((c) => `CAST(COUNT(${c}) AS DOUBLE PRECISION)`);
  const key = shardKey === undefined ? null : quoteIdent(shardKey);
  const list = `CAST(COUNT(*) AS DOUBLE PRECISION), ${counts.join(', ')}, ${sums.join(', ')}`;
  const row = shardTotals(
    await runQuery(
      source,
      key === null
        ? `SELECT ${list} FROM ${source.relation} AS s ${where}`
        : `SELECT ${key}, ${list} FROM ${source.relation} AS s ${where} GROUP BY 1`,
    ),
    key !== null,
    1 + 2 * d,
  );
  const n = toNumber(row[0]);
  if (n === 0) {
    throw new ValidationError(
      `source "${source.label}" has no rows${where === '' ? '' : ' without a NULL'}; pass a non-empty table or query.`,
      { param: 'source' },
    );
  }
  for (let j = 0; j < d; j++) {
    const missing = n - toNumber(row[1 + j]);
    if (missing > 0) {
      throw new ValidationError(
        `column "${names[j]}" of source "${source.label}" has ${missing} NULL value(s); filter them in the query or pass dropMissing (--drop-missing).`,
        { param: 'columns' },
      );
    }
  }
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    mean[j] = toNumber(row[1 + d + j]) / n;
    if (!Number.isFinite(mean[j])) {
      throw new ValidationError(
        `column "${names[j]}" of source "${source.label}" contains NaN or ±Infinity; filter those rows in the query.`,
        { param: 'columns' },
      );
    }
  }
  if (unit) {
    const zero = Array.from({ length: d }, () => 0);
    const raw = {
      source,
      names,
      d,
      n,
      mean: new Float64Array(zero),
      meanVariance: 0,
      where,
      shardKey: key,
      unit: false,
    };
    const norm = q.map((c) => `CAST(${c} AS DOUBLE PRECISION) * CAST(${c} AS DOUBLE PRECISION)`).join(' + ');
    const [zeros] = await totals(
      raw,
      [`SUM(CASE WHEN ${norm} = 0 THEN 1 ELSE 0 END)`],
      `(SELECT * FROM ${source.relation} AS s ${where}) AS f`,
    );
    if (zeros > 0) {
      throw new ValidationError(
        `source "${source.label}" has ${zeros} row(s) whose features are all zero, which have no direction; filter them in the query.`,
        { param: 'source' },
      );
    }
    return { ...raw, unit: true };
  }
  const resolved = { source, names, d, n, mean, meanVariance: 0, where, shardKey: key, unit: false };
  const sq = Array.from({ length: d }, (_, j) => `SUM(x${j} * x${j})`);
  const vr = await totals(resolved, sq);
  let v = 0;
  for (let j = 0; j < d; j++) v += vr[j] / n;
  return { ...resolved, meanVariance: v / d };
}

/**
 * Adds the rows of a sharded aggregate ([shard key, v₁ … v_m], one row per shard) column by column in shard order;
 * an unsharded aggregate's one row is returned as numbers (0 for a NULL sum over no rows).
 */
export function shardTotals(rows: unknown[][], sharded: boolean, m: number): number[] {
  const out = new Array<number>(m).fill(0);
  const o = sharded ? 1 : 0;
  const sorted = rows.map((row) => row.map((v) => (v === null ? 0 : toNumber(v))));
  if (sharded) sorted.sort((a, b) => a[0] - b[0]);
  for (const row of sorted) for (let t = 0; t < m; t++) out[t] += row[o + t];
  return out;
}

/**
 * Totals of the aggregate expressions `list` (over the feature relation x0 … x{d−1}) in one statement: grouped by
 * the shard key when there is one (so a distributed engine runs it on the shards) and added here.
 */
export async function totals(
  r: Omit<ResolvedSource, 'meanVariance'>,
  list: readonly string[],
  from = featureRelation(r),
): Promise<number[]> {
  const key = from.includes(featureRelation(r)) ? 'shard_key' : r.shardKey;
  const sql =
    r.shardKey === null
      ? `SELECT ${list.join(', ')} FROM ${from}`
      : `SELECT ${key}, ${list.join(', ')} FROM ${from} GROUP BY 1`;
  return shardTotals(await runQuery(r.source, sql), r.shardKey !== null, list.length);
}

/** The centered feature relation `(SELECT [key,] CAST(c AS DOUBLE PRECISION) − μ AS x0, … ) AS f`. */
export function featureRelation(r: Omit<ResolvedSource, 'meanVariance'>): string {
  const cols = featureExprs(r).map((e, j) => `${e} AS x${j}`);
  if (r.shardKey !== null) cols.unshift(`${r.shardKey} AS shard_key`);
  return `(SELECT ${cols.join(', ')} FROM ${r.source.relation} AS s ${r.where}) AS f`;
}

/**
 * The feature expressions over the source's columns: centered, CAST(c AS DOUBLE PRECISION) − μ, or for the cosine
 * geometry the unit row, CAST(c AS DOUBLE PRECISION) · (1 / SQRT(Σ c·c)) (the in-memory normalisation's operations).
 */
export function featureExprs(r: Pick<ResolvedSource, 'names' | 'mean' | 'unit'>): string[] {
  const cast = r.names.map((c) => `CAST(${quoteIdent(c)} AS DOUBLE PRECISION)`);
  if (!r.unit) return cast.map((c, j) => `${c} - ${sqlDouble(r.mean[j])}`);
  const inv = `(${sqlDouble(1)} / SQRT(${cast.map((c) => `${c} * ${c}`).join(' + ')}))`;
  return cast.map((c) => `${c} * ${inv}`);
}

/**
 * The key that the nearest center minimises, from the row whose features are the expressions `x` to center `c` of
 * `centers` (k×d, row-major): the squared distance Σⱼ (xⱼ − cⱼ)·(xⱼ − cⱼ), or for the cosine geometry −Σⱼ xⱼ·cⱼ;
 * the same literals and order of terms in every form below, so every form gives the same doubles.
 */
function centerKey(x: readonly string[], centers: Float64Array, c: number, cosine: boolean): string {
  const d = x.length;
  const terms: string[] = [];
  for (let j = 0; j < d; j++) {
    if (cosine) {
      terms.push(`${x[j]} * ${sqlDouble(centers[c * d + j])}`);
    } else {
      const t = `(${x[j]} - ${sqlDouble(centers[c * d + j])})`;
      terms.push(`${t} * ${t}`);
    }
  }
  return cosine ? `-(${terms.join(' + ')})` : terms.join(' + ');
}

/**
 * The pair [squared distance, label] of the nearest of the k centers (k×d, row-major) to the row whose features
 * are the expressions `x` (d), as one expression with each distance once (see the module comment).
 */
export function nearestPair(
  dialect: SqlDialect,
  x: readonly string[],
  centers: Float64Array,
  k: number,
  cosine = false,
): string {
  const pairs: string[] = [];
  for (let c = 0; c < k; c++) {
    const key = centerKey(x, centers, c, cosine);
    const label = `CAST(${c} AS DOUBLE PRECISION)`;
    pairs.push(dialect === 'duckdb' ? `[${key}, ${label}]` : `ARRAY[${key}, ${label}]`);
  }
  if (dialect === 'duckdb') return k === 1 ? pairs[0] : `LEAST(${pairs.join(', ')})`;
  let e = pairs[0];
  for (let c = 1; c < k; c++) e = `array_smaller(${e}, ${pairs[c]})`;
  return e;
}

/**
 * Up to this many centers, DuckDB may get the nearest center's keys as a plain list of k expressions (as a
 * hand-written Lloyd query has them): the fastest to run, but DuckDB's common-subexpression optimizer takes time
 * superlinear in k to plan it (0.2–0.3 s at k = 16, 1–3 s at k = 64, 12 s at k = 128 on the busy 2-core bench
 * machine); above, one lambda over a constant list, planned in O(d) but 2.4–2.9× slower to run (at k = 16, 10⁶ rows).
 */
export const LISTED_CENTERS = 64;

/**
 * Whether DuckDB lists the k keys (see {@link LISTED_CENTERS}) for a scan of n rows: always up to 16 centers; up to
 * {@link LISTED_CENTERS} when the scan has at least 1000·k rows, where the lambda's extra time per row (≈ 1 µs per
 * row and center, measured) outweighs the list's planning time (≈ 0.2 s·(k/16)²).
 */
export function listsKeys(k: number, n: number): boolean {
  return k <= 16 || (k <= LISTED_CENTERS && n >= 1000 * k);
}

/**
 * The key (squared distance; cosine: −x·c) to the nearest of k centers (k×d) and its label, for the DuckDB passes
 * and k-means||'s candidate sets over n rows: on DuckDB the list `ds` of the k keys — a plain list `[key₀, …,
 * key_{k−1}]` where {@link listsKeys}, else one lambda over a constant list, `list_transform([[c…], …], c -> Σⱼ
 * (xⱼ − c[j])·(xⱼ − c[j]))`, whose plan does not grow with k (10× faster to plan and run than `LEAST` of k lists at
 * k = 160) — then its `list_min` and the first position of the minimum (lowest index on ties, as `LEAST` and the
 * in-memory fit); on PostgreSQL {@link nearestPair}'s elements. `dist` and `label` take the list `ds` of
 * `distances` when it is selected as `ds`.
 */
export function nearestMany(
  dialect: SqlDialect,
  x: readonly string[],
  centers: Float64Array,
  k: number,
  n: number,
  cosine = false,
): { distances: string | null; dist: string; label: string } {
  if (dialect !== 'duckdb') {
    const pair = nearestPair(dialect, x, centers, k, cosine);
    return { distances: null, dist: `(${pair})[1]`, label: labelOf(pair) };
  }
  return {
    distances: duckdbKeys(x, centers, k, n, cosine),
    dist: 'list_min(ds)',
    label: 'CAST(list_position(ds, list_min(ds)) - 1 AS INTEGER)',
  };
}

/** DuckDB's list of the k keys of {@link nearestMany} over n rows: listed where {@link listsKeys}, else a lambda. */
function duckdbKeys(x: readonly string[], centers: Float64Array, k: number, n: number, cosine: boolean): string {
  if (listsKeys(k, n)) return `[${Array.from({ length: k }, (_, c) => centerKey(x, centers, c, cosine)).join(', ')}]`;
  const d = x.length;
  const rows = Array.from(
    { length: k },
    (_, c) => `[${Array.from({ length: d }, (_, j) => sqlDouble(centers[c * d + j])).join(', ')}]`,
  );
  const terms = x
    .map((v, j) => (cosine ? `${v} * c[${j + 1}]` : `(${v} - c[${j + 1}]) * (${v} - c[${j + 1}])`))
    .join(' + ');
  return `list_transform([${rows.join(', ')}], c -> ${cosine ? `-(${terms})` : terms})`;
}

/** {@link nearestPair} over the feature relation's x0 … x{d−1} in the source's geometry (cosine: [−x·c, label]). */
export function nearestOf(r: ResolvedSource, centers: Float64Array, k: number): string {
  return nearestPair(r.source.engine.dialect, featureNames(r.d), centers, k, r.unit);
}

/** The nearest center's label (INTEGER) from a {@link nearestPair} expression. */
export function labelOf(pair: string): string {
  return `CAST((${pair})[2] AS INTEGER)`;
}

/** The feature expressions x0 … x{d−1} of {@link featureRelation}. */
export function featureNames(d: number): string[] {
  return Array.from({ length: d }, (_, j) => `x${j}`);
}

/**
 * The k-means pass: per [shard and] label, the count, Σ x (centered) and Σ‖x‖² over the feature relation, the
 * rows assigned to the nearest of `centers` (k×d, centered).
 */
export function kmeansPassSql(r: ResolvedSource, centers: Float64Array, k: number): string {
  const x = featureNames(r.d);
  const key = r.shardKey === null ? '' : 'shard_key, ';
  const sums = x.map((c) => `SUM(${c})`).join(', ');
  const norm = x.map((c) => `${c} * ${c}`).join(' + ');
  const groups = r.shardKey === null ? '1' : '1, 2';
  const tail = `CAST(COUNT(*) AS DOUBLE PRECISION) AS n, ${sums}, SUM(${norm}) AS sq`;
  if (r.source.engine.dialect === 'duckdb') {
    // The same keys (same literals, same order of terms) and the same tie rule as LEAST, in a list (see nearestMany).
    const near = nearestMany('duckdb', x, centers, k, r.n, r.unit);
    return `SELECT ${key}${near.label} AS label, ${tail} FROM (SELECT *, ${near.distances} AS ds FROM ${featureRelation(r)}) AS g GROUP BY ${groups}`;
  }
  const pair = nearestOf(r, centers, k);
  return `SELECT ${key}${labelOf(pair)} AS label, ${tail} FROM ${featureRelation(r)} GROUP BY ${groups}`;
}

/** Per-cluster statistics of one pass, added over the shards in label-then-shard order. */
export interface PassStats {
  /** k: rows per cluster. */
  weights: Float64Array;
  /** k×d: Σ x per cluster (centered). */
  sums: Float64Array;
  /** k: Σ‖x‖² per cluster (centered). */
  sq: Float64Array;
}

/** Adds a pass's rows ([shard,] label, n, sums…, sq) into {@link PassStats}, in a fixed (label, shard) order. */
export function collectPass(rows: unknown[][], k: number, d: number, sharded: boolean): PassStats {
  const o = sharded ? 1 : 0;
  const sorted = rows.map((row) => row.map(toNumber)).sort((a, b) => a[o] - b[o] || (sharded ? a[0] - b[0] : 0));
  const weights = new Float64Array(k);
  const sums = new Float64Array(k * d);
  const sq = new Float64Array(k);
  for (const row of sorted) {
    const c = row[o];
    weights[c] += row[o + 1];
    for (let j = 0; j < d; j++) sums[c * d + j] += row[o + 2 + j];
    sq[c] += row[o + 2 + d];
  }
  return { weights, sums, sq };
}

/**
 * The aggregate inertia against `centers` (k×d): Σ of the squared distance to the nearest center (centered), or for
 * the cosine geometry Σ (1 − max cos).
 */
export function inertiaSum(r: ResolvedSource, centers: Float64Array, k: number): string {
  const dialect = r.source.engine.dialect;
  const near =
    dialect === 'duckdb'
      ? `list_min(${duckdbKeys(featureNames(r.d), centers, k, r.n, r.unit)})`
      : `(${nearestOf(r, centers, k)})[1]`;
  return r.unit ? `SUM(${sqlDouble(1)} + ${near})` : `SUM(${near})`;
}

/** The m rows farthest from their nearest center (features, label, squared distance), farthest first. */
export function farthestSql(r: ResolvedSource, centers: Float64Array, k: number, m: number): string {
  const x = featureNames(r.d);
  const pair = nearestOf(r, centers, k);
  return `SELECT ${x.join(', ')}, ${labelOf(pair)} AS label, (${pair})[1] AS dist FROM ${featureRelation(r)} ORDER BY dist DESC, ${x.join(', ')} LIMIT ${m}`;
}

/**
 * A seeded sample of about m rows of the feature relation, in a fixed order (sorted by the features): every row when
 * n ≤ m; else DuckDB's `USING SAMPLE m ROWS (reservoir, seed)`, PostgreSQL's `TABLESAMPLE BERNOULLI (p) REPEATABLE
 * (seed)` on a table, and on a PostgreSQL query the rows whose hash of (row, seed) falls below m/n.
 */
export function sampleSql(r: ResolvedSource, m: number, seed: number): string {
  const x = featureNames(r.d);
  const order = `ORDER BY ${x.join(', ')}`;
  const base = `SELECT ${x.join(', ')} FROM ${featureRelation(r)}`;
  if (r.n <= m) return `${base} ${order}`;
  const dialect = r.source.engine.dialect;
  if (dialect === 'duckdb') {
    return `SELECT * FROM (${base}) AS t USING SAMPLE reservoir(${m} ROWS) REPEATABLE (${seed}) ${order}`;
  }
  const p = Math.min(100, (100 * m) / r.n);
  if (!r.source.relation.startsWith('(')) {
    const cols = featureExprs(r).map((e, j) => `${e} AS x${j}`);
    return `SELECT ${cols.join(', ')} FROM ${r.source.relation} AS s TABLESAMPLE BERNOULLI (${p}) REPEATABLE (${seed}) ${r.where} ${order}`;
  }
  return `${base} WHERE ${uniformOf(dialect, x, seed)} < ${sqlDouble(m / r.n)} ${order}`;
}

/**
 * A number in [0, 1) from a hash of the row's features and a seed: the same for the same row whatever the scan
 * order, threads or shards (k-means||'s per-row draws, PostgreSQL query samples).
 */
export function uniformOf(dialect: SqlDialect, x: readonly string[], seed: number): string {
  if (dialect === 'duckdb') {
    return `(CAST(hash(${x.join(', ')}, ${seed}) AS DOUBLE) / CAST('18446744073709551616' AS DOUBLE))`;
  }
  const text = x.map((c) => `CAST(${c} AS TEXT)`).join(` || ',' || `);
  return `(CAST(hashtextextended(${text}, ${seed}) AS DOUBLE PRECISION) / CAST('18446744073709551616' AS DOUBLE PRECISION) + CAST('0.5' AS DOUBLE PRECISION))`;
}
