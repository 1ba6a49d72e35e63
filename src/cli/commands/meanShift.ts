/**
 * `clusterkit mean-shift INPUT`: mean-shift clustering (scikit-learn's MeanShift and estimate_bandwidth).
 * @module
 */
import type { Command } from 'commander';
import { estimateBandwidth, MeanShift } from '../../density/MeanShift.js';
import { invertScaler } from '../../io/scale.js';
import { scatterSvg } from '../../plot/scatter.js';
import {
  action,
  addInputOptions,
  addOutputOptions,
  formatRows,
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

interface MeanShiftCliOptions extends InputOptions, OutputOptions {
  bandwidth?: number;
  quantile: number;
  nSamples?: number;
  binSeeding?: boolean;
  minBinFreq: number;
  clusterAll: boolean;
  maxIter: number;
  seed?: number;
}

/** Registers `mean-shift`. */
export function register(program: Command): void {
  const cmd = program
    .command('mean-shift')
    .description('mean-shift clustering: modes of the flat-kernel density (scikit-learn MeanShift)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .option('--bandwidth <h>', 'kernel radius (default: estimated from --quantile)', numArg({ positive: true }))
    .option('--quantile <q>', 'neighbourhood fraction for the bandwidth estimate', numArg({ positive: true }), 0.3)
    .option('--n-samples <n>', 'estimate the bandwidth on a random subset of n rows', intArg(1))
    .option('--bin-seeding', 'seed from the occupied cells of a bandwidth-sized grid')
    .option('--min-bin-freq <n>', 'with --bin-seeding, keep cells with at least n rows', intArg(1), 1)
    .option('--no-cluster-all', 'label rows farther than bandwidth from every mode −1')
    .option('--max-iter <n>', 'maximum iterations per seed', intArg(0), 300)
    .option('--seed <n>', 'seed of the --n-samples subset', intArg(0));
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(
    action(async (input: string, o: MeanShiftCliOptions) => {
      const data = await loadInput(input, o);
      const bandwidth =
        o.bandwidth ?? estimateBandwidth(data.X, { quantile: o.quantile, nSamples: o.nSamples, seed: o.seed });
      const ms = new MeanShift({
        bandwidth: bandwidth > 0 ? bandwidth : undefined,
        binSeeding: o.binSeeding ?? false,
        minBinFreq: o.minBinFreq,
        clusterAll: o.clusterAll,
        maxIter: o.maxIter,
      }).fit(data.X);
      const centers = invertScaler(ms.clusterCenters, data.scaler);
      if (o.out) writePointTable(o.out, { label: ms.labels }, data);
      if (o.save) saveModel(o.save, ms.toJSON(), data);
      if (o.plot) {
        const svg = scatterSvg(data.raw, {
          labels: ms.labels,
          centers,
          title: `mean shift, bandwidth ${ms.bandwidth.toPrecision(4)}: ${centers.rows} modes`,
          columnNames: data.names,
        });
        await writePlot(o.plot, svg, data);
      }
      printWarnings(ms.warnings, o.quiet);
      if (o.json) {
        printJson({ labels: ms.labels, centers, bandwidth: ms.bandwidth, nIter: ms.nIter });
      } else if (!o.quiet) {
        const k = centers.rows;
        const sizes = new Array(k).fill(0);
        let noise = 0;
        for (const l of ms.labels) {
          if (l >= 0) sizes[l]++;
          else noise++;
        }
        process.stdout.write(
          `mean-shift: n=${data.X.rows} d=${data.X.cols} bandwidth=${ms.bandwidth.toPrecision(6)} modes=${k} nIter=${ms.nIter}\n` +
            `cluster sizes: ${sizes.join(', ')}${noise ? `; unlabelled (−1): ${noise}` : ''}\n` +
            `modes (${data.names.join(', ')}):\n${formatRows(centers)}\n`,
        );
      }
    }),
  );
}
