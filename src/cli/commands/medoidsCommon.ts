/**
 * What `kmedoids` and `clara` share: the options, reading numeric data or (with `--metric gower`) mixed columns
 * with text kept as categories, and the output (--out, --plot with the medoids marked, --save, --json, summary).
 * @module
 */
import { type Command, Option } from 'commander';
import { METRICS } from '../../core/distance.js';
import { type ModelWarning, ValidationError } from '../../core/errors.js';
import type { GowerTable } from '../../core/gower.js';
import type { Matrix } from '../../core/matrix.js';
import { mixedColumns } from '../../io/mixed.js';
import { resolveColumn, resolveColumns } from '../../io/table.js';
import { gatherRows } from '../../medoids/KMedoids.js';
import { scatterSvg } from '../../plot/scatter.js';
import {
  addInputOptions,
  addOutputOptions,
  clusterSizes,
  formatPointTable,
  type InputData,
  type InputOptions,
  intArg,
  loadInput,
  loadTable,
  type OutputOptions,
  printJson,
  printWarnings,
  saveModel,
  writeFileAtomic,
  writePlot,
} from '../common.js';
import { plotUnits } from '../fitCommand.js';

/** Metrics the medoid commands accept: the numeric ones and `gower`. */
export const MEDOID_CLI_METRICS: readonly string[] = [...METRICS, 'gower'];

/** Options shared by `kmedoids` and `clara`. */
export interface MedoidsCliOptions extends InputOptions, OutputOptions {
  k: number;
  metric: string;
  maxIter: number;
  seed?: number;
}

/**
 * Adds -k, --metric, --max-iter, --seed and the common input/output options; `precomputed` adds that metric (the
 * input is then a square dissimilarity matrix).
 */
export function addMedoidsOptions(cmd: Command, precomputed = false): Command {
  cmd
    .requiredOption('-k, --k <n>', 'number of clusters (medoids)', intArg(1))
    .addOption(
      new Option(
        '--metric <name>',
        `dissimilarity; 'gower' for mixed columns (text columns are categories)${precomputed ? "; 'precomputed': the input is a square dissimilarity matrix" : ''}`,
      )
        .choices(precomputed ? [...MEDOID_CLI_METRICS, 'precomputed'] : [...MEDOID_CLI_METRICS])
        .default('euclidean'),
    )
    .option('--max-iter <n>', 'maximum swap passes', intArg(1), 300)
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0));
  addInputOptions(cmd);
  return addOutputOptions(cmd);
}

/** The input of a medoid command: a numeric matrix, or mixed columns for Gower. */
export type MedoidsInput =
  | { kind: 'numeric'; data: InputData; path?: string }
  | { kind: 'gower'; table: GowerTable; path?: string };

/** Reads the input as numbers, or as mixed columns (numbers, text, missing) for `--metric gower`. */
export async function loadMedoidsInput(input: string, o: MedoidsCliOptions): Promise<MedoidsInput> {
  if (o.metric !== 'gower') {
    const data = await loadInput(input, o);
    return { kind: 'numeric', data, path: data.path };
  }
  if (o.scale && o.scale !== 'none') {
    throw new ValidationError('--scale does not apply to --metric gower, which range-scales each numeric column.', {
      param: 'scale',
    });
  }
  const { table, path } = await loadTable(input, o);
  const exclude = o.truthColumn === undefined ? [] : [resolveColumn(table, o.truthColumn)];
  return { kind: 'gower', table: mixedColumns(table, resolveColumns(table, o.columns, exclude)), path };
}

/** A fitted medoid model, as the output needs it. */
export interface MedoidsResult {
  labels: Int32Array;
  medoidIndices: Int32Array;
  inertia: number;
  nIter: number;
  warnings: readonly ModelWarning[];
  toJSON(): object;
}

/** Writes --out, --plot (medoids marked), --save, and prints --json or the summary. */
export async function writeMedoidsResult(
  name: string,
  input: MedoidsInput,
  model: MedoidsResult,
  o: MedoidsCliOptions,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const k = model.medoidIndices.length;
  if (o.out) writeFileAtomic(o.out, formatPointTable(o.out, { label: model.labels }), [input.path]);
  let centers: Matrix | unknown[][] | null;
  if (input.kind === 'numeric' && o.metric === 'precomputed') {
    if (o.plot) {
      throw new ValidationError('--plot needs coordinates; a precomputed dissimilarity matrix has none.', {
        param: 'plot',
      });
    }
    centers = null;
    if (o.save) saveModel(o.save, model.toJSON(), input.data);
  } else if (input.kind === 'numeric') {
    centers = gatherRows(input.data.raw, model.medoidIndices);
    if (o.plot) {
      const svg = scatterSvg(input.data.X, {
        labels: model.labels,
        centers: gatherRows(input.data.X, model.medoidIndices),
        units: plotUnits(input.data),
        title: `${name}, ${k} medoids (${o.metric})`,
        columnNames: input.data.names,
      });
      await writePlot(o.plot, svg, input.data);
    }
    if (o.save) saveModel(o.save, model.toJSON(), input.data);
  } else {
    if (o.plot || o.save) {
      throw new ValidationError(
        '--plot and --save need numeric data; with --metric gower use --out and --json (medoids are row indices).',
        { param: o.plot ? 'plot' : 'save' },
      );
    }
    const t = input.table;
    centers = Array.from(model.medoidIndices, (m) => t.columns.map((col) => col[m]));
  }
  printWarnings(model.warnings, o.quiet);
  const n = model.labels.length;
  if (o.json) {
    printJson({
      labels: model.labels,
      medoids: model.medoidIndices,
      centers,
      inertia: model.inertia,
      nIter: model.nIter,
      metric: o.metric,
      ...extra,
    });
  } else if (!o.quiet) {
    const cols = input.kind === 'numeric' ? input.data.names : input.table.names;
    process.stdout.write(
      `${name}: n=${n} columns=${cols.length} k=${k} metric=${o.metric}\n` +
        `inertia (sum of dissimilarities to the medoid): ${model.inertia.toPrecision(8)}; mean: ${(model.inertia / n).toPrecision(8)}\n` +
        `medoid rows (0-based): ${Array.from(model.medoidIndices).join(', ')}\n` +
        `sizes: ${clusterSizes(model.labels, k).join(', ')}\n`,
    );
  }
}
