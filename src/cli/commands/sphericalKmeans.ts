/**
 * `clusterkit spherical-kmeans INPUT -k N`: cosine k-means for embeddings (rows normalised to unit length).
 * @module
 */
import type { Command } from 'commander';
import { SphericalKMeans } from '../../kmeans/SphericalKMeans.js';
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
import { resolveCliInit, summary } from './familyCommon.js';

interface SphericalCliOptions extends InputOptions, OutputOptions {
  k: number;
  init: string;
  nInit?: number;
  maxIter: number;
  tol: number;
  seed?: number;
}

/** Registers `spherical-kmeans`. */
export function register(program: Command): void {
  const cmd = program
    .command('spherical-kmeans')
    .description('spherical (cosine) k-means for embeddings: clusters rows by direction')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .requiredOption('-k, --k <n>', 'number of clusters', intArg(1))
    .option('--init <how>', "'k-means++', 'random', or a FILE of k initial directions", 'k-means++')
    .option('--n-init <n>', 'restarts, best kept (default: 1 for k-means++, 10 for random)', intArg(1))
    .option('--max-iter <n>', 'maximum iterations per run', intArg(1), 300)
    .option('--tol <x>', 'tolerance on the movement of the unit centres', numArg({ nonNegative: true }), 1e-6)
    .option('--seed <n>', 'random seed (reproducible runs)', intArg(0));
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(
    action(async (input: string, o: SphericalCliOptions) => {
      const data = await loadInput(input, o);
      const sk = new SphericalKMeans({
        nClusters: o.k,
        init: resolveCliInit(o.init, data),
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        seed: o.seed,
      }).fit(data.X);
      // Unit directions in the (scaled) feature space: not mapped back through --scale.
      const centers = sk.clusterCenters;
      if (o.out) writePointTable(o.out, { label: sk.labels }, data);
      if (o.save) saveModel(o.save, sk.toJSON(), data);
      if (o.plot) {
        const svg = scatterSvg(data.raw, {
          labels: sk.labels,
          title: `spherical k-means, k = ${o.k}`,
          columnNames: data.names,
        });
        await writePlot(o.plot, svg, data);
      }
      printWarnings(sk.warnings, o.quiet);
      if (o.json) {
        printJson({
          labels: sk.labels,
          centers,
          inertia: sk.inertia,
          nIter: sk.nIter,
          converged: sk.converged,
          seed: sk.seed,
        });
      } else if (!o.quiet) {
        process.stdout.write(
          summary('spherical k-means', data, o.k, sk.labels, centers, [
            `Σ(1 − cos) ${sk.inertia.toPrecision(8)}, ${sk.nIter} iterations, ${sk.converged ? 'converged' : 'not converged'}, seed=${sk.seed}`,
          ]),
        );
      }
    }),
  );
}
