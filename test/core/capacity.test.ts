import { afterEach, describe, expect, it } from 'vitest';
import { getMemoryBudget, setMemoryBudget } from '../../src/core/distance.js';
import { CapacityError, ValidationError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/random.js';
import { densityGrid1D, densityGrid2D } from '../../src/density/grid.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

const DEFAULT = getMemoryBudget();
afterEach(() => {
  setMemoryBudget(DEFAULT);
});

function random(n: number, d: number): { rows: number; cols: number; data: Float64Array } {
  const rng = createRng(7);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.nextFloat()) };
}

/** Runs f, expecting a CapacityError; returns it. */
function capacity(f: () => unknown): CapacityError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CapacityError);
    return e as CapacityError;
  }
  throw new Error('expected a CapacityError');
}

describe('capacity guards (issue 21 item 7): estimated first, refused with CapacityError naming memoryBudget', () => {
  it('GaussianMixture full covariance on 5 × 12 000 is refused before allocating (was > 60 s and 3.1 GB)', () => {
    const e = capacity(() => new GaussianMixture({ nComponents: 1, covarianceType: 'full' }).fit(random(5, 12000)));
    expect(e.bytes).toBe(8 * 7 * 12000 * 12000);
    expect(e.budget).toBe(DEFAULT);
    expect(e.message).toMatch(/raise memoryBudget/);
    expect(e.message).toMatch(/'diag'/);
  });

  it('GaussianMixture with 3 full covariances of 40 000 features is refused (was "Array buffer allocation failed")', () => {
    capacity(() => new GaussianMixture({ nComponents: 3, covarianceType: 'full' }).fit(random(3, 40000)));
  });

  it('setMemoryBudget lowers the default for the GMM covariances, linkage and density grids; diag still fits', () => {
    setMemoryBudget(1024 ** 2);
    expect(getMemoryBudget()).toBe(1024 ** 2);
    const X = random(20, 200);
    capacity(() => new GaussianMixture({ nComponents: 3, covarianceType: 'full' }).fit(X));
    expect(new GaussianMixture({ nComponents: 3, covarianceType: 'diag', seed: 0 }).fit(X).means.rows).toBe(3);
    capacity(() => linkage(random(600, 30), { method: 'average' }));
    const kde = new KernelDensity({ bandwidth: 0.5 }).fit(random(30, 2));
    capacity(() => densityGrid2D(kde, { nx: 200, ny: 200 }));
    setMemoryBudget(DEFAULT);
    expect(densityGrid2D(kde, { nx: 200, ny: 200 }).density).toHaveLength(40000);
  });

  it('density grids of 100 000² (2-D) and 1e9 (1-D) points are refused (were RangeError and 12 GB RSS)', () => {
    const k2 = new KernelDensity({ bandwidth: 0.5 }).fit(random(30, 2));
    const e = capacity(() => densityGrid2D(k2, { nx: 100000, ny: 100000 }));
    expect(e.message).toMatch(/lower nx, ny \(CLI --grid\)/);
    const k1 = new KernelDensity({ bandwidth: 0.5 }).fit(random(30, 1));
    capacity(() => densityGrid1D(k1, { n: 1e9 }));
  });

  it('setMemoryBudget rejects a budget that is not a number > 0', () => {
    for (const bad of [0, -1, Number.NaN, '8G' as unknown as number]) {
      expect(() => setMemoryBudget(bad)).toThrow(ValidationError);
    }
    expect(getMemoryBudget()).toBe(DEFAULT);
  });
});
