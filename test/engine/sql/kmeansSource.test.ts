import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import type { SqlEngine } from '../../../src/engine/sql/engine.js';
import { LISTED_CENTERS, listsKeys } from '../../../src/engine/sql/passSql.js';
import { KMeans } from '../../../src/kmeans/KMeans.js';
import { SphericalKMeans } from '../../../src/kmeans/SphericalKMeans.js';
import { calinskiHarabaszScore } from '../../../src/metrics/internal/calinskiHarabasz.js';
import { daviesBouldinScore } from '../../../src/metrics/internal/daviesBouldin.js';
import { calinskiHarabaszScoreSource, daviesBouldinScoreSource } from '../../../src/metrics/internal/sourceScores.js';
import { openDuckDB } from '../../../src/node/duckdb.js';
import { connectPostgres } from '../../../src/node/postgres.js';
import { usePostgres } from '../../helpers/postgres.js';
import { loadRows, xCols } from '../../helpers/sqlData.js';

interface Case {
  params: { name: string; tol: number; maxIter: number };
  input: { init: number[][]; sampleWeight: number[] | null };
  expected: { labels: number[]; centers: number[][]; inertia: number; nIter: number };
}
interface Fixture {
  data: number[][];
  k: number;
  cases: Case[];
  bestOfManyInertia: number;
}
const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../../fixtures/kmeans/kmeans_${name}.json`, import.meta.url), 'utf8'));
const DATASETS = ['iris', 'wine_std', 'blobs'] as const;

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

async function labelsOf(engine: SqlEngine, table: string): Promise<number[]> {
  const rows = await engine.query(`SELECT label FROM ${table} ORDER BY id`);
  return rows.map((r) => Number(r[0]));
}

const pg = usePostgres();
const ENGINES: [string, () => Promise<SqlEngine>][] = [
  ['DuckDB', () => openDuckDB()],
  ['PostgreSQL', () => connectPostgres(pg.server.url)],
];

for (const [engineName, open] of ENGINES) {
  describe(`KMeans.fitSource on ${engineName}`, () => {
    let engine: SqlEngine;
    beforeAll(async () => {
      engine = await open();
      for (const name of DATASETS) await loadRows(engine, `pts_${name}`, load(name).data);
    });
    afterAll(async () => {
      await engine.close();
    });

    for (const name of DATASETS) {
      const fx = load(name);
      for (const cs of fx.cases.filter((c) => c.input.sampleWeight === null)) {
        it(`${name} / ${cs.params.name}: from the same initial centres equals the in-memory fit and scikit-learn (1e-9)`, async () => {
          const opts = { nClusters: fx.k, init: cs.input.init, tol: cs.params.tol, maxIter: cs.params.maxIter };
          const mem = new KMeans({ ...opts, algorithm: 'lloyd' }).fit(fx.data);
          const km = await new KMeans(opts).fitSource(
            engine.source(`pts_${name}`, { columns: xCols(fx.data[0].length) }),
          );
          expect(km.nIter).toBe(mem.nIter);
          expect(km.nIter).toBe(cs.expected.nIter);
          expect(km.converged).toBe(mem.converged);
          expect(rel(km.inertia, mem.inertia)).toBeLessThan(1e-9);
          expect(rel(km.inertia, cs.expected.inertia)).toBeLessThan(1e-9);
          const d = fx.data[0].length;
          for (let t = 0; t < fx.k * d; t++) {
            const scale = Math.max(1, Math.abs(mem.clusterCenters.data[t]));
            expect(Math.abs(km.clusterCenters.data[t] - mem.clusterCenters.data[t]) / scale).toBeLessThan(1e-9);
          }
          expect(km.backend).toBe(`sql:${engine.dialect}`);
          const into = `labels_${name}_${cs.params.name}`;
          const written = await km.predictSource(engine.source(`pts_${name}`, { columns: xCols(d) }), { into });
          expect(written).toBe(fx.data.length);
          expect(await labelsOf(engine, into)).toEqual(Array.from(mem.labels));
          expect(await labelsOf(engine, into)).toEqual(cs.expected.labels);
        });
      }
      it(`${name}: k-means|| computed in the engine is within 1 % of scikit-learn's best k-means++ inertia`, async () => {
        const km = await new KMeans({ nClusters: fx.k, seed: 3, nInit: 3 }).fitSource(
          engine.source(`pts_${name}`, { columns: xCols(fx.data[0].length) }),
          { init: 'k-means||' },
        );
        expect(km.inertia).toBeLessThanOrEqual(fx.bestOfManyInertia * 1.01);
      });
      it(`${name}: k-means++ on a seeded engine sample is reproducible from the seed`, async () => {
        const src = engine.source(`pts_${name}`, { columns: xCols(fx.data[0].length) });
        const a = await new KMeans({ nClusters: fx.k, seed: 7 }).fitSource(src, { sampleSize: 100 });
        const b = await new KMeans({ nClusters: fx.k, seed: 7 }).fitSource(src, { sampleSize: 100 });
        expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
        expect(a.inertia).toBeLessThanOrEqual(fx.bestOfManyInertia * 1.2);
      });
    }

    for (const name of DATASETS) {
      const fx = load(name);
      const d = fx.data[0].length;
      const init = Array.from({ length: fx.k }, (_, c) => fx.data[c * 23 + 1]);
      for (const [label, tol, maxIter] of [
        ['default tol', 1e-6, 300],
        ['tol 0, 3 iterations', 0, 3],
      ] as const) {
        it(`SphericalKMeans.fitSource ${name} / ${label}: equals the in-memory fit from the same centres, labels too`, async () => {
          const opts = { nClusters: fx.k, init, tol, maxIter };
          const mem = new SphericalKMeans(opts).fit(fx.data);
          const src = engine.source(`pts_${name}`, { columns: xCols(d) });
          const sk = await new SphericalKMeans(opts).fitSource(src);
          expect(sk.nIter).toBe(mem.nIter);
          expect(rel(sk.inertia, mem.inertia)).toBeLessThan(1e-9);
          for (let t = 0; t < fx.k * d; t++) {
            expect(Math.abs(sk.clusterCenters.data[t] - mem.clusterCenters.data[t])).toBeLessThan(1e-9);
          }
          const into = `sph_${name}_${maxIter}`;
          await sk.predictSource(src, { into });
          expect(await labelsOf(engine, into)).toEqual(Array.from(mem.labels));
        });
      }
    }

    // DuckDB lists the k distances up to 16 centres, and up to LISTED_CENTERS on ≥ 1000·k rows; else a lambda.
    for (const [k, copies, step, form] of [
      [24, 1, 25, 'lambda'],
      [24, 40, 25, 'listed'],
      [LISTED_CENTERS + 6, 1, 8, 'lambda'],
    ] as const) {
      it(`blobs ×${copies}, k = ${k} (DuckDB: the ${form} pass): equals the in-memory Lloyd from the same centres, labels too`, async () => {
        const blobs = load('blobs').data;
        const rows = Array.from({ length: copies }, () => blobs).flat();
        const table = copies === 1 ? 'pts_blobs' : `pts_blobs_x${copies}`;
        if (copies > 1) {
          // id = copy·600 + row, so that the labels come back in the in-memory rows' order.
          await engine.execute(
            `CREATE TABLE ${table} AS SELECT r.i * ${blobs.length} + p.id AS id, p.x0, p.x1, p.x2 FROM pts_blobs AS p, generate_series(0, ${copies - 1}) AS r(i)`,
          );
        }
        expect(listsKeys(k, rows.length)).toBe(form === 'listed');
        const init = Array.from({ length: k }, (_, c) => blobs[c * step + 2]);
        const opts = { nClusters: k, init, tol: 0, maxIter: 15 };
        const mem = new KMeans({ ...opts, algorithm: 'lloyd' }).fit(rows);
        const src = engine.source(table, { columns: xCols(3) });
        const seen: string[] = [];
        engine.onStatement = (sql) => seen.push(sql);
        const km = await new KMeans(opts).fitSource(src);
        engine.onStatement = null;
        const duck = engine.dialect === 'duckdb';
        const passes = seen.filter((sql) => sql.includes('AS ds FROM'));
        expect(passes.length).toBe(duck ? km.nIter : 0);
        for (const sql of passes) {
          expect(sql.includes('list_transform')).toBe(form === 'lambda');
          expect(sql.includes('LEAST(')).toBe(false);
        }
        expect(km.nIter).toBe(mem.nIter);
        expect(rel(km.inertia, mem.inertia)).toBeLessThan(1e-9);
        for (let t = 0; t < k * 3; t++) {
          const scale = Math.max(1, Math.abs(mem.clusterCenters.data[t]));
          expect(Math.abs(km.clusterCenters.data[t] - mem.clusterCenters.data[t]) / scale).toBeLessThan(1e-9);
        }
        await km.predictSource(src, { into: `labels_k${k}_x${copies}` });
        expect(await labelsOf(engine, `labels_k${k}_x${copies}`)).toEqual(Array.from(mem.labels));
      });
    }

    it('a SELECT query is a source, and every iteration reports inertia and shift', async () => {
      const fx = load('iris');
      const seen: number[] = [];
      const km = await new KMeans({ nClusters: 3, init: fx.cases[0].input.init }).fitSource(
        engine.source('SELECT x0, x1, x2, x3 FROM pts_iris WHERE id >= 0'),
        { onIteration: (s) => seen.push(s.inertia) },
      );
      expect(seen.length).toBe(km.nIter);
      expect(rel(seen[seen.length - 1], km.inertia)).toBeLessThan(1e-6);
    });
  });
}

describe('KMeans.fitSource on DuckDB: bad input', () => {
  let engine: SqlEngine;
  beforeAll(async () => {
    engine = await openDuckDB();
    await loadRows(engine, 'ok', [
      [0, 0],
      [0, 1],
      [5, 5],
      [5, 6],
    ]);
    await loadRows(engine, 'holes', [
      [0, 0],
      [0, null],
      [5, 5],
      [5, 6],
      [null, 1],
    ]);
    await engine.execute('CREATE TABLE words (w VARCHAR, x0 DOUBLE)');
    await engine.execute("INSERT INTO words VALUES ('a', 1), ('b', 2)");
    await engine.execute('CREATE TABLE nothing (x0 DOUBLE, x1 DOUBLE)');
  });
  afterAll(async () => {
    await engine.close();
  });
  const fitTwo = (src: Parameters<KMeans['fitSource']>[0]) => new KMeans({ nClusters: 2, seed: 0 }).fitSource(src);

  it('a missing table is a ValidationError naming the source', async () => {
    await expect(fitTwo(engine.source('no_such_table'))).rejects.toThrow(/no_such_table/);
    await expect(fitTwo(engine.source('no_such_table'))).rejects.toBeInstanceOf(ValidationError);
  });
  it('a missing column is a ValidationError naming it and the columns there are', async () => {
    await expect(fitTwo(engine.source('ok', { columns: ['x0', 'nope'] }))).rejects.toThrow(/column "nope".*x0, x1/);
  });
  it('a non-numeric column is a ValidationError naming it and its type', async () => {
    await expect(fitTwo(engine.source('words', { columns: 'w,x0' }))).rejects.toThrow(/column "w".*VARCHAR/);
  });
  it('NULLs are a ValidationError naming the column, or dropped with dropMissing', async () => {
    await expect(fitTwo(engine.source('holes', { columns: 'x0,x1' }))).rejects.toThrow(
      /column "x0".*1 NULL.*dropMissing/,
    );
    const km = await fitTwo(engine.source('holes', { columns: 'x0,x1', dropMissing: true }));
    const centers = Array.from(km.clusterCenters.data).sort((a, b) => a - b);
    expect(centers).toEqual([0, 0, 5, 5.5]);
  });
  it('an empty table is a ValidationError', async () => {
    await expect(fitTwo(engine.source('nothing'))).rejects.toThrow(/no rows/);
  });
  it('a query that is not a SELECT is a ValidationError before it runs', async () => {
    expect(() => engine.source('DROP TABLE ok')).toThrow(ValidationError);
    expect(() => engine.source('DELETE FROM ok WHERE true')).toThrow(/must be a SELECT/);
    expect((await engine.query('SELECT COUNT(*) FROM ok'))[0][0]).toBe(4n);
  });
  it('nClusters above the number of rows is a ValidationError', async () => {
    await expect(new KMeans({ nClusters: 9 }).fitSource(engine.source('ok', { columns: 'x0,x1' }))).rejects.toThrow(
      /nClusters=9/,
    );
  });
  it('predictSource into an existing table is a ValidationError naming it', async () => {
    const km = await fitTwo(engine.source('ok', { columns: 'x0,x1' }));
    await expect(km.predictSource(engine.source('ok', { columns: 'x0,x1' }), { into: 'words' })).rejects.toThrow(
      /table "words"/,
    );
  });
});

describe('connectPostgres', () => {
  it('an unreachable server is a ValidationError naming the host and port', async () => {
    await expect(connectPostgres('postgres://postgres@127.0.0.1:1/none')).rejects.toThrow(
      /cannot connect to PostgreSQL at 127\.0\.0\.1:1\/none/,
    );
  });
});

describe('calinskiHarabaszScoreSource / daviesBouldinScoreSource', () => {
  for (const [engineName, open] of [
    ['DuckDB', () => openDuckDB()],
    ['PostgreSQL', () => connectPostgres(pg.server.url)],
  ] as const) {
    it(`on ${engineName}: equal the in-memory scores (1e-9) on every fixture set and its scikit-learn labels`, async () => {
      const engine = await open();
      try {
        for (const name of DATASETS) {
          const fx = load(name);
          const labels = fx.cases[0].expected.labels.map((l) => 3 * l - 1);
          const rows = fx.data.map((r, i) => [...r, labels[i]]);
          await loadRows(engine, `scored_${name}`, rows);
          const d = fx.data[0].length;
          const src = engine.source(`scored_${name}`, { columns: xCols(d) });
          const lab = `x${d}`;
          expect(rel(await calinskiHarabaszScoreSource(src, lab), calinskiHarabaszScore(fx.data, labels))).toBeLessThan(
            1e-9,
          );
          expect(rel(await daviesBouldinScoreSource(src, lab), daviesBouldinScore(fx.data, labels))).toBeLessThan(1e-9);
        }
        await expect(
          calinskiHarabaszScoreSource(engine.source('scored_iris', { columns: 'x0,x1' }), 'x0'),
        ).rejects.toThrow(/labels must be integers/);
        await expect(daviesBouldinScoreSource(engine.source('scored_iris', { columns: 'x0' }), 'nope')).rejects.toThrow(
          /label column "nope"/,
        );
      } finally {
        await engine.close();
      }
    });
  }
});
