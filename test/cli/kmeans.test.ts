import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs } from '../../src/datasets/index.js';
import { run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const { X } = demoBlobs(0);
const rows = Array.from({ length: X.rows }, (_, i) => `${X.data[i * 2]},${X.data[i * 2 + 1]}`);
const csv = writeTemp(dir, 'demo.csv', `x,y\n${rows.join('\n')}\n`);

describe('clusterkit kmeans', () => {
  it('--json prints labels, centers, inertia and nIter', () => {
    const r = run(['kmeans', csv, '-k', '5', '--seed', '1', '--n-init', '5', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels).toHaveLength(250);
    expect(out.centers).toHaveLength(5);
    expect(out.inertia).toBeGreaterThan(0);
    expect(out.nIter).toBeGreaterThan(0);
  });
  it('reads stdin, headerless CSV, TSV, JSON and NDJSON to the same result', () => {
    const ref = JSON.parse(run(['kmeans', csv, '-k', '3', '--seed', '2', '--json']).stdout).inertia;
    const variants: [string[], string | undefined][] = [
      [['-'], `${rows.join('\n')}\n`],
      [[writeTemp(dir, 'd.tsv', rows.map((r) => r.replace(',', '\t')).join('\n'))], undefined],
      [[writeTemp(dir, 'd.json', `[${rows.map((r) => `[${r}]`).join(',')}]`)], undefined],
      [
        [writeTemp(dir, 'd.ndjson', rows.map((r) => `{"x":${r.split(',')[0]},"y":${r.split(',')[1]}}`).join('\n'))],
        undefined,
      ],
    ];
    for (const [args, stdin] of variants) {
      const r = run(['kmeans', ...args, '-k', '3', '--seed', '2', '--json'], stdin);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).inertia).toBeCloseTo(ref, 9);
    }
  });
  it('writes labels, a model and an SVG plot; never overwrites the input', () => {
    const out = join(dir, 'labels.csv');
    const model = join(dir, 'model.json');
    const plot = join(dir, 'plot.svg');
    const r = run(['kmeans', csv, '-k', '5', '--seed', '3', '--out', out, '--save', model, '--plot', plot, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('label');
    expect(JSON.parse(readFileSync(model, 'utf8')).estimator).toBe('KMeans');
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/);
    const before = readFileSync(csv, 'utf8');
    const bad = run(['kmeans', csv, '-k', '2', '--out', csv]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Refusing to overwrite the input/);
    expect(readFileSync(csv, 'utf8')).toBe(before);
  });
  it('--init FILE uses the given centres', () => {
    const init = writeTemp(dir, 'init.csv', '0,0\n3,3\n3,-3\n-3,3\n-3,-3\n');
    const r = run(['kmeans', csv, '-k', '5', '--init', init, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).centers[0][0]).toBeCloseTo(0, 0);
  });
  it('--plot out.png writes a PNG', () => {
    const png = join(dir, 'plot.png');
    expect(run(['kmeans', csv, '-k', '5', '--plot', png, '--quiet']).code).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('clusterkit kmeans bad input: exit 2 and one line on stderr', () => {
  const cases: [string, string[], string | undefined, RegExp][] = [
    [
      'a non-numeric cell',
      ['kmeans', writeTemp(dir, 'bad.csv', 'a,b\n1,2\n3,x\n'), '-k', '1'],
      undefined,
      /Line 3, column 2 \(b\): "x" is not a number/,
    ],
    [
      'an empty cell',
      ['kmeans', writeTemp(dir, 'empty.csv', 'a,b\n1,2\n3,\n'), '-k', '1'],
      undefined,
      /Line 3, column 2/,
    ],
    ['NaN', ['kmeans', writeTemp(dir, 'nan.csv', 'a,b\n1,2\n3,NaN\n'), '-k', '1'], undefined, /not a number/],
    ['ragged rows', ['kmeans', writeTemp(dir, 'ragged.csv', '1,2\n3\n'), '-k', '1'], undefined, /Line 2 has 1 fields/],
    [
      'empty data',
      ['kmeans', writeTemp(dir, 'nothing.csv', 'a,b\n'), '-k', '1'],
      undefined,
      /no data rows|0 rows|empty/,
    ],
    ['k < 1', ['kmeans', csv, '-k', '0'], undefined, /expected an integer >= 1/],
    [
      'k > n',
      ['kmeans', writeTemp(dir, 'two.csv', '1,2\n3,4\n'), '-k', '3'],
      undefined,
      /n_samples=2 should be >= nClusters=3/,
    ],
    [
      'an unknown option value',
      ['kmeans', csv, '-k', '2', '--algorithm', 'fast'],
      undefined,
      /Allowed choices are auto, lloyd, elkan, hamerly/,
    ],
    ['an unknown option', ['kmeans', csv, '-k', '2', '--bogus'], undefined, /unknown option '--bogus'/],
    ['a missing file', ['kmeans', join(dir, 'nope.csv'), '-k', '2'], undefined, /Input file not found/],
    ['an unknown column', ['kmeans', csv, '-k', '2', '--columns', 'z'], undefined, /Unknown column "z"/],
  ];
  for (const [what, args, stdin, msg] of cases) {
    it(what, () => {
      const r = run(args, stdin);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^clusterkit: error: /);
      expect(r.stdout).toBe('');
    });
  }
});

describe('clusterkit demo', () => {
  it('writes the report and prints where it is', () => {
    const out = join(dir, 'report');
    const r = run(['demo', '--out-dir', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5\/5 found within 0.5/);
    expect(r.stdout).toContain(join(out, 'index.html'));
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="gallery.html"');
    expect(readFileSync(join(out, 'gallery.html'), 'utf8')).toContain('data-algorithm="HDBSCAN"');
  });
  it('--help works on every command', () => {
    for (const c of ['kmeans', 'demo']) {
      const r = run([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: clusterkit/);
    }
  });
});
