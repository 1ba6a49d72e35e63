/**
 * Fuzz suite, CLI side (issue 21): every command run in-process (`runCli`) on hostile CSV/TSV/JSON/NDJSON/.npy and
 * bit-flipped or truncated Parquet/Arrow (file and stream) inputs, plus `predict` on tampered saved models, `evaluate`
 * (labels file, truth column), `report`, `demo --out-dir` and `kde --query` (extreme magnitudes, duplicates,
 * constant columns, n < k, damaged cells) with hostile option values. The only outcomes allowed: exit 0 with finite
 * numbers in the --json result, or exit 2 with one error line on stderr (exit 1 only for a system write failure);
 * never an internal error or a stack trace, no case over CASE_MS, and no file in the working folder but the inputs
 * and the named outputs.
 *
 * Fixed seed (test/setup.ts) and FUZZ_RUNS cases per command group (default 25, so that CI stays well under a minute
 * on a busy machine); long runs: `FC_SEED=random FUZZ_RUNS=20000 npm run fuzz`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { writeArrowIpc } from '../../src/io/arrow.js';
import { writeNpy } from '../../src/io/npy.js';
import { writeParquet } from '../../src/io/parquet.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const TIMEOUT = Math.max(120_000, RUNS * 3000);
/** Per-case limit (ms): the data are at most 12 rows, so anything near it is a hang. */
const CASE_MS = 15_000;

const root = mkdtempSync(join(tmpdir(), 'clusterkit-fuzz-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the CLI in-process, capturing stdout, stderr and the exit code. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write;
  const w2 = process.stderr.write;
  const grab =
    (into: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    };
  process.stdout.write = grab(out) as typeof process.stdout.write;
  process.stderr.write = grab(err) as typeof process.stderr.write;
  process.exitCode = undefined;
  const t0 = performance.now();
  try {
    await runCli(['node', 'clusterkit', ...args]);
  } catch (e) {
    err.push(`UNCAUGHT ${(e as Error)?.stack ?? String(e)}`);
    process.exitCode = 99;
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - t0 };
}

/** Every number in a parsed JSON value is finite (non-finite ones are printed as "Infinity" or null). */
function allFinite(v: unknown, path = '$'): void {
  if (typeof v === 'number') expect(Number.isFinite(v), path).toBe(true);
  else if (typeof v === 'string') {
    // OPTICS reachability and core distances are +∞ where undefined (scikit-learn's definition)
    if (!/^optics\.(reachability|coreDistances)\[/.test(path) || v !== 'Infinity')
      expect(/^-?Infinity$|^NaN$/.test(v), `${path} = ${v}`).toBe(false);
  } else if (Array.isArray(v)) {
    const numeric = v.some((x) => typeof x === 'number');
    v.forEach((x, i) => {
      if (numeric) expect(x, `${path}[${i}] in a numeric array`).not.toBeNull();
      allFinite(x, `${path}[${i}]`);
    });
  } else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) allFinite(x, `${path}.${k}`);
}

/** Values that break arithmetic: huge, tiny, duplicates, zero. */
const cell = fc.oneof(
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 1e300, -1e300, 1e-300, 5e-324, 1e160, -1e160, 1e15 + 0.5) },
);
const matrix = fc.record({
  rows: fc.integer({ min: 0, max: 12 }),
  cols: fc.integer({ min: 1, max: 3 }),
  values: fc.array(cell, { minLength: 36, maxLength: 36 }),
  constantRows: fc.boolean(),
});
/** Text damage inserted into a rendered text file. */
const damage = fc.array(
  fc.tuple(fc.nat(400), fc.constantFrom('', '"', ',', '\n', '\uFEFF', 'NaN', '1e400', 'x', '\u001b[31m', '[', '{')),
  { maxLength: 2 },
);
type Format = 'csv' | 'tsv' | 'json' | 'ndjson' | 'npy' | 'parquet' | 'arrow' | 'arrows';
const format = fc.constantFrom<Format>('csv', 'tsv', 'json', 'ndjson', 'npy', 'parquet', 'arrow', 'arrows');

/** Writes the data file of a case; returns its name. */
function writeData(dir: string, m: MatrixCase, f: Format, hurt: [number, string][]): string {
  const { rows, cols } = m;
  const at = (i: number, j: number) => m.values[((m.constantRows ? 0 : i) * cols + j) % m.values.length];
  const names = Array.from({ length: cols }, (_, j) => `c${j}`);
  const data = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => at(i, j)));
  const name = `data.${f}`;
  if (f === 'npy') {
    writeFileSync(join(dir, name), writeNpy({ rows, cols, data: Float64Array.from(data.flat()) }));
    return name;
  }
  if (f === 'parquet' || f === 'arrow' || f === 'arrows') {
    // written by the repo's own writers, then damaged: each text insertion becomes a flipped bit or a truncation
    const columns = Object.fromEntries(names.map((c, j) => [c, Float64Array.from(data, (r) => r[j])]));
    let bytes = f === 'parquet' ? writeParquet(columns) : writeArrowIpc(columns, f === 'arrows' ? 'stream' : 'file');
    for (const [p, s] of hurt) {
      if (s === '') bytes = bytes.subarray(0, p % (bytes.length + 1));
      else if (bytes.length > 0) bytes[p % bytes.length] ^= 1 << (s.length % 8);
    }
    writeFileSync(join(dir, name), bytes);
    return name;
  }
  let text =
    f === 'csv' || f === 'tsv'
      ? [names.join(f === 'csv' ? ',' : '\t'), ...data.map((r) => r.join(f === 'csv' ? ',' : '\t'))].join('\n')
      : f === 'json'
        ? JSON.stringify(data.map((r) => Object.fromEntries(r.map((v, j) => [names[j], v]))))
        : data.map((r) => JSON.stringify(Object.fromEntries(r.map((v, j) => [names[j], v])))).join('\n');
  for (const [p, s] of hurt) {
    const i = p % (text.length + 1);
    text = text.slice(0, i) + s + text.slice(i);
  }
  writeFileSync(join(dir, name), `${text}\n`);
  return name;
}
interface MatrixCase {
  rows: number;
  cols: number;
  values: number[];
  constantRows: boolean;
}

/** Option values a hostile user types. */
const num = fc.constantFrom(
  '0',
  '1',
  '2',
  '3',
  '-1',
  '0.5',
  '1e9',
  '1e400',
  'NaN',
  'abc',
  '',
  '2.5',
  ' 3',
  '\u001b]0;x\u0007',
);
/** A sensible value half the time, a hostile one otherwise. */
const numOrOk = (ok: string) => fc.oneof(fc.constant(ok), num);
const small = fc.constantFrom('1', '2', '3', '5', '0', '-2', '20', 'x');

/** Per command: its arguments after the input, as an arbitrary. */
const COMMANDS: Record<string, fc.Arbitrary<string[]>> = {
  kmeans: fc
    .tuple(small, fc.constantFrom([], ['--algorithm', 'elkan'], ['--n-init', '2'], ['--scale', 'standard']))
    .map(([k, x]) => ['-k', k, ...x]),
  'minibatch-kmeans': fc
    .tuple(small, fc.constantFrom([], ['--stream'], ['--batch-size', '3']))
    .map(([k, x]) => ['-k', k, ...x]),
  'soft-kmeans': fc.tuple(small, numOrOk('1')).map(([k, b]) => ['-k', k, '--beta', b]),
  'fuzzy-cmeans': fc.tuple(small, numOrOk('2')).map(([k, m]) => ['-k', k, '--m', m]),
  'bisecting-kmeans': small.map((k) => ['-k', k]),
  'spherical-kmeans': small.map((k) => ['-k', k]),
  hierarchical: fc
    .tuple(small, fc.constantFrom('single', 'complete', 'average', 'ward', 'centroid', 'median', 'weighted', 'bogus'))
    .map(([k, m]) => ['-k', k, '--method', m]),
  kmedoids: small.map((k) => ['-k', k]),
  clara: small.map((k) => ['-k', k]),
  gmm: fc
    .tuple(small, fc.constantFrom('full', 'tied', 'diag', 'spherical'))
    .map(([k, c]) => ['-k', k, '--covariance', c]),
  'bayesian-gmm': small.map((k) => ['-k', k]),
  kde: fc.tuple(num, fc.constantFrom([], ['--grid', '5'], ['--grid', '1e9'])).map(([h, g]) => ['--bandwidth', h, ...g]),
  'mean-shift': fc.constantFrom(
    [],
    ['--bandwidth', '1'],
    ['--bandwidth', '0'],
    ['--quantile', '0.5'],
    ['--bin-seeding'],
  ),
  dbscan: fc.tuple(num, small).map(([e, m]) => ['--eps', e, '--min-samples', m]),
  optics: small.map((m) => ['--min-samples', m]),
  hdbscan: small.map((m) => ['--min-cluster-size', m]),
  breaks: small.map((k) => ['-k', k, '--columns', '0']),
  'choose-k': fc
    .tuple(fc.constantFrom('elbow', 'silhouette', 'calinski-harabasz', 'davies-bouldin', 'bic'), small)
    .map(([m, k]) => ['--method', m, '--k-max', k]),
};

/** Runs one case in a fresh folder and checks the outcome. */
/** Cases that exited 0, per command: a suite where every case fails early would test nothing. */
const successes = new Map<string, number>();

async function checkCase(
  command: string,
  extra: string[],
  m: MatrixCase,
  f: Format,
  hurt: [number, string][],
  outputs: string[],
) {
  const work = mkdtempSync(join(root, 'w'));
  const input = writeData(work, m, f, hurt);
  const named = outputs.map((o) => join(work, o));
  const outArgs = outputs.flatMap((o, i) => [
    o.endsWith('.json') ? '--save' : o.endsWith('.svg') ? '--plot' : '--out',
    named[i],
  ]);
  const args = [command, join(work, input), ...extra, ...outArgs, '--json'];
  await checkRun(work, args, [input, ...outputs], command);
}

/** Runs `args` and checks the outcome; `allowed` are the names the folder `work` may hold afterwards. */
async function checkRun(work: string, args: string[], allowed: string[], tally: string, json = true) {
  const r = await cli(args);
  const shown = `clusterkit ${args.join(' ')}\nexit ${r.code}\nstderr: ${r.stderr}`;
  expect(r.ms, shown).toBeLessThan(CASE_MS);
  expect(r.stderr, shown).not.toMatch(/internal error|UNCAUGHT|\n\s+at .+[(:]\d+/);
  if (r.code === 0) {
    successes.set(tally, (successes.get(tally) ?? 0) + 1);
    if (json) allFinite(JSON.parse(r.stdout), tally);
  } else {
    expect([1, 2], shown).toContain(r.code);
    const errors = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('clusterkit: error') || l.startsWith('clusterkit: '));
    const errorLines = errors.filter((l) => !l.startsWith('clusterkit: warning') && !l.startsWith('clusterkit: note'));
    expect(errorLines, shown).toHaveLength(1);
    if (r.code === 1) expect(errorLines[0], shown).toMatch(/^clusterkit: error: Cannot write/);
  }
  const left = readdirSync(work).sort();
  for (const name of left) expect(allowed, `${shown}\nleft: ${left.join(', ')}`).toContain(name);
  rmSync(work, { recursive: true, force: true });
}

describe('fuzz: every CLI command in-process on hostile data and options', () => {
  for (const [command, extra] of Object.entries(COMMANDS)) {
    it(
      `${command}: exit 0 with finite numbers or exit 2 with one line; no stack, no hang, no stray file`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            extra,
            matrix,
            format,
            damage,
            fc.subarray(['labels.csv', 'model.json'], { minLength: 0 }),
            async (x, m, f, hurt, outs) => {
              await checkCase(command, x, m, f, hurt, command === 'breaks' || command === 'choose-k' ? [] : outs);
            },
          ),
          { numRuns: RUNS },
        );
        expect(successes.get(command) ?? 0, 'cases that reached a result').toBeGreaterThan(0);
      },
      TIMEOUT,
    );
  }
});

/** A saved model's JSON mutated as a hostile user would. */
const tamper = fc.oneof(
  fc.tuple(
    fc.constantFrom('estimator', 'weights', 'centers', 'means', 'nFeatures', 'k', 'featureNames', 'scaler', 'version'),
    fc.constantFrom<unknown>(
      '__proto__',
      'constructor',
      'toString',
      null,
      [],
      {},
      -1,
      1e308,
      'NaN',
      [[1e308, -1e308]],
      [-1, 1, 1],
      [[1, 2, 3]],
      'kmeans',
    ),
  ),
  fc.nat(2000).map((cut) => cut),
);

describe('fuzz: predict on tampered saved models', () => {
  it(
    'a mutated or truncated model: exit 2 with one line or a finite result; no stack, no hang, no stray file',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('kmeans', 'gmm', 'kde'), tamper, async (fitter, t) => {
          const work = mkdtempSync(join(root, 'p'));
          const m: MatrixCase = {
            rows: 10,
            cols: 2,
            values: Array.from({ length: 36 }, (_, i) => (i * 7) % 11),
            constantRows: false,
          };
          const input = writeData(work, m, 'csv', []);
          const model = join(work, 'model.json');
          const fit = await cli([fitter, join(work, input), ...(fitter === 'kde' ? [] : ['-k', '2']), '--save', model]);
          expect(fit.code, fit.stderr).toBe(0);
          const json = JSON.parse(readFileSync(model, 'utf8'));
          const text =
            typeof t === 'number'
              ? JSON.stringify(json).slice(0, t % (JSON.stringify(json).length + 1))
              : JSON.stringify(setDeep(json, t[0], t[1]));
          writeFileSync(model, text);
          await checkRun(work, ['predict', model, join(work, input), '--json'], [input, 'model.json'], 'predict');
        }),
        { numRuns: RUNS },
      );
      expect(successes.get('predict') ?? 0, 'cases that reached a result').toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});

/** Sets `key` wherever it occurs in `v` (the top level when it occurs nowhere). */
function setDeep(v: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  let hit = false;
  const walk = (o: unknown): void => {
    if (o === null || typeof o !== 'object') return;
    for (const k of Object.keys(o)) {
      if (k === key) {
        (o as Record<string, unknown>)[k] = value;
        hit = true;
      } else walk((o as Record<string, unknown>)[k]);
    }
  };
  walk(v);
  if (!hit) v[key] = value;
  return v;
}

describe('fuzz: evaluate, report, demo --out-dir and kde --query', () => {
  it(
    'hostile data, labels and query files: exit 0 with finite numbers or exit 2 with one line',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('evaluate', 'report', 'demo', 'kde-query'),
          matrix,
          format,
          damage,
          small,
          async (command, m, f, hurt, k) => {
            const work = mkdtempSync(join(root, 'e'));
            const input = writeData(work, m, f, hurt);
            if (command === 'evaluate') {
              const labels = Array.from({ length: m.rows }, (_, i) => `${i % 3}`);
              writeFileSync(join(work, 'labels.csv'), `label\n${labels.join('\n')}\n`);
              await checkRun(
                work,
                [
                  'evaluate',
                  join(work, input),
                  '--labels',
                  join(work, 'labels.csv'),
                  ...(m.cols > 1 ? ['--truth-column', 'c0'] : []),
                  '--json',
                ],
                [input, 'labels.csv'],
                command,
              );
            } else if (command === 'report') {
              await checkRun(
                work,
                ['report', join(work, input), '--k-max', k, '--out', join(work, 'r.html')],
                [input, 'r.html'],
                command,
                false,
              );
            } else if (command === 'demo') {
              await checkRun(
                work,
                ['demo', '--out-dir', join(work, k === 'x' ? input : 'demo')],
                [input, 'demo'],
                command,
                false,
              );
            } else {
              const qDir = mkdtempSync(join(root, 'q'));
              const q = join(qDir, writeData(qDir, { ...m, rows: Math.max(1, m.rows - 2) }, 'csv', hurt));
              await checkRun(work, ['kde', join(work, input), '--query', q, '--json'], [input], command);
            }
          },
        ),
        { numRuns: RUNS * 2 },
      );
      for (const c of ['evaluate', 'report', 'demo', 'kde-query'])
        expect(successes.get(c) ?? 0, `${c}: cases that reached a result`).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
