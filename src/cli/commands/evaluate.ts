/**
 * `clusterkit evaluate INPUT --labels FILE [--truth-column COL]`: every internal validity index of a labelling,
 * and every external one when true labels are known. DBCV (`dbcv`) is added when the labels contain noise (−1,
 * as DBSCAN / OPTICS / HDBSCAN write them) or with `--dbcv`; it costs O(n²) distance evaluations.
 * @module
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { type ModelWarning, ValidationError } from '../../core/errors.js';
import { detectFormat, parseTable, resolveColumn, tableLabels } from '../../io/table.js';
import {
  type AverageMethod,
  adjustedMutualInfoScore,
  adjustedRandScore,
  calinskiHarabaszScore,
  daviesBouldinScore,
  dbcvScore,
  fowlkesMallowsScore,
  homogeneityCompletenessVMeasure,
  inertiaScore,
  mutualInfoScore,
  normalizedMutualInfoScore,
  purityScore,
  randScore,
  silhouetteSamples,
  silhouetteScore,
} from '../../metrics/index.js';
import { SILHOUETTE_METRICS, type SilhouetteMetric } from '../../metrics/internal/silhouette.js';
import { silhouetteSvg } from '../../plot/silhouette.js';
import {
  action,
  addInputOptions,
  type InputOptions,
  intArg,
  loadInput,
  printJson,
  printWarnings,
  writePlot,
} from '../common.js';
import { startProgress, warnQuadratic } from '../progress.js';

interface EvaluateCliOptions extends InputOptions {
  labels?: string;
  labelColumn?: string;
  metric: SilhouetteMetric;
  averageMethod: AverageMethod;
  sampleSize?: number;
  seed?: number;
  dbcv?: boolean;
  plot?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Reads predicted labels from a file: the column named by --label-column, else 'label', else the last column. */
function readLabelsFile(path: string, column: string | undefined): Int32Array {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ValidationError(
      code === 'ENOENT' ? `Labels file not found: ${path}` : `Cannot read labels file ${path}: ${(e as Error).message}`,
      { param: 'labels' },
    );
  }
  const table = parseTable(text, detectFormat(path === '-' ? '' : path, text));
  let col: number;
  if (column !== undefined) col = resolveColumn(table, column);
  else {
    const named = table.names.indexOf('label');
    col = named >= 0 ? named : table.names.length - 1;
  }
  return tableLabels(table, col).labels;
}

/** A metric for the text summary: counts as integers (`nClasses 3`), other values to 6 significant digits. */
function formatMetric(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : v.toPrecision(6);
}

function countDistinct(labels: Int32Array): number {
  return new Set(labels).size;
}

/** Registers `evaluate`. */
export function register(program: Command): void {
  const cmd = program
    .command('evaluate')
    .description('clustering validity metrics: internal indices of a labelling, external ones against true labels')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .option('--labels <file>', "predicted labels, one per row (e.g. a file written by --out; '-' for stdin)")
    .option('--label-column <col>', "column of the labels file to use (default: 'label', else the last column)")
    .addOption(
      new Option('--metric <name>', 'distance of the silhouette').choices([...SILHOUETTE_METRICS]).default('euclidean'),
    )
    .addOption(
      new Option('--average-method <m>', 'entropy mean of NMI and AMI')
        .choices(['arithmetic', 'geometric', 'min', 'max'])
        .default('arithmetic'),
    )
    .option('--sample-size <n>', 'silhouette on a random subset of n rows (large data)', intArg(2))
    .option('--seed <n>', 'seed of the silhouette subset', intArg(0))
    .option('--dbcv', 'also report DBCV (automatic when the labels contain noise, −1); O(n²)')
    .option('--plot <file>', 'write the silhouette plot (.svg or .png)')
    .option('--json', 'print a machine-readable JSON result on stdout')
    .option('--quiet', 'print nothing but errors');
  addInputOptions(cmd);
  cmd.action(
    action(async (input: string, o: EvaluateCliOptions) => {
      if (o.labels === undefined && o.truthColumn === undefined) {
        throw new ValidationError(
          'evaluate needs --labels FILE (a clustering to score) and/or --truth-column COL (known classes).',
          { param: 'labels' },
        );
      }
      if (o.labels === '-' && input === '-') {
        throw new ValidationError('Only one of INPUT and --labels can be read from stdin.', { param: 'labels' });
      }
      const data = await loadInput(input, o);
      const n = data.X.rows;
      const pred = o.labels !== undefined ? readLabelsFile(o.labels, o.labelColumn) : undefined;
      if (pred && pred.length !== n) {
        throw new ValidationError(
          `${o.labels} has ${pred.length} labels but ${input} has ${n} rows; pass one label per row.`,
          { param: 'labels' },
        );
      }
      const labels = (pred ?? data.truth) as Int32Array;
      const k = countDistinct(labels);
      const exactSilhouette = o.sampleSize === undefined || o.sampleSize >= n || o.plot !== undefined;
      if (exactSilhouette && k >= 2 && k <= n - 1) {
        warnQuadratic(
          'the exact silhouette',
          n,
          data.X.cols,
          `pass --sample-size ${Math.min(10000, n - 1)} to estimate it on a random subset${o.plot ? ' (without --plot, which draws every row)' : ''}.`,
          o.quiet,
        );
      }
      const dbcv = o.dbcv || labels.includes(-1);
      if (dbcv)
        warnQuadratic(
          'DBCV',
          n,
          data.X.cols,
          'it has no sampled form; score a subsample of the rows instead.',
          o.quiet,
        );
      // One step per metric group: inertia, silhouette, Calinski–Harabasz + Davies–Bouldin, DBCV, external.
      const bar = startProgress('evaluate', 3 + (dbcv ? 1 : 0) + (pred && data.truth ? 1 : 0), { quiet: o.quiet });
      const warnings: ModelWarning[] = [];
      const result: Record<string, unknown> = { nSamples: n, nClusters: k };
      result.inertia = inertiaScore(data.X, labels);
      bar.tick();
      let sil: Float64Array | undefined;
      if (k >= 2 && k <= n - 1) {
        result.silhouette =
          o.sampleSize !== undefined && o.sampleSize < n
            ? silhouetteScore(data.X, labels, { metric: o.metric, sampleSize: o.sampleSize, seed: o.seed })
            : (() => {
                sil = silhouetteSamples(data.X, labels, { metric: o.metric });
                let s = 0;
                for (const v of sil) s += v;
                return s / n;
              })();
        bar.tick();
        result.calinskiHarabasz = calinskiHarabaszScore(data.X, labels);
        result.daviesBouldin = daviesBouldinScore(data.X, labels);
      } else {
        result.silhouette = null;
        result.calinskiHarabasz = null;
        result.daviesBouldin = null;
        warnings.push({
          code: 'DEGENERATE',
          message: `the labelling has ${k} cluster(s) for ${n} rows; silhouette, Calinski–Harabasz and Davies–Bouldin need 2 to n_samples - 1.`,
        });
      }
      bar.tick();
      if (dbcv) {
        try {
          result.dbcv = dbcvScore(data.X, labels, { metric: o.metric });
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          result.dbcv = null;
          warnings.push({ code: 'DEGENERATE', message: `DBCV not computed: ${e.message}` });
        }
        bar.tick();
      }
      if (pred && data.truth) {
        const t = data.truth;
        const hcv = homogeneityCompletenessVMeasure(t, pred);
        Object.assign(result, {
          adjustedRand: adjustedRandScore(t, pred),
          rand: randScore(t, pred),
          mutualInfo: mutualInfoScore(t, pred),
          normalizedMutualInfo: normalizedMutualInfoScore(t, pred, { averageMethod: o.averageMethod }),
          adjustedMutualInfo: adjustedMutualInfoScore(t, pred, { averageMethod: o.averageMethod }),
          homogeneity: hcv.homogeneity,
          completeness: hcv.completeness,
          vMeasure: hcv.vMeasure,
          fowlkesMallows: fowlkesMallowsScore(t, pred),
          purity: purityScore(t, pred),
          nClasses: countDistinct(t),
        });
        bar.tick();
      }
      bar.stop();
      if (o.plot) {
        if (!sil) {
          if (k < 2 || k > n - 1) {
            throw new ValidationError(`--plot needs 2 to n_samples - 1 clusters for a silhouette plot; got ${k}.`, {
              param: 'plot',
            });
          }
          sil = silhouetteSamples(data.X, labels, { metric: o.metric });
        }
        await writePlot(o.plot, silhouetteSvg(sil, labels, { title: `Silhouette plot (k = ${k})` }), data);
      }
      printWarnings(warnings, o.quiet);
      if (o.json) printJson(result);
      else if (!o.quiet) {
        const source = pred ? `labels from ${o.labels}` : `true labels (column ${o.truthColumn})`;
        const lines = [`evaluate: n=${n} d=${data.X.cols} k=${k}, ${source}`];
        for (const [key, v] of Object.entries(result)) {
          if (key === 'nSamples' || key === 'nClusters') continue;
          lines.push(`  ${key.padEnd(22)} ${v === null ? 'n/a' : typeof v === 'number' ? formatMetric(v) : v}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    }),
  );
}
