/**
 * A fitted Gaussian mixture drawn over its data: points coloured by component, each component's mean and its 1σ
 * and 2σ covariance ellipses. Data with more than two columns is shown on its first two principal components,
 * where the ellipses are those of the projected Gaussians.
 * @module
 */
import { eigenSymmetric } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { fitPca } from '../core/pca.js';
import { scatterSvg } from './scatter.js';
import { colorOf, fmt } from './svg.js';

/** What {@link gmmPlotSvg} needs from a model (a fitted `GaussianMixture` has it). */
export interface GaussianComponents {
  /** k×d means. */
  readonly means: Matrix;
  /** Full d×d covariance of component c. */
  componentCovariance(c: number): Matrix;
}

/** Options of {@link gmmPlotSvg}. */
export interface GmmPlotOptions {
  /** Component of each point (e.g. `model.labels` or `model.predict(X)`); one colour when omitted. */
  labels?: ArrayLike<number>;
  title?: string;
  /** Ellipse radii in standard deviations (Mahalanobis distance). @defaultValue [1, 2] */
  sigmas?: readonly number[];
  columnNames?: readonly string[];
  /** What the coordinates are when not the data's own units (e.g. 'standardized'), named on the axes. */
  units?: string;
  width?: number;
  height?: number;
  /** True centres to mark (hollow diamonds), e.g. a generator's. */
  trueCenters?: Matrix;
}

/**
 * Points of the ellipse {x : (x − μ)ᵀΣ⁻¹(x − μ) = s²} for a 2×2 covariance: μ + s(√λ₁·cos θ·v₁ + √λ₂·sin θ·v₂),
 * θ ∈ [0, 2π), from the eigen-decomposition Σ = λ₁v₁v₁ᵀ + λ₂v₂v₂ᵀ. Returns `segments` (x, y) pairs.
 * @example
 * ellipsePoints([0, 0], Float64Array.of(4, 0, 0, 1), 1, 4); // [[2, 0], [0, 1], [−2, 0], [0, −1]] (rounded)
 */
export function ellipsePoints(
  mean: readonly number[],
  cov: Float64Array,
  s: number,
  segments = 72,
): [number, number][] {
  const { values, vectors } = eigenSymmetric(cov, 2);
  const a = s * Math.sqrt(Math.max(values[0], 0));
  const b = s * Math.sqrt(Math.max(values[1], 0));
  const pts: [number, number][] = [];
  for (let t = 0; t < segments; t++) {
    const th = (2 * Math.PI * t) / segments;
    const u = a * Math.cos(th);
    const v = b * Math.sin(th);
    pts.push([mean[0] + u * vectors[0] + v * vectors[1], mean[1] + u * vectors[2] + v * vectors[3]]);
  }
  return pts;
}

/**
 * The components as seen in the plot plane: for d = 2 the means and covariances themselves, for d > 2 their
 * projections on the data's first two principal components (Wᵀμ after centring, WᵀΣW), for d = 1 none.
 * @example
 * const { means, covariances } = projectedComponents(X, gm); // k 2-D means, k 2×2 covariances
 */
export function projectedComponents(
  X: Matrix,
  model: GaussianComponents,
): { means: [number, number][]; covariances: Float64Array[] } {
  const d = X.cols;
  const k = model.means.rows;
  const means2: [number, number][] = [];
  const covs2: Float64Array[] = [];
  if (d === 2) {
    for (let c = 0; c < k; c++) {
      means2.push([model.means.data[c * 2], model.means.data[c * 2 + 1]]);
      covs2.push(model.componentCovariance(c).data.slice(0, 4));
    }
  } else if (d > 2) {
    const p = fitPca(X, 2);
    const W = p.components; // d×2
    for (let c = 0; c < k; c++) {
      const m = model.means.data.subarray(c * d, c * d + d);
      const mp: [number, number] = [0, 0];
      for (let t = 0; t < 2; t++) for (let j = 0; j < d; j++) mp[t] += (m[j] - p.mean[j]) * W[j * 2 + t];
      means2.push(mp);
      const S = model.componentCovariance(c).data;
      const out = new Float64Array(4);
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++) {
          let s = 0;
          for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += W[i * 2 + a] * S[i * d + j] * W[j * 2 + b];
          out[a * 2 + b] = s;
        }
      covs2.push(out);
    }
  }
  return { means: means2, covariances: covs2 };
}

/**
 * SVG paths of each component's ellipses at the given Mahalanobis radii (the first solid, the others dashed), in
 * the component's colour, mapped to pixels by `x` and `y`; `skip` leaves components out (e.g. empty ones).
 * @example
 * const g = ellipsesSvg([[0, 0]], [Float64Array.of(1, 0, 0, 1)], [1, 2], (v) => 100 + 10 * v, (v) => 100 - 10 * v);
 */
export function ellipsesSvg(
  means: readonly (readonly [number, number])[],
  covariances: readonly Float64Array[],
  sigmas: readonly number[],
  x: (v: number) => number,
  y: (v: number) => number,
  skip?: (c: number) => boolean,
): string {
  const parts: string[] = ['<g class="ellipses" fill="none">'];
  for (let c = 0; c < means.length; c++) {
    if (skip?.(c)) continue;
    const color = colorOf(c);
    sigmas.forEach((s, t) => {
      const pts = ellipsePoints(means[c], covariances[c], s);
      const path = pts.map(([u, v], i) => `${i === 0 ? 'M' : 'L'}${fmt(x(u))},${fmt(y(v))}`).join('');
      parts.push(
        `<path d="${path}Z" stroke="${color}" stroke-width="${t === 0 ? 2 : 1.2}"${t === 0 ? '' : ' stroke-dasharray="5,3"'} fill="${color}" fill-opacity="${t === 0 ? 0.08 : 0.03}"/>`,
      );
    });
  }
  parts.push('</g>');
  return parts.join('');
}

/**
 * Renders data coloured by mixture component with each component's 1σ and 2σ ellipses and its mean (SVG string).
 * For d > 2 the points, means and covariances are projected on the data's first two principal components
 * (W ᵀΣW for the covariance); for d = 1 no ellipses are drawn.
 * @example
 * const gm = new GaussianMixture({ nComponents: 5, seed: 0 }).fit(X);
 * const svg = gmmPlotSvg(X, gm, { labels: gm.labels, title: 'GMM, k = 5' });
 */
export function gmmPlotSvg(X: Matrix, model: GaussianComponents, opts: GmmPlotOptions = {}): string {
  const d = X.cols;
  const k = model.means.rows;
  const sigmas = opts.sigmas ?? [1, 2];
  const { means: means2, covariances: covs2 } = projectedComponents(X, model);
  const underlay = (x: (v: number) => number, y: (v: number) => number): string =>
    ellipsesSvg(means2, covs2, sigmas, x, y);
  return scatterSvg(X, {
    labels: opts.labels,
    centers: model.means,
    trueCenters: opts.trueCenters,
    title: opts.title ?? `Gaussian mixture, k = ${k} (ellipses at ${sigmas.map((s) => `${s}σ`).join(', ')})`,
    columnNames: opts.columnNames,
    units: opts.units,
    width: opts.width,
    height: opts.height,
    underlay: d >= 2 ? underlay : undefined,
  });
}
