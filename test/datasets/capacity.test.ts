import { afterEach, describe, expect, it } from 'vitest';
import { getMemoryBudget, setMemoryBudget } from '../../src/core/distance.js';
import { CapacityError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/blobs.js';
import { makeCircles, makeMoons } from '../../src/datasets/shapes.js';
import { makeAnisotropicBlobs, makeUniformNoise, makeVariedBlobs } from '../../src/datasets/toy.js';
import { thrown } from '../helpers/thrown.js';

const initialBudget = getMemoryBudget();
afterEach(() => {
  setMemoryBudget(initialBudget);
});

describe('data-set generators: sizes beyond the memory budget', () => {
  it('makeBlobs({ nSamples: 1e12 }) raises CapacityError naming nSamples and the budget, not a RangeError', () => {
    const e = thrown(() => makeBlobs({ nSamples: 1e12 }));
    expect(e).toBeInstanceOf(CapacityError);
    const c = e as CapacityError;
    // two shuffled copies of 1e12 × 2 doubles and of 1e12 Int32 labels
    expect(c.bytes).toBe(2 * (8 * 1e12 * 2 + 4 * 1e12));
    expect(c.budget).toBe(initialBudget);
    expect(c.message).toMatch(/^makeBlobs with 1000000000000 samples × 2 features needs .* over the memory budget/);
    expect(c.message).toContain('lower nSamples, or raise memoryBudget (setMemoryBudget).');
  });

  it('every generator refuses a size over the budget before allocating', () => {
    const huge = 1e12;
    for (const f of [
      () => makeBlobs({ nSamples: [huge, 1, 1] }),
      () => makeBlobs({ nSamples: 10, centers: 1e11, nFeatures: 1e3 }),
      () => makeMoons({ nSamples: huge }),
      () => makeCircles({ nSamples: [huge, 2] }),
      () => makeAnisotropicBlobs({ nSamples: huge }),
      () => makeVariedBlobs({ nSamples: huge }),
      () => makeUniformNoise({ nSamples: huge }),
    ]) {
      expect(thrown(f)).toBeInstanceOf(CapacityError);
    }
  });

  it('the budget is the knob: a size refused under a small budget is generated under the default one', () => {
    setMemoryBudget(1000);
    expect(thrown(() => makeBlobs({ nSamples: 100 }))).toBeInstanceOf(CapacityError);
    expect(thrown(() => makeMoons({ nSamples: 100, shuffle: false }))).toBeInstanceOf(CapacityError);
    setMemoryBudget(initialBudget);
    expect(makeBlobs({ nSamples: 100, seed: 0 }).X.rows).toBe(100);
    expect(makeMoons({ nSamples: 100, shuffle: false }).X.rows).toBe(100);
  });
});
