/**
 * The one metric registry: every distance clusterkit knows, with what each consumer needs to know about it.
 *
 * `pdist`/`cdist`, linkage, silhouette, the KDE trees, NearestNeighbors, AgglomerativeClustering and the CLI's
 * `--metric` choices all derive from {@link METRIC_REGISTRY}. Adding a metric = one entry here + its kernel in
 * `metricKernels.ts`.
 * @module
 */
import { ValidationError } from './errors.js';
import { invertSpd } from './linalg.js';
import type { Matrix } from './matrix.js';
import type { DistanceKernel, MetricParams } from './metricKernels.js';
import * as K from './metricKernels.js';

export type { DistanceKernel, MetricParams } from './metricKernels.js';
export { NO_PARAMS } from './metricKernels.js';

/** Every metric name of the registry: SciPy's `scipy.spatial.distance` names, plus scikit-learn's `haversine`. */
export type MetricName =
  | 'euclidean'
  | 'sqeuclidean'
  | 'seuclidean'
  | 'cityblock'
  | 'minkowski'
  | 'chebyshev'
  | 'cosine'
  | 'correlation'
  | 'canberra'
  | 'braycurtis'
  | 'mahalanobis'
  | 'jensenshannon'
  | 'hamming'
  | 'jaccard'
  | 'dice'
  | 'rogerstanimoto'
  | 'russellrao'
  | 'sokalmichener'
  | 'sokalsneath'
  | 'yule'
  | 'haversine';

/** A parameter a metric may take. */
export type MetricParamName = 'p' | 'w' | 'V' | 'VI';

/** What the registry records for one metric. */
export interface MetricInfo {
  /** The metric's name (SciPy's). */
  readonly name: MetricName;
  /** `'boolean'` metrics need 0/1 data; `'numeric'` ones take any finite values (subject to `check`). */
  readonly kind: 'numeric' | 'boolean';
  /** The parameters it accepts (others are refused). */
  readonly params: readonly MetricParamName[];
  /** The TypeScript distance kernel (the reference). */
  readonly distance: DistanceKernel;
  /** Whether it satisfies the triangle inequality (so a ball tree may prune with it), given its parameters. */
  readonly isTrueMetric: (prm: MetricParams) => boolean;
  /**
   * Whether a k-d tree can bound it from a bounding box: the Minkowski family, where the distance to a box is
   * the metric applied to the per-coordinate gaps.
   */
  readonly kdTree: boolean;
  /** The code of its kernel in the hierarchy's WebAssembly module (`src/hierarchy/wasm.ts`), when one exists. */
  readonly wasmCode?: number;
  /**
   * KDE data, for the norms a kernel density can use: the id of the norm in the density kernels (0 L2, 1 L1,
   * 2 L∞) and the log volume of its unit ball in ℝᵈ.
   */
  readonly density?: { readonly id: number; readonly logUnitBallVolume: (d: number) => number };
  /** Checks data for this metric (rows of `m`), throwing a {@link ValidationError} naming the row. */
  readonly check?: (m: Matrix, name: string) => void;
}

/** log Γ(x) for x a positive integer or half-integer (exact recursion from Γ(1) = 1, Γ(1/2) = √π). */
export function logGammaHalf(x: number): number {
  let s = 0;
  let y = x;
  while (y > 1.25) {
    y -= 1;
    s += Math.log(y);
  }
  return y < 0.75 ? s + 0.5 * Math.log(Math.PI) : s;
}

const always = (): boolean => true;
const never = (): boolean => false;

/** Refuses rows of zero norm (their angle is undefined). */
function checkNoZeroNorm(m: Matrix, name: string, centered: boolean): void {
  const d = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const o = i * d;
    let mean = 0;
    if (centered) {
      for (let j = 0; j < d; j++) mean += m.data[o + j];
      mean /= d;
    }
    let s = 0;
    for (let j = 0; j < d; j++) s += (m.data[o + j] - mean) * (m.data[o + j] - mean);
    if (s === 0) {
      const what = centered ? 'a constant row' : 'a zero vector';
      const metric = centered ? 'correlation' : 'cosine';
      throw new ValidationError(
        `${name} row ${i} is ${what}; the ${metric} metric is undefined for it — remove it or use another metric.`,
        { param: name, row: i },
      );
    }
  }
}

/** Refuses values other than 0 and 1 (boolean metrics). */
function checkBoolean(metric: MetricName): (m: Matrix, name: string) => void {
  return (m, name) => {
    for (let t = 0; t < m.data.length; t++) {
      const v = m.data[t];
      if (v !== 0 && v !== 1) {
        const row = Math.floor(t / m.cols);
        const col = t - row * m.cols;
        throw new ValidationError(
          `${name}[${row}][${col}] is ${v}, but the boolean metric '${metric}' needs 0/1 data; binarize the data ` +
            `(e.g. x > 0 ? 1 : 0) or use a numeric metric such as 'hamming' or 'cityblock'.`,
          { param: name, row, col },
        );
      }
    }
  };
}

function checkDistributions(m: Matrix, name: string): void {
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j];
      if (v < 0) {
        throw new ValidationError(
          `${name}[${i}][${j}] is ${v}; 'jensenshannon' compares probability vectors and needs non-negative values.`,
          { param: name, row: i, col: j },
        );
      }
      s += v;
    }
    if (s === 0) {
      throw new ValidationError(
        `${name} row ${i} sums to 0; 'jensenshannon' normalises each row to a probability vector and needs a positive sum.`,
        { param: name, row: i },
      );
    }
  }
}

function checkLatLon(m: Matrix, name: string): void {
  if (m.cols !== 2) {
    throw new ValidationError(
      `${name} has ${m.cols} columns; 'haversine' needs exactly 2: [latitude, longitude] in radians.`,
      { param: name },
    );
  }
}

function entry(info: Omit<MetricInfo, 'params' | 'kind' | 'kdTree'> & Partial<MetricInfo>): MetricInfo {
  return Object.freeze({ kind: 'numeric', params: [], kdTree: false, ...info }) as MetricInfo;
}

const booleanEntry = (name: MetricName, distance: DistanceKernel, trueMetric: boolean): MetricInfo =>
  entry({ name, kind: 'boolean', distance, isTrueMetric: trueMetric ? always : never, check: checkBoolean(name) });

/**
 * The metric registry, in SciPy's documentation order.
 * @remarks
 * Formulas (u, v rows of d values): euclidean √Σ(u−v)²; sqeuclidean Σ(u−v)²; seuclidean √Σ(u−v)²/V;
 * cityblock Σ|u−v|; minkowski (Σ w|u−v|ᵖ)^(1/p); chebyshev max|u−v|; cosine 1 − u·v/(‖u‖‖v‖); correlation the
 * cosine of the mean-centred rows; canberra Σ|u−v|/(|u|+|v|); braycurtis Σ|u−v|/Σ|u+v|; mahalanobis
 * √((u−v)ᵀVI(u−v)); jensenshannon √(JS divergence) (natural log); hamming the fraction of differing coordinates;
 * jaccard, dice, rogerstanimoto, russellrao, sokalmichener, sokalsneath, yule from the boolean counts (as SciPy
 * 1.10); haversine the great-circle distance on the unit sphere between [lat, lon] rows in radians
 * (scikit-learn's convention). Each kernel is O(d) per pair (mahalanobis O(d²)). Checked against SciPy 1.10's
 * `pdist`/`cdist` (haversine: scikit-learn's `haversine_distances`) in test/core/distance.test.ts.
 * @example
 * METRIC_REGISTRY.canberra.isTrueMetric(NO_PARAMS); // true: a ball tree can serve it
 * metricsWhere((m) => m.kdTree); // ['euclidean', 'cityblock', 'minkowski', 'chebyshev']
 */
export const METRIC_REGISTRY: Readonly<Record<MetricName, MetricInfo>> = Object.freeze({
  euclidean: entry({
    name: 'euclidean',
    distance: K.euclideanKernel,
    isTrueMetric: always,
    kdTree: true,
    wasmCode: 0,
    density: { id: 0, logUnitBallVolume: (d) => (d / 2) * Math.log(Math.PI) - logGammaHalf(d / 2 + 1) },
  }),
  sqeuclidean: entry({ name: 'sqeuclidean', distance: K.sqeuclideanKernel, isTrueMetric: never, wasmCode: 1 }),
  seuclidean: entry({ name: 'seuclidean', params: ['V'], distance: K.seuclideanKernel, isTrueMetric: always }),
  cityblock: entry({
    name: 'cityblock',
    distance: K.cityblockKernel,
    isTrueMetric: always,
    kdTree: true,
    wasmCode: 2,
    density: { id: 1, logUnitBallVolume: (d) => d * Math.LN2 - logGammaHalf(d + 1) },
  }),
  minkowski: entry({
    name: 'minkowski',
    params: ['p', 'w'],
    distance: K.minkowskiKernel,
    isTrueMetric: (prm) => prm.p >= 1,
    kdTree: true,
  }),
  chebyshev: entry({
    name: 'chebyshev',
    distance: K.chebyshevKernel,
    isTrueMetric: always,
    kdTree: true,
    wasmCode: 4,
    density: { id: 2, logUnitBallVolume: (d) => d * Math.LN2 },
  }),
  cosine: entry({
    name: 'cosine',
    distance: K.cosineKernel,
    isTrueMetric: never,
    wasmCode: 3,
    check: (m, name) => checkNoZeroNorm(m, name, false),
  }),
  correlation: entry({
    name: 'correlation',
    distance: K.correlationKernel,
    isTrueMetric: never,
    check: (m, name) => checkNoZeroNorm(m, name, true),
  }),
  canberra: entry({ name: 'canberra', distance: K.canberraKernel, isTrueMetric: always }),
  braycurtis: entry({
    name: 'braycurtis',
    distance: K.braycurtisKernel,
    isTrueMetric: never,
    check: (m, name) => {
      for (let t = 0; t < m.data.length; t++) {
        if (m.data[t] < 0) {
          const row = Math.floor(t / m.cols);
          throw new ValidationError(
            `${name}[${row}][${t - row * m.cols}] is ${m.data[t]}; 'braycurtis' is defined for non-negative data ` +
              '(counts, abundances); shift the data or use another metric.',
            { param: name, row, col: t - row * m.cols },
          );
        }
      }
    },
  }),
  mahalanobis: entry({ name: 'mahalanobis', params: ['VI'], distance: K.mahalanobisKernel, isTrueMetric: always }),
  jensenshannon: entry({
    name: 'jensenshannon',
    distance: K.jensenshannonKernel,
    isTrueMetric: always,
    check: checkDistributions,
  }),
  hamming: entry({ name: 'hamming', distance: K.hammingKernel, isTrueMetric: always }),
  jaccard: booleanEntry('jaccard', K.jaccardKernel, true),
  dice: booleanEntry('dice', K.diceKernel, false),
  rogerstanimoto: booleanEntry('rogerstanimoto', K.rogerstanimotoKernel, true),
  russellrao: booleanEntry('russellrao', K.russellraoKernel, false),
  sokalmichener: booleanEntry('sokalmichener', K.sokalmichenerKernel, true),
  sokalsneath: booleanEntry('sokalsneath', K.sokalsneathKernel, false),
  yule: booleanEntry('yule', K.yuleKernel, false),
  haversine: entry({
    name: 'haversine',
    distance: K.haversineKernel as DistanceKernel,
    isTrueMetric: always,
    check: checkLatLon,
  }),
} satisfies Record<MetricName, MetricInfo>);

/** The metrics with a hierarchy WebAssembly kernel and an unrolled TypeScript loop (the linkage fast paths). */
export type WasmMetric = 'euclidean' | 'sqeuclidean' | 'cityblock' | 'cosine' | 'chebyshev';

/** Every metric name, in registry order. */
export const METRIC_NAMES: readonly MetricName[] = Object.freeze(Object.keys(METRIC_REGISTRY) as MetricName[]);

/** The names of the metrics that satisfy `pred`, in registry order (for allow-lists and CLI choices). */
export function metricsWhere(pred: (info: MetricInfo) => boolean): MetricName[] {
  return METRIC_NAMES.filter((name) => pred(METRIC_REGISTRY[name]));
}

/** The metrics a k-d tree can bound, derived from the registry. */
export const KD_TREE_METRICS: readonly MetricName[] = Object.freeze(metricsWhere((m) => m.kdTree));

/** The metrics with a hierarchy WebAssembly kernel ({@link WasmMetric}), derived from the registry. */
export const WASM_METRICS = Object.freeze(metricsWhere((m) => m.wasmCode !== undefined)) as readonly WasmMetric[];

/**
 * Looks up `value` among `allowed` metric names, throwing a {@link ValidationError} (code `'INVALID_OPTION'`)
 * that names the metrics that work there.
 * @param where - what takes the metric, for the message (e.g. `'linkage'`)
 */
export function checkMetricName<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const known = typeof value === 'string' && (METRIC_NAMES as readonly string[]).includes(value);
  const why = known ? `'${value}' is a known metric but ${where} cannot use it` : `got ${JSON.stringify(value)}`;
  throw new ValidationError(
    `metric for ${where} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; ${why}.`,
    { param: 'metric' },
    'INVALID_OPTION',
  );
}

/** The metric options shared by `pdist`, `cdist`, NearestNeighbors and the algorithms that take a metric. */
export interface MetricOptions {
  /** Metric name (SciPy's). @defaultValue 'euclidean' */
  metric?: MetricName;
  /** Minkowski order p > 0 (`Infinity` = Chebyshev). @defaultValue 2 */
  p?: number;
  /** Minkowski weights, one ≥ 0 per column. */
  w?: ArrayLike<number>;
  /** seuclidean variances, one > 0 per column. @defaultValue the columns' sample variances (ddof 1) */
  V?: ArrayLike<number>;
  /** mahalanobis inverse covariance, d×d (rows or flat row-major). @defaultValue inv(cov(X)), ddof 1 */
  VI?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
}

function optionError(param: string, message: string): ValidationError {
  return new ValidationError(message, { param }, 'INVALID_OPTION');
}

function toVector(v: ArrayLike<number>, d: number, name: string, metric: string, positive: boolean): Float64Array {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number' || v.length !== d) {
    const len = v !== null && typeof v === 'object' ? v.length : typeof v;
    throw optionError(name, `${name} for '${metric}' must have one value per column (${d}); got length ${len}.`);
  }
  const out = Float64Array.from(v);
  for (let j = 0; j < d; j++) {
    const x = out[j];
    if (!Number.isFinite(x) || x < 0 || (positive && x === 0)) {
      throw optionError(
        name,
        `${name}[${j}] for '${metric}' is ${x}; every value must be finite and ${positive ? '> 0' : '>= 0'}.`,
      );
    }
  }
  return out;
}

function toSquare(v: ArrayLike<number> | ArrayLike<ArrayLike<number>>, d: number, name: string): Float64Array {
  const out = new Float64Array(d * d);
  const rows = v as ArrayLike<unknown>;
  const nested = rows.length > 0 && typeof rows[0] === 'object' && rows[0] !== null;
  if (nested) {
    if (rows.length !== d)
      throw optionError(name, `${name} must be ${d}×${d} (one row per column); got ${rows.length} rows.`);
    for (let i = 0; i < d; i++) {
      const r = rows[i] as ArrayLike<number>;
      if (r.length !== d) throw optionError(name, `${name} must be ${d}×${d}; row ${i} has ${r.length} values.`);
      for (let j = 0; j < d; j++) out[i * d + j] = r[j];
    }
  } else {
    if (rows.length !== d * d) {
      throw optionError(name, `${name} must be ${d}×${d} (${d * d} values, row-major); got ${rows.length} values.`);
    }
    for (let t = 0; t < d * d; t++) out[t] = (v as ArrayLike<number>)[t];
  }
  for (let t = 0; t < d * d; t++) {
    if (!Number.isFinite(out[t])) throw optionError(name, `${name} holds ${out[t]}; every value must be finite.`);
  }
  return out;
}

/** Column sample variances (ddof 1) of the rows of the given matrices stacked. */
function columnVariances(ms: readonly Matrix[], d: number): Float64Array {
  const mean = new Float64Array(d);
  let n = 0;
  for (const m of ms) {
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < d; j++) mean[j] += m.data[i * d + j];
    n += m.rows;
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  const v = new Float64Array(d);
  for (const m of ms) {
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < d; j++) {
        const t = m.data[i * d + j] - mean[j];
        v[j] += t * t;
      }
    }
  }
  for (let j = 0; j < d; j++) v[j] /= n - 1;
  return v;
}

/** inv(cov) (ddof 1) of the rows of the given matrices stacked. */
function inverseCovariance(ms: readonly Matrix[], d: number): Float64Array {
  let n = 0;
  for (const m of ms) n += m.rows;
  if (n <= d) {
    throw new ValidationError(
      `'mahalanobis' without VI needs more rows than columns to estimate the covariance (${n} rows, ${d} columns); ` +
        'pass VI or more rows.',
      { param: 'VI' },
    );
  }
  const mean = new Float64Array(d);
  for (const m of ms) for (let i = 0; i < m.rows; i++) for (let j = 0; j < d; j++) mean[j] += m.data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  for (const m of ms) {
    for (let i = 0; i < m.rows; i++) {
      const o = i * d;
      for (let a = 0; a < d; a++) {
        const ta = m.data[o + a] - mean[a];
        for (let b = 0; b < d; b++) cov[a * d + b] += ta * (m.data[o + b] - mean[b]);
      }
    }
  }
  for (let t = 0; t < d * d; t++) cov[t] /= n - 1;
  const out = new Float64Array(d * d);
  if (!invertSpd(cov, d, out)) {
    throw new ValidationError(
      "'mahalanobis': the data's covariance matrix is singular (a constant or collinear column); pass VI or drop " +
        'the dependent columns.',
      { param: 'VI' },
    );
  }
  return out;
}

/** A metric resolved for data of d columns: its registry entry and its parameters. */
export interface ResolvedMetric {
  readonly info: MetricInfo;
  readonly params: MetricParams;
}

/**
 * Resolves a metric and its parameters for data `data` (the matrices whose rows will be compared; seuclidean's
 * V and mahalanobis's VI default from them stacked, as SciPy's `cdist`), checking the data for the metric.
 * @throws {@link ValidationError} for an unknown metric (naming those in `allowed`), a parameter the metric does
 * not take, a bad `p`/`w`/`V`/`VI`, or data the metric cannot take (a boolean metric on non-0/1 data, …)
 */
export function resolveMetric(
  opts: MetricOptions,
  data: readonly Matrix[],
  where = 'pdist',
  allowed: readonly MetricName[] = METRIC_NAMES,
  names: readonly string[] = data.map((_, i) => (i === 0 ? 'X' : `X${i}`)),
): ResolvedMetric {
  const name = checkMetricName(opts.metric ?? 'euclidean', allowed, where);
  const info = METRIC_REGISTRY[name];
  const d = data[0].cols;
  for (const k of ['p', 'w', 'V', 'VI'] as const) {
    if (opts[k] !== undefined && !info.params.includes(k)) {
      const takers = metricsWhere((m) => m.params.includes(k)).join(', ');
      throw optionError(k, `metric '${name}' takes no '${k}' (only ${takers} do); remove it.`);
    }
  }
  let p = 2;
  if (opts.p !== undefined) {
    p = opts.p;
    if (typeof p !== 'number' || Number.isNaN(p) || !(p > 0)) {
      throw optionError(
        'p',
        `p for 'minkowski' must be a number > 0 (Infinity for chebyshev); got ${JSON.stringify(p)}.`,
      );
    }
  }
  const w = opts.w === undefined ? null : toVector(opts.w, d, 'w', name, false);
  let V: Float64Array | null = null;
  let VI: Float64Array | null = null;
  if (name === 'seuclidean') {
    V = opts.V === undefined ? columnVariances(data, d) : toVector(opts.V, d, 'V', name, true);
    if (opts.V === undefined) {
      for (let j = 0; j < d; j++) {
        if (!(V[j] > 0)) {
          throw new ValidationError(
            `'seuclidean': column ${j} has variance ${V[j]} (constant or a single row); pass V with positive values.`,
            { param: 'V', col: j },
          );
        }
      }
    }
  }
  if (name === 'mahalanobis') VI = opts.VI === undefined ? inverseCovariance(data, d) : toSquare(opts.VI, d, 'VI');
  if (info.check) for (let i = 0; i < data.length; i++) info.check(data[i], names[i]);
  return { info, params: { p, w, V, VI } };
}
