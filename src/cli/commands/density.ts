/**
 * `clusterkit dbscan|optics|hdbscan INPUT`: density-based clustering with noise (scikit-learn's DBSCAN and
 * OPTICS, HDBSCAN as R dbscan / scikit-learn ≥ 1.3).
 * @module
 */
import type { Command } from 'commander';
import { DBSCAN } from '../../density/DBSCAN.js';
import { HDBSCAN, HDBSCAN_SELECTION_METHODS, type HdbscanSelectionMethod } from '../../density/HDBSCAN.js';
import { DENSITY_CLUSTER_METRICS, type DensityClusterMetric } from '../../density/neighborhoods.js';
import { OPTICS, OPTICS_CLUSTER_METHODS, type OpticsClusterMethod } from '../../density/OPTICS.js';
import { condensedTreeSvg, reachabilitySvg } from '../../plot/densityClusters.js';
import { clusterSizes, type InputData, type InputOptions, intArg, numArg, type OutputOptions } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { warnQuadratic, withProgress } from '../progress.js';

interface DensityCliOptions extends InputOptions, OutputOptions {
  eps?: number;
  minSamples?: number;
  minClusterSize?: number;
  metric: DensityClusterMetric;
  p?: number;
}

/** `--metric` and `--p`, shared by the three commands (before each command's own options). */
function metricOptions(cmd: Command): Command {
  return cmd
    .option(
      '--metric <name>',
      `distance: ${DENSITY_CLUSTER_METRICS.filter((m) => m !== 'precomputed').join(', ')}`,
      'euclidean',
    )
    .option('--p <p>', 'Minkowski exponent for --metric minkowski', numArg({ positive: true }));
}

/** Noise count and the one-line summary shared by the three commands. */
function summarize(
  name: string,
  labels: Int32Array,
  data: InputData,
  extra: string,
): { k: number; noise: number; text: string } {
  let k = 0;
  let noise = 0;
  for (const l of labels) {
    if (l < 0) noise++;
    else if (l + 1 > k) k = l + 1;
  }
  const sizes = clusterSizes(labels, k);
  return {
    k,
    noise,
    text:
      `${name}: n=${data.X.rows} d=${data.X.cols} ${extra} clusters=${k} noise=${noise}\n` +
      `cluster sizes: ${sizes.length ? sizes.join(', ') : '(none)'}; noise (−1): ${noise}\n`,
  };
}

type OpticsCliOptions = DensityCliOptions & { maxEps?: number; clusterMethod: OpticsClusterMethod; xi: number };
type HdbscanCliOptions = DensityCliOptions & {
  clusterSelectionEpsilon: number;
  clusterSelectionMethod: HdbscanSelectionMethod;
  allowSingleCluster?: boolean;
  alpha: number;
};

/** Registers `dbscan`, `optics` and `hdbscan`. */
export function register(program: Command): void {
  fitCommand.registerFitCommand<DensityCliOptions>(program, {
    name: 'dbscan',
    description: 'DBSCAN: clusters of dense regions, the rest noise (scikit-learn DBSCAN)',
    options: (cmd) =>
      metricOptions(cmd)
        .option('--eps <r>', 'neighbourhood radius', numArg({ positive: true }), 0.5)
        .option('--min-samples <n>', 'rows within eps (itself included) that make a core point', intArg(1), 5),
    fit(data, o) {
      const db = new DBSCAN({ eps: o.eps, minSamples: o.minSamples, metric: o.metric, p: o.p });
      const m = withProgress('dbscan', o, (onProgress) => db.fit(data.X, { onProgress }));
      const s = summarize('dbscan', m.labels, data, `eps=${o.eps} minSamples=${o.minSamples}`);
      return {
        model: m,
        table: { label: m.labels },
        plot: fitCommand.clusterScatter(
          data,
          m.labels,
          `DBSCAN eps ${o.eps}, minSamples ${o.minSamples}: ${s.k} clusters`,
        ),
        json: () => ({ labels: m.labels, nClusters: s.k, nNoise: s.noise, coreSampleIndices: m.coreSampleIndices }),
        summary: () => `${s.text}core points: ${m.coreSampleIndices.length}\n`,
      };
    },
  });

  fitCommand.registerFitCommand<OpticsCliOptions>(program, {
    name: 'optics',
    description: 'OPTICS: reachability ordering and ξ / DBSCAN clusters (scikit-learn OPTICS)',
    options: (cmd) =>
      metricOptions(cmd)
        .option('--min-samples <n>', 'core-distance neighbourhood size, itself included (≥ 2)', intArg(2), 5)
        .option('--max-eps <r>', 'largest radius considered (default: infinite)', numArg({ positive: true }))
        .option('--cluster-method <m>', `extraction: ${OPTICS_CLUSTER_METHODS.join(' | ')}`, 'xi')
        .option('--eps <r>', 'cut for --cluster-method dbscan (default: --max-eps)', numArg({ positive: true }))
        .option('--xi <x>', 'minimum steepness of a cluster boundary, in [0, 1]', numArg({ nonNegative: true }), 0.05)
        .option('--min-cluster-size <n>', 'smallest ξ cluster (default: --min-samples)', intArg(2)),
    fit(data, o) {
      if (o.maxEps === undefined) {
        warnQuadratic(
          'optics without --max-eps',
          data.X.rows,
          data.X.cols,
          'pass --max-eps R (the largest radius of interest) to compare only the rows within R.',
          o.quiet,
        );
      }
      const optics = new OPTICS({
        minSamples: o.minSamples,
        maxEps: o.maxEps,
        clusterMethod: o.clusterMethod,
        eps: o.eps,
        xi: o.xi,
        minClusterSize: o.minClusterSize,
        metric: o.metric,
        p: o.p,
      });
      const m = withProgress('optics', o, (onProgress) => optics.fit(data.X, { onProgress }));
      const s = summarize('optics', m.labels, data, `minSamples=${o.minSamples} method=${o.clusterMethod}`);
      return {
        model: m,
        table: { label: m.labels, reachability: m.reachability },
        plot: () =>
          reachabilitySvg(m.reachability, m.ordering, m.labels, {
            eps: o.clusterMethod === 'dbscan' ? (o.eps ?? o.maxEps) : undefined,
            title: `OPTICS reachability, minSamples ${o.minSamples}: ${s.k} clusters`,
          }),
        json: () => ({
          labels: m.labels,
          nClusters: s.k,
          nNoise: s.noise,
          reachability: m.reachability,
          ordering: m.ordering,
          coreDistances: m.coreDistances,
        }),
        summary: () => s.text,
      };
    },
  });

  fitCommand.registerFitCommand<HdbscanCliOptions>(program, {
    name: 'hdbscan',
    description: 'HDBSCAN: the most stable density clusters over all eps (R dbscan hdbscan)',
    options: (cmd) =>
      metricOptions(cmd)
        .option('--min-cluster-size <n>', 'smallest cluster (≥ 2)', intArg(2), 5)
        .option(
          '--min-samples <n>',
          'core-distance neighbourhood, itself included (default: --min-cluster-size)',
          intArg(1),
        )
        .option(
          '--cluster-selection-epsilon <r>',
          'merge clusters born below this distance',
          numArg({ nonNegative: true }),
          0,
        )
        .option('--cluster-selection-method <m>', `${HDBSCAN_SELECTION_METHODS.join(' | ')}`, 'eom')
        .option('--allow-single-cluster', 'allow the whole data set as one cluster')
        .option('--alpha <a>', 'distance scaling in the mutual reachability', numArg({ positive: true }), 1),
    fit(data, o) {
      const hdb = new HDBSCAN({
        minClusterSize: o.minClusterSize,
        minSamples: o.minSamples,
        clusterSelectionEpsilon: o.clusterSelectionEpsilon,
        clusterSelectionMethod: o.clusterSelectionMethod,
        allowSingleCluster: o.allowSingleCluster ?? false,
        alpha: o.alpha,
        metric: o.metric,
        p: o.p,
      });
      const m = withProgress('hdbscan', o, (onProgress) => hdb.fit(data.X, { onProgress }));
      const s = summarize('hdbscan', m.labels, data, `minClusterSize=${o.minClusterSize} mst=${m.backend}`);
      return {
        model: m,
        table: { label: m.labels, probability: m.probabilities, outlierScore: m.outlierScores },
        plot: () =>
          condensedTreeSvg(m.condensedTree, data.X.rows, {
            selected: m.clusterIds,
            title: `HDBSCAN condensed tree, minClusterSize ${o.minClusterSize}: ${s.k} clusters`,
          }),
        json: () => ({
          labels: m.labels,
          nClusters: s.k,
          nNoise: s.noise,
          probabilities: m.probabilities,
          outlierScores: m.outlierScores,
        }),
        summary: () => s.text,
      };
    },
  });
}
