/**
 * `clusterkit spherical-kmeans INPUT -k N`: cosine k-means for embeddings (rows normalised to unit length).
 * @module
 */
import type { Command } from 'commander';
import { SphericalKMeans } from '../../kmeans/SphericalKMeans.js';
import type { InputOptions, OutputOptions } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { withProgress } from '../progress.js';
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
  fitCommand.registerFitCommand<SphericalCliOptions>(program, {
    name: 'spherical-kmeans',
    description: 'spherical (cosine) k-means for embeddings: clusters rows by direction',
    options: (cmd) =>
      cmd
        .addOption(fitCommand.kOption())
        .addOption(fitCommand.initOption('directions'))
        .addOption(fitCommand.nInitOption('restarts, best kept (default: 1 for k-means++, 10 for random)'))
        .addOption(fitCommand.maxIterOption('maximum iterations per run', 300))
        .addOption(fitCommand.tolOption('tolerance on the movement of the unit centres', 1e-6))
        .addOption(fitCommand.seedOption()),
    fit(data, o) {
      const model = new SphericalKMeans({
        nClusters: o.k,
        init: resolveCliInit(o.init, data),
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        seed: o.seed,
      });
      const sk = withProgress('spherical-kmeans', o, (onProgress) => model.fit(data.X, { onProgress }));
      // Unit directions in the (scaled) feature space: not mapped back through --scale.
      const centers = sk.clusterCenters;
      return {
        model: sk,
        table: { label: sk.labels },
        plot: fitCommand.clusterScatter(data, sk.labels, `spherical k-means, k = ${o.k}`),
        json: () => ({
          labels: sk.labels,
          centers,
          inertia: sk.inertia,
          nIter: sk.nIter,
          converged: sk.converged,
          seed: sk.seed,
        }),
        summary: () =>
          summary('spherical k-means', data, o.k, sk.labels, centers, [
            `Σ(1 − cos) ${sk.inertia.toPrecision(8)}, ${sk.nIter} iterations, ${sk.converged ? 'converged' : 'not converged'}, seed=${sk.seed}`,
          ]),
      };
    },
  });
}
