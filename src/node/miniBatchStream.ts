/**
 * Mini-batch k-means over a data file larger than memory (CSV/TSV, `.npy`, Parquet, Arrow IPC): column statistics in one streamed pass (when scaling),
 * `partialFit` chunk by chunk for some epochs, then a labelling pass. Node only (reads files).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { applyScaler, invertScaler, type ScaleKind, type Scaler } from '../core/scale.js';
import type { InputFormat } from '../io/formats.js';
import { MiniBatchKMeans, type MiniBatchKMeansOptions } from '../kmeans/MiniBatchKMeans.js';
import { type DataStreamOptions, streamDataChunks, streamFormatOf } from './dataStream.js';

/**
 * How {@link fitMiniBatchKMeansStream} starts: `'k-means++'`, `'random'`, k×d centers in the file's units (scaled
 * like the data), or a function of the number of columns d and the fitted scaler that returns one of those (already
 * scaled), called once, on the first chunk of the first epoch.
 */
export type StreamInit =
  | 'k-means++'
  | 'random'
  | MatrixLike
  | ((d: number, scaler: Scaler) => 'k-means++' | 'random' | Matrix);

/** Options of {@link fitMiniBatchKMeansStream}. */
export interface MiniBatchStreamOptions
  extends Pick<MiniBatchKMeansOptions, 'batchSize' | 'nInit' | 'reassignmentRatio' | 'seed'> {
  /** Number of clusters k. */
  nClusters: number;
  /** Initialization. @defaultValue 'k-means++' */
  init?: StreamInit;
  /** Rows per chunk, i.e. per `partialFit` call. @defaultValue batchSize (1024) */
  chunkRows?: number;
  /** Passes of `partialFit` over the file. @defaultValue 1 */
  epochs?: number;
  /** Feature columns by name or 0-based index, comma-separated. @defaultValue every column */
  columns?: string;
  /** Whether the first line is a header (CSV/TSV). @defaultValue 'auto' */
  header?: boolean | 'auto';
  /** Field delimiter (CSV/TSV). @defaultValue ',' ('\t' for `.tsv`/`.tab` files) */
  delimiter?: string;
  /** Input format (csv, tsv, npy, parquet, arrow). @defaultValue from the extension, then the first bytes */
  format?: InputFormat;
  /** Scaling fitted on the whole file in a first streamed pass and applied to every chunk. @defaultValue 'none' */
  scale?: ScaleKind;
  /** Keep every label in memory and return them as `labels` (n Int32 values). @defaultValue false */
  keepLabels?: boolean;
  /** Called with the labels of each chunk of the labelling pass, in file order (e.g. to stream them to a file). */
  onLabels?: (labels: Int32Array) => void;
  /**
   * Called after each chunk with the chunks read so far, over every pass (scaling, `epochs` of fitting, labelling),
   * and their total: NaN during the first pass, which counts the chunks of the file. For a progress bar; it does
   * not change the result.
   */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link fitMiniBatchKMeansStream} returns. */
export interface MiniBatchStreamResult {
  /** The fitted model, on scaled data when `scale` is not 'none'. */
  model: MiniBatchKMeans;
  /** The scaler applied to every chunk (kind 'none': offset 0, scale 1). */
  scaler: Scaler;
  /** Names of the selected columns. */
  names: string[];
  /** The cluster centers in the file's units (k×d). */
  centers: Matrix;
  /** Σ of squared distances to the nearest center over the whole file, on the scaled data. */
  inertia: number;
  /** Rows per cluster (length k). */
  counts: number[];
  /** Rows in the file. */
  rows: number;
  /** Blank lines skipped between the rows of a one-column CSV/TSV file (see `streamCsvChunks`), when any. */
  blankLines?: { count: number; first: number[] };
  /** Every label, in file order, when `keepLabels` was set. */
  labels?: Int32Array;
}

/** Running column statistics: Welford mean and M2, minimum and maximum. */
interface ColumnStats {
  n: number;
  mean: Float64Array;
  m2: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

/** One streamed pass of column statistics → the scaler of `kind` ('standard': mean and population sd; 'minmax'). */
async function streamScaler(
  path: string,
  kind: ScaleKind,
  opts: DataStreamOptions,
  onChunk: () => void,
): Promise<Scaler> {
  const acc: { stats: ColumnStats | null } = { stats: null };
  await streamDataChunks(path, opts, (X) => {
    onChunk();
    const d = X.cols;
    acc.stats ??= {
      n: 0,
      mean: new Float64Array(d),
      m2: new Float64Array(d),
      lo: new Float64Array(d).fill(Number.POSITIVE_INFINITY),
      hi: new Float64Array(d).fill(Number.NEGATIVE_INFINITY),
    };
    const { mean, m2, lo, hi } = acc.stats;
    for (let i = 0; i < X.rows; i++) {
      const n = ++acc.stats.n;
      for (let j = 0; j < d; j++) {
        const v = X.data[i * d + j];
        const delta = v - mean[j];
        mean[j] += delta / n; // Welford
        m2[j] += delta * (v - mean[j]);
        if (v < lo[j]) lo[j] = v;
        if (v > hi[j]) hi[j] = v;
      }
    }
  });
  const s = acc.stats as ColumnStats; // streamDataChunks throws on a file without data rows
  if (kind === 'standard') {
    const mu = Array.from(s.mean);
    return { kind, offset: mu, scale: mu.map((_, j) => (s.m2[j] > 0 ? Math.sqrt(s.m2[j] / s.n) : 1)) };
  }
  const l = Array.from(s.lo);
  return { kind, offset: l, scale: l.map((v, j) => (s.hi[j] > v ? s.hi[j] - v : 1)) };
}

/** The initialization for d columns: a resolver's answer, or explicit centers scaled like the data. */
function resolveInit(init: StreamInit, d: number, scaler: Scaler): 'k-means++' | 'random' | Matrix {
  if (typeof init === 'function') return init(d, scaler);
  if (init === 'k-means++' || init === 'random') return init;
  const centers = isMatrix(init) ? init : toMatrix(init, 'init');
  if (centers.cols !== d) {
    throw new ValidationError(
      `init has ${centers.cols} columns but the data has ${d}; give one value per feature.`,
      { param: 'init' },
      'INVALID_OPTION',
    );
  }
  return applyScaler(centers, scaler);
}

/**
 * Fits mini-batch k-means to a data file chunk by chunk, in memory O(chunkRows·d + k·d) whatever the file size,
 * then labels every row in a second pass. Reads CSV/TSV, `.npy`, Parquet and Arrow IPC through
 * {@link streamDataChunks} (Parquet/Arrow: plus one row group / record batch).
 *
 * @remarks
 * Passes over the file: one for the scaler when `scale` is not 'none' (Welford mean and M2, so sd =
 * √(M2/n), or min and max), `epochs` of `partialFit` (one mini-batch step per chunk, scikit-learn's
 * `MiniBatchKMeans.partial_fit`), and one that assigns each row to its nearest center, accumulating
 * inertia = Σᵢ min_c ‖xᵢ − μ_c‖² and the cluster sizes. O(epochs·n·k·d) time. The model only ever sees the chunks,
 * so the result depends on `chunkRows` and equals `new MiniBatchKMeans(opts)` fed the same chunks by `partialFit`;
 * the chunks, and so the fit, are the same for the same values in any format.
 * @param path - a CSV/TSV, NDJSON, `.npy`, Parquet or Arrow IPC file (read `epochs` + 1 or + 2 times, so not stdin)
 * @param opts - k, chunking, columns, scaling and what to do with the labels
 * @throws `ValidationError` on bad options or an init of the wrong width
 * @throws `ParseError` on a non-numeric, missing or non-finite cell (with its line or row and column) or a
 * ragged row; `ValidationError` for a format that cannot be streamed (JSON)
 * @example
 * ```ts
 * const { model, counts } = await fitMiniBatchKMeansStream('big.csv', { nClusters: 8, chunkRows: 4096, seed: 1 });
 * ```
 */
export async function fitMiniBatchKMeansStream(
  path: string,
  opts: MiniBatchStreamOptions,
): Promise<MiniBatchStreamResult> {
  const batchSize = opts.batchSize ?? 1024;
  const epochs = opts.epochs ?? 1;
  const streamOpts: DataStreamOptions = {
    format: streamFormatOf(path, opts.format),
    chunkRows: opts.chunkRows ?? batchSize,
    columns: opts.columns,
    header: opts.header ?? 'auto',
    delimiter: opts.delimiter,
  };
  const kind = opts.scale ?? 'none';
  const passes = (kind === 'none' ? 0 : 1) + epochs + 1;
  const progress = { done: 0, perPass: Number.NaN };
  const chunkDone = (): void => opts.onProgress?.(++progress.done, passes * progress.perPass);
  const firstPassDone = (): void => {
    if (Number.isNaN(progress.perPass) && progress.done > 0) progress.perPass = progress.done;
  };
  const fitted: { scaler: Scaler | null; model: MiniBatchKMeans | null } = {
    scaler: kind === 'none' ? null : await streamScaler(path, kind, streamOpts, chunkDone),
    model: null,
  };
  firstPassDone();
  let names: string[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const res = await streamDataChunks(path, streamOpts, (X) => {
      const d = X.cols;
      fitted.scaler ??= { kind: 'none', offset: new Array(d).fill(0), scale: new Array(d).fill(1) };
      fitted.model ??= new MiniBatchKMeans({
        nClusters: opts.nClusters,
        batchSize,
        init: resolveInit(opts.init ?? 'k-means++', d, fitted.scaler),
        nInit: opts.nInit,
        reassignmentRatio: opts.reassignmentRatio,
        seed: opts.seed,
      });
      fitted.model.partialFit(applyScaler(X, fitted.scaler));
      chunkDone();
    });
    names = res.names;
    firstPassDone();
  }
  // streamDataChunks throws on a file without data rows, so the first chunk created both.
  const model = fitted.model as MiniBatchKMeans;
  const scaler = fitted.scaler as Scaler;
  const parts: Int32Array[] = [];
  let inertia = 0;
  const counts = new Array<number>(opts.nClusters).fill(0);
  const res = await streamDataChunks(path, streamOpts, (X) => {
    const Xs = applyScaler(X, scaler);
    const labels = model.predict(Xs);
    inertia -= model.score(Xs);
    for (const l of labels) counts[l]++;
    if (opts.keepLabels) parts.push(labels);
    opts.onLabels?.(labels);
    chunkDone();
  });
  names = res.names;
  const rows = counts.reduce((a, b) => a + b, 0);
  const result: MiniBatchStreamResult = {
    model,
    scaler,
    names,
    centers: invertScaler(model.clusterCenters, scaler),
    inertia,
    counts,
    rows,
  };
  if (res.blankLines !== undefined) result.blankLines = res.blankLines;
  if (opts.keepLabels) {
    const labels = new Int32Array(rows);
    let off = 0;
    for (const p of parts) {
      labels.set(p, off);
      off += p.length;
    }
    result.labels = labels;
  }
  return result;
}
