import { describe, expect, it } from 'vitest';
import { pdist } from '../../src/engine/pairwise.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const X = [
  [0.2, 1.1],
  [1.4, 0.3],
  [0.8, 0.8],
  [2.2, 1.7],
  [0.5, 2.6],
  [1.9, 0.6],
];
const csv = writeTemp(dir, 'pts.csv', `a,b\n${X.map((r) => r.join(',')).join('\n')}\n`);

describe('--metric choices come from the metric registry', () => {
  it('hierarchical --metric canberra equals linkage(pdist(X, canberra))', () => {
    const r = run(['hierarchical', csv, '--method', 'average', '--metric', 'canberra', '--json']);
    expect(r.code).toBe(0);
    const Z = linkage(pdist(X, 'canberra'), { method: 'average' });
    expect(JSON.parse(r.stdout).linkage.flat()).toEqual(Array.from(Z.data));
  });
  it('kde refuses a metric without KDE data, and evaluate one needing parameters, with exit code 2', () => {
    const k = run(['kde', csv, '--metric', 'cosine']);
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/euclidean, cityblock, chebyshev/);
    const labels = writeTemp(dir, 'labels.csv', 'label\n0\n0\n0\n1\n1\n1\n');
    const e = run(['evaluate', csv, '--labels', labels, '--metric', 'mahalanobis']);
    expect(e.code).toBe(2);
    expect(run(['evaluate', csv, '--labels', labels, '--metric', 'braycurtis', '--json']).code).toBe(0);
  });
});
