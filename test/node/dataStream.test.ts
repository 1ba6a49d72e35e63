import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { writeArrowIpc } from '../../src/io/arrow.js';
import { writeNpy } from '../../src/io/npy.js';
import { writeParquet } from '../../src/io/parquet.js';
import { MiniBatchKMeans } from '../../src/kmeans/MiniBatchKMeans.js';
import { streamDataChunks } from '../../src/node/dataStream.js';
import { fitMiniBatchKMeansStream } from '../../src/node/miniBatchStream.js';
import { readDataFile, readNpyFile } from '../../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'clusterkit-datastream-'));
const fixtures = new URL('../fixtures/io/', import.meta.url);
const { X } = makeBlobs({ nSamples: 1003, centers: 3, nFeatures: 3, clusterStd: 1, seed: 11 });
const n = X.rows;
const d = X.cols;
const column = (j: number): Float64Array => Float64Array.from({ length: n }, (_, i) => X.data[i * d + j]);

/** The same values in every streamable format (the Parquet file in row groups of 128 rows). */
const files: Record<string, string> = {
  csv: join(dir, 'x.csv'),
  npy: join(dir, 'x.npy'),
  parquet: join(dir, 'x.parquet'),
  arrow: join(dir, 'x.arrow'),
  arrows: join(dir, 'x.arrows'),
  ndjson: join(dir, 'x.ndjson'),
  jsonl: join(dir, 'x.jsonl'),
};
writeFileSync(
  files.csv,
  `a,b,c\n${Array.from({ length: n }, (_, i) => Array.from(X.data.subarray(i * d, i * d + d)).join(',')).join('\n')}\n`,
);
writeFileSync(files.npy, writeNpy(X));
writeFileSync(files.parquet, writeParquet({ a: column(0), b: column(1), c: column(2) }, { rowGroupSize: 128 }));
writeFileSync(files.arrow, writeArrowIpc({ a: column(0), b: column(1), c: column(2) }, 'file'));
writeFileSync(files.arrows, writeArrowIpc({ a: column(0), b: column(1), c: column(2) }, 'stream'));
const rowsOf = (i: number): number[] => Array.from(X.data.subarray(i * d, i * d + d));
// NDJSON objects (CRLF line ends, a blank line) and arrays (no header: col0, col1, col2)
writeFileSync(
  files.ndjson,
  Array.from({ length: n }, (_, i) => JSON.stringify({ a: rowsOf(i)[0], b: rowsOf(i)[1], c: rowsOf(i)[2] }))
    .join('\r\n')
    .replace('}\r\n', '}\r\n\r\n'),
);
writeFileSync(files.jsonl, `${Array.from({ length: n }, (_, i) => JSON.stringify(rowsOf(i))).join('\n')}\n`);

/** Every chunk of a pass, copied, with its first row and the buffer it came in. */
async function collect(path: string, chunkRows: number, columns?: string) {
  const chunks: { first: number; rows: number; data: number[]; buffer: ArrayBufferLike }[] = [];
  const res = await streamDataChunks(path, { chunkRows, columns }, (c: Matrix, first) => {
    chunks.push({ first, rows: c.rows, data: Array.from(c.data), buffer: c.data.buffer });
  });
  return { res, chunks };
}

/** partialFit by hand over blocks of `chunkRows` rows of M, in order. */
function byHand(M: Matrix, chunkRows: number, epochs: number): MiniBatchKMeans {
  const m = new MiniBatchKMeans({ nClusters: 3, batchSize: chunkRows, seed: 4 });
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < M.rows; s += chunkRows) {
      const rows = Math.min(chunkRows, M.rows - s);
      m.partialFit({ rows, cols: M.cols, data: M.data.slice(s * M.cols, (s + rows) * M.cols) });
    }
  }
  return m;
}

describe('streamDataChunks(path, opts, onChunk)', () => {
  it.each(Object.keys(files))(
    '%s: the chunks are the rows in blocks of chunkRows, bit-identical, in one reused buffer',
    async (fmt) => {
      const { res, chunks } = await collect(files[fmt], 100);
      expect(res.rows).toBe(n);
      expect(res.names).toEqual(fmt === 'npy' || fmt === 'jsonl' ? ['col0', 'col1', 'col2'] : ['a', 'b', 'c']);
      expect(chunks.map((c) => c.rows)).toEqual([...new Array(10).fill(100), 3]);
      expect(chunks.map((c) => c.first)).toEqual(chunks.map((_, t) => t * 100));
      expect(chunks.flatMap((c) => c.data)).toEqual(Array.from(X.data));
      // bounded memory: every chunk is a view of the same chunkRows×d buffer
      expect(new Set(chunks.map((c) => c.buffer)).size).toBe(1);
      expect(chunks[0].buffer.byteLength).toBe(100 * d * 8);
    },
  );
  it('selects columns by name or index, in the order given', async () => {
    const { chunks } = await collect(files.parquet, 400, 'c,0');
    const got = chunks.flatMap((c) => c.data);
    expect(got).toEqual(Array.from({ length: 2 * n }, (_, t) => X.data[(t >> 1) * d + (t % 2 === 0 ? 2 : 0)]));
    const npy = await collect(files.npy, 7, '2,col0');
    expect(npy.chunks.flatMap((c) => c.data)).toEqual(got);
  });
  it('.npy: every dtype, byte order and Fortran layout streams the values readNpyFile reads', async () => {
    const doc = JSON.parse(readFileSync(new URL('npy.json', fixtures), 'utf8')) as { expected: { file: string }[] };
    for (const { file } of doc.expected) {
      const path = new URL(file, fixtures).pathname;
      const whole = readNpyFile(path);
      const { res, chunks } = await collect(path, 3);
      expect(res.rows, file).toBe(whole.rows);
      expect(chunks.flatMap((c) => c.data).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
        Array.from(whole.data, (v) => (Object.is(v, -0) ? '-0' : v)),
      );
    }
  });
  it('Parquet written by DuckDB (Snappy, row groups of 128): the numeric columns, across row groups', async () => {
    const doc = JSON.parse(readFileSync(new URL('duckdb.json', fixtures), 'utf8')) as {
      expected: { columns: Record<string, (number | string)[]> };
    };
    for (const codec of ['snappy', 'uncompressed']) {
      const path = new URL(`duckdb_${codec}.parquet`, fixtures).pathname;
      const { res, chunks } = await collect(path, 50, 'x,y,id');
      expect(res.rows).toBe(300);
      const cols = ['x', 'y', 'id'].map((k) => doc.expected.columns[k].map(Number));
      expect(chunks.flatMap((c) => c.data)).toEqual(Array.from({ length: 900 }, (_, t) => cols[t % 3][(t / 3) | 0]));
    }
  });
  it('a text column in Parquet is a ParseError naming the row and column', async () => {
    const path = new URL('duckdb_snappy.parquet', fixtures).pathname;
    await expect(collect(path, 50, 'x,species')).rejects.toThrow(ParseError);
    await expect(collect(path, 50, 'x,species')).rejects.toThrow(/row 1, column species/);
  });
  it('a NaN in .npy is a ParseError naming its row and column', async () => {
    const Y = { rows: 5, cols: 2, data: Float64Array.from([1, 2, 3, 4, 5, Number.NaN, 7, 8, 9, 10]) };
    const path = join(dir, 'nan.npy');
    writeFileSync(path, writeNpy(Y));
    await expect(collect(path, 2)).rejects.toThrow(/row 3, column 2 \(col1\) is NaN/);
  });
  it('a truncated .npy, an unknown column and JSON input are typed errors', async () => {
    const path = join(dir, 'short.npy');
    const bytes = writeNpy(X);
    writeFileSync(path, bytes.subarray(0, bytes.length - 8));
    await expect(collect(path, 100)).rejects.toThrow(ParseError);
    await expect(collect(files.npy, 100, 'col7')).rejects.toThrow(ValidationError);
    const json = join(dir, 'x.json');
    writeFileSync(json, '[[1,2],[3,4]]');
    await expect(collect(json, 100)).rejects.toThrow(/cannot be read in chunks/);
    await expect(collect(join(dir, 'missing.npy'), 100)).rejects.toThrow(ValidationError);
  });
});

describe('streamDataChunks on NDJSON', () => {
  it('NDJSON streams the matrix readDataFile reads from the whole file (objects, arrays)', async () => {
    for (const path of [files.ndjson, files.jsonl]) {
      const whole = (await readDataFile(path)).X;
      const { res, chunks } = await collect(path, 64, '2,0');
      expect(res.format).toBe('ndjson');
      const cols = await readDataFile(path, { columns: '2,0' });
      expect(chunks.flatMap((c) => c.data)).toEqual(Array.from(cols.X.data));
      expect(whole.rows).toBe(n);
    }
  });
  it('NDJSON: invalid JSON, a row unlike the first, a ragged array and a text cell are ParseErrors naming the line', async () => {
    const bad = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return collect(path, 2);
    };
    await expect(bad('a.ndjson', '{"x":1}\n{"x":2\n')).rejects.toThrow(/invalid JSON on line 2/);
    await expect(bad('b.ndjson', '{"x":1}\n[2]\n')).rejects.toThrow(/line 2 is not an object like the first/);
    await expect(bad('c.ndjson', '[1,2]\n[3,4]\n[5]\n')).rejects.toThrow(/line 3 has 1 fields/);
    await expect(bad('d.ndjson', '{"x":1,"y":2}\n\n{"x":"a","y":3}\n')).rejects.toThrow(
      /line 3, column 1 \(x\) is "a", not a number/,
    );
    await expect(bad('e.ndjson', '{"x":1,"y":2}\n{"x":3}\n')).rejects.toThrow(/line 2, column 2 \(y\) is missing/);
    await expect(bad('f.ndjson', '\n\n')).rejects.toThrow(ValidationError);
  });
});

describe('fitMiniBatchKMeansStream on every streamable format', () => {
  it.each(Object.keys(files))(
    '%s: a file larger than the chunk gives partialFit over the same chunks by hand, bit-identical',
    async (fmt) => {
      const r = await fitMiniBatchKMeansStream(files[fmt], {
        nClusters: 3,
        batchSize: 64,
        epochs: 2,
        seed: 4,
        keepLabels: true,
      });
      const ref = byHand(X, 64, 2);
      expect(Array.from(r.model.clusterCenters.data)).toEqual(Array.from(ref.clusterCenters.data));
      expect(Array.from(r.labels ?? [])).toEqual(Array.from(ref.predict(X)));
      expect(r.rows).toBe(n);
    },
  );
});
