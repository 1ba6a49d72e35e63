import { describe, expect, it } from 'vitest';
import { chooseKSvg } from '../../src/plot/chooseK.js';
import { chooseK } from '../../src/selection/chooseK.js';
import { expectSvgSnapshot } from './snapshot.js';

describe('chooseKSvg', () => {
  it('draws the score curve with one point per k and marks the chosen k', () => {
    const svg = chooseKSvg({
      k: 4,
      method: 'silhouette',
      ks: [2, 3, 4, 5, 6],
      scores: [0.41, 0.52, 0.71, 0.6, 0.55],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('k = 4');
    expect(svg).toContain('mean silhouette');
    expectSvgSnapshot('choosek-silhouette', svg);
  });
  it('adds Gap ± s for the gap statistic', () => {
    const svg = chooseKSvg({
      k: 3,
      method: 'gap',
      ks: [1, 2, 3, 4],
      scores: [0.1, 0.4, 0.9, 0.85],
      sk: [0.05, 0.04, 0.05, 0.06],
    });
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('Gap − s');
    expectSvgSnapshot('choosek-gap', svg);
  });
  it('renders a real chooseK result', () => {
    const X = [
      [0, 0],
      [0, 1],
      [1, 0],
      [9, 9],
      [9, 8],
      [8, 9],
      [0, 9],
      [1, 9],
      [0, 8],
    ];
    const r = chooseK(X, { method: 'calinski', kMax: 5, seed: 0 });
    const svg = chooseKSvg(r);
    expect(svg).toContain(`k = ${r.k}`);
    expect(svg.match(/<circle /g)).toHaveLength(r.ks.length);
  });
});
