/**
 * `clusterkit mean-shift INPUT`: mean-shift clustering (scikit-learn's MeanShift and estimate_bandwidth).
 * @module
 */
import type { Command } from 'commander';
import { invertScaler } from '../../core/scale.js';
import { estimateBandwidth, MeanShift } from '../../density/MeanShift.js';
import { formatRows, type InputOptions, intArg, numArg, type OutputOptions } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { warnQuadratic, withProgress } from '../progress.js';

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
  fitCommand.registerFitCommand<MeanShiftCliOptions>(program, {
    name: 'mean-shift',
    description: 'mean-shift clustering: modes of the flat-kernel density (scikit-learn MeanShift)',
    options: (cmd) =>
      cmd
        .option('--bandwidth <h>', 'kernel radius (default: estimated from --quantile)', numArg({ positive: true }))
        .option('--quantile <q>', 'neighbourhood fraction for the bandwidth estimate', numArg({ positive: true }), 0.3)
        .option('--n-samples <n>', 'estimate the bandwidth on a random subset of n rows', intArg(1))
        .option('--bin-seeding', 'seed from the occupied cells of a bandwidth-sized grid')
        .option('--min-bin-freq <n>', 'with --bin-seeding, keep cells with at least n rows', intArg(1), 1)
        .option('--no-cluster-all', 'label rows farther than bandwidth from every mode −1')
        .addOption(fitCommand.maxIterOption('maximum iterations per seed', 300, 0))
        .addOption(fitCommand.seedOption('seed of the --n-samples subset')),
    fit(data, o) {
      if (o.bandwidth === undefined) {
        warnQuadratic(
          'estimating the bandwidth',
          Math.min(o.nSamples ?? data.X.rows, data.X.rows),
          data.X.cols,
          'pass --bandwidth H, or --n-samples 10000 to estimate it on a random subset.',
          o.quiet,
        );
      }
      const bandwidth =
        o.bandwidth ?? estimateBandwidth(data.X, { quantile: o.quantile, nSamples: o.nSamples, seed: o.seed });
      const model = new MeanShift({
        bandwidth: bandwidth > 0 ? bandwidth : undefined,
        binSeeding: o.binSeeding ?? false,
        minBinFreq: o.minBinFreq,
        clusterAll: o.clusterAll,
        maxIter: o.maxIter,
      });
      const ms = withProgress('mean-shift', o, (onProgress) => model.fit(data.X, { onProgress }));
      const centers = invertScaler(ms.clusterCenters, data.scaler);
      const title = `mean shift, bandwidth ${ms.bandwidth.toPrecision(4)}: ${centers.rows} modes`;
      return {
        model: ms,
        table: { label: ms.labels },
        plot: fitCommand.clusterScatter(data, ms.labels, title, centers),
        json: () => ({ labels: ms.labels, centers, bandwidth: ms.bandwidth, nIter: ms.nIter }),
        summary: () => {
          const k = centers.rows;
          const sizes = new Array(k).fill(0);
          let noise = 0;
          for (const l of ms.labels) {
            if (l >= 0) sizes[l]++;
            else noise++;
          }
          return (
            `mean-shift: n=${data.X.rows} d=${data.X.cols} bandwidth=${ms.bandwidth.toPrecision(6)} modes=${k} nIter=${ms.nIter}\n` +
            `cluster sizes: ${sizes.join(', ')}${noise ? `; unlabelled (−1): ${noise}` : ''}\n` +
            `modes (${data.names.join(', ')}):\n${formatRows(centers)}\n`
          );
        },
      };
    },
  });
}
