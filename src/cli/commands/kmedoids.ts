/**
 * `clusterkit kmedoids INPUT -k N`: k-medoids (FasterPAM, PAM or alternating) under any metric, or Gower on mixed
 * columns.
 * @module
 */
import { type Command, Option } from 'commander';
import { gowerDistance } from '../../core/gower.js';
import {
  KMEDOIDS_INITS,
  KMEDOIDS_METHODS,
  KMedoids,
  type KMedoidsInitName,
  type KMedoidsMethod,
  type KMedoidsMetric,
} from '../../medoids/KMedoids.js';
import { action } from '../common.js';
import { warnQuadratic, withProgress } from '../progress.js';
import { addMedoidsOptions, loadMedoidsInput, type MedoidsCliOptions, writeMedoidsResult } from './medoidsCommon.js';

interface KMedoidsCliOptions extends MedoidsCliOptions {
  method: KMedoidsMethod;
  init: KMedoidsInitName;
}

/** Registers `kmedoids`. */
export function register(program: Command): void {
  const cmd = program
    .command('kmedoids')
    .description('k-medoids (FasterPAM, PAM, alternating) on numeric data or mixed columns (--metric gower)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .addOption(new Option('--method <name>', 'algorithm').choices([...KMEDOIDS_METHODS]).default('fasterpam'))
    .addOption(new Option('--init <how>', 'initial medoids').choices([...KMEDOIDS_INITS]).default('build'));
  addMedoidsOptions(cmd, true);
  cmd.action(
    action(async (input: string, o: KMedoidsCliOptions) => {
      const data = await loadMedoidsInput(input, o);
      const common = { nClusters: o.k, method: o.method, init: o.init, maxIter: o.maxIter, seed: o.seed };
      const [n, d] =
        data.kind === 'gower' ? [data.table.nRows, data.table.names.length] : [data.data.X.rows, data.data.X.cols];
      if (o.metric !== 'precomputed') {
        warnQuadratic(
          'k-medoids',
          n,
          d,
          'it computes every pairwise dissimilarity; use `clusterkit clara` (k-medoids on samples) for many rows.',
          o.quiet,
        );
      }
      const model = withProgress('kmedoids', o, (onProgress) =>
        data.kind === 'gower'
          ? new KMedoids({ ...common, metric: 'precomputed' }).fit(gowerDistance(data.table), { onProgress })
          : new KMedoids({ ...common, metric: o.metric as KMedoidsMetric }).fit(data.data.X, { onProgress }),
      );
      await writeMedoidsResult('k-medoids', data, model, o, { method: o.method });
    }),
  );
}
