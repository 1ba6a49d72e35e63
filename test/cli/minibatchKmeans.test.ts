import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/datasets/index.js';
import { writeNpy } from '../../src/io/npy.js';
import { writeParquet } from '../../src/io/parquet.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = makeBlobs({ nSamples: 3000, centers: 4, nFeatures: 3, clusterStd: 1, seed: 7 });
const rows = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * 3, i * 3 + 3)).join(','));
const csv = writeTemp(dir, 'blobs.csv', `a,b,c\n${rows.join('\n')}\n`);

describe('clusterkit minibatch-kmeans', () => {
  it('--json prints labels, centers and inertia (in memory)', () => {
    const r = run(['minibatch-kmeans', csv, '-k', '4', '--batch-size', '256', '--seed', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels).toHaveLength(3000);
    expect(out.centers).toHaveLength(4);
    expect(out.nSteps).toBeGreaterThan(0);
  });
  it('--stream fits chunk by chunk and labels every row in a second pass, close to the in-memory KMeans', () => {
    const km = JSON.parse(run(['kmeans', csv, '-k', '4', '--seed', '1', '--n-init', '3', '--json']).stdout);
    const out = join(dir, 'labels.csv');
    const r = run([
      'minibatch-kmeans',
      csv,
      '-k',
      '4',
      '--stream',
      '--chunk-size',
      '300',
      '--epochs',
      '2',
      '--seed',
      '1',
      '--json',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.rows).toBe(3000);
    expect(res.labels).toHaveLength(3000);
    expect(res.nSteps).toBe(20);
    expect(res.inertia).toBeLessThanOrEqual(km.inertia * 1.05);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    expect(written[0]).toBe('label');
    expect(written.slice(1).map(Number)).toEqual(res.labels);
  });
  it('--stream reports a non-numeric cell with its line, refuses stdin, and --batch-size 0 exits 2', () => {
    const bad = writeTemp(dir, 'bad.csv', `a,b\n${'1,2\n'.repeat(50)}3,x\n`);
    const r = run(['minibatch-kmeans', bad, '-k', '2', '--stream', '--chunk-size', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 52/);
    expect(run(['minibatch-kmeans', '-', '-k', '2', '--stream'], '1,2\n3,4\n').code).toBe(2);
    const b0 = run(['minibatch-kmeans', csv, '-k', '2', '--batch-size', '0']);
    expect(b0.code).toBe(2);
    expect(b0.stderr).toMatch(/--batch-size/);
  });
  it('--stream takes .npy, Parquet, Arrow and NDJSON input: the same fit as the CSV stream; JSON input exits 2', () => {
    const col = (j: number) => Float64Array.from({ length: X.rows }, (_, i) => X.data[i * 3 + j]);
    const npy = join(dir, 'blobs.npy');
    const pq = join(dir, 'blobs.parquet');
    writeFileSync(npy, writeNpy(X));
    writeFileSync(pq, writeParquet({ a: col(0), b: col(1), c: col(2) }, { rowGroupSize: 500 }));
    const nd = join(dir, 'blobs.ndjson');
    writeFileSync(
      nd,
      Array.from({ length: X.rows }, (_, i) => JSON.stringify({ a: col(0)[i], b: col(1)[i], c: col(2)[i] })).join('\n'),
    );
    const args = ['-k', '4', '--stream', '--chunk-size', '256', '--seed', '2', '--json'];
    const ref = JSON.parse(run(['minibatch-kmeans', csv, ...args]).stdout);
    for (const f of [npy, pq, nd]) {
      const r = run(['minibatch-kmeans', f, ...args]);
      expect(r.code, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout);
      expect(res.centers).toEqual(ref.centers);
      expect(res.labels).toEqual(ref.labels);
      expect(res.rows).toBe(3000);
    }
    const json = writeTemp(dir, 'x.json', '[[1,2],[3,4]]');
    const bad = run(['minibatch-kmeans', json, '-k', '2', '--stream']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot be read in chunks/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
