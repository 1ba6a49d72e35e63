import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { readDataFile, readModelFile, writeResultsFile } from '../../src/node.js';

const fixtures = new URL('../fixtures/io/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clusterkit-node-'));

describe('clusterkit/node', () => {
  it('readDataFile reads every format by extension', async () => {
    const a = await readDataFile(join(fixtures, 'types.arrow'), { columns: ['x', 'n'], truthColumn: 'label' });
    expect(a.format).toBe('arrow');
    expect(a.X.cols).toBe(2);
    expect(a.truthNames).toEqual(['setosa', 'virginica', 'versicolor']);
    const p = await readDataFile(join(fixtures, 'types.parquet'), { columns: [1] });
    expect(p.names).toEqual(['x']);
    const n = await readDataFile(join(fixtures, 'i8_be.npy'));
    expect(n.X.data[3]).toBe(7);
    writeFileSync(join(dir, 'd.tsv'), 'a\tb\n1\t2\n');
    expect(Array.from((await readDataFile(join(dir, 'd.tsv'))).X.data)).toEqual([1, 2]);
  });
  it('readDataFile errors: missing file, bad cell', async () => {
    await expect(readDataFile(join(dir, 'nope.csv'))).rejects.toThrow(ValidationError);
    writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n3,x\n');
    await expect(readDataFile(join(dir, 'bad.csv'))).rejects.toThrow(ParseError);
  });
  it('writeResultsFile writes atomically (no temp file left) and round-trips through readDataFile', async () => {
    const label = Int32Array.from([0, 1, 1, 2]);
    const p0 = Float64Array.from([0.25, 0.5, 1 / 3, 1e-300]);
    for (const ext of ['csv', 'tsv', 'json', 'ndjson', 'npy', 'parquet']) {
      const path = join(dir, `out.${ext}`);
      writeResultsFile(path, { label, p0 });
      const back = await readDataFile(path, { header: ext === 'csv' || ext === 'tsv' ? true : 'auto' });
      expect(back.X.rows).toBe(4);
      for (let i = 0; i < 4; i++) {
        expect(back.X.data[i * 2]).toBe(label[i]);
        expect(back.X.data[i * 2 + 1]).toBe(p0[i]);
      }
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(() => writeResultsFile(join(dir, 'no-such-dir', 'x.csv'), { label })).toThrow(ValidationError);
  });
  it('readModelFile', () => {
    const km = new KMeans({ nClusters: 2, seed: 1 }).fit([[0], [1], [10], [11]]);
    writeFileSync(join(dir, 'm.json'), JSON.stringify(km.toJSON()));
    expect(Array.from(readModelFile(join(dir, 'm.json')).predict([[0.2], [10.4]]).label)).toEqual(
      Array.from(km.predict([[0.2], [10.4]])),
    );
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => readModelFile(join(dir, 'bad.json'))).toThrow(/Cannot read the model file/);
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toContain('clusterkit-model');
  });
});
