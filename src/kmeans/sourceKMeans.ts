/**
 * k-means on a SQL source (`KMeans.fitSource` / `predictSource`): the loop of src/kmeans/loop.ts with each pass one
 * generated statement (src/engine/sql/passSql.ts) that returns per-cluster counts, sums and squared norms; the
 * initial centers from a seeded engine-side sample (k-means++, random) or from k-means|| computed in the engine.
 * @module
 */
import { type ModelWarning, ValidationError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
import { checkInt } from '../core/validate.js';
import { createTableAs, quoteIdent, type SqlSource, sqlDouble } from '../engine/sql/engine.js';
import {
  collectPass,
  farthestSql,
  featureExprs,
  featureNames,
  featureRelation,
  inertiaSum,
  kmeansPassSql,
  labelOf,
  nearestMany,
  nearestPair,
  type PassStats,
  type ResolvedSource,
  resolveSource,
  runQuery,
  sampleSql,
  toNumber,
  totals,
  uniformOf,
} from '../engine/sql/passSql.js';
import { averageCenters, centerShift } from './common.js';
import { checkFitShape, convergenceWarning, type ResolvedInit, restartCount, seededRng } from './family.js';
import { kmeansPlusPlus, randomRows } from './init.js';

/** One iteration of a fit on a source, as the progress callback sees it. */
export interface SourceIteration {
  /** 0-based iteration. */
  iteration: number;
  /** Σ‖x − c‖² of the pass against the centers it assigned to (from the per-cluster sums; display precision). */
  inertia: number;
  /** Σ‖Δcenter‖² of the update. */
  shift: number;
}

/** Options of `fitSource` shared by the centroid estimators. */
export interface SourceFitOptions {
  /**
   * Overrides the estimator's `init` for this fit: `'k-means||'` (Bahmani et al. 2012, computed in the engine),
   * `'k-means++'` or `'random'` on a seeded sample of {@link SourceFitOptions.sampleSize} rows.
   */
  init?: 'k-means||' | 'k-means++' | 'random';
  /** Rows of the engine-side sample that k-means++ / random initialisation draws from. @defaultValue 10000 */
  sampleSize?: number;
  /** Called after every pass (the CLI prints a progress line on a TTY). */
  onIteration?: (it: SourceIteration) => void;
  /**
   * The partition key of a sharded table (Citus distribution column, the partition key of a `postgres_fdw`
   * partitioned table): each pass groups by (key, label) so that the engine pushes the aggregate to every shard,
   * and the shards' rows are added here.
   */
  shardKey?: string;
}

/** The outcome of one run on a source. */
export interface SourceRun {
  /** k×d centers, centered (add the source's mean). */
  centers: Float64Array;
  inertia: number;
  nIter: number;
  converged: boolean;
}

/** Same partition as the previous pass: same counts, sums and squared norms to summation-order precision. */
function samePartition(a: PassStats, b: PassStats): boolean {
  for (let c = 0; c < a.weights.length; c++) if (a.weights[c] !== b.weights[c]) return false;
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-12 * (Math.abs(x) + Math.abs(y)) + 1e-300;
  for (let c = 0; c < a.sq.length; c++) if (!close(a.sq[c], b.sq[c])) return false;
  for (let t = 0; t < a.sums.length; t++) if (!close(a.sums[t], b.sums[t])) return false;
  return true;
}

/** One pass: assign every row to the nearest of `centers`, return the per-cluster statistics. */
export async function kmeansPass(r: ResolvedSource, centers: Float64Array, k: number): Promise<PassStats> {
  const rows = await runQuery(r.source, kmeansPassSql(r, centers, k));
  return collectPass(rows, k, r.d, r.shardKey !== null);
}

/** Σ of squared distances of the pass's rows to the centers they were assigned (from the sums; for display). */
function passInertia(s: PassStats, centers: Float64Array, k: number, d: number, unit: boolean): number {
  let tot = 0;
  if (unit) {
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += centers[c * d + j] * s.sums[c * d + j];
      tot += s.weights[c] - dot;
    }
    return tot;
  }
  for (let c = 0; c < k; c++) {
    let dot = 0;
    let cc = 0;
    for (let j = 0; j < d; j++) {
      dot += centers[c * d + j] * s.sums[c * d + j];
      cc += centers[c * d + j] * centers[c * d + j];
    }
    tot += s.sq[c] - 2 * dot + s.weights[c] * cc;
  }
  return Math.max(0, tot);
}

/**
 * scikit-learn's empty-cluster relocation on a source: the empty clusters take the rows farthest from their nearest
 * center (one ORDER BY … LIMIT statement), each removed from its old cluster's sums.
 */
async function relocateEmpty(r: ResolvedSource, centers: Float64Array, k: number, s: PassStats): Promise<void> {
  const d = r.d;
  let nEmpty = 0;
  for (let c = 0; c < k; c++) if (s.weights[c] === 0) nEmpty++;
  const far = await runQuery(r.source, farthestSql(r, centers, k, nEmpty));
  let e = 0;
  for (let c = 0; c < k; c++) {
    if (s.weights[c] !== 0) continue;
    const row = far[e++];
    if (row === undefined) break;
    const old = toNumber(row[d]);
    for (let j = 0; j < d; j++) {
      const v = toNumber(row[j]);
      s.sums[old * d + j] -= v;
      s.sums[c * d + j] = v;
    }
    s.weights[c] = 1;
    s.weights[old] -= 1;
  }
}

/**
 * Lloyd's loop on a source from `init` (k×d, centered; not modified), with the in-memory loop's rules
 * (src/kmeans/loop.ts): relocate empty clusters, average, stop when the partition did not change or
 * Σ‖Δcenter‖² ≤ tol; then one statement for the inertia of the final centers.
 * @remarks A pass costs one scan: O(n·k·d) in the engine, k·(d + 2) numbers back. "The partition did not change"
 * is read from the statistics (same counts, and sums equal to 1e-12 relative, as a parallel engine adds in any order).
 */
export async function runSourceLloyd(
  r: ResolvedSource,
  init: Float64Array,
  k: number,
  maxIter: number,
  tol: number,
  onIteration?: (it: SourceIteration) => void,
): Promise<SourceRun> {
  const d = r.d;
  let centers = init.slice();
  let next = new Float64Array(k * d);
  const shift = new Float64Array(k);
  let prev: PassStats | null = null;
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    const stats = await kmeansPass(r, centers, k);
    const changed = prev === null || !samePartition(stats, prev);
    prev = { weights: stats.weights.slice(), sums: stats.sums.slice(), sq: stats.sq };
    const inertia = passInertia(stats, centers, k, d, r.unit);
    if (stats.weights.some((w) => w === 0)) await relocateEmpty(r, centers, k, stats);
    next.set(stats.sums);
    let shiftTot: number;
    if (r.unit) {
      shiftTot = normalizeCenters(next, centers, k, d);
    } else {
      averageCenters(next, stats.weights, k, d, centers);
      shiftTot = centerShift(centers, next, k, d, shift);
    }
    [centers, next] = [next, centers];
    onIteration?.({ iteration: it, inertia, shift: shiftTot });
    if (!changed || shiftTot <= tol) {
      converged = true;
      break;
    }
  }
  const [inertia] = await totals(r, [inertiaSum(r, centers, k)]);
  return { centers, inertia, nIter: Math.min(it + 1, maxIter), converged };
}

/**
 * Spherical k-means' update (as `runSpherical`): each sum scaled to unit norm (a zero sum keeps the old direction).
 * sums k×d INOUT → centers; old k×d IN. @returns Σ‖new − old‖²
 */
function normalizeCenters(sums: Float64Array, old: Float64Array, k: number, d: number): number {
  let shift = 0;
  for (let c = 0; c < k; c++) {
    const o = c * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += sums[o + j] * sums[o + j];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < d; j++) sums[o + j] *= inv;
    } else {
      for (let j = 0; j < d; j++) sums[o + j] = old[o + j];
    }
    for (let j = 0; j < d; j++) {
      const t = sums[o + j] - old[o + j];
      shift += t * t;
    }
  }
  return shift;
}

/** The seeded engine-side sample (about m rows, centered, in a fixed order) as a flat array. */
export async function sourceSample(r: ResolvedSource, m: number, rng: Rng): Promise<{ x: Float64Array; n: number }> {
  const rows = await runQuery(r.source, sampleSql(r, m, rng.nextInt(2 ** 31)));
  const x = new Float64Array(rows.length * r.d);
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < r.d; j++) x[i * r.d + j] = toNumber(rows[i][j]);
  return { x, n: rows.length };
}

/**
 * k-means|| (Bahmani et al. 2012, as Spark MLlib): one seeded sample row as the first candidate, then 5 rounds that
 * each keep every row with probability min(1, ℓ·D²(x)/φ) (ℓ = 2k, D² the squared distance to the nearest candidate,
 * φ = Σ D², the draw a hash of the row and the round's seed), then the candidates weighted by the rows nearest to
 * them and reduced to k by weighted k-means++ and Lloyd in memory. Each round is two statements (φ, then the kept
 * rows), the weights one GROUP BY: O(rounds·n·|C|·d) in the engine.
 * @returns k×d centered centers
 */
export async function kmeansParallelInit(r: ResolvedSource, k: number, rng: Rng, rounds = 5): Promise<Float64Array> {
  const d = r.d;
  const dialect = r.source.engine.dialect;
  const x = featureNames(d);
  const first = await sourceSample(r, Math.min(r.n, 1000), rng);
  const pick = rng.nextInt(first.n);
  let cand = first.x.slice(pick * d, pick * d + d);
  let nc = 1;
  const ell = 2 * k;
  // The rows with their distances to the candidates (DuckDB: the list `ds`, see nearestMany).
  const withDistances = (m: ReturnType<typeof nearestMany>): string =>
    m.distances === null ? featureRelation(r) : `(SELECT *, ${m.distances} AS ds FROM ${featureRelation(r)}) AS g`;
  for (let round = 0; round < rounds; round++) {
    const near = nearestMany(dialect, x, cand, nc, r.n);
    const [phi] = await totals(r, [`SUM(${near.dist})`], withDistances(near));
    if (!(phi > 0)) break;
    const seed = rng.nextInt(2 ** 31);
    const rows = await runQuery(
      r.source,
      `SELECT ${x.join(', ')} FROM ${withDistances(near)} WHERE ${uniformOf(dialect, x, seed)} * ${sqlDouble(phi)} < ${sqlDouble(ell)} * ${near.dist} ORDER BY ${x.join(', ')}`,
    );
    if (rows.length === 0) continue;
    const grown = new Float64Array((nc + rows.length) * d);
    grown.set(cand);
    for (let i = 0; i < rows.length; i++) for (let j = 0; j < d; j++) grown[(nc + i) * d + j] = toNumber(rows[i][j]);
    cand = grown;
    nc += rows.length;
  }
  if (nc <= k) {
    const extra = await sourceSample(r, Math.min(r.n, 10 * k), rng);
    const out = new Float64Array(k * d);
    out.set(cand.subarray(0, Math.min(nc, k) * d));
    for (let c = nc; c < k; c++)
      out.set(extra.x.subarray(((c - nc) % extra.n) * d, ((c - nc) % extra.n) * d + d), c * d);
    return out;
  }
  const near = nearestMany(dialect, x, cand, nc, r.n);
  const key = r.shardKey === null ? '' : 'shard_key, ';
  const wRows = await runQuery(
    r.source,
    `SELECT ${key}${near.label} AS label, CAST(COUNT(*) AS DOUBLE PRECISION) FROM ${withDistances(near)} GROUP BY ${key === '' ? '1' : '1, 2'}`,
  );
  const w = new Float64Array(nc);
  const o = key === '' ? 0 : 1;
  for (const row of wRows) w[toNumber(row[o])] += toNumber(row[o + 1]);
  return localWeightedKMeans(cand, nc, d, w, k, rng);
}

/** Spark's LocalKMeans step: weighted k-means++ on the candidates, then weighted Lloyd (30 iterations) on them. */
function localWeightedKMeans(
  cand: Float64Array,
  nc: number,
  d: number,
  w: Float64Array,
  k: number,
  rng: Rng,
): Float64Array {
  let centers = kmeansPlusPlus(cand, nc, d, k, w, rng).centers;
  const sums = new Float64Array(k * d);
  const wc = new Float64Array(k);
  const shift = new Float64Array(k);
  for (let it = 0; it < 30; it++) {
    sums.fill(0);
    wc.fill(0);
    for (let i = 0; i < nc; i++) {
      let best = 0;
      let bestSq = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        let sq = 0;
        for (let j = 0; j < d; j++) {
          const t = cand[i * d + j] - centers[c * d + j];
          sq += t * t;
        }
        if (sq < bestSq) {
          bestSq = sq;
          best = c;
        }
      }
      wc[best] += w[i];
      for (let j = 0; j < d; j++) sums[best * d + j] += w[i] * cand[i * d + j];
    }
    averageCenters(sums, wc, k, d, centers);
    const moved = centerShift(centers, sums, k, d, shift);
    centers = sums.slice();
    if (moved === 0) break;
  }
  return centers;
}

/** Initial centers (k×d, centered) for a fit on a source. */
export async function sourceInitialCenters(
  r: ResolvedSource,
  kind: 'k-means||' | 'k-means++' | 'random',
  k: number,
  sampleSize: number,
  rng: Rng,
): Promise<Float64Array> {
  if (kind === 'k-means||') return kmeansParallelInit(r, k, rng);
  const s = await sourceSample(r, Math.max(sampleSize, k), rng);
  if (s.n < k) {
    throw new ValidationError(
      `the seeded sample of source "${r.source.label}" has ${s.n} rows, fewer than nClusters=${k}; raise sampleSize.`,
      { param: 'sampleSize' },
    );
  }
  if (kind === 'random') return randomRows(s.x, s.n, r.d, k, rng);
  return kmeansPlusPlus(s.x, s.n, r.d, k, new Float64Array(s.n).fill(1), rng).centers;
}

/**
 * Writes the nearest-center label of every row of the source into a new table `into`: the source's columns and
 * `label` (INTEGER), one `CREATE TABLE … AS SELECT` statement. `centers` k×d on the original scale.
 */
export async function writeSourceLabels(
  source: SqlSource,
  names: readonly string[],
  where: string,
  centers: Float64Array,
  k: number,
  into: string,
  unit = false,
): Promise<void> {
  const x = unit
    ? featureExprs({ names, mean: new Float64Array(names.length), unit })
    : names.map((c) => `CAST(${quoteIdent(c)} AS DOUBLE PRECISION)`);
  const pair = nearestPair(source.engine.dialect, x, centers, k, unit);
  await createTableAs(source, into, `SELECT s.*, ${labelOf(pair)} AS label FROM ${source.relation} AS s ${where}`);
}

/** What {@link fitKMeansOnSource} returns: the kept run on the original scale, and the fit's facts. */
export interface SourceKMeansResult extends SourceRun {
  seed: number;
  d: number;
  runInertias: number[];
  warnings: ModelWarning[];
}

/**
 * KMeans.fitSource's body: resolves the source (columns, count, means, variance), then `nInit` runs from the
 * initialisation (explicit centers, or the source options' / estimator's method on the engine), keeping the lowest
 * inertia; centers are returned on the original scale.
 * @throws {@link ValidationError} on a bad source (see `resolveSource`), nClusters > rows, or init with the wrong
 *   number of columns
 */
export async function fitKMeansOnSource(
  source: SqlSource,
  init: ResolvedInit,
  o: { nClusters: number; maxIter: number; tol: number; nInit: number | 'auto'; seed: number | undefined },
  opts: SourceFitOptions,
  unit = false,
): Promise<SourceKMeansResult> {
  const k = o.nClusters;
  const r = await resolveSource(source, opts.shardKey, unit);
  const d = r.d;
  checkFitShape(init, k, r.n, d);
  const { seed, rng } = seededRng(o.seed);
  const tol = o.tol === 0 || unit ? o.tol : o.tol * r.meanVariance;
  const kind = opts.init ?? (init.kind === 'explicit' ? 'explicit' : init.kind);
  const sampleSize = checkInt(opts.sampleSize ?? 10_000, 'sampleSize', 1);
  const runInertias: number[] = [];
  const warnings: ModelWarning[] = [];
  let best: SourceRun | null = null;
  const nRuns = restartCount(o.nInit, kind === 'explicit' ? 'explicit' : kind === 'random' ? 'random' : 'k-means++');
  for (let run = 0; run < nRuns; run++) {
    let start: Float64Array;
    if (kind === 'explicit') {
      start = (init.centers as Float64Array).slice();
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) start[c * d + j] -= r.mean[j];
    } else {
      start = await sourceInitialCenters(r, kind, k, sampleSize, rng);
    }
    const res = await runSourceLloyd(r, start, k, o.maxIter, tol, opts.onIteration);
    runInertias.push(res.inertia);
    if (best === null || res.inertia < best.inertia) best = res;
  }
  const kept = best as SourceRun;
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) kept.centers[c * d + j] += r.mean[j];
  if (!kept.converged && (o.tol > 0 || unit)) {
    warnings.push(convergenceWarning(unit ? 'spherical k-means' : 'k-means', o.maxIter));
  }
  return { ...kept, seed, d, runInertias, warnings };
}

/**
 * KMeans.predictSource's body: checks the source's columns against the model's d, then writes the labels table.
 * @returns the number of rows labelled
 */
export async function predictCentersOnSource(
  source: SqlSource,
  centers: Float64Array,
  k: number,
  d: number,
  into: string,
  unit = false,
): Promise<number> {
  const r = await resolveSource(source, undefined, unit);
  if (r.d !== d) {
    throw new ValidationError(
      `source "${source.label}" has ${r.d} feature columns but the model was fitted on ${d}; name the same columns.`,
      { param: 'columns' },
    );
  }
  await writeSourceLabels(source, r.names, r.where, centers, k, into, unit);
  return r.n;
}
