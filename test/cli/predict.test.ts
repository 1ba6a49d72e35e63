import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { readNpy } from '../../src/io/npy.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X, y: truth } = demoBlobs(4);
const n = X.rows;
// Training file: x, y and a class column; the new file has the columns in another order plus an extra one.
const train = writeTemp(
  dir,
  'train.csv',
  `x,y,cls\n${Array.from({ length: n }, (_, i) => `${X.data[2 * i]},${X.data[2 * i + 1]},${truth[i]}`).join('\n')}\n`,
);
const shuffled = writeTemp(
  dir,
  'new.csv',
  `extra,y,x\n${Array.from({ length: n }, (_, i) => `${i},${X.data[2 * i + 1]},${X.data[2 * i]}`).join('\n')}\n`,
);

function json(args: string[]) {
  const r = run(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('clusterkit predict', () => {
  it('k-means: predict on the training file reproduces the training labels (scaled, columns by name)', () => {
    const model = join(dir, 'km.json');
    const fit = json([
      'kmeans',
      train,
      '-k',
      '5',
      '--seed',
      '3',
      '--scale',
      'standard',
      '--truth-column',
      'cls',
      '--save',
      model,
      '--json',
    ]);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.preprocessing.columns).toEqual(['x', 'y']);
    expect(saved.preprocessing.scaler.kind).toBe('standard');
    const same = json(['predict', model, train, '--json']);
    expect(same.labels).toEqual(fit.labels);
    expect(same.columns).toEqual(['x', 'y']);
    // Other column order and an extra column: the model's columns are found by name.
    expect(json(['predict', model, shuffled, '--json']).labels).toEqual(fit.labels);
    // --out .npy: 1-D int32 labels.
    const out = join(dir, 'pred.npy');
    const r = run(['predict', model, shuffled, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/predict: KMeans on n=250 d=2 \(columns x, y, standard-scaled as at fit\)/);
    expect(Array.from(readNpy(new Uint8Array(readFileSync(out))).data)).toEqual(fit.labels);
  });
  it('every saved estimator predicts its own training labels', () => {
    const cases: [string, string[]][] = [
      ['minibatch-kmeans', ['-k', '5', '--seed', '1']],
      ['bisecting-kmeans', ['-k', '5', '--seed', '1']],
      ['soft-kmeans', ['-k', '5', '--seed', '1']],
      ['fuzzy-cmeans', ['-k', '5', '--seed', '1']],
      ['gmm', ['-k', '5', '--seed', '1']],
      ['mean-shift', ['--bandwidth', '1.5']],
    ];
    for (const [cmd, opts] of cases) {
      const model = join(dir, `${cmd}.json`);
      const fit = json([cmd, train, ...opts, '--columns', 'x,y', '--save', model, '--json']);
      const pred = json(['predict', model, train, '--json']);
      expect(pred.labels, cmd).toEqual(fit.labels);
      if (cmd === 'gmm') {
        expect(pred.probabilities).toHaveLength(n);
        expect(pred.logDensity).toHaveLength(n);
      }
      if (cmd === 'soft-kmeans' || cmd === 'fuzzy-cmeans') expect(pred.memberships[0]).toHaveLength(5);
    }
  });
  it('kde: predict gives the log density kde computed', () => {
    const model = join(dir, 'kde.json');
    const fit = json(['kde', train, '--columns', 'x,y', '--bandwidth', '0.8', '--save', model, '--json']);
    const pred = json(['predict', model, train, '--json']);
    expect(pred.labels).toBeUndefined();
    expect(pred.logDensity).toHaveLength(n);
    for (let i = 0; i < n; i++) expect(pred.logDensity[i]).toBeCloseTo(fit.logDensity[i], 12);
  });
  it('clear errors, exit 2: no predict, missing column, newer format, not a model, wrong width', () => {
    const agg = join(dir, 'agg.json');
    expect(run(['hierarchical', train, '--columns', 'x,y', '-k', '3', '--save', agg, '--quiet']).code).toBe(0);
    const r1 = run(['predict', agg, train]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/^clusterkit: error: Cannot predict with a saved AgglomerativeClustering/);

    const km = join(dir, 'km.json');
    const noY = writeTemp(dir, 'noy.csv', 'x,z\n1,2\n3,4\n');
    const r2 = run(['predict', km, noY]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/lacks the model's column "y" \(the model uses x, y; the input has x, z\)/);
    // ... unless mapped explicitly.
    expect(run(['predict', km, noY, '--columns', 'x,z', '--json']).code).toBe(0);

    const doc = JSON.parse(readFileSync(km, 'utf8'));
    const newer = writeTemp(dir, 'newer.json', JSON.stringify({ ...doc, version: doc.version + 1 }));
    const r3 = run(['predict', newer, train]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/saved by a newer clusterkit .* upgrade clusterkit/);

    const r4 = run(['predict', train, train]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(/Not a clusterkit model file: .*train.csv is not valid JSON/);
    const r5 = run(['predict', writeTemp(dir, 'arr.json', '[1,2]'), train]);
    expect(r5.stderr).toMatch(/Not a clusterkit model file: expected a JSON object/);

    const bare = { ...doc };
    delete bare.preprocessing;
    const bareModel = writeTemp(dir, 'bare.json', JSON.stringify(bare));
    const three = writeTemp(dir, 'three.csv', 'a,b,c\n1,2,3\n');
    const r6 = run(['predict', bareModel, three]);
    expect(r6.code).toBe(2);
    expect(r6.stderr).toMatch(/fitted on 2 features but the input has 3 columns/);
    const r7 = run(['predict', bareModel, three, '--columns', 'a,b,c']);
    expect(r7.stderr).toMatch(/fitted on 2 features but 3 columns were selected/);
    expect(run(['predict', join(dir, 'missing.json'), train]).stderr).toMatch(/Model file not found/);
  });
  it('never overwrites the input or the model; writes atomically', () => {
    const km = join(dir, 'km.json');
    const before = readFileSync(train, 'utf8');
    const modelBefore = readFileSync(km, 'utf8');
    const r = run(['predict', km, train, '--out', train]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Refusing to overwrite the input file/);
    expect(run(['predict', km, train, '--out', km]).code).toBe(2);
    expect(readFileSync(train, 'utf8')).toBe(before);
    expect(readFileSync(km, 'utf8')).toBe(modelBefore);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, 'pred.npy'))).toBe(true);
  });
  it('reads the new data from stdin and in chunks', () => {
    const km = join(dir, 'km.json');
    const all = json(['predict', km, train, '--json']).labels;
    const r = run(['predict', km, '-', '--json', '--chunk-rows', '7'], readFileSync(train, 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).labels).toEqual(all);
  });
});
