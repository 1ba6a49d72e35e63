// npm run bench [-- suite ...] [--only=id,id] [--baseline=DIR] [--no-anchors]: every workload (or only those whose id
// contains one of the --only strings), clusterkit vs the anchors, back to back; writes
// bench/results/latest[-<suites>][-only].{json,md}. --baseline=DIR (a folder holding an older build's dist/, e.g.
// `git worktree add /tmp/old <rev> && (cd /tmp/old && npm ci && npm run build)`) times every clusterkit row of that
// build too, in the same run, as "<impl> [baseline]" (its ratio = baseline time / current time): the regression
// check for refactors. --no-anchors skips the Python anchors and the JavaScript peers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { BENCH, dataPath, ensureData, loadLib, loadSuites, median } from './common.mjs';

const PY = '/usr/bin/python3';
const only = process.argv
  .slice(2)
  .filter((a) => a.startsWith('--only='))
  .flatMap((a) => a.slice('--only='.length).split(','))
  .filter((x) => x !== '');
const filter = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const baselineArg = process.argv.slice(2).find((a) => a.startsWith('--baseline='));
const baselineDist = baselineArg ? join(resolve(baselineArg.slice('--baseline='.length)), 'dist') : null;
if (baselineDist && !existsSync(join(baselineDist, 'index.js'))) {
  process.stderr.write(`--baseline: no build at ${baselineDist}/index.js; run npm run build there first.\n`);
  process.exit(2);
}
const noAnchors = process.argv.includes('--no-anchors');
const lib = await loadLib();
const suites = await loadSuites(filter);
const hasPython = existsSync(PY) && spawnSync(PY, ['-c', 'import sklearn, scipy, fastcluster']).status === 0;
if (!hasPython)
  process.stderr.write(
    'note: /usr/bin/python3 with scikit-learn, SciPy and fastcluster not found — anchors skipped.\n',
  );

/** Pins a Python anchor's OpenMP/BLAS thread pools (scikit-learn uses OpenMP; NumPy/SciPy use BLAS). */
const threadEnv = (t) => ({ OMP_NUM_THREADS: String(t), OPENBLAS_NUM_THREADS: String(t), MKL_NUM_THREADS: String(t) });
/** Multi-threaded anchors run twice, pinned to 1 thread and to 2, so that 1 thread is compared with 1 and 2 with 2. */
const MULTI_THREADED = new Set(['sklearn', 'sklearn-elkan']);

function runChild(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || 'failed').trim().split('\n').slice(-1)[0] };
  try {
    return JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]);
  } catch {
    return { error: `bad output: ${r.stdout.slice(0, 200)}` };
  }
}

const results = [];
for (const suite of suites) {
  for (const w of suite.workloads) {
    if (only.length > 0 && !only.some((x) => w.id.includes(x))) continue;
    await ensureData(lib, w.data);
    const repeat = w.repeat ?? 5;
    const rows = [];
    const ours = (impl) => impl.startsWith('clusterkit');
    for (const impl of Object.keys(w.js)) {
      if (noAnchors && !ours(impl)) continue;
      const args = [join(BENCH, 'worker.mjs'), suite.name, w.id, impl, String(repeat)];
      process.stderr.write(`${w.id}: ${impl}...\n`);
      // A workload's `env` sets environment variables for one implementation's process (e.g. a glibc tunable, which
      // only takes effect when the process starts).
      rows.push({ impl, ...runChild(process.execPath, args, w.env?.[impl] ?? {}) });
      if (baselineDist && ours(impl)) {
        process.stderr.write(`${w.id}: ${impl} [baseline]...\n`);
        rows.push({
          impl: `${impl} [baseline]`,
          ...runChild(process.execPath, args, { ...w.env?.[impl], CLUSTERKIT_DIST: baselineDist }),
        });
      }
    }
    for (const impl of noAnchors ? [] : (w.python ?? [])) {
      const variants = MULTI_THREADED.has(impl)
        ? [
            { name: `${impl} (1 thread)`, threads: 1 },
            { name: `${impl} (2 threads)`, threads: 2 },
          ]
        : [{ name: impl, threads: 1 }];
      for (const v of variants) {
        if (!hasPython) {
          rows.push({ impl: v.name, error: 'skipped: Debian python3-sklearn/scipy/fastcluster not installed' });
          continue;
        }
        process.stderr.write(`${w.id}: ${v.name}...\n`);
        rows.push({
          impl: v.name,
          threads: v.threads,
          ...runChild(
            PY,
            [
              join(BENCH, 'py', `${suite.name}.py`),
              w.id,
              impl,
              dataPath(w.data.name),
              String(repeat),
              JSON.stringify(w.params),
            ],
            threadEnv(v.threads),
          ),
        });
      }
    }
    for (const r of rows) {
      if (!r.times) continue;
      r.medianMs = median(r.times);
      r.minMs = Math.min(...r.times);
      r.threads ??= /\(.*2 threads.*\)/.test(r.impl) ? 2 : 1;
    }
    // Ratios against clusterkit at the same thread count ('clusterkit (2 threads)' when the workload has it).
    const base1 = rows.find((r) => r.impl === 'clusterkit' && r.times);
    const base2 = rows.find((r) => r.impl === 'clusterkit (2 threads)' && r.times) ?? base1;
    for (const r of rows) {
      if (!r.times) continue;
      const current = r.impl.endsWith(' [baseline]') && rows.find((c) => c.impl === r.impl.slice(0, -11) && c.times);
      const base = current || (r.threads === 2 ? base2 : base1);
      r.ratio = base ? r.medianMs / base.medianMs : null;
    }
    // Throughput where the workload counts its floating-point operations (bench/suites/kernels.mjs).
    if (w.flops) for (const r of rows) if (r.times) r.gflops = w.flops(w.params) / (r.medianMs * 1e6);
    results.push({
      suite: suite.name,
      id: w.id,
      title: w.title,
      quality: w.quality,
      rows,
      flops: !!w.flops,
      peakOf: w.peakOf,
    });
  }
}
// Share of the measured 128-bit SIMD peak (clusterkit's peak row of the same precision, × the row's threads): a row
// named "f32" or "f64" runs that precision, any other the workload's default (peakOf.default, else f64).
for (const r of results) {
  if (!r.peakOf) continue;
  for (const row of r.rows) {
    const precision = /f32/.test(row.impl) ? 'f32' : /f64/.test(row.impl) ? 'f64' : (r.peakOf.default ?? 'f64');
    const peakId = r.peakOf[precision];
    const peakRow = results.find((x) => x.id === peakId)?.rows.find((x) => x.impl === 'clusterkit' && x.gflops);
    if (row.gflops && peakRow) row.peakShare = row.gflops / (peakRow.gflops * row.threads);
  }
}

const fmtQ = (q) => (typeof q === 'number' ? Number(q.toPrecision(8)).toString() : JSON.stringify(q));
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
let md = `Machine: ${machine}. Median of repeated runs after a warm-up; ratio = time / clusterkit's time at the same thread count (rows marked "2 threads" against "clusterkit (2 threads)" where the workload has it, else against 1-thread clusterkit); < 1: faster than clusterkit, > 1: slower. scikit-learn runs pinned to 1 thread and to 2 (OMP/OpenBLAS); SciPy and fastcluster are single-threaded here. Peak RSS includes the runtime (Node ≈ 45 MB, Python+NumPy ≈ 100 MB).\n\n`;
for (const r of results) {
  const extra = (r.flops ? ' GFLOP/s |' : '') + (r.peakOf ? ' % of 128-bit peak |' : '');
  const extraRule = (r.flops ? '---:|' : '') + (r.peakOf ? '---:|' : '');
  md += `**${r.title}** (\`${r.id}\`)\n\n| implementation | median ms | min ms | × clusterkit time (same threads) | peak RSS MB | ${r.quality} |${extra}\n|---|---:|---:|---:|---:|---:|${extraRule}\n`;
  for (const row of r.rows) {
    const cells =
      (r.flops ? ` ${row.gflops ? row.gflops.toFixed(2) : '–'} |` : '') +
      (r.peakOf ? ` ${row.peakShare ? (100 * row.peakShare).toFixed(0) : '–'} |` : '');
    if (!row.times)
      md += `| ${row.impl} | – | – | – | – | ${row.error} |${r.flops ? ' – |' : ''}${r.peakOf ? ' – |' : ''}\n`;
    else
      md += `| ${row.impl} | ${row.medianMs.toFixed(1)} | ${row.minMs.toFixed(1)} | ${row.ratio === null ? '–' : row.ratio.toFixed(2)} | ${(row.maxRssKB / 1024).toFixed(0)} | ${fmtQ(row.quality)} |${cells}\n`;
  }
  md += '\n';
}
mkdirSync(join(BENCH, 'results'), { recursive: true });
const stamp = { date: new Date().toISOString(), machine, results };
const name = `${filter.length ? `latest-${filter.join('-')}` : 'latest'}${only.length ? '-only' : ''}${baselineDist ? '-vs-baseline' : ''}`;
writeFileSync(join(BENCH, 'results', `${name}.json`), `${JSON.stringify(stamp, null, 1)}\n`);
writeFileSync(join(BENCH, 'results', `${name}.md`), md);
process.stdout.write(md);
