import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../../src/engine/kernels/backend.js';
import { silhouetteSamples } from '../../src/metrics/index.js';
import { euclideanClusterSums, euclideanClusterSumsWasm } from '../../src/metrics/internal/silhouette.js';
import { expectClose, loadFixture, type Tolerance } from './helpers.js';

interface InternalCase {
  name: string;
  params: { metrics: string[] };
  input: { X: number[][]; labels: number[] };
  expected: { silhouetteSamples: Record<string, number[]> };
  tolerance: Tolerance;
}

const initial = getBackend();
afterEach(() => setBackend(initial));

function samplesUnder(backend: 'js' | 'wasm', X: number[][], labels: number[], metric: 'euclidean' | 'sqeuclidean') {
  setBackend(backend);
  try {
    return silhouetteSamples(X, labels, { metric });
  } finally {
    setBackend(initial);
  }
}

function expectSameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(b.length, what).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}: entry ${i} is ${b[i]} under wasm, ${a[i]} under js`);
  }
}

describe('silhouette — WebAssembly cluster sums', () => {
  it('the scikit-learn fixtures pass under both backends, bit-identical (euclidean, sqeuclidean)', () => {
    for (const c of loadFixture<InternalCase[]>('internal.json')) {
      for (const m of ['euclidean', 'sqeuclidean'] as const) {
        if (!c.params.metrics.includes(m)) continue;
        const js = samplesUnder('js', c.input.X, c.input.labels, m);
        const wasm = samplesUnder('wasm', c.input.X, c.input.labels, m);
        expectClose(wasm, c.expected.silhouetteSamples[m], c.tolerance);
        expectSameBits(js, wasm, `${c.name} ${m}`);
      }
    }
  });

  it('property: the wasm sums equal the TypeScript kernel bit for bit (any n, d, k; ties and duplicates)', () => {
    const data = fc.integer({ min: 1, max: 300 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        d: fc.integer({ min: 1, max: 6 }),
        k: fc.integer({ min: 1, max: 5 }),
        values: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n * 6, maxLength: n * 6 }),
        codes: fc.array(fc.nat(), { minLength: n, maxLength: n }),
        scale: fc.constantFrom(1, 0.1, 1e5),
        squared: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(data, ({ n, d, k, values, codes, scale, squared }) => {
        const x = new Float64Array(n * d);
        for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) x[i * d + t] = values[i * 6 + t] * scale + t / 3;
        const c = Int32Array.from(codes, (v) => v % k);
        const ref = new Float64Array(n * k);
        euclideanClusterSums(x, n, d, c, k, squared, ref);
        const got = new Float64Array(n * k);
        expect(euclideanClusterSumsWasm(x, n, d, c, k, squared, got)).toBe(true);
        expectSameBits(ref, got, `n=${n} d=${d} k=${k} squared=${squared}`);
      }),
      { numRuns: 120 },
    );
  });

  it('a 700-point set (several 128-row tiles, n not a multiple of 4) gives the same silhouettes', () => {
    const X: number[][] = [];
    for (let i = 0; i < 701; i++) X.push([Math.sin(i) * 3 + (i % 5), Math.cos(i * 1.3), (i * 7) % 11]);
    const labels = X.map((_, i) => (i * 13) % 6);
    expectSameBits(samplesUnder('js', X, labels, 'euclidean'), samplesUnder('wasm', X, labels, 'euclidean'), 'n=701');
  });
});
