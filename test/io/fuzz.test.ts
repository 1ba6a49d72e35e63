/**
 * Fuzz tests of the readers: CSV/TSV/JSON/NDJSON text and .npy bytes. Whatever the input, a reader returns data or
 * throws a ParseError (with a 1-based line, and a column where one applies) — never another exception, never a
 * hang, never a wrong number.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import { scanJson } from '../../src/io/jsonScan.js';
import { readNpy, writeNpy } from '../../src/io/npy.js';
import { parseTable, resolveColumns, type TextFormat, tableToMatrix } from '../../src/io/table.js';

const FORMATS: TextFormat[] = ['csv', 'tsv', 'json', 'ndjson'];
const STRICT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses to a matrix of all columns, or returns the ParseError; anything else fails the test. */
function parseAll(text: string, format: TextFormat): { X?: ReturnType<typeof tableToMatrix>; err?: ParseError } {
  try {
    const t = parseTable(text, format);
    return { X: tableToMatrix(t, resolveColumns(t, undefined)) };
  } catch (e) {
    if (e instanceof ParseError) {
      expect(Number.isInteger(e.line)).toBe(true);
      expect(e.line as number).toBeGreaterThanOrEqual(1);
      if (e.column !== undefined) expect(e.column).toBeGreaterThanOrEqual(1);
      expect(e.message.length).toBeGreaterThan(10);
      return { err: e };
    }
    throw e;
  }
}

/** Characters that matter to the grammars, so random text reaches the interesting paths. */
const gramChar = fc.constantFrom(
  ...'0123456789.eE+-,\t"\n\r :[]{}ax\\'.split(''),
  '\uFEFF',
  'null',
  'true',
  '1e999',
  '"a"',
  '\r\n',
);
const gramText = fc.array(gramChar, { maxLength: 120 }).map((a) => a.join(''));

/** The physical line (1-based) of every non-blank line, and its cells split naively (no quotes in these inputs). */
function naiveCsv(text: string, sep: string): { rows: string[][]; lines: number[] } {
  const src = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: string[][] = [];
  const lines: number[] = [];
  src.forEach((l, i) => {
    if (l.trim() === '') return;
    rows.push(l.split(sep));
    lines.push(i + 1);
  });
  return { rows, lines };
}

describe('text readers never crash', () => {
  for (const format of FORMATS) {
    it(`${format}: grammar-biased random text → data or ParseError with a line`, () => {
      fc.assert(
        fc.property(gramText, (text) => {
          parseAll(text, format);
        }),
        { numRuns: 1500 },
      );
    });
    it(`${format}: random bytes decoded as UTF-8 → data or ParseError`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
          parseAll(new TextDecoder().decode(b), format);
        }),
        { numRuns: 500 },
      );
    });
  }
  it('the JSON scanner accepts exactly what JSON.parse accepts (oracle)', () => {
    const jsonish = fc
      .array(
        fc.constantFrom(
          '[',
          ']',
          '{',
          '}',
          ',',
          ':',
          ' ',
          '\n',
          '"a"',
          '"\\u00e9"',
          '"\\x"',
          '1',
          '-0',
          '1.5e-3',
          '01',
          '1.',
          '.5',
          'true',
          'nul',
          'null',
          '"',
        ),
        { maxLength: 30 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.json(), fc.string()), (text) => {
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        let scanned = true;
        try {
          scanJson(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
          scanned = false;
        }
        expect(scanned).toBe(ok);
      }),
      { numRuns: 3000 },
    );
  });
  it('deeply nested JSON is an error with a line, not a stack overflow', () => {
    const deep = `${'['.repeat(200000)}${']'.repeat(199999)}`;
    const r = parseAll(deep, 'json');
    expect(r.err?.line).toBe(1);
    expect(r.err?.column).toBe(400000);
  });
});

describe('CSV/TSV without quotes, one line-ending style: every number equals the naive split oracle', () => {
  for (const format of ['csv', 'tsv'] as const) {
    it(`${format}`, () => {
      const sep = format === 'csv' ? ',' : '\t';
      fc.assert(
        fc.property(gramText, fc.constantFrom('\n', '\r\n', '\r'), (raw, nl) => {
          // Mixed line endings are covered by the crash tests above (a lone \r inside a CRLF file is cell text).
          const text = raw.replace(/"/g, '').replace(/\r\n|\r|\n/g, nl);
          const r = parseAll(text, format);
          if (!r.X) return;
          const { rows } = naiveCsv(text, sep);
          const header = rows[0].some((c) => !STRICT.test(c.trim()));
          const data = header ? rows.slice(1) : rows;
          expect(r.X.rows).toBe(data.length);
          for (let i = 0; i < data.length; i++) {
            const cells = data[i];
            for (let j = 0; j < cells.length; j++) {
              expect(Object.is(r.X.data[i * cells.length + j], Number(cells[j].trim()))).toBe(true);
            }
          }
        }),
        { numRuns: 1500 },
      );
    });
  }
});

/** A finite double written in one of several valid spellings. */
const spelled = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 3 }))
  .map(([v, how]) => {
    const s = String(v);
    if (how === 1 && Number.isInteger(v) && Math.abs(v) < 1e15) return { v, s: `${s}.0` };
    if (how === 2) return { v, s: v.toExponential() };
    if (how === 3 && !s.startsWith('-')) return { v, s: `+${s}` };
    return { v, s };
  })
  .filter(({ v, s }) => Object.is(Number(s), v) || (v === 0 && Number(s) === 0));

const decorated = fc.record({
  rows: fc
    .integer({ min: 1, max: 8 })
    .chain((d) => fc.array(fc.array(spelled, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 12 })),
  bom: fc.boolean(),
  crlf: fc.boolean(),
  quote: fc.boolean(),
  spaces: fc.boolean(),
  blank: fc.boolean(),
  header: fc.boolean(),
  trailing: fc.boolean(),
});

describe('valid files in any dressing read back to the exact numbers', () => {
  it('CSV/TSV: BOM, CRLF, quoted fields, spaces, blank lines, header or not', () => {
    fc.assert(
      fc.property(decorated, fc.constantFrom<TextFormat>('csv', 'tsv'), (c, format) => {
        const sep = format === 'csv' ? ',' : '\t';
        const nl = c.crlf ? '\r\n' : '\n';
        const cell = (s: string) => {
          const t = c.spaces ? ` ${s} ` : s;
          return c.quote ? `"${t}"` : t;
        };
        const d = c.rows[0].length;
        const lines: string[] = [];
        if (c.header) lines.push(Array.from({ length: d }, (_, j) => (c.quote ? `"col ${j}"` : `c${j}`)).join(sep));
        c.rows.forEach((r, i) => {
          lines.push(r.map((x) => cell(x.s)).join(sep));
          if (c.blank && i % 2 === 0) lines.push('');
        });
        const text = `${c.bom ? '\uFEFF' : ''}${lines.join(nl)}${c.trailing ? nl : ''}`;
        const t = parseTable(text, format);
        const X = tableToMatrix(t, resolveColumns(t, undefined));
        expect(X.rows).toBe(c.rows.length);
        expect(X.cols).toBe(d);
        for (let i = 0; i < c.rows.length; i++)
          for (let j = 0; j < d; j++) expect(X.data[i * d + j] === c.rows[i][j].v).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
  it('JSON and NDJSON: arrays and objects, any whitespace', () => {
    fc.assert(
      fc.property(decorated, fc.boolean(), (c, objects) => {
        const d = c.rows[0].length;
        const nl = c.crlf ? '\r\n' : '\n';
        const row = (r: { s: string; v: number }[]) => {
          // JSON has no leading '+'; every other spelling is valid JSON.
          const vals = r.map((x) => (x.s.startsWith('+') ? String(x.v) : x.s));
          return objects
            ? `{${vals.map((v, j) => `"c${j}": ${v}`).join(', ')}}`
            : `[${vals.join(c.spaces ? ' , ' : ',')}]`;
        };
        const json = `${c.bom ? '\uFEFF' : ''}[${nl}${c.rows.map(row).join(`,${nl}`)}${nl}]`;
        const ndjson = `${c.bom ? '\uFEFF' : ''}${c.rows.map(row).join(c.blank ? `${nl}${nl}` : nl)}${c.trailing ? nl : ''}`;
        for (const [text, format] of [
          [json, 'json'],
          [ndjson, 'ndjson'],
        ] as const) {
          const t = parseTable(text, format);
          const X = tableToMatrix(t, resolveColumns(t, undefined));
          expect(X.rows).toBe(c.rows.length);
          for (let i = 0; i < c.rows.length; i++)
            for (let j = 0; j < d; j++) expect(X.data[i * d + j] === c.rows[i][j].v).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('errors name the right line and column', () => {
  it('a bad cell anywhere: ParseError at its physical line and 1-based column', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        fc.constantFrom('abc', '1e999', 'NaN', '0x10', '1,5', '', '--1', 'Infinity', '1.2.3'),
        fc.boolean(),
        (d, n, pick, bad, crlf) => {
          const badRow = pick % n;
          const badCol = (pick >> 4) % d;
          const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => String(i * d + j)));
          rows[badRow][badCol] = bad.includes(',') ? `"${bad}"` : bad;
          const text = `${['h'].concat(Array.from({ length: d - 1 }, (_, j) => `k${j}`)).join(',')}\n${rows.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n')}\n`;
          const r = parseAll(text, 'csv');
          // A lone empty cell makes a blank line, which is skipped: the data are simply one row shorter.
          if (bad === '' && d === 1) return;
          expect(r.err).toBeDefined();
          expect(r.err?.line).toBe(badRow + 2);
          expect(r.err?.column).toBe(badCol + 1);
        },
      ),
      { numRuns: 400 },
    );
  });
  it('broken JSON: the line and column of the first bad character', () => {
    const text = '[\n  [1, 2],\n  [3, 4,],\n  [5, 6]\n]';
    const r = parseAll(text, 'json');
    expect(r.err?.line).toBe(3);
    expect(r.err?.column).toBe(9);
    const nd = parseAll('{"a": 1}\n\n  {"a": 2,, }\n', 'ndjson');
    expect(nd.err?.line).toBe(3);
    expect(nd.err?.column).toBe(11);
  });
  it('an unterminated quote in CSV: line and column of the quote', () => {
    const r = parseAll('x,y\n1,2\n3,"4\n5,6\n', 'csv');
    expect(r.err?.line).toBe(3);
    expect(r.err?.column).toBe(3);
  });
  it('JSON rows are numbered by their physical line', () => {
    const r = parseAll('[\n[1, 2],\n\n[3, "x"]\n]', 'json');
    expect(r.err?.line).toBe(4);
    expect(r.err?.column).toBe(2);
  });
  it('truncated valid files: every row before the cut is exact, the rest is an error or a shorter row', () => {
    fc.assert(
      fc.property(
        decorated,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom<TextFormat>('csv', 'json', 'ndjson'),
        (c, frac, format) => {
          const d = c.rows[0].length;
          const text =
            format === 'csv'
              ? `${c.rows.map((r) => r.map((x) => String(x.v)).join(',')).join('\n')}\n`
              : format === 'json'
                ? `[${c.rows.map((r) => JSON.stringify(r.map((x) => x.v))).join(',\n')}]`
                : c.rows.map((r) => JSON.stringify(r.map((x) => x.v))).join('\n');
          const cut = text.slice(0, Math.floor(frac * text.length));
          const r = parseAll(cut, format);
          if (!r.X) return;
          // Complete lines read back exactly; only the last (cut) line may differ.
          const complete = cut.split('\n').length - 1;
          for (let i = 0; i < Math.min(complete, r.X.rows); i++)
            for (let j = 0; j < d; j++) expect(r.X.data[i * d + j] === c.rows[i][j].v).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
  it('huge and tiny numbers: beyond double range is an error, never Infinity; underflow is 0 as in NumPy', () => {
    expect(parseAll('1e309\n', 'csv').err?.line).toBe(1);
    expect(parseAll('[[1e309]]', 'json').err?.line).toBe(1);
    expect(parseAll('2,-1e400\n', 'csv').err?.column).toBe(2);
    expect(parseAll('1e-400\n', 'csv').X?.data[0]).toBe(0);
    expect(parseAll('123456789012345678901234567890\n', 'csv').X?.data[0]).toBe(1.2345678901234568e29);
  });
});

describe('.npy reader never crashes', () => {
  const valid = writeNpy({ rows: 5, cols: 3, data: Float64Array.from({ length: 15 }, (_, i) => i / 7) });
  const fixtures = ['f8_be.npy', 'fortran_f8.npy', 'i8_le.npy', 'v2_f8.npy'].map(
    (f) => new Uint8Array(readFileSync(new URL(`../fixtures/io/${f}`, import.meta.url))),
  );
  const check = (b: Uint8Array) => {
    try {
      const m = readNpy(b);
      expect(m.data.length).toBe(m.rows * m.cols);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
  };
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), check), { numRuns: 1000 });
  });
  it('random bytes after a valid magic string and version', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3), fc.uint8Array({ maxLength: 200 }), (v, tail) => {
        const b = new Uint8Array(8 + tail.length);
        b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, v, 0]);
        b.set(tail, 8);
        check(b);
      }),
      { numRuns: 1000 },
    );
  });
  it('every truncation of a valid file is a ParseError', () => {
    for (const f of [valid, ...fixtures]) {
      for (let cut = 0; cut < f.length; cut++) expect(() => readNpy(f.subarray(0, cut))).toThrow(ParseError);
    }
  });
  it('single-byte corruptions: data or ParseError, and a corrupted payload never changes the shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(valid, ...fixtures), fc.nat(), fc.integer({ min: 0, max: 255 }), (f, at, byte) => {
        const b = f.slice();
        const pos = at % b.length;
        b[pos] = byte;
        check(b);
        const headerEnd = b.length - (f === valid ? 120 : 0);
        if (f === valid && pos >= headerEnd) {
          const m = readNpy(b);
          expect([m.rows, m.cols]).toEqual([5, 3]);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('a header claiming a huge shape is a ParseError before any allocation', () => {
    const b = writeNpy({ rows: 1, cols: 1, data: new Float64Array(1) });
    const text = new TextDecoder().decode(b.subarray(10, 10 + (b[8] | (b[9] << 8))));
    const bad = new TextEncoder().encode(text.replace('(1, 1)', '(999999999999, 9)'));
    const out = new Uint8Array(10 + bad.length + 8);
    out.set(b.subarray(0, 10));
    out[8] = bad.length & 0xff;
    out[9] = bad.length >> 8;
    out.set(bad, 10);
    expect(() => readNpy(out)).toThrow(/Truncated/);
  });
  it('NaN in a float payload is read (the CLI then rejects it with the row), not turned into a number', () => {
    const m = readNpy(writeNpy(Float64Array.from([1, Number.NaN])));
    expect(Number.isNaN(m.data[1])).toBe(true);
    expect(() => ValidationError).toBeDefined();
  });
});
