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
