/**
 * `clusterkit bisecting-kmeans INPUT -k N`: scikit-learn's bisecting k-means.
 * @module
 */
import { type Command, Option } from 'commander';
import { invertScaler } from '../../io/scale.js';
import { BisectingKMeans, type BisectingStrategy } from '../../kmeans/BisectingKMeans.js';
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
  printJson,
  printWarnings,
  saveModel,
  writePlot,
  writePointTable,
} from '../common.js';
import { summary } from './familyCommon.js';

interface BisectCliOptions extends InputOptions, OutputOptions {
  k: number;
  init: 'k-means++' | 'random';
  nInit: number;
  maxIter: number;
  tol: number;
  bisectingStrategy: BisectingStrategy;
  seed?: number;
}

/** Registers `bisecting-kmeans`. */
export function register(program: Command): void {
  const cmd = program
    .command('bisecting-kmeans')
    .description('bisecting k-means: split the biggest (or most populous) cluster in two until there are k')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .requiredOption('-k, --k <n>', 'number of clusters', intArg(1))
    .addOption(
      new Option('--bisecting-strategy <s>', 'which cluster to split next')
        .choices(['biggest_inertia', 'largest_cluster'])
        .default('biggest_inertia'),
    )
    .addOption(
      new Option('--init <how>', 'initialisation of each 2-means').choices(['random', 'k-means++']).default('random'),
    )
    .option('--n-init <n>', '2-means runs per bisection, best kept', intArg(1), 1)
    .option('--max-iter <n>', 'maximum iterations per 2-means run', intArg(1), 300)
    .option(
      '--tol <x>',
      'absolute tolerance on centre movement (as scikit-learn 1.2)',
      numArg({ nonNegative: true }),
      1e-4,
    )
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0));
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(
    action(async (input: string, o: BisectCliOptions) => {
      const data = await loadInput(input, o);
      const bk = new BisectingKMeans({
        nClusters: o.k,
        init: o.init,
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        bisectingStrategy: o.bisectingStrategy,
        seed: o.seed,
      }).fit(data.X);
      const centers = invertScaler(bk.clusterCenters, data.scaler);
      if (o.out) writePointTable(o.out, { label: bk.labels }, data);
      if (o.save) saveModel(o.save, bk.toJSON(), data);
      if (o.plot) {
        const svg = scatterSvg(data.raw, {
          labels: bk.labels,
          centers,
          title: `bisecting k-means, k = ${o.k}`,
          columnNames: data.names,
        });
        await writePlot(o.plot, svg, data);
      }
      printWarnings(bk.warnings, o.quiet);
      if (o.json) {
        printJson({ labels: bk.labels, centers, inertia: bk.inertia, seed: bk.seed });
      } else if (!o.quiet) {
        process.stdout.write(
          summary(`bisecting k-means (${o.bisectingStrategy})`, data, o.k, bk.labels, centers, [
            `inertia ${bk.inertia.toPrecision(8)}${data.scaler.kind !== 'none' ? ` (on ${data.scaler.kind}-scaled data)` : ''}, seed=${bk.seed}`,
          ]),
        );
      }
    }),
  );
}
