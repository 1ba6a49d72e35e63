import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectLinkageClose, loadFixture } from '../hierarchy/helpers.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const f = loadFixture('blobs60');
const X = f.input.X as number[][];
const csv = writeTemp(dir, 'blobs.csv', `a,b,c,d\n${X.map((r) => r.join(',')).join('\n')}\n`);

describe('clusterkit hierarchical', () => {
  it('--json prints SciPy’s linkage and scikit-learn’s labels', () => {
    const r = run(['hierarchical', csv, '--method', 'average', '-k', '3', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expectLinkageClose(
      { rows: 59, cols: 4, data: Float64Array.from(out.linkage.flat()) },
      f.expected.linkage['average/euclidean'],
    );
    const ref = f.expected.sklearn.find(
      (c) => c.linkage === 'average' && c.metric === 'euclidean' && c.nClusters === 3,
    );
    expect(out.labels).toEqual(ref?.labels);
    expect(out.nClusters).toBe(3);
  });
  it('without a cut prints only the linkage; --distance-threshold gives scikit-learn’s cluster count', () => {
    const r = JSON.parse(run(['hierarchical', csv, '--method', 'single', '--metric', 'cityblock', '--json']).stdout);
    expect(r.labels).toBeUndefined();
    expectLinkageClose(
      { rows: 59, cols: 4, data: Float64Array.from(r.linkage.flat()) },
      f.expected.linkage['single/cityblock'],
    );
    const ref = f.expected.sklearn.find((c) => c.linkage === 'ward' && c.distanceThreshold !== undefined);
    const t = JSON.parse(
      run(['hierarchical', csv, '--distance-threshold', String(ref?.distanceThreshold), '--json']).stdout,
    );
    expect(t.nClusters).toBe(ref?.nClustersFound);
    expect(t.labels).toEqual(ref?.labels);
  });
  it('writes the dendrogram, the linkage matrix, labels and the model', () => {
    const svg = join(dir, 'tree.svg');
    const png = join(dir, 'tree.png');
    const z = join(dir, 'z.csv');
    const out = join(dir, 'labels.csv');
    const model = join(dir, 'model.json');
    const r = run([
      'hierarchical',
      csv,
      '-k',
      '3',
      '--dendrogram',
      svg,
      '--linkage-out',
      z,
      '--out',
      out,
      '--save',
      model,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 clusters, sizes: 20, 20, 20/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*cut /);
    expect(readFileSync(z, 'utf8').split('\n')[0]).toBe('a,b,distance,size');
    expect(readFileSync(z, 'utf8').trim().split('\n')).toHaveLength(60);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('label');
    expect(JSON.parse(readFileSync(model, 'utf8')).estimator).toBe('AgglomerativeClustering');
    expect(run(['hierarchical', csv, '--dendrogram', png, '--quiet']).code).toBe(0);
    expect(existsSync(png)).toBe(true);
  });
  it('exits 2 with a message on bad usage', () => {
    const both = run(['hierarchical', csv, '-k', '2', '--distance-threshold', '3']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either -k or --distance-threshold/);
    const ward = run(['hierarchical', csv, '--metric', 'cosine', '-k', '2']);
    expect(ward.code).toBe(2);
    expect(ward.stderr).toMatch(/euclidean/);
    expect(run(['hierarchical', csv, '--out', join(dir, 'x.csv')]).stderr).toMatch(/need flat clusters/);
    expect(run(['hierarchical', csv, '--method', 'max']).code).toBe(2);
    const one = writeTemp(dir, 'one.csv', 'a,b\n1,2\n');
    expect(run(['hierarchical', one]).stderr).toMatch(/at least 2/);
  });
  it('--micro-clusters M: k-means micro-clusters, their weighted linkage, a label for every row', () => {
    const out = join(dir, 'micro-labels.csv');
    const args = ['hierarchical', csv, '--micro-clusters', '20', '-k', '3', '--seed', '1', '--json', '--out', out];
    const r = run(args);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.linkage).toHaveLength(19);
    expect(res.labels).toHaveLength(60);
    expect(res.microLabels).toHaveLength(60);
    expect(res.weights.reduce((a: number, b: number) => a + b, 0)).toBe(60);
    expect(res.nClusters).toBe(3);
    // the well-separated blobs come out as the full Ward linkage cuts them
    const full = JSON.parse(run(['hierarchical', csv, '-k', '3', '--json']).stdout);
    const pairs = new Set(res.labels.map((l: number, i: number) => `${l}:${full.labels[i]}`));
    expect(pairs.size).toBe(3);
    expect(readFileSync(out, 'utf8').trim().split('\n').slice(1).map(Number)).toEqual(res.labels);
    const bad = run(['hierarchical', csv, '--micro-clusters', '20', '--metric', 'cityblock', '-k', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--micro-clusters/);
  });
});
