// Streaming mini-batch k-means over a CSV far larger than the chunk in memory:
//   node bench/streamMinibatch.mjs [rows=10000000] [d=4] [k=8]
// Writes bench/data/stream-<rows>-d<d>.csv once (git-ignored; seeded blobs, 6 decimals), then runs
//   clusterkit minibatch-kmeans FILE -k K --stream --chunk-size 4096 --seed 0 --out LABELS
// in a fresh process under /usr/bin/time, and reports wall time, peak RSS and the inertia of the second pass in
// bench/results/latest-stream-minibatch.{json,md}. Memory must stay bounded: O(chunk·d + k·d) for the fit; the
// second pass streams labels to the --out file (no label array is kept without --json).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const [rows = 10_000_000, d = 4, k = 8] = process.argv.slice(2).map(Number);
const lib = await import(new URL('../dist/index.js', import.meta.url).href);
mkdirSync(join(BENCH, 'data'), { recursive: true });
mkdirSync(join(BENCH, 'results'), { recursive: true });
const csv = join(BENCH, 'data', `stream-${rows}-d${d}.csv`);
if (!existsSync(csv)) {
  const block = 100_000;
  const fd = openSync(`${csv}.tmp`, 'w');
  writeSync(fd, `${Array.from({ length: d }, (_, j) => `x${j}`).join(',')}\n`);
  const { centers } = lib.makeBlobs({ nSamples: k, nFeatures: d, centers: k, seed: 1 });
  for (let s = 0; s < rows; s += block) {
    const m = Math.min(block, rows - s);
    const { X } = lib.makeBlobs({ nSamples: m, centers, clusterStd: 1.5, seed: 1000 + s / block });
    let out = '';
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < d; j++) out += (j ? ',' : '') + X.data[i * d + j].toFixed(6);
      out += '\n';
    }
    writeSync(fd, out);
  }
  closeSync(fd);
  spawnSync('mv', [`${csv}.tmp`, csv]);
}
const size = statSync(csv).size;
const labelsOut = join(BENCH, 'data', 'stream-labels.csv');
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const t0 = Date.now();
const r = spawnSync(
  '/usr/bin/time',
  [
    '-f',
    'MAXRSS_KB=%M',
    process.execPath,
    cli,
    'minibatch-kmeans',
    csv,
    '-k',
    String(k),
    '--stream',
    '--chunk-size',
    '4096',
    '--seed',
    '0',
    '--out',
    labelsOut,
  ],
  { encoding: 'utf8', maxBuffer: 1 << 26 },
);
const wallS = (Date.now() - t0) / 1000;
if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
const rss = Number(/MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]) / 1024;
const inertia = Number(/inertia ([\d.e+]+)/.exec(r.stdout)?.[1]);
const result = { rows, d, k, csvMB: size / 2 ** 20, wallS, peakRssMB: rss, inertia, stdout: r.stdout };
writeFileSync(join(BENCH, 'results', 'latest-stream-minibatch.json'), `${JSON.stringify(result, null, 1)}\n`);
const md =
  `**Streaming mini-batch k-means** (\`clusterkit minibatch-kmeans --stream --chunk-size 4096\`, two passes: fit, then labels to a file)\n\n` +
  `| rows | d | k | CSV size MB | wall s | peak RSS MB | inertia |\n|---:|---:|---:|---:|---:|---:|---:|\n` +
  `| ${rows.toLocaleString('en')} | ${d} | ${k} | ${result.csvMB.toFixed(0)} | ${wallS.toFixed(1)} | ${rss.toFixed(0)} | ${inertia} |\n`;
writeFileSync(join(BENCH, 'results', 'latest-stream-minibatch.md'), md);
process.stdout.write(md);
