/**
 * `clusterkit soft-kmeans INPUT -k N --beta B`: MacKay's soft k-means (responsibilities ∝ exp(−β‖x − μ‖²)).
 * @module
 */
import type { Command } from 'commander';
import { invertScaler } from '../../io/scale.js';
import { SoftKMeans } from '../../kmeans/SoftKMeans.js';
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

interface SoftCliOptions extends InputOptions, OutputOptions {
  k: number;
  beta: number;
  init: string;
  maxIter: number;
  tol: number;
  seed?: number;
}

/** Registers `soft-kmeans`. */
export function register(program: Command): void {
  const cmd = program
    .command('soft-kmeans')
    .description('soft k-means: graded responsibilities r ∝ exp(−β‖x − μ‖²) (MacKay)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .requiredOption('-k, --k <n>', 'number of clusters', intArg(1))
    .option(
      '--beta <x>',
      'stiffness β > 0 on the squared distance (large β → hard k-means)',
      numArg({ positive: true }),
      1,
    )
    .option('--init <how>', "'k-means++', 'random', or a FILE of k initial centres", 'k-means++')
    .option('--max-iter <n>', 'maximum iterations (exact count with --tol 0)', intArg(1), 300)
    .option('--tol <x>', 'relative tolerance on centre movement', numArg({ nonNegative: true }), 1e-4)
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0));
  addInputOptions(cmd);
  addOutputOptions(cmd, 'labels and memberships (columns label, p0..pk-1)');
  cmd.action(
    action(async (input: string, o: SoftCliOptions) => {
      const data = await loadInput(input, o);
      const sk = new SoftKMeans({
        nClusters: o.k,
        beta: o.beta,
        init: resolveCliInit(o.init, data),
        maxIter: o.maxIter,
        tol: o.tol,
        seed: o.seed,
      }).fit(data.X);
      const centers = invertScaler(sk.clusterCenters, data.scaler);
      if (o.out) writePointTable(o.out, membershipColumns(sk.labels, sk.responsibilities), data);
      if (o.save) saveModel(o.save, sk.toJSON(), data);
      if (o.plot) {
        const svg = scatterSvg(data.raw, {
          labels: sk.labels,
          centers,
          title: `soft k-means, k = ${o.k}, β = ${o.beta}`,
          columnNames: data.names,
        });
        await writePlot(o.plot, svg, data);
      }
      printWarnings(sk.warnings, o.quiet);
      if (o.json) {
        printJson({
          labels: sk.labels,
          centers,
          memberships: sk.responsibilities,
          inertia: sk.inertia,
          nIter: sk.nIter,
          converged: sk.converged,
          seed: sk.seed,
        });
      } else if (!o.quiet) {
        process.stdout.write(
          summary(`soft k-means (β=${o.beta})`, data, o.k, sk.labels, centers, [
            `hard inertia ${sk.inertia.toPrecision(8)}, ${sk.nIter} iterations, ${sk.converged ? 'converged' : 'not converged'}, seed=${sk.seed}`,
          ]),
        );
      }
    }),
  );
}
