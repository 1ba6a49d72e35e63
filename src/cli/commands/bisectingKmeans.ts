/**
 * `clusterkit bisecting-kmeans INPUT -k N`: scikit-learn's bisecting k-means.
 * @module
 */
import { type Command, Option } from 'commander';
import { invertScaler } from '../../core/scale.js';
import { BisectingKMeans, type BisectingStrategy } from '../../kmeans/BisectingKMeans.js';
import type { InputOptions, OutputOptions } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { withProgress } from '../progress.js';
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
  fitCommand.registerFitCommand<BisectCliOptions>(program, {
    name: 'bisecting-kmeans',
    description: 'bisecting k-means: split the biggest (or most populous) cluster in two until there are k',
    options: (cmd) =>
      cmd
        .addOption(fitCommand.kOption())
        .addOption(
          new Option('--bisecting-strategy <s>', 'which cluster to split next')
            .choices(['biggest_inertia', 'largest_cluster'])
            .default('biggest_inertia'),
        )
        .addOption(
          new Option('--init <how>', 'initialisation of each 2-means')
            .choices(['random', 'k-means++'])
            .default('random'),
        )
        .addOption(fitCommand.nInitOption('2-means runs per bisection, best kept', 1))
        .addOption(fitCommand.maxIterOption('maximum iterations per 2-means run', 300))
        .addOption(fitCommand.tolOption('absolute tolerance on centre movement (as scikit-learn 1.2)', 1e-4))
        .addOption(fitCommand.seedOption()),
    fit(data, o) {
      const model = new BisectingKMeans({
        nClusters: o.k,
        init: o.init,
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        bisectingStrategy: o.bisectingStrategy,
        seed: o.seed,
      });
      const bk = withProgress('bisecting-kmeans', o, (onProgress) => model.fit(data.X, { onProgress }));
      const centers = invertScaler(bk.clusterCenters, data.scaler);
      return {
        model: bk,
        table: { label: bk.labels },
        plot: fitCommand.clusterScatter(data, bk.labels, `bisecting k-means, k = ${o.k}`, centers),
        json: () => ({ labels: bk.labels, centers, inertia: bk.inertia, seed: bk.seed }),
        summary: () =>
          summary(`bisecting k-means (${o.bisectingStrategy})`, data, o.k, bk.labels, centers, [
            `inertia ${bk.inertia.toPrecision(8)}${fitCommand.scaledNote(data)}, seed=${bk.seed}`,
          ]),
      };
    },
  });
}
