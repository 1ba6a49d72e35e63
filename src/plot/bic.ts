/**
 * BIC (or AIC) against the number of components, one line per covariance type — the picture mclust draws for
 * Gaussian-mixture model selection.
 * @module
 */
import type { GmmSelectionRow } from '../selection/selectGaussianMixture.js';
import { type LineSeries, lineChartSvg } from './line.js';

/** Options of {@link bicPlotSvg}. */
export interface BicPlotOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Which criterion to plot. @defaultValue 'bic' */
  criterion?: 'bic' | 'aic';
}

/**
 * Renders BIC (lower is better) against k for each covariance type in a model-selection table, with a dashed
 * mark at the chosen model. Failed fits (NaN) leave gaps.
 * @param selection - the result of `selectGaussianMixture` (only `table` and `best` are read)
 * @example
 * const svg = bicPlotSvg(selectGaussianMixture(X, { kMax: 8, seed: 0 }));
 */
export function bicPlotSvg(
  selection: { table: readonly GmmSelectionRow[]; best: GmmSelectionRow },
  opts: BicPlotOptions = {},
): string {
  const criterion = opts.criterion ?? 'bic';
  const name = criterion.toUpperCase();
  const types: string[] = [];
  for (const r of selection.table) if (!types.includes(r.covarianceType)) types.push(r.covarianceType);
  const series: LineSeries[] = types.map((t) => {
    const rows = selection.table.filter((r) => r.covarianceType === t);
    return { name: t, x: rows.map((r) => r.k), y: rows.map((r) => r[criterion]) };
  });
  const b = selection.best;
  return lineChartSvg(series, {
    title: opts.title ?? `Gaussian mixture: ${name} by number of components`,
    xLabel: 'number of components k',
    yLabel: `${name} (lower is better)`,
    width: opts.width,
    height: opts.height,
    integerX: true,
    marks: [{ x: b.k, label: `best: k=${b.k}, ${b.covarianceType}` }],
  });
}
