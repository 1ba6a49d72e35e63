/**
 * A real PostgreSQL 15 server for the engine tests: `initdb` into a temporary folder (as the `postgres` user when
 * the tests run as root), started on 127.0.0.1 at a free port, one database created, stopped and deleted after the
 * run. Nothing is mocked and nothing is skipped: without Debian's `postgresql-15` binaries the tests fail with a
 * message that says how to install them (`.ci/run` installs them).
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** Where Debian's postgresql-15 puts its server binaries. */
export const PG_BIN = process.env.CLUSTERKIT_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A running test server. */
export interface PgServer {
  /** `postgres://postgres@127.0.0.1:PORT/DB` (trust authentication). */
  url: string;
  port: number;
  /** The data folder (deleted by {@link PgServer.stop}). */
  dir: string;
  /** Runs SQL with a short-lived client (setup statements, loading data). */
  exec(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as `postgres` when we are root (initdb and postgres refuse root), else as ourselves. */
function pgRun(bin: string, args: string[]): string {
  const exe = join(PG_BIN, bin);
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

/**
 * Starts a fresh PostgreSQL server and creates database `db`.
 * @param settings extra `-c name=value` server settings
 * @throws Error naming the missing package when the binaries are not installed
 */
export async function startPostgres(db = 'clusterkit', settings: Record<string, string> = {}): Promise<PgServer> {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (no ${join(PG_BIN, 'initdb')}): install it with ` +
        '`apt-get install postgresql-15 postgresql-contrib` (.ci/run does), or set CLUSTERKIT_PG_BIN to its bin folder.',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'clusterkit-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const opts = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-k ${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(' ');
  pgRun('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stop = (): void => {
    try {
      pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const exec = async (sql: string, params?: unknown[], url = `${base}/${db}`): Promise<pg.QueryResult> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(sql, params);
    } finally {
      await client.end();
    }
  };
  try {
    await exec(`CREATE DATABASE ${db}`, undefined, `${base}/postgres`);
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `${base}/${db}`, port, dir, exec: (sql, params) => exec(sql, params), stop };
}

/**
 * Starts a server before the file's tests and stops it after them; the returned object's `server` is set in
 * `beforeAll`.
 */
export function usePostgres(db = 'clusterkit', settings: Record<string, string> = {}): { server: PgServer } {
  const holder = {} as { server: PgServer };
  beforeAll(async () => {
    holder.server = await startPostgres(db, settings);
  });
  afterAll(() => {
    holder.server?.stop();
  });
  return holder;
}
