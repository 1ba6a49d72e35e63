/**
 * The shape shared by the commands that fit one estimator and write its outputs (kmeans, minibatch-kmeans,
 * soft-kmeans, fuzzy-cmeans, bisecting-kmeans, spherical-kmeans, gmm, mean-shift): the `<input>` argument, the
 * common option declarations (-k, --init, --n-init, --max-iter, --tol, --seed), the input and output options, and
 * one runner that reads the input, fits, and writes --out, --save, --plot, the warnings and --json or the summary.
 * @module
 */
import { type Command, Option } from 'commander';
import { type ModelWarning, ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { applyScaler, type ScaleKind } from '../core/scale.js';
import type { SqlSource } from '../engine/sql/engine.js';
import { scatterSvg } from '../plot/scatter.js';
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
  writePlot,
  writePointTable,
} from './common.js';
import {
  addEngineOptions,
  type EngineOptions,
  type ProgressLine,
  runOnEngine,
  type SourceFitOutputs,
} from './engine.js';

/** Help of the `<input>` argument. */
export const INPUT_HELP = "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin";

/** `-k, --k <n>` (required): the number of clusters (or of `what`). */
export function kOption(what = 'clusters'): Option {
  return new Option('-k, --k <n>', `number of ${what}`).argParser(intArg(1)).makeOptionMandatory();
}
/** `--init <how>`: 'k-means++', 'random' or a file of k initial rows (`what`), default 'k-means++'. */
export function initOption(what = 'centres'): Option {
  return new Option('--init <how>', `'k-means++', 'random', or a FILE of k initial ${what}`).default('k-means++');
}
/** `--n-init <n>` (≥ 1), with a default when given. */
export function nInitOption(help: string, defaultValue?: number): Option {
  const o = new Option('--n-init <n>', help);
  if (defaultValue !== undefined) o.default(defaultValue);
  return o.argParser(intArg(1));
}
/** `--max-iter <n>` (≥ min). */
export function maxIterOption(help: string, defaultValue: number, min = 1): Option {
  return new Option('--max-iter <n>', help).default(defaultValue).argParser(intArg(min));
}
/** `--tol <x>` (≥ 0). */
export function tolOption(help: string, defaultValue: number): Option {
  return new Option('--tol <x>', help).default(defaultValue).argParser(numArg({ nonNegative: true }));
}
/** `--seed <n>` (≥ 0). */
export function seedOption(help = 'random seed (reproducible runs)'): Option {
  return new Option('--seed <n>', help).argParser(intArg(0));
}

/** What a fitted command writes: each output is computed only when its option asks for it. */
export interface FitOutputs {
  /** The fitted model, saved by --save; `backend` (where its passes ran) is printed by --verbose. */
  model: { toJSON(): object; readonly warnings: readonly ModelWarning[]; readonly backend?: string };
  /** Per-row columns written by --out. */
  table: Record<string, ArrayLike<number>>;
  /** The SVG written by --plot. */
  plot(): string;
  /** The result printed by --json. */
  json(): object;
  /** The human summary printed otherwise (unless --quiet). */
  summary(): string;
}

/** A "fit an estimator and write its outputs" command. */
export interface FitCommandSpec<O extends InputOptions & OutputOptions> {
  name: string;
  description: string;
  /** Help of the `<input>` argument (default {@link INPUT_HELP}). */
  inputHelp?: string;
  /** Declares the command's own options (help order), before the input and output options. */
  options(cmd: Command): Command;
  /** What --out writes, for its help (default 'labels'). */
  outWhat?: string;
  /** Runs instead of the in-memory fit when it returns true (e.g. --stream). */
  intercept?(input: string, o: O): Promise<boolean>;
  /** Fits on the loaded input and says what to write. */
  fit(data: InputData, o: O): FitOutputs | Promise<FitOutputs>;
  /**
   * Fits on a SQL source instead (--engine duckdb|postgres, src/cli/engine.ts); the command then takes
   * --engine, --url, --table, --query, --out-table, and the input argument is optional.
   */
  fitSource?(source: SqlSource, o: O, progressLine: ProgressLine | undefined): Promise<SourceFitOutputs>;
}

/** Registers a {@link FitCommandSpec} on `program`. Errors exit 2 (bad input or options) or 1 (see `action`). */
export function registerFitCommand<O extends InputOptions & OutputOptions>(
  program: Command,
  spec: FitCommandSpec<O>,
): void {
  const cmd = program
    .command(spec.name)
    .description(spec.description)
    .argument(spec.fitSource === undefined ? '<input>' : '[input]', spec.inputHelp ?? INPUT_HELP);
  spec.options(cmd);
  addInputOptions(cmd);
  addOutputOptions(cmd, spec.outWhat);
  const fitSource = spec.fitSource;
  if (fitSource !== undefined) addEngineOptions(cmd);
  cmd.action(
    action(async (input: string | undefined, o: O & EngineOptions) => {
      if (fitSource !== undefined && o.engine !== undefined && o.engine !== 'memory') {
        await runOnEngine(input, o, (source, progressLine) => fitSource(source, o, progressLine));
        return;
      }
      if (input === undefined) {
        throw new ValidationError(
          `${spec.name} needs an input file (or --engine duckdb|postgres with --table/--query).`,
          {
            param: 'input',
          },
        );
      }
      if (spec.intercept !== undefined && (await spec.intercept(input, o))) return;
      const data = await loadInput(input, o);
      await writeFitOutputs(await spec.fit(data, o), data, o);
    }),
  );
}

/**
 * Writes --out, --save, --plot, then the backend (--verbose) and the warnings (stderr), then --json or the summary
 * (stdout).
 */
export async function writeFitOutputs(r: FitOutputs, data: InputData, o: OutputOptions): Promise<void> {
  if (o.out) writePointTable(o.out, r.table, data);
  if (o.save) saveModel(o.save, r.model.toJSON(), data);
  if (o.plot) await writePlot(o.plot, r.plot(), data);
  const backend = r.model.backend;
  if (backend !== undefined) printBackend({ backend }, o);
  printWarnings(r.model.warnings, o.quiet);
  if (o.json) printJson(r.json());
  else if (!o.quiet) process.stdout.write(r.summary());
}

/**
 * The --plot of a clustering: the rows that were clustered (after --scale) colored by label, with the centers
 * when given (in data units; scaled here like the rows), the axes naming the scaling.
 */
export function clusterScatter(data: InputData, labels: Int32Array, title: string, centers?: Matrix): () => string {
  return () =>
    scatterSvg(data.X, {
      labels,
      title,
      columnNames: data.names,
      units: plotUnits(data),
      ...(centers === undefined ? {} : { centers: applyScaler(centers, data.scaler) }),
    });
}

/** The axis note of a plot of `data.X`: `'standardized'`, `'min–max scaled'`, or none for unscaled data. */
export function plotUnits(data: InputData): string | undefined {
  return PLOT_UNITS[data.scaler.kind];
}
const PLOT_UNITS: Record<ScaleKind, string | undefined> = {
  none: undefined,
  standard: 'standardized',
  minmax: 'min–max scaled',
};

/** ` (on standard-scaled data)` when the input was scaled, else ''. */
export function scaledNote(data: InputData): string {
  return data.scaler.kind !== 'none' ? ` (on ${data.scaler.kind}-scaled data)` : '';
}
