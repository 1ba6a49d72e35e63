import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../src/core/errors.js';
import { createRng, sampleWithoutReplacement } from '../../src/core/random.js';
import { KPrototypes } from '../../src/medoids/KPrototypes.js';

type Row = [number, number, string, string];
const tableOf = (rows: Row[]) => ({
  names: ['x', 'y', 'color', 'shape'],
  columns: [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
  nRows: rows.length,
});

/** Direct transcription of Huang's batch updates on number[][] (the oracle). */
function naiveKPrototypes(rows: Row[], k: number, gamma: number, start: ArrayLike<number>, maxIter: number) {
  const cost = (r: Row, c: Row) =>
    (r[0] - c[0]) ** 2 + (r[1] - c[1]) ** 2 + gamma * ((r[2] !== c[2] ? 1 : 0) + (r[3] !== c[3] ? 1 : 0));
  const protos: Row[] = Array.from(start, (i) => [...rows[i]] as Row);
  const assign = () =>
    rows.map((r) => {
      let b = 0;
      for (let c = 1; c < k; c++) if (cost(r, protos[c]) < cost(r, protos[b])) b = c;
      return b;
    });
  const firstSeen = (col: 2 | 3) => [...new Set(rows.map((r) => r[col]))];
  let labels = assign();
  for (let it = 0; it < maxIter; it++) {
    for (let c = 0; c < k; c++) {
      const m = rows.filter((_, i) => labels[i] === c);
      if (m.length === 0) continue;
      protos[c][0] = m.reduce((s, r) => s + r[0], 0) / m.length;
      protos[c][1] = m.reduce((s, r) => s + r[1], 0) / m.length;
      for (const col of [2, 3] as const) {
        let best = '';
        let bestN = -1;
        for (const v of firstSeen(col)) {
          const cnt = m.filter((r) => r[col] === v).length;
          if (cnt > bestN) {
            bestN = cnt;
            best = v;
          }
        }
        protos[c][col] = best;
      }
    }
    const next = assign();
    const same = next.every((v, i) => v === labels[i]);
    labels = next;
    if (same) break;
  }
  return { labels, cost: rows.reduce((s, r, i) => s + cost(r, protos[labels[i]]), 0) };
}

const rowArb = fc.tuple(
  fc.integer({ min: -20, max: 20 }),
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom('red', 'green', 'blue'),
  fc.constantFrom('sq', 'ci'),
) as fc.Arbitrary<Row>;

describe('KPrototypes', () => {
  it('equals a direct transcription of the updates from the same start', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 3, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer(),
        (rows, k, seed) => {
          const gamma = 7;
          const km = new KPrototypes({ nClusters: k, gamma, nInit: 1, seed }).fit(tableOf(rows));
          const start = sampleWithoutReplacement(createRng(seed), rows.length, k);
          const ref = naiveKPrototypes(rows, k, gamma, start, 100);
          expect(Array.from(km.labels)).toEqual(ref.labels);
          expect(km.cost).toBeCloseTo(ref.cost, 8);
        },
      ),
      { numRuns: 100 },
    );
  });
  it('never increases its cost from one iteration to the next', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 4, maxLength: 40 }), fc.integer({ min: 2, max: 4 }), (rows, k0) => {
        const k = Math.min(k0, rows.length);
        let prev = Number.POSITIVE_INFINITY;
        for (let t = 1; t <= 6; t++) {
          const c = new KPrototypes({ nClusters: k, nInit: 1, maxIter: t, seed: 5 }).fit(tableOf(rows)).cost;
          expect(c).toBeLessThanOrEqual(prev + 1e-9);
          prev = c;
        }
      }),
      { numRuns: 60 },
    );
  });
  it('separates numeric and categorical structure, with modes as the original values', () => {
    const rows: Row[] = [
      [0, 0, 'red', 'sq'],
      [1, 0, 'red', 'sq'],
      [0, 1, 'red', 'ci'],
      [10, 10, 'blue', 'ci'],
      [11, 10, 'blue', 'ci'],
      [10, 11, 'green', 'ci'],
    ];
    const km = new KPrototypes({ nClusters: 2, seed: 0 }).fit(tableOf(rows));
    expect(km.labels[0]).toBe(km.labels[2]);
    expect(km.labels[0]).not.toBe(km.labels[3]);
    const a = km.labels[0];
    expect(km.modes[a]).toEqual(['red', 'sq']);
    expect(km.modes[1 - a]).toEqual(['blue', 'ci']);
    expect(km.numericColumns).toEqual(['x', 'y']);
    expect(km.categoricalColumns).toEqual(['color', 'shape']);
    expect(Array.from(km.clusterCenters.data.subarray(a * 2, a * 2 + 2))).toEqual([1 / 3, 1 / 3]);
    expect(Array.from(km.predict(tableOf(rows)))).toEqual(Array.from(km.labels));
    const back = KPrototypes.fromJSON(JSON.parse(JSON.stringify(km.toJSON())));
    expect(Array.from(back.predict(tableOf([[0.5, 0.5, 'purple', 'sq']])))).toEqual([a]);
    expect(back.gamma).toBe(km.gamma);
  });
  it('uses 0.5 × mean numeric standard deviation as the default gamma', () => {
    const rows: Row[] = [
      [0, 0, 'a', 'b'],
      [2, 4, 'a', 'b'],
    ];
    expect(new KPrototypes({ nClusters: 1, seed: 0 }).fit(tableOf(rows)).gamma).toBe(0.5 * ((1 + 2) / 2));
  });
  it('takes categorical columns by name, including numeric codes', () => {
    const table = {
      names: ['code', 'v'],
      columns: [
        [1, 1, 2, 2],
        [0, 0.1, 5, 5.1],
      ],
      nRows: 4,
    };
    const km = new KPrototypes({ nClusters: 2, categorical: ['code'], seed: 1 }).fit(table);
    expect(km.categoricalColumns).toEqual(['code']);
    expect(km.labels[0]).not.toBe(km.labels[2]);
  });
  it('throws typed errors', () => {
    expect(() => new KPrototypes().labels).toThrow(NotFittedError);
    const t = tableOf([[0, 0, 'a', 'b']]);
    expect(() => new KPrototypes({ nClusters: 2 }).fit(t)).toThrow(/nClusters=2 must be <= the number of rows \(1\)/);
    expect(() => new KPrototypes({ categorical: ['nope'] }).fit(t)).toThrow(/does not have/);
    expect(() => new KPrototypes({ nClusters: 1 }).fit({ ...t, columns: [[null], [0], ['a'], ['b']] })).toThrow(
      ValidationError,
    );
    expect(() => new KPrototypes({ gamma: -1 })).toThrow(/gamma/);
    const km = new KPrototypes({ nClusters: 1 }).fit(t);
    expect(() => km.predict({ names: ['x'], columns: [[1]], nRows: 1 })).toThrow(/no column 'y'/);
  });
});
