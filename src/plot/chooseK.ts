/**
 * The choose-k plot: the score of each k (inertia, silhouette, Calinski–Harabasz, Davies–Bouldin, gap, BIC)
 * with the chosen k marked.
 * @module
 */
import type { ChooseKMethod, ChooseKResult } from '../selection/chooseK.js';
import { type LineSeries, lineChartSvg } from './line.js';

const Y_LABEL: Record<ChooseKMethod, string> = {
  elbow: 'inertia (within-cluster sum of squares)',
  silhouette: 'mean silhouette',
  calinski: 'Calinski–Harabasz index',
  'davies-bouldin': 'Davies–Bouldin index',
  gap: 'Gap(k)',
  bic: 'BIC',
};

const BETTER: Record<ChooseKMethod, string> = {
  elbow: 'knee',
  silhouette: 'higher is better',
  calinski: 'higher is better',
  'davies-bouldin': 'lower is better',
  gap: 'standard-error rule',
  bic: 'lower is better',
};

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
  const series: LineSeries[] = [{ name: Y_LABEL[result.method], x: result.ks, y: result.scores, color: '#0072B2' }];
  if (result.method === 'gap' && result.sk) {
    const sk = result.sk;
    series.push(
      { name: 'Gap + s', x: result.ks, y: result.scores.map((g, i) => g + sk[i]), color: '#9a9a9a' },
      { name: 'Gap − s', x: result.ks, y: result.scores.map((g, i) => g - sk[i]), color: '#9a9a9a' },
    );
  }
  return lineChartSvg(series, {
    title: opts.title ?? `Choosing k: ${result.method} (${BETTER[result.method]}) → k = ${result.k}`,
    xLabel: 'number of clusters k',
    yLabel: Y_LABEL[result.method],
    width: opts.width,
    height: opts.height,
    marks: [{ x: result.k, label: `k = ${result.k}` }],
    integerX: true,
  });
}
