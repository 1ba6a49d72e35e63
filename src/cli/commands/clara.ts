/**
 * `clusterkit clara INPUT -k N`: CLARA (k-medoids on samples, scored on every row) for large inputs, under any
 * metric or Gower on mixed columns.
 * @module
 */
import { type Command, Option } from 'commander';
import { CLARA, CLARA_METHODS, type ClaraMethod, type ClaraMetric } from '../../medoids/CLARA.js';
import { action, intArg } from '../common.js';
import { withProgress } from '../progress.js';
import { addMedoidsOptions, loadMedoidsInput, type MedoidsCliOptions, writeMedoidsResult } from './medoidsCommon.js';

interface ClaraCliOptions extends MedoidsCliOptions {
  method: ClaraMethod;
  samples: number;
  sampleSize?: number;
}

/** Registers `clara`. */
export function register(program: Command): void {
  const cmd = program
    .command('clara')
    .description('CLARA: k-medoids on random samples, scored on all rows (large n; --metric gower for mixed columns)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .addOption(
      new Option('--method <name>', 'k-medoids on each sample').choices([...CLARA_METHODS]).default('fasterpam'),
    )
    .option('--samples <n>', 'number of samples', intArg(1), 5)
    .option('--sample-size <n>', 'rows per sample (default: 40 + 2k)', intArg(2));
  addMedoidsOptions(cmd);
  cmd.action(
    action(async (input: string, o: ClaraCliOptions) => {
      const data = await loadMedoidsInput(input, o);
      const clara = new CLARA({
        nClusters: o.k,
        samples: o.samples,
        sampleSize: o.sampleSize,
        metric: o.metric as ClaraMetric,
        method: o.method,
        maxIter: o.maxIter,
        seed: o.seed,
      });
      const model = withProgress('clara', o, (onProgress) =>
        clara.fit(data.kind === 'gower' ? data.table : data.data.X, { onProgress }),
      );
      await writeMedoidsResult('CLARA', data, model, o, { method: o.method, seed: model.seed });
    }),
  );
}
