import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { binSeeds, estimateBandwidth, MeanShift } from '../../src/density/MeanShift.js';
import { loadFixture } from './helpers.js';

type MsCase = {
  quantile: number;
  bandwidth: number;
  binSeeding: boolean;
  clusterAll: boolean;
  clusterCenters: number[][];
  labels: number[];
  nIter: number;
};
type MsExpected = {
  cases: MsCase[];
  default: { clusterCenters: number[][]; labels: number[]; bandwidth: number };
};

function expectCenters(actual: { rows: number; cols: number; data: Float64Array }, expected: number[][], atol: number) {
  expect(actual.rows).toBe(expected.length);
  for (let c = 0; c < expected.length; c++) {
    for (let j = 0; j < actual.cols; j++) {
      expect(Math.abs(actual.data[c * actual.cols + j] - expected[c][j])).toBeLessThan(atol);
    }
  }
}

describe('MeanShift vs scikit-learn', () => {
  for (const name of ['blobs3', 'demo']) {
    const fx = loadFixture<{ X: number[][] }, MsExpected>(`mean_shift_${name}`);
    const atol = fx.params.atol as number;
    it(`estimateBandwidth matches sklearn.cluster.estimate_bandwidth on ${name} (#6)`, () => {
      const seen = new Set<number>();
      for (const c of fx.expected.cases) {
        if (seen.has(c.quantile)) continue;
        seen.add(c.quantile);
        const bw = estimateBandwidth(fx.input.X, { quantile: c.quantile });
        expect(Math.abs(bw - c.bandwidth) / c.bandwidth).toBeLessThan(1e-12);
      }
      expect(Math.abs(estimateBandwidth(fx.input.X) - fx.expected.default.bandwidth)).toBeLessThan(1e-12);
    });
    for (const c of fx.expected.cases) {
      it(`centres, labels and nIter match on ${name}: quantile=${c.quantile}, binSeeding=${c.binSeeding}, clusterAll=${c.clusterAll} (#6)`, () => {
        const ms = new MeanShift({ bandwidth: c.bandwidth, binSeeding: c.binSeeding, clusterAll: c.clusterAll });
        ms.fit(fx.input.X);
        expectCenters(ms.clusterCenters, c.clusterCenters, atol);
        expect(Array.from(ms.labels)).toEqual(c.labels);
        expect(ms.nIter).toBe(c.nIter);
      });
    }
    it(`default options (estimated bandwidth) match on ${name} (#6)`, () => {
      const ms = new MeanShift().fit(fx.input.X);
      expectCenters(ms.clusterCenters, fx.expected.default.clusterCenters, atol);
      expect(Array.from(ms.labels)).toEqual(fx.expected.default.labels);
    });
  }
});

describe('MeanShift behaviour', () => {
  const X = [
    [0, 0],
    [0, 1],
    [1, 0],
    [9, 9],
    [9, 8],
    [20, 20],
  ];
  it('predict(X) equals labels with clusterAll, and far rows get −1 without it (#6)', () => {
    const ms = new MeanShift({ bandwidth: 2 }).fit(X);
    expect(Array.from(ms.predict(X))).toEqual(Array.from(ms.labels));
    const ms2 = new MeanShift({ bandwidth: 2, seeds: [[0, 0]], clusterAll: false }).fit(X);
    expect(ms2.clusterCenters.rows).toBe(1);
    expect(Array.from(ms2.labels)).toEqual([0, 0, 0, -1, -1, -1]);
  });

  it('binSeeds rounds half to even like NumPy and keeps first-appearance order (#6)', () => {
    const x = Float64Array.from([0.5, 1.5, 2.5, -0.5, 0.4, 1.6]);
    const s = binSeeds(x, 3, 2, 1, 1);
    // round(0.5)=0, round(1.5)=2; round(2.5)=2, round(-0.5)=-0; round(0.4)=0, round(1.6)=2 → bins (0,2),(2,-0)
    expect(s.rows).toBe(2);
    expect(Array.from(s.data)).toEqual([0, 2, 2, -0]);
    expect(binSeeds(x, 3, 2, 1, 2).rows).toBe(1);
  });

  it('toJSON / fromJSON round-trips (#6)', () => {
    const ms = new MeanShift({ bandwidth: 2, binSeeding: true }).fit(X);
    const back = MeanShift.fromJSON(JSON.parse(JSON.stringify(ms.toJSON())));
    expect(back.clusterCenters).toEqual(ms.clusterCenters);
    expect(back.predict([[8, 8]])).toEqual(ms.predict([[8, 8]]));
  });

  it('constant data: one mode, no NaN (#6)', () => {
    const C = Array.from({ length: 10 }, () => [2, 3]);
    const ms = new MeanShift().fit(C);
    expect(Array.from(ms.clusterCenters.data)).toEqual([2, 3]);
    expect(ms.warnings.map((w) => w.code)).toContain('DEGENERATE');
  });

  it('rejects bad options and data with typed errors (#6)', () => {
    expect(() => new MeanShift({ bandwidth: 0 })).toThrow(ValidationError);
    expect(() => new MeanShift({ bandwidth: -2 })).toThrow(/bandwidth/);
    expect(() => new MeanShift({ minBinFreq: 0 })).toThrow(ValidationError);
    expect(() => new MeanShift().fit([[Number.NaN, 1]])).toThrow(ValidationError);
    expect(() => new MeanShift({ bandwidth: 1, seeds: [[0, 0, 0]] }).fit(X)).toThrow(ValidationError);
    expect(() => new MeanShift({ bandwidth: 0.1, seeds: [[50, 50]] }).fit(X)).toThrow(/No row was within/);
    expect(() => new MeanShift({ bandwidth: 1, binSeeding: true, minBinFreq: 10 }).fit(X)).toThrow(/minBinFreq/);
    expect(() => new MeanShift().labels).toThrow(NotFittedError);
    const ms = new MeanShift({ bandwidth: 2 }).fit(X);
    expect(() => ms.predict([[1, 2, 3]])).toThrow(/features/);
    expect(() => estimateBandwidth(X, { quantile: 0 })).toThrow(ValidationError);
  });
});
