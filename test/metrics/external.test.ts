import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityError, ValidationError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/random.js';
import { sparseContingency } from '../../src/metrics/external/contingency.js';
import { entropyOfCounts, expectedMutualInfo, logFactorialTable } from '../../src/metrics/external/mutualInfo.js';
import {
  AVERAGE_METHODS,
  type AverageMethod,
  adjustedMutualInfoScore,
  adjustedRandScore,
  completenessScore,
  contingencyMatrix,
  fowlkesMallowsScore,
  homogeneityCompletenessVMeasure,
  homogeneityScore,
  mutualInfoScore,
  normalizedMutualInfoScore,
  pairConfusionMatrix,
  purityScore,
  randScore,
  vMeasureScore,
} from '../../src/metrics/index.js';
import { expectClose, loadFixture, type Tolerance } from './helpers.js';

interface Hcv {
  homogeneity: number;
  completeness: number;
  vMeasure: number;
}
interface ExternalCase {
  name: string;
  input: { labelsTrue: number[]; labelsPred: number[] };
  expected: {
    contingency: { classes: number[]; clusters: number[]; data: number[][] };
    pairConfusion: number[][];
    adjustedRand: number;
    rand: number;
    mutualInfo: number;
    normalizedMutualInfo: Record<AverageMethod, number>;
    adjustedMutualInfo: Record<AverageMethod, number>;
    fowlkesMallows: number;
    purity: number;
    expectedMutualInfo: number;
    entropyTrue: number;
    entropyPred: number;
    hcv: Hcv;
    hcvBeta2: Hcv;
  };
  tolerance: Tolerance;
}

const cases = loadFixture<ExternalCase[]>('external.json');

describe('external metrics (scikit-learn fixtures)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { labelsTrue: a, labelsPred: b } = c.input;
      const e = c.expected;
      const tol = c.tolerance;
      const cm = contingencyMatrix(a, b);
      expect(Array.from(cm.classes)).toEqual(e.contingency.classes);
      expect(Array.from(cm.clusters)).toEqual(e.contingency.clusters);
      expect(Array.from(cm.data)).toEqual(e.contingency.data.flat());
      expect(pairConfusionMatrix(a, b)).toEqual(e.pairConfusion);
      expectClose(adjustedRandScore(a, b), e.adjustedRand, tol);
      expectClose(randScore(a, b), e.rand, tol);
      expectClose(mutualInfoScore(a, b), e.mutualInfo, tol);
      const s = sparseContingency(Int32Array.from(a), Int32Array.from(b));
      expectClose(expectedMutualInfo(s), e.expectedMutualInfo, tol);
      expectClose([entropyOfCounts(s.rowSums), entropyOfCounts(s.colSums)], [e.entropyTrue, e.entropyPred], tol);
      for (const m of AVERAGE_METHODS) {
        expectClose(normalizedMutualInfoScore(a, b, { averageMethod: m }), e.normalizedMutualInfo[m], tol);
        // AMI = (MI − E[MI]) / (M(H) − E[MI]). When one labelling puts every sample alone, E[MI] = MI = H(other)
        // exactly, and with 'min' (or both all-singletons) the ratio is 0/0: scikit-learn's value there is
        // rounding noise, so only E[MI] (checked above) and the numerator are compared.
        const mean = {
          arithmetic: (e.entropyTrue + e.entropyPred) / 2,
          geometric: Math.sqrt(e.entropyTrue * e.entropyPred),
          min: Math.min(e.entropyTrue, e.entropyPred),
          max: Math.max(e.entropyTrue, e.entropyPred),
        }[m];
        const ami = adjustedMutualInfoScore(a, b, { averageMethod: m });
        if (Math.abs(mean - e.expectedMutualInfo) > 1e-10) expectClose(ami, e.adjustedMutualInfo[m], tol);
        else {
          expect(Number.isFinite(ami)).toBe(true);
          expectClose(e.mutualInfo - e.expectedMutualInfo, 0, { rtol: 0, atol: 1e-12 });
        }
      }
      expectClose(normalizedMutualInfoScore(a, b), e.normalizedMutualInfo.arithmetic, tol);
      expectClose(adjustedMutualInfoScore(a, b), e.adjustedMutualInfo.arithmetic, tol);
      expectClose(fowlkesMallowsScore(a, b), e.fowlkesMallows, tol);
      expectClose(purityScore(a, b), e.purity, tol);
      const h = homogeneityCompletenessVMeasure(a, b);
      expectClose(
        [h.homogeneity, h.completeness, h.vMeasure],
        [e.hcv.homogeneity, e.hcv.completeness, e.hcv.vMeasure],
        tol,
      );
      const h2 = homogeneityCompletenessVMeasure(a, b, { beta: 2 });
      expectClose(
        [h2.homogeneity, h2.completeness, h2.vMeasure],
        [e.hcvBeta2.homogeneity, e.hcvBeta2.completeness, e.hcvBeta2.vMeasure],
        tol,
      );
      expectClose(
        [homogeneityScore(a, b), completenessScore(a, b), vMeasureScore(a, b)],
        [h.homogeneity, h.completeness, h.vMeasure],
        tol,
      );
    });
  }
});

describe('large n (labels from a formula, scikit-learn fixture)', () => {
  const c = loadFixture<ExternalCase & { params: { formula: { n: number } } }>('external_large.json');
  it(`${c.name}: ARI, AMI (exact EMI at n = 60 000), NMI, V-measure, FM, purity`, () => {
    const n = c.params.formula.n;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const t = Math.floor(i / 6000);
      a[i] = t;
      b[i] = (i * 7919) % 97 < 20 ? (t + 1 + (i % 3)) % 12 : t;
    }
    const e = c.expected;
    const tol = c.tolerance;
    const s = sparseContingency(a, b);
    expect(Array.from(s.clusters)).toEqual(e.contingency.clusters);
    expectClose(expectedMutualInfo(s), e.expectedMutualInfo, tol);
    expectClose(adjustedRandScore(a, b), e.adjustedRand, tol);
    expectClose(mutualInfoScore(a, b), e.mutualInfo, tol);
    for (const m of AVERAGE_METHODS) {
      expectClose(normalizedMutualInfoScore(a, b, { averageMethod: m }), e.normalizedMutualInfo[m], tol);
      expectClose(adjustedMutualInfoScore(a, b, { averageMethod: m }), e.adjustedMutualInfo[m], tol);
    }
    const h = homogeneityCompletenessVMeasure(a, b);
    expectClose(
      [h.homogeneity, h.completeness, h.vMeasure],
      [e.hcv.homogeneity, e.hcv.completeness, e.hcv.vMeasure],
      tol,
    );
    expectClose(fowlkesMallowsScore(a, b), e.fowlkesMallows, tol);
    expectClose(purityScore(a, b), e.purity, tol);
    expect(pairConfusionMatrix(a, b)).toEqual(e.pairConfusion);
  });
});

describe('contingency tables', () => {
  it('the sorted-key path (R·C above the dense threshold) equals dense counting', () => {
    const n = 5000;
    const rng = createRng(4);
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng.nextInt(3000) - 1000;
      b[i] = rng.nextInt(2000) * 3;
    }
    const s = sparseContingency(a, b); // 3000·2000 > 4 194 304 → sorted keys
    const cm = contingencyMatrix(a, b);
    let total = 0;
    for (let q = 0; q < s.values.length; q++) {
      expect(cm.data[s.rowIdx[q] * cm.cols + s.colIdx[q]]).toBe(s.values[q]);
      total += s.values[q];
      if (q > 0)
        expect(s.rowIdx[q] * cm.cols + s.colIdx[q]).toBeGreaterThan(s.rowIdx[q - 1] * cm.cols + s.colIdx[q - 1]);
    }
    expect(total).toBe(n);
    let nnz = 0;
    for (const v of cm.data) if (v > 0) nnz++;
    expect(nnz).toBe(s.values.length);
  });
  it('checks the memory budget of the dense matrix', () => {
    expect(() => contingencyMatrix([0, 1, 2, 3], [0, 1, 2, 3], 64)).toThrow(CapacityError);
  });
});

describe('log-factorial table', () => {
  it('matches sums of logarithms and is accurate at large N', () => {
    const t = logFactorialTable(3000);
    let s = 0;
    for (let k = 1; k <= 3000; k++) {
      s += Math.log(k);
      expect(Math.abs(t[k] - s)).toBeLessThanOrEqual(1e-13 * s + 1e-15);
    }
  });
});

const labelsArb = fc
  .integer({ min: 2, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: -3, max: 5 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n }),
    ),
  );

describe('properties', () => {
  it('every metric is invariant to permuting and renaming label ids', () => {
    fc.assert(
      fc.property(labelsArb, fc.integer({ min: 1, max: 97 }), ([a, b], mul) => {
        const a2 = a.map((v) => v * mul - 13);
        const b2 = b.map((v) => -(v * 31) + 5);
        expectClose(adjustedRandScore(a2, b2), adjustedRandScore(a, b), { rtol: 1e-12, atol: 1e-12 });
        expectClose(randScore(a2, b2), randScore(a, b), { rtol: 1e-12, atol: 1e-12 });
        expectClose(fowlkesMallowsScore(a2, b2), fowlkesMallowsScore(a, b), { rtol: 1e-12, atol: 1e-12 });
        expectClose(purityScore(a2, b2), purityScore(a, b), { rtol: 1e-12, atol: 1e-12 });
        // AMI is 0/0 (rounding noise) when a labelling puts every sample alone: left out there.
        const allAlone = new Set(a).size === a.length || new Set(b).size === b.length;
        for (const m of AVERAGE_METHODS) {
          expectClose(
            normalizedMutualInfoScore(a2, b2, { averageMethod: m }),
            normalizedMutualInfoScore(a, b, { averageMethod: m }),
            {
              rtol: 1e-12,
              atol: 1e-12,
            },
          );
          if (!allAlone)
            expectClose(
              adjustedMutualInfoScore(a2, b2, { averageMethod: m }),
              adjustedMutualInfoScore(a, b, { averageMethod: m }),
              {
                rtol: 1e-9,
                atol: 1e-12,
              },
            );
        }
        const v = homogeneityCompletenessVMeasure(a, b);
        const v2 = homogeneityCompletenessVMeasure(a2, b2);
        expectClose([v2.homogeneity, v2.completeness, v2.vMeasure], [v.homogeneity, v.completeness, v.vMeasure], {
          rtol: 1e-12,
          atol: 1e-12,
        });
        // symmetric metrics
        expectClose(adjustedRandScore(b, a), adjustedRandScore(a, b), { rtol: 1e-12, atol: 1e-12 });
        expectClose(normalizedMutualInfoScore(b, a), normalizedMutualInfoScore(a, b), { rtol: 1e-12, atol: 1e-12 });
      }),
      { numRuns: 80 },
    );
  });

  it('identical partitions give 1 for ARI, NMI, AMI, V-measure, FM and Rand', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 2, max: 50 }),
        (a, mul) => {
          const b = a.map((v) => 100 - v * mul);
          const k = new Set(a).size;
          expectClose(adjustedRandScore(a, b), 1, { rtol: 0, atol: 1e-12 });
          expectClose(randScore(a, b), 1, { rtol: 0, atol: 1e-12 });
          for (const m of AVERAGE_METHODS) {
            expectClose(normalizedMutualInfoScore(a, b, { averageMethod: m }), 1, { rtol: 0, atol: 1e-12 });
            if (k < a.length)
              expectClose(adjustedMutualInfoScore(a, b, { averageMethod: m }), 1, { rtol: 0, atol: 1e-9 });
          }
          expectClose(vMeasureScore(a, b), 1, { rtol: 0, atol: 1e-12 });
          expectClose(purityScore(a, b), 1, { rtol: 0, atol: 1e-12 });
          // FM is 0 by definition when no pair is together (all singletons), else 1.
          expectClose(fowlkesMallowsScore(a, b), k === a.length ? 0 : 1, { rtol: 0, atol: 1e-12 });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('ARI and AMI are near 0 for independent random labellings', () => {
    const rng = createRng(11);
    let sumAri = 0;
    let sumAmi = 0;
    const reps = 20;
    for (let r = 0; r < reps; r++) {
      const n = 400;
      const a = Array.from({ length: n }, () => rng.nextInt(5));
      const b = Array.from({ length: n }, () => rng.nextInt(7));
      const ari = adjustedRandScore(a, b);
      const ami = adjustedMutualInfoScore(a, b);
      expect(Math.abs(ari)).toBeLessThan(0.03);
      expect(Math.abs(ami)).toBeLessThan(0.03);
      sumAri += ari;
      sumAmi += ami;
    }
    expect(Math.abs(sumAri / reps)).toBeLessThan(0.01);
    expect(Math.abs(sumAmi / reps)).toBeLessThan(0.01);
  });

  it('scores lie in their ranges', () => {
    fc.assert(
      fc.property(labelsArb, ([a, b]) => {
        for (const v of [
          randScore(a, b),
          fowlkesMallowsScore(a, b),
          purityScore(a, b),
          normalizedMutualInfoScore(a, b),
        ]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
        expect(adjustedRandScore(a, b)).toBeLessThanOrEqual(1 + 1e-12);
        expect(adjustedRandScore(a, b)).toBeGreaterThanOrEqual(-1);
        expect(mutualInfoScore(a, b)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('bad input → typed errors', () => {
  const fns = [
    adjustedRandScore,
    randScore,
    mutualInfoScore,
    normalizedMutualInfoScore,
    adjustedMutualInfoScore,
    homogeneityCompletenessVMeasure,
    fowlkesMallowsScore,
    purityScore,
    contingencyMatrix,
    pairConfusionMatrix,
  ] as ((a: ArrayLike<number>, b: ArrayLike<number>) => unknown)[];
  it('labels of different lengths, empty, NaN or non-integer', () => {
    for (const f of fns) {
      expect(() => f([0, 1, 1], [0, 1])).toThrow(ValidationError);
      expect(() => f([0, 1, 1], [0, 1])).toThrow(/labelsTrue has 3 labels but labelsPred has 2/);
      expect(() => f([], [])).toThrow(/empty/);
      expect(() => f([0, Number.NaN], [0, 1])).toThrow(ValidationError);
      expect(() => f([0, 1], [0, 0.5])).toThrow(ValidationError);
    }
  });
  it('unknown averageMethod and negative beta', () => {
    expect(() => normalizedMutualInfoScore([0, 1], [0, 1], { averageMethod: 'mean' as AverageMethod })).toThrow(
      /averageMethod/,
    );
    expect(() => adjustedMutualInfoScore([0, 1], [0, 1], { averageMethod: 'x' as AverageMethod })).toThrow(
      ValidationError,
    );
    expect(() => homogeneityCompletenessVMeasure([0, 1], [0, 1], { beta: -1 })).toThrow(/beta/);
  });
});
