/**
 * k-prototypes (Huang 1998): k-means for tables that mix numeric and categorical columns.
 * @module
 */
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { SeededEstimator, type SeededState } from '../core/estimator.js';
import type { GowerTable } from '../core/gower.js';
import type { Matrix } from '../core/matrix.js';
import { checkModelJSON } from '../core/model.js';
import { createRng, resolveSeed, sampleWithoutReplacement } from '../core/random.js';
import { checkInt, checkNumber, checkSeed } from '../core/validate.js';
import { assignPrototypes, updatePrototypes } from './prototypes.js';

/** Options of {@link KPrototypes}. */
export interface KPrototypesOptions {
  /** Number of clusters k. @defaultValue 8 */
  nClusters?: number;
  /** Weight γ of one categorical mismatch against squared numeric distance. @defaultValue 0.5 × the mean standard deviation of the numeric columns (Huang's suggestion, as the Python `kmodes` package) */
  gamma?: number;
  /** Columns (names or 0-based indices) to treat as categorical. @defaultValue every column that holds strings or booleans */
  categorical?: readonly (string | number)[];
  /** Number of random starts (k distinct rows as prototypes); the lowest cost wins. @defaultValue 10 */
  nInit?: number;
  /** Maximum iterations per start. @defaultValue 100 */
  maxIter?: number;
  /** Seed of the starts; drawn (and recorded as `seed`) when omitted. */
  seed?: number;
}

/** Resolved options of {@link KPrototypes}. */
export interface ResolvedKPrototypesOptions {
  nClusters: number;
  gamma: number | undefined;
  categorical: (string | number)[] | undefined;
  nInit: number;
  maxIter: number;
  seed: number | undefined;
}

interface Schema {
  numericNames: string[];
  categoricalNames: string[];
  /** Categories of each categorical column, in order of first appearance (index = code). */
  categories: unknown[][];
}

interface KPrototypesState extends Schema, SeededState {
  centers: Float64Array;
  modes: Int32Array;
  labels: Int32Array;
  cost: number;
  gamma: number;
  nIter: number;
  converged: boolean;
}

interface Encoded {
  n: number;
  p: number;
  q: number;
  xNum: Float64Array;
  xCat: Int32Array;
}

/**
 * k-prototypes clustering of a mixed table: numeric columns get means, categorical columns get modes.
 *
 * @remarks
 * Minimizes Σᵢ [ Σ_numeric (x_ij − μ_cj)² + γ · Σ_categorical 𝟙(x_ij ≠ mode_cj) ] with c the cluster of row i
 * (Huang 1998), by alternating the nearest-prototype assignment and the prototype update (means; modes with ties to
 * the first-seen category) until no label changes; each step can only lower the cost. An empty cluster keeps its
 * prototype. `nInit` starts from k distinct random rows; the lowest cost wins. With no categorical column this is
 * Lloyd's k-means; with no numeric column, k-modes. Scale numeric columns first if their units differ.
 * O(n·k·(p + q)) per iteration. Checked against a direct transcription of these updates and against KMeans on
 * numeric-only tables in the tests (no reference implementation is installed here).
 * @param table - n rows: numeric columns (numbers) and categorical ones (strings, booleans, or any column named in
 * `categorical`); no missing cells
 * @see Huang, Z. (1998), Extensions to the k-means algorithm for clustering large data sets with categorical
 * values, Data Mining and Knowledge Discovery 2
 * @example
 * const table = { names: ['age', 'plan'], columns: [[21, 23, 22, 61, 60, 63], ['a', 'a', 'b', 'c', 'c', 'c']], nRows: 6 };
 * new KPrototypes({ nClusters: 2, seed: 0 }).fit(table).modes; // [['c'], ['a']] or [['a'], ['c']]
 */
export class KPrototypes extends SeededEstimator<KPrototypesState> {
  /** Resolved, frozen options. */
  readonly options: Readonly<ResolvedKPrototypesOptions>;

  /** @throws {@link ValidationError} on an invalid option */
  constructor(options: KPrototypesOptions = {}) {
    super('KPrototypes');
    this.options = Object.freeze({
      nClusters: checkInt(options.nClusters ?? 8, 'nClusters', 1),
      gamma: options.gamma === undefined ? undefined : checkNumber(options.gamma, 'gamma', 0),
      categorical: options.categorical === undefined ? undefined : [...options.categorical],
      nInit: checkInt(options.nInit ?? 10, 'nInit', 1),
      maxIter: checkInt(options.maxIter ?? 100, 'maxIter', 1),
      seed: checkSeed(options.seed),
    });
    this.checkOptionNames(options);
  }

  /**
   * Fits the prototypes.
   * @throws {@link ValidationError} on a missing or non-numeric cell in a numeric column, an unknown column in
   * `categorical`, or nClusters > n
   */
  fit(table: GowerTable): this {
    const schema = resolveSchema(table, this.options.categorical);
    const enc = encode(table, schema, true);
    const { n, p, q, xNum, xCat } = enc;
    const k = this.options.nClusters;
    if (k > n) {
      throw new ValidationError(`nClusters=${k} must be <= the number of rows (${n}); lower nClusters.`, {
        param: 'nClusters',
      });
    }
    const gamma = this.options.gamma ?? defaultGamma(xNum, n, p);
    const catOffset = new Int32Array(q + 1);
    for (let j = 0; j < q; j++) catOffset[j + 1] = catOffset[j] + schema.categories[j].length;
    const seed = resolveSeed(this.options.seed);
    const rng = createRng(seed);
    const sizes = new Int32Array(k);
    const sums = new Float64Array(k * p);
    const counts = new Int32Array(k * catOffset[q]);
    let best: Omit<KPrototypesState, keyof Schema | 'gamma' | 'nFeaturesIn' | 'seed' | 'warnings'> | null = null;
    for (let run = 0; run < this.options.nInit; run++) {
      const rows = sampleWithoutReplacement(rng, n, k);
      const centers = new Float64Array(k * p);
      const modes = new Int32Array(k * q);
      for (let c = 0; c < k; c++) {
        centers.set(xNum.subarray(rows[c] * p, (rows[c] + 1) * p), c * p);
        modes.set(xCat.subarray(rows[c] * q, (rows[c] + 1) * q), c * q);
      }
      let labels = new Int32Array(n);
      let next = new Int32Array(n);
      let cost = assignPrototypes(xNum, p, xCat, q, n, centers, modes, k, gamma, labels);
      let nIter = 0;
      let converged = false;
      while (nIter < this.options.maxIter) {
        nIter++;
        updatePrototypes(xNum, p, xCat, q, n, labels, k, catOffset, centers, modes, sizes, sums, counts);
        cost = assignPrototypes(xNum, p, xCat, q, n, centers, modes, k, gamma, next);
        const t = labels;
        labels = next;
        next = t;
        if (labels.every((v, i) => v === next[i])) {
          converged = true;
          break;
        }
      }
      if (best === null || cost < best.cost) best = { centers, modes, labels, cost, nIter, converged };
    }
    const b = best as NonNullable<typeof best>;
    const warnings: ModelWarning[] = [];
    if (!b.converged) {
      warnings.push({
        code: 'CONVERGENCE',
        message: `k-prototypes stopped after maxIter=${this.options.maxIter} iterations with labels still changing; raise maxIter.`,
      });
    }
    this.setState({ ...schema, ...b, gamma, nFeaturesIn: p + q, seed, warnings });
    return this;
  }

  /** Fits and returns the labels. */
  fitPredict(table: GowerTable): Int32Array {
    return this.fit(table).labels;
  }

  /** Cluster of each training row. */
  get labels(): Int32Array {
    return this.state('labels').labels;
  }
  /** k×p means of the numeric columns (in `numericColumns` order). Read-only. */
  get clusterCenters(): Matrix {
    const s = this.state('clusterCenters');
    return { rows: this.options.nClusters, cols: s.numericNames.length, data: s.centers };
  }
  /** k×q modes of the categorical columns (in `categoricalColumns` order), as the original cell values. */
  get modes(): unknown[][] {
    const s = this.state('modes');
    const q = s.categoricalNames.length;
    return Array.from({ length: this.options.nClusters }, (_, c) =>
      Array.from({ length: q }, (_, j) => s.categories[j][s.modes[c * q + j]]),
    );
  }
  /** Names of the numeric columns. */
  get numericColumns(): readonly string[] {
    return this.state('numericColumns').numericNames;
  }
  /** Names of the categorical columns. */
  get categoricalColumns(): readonly string[] {
    return this.state('categoricalColumns').categoricalNames;
  }
  /** Total cost Σ squared numeric distance + γ·mismatches at the end. */
  get cost(): number {
    return this.state('cost').cost;
  }
  /** The γ used (given or Huang's default). */
  get gamma(): number {
    return this.state('gamma').gamma;
  }
  /** Iterations (update + assignment) of the winning start. */
  get nIter(): number {
    return this.state('nIter').nIter;
  }
  /** False when maxIter stopped the winning start with labels still changing. */
  get converged(): boolean {
    return this.state('converged').converged;
  }

  /**
   * Nearest prototype of each row of a table with the same column names (categories unseen at fit never match).
   * @throws {@link ValidationError} on a missing column or cell
   */
  predict(table: GowerTable): Int32Array {
    const s = this.state('predict');
    const enc = encode(table, s, false);
    const labels = new Int32Array(enc.n);
    assignPrototypes(
      enc.xNum,
      enc.p,
      enc.xCat,
      enc.q,
      enc.n,
      s.centers,
      s.modes,
      this.options.nClusters,
      s.gamma,
      labels,
    );
    return labels;
  }

  /** The state as plain JSON (see `KPrototypes.fromJSON`). */
  protected saveState(s: KPrototypesState): object {
    return {
      numericNames: s.numericNames,
      categoricalNames: s.categoricalNames,
      categories: s.categories,
      centers: Array.from(s.centers),
      modes: Array.from(s.modes),
      labels: Array.from(s.labels),
      cost: s.cost,
      gamma: s.gamma,
      nIter: s.nIter,
      converged: s.converged,
      nFeaturesIn: s.nFeaturesIn,
      seed: s.seed,
      warnings: s.warnings,
    };
  }

  /** Restores a model saved with {@link KPrototypes.toJSON}. */
  static fromJSON(json: unknown): KPrototypes {
    type State = Omit<KPrototypesState, 'centers' | 'modes' | 'labels' | 'nFeaturesIn'> & {
      nFeaturesIn?: number;
      centers: number[];
      modes: number[];
      labels: number[];
    };
    const j = checkModelJSON<ResolvedKPrototypesOptions & { seed: number | null }, State>(json, 'KPrototypes');
    const o = j.options;
    const m = new KPrototypes({
      ...o,
      gamma: o.gamma ?? undefined,
      categorical: o.categorical ?? undefined,
      seed: o.seed ?? undefined,
    });
    const st = j.state;
    return KPrototypes.restore(m, {
      ...st,
      centers: Float64Array.from(st.centers),
      modes: Int32Array.from(st.modes),
      labels: Int32Array.from(st.labels),
      // Saved before nFeaturesIn was recorded: the columns are the numeric and the categorical ones.
      nFeaturesIn: st.nFeaturesIn ?? st.numericNames.length + st.categoricalNames.length,
    });
  }
}

/** 0.5 × the mean population standard deviation of the numeric columns (0 without numeric columns). */
function defaultGamma(xNum: Float64Array, n: number, p: number): number {
  if (p === 0) return 1;
  let total = 0;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += xNum[i * p + j];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (xNum[i * p + j] - mean) ** 2;
    total += Math.sqrt(ss / n);
  }
  return (0.5 * total) / p;
}

function resolveSchema(table: GowerTable, categorical: readonly (string | number)[] | undefined): Schema {
  const p = table.columns.length;
  const isCat = new Array<boolean>(p).fill(false);
  if (categorical !== undefined) {
    for (const c of categorical) {
      const j = typeof c === 'number' ? c : table.names.indexOf(c);
      if (!Number.isInteger(j) || j < 0 || j >= p) {
        throw new ValidationError(
          `categorical names column ${JSON.stringify(c)}, which the table does not have (columns: ${table.names.join(', ')}).`,
          { param: 'categorical' },
        );
      }
      isCat[j] = true;
    }
  } else {
    for (let j = 0; j < p; j++) {
      const cells = table.columns[j];
      for (let i = 0; i < cells.length; i++) {
        const t = typeof cells[i];
        if (t === 'string' || t === 'boolean') {
          isCat[j] = true;
          break;
        }
      }
    }
  }
  const numericNames: string[] = [];
  const categoricalNames: string[] = [];
  for (let j = 0; j < p; j++) (isCat[j] ? categoricalNames : numericNames).push(table.names[j] ?? `col${j}`);
  return { numericNames, categoricalNames, categories: categoricalNames.map(() => []) };
}

/** Gathers a table's columns by the schema's names; at fit, category lists grow; at predict, unseen ones are −1. */
function encode(table: GowerTable, schema: Schema, grow: boolean): Encoded {
  const n = table.nRows;
  const p = schema.numericNames.length;
  const q = schema.categoricalNames.length;
  if (!Number.isInteger(n) || n < 1) {
    throw new ValidationError(`The table has ${n} rows; pass at least one.`, { param: 'table' });
  }
  const column = (name: string) => {
    const j = table.names.indexOf(name);
    if (j < 0)
      throw new ValidationError(`The table has no column '${name}', which the model uses.`, { param: 'table' });
    const cells = table.columns[j];
    if (cells.length !== n) {
      throw new ValidationError(`Column ${name} has ${cells.length} cells but the table has ${n} rows.`, {
        param: 'table',
        col: j,
      });
    }
    return { j, cells };
  };
  const missing = (name: string, i: number, j: number, v: unknown) =>
    new ValidationError(
      `Column ${name} row ${i} is ${JSON.stringify(v) ?? String(v)}; k-prototypes needs a value in every cell (numbers in numeric columns) — impute or drop the row.`,
      { param: 'table', row: i, col: j },
    );
  const xNum = new Float64Array(n * p);
  for (let t = 0; t < p; t++) {
    const { j, cells } = column(schema.numericNames[t]);
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw missing(schema.numericNames[t], i, j, v);
      xNum[i * p + t] = v;
    }
  }
  const xCat = new Int32Array(n * q);
  for (let t = 0; t < q; t++) {
    const { j, cells } = column(schema.categoricalNames[t]);
    const cats = schema.categories[t];
    const index = new Map(cats.map((v, c) => [v, c]));
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
        throw missing(schema.categoricalNames[t], i, j, v);
      }
      let c = index.get(v);
      if (c === undefined) {
        if (grow) {
          c = cats.length;
          cats.push(v);
          index.set(v, c);
        } else c = -1;
      }
      xCat[i * q + t] = c;
    }
  }
  return { n, p, q, xNum, xCat };
}
