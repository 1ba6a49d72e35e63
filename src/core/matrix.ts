/**
 * The dense row-major matrix every algorithm works on, and the one boundary check (`toMatrix`).
 * @module
 */
import { ValidationError } from './errors.js';

/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Anything clusterkit accepts as data: a {@link Matrix}, `number[][]`, or an array of typed-array rows. */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>>;

/** Options for {@link toMatrix}. */
export interface ToMatrixOptions {
  /** Require exactly this many columns (e.g. the number of features seen at fit time). */
  cols?: number;
  /** Require at least this many rows (default 1). */
  minRows?: number;
  /** Allow NaN/±Infinity (default false). */
  allowNonFinite?: boolean;
  /** Always copy the data, even when a valid Matrix was passed (default false). */
  copy?: boolean;
}

/** True when `x` has the shape of a {@link Matrix}. */
export function isMatrix(x: unknown): x is Matrix {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as Matrix).data instanceof Float64Array &&
    typeof (x as Matrix).rows === 'number' &&
    typeof (x as Matrix).cols === 'number'
  );
}

/** Creates a zero-filled rows×cols matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * Validates data at the boundary and returns a {@link Matrix}.
 *
 * @remarks
 * Accepts a Matrix (not copied unless `copy`), `number[][]` or an array of typed rows. Rejects empty data, ragged
 * rows, non-numbers and NaN/±Infinity, naming the row and column (0-based) so the caller can find the cell.
 * O(n·d) time.
 * @param X - the data, n×d
 * @param name - the argument name used in messages (default `'X'`)
 * @throws {@link ValidationError} on empty, ragged or non-finite data, or a column count other than `opts.cols`
 * @example
 * toMatrix([[1, 2], [3, 4]]); // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 */
export function toMatrix(X: MatrixLike, name = 'X', opts: ToMatrixOptions = {}): Matrix {
  let m: Matrix;
  if (isMatrix(X)) {
    if (X.data.length !== X.rows * X.cols) {
      throw new ValidationError(
        `${name}: Matrix data has length ${X.data.length} but rows×cols = ${X.rows}×${X.cols}; build it with rows*cols values.`,
        { param: name },
      );
    }
    m = opts.copy ? { rows: X.rows, cols: X.cols, data: X.data.slice() } : X;
  } else {
    if (X === null || X === undefined || typeof (X as ArrayLike<unknown>).length !== 'number') {
      throw new ValidationError(`${name} must be a Matrix or an array of rows (number[][]); got ${typeof X}.`, {
        param: name,
      });
    }
    const rows = X.length;
    if (rows === 0) {
      throw new ValidationError(`${name} is empty (0 rows); pass at least one row of numbers.`, { param: name });
    }
    const first = X[0];
    if (first === null || first === undefined || typeof first.length !== 'number') {
      throw new ValidationError(`${name} row 0 is not an array of numbers; pass number[][] (one array per row).`, {
        param: name,
        row: 0,
      });
    }
    const cols = first.length;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const r = X[i];
      if (r === null || r === undefined || typeof r.length !== 'number') {
        throw new ValidationError(`${name} row ${i} is not an array of numbers.`, { param: name, row: i });
      }
      if (r.length !== cols) {
        throw new ValidationError(
          `${name} is ragged: row ${i} has ${r.length} values but row 0 has ${cols}; every row needs the same number of columns.`,
          { param: name, row: i },
        );
      }
      const off = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== 'number') {
          throw new ValidationError(`${name}[${i}][${j}] is ${JSON.stringify(v)}, not a number.`, {
            param: name,
            row: i,
            col: j,
          });
        }
        data[off + j] = v;
      }
    }
    m = { rows, cols, data };
  }
  if (m.rows < (opts.minRows ?? 1)) {
    throw new ValidationError(`${name} has ${m.rows} rows; at least ${opts.minRows ?? 1} are needed.`, { param: name });
  }
  if (m.cols === 0) {
    throw new ValidationError(`${name} has 0 columns; pass at least one feature per row.`, { param: name });
  }
  if (opts.cols !== undefined && m.cols !== opts.cols) {
    throw new ValidationError(
      `${name} has ${m.cols} features, but this model was fitted with ${opts.cols}; pass data with the same columns.`,
      { param: name },
    );
  }
  if (!opts.allowNonFinite) {
    const d = m.data;
    for (let t = 0; t < d.length; t++) {
      if (!Number.isFinite(d[t])) {
        const row = Math.floor(t / m.cols);
        const col = t - row * m.cols;
        throw new ValidationError(
          `${name}[${row}][${col}] is ${d[t]}; clusterkit needs finite numbers — drop or impute missing values first.`,
          { param: name, row, col },
        );
      }
    }
  }
  return m;
}

/** Copies row `i` of `m` into a new Float64Array. */
export function getRow(m: Matrix, i: number): Float64Array {
  return m.data.slice(i * m.cols, (i + 1) * m.cols);
}

/**
 * Converts a matrix to `number[][]` (for JSON output and display).
 * @example
 * ```ts
 * toArrays(new KMeans({ nClusters: 2, seed: 0 }).fit(X).clusterCenters); // [[x, y], [x, y]]
 * ```
 */
export function toArrays(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/** Builds a matrix from a flat row-major array. */
export function fromFlat(data: ArrayLike<number>, rows: number, cols: number): Matrix {
  if (data.length !== rows * cols) {
    throw new ValidationError(`fromFlat: got ${data.length} values for a ${rows}×${cols} matrix.`);
  }
  return { rows, cols, data: Float64Array.from(data) };
}
