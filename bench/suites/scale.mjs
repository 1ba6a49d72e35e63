// k-means on data that do not fit in memory (issue 16): n × 16 points around 16 seeded blob centres, k = 16.
// The rows are made once inside DuckDB from a hash of (row, column) (Box–Muller on two hashed uniforms:
// deterministic whatever DuckDB's thread count) into bench/data/scale-n<n>-d16-k16.duckdb (git-ignored); the
// Parquet file, the CSV loaded into PostgreSQL and the in-memory sample are exported from that table, so every row
// sees the same numbers. The workload's data file holds only the k×d blob centres.
//
// Rows (each in a fresh process, so "peak RSS" is that of the Node process; engines' own processes — PostgreSQL's
// server and parallel workers — are not in it, DuckDB runs inside it):
//   clusterkit (duckdb)               KMeans.fitSource on the DuckDB table
//   hand-written DuckDB query         the same Lloyd pass written by hand as one statement per iteration: the floor
//                                     of what the engine can do (list of k distances, list_position(list_min)),
//                                     interleaved with clusterkit's pass statement on the same centres (ratio)
//   clusterkit (postgres, parallel)   KMeans.fitSource on a PostgreSQL 15 server (max_parallel_workers_per_gather
//                                     = 2) holding the same table; n ≤ 10^7, fewer passes (PG_ITER)
//   clusterkit (parquet stream)       MiniBatchKMeans.partialFit over the Parquet file's row groups (one epoch)
//   clusterkit (in memory)            KMeans.fit of the same n rows read into a Float64Array (n ≤ 10^7): the
//                                     reference line
// The quality cell is { inertiaPerRow, passes, msPerPass } with msPerPass the median time of one Lloyd pass (for
// the engines: from issuing the pass statement to issuing the next one, i.e. the pass plus the M-step here).
// Every fit starts from the same shrunk centres (first blob centre + 0.05 × (blob centre − first)) so that Lloyd does several passes; tol 0.
//
//   node bench/run.mjs scale --only=n1e7                 one size (10^7: ~1.3 GB per copy under bench/data/)
//   SCALE_N=20000 node bench/run.mjs scale               smoke run at a tiny n
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DATA, DIST, loadNodeLib } from '../common.mjs';

const D = 16;
const K = 16;
const MAX_ITER = Number(process.env.SCALE_ITER ?? 10);
const PG_ITER = Number(process.env.SCALE_PG_ITER ?? 3);
const sizes = process.env.SCALE_N ? [Number(process.env.SCALE_N)] : [1e7, 1e8];
/**
 * DuckDB's buffer pool lives in the Node process: capped so that its peak RSS stays bounded whatever n
 * (`SCALE_DUCKDB_MEMORY`, default 1GB; the 10^8 rows in the README ran with 768MB).
 */
const DUCKDB_MEMORY = `SET memory_limit = '${process.env.SCALE_DUCKDB_MEMORY ?? '1GB'}'`;
const X = Array.from({ length: D }, (_, j) => `x${j}`);

/** A uniform in (0, 1) from DuckDB's 64-bit hash of (row, column, stream). */
const uniform = (j, s) => `((CAST(hash(i, ${j}, ${s}) AS DOUBLE) + 0.5) / 18446744073709551616.0)`;

/** The statement creating `pts(x0 … x{d−1})`: row i around centre i mod k, standard deviation 1.5. */
function createSql(centers, n) {
  const cols = [];
  for (let j = 0; j < D; j++) {
    const c = Array.from({ length: K }, (_, t) => `${centers.data[t * D + j]}`).join(', ');
    const z = `SQRT(-2 * LN(${uniform(j, 0)})) * COS(2 * PI() * ${uniform(j, 1)})`;
    cols.push(`[${c}][CAST(i % ${K} AS INTEGER) + 1] + 1.5 * ${z} AS x${j}`);
  }
  return `CREATE TABLE pts AS SELECT ${cols.join(', ')} FROM range(${n}) AS t(i)`;
}

const base = (n) => join(DATA, `scale-n${n}-d${D}-k${K}`);

/** Makes `path` once: `make(tmp)` writes a temporary file that is renamed into place when complete. */
async function once(path, make) {
  if (existsSync(path)) return path;
  mkdirSync(DATA, { recursive: true });
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true, recursive: true });
  await make(tmp);
  renameSync(tmp, path);
  return path;
}

/** The DuckDB file holding the generated table. */
async function database(node, centers, n) {
  return once(`${base(n)}.duckdb`, async (tmp) => {
    const db = await node.openDuckDB(tmp);
    await db.execute(createSql(centers, n));
    await db.close();
  });
}

/** The table exported as Parquet (DOUBLE columns, row groups of 122 880 rows) or CSV (for PostgreSQL's COPY). */
async function exported(node, centers, n, format) {
  const db = await database(node, centers, n);
  return once(`${base(n)}.${format}`, async (tmp) => {
    const e = await node.openDuckDB(db);
    const opts = format === 'parquet' ? '(FORMAT parquet, ROW_GROUP_SIZE 122880)' : '(FORMAT csv, HEADER false)';
    await e.execute(`COPY pts TO '${tmp}' ${opts}`);
    await e.close();
  });
}

/** The start: every blob centre pulled to 5 % of its distance from the first (several Lloyd passes to converge). */
const start = (centers) =>
  Array.from({ length: K }, (_, c) =>
    Array.from({ length: D }, (_, j) => centers.data[j] + 0.05 * (centers.data[c * D + j] - centers.data[j])),
  );

/** Median of a list. */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * KMeans.fitSource with the time of each pass statement (from its issue to the next statement's issue or the end).
 * `isPass` picks the pass statements out of the engine's statement log.
 */
async function fitTimed(lib, engine, maxIter, centers, n, isPass) {
  const marks = [];
  engine.onStatement = (sql) => marks.push([performance.now(), isPass(sql)]);
  const km = await new lib.KMeans({ nClusters: K, init: start(centers), maxIter, tol: 0 }).fitSource(
    engine.source('pts', { columns: X }),
  );
  const end = performance.now();
  engine.onStatement = null;
  const passes = [];
  for (let s = 0; s < marks.length; s++) if (marks[s][1]) passes.push((marks[s + 1]?.[0] ?? end) - marks[s][0]);
  return { inertiaPerRow: km.inertia / n, passes: km.nIter, msPerPass: median(passes) };
}

/** The hand-written Lloyd pass: k squared distances in a list, the position of its minimum, sums per label. */
function handPass(c) {
  const dist = (t) => X.map((x, j) => `(${x} - ${c[t][j]}::DOUBLE) * (${x} - ${c[t][j]}::DOUBLE)`).join(' + ');
  const ds = `[${Array.from({ length: K }, (_, t) => dist(t)).join(', ')}]`;
  return (
    `SELECT list_position(ds, list_min(ds)) - 1 AS lab, COUNT(*), ${X.map((x) => `SUM(${x})`).join(', ')}, ` +
    `SUM(list_min(ds)) FROM (SELECT ${X.join(', ')}, ${ds} AS ds FROM pts) GROUP BY lab`
  );
}

/**
 * Hand-written passes from the same start (centres = sums / counts, an empty cluster keeps its centre) until no
 * centre moves, at most maxIter; each pass is followed (or, every other pass, preceded) by clusterkit's own pass
 * statement on the same centres (kmeansPass on the resolved source), so both are timed under the same machine load.
 * Returns the hand-written median and clusterkit's median per pass, and their ratio.
 */
async function handLloyd(node, centers, p) {
  const { resolveSource } = await import(pathToFileURL(join(DIST, 'engine', 'sql', 'passSql.js')).href);
  const { kmeansPass } = await import(pathToFileURL(join(DIST, 'kmeans', 'sourceKMeans.js')).href);
  const db = await node.openDuckDB(await database(node, centers, p.n));
  await db.execute(DUCKDB_MEMORY);
  try {
    const r = await resolveSource(db.source('pts', { columns: X }));
    const c = start(centers);
    const hand = [];
    const ours = [];
    let inertia = 0;
    const timeOurs = async () => {
      const centered = new Float64Array(K * D);
      for (let t = 0; t < K; t++) for (let j = 0; j < D; j++) centered[t * D + j] = c[t][j] - r.mean[j];
      const t0 = performance.now();
      await kmeansPass(r, centered, K);
      ours.push(performance.now() - t0);
    };
    for (let it = 0; it < MAX_ITER; it++) {
      if (it % 2 === 1) await timeOurs();
      const t0 = performance.now();
      const rows = await db.query(handPass(c));
      hand.push(performance.now() - t0);
      if (it % 2 === 0) await timeOurs();
      inertia = 0;
      let moved = false;
      for (const row of rows) {
        const lab = Number(row[0]);
        const cnt = Number(row[1]);
        for (let j = 0; j < D; j++) {
          const v = Number(row[2 + j]) / cnt;
          moved ||= v !== c[lab][j];
          c[lab][j] = v;
        }
        inertia += Number(row[2 + D]);
      }
      if (!moved) break;
    }
    const h = median(hand);
    const o = median(ours);
    return {
      inertiaPerRow: inertia / p.n,
      passes: hand.length,
      msPerPass: h,
      clusterkitMsPerPass: o,
      clusterkitOverHand: o / h,
    };
  } finally {
    await db.close();
  }
}

const PG_BIN = '/usr/lib/postgresql/15/bin';
/** Runs a PostgreSQL binary as `postgres` when we are root. */
function pgRun(bin, args) {
  const exe = join(PG_BIN, bin);
  const root = process.getuid?.() === 0;
  const r = spawnSync(root ? 'runuser' : exe, root ? ['-u', 'postgres', '--', exe, ...args] : args, {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr || r.stdout}`);
}
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let pgServer = null;
/**
 * A PostgreSQL 15 server on a data folder kept under bench/data (initdb and the COPY of the exported CSV once),
 * started for this process and stopped when it exits. Parallel scans on: 2 workers per gather (2 cores here).
 */
async function postgres(node, centers, n) {
  if (pgServer !== null) return pgServer;
  const csv = await exported(node, centers, n, 'csv');
  const dir = `${base(n)}.pg`;
  const fresh = !existsSync(dir);
  if (fresh) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.getuid?.() === 0) {
      const id = (f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, id('-u'), id('-g'));
    }
    pgRun('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '--locale=C']);
  }
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-k ${dir}`,
    '-c fsync=off',
    '-c shared_buffers=2GB',
    '-c max_parallel_workers_per_gather=2',
    '-c work_mem=64MB',
  ];
  pgRun('pg_ctl', ['-D', join(dir, 'data'), '-o', settings.join(' '), '-l', join(dir, 'log'), '-w', 'start']);
  process.on('exit', () => pgRun('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  if (fresh) {
    const e = await node.connectPostgres(url);
    await e.execute(`CREATE TABLE pts (${X.map((x) => `${x} DOUBLE PRECISION`).join(', ')})`);
    await e.execute(`COPY pts FROM '${csv}' (FORMAT csv)`);
    await e.execute('VACUUM ANALYZE pts');
    await e.close();
  }
  pgServer = url;
  return url;
}

let inMemory = null;
/** The n rows as one n×d Float64Array, read from the Parquet file row group by row group (once per process). */
async function matrix(node, centers, n) {
  if (inMemory !== null) return inMemory;
  const path = await exported(node, centers, n, 'parquet');
  const data = new Float64Array(n * D);
  await node.streamDataChunks(path, { chunkRows: 122880 }, (chunk, first) => data.set(chunk.data, first * D));
  inMemory = { rows: n, cols: D, data };
  return inMemory;
}

export const workloads = sizes.map((n) => ({
  id: `scale-kmeans-n${n.toExponential().replace('+', '')}-d${D}-k${K}`,
  title: `k-means on n=${n.toLocaleString('en')} d=${D} k=${K} (a DuckDB table made in the engine, exported to Parquet and PostgreSQL): same start (first blob centre + 0.05 × (blob centre − first)), ≤ ${MAX_ITER} Lloyd passes (PostgreSQL ${PG_ITER}), tol 0; quality = inertia per row, passes, median ms per pass`,
  data: {
    name: `scale-centers-d${D}-k${K}`,
    make: (lib) => lib.makeBlobs({ nSamples: K, nFeatures: D, centers: K, seed: 20261207 }).centers,
  },
  params: { n },
  quality: 'inertia per row, passes, ms per pass',
  repeat: n >= 1e7 ? 1 : 3,
  js: {
    'clusterkit (duckdb)': async (centers, p, lib) => {
      const node = await loadNodeLib();
      const db = await node.openDuckDB(await database(node, centers, p.n));
      await db.execute(DUCKDB_MEMORY);
      try {
        return await fitTimed(lib, db, MAX_ITER, centers, p.n, (s) => s.startsWith('SELECT CAST(list_position'));
      } finally {
        await db.close();
      }
    },
    'hand-written DuckDB query': async (centers, p) => handLloyd(await loadNodeLib(), centers, p),
    ...(n <= 1e7
      ? {
          'clusterkit (postgres, parallel scan)': async (centers, p, lib) => {
            const node = await loadNodeLib();
            const pg = await node.connectPostgres(await postgres(node, centers, p.n));
            try {
              return await fitTimed(lib, pg, PG_ITER, centers, p.n, (s) => /array_smaller[\s\S]*GROUP BY 1/.test(s));
            } finally {
              await pg.close();
            }
          },
        }
      : {}),
    'clusterkit (parquet stream, mini-batch, 1 epoch)': async (centers, p, lib) => {
      const node = await loadNodeLib();
      const path = await exported(node, centers, p.n, 'parquet');
      const mb = new lib.MiniBatchKMeans({ nClusters: K, init: start(centers), batchSize: 4096, seed: 0 });
      const t0 = performance.now();
      await node.streamDataChunks(path, { chunkRows: 4096 }, (chunk) => mb.partialFit(chunk));
      return { passes: 1, msPerPass: performance.now() - t0 };
    },
    ...(n <= 1e7
      ? {
          'clusterkit (in memory)': async (centers, p, lib) => {
            const node = await loadNodeLib();
            const Xm = await matrix(node, centers, p.n);
            const t0 = performance.now();
            const km = new lib.KMeans({ nClusters: K, init: start(centers), maxIter: MAX_ITER, tol: 0 }).fit(Xm);
            const ms = performance.now() - t0;
            return { inertiaPerRow: km.inertia / p.n, passes: km.nIter, msPerPass: ms / km.nIter };
          },
        }
      : {}),
  },
  python: [],
}));
