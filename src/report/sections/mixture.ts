/**
 * The report's Gaussian mixture section: BIC over k × covariance models on the subsample (mclust's BIC plot), then
 * the model BIC picked (its covariance model and number of components) fitted on all rows, drawn with its ellipses
 * and as mclust's uncertainty plot.
 * @module
 */
import { GaussianMixture, type GaussianMixtureOptions } from '../../mixture/GaussianMixture.js';
import { gmmPlotSvg } from '../../plot/gmm.js';
import { mclustBicPlotSvg, mixtureUncertaintySvg } from '../../plot/mixture.js';
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
 * BIC table and plot, then the picked model (covariance model and number of components) refitted on all rows with
 * nInit 3, its ellipses and its uncertainty plot; when it fails, or the data has at least as many columns as rows
 * (the BIC search would fit full covariances: more parameters than values, O(k·d³) per EM iteration), a section
 * saying so and a warning. `_k` (the report's k) is not used: the mixture section reports the model its own
 * criterion picked.
 */
export function mixtureSection(c: ReportContext, _k: number): MixtureSection {
  const { X, d, names } = c;
  if (d >= c.n) {
    // Wide data: more covariance parameters than data values, and O(k·d³) per EM iteration (minutes at d = 1000).
    const message = `${d} features for ${c.n} rows: a full-covariance mixture would have more parameters than the data has values, and its EM costs O(k·d³) per iteration; reduce the features first (e.g. PCA) to fewer than the rows.`;
    c.warnings.push({ code: 'DEGENERATE', message: `Gaussian mixture not run: ${message}` });
    return { section: { heading: HEADING, html: `<p>Not run: ${esc(message)}</p>` } };
  }
  try {
    const sel = selectGaussianMixture(c.sub.X, { kMin: 1, kMax: Math.min(c.kMax, c.sub.X.rows - 1), seed: c.seed });
    const bic = mclustBicPlotSvg(sel.table, { width: 520, height: 340 });
    c.svgs['bic.svg'] = bic;
    // The picked row: `nComponents` (DESIGN) or `k`, whichever the selection table has.
    const best = sel.best as {
      covarianceType: GaussianMixtureOptions['covarianceType'];
      model?: string;
      nComponents?: number;
      k?: number;
    };
    const k = best.nComponents ?? best.k ?? 1;
    const type = best.covarianceType ?? 'full';
    // The BIC plot names models as mclust does (VVV, EEE, …): the caption gives both names.
    const named = best.model !== undefined && best.model !== type ? `${type} (mclust ${best.model})` : String(type);
    const gm = new GaussianMixture({ nComponents: k, covarianceType: type, nInit: 3, seed: c.seed }).fit(X);
    for (const w of gm.warnings) c.warnings.push(w);
    const metrics = { logLikelihood: gm.score(X), bic: gm.bic(X), ...internalMetrics(X, gm.labels, c.maxQ, c.seed) };
    if (c.truth) Object.assign(metrics, externalMetrics(c.truth, gm.labels));
    const summary = {
      k,
      covarianceType: String(type),
      logLikelihood: gm.score(X),
      bic: gm.bic(X),
      bestByBic: `${type}, k = ${k}`,
    };
    // Drawn: at most maxPlotPoints rows; components renumbered to match the k-means colours when the renumbering
    // is a permutation of the k components (BIC's k may differ from the k-means k: then the ids stay as fitted).
    let shown = plotLabels(c, gm.labels);
    if (shown.perm !== null && (shown.perm.length !== k || shown.perm.some((p) => p >= k))) {
      const idx = c.plot.idx;
      shown = { X: shown.X, labels: idx !== null ? Int32Array.from(idx, (i) => gm.labels[i]) : gm.labels, perm: null };
    }
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
            title: `Gaussian mixture, ${k} components, ${type}`,
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
    const uncertain = mixtureUncertaintySvg(shown.X, components, gm.predictProba(shown.X), {
      title: `Classification uncertainty, ${k} components, ${type}`,
      columnNames: names,
    });
    c.svgs['uncertainty.svg'] = uncertain;
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
          uncertain,
          `Uncertainty 1 − max posterior probability: the 5 % most uncertain points large and black, the next 20 % grey (as mclust).${c.plotNote}`,
        ) +
        figure(
          bic,
          `BIC by number of components and covariance model (mclust's sign: higher is better)${c.subNote}. Best: ${named}, k = ${k}.`,
        ) +
        `<p>The model BIC picked (${type}, k = ${k}) fitted on all rows: ${gm.nIter} EM iterations, ${gm.converged ? 'converged' : 'not converged'}, mean log-likelihood ${fix(gm.score(X))}.</p>`,
    };
    return { section, metrics, summary };
  } catch (e) {
    c.warnings.push({ code: 'DEGENERATE', message: `Gaussian mixture failed: ${(e as Error).message}` });
    return { section: { heading: HEADING, html: `<p>Not run: ${esc((e as Error).message)}</p>` } };
  }
}
