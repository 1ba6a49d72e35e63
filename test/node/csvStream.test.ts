import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import { streamCsvChunks } from '../../src/node/csvStream.js';

const dir = mkdtempSync(join(tmpdir(), 'clusterkit-stream-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function collect(path: string, opts: Parameters<typeof streamCsvChunks>[1]) {
  const chunks: { rows: number[][]; first: number }[] = [];
  const res = await streamCsvChunks(path, opts, (X, first) => {
    const rows: number[][] = [];
    for (let i = 0; i < X.rows; i++) rows.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
    chunks.push({ rows, first });
  });
  return { chunks, res };
}

describe('streamCsvChunks', () => {
  it('yields fixed-size chunks (the last shorter) with their first row index; detects the header', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i},${i * 2}`);
    const p = file('a.csv', `\uFEFFx,y\n${lines.join('\n')}\n\n`);
    const { chunks, res } = await collect(p, { chunkRows: 4 });
    expect(res).toEqual({ rows: 10, names: ['x', 'y'] });
    expect(chunks.map((c) => c.first)).toEqual([0, 4, 8]);
    expect(chunks.map((c) => c.rows.length)).toEqual([4, 4, 2]);
    expect(chunks.flatMap((c) => c.rows)).toEqual(Array.from({ length: 10 }, (_, i) => [i, i * 2]));
  });

  it('reads headerless files and TSV, and selects columns by name or index', async () => {
    const p = file('b.tsv', '1\t2\t3\n4\t5\t6\n');
    const { chunks, res } = await collect(p, { chunkRows: 10, columns: '2,0' });
    expect(res.names).toEqual(['col2', 'col0']);
    expect(chunks[0].rows).toEqual([
      [3, 1],
      [6, 4],
    ]);
    const q = file('c.csv', 'a,b,c\n1,2,3\n');
    expect((await collect(q, { chunkRows: 10, columns: 'c,a' })).chunks[0].rows).toEqual([[3, 1]]);
    await expect(collect(q, { chunkRows: 10, columns: 'z' })).rejects.toThrow(ValidationError);
  });

  it('rejects a non-numeric cell or a short row with a ParseError naming the line and column', async () => {
    const p = file('d.csv', 'a,b\n1,2\n3,NaN\n');
    const err = await collect(p, { chunkRows: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.line).toBe(3);
    expect(err.column).toBe(2);
    const short = file('e.csv', 'a,b\n1,2\n3\n');
    await expect(collect(short, { chunkRows: 5 })).rejects.toThrow(/line 3 has 1 fields/);
    await expect(collect(file('f.csv', 'a,b\n'), { chunkRows: 5 })).rejects.toThrow(/no data rows/);
    await expect(collect(join(dir, 'missing.csv'), { chunkRows: 5 })).rejects.toThrow(ValidationError);
  });
});
