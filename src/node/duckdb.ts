/**
 * The embedded DuckDB engine (`@duckdb/node-api`): files (Parquet, CSV, JSON) and tables larger than memory, scanned
 * on DuckDB's own threads; clusterkit sends one statement per pass and reads back only aggregates.
 * @module
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import { ValidationError } from '../core/errors.js';
import {
  makeSource,
  type SqlColumn,
  type SqlEngine,
  type SqlSource,
  type SqlSourceOptions,
} from '../engine/sql/engine.js';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

/**
 * Opens an embedded DuckDB database — in memory by default, or the database file at `path` — as a clusterkit SQL
 * engine: `engine.source(tableOrQuery, { columns })` is a data source for `fitSource` / `predictSource`.
 * @remarks Queries may read files directly (`SELECT * FROM 'points.parquet'`, `read_csv('points.csv')`), larger than
 * memory. Each pass is one statement returning per-cluster aggregates (src/engine/sql/passSql.ts).
 * @param path - a DuckDB database file (created when missing); default an in-memory database
 * @returns the engine; call `close()` when done
 * @throws `ValidationError` when the database cannot be opened
 * @example
 * const db = await openDuckDB();
 * const km = await new KMeans({ nClusters: 8 }).fitSource(db.source("SELECT * FROM 'points.parquet'"));
 * await db.close();
 */
export async function openDuckDB(path?: string): Promise<SqlEngine> {
  // Loaded on first use: the native engine costs ~40 MB of resident memory, which no other import of
  // clusterkit/node should pay.
  const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  try {
    instance = await Instance.create(path ?? ':memory:');
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ValidationError(`cannot open DuckDB database "${path}": ${msg}; check the path.`, { param: 'path' });
  }
  const con = await instance.connect();
  const engine: SqlEngine = {
    dialect: 'duckdb',
    onStatement: null,
    async query(sql: string): Promise<unknown[][]> {
      const reader = await con.runAndReadAll(sql);
      return reader.getRows() as unknown[][];
    },
    async execute(sql: string): Promise<void> {
      await con.run(sql);
    },
    async describe(relation: string): Promise<SqlColumn[]> {
      const reader = await con.runAndReadAll(`SELECT * FROM ${relation} AS s LIMIT 0`);
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => String(t));
      return names.map((name, i) => ({ name, type: types[i], numeric: NUMERIC.test(types[i]) }));
    },
    source(tableOrQuery: string, options?: SqlSourceOptions): SqlSource {
      return makeSource(engine, tableOrQuery, options);
    },
    async close(): Promise<void> {
      con.closeSync();
      instance.closeSync();
    },
  };
  return engine;
}
