// The README's speed table from a bench run: `node bench/summary.mjs [results.json ...]` (default
// bench/results/latest.json) writes bench/results/summary.md and prints it. One line per workload: clusterkit on one
// thread and on two, the fastest anchor (scikit-learn, SciPy, fastcluster, R) at each thread count, the fastest
// JavaScript peer, and peak memory. A ratio is anchor time / clusterkit time at the same thread count (> 1:
// clusterkit is faster); "2 threads" compares clusterkit (2 threads) — or 1-thread clusterkit where the workload has
// no 2-thread row — with the anchors' 2-thread rows.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Several result files: a later file's workloads replace an earlier file's with the same id (e.g. a full run, then
// one suite rerun).
const files = process.argv.length > 2 ? process.argv.slice(2) : [join(here, 'results', 'latest.json')];
const byId = new Map();
for (const file of files) {
  const run = JSON.parse(readFileSync(file, 'utf8'));
  for (const w of run.results ?? run) byId.set(w.id, w);
}
const results = [...byId.values()];

const ANCHOR = /^(sklearn|sklearn-elkan|scipy|fastcluster|numpy|r-[a-z]+|R)\b/;
const PEER = /^(ml-kmeans|skmeans|ml-hclust|fast-kde|druidjs|density-clustering|simple-statistics)\b/;
const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const mb = (r) => `${Math.round(r.maxRssKB / 1024)} MB`;
const ratio = (a, b) => (a.medianMs / b.medianMs).toFixed(2);

const lines = [
  '| workload | clusterkit 1 thread | best anchor, 1 thread (ratio) | clusterkit 2 threads | best anchor, 2 threads (ratio) | fastest JS peer (ratio) | peak RSS: clusterkit / anchor |',
  '|---|---:|---|---:|---|---|---|',
];
for (const w of results) {
  const rows = w.rows.filter((r) => r.times);
  const ck = rows.find((r) => r.impl === 'clusterkit');
  if (!ck) continue;
  const ck2 = rows.find((r) => r.impl === 'clusterkit (2 threads)') ?? null;
  const best = (pred) =>
    rows.filter((r) => ANCHOR.test(r.impl) && pred(r)).sort((a, b) => a.medianMs - b.medianMs)[0] ?? null;
  const a1 = best((r) => !/2 threads/.test(r.impl));
  const a2 = best((r) => /2 threads/.test(r.impl));
  const peer = rows.filter((r) => PEER.test(r.impl)).sort((a, b) => a.medianMs - b.medianMs)[0] ?? null;
  const base2 = ck2 ?? ck;
  lines.push(
    [
      '',
      `${w.title} (\`${w.id}\`)`,
      ms(ck.medianMs),
      a1 ? `${a1.impl} ${ms(a1.medianMs)} (${ratio(a1, ck)})` : '–',
      ck2 ? ms(ck2.medianMs) : '–',
      a2 ? `${a2.impl} ${ms(a2.medianMs)} (${ratio(a2, base2)})` : '–',
      peer ? `${peer.impl} ${ms(peer.medianMs)} (${ratio(peer, ck)})` : '–',
      a1 ? `${mb(ck)} / ${mb(a1)}` : mb(ck),
      '',
    ]
      .join(' | ')
      .trim(),
  );
}
const md = `${lines.join('\n')}\n`;
writeFileSync(join(here, 'results', 'summary.md'), md);
process.stdout.write(md);
