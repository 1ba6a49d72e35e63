/**
 * The report's Gaussian mixture section: BIC over k × covariance types on the subsample, then the
 * full-covariance model with k components on all rows.
 * @module
 */
import { GaussianMixture } from '../../mixture/GaussianMixture.js';
import { bicPlotSvg } from '../../plot/bic.js';
import { gmmPlotSvg } from '../../plot/gmm.js';
import { figure, type ReportSection } from '../../plot/report.js';
import { scatterSvg } from '../../plot/scatter.js';
import { esc } from '../../plot/svg.js';
import { selectGaussianMixture } from '../../selection/selectGaussianMixture.js';
import { permuteRows } from '../align.js';
import { externalMetrics, fix, internalMetrics, plotLabels, type ReportContext } from '../context.js';

const HEADING = 'Gaussian mixture (EM)';

/** What the mixture section computes (metrics and summary undefined when EM failed). */
export interface MixtureSection {
  section: ReportSection;
  metrics?: Record<string, number>;
  summary?: Record<string, number | string>;
}

/**
 * BIC table and plot, then GaussianMixture(k, 'full', nInit 3); when it fails, or the data has at least as many
 * columns as rows, a section saying so and a warning.
 */
export function mixtureSection(c: ReportContext, k: number): MixtureSection {
  const { X, d, names } = c;
  if (d >= c.n) {
    // Wide data: more covariance parameters than data values, and O(k·d³) per EM iteration (minutes at d = 1000).
    const message = `${d} features for ${c.n} rows: a full-covariance mixture would have more parameters than the data has values, and its EM costs O(k·d³) per iteration; reduce the features first (e.g. PCA) to fewer than the rows.`;
    c.warnings.push({ code: 'DEGENERATE', message: `Gaussian mixture not run: ${message}` });
    return { section: { heading: HEADING, html: `<p>Not run: ${esc(message)}</p>` } };
  }
  try {
    const sel = selectGaussianMixture(c.sub.X, { kMin: 1, kMax: Math.min(c.kMax, c.sub.X.rows - 1), seed: c.seed });
    const bic = bicPlotSvg(sel, { width: 460, height: 320 });
    c.svgs['bic.svg'] = bic;
    const gm = new GaussianMixture({ nComponents: k, covarianceType: 'full', nInit: 3, seed: c.seed }).fit(X);
    for (const w of gm.warnings) c.warnings.push(w);
    const metrics = { logLikelihood: gm.score(X), bic: gm.bic(X), ...internalMetrics(X, gm.labels, c.maxQ, c.seed) };
    if (c.truth) Object.assign(metrics, externalMetrics(c.truth, gm.labels));
    const summary = {
      k,
      covarianceType: 'full',
      logLikelihood: gm.score(X),
      bic: gm.bic(X),
      bestByBic: `${sel.best.covarianceType}, k = ${sel.best.k}`,
    };
    // Drawn: at most maxPlotPoints rows; components renumbered to match the k-means colours.
    const shown = plotLabels(c, gm.labels);
    const perm = shown.perm ?? Int32Array.from({ length: k }, (_, t) => t);
    const inv = new Int32Array(k).map((_, t) => t);
    if (permuteRows(gm.means, perm) !== gm.means) for (let t = 0; t < k; t++) inv[perm[t]] = t;
    const components = {
      means: permuteRows(gm.means, perm),
      componentCovariance: (t: number) => gm.componentCovariance(inv[t]),
    };
    const ell =
      d === 2
        ? gmmPlotSvg(shown.X, components, {
            labels: shown.labels,
            title: `Gaussian mixture, ${k} full-covariance components`,
            columnNames: names,
            trueCenters: c.trueCenters,
          })
        : scatterSvg(shown.X, {
            labels: shown.labels,
            centers: components.means,
            title: `Gaussian mixture, ${k} components (PCA view)`,
            columnNames: names,
          });
    c.svgs['gmm.svg'] = ell;
    const section = {
      heading: HEADING,
      html:
        figure(
          ell,
          d === 2
            ? `Each component drawn as its 1σ and 2σ ellipses; points coloured by their most probable component (colours matched to the k-means clusters).${c.plotNote}`
            : `Points coloured by their most probable component (colours matched to the k-means clusters).${c.plotNote}`,
        ) +
        figure(
          bic,
          `BIC by number of components and covariance type (lower is better)${c.subNote}. Best: ${sel.best.covarianceType}, k = ${sel.best.k}.`,
        ) +
        `<p>Full-covariance model with k = ${k}: ${gm.nIter} EM iterations, ${gm.converged ? 'converged' : 'not converged'}, mean log-likelihood ${fix(gm.score(X))}.</p>`,
    };
    return { section, metrics, summary };
  } catch (e) {
    c.warnings.push({ code: 'DEGENERATE', message: `Gaussian mixture failed: ${(e as Error).message}` });
    return { section: { heading: HEADING, html: `<p>Not run: ${esc((e as Error).message)}</p>` } };
  }
}
