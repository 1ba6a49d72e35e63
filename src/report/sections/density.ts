/**
 * The report's density section: a Gaussian KDE (SciPy's covariance-scaled Scott factor) of the data, or of its
 * first two principal components, as contours (2-D) or a curve (1-D).
 * @module
 */
import type { Matrix } from '../../core/matrix.js';
import { fitPca, projectPca } from '../../core/pca.js';
import { densityGrid1D, densityGrid2D } from '../../density/grid.js';
import { KernelDensity } from '../../density/KernelDensity.js';
import { densityContourSvg, densityCurveSvg } from '../../plot/density.js';
import { figure, type ReportSection } from '../../plot/report.js';
import { fix, type ReportContext, rowsAt } from '../context.js';

const HEADING = 'Density (kernel density estimate)';

/** The KDE section and its bandwidth; when it fails, a warning and no section. */
export function densitySection(c: ReportContext): { section?: ReportSection; summary?: { bandwidth: number } } {
  const { X, d } = c;
  try {
    let P: Matrix = X;
    let axisNames = c.names;
    if (d > 2) {
      const pca = fitPca(X, 2);
      P = projectPca(X, pca);
      axisNames = ['PC1', 'PC2'];
    }
    const kde = new KernelDensity({ bandwidth: 'scott', scaleByCovariance: true }).fit(P);
    const summary = { bandwidth: kde.bandwidth };
    if (P.cols === 2) {
      const grid = densityGrid2D(kde, { nx: 96, ny: 96 });
      const svg = densityContourSvg(grid, {
        points: rowsAt(P, c.plot.idx),
        title: `Kernel density estimate${d > 2 ? ' (first two principal components)' : ''}`,
        xLabel: axisNames[0],
        yLabel: axisNames[1],
      });
      c.svgs['density.svg'] = svg;
      const caption = `Gaussian KDE with SciPy's covariance-scaled Scott bandwidth (factor ${fix(kde.bandwidth, 3)}); darker is denser.${c.plotNote}`;
      return { section: { heading: HEADING, html: figure(svg, caption) }, summary };
    }
    const g = densityGrid1D(kde, { n: 256 });
    const svg = densityCurveSvg(g, { rug: P.data, title: 'Kernel density estimate' });
    c.svgs['density.svg'] = svg;
    return {
      section: { heading: HEADING, html: figure(svg, `Gaussian KDE, Scott factor ${fix(kde.bandwidth, 3)}.`) },
      summary,
    };
  } catch (e) {
    c.warnings.push({ code: 'DEGENERATE', message: `density estimate failed: ${(e as Error).message}` });
    return {};
  }
}
