/**
 * mclust's 14 covariance models (Celeux & Govaert 1995; Fraley & Raftery): Σc = λc·Dc·Ac·Dcᵀ with the volume λ,
 * the shape A (diagonal, det 1) and the orientation D (orthogonal) each Equal across components, Variable, or the
 * Identity. The table gives each model's properties, its parameter count and the kernel layout its covariances use.
 * @module
 */
import type { CovarianceType } from '../covariance.js';

/** mclust's model names: volume, shape, orientation (E equal, V variable, I identity). */
export type MclustModelName =
  | 'EII'
  | 'VII'
  | 'EEI'
  | 'VEI'
  | 'EVI'
  | 'VVI'
  | 'EEE'
  | 'VEE'
  | 'EVE'
  | 'VVE'
  | 'EEV'
  | 'VEV'
  | 'EVV'
  | 'VVV';

/**
 * Every mclust model, in mclust's order (`mclust.options("emModelNames")`).
 * @example
 * for (const covarianceType of MCLUST_MODELS) new GaussianMixture({ nComponents: 3, covarianceType }).fit(X);
 */
export const MCLUST_MODELS: readonly MclustModelName[] = [
  'EII',
  'VII',
  'EEI',
  'VEI',
  'EVI',
  'VVI',
  'EEE',
  'VEE',
  'EVE',
  'VVE',
  'EEV',
  'VEV',
  'EVV',
  'VVV',
];

/** A covariance model: a scikit-learn name or an mclust name. */
export type GaussianMixtureModel = CovarianceType | MclustModelName;

/** The scikit-learn names that are mclust models (spherical = VII, diag = VVI, tied = EEE, full = VVV). */
export const SKLEARN_ALIASES: Readonly<Record<CovarianceType, MclustModelName>> = {
  spherical: 'VII',
  diag: 'VVI',
  tied: 'EEE',
  full: 'VVV',
};

/** Properties of one covariance model. */
export interface ModelProperties {
  /** Volume λ: 'E' equal, 'V' variable. */
  volume: 'E' | 'V';
  /** Shape A: 'E' equal, 'V' variable, 'I' identity (spherical). */
  shape: 'E' | 'V' | 'I';
  /** Orientation D: 'E' equal, 'V' variable, 'I' identity (axis-aligned). */
  orientation: 'E' | 'V' | 'I';
  /** Layout of the covariances and the E-step kernel that serves them ('diag' k×d or 'full' k×d×d). */
  layout: 'diag' | 'full';
  /** Whether mclust's M-step iterates (inner loop) for this model. */
  iterative: boolean;
  /** Number of covariance parameters for k components in d dimensions. */
  covarianceParameters(k: number, d: number): number;
}

const tri = (d: number): number => (d * (d + 1)) / 2;

/**
 * The 14 models' properties: volume, shape and orientation, the kernel layout, whether mclust's M-step iterates,
 * and the number of covariance parameters (mclust's `nVarParams`).
 * @example
 * MODEL_PROPERTIES.VEV.covarianceParameters(3, 4); // 3 + 3 + 18 = 24
 */
export const MODEL_PROPERTIES: Readonly<Record<MclustModelName, ModelProperties>> = {
  EII: { volume: 'E', shape: 'I', orientation: 'I', layout: 'diag', iterative: false, covarianceParameters: () => 1 },
  VII: { volume: 'V', shape: 'I', orientation: 'I', layout: 'diag', iterative: false, covarianceParameters: (k) => k },
  EEI: {
    volume: 'E',
    shape: 'E',
    orientation: 'I',
    layout: 'diag',
    iterative: false,
    covarianceParameters: (_, d) => d,
  },
  VEI: {
    volume: 'V',
    shape: 'E',
    orientation: 'I',
    layout: 'diag',
    iterative: true,
    covarianceParameters: (k, d) => k + d - 1,
  },
  EVI: {
    volume: 'E',
    shape: 'V',
    orientation: 'I',
    layout: 'diag',
    iterative: false,
    covarianceParameters: (k, d) => 1 + k * (d - 1),
  },
  VVI: {
    volume: 'V',
    shape: 'V',
    orientation: 'I',
    layout: 'diag',
    iterative: false,
    covarianceParameters: (k, d) => k * d,
  },
  EEE: {
    volume: 'E',
    shape: 'E',
    orientation: 'E',
    layout: 'full',
    iterative: false,
    covarianceParameters: (_, d) => tri(d),
  },
  VEE: {
    volume: 'V',
    shape: 'E',
    orientation: 'E',
    layout: 'full',
    iterative: true,
    covarianceParameters: (k, d) => k + tri(d) - 1,
  },
  EVE: {
    volume: 'E',
    shape: 'V',
    orientation: 'E',
    layout: 'full',
    iterative: true,
    covarianceParameters: (k, d) => 1 + k * (d - 1) + (d * (d - 1)) / 2,
  },
  VVE: {
    volume: 'V',
    shape: 'V',
    orientation: 'E',
    layout: 'full',
    iterative: true,
    covarianceParameters: (k, d) => k * d + (d * (d - 1)) / 2,
  },
  EEV: {
    volume: 'E',
    shape: 'E',
    orientation: 'V',
    layout: 'full',
    iterative: false,
    covarianceParameters: (k, d) => d + (k * d * (d - 1)) / 2,
  },
  VEV: {
    volume: 'V',
    shape: 'E',
    orientation: 'V',
    layout: 'full',
    iterative: true,
    covarianceParameters: (k, d) => k + d - 1 + (k * d * (d - 1)) / 2,
  },
  EVV: {
    volume: 'E',
    shape: 'V',
    orientation: 'V',
    layout: 'full',
    iterative: false,
    covarianceParameters: (k, d) => 1 + k * (tri(d) - 1),
  },
  VVV: {
    volume: 'V',
    shape: 'V',
    orientation: 'V',
    layout: 'full',
    iterative: false,
    covarianceParameters: (k, d) => k * tri(d),
  },
};

/** Every accepted `covarianceType`: the four scikit-learn names, then the 14 mclust names. */
export const GAUSSIAN_MIXTURE_MODELS: readonly GaussianMixtureModel[] = [
  'full',
  'tied',
  'diag',
  'spherical',
  ...MCLUST_MODELS,
];

const ALIAS_OF: Partial<Record<string, CovarianceType>> = { VII: 'spherical', VVI: 'diag', EEE: 'tied', VVV: 'full' };

/**
 * The name a covariance model is fitted under: the four mclust names that scikit-learn has (VII, VVI, EEE, VVV)
 * become scikit-learn's (spherical, diag, tied, full), so they run the same code and give bit-identical fits;
 * every other name is returned as it is.
 * @example
 * canonicalModel('VVV'); // 'full'
 * canonicalModel('VEV'); // 'VEV'
 */
export function canonicalModel(name: GaussianMixtureModel): GaussianMixtureModel {
  return ALIAS_OF[name] ?? name;
}

/** Whether a (canonical) model is one of scikit-learn's four. */
export function isSklearnType(name: GaussianMixtureModel): name is CovarianceType {
  return name === 'full' || name === 'tied' || name === 'diag' || name === 'spherical';
}

/** The mclust name of any model (full → VVV, …). */
export function mclustName(name: GaussianMixtureModel): MclustModelName {
  return isSklearnType(name) ? SKLEARN_ALIASES[name] : name;
}

/** The kernel layout of a model's covariances: the scikit-learn type itself, else 'diag' or 'full'. */
export function kernelLayout(name: GaussianMixtureModel): CovarianceType {
  return isSklearnType(name) ? name : MODEL_PROPERTIES[name].layout;
}

/**
 * Number of free parameters of a k-component mixture of model `name` in d dimensions (mclust's
 * `nMclustParams`, equal to scikit-learn's `_n_parameters` for its four types): (k − 1) weights + k·d means + the
 * covariance parameters of the model.
 * @example
 * modelParameters('VEV', 3, 4); // 2 + 12 + 24 = 38
 */
export function modelParameters(name: GaussianMixtureModel, k: number, d: number): number {
  return k - 1 + k * d + MODEL_PROPERTIES[mclustName(name)].covarianceParameters(k, d);
}
