/**
 * Data in, results out through the built CLI: every input format gives the same answer, --columns/--truth-column
 * work on columnar files, --out writes every output format atomically and never over an input, PNG plots are real
 * pictures.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { writeArrowIpc } from '../../src/io/arrow.js';
import { readNpy, writeNpy } from '../../src/io/npy.js';
import { readParquet, writeParquet } from '../../src/io/parquet.js';
import { CLI, run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X, y } = demoBlobs(7);
const n = X.rows;
const xs = Float64Array.from({ length: n }, (_, i) => X.data[2 * i]);
const ys = Float64Array.from({ length: n }, (_, i) => X.data[2 * i + 1]);
const csv = writeTemp(dir, 'd.csv', `x,y\n${Array.from({ length: n }, (_, i) => `${xs[i]},${ys[i]}`).join('\n')}\n`);
const cls = Int32Array.from(y);
const parquet = join(dir, 'd.parquet');
writeFileSync(parquet, writeParquet({ cls, x: xs, y: ys }));
const arrow = join(dir, 'd.arrow');
writeFileSync(arrow, writeArrowIpc({ x: xs, cls, y: ys }));
const arrows = join(dir, 'd.arrows');
writeFileSync(arrows, writeArrowIpc({ x: xs, y: ys }, 'stream'));
const npy = join(dir, 'd.npy');
writeFileSync(npy, writeNpy(X));

function runBytes(args: string[], input: Uint8Array) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const KM = ['-k', '5', '--seed', '2', '--json'];

describe('input formats', () => {
  const ref = JSON.parse(run(['kmeans', csv, ...KM]).stdout);
  it('Parquet, Arrow file and stream, .npy give the CSV answer exactly', () => {
    const variants: string[][] = [
      [parquet, '--columns', 'x,y'],
      [parquet, '--columns', '1,2'],
      [parquet, '--truth-column', 'cls'],
      [arrow, '--columns', 'x,y'],
      [arrow, '--truth-column', '1'],
      [arrows],
      [npy],
    ];
    for (const v of variants) {
      const r = run(['kmeans', ...v, ...KM]);
      expect(r.stderr, v.join(' ')).toBe('');
      const out = JSON.parse(r.stdout);
      expect(out.labels, v.join(' ')).toEqual(ref.labels);
      expect(out.inertia).toBe(ref.inertia);
    }
  });
  it('stdin: the format is recognised from the bytes; --format overrides a misleading name', () => {
    for (const f of [parquet, arrow, arrows, npy]) {
      const r = runBytes(
        ['kmeans', '-', ...KM, ...(f === parquet ? ['--columns', 'x,y'] : f === arrow ? ['--columns', 'x,y'] : [])],
        new Uint8Array(readFileSync(f)),
      );
      expect(r.stderr, f).toBe('');
      expect(JSON.parse(r.stdout).labels).toEqual(ref.labels);
    }
    const odd = join(dir, 'data.bin');
    writeFileSync(odd, readFileSync(npy));
    expect(JSON.parse(run(['kmeans', odd, ...KM, '--format', 'npy']).stdout).labels).toEqual(ref.labels);
  });
  it('small fixture files (pooled Buffers in Node) read through the CLI', () => {
    const f = (name: string) => new URL(`../fixtures/io/${name}`, import.meta.url).pathname;
    for (const [file, cols] of [
      ['types.parquet', 'label,f'],
      ['types.arrow', 'n,y'],
      ['types.arrows', 'n,y'],
      ['f4_be.npy', '0,1'],
    ]) {
      const r = run(['kmeans', f(file), '--columns', cols, '-k', '2', '--seed', '1', '--json']);
      expect(r.stderr, file).toBe('');
      expect(JSON.parse(r.stdout).labels).toHaveLength(file.endsWith('npy') ? 4 : 6);
    }
  });
  it('--init centres as .npy equal the same centres as CSV', () => {
    const c = [
      [0, 0],
      [3, 3],
      [-3, 3],
      [3, -3],
      [-3, -3],
    ];
    const cCsv = writeTemp(dir, 'c.csv', `${c.map((r) => r.join(',')).join('\n')}\n`);
    const cNpy = join(dir, 'c.npy');
    writeFileSync(cNpy, writeNpy({ rows: 5, cols: 2, data: Float64Array.from(c.flat()) }));
    const a = JSON.parse(run(['kmeans', csv, '-k', '5', '--init', cCsv, '--json']).stdout);
    const b = run(['kmeans', csv, '-k', '5', '--init', cNpy, '--json']);
    expect(b.stderr).toBe('');
    expect(JSON.parse(b.stdout).labels).toEqual(a.labels);
    expect(run(['kmeans', csv, '-k', '5', '--init', parquet]).stderr).toMatch(/is parquet; give a small matrix/);
  });
  it('evaluate reads the truth column from Parquet', () => {
    const r = run(['evaluate', parquet, '--columns', 'x,y', '--truth-column', 'cls', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).silhouette).toBeGreaterThan(0.3);
  });
  it('bad input exits 2 with the line and column, or the row, on stderr', () => {
    const bad = writeTemp(dir, 'bad.csv', 'x,y\n1,2\n3,oops\n');
    const r = run(['kmeans', bad, '-k', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^clusterkit: error: Line 3, column 2 \(y\): "oops" is not a number/);
    const j = run(['kmeans', writeTemp(dir, 'bad.json', '[[1,2],\n[3,]]'), '-k', '1']);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/Invalid JSON at line 2, column 4/);
    writeFileSync(join(dir, 'trunc.npy'), readFileSync(npy).subarray(0, 200));
    const t = run(['kmeans', join(dir, 'trunc.npy'), '-k', '1']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/Truncated \.npy data/);
    const p = run(['kmeans', parquet, '-k', '1', '--columns', 'x,zz']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/Unknown column "zz"; available: 0:cls, 1:x, 2:y/);
  });
});

describe('outputs', () => {
  const ref = JSON.parse(run(['kmeans', csv, ...KM]).stdout);
  it('--out by extension: .csv .tsv .json .ndjson .npy .parquet hold the labels', async () => {
    for (const ext of ['csv', 'tsv', 'json', 'ndjson', 'npy', 'parquet']) {
      const out = join(dir, `labels.${ext}`);
      const r = run(['kmeans', csv, ...KM, '--out', out]);
      expect(r.code, ext).toBe(0);
      const bytes = new Uint8Array(readFileSync(out));
      let labels: number[];
      if (ext === 'npy') labels = Array.from(readNpy(bytes).data);
      else if (ext === 'parquet') labels = Array.from((await readParquet(bytes)).columns[0] as Float64Array);
      else if (ext === 'json') labels = JSON.parse(readFileSync(out, 'utf8')).map((o: { label: number }) => o.label);
      else if (ext === 'ndjson')
        labels = readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).label);
      else labels = readFileSync(out, 'utf8').trim().split('\n').slice(1).map(Number);
      expect(labels, ext).toEqual(ref.labels);
    }
    const r = run(['kmeans', csv, ...KM, '--out', join(dir, 'labels.arrow')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Arrow output is not supported by --out; use \.parquet/);
  });
  it('soft memberships to .npy are an n×(1+k) float64 array', () => {
    const out = join(dir, 'soft.npy');
    expect(run(['soft-kmeans', csv, '-k', '3', '--seed', '1', '--out', out, '--quiet']).code).toBe(0);
    const m = readNpy(new Uint8Array(readFileSync(out)));
    expect([m.rows, m.cols]).toEqual([n, 4]);
    for (let i = 0; i < n; i++) expect(m.data[i * 4 + 1] + m.data[i * 4 + 2] + m.data[i * 4 + 3]).toBeCloseTo(1, 12);
  });
  it('outputs replace the old file by rename (a new inode), leave no temp file, and never touch an input', () => {
    const out = join(dir, 'replace.csv');
    writeFileSync(out, 'old\n');
    const ino = statSync(out).ino;
    expect(run(['kmeans', csv, ...KM, '--out', out]).code).toBe(0);
    expect(statSync(out).ino).not.toBe(ino);
    expect(readFileSync(out, 'utf8').startsWith('label\n')).toBe(true);
    for (const input of [csv, parquet, npy]) {
      const before = readFileSync(input);
      for (const flag of ['--out', '--save', '--plot']) {
        const r = run(['kmeans', input, '-k', '2', flag, input]);
        expect(r.code, `${flag} ${input}`).toBe(2);
        expect(r.stderr).toMatch(/Refusing to overwrite the input file/);
      }
      expect(readFileSync(input).equals(before)).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const missingDir = run(['kmeans', csv, ...KM, '--out', join(dir, 'nope', 'x.csv')]);
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toMatch(/Cannot write/);
  });
});

/** Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what resvg writes) into pixels. */
function decodePng(png: Uint8Array): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect(Array.from(png.subarray(0, 8))).toEqual(sig);
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let p = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (p < png.length) {
    const len = dv.getUint32(p);
    const type = new TextDecoder().decode(png.subarray(p + 4, p + 8));
    const body = png.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(p + 8);
      height = dv.getUint32(p + 12);
      expect(body[8]).toBe(8); // bit depth
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
      expect(body[12]).toBe(0); // not interlaced
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let r = 0; r < height; r++) {
    const f = raw[r * (stride + 1)];
    for (let c = 0; c < stride; c++) {
      const x = raw[r * (stride + 1) + 1 + c];
      const a = c >= channels ? pixels[r * stride + c - channels] : 0;
      const b = r > 0 ? pixels[(r - 1) * stride + c] : 0;
      const cc = r > 0 && c >= channels ? pixels[(r - 1) * stride + c - channels] : 0;
      let v = x;
      if (f === 1) v = x + a;
      else if (f === 2) v = x + b;
      else if (f === 3) v = x + ((a + b) >> 1);
      else if (f === 4) {
        const pa = Math.abs(b - cc);
        const pb = Math.abs(a - cc);
        const pc = Math.abs(a + b - 2 * cc);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : cc);
      }
      pixels[r * stride + c] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

describe('PNG plots', () => {
  it('kmeans --plot x.png is a real picture: PNG signature, the SVG size ×2, coloured points on white', () => {
    const png = join(dir, 'km.png');
    expect(run(['kmeans', csv, ...KM, '--plot', png]).code).toBe(0);
    const img = decodePng(new Uint8Array(readFileSync(png)));
    expect(img.width).toBeGreaterThanOrEqual(800);
    expect(img.height).toBeGreaterThanOrEqual(600);
    let white = 0;
    let coloured = 0;
    const colours = new Set<number>();
    for (let i = 0; i < img.width * img.height; i++) {
      const r = img.pixels[i * img.channels];
      const g = img.pixels[i * img.channels + 1];
      const b = img.pixels[i * img.channels + 2];
      if (r > 250 && g > 250 && b > 250) white++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) {
        coloured++;
        colours.add(((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5));
      }
    }
    const total = img.width * img.height;
    expect(white / total).toBeGreaterThan(0.5); // a white background...
    expect(coloured / total).toBeGreaterThan(0.005); // ...with coloured points on it
    expect(colours.size).toBeGreaterThanOrEqual(5); // five clusters, five hues (at least)
  });
  it.each([
    ['gmm', ['-k', '5', '--seed', '1', '--plot']],
    ['kde', ['--bandwidth', '0.8', '--plot']],
    ['hierarchical', ['-k', '5', '--dendrogram']],
    ['choose-k', ['--k-min', '2', '--k-max', '6', '--seed', '1', '--plot']],
    ['evaluate', ['--truth-column', 'cls', '--plot']],
  ] as const)('%s writes a non-blank PNG', (cmd, opts) => {
    const png = join(dir, `${cmd}.png`);
    const input = cmd === 'evaluate' ? parquet : csv;
    const r = run([cmd, input, ...opts, png, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const img = decodePng(new Uint8Array(readFileSync(png)));
    expect(img.width).toBeGreaterThanOrEqual(400);
    expect(img.height).toBeGreaterThanOrEqual(300);
    let ink = 0;
    for (let i = 0; i < img.width * img.height; i++) {
      const k = i * img.channels;
      if (img.pixels[k] < 200 || img.pixels[k + 1] < 200 || img.pixels[k + 2] < 200) ink++;
    }
    expect(ink / (img.width * img.height)).toBeGreaterThan(0.01);
  });
});
