/**
 * Issue 19, CLI side: what a new user meets in the first hour — plots of the data that was clustered, text columns,
 * one rule for choosing k, progress and O(n²) warnings, missing cells, typos in options, the report's summary.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBlobs, loadIris, makeBlobs } from '../../src/datasets/index.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { CLI, run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const SPECIES = ['setosa', 'versicolor', 'virginica'];
const iris = loadIris();
const irisRows = Array.from({ length: iris.X.rows }, (_, i) => {
  const r = Array.from(iris.X.data.subarray(i * 4, i * 4 + 4));
  return `${r.join(',')},${SPECIES[iris.y[i]]}`;
});
const irisCsv = writeTemp(
  dir,
  'iris.csv',
  `sepal_length,sepal_width,petal_length,petal_width,species\n${irisRows.join('\n')}\n`,
);
// Iris with a fifth measurement on a scale 1000× larger (like wine's proline): unscaled, it is all PCA sees.
const wideCsv = writeTemp(
  dir,
  'wide.csv',
  `a,b,c,d,proline\n${Array.from({ length: iris.X.rows }, (_, i) => {
    const r = Array.from(iris.X.data.subarray(i * 4, i * 4 + 4));
    return `${r.join(',')},${500 + ((i * 7919) % 1000)}`;
  }).join('\n')}\n`,
);
const demo = demoBlobs(0);
const demoCsv = writeTemp(
  dir,
  'demo.csv',
  `x,y\n${Array.from({ length: demo.X.rows }, (_, i) => `${demo.X.data[i * 2]},${demo.X.data[i * 2 + 1]}`).join('\n')}\n`,
);

describe('plots show the data that was clustered (issue 19, 1)', () => {
  it('with --scale, every --plot draws the scaled rows and its axes say so (PCA of scaled data above 2 columns)', () => {
    const cases: string[][] = [
      ['kmeans', '-k', '3'],
      ['hierarchical', '-k', '3'],
      ['gmm', '-k', '3', '--seed', '0'],
      ['kmedoids', '-k', '3'],
      ['dbscan', '--eps', '0.8'],
    ];
    for (const args of cases) {
      const svg = join(dir, `${args[0]}.svg`);
      const r = run([args[0], wideCsv, ...args.slice(1), '--scale', 'standard', '--plot', svg, '--quiet']);
      expect(r.code, args.join(' ')).toBe(0);
      const text = readFileSync(svg, 'utf8');
      expect(text, args[0]).toContain('PC1 of standardized data');
      // The unscaled data's first component is the large column alone.
      expect(text, args[0]).not.toMatch(/\((9\d|100) % of variance\)/);
    }
  });
  it('two columns keep their names, marked as scaled; without --scale the axes are the data units', () => {
    const svg = join(dir, 'mm.svg');
    expect(run(['kmeans', demoCsv, '-k', '5', '--scale', 'minmax', '--plot', svg, '--quiet']).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('x (min–max scaled)');
    expect(run(['kmeans', demoCsv, '-k', '5', '--plot', svg, '--quiet']).code).toBe(0);
    const plain = readFileSync(svg, 'utf8');
    expect(plain).toContain('>x<');
    expect(plain).not.toContain('scaled');
  });
});

describe('text columns (issue 19, 2)', () => {
  it('iris with a species column works for every command: the only text column is kept aside as truth, said on stderr', () => {
    const labels = join(dir, 'iris-labels.csv');
    const commands: string[][] = [
      ['kmeans', '-k', '3', '--out', labels],
      ['minibatch-kmeans', '-k', '3'],
      ['soft-kmeans', '-k', '3'],
      ['fuzzy-cmeans', '-k', '3'],
      ['bisecting-kmeans', '-k', '3'],
      ['spherical-kmeans', '-k', '3'],
      ['hierarchical', '-k', '3'],
      ['kmedoids', '-k', '3'],
      ['clara', '-k', '3'],
      ['gmm', '-k', '3'],
      ['mean-shift'],
      ['dbscan', '--eps', '0.5'],
      ['optics', '--min-samples', '5'],
      ['hdbscan', '--min-cluster-size', '10'],
      ['kde'],
      ['choose-k', '--k-max', '5'],
      ['report', '-k', '3', '--k-max', '4', '--out', join(dir, 'iris.html')],
    ];
    for (const c of commands) {
      const seeded = !['hierarchical', 'dbscan', 'optics', 'hdbscan'].includes(c[0]);
      const r = run([c[0], irisCsv, ...c.slice(1), ...(seeded ? ['--seed', '0'] : [])]);
      expect(r.code, `${c.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr, c[0]).toMatch(/note: text column 'species' is kept aside as the true classes/);
    }
    // evaluate scores the labels against the species it found.
    const e = run(['evaluate', irisCsv, '--labels', labels, '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).adjustedRand).toBeGreaterThan(0.6);
  });
  it('several text columns are left out with one note; --truth-column keeps the choice; --columns help says so', () => {
    const two = writeTemp(dir, 'two.csv', `x,y,name,colour\n1,2,a,red\n1.5,2,b,blue\n8,9,c,red\n8.5,9,d,blue\n`);
    const r = run(['kmeans', two, '-k', '2', '--seed', '0', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "clusterkit: note: left out the text columns 'name', 'colour'; --columns chooses the columns.\n",
    );
    expect(JSON.parse(r.stdout).centers[0]).toHaveLength(2);
    const t = run(['kmeans', two, '-k', '2', '--truth-column', 'colour', '--quiet']);
    expect(t.code).toBe(0);
    expect(t.stderr).toBe('');
    const none = run(['kmeans', writeTemp(dir, 'words.csv', 'w\nab\ncd\n'), '-k', '1']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No numeric column to cluster: 'w' holds text/);
    expect(run(['kmeans', '--help']).stdout).toMatch(/text\s+columns are left\s+out/);
  });
});

describe('one rule for choosing k (issue 19, 3)', () => {
  it('choose-k --method gap uses Dudoit & Fridlyand by default, as the report, and finds 5 on the demo', () => {
    for (const seed of ['0', '1']) {
      const r = run(['choose-k', demoCsv, '--method', 'gap', '--seed', seed, '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.k).toBe(5);
      expect(out.rule).toMatch(/Dudoit & Fridlyand/);
    }
  });
  it('the default criterion is named; a k at the edge of the range warns and suggests a wider one', () => {
    const centers = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) centers.push([i * 10, j * 10]);
    const b = makeBlobs({ nSamples: 800, centers, clusterStd: 1, seed: 0 });
    const csv = writeTemp(
      dir,
      'blobs16.csv',
      Array.from({ length: b.X.rows }, (_, i) => `${b.X.data[i * 2]},${b.X.data[i * 2 + 1]}`).join('\n'),
    );
    const r = run(['choose-k', csv, '--seed', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/chosen k = 10 by silhouette \(the default criterion, as in the report\)/);
    expect(r.stderr).toMatch(
      /warning: silhouette chose k = 10, the largest k tried: .*widen the range \(e\.g\. kMax = 20\)/,
    );
    const wide = run(['choose-k', csv, '--seed', '0', '--k-max', '20', '--json']);
    expect(JSON.parse(wide.stdout).k).toBe(16);
    expect(wide.stderr).toBe('');
  });
});

/**
 * Runs the CLI under a pseudo-terminal (util-linux `script`), so stdout and stderr are TTYs; bars are drawn from
 * the first update (no 2 s delay) unless `delayMs` says otherwise.
 */
function runTty(args: string[], delayMs = 0): string {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '120', CLUSTERKIT_PROGRESS_DELAY_MS: String(delayMs) },
  });
  expect(r.status, r.stdout).toBe(0);
  return r.stdout;
}

/** Starts the CLI and resolves with stderr as soon as it matches `re` (then kills it), or when it exits. */
function stderrUntil(args: string[], re: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d.toString();
      if (re.test(err)) child.kill('SIGKILL');
    });
    child.on('close', () => resolve(err));
  });
}

describe('progress and O(n²) warnings (issue 19, 4)', () => {
  it('choose-k, evaluate, report, kmeans and gmm --n-init, minibatch-kmeans --stream and gmm --select draw a progress bar on a terminal (and none through a pipe)', () => {
    expect(runTty(['choose-k', demoCsv, '--method', 'gap', '--seed', '0'])).toMatch(/choose-k \[.*\] \d+%/);
    const labels = join(dir, 'demo-labels.csv');
    expect(run(['kmeans', demoCsv, '-k', '5', '--out', labels, '--quiet']).code).toBe(0);
    expect(runTty(['evaluate', demoCsv, '--labels', labels])).toMatch(/evaluate \[.*\] \d+%/);
    expect(runTty(['report', demoCsv, '--k-max', '6', '--out', join(dir, 'tty.html')])).toMatch(/report \[.*\] \d+%/);
    expect(runTty(['minibatch-kmeans', demoCsv, '-k', '5', '--stream', '--epochs', '3', '--chunk-size', '50'])).toMatch(
      /minibatch-kmeans \[.*\] \d+%/,
    );
    expect(runTty(['gmm', demoCsv, '--select', '-k', '3', '--model', 'VVV', '--seed', '0'])).toMatch(
      /gmm --select \[.*\] \d+%/,
    );
    // Iterations against the budget of every run (n-init × max-iter).
    expect(runTty(['gmm', demoCsv, '-k', '5', '--n-init', '3', '--seed', '0'])).toMatch(/gmm \[.*\] \d+% \| \d+\/300/);
    expect(runTty(['kmeans', demoCsv, '-k', '5', '--n-init', '3', '--seed', '0'])).toMatch(
      /kmeans \[.*\] \d+% \| \d+\/900/,
    );
    // A single fit draws its iterations too; with the default delay (2 s) a short fit draws nothing.
    expect(runTty(['kmeans', demoCsv, '-k', '5', '--n-init', '1', '--seed', '0'])).toMatch(
      /kmeans \[.*\] \d+% \| \d+\/300/,
    );
    expect(runTty(['kmeans', demoCsv, '-k', '5', '--seed', '0'], 2000)).not.toMatch(/kmeans \[/);
    const piped = run(['choose-k', demoCsv, '--method', 'gap', '--seed', '0']);
    expect(piped.stderr).toBe('');
  });
  it('single fits, hierarchical, density, medoid, breaks and kde commands draw their bar on a terminal, and nothing through a pipe', () => {
    // kde scores in blocks of 4096 rows: a query file of several blocks.
    const bigQueryCsv = writeTemp(
      dir,
      'kde-query.csv',
      `x,y\n${Array.from({ length: 10_000 }, (_, i) => `${((i % 100) - 50) / 4},${(Math.floor(i / 100) - 50) / 4}`).join('\n')}\n`,
    );
    const cases: [string, string[]][] = [
      ['kmeans', ['-k', '5', '--seed', '0']],
      ['soft-kmeans', ['-k', '5', '--seed', '0']],
      ['fuzzy-cmeans', ['-k', '5', '--seed', '0']],
      ['gmm', ['-k', '5', '--seed', '0']],
      ['bayesian-gmm', ['-k', '6', '--seed', '0']],
      ['hierarchical', ['--method', 'average', '-k', '5']],
      ['dbscan', ['--eps', '0.5']],
      ['optics', ['--min-samples', '10']],
      ['hdbscan', ['--min-cluster-size', '10']],
      ['kmedoids', ['-k', '5', '--method', 'alternate', '--init', 'random', '--seed', '0']],
      ['mean-shift', ['--bandwidth', '1']],
      ['spherical-kmeans', ['-k', '5', '--n-init', '3', '--seed', '0']],
      ['bisecting-kmeans', ['-k', '6', '--seed', '0']],
      ['clara', ['-k', '5', '--seed', '0']],
      ['breaks', ['-k', '6', '--columns', 'x', '--method', 'jenks']],
      ['breaks', ['-k', '6', '--columns', 'x']],
      ['kde', ['--bandwidth', '0.7', '--query', bigQueryCsv]],
    ];
    for (const [cmd, args] of cases) {
      expect(runTty([cmd, demoCsv, ...args]), cmd).toMatch(new RegExp(`${cmd} \\[.*\\] \\d+% \\| \\d+/\\d+`));
      if (!['kmeans', 'hierarchical', 'dbscan', 'kmedoids', 'clara', 'breaks', 'kde'].includes(cmd)) continue;
      const piped = run([cmd, demoCsv, ...args, '--quiet'], undefined, { CLUSTERKIT_PROGRESS_DELAY_MS: '0' });
      expect(piped.code, cmd).toBe(0);
      expect(piped.stderr, cmd).toBe('');
    }
  }, 120_000);
  it('kmeans, gmm and minibatch-kmeans --engine duckdb print a progress line per iteration on a terminal (issue 16), none through a pipe', () => {
    const cases: [string[], RegExp][] = [
      [['kmeans', '-k', '3'], /clusterkit: iteration 2: inertia [\d.]+, shift [\d.e-]+\r?\n/],
      [
        ['gmm', '-k', '3', '--covariance', 'diag'],
        /clusterkit: iteration 2: mean log-likelihood -[\d.]+, change [\d.e-]+\r?\n/,
      ],
      [['minibatch-kmeans', '-k', '3'], /clusterkit: \d+ mini-batch steps: centre shift [\d.e-]+\r?\n/],
    ];
    for (const [args, line] of cases) {
      const all = [args[0], demoCsv, ...args.slice(1), '--engine', 'duckdb', '--seed', '0'];
      expect(runTty(all), args[0]).toMatch(line);
      const piped = run(all);
      expect(piped.code, args[0]).toBe(0);
      expect(piped.stderr, args[0]).toBe('');
    }
  }, 120_000);
  it('optics without --max-eps, kmedoids, mean-shift (bandwidth) and matrix linkage warn before O(n²) work on many rows, naming the cheaper option, and not on few', async () => {
    const n = 150_000;
    const big = writeTemp(
      dir,
      'big-quadratic.csv',
      `x,y\n${Array.from({ length: n }, (_, i) => `${i % 1000},${(i * 7) % 997}`).join('\n')}\n`,
    );
    expect(await stderrUntil(['optics', big], /max-eps/)).toMatch(
      /^clusterkit: warning: optics without --max-eps on 150000 rows is O\(n²\): 1\.1e\+10 pairwise distances over 2 columns, .*; pass --max-eps R/,
    );
    expect(await stderrUntil(['kmedoids', big, '-k', '3'], /clara/)).toMatch(
      /^clusterkit: warning: k-medoids on 150000 rows is O\(n²\): .*use `clusterkit clara`/,
    );
    expect(await stderrUntil(['mean-shift', big], /n-samples/)).toMatch(
      /^clusterkit: warning: estimating the bandwidth on 150000 rows is O\(n²\): .*pass --bandwidth H, or --n-samples 10000/,
    );
    const mid = writeTemp(
      dir,
      'mid-quadratic.csv',
      `x,y\n${Array.from({ length: 9000 }, (_, i) => `${i % 1000},${(i * 7) % 997}`).join('\n')}\n`,
    );
    expect(await stderrUntil(['hierarchical', mid, '--method', 'average', '-k', '3'], /micro-clusters/)).toMatch(
      /^clusterkit: warning: average linkage of 9000 rows builds the 309\.0 MiB distance matrix \(O\(n²\) memory and time\); .*--micro-clusters 1000/,
    );
    for (const args of [
      ['optics', demoCsv],
      ['kmedoids', demoCsv, '-k', '3'],
      ['hierarchical', demoCsv, '--method', 'average', '-k', '3'],
      ['mean-shift', demoCsv],
    ]) {
      const r = run(args);
      expect(r.code, args[0]).toBe(0);
      expect(r.stderr, args[0]).toBe('');
    }
  }, 120_000);
  it('evaluate warns before an exact silhouette on many rows, naming --sample-size', async () => {
    const n = 150_000;
    const rows: string[] = [];
    const lab: string[] = [];
    for (let i = 0; i < n; i++) {
      rows.push(`${i % 1000},${(i * 7) % 997}`);
      lab.push(String(i % 3));
    }
    const big = writeTemp(dir, 'big.csv', `x,y\n${rows.join('\n')}\n`);
    const bigLabels = writeTemp(dir, 'big-labels.csv', `label\n${lab.join('\n')}\n`);
    const err = await stderrUntil(['evaluate', big, '--labels', bigLabels], /sample-size/);
    expect(err).toMatch(
      /^clusterkit: warning: the exact silhouette on 150000 rows is O\(n²\): 1\.1e\+10 pairwise distances over 2 columns, roughly .*; pass --sample-size 10000 to estimate it on a random subset\.\n/,
    );
    const sampled = run(['evaluate', big, '--labels', bigLabels, '--sample-size', '2000', '--seed', '0', '--json']);
    expect(sampled.code).toBe(0);
    expect(sampled.stderr).toBe('');
  }, 120_000);
});

describe('smaller CLI items (issue 19, 11)', () => {
  it('--k3 is an unknown option, not a missing -k', () => {
    const r = run(['kmeans', demoCsv, '--k3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^clusterkit: error: unknown option '--k3'/);
    expect(r.stderr).not.toMatch(/required option/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(run(['kmeans', '--help']).code).toBe(0);
  });
  it('--drop-missing drops rows with missing cells and counts them; without it the error names line, column and the flag', () => {
    const csv = writeTemp(dir, 'missing.csv', 'a,b\n1,2\n3,\n5,NA\n1.2,2.1\n9,9\n9.1,9.2\n');
    const bad = run(['kmeans', csv, '-k', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'clusterkit: error: Line 3, column 2 (b): "" is not a number but a missing value; fill it, leave the column out with --columns, or drop the rows with missing cells with --drop-missing.\n',
    );
    const ok = run(['kmeans', csv, '-k', '2', '--drop-missing', '--seed', '0', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('clusterkit: note: dropped 2 of 6 rows with missing cells (the first at line 3).\n');
    expect(JSON.parse(ok.stdout).labels).toHaveLength(4);
  });
  it('a missing output folder is exit 2 before any work, naming the folder and the fix, never a temporary file', () => {
    const missing = join(dir, 'no-such-folder');
    const cases: string[][] = [
      ['kmeans', demoCsv, '-k', '2', '--out', join(missing, 'labels.csv')],
      ['kmeans', demoCsv, '-k', '2', '--plot', join(missing, 'plot.svg')],
      ['kmeans', demoCsv, '-k', '2', '--save', join(missing, 'model.json')],
      ['minibatch-kmeans', demoCsv, '-k', '2', '--stream', '--out', join(missing, 'labels.csv')],
      ['report', demoCsv, '-k', '2', '--out', join(missing, 'report.html')],
    ];
    for (const args of cases) {
      const r = run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args[0]).toBe(
        `clusterkit: error: Cannot write ${args[args.length - 1]}: the folder ${missing} does not exist; create it first (mkdir -p ${missing}) or choose another path.\n`,
      );
    }
    // Checked before any work: no O(n²) warning, no silhouette computed, just the one line.
    const n = 150_000;
    const big = writeTemp(
      dir,
      'big-xy.csv',
      `x,y\n${Array.from({ length: n }, (_, i) => `${i % 1000},${(i * 7) % 997}`).join('\n')}\n`,
    );
    const bigLabels = writeTemp(
      dir,
      'big-xy-labels.csv',
      `label\n${Array.from({ length: n }, (_, i) => i % 3).join('\n')}\n`,
    );
    const early = run(['evaluate', big, '--labels', bigLabels, '--plot', join(missing, 'silhouette.svg')]);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(
      /^clusterkit: error: Cannot write .*silhouette\.svg: the folder .* does not exist;[^\n]*\n$/,
    );
    const file = writeTemp(dir, 'a-file', 'x\n');
    const r = run(['kmeans', demoCsv, '-k', '2', '--out', join(file, 'labels.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the folder .*a-file is not a folder;/);
    expect(r.stderr).not.toMatch(/\.tmp/);
  });
  it('evaluate prints counts as integers (nClasses 3), other metrics to 6 digits', () => {
    const labels = join(dir, 'iris-pred.csv');
    expect(run(['kmeans', irisCsv, '-k', '3', '--seed', '0', '--out', labels, '--quiet']).code).toBe(0);
    const r = run(['evaluate', irisCsv, '--labels', labels, '--quiet']);
    expect(r.code).toBe(0);
    const e = run(['evaluate', irisCsv, '--labels', labels]);
    expect(e.stdout).toMatch(/\n {2}nClasses {15}3\n/);
    expect(e.stdout).toMatch(/\n {2}adjustedRand {11}0\.\d{6}\n/);
  });
  it('hierarchical --low-memory runs ward without the distance matrix (same tree as linkage matrixFree)', () => {
    const b = makeBlobs({ nSamples: 300, nFeatures: 16, centers: 4, seed: 2 });
    const csv = writeTemp(
      dir,
      'b16.csv',
      Array.from({ length: b.X.rows }, (_, i) => Array.from(b.X.data.subarray(i * 16, i * 16 + 16)).join(',')).join(
        '\n',
      ),
    );
    const r = run(['hierarchical', csv, '--method', 'ward', '-k', '4', '--low-memory', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const Z = linkage(b.X, { method: 'ward', matrixFree: true });
    const out = JSON.parse(r.stdout);
    expect(out.linkage.flat()).toEqual(Array.from(Z.data));
    expect(new Set(out.labels).size).toBe(4);
    const avg = run(['hierarchical', csv, '--method', 'average', '-k', '4', '--low-memory']);
    expect(avg.code).toBe(2);
    expect(avg.stderr).toMatch(/matrixFree is available for single, ward, centroid and median/);
  });
  it('hierarchical --precision f32 stores the matrix in float32 (same tree as linkage precision f32); bad uses exit 2', () => {
    const b = makeBlobs({ nSamples: 200, nFeatures: 3, centers: 4, seed: 3 });
    const csv = writeTemp(
      dir,
      'b3.csv',
      Array.from({ length: b.X.rows }, (_, i) => Array.from(b.X.data.subarray(i * 3, i * 3 + 3)).join(',')).join('\n'),
    );
    const r = run(['hierarchical', csv, '--method', 'average', '-k', '4', '--precision', 'f32', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.linkage.flat()).toEqual(Array.from(linkage(b.X, { method: 'average', precision: 'f32' }).data));
    expect(new Set(out.labels).size).toBe(4);
    const ward = run(['hierarchical', csv, '--method', 'ward', '--precision', 'f32']);
    expect(ward.code).toBe(2);
    expect(ward.stderr).toMatch(/precision 'f32' is for the methods complete, average, weighted/);
    const bad = run(['hierarchical', csv, '--method', 'average', '--precision', 'f16']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/f16/);
  });
});

describe('report prints a one-screen summary in the terminal (issue 19, beyond)', () => {
  it('clusters found, sizes, silhouette, the chosen k and why, the other criteria, the truth, the file', () => {
    const out = join(dir, 'summary.html');
    const r = run(['report', irisCsv, '--seed', '0', '--k-max', '6', '--out', out]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[0]).toBe(
      'clusterkit report: iris.csv: 150 rows × 4 columns (sepal_length, sepal_width, petal_length, petal_width)',
    );
    expect(r.stdout).toMatch(
      /\nclusters found: k = (\d+), chosen by the silhouette \(the default criterion\): largest mean silhouette/,
    );
    expect(r.stdout).toMatch(/\n {2}other criteria: calinski → \d+, elbow → \d+, gap → \d+\n/);
    expect(r.stdout).toMatch(/\nk-means cluster sizes: #0: \d+ \(\d+ %\), #1: \d+/);
    expect(r.stdout).toMatch(/\nk-means quality: silhouette 0\.\d{3}/);
    expect(r.stdout).toMatch(/\nagainst the truth \(species\): adjusted Rand 0\.\d{3}/);
    expect(lines.at(-1)).toBe(`report: ${out}`);
  });
});
