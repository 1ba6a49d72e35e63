import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnTableToMatrix } from '../../src/io/columns.js';
import { parseNumericCsv } from '../../src/io/fastCsv.js';
import { parseTable, resolveColumns, tableToMatrix } from '../../src/io/table.js';

const gramChar = fc.constantFrom(...'0123456789.eE+-,\t\n :ax'.split(''), '\r\n', '\r', '\uFEFF', '1e999', '"', '  ');
const gramText = fc.array(gramChar, { maxLength: 80 }).map((a) => a.join(''));

/** The general reader's answer, or null when it throws. */
function general(text: string, format: 'csv' | 'tsv', header: boolean | 'auto') {
  try {
    const t = parseTable(text, format, { header });
    return { names: t.names, X: tableToMatrix(t, resolveColumns(t, undefined)) };
  } catch {
    return null;
  }
}

function agree(text: string, format: 'csv' | 'tsv', header: boolean | 'auto'): boolean {
  const fast = parseNumericCsv(text, format === 'tsv' ? '\t' : ',', header);
  if (fast === null) return false;
  const g = general(text, format, header);
  expect(g).not.toBeNull();
  expect(fast.names).toEqual(g?.names);
  const X = columnTableToMatrix(
    fast,
    fast.names.map((_, j) => j),
  );
  expect([X.rows, X.cols]).toEqual([g?.X.rows, g?.X.cols]);
  for (let t = 0; t < X.data.length; t++) expect(Object.is(X.data[t], g?.X.data[t])).toBe(true);
  return true;
}

describe('parseNumericCsv (fast path) agrees with parseTable + tableToMatrix wherever it answers', () => {
  it('random text, both separators, header auto/true/false', () => {
    fc.assert(
      fc.property(
        gramText,
        fc.constantFrom('csv', 'tsv'),
        fc.constantFrom<boolean | 'auto'>('auto', true, false),
        (t, f, h) => {
          agree(t, f as 'csv' | 'tsv', h);
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('answers (is actually used) for plain numeric files in LF or CRLF, with BOM, header, blank lines', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((d) =>
          fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: d, maxLength: d }), {
            minLength: 1,
            maxLength: 20,
          }),
        ),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (rows, crlf, bom, hdr, blank) => {
          const nl = crlf ? '\r\n' : '\n';
          const lines = rows.map((r) => r.map(String).join(','));
          if (blank) lines.splice(1, 0, '', '   ');
          if (hdr) lines.unshift(rows[0].map((_, j) => `c${j}`).join(','));
          const text = `${bom ? '\uFEFF' : ''}${lines.join(nl)}${nl}`;
          expect(agree(text, 'csv', 'auto')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('leaves quoted, mixed-ending, ragged, non-numeric and header-only files to the general reader', () => {
    for (const t of [
      '"x",y\n1,2\n',
      'x,y\r\n1,2\n3,4\r\n',
      '1,2\r3,4\r',
      '1,2\n3\n',
      'x,y\n1,a\n',
      'x,y\n',
      '1e999\n',
      '',
    ]) {
      expect(parseNumericCsv(t, ',')).toBeNull();
    }
  });
});

describe('parseNumericCsv reads every number as Number() does (the in-place scan and its exact fast path)', () => {
  /** Reads the cells as one data row under a header, or null when the fast path gives up. */
  const readRow = (cells: string[]) => {
    const t = parseNumericCsv(`${cells.map((_, j) => `c${j}`).join(',')}\n${cells.join(',')}\n`, ',', true);
    return t === null ? null : t.columns.map((c) => c[0]);
  };
  const expectNumbers = (cells: string[]) => {
    const got = readRow(cells);
    expect(got).not.toBeNull();
    for (const [j, v] of (got as number[]).entries()) expect(Object.is(v, Number(cells[j]))).toBe(true);
  };

  it('shortest round-trip, fixed, exponent and hand-made spellings of random doubles', () => {
    const spelling = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc
        .double({ min: -1e6, max: 1e6, noNaN: true })
        .chain((v) => fc.integer({ min: 0, max: 20 }).map((k) => v.toFixed(k))),
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .chain((v) => fc.integer({ min: 0, max: 20 }).map((k) => v.toExponential(k))),
      fc
        .tuple(
          fc.constantFrom('', '+', '-'),
          fc.stringMatching(/^[0-9]{0,20}$/),
          fc.constantFrom('', '.'),
          fc.stringMatching(/^[0-9]{0,20}$/),
          fc.constantFrom('', 'e', 'E', 'e+', 'e-', 'E-'),
          fc.stringMatching(/^[0-9]{1,3}$/),
        )
        .filter(([, a, , b]) => a.length + b.length > 0)
        .map(([s, a, dot, b, e, x]) => `${s}${a}${b.length > 0 ? '.' : dot}${b}${e === '' ? '' : e + x}`),
    );
    fc.assert(
      fc.property(fc.array(spelling, { minLength: 1, maxLength: 6 }), (cells) => {
        expect(readRow(cells)?.length ?? cells.length).toBe(cells.length);
        if (cells.every((c) => Number.isFinite(Number(c)))) expectNumbers(cells);
        else expect(readRow(cells)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('the 2⁵³ boundary of the exact path, 10²² and beyond, signed zeros, leading zeros and spaces', () => {
    expectNumbers([
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '900719925474099.3',
      '0.9007199254740993',
      '9007199254740993e7',
      '-9007199254740993e-5',
      '1e22',
      '1e23',
      '123456789e-22',
      '1.5e-23',
      '-0',
      '-0.0e5',
      '+.5',
      '5.',
      '000123.4500',
      ' 1.5',
      '2 ',
      '1e-400',
    ]);
    expect(readRow(['1', '1e400'])).toBeNull();
    expect(readRow(['1', ''])).toBeNull();
    expect(readRow(['1', '1e'])).toBeNull();
    expect(readRow(['1', '.'])).toBeNull();
    expect(readRow(['1', '1x'])).toBeNull();
  });
});
