/**
 * Helpers shared by the k-means family commands (soft-kmeans, fuzzy-cmeans, minibatch-kmeans, bisecting-kmeans,
 * spherical-kmeans): the --init option and the common human summary.
 * @module
 */
import type { Command } from 'commander';
import { ValidationError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { applyScaler, invertScaler } from '../../core/scale.js';
import { clusterSizes, formatRows, type InputData, readMatrixFile } from '../common.js';
import { clusterScatter, maxIterOption, seedOption, tolOption } from '../fitCommand.js';

/** Resolves `--init k-means++|random|FILE` against the (scaled) data. */
export function resolveCliInit(
  init: string,
  data: { X: Pick<Matrix, 'cols'>; scaler: InputData['scaler'] },
): 'k-means++' | 'random' | Matrix {
  if (init === 'k-means++' || init === 'random') return init;
  const centers = readMatrixFile(init, 'init');
  if (centers.cols !== data.X.cols) {
    throw new ValidationError(
      `--init ${init} has ${centers.cols} columns but the data has ${data.X.cols}; give one value per feature.`,
      { param: 'init' },
    );
  }
  return applyScaler(centers, data.scaler);
}

/** --max-iter (exact count with --tol 0), --tol (relative) and --seed of soft-kmeans and fuzzy-cmeans. */
export function addMembershipLoopOptions(cmd: Command): Command {
  return cmd
    .addOption(maxIterOption('maximum iterations (exact count with --tol 0)', 300))
    .addOption(tolOption('relative tolerance on centre movement', 1e-4))
    .addOption(seedOption());
}

/** What --out writes for the soft commands, for its help. */
export const MEMBERSHIP_OUT = 'labels and memberships (columns label, p0..pk-1)';

/** n×k memberships as per-point columns p0..p{k−1} for --out. */
export function membershipColumns(labels: Int32Array, P: Matrix): Record<string, ArrayLike<number>> {
  const cols: Record<string, ArrayLike<number>> = { label: labels };
  for (let c = 0; c < P.cols; c++) {
    const v = new Float64Array(P.rows);
    for (let i = 0; i < P.rows; i++) v[i] = P.data[i * P.cols + c];
    cols[`p${c}`] = v;
  }
  return cols;
}

/** The human-readable summary every family command prints. */
export function summary(
  title: string,
  data: InputData,
  k: number,
  labels: Int32Array,
  centers: Matrix,
  lines: string[],
): string {
  return (
    `${title}: n=${data.X.rows} d=${data.X.cols} k=${k}\n` +
    lines.map((l) => `${l}\n`).join('') +
    `cluster sizes: ${clusterSizes(labels, k).join(', ')}\n` +
    `centres (${data.names.join(', ')}):\n${formatRows(centers)}\n`
  );
}

/** The options of a membership model (soft k-means, fuzzy c-means) that come from the shared CLI flags. */
export function membershipLoopArgs(
  o: { k: number; init: string; maxIter: number; tol: number; seed?: number },
  data: InputData,
): { nClusters: number; init: 'k-means++' | 'random' | Matrix; maxIter: number; tol: number; seed?: number } {
  return { nClusters: o.k, init: resolveCliInit(o.init, data), maxIter: o.maxIter, tol: o.tol, seed: o.seed };
}

/**
 * The outputs every membership model shares: the centres in the input's units, the model, the label and
 * membership columns (n×k `memberships`) and the scatter plot titled `plotTitle`.
 */
export function membershipOutputs<M extends { labels: Int32Array; clusterCenters: Matrix }>(
  data: InputData,
  model: M,
  memberships: Matrix,
  plotTitle: string,
): { centers: Matrix; model: M; table: Record<string, ArrayLike<number>>; plot: () => string } {
  const centers = invertScaler(model.clusterCenters, data.scaler);
  return {
    centers,
    model,
    table: membershipColumns(model.labels, memberships),
    plot: clusterScatter(data, model.labels, plotTitle, centers),
  };
}
