/**
 * `clusterkit kmeans INPUT -k N`: k-means on a data file. THE model for other commands: input options, output
 * options, --json keys from DESIGN, human summary otherwise, warnings on stderr.
 * @module
 */
import { type Command, Option } from 'commander';
import { ValidationError } from '../../core/errors.js';
import { applyScaler, invertScaler } from '../../io/scale.js';
import { KMeans, type KMeansAlgorithm } from '../../kmeans/KMeans.js';
import { scatterSvg } from '../../plot/scatter.js';
import {
  action,
  addInputOptions,
  addOutputOptions,
  clusterSizes,
  formatRows,
  type InputOptions,
  intArg,
  loadInput,
  numArg,
  type OutputOptions,
  printBackend,
  printJson,
  printWarnings,
  readMatrixFile,
  saveModel,
  writePlot,
  writePointTable,
} from '../common.js';

interface KMeansCliOptions extends InputOptions, OutputOptions {
  k: number;
  init: string;
  nInit?: number;
  maxIter: number;
  tol: number;
  algorithm: KMeansAlgorithm;
  seed?: number;
}

/** Registers `kmeans`. */
export function register(program: Command): void {
  const cmd = program
    .command('kmeans')
    .description('k-means clustering (Lloyd / Elkan / Hamerly, k-means++ or random init, restarts)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .requiredOption('-k, --k <n>', 'number of clusters', intArg(1))
    .option('--init <how>', "'k-means++', 'random', or a FILE of k initial centres", 'k-means++')
    .option('--n-init <n>', 'restarts, best inertia kept (default: 1 for k-means++, 10 for random)', intArg(1))
    .option('--max-iter <n>', 'maximum iterations per run', intArg(1), 300)
    .option('--tol <x>', 'relative tolerance on centre movement', numArg({ nonNegative: true }), 1e-4)
    .addOption(
      new Option('--algorithm <name>', 'iteration algorithm')
        .choices(['auto', 'lloyd', 'elkan', 'hamerly'])
        .default('auto'),
    )
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0));
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(
    action(async (input: string, o: KMeansCliOptions) => {
      const data = await loadInput(input, o);
      let init: 'k-means++' | 'random' | ReturnType<typeof applyScaler>;
      if (o.init === 'k-means++' || o.init === 'random') init = o.init;
      else {
        const centres = readMatrixFile(o.init, 'init');
        if (centres.cols !== data.X.cols) {
          throw new ValidationError(
            `--init ${o.init} has ${centres.cols} columns but the data has ${data.X.cols}; give one value per feature.`,
            { param: 'init' },
          );
        }
        init = applyScaler(centres, data.scaler);
      }
      const km = new KMeans({
        nClusters: o.k,
        init,
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        algorithm: o.algorithm,
        seed: o.seed,
      }).fit(data.X);
      printBackend(km, o);
      const centers = invertScaler(km.clusterCenters, data.scaler);
      if (o.out) writePointTable(o.out, { label: km.labels }, data);
      if (o.save) saveModel(o.save, km.toJSON(), data);
      if (o.plot) {
        const svg = scatterSvg(data.raw, {
          labels: km.labels,
          centers,
          title: `k-means, k = ${o.k}`,
          columnNames: data.names,
        });
        await writePlot(o.plot, svg, data);
      }
      printWarnings(km.warnings, o.quiet);
      if (o.json) {
        printJson({
          labels: km.labels,
          centers,
          inertia: km.inertia,
          nIter: km.nIter,
          converged: km.converged,
          seed: km.seed,
          algorithm: km.algorithm,
        });
      } else if (!o.quiet) {
        const sizes = clusterSizes(km.labels, o.k);
        process.stdout.write(
          `k-means: n=${data.X.rows} d=${data.X.cols} k=${o.k} algorithm=${km.algorithm} seed=${km.seed}\n` +
            `inertia ${km.inertia.toPrecision(8)}${data.scaler.kind !== 'none' ? ` (on ${data.scaler.kind}-scaled data)` : ''}, ${km.nIter} iterations, ${km.converged ? 'converged' : 'not converged'}\n` +
            `cluster sizes: ${sizes.join(', ')}\n` +
            `centres (${data.names.join(', ')}):\n${formatRows(centers)}\n`,
        );
      }
    }),
  );
}
