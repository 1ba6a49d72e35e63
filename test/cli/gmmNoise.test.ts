import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import { nearestNeighborNoise } from '../../src/mixture/models/noise.js';
import { loadNoise } from '../mixture/mclustFixtures.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const fx = loadNoise('d2');
const X = fx.input.X;
const csv = writeTemp(dir, 'noisy.csv', `x,y\n${X.map((r) => r.join(',')).join('\n')}\n`);
const noiseFile = writeTemp(dir, 'noise.txt', `${fx.input.noise.join('\n')}\n`);

describe('clusterkit gmm --noise', () => {
  it('--noise FILE: the fit of GaussianMixture({ noise: { init } }); labels −1 for noise; --json noise keys', () => {
    const r = run(['gmm', csv, '-k', '3', '--model', 'VVV', '--noise', noiseFile, '--seed', '0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const gm = new GaussianMixture({
      nComponents: 3,
      covarianceType: 'VVV',
      noise: { init: fx.input.noise },
      seed: 0,
    }).fit(X);
    expect(out.labels).toEqual(Array.from(gm.labels));
    expect(out.labels).toContain(-1);
    expect(out.nNoise).toBe(Array.from(gm.labels).filter((v) => v === -1).length);
    expect(out.noiseProportion).toBeCloseTo(gm.noiseProportion, 12);
    expect(out.noiseDensity).toBeCloseTo(gm.noiseDensity, 12);
    expect(out.bicMclust).toBeCloseTo(gm.bicMclust(X), 6);
  });

  it('--noise (knn by default) uses nearestNeighborNoise with --noise-k; the summary reports the noise', () => {
    const m = { rows: X.length, cols: 2, data: Float64Array.from(X.flat()) };
    const init = nearestNeighborNoise(m, { k: 7 });
    const gm = new GaussianMixture({ nComponents: 3, noise: { init }, seed: 0 }).fit(X);
    const j = JSON.parse(run(['gmm', csv, '-k', '3', '--noise', '--noise-k', '7', '--seed', '0', '--json']).stdout);
    expect(j.labels).toEqual(Array.from(gm.labels));
    const text = run(['gmm', csv, '-k', '3', '--noise', 'knn', '--seed', '0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/noise: proportion 0\.\d{4}, \d+ rows labelled -1/);
  });

  it('--select --noise: the Mclust table with a noise component (mclust’s chosen model)', () => {
    const j = JSON.parse(run(['gmm', csv, '--select', '-k', '4', '--noise', noiseFile, '--json']).stdout);
    const sel = fx.expected.select as NonNullable<typeof fx.expected.select>;
    expect(j.model).toBe(sel.best.model);
    expect(j.nComponents).toBe(sel.best.G);
    expect(Math.abs(j.bicMclust - sel.best.bic)).toBeLessThanOrEqual(1e-6 * Math.abs(sel.best.bic));
    // mclust's noise-only row G = 0 (one per model, as in mclust's table), then G = 1..4.
    const zero = j.selection.table.filter((r: { nComponents: number }) => r.nComponents === 0);
    const want0 = sel.table.find((r) => r.G === 0)?.bic as number;
    expect(zero).toHaveLength(14);
    for (const r of zero) {
      expect(r.nParameters).toBe(1);
      expect(Math.abs(r.bicMclust - want0)).toBeLessThanOrEqual(1e-9 * Math.abs(want0));
    }
    const text = run(['gmm', csv, '--select', '-k', '2', '--model', 'EII', '--noise', noiseFile]).stdout;
    expect(text).toMatch(new RegExp(`\\n {3}0 +${want0.toFixed(3)}\\n {3}1 `));
  });

  it('--save then predict: label −1 and the pNoise column', () => {
    const model = `${dir}/noisy-model.json`;
    expect(run(['gmm', csv, '-k', '3', '--noise', noiseFile, '--seed', '0', '--save', model]).code).toBe(0);
    const fit = JSON.parse(run(['gmm', csv, '-k', '3', '--noise', noiseFile, '--seed', '0', '--json']).stdout);
    const pred = JSON.parse(run(['predict', model, csv, '--json']).stdout);
    expect(pred.labels).toEqual(fit.labels);
    expect(pred.noiseProbability).toHaveLength(X.length);
    expect(pred.probabilities[0]).toHaveLength(3);
    const text = run(['predict', model, csv]);
    expect(text.stdout).toMatch(/noise \(label -1\): \d+/);
  });

  it('bad --noise input exits 2 with one line naming the problem', () => {
    const short = writeTemp(dir, 'short.txt', '0\n1\n');
    const r = run(['gmm', csv, '-k', '3', '--noise', short]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--noise .* has 2×1 values but the data has 300 rows/);
    const twos = writeTemp(dir, 'twos.txt', `${X.map(() => 2).join('\n')}\n`);
    expect(run(['gmm', csv, '-k', '3', '--noise', twos]).stderr).toMatch(/give 1 \(noise\) or 0 per row/);
  });
});
