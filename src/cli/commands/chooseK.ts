/**
 * `clusterkit choose-k INPUT --method M --k-min A --k-max B`: fits k = A..B and picks k by the chosen criterion.
 * @module
 */
import { type Command, Option } from 'commander';
import type { CovarianceType } from '../../mixture/covariance.js';
import { chooseKSvg } from '../../plot/chooseK.js';
import {
  CHOOSE_K_METHODS,
  type ChooseKMethod,
  chooseK,
  type GapReference,
  type GapRule,
} from '../../selection/index.js';
import {
  action,
  addInputOptions,
  type InputOptions,
  intArg,
  loadInput,
  printJson,
  printWarnings,
  writePlot,
  writePointTable,
} from '../common.js';
import { startProgress, warnQuadratic } from '../progress.js';

interface ChooseKCliOptions extends InputOptions {
  method: ChooseKMethod;
  kMin?: number;
  kMax?: number;
  seed?: number;
  nInit: number;
  nRefs: number;
  reference: GapReference;
  gapRule: GapRule;
  covariance: CovarianceType;
  sampleSize?: number;
  out?: string;
  plot?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Registers `choose-k`. */
export function register(program: Command): void {
  const cmd = program
    .command('choose-k')
    .description('choose the number of clusters: elbow, silhouette, Calinski–Harabasz, Davies–Bouldin, gap, BIC')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .addOption(new Option('--method <name>', 'criterion').choices([...CHOOSE_K_METHODS]).default('silhouette'))
    .option('--k-min <n>', 'smallest k (default: 2; 1 for elbow, gap and bic)', intArg(1))
    .option('--k-max <n>', 'largest k (default: 10, at most n − 1)', intArg(1))
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0))
    .option('--n-init <n>', 'restarts of each k-means / Gaussian-mixture fit', intArg(1), 3)
    .option('--n-refs <n>', 'gap: number of reference data sets B', intArg(1), 10)
    .addOption(
      new Option('--reference <kind>', 'gap: reference distribution').choices(['uniform', 'pca']).default('pca'),
    )
    .addOption(
      new Option(
        '--gap-rule <rule>',
        "gap: Dudoit & Fridlyand's rule (smallest k within one standard error of the maximum; as the report) or Tibshirani's k vs k+1 rule (often 1 on a few separated clusters)",
      )
        .choices(['global-se', 'tibshirani'])
        .default('global-se'),
    )
    .addOption(
      new Option('--covariance <type>', 'bic: covariance type')
        .choices(['full', 'tied', 'diag', 'spherical'])
        .default('full'),
    )
    .option('--sample-size <n>', 'silhouette: score a random subset of n rows per k (large data)', intArg(2))
    .option('--out <file>', 'write the labels of the chosen k (.csv, .json or .ndjson)')
    .option('--plot <file>', 'write the score-vs-k plot (.svg or .png)')
    .option('--json', 'print a machine-readable JSON result on stdout')
    .option('--quiet', 'print nothing but errors');
  addInputOptions(cmd);
  cmd.action(
    action(async (input: string, o: ChooseKCliOptions) => {
      const data = await loadInput(input, o);
      if (o.method === 'silhouette' && (o.sampleSize === undefined || o.sampleSize >= data.X.rows)) {
        warnQuadratic(
          'the silhouette of every k',
          data.X.rows,
          data.X.cols,
          `pass --sample-size ${Math.min(5000, data.X.rows - 1)} to score each k on a random subset.`,
          o.quiet,
        );
      }
      const bar = startProgress('choose-k', 1, { quiet: o.quiet });
      const r = chooseK(data.X, {
        method: o.method,
        kMin: o.kMin,
        kMax: o.kMax,
        seed: o.seed,
        nInit: o.nInit,
        nRefs: o.nRefs,
        reference: o.reference,
        gapRule: o.gapRule,
        covarianceType: o.covariance,
        sampleSize: o.sampleSize,
        onProgress: (done, total) => bar.update(done, total),
      });
      bar.stop();
      if (o.out) writePointTable(o.out, { label: r.labels }, data);
      if (o.plot) await writePlot(o.plot, chooseKSvg(r), data);
      printWarnings(r.warnings, o.quiet);
      if (o.json) {
        const { labels, warnings, ...rest } = r;
        printJson({ ...rest, labels });
      } else if (!o.quiet) {
        const lines = [
          `choose-k: n=${data.X.rows} d=${data.X.cols} method=${r.method} seed=${r.seed}`,
          `chosen k = ${r.k} by ${r.method}${cmd.getOptionValueSource('method') === 'default' ? ' (the default criterion, as in the report)' : ''} — ${r.rule}`,
          ...r.ks.map(
            (k, i) => `  k=${String(k).padStart(3)}  ${r.scores[i].toPrecision(6)}${k === r.k ? '  <=' : ''}`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    }),
  );
}
