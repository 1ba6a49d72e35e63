/** `clusterkit <cmd> --verbose` prints where the fit's passes ran (model.backend) to stderr. */
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);
const BACKEND = /^clusterkit: backend: (js|wasm(-f32)?(\+pool\(\d+\))?)$/m;

describe('clusterkit --verbose', () => {
  it('kmeans, gmm, kde, minibatch-kmeans: the backend line on stderr; stdout unchanged', () => {
    const cases = [
      ['kmeans', csv, '-k', '3', '--seed', '1', '--json'],
      ['gmm', csv, '-k', '3', '--seed', '1', '--json'],
      ['kde', csv, '--bandwidth', '0.5', '--json'],
      ['minibatch-kmeans', csv, '-k', '3', '--seed', '1', '--json'],
    ];
    for (const args of cases) {
      const plain = run(args);
      const verbose = run([...args, '--verbose']);
      expect(verbose.code, args[0]).toBe(0);
      expect(verbose.stderr, args[0]).toMatch(BACKEND);
      expect(plain.stderr, args[0]).not.toMatch(BACKEND);
      expect(verbose.stdout, args[0]).toBe(plain.stdout);
    }
  });

  it('CLUSTERKIT_BACKEND=js: the reference', () => {
    const r = run(['kmeans', csv, '-k', '3', '--seed', '1', '--verbose'], undefined, { CLUSTERKIT_BACKEND: 'js' });
    expect(r.stderr).toContain('clusterkit: backend: js\n');
  });

  it('--quiet wins over --verbose', () => {
    const r = run(['kmeans', csv, '-k', '3', '--seed', '1', '--verbose', '--quiet']);
    expect(r.stderr).not.toMatch(BACKEND);
  });
});
