/**
 * The report's optional section on k-means as the σ → 0 limit of a Gaussian mixture.
 * @module
 */
import { createRng, sampleWithoutReplacement } from '../../core/random.js';
import { KMeans } from '../../kmeans/KMeans.js';
import { kmeansLimitEM } from '../../mixture/kmeansLimit.js';
import { htmlTable, type ReportSection } from '../../plot/report.js';
import type { ReportContext } from '../context.js';

/**
 * EM with equal weights and a fixed shared σ²I for σ = 2 … 0.01 against Lloyd's k-means, both started from the same
 * k random rows: labels in common and the largest difference of the means.
 */
export function kmeansLimitSection(c: ReportContext, k: number): ReportSection {
  const { X, n, d } = c;
  // Both start from the same k random rows of the data (the course's initialization).
  const startRows = sampleWithoutReplacement(createRng(c.seed + 7), n, k);
  const means0 = Array.from(startRows, (i) => Array.from(X.data.subarray(i * d, i * d + d)));
  const rows: (string | number)[][] = [];
  const lloyd = new KMeans({ nClusters: k, init: means0, algorithm: 'lloyd', tol: 0, maxIter: 300 }).fit(X);
  for (const sigma of [2, 1, 0.5, 0.1, 0.01]) {
    const r = kmeansLimitEM(X, { means: means0, sigma, maxIter: 300 });
    let maxDiff = 0;
    for (let t = 0; t < r.means.data.length; t++)
      maxDiff = Math.max(maxDiff, Math.abs(r.means.data[t] - lloyd.clusterCenters.data[t]));
    let same = 0;
    for (let i = 0; i < n; i++) if (r.labels[i] === lloyd.labels[i]) same++;
    rows.push([sigma, `${same} / ${n}`, maxDiff.toExponential(2), r.nIter]);
  }
  return {
    heading: 'k-means is the σ → 0 limit of a Gaussian mixture',
    html:
      "<p>EM for a mixture with equal weights and one shared spherical covariance σ²I, held fixed, started from the same means as Lloyd's k-means. As σ shrinks, each responsibility γᵢc = exp(−‖xᵢ−μc‖²/2σ²)/Σₗexp(−‖xᵢ−μₗ‖²/2σ²) becomes 0 or 1 — the nearest mean — so EM's E-step becomes k-means' assignment and its M-step the centroid update.</p>" +
      htmlTable(['σ', 'same label as k-means', 'max |μ_EM − μ_k-means|', 'EM iterations'], rows),
  };
}
