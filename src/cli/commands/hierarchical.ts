/**
 * `clusterkit hierarchical INPUT [-k N | --distance-threshold H]`: agglomerative clustering — SciPy's linkage
 * matrix, optional flat clusters (scikit-learn's cut), dendrogram plot.
 * @module
 */
import { type Command, Option } from 'commander';
import { METRICS, type Metric } from '../../core/distance.js';
import { formatBytes, ValidationError } from '../../core/errors.js';
import { type Matrix, toArrays } from '../../core/matrix.js';
import { invertScaler } from '../../core/scale.js';
import { AgglomerativeClustering } from '../../hierarchy/AgglomerativeClustering.js';
import {
  LINKAGE_METHODS,
  LINKAGE_PRECISIONS,
  type LinkageMethod,
  type LinkagePrecision,
  linkage,
  MONOTONE_METHODS,
} from '../../hierarchy/linkage.js';
import { type MicroClusterTree, microClusterLinkage } from '../../hierarchy/microClusters.js';
import { microClusterLinkageSource } from '../../hierarchy/microClustersSource.js';
import { dendrogramSvg } from '../../plot/dendrogram.js';
import { scatterSvg } from '../../plot/scatter.js';
import {
  action,
  addInputOptions,
  addOutputOptions,
  clusterSizes,
  formatPointTable,
  type InputOptions,
  intArg,
  loadInput,
  numArg,
  type OutputOptions,
  printJson,
  printWarnings,
  saveModel,
  writeFileAtomic,
  writePlot,
  writePointTable,
} from '../common.js';
import { addEngineOptions, type EngineOptions, runOnEngine } from '../engine.js';
import { plotUnits, seedOption } from '../fitCommand.js';
import { checkNotInput } from '../outputs.js';
import { withProgress } from '../progress.js';

interface HierarchicalCliOptions extends InputOptions, OutputOptions {
  method: LinkageMethod;
  metric: Metric;
  k?: number;
  distanceThreshold?: number;
  linkageOut?: string;
  dendrogram?: string;
  dendrogramP: number;
  microClusters?: number;
  seed?: number;
  lowMemory?: boolean;
  precision: LinkagePrecision;
}

/** Registers `hierarchical`. */
export function register(program: Command): void {
  const cmd = program
    .command('hierarchical')
    .description('agglomerative hierarchical clustering (SciPy linkage: MST, NN-chain, generic algorithm)')
    .argument(
      '[input]',
      "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin (with --engine: --table/--query instead, or a file DuckDB reads)",
    )
    .addOption(new Option('--method <name>', 'linkage method').choices([...LINKAGE_METHODS]).default('ward'))
    .addOption(new Option('--metric <name>', 'distance between rows').choices([...METRICS]).default('euclidean'))
    .option('-k, --k <n>', 'cut the tree into n clusters', intArg(1))
    .option(
      '--distance-threshold <h>',
      'cut the tree at height h instead (merges at heights >= h are undone)',
      numArg({ nonNegative: true }),
    )
    .option('--linkage-out <file>', 'write the linkage matrix (a, b, distance, size) to FILE (.csv, .json, .ndjson)')
    .option('--dendrogram <file>', 'draw the dendrogram (.svg or .png), with the cut line when cutting')
    .option('--dendrogram-p <p>', 'show only the last p merges in the dendrogram', intArg(2), 30)
    .option(
      '--micro-clusters <m>',
      'for large n: k-means into m micro-clusters, then the weighted linkage of their centres (euclidean; with --engine the k-means runs in the engine, default m = min(n, 200))',
      intArg(2),
    )
    .addOption(seedOption('random seed of the --micro-clusters k-means'))
    .option(
      '--low-memory',
      "build the tree without the n×n distance matrix, in O(n·d) memory (single, ward, centroid, median; euclidean): fastcluster's linkage_vector",
    )
    .addOption(
      new Option(
        '--precision <p>',
        'f32 stores the distance matrix in float32: half the memory (complete, average, weighted; heights within the error bound of the README)',
      )
        .choices([...LINKAGE_PRECISIONS])
        .default('f64'),
    );
  addInputOptions(cmd);
  addOutputOptions(cmd);
  addEngineOptions(cmd);
  cmd.action(
    action(async (input: string | undefined, o: HierarchicalCliOptions & EngineOptions) => {
      if (o.k !== undefined && o.distanceThreshold !== undefined) {
        throw new ValidationError('Give either -k or --distance-threshold, not both.', { param: 'k' });
      }
      const cut = o.k !== undefined || o.distanceThreshold !== undefined;
      if (!cut && (o.out || o.save || o.plot)) {
        throw new ValidationError('--out, --save and --plot need flat clusters: add -k N or --distance-threshold H.', {
          param: 'k',
        });
      }
      const engine = o.engine !== undefined && o.engine !== 'memory';
      if (
        (o.microClusters !== undefined || engine) &&
        (o.save || o.metric !== 'euclidean' || o.lowMemory || o.precision === 'f32')
      ) {
        throw new ValidationError(
          `${engine ? `--engine ${o.engine} clusters through micro-clusters, which work` : '--micro-clusters works'} with the euclidean metric and without --save, --low-memory or --precision f32 (the tree is over k-means centres).`,
          { param: engine ? 'engine' : 'microClusters' },
        );
      }
      if (engine) {
        await runOnEngine(input, o, async (source) => {
          const micro = await microClusterLinkageSource(source, {
            nMicroClusters: o.microClusters,
            method: o.method,
            nClusters: o.k,
            distanceThreshold: o.distanceThreshold,
            seed: o.seed,
            into: o.outTable,
          });
          await writeTreeFiles(micro.linkage, micro.centers.rows, o, input);
          const rows = micro.weights.reduce((a, b) => a + b, 0);
          const where = ` (${source.engine.dialect})`;
          return {
            model: { toJSON: () => ({}), warnings: [] },
            writeLabels: async () => rows,
            json: () => microJson(micro, o),
            summary: () => microSummary(micro, rows, o, where),
          };
        });
        return;
      }
      if (input === undefined) {
        throw new ValidationError(
          'hierarchical needs an input file (or --engine duckdb|postgres with --table/--query).',
          {
            param: 'input',
          },
        );
      }
      const data = await loadInput(input, o);
      let n = data.X.rows;
      if (o.microClusters === undefined) warnLinkageMatrix(o, n, data.X.cols);
      const matrixFree = o.lowMemory ? true : 'auto';
      let model: AgglomerativeClustering | null = null;
      let Z: ReturnType<typeof linkage>;
      let micro: ReturnType<typeof microClusterLinkage> | null = null;
      if (o.microClusters !== undefined) {
        micro = microClusterLinkage(data.X, {
          nMicroClusters: Math.min(o.microClusters, data.X.rows),
          method: o.method,
          nClusters: o.k,
          distanceThreshold: o.distanceThreshold,
          seed: o.seed,
        });
        Z = micro.linkage;
        n = micro.centers.rows; // the tree's leaves are the micro-clusters
      } else if (cut) {
        model = new AgglomerativeClustering({
          nClusters: o.k ?? null,
          distanceThreshold: o.distanceThreshold ?? null,
          linkage: o.method,
          metric: o.metric,
          computeDistances: true,
          matrixFree,
          precision: o.precision,
        });
        const fitted = model;
        withProgress('hierarchical', o, (onProgress) => fitted.fit(data.X, { onProgress }));
        Z = model.linkageMatrix;
      } else {
        Z = withProgress('hierarchical', o, (onProgress) =>
          linkage(data.X, { method: o.method, metric: o.metric, matrixFree, precision: o.precision, onProgress }),
        );
      }
      await writeTreeFiles(Z, n, o, data.path);
      if (micro) {
        await writeMicroOutputs(micro, data, o);
        return;
      }
      if (model) {
        if (o.out) writePointTable(o.out, { label: model.labels }, data);
        if (o.save) saveModel(o.save, model.toJSON(), data);
        if (o.plot) {
          await writePlot(
            o.plot,
            scatterSvg(data.X, {
              labels: model.labels,
              title: `${o.method} linkage, ${model.nClusters} clusters`,
              columnNames: data.names,
              units: plotUnits(data),
            }),
            data,
          );
        }
        printWarnings(model.warnings, o.quiet);
      }
      if (o.json) {
        printJson(
          model
            ? {
                linkage: toArrays(Z),
                labels: model.labels,
                nClusters: model.nClusters,
                method: o.method,
                metric: o.metric,
              }
            : { linkage: toArrays(Z), method: o.method, metric: o.metric },
        );
      } else if (!o.quiet) {
        const top = [];
        for (let i = n - 2; i >= Math.max(0, n - 6); i--) top.push(Z.data[i * 4 + 2].toPrecision(6));
        let text =
          `hierarchical: n=${n} d=${data.X.cols} method=${o.method} metric=${o.metric}\n` +
          `highest merges: ${top.join(', ')}\n`;
        if (model) {
          text += `${model.nClusters} clusters, sizes: ${clusterSizes(model.labels, model.nClusters).join(', ')}\n`;
        }
        process.stdout.write(text);
      }
    }),
  );
}

/** `--linkage-out` and `--dendrogram` of a tree over n leaves (rows, or micro-clusters), the input protected. */
async function writeTreeFiles(
  Z: Matrix,
  n: number,
  o: HierarchicalCliOptions,
  inputPath: string | undefined,
): Promise<void> {
  if (o.linkageOut) {
    const cols = {
      a: new Float64Array(n - 1),
      b: new Float64Array(n - 1),
      distance: new Float64Array(n - 1),
      size: new Float64Array(n - 1),
    };
    for (let i = 0; i < n - 1; i++) {
      cols.a[i] = Z.data[i * 4];
      cols.b[i] = Z.data[i * 4 + 1];
      cols.distance[i] = Z.data[i * 4 + 2];
      cols.size[i] = Z.data[i * 4 + 3];
    }
    writeFileAtomic(o.linkageOut, formatPointTable(o.linkageOut, cols), [inputPath], '--linkage-out');
  }
  if (!o.dendrogram) return;
  // Height of the cut: the threshold, or midway between the merges the k-cut separates.
  let cutHeight: number | undefined = o.distanceThreshold;
  if (o.k !== undefined && o.k > 1 && o.k <= n - 1 && MONOTONE_METHODS.includes(o.method)) {
    cutHeight = (Z.data[(n - o.k) * 4 + 2] + Z.data[(n - o.k - 1) * 4 + 2]) / 2;
  }
  const svg = dendrogramSvg(Z, {
    truncateMode: n > o.dendrogramP ? 'lastp' : 'none',
    p: o.dendrogramP,
    cutHeight,
    labels: n <= o.dendrogramP ? Array.from({ length: n }, (_, i) => String(i)) : undefined,
    title: `Hierarchical clustering (${o.method}, ${o.metric})`,
  });
  if (inputPath !== undefined) checkNotInput('--dendrogram', o.dendrogram, [inputPath]);
  await writePlot(o.dendrogram, svg, undefined, '--dendrogram');
}

/** The micro-cluster tree as --json writes it (centres in the units of the clustered columns). */
function microJson(micro: MicroClusterTree & { centers: Matrix; weights: Float64Array }, o: HierarchicalCliOptions) {
  return {
    linkage: toArrays(micro.linkage),
    ...(micro.nClusters === undefined ? {} : { nClusters: micro.nClusters, centerLabels: micro.centerLabels }),
    centers: toArrays(micro.centers),
    weights: micro.weights,
    method: o.method,
    metric: o.metric,
  };
}

/** The summary of a micro-cluster tree: sizes of the flat clusters are the summed weights of their centres. */
function microSummary(
  micro: MicroClusterTree & { centers: Matrix; weights: Float64Array },
  n: number,
  o: HierarchicalCliOptions,
  where: string,
): string {
  const m = micro.centers.rows;
  const top = [];
  for (let i = m - 2; i >= Math.max(0, m - 6); i--) top.push(micro.linkage.data[i * 4 + 2].toPrecision(6));
  let text =
    `hierarchical on ${m} micro-clusters${where}: n=${n} d=${micro.centers.cols} method=${o.method} (weighted by rows)\n` +
    `highest merges: ${top.join(', ')}\n`;
  if (micro.centerLabels !== undefined && micro.nClusters !== undefined) {
    const sizes = new Array<number>(micro.nClusters).fill(0);
    for (let c = 0; c < m; c++) sizes[micro.centerLabels[c]] += micro.weights[c];
    text += `${micro.nClusters} clusters, sizes: ${sizes.join(', ')}\n`;
  }
  return text;
}

/** The outputs of `--micro-clusters`: labels of every row, the scatter plot, and the summary or --json. */
async function writeMicroOutputs(
  micro: ReturnType<typeof microClusterLinkage>,
  data: Awaited<ReturnType<typeof loadInput>>,
  o: HierarchicalCliOptions,
): Promise<void> {
  const { labels, nClusters } = micro;
  const inUnits = { ...micro, centers: invertScaler(micro.centers, data.scaler) };
  if (labels && o.out) writePointTable(o.out, { label: labels }, data);
  if (labels && o.plot) {
    const title = `${o.method} linkage of ${micro.centers.rows} micro-clusters, ${nClusters} clusters`;
    await writePlot(o.plot, scatterSvg(data.raw, { labels, title, columnNames: data.names }), data);
  }
  if (o.json) {
    printJson({ ...microJson(inUnits, o), ...(labels ? { labels } : {}), microLabels: micro.microLabels });
  } else if (!o.quiet) {
    process.stdout.write(microSummary(inUnits, data.X.rows, o, ''));
  }
}

/** Bytes of the condensed distance matrix from which the CLI warns before building it. */
const MATRIX_WARN_BYTES = 256 * 1024 ** 2;

/**
 * Warns on stderr before linkage builds a large distance matrix (n(n−1)/2 doubles, at least
 * {@link MATRIX_WARN_BYTES}), naming --low-memory where the method has a matrix-free path. linkage's 'auto' is
 * already matrix-free for single linkage and for ward on ≤ 12 columns.
 */
function warnLinkageMatrix(o: HierarchicalCliOptions, n: number, d: number): void {
  if (o.quiet || o.lowMemory) return;
  const bytes = (o.precision === 'f32' ? 2 : 4) * n * (n - 1);
  const vectorOk = o.metric === 'euclidean' && ['single', 'ward', 'centroid', 'median'].includes(o.method);
  const autoFree = o.method === 'single' || (o.method === 'ward' && d <= 12);
  if (bytes < MATRIX_WARN_BYTES || autoFree) return;
  process.stderr.write(
    `clusterkit: warning: ${o.method} linkage of ${n} rows builds the ${formatBytes(bytes)} distance matrix (O(n²) memory and time); ${
      vectorOk
        ? 'add --low-memory to build the tree without it, in O(n·d) memory.'
        : `single, ward, centroid and median (euclidean) can run without it with --low-memory; or ${o.metric === 'euclidean' ? 'add --micro-clusters 1000 (the tree of k-means centres)' : 'cluster a sample'}.`
    }\n`,
  );
}
