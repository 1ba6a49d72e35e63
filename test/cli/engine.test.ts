import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toArrays } from '../../src/core/matrix.js';
import { demoBlobs } from '../../src/datasets/index.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { openDuckDB } from '../../src/node/duckdb.js';
import { usePostgres } from '../helpers/postgres.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);
const init = writeTemp(dir, 'init.csv', `x,y\n${rows.slice(0, 5).join('\n')}\n`);

const close = (a: number[][], b: number[][]): void => {
  expect(a.length).toBe(b.length);
  for (let c = 0; c < a.length; c++)
    for (let j = 0; j < a[c].length; j++)
      expect(Math.abs(a[c][j] - b[c][j])).toBeLessThan(1e-9 * Math.max(1, Math.abs(b[c][j])));
};

describe('clusterkit kmeans --engine', () => {
  const pg = usePostgres();
  const memory = JSON.parse(run(['kmeans', csv, '-k', '5', '--init', init, '--json']).stdout);

  it('--engine duckdb reads the CSV itself and equals the in-memory fit from the same --init', () => {
    const r = run(['kmeans', csv, '-k', '5', '--init', init, '--engine', 'duckdb', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.engine).toBe('duckdb');
    close(out.centers, memory.centers);
    expect(Math.abs(out.inertia - memory.inertia) / memory.inertia).toBeLessThan(1e-9);
    expect(out.nIter).toBe(memory.nIter);
  });

  it('--engine duckdb --url FILE --out-table writes every row with its label, equal to the in-memory labels', async () => {
    const db = join(dir, 'labels.duckdb');
    const r = run(['kmeans', csv, '-k', '5', '--init', init, '--engine', 'duckdb', '--url', db, '--out-table', 'lab']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/labels of 250 rows written to table lab/);
    const engine = await openDuckDB(db);
    try {
      const got = await engine.query('SELECT label FROM lab');
      expect(got.map((x) => x[0])).toEqual(memory.labels);
    } finally {
      await engine.close();
    }
  });

  it('--engine postgres --table / --query / --out-table on a real server; --verbose prints the SQL', async () => {
    await pg.server.exec(`CREATE TABLE demo (id int, x float8, y float8)`);
    const vals = rows.map(
      (r, i) =>
        `(${i}, ${r
          .split(',')
          .map((v) => `'${v}'::float8`)
          .join(', ')})`,
    );
    await pg.server.exec(`INSERT INTO demo VALUES ${vals.join(', ')}`);
    const base = [
      'kmeans',
      '-k',
      '5',
      '--init',
      init,
      '--engine',
      'postgres',
      '--url',
      pg.server.url,
      '--columns',
      'x,y',
    ];
    const t = run([...base, '--table', 'demo', '--out-table', 'demo_labels', '--json', '--verbose']);
    expect(t.code).toBe(0);
    const out = JSON.parse(t.stdout);
    close(out.centers, memory.centers);
    expect(out.rowsWritten).toBe(250);
    expect(t.stderr).toMatch(/clusterkit: sql: SELECT .*array_smaller/);
    const labels = await pg.server.exec('SELECT label FROM demo_labels ORDER BY id');
    expect(labels.rows.map((x) => x.label)).toEqual(memory.labels);
    const q = run([...base, '--query', 'SELECT x, y FROM demo WHERE id >= 0', '--json']);
    expect(q.code).toBe(0);
    close(JSON.parse(q.stdout).centers, memory.centers);
  });

  it('bad input exits 2 with one line on stderr', () => {
    const cases: string[][] = [
      ['--engine', 'postgres', '--url', 'postgres://postgres@127.0.0.1:1/none', '--table', 't'],
      ['--engine', 'postgres', '--table', 't'],
      ['--engine', 'duckdb', '--table', 'no_such_table'],
      ['--engine', 'duckdb', '--query', 'DROP TABLE t'],
      ['--engine', 'duckdb', csv, '--columns', 'x,nope'],
      ['--engine', 'duckdb', csv, '--out', join(dir, 'x.csv')],
      [csv, '--init', 'k-means||'],
    ];
    for (const args of cases) {
      const r = run(['kmeans', '-k', '2', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^clusterkit: error: /);
    }
  });

  it('--init k-means|| runs in the engine', () => {
    const r = run(['kmeans', csv, '-k', '5', '--seed', '1', '--init', 'k-means||', '--engine', 'duckdb', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inertia).toBeLessThanOrEqual(memory.inertia * 1.01);
  });
});

describe('clusterkit gmm --engine', () => {
  it('--engine duckdb --covariance diag equals GaussianMixture.fitSource on the same file and seed; --out-table', async () => {
    const db = join(dir, 'gmm.duckdb');
    const r = run(
      ['gmm', csv, '-k', '5', '--covariance', 'diag', '--seed', '2', '--engine', 'duckdb', '--url', db].concat([
        '--out-table',
        'gmm_labels',
        '--json',
      ]),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.engine).toBe('duckdb');
    expect(out.rowsWritten).toBe(250);
    const engine = await openDuckDB();
    try {
      const src = engine.source(`SELECT * FROM '${csv}'`);
      const gm = await new GaussianMixture({ nComponents: 5, covarianceType: 'diag', seed: 2 }).fitSource(src);
      expect(out.lowerBound).toBe(gm.lowerBound);
      expect(out.means).toEqual(toArrays(gm.means));
      expect(out.nIter).toBe(gm.nIter);
    } finally {
      await engine.close();
    }
    const labels = await openDuckDB(db);
    try {
      expect((await labels.query('SELECT COUNT(DISTINCT label) FROM gmm_labels'))[0][0]).toBe(5n);
    } finally {
      await labels.close();
    }
  });

  it('a full covariance, --select or no -k with --engine exits 2 with one line', () => {
    for (const args of [
      ['-k', '3'],
      ['-k', '3', '--select'],
      ['--covariance', 'diag'],
    ]) {
      const r = run(['gmm', csv, ...args, '--engine', 'duckdb']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^clusterkit: error: gmm --engine fits one diagonal or spherical mixture/);
    }
  });
});

describe('clusterkit minibatch-kmeans --engine', () => {
  it('--engine duckdb equals MiniBatchKMeans.fitSource on the same file and seed; --stream is refused', async () => {
    const r = run([
      'minibatch-kmeans',
      csv,
      '-k',
      '5',
      '--batch-size',
      '50',
      '--seed',
      '4',
      '--engine',
      'duckdb',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const engine = await openDuckDB();
    try {
      const mb = await new MiniBatchKMeans({ nClusters: 5, batchSize: 50, seed: 4 }).fitSource(
        engine.source(`SELECT * FROM '${csv}'`),
      );
      expect(out.centers).toEqual(toArrays(mb.clusterCenters));
      expect(out.inertia).toBe(mb.inertia);
      expect(out.nSteps).toBe(mb.nSteps);
    } finally {
      await engine.close();
    }
    const bad = run(['minibatch-kmeans', csv, '-k', '5', '--stream', '--engine', 'duckdb']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
