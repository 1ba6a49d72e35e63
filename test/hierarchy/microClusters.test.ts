import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { AgglomerativeClustering } from '../../src/hierarchy/AgglomerativeClustering.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { isValidLinkage } from '../../src/hierarchy/linkageMatrix.js';
import { clusterMicroClusters, microClusterLinkage } from '../../src/hierarchy/microClusters.js';
import { adjustedRandScore } from '../../src/metrics/index.js';

const blobs = makeBlobs({
  nSamples: 1500,
  centers: [
    [0, 0],
    [20, 0],
    [0, 20],
    [20, 20],
    [40, 10],
  ],
  clusterStd: 1,
  seed: 3,
});

describe('microClusterLinkage(X, opts)', () => {
  it.each(['ward', 'average', 'centroid'] as const)(
    '%s: on well-separated blobs, the same partition as the full linkage',
    (method) => {
      const r = microClusterLinkage(blobs.X, { nMicroClusters: 60, method, nClusters: 5, seed: 1 });
      const full = new AgglomerativeClustering({ nClusters: 5, linkage: method }).fit(blobs.X).labels;
      expect(r.labels).toBeDefined();
      expect(adjustedRandScore(full, r.labels as Int32Array)).toBe(1);
      expect(adjustedRandScore(blobs.y, r.labels as Int32Array)).toBe(1);
    },
  );
  it('is the weighted linkage of its centres, and labels every row through its micro-cluster', () => {
    const r = microClusterLinkage(blobs.X, { nMicroClusters: 40, nClusters: 3, seed: 2 });
    expect(r.centers.rows).toBe(40);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBe(1500);
    const Z = linkage(r.centers, { method: 'ward', sampleWeight: r.weights });
    expect(Array.from(r.linkage.data)).toEqual(Array.from(Z.data));
    expect(isValidLinkage(r.linkage)).toBe(true);
    const cl = r.centerLabels as Int32Array;
    expect(Array.from(r.labels as Int32Array)).toEqual(Array.from(r.microLabels, (c) => cl[c]));
    for (let c = 0; c < 40; c++) expect(r.weights[c]).toBe(r.microLabels.filter((l) => l === c).length);
  });
  it('with one micro-cluster per (distinct) row it is the full linkage: same heights', () => {
    const X = makeBlobs({ nSamples: 60, centers: 3, nFeatures: 3, seed: 5 }).X;
    for (const method of ['ward', 'average'] as const) {
      const r = microClusterLinkage(X, { nMicroClusters: 60, method, seed: 1 });
      expect(r.weights.every((w) => w === 1)).toBe(true);
      const full = linkage(X, { method });
      for (let i = 0; i < 59; i++) expect(r.linkage.data[i * 4 + 2]).toBeCloseTo(full.data[i * 4 + 2], 9);
    }
  });
  it('distanceThreshold cuts at a height; minibatch micro-clusters give the same blobs', () => {
    const r = microClusterLinkage(blobs.X, {
      nMicroClusters: 50,
      distanceThreshold: 100,
      kmeans: 'minibatch',
      seed: 4,
    });
    expect(r.nClusters).toBe(5);
    expect(adjustedRandScore(blobs.y, r.labels as Int32Array)).toBe(1);
  });
  it('duplicate rows: empty micro-clusters are dropped', () => {
    const X = [
      [0, 0],
      [0, 0],
      [0, 0],
      [5, 5],
      [5, 5],
      [9, 9],
    ];
    const r = microClusterLinkage(X, { nMicroClusters: 5, nClusters: 2, seed: 1 });
    expect(r.centers.rows).toBe(3);
    expect(Array.from(r.weights).sort()).toEqual([1, 2, 3]);
    expect(r.labels?.[0]).toBe(r.labels?.[2]);
    expect(r.labels?.[3]).toBe(r.labels?.[5]);
  });
  it('bad options are ValidationErrors before any work', () => {
    expect(() => microClusterLinkage(blobs.X, { nMicroClusters: 1 })).toThrow(ValidationError);
    expect(() => microClusterLinkage([[0], [1]], { nMicroClusters: 3 })).toThrow(/at most 2/);
    expect(() => microClusterLinkage(blobs.X, { nMicroClusters: 10, nClusters: 11 })).toThrow(/more than the 10/);
    expect(() => microClusterLinkage(blobs.X, { nClusters: 2, distanceThreshold: 1 })).toThrow(/not both/);
  });
});

describe('clusterMicroClusters(centers, weights, opts)', () => {
  it('weights decide the Ward merges: joining a heavy centre costs more', () => {
    // Ward cost 2·wa·wb/(wa+wb)·‖a−b‖²: unweighted 0–4 costs 16 < 4–9 25; with weight 100 on 0, 0–4 costs 31.7
    const C = [[0], [4], [9]];
    const light = clusterMicroClusters(C, [1, 1, 1], { nClusters: 2 }).centerLabels as Int32Array;
    expect(light[0]).toBe(light[1]);
    const heavy = clusterMicroClusters(C, [100, 1, 1], { nClusters: 2 }).centerLabels as Int32Array;
    expect(heavy[1]).toBe(heavy[2]);
  });
});
