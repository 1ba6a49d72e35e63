/**
 * The SQL engines' side of the pass interface: what an algorithm asks of a database (DuckDB, PostgreSQL, and the
 * distributed engines that speak their SQL) and the data source it reads. This file holds no driver: the drivers
 * live in src/node/ (`openDuckDB`, `connectPostgres`) and implement {@link SqlEngine}; the algorithms generate
 * dialect-neutral SQL (src/engine/sql/kmeansSql.ts) and read back only per-cluster aggregates.
 * @module
 */
import { ValidationError } from '../../core/errors.js';

/** The SQL dialects the generated statements are written for. */
export type SqlDialect = 'duckdb' | 'postgres';

/** One column of a relation as the engine describes it. */
export interface SqlColumn {
  /** The column's name. */
  name: string;
  /** The engine's type name (e.g. `DOUBLE`, `float8`, `VARCHAR`). */
  type: string;
  /** Whether the type is numeric (integers, decimals, floating point). */
  numeric: boolean;
}

/**
 * A database connection on which clusterkit runs its passes (one SQL statement per pass; only aggregates come back).
 * Created by `openDuckDB` or `connectPostgres` (clusterkit/node).
 */
export interface SqlEngine {
  /** The dialect the generated statements use. */
  readonly dialect: SqlDialect;
  /**
   * Runs one statement and returns its rows, each an array of the selected values in order (numbers as JS
   * numbers: the generated statements cast counts to DOUBLE and labels to INTEGER).
   */
  query(sql: string): Promise<unknown[][]>;
  /** Runs one statement for its effect (CREATE TABLE … AS …). */
  execute(sql: string): Promise<void>;
  /** The columns of `relation` (a parenthesised query or a table name) without reading its rows. */
  describe(relation: string): Promise<SqlColumn[]>;
  /** Called with every generated statement before it runs (the CLI's `--verbose` prints them). */
  onStatement: ((sql: string) => void) | null;
  /**
   * A data source on this engine: a table (`name` or `schema.name`) or a SELECT query.
   * @throws {@link ValidationError} on a query that is not a SELECT (`WITH … SELECT`, `VALUES`)
   */
  source(tableOrQuery: string, options?: SqlSourceOptions): SqlSource;
  /** Closes the connection (and the embedded database). */
  close(): Promise<void>;
}

/** Options of {@link SqlEngine.source}. */
export interface SqlSourceOptions {
  /** Feature columns by name (array or comma-separated); default every numeric column. */
  columns?: string | readonly string[];
  /** Leave out rows with a NULL in a feature column (default: a NULL is an error naming the column). */
  dropMissing?: boolean;
}

/** A table or query on an engine, the input of `fitSource` / `predictSource`. */
export interface SqlSource {
  /** The engine that runs the passes. */
  readonly engine: SqlEngine;
  /** The relation as it goes after FROM: a quoted table name or `(query)`. */
  readonly relation: string;
  /** The requested feature columns (null: every numeric column). */
  readonly columns: readonly string[] | null;
  /** Whether rows with a NULL feature are left out. */
  readonly dropMissing: boolean;
  /** What the user passed (for messages). */
  readonly label: string;
}

/** Quotes an identifier (`"name"`, doubled inner quotes), the same in both dialects. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal (`'text'`, doubled inner quotes). */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A double as a typed SQL literal that both dialects parse to the same IEEE value: the shortest round-trip decimal
 * in a string cast to DOUBLE PRECISION (a bare `1.5` is DECIMAL in DuckDB, whose conversion of 17 digits can round).
 */
export function sqlDouble(x: number): string {
  if (!Number.isFinite(x))
    throw new ValidationError(`cannot send ${x} to SQL as a center value; the data must be finite.`);
  return `CAST('${Object.is(x, -0) ? '-0' : String(x)}' AS DOUBLE PRECISION)`;
}

const SELECT_START = /^\s*(\(\s*)*(select|with|values)\b/i;

/**
 * Builds a {@link SqlSource}: a query (anything with whitespace or a parenthesis) must be a SELECT (`SELECT`,
 * `WITH … SELECT`, `VALUES`); anything else is a table name, `schema.table` quoted part by part.
 * @throws {@link ValidationError} on an empty name or a statement that is not a SELECT
 */
export function makeSource(engine: SqlEngine, tableOrQuery: string, options: SqlSourceOptions = {}): SqlSource {
  const text = tableOrQuery.trim();
  if (text === '') throw new ValidationError('the source is empty; pass a table name or a SELECT query.');
  const isQuery = /[\s()]/.test(text);
  if (isQuery && !SELECT_START.test(text)) {
    throw new ValidationError(
      `the source query must be a SELECT (got "${text.slice(0, 40)}"); pass a table name or a SELECT … query.`,
      { param: 'query' },
    );
  }
  const relation = isQuery ? `(${text.replace(/;\s*$/, '')})` : text.split('.').map(quoteIdent).join('.');
  const cols = options.columns;
  const columns =
    cols === undefined
      ? null
      : (typeof cols === 'string' ? cols.split(',') : [...cols]).map((c) => c.trim()).filter((c) => c !== '');
  if (columns !== null && columns.length === 0) {
    throw new ValidationError('columns is empty; name at least one feature column.', { param: 'columns' });
  }
  return { engine, relation, columns, dropMissing: options.dropMissing ?? false, label: text };
}

/**
 * Turns an engine's failure into a typed error that names the source and the statement's problem (a missing table
 * or column, a bad query), for the CLI's one-line exit 2.
 */
export function engineError(source: SqlSource, e: unknown): ValidationError {
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return new ValidationError(`cannot read source "${source.label}": ${msg}; check the table, query and columns.`, {
    param: 'source',
  });
}

/**
 * Runs `CREATE TABLE into AS select` on the source's engine (predictSource's one statement); a failure (most often
 * an existing table) is a {@link ValidationError} naming the table.
 */
export async function createTableAs(source: SqlSource, into: string, select: string): Promise<void> {
  const sql = `CREATE TABLE ${into.split('.').map(quoteIdent).join('.')} AS ${select}`;
  source.engine.onStatement?.(sql);
  try {
    await source.engine.execute(sql);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ValidationError(`cannot write labels to table "${into}": ${msg}; choose a new table name.`, {
      param: 'into',
    });
  }
}
