// Runs one JS implementation of one workload in this (fresh) process and prints one JSON line:
// { times: [ms...], quality, maxRssKB }.
import { performance } from 'node:perf_hooks';
import { loadLib, loadSuites, readData } from './common.mjs';

const [suiteName, id, impl, repeatArg] = process.argv.slice(2);
const lib = await loadLib();
const [suite] = await loadSuites([suiteName]);
const w = suite.workloads.find((x) => x.id === id);
const X = await readData(w.data.name, { wasm: w.data.wasm === true });
const fn = w.js[impl];
const repeat = Number(repeatArg);
let quality = await fn(X, w.params, lib); // warm-up (JIT), also the quality figure
const times = [];
for (let r = 0; r < repeat; r++) {
  const t0 = performance.now();
  quality = await fn(X, w.params, lib);
  times.push(performance.now() - t0);
}
process.stdout.write(`${JSON.stringify({ times, quality, maxRssKB: process.resourceUsage().maxRSS })}\n`);
