/**
 * The choose-k plot: the score of each k (inertia, silhouette, Calinski–Harabasz, Davies–Bouldin, gap, BIC)
 * with the chosen k marked.
 * @module
 */
import type { ChooseKResult } from '../selection/chooseK.js';
import { CHOOSE_K_CRITERIA } from '../selection/criteria.js';
import { type LineSeries, lineChartSvg } from './line.js';

/**
 * Renders a {@link ChooseKResult} as an SVG line chart: score against k, a dashed vertical line at the chosen k.
 * For the gap statistic, Gap(k) ± sₖ are drawn as two thin extra series.
 * @param result - the output of `chooseK`
 * @example
 * const svg = chooseKSvg(chooseK(X, { method: 'silhouette', seed: 0 }));
 */
export function chooseKSvg(
  result: Pick<ChooseKResult, 'k' | 'method' | 'ks' | 'scores' | 'sk'>,
  opts: { title?: string; width?: number; height?: number } = {},
): string {
  const { label, better } = CHOOSE_K_CRITERIA[result.method];
  const series: LineSeries[] = [{ name: label, x: result.ks, y: result.scores, color: '#0072B2' }];
  if (result.method === 'gap' && result.sk) {
    const sk = result.sk;
    series.push(
      { name: 'Gap + s', x: result.ks, y: result.scores.map((g, i) => g + sk[i]), color: '#9a9a9a' },
      { name: 'Gap − s', x: result.ks, y: result.scores.map((g, i) => g - sk[i]), color: '#9a9a9a' },
    );
  }
  return lineChartSvg(series, {
    title: opts.title ?? `Choosing k: ${result.method} (${better}) → k = ${result.k}`,
    xLabel: 'number of clusters k',
    yLabel: label,
    width: opts.width,
    height: opts.height,
    marks: [{ x: result.k, label: `k = ${result.k}` }],
    integerX: true,
  });
}
