/**
 * The report's k-medoids section: KMedoids (FasterPAM, Euclidean) with the same k as k-means, the medoids marked in
 * the scatter, its inertia and how far it agrees with k-means.
 * @module
 */
import { KMedoids } from '../../medoids/KMedoids.js';
import { adjustedRandScore } from '../../metrics/external/pairCounting.js';
import { figure, htmlTable, type ReportSection } from '../../plot/report.js';
import { scatterSvg } from '../../plot/scatter.js';
import { matchLabels, permuteRows, relabel } from '../align.js';
import { fix, type ReportContext } from '../context.js';

/** What the k-medoids section computes. */
export interface MedoidsSection {
  section: ReportSection;
  /** Inertia (sum of distances to the medoid), its mean per row, and the adjusted Rand index vs k-means. */
  summary: Record<string, number>;
}

/**
 * KMedoids with k on the subsample's rows (all rows up to `maxQ`); medoids drawn as crosses on the scatter.
 * @param kmeansSubLabels - the k-means labels of the subsample's rows, for the agreement score
 */
export function medoidsSection(c: ReportContext, k: number, kmeansSubLabels: Int32Array): MedoidsSection {
  const X = c.sub.X;
  const rows = X.rows;
  const km = new KMedoids({ nClusters: k, seed: c.seed }).fit(X);
  for (const w of km.warnings) c.warnings.push(w);
  const medoids = km.clusterCenters;
  // Colours (and the table's cluster numbers) matched to the k-means clusters.
  const perm = matchLabels(kmeansSubLabels, km.labels);
  const svg = scatterSvg(X, {
    labels: relabel(km.labels, perm),
    centers: permuteRows(medoids, perm),
    centerLabel: 'medoid',
    title: `k-medoids, k = ${k}${c.sub.idx ? ' (subsample)' : ''}`,
    columnNames: c.names,
  });
  c.svgs['kmedoids.svg'] = svg;
  const summary = {
    inertia: km.inertia,
    meanDistance: km.inertia / rows,
    adjustedRandVsKMeans: adjustedRandScore(kmeansSubLabels, km.labels),
  };
  const d = X.cols;
  const medoidRows = Array.from({ length: k }, (_, cl) => [
    perm[cl],
    c.sub.idx ? c.sub.idx[km.medoidIndices[cl]] : km.medoidIndices[cl],
    Array.from(medoids.data.subarray(cl * d, cl * d + d), (v) => v.toFixed(3)).join(', '),
    km.labels.filter((l) => l === cl).length,
  ]).sort((p, q) => Number(p[0]) - Number(q[0]));
  const html =
    figure(
      svg,
      `Points coloured by k-medoids cluster; × the medoids (actual rows of the data)${d > 2 ? '; projected on the first two principal components' : ''}.`,
    ) +
    htmlTable(
      ['cluster', 'medoid row (0-based)', `medoid in ${c.units} (${c.names.join(', ')})`, 'points'],
      medoidRows,
    ) +
    `<p>FasterPAM, Euclidean distances${c.subNote}: inertia (sum of distances to the nearest medoid) ${fix(summary.inertia)}, mean ${fix(summary.meanDistance)}; adjusted Rand index vs k-means ${fix(summary.adjustedRandVsKMeans)}; ${km.converged ? 'converged' : 'not converged'}, seed ${c.seed}.</p>`;
  return { section: { heading: `k-medoids (k = ${k})`, html }, summary };
}
