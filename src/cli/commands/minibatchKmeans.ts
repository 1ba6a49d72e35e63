/**
 * `clusterkit minibatch-kmeans INPUT -k N [--stream]`: mini-batch k-means (scikit-learn semantics). With
 * `--stream` the CSV/TSV file is read in chunks (bounded memory, any file size): one `partialFit` per chunk for
 * `--epochs` passes, then a second pass assigns labels.
 * @module
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../core/errors.js';
import { invertScaler } from '../../io/scale.js';
import { MiniBatchKMeans } from '../../kmeans/MiniBatchKMeans.js';
import { fitMiniBatchKMeansStream, type MiniBatchStreamResult } from '../../node/miniBatchStream.js';
import { scatterSvg } from '../../plot/scatter.js';
import {
  action,
  addInputOptions,
  addOutputOptions,
  type InputOptions,
  intArg,
  loadInput,
  numArg,
  type OutputOptions,
  printBackend,
  printJson,
  printWarnings,
  sameFile,
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

/** `--stream`: the CLI's checks and outputs around {@link fitMiniBatchKMeansStream}. */
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
  // Labels stream to a temp file next to --out, renamed over it once every row is written.
  let fd = -1;
  let tmp = '';
  if (o.out) {
    tmp = join(dirname(resolve(o.out)), `.${basename(o.out)}.${process.pid}.${Date.now()}.tmp`);
    fd = openSync(tmp, 'w');
    writeSync(fd, 'label\n');
  }
  let fit: MiniBatchStreamResult;
  try {
    fit = await fitMiniBatchKMeansStream(input, {
      nClusters: o.k,
      batchSize: o.batchSize,
      init:
        o.init === 'k-means++' || o.init === 'random'
          ? o.init
          : (d, scaler) => resolveCliInit(o.init, { X: { cols: d }, scaler }),
      nInit: o.nInit,
      reassignmentRatio: o.reassignmentRatio,
      seed: o.seed,
      chunkRows,
      epochs: o.epochs,
      columns: o.columns,
      header: o.header === false ? false : 'auto',
      delimiter: o.format === 'tsv' ? '\t' : o.format === 'csv' ? ',' : undefined,
      scale: o.scale ?? 'none',
      keepLabels: o.json,
      onLabels: fd >= 0 ? (labels) => writeSync(fd, `${labels.join('\n')}\n`) : undefined,
    });
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
  const { model: mbk, scaler: sc, centers, inertia, counts, rows, names } = fit;
  if (o.save) {
    const doc = { ...mbk.toJSON(), preprocessing: { columns: names, scaler: sc } };
    writeFileAtomic(o.save, `${JSON.stringify(doc)}\n`, [input]);
  }
  printWarnings(mbk.warnings, o.quiet);
  if (o.json) {
    printJson({ labels: fit.labels, centers, inertia, nSteps: mbk.nSteps, counts, rows, seed: mbk.seed });
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
