/**
 * The PostgreSQL engine (`pg`): a table or query on a PostgreSQL 15 server — or on Citus / Greenplum, which run the
 * same statements on their shards (per-group SUM/COUNT over one scan, no CTE, built-in functions only).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import {
  makeSource,
  type SqlColumn,
  type SqlEngine,
  type SqlSource,
  type SqlSourceOptions,
} from '../engine/sql/engine.js';

/** Type OIDs of the numeric types: int2, int4, int8, float4, float8, numeric, oid. */
const NUMERIC_OIDS = new Set([20, 21, 23, 26, 700, 701, 1700]);

/**
 * Connects to a PostgreSQL server as a clusterkit SQL engine: `engine.source(tableOrQuery, { columns })` is a data
 * source for `fitSource` / `predictSource`.
 * @remarks One connection; each pass is one statement returning per-cluster aggregates (src/engine/sql/passSql.ts),
 * which PostgreSQL runs with a parallel scan and a distributed engine pushes to its shards.
 * @param url - a connection string, `postgres://user@host:port/database`
 * @returns the engine; call `close()` when done
 * @throws `ValidationError` when the server cannot be reached or refuses the connection (naming the host)
 * @example
 * const db = await connectPostgres('postgres://me@localhost/embeddings');
 * const km = await new KMeans({ nClusters: 16 }).fitSource(db.source('vectors', { columns: ['v0', 'v1'] }));
 * await db.close();
 */
export async function connectPostgres(url: string): Promise<SqlEngine> {
  // Loaded on first use (~15 MB resident), not by every import of clusterkit/node.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    let where = url;
    try {
      const u = new URL(url);
      where = `${u.hostname}:${u.port || '5432'}${u.pathname}`;
    } catch {}
    throw new ValidationError(
      `cannot connect to PostgreSQL at ${where} (${msg}); check --url and that the server is running.`,
      { param: 'url' },
    );
  }
  const engine: SqlEngine = {
    dialect: 'postgres',
    onStatement: null,
    async query(sql: string): Promise<unknown[][]> {
      const res = await client.query({ text: sql, rowMode: 'array' });
      return res.rows as unknown[][];
    },
    async execute(sql: string): Promise<void> {
      await client.query(sql);
    },
    async describe(relation: string): Promise<SqlColumn[]> {
      const res = await client.query({ text: `SELECT * FROM ${relation} AS s LIMIT 0`, rowMode: 'array' });
      return res.fields.map((f) => ({
        name: f.name,
        type: `oid ${f.dataTypeID}`,
        numeric: NUMERIC_OIDS.has(f.dataTypeID),
      }));
    },
    source(tableOrQuery: string, options?: SqlSourceOptions): SqlSource {
      return makeSource(engine, tableOrQuery, options);
    },
    async close(): Promise<void> {
      await client.end();
    },
  };
  return engine;
}
