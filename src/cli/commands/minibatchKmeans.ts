/**
 * `clusterkit minibatch-kmeans INPUT -k N [--stream]`: mini-batch k-means (scikit-learn semantics). With
 * `--stream` the CSV/TSV file is read in chunks (bounded memory, any file size): one `partialFit` per chunk for
 * `--epochs` passes, then a second pass assigns labels.
 * @module
 */
import { closeSync, openSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../core/errors.js';
import { streamCsvChunks } from '../../io/nodeCsvStream.js';
import { applyScaler, invertScaler, type ScaleKind, type Scaler } from '../../io/scale.js';
import { MiniBatchKMeans } from '../../kmeans/MiniBatchKMeans.js';
import { scatterSvg } from '../../plot/scatter.js';
import {
  action,
  addInputOptions,
  addOutputOptions,
  type InputData,
  type InputOptions,
  intArg,
  loadInput,
  numArg,
  type OutputOptions,
  printBackend,
  printJson,
  printWarnings,
  saveModel,
  writeFileAtomic,
  writePlot,
  writePointTable,
} from '../common.js';
import { resolveCliInit, summary } from './familyCommon.js';

interface MiniBatchCliOptions extends InputOptions, OutputOptions {
  k: number;
  batchSize: number;
  init: string;
  nInit?: number;
  maxIter: number;
  tol: number;
  maxNoImprovement: number;
  reassignmentRatio: number;
  seed?: number;
  stream?: boolean;
  chunkSize?: number;
  epochs: number;
}

/** Registers `minibatch-kmeans`. */
export function register(program: Command): void {
  const cmd = program
    .command('minibatch-kmeans')
    .description('mini-batch k-means (scikit-learn semantics); --stream clusters a CSV larger than memory')
    .argument(
      '<input>',
      "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin (a CSV/TSV file with --stream)",
    )
    .requiredOption('-k, --k <n>', 'number of clusters', intArg(1))
    .option('--batch-size <n>', 'rows per mini-batch', intArg(1), 1024)
    .option('--init <how>', "'k-means++', 'random', or a FILE of k initial centres", 'k-means++')
    .option('--n-init <n>', 'initialisations tried on random subsets (default 3)', intArg(1))
    .option('--max-iter <n>', 'maximum passes over the data', intArg(1), 100)
    .option('--tol <x>', 'relative tolerance on centre movement (0: off)', numArg({ nonNegative: true }), 0)
    .option('--max-no-improvement <n>', 'stop after n steps without a better smoothed inertia', intArg(0), 10)
    .option(
      '--reassignment-ratio <x>',
      'reassign centres with counts below x·max count',
      numArg({ nonNegative: true }),
      0.01,
    )
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0))
    .option('--stream', 'read the file in chunks: partialFit per chunk, then a second pass for labels')
    .option('--chunk-size <n>', 'rows per chunk with --stream (default: --batch-size)', intArg(1))
    .option('--epochs <n>', 'passes of partialFit over the file with --stream', intArg(1), 1);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(
    action(async (input: string, o: MiniBatchCliOptions) => {
      if (o.stream) {
        await runStream(input, o);
        return;
      }
      const data = await loadInput(input, o);
      const mb = new MiniBatchKMeans({
        nClusters: o.k,
        batchSize: o.batchSize,
        init: resolveCliInit(o.init, data),
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        maxNoImprovement: o.maxNoImprovement,
        reassignmentRatio: o.reassignmentRatio,
        seed: o.seed,
      }).fit(data.X);
      const centers = invertScaler(mb.clusterCenters, data.scaler);
      if (o.out) writePointTable(o.out, { label: mb.labels }, data);
      if (o.save) saveModel(o.save, mb.toJSON(), data);
      if (o.plot) {
        const svg = scatterSvg(data.raw, {
          labels: mb.labels,
          centers,
          title: `mini-batch k-means, k = ${o.k}`,
          columnNames: data.names,
        });
        await writePlot(o.plot, svg, data);
      }
      printBackend(mb, o);
      printWarnings(mb.warnings, o.quiet);
      if (o.json) {
        printJson({
          labels: mb.labels,
          centers,
          inertia: mb.inertia,
          nIter: mb.nIter,
          nSteps: mb.nSteps,
          seed: mb.seed,
        });
      } else if (!o.quiet) {
        process.stdout.write(
          summary('mini-batch k-means', data, o.k, mb.labels, centers, [
            `inertia ${mb.inertia.toPrecision(8)}${data.scaler.kind !== 'none' ? ` (on ${data.scaler.kind}-scaled data)` : ''}, ${mb.nSteps} steps (${mb.nIter} passes), seed=${mb.seed}`,
          ]),
        );
      }
    }),
  );
}

/** Column statistics of the whole file (one streamed pass) for --scale with --stream. */
async function streamScaler(path: string, kind: ScaleKind, o: MiniBatchCliOptions, chunkRows: number): Promise<Scaler> {
  let n = 0;
  let mean: Float64Array | null = null;
  let m2: Float64Array | null = null;
  let lo: Float64Array | null = null;
  let hi: Float64Array | null = null;
  await streamCsvChunks(path, { chunkRows, columns: o.columns, header: o.header === false ? false : 'auto' }, (X) => {
    const d = X.cols;
    if (mean === null) {
      mean = new Float64Array(d);
      m2 = new Float64Array(d);
      lo = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
      hi = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
    }
    const mu = mean as Float64Array;
    const s2 = m2 as Float64Array;
    const l = lo as unknown as Float64Array;
    const h = hi as unknown as Float64Array;
    for (let i = 0; i < X.rows; i++) {
      n++;
      for (let j = 0; j < d; j++) {
        const v = X.data[i * d + j];
        const delta = v - mu[j];
        mu[j] += delta / n; // Welford
        s2[j] += delta * (v - mu[j]);
        if (v < l[j]) l[j] = v;
        if (v > h[j]) h[j] = v;
      }
    }
  });
  const mu = Array.from(mean as unknown as Float64Array);
  if (kind === 'standard') {
    const s2 = m2 as unknown as Float64Array;
    return { kind, offset: mu, scale: mu.map((_, j) => (s2[j] > 0 ? Math.sqrt(s2[j] / n) : 1)) };
  }
  const l = Array.from(lo as unknown as Float64Array);
  const h = hi as unknown as Float64Array;
  return { kind, offset: l, scale: l.map((v, j) => (h[j] > v ? h[j] - v : 1)) };
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

async function runStream(input: string, o: MiniBatchCliOptions): Promise<void> {
  if (input === '-') {
    throw new ValidationError('--stream reads the file twice (fit, then labels); give a file path, not stdin.', {
      param: 'input',
    });
  }
  const lower = input.toLowerCase();
  if (o.format === 'json' || o.format === 'ndjson' || lower.endsWith('.json') || lower.endsWith('.ndjson')) {
    throw new ValidationError('--stream reads CSV or TSV files; convert the input or drop --stream.', {
      param: 'format',
    });
  }
  if (o.plot)
    throw new ValidationError('--plot is not available with --stream (the data are never all in memory).', {
      param: 'plot',
    });
  if (o.truthColumn !== undefined) {
    throw new ValidationError('--truth-column is not available with --stream; select data columns with --columns.', {
      param: 'truthColumn',
    });
  }
  if (o.out && sameFile(o.out, input)) {
    throw new ValidationError(`Refusing to overwrite the input file ${input}; choose another output path.`, {
      param: 'out',
    });
  }
  const chunkRows = o.chunkSize ?? o.batchSize;
  const streamOpts = {
    chunkRows,
    columns: o.columns,
    header: o.header === false ? (false as const) : ('auto' as const),
    delimiter: o.format === 'tsv' ? '\t' : o.format === 'csv' ? ',' : undefined,
  };
  const kind = o.scale ?? 'none';
  let scaler: Scaler | null = kind === 'none' ? null : await streamScaler(input, kind, o, chunkRows);
  let model: MiniBatchKMeans | null = null;
  let names: string[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const res = await streamCsvChunks(input, streamOpts, (X) => {
      if (model === null) {
        const d = X.cols;
        if (scaler === null) scaler = { kind: 'none', offset: new Array(d).fill(0), scale: new Array(d).fill(1) };
        const data = { X, names: [], scaler } as unknown as InputData;
        model = new MiniBatchKMeans({
          nClusters: o.k,
          batchSize: o.batchSize,
          init: resolveCliInit(o.init, data),
          nInit: o.nInit,
          reassignmentRatio: o.reassignmentRatio,
          seed: o.seed,
        });
      }
      (model as MiniBatchKMeans).partialFit(applyScaler(X, scaler as Scaler));
    });
    names = res.names;
  }
  const mbk = model as unknown as MiniBatchKMeans;
  const sc = scaler as unknown as Scaler;
  // Second pass: labels (kept for --json, streamed to --out) and the inertia of the whole file.
  const parts: Int32Array[] = [];
  let inertia = 0;
  const counts = new Array(o.k).fill(0);
  let fd = -1;
  let tmp = '';
  if (o.out) {
    tmp = join(dirname(resolve(o.out)), `.${basename(o.out)}.${process.pid}.${Date.now()}.tmp`);
    fd = openSync(tmp, 'w');
    writeSync(fd, 'label\n');
  }
  try {
    const res = await streamCsvChunks(input, streamOpts, (X) => {
      const Xs = applyScaler(X, sc);
      const labels = mbk.predict(Xs);
      inertia -= mbk.score(Xs);
      for (const l of labels) counts[l]++;
      if (o.json) parts.push(labels);
      if (fd >= 0) writeSync(fd, `${labels.join('\n')}\n`);
    });
    names = res.names;
    if (fd >= 0) {
      closeSync(fd);
      fd = -1;
      renameSync(tmp, o.out as string);
    }
  } finally {
    if (fd >= 0) {
      closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch {
        /* nothing to clean */
      }
    }
  }
  const centers = invertScaler(mbk.clusterCenters, sc);
  const rows = counts.reduce((a: number, b: number) => a + b, 0);
  if (o.save) {
    const doc = { ...mbk.toJSON(), preprocessing: { columns: names, scaler: sc } };
    writeFileAtomic(o.save, `${JSON.stringify(doc)}\n`, [input]);
  }
  printWarnings(mbk.warnings, o.quiet);
  if (o.json) {
    const labels = new Int32Array(rows);
    let off = 0;
    for (const p of parts) {
      labels.set(p, off);
      off += p.length;
    }
    printJson({ labels, centers, inertia, nSteps: mbk.nSteps, counts, rows, seed: mbk.seed });
  } else if (!o.quiet) {
    const d = centers.cols;
    const lines = [];
    for (let c = 0; c < o.k; c++)
      lines.push(
        `  ${String(c).padStart(3)}: ${Array.from(centers.data.subarray(c * d, (c + 1) * d), (v) => v.toFixed(4).padStart(11)).join(' ')}`,
      );
    process.stdout.write(
      `mini-batch k-means (streamed): n=${rows} d=${d} k=${o.k}, ${mbk.nSteps} chunks of ≤${chunkRows} rows over ${o.epochs} epoch(s), seed=${mbk.seed}\n` +
        `inertia ${inertia.toPrecision(8)}${sc.kind !== 'none' ? ` (on ${sc.kind}-scaled data)` : ''}\n` +
        `cluster sizes: ${counts.join(', ')}\n` +
        `centres (${names.join(', ')}):\n${lines.join('\n')}\n`,
    );
  }
}
