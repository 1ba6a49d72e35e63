/**
 * The report's closing sections: the metrics of every labelling side by side, the parameters used, and the
 * warnings.
 * @module
 */
import type { ModelWarning } from '../../core/errors.js';
import { htmlTable, type ReportSection } from '../../plot/report.js';
import { esc } from '../../plot/svg.js';
import { contingencyHtml, metricsTable, type ReportContext } from '../context.js';

/** One column per labelling (and the contingency table of the k-means labels against truth). */
export function metricsSection(
  c: ReportContext,
  columns: Record<string, Record<string, number>>,
  kmeansLabels: Int32Array,
): ReportSection {
  return {
    heading: 'Metrics',
    html:
      metricsTable(columns) +
      (c.truth ? contingencyHtml(c.truth, kmeansLabels, c.classNames) : '') +
      '<p class="muted">Silhouette, Calinski–Harabasz and Davies–Bouldin judge a clustering from the data alone (small variance within clusters against the variance between them); the scores vs truth compare it with the known labels.</p>',
  };
}

/** The settings of every stage, and the caller's extra lines. */
export function parametersSection(
  c: ReportContext,
  k: number,
  kChosenBy: string,
  extra: Record<string, string | number>,
): ReportSection {
  const params: (string | number)[][] = [
    ['rows × columns', `${c.n} × ${c.d}`],
    ['columns', c.names.join(', ')],
    ['k', `${k} (${kChosenBy})`],
    ['k range for choose-k', `${c.kMin}..${c.kMax}`],
    ['seed', c.seed],
    ['k-means', 'k-means++, nInit 10, maxIter 300, tol 1e-4'],
    ['hierarchical', `Ward linkage, euclidean, cut to k clusters${c.subNote}`],
    ['Gaussian mixture', 'full covariance, nInit 3, regCovar 1e-6; BIC over k and covariance types'],
    ['density', "Gaussian KDE, SciPy's Scott factor × data covariance"],
    ...Object.entries(extra),
  ];
  return { heading: 'Parameters used', html: htmlTable(['parameter', 'value'], params) };
}

/** The warnings of every stage as a list (none: no section). */
export function warningsSection(warnings: readonly ModelWarning[]): ReportSection | undefined {
  if (!warnings.length) return undefined;
  return { heading: 'Warnings', html: `<ul>${warnings.map((w) => `<li>${esc(w.message)}</li>`).join('')}</ul>` };
}
