/**
 * EM for a diagonal or spherical Gaussian mixture on a SQL source (`GaussianMixture.fitSource` / `predictSource`):
 * each E-step is one generated statement that returns the sufficient statistics of the M-step — Σℓᵢ and, per
 * component, Σγᵢc, Σγᵢc·xᵢⱼ, Σγᵢc·xᵢⱼ² — so only k·(2d + 1) + 1 numbers come back per iteration; the M-step,
 * the precision factors and the stopping rule are the in-memory fit's (scikit-learn's).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
import { createTableAs, quoteIdent, type SqlDialect, type SqlSource, sqlDouble } from '../engine/sql/engine.js';
import {
  featureNames,
  featureRelation,
  labelOf,
  nearestPair,
  type ResolvedSource,
  resolveSource,
  runQuery,
  toNumber,
  totals,
} from '../engine/sql/passSql.js';
import { KMeans } from '../kmeans/KMeans.js';
import { NK_EPS } from './covariance.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** The covariance layouts EM on a source supports (sums of per-feature squares suffice). */
export type SourceCovarianceType = 'diag' | 'spherical';

/** Parameters of a mixture on the centered scale (diag: cov, precChol k×d; spherical: k). */
export interface SourceGmmParams {
  weights: Float64Array;
  means: Float64Array;
  cov: Float64Array;
  precChol: Float64Array;
}

/** One EM run's outcome on a source. */
export interface SourceGmmRun {
  params: SourceGmmParams;
  lowerBound: number;
  nIter: number;
  converged: boolean;
}

/**
 * The weighted log density log πc + log 𝒩(x | μc, Σc) of the row x0 … x{d−1} (centered) under component c, with
 * the precision factors t (Σc⁻¹ = diag(t²)): −½(d·log 2π + Σⱼ (xⱼ − μcⱼ)²·tⱼ²) + Σⱼ log tⱼ + log πc.
 */
function logDensity(p: SourceGmmParams, type: SourceCovarianceType, c: number, x: readonly string[]): string {
  const d = x.length;
  let logDet = 0;
  const terms: string[] = [];
  for (let j = 0; j < d; j++) {
    const t = type === 'diag' ? p.precChol[c * d + j] : p.precChol[c];
    if (type === 'diag') logDet += Math.log(t);
    const diff = `(${x[j]} - ${sqlDouble(p.means[c * d + j])})`;
    terms.push(type === 'diag' ? `${diff} * ${diff} * ${sqlDouble(t * t)}` : `${diff} * ${diff}`);
  }
  if (type === 'spherical') logDet = d * Math.log(p.precChol[c]);
  const maha =
    type === 'diag' ? terms.join(' + ') : `${sqlDouble(p.precChol[c] * p.precChol[c])} * (${terms.join(' + ')})`;
  const base = -0.5 * d * LOG_2PI + logDet + Math.log(p.weights[c]);
  return `${sqlDouble(base)} - ${sqlDouble(0.5)} * (${maha})`;
}

/**
 * The E-step statement: per row the k weighted log densities a_c, m = max a_c, e_c = exp(a_c − m) (0 below −746,
 * as in memory), ℓ = m + ln Σ e_c, γ_c = e_c · (1/Σ e_c); then Σℓ and per component Σγ, Σγ·xⱼ, Σγ·xⱼ² in one scan.
 * Nested subqueries (`OFFSET 0` keeps PostgreSQL from inlining them, which would evaluate each density again).
 */
export function gmmEstepSql(r: ResolvedSource, p: SourceGmmParams, type: SourceCovarianceType, k: number): string {
  const x = featureNames(r.d);
  const xs = x.join(', ');
  const a = Array.from({ length: k }, (_, c) => `a${c}`);
  const e = Array.from({ length: k }, (_, c) => `e${c}`);
  const dens = a.map((name, c) => `${logDensity(p, type, c, x)} AS ${name}`).join(', ');
  const max = k === 1 ? 'a0' : `GREATEST(${a.join(', ')})`;
  const exps = a.map((v, c) => `CASE WHEN ${v} - m < -746 THEN 0 ELSE EXP(${v} - m) END AS ${e[c]}`).join(', ');
  const s = e.join(' + ');
  const l1 = `(SELECT ${xs}, ${dens} FROM ${featureRelation(r)} OFFSET 0) AS l1`;
  const l2 = `(SELECT ${xs}, ${a.join(', ')}, ${max} AS m FROM ${l1} OFFSET 0) AS l2`;
  const l3 = `(SELECT ${xs}, ${exps}, m FROM ${l2} OFFSET 0) AS l3`;
  const l4 = `(SELECT ${xs}, ${e.join(', ')}, m + LN(${s}) AS l, ${sqlDouble(1)} / (${s}) AS inv FROM ${l3} OFFSET 0) AS l4`;
  const list = ['SUM(l)'];
  for (let c = 0; c < k; c++) {
    const g = `${e[c]} * inv`;
    list.push(`SUM(${g})`);
    for (const v of x) list.push(`SUM(${g} * ${v})`);
    for (const v of x) list.push(`SUM(${g} * ${v} * ${v})`);
  }
  return `SELECT ${list.join(', ')} FROM ${l4}`;
}

/** max(a, b) as a function call on PostgreSQL (`float8larger`: postgres_fdw ships it to a shard, not GREATEST). */
function larger(dialect: SqlDialect, a: string, b: string): string {
  return dialect === 'postgres' ? `float8larger(${a}, ${b})` : `GREATEST(${a}, ${b})`;
}

/** min(a, b), as {@link larger}. */
function smaller(dialect: SqlDialect, a: string, b: string): string {
  return dialect === 'postgres' ? `float8smaller(${a}, ${b})` : `LEAST(${a}, ${b})`;
}

/**
 * The E-step's aggregate list as flat expressions of the row, for a sharded source: with a_c the weighted log
 * densities and m = max_c a_c, ℓ = m + ln Σ_t exp(max(a_t − m, −700)) and γ_c = 1 / (1 + Σ_{t≠c} exp(clamp(a_t − a_c,
 * ±700))) — the in-memory log-sum-exp and responsibilities (a term below e^−700 adds nothing to a sum ≥ 1; a clamped
 * γ_c is below e^−700 either way), written without subqueries, CASE, GREATEST or LEAST so that `postgres_fdw`
 * pushes the whole aggregate to each shard (Citus pushes it too). The price: no expression is shared, so a row costs
 * O(k²·d²) operations instead of O(k·d) and the statement grows as k²·d² — fine for small mixtures.
 */
export function gmmEstepFlatList(
  r: ResolvedSource,
  p: SourceGmmParams,
  type: SourceCovarianceType,
  k: number,
): string[] {
  const dialect = r.source.engine.dialect;
  const x = featureNames(r.d);
  const a = Array.from({ length: k }, (_, c) => `(${logDensity(p, type, c, x)})`);
  const m = a.slice(1).reduce((acc, v) => larger(dialect, acc, v), a[0]);
  const ell =
    k === 1 ? a[0] : `${m} + LN(${a.map((v) => `EXP(${larger(dialect, `${v} - ${m}`, '-700')})`).join(' + ')})`;
  const list = [`SUM(${ell})`];
  for (let c = 0; c < k; c++) {
    const others = a.flatMap((v, t) =>
      t === c ? [] : [`EXP(${smaller(dialect, larger(dialect, `${v} - ${a[c]}`, '-700'), '700')})`],
    );
    const g = k === 1 ? sqlDouble(1) : `(${sqlDouble(1)} / (${sqlDouble(1)} + ${others.join(' + ')}))`;
    list.push(`SUM(${g})`);
    for (const v of x) list.push(`SUM(${g} * ${v})`);
    for (const v of x) list.push(`SUM(${g} * ${v} * ${v})`);
  }
  return list;
}

/**
 * The M-step from sufficient statistics (per component [Σγ, Σγx (d), Σγx² (d)] at `stats[o + c·(2d+1)]`), as the
 * in-memory `estimateGaussianParameters`: Nc = Σγ + 10ε, μ = Σγx/Nc, σ²ⱼ = Σγ(xⱼ − μⱼ)²/Nc + regCovar (the centered
 * square from the sums: Σγx² − 2μΣγx + μ²Σγ), spherical the mean of the σ²ⱼ; πc = Nc/ΣN; t = 1/√σ².
 * @throws {@link ValidationError} when a variance is not positive (regCovar 0 on a collapsed component)
 */
export function gmmMstep(
  stats: readonly number[],
  o: number,
  k: number,
  d: number,
  type: SourceCovarianceType,
  regCovar: number,
  p: SourceGmmParams,
): void {
  const nk = new Float64Array(k);
  let total = 0;
  for (let c = 0; c < k; c++) {
    const b = o + c * (2 * d + 1);
    const raw = stats[b];
    nk[c] = raw + NK_EPS;
    total += nk[c];
    let s = 0;
    for (let j = 0; j < d; j++) {
      const sx = stats[b + 1 + j];
      const mu = sx * (1 / nk[c]);
      p.means[c * d + j] = mu;
      const sq = Math.max(0, stats[b + 1 + d + j] - 2 * mu * sx + mu * mu * raw);
      const v = sq * (1 / nk[c]) + regCovar;
      if (type === 'diag') p.cov[c * d + j] = v;
      s += v;
    }
    if (type === 'spherical') p.cov[c] = s / d;
  }
  for (let c = 0; c < k; c++) p.weights[c] = nk[c] / total;
  for (let t = 0; t < p.cov.length; t++) {
    const v = p.cov[t];
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new ValidationError(
        `the variance of component ${type === 'diag' ? Math.floor(t / d) : t} became ${v} (a component collapsed); raise regCovar or use fewer components.`,
        { param: 'regCovar' },
      );
    }
    p.precChol[t] = 1 / Math.sqrt(v);
  }
}

/**
 * Initial parameters from a source k-means (k-means++ on a seeded engine sample, seed from `rng`): the M-step of
 * the one-hot responsibilities, one GROUP BY label statement (count, Σx, Σx²).
 */
async function kmeansStart(
  r: ResolvedSource,
  type: SourceCovarianceType,
  k: number,
  regCovar: number,
  rng: Rng,
  shardKey: string | undefined,
): Promise<SourceGmmParams> {
  const d = r.d;
  const km = await new KMeans({ nClusters: k, nInit: 1, seed: rng.nextUint32() }).fitSource(r.source, {
    shardKey: r.shardKey === null ? undefined : shardKey,
  });
  const centers = km.clusterCenters.data.slice();
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centers[c * d + j] -= r.mean[j];
  const x = featureNames(d);
  const lab = labelOf(nearestPair(r.source.engine.dialect, x, centers, k));
  const key = r.shardKey === null ? '' : ', shard_key';
  const nearest = await runQuery(
    r.source,
    `SELECT ${lab} AS lab${key}, CAST(COUNT(*) AS DOUBLE PRECISION), ${x.map((v) => `SUM(${v})`).join(', ')}, ${x.map((v) => `SUM(${v} * ${v})`).join(', ')} FROM ${featureRelation(r)} GROUP BY 1${key === '' ? '' : ', 2'}`,
  );
  // per label, the shards' rows added in key order
  const o = key === '' ? 1 : 2;
  const sorted = nearest.map((row) => row.map(toNumber)).sort((u, v) => u[0] - v[0] || (o === 2 ? u[1] - v[1] : 0));
  const stats = new Array<number>(k * (2 * d + 1)).fill(0);
  for (const row of sorted) {
    const c = row[0];
    for (let t = 0; t < 2 * d + 1; t++) stats[c * (2 * d + 1) + t] += row[o + t];
  }
  const size = type === 'diag' ? k * d : k;
  const p = {
    weights: new Float64Array(k),
    means: new Float64Array(k * d),
    cov: new Float64Array(size),
    precChol: new Float64Array(size),
  };
  gmmMstep(stats, 0, k, d, type, regCovar, p);
  return p;
}

/** One EM iteration of a fit on a source, as the progress callback sees it. */
export interface SourceEmIteration {
  /** 0-based run (initialisation). */
  run: number;
  /** 0-based iteration of the run. */
  iteration: number;
  /** The mean log-likelihood of the rows under the parameters of the E-step. */
  lowerBound: number;
  /** Its change from the previous iteration (Infinity at the first). */
  change: number;
}

/** Options of one EM fit on a source. */
export interface SourceGmmOptions {
  /** Called after every E-step statement (the CLI prints a progress line on a TTY). */
  onIteration?: (it: SourceEmIteration) => void;
  k: number;
  type: SourceCovarianceType;
  regCovar: number;
  tol: number;
  maxIter: number;
  nInit: number;
  /** The partition key of a sharded source: every statement groups by it (see {@link gmmEstepFlatList}). */
  shardKey?: string;
  /** Explicit start on the original scale (means k×d, precisions' factors), or null for the k-means start. */
  start: { weights: Float64Array | null; means: Float64Array | null; precChol: Float64Array | null };
}

/**
 * GaussianMixture.fitSource's body: resolves the source, then `nInit` EM runs (the explicit start, or a source
 * k-means start per run), keeping the largest lower bound; means on the original scale.
 * @throws {@link ValidationError} on a bad source, fewer rows than components, or a collapsed component
 */
export async function fitGaussianMixtureOnSource(
  source: SqlSource,
  o: SourceGmmOptions,
  rng: Rng,
): Promise<SourceGmmRun & { d: number }> {
  const r = await resolveSource(source, o.shardKey);
  const { k, type } = o;
  const d = r.d;
  if (r.n < Math.max(2, k)) {
    throw new ValidationError(
      `source "${source.label}" has ${r.n} rows; a Gaussian mixture with nComponents=${k} needs at least ${Math.max(2, k)}.`,
      { param: 'nComponents' },
    );
  }
  const size = type === 'diag' ? k * d : k;
  if (o.start.means !== null && o.start.means.length !== k * d) {
    throw new ValidationError(
      `meansInit has ${o.start.means.length / k} features but source "${source.label}" has ${d} columns; give one value per feature.`,
      { param: 'meansInit' },
    );
  }
  if (o.start.precChol !== null && o.start.precChol.length !== size) {
    throw new ValidationError(
      `precisionsInit does not match the ${d} columns of source "${source.label}"; give ${type === 'diag' ? 'k×d' : 'k'} precisions.`,
      { param: 'precisionsInit' },
    );
  }
  const explicit = o.start.weights !== null && o.start.means !== null && o.start.precChol !== null;
  let best: SourceGmmRun | null = null;
  for (let run = 0; run < (explicit ? 1 : o.nInit); run++) {
    const p = explicit
      ? {
          weights: new Float64Array(k),
          means: new Float64Array(k * d),
          cov: new Float64Array(size),
          precChol: new Float64Array(size),
        }
      : await kmeansStart(r, type, k, o.regCovar, rng, o.shardKey);
    if (o.start.weights !== null) p.weights.set(o.start.weights);
    if (o.start.means !== null) {
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) p.means[c * d + j] = o.start.means[c * d + j] - r.mean[j];
    }
    if (o.start.precChol !== null) {
      p.precChol.set(o.start.precChol);
      for (let t = 0; t < size; t++) p.cov[t] = 1 / (p.precChol[t] * p.precChol[t]);
    }
    const res = await runSourceEM(r, p, o, run);
    if (best === null || res.lowerBound > best.lowerBound) best = res;
  }
  const kept = best as SourceGmmRun;
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) kept.params.means[c * d + j] += r.mean[j];
  return { ...kept, d };
}

/** EM from `p` (updated in place) with the in-memory stopping rule: |Δ lower bound| < tol, at most maxIter. */
async function runSourceEM(
  r: ResolvedSource,
  p: SourceGmmParams,
  o: SourceGmmOptions,
  run: number,
): Promise<SourceGmmRun> {
  let lowerBound = Number.NEGATIVE_INFINITY;
  let converged = false;
  let nIter: number;
  for (nIter = 1; nIter <= o.maxIter; nIter++) {
    const prev = lowerBound;
    const s =
      r.shardKey === null
        ? (await runQuery(r.source, gmmEstepSql(r, p, o.type, o.k)))[0].map(toNumber)
        : await totals(r, gmmEstepFlatList(r, p, o.type, o.k));
    lowerBound = s[0] / r.n;
    if (!Number.isFinite(lowerBound)) {
      throw new ValidationError(
        `the Gaussian mixture log-likelihood became ${lowerBound} at iteration ${nIter}; scale the columns, raise regCovar (now ${o.regCovar}) or use fewer components.`,
        { param: 'regCovar' },
      );
    }
    gmmMstep(s, 1, o.k, r.d, o.type, o.regCovar, p);
    o.onIteration?.({ run, iteration: nIter - 1, lowerBound, change: Math.abs(lowerBound - prev) });
    if (Math.abs(lowerBound - prev) < o.tol) {
      converged = true;
      break;
    }
  }
  if (nIter > o.maxIter) nIter = o.maxIter;
  return { params: p, lowerBound, nIter, converged };
}

/**
 * The label (most probable component) of every row of the source into a new table `into`: the source's columns and
 * `label` (INTEGER), one `CREATE TABLE … AS SELECT` (the weighted log densities, first maximum on ties).
 * `p` on the original scale.
 */
export async function writeMixtureLabels(
  source: SqlSource,
  p: SourceGmmParams,
  type: SourceCovarianceType,
  k: number,
  d: number,
  into: string,
): Promise<number> {
  const r = await resolveSource(source);
  if (r.d !== d) {
    throw new ValidationError(
      `source "${source.label}" has ${r.d} feature columns but the model was fitted on ${d}; name the same columns.`,
      { param: 'columns' },
    );
  }
  const x = r.names.map((c) => `CAST(s.${quoteIdent(c)} AS DOUBLE PRECISION)`);
  const a = Array.from({ length: k }, (_, c) => `ck_a${c}`);
  const arms: string[] = [];
  for (let c = 0; c < k - 1; c++) {
    const conds = a.map((v, t) => (t === c ? null : `${a[c]} ${t < c ? '>' : '>='} ${v}`)).filter(Boolean);
    arms.push(`WHEN ${conds.join(' AND ')} THEN ${c}`);
  }
  const label = k === 1 ? '0' : `CASE ${arms.join(' ')} ELSE ${k - 1} END`;
  const dens = a.map((v, c) => `${logDensity(p, type, c, x)} AS ${v}`).join(', ');
  const inner = `(SELECT s.*, ${dens} FROM ${source.relation} AS s ${r.where} OFFSET 0) AS t`;
  const cols = (await source.engine.describe(source.relation)).map((c) => `t.${quoteIdent(c.name)}`);
  await createTableAs(source, into, `SELECT ${cols.join(', ')}, CAST(${label} AS INTEGER) AS label FROM ${inner}`);
  return r.n;
}
