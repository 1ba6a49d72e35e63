/**
 * `clusterkit fuzzy-cmeans INPUT -k N --m M`: Bezdek's fuzzy c-means.
 * @module
 */
import { type Command, InvalidArgumentError } from 'commander';
import { invertScaler } from '../../io/scale.js';
import { FuzzyCMeans } from '../../kmeans/FuzzyCMeans.js';
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
import { membershipColumns, resolveCliInit, summary } from './familyCommon.js';

interface FuzzyCliOptions extends InputOptions, OutputOptions {
  k: number;
  m: number;
  init: string;
  maxIter: number;
  tol: number;
  seed?: number;
}

function fuzzifier(v: string): number {
  const x = Number(v);
  if (!(x > 1) || !Number.isFinite(x)) {
    throw new InvalidArgumentError(`the fuzzifier m must be a number > 1, got '${v}'.`);
  }
  return x;
}

/** Registers `fuzzy-cmeans`. */
export function register(program: Command): void {
  const cmd = program
    .command('fuzzy-cmeans')
    .description('fuzzy c-means: memberships with fuzzifier m > 1 (Bezdek)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .requiredOption('-k, --k <n>', 'number of clusters', intArg(1))
    .option('--m <x>', 'fuzzifier m > 1 (near 1: almost hard; larger: fuzzier)', fuzzifier, 2)
    .option('--init <how>', "'k-means++', 'random', or a FILE of k initial centres", 'k-means++')
    .option('--max-iter <n>', 'maximum iterations (exact count with --tol 0)', intArg(1), 300)
    .option('--tol <x>', 'relative tolerance on centre movement', numArg({ nonNegative: true }), 1e-4)
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0));
  addInputOptions(cmd);
  addOutputOptions(cmd, 'labels and memberships (columns label, p0..pk-1)');
  cmd.action(
    action(async (input: string, o: FuzzyCliOptions) => {
      const data = await loadInput(input, o);
      const fcm = new FuzzyCMeans({
        nClusters: o.k,
        m: o.m,
        init: resolveCliInit(o.init, data),
        maxIter: o.maxIter,
        tol: o.tol,
        seed: o.seed,
      }).fit(data.X);
      const centers = invertScaler(fcm.clusterCenters, data.scaler);
      if (o.out) writePointTable(o.out, membershipColumns(fcm.labels, fcm.memberships), data);
      if (o.save) saveModel(o.save, fcm.toJSON(), data);
      if (o.plot) {
        const svg = scatterSvg(data.raw, {
          labels: fcm.labels,
          centers,
          title: `fuzzy c-means, k = ${o.k}, m = ${o.m}`,
          columnNames: data.names,
        });
        await writePlot(o.plot, svg, data);
      }
      printWarnings(fcm.warnings, o.quiet);
      if (o.json) {
        printJson({
          labels: fcm.labels,
          centers,
          memberships: fcm.memberships,
          objective: fcm.objective,
          partitionCoefficient: fcm.partitionCoefficient,
          partitionEntropy: fcm.partitionEntropy,
          nIter: fcm.nIter,
          converged: fcm.converged,
          seed: fcm.seed,
        });
      } else if (!o.quiet) {
        process.stdout.write(
          summary(`fuzzy c-means (m=${o.m})`, data, o.k, fcm.labels, centers, [
            `objective J_m ${fcm.objective.toPrecision(8)}, partition coefficient ${fcm.partitionCoefficient.toFixed(4)}, partition entropy ${fcm.partitionEntropy.toFixed(4)}`,
            `${fcm.nIter} iterations, ${fcm.converged ? 'converged' : 'not converged'}, seed=${fcm.seed}`,
          ]),
        );
      }
    }),
  );
}
