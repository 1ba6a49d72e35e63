/**
 * `clusterkit kmeans INPUT -k N`: k-means on a data file. THE model for other commands: input options, output
 * options, the documented --json keys, human summary otherwise, warnings on stderr.
 * @module
 */
import { type Command, Option } from 'commander';
import { ValidationError } from '../../core/errors.js';
import { invertScaler } from '../../core/scale.js';
import { KMeans, type KMeansAlgorithm } from '../../kmeans/KMeans.js';
import type { SourceFitOptions } from '../../kmeans/sourceKMeans.js';
import { clusterSizes, formatRows, type InputOptions, type OutputOptions, readMatrixFile } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { withProgress } from '../progress.js';
import { resolveCliInit } from './familyCommon.js';

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
  fitCommand.registerFitCommand<KMeansCliOptions>(program, {
    name: 'kmeans',
    description: 'k-means clustering (Lloyd / Elkan / Hamerly, k-means++ or random init, restarts)',
    options: (cmd) =>
      cmd
        .addOption(fitCommand.kOption())
        .addOption(
          new Option(
            '--init <how>',
            "'k-means++', 'random', a FILE of k initial centres, or (with --engine) 'k-means||'",
          ).default('k-means++'),
        )
        .addOption(fitCommand.nInitOption('restarts, best inertia kept (default: 1 for k-means++, 10 for random)'))
        .addOption(fitCommand.maxIterOption('maximum iterations per run', 300))
        .addOption(fitCommand.tolOption('relative tolerance on centre movement', 1e-4))
        .addOption(
          new Option('--algorithm <name>', 'iteration algorithm')
            .choices(['auto', 'lloyd', 'elkan', 'hamerly'])
            .default('auto'),
        )
        .addOption(fitCommand.seedOption()),
    async fitSource(source, o, progressLine) {
      const byEngine = o.init === 'k-means||' || o.init === 'k-means++' || o.init === 'random';
      const km = await new KMeans({
        nClusters: o.k,
        init: byEngine ? 'k-means++' : readMatrixFile(o.init, 'init'),
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        seed: o.seed,
      }).fitSource(source, {
        init: byEngine ? (o.init as SourceFitOptions['init']) : undefined,
        onIteration:
          progressLine &&
          ((s) =>
            progressLine(
              `iteration ${s.iteration + 1}: inertia ${s.inertia.toPrecision(8)}, shift ${s.shift.toPrecision(3)}`,
            )),
      });
      const centers = km.clusterCenters;
      return {
        model: km,
        writeLabels: (src, into) => km.predictSource(src, { into }),
        json: () => ({ centers, inertia: km.inertia, nIter: km.nIter, converged: km.converged, seed: km.seed }),
        summary: () =>
          `k-means on ${source.engine.dialect}: d=${centers.cols} k=${o.k} seed=${km.seed}\n` +
          `inertia ${km.inertia.toPrecision(8)}, ${km.nIter} iterations, ${km.converged ? 'converged' : 'not converged'}\n` +
          `centres:\n${formatRows(centers)}\n`,
      };
    },
    fit(data, o) {
      if (o.init === 'k-means||') {
        throw new ValidationError('--init k-means|| runs inside an engine; add --engine duckdb or --engine postgres.', {
          param: 'init',
        });
      }
      const model = new KMeans({
        nClusters: o.k,
        init: resolveCliInit(o.init, data),
        nInit: o.nInit,
        maxIter: o.maxIter,
        tol: o.tol,
        algorithm: o.algorithm,
        seed: o.seed,
      });
      const km = withProgress('kmeans', o, (onProgress) => model.fit(data.X, { onProgress }));
      const centers = invertScaler(km.clusterCenters, data.scaler);
      return {
        model: km,
        table: { label: km.labels },
        plot: fitCommand.clusterScatter(data, km.labels, `k-means, k = ${o.k}`, centers),
        json: () => ({
          labels: km.labels,
          centers,
          inertia: km.inertia,
          nIter: km.nIter,
          converged: km.converged,
          seed: km.seed,
          algorithm: km.algorithm,
        }),
        summary: () =>
          `k-means: n=${data.X.rows} d=${data.X.cols} k=${o.k} algorithm=${km.algorithm} seed=${km.seed}\n` +
          `inertia ${km.inertia.toPrecision(8)}${fitCommand.scaledNote(data)}, ${km.nIter} iterations, ${km.converged ? 'converged' : 'not converged'}\n` +
          `cluster sizes: ${clusterSizes(km.labels, o.k).join(', ')}\n` +
          `centres (${data.names.join(', ')}):\n${formatRows(centers)}\n`,
      };
    },
  });
}
