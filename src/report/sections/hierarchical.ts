/**
 * The report's hierarchical section: Ward linkage on the subsample, cut at k clusters, with its dendrogram.
 * @module
 */
import { fcluster } from '../../hierarchy/fcluster.js';
import { linkage } from '../../hierarchy/linkage.js';
import { adjustedRandScore } from '../../metrics/external/pairCounting.js';
import { dendrogramSvg } from '../../plot/dendrogram.js';
import { figure, type ReportSection } from '../../plot/report.js';
import { scatterSvg } from '../../plot/scatter.js';
import { esc } from '../../plot/svg.js';
import { matchLabels, relabel } from '../align.js';
import { externalMetrics, internalMetrics, type ReportContext } from '../context.js';

const HEADING = 'Hierarchical clustering (Ward)';

/**
 * Ward clustering of the subsample cut to k clusters, compared with the k-means labels of the same rows; when it
 * fails, a section saying so and a warning (metrics undefined).
 */
export function hierarchicalSection(
  c: ReportContext,
  k: number,
  kmeansSubLabels: Int32Array,
): { section: ReportSection; metrics?: Record<string, number> } {
  const { sub } = c;
  try {
    const Z = linkage(sub.X, { method: 'ward' });
    const hl = fcluster(Z, k, { criterion: 'maxclust' });
    const kk = new Set(hl).size;
    const metrics = internalMetrics(sub.X, hl, c.maxQ, c.seed);
    if (sub.labels) Object.assign(metrics, externalMetrics(sub.labels, hl));
    else if (c.truth) Object.assign(metrics, externalMetrics(c.truth, hl));
    metrics.adjustedRandVsKMeans = adjustedRandScore(kmeansSubLabels, hl);
    // Cut line between the merge heights that leave k and k−1 clusters.
    const m = Z.rows;
    const hLow = m - kk >= 0 ? Z.data[(m - kk) * 4 + 2] : 0;
    const hHigh = m - kk + 1 < m ? Z.data[(m - kk + 1) * 4 + 2] : hLow;
    const cut = (hLow + hHigh) / 2;
    const dendro = dendrogramSvg(Z, {
      truncateMode: 'lastp',
      p: 30,
      cutHeight: cut,
      title: `Ward dendrogram${sub.idx ? ' (subsample)' : ''}, cut at ${kk} clusters`,
    });
    c.svgs['dendrogram.svg'] = dendro;
    const scatter = scatterSvg(sub.X, {
      // Colours matched to the k-means clusters: the same group has the same colour in both plots.
      labels: relabel(hl, matchLabels(kmeansSubLabels, hl)),
      title: `Ward hierarchical clustering, ${kk} clusters`,
      columnNames: c.names,
    });
    const section = {
      heading: HEADING,
      html:
        figure(dendro, `The last 30 merges; the dashed line cuts the tree into ${kk} clusters${c.subNote}.`) +
        figure(scatter, 'Points coloured by their Ward cluster (colours matched to the k-means clusters).'),
    };
    return { section, metrics };
  } catch (e) {
    c.warnings.push({ code: 'DEGENERATE', message: `hierarchical clustering failed: ${(e as Error).message}` });
    return { section: { heading: HEADING, html: `<p>Not run: ${esc((e as Error).message)}</p>` } };
  }
}
