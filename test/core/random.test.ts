import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, createRngFromState, sampleWithoutReplacement } from '../../src/core/random.js';

describe('xoshiro128**', () => {
  it('matches the reference C implementation (Blackman & Vigna) from state {1,2,3,4}', () => {
    // Output of the published xoshiro128starstar.c compiled with gcc, seeded s = {1, 2, 3, 4}.
    const expected = [
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ];
    const rng = createRngFromState([1, 2, 3, 4]);
    expect(Array.from({ length: 10 }, () => rng.nextUint32())).toEqual(expected);
  });
  it('createRng(seed) is deterministic and seeds differ', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const va = Array.from({ length: 5 }, () => a.nextFloat());
    expect(Array.from({ length: 5 }, () => b.nextFloat())).toEqual(va);
    expect(Array.from({ length: 5 }, () => c.nextFloat())).not.toEqual(va);
    for (const v of va) expect(v >= 0 && v < 1).toBe(true);
  });
  it('nextInt is uniform enough and nextNormal has mean 0 and variance 1', () => {
    const rng = createRng(7);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50000; i++) counts[rng.nextInt(5)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    let s = 0;
    let s2 = 0;
    const m = 100000;
    for (let i = 0; i < m; i++) {
      const z = rng.nextNormal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / m)).toBeLessThan(0.02);
    expect(Math.abs(s2 / m - 1)).toBeLessThan(0.02);
  });
  it('sampleWithoutReplacement gives k distinct indices', () => {
    const idx = sampleWithoutReplacement(createRng(1), 20, 20);
    expect(new Set(idx).size).toBe(20);
  });
});

describe('nextInt (cached rejection limit, remainder without fmod)', () => {
  it('draws exactly what r % n with the limit 2³² − (2³² mod n) draws, for any n, changing n between draws', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 2, max: 2 ** 20 }),
            fc.integer({ min: 2 ** 20, max: 2 ** 32 }),
            fc.constantFrom(2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, 3 * 2 ** 30 + 7, 1, 0),
            fc.double({ min: 1.01, max: 1e6, noNaN: true }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (ns, seed) => {
          const a = createRng(seed);
          const b = createRng(seed);
          for (const n of ns) {
            let want = 0;
            if (n > 1) {
              const limit = 4294967296 - (4294967296 % n);
              for (;;) {
                const r = b.nextUint32();
                if (r < limit) {
                  want = r % n;
                  break;
                }
              }
            }
            expect(Object.is(a.nextInt(n), want)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
