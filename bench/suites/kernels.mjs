// Kernels against the machine: the measured 128-bit SIMD peak of this core, and the hot loops' GFLOP/s as a share
// of it (issue 20). The peak rows run bench/kernels/peak.ts (AssemblyScript, compiled here with the same flags as
// src/wasm): CHAINS = 10 independent accumulators, each step one vector multiply + one vector add, so
//   peak GFLOP/s = iters · 10 chains · 2 ops · lanes / time   (lanes = 2 for f64x2, 4 for f32x4).
// The Lloyd rows time `maxIter` full Lloyd iterations from fixed centres (algorithm 'lloyd', tol 0) and count only
// the distance work, as a GEMM-based implementation does it:
//   flops = maxIter · 2·n·k·d   (one multiply and one add per coordinate, point and centre),
// a lower bound on what any implementation executes (the centre update, n·d adds per iteration, is left out).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, loadEnableWorkerPool } from '../common.mjs';
import { initRows } from './kmeans.mjs';

const PEAK_ITERS = 20_000_000;
const CHAINS = 10;

let peakModule = null;
async function peak() {
  if (peakModule !== null) return peakModule;
  // The compiler is loaded only for the peak rows: imported at the top, it would add ~100 MB to every row's RSS.
  const { default: asc } = await import('assemblyscript/asc');
  const source = readFileSync(join(BENCH, 'kernels', 'peak.as'), 'utf8');
  let binary = null;
  const { error, stderr } = await asc.main(
    ['peak.ts', '--outFile', 'peak.wasm', '--enable', 'simd', '--runtime', 'stub', '-O3', '--noAssert'],
    {
      readFile: (name) => (name === 'peak.ts' ? source : null),
      writeFile: (name, contents) => {
        if (name === 'peak.wasm') binary = contents;
      },
      listFiles: () => [],
    },
  );
  if (error) throw new Error(`${error.message}\n${stderr.toString()}`);
  peakModule = (await WebAssembly.instantiate(binary, {})).instance.exports;
  return peakModule;
}

const tiny = { name: 'blobs-n1000-d2-k3', make: (lib) => lib.makeBlobs({ nSamples: 1000, centers: 3, seed: 1 }).X };

const lloydFit = (X, p, lib) =>
  new lib.KMeans({ nClusters: p.k, init: initRows(X, p.k), maxIter: p.maxIter, tol: 0, algorithm: 'lloyd' }).fit(X)
    .inertia;

const lloyd = [
  { n: 100_000, d: 16, k: 16 },
  { n: 50_000, d: 128, k: 64 },
].map(({ n, d, k }) => ({
  id: `kernel-lloyd-n${n / 1000}k-d${d}-k${k}`,
  title: `Lloyd kernel, n=${n.toLocaleString('en')} d=${d} k=${k}: 10 iterations from fixed centres; GFLOP/s = 10·2nkd / time`,
  data: {
    name: `blobs-n${n}-d${d}-k${k}`,
    make: (lib) => lib.makeBlobs({ nSamples: n, nFeatures: d, centers: k, clusterStd: 2.5, seed: 20261128 }).X,
  },
  params: { k, maxIter: 10 },
  quality: 'inertia',
  repeat: 3,
  flops: () => 10 * 2 * n * k * d,
  // the default precision 'auto' runs f32 where d > 16 and k ≥ 32 (src/engine/kernels/kmeansWasm.ts, wantsF32)
  peakOf: { f64: 'kernel-peak-f64x2', f32: 'kernel-peak-f32x4', default: d > 16 && k >= 32 ? 'f32' : 'f64' },
  js: {
    clusterkit: async (X, p, lib) => lloydFit(X, p, lib),
    'clusterkit (f64)': async (X, p, lib) => {
      lib.setKernelPrecision('f64');
      return lloydFit(X, p, lib);
    },
    'clusterkit (f32)': async (X, p, lib) => {
      lib.setKernelPrecision('f32');
      return lloydFit(X, p, lib);
    },
    'clusterkit (2 threads)': async (X, p, lib) => {
      (await loadEnableWorkerPool())();
      return lloydFit(X, p, lib);
    },
  },
  python: ['sklearn'],
}));

export const workloads = [
  {
    id: 'kernel-peak-f64x2',
    title: `128-bit SIMD peak, f64x2: ${CHAINS} chains of mul+add, ${PEAK_ITERS.toLocaleString('en')} steps`,
    data: tiny,
    params: {},
    quality: 'checksum',
    repeat: 5,
    flops: () => PEAK_ITERS * CHAINS * 2 * 2,
    js: { clusterkit: async () => (await peak()).peakF64x2(PEAK_ITERS) },
  },
  {
    id: 'kernel-peak-f32x4',
    title: `128-bit SIMD peak, f32x4: ${CHAINS} chains of mul+add, ${PEAK_ITERS.toLocaleString('en')} steps`,
    data: tiny,
    params: {},
    quality: 'checksum',
    repeat: 5,
    flops: () => PEAK_ITERS * CHAINS * 2 * 4,
    js: { clusterkit: async () => (await peak()).peakF32x4(PEAK_ITERS) },
  },
  ...lloyd,
];
