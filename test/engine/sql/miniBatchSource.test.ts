import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../../src/engine/sql/engine.js';
import { MiniBatchKMeans } from '../../../src/kmeans/MiniBatchKMeans.js';
import { openDuckDB } from '../../../src/node/duckdb.js';
import { connectPostgres } from '../../../src/node/postgres.js';
import { usePostgres } from '../../helpers/postgres.js';
import { loadRows, xCols } from '../../helpers/sqlData.js';

// The data sets of the k-means fixtures (scikit-learn's iris, blobs) and their best-of-many k-means inertia.
const load = (
  name: string,
): { data: number[][]; k: number; bestOfManyInertia: number; cases: { input: { init: number[][] } }[] } =>
  JSON.parse(readFileSync(new URL(`../../fixtures/kmeans/kmeans_${name}.json`, import.meta.url), 'utf8'));

const pg = usePostgres();
const ENGINES: [string, () => Promise<SqlEngine>][] = [
  ['DuckDB', () => openDuckDB()],
  ['PostgreSQL', () => connectPostgres(pg.server.url)],
];

for (const [engineName, open] of ENGINES) {
  describe(`MiniBatchKMeans.fitSource on ${engineName}`, () => {
    let engine: SqlEngine;
    beforeAll(async () => {
      engine = await open();
      for (const name of ['iris', 'blobs']) await loadRows(engine, `pts_${name}`, load(name).data);
    });
    afterAll(async () => {
      await engine.close();
    });

    it('iris: with batchSize ≥ n every step is the whole table, equal to partialFit on X repeated (1e-9), labels too', async () => {
      const fx = load('iris');
      const n = fx.data.length;
      const opts = { nClusters: fx.k, init: fx.cases[0].input.init, batchSize: n, reassignmentRatio: 0, seed: 3 };
      const src = engine.source('pts_iris', { columns: xCols(4) });
      const mb = await new MiniBatchKMeans(opts).fitSource(src, { maxSteps: 7 });
      const mem = new MiniBatchKMeans({ ...opts, computeLabels: false });
      for (let s = 0; s < 7; s++) mem.partialFit(fx.data);
      for (let t = 0; t < fx.k * 4; t++) {
        const a = mb.clusterCenters.data[t];
        const b = mem.clusterCenters.data[t];
        expect(Math.abs(a - b) / Math.max(1, Math.abs(b))).toBeLessThan(1e-9);
      }
      const labels = mem.predict(fx.data);
      let inertia = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 4; j++) {
          const t = fx.data[i][j] - mem.clusterCenters.data[labels[i] * 4 + j];
          inertia += t * t;
        }
      }
      expect(Math.abs(mb.inertia - inertia) / inertia).toBeLessThan(1e-9);
      expect(mb.backend).toBe(`sql:${engine.dialect}`);
      await mb.predictSource(src, { into: 'mb_iris' });
      const rows = await engine.query('SELECT label FROM mb_iris ORDER BY id');
      expect(rows.map((r) => Number(r[0]))).toEqual(Array.from(labels));
    });

    it('blobs: seeded engine samples — the same seed gives the same centres; the runs land in the in-memory fit’s band', async () => {
      const fx = load('blobs');
      const src = engine.source('pts_blobs', { columns: xCols(fx.data[0].length) });
      const fitOnce = (seed: number) =>
        new MiniBatchKMeans({ nClusters: fx.k, batchSize: 32, seed }).fitSource(src, {
          maxSteps: 200,
          chunkBatches: 4,
        });
      const a = await fitOnce(11);
      const b = await fitOnce(11);
      expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
      expect(a.nSteps).toBe(200);
      // The in-memory fit with batchSize 32 ends within 15 % of the best inertia on seeds 1, 2, 11 (two local
      // optima, 3990 and ~4500 against 3979); the source fit must do as well, and reach the best on one seed.
      const inertias = [a.inertia, (await fitOnce(1)).inertia, (await fitOnce(2)).inertia];
      for (const v of inertias) expect(v).toBeLessThanOrEqual(fx.bestOfManyInertia * 1.15);
      expect(Math.min(...inertias)).toBeLessThanOrEqual(fx.bestOfManyInertia * 1.01);
    });
  });
}
