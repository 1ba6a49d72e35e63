/**
 * Fuzz suite, parser side (issue 21): hostile CSV/TSV/JSON/NDJSON text (quotes, BOMs, control characters, deep
 * nesting, huge numbers, ragged rows, semicolons, mixed line ends) and truncated or bit-flipped .npy, Parquet and
 * Arrow bytes, through `parseInput` and the matrix conversion. Whatever the input: finite numbers, or a typed
 * error (ParseError / ValidationError) — never a RangeError, a stack overflow or a hang: each case must finish
 * within CASE_MS, and the test timeout bounds every target.
 *
 * Fixed seed (test/setup.ts) and FUZZ_RUNS cases per target (default 200); long runs:
 * `FC_SEED=random FUZZ_RUNS=20000 npm run fuzz`.
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterkitError } from '../../src/core/errors.js';
import { writeArrowIpc } from '../../src/io/arrow.js';
import { isColumnTable } from '../../src/io/columns.js';
import { type InputFormat, parseInput } from '../../src/io/formats.js';
import { writeNpy } from '../../src/io/npy.js';
import { writeParquet } from '../../src/io/parquet.js';
import { resolveColumns, tableToMatrix } from '../../src/io/table.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const TIMEOUT = Math.max(60_000, RUNS * 300);
/** Per-case limit (ms): generous for a busy 2-core machine, far below the seconds a damaged length used to cost. */
const CASE_MS = 3000;
const enc = (s: string) => new TextEncoder().encode(s);

/**
 * Parses `bytes` as `format` and converts every column it can: returns 'ok' (all selected numbers finite) or
 * 'typed-error'; any other exception fails the property.
 */
async function outcome(bytes: Uint8Array, format: InputFormat, opts = {}): Promise<'ok' | 'typed-error'> {
  const t0 = performance.now();
  try {
    return await outcomeUntimed(bytes, format, opts);
  } finally {
    expect(performance.now() - t0, `one ${format} case took over ${CASE_MS} ms`).toBeLessThan(CASE_MS);
  }
}

async function outcomeUntimed(bytes: Uint8Array, format: InputFormat, opts = {}): Promise<'ok' | 'typed-error'> {
  try {
    const t = await parseInput(bytes, format, opts);
    if (isColumnTable(t)) {
      expect(t.columns).toHaveLength(t.names.length);
      for (const c of t.columns) {
        expect(c.length).toBe(t.nRows);
        if (c instanceof Float64Array) for (const v of c) expect(Number.isNaN(v) || Number.isFinite(v)).toBe(true);
      }
      return 'ok';
    }
    const X = tableToMatrix(t, resolveColumns(t, undefined));
    for (const v of X.data) expect(Number.isFinite(v)).toBe(true);
    expect(X.data.length).toBe(X.rows * X.cols);
    return 'ok';
  } catch (e) {
    if (e instanceof ClusterkitError) {
      expect(e.message.length).toBeGreaterThan(10);
      return 'typed-error';
    }
    throw e;
  }
}

/** Pieces that matter to the CSV/JSON grammars and the number reader. */
const piece = fc.constantFrom(
  ...'0123456789.eE+-,;\t"\n\r :[]{}ax\\'.split(''),
  '\uFEFF',
  '\u001b]0;x\u0007',
  '\u0000',
  '\u2028',
  '1e400',
  '-1e-400',
  '1,5',
  'NaN',
  'null',
  '\r\n',
  '""',
  '[[[[[[[[[[',
  ']]]]]]]]]]',
  '12345678901234567890123',
);
const hostileText = fc.array(piece, { maxLength: 80 }).map((a) => a.join(''));

/** A valid numeric table, then damaged: a cell replaced, a row made ragged, a quote or BOM inserted. */
const damagedCsv = fc
  .tuple(
    fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 2 }), {
      minLength: 1,
      maxLength: 6,
    }),
    fc.constantFrom(',', ';', '\t'),
    fc.constantFrom('\n', '\r\n'),
    fc.array(fc.tuple(fc.nat(200), piece), { maxLength: 3 }),
  )
  .map(([rows, sep, nl, edits]) => {
    let s = `a${sep}b${nl}${rows.map((r) => r.join(sep)).join(nl)}${nl}`;
    for (const [at, p] of edits) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + p + s.slice(i);
    }
    return s;
  });

const TEXT_FORMATS: InputFormat[] = ['csv', 'tsv', 'json', 'ndjson'];

describe('fuzz: hostile text through parseInput', () => {
  it(
    'random grammar pieces: finite numbers or a typed error, in every text format and both decimal marks',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, fc.constantFrom(...TEXT_FORMATS), fc.constantFrom('.', ','), async (s, f, d) => {
          await outcome(enc(s), f, { decimal: d });
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'damaged numeric CSV (inserted quotes, BOMs, controls, ragged rows; ; and CRLF): finite or typed error',
    async () => {
      await fc.assert(
        fc.asyncProperty(damagedCsv, async (s) => {
          await outcome(enc(s), 'csv');
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'deep nesting in JSON and NDJSON (up to 100 000 levels): a typed error, no stack overflow',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 65, max: 100_000 }), fc.boolean(), async (depth, nd) => {
          const s = `[[1,2],${'['.repeat(depth)}${']'.repeat(depth)}]`;
          const text = nd ? `[1,2]\n${s.slice(7, -1)}\n` : s;
          expect(await outcome(enc(text), nd ? 'ndjson' : 'json')).toBe('typed-error');
        }),
        { numRuns: Math.min(RUNS, 50) },
      );
    },
    TIMEOUT,
  );
});

const n = 9;
const xs = Float64Array.from({ length: n }, (_, i) => i * 0.5 - 2);
const ys = Float64Array.from({ length: n }, (_, i) => (i * 7) % 5);
const BINARIES: [InputFormat, Uint8Array][] = [
  ['npy', writeNpy({ rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, (_, i) => i / 3) })],
  ['parquet', writeParquet({ x: xs, y: ys })],
  ['arrow', writeArrowIpc({ x: xs, y: ys })],
  ['arrow', writeArrowIpc({ x: xs, y: ys }, 'stream')],
  // dictionary-encoded text, Int32 and several batches: more schema and footer to damage
  [
    'arrow',
    tableToIPC(
      tableFromArrays({
        x: xs,
        s: Array.from({ length: n }, (_, i) => ['a', 'b'][i % 2]),
        i: Int32Array.from({ length: n }, (_, i) => i),
      }),
      'file',
    ),
  ],
];

/** A copy of `bytes`, cut at `cut` (when below its length) with bits flipped at the given offsets. */
function damage(bytes: Uint8Array, cut: number, flips: [number, number][]): Uint8Array {
  const out = bytes.slice(0, Math.min(bytes.length, cut));
  for (const [at, bit] of flips) if (out.length > 0) out[at % out.length] ^= 1 << bit;
  return out;
}

describe('fuzz: truncated and bit-flipped binary files through parseInput', () => {
  for (const [which, [format, bytes]] of BINARIES.entries()) {
    it(
      `${format} (#${which}): finite numbers or a typed error, each case within ${CASE_MS} ms`,
      async () => {
        expect(await outcome(bytes, format)).toBe('ok');
        await fc.assert(
          fc.asyncProperty(
            fc.integer({ min: 0, max: bytes.length }),
            fc.array(fc.tuple(fc.nat(bytes.length), fc.integer({ min: 0, max: 7 })), { maxLength: 4 }),
            async (cut, flips) => {
              await outcome(damage(bytes, cut, flips), format);
            },
          ),
          { numRuns: RUNS },
        );
      },
      TIMEOUT,
    );
  }
});
