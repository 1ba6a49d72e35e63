/**
 * `clusterkit predict MODEL.json INPUT`: applies a saved model (from any command's `--save`) to new data, with the
 * same preprocessing — the same columns by name and the same scaler — and writes labels, memberships or log
 * densities.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { ValidationError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { applyScaler, scalerLogJacobian } from '../../core/scale.js';
import { INPUT_FORMATS, type InputFormat, selectColumns } from '../../io/formats.js';
import { type LoadedModel, loadModel, type PointColumns } from '../../models/loadModel.js';
import { action, clusterSizes, formatPointTable, intArg, loadTable, printJson, writeFileAtomic } from '../common.js';
import { noteInput } from '../outputs.js';
import { startProgress } from '../progress.js';

interface PredictCliOptions {
  columns?: string;
  format?: InputFormat;
  header?: boolean;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  chunkRows: number;
}

/** Reads and checks a model file. */
export function readModelFile(path: string): LoadedModel {
  let text: string;
  noteInput(path, 'model');
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ValidationError(
      code === 'ENOENT'
        ? `Model file not found: ${path}`
        : `Cannot read the model file ${path}: ${(e as Error).message}`,
      { param: 'model' },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(
      `Not a clusterkit model file: ${path} is not valid JSON (${(e as Error).message}); pass a file written by --save.`,
      { param: 'model' },
    );
  }
  return loadModel(json);
}

function sliceRows(m: Matrix, start: number, end: number): Matrix {
  return { rows: end - start, cols: m.cols, data: m.data.subarray(start * m.cols, end * m.cols) };
}

/** Predicts in chunks of rows (a progress bar on a TTY), concatenating the per-point columns. */
function predictChunked(model: LoadedModel, X: Matrix, chunkRows: number, quiet?: boolean): PointColumns {
  const nChunks = Math.max(1, Math.ceil(X.rows / chunkRows));
  const bar = startProgress('predict', nChunks, { quiet });
  const out: PointColumns = {};
  try {
    for (let c = 0; c < nChunks; c++) {
      const start = c * chunkRows;
      const end = Math.min(X.rows, start + chunkRows);
      const part = model.predict(sliceRows(X, start, end));
      for (const [k, v] of Object.entries(part)) {
        if (!out[k]) out[k] = v instanceof Int32Array ? new Int32Array(X.rows) : new Float64Array(X.rows);
        out[k].set(v, start);
      }
      bar.tick();
    }
  } finally {
    bar.stop();
  }
  return out;
}

/** Registers `predict`. */
export function register(program: Command): void {
  const cmd = program
    .command('predict')
    .description('apply a saved model (--save) to new data: labels, memberships or log densities')
    .argument('<model>', 'model file written by --save (MODEL.json)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .option(
      '--columns <list>',
      "input columns for the model's features, by name or 0-based index (default: the model's column names)",
    )
    .addOption(
      new Option('--format <fmt>', 'input format (default: from the extension or content)').choices([...INPUT_FORMATS]),
    )
    .option('--no-header', 'the first CSV line is data, not a header (default: detected)')
    .option('--out <file>', 'write per-point results to FILE (.csv, .tsv, .json, .ndjson, .npy or .parquet)')
    .option('--json', 'print a machine-readable JSON result on stdout')
    .option('--quiet', 'print nothing but errors')
    .option('--chunk-rows <n>', 'rows per prediction chunk (progress granularity)', intArg(1), 65536);
  cmd.action(
    action(async (modelPath: string, input: string, o: PredictCliOptions) => {
      const model = readModelFile(modelPath);
      const { table, path } = await loadTable(input, o);
      const pre = model.preprocessing;
      let columns: string | string[] | undefined = o.columns;
      if (columns === undefined && pre) {
        const missing = pre.columns.filter((c) => !table.names.includes(c));
        if (missing.length > 0) {
          throw new ValidationError(
            `The input lacks the model's column${missing.length > 1 ? 's' : ''} ${missing.map((c) => JSON.stringify(c)).join(', ')} (the model uses ${pre.columns.join(', ')}; the input has ${table.names.join(', ')}); rename them or map them with --columns.`,
            { param: 'columns' },
          );
        }
        columns = pre.columns;
      }
      if (columns === undefined && table.names.length !== model.nFeatures) {
        throw new ValidationError(
          `The ${model.estimator} model was fitted on ${model.nFeatures} features but the input has ${table.names.length} columns; choose them with --columns.`,
          { param: 'columns' },
        );
      }
      const sel = selectColumns(table, { columns });
      if (sel.X.cols !== model.nFeatures) {
        throw new ValidationError(
          `The ${model.estimator} model was fitted on ${model.nFeatures} features but ${sel.X.cols} columns were selected; select ${model.nFeatures}.`,
          { param: 'columns' },
        );
      }
      const X = pre ? applyScaler(sel.X, pre.scaler) : sel.X;
      const result = predictChunked(model, X, o.chunkRows, o.quiet || o.json);
      // Densities in the input's units, as kde/gmm print them at fit time (the same log Jacobian).
      const jac = pre ? scalerLogJacobian(pre.scaler) : 0;
      if (result.logDensity && jac !== 0)
        for (let i = 0; i < result.logDensity.length; i++) result.logDensity[i] -= jac;
      if (o.out) writeFileAtomic(o.out, formatPointTable(o.out, result), [path, resolve(modelPath)]);
      const labels = result.label as Int32Array | undefined;
      const pNames = Object.keys(result).filter((k) => /^p\d+$/.test(k));
      if (o.json) {
        const probs = pNames.length
          ? Array.from({ length: X.rows }, (_, i) => pNames.map((k) => result[k][i]))
          : undefined;
        printJson({
          estimator: model.estimator,
          n: X.rows,
          columns: sel.names,
          ...(labels ? { labels } : {}),
          ...(probs ? { [model.estimator === 'GaussianMixture' ? 'probabilities' : 'memberships']: probs } : {}),
          ...(result.pNoise ? { noiseProbability: result.pNoise } : {}),
          ...(result.logDensity ? { logDensity: result.logDensity } : {}),
        });
      } else if (!o.quiet) {
        const lines = [
          `predict: ${model.estimator} on n=${X.rows} d=${X.cols} (columns ${sel.names.join(', ')}${pre && pre.scaler.kind !== 'none' ? `, ${pre.scaler.kind}-scaled as at fit` : ''})`,
        ];
        if (labels) {
          const k = labels.reduce((a, b) => Math.max(a, b), -1) + 1;
          lines.push(`cluster sizes: ${clusterSizes(labels, k).join(', ')}`);
          const noise = labels.reduce((t, l) => t + (l < 0 ? 1 : 0), 0);
          if (noise > 0) lines.push(`noise (label -1): ${noise}`);
        }
        if (result.logDensity) {
          const ld = result.logDensity;
          let lo = Number.POSITIVE_INFINITY;
          let hi = Number.NEGATIVE_INFINITY;
          let sum = 0;
          for (const v of ld) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            sum += v;
          }
          lines.push(
            `log density: min ${lo.toPrecision(6)}, mean ${(sum / ld.length).toPrecision(6)}, max ${hi.toPrecision(6)}`,
          );
        }
        if (o.out) lines.push(`wrote ${Object.keys(result).join(', ')} to ${o.out}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    }),
  );
}
