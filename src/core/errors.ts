/**
 * Typed errors and model warnings.
 *
 * Every error thrown by clusterkit is a {@link ClusterkitError} with a stable `code`, so callers (and the CLI,
 * which maps them to exit code 2) can react without parsing messages. Messages name the problem, the offending
 * value and what to do about it.
 * @module
 */

/** Stable machine-readable error codes. */
export type ErrorCode = 'INVALID_INPUT' | 'INVALID_OPTION' | 'NOT_FITTED' | 'NUMERICAL' | 'TOO_LARGE' | 'PARSE';

/**
 * Base class of every error clusterkit throws on purpose.
 * @example
 * ```ts
 * try {
 *   new KMeans({ nClusters: 0 });
 * } catch (e) {
 *   if (e instanceof ClusterkitError) console.error(e.code, e.message); // INVALID_OPTION …
 * }
 * ```
 */
export class ClusterkitError extends Error {
  /** Stable code, e.g. `'INVALID_INPUT'`. */
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = 'ClusterkitError';
  }
}

/** Where a validation problem was found. */
export interface ValidationDetail {
  /** The option or argument name, e.g. `'nClusters'` or `'X'`. */
  param?: string;
  /** 0-based row of the data where the problem is. */
  row?: number;
  /** 0-based column of the data where the problem is. */
  col?: number;
}

/**
 * Bad data or a bad option value: NaN/Infinity, ragged or empty data, `nClusters > n`, an unknown option string…
 * `code` is `'INVALID_OPTION'` when `param` names an option, `'INVALID_INPUT'` otherwise.
 * @example
 * ```ts
 * try {
 *   new KMeans({ nClusters: 3 }).fit([[0, 0], [1, NaN]]);
 * } catch (e) {
 *   if (e instanceof ValidationError) console.error(e.param, e.row, e.col); // 'X' 1 1
 * }
 * ```
 */
export class ValidationError extends ClusterkitError {
  readonly param?: string;
  readonly row?: number;
  readonly col?: number;
  constructor(message: string, detail: ValidationDetail = {}, code: ErrorCode = 'INVALID_INPUT') {
    super(message, code);
    this.name = 'ValidationError';
    this.param = detail.param;
    this.row = detail.row;
    this.col = detail.col;
  }
}

/**
 * A fitted attribute or method was used before `fit`.
 * @example
 * ```ts
 * const km = new KMeans({ nClusters: 3 });
 * km.labels; // throws NotFittedError: call fit(X) first
 * ```
 */
export class NotFittedError extends ClusterkitError {
  constructor(estimator: string, member: string) {
    super(`This ${estimator} instance is not fitted yet; call fit(X) before using '${member}'.`, 'NOT_FITTED');
    this.name = 'NotFittedError';
  }
}

/**
 * A computation broke down numerically (e.g. a covariance that is not positive definite even with regCovar).
 * @example
 * ```ts
 * try {
 *   new GaussianMixture({ nComponents: 2, regCovar: 0 }).fit(X);
 * } catch (e) {
 *   if (e instanceof NumericalError) console.error(e.message); // names the fix, e.g. a larger regCovar
 * }
 * ```
 */
export class NumericalError extends ClusterkitError {
  constructor(message: string) {
    super(message, 'NUMERICAL');
    this.name = 'NumericalError';
  }
}

/**
 * A request needs more memory than the budget allows (e.g. an n² distance matrix); carries the byte count.
 * @example
 * ```ts
 * try {
 *   pdist(X, 'euclidean', 1 << 20); // a 1 MiB budget
 * } catch (e) {
 *   if (e instanceof CapacityError) console.error(`needs ${e.bytes} bytes, budget ${e.budget}`);
 * }
 * ```
 */
export class CapacityError extends ClusterkitError {
  /** Bytes the operation would need. */
  readonly bytes: number;
  /** The budget in bytes that was exceeded. */
  readonly budget: number;
  constructor(message: string, bytes: number, budget: number) {
    super(message, 'TOO_LARGE');
    this.name = 'CapacityError';
    this.bytes = bytes;
    this.budget = budget;
  }
}

/**
 * Text input that cannot be read as numbers; `line` and `column` are 1-based as an editor shows them.
 * @example
 * ```ts
 * try {
 *   await parseInput(new TextEncoder().encode('[[1, 2],\n [3, 4'), 'json');
 * } catch (e) {
 *   if (e instanceof ParseError) console.error(e.line, e.column); // 2 7: expected ',' or ']'
 * }
 * ```
 */
export class ParseError extends ClusterkitError {
  readonly line?: number;
  readonly column?: number;
  constructor(message: string, line?: number, column?: number) {
    super(message, 'PARSE');
    this.name = 'ParseError';
    this.line = line;
    this.column = column;
  }
}

/** A caveat on a result that is still usable (not converged, fewer distinct clusters than asked, ...). */
export interface ModelWarning {
  /** Stable code, e.g. `'CONVERGENCE'` or `'DUPLICATE_POINTS'`. */
  code: 'CONVERGENCE' | 'DUPLICATE_POINTS' | 'EMPTY_CLUSTER' | 'DEGENERATE' | 'APPROXIMATION' | 'RANGE_EDGE';
  message: string;
}

/** Formats a byte count for messages (`1.5 GiB`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
