import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import type { SqlEngine } from '../../../src/engine/sql/engine.js';
import { clusterMicroClusters, microClusterLinkage } from '../../../src/hierarchy/microClusters.js';
import { microClusterLinkageSource } from '../../../src/hierarchy/microClustersSource.js';
import { adjustedRandScore } from '../../../src/metrics/external/pairCounting.js';
import { openDuckDB } from '../../../src/node/duckdb.js';
import { connectPostgres } from '../../../src/node/postgres.js';
import { usePostgres } from '../../helpers/postgres.js';
import { loadRows, xCols } from '../../helpers/sqlData.js';

// scikit-learn's k-means fixture on six blobs (its labels are the reference partition).
const fx: { data: number[][]; k: number; cases: { expected: { labels: number[] } }[] } = JSON.parse(
  readFileSync(new URL('../../fixtures/kmeans/kmeans_blobs.json', import.meta.url), 'utf8'),
);
const d = fx.data[0].length;

/** Index of the nearest centre (lowest on ties), in memory. */
function nearest(x: number[], centers: Float64Array, m: number): number {
  let best = 0;
  let bestSq = Number.POSITIVE_INFINITY;
  for (let c = 0; c < m; c++) {
    let sq = 0;
    for (let j = 0; j < d; j++) sq += (x[j] - centers[c * d + j]) ** 2;
    if (sq < bestSq) {
      bestSq = sq;
      best = c;
    }
  }
  return best;
}

const pg = usePostgres();
const ENGINES: [string, () => Promise<SqlEngine>][] = [
  ['DuckDB', () => openDuckDB()],
  ['PostgreSQL', () => connectPostgres(pg.server.url)],
];

for (const [engineName, open] of ENGINES) {
  describe(`microClusterLinkageSource on ${engineName}`, () => {
    let engine: SqlEngine;
    beforeAll(async () => {
      engine = await open();
      await loadRows(engine, 'pts', fx.data);
    });
    afterAll(async () => {
      await engine.close();
    });

    it('engine micro-clusters → weighted Ward: sizes and the labels table match the centres in memory; the partition is as good as in memory', async () => {
      const src = engine.source('pts', { columns: xCols(d) });
      const r = await microClusterLinkageSource(src, { nMicroClusters: 30, nClusters: fx.k, seed: 1, into: 'hc' });
      const m = r.centers.rows;
      const counts = new Float64Array(m);
      const expected = fx.data.map((x) => {
        const c = nearest(x, r.centers.data, m);
        counts[c]++;
        return (r.centerLabels as Int32Array)[c];
      });
      expect(Array.from(r.weights)).toEqual(Array.from(counts));
      const tree = clusterMicroClusters(r.centers, r.weights, { nClusters: fx.k });
      expect(Array.from(r.linkage.data)).toEqual(Array.from(tree.linkage.data));
      const rows = await engine.query('SELECT label FROM hc ORDER BY id');
      const labels = rows.map((row) => Number(row[0]));
      expect(labels).toEqual(expected);
      // As good a partition as the in-memory pipeline (k-means micro-clusters of the rows → weighted Ward).
      const mem = microClusterLinkage(fx.data, { nMicroClusters: 30, nClusters: fx.k, seed: 1 });
      const truth = fx.cases[0].expected.labels;
      // The micro-clusters differ (k-means|| in the engine, k-means++ in memory: ARI 0.92 against scikit-learn's
      // k-means here), so the trees differ a little; the engine's must be within 0.1 of it.
      expect(adjustedRandScore(truth, labels)).toBeGreaterThan(
        adjustedRandScore(truth, mem.labels as Int32Array) - 0.1,
      );
    });

    it('more micro-clusters than rows is a ValidationError naming the option', async () => {
      const src = engine.source('pts', { columns: xCols(d) });
      const p = microClusterLinkageSource(src, { nMicroClusters: fx.data.length + 1 });
      await expect(p).rejects.toThrow(ValidationError);
      await expect(p).rejects.toThrow(/nMicroClusters=601/);
    });
  });
}
