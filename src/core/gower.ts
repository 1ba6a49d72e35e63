/**
 * Gower's dissimilarity for mixed numeric, categorical, ordinal and binary columns, as R cluster's
 * `daisy(metric = 'gower')`.
 * @module
 */
import { checkBudget, DEFAULT_MEMORY_BUDGET } from './distance.js';
import { ValidationError } from './errors.js';
import { checkOneOf } from './validate.js';

/**
 * How a column is compared (daisy's type codes in brackets):
 * - `numeric` (I): |xᵢ − xⱼ| / range, the range over the column's non-missing values (1 if they are all equal);
 * - `nominal` (N): 0 if equal, else 1 (strings, numbers or booleans as categories);
 * - `ordinal` (O): the 1-based level codes, then as `numeric` (codes given as integers, or strings ranked by
 *   `levels`);
 * - `asymm` (A): asymmetric binary (booleans or 0/1): 1 if they differ, 0 if both are 1, and the pair is skipped
 *   for this column when both are 0;
 * - `symm` (S): symmetric binary (booleans or 0/1): 0 if equal, else 1;
 * - `ordratio` (T): the ranks of the distinct values, then as `numeric`;
 * - `logratio` (T): log₁₀ of positive values, then as `numeric`.
 */
export type GowerType = 'numeric' | 'nominal' | 'ordinal' | 'asymm' | 'symm' | 'ordratio' | 'logratio';
/** Every {@link GowerType}. */
export const GOWER_TYPES: readonly GowerType[] = [
  'numeric',
  'nominal',
  'ordinal',
  'asymm',
  'symm',
  'ordratio',
  'logratio',
];

/**
 * The table {@link gowerDistance} reads: the shape of the readers' `ColumnTable` (`{ names, columns, nRows }`).
 * Missing cells are `null`, `undefined` or `NaN`.
 */
export interface GowerTable {
  /** Column names, used in messages and to key `types`, `weights` and `levels`. */
  readonly names: readonly string[];
  /** One array of cells per column, each of length `nRows`. */
  readonly columns: readonly ArrayLike<unknown>[];
  /** Number of rows. */
  readonly nRows: number;
}

/** Per-column settings: an array in column order, or an object keyed by column name. */
export type PerColumn<T> = readonly T[] | Readonly<Record<string, T>>;

/** Options of {@link gowerDistance}. */
export interface GowerOptions {
  /**
   * Type of each column. Unnamed columns are inferred as daisy infers them from R classes: numbers → `numeric`,
   * strings → `nominal`, booleans → `asymm` (R's logical columns).
   */
  types?: PerColumn<GowerType>;
  /** Weight of each column (finite, ≥ 0). @defaultValue 1 for every column */
  weights?: PerColumn<number>;
  /** Ordered levels of `ordinal` string columns (an R ordered factor's `levels`), by column name. */
  levels?: Readonly<Record<string, readonly string[]>>;
  /** Bytes the condensed output may use. @defaultValue 2 GiB */
  memoryBudget?: number;
}

/** Kernel column kinds. */
const ASYMM = 0;
const SYMM = 1;
const NOMINAL = 2;
const INTERVAL = 3;

/**
 * Gower dissimilarities between the rows of a mixed table, as a condensed vector (SciPy's `pdist` order).
 *
 * @remarks
 * d(i, j) = Σ_f w_f δ_ijf d_ijf / Σ_f w_f δ_ijf, where d_ijf ∈ [0, 1] is the per-column dissimilarity of the
 * column's {@link GowerType} and δ_ijf = 0 when either cell is missing (or, for `asymm`, both are false), else 1.
 * Numeric values are scaled exactly as daisy scales them, (x − min) / range, before differencing, so results agree
 * with R to the last bits on the fixtures. Inferred types follow daisy's treatment of R classes (numeric → interval,
 * factor → nominal, ordered → ordinal, logical → asymmetric binary).
 * Two differences from daisy: a pair with no column to compare is an error, not `NA` (daisy also returns `NA`
 * when the compared weights sum to ≤ 0.5, which is an artefact of its integer-weight test: here any positive sum
 * counts); and a binary column that is constant keeps its values (daisy's range scaling turns an all-`TRUE` column
 * into all zeros).
 * O(n²·p) time, n(n−1)/2 doubles of output. Matches R cluster 2.1.4 `daisy(x, metric = 'gower', type, weights)`
 * to 1e-13 on mixed frames with NA.
 * @param table - n rows × p columns, e.g. a `ColumnTable` from the readers
 * @throws {@link ValidationError} on an unknown column name or type, a column that is entirely missing, a binary
 * column with a value other than true/false/0/1, an ordinal string outside `levels`, a non-positive `logratio`
 * value, ±Infinity, a negative weight, or a pair of rows with no column in common
 * @throws {@link CapacityError} if the output exceeds `memoryBudget`
 * @see Gower, J. C. (1971), A general coefficient of similarity and some of its properties, Biometrics 27;
 * Kaufman & Rousseeuw (1990), Finding Groups in Data, ch. 1
 * @example
 * const table = { names: ['age', 'plan'], columns: [[20, 30, 40], ['a', 'a', 'b']], nRows: 3 };
 * gowerDistance(table); // Float64Array [0.25, 1, 0.75]
 */
export function gowerDistance(table: GowerTable, opts: GowerOptions = {}): Float64Array {
  const enc = encodeGower(table, opts);
  const n = enc.n;
  checkBudget(
    ((n * (n - 1)) / 2) * 8,
    opts.memoryBudget ?? DEFAULT_MEMORY_BUDGET,
    `The Gower dissimilarities of ${n} rows`,
    'use fewer rows, or CLARA on the table (it needs only samples × samples).',
  );
  const out = new Float64Array((n * (n - 1)) / 2);
  const bad = gowerInto(enc, out);
  if (bad >= 0) {
    const [i, j] = pairOf(n, bad);
    throw noCommonColumn(i, j);
  }
  return out;
}

/** The error for a pair of rows that share no column to compare. */
export function noCommonColumn(i: number, j: number): ValidationError {
  return new ValidationError(
    `Rows ${i} and ${j} have no column that both fill (every shared column is missing, has weight 0, or is an asymmetric binary false in both); impute values or drop one of the rows.`,
    { param: 'table', row: j },
  );
}

/** A table encoded for Gower comparisons: p×n column-major values (NaN missing), kernel kinds and weights. */
export interface GowerEncoded {
  readonly n: number;
  readonly p: number;
  readonly values: Float64Array;
  readonly kinds: Int32Array;
  readonly weights: Float64Array;
}

/**
 * Validates a table and encodes it for {@link gowerPair} / {@link gowerInto}: numeric columns scaled by their full
 * range as daisy does, categories as codes, binaries as 0/1. O(n·p).
 * @throws {@link ValidationError} as {@link gowerDistance}
 */
export function encodeGower(table: GowerTable, opts: Omit<GowerOptions, 'memoryBudget'> = {}): GowerEncoded {
  const n = table.nRows;
  const p = table.columns.length;
  if (!Number.isInteger(n) || n < 1 || p < 1) {
    throw new ValidationError(`The table has ${n} rows and ${p} columns; gowerDistance needs at least one of each.`, {
      param: 'table',
    });
  }
  const types = resolvePerColumn(opts.types, table, 'types');
  const weightsIn = resolvePerColumn(opts.weights, table, 'weights');
  const kinds = new Int32Array(p);
  const weights = new Float64Array(p);
  const values = new Float64Array(n * p);
  for (let f = 0; f < p; f++) {
    const cells = table.columns[f];
    const name = table.names[f] ?? `col${f}`;
    if (cells.length !== n) {
      throw new ValidationError(`Column ${name} has ${cells.length} cells but the table has ${n} rows.`, {
        param: 'table',
        col: f,
      });
    }
    const w = weightsIn[f] ?? 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ValidationError(`weights for column ${name} is ${w}; weights must be finite and >= 0.`, {
        param: 'weights',
        col: f,
      });
    }
    weights[f] = w;
    const type = types[f] === undefined ? inferType(cells, name, f) : checkOneOf(types[f], GOWER_TYPES, 'types');
    kinds[f] = encodeColumn(cells, type, name, f, opts.levels?.[name], values.subarray(f * n, (f + 1) * n));
  }
  return { n, p, values, kinds, weights };
}

/** Gower dissimilarity of rows i and j of an encoded table; NaN when they share no column to compare. O(p). */
export function gowerPair(enc: GowerEncoded, i: number, j: number): number {
  const { n, p, values, kinds, weights } = enc;
  let num = 0;
  let den = 0;
  for (let f = 0; f < p; f++) {
    const o = f * n;
    const a = values[o + i];
    const b = values[o + j];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const kind = kinds[f];
    const w = weights[f];
    if (kind === INTERVAL) {
      den += w;
      num += w * Math.abs(a - b);
    } else {
      if (kind === ASYMM && a === 0 && b === 0) continue;
      den += w;
      if (a !== b) num += w;
    }
  }
  return den > 0 ? num / den : Number.NaN;
}

/**
 * Gower kernel: every pair i < j of an encoded table into out (n(n−1)/2, OUT, NaN where nothing is comparable).
 * Returns the condensed index of the first pair with nothing to compare, else −1.
 */
export function gowerInto(enc: GowerEncoded, out: Float64Array): number {
  const n = enc.n;
  let t = 0;
  let bad = -1;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = gowerPair(enc, i, j);
      if (bad < 0 && Number.isNaN(d)) bad = t;
      out[t++] = d;
    }
  }
  return bad;
}

function resolvePerColumn<T>(v: PerColumn<T> | undefined, table: GowerTable, param: string): (T | undefined)[] {
  const p = table.columns.length;
  if (v === undefined) return new Array(p).fill(undefined);
  if (Array.isArray(v)) {
    if (v.length !== p) {
      throw new ValidationError(`${param} has ${v.length} entries but the table has ${p} columns; give one each.`, {
        param,
      });
    }
    return [...v];
  }
  const rec = v as Readonly<Record<string, T>>;
  for (const key of Object.keys(rec)) {
    if (!table.names.includes(key)) {
      throw new ValidationError(
        `${param} names column '${key}', which the table does not have (columns: ${table.names.join(', ')}).`,
        { param },
      );
    }
  }
  return table.names.map((name) => rec[name]);
}

const isMissing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

function inferType(cells: ArrayLike<unknown>, name: string, f: number): GowerType {
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (isMissing(v)) continue;
    if (typeof v === 'number' || typeof v === 'bigint') return 'numeric';
    if (typeof v === 'string') return 'nominal';
    if (typeof v === 'boolean') return 'asymm';
    throw new ValidationError(
      `Column ${name} row ${i} holds a ${typeof v}; Gower columns hold numbers, strings or booleans.`,
      { param: 'table', row: i, col: f },
    );
  }
  throw allMissing(name, f);
}

function allMissing(name: string, f: number): ValidationError {
  return new ValidationError(
    `Column ${name} has no value in any row; drop it (it cannot contribute to Gower distances).`,
    { param: 'table', col: f },
  );
}

/** Writes column f's comparable values into out (NaN for missing) and returns its kernel kind. */
function encodeColumn(
  cells: ArrayLike<unknown>,
  type: GowerType,
  name: string,
  f: number,
  levels: readonly string[] | undefined,
  out: Float64Array,
): number {
  const n = out.length;
  const cellError = (i: number, what: string) =>
    new ValidationError(
      `Column ${name} (${type}) row ${i} is ${JSON.stringify(cells[i]) ?? String(cells[i])}; ${what}`,
      {
        param: 'table',
        row: i,
        col: f,
      },
    );
  let present = 0;
  if (type === 'nominal') {
    const codes = new Map<unknown, number>();
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (isMissing(v)) {
        out[i] = Number.NaN;
        continue;
      }
      present++;
      let c = codes.get(v);
      if (c === undefined) {
        c = codes.size;
        codes.set(v, c);
      }
      out[i] = c;
    }
    if (present === 0) throw allMissing(name, f);
    return NOMINAL;
  }
  if (type === 'asymm' || type === 'symm') {
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (isMissing(v)) out[i] = Number.NaN;
      else if (v === true || v === 1) out[i] = 1;
      else if (v === false || v === 0) out[i] = 0;
      else throw cellError(i, 'binary columns take true/false or 1/0 — use type nominal for other categories.');
      if (!isMissing(v)) present++;
    }
    if (present === 0) throw allMissing(name, f);
    return type === 'asymm' ? ASYMM : SYMM;
  }
  // Interval-scaled: numeric, ordinal codes, ranks or log10, then (x − min) / range as daisy's scale().
  let levelIndex: Map<string, number> | null = null;
  if (type === 'ordinal' && levels !== undefined) levelIndex = new Map(levels.map((l, c) => [l, c + 1]));
  for (let i = 0; i < n; i++) {
    const v = cells[i];
    if (isMissing(v)) {
      out[i] = Number.NaN;
      continue;
    }
    let x: number;
    if (type === 'ordinal' && typeof v === 'string') {
      const c = levelIndex?.get(v);
      if (c === undefined) {
        throw cellError(
          i,
          levelIndex === null
            ? `ordinal strings need their order: pass levels: { ${name}: [...] }.`
            : `it is not one of the levels of ${name}; add it to levels.`,
        );
      }
      x = c;
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      x = Number(v);
      if (!Number.isFinite(x)) throw cellError(i, 'values must be finite (use null for a missing value).');
      if (type === 'ordinal' && (!Number.isInteger(x) || x < 1)) {
        throw cellError(i, 'ordinal codes are 1-based integers (or strings with levels).');
      }
      if (type === 'logratio') {
        if (x <= 0) throw cellError(i, 'logratio columns need positive values.');
        x = Math.log10(x);
      }
    } else {
      throw cellError(i, `a ${type} column needs numbers${type === 'ordinal' ? ' or level strings' : ''}.`);
    }
    out[i] = x;
    present++;
  }
  if (present === 0) throw allMissing(name, f);
  if (type === 'ordratio') rankInPlace(out);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = out[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  let range = max - min;
  if (range === 0) range = 1;
  for (let i = 0; i < n; i++) out[i] = (out[i] - min) / range;
  return INTERVAL;
}

/** Replaces the non-NaN values by their 1-based rank among the distinct values (R's unclass(as.ordered(x))). */
function rankInPlace(x: Float64Array): void {
  const distinct = Array.from(new Set(Array.from(x).filter((v) => !Number.isNaN(v)))).sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, r) => [v, r + 1]));
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) x[i] = rank.get(x[i]) as number;
}

/** The pair (i, j), i < j, at condensed index t of n points. */
function pairOf(n: number, t: number): [number, number] {
  let i = 0;
  let rowLen = n - 1;
  while (t >= rowLen) {
    t -= rowLen;
    i++;
    rowLen--;
  }
  return [i, i + 1 + t];
}
