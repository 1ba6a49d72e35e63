/**
 * `clusterkit breaks INPUT -k N`: natural class breaks of one column (optimal 1-D k-means, classInt's Fisher or
 * Jenks) for choropleth legends and binning.
 * @module
 */
import { type Command, Option } from 'commander';
import { ValidationError } from '../../core/errors.js';
import { INPUT_FORMATS } from '../../io/formats.js';
import { BREAKS_METHODS, type BreaksMethod, naturalBreaks } from '../../kmeans/naturalBreaks.js';
import { action, type InputOptions, intArg, loadInput, printJson, writePointTable } from '../common.js';
import { withProgress } from '../progress.js';

interface BreaksCliOptions extends InputOptions {
  k: number;
  method: BreaksMethod;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Registers `breaks`. */
export function register(program: Command): void {
  program
    .command('breaks')
    .description('natural class breaks of one column (ckmeans = optimal 1-D k-means, fisher, jenks)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .requiredOption('-k, --k <n>', 'number of classes', intArg(1))
    .addOption(new Option('--method <name>', 'algorithm and bounds').choices([...BREAKS_METHODS]).default('ckmeans'))
    .option('--columns <col>', 'the column to classify, by name or 0-based index (default: the only column)')
    .addOption(
      new Option('--format <fmt>', 'input format (default: from the extension or content)').choices([...INPUT_FORMATS]),
    )
    .option('--no-header', 'the first CSV line is data, not a header (default: detected)')
    .option('--out <file>', 'write the class of each row to FILE (.csv, .tsv, .json, .ndjson, .npy or .parquet)')
    .option('--json', 'print { breaks, labels, withinSS, centers, sizes } as JSON on stdout')
    .option('--quiet', 'print nothing but errors')
    .action(
      action(async (input: string, o: BreaksCliOptions) => {
        const data = await loadInput(input, { ...o, scale: 'none' });
        if (data.X.cols !== 1) {
          throw new ValidationError(
            `breaks classifies one column but ${data.X.cols} are selected (${data.names.join(', ')}); pick one with --columns.`,
            { param: 'columns' },
          );
        }
        const r = withProgress('breaks', o, (onProgress) =>
          naturalBreaks(data.X.data, o.k, { method: o.method, onProgress }),
        );
        if (o.out) writePointTable(o.out, { label: r.labels }, data);
        if (o.json) {
          printJson({ ...r, method: o.method, column: data.names[0] });
        } else if (!o.quiet) {
          const lines = Array.from(r.sizes, (size, c) => {
            const hi = c === o.k - 1 || o.method === 'jenks' ? ']' : ')';
            const lo = c > 0 && o.method === 'jenks' ? '(' : '[';
            return `  ${String(c).padStart(3)}: ${lo}${fmt(r.breaks[c])}, ${fmt(r.breaks[c + 1])}${hi}  n=${size}  mean=${fmt(r.centers[c])}`;
          });
          const ss = r.withinSS.reduce((s, v) => s + v, 0);
          process.stdout.write(
            `breaks: ${data.names[0]} n=${data.X.rows} k=${o.k} method=${o.method}\n` +
              `${lines.join('\n')}\nwithin-class sum of squares: ${fmt(ss)}\n`,
          );
        }
      }),
    );
}

const fmt = (v: number) => Number(v.toPrecision(8)).toString();
