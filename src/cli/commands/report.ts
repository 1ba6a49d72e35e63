/**
 * `clusterkit report INPUT`: one self-contained HTML file (inline SVG, no network) with choose-k curves, k-means,
 * hierarchical clustering, Gaussian mixtures, density and metrics — the first thing to open on new data.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../core/errors.js';
import type { ScaleKind } from '../../core/scale.js';
import { analyze } from '../../report/analysis.js';
import { gallery } from '../../report/gallery.js';
import {
  action,
  addInputOptions,
  type InputOptions,
  intArg,
  loadInput,
  printJson,
  printWarnings,
  writeFileAtomic,
} from '../common.js';
import { startProgress } from '../progress.js';
import { reportSummaryText } from './reportSummary.js';

/** The units of the clustered data after --scale, for the report's tables of centres. */
const SCALE_UNITS: Record<ScaleKind, string> = {
  none: 'data units',
  standard: 'standardised units (z-scores, --scale standard)',
  minmax: 'min–max scaled units (0–1, --scale minmax)',
};

interface ReportOptions extends InputOptions {
  k?: number;
  kMin: number;
  kMax: number;
  seed?: number;
  out?: string;
  gallery?: boolean;
  maxQuadraticRows: number;
  json?: boolean;
  quiet?: boolean;
}

/** Registers `report`. */
export function register(program: Command): void {
  const cmd = program
    .command('report')
    .description(
      'full analysis as one self-contained HTML file: choose-k, k-means, hierarchical, GMM, density, metrics',
    )
    .argument('[input]', "data file or '-' for stdin (not with --gallery)")
    .option('-k, --k <n>', 'number of clusters (default: chosen by the silhouette)', intArg(1))
    .option('--k-min <n>', 'smallest k for the choose-k curves', intArg(2), 2)
    .option('--k-max <n>', 'largest k for the choose-k curves', intArg(2), 10)
    .option('--seed <n>', 'random seed', intArg(0))
    .option(
      '--out <file.html>',
      'where to write the report (default clusterkit-report.html; with --gallery clusterkit-report/gallery.html)',
    )
    .option('--gallery', 'write the "which algorithm for which shape" gallery of toy data sets instead')
    .option(
      '--max-quadratic-rows <n>',
      'rows above which silhouette and hierarchical clustering use a subsample',
      intArg(10),
      3000,
    )
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'print nothing but errors');
  addInputOptions(cmd);
  cmd.action(
    action(async (input: string | undefined, o: ReportOptions) => {
      if (o.gallery) return writeGallery(input, o);
      if (input === undefined)
        throw new ValidationError('report needs an INPUT file (or - for stdin), or --gallery.', { param: 'input' });
      if (o.kMin > o.kMax)
        throw new ValidationError(`--k-min (${o.kMin}) must be <= --k-max (${o.kMax}).`, { param: 'kMin' });
      const data = await loadInput(input, o);
      if (data.X.rows < 3)
        throw new ValidationError(`The report needs at least 3 rows; the input has ${data.X.rows}.`, {
          param: 'input',
        });
      const bar = startProgress('report', 6, { quiet: o.quiet });
      const result = analyze(data.X, {
        k: o.k,
        kMin: o.kMin,
        kMax: o.kMax,
        seed: o.seed,
        truth: data.truth,
        classNames: data.truthNames,
        units: SCALE_UNITS[data.scaler.kind],
        columnNames: data.names,
        maxQuadraticRows: o.maxQuadraticRows,
        title: `clusterkit report: ${input === '-' ? 'stdin' : basename(input)}`,
        parameters: { input: input === '-' ? 'stdin' : input, scaling: data.scaler.kind },
        onStage: (_stage, i, t) => bar.update(i, t),
      });
      bar.stop();
      const path = resolve(o.out ?? 'clusterkit-report.html');
      writeFileAtomic(path, result.html, [data.path]);
      printWarnings(result.summary.warnings, o.quiet);
      if (o.json) printJson({ ...result.summary, report: path });
      else if (!o.quiet) {
        process.stdout.write(
          reportSummaryText(result.summary, {
            name: input === '-' ? 'stdin' : basename(input),
            columns: data.names,
            scaling: data.scaler.kind,
            truthColumn: data.truthName,
            path,
          }),
        );
      }
    }),
  );
}

/** `report --gallery`: the toy data sets × algorithms page, to --out (default clusterkit-report/gallery.html). */
function writeGallery(input: string | undefined, o: ReportOptions): void {
  if (input !== undefined)
    throw new ValidationError(`--gallery builds its own toy data; drop the input (${input}).`, { param: 'input' });
  const path = resolve(o.out ?? 'clusterkit-report/gallery.html');
  if (!['.html', '.htm'].includes(extname(path).toLowerCase()))
    throw new ValidationError(`--out must name an .html file; got ${o.out}.`, { param: 'out' });
  if (o.out === undefined) mkdirSync(dirname(path), { recursive: true });
  const g = gallery({ seed: o.seed });
  writeFileAtomic(path, g.html, []);
  if (o.json)
    printJson({
      report: path,
      cells: g.cells.map((c) => ({
        dataset: c.dataset,
        algorithm: c.algorithm,
        nClusters: c.nClusters,
        nNoise: c.nNoise,
        fitMs: c.fitMs,
      })),
    });
  else if (!o.quiet) process.stdout.write(`gallery: ${g.cells.length} cells\nreport: ${path}\n`);
}
