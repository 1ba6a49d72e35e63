// k-means on data that do not fit in memory: KMeans.fitSource on an embedded DuckDB table generated on the fly
// (n rows around k seeded blob centres, n up to 10^8 = 800·d MB of doubles), one SQL statement per Lloyd pass.
// The workload's data file holds only the k×d blob centres; the rows are made in the engine from a hash of
// (row, column) (Box–Muller on two hashed uniforms: deterministic whatever DuckDB's thread count), written once
// to bench/data/scale-n<n>-d<d>-k<k>.duckdb (git-ignored) during the warm-up run, then every timed run fits on it.
// The quality figure is the inertia per row (equal for the fixed-start rows: the proof of equal work). No anchor: scikit-learn and the in-memory fit cannot hold
// 10^8 rows on a 2-core bench box; the "in memory" row (n ≤ 10^6) reads the same table into a Matrix first.
//
//   npm run bench -- scale                          all sizes (10^6, 10^7, 10^8: needs a quiet machine, ~10 GB disk)
//   npm run bench -- scale --only=n1e6              one size
//   SCALE_N=2000 npm run bench -- scale             smoke run at a tiny n (what CI-like checks use)
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, loadNodeLib } from '../common.mjs';

const D = 8;
const K = 16;
const MAX_ITER = 20;
const sizes = process.env.SCALE_N ? [Number(process.env.SCALE_N)] : [1e6, 1e7, 1e8];

/** A uniform in (0, 1) from DuckDB's 64-bit hash of (row, column, stream). */
const uniform = (j, s) => `((CAST(hash(i, ${j}, ${s}) AS DOUBLE) + 0.5) / 18446744073709551616.0)`;

/** The statement creating `pts(x0 … x{d−1})`: row i around centre i mod k, standard deviation 1.5. */
function createSql(centers, n, d, k) {
  const cols = [];
  for (let j = 0; j < d; j++) {
    const c = Array.from({ length: k }, (_, t) => `${centers.data[t * d + j]}`).join(', ');
    const z = `SQRT(-2 * LN(${uniform(j, 0)})) * COS(2 * PI() * ${uniform(j, 1)})`;
    cols.push(`[${c}][CAST(i % ${k} AS INTEGER) + 1] + 1.5 * ${z} AS x${j}`);
  }
  return `CREATE TABLE pts AS SELECT ${cols.join(', ')} FROM range(${n}) AS t(i)`;
}

/** The DuckDB file holding the generated table (made once, renamed into place when complete). */
async function database(node, centers, n) {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `scale-n${n}-d${D}-k${K}.duckdb`);
  if (!existsSync(path)) {
    const tmp = `${path}.tmp`;
    rmSync(tmp, { force: true });
    const db = await node.openDuckDB(tmp);
    await db.execute(createSql(centers, n, D, K));
    await db.close();
    renameSync(tmp, path);
  }
  return path;
}

/** The blob centres as k×d rows. */
const rowsOf = (m) =>
  Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

/** The fixed start (the blob centres, so every row does the same passes), ≤ maxIter Lloyd passes, tol 0. */
const options = (centers, p) => ({ nClusters: p.k, init: rowsOf(centers), maxIter: p.maxIter, tol: 0, seed: 0 });

/** KMeans.fitSource on the generated table; `init` overrides the fixed start (k-means|| in the engine). */
async function fitDuckDB(centers, p, lib, init) {
  const node = await loadNodeLib();
  const db = await node.openDuckDB(await database(node, centers, p.n));
  try {
    const est = new lib.KMeans(init ? { ...options(centers, p), init: 'k-means++', nInit: 1 } : options(centers, p));
    const km = await est.fitSource(db.source('pts'), init ? { init } : {});
    return km.inertia / p.n;
  } finally {
    await db.close();
  }
}

export const workloads = sizes.map((n) => ({
  id: `scale-kmeans-n${n.toExponential().replace('+', '')}-d${D}-k${K}`,
  title: `k-means on a DuckDB table of n=${n.toLocaleString('en')} d=${D} k=${K} made in the engine: from the blob centres (and from k-means||, seed 0), ≤ ${MAX_ITER} Lloyd passes, tol 0`,
  data: {
    name: `scale-centers-d${D}-k${K}`,
    make: (lib) => lib.makeBlobs({ nSamples: K, nFeatures: D, centers: K, seed: 20261207 }).centers,
  },
  params: { n, k: K, maxIter: MAX_ITER },
  quality: 'inertia per row',
  repeat: n >= 1e8 ? 1 : 3,
  js: {
    'clusterkit (duckdb)': (centers, p, lib) => fitDuckDB(centers, p, lib, null),
    'clusterkit (duckdb, k-means||)': (centers, p, lib) => fitDuckDB(centers, p, lib, 'k-means||'),
    ...(n <= 1e6
      ? {
          'clusterkit (in memory)': async (centers, p, lib) => {
            const node = await loadNodeLib();
            const db = await node.openDuckDB(await database(node, centers, p.n));
            const rows = await db.query('SELECT * FROM pts');
            await db.close();
            const km = new lib.KMeans(options(centers, p)).fit(rows.map((r) => r.map(Number)));
            return km.inertia / p.n;
          },
        }
      : {}),
  },
  python: [],
}));
