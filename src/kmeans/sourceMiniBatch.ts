/**
 * Mini-batch k-means on a SQL source (`MiniBatchKMeans.fitSource`): the batches come from seeded engine-side samples
 * (src/engine/sql/passSql.ts `sampleSql`), fetched `chunkBatches` batches per statement, shuffled here and fed to the
 * in-memory mini-batch step (`partialFit`); the initial centers the best of `nInit` k-means++ runs on one seeded
 * sample of `initSize` rows,
 * the final inertia one aggregate statement.
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
import type { SqlSource } from '../engine/sql/engine.js';
import { inertiaSum, type ResolvedSource, resolveSource, totals } from '../engine/sql/passSql.js';
import { assignLabels } from './common.js';
import { bestOfRuns } from './family.js';
import { kmeansPlusPlus, randomRows } from './init.js';
import { sourceSample } from './sourceKMeans.js';

/** Options of `MiniBatchKMeans.fitSource`. */
export interface SourceMiniBatchOptions {
  /** Mini-batch steps (default ⌊maxIter·n / batchSize⌋, as `fit`). */
  maxSteps?: number;
  /** Batches fetched by one sample statement. @defaultValue 64 */
  chunkBatches?: number;
  /** Called after every chunk of steps with the steps done so far and the last step's squared center change. */
  onChunk?: (stepsDone: number, shift: number) => void;
}

/** What the driving estimator provides: the mini-batch step on a batch, and its current centers. */
export interface MiniBatchDriver {
  /** Runs one step on `batch` (b×d, centered rows); the first call starts from `init` (k×d, centered). */
  step(batch: Float64Array, b: number, init: Float64Array): void;
  /** The current k×d centers (centered). */
  centers(): Float64Array;
}

/** The outcome of a mini-batch fit on a source (centers centered; add `mean`). */
export interface SourceMiniBatchRun {
  r: ResolvedSource;
  steps: number;
  stopped: boolean;
}

/** Fisher–Yates shuffle of the rows of x (m×d) with `rng`. */
function shuffleRows(x: Float64Array, m: number, d: number, rng: Rng): void {
  const tmp = new Float64Array(d);
  for (let i = m - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    if (j === i) continue;
    tmp.set(x.subarray(i * d, i * d + d));
    x.copyWithin(i * d, j * d, j * d + d);
    x.set(tmp, j * d);
  }
}

/**
 * The mini-batch loop on a source: resolve, initial centers (explicit, or the best of `nInit` k-means++ runs on a
 * seeded sample of `initSize` rows, scored on it), then chunks of `chunkBatches·b` sampled rows, shuffled, stepped through b rows at a time, until
 * `maxSteps` steps or a step whose squared center change ≤ tol·(mean column variance).
 * @throws {@link ValidationError} on a bad source or nClusters > rows
 */
export async function fitMiniBatchOnSource(
  source: SqlSource,
  o: {
    k: number;
    batchSize: number;
    maxIter: number;
    tol: number;
    initSize: number | undefined;
    nInit: number;
    random?: boolean;
  },
  explicit: Float64Array | null,
  driver: MiniBatchDriver,
  rng: Rng,
  opts: SourceMiniBatchOptions,
): Promise<SourceMiniBatchRun> {
  const r = await resolveSource(source);
  const { k } = o;
  const d = r.d;
  if (r.n < k) {
    throw new ValidationError(`source "${source.label}" has ${r.n} rows, fewer than nClusters=${k}; lower nClusters.`, {
      param: 'nClusters',
    });
  }
  const b = Math.min(o.batchSize, r.n);
  let init: Float64Array;
  if (explicit !== null) {
    if (explicit.length !== k * d) {
      throw new ValidationError(
        `init has ${explicit.length / k} columns but source "${source.label}" has ${d}; give k rows of ${d} values.`,
        { param: 'init' },
      );
    }
    init = explicit.slice();
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) init[c * d + j] -= r.mean[j];
  } else {
    // nInit k-means++ (or random) runs on one seeded sample of initSize rows, the best by its inertia on that sample.
    const initSize = Math.min(r.n, Math.max(o.initSize ?? 3 * b, 3 * k));
    const sample = await sourceSample(r, initSize, rng);
    if (sample.n < k) {
      throw new ValidationError(
        `the seeded sample of source "${source.label}" has ${sample.n} rows, fewer than nClusters=${k}; raise initSize.`,
        { param: 'initSize' },
      );
    }
    const w = new Float64Array(sample.n).fill(1);
    const labels = new Int32Array(sample.n);
    const minSq = new Float64Array(sample.n);
    init = bestOfRuns(o.nInit, () => {
      const centers =
        o.random === true
          ? randomRows(sample.x, sample.n, d, k, rng)
          : kmeansPlusPlus(sample.x, sample.n, d, k, w, rng).centers;
      return { centers, inertia: assignLabels(sample.x, sample.n, d, centers, k, w, labels, minSq) };
    }).centers;
  }
  const maxSteps = opts.maxSteps ?? Math.floor((o.maxIter * r.n) / b);
  const chunk = Math.max(1, opts.chunkBatches ?? 64) * b;
  const tol = o.tol * r.meanVariance;
  let steps = 0;
  let stopped = false;
  const prev = new Float64Array(k * d);
  while (steps < maxSteps && !stopped) {
    const s = await sourceSample(r, chunk, rng);
    shuffleRows(s.x, s.n, d, rng);
    let shift = 0;
    for (let off = 0; off + b <= s.n && steps < maxSteps; off += b) {
      prev.set(steps === 0 ? init : driver.centers());
      driver.step(s.x.subarray(off * d, (off + b) * d), b, init);
      steps++;
      const now = driver.centers();
      shift = 0;
      for (let t = 0; t < k * d; t++) shift += (now[t] - prev[t]) * (now[t] - prev[t]);
      if (tol > 0 && steps > 1 && shift <= tol) {
        stopped = true;
        break;
      }
    }
    opts.onChunk?.(steps, shift);
    if (s.n < b) break;
  }
  return { r, steps, stopped };
}

/** Σ‖x − nearest center‖² over the source (one statement); `centers` k×d centered. */
export async function sourceInertia(r: ResolvedSource, centers: Float64Array, k: number): Promise<number> {
  const [inertia] = await totals(r, [inertiaSum(r, centers, k)]);
  return inertia;
}
