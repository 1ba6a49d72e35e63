/**
 * The one-screen text summary that `clusterkit report` prints in the terminal: the clusters found and their sizes,
 * the silhouette, the chosen k and why, what the other criteria said, and where the HTML report is.
 * @module
 */
import type { AnalysisSummary } from '../../report/analysis.js';

/** What the summary says about the input besides the analysis. */
export interface ReportSummaryInput {
  /** File name shown in the first line. */
  name: string;
  /** Feature column names. */
  columns: readonly string[];
  /** The --scale kind. */
  scaling: string;
  /** The truth column, when one was used. */
  truthColumn?: string;
  /** Absolute path of the HTML report. */
  path: string;
}

const KCHOSEN: Record<string, string> = {
  given: 'as given by -k',
  silhouette: 'chosen by the silhouette (the default criterion)',
  default: 'the fallback: no criterion could score a k',
};

function num(v: number | undefined, digits = 3): string {
  return v === undefined || Number.isNaN(v) ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

/**
 * Formats the summary of a report (at most about 12 lines of ≤ 100 characters, so it fits one screen).
 * @example
 * ```ts
 * process.stdout.write(reportSummaryText(result.summary, { name: 'iris.csv', columns, scaling: 'none', path }));
 * ```
 */
export function reportSummaryText(s: AnalysisSummary, input: ReportSummaryInput): string {
  const lines: string[] = [];
  const cols = input.columns.length <= 6 ? input.columns.join(', ') : `${input.columns.slice(0, 5).join(', ')}, …`;
  lines.push(
    `clusterkit report: ${input.name}: ${s.n} rows × ${s.d} columns (${cols})${input.scaling !== 'none' ? `, ${input.scaling}-scaled` : ''}`,
  );
  const why = s.chooseK[s.kChosenBy]?.rule;
  lines.push(`clusters found: k = ${s.k}, ${KCHOSEN[s.kChosenBy] ?? s.kChosenBy}${why ? `: ${why}` : ''}`);
  const others = Object.entries(s.chooseK)
    .filter(([m]) => m !== s.kChosenBy)
    .map(([m, r]) => `${m} → ${r.k}`);
  if (others.length > 0) lines.push(`  other criteria: ${others.join(', ')}`);
  const total = s.clusterSizes.reduce((a, b) => a + b, 0);
  const sizes = s.clusterSizes.map((v, c) => `#${c}: ${v} (${Math.round((100 * v) / Math.max(total, 1))} %)`);
  lines.push(`k-means cluster sizes: ${sizes.join(', ')}`);
  const km = s.kmeans;
  lines.push(
    `k-means quality: silhouette ${num(km.silhouette)} (−1…1, higher is better), Calinski–Harabasz ${num(km.calinskiHarabasz, 1)}, Davies–Bouldin ${num(km.daviesBouldin)}`,
  );
  if (km.adjustedRand !== undefined) {
    lines.push(
      `against the truth${input.truthColumn ? ` (${input.truthColumn})` : ''}: adjusted Rand ${num(km.adjustedRand)}, NMI ${num(km.normalizedMutualInfo)}, purity ${num(km.purity)}`,
    );
  }
  const more: string[] = [];
  if (s.hierarchical?.silhouette !== undefined) more.push(`Ward silhouette ${num(s.hierarchical.silhouette)}`);
  if (s.gmm?.bestByBic !== undefined) more.push(`Gaussian mixture best by BIC: ${s.gmm.bestByBic}`);
  if (more.length > 0) lines.push(more.join('; '));
  if (s.warnings.length > 0) lines.push(`${s.warnings.length} warning(s), listed above and in the report`);
  lines.push(`report: ${input.path}`);
  return `${lines.join('\n')}\n`;
}
