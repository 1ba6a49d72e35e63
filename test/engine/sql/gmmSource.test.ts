import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { createRng } from '../../../src/core/random.js';
import type { SqlEngine } from '../../../src/engine/sql/engine.js';
import { KMeans } from '../../../src/kmeans/KMeans.js';
import { GaussianMixture } from '../../../src/mixture/GaussianMixture.js';
import { openDuckDB } from '../../../src/node/duckdb.js';
import { connectPostgres } from '../../../src/node/postgres.js';
import { usePostgres } from '../../helpers/postgres.js';
import { loadRows, xCols } from '../../helpers/sqlData.js';

// The data sets of the k-means fixtures (scikit-learn's iris, standardised wine, blobs).
const load = (name: string): { data: number[][]; k: number } =>
  JSON.parse(readFileSync(new URL(`../../fixtures/kmeans/kmeans_${name}.json`, import.meta.url), 'utf8'));
const DATASETS = ['iris', 'wine_std', 'blobs'] as const;

const close = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let t = 0; t < b.length; t++) worst = Math.max(worst, Math.abs(a[t] - b[t]) / Math.max(1, Math.abs(b[t])));
  return worst;
};

/** A fixed start: equal weights, means from spread rows, unit precisions. */
function start(data: number[][], k: number, type: 'diag' | 'spherical') {
  const d = data[0].length;
  return {
    weightsInit: Array.from({ length: k }, () => 1 / k),
    meansInit: Array.from({ length: k }, (_, c) => data[Math.floor((c * data.length) / k) + 3]),
    precisionsInit:
      type === 'diag' ? Array.from({ length: k }, () => Array.from({ length: d }, () => 1)) : Array(k).fill(1),
  };
}

const pg = usePostgres();
const ENGINES: [string, () => Promise<SqlEngine>][] = [
  ['DuckDB', () => openDuckDB()],
  ['PostgreSQL', () => connectPostgres(pg.server.url)],
];

for (const [engineName, open] of ENGINES) {
  describe(`GaussianMixture.fitSource on ${engineName}`, () => {
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
      const d = fx.data[0].length;
      for (const type of ['diag', 'spherical'] as const) {
        it(`${name} / ${type}: EM as SQL sufficient statistics equals the in-memory EM from the same start (1e-9), labels too`, async () => {
          const opts = { nComponents: fx.k, covarianceType: type, ...start(fx.data, fx.k, type) };
          const mem = new GaussianMixture(opts).fit(fx.data);
          const src = engine.source(`pts_${name}`, { columns: xCols(d) });
          const gm = await new GaussianMixture(opts).fitSource(src);
          expect(gm.nIter).toBe(mem.nIter);
          expect(gm.converged).toBe(mem.converged);
          expect(Math.abs(gm.lowerBound - mem.lowerBound) / Math.abs(mem.lowerBound)).toBeLessThan(1e-9);
          expect(close(gm.weights, mem.weights)).toBeLessThan(1e-9);
          expect(close(gm.means.data, mem.means.data)).toBeLessThan(1e-9);
          expect(close(gm.covariances, mem.covariances)).toBeLessThan(1e-9);
          expect(close(gm.precisionsCholesky, mem.precisionsCholesky)).toBeLessThan(1e-9);
          expect(gm.backend).toBe(`sql:${engine.dialect}`);
          const into = `gmm_${name}_${type}`;
          expect(await gm.predictSource(src, { into })).toBe(fx.data.length);
          const rows = await engine.query(`SELECT label FROM ${into} ORDER BY id`);
          expect(rows.map((r) => Number(r[0]))).toEqual(Array.from(mem.predict(fx.data)));
        });
      }
    }

    it('iris with a shardKey (the flat E-step, grouped by the key, shards added here) equals the in-memory EM (1e-9)', async () => {
      const fx = load('iris');
      const d = fx.data[0].length;
      await loadRows(engine, 'pts_keyed', fx.data, { column: 'part', value: (i) => String(i % 3) });
      const src = engine.source('pts_keyed', { columns: xCols(d) });
      for (const type of ['diag', 'spherical'] as const) {
        const opts = { nComponents: fx.k, covarianceType: type, ...start(fx.data, fx.k, type) };
        const mem = new GaussianMixture(opts).fit(fx.data);
        const gm = await new GaussianMixture(opts).fitSource(src, { shardKey: 'part' });
        expect(gm.nIter).toBe(mem.nIter);
        expect(Math.abs(gm.lowerBound - mem.lowerBound) / Math.abs(mem.lowerBound)).toBeLessThan(1e-9);
        expect(close(gm.weights, mem.weights)).toBeLessThan(1e-9);
        expect(close(gm.means.data, mem.means.data)).toBeLessThan(1e-9);
        expect(close(gm.covariances, mem.covariances)).toBeLessThan(1e-9);
      }
    });

    it('blobs / diag: the start is KMeans.fitSource on the engine (seeded), then EM equals the in-memory EM from its partition (1e-9)', async () => {
      const fx = load('blobs');
      const d = fx.data[0].length;
      const src = engine.source('pts_blobs', { columns: xCols(d) });
      const gm = await new GaussianMixture({ nComponents: fx.k, covarianceType: 'diag', seed: 1 }).fitSource(src);
      // The k-means of the start: seeded by the mixture's first draw, as fitSource does.
      const km = await new KMeans({ nClusters: fx.k, nInit: 1, seed: createRng(1).nextUint32() }).fitSource(src);
      const labels = km.predict(fx.data);
      const respInit = fx.data.map((_, i) => Array.from({ length: fx.k }, (_, c) => (labels[i] === c ? 1 : 0)));
      const mem = new GaussianMixture({ nComponents: fx.k, covarianceType: 'diag', respInit }).fit(fx.data);
      expect(gm.converged).toBe(true);
      expect(gm.nIter).toBe(mem.nIter);
      expect(Math.abs(gm.lowerBound - mem.lowerBound) / Math.abs(mem.lowerBound)).toBeLessThan(1e-9);
      expect(close(gm.means.data, mem.means.data)).toBeLessThan(1e-9);
    });

    it('a covariance type other than diag/spherical, or respInit, is a ValidationError naming it', async () => {
      const src = engine.source('pts_iris', { columns: xCols(4) });
      const full = new GaussianMixture({ nComponents: 2, covarianceType: 'full' }).fitSource(src);
      await expect(full).rejects.toThrow(ValidationError);
      await expect(full).rejects.toThrow(/'diag' or 'spherical' \(got 'full'\)/);
      const bad = new GaussianMixture({ nComponents: 2, covarianceType: 'diag' }).fitSource(
        engine.source('pts_iris', { columns: ['x0', 'nope'] }),
      );
      await expect(bad).rejects.toThrow(/column "nope"/);
    });
  });
}
