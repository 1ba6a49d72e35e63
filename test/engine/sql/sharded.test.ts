// The sharded test: two PostgreSQL servers hold the shards, a coordinator's points table is partitioned into
// postgres_fdw foreign tables on them — the plan a distributed engine (Citus) makes. Each pass groups by (shard key,
// label): PostgreSQL 15 pushes an aggregate to a postgres_fdw partition only when the GROUP BY holds the partition
// key, and the coordinator adds the shards' rows.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../../src/engine/sql/engine.js';
import { KMeans } from '../../../src/kmeans/KMeans.js';
import { GaussianMixture } from '../../../src/mixture/GaussianMixture.js';
import { connectPostgres } from '../../../src/node/postgres.js';
import { type PgServer, startPostgres } from '../../helpers/postgres.js';
import { loadRows, xCols } from '../../helpers/sqlData.js';

interface Fixture {
  data: number[][];
  k: number;
  cases: { params: { name: string; tol: number; maxIter: number }; input: { init: number[][] } }[];
}
const fx: Fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/kmeans/kmeans_blobs.json', import.meta.url), 'utf8'),
);
const d = fx.data[0].length;
const shardOf = (i: number): number => 1 + (i % 2);

/** Largest relative difference (scale max(1, |b|)) between two vectors. */
const close = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let t = 0; t < b.length; t++) worst = Math.max(worst, Math.abs(a[t] - b[t]) / Math.max(1, Math.abs(b[t])));
  return worst;
};

describe('KMeans.fitSource on a table sharded over two PostgreSQL servers (postgres_fdw partitions)', () => {
  const servers: PgServer[] = [];
  let coordinator: PgServer;
  let engine: SqlEngine;
  beforeAll(async () => {
    const shards = [await startPostgres('shard'), await startPostgres('shard')];
    coordinator = await startPostgres('coord', {
      enable_partitionwise_aggregate: 'on',
      enable_partitionwise_join: 'on',
    });
    servers.push(...shards, coordinator);
    engine = await connectPostgres(coordinator.url);
    // Every row on the coordinator (the single-table reference) and each shard's rows on its server.
    await loadRows(engine, 'pts_all', fx.data, { column: 'shard', value: (i) => String(shardOf(i)) });
    for (const [s, server] of shards.entries()) {
      const e = await connectPostgres(server.url);
      const mine = fx.data.map((row, i) => (shardOf(i) === s + 1 ? row : null));
      const rows = mine.filter((r): r is number[] => r !== null);
      const ids = mine.flatMap((r, i) => (r === null ? [] : [i]));
      await loadRows(e, `pts${s + 1}`, rows, { column: 'shard', value: () => String(s + 1) });
      // keep the global row id so that labels can be compared row by row
      await e.execute(`UPDATE pts${s + 1} SET id = CAST((ARRAY[${ids.join(',')}])[id + 1] AS INTEGER)`);
      await e.close();
    }
    await coordinator.exec('CREATE EXTENSION postgres_fdw');
    const cols = xCols(d)
      .map((c) => `${c} DOUBLE PRECISION`)
      .join(', ');
    await coordinator.exec(`CREATE TABLE pts (shard INTEGER, id INTEGER, ${cols}) PARTITION BY LIST (shard)`);
    for (const [s, server] of shards.entries()) {
      const name = `shard${s + 1}`;
      await coordinator.exec(
        `CREATE SERVER ${name} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '${server.port}', dbname 'shard', async_capable 'true', fetch_size '10000')`,
      );
      await coordinator.exec(`CREATE USER MAPPING FOR postgres SERVER ${name} OPTIONS (user 'postgres')`);
      await coordinator.exec(
        `CREATE FOREIGN TABLE pts${s + 1} PARTITION OF pts FOR VALUES IN (${s + 1}) SERVER ${name} OPTIONS (table_name 'pts${s + 1}')`,
      );
    }
  });
  afterAll(async () => {
    await engine?.close();
    for (const s of servers) s.stop();
  });

  for (const cs of fx.cases.filter((c) => c.params.name !== 'weighted')) {
    it(`blobs / ${cs.params.name}: the sharded fit equals the single-table fit`, async () => {
      const opts = { nClusters: fx.k, init: cs.input.init, tol: cs.params.tol, maxIter: cs.params.maxIter };
      const single = await new KMeans(opts).fitSource(engine.source('pts_all', { columns: xCols(d) }));
      const sharded = await new KMeans(opts).fitSource(engine.source('pts', { columns: xCols(d) }), {
        shardKey: 'shard',
      });
      expect(sharded.nIter).toBe(single.nIter);
      expect(Math.abs(sharded.inertia - single.inertia) / single.inertia).toBeLessThan(1e-9);
      for (let t = 0; t < fx.k * d; t++) {
        const want = single.clusterCenters.data[t];
        expect(Math.abs(sharded.clusterCenters.data[t] - want) / Math.max(1, Math.abs(want))).toBeLessThan(1e-9);
      }
      const into = `lab_${cs.params.name}`;
      await sharded.predictSource(engine.source('pts', { columns: xCols(d) }), { into });
      await single.predictSource(engine.source('pts_all', { columns: xCols(d) }), { into: `${into}_all` });
      const a = await engine.query(`SELECT label FROM ${into} ORDER BY id`);
      const b = await engine.query(`SELECT label FROM ${into}_all ORDER BY id`);
      expect(a).toEqual(b);
    });
  }

  it('EXPLAIN VERBOSE shows each pass as partial aggregates pushed to both shards (async foreign scans)', async () => {
    const statements: string[] = [];
    engine.onStatement = (sql) => statements.push(sql);
    await new KMeans({ nClusters: fx.k, init: fx.cases[0].input.init, maxIter: 2 }).fitSource(
      engine.source('pts', { columns: xCols(d) }),
      { shardKey: 'shard' },
    );
    engine.onStatement = null;
    const pass = statements.find((s) => s.includes('array_smaller') && s.includes('GROUP BY 1, 2'));
    expect(pass).toBeDefined();
    const plan = (await engine.query(`EXPLAIN VERBOSE ${pass}`)).map((r) => String(r[0])).join('\n');
    for (const shard of ['pts1', 'pts2']) {
      expect(plan).toMatch(new RegExp(`Async Foreign Scan[\\s\\S]*Relations: Aggregate on \\(public\\.${shard}`));
      expect(plan).toMatch(
        new RegExp(
          `Remote SQL: SELECT shard, .*array_smaller\\(.*count\\(\\*\\).*sum\\(.*FROM public\\.${shard} GROUP BY 1, 2`,
        ),
      );
    }
    expect(plan).not.toMatch(/Remote SQL: SELECT shard, id, x0/);
  });

  for (const type of ['diag', 'spherical'] as const) {
    it(`GaussianMixture ${type}: the sharded EM equals the in-memory EM from the same start (1e-9), labels too`, async () => {
      const k = fx.k;
      const opts = {
        nComponents: k,
        covarianceType: type,
        weightsInit: Array.from({ length: k }, () => 1 / k),
        meansInit: Array.from({ length: k }, (_, c) => fx.data[Math.floor((c * fx.data.length) / k) + 3]),
        precisionsInit:
          type === 'diag' ? Array.from({ length: k }, () => Array.from({ length: d }, () => 1)) : Array(k).fill(1),
      };
      const mem = new GaussianMixture(opts).fit(fx.data);
      const src = engine.source('pts', { columns: xCols(d) });
      const gm = await new GaussianMixture(opts).fitSource(src, { shardKey: 'shard' });
      expect(gm.nIter).toBe(mem.nIter);
      expect(gm.nIter).toBeGreaterThan(2);
      expect(gm.converged).toBe(mem.converged);
      expect(Math.abs(gm.lowerBound - mem.lowerBound) / Math.abs(mem.lowerBound)).toBeLessThan(1e-9);
      expect(close(gm.weights, mem.weights)).toBeLessThan(1e-9);
      expect(close(gm.means.data, mem.means.data)).toBeLessThan(1e-9);
      expect(close(gm.covariances, mem.covariances)).toBeLessThan(1e-9);
      const into = `gmm_${type}`;
      await gm.predictSource(src, { into });
      const rows = await engine.query(`SELECT label FROM ${into} ORDER BY id`);
      expect(rows.map((r) => Number(r[0]))).toEqual(Array.from(mem.predict(fx.data)));
    });
  }

  it('GaussianMixture from its k-means start: the sharded fit equals the single-table fit (1e-9)', async () => {
    const opts = { nComponents: fx.k, covarianceType: 'diag' as const, seed: 3 };
    const single = await new GaussianMixture(opts).fitSource(engine.source('pts_all', { columns: xCols(d) }));
    const sharded = await new GaussianMixture(opts).fitSource(engine.source('pts', { columns: xCols(d) }), {
      shardKey: 'shard',
    });
    expect(sharded.nIter).toBe(single.nIter);
    expect(Math.abs(sharded.lowerBound - single.lowerBound) / Math.abs(single.lowerBound)).toBeLessThan(1e-9);
    expect(close(sharded.means.data, single.means.data)).toBeLessThan(1e-9);
    expect(close(sharded.covariances, single.covariances)).toBeLessThan(1e-9);
  });

  it('EXPLAIN VERBOSE shows the EM step as an aggregate pushed to both shards (fdw_tuple_cost raised)', async () => {
    // postgres_fdw picks remote or local aggregation by cost: the step's expressions cost the same on either side,
    // so shipping a row must cost more than the planner's 1 % fuzz of evaluating the step on it.
    for (const name of ['shard1', 'shard2'])
      await coordinator.exec(`ALTER SERVER ${name} OPTIONS (ADD fdw_tuple_cost '10')`);
    const statements: string[] = [];
    engine.onStatement = (sql) => statements.push(sql);
    const k = fx.k;
    await new GaussianMixture({
      nComponents: k,
      covarianceType: 'spherical',
      weightsInit: Array.from({ length: k }, () => 1 / k),
      meansInit: fx.data.slice(0, k),
      precisionsInit: Array(k).fill(1),
      maxIter: 1,
    }).fitSource(engine.source('pts', { columns: xCols(d) }), { shardKey: 'shard' });
    engine.onStatement = null;
    const step = statements.find((s) => s.includes('EXP(') && s.includes('GROUP BY 1'));
    expect(step).toBeDefined();
    const plan = (await engine.query(`EXPLAIN VERBOSE ${step}`)).map((r) => String(r[0])).join('\n');
    for (const shard of ['pts1', 'pts2']) {
      expect(plan).toMatch(new RegExp(`Async Foreign Scan[\\s\\S]*Relations: Aggregate on \\(public\\.${shard}`));
      expect(plan).toMatch(new RegExp(`Remote SQL: SELECT shard, sum\\(.*exp\\(.*FROM public\\.${shard} GROUP BY 1`));
    }
    expect(plan).not.toMatch(/Remote SQL: SELECT shard, id, x0/);
  });
});
