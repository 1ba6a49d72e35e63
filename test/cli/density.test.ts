import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/datasets/index.js';
import { DBSCAN } from '../../src/density/DBSCAN.js';
import { HDBSCAN } from '../../src/density/HDBSCAN.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = makeMoons({ nSamples: 120, noise: 0.05, seed: 1 });
const rows = Array.from({ length: X.rows }, (_, i) => [X.data[2 * i], X.data[2 * i + 1]]);
const file = writeTemp(dir, 'moons.csv', `x,y\n${rows.map((r) => r.join(',')).join('\n')}\n`);

function json(args: string[]) {
  const r = run(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('clusterkit dbscan / optics / hdbscan', () => {
  it('clusterkit dbscan --json gives the library labels, nClusters and nNoise; --plot writes a scatter', () => {
    const plot = join(dir, 'db.svg');
    const r = json(['dbscan', file, '--eps', '0.2', '--min-samples', '4', '--json', '--plot', plot]);
    const lib = new DBSCAN({ eps: 0.2, minSamples: 4 }).fit(rows);
    expect(r.labels).toEqual(Array.from(lib.labels));
    expect(r.nClusters).toBe(lib.nClusters);
    expect(r.nNoise).toBe(lib.labels.filter((l) => l < 0).length);
    expect(readFileSync(plot, 'utf8')).toContain('<svg');
  });

  it('clusterkit optics --json adds reachability (Infinity as a string) and ordering; --plot draws the reachability plot', () => {
    const plot = join(dir, 'op.svg');
    const r = json(['optics', file, '--min-samples', '5', '--json', '--plot', plot]);
    const lib = new OPTICS({ minSamples: 5 }).fit(rows);
    expect(r.labels).toEqual(Array.from(lib.labels));
    expect(r.ordering).toEqual(Array.from(lib.ordering));
    expect(r.reachability[lib.ordering[0]]).toBe('Infinity');
    expect(readFileSync(plot, 'utf8')).toContain('OPTICS reachability');
  });

  it('clusterkit hdbscan --json adds probabilities and outlierScores; --save then predict returns the labels', () => {
    const plot = join(dir, 'hd.svg');
    const model = join(dir, 'hd.json');
    const r = json(['hdbscan', file, '--min-cluster-size', '8', '--json', '--plot', plot, '--save', model]);
    const lib = new HDBSCAN({ minClusterSize: 8 }).fit(rows);
    expect(r.labels).toEqual(Array.from(lib.labels));
    expect(r.probabilities).toHaveLength(rows.length);
    expect(r.outlierScores).toHaveLength(rows.length);
    expect(r.nClusters).toBe(lib.nClusters);
    expect(readFileSync(plot, 'utf8')).toContain('condensed tree');
    const out = join(dir, 'pred.csv');
    const p = run(['predict', model, file, '--out', out]);
    expect(p.code).toBe(0);
    const labels = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    expect(labels).toEqual(Array.from(lib.labels));
  });

  it('bad options and data exit 2 with one line on stderr', () => {
    for (const args of [
      ['dbscan', file, '--eps', '0'],
      ['dbscan', file, '--min-samples', '0'],
      ['hdbscan', file, '--min-cluster-size', '1'],
      ['optics', file, '--cluster-method', 'nope'],
      ['dbscan', file, '--metric', 'nope'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const nan = writeTemp(dir, 'nan.csv', 'x,y\n1,2\nNaN,3\n');
    expect(run(['hdbscan', nan]).code).toBe(2);
  });
});
