import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { pdist } from '../../src/engine/pairwise.js';
import { cophenet } from '../../src/hierarchy/cophenet.js';
import { fcluster, inconsistent, maxdists, maxinconsts } from '../../src/hierarchy/fcluster.js';
import { linkage, MONOTONE_METHODS } from '../../src/hierarchy/linkage.js';
import { checkLinkage, isValidLinkage, leaves, toNewick, toTree } from '../../src/hierarchy/linkageMatrix.js';
import { optimalLeafOrdering } from '../../src/hierarchy/optimalLeafOrdering.js';
import { expectLinkageClose, FIXTURE_NAMES, fixtureData, loadFixture } from './helpers.js';

const zOf = (data: number[]): Matrix => ({ rows: data.length / 4, cols: 4, data: Float64Array.from(data) });
const close = (a: ArrayLike<number>, b: ArrayLike<number>, rtol = 1e-9) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (Math.abs(a[i] - b[i]) > rtol * Math.max(1, Math.abs(b[i]))) throw new Error(`[${i}] ${a[i]} vs ${b[i]}`);
  }
};

describe('fcluster, inconsistent, leaves — SciPy fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    const f = loadFixture(name);
    const methods = Object.keys(f.expected.flat);
    if (methods.length === 0) continue;
    it(`fcluster/inconsistent/leaves on ${name} equal SciPy's (labels = SciPy's − 1)`, () => {
      for (const method of methods) {
        const flat = f.expected.flat[method];
        const key = `${method}/${f.input.X ? 'euclidean' : 'precomputed'}`;
        const Z = zOf(f.expected.linkage[key]);
        expect(Array.from(leaves(Z))).toEqual(flat.leaves);
        for (const [depth, R] of Object.entries(flat.inconsistent)) close(inconsistent(Z, Number(depth)).data, R);
        for (const c of flat.fcluster) {
          const got = fcluster(Z, c.t, {
            criterion: c.criterion as 'maxclust',
            depth: c.depth,
            monocrit: c.monocrit,
          });
          if (c.criterion === 'maxclust' && c.t >= f.params.n - 1) {
            // SciPy 1.10.1 starts its binary search at index 0 and so returns n−2 clusters here; later SciPy (and
            // clusterkit) start at −1 and return the clusters asked for.
            expect(new Set(got).size).toBe(Math.min(c.t, f.params.n));
            expect(new Set(c.labels).size).toBe(f.params.n - 2);
            continue;
          }
          expect(Array.from(got), `${name} ${method} ${c.criterion} t=${c.t}`).toEqual(c.labels.map((v) => v - 1));
        }
        // ... and on our own linkage of the same data
        const ours = linkage(fixtureData(f), { method: method as 'ward' });
        expect(Array.from(fcluster(ours, 3, { criterion: 'maxclust' }))).toEqual(
          flat.fcluster.find((c) => c.criterion === 'maxclust' && c.t === 3)?.labels.map((v) => v - 1),
        );
      }
    });
  }

  it("'maxclust_monocrit' with maxdists as monocrit equals 'maxclust'", () => {
    for (const name of ['scipy_QX', 'blobs60']) {
      const f = loadFixture(name);
      const Z = zOf(f.expected.linkage['average/euclidean']);
      for (const k of [2, 3, 5, 10]) {
        expect(Array.from(fcluster(Z, k, { criterion: 'maxclust_monocrit', monocrit: maxdists(Z) }))).toEqual(
          Array.from(fcluster(Z, k, { criterion: 'maxclust' })),
        );
      }
    }
  });
  it('maxinconsts and maxdists are the subtree maxima', () => {
    const f = loadFixture('scipy_QX');
    const Z = zOf(f.expected.linkage['average/euclidean']);
    const mc = f.expected.flat.average.fcluster.find((c) => c.criterion === 'monocrit')?.monocrit as number[];
    close(maxinconsts(Z, inconsistent(Z, 2)), mc);
    const md = maxdists(Z);
    for (let i = 0; i < Z.rows; i++) expect(md[i]).toBeGreaterThanOrEqual(Z.data[i * 4 + 2]);
    expect(md[Z.rows - 1]).toBe(Math.max(...Array.from({ length: Z.rows }, (_, i) => Z.data[i * 4 + 2])));
  });
});

describe('cophenet — SciPy fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    it(`cophenet(Z, Y) on ${name} equals SciPy's coefficient (1e-9) and distances`, () => {
      const f = loadFixture(name);
      const Y = f.input.X ? pdist(f.input.X) : Float64Array.from(f.input.y as number[]);
      for (const [method, ref] of Object.entries(f.expected.cophenet)) {
        const key = `${method}/${f.input.X ? 'euclidean' : 'precomputed'}`;
        const res = cophenet(zOf(f.expected.linkage[key]), Y);
        expect(Math.abs((res.coefficient as number) - ref.coefficient)).toBeLessThan(1e-9);
        if (ref.distances) close(res.distances, ref.distances, 1e-12);
      }
    });
  }
  it('without Y returns only the distances, and rejects a Y of another size', () => {
    const Z = linkage([[0], [1], [5]], { method: 'single' });
    const r = cophenet(Z);
    expect(r.coefficient).toBeUndefined();
    expect(Array.from(r.distances)).toEqual([1, 4, 4]);
    expect(() => cophenet(Z, [1, 2, 3, 4, 5, 6])).toThrow(/Y holds distances of 4/);
  });
});

describe('optimalLeafOrdering — SciPy fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    const f = loadFixture(name);
    if (Object.keys(f.expected.olo).length === 0) continue;
    it(`optimalLeafOrdering on ${name} equals SciPy's`, () => {
      const y = f.input.X ? pdist(f.input.X) : Float64Array.from(f.input.y as number[]);
      for (const [method, ref] of Object.entries(f.expected.olo)) {
        const key = `${method}/${f.input.X ? 'euclidean' : 'precomputed'}`;
        const Z = zOf(f.expected.linkage[key]);
        expect(Array.from(optimalLeafOrdering(Z, y).data), `${name} ${method}`).toEqual(ref);
        if (f.input.X) expect(Array.from(optimalLeafOrdering(Z, f.input.X).data)).toEqual(ref);
      }
    });
  }
  it('equals SciPy on small random sets, including one where SciPy’s result is not the optimum', () => {
    const f = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hierarchy', 'olo_cases.json'), 'utf8'),
    );
    for (const c of f.expected as { X: number[][]; method: string; Z: number[]; olo: number[] }[]) {
      const Z = zOf(c.Z);
      expectLinkageClose(linkage(c.X, { method: c.method as 'ward' }), c.Z);
      expect(Array.from(optimalLeafOrdering(Z, pdist(c.X)).data)).toEqual(c.olo);
    }
  });
  it('keeps the tree: the same rows up to swapping a and b (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })),
          { minLength: 2, maxLength: 14 },
        ),
        fc.constantFrom(...MONOTONE_METHODS),
        (pts, method) => {
          const y = pdist(pts);
          const Z = linkage(y, { method });
          const Z2 = optimalLeafOrdering(Z, y);
          expect(isValidLinkage(Z2)).toBe(true);
          for (let i = 0; i < Z.rows; i++) {
            const a = [Z.data[i * 4], Z.data[i * 4 + 1]];
            const b = [Z2.data[i * 4], Z2.data[i * 4 + 1]].sort((p, q) => p - q);
            expect(b).toEqual(a);
            expect(Z2.data[i * 4 + 2]).toBe(Z.data[i * 4 + 2]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('properties of flat clusters', () => {
  it("fcluster(Z, k, 'maxclust') gives at most k clusters, labelled 0..k'−1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 30 }),
        fc.constantFrom(...MONOTONE_METHODS),
        fc.integer({ min: 1, max: 32 }),
        (v, method, k) => {
          const Z = linkage(
            v.map((a) => [a]),
            { method },
          );
          const labels = fcluster(Z, k, { criterion: 'maxclust' });
          const distinct = new Set(labels);
          expect(distinct.size).toBeLessThanOrEqual(k);
          expect(Math.min(...distinct)).toBe(0);
          expect(Math.max(...distinct)).toBe(distinct.size - 1);
        },
      ),
      { numRuns: 200 },
    );
  });
  it("fcluster(Z, t, 'distance') never puts two points with cophenetic distance > t together", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 25 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (v, t) => {
          const Z = linkage(
            v.map((a) => [a]),
            { method: 'average' },
          );
          const labels = fcluster(Z, t, { criterion: 'distance' });
          const { distances } = cophenet(Z);
          const n = v.length;
          let p = 0;
          for (let i = 0; i < n; i++) {
            for (let j = i + 1; j < n; j++, p++) expect(labels[i] === labels[j]).toBe(distances[p] <= t);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('linkage matrix checks and exports', () => {
  it('checkLinkage gives SciPy’s per-rule messages', () => {
    expect(() => checkLinkage([[0, 1, 1]])).toThrow(/must have 4 columns/);
    expect(() =>
      checkLinkage([
        [0, -1, 1, 2],
        [2, 3, 1, 3],
      ]),
    ).toThrow(/contains negative indices/);
    expect(() =>
      checkLinkage([
        [0, 1, -1, 2],
        [2, 3, 1, 3],
      ]),
    ).toThrow(/contains negative distances/);
    expect(() =>
      checkLinkage([
        [0, 1, 1, -2],
        [2, 3, 1, 3],
      ]),
    ).toThrow(/contains negative counts/);
    expect(() =>
      checkLinkage([
        [0, 4, 1, 2],
        [2, 3, 1, 3],
      ]),
    ).toThrow(/uses non-singleton cluster before it is formed/);
    expect(() =>
      checkLinkage([
        [0, 1, 1, 2],
        [0, 2, 1, 3],
      ]),
    ).toThrow(/uses the same cluster more than once/);
    expect(() => checkLinkage([[0, 1.5, 1, 2]])).toThrow(/non-integer/);
    expect(() => checkLinkage([[0, 1, Number.NaN, 2]])).toThrow(/non-finite/);
    expect(isValidLinkage([[0, 1, 1, 2]])).toBe(true);
    expect(isValidLinkage([[0, 0, 1, 2]])).toBe(false);
    expect(isValidLinkage('nope' as unknown as number[][])).toBe(false);
  });
  it('fcluster rejects an invalid Z and bad options with typed errors', () => {
    expect(() => fcluster([[0, 3, 1, 2]], 2, { criterion: 'maxclust' })).toThrow(ValidationError);
    expect(() => fcluster([[0, 1, 1, 2]], 2, { criterion: 'nope' as 'maxclust' })).toThrow(/criterion must be one of/);
    expect(() => fcluster([[0, 1, 1, 2]], 0, { criterion: 'maxclust' })).toThrow(/t must be >= 1/);
    expect(() => fcluster([[0, 1, 1, 2]], 1, { criterion: 'monocrit' })).toThrow(/needs monocrit/);
    expect(() => inconsistent([[0, 1, 1, 2]], -1)).toThrow(/depth/);
  });
  it('toTree builds nested nodes (d3-hierarchy shape) and toNewick the Newick string', () => {
    const Z = [
      [0, 1, 1, 2],
      [2, 3, 2, 3],
    ];
    const root = toTree(Z);
    expect(root.id).toBe(4);
    expect(root.count).toBe(3);
    expect(root.children?.[1].children?.map((c) => c.id)).toEqual([0, 1]);
    expect(root.children?.[0].children).toBeUndefined();
    expect(toNewick(Z, ['a', 'b', 'c'])).toBe('(c:2,(a:1,b:1):1);');
    expect(toNewick(Z)).toBe('(2:2,(0:1,1:1):1);');
    expect(toNewick(Z, ['a b', "it's", 'c'])).toBe("(c:2,('a b':1,'it''s':1):1);");
    expect(() => toTree([[0, 1, 1, 3]])).toThrow(/count Z\[0,3\]/);
    expect(() => toNewick(Z, ['a'])).toThrow(/labels has 1/);
  });
});
