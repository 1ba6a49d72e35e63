import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { applyScaler, fitScaler } from '../../src/core/scale.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { fitMiniBatchKMeansStream } from '../../src/node/miniBatchStream.js';

const dir = mkdtempSync(join(tmpdir(), 'clusterkit-stream-'));
const { X } = makeBlobs({ nSamples: 700, centers: 3, nFeatures: 2, clusterStd: 1, seed: 3 });
const d = X.cols;
const csv = join(dir, 'blobs.csv');
writeFileSync(
  csv,
  `a,b\n${Array.from({ length: X.rows }, (_, i) => `${X.data[i * d]},${X.data[i * d + 1]}`).join('\n')}\n`,
);
const chunk = (M: typeof X, start: number, rows: number) => ({
  rows,
  cols: d,
  data: M.data.slice(start * d, (start + rows) * d),
});
/** The same fit by hand: partialFit on the same chunks, in the same order. */
function byHand(M: typeof X, chunkRows: number, epochs: number): MiniBatchKMeans {
  const m = new MiniBatchKMeans({ nClusters: 3, batchSize: chunkRows, seed: 5 });
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < M.rows; s += chunkRows) m.partialFit(chunk(M, s, Math.min(chunkRows, M.rows - s)));
  }
  return m;
}

describe('fitMiniBatchKMeansStream(path, opts)', () => {
  it('equals partialFit over the same chunks; labels, counts and inertia of the labelling pass', async () => {
    const seen: Int32Array[] = [];
    const r = await fitMiniBatchKMeansStream(csv, {
      nClusters: 3,
      batchSize: 100,
      epochs: 2,
      seed: 5,
      keepLabels: true,
      onLabels: (l) => seen.push(l),
    });
    const ref = byHand(X, 100, 2);
    expect(Array.from(r.model.clusterCenters.data)).toEqual(Array.from(ref.clusterCenters.data));
    expect(Array.from(r.centers.data)).toEqual(Array.from(ref.clusterCenters.data));
    expect(r.names).toEqual(['a', 'b']);
    expect(r.rows).toBe(700);
    expect(seen).toHaveLength(7);
    const labels = ref.predict(X);
    expect(Array.from(r.labels ?? [])).toEqual(Array.from(labels));
    expect(seen.flatMap((l) => Array.from(l))).toEqual(Array.from(labels));
    expect(r.counts).toEqual([0, 1, 2].map((c) => labels.filter((l) => l === c).length));
    expect(r.inertia).toBeCloseTo(-ref.score(X), 6);
    expect(r.scaler.kind).toBe('none');
  });
  it('scale: standard fits the scaler on the whole file first and reports centers in the file units', async () => {
    const r = await fitMiniBatchKMeansStream(csv, { nClusters: 3, chunkRows: 350, scale: 'standard', seed: 5 });
    const s = fitScaler(X, 'standard');
    for (let j = 0; j < d; j++) {
      expect(r.scaler.offset[j]).toBeCloseTo(s.offset[j], 10);
      expect(r.scaler.scale[j]).toBeCloseTo(s.scale[j], 10);
    }
    const ref = byHand(applyScaler(X, r.scaler), 350, 1);
    expect(Array.from(r.model.clusterCenters.data)).toEqual(Array.from(ref.clusterCenters.data));
    expect(r.labels).toBeUndefined();
    expect(r.centers.data[0]).toBeCloseTo(ref.clusterCenters.data[0] * r.scaler.scale[0] + r.scaler.offset[0], 10);
  });
  it('onProgress counts every chunk of every pass (total NaN until the first pass ends) and changes nothing', async () => {
    for (const scale of ['none', 'standard'] as const) {
      const calls: [number, number][] = [];
      const opts = { nClusters: 3, chunkRows: 100, epochs: 3, seed: 5, scale };
      const r = await fitMiniBatchKMeansStream(csv, {
        ...opts,
        onProgress: (done, total) => calls.push([done, total]),
      });
      const passes = (scale === 'none' ? 0 : 1) + 3 + 1;
      expect(calls.map((c) => c[0])).toEqual(Array.from({ length: passes * 7 }, (_, i) => i + 1));
      expect(calls.slice(0, 7).every((c) => Number.isNaN(c[1]))).toBe(true);
      expect(calls.slice(7).every((c) => c[1] === passes * 7)).toBe(true);
      const plain = await fitMiniBatchKMeansStream(csv, opts);
      expect(Array.from(r.centers.data)).toEqual(Array.from(plain.centers.data));
      expect(r.inertia).toBe(plain.inertia);
    }
  });
  it('explicit init centers are scaled like the data; a wrong width is a ValidationError', async () => {
    const init = [
      [0, 0],
      [5, 5],
      [-5, 5],
    ];
    const r = await fitMiniBatchKMeansStream(csv, { nClusters: 3, init, chunkRows: 700, seed: 1 });
    expect(r.rows).toBe(700);
    await expect(fitMiniBatchKMeansStream(csv, { nClusters: 3, init: [[0], [1], [2]] })).rejects.toThrow(
      ValidationError,
    );
  });
});
