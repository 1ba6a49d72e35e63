/**
 * `clusterkit minibatch-kmeans INPUT -k N [--stream]`: mini-batch k-means (scikit-learn semantics). With
 * `--stream` the file (CSV/TSV, NDJSON, `.npy`, Parquet, Arrow IPC) is read in chunks (bounded memory, any file size): one `partialFit` per chunk for
 * `--epochs` passes, then a second pass assigns labels.
 * @module
 */
import type { Command } from 'commander';
import { ValidationError } from '../../core/errors.js';
import { invertScaler } from '../../core/scale.js';
import { MiniBatchKMeans } from '../../kmeans/MiniBatchKMeans.js';
import { fitMiniBatchKMeansStream, type MiniBatchStreamResult } from '../../node/miniBatchStream.js';
import {
  checkOutputExtension,
  formatRows,
  type InputOptions,
  intArg,
  numArg,
  type OutputOptions,
  printJson,
  printWarnings,
  readMatrixFile,
  warnBlankLines,
  writeFileAtomic,
} from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { noteInput, stageStreamedOutput } from '../outputs.js';
import { startProgress } from '../progress.js';
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
  fitCommand.registerFitCommand<MiniBatchCliOptions>(program, {
    name: 'minibatch-kmeans',
    description:
      'mini-batch k-means (scikit-learn semantics); --stream clusters a file larger than memory (CSV/TSV, NDJSON, .npy, Parquet, Arrow)',
    inputHelp: `${fitCommand.INPUT_HELP} (with --stream: a CSV/TSV, NDJSON, .npy, Parquet or Arrow file)`,
    options: (cmd) =>
      cmd
        .addOption(fitCommand.kOption())
        .option('--batch-size <n>', 'rows per mini-batch', intArg(1), 1024)
        .addOption(fitCommand.initOption())
        .addOption(fitCommand.nInitOption('initialisations tried on random subsets (default 3)'))
        .addOption(fitCommand.maxIterOption('maximum passes over the data', 100))
        .addOption(fitCommand.tolOption('relative tolerance on centre movement (0: off)', 0))
        .option('--max-no-improvement <n>', 'stop after n steps without a better smoothed inertia', intArg(0), 10)
        .option(
          '--reassignment-ratio <x>',
          'reassign centres with counts below x·max count',
          numArg({ nonNegative: true }),
          0.01,
        )
        .addOption(fitCommand.seedOption())
        .option('--stream', 'read the file in chunks: partialFit per chunk, then a second pass for labels')
        .option('--chunk-size <n>', 'rows per chunk with --stream (default: --batch-size)', intArg(1))
        .option('--epochs <n>', 'passes of partialFit over the file with --stream', intArg(1), 1),
    async intercept(input, o) {
      if (!o.stream) return false;
      await runStream(input, o);
      return true;
    },
    async fitSource(source, o, progressLine) {
      if (o.stream) {
        throw new ValidationError(
          '--stream reads a file in chunks; with --engine the engine samples the batches, leave --stream out.',
          {
            param: 'stream',
          },
        );
      }
      const mb = await new MiniBatchKMeans({
        nClusters: o.k,
        batchSize: o.batchSize,
        init: o.init === 'k-means++' || o.init === 'random' ? o.init : readMatrixFile(o.init, 'init'),
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        reassignmentRatio: o.reassignmentRatio,
        seed: o.seed,
      }).fitSource(source, {
        onChunk:
          progressLine &&
          ((steps, shift) => progressLine(`${steps} mini-batch steps: centre shift ${shift.toPrecision(3)}`)),
      });
      const centers = mb.clusterCenters;
      return {
        model: mb,
        writeLabels: (src, into) => mb.predictSource(src, { into }),
        json: () => ({ centers, inertia: mb.inertia, nIter: mb.nIter, nSteps: mb.nSteps, seed: mb.seed }),
        summary: () =>
          `mini-batch k-means on ${source.engine.dialect}: d=${centers.cols} k=${o.k} seed=${mb.seed}\n` +
          `inertia ${mb.inertia.toPrecision(8)}, ${mb.nSteps} steps (${mb.nIter} passes)\n` +
          `centres:\n${formatRows(centers)}\n`,
      };
    },
    fit(data, o) {
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
      return {
        model: mb,
        table: { label: mb.labels },
        plot: fitCommand.clusterScatter(data, mb.labels, `mini-batch k-means, k = ${o.k}`, centers),
        json: () => ({
          labels: mb.labels,
          centers,
          inertia: mb.inertia,
          nIter: mb.nIter,
          nSteps: mb.nSteps,
          seed: mb.seed,
        }),
        summary: () =>
          summary('mini-batch k-means', data, o.k, mb.labels, centers, [
            `inertia ${mb.inertia.toPrecision(8)}${fitCommand.scaledNote(data)}, ${mb.nSteps} steps (${mb.nIter} passes), seed=${mb.seed}`,
          ]),
      };
    },
  });
}

/** `--stream`: the CLI's checks and outputs around {@link fitMiniBatchKMeansStream}. */
async function runStream(input: string, o: MiniBatchCliOptions): Promise<void> {
  if (input === '-') {
    throw new ValidationError('--stream reads the file twice (fit, then labels); give a file path, not stdin.', {
      param: 'input',
    });
  }
  if (o.plot)
    throw new ValidationError('--plot is not available with --stream (the data are never all in memory).', {
      param: 'plot',
    });
  if (o.dropMissing) {
    throw new ValidationError(
      '--drop-missing is not available with --stream (a missing cell stops the stream with its line); clean the file, or leave --stream out.',
      { param: 'dropMissing' },
    );
  }
  if (o.truthColumn !== undefined) {
    throw new ValidationError('--truth-column is not available with --stream; select data columns with --columns.', {
      param: 'truthColumn',
    });
  }
  // Every input is known before the labels file is opened, so the output guard refuses --out naming any of them.
  noteInput(input);
  if (o.init !== 'k-means++' && o.init !== 'random') noteInput(o.init, '--init');
  if (o.out) checkOutputExtension(o.out, '--out', ['.csv', '.tsv']);
  const chunkRows = o.chunkSize ?? o.batchSize;
  // Labels stream to a temporary file, renamed over --out with the other outputs when the command succeeds.
  const labelsOut = o.out ? stageStreamedOutput('--out', o.out) : undefined;
  labelsOut?.write('label\n');
  let fit: MiniBatchStreamResult;
  // Passes until the first has counted the chunks, then chunks over every pass: only the percentage is shown.
  const bar = startProgress('minibatch-kmeans', (o.scale && o.scale !== 'none' ? 1 : 0) + o.epochs + 1, {
    quiet: o.quiet,
    counts: false,
  });
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
      format: o.format,
      scale: o.scale ?? 'none',
      keepLabels: o.json,
      onLabels: labelsOut ? (labels) => labelsOut.write(`${labels.join('\n')}\n`) : undefined,
      onProgress: (done, total) => {
        if (!Number.isNaN(total)) bar.update(done, total);
      },
    });
  } finally {
    bar.stop();
  }
  const { model: mbk, scaler: sc, centers, inertia, counts, rows, names } = fit;
  if (o.save) {
    const doc = { ...mbk.toJSON(), preprocessing: { columns: names, scaler: sc } };
    writeFileAtomic(o.save, `${JSON.stringify(doc)}\n`, [input], '--save');
  }
  printWarnings(mbk.warnings, o.quiet);
  if (fit.blankLines) warnBlankLines(fit.blankLines.count, fit.blankLines.first, o.quiet);
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
