import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toArrays } from '../../src/core/matrix.js';
import { demoBlobs } from '../../src/datasets/index.js';
import type { SqlEngine } from '../../src/engine/sql/engine.js';
import { microClusterLinkageSource } from '../../src/hierarchy/microClustersSource.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { openDuckDB } from '../../src/node/duckdb.js';
import { connectPostgres } from '../../src/node/postgres.js';
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

/** Runs a command that must succeed quietly on `engine` and returns its --json output. */
function runJson(args: string[], engine: string) {
  const r = run(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.engine).toBe(engine);
  return out;
}

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
    const gmm = ['gmm', csv, '-k', '5', '--covariance', 'diag', '--seed', '2', '--engine', 'duckdb', '--url', db];
    const out = runJson([...gmm, '--out-table', 'gmm_labels', '--json'], 'duckdb');
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

describe('clusterkit hierarchical --engine', () => {
  const pg = usePostgres('hc');
  const hc = ['hierarchical', '--micro-clusters', '20', '-k', '3', '--seed', '1'];

  /** The library's microClusterLinkageSource on `open()`'s source, the labels it writes as a list. */
  async function library(open: () => Promise<SqlEngine>, rel: string, order = '') {
    const engine = await open();
    try {
      const src = engine.source(rel, { columns: 'x,y' });
      const r = await microClusterLinkageSource(src, { nMicroClusters: 20, nClusters: 3, seed: 1, into: 'lib_hc' });
      const labels = (await engine.query(`SELECT label FROM lib_hc ${order}`)).map((x) => Number(x[0]));
      return { r, labels };
    } finally {
      await engine.close();
    }
  }

  it('--engine duckdb reads the CSV itself and equals microClusterLinkageSource; --out-table, --linkage-out, --dendrogram', async () => {
    const db = join(dir, 'hc.duckdb');
    const linkOut = join(dir, 'hc-linkage.csv');
    const dendro = join(dir, 'hc-dendrogram.svg');
    const files = ['--linkage-out', linkOut, '--dendrogram', dendro];
    const out = runJson(
      [...hc, csv, '--engine', 'duckdb', '--url', db, '--out-table', 'hc', '--json', ...files],
      'duckdb',
    );
    expect(out.rowsWritten).toBe(250);
    const want = await library(() => openDuckDB(), `SELECT * FROM '${csv}'`);
    expect(out.linkage).toEqual(toArrays(want.r.linkage));
    expect(out.centers).toEqual(toArrays(want.r.centers));
    expect(out.weights).toEqual(Array.from(want.r.weights));
    expect(out.centerLabels).toEqual(Array.from(want.r.centerLabels as Int32Array));
    expect(out.nClusters).toBe(3);
    const m = want.r.centers.rows;
    expect(readFileSync(linkOut, 'utf8').trim().split('\n')).toHaveLength(m); // header + m − 1 merges
    expect(readFileSync(dendro, 'utf8')).toMatch(/^<svg/);
    const written = await openDuckDB(db);
    try {
      const got = (await written.query('SELECT label FROM hc')).map((x) => Number(x[0]));
      expect(got).toEqual(want.labels);
    } finally {
      await written.close();
    }
    // the summary: sizes are the weights of each flat cluster's micro-clusters
    const text = run([...hc, csv, '--engine', 'duckdb']);
    expect(text.code).toBe(0);
    const sizes = new Array(3).fill(0);
    for (const l of want.labels) sizes[l]++;
    expect(text.stdout).toMatch(new RegExp(`on ${m} micro-clusters \\(duckdb\\): n=250 d=2`));
    expect(text.stdout).toContain(`3 clusters, sizes: ${sizes.join(', ')}`);
  });

  it('--engine postgres --table on a real server equals microClusterLinkageSource there; labels written', async () => {
    await pg.server.exec('CREATE TABLE demo (id int, x float8, y float8, name text)');
    const vals = rows.map(
      (r, i) =>
        `(${i}, ${r
          .split(',')
          .map((v) => `'${v}'::float8`)
          .join(', ')}, 'p${i}')`,
    );
    await pg.server.exec(`INSERT INTO demo VALUES ${vals.join(', ')}`);
    const args = [...hc, '--engine', 'postgres', '--url', pg.server.url, '--table', 'demo', '--columns', 'x,y'];
    const out = runJson([...args, '--out-table', 'demo_hc', '--json'], 'postgres');
    const want = await library(() => connectPostgres(pg.server.url), 'demo', 'ORDER BY id');
    expect(out.linkage).toEqual(toArrays(want.r.linkage));
    expect(out.centers).toEqual(toArrays(want.r.centers));
    const got = await pg.server.exec('SELECT label FROM demo_hc ORDER BY id');
    expect(got.rows.map((x) => x.label)).toEqual(want.labels);
    expect(new Set(want.labels).size).toBe(3);
    expect(got.rows).toHaveLength(250);
  });

  it('bad input exits 2 with one line naming the problem', () => {
    const bad = writeTemp(dir, 'hc-bad.csv', 'x,y,name\n1,2,a\n,3,b\n2,2,c\n5,6,d\n');
    const cases: [string[], RegExp][] = [
      [['--engine', 'postgres', '--url', 'postgres://postgres@127.0.0.1:1/none', '--table', 't'], /cannot connect/],
      [['--engine', 'postgres', '--url', pg.server.url, '--table', 'no_such_table'], /no_such_table/],
      [
        ['--engine', 'postgres', '--url', pg.server.url, '--table', 'demo', '--columns', 'x,name'],
        /"name" .*not numeric/,
      ],
      [['--engine', 'duckdb', bad, '--columns', 'x,nope'], /column "nope" is not in source/],
      [['--engine', 'duckdb', bad, '--columns', 'x,y'], /column "x" .* 1 NULL value/],
      [['--engine', 'duckdb', csv, '--metric', 'cityblock'], /euclidean/],
      [['--engine', 'duckdb', csv, '--low-memory'], /--low-memory/],
      [['--engine', 'duckdb', csv, '--out', join(dir, 'hc.csv')], /--out needs the rows in memory/],
      [['--engine', 'duckdb', '--query', 'DROP TABLE t'], /must be a SELECT/],
      [[], /needs an input file/],
    ];
    for (const [args, msg] of cases) {
      const r = run(['hierarchical', '--micro-clusters', '2', '-k', '2', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^clusterkit: error: /);
      expect(r.stderr, args.join(' ')).toMatch(msg);
    }
    // --drop-missing leaves out the row with a NULL
    const dropped = run(
      ['hierarchical', bad, '--columns', 'x,y', '--micro-clusters', '2', '--engine', 'duckdb'].concat([
        '--drop-missing',
        '--json',
      ]),
    );
    expect(dropped.stderr).toBe('');
    expect(JSON.parse(dropped.stdout).weights.reduce((a: number, b: number) => a + b, 0)).toBe(3);
  }, 240_000);
});
