import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import {
  adjustedMutualInfoScore,
  adjustedRandScore,
  calinskiHarabaszScore,
  daviesBouldinScore,
  dbcvScore,
  normalizedMutualInfoScore,
  silhouetteScore,
} from '../../src/metrics/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X, y } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]},${y[i]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y,species\n${rows.join('\n')}\n`);
// A clustering with two true groups merged and ids that are not 0..k−1.
const pred = Array.from(y, (v) => (v === 4 ? 9 : v * 10 - 1));
const labelsFile = writeTemp(dir, 'pred.csv', `label\n${pred.join('\n')}\n`);
const xy = { rows: X.rows, cols: 2, data: X.data };

describe('clusterkit evaluate', () => {
  it('--labels + --truth-column --json prints every internal and external metric (camelCase keys)', () => {
    const r = run(['evaluate', csv, '--labels', labelsFile, '--truth-column', 'species', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.silhouette).toBeCloseTo(silhouetteScore(xy, pred), 12);
    expect(out.calinskiHarabasz).toBeCloseTo(calinskiHarabaszScore(xy, pred), 9);
    expect(out.daviesBouldin).toBeCloseTo(daviesBouldinScore(xy, pred), 12);
    expect(out.adjustedRand).toBeCloseTo(adjustedRandScore(y, pred), 12);
    expect(out.normalizedMutualInfo).toBeCloseTo(normalizedMutualInfoScore(y, pred), 12);
    expect(out.adjustedMutualInfo).toBeCloseTo(adjustedMutualInfoScore(y, pred), 12);
    for (const key of [
      'inertia',
      'rand',
      'mutualInfo',
      'homogeneity',
      'completeness',
      'vMeasure',
      'fowlkesMallows',
      'purity',
    ]) {
      expect(typeof out[key], key).toBe('number');
    }
    expect(out.nClusters).toBe(4);
    expect(out.nClasses).toBe(5);
    expect(out.homogeneity).toBeLessThan(1);
    expect(out.completeness).toBeCloseTo(1, 12);
  });
  it('--truth-column alone scores the true classes with the internal indices; --average-method applies', () => {
    const r = run(['evaluate', csv, '--truth-column', 'species', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.silhouette).toBeCloseTo(silhouetteScore(xy, y), 12);
    expect(out.adjustedRand).toBeUndefined();
    const m = run([
      'evaluate',
      csv,
      '--labels',
      labelsFile,
      '--truth-column',
      '2',
      '--average-method',
      'max',
      '--json',
    ]);
    expect(JSON.parse(m.stdout).normalizedMutualInfo).toBeCloseTo(
      normalizedMutualInfoScore(y, pred, { averageMethod: 'max' }),
      12,
    );
  });
  it('human output and a silhouette plot', () => {
    const svg = join(dir, 'sil.svg');
    const r = run(['evaluate', csv, '--labels', labelsFile, '--columns', 'x,y', '--plot', svg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/silhouette\s+0\.\d+/);
    expect(existsSync(svg)).toBe(true);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });
  it('bad input exits 2 with a message', () => {
    const none = run(['evaluate', csv]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--labels FILE/);
    const short = writeTemp(dir, 'short.csv', 'label\n0\n1\n');
    const r = run(['evaluate', csv, '--labels', short, '--columns', 'x,y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 labels but .* 250 rows/);
    const missing = run(['evaluate', csv, '--labels', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not found/);
  });
  it('a single cluster: internal indices are null with a warning, external ones still reported', () => {
    const one = writeTemp(dir, 'one.csv', `label\n${new Array(250).fill(7).join('\n')}\n`);
    const r = run(['evaluate', csv, '--labels', one, '--truth-column', 'species', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2 to n_samples - 1/);
    const out = JSON.parse(r.stdout);
    expect(out.silhouette).toBeNull();
    expect(out.adjustedRand).toBe(0);
  });
  it('DBCV: reported when the labels contain noise (−1) or with --dbcv, null with a warning when undefined', () => {
    const noisy = Array.from(y, (v, i) => (i % 25 === 0 ? -1 : v));
    const noisyFile = writeTemp(dir, 'noisy.csv', `label\n${noisy.join('\n')}\n`);
    const r = run(['evaluate', csv, '--labels', noisyFile, '--truth-column', 'species', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).dbcv).toBeCloseTo(dbcvScore(xy, noisy), 12);
    // The true classes are 0..4: no noise, so no DBCV unless asked for.
    const plain = JSON.parse(run(['evaluate', csv, '--truth-column', 'species', '--json']).stdout);
    expect(plain).not.toHaveProperty('dbcv');
    const forced = run(['evaluate', csv, '--truth-column', 'species', '--dbcv', '--json']);
    expect(JSON.parse(forced.stdout).dbcv).toBeCloseTo(dbcvScore(xy, y), 12);
    const one = writeTemp(dir, 'one-noise.csv', `label\n${Array.from(y, (_, i) => (i < 5 ? -1 : 3)).join('\n')}\n`);
    const single = run(['evaluate', csv, '--labels', one, '--truth-column', 'species', '--json']);
    expect(single.code).toBe(0);
    expect(single.stderr).toMatch(/DBCV not computed: DBCV needs at least 2 clusters/);
    expect(JSON.parse(single.stdout).dbcv).toBeNull();
  });
});
