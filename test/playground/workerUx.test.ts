/**
 * The playground worker's additions for issues 15, 17 and 19: the moons and circles data sets, DBSCAN, HDBSCAN
 * and k-medoids tasks, standardised data (as the CLI's `--scale standard`), and error messages without
 * command-line flags.
 */
import { describe, expect, it } from 'vitest';
import {
  type DatasetResult,
  type DensityClusterResult,
  describeError,
  forPlayground,
  type KMeansResult,
  type KMedoidsResult,
  serializeError,
  type Task,
} from '../../playground/src/protocol.js';
import { loadDataset, parseText, runTask, scoreWithNoise } from '../../playground/src/worker.js';
import { createRng } from '../../src/core/random.js';
import { applyScaler, fitScaler } from '../../src/core/scale.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { OPTICS } from '../../src/density/OPTICS.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { KMeans } from '../../src/kmeans/KMeans.js';
import { adjustedRandScore } from '../../src/metrics/external/pairCounting.js';

const ctx = { progress: () => {}, checkpoint: async () => {} };

function fitInput(d: DatasetResult) {
  return { X: d.X, projection: d.projection, y: d.y };
}

const moons = loadDataset({ kind: 'dataset', source: 'moons', n: 300, noise: 0.06, seed: 0 });
const circles = loadDataset({ kind: 'dataset', source: 'circles', n: 300, noise: 0.05, factor: 0.5, seed: 0 });

describe('playground data: moons and circles', () => {
  it('loadDataset({source: moons | circles}) gives 300 2-D points in 2 known shapes', () => {
    for (const d of [moons, circles]) {
      expect(d.X.rows).toBe(300);
      expect(d.X.cols).toBe(2);
      expect(new Set(d.y)).toEqual(new Set([0, 1]));
      expect(d.trueCenters).toBeNull();
    }
    expect(moons.title).toContain('moons');
    expect(circles.title).toContain('circles');
  });
});

describe('playground density clustering and k-medoids (issues 15, 17)', () => {
  it('dbscan on the moons finds both moons (ARI 1) where k-means cannot', async () => {
    const r = (await runTask(
      { kind: 'dbscan', ...fitInput(moons), eps: 0.2, minSamples: 5 },
      ctx,
    )) as DensityClusterResult;
    expect(r.kind).toBe('dbscan');
    expect(r.metrics.nClusters).toBe(2);
    expect(r.metrics.adjustedRand).toBeCloseTo(1, 10);
    const km = (await runTask(
      { kind: 'kmeans', ...fitInput(moons), k: 2, init: 'k-means++', nInit: 10, maxIter: 300, seed: 0 },
      ctx,
    )) as KMeansResult;
    expect(km.metrics.adjustedRand).toBeLessThan(0.5);
  });

  it('dbscan marks noise −1 with strength 0, core points 1 and border points 0.5', async () => {
    const r = (await runTask(
      { kind: 'dbscan', ...fitInput(moons), eps: 0.08, minSamples: 6 },
      ctx,
    )) as DensityClusterResult;
    expect(r.nNoise).toBeGreaterThan(0);
    let noise = 0;
    for (let i = 0; i < r.labels.length; i++) {
      if (r.labels[i] < 0) {
        noise++;
        expect(r.strength[i]).toBe(0);
      } else expect([0.5, 1]).toContain(r.strength[i]);
    }
    expect(noise).toBe(r.nNoise);
  });

  it('hdbscan on the circles separates the inner from the outer circle (ARI 1)', async () => {
    const r = (await runTask(
      { kind: 'hdbscan', ...fitInput(circles), minClusterSize: 10, minSamples: 5 },
      ctx,
    )) as DensityClusterResult;
    expect(r.kind).toBe('hdbscan');
    expect(r.metrics.nClusters).toBe(2);
    expect(r.metrics.adjustedRand).toBeCloseTo(1, 10);
    for (const p of r.strength) expect(p >= 0 && p <= 1).toBe(true);
  });

  it("optics returns the library's labels and its reachability ordering for the plot", async () => {
    const r = (await runTask(
      { kind: 'optics', ...fitInput(moons), minSamples: 10, xi: 0.05 },
      ctx,
    )) as DensityClusterResult;
    const op = new OPTICS({ minSamples: 10, xi: 0.05 }).fit(moons.X);
    expect(Array.from(r.labels)).toEqual(Array.from(op.labels));
    expect(r.nNoise).toBe(op.labels.filter((l) => l < 0).length);
    expect([...(r.reachability?.ordering ?? [])].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, i) => i),
    );
    expect(r.reachability?.distances.length).toBe(300);
  });

  it('kmedoids returns k medoids that are rows of the data, for a non-euclidean metric', async () => {
    const demo = loadDataset({ kind: 'dataset', source: 'demo', seed: 0 });
    const r = (await runTask(
      { kind: 'kmedoids', ...fitInput(demo), k: 5, metric: 'cityblock', seed: 0 },
      ctx,
    )) as KMedoidsResult;
    expect(r.medoidIndices.length).toBe(5);
    for (let c = 0; c < 5; c++) {
      const i = r.medoidIndices[c];
      expect([r.medoidsView.data[c * 2], r.medoidsView.data[c * 2 + 1]]).toEqual([
        demo.X.data[i * 2],
        demo.X.data[i * 2 + 1],
      ]);
      expect(r.labels[i]).toBe(c);
    }
    expect(r.metrics.adjustedRand).toBeGreaterThan(0.85);
  });

  it('scoreWithNoise scores the clustered rows only and the ARI on all rows', () => {
    const X = { rows: 6, cols: 1, data: Float64Array.of(0, 0.1, 5, 5.1, 100, -100) };
    const labels = Int32Array.of(0, 0, 1, 1, -1, -1);
    const m = scoreWithNoise(X, labels, Int32Array.of(0, 0, 1, 1, 2, 2));
    expect(m.nClusters).toBe(2);
    expect(m.silhouette).toBeGreaterThan(0.9); // the far-away noise rows do not count
    expect(m.adjustedRand).toBeCloseTo(adjustedRandScore(Int32Array.of(0, 0, 1, 1, 2, 2), labels), 12);
  });
});

/** Three groups in two unit-scale columns, and a third column of pure noise in the thousands (like wine's proline). */
function wineLike(): string {
  const { X, y } = makeBlobs({
    nSamples: 150,
    centers: [
      [-4, -3],
      [0, 4],
      [4, -3],
    ],
    clusterStd: 0.6,
    seed: 3,
  });
  const rng = createRng(11);
  const lines = ['a,b,proline,kind'];
  for (let i = 0; i < X.rows; i++) {
    lines.push(`${X.data[i * 2]},${X.data[i * 2 + 1]},${Math.round(300 + 1400 * rng.nextFloat())},k${y[i]}`);
  }
  return lines.join('\n');
}

describe('playground standardise option (issue 19 item 11)', () => {
  it('standardize: true gives the same clusters as the CLI path (--scale standard), far better than raw', async () => {
    const text = wineLike();
    const raw = parseText(text, 'wine-like.csv');
    const std = parseText(text, 'wine-like.csv', true);
    expect(std.title).toContain('standardised');
    expect(raw.skippedColumns).toEqual(['kind']);
    const task = (d: DatasetResult): Task => ({
      kind: 'kmeans',
      ...fitInput(d),
      k: 3,
      init: 'k-means++',
      nInit: 10,
      maxIter: 300,
      seed: 0,
    });
    const rRaw = (await runTask(task(raw), ctx)) as KMeansResult;
    const rStd = (await runTask(task(std), ctx)) as KMeansResult;
    // The CLI: fitScaler(X, 'standard') then k-means with the same options.
    const cli = new KMeans({ nClusters: 3, nInit: 10, seed: 0 }).fit(applyScaler(raw.X, fitScaler(raw.X, 'standard')));
    expect(Array.from(rStd.labels)).toEqual(Array.from(cli.labels));
    expect(rStd.metrics.adjustedRand).toBeGreaterThan(0.9);
    expect(rRaw.metrics.adjustedRand).toBeLessThan(0.5);
  });

  it('standardize moves the known centres with the data (demo: centres near the z-scored class means)', () => {
    const d = loadDataset({ kind: 'dataset', source: 'demo', seed: 0, standardize: true });
    let mean = 0;
    for (let i = 0; i < d.X.rows; i++) mean += d.X.data[i * 2];
    expect(Math.abs(mean / d.X.rows)).toBeLessThan(1e-12);
    expect(d.axisLabels[0]).toContain('z-score');
    expect(d.trueCenters?.rows).toBe(5);
    expect(Math.max(...Array.from(d.trueCenters?.data ?? []).map(Math.abs))).toBeLessThan(2);
  });
});

describe('playground messages never mention command-line flags (issue 19 item 11)', () => {
  it('a bad cell says to delete the column from the text, not "--columns"', () => {
    let message = '';
    try {
      parseText('x,y\n1,2\n3,abc\n4,5\n', 'bad.csv');
    } catch (e) {
      message = describeError(serializeError(e));
    }
    expect(message).toContain('Line 3');
    expect(message).not.toMatch(/--[a-z]/);
  });

  it('a distance matrix over the budget does not say "raise memoryBudget"', () => {
    let message = '';
    try {
      linkage(
        { rows: 400, cols: 1, data: new Float64Array(400).map((_, i) => i) },
        { method: 'complete', memoryBudget: 1000 },
      );
    } catch (e) {
      message = describeError(serializeError(e));
    }
    expect(message).toContain('Too large');
    expect(message).not.toContain('memoryBudget');
    expect(message).not.toMatch(/--[a-z]/);
  });

  it('forPlayground rewrites flag advice and leaves other text alone', () => {
    expect(forPlayground('pick one with --columns.')).not.toContain('--');
    expect(forPlayground('--bandwidth isj is for 1-D data; the input has 3 columns (use --columns).')).not.toMatch(
      /--[a-z]/,
    );
    expect(forPlayground('Line 2: "x" is not a number.')).toBe('Line 2: "x" is not a number.');
  });
});
