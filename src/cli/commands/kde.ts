/**
 * `clusterkit kde INPUT`: kernel density estimation — log densities at the rows of a query file (or of the input),
 * a density grid, and a density plot (1-D curve with rug, 2-D filled contours).
 * @module
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ValidationError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { applyScaler, scalerLogJacobian } from '../../core/scale.js';
import { densityGrid1D, densityGrid2D } from '../../density/grid.js';
import { type KdeAlgorithm, KernelDensity } from '../../density/KernelDensity.js';
import { DENSITY_METRICS, type DensityMetric, KERNELS, type KernelName } from '../../density/kernels.js';
import { isjBandwidth, selectBandwidth } from '../../density/select.js';
import { densityContourSvg, densityCurveSvg } from '../../plot/density.js';
import {
  action,
  addInputOptions,
  addOutputOptions,
  type InputOptions,
  intArg,
  loadInput,
  numArg,
  type OutputOptions,
  printBackend,
  printJson,
  printWarnings,
  saveModel,
  writePlot,
  writePointTable,
} from '../common.js';
import { withProgress } from '../progress.js';

type BandwidthArg = number | 'scott' | 'silverman' | 'isj' | 'cv';

interface KdeCliOptions extends InputOptions, OutputOptions {
  bandwidth: BandwidthArg;
  kernel: KernelName;
  algorithm: KdeAlgorithm;
  metric: DensityMetric;
  atol: number;
  rtol: number;
  scaleByCovariance?: boolean;
  query?: string;
  grid?: number;
  seed?: number;
}

function bandwidthArg(v: string): BandwidthArg {
  if (v === 'scott' || v === 'silverman' || v === 'isj' || v === 'cv') return v;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !(x > 0)) {
    throw new InvalidArgumentError(`expected a number > 0, 'scott', 'silverman', 'isj' or 'cv', got '${v}'.`);
  }
  return x;
}

/** Registers `kde`. */
export function register(program: Command): void {
  const cmd = program
    .command('kde')
    .description('kernel density estimation: log densities, density grids and plots (scikit-learn / SciPy answers)')
    .argument('<input>', "data file (CSV/TSV/JSON/NDJSON/Parquet/Arrow/.npy) or '-' for stdin")
    .option(
      '--bandwidth <h>',
      "a number > 0, 'scott' / 'silverman' (scikit-learn's UNSCALED rules: scale the data, or add " +
        "--scale-by-covariance for SciPy's), 'isj' (1-D Improved Sheather–Jones) or 'cv' (5-fold likelihood)",
      bandwidthArg,
      1 as BandwidthArg,
    )
    .addOption(new Option('--kernel <name>', 'kernel').choices([...KERNELS]).default('gaussian'))
    .addOption(
      new Option('--algorithm <name>', 'evaluation algorithm')
        .choices(['auto', 'exact', 'kd_tree', 'fft'])
        .default('auto'),
    )
    .addOption(new Option('--metric <name>', 'distance norm').choices([...DENSITY_METRICS]).default('euclidean'))
    .option('--atol <x>', 'absolute tolerance on the density (tree)', numArg({ nonNegative: true }), 0)
    .option('--rtol <x>', 'relative tolerance on the density (tree)', numArg({ nonNegative: true }), 0)
    .option('--scale-by-covariance', "SciPy's gaussian_kde: kernel covariance = bandwidth² × data covariance")
    .option('--query <file>', 'evaluate the log density at the rows of FILE (default: at the input rows)')
    .option(
      '--grid <n>',
      'also evaluate the density on an n-point grid (n×n in 2-D) for 1- or 2-column data',
      intArg(2),
    )
    .option('--seed <n>', 'seed of the folds for --bandwidth cv', intArg(0));
  addInputOptions(cmd);
  addOutputOptions(cmd, 'the log density of each row');
  cmd.action(
    action(async (input: string, o: KdeCliOptions) => {
      const data = await loadInput(input, o);
      const d = data.X.cols;
      let bandwidth: number | 'scott' | 'silverman';
      if (o.bandwidth === 'isj') {
        if (d !== 1) {
          throw new ValidationError(`--bandwidth isj is for 1-D data; the input has ${d} columns (use --columns).`, {
            param: 'bandwidth',
          });
        }
        bandwidth = isjBandwidth(data.X.data);
      } else if (o.bandwidth === 'cv') {
        bandwidth = withProgress(
          'kde --bandwidth cv',
          o,
          (onProgress) =>
            selectBandwidth(data.X, { kernel: o.kernel, metric: o.metric, seed: o.seed ?? 0, onProgress }).bandwidth,
        );
      } else bandwidth = o.bandwidth;
      if ((o.bandwidth === 'isj' || o.bandwidth === 'cv') && o.scaleByCovariance) {
        throw new ValidationError(`--bandwidth ${o.bandwidth} chooses h itself; drop --scale-by-covariance.`, {
          param: 'bandwidth',
        });
      }
      const kde = new KernelDensity({
        bandwidth,
        kernel: o.kernel,
        algorithm: o.algorithm,
        metric: o.metric,
        atol: o.atol,
        rtol: o.rtol,
        scaleByCovariance: o.scaleByCovariance ?? false,
      }).fit(data.X);
      let points: Matrix = data.X;
      let pointsPath = data.path;
      if (o.query) {
        const q = await loadInput(o.query, { columns: o.columns, format: undefined, header: o.header });
        if (q.raw.cols !== d) {
          throw new ValidationError(
            `--query ${o.query} has ${q.raw.cols} columns but the model was fitted on ${d}; give the same columns.`,
            { param: 'query' },
          );
        }
        points = applyScaler(q.raw, data.scaler);
        pointsPath = q.path;
      }
      const jac = scalerLogJacobian(data.scaler); // densities in the input's units
      const logDensity = withProgress('kde', o, (onProgress) => kde.scoreSamples(points, { onProgress }));
      for (let i = 0; i < logDensity.length; i++) logDensity[i] -= jac;
      const gridN = o.grid ?? (o.plot ? (d === 1 ? 512 : 128) : undefined);
      let grid: { x: Float64Array; y?: Float64Array; density: Float64Array; algorithm: string } | undefined;
      if (gridN !== undefined) {
        if (d > 2) {
          throw new ValidationError(`--grid and --plot need 1 or 2 columns; the input has ${d} (use --columns).`, {
            param: 'grid',
          });
        }
        const { scale, offset } = data.scaler;
        const un = (v: Float64Array, j: number) =>
          data.scaler.kind === 'none' ? v : v.map((t) => t * scale[j] + offset[j]);
        const factor = Math.exp(-jac);
        if (d === 1) {
          const g = densityGrid1D(kde, { n: gridN });
          grid = { x: un(g.x, 0), density: g.density.map((t) => t * factor), algorithm: g.algorithm };
        } else {
          const g = densityGrid2D(kde, { nx: gridN, ny: gridN });
          grid = { x: un(g.x, 0), y: un(g.y, 1), density: g.density.map((t) => t * factor), algorithm: g.algorithm };
        }
      }
      if (o.out) writePointTable(o.out, { logDensity }, { ...data, path: pointsPath ?? data.path });
      if (o.save) saveModel(o.save, kde.toJSON(), data);
      if (o.plot && grid) {
        const title = `Kernel density (${o.kernel}, bandwidth ${kde.bandwidth.toPrecision(4)})`;
        const svg =
          d === 1
            ? densityCurveSvg(grid, { rug: data.raw.data, title, xLabel: data.names[0] })
            : densityContourSvg(
                { x: grid.x, y: grid.y as Float64Array, density: grid.density },
                { points: data.raw, title, xLabel: data.names[0], yLabel: data.names[1] },
              );
        await writePlot(o.plot, svg, data);
      }
      printBackend(kde, o);
      printWarnings(kde.warnings, o.quiet);
      if (o.json) {
        printJson({
          bandwidth: kde.bandwidth,
          logDensity,
          kernel: o.kernel,
          bandwidthCovariance: kde.bandwidthCovariance ?? undefined,
          grid,
        });
      } else if (!o.quiet) {
        let total = 0;
        for (const v of logDensity) total += v;
        process.stdout.write(
          `kde: n=${data.X.rows} d=${d} kernel=${o.kernel} bandwidth=${kde.bandwidth.toPrecision(6)}` +
            `${o.scaleByCovariance ? ' (covariance factor)' : ''}${data.scaler.kind !== 'none' ? ` on ${data.scaler.kind}-scaled data (densities in original units)` : ''}\n` +
            `${logDensity.length} ${o.query ? 'query' : 'input'} rows: total log density ${total.toPrecision(8)}, mean ${(total / logDensity.length).toPrecision(6)}\n` +
            (grid ? `grid: ${grid.density.length} points (${grid.algorithm})\n` : ''),
        );
      }
    }),
  );
}
