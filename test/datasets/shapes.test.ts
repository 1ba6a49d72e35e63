import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { makeCircles, makeMoons } from '../../src/datasets/index.js';
import { loadFixtures } from '../density/clusterHelpers.js';

type Shapes = Record<string, { moons?: number[][]; moonsY?: number[]; circles?: number[][]; circlesY?: number[] }>;
const fx = loadFixtures<Shapes>('datasets_moons_circles')[0];

function expectPoints(X: { data: Float64Array; rows: number }, expected: number[][]) {
  expect(X.rows).toBe(expected.length);
  expected.forEach((r, i) => {
    expect(Math.abs(X.data[2 * i] - r[0])).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(X.data[2 * i + 1] - r[1])).toBeLessThanOrEqual(1e-15);
  });
}

describe('makeMoons / makeCircles', () => {
  for (const n of ['10', '11', '200']) {
    it(`makeMoons({ nSamples: ${n}, shuffle: false }) and makeCircles(factor 0.3) equal scikit-learn 1.2`, () => {
      const e = fx.expected[n];
      const m = makeMoons({ nSamples: Number(n), shuffle: false });
      expectPoints(m.X, e.moons as number[][]);
      expect(Array.from(m.y)).toEqual(e.moonsY);
      const c = makeCircles({ nSamples: Number(n), shuffle: false, factor: 0.3 });
      expectPoints(c.X, e.circles as number[][]);
      expect(Array.from(c.y)).toEqual(e.circlesY);
    });
  }

  it('makeMoons / makeCircles take [outer, inner] counts', () => {
    expectPoints(makeMoons({ nSamples: [3, 5], shuffle: false }).X, fx.expected['3,5'].moons as number[][]);
    expectPoints(
      makeCircles({ nSamples: [4, 6], shuffle: false, factor: 0.8 }).X,
      fx.expected['4,6'].circles as number[][],
    );
  });

  it('makeMoons with noise is seeded, shuffled with its labels, and reproducible', () => {
    const a = makeMoons({ nSamples: 50, noise: 0.1, seed: 3 });
    const b = makeMoons({ nSamples: 50, noise: 0.1, seed: 3 });
    expect(a.X.data).toEqual(b.X.data);
    expect(a.y).toEqual(b.y);
    const clean = makeMoons({ nSamples: 50, seed: 3 });
    for (let i = 0; i < 50; i++) {
      const [x, yv] = [clean.X.data[2 * i], clean.X.data[2 * i + 1]];
      const r = clean.y[i] === 0 ? Math.hypot(x, yv) : Math.hypot(x - 1, yv - 0.5);
      expect(Math.abs(r - 1)).toBeLessThan(1e-12);
    }
  });

  it('makeCircles rejects factor outside [0, 1) and makeMoons a negative noise', () => {
    expect(() => makeCircles({ factor: 1 })).toThrow(ValidationError);
    expect(() => makeMoons({ noise: -1 })).toThrow(/noise/);
    expect(() => makeMoons({ nSamples: 0 })).toThrow(/nSamples/);
  });
});
