import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digamma, logBeta, logGamma } from '../../src/core/special.js';

const f = JSON.parse(readFileSync(new URL('../fixtures/bayesian_mixture/special.json', import.meta.url), 'utf8')) as {
  params: { rtol: number };
  input: { x: number[]; pairs: [number, number][] };
  expected: { gammaln: number[]; digamma: number[]; betaln: number[] };
};
const tol = (e: number) => f.params.rtol * Math.max(1, Math.abs(e));

describe('logGamma', () => {
  it('is exact at the first integers and half-integers', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(11) - Math.log(3628800))).toBeLessThan(1e-13);
  });
  it('matches scipy.special.gammaln on (0, 1e6)', () => {
    f.input.x.forEach((x, i) => {
      const e = f.expected.gammaln[i];
      expect(Math.abs(logGamma(x) - e), `x=${x}`).toBeLessThanOrEqual(tol(e));
    });
  });
});

describe('digamma', () => {
  it('is −γ at 1 and satisfies ψ(x + 1) = ψ(x) + 1/x', () => {
    expect(Math.abs(digamma(1) + 0.5772156649015329)).toBeLessThan(1e-15);
    for (const x of [0.2, 1.7, 5.5, 40]) expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThan(1e-13);
  });
  it('matches scipy.special.digamma on (0, 1e6)', () => {
    f.input.x.forEach((x, i) => {
      const e = f.expected.digamma[i];
      expect(Math.abs(digamma(x) - e), `x=${x}`).toBeLessThanOrEqual(tol(e));
    });
  });
});

describe('logBeta', () => {
  it('matches scipy.special.betaln', () => {
    f.input.pairs.forEach(([a, b], i) => {
      const e = f.expected.betaln[i];
      expect(Math.abs(logBeta(a, b) - e), `a=${a}, b=${b}`).toBeLessThanOrEqual(tol(e));
    });
  });
});
