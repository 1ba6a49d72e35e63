/**
 * The report's k-means section: the clustering with k, its silhouette plot, the inertia of each restart and the
 * centres.
 * @module
 */
import { KMeans } from '../../kmeans/KMeans.js';
import { silhouetteSamples } from '../../metrics/internal/silhouette.js';
import { lineChartSvg } from '../../plot/line.js';
import { figure, htmlTable, type ReportSection } from '../../plot/report.js';
import { scatterSvg } from '../../plot/scatter.js';
import { silhouetteSvg } from '../../plot/silhouette.js';
import { externalMetrics, internalMetrics, plotLabels, type ReportContext } from '../context.js';

/** What the k-means section computes. */
export interface KMeansSection {
  section: ReportSection;
  model: KMeans;
  /** Inertia, internal metrics, and external ones with truth. */
  metrics: Record<string, number>;
  /** The k-means labels of the subsample's rows. */
  subLabels: Int32Array;
}

/** k-means with k (k-means++, 10 restarts) on all rows; the silhouette plot on the subsample. */
export function kmeansSection(c: ReportContext, k: number): KMeansSection {
  const { X, d, names } = c;
  const km = new KMeans({ nClusters: k, nInit: 10, seed: c.seed }).fit(X);
  for (const w of km.warnings) c.warnings.push(w);
  const metrics: Record<string, number> = { inertia: km.inertia, ...internalMetrics(X, km.labels, c.maxQ, c.seed) };
  if (c.truth) Object.assign(metrics, externalMetrics(c.truth, km.labels));
  const shown = plotLabels(c, km.labels);
  const scatter = scatterSvg(shown.X, {
    labels: shown.labels,
    centers: km.clusterCenters,
    trueCenters: c.trueCenters,
    title: `k-means, k = ${k}`,
    columnNames: names,
  });
  c.svgs['kmeans.svg'] = scatter;
  const subLabels = c.sub.idx ? Int32Array.from(c.sub.idx, (i) => km.labels[i]) : km.labels;
  const silFig =
    new Set(subLabels).size >= 2
      ? silhouetteSvg(silhouetteSamples(c.sub.X, subLabels), subLabels, {
          title: `Silhouette of the k-means clusters${c.sub.idx ? ' (subsample)' : ''}`,
        })
      : '';
  if (silFig) c.svgs['silhouette.svg'] = silFig;
  const restarts = lineChartSvg([{ name: 'k-means++', x: km.runInertias.map((_, i) => i + 1), y: km.runInertias }], {
    title: 'Inertia of each restart',
    xLabel: 'restart',
    yLabel: 'inertia',
    pointsOnly: true,
    integerX: true,
    width: 380,
    height: 280,
  });
  const centerRows = Array.from({ length: k }, (_, cl) => [
    cl,
    Array.from(km.clusterCenters.data.subarray(cl * d, cl * d + d), (v) => v.toFixed(3)).join(', '),
    km.labels.filter((l) => l === cl).length,
  ]);
  const section = {
    heading: `k-means (k = ${k})`,
    html:
      figure(
        scatter,
        `Points coloured by cluster; × the centres${c.trueCenters ? ', ◇ the true centres' : ''}${d > 2 ? '; projected on the first two principal components' : ''}.${c.plotNote}`,
      ) +
      (silFig
        ? figure(silFig, 'One bar per point: how much closer it is to its own cluster than to the next one.')
        : '') +
      figure(restarts, 'k-means++ with 10 restarts; the lowest inertia is kept.') +
      htmlTable(['cluster', `centre in ${c.units} (${names.join(', ')})`, 'points'], centerRows) +
      `<p>${km.nIter} iterations (${km.algorithm}), ${km.converged ? 'converged' : 'not converged'}, seed ${c.seed}.</p>`,
  };
  return { section, model: km, metrics, subLabels };
}
