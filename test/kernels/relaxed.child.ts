/**
 * Child process of test/kernels/relaxed.test.ts, run as `node --experimental-wasm-relaxed-simd --import tsx` (Node
 * 20 validates relaxed SIMD only with that flag): fits with the relaxed-SIMD k-means module and compares with the
 * TypeScript reference bit for bit. Prints one JSON object on stdout: the variant used and every mismatch found
 * (with `--variant-only`: just the variant the runtime picked).
 */
import { createRng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/datasets/index.js';
import { kernelModule, kernelVariant, setBackend, setRelaxedSimd } from '../../src/engine/kernels/backend.js';
import { assignLabelsWasm, KMeansWasm, setKernelPrecision } from '../../src/engine/kernels/kmeansWasm.js';
import { assignLabelsJS } from '../../src/kmeans/common.js';
import { KMeans } from '../../src/kmeans/KMeans.js';

if (process.argv.includes('--variant-only')) {
  process.stdout.write(`${JSON.stringify({ variant: kernelVariant('kmeans') })}\n`);
  process.exit(0);
}

const mismatches: string[] = [];
const same = (what: string, a: ArrayLike<number> | number, b: ArrayLike<number> | number): void => {
  const x = typeof a === 'number' ? [a] : Array.from(a);
  const y = typeof b === 'number' ? [b] : Array.from(b);
  if (x.length !== y.length || x.some((v, i) => !Object.is(v, y[i]))) mismatches.push(what);
};

const variant = kernelVariant('kmeans');
let guardedMin = Number.POSITIVE_INFINITY;
let fits = 0;
for (const precision of ['f64', 'f32'] as const) {
  setKernelPrecision(precision);
  // Precision guard: points within 1e-9 of the bisector of two centres, every coordinate offset by 3·10⁴
  // (‖x‖² ≈ 10⁹ and more): the expanded distances cancel ~9 digits, so labels rely on the guard.
  for (const [d, k] of [
    [1, 3],
    [8, 6],
    [24, 3],
    [40, 9],
  ]) {
    const off = 3e4;
    const n = 1000;
    const rng = createRng(7 + d);
    const centers = new Float64Array(k * d).fill(off);
    centers[0] = off - 0.5;
    centers[d] = off + 0.5;
    for (let t = 2; t < k; t++) for (let j = 0; j < d; j++) centers[t * d + j] = off + 50 + t;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      x[i * d] = off + (rng.nextFloat() - 0.5) * 1e-9;
      for (let j = 1; j < d; j++) x[i * d + j] = off + rng.nextFloat() - 0.5;
    }
    const ref = { labels: new Int32Array(n), minSq: new Float64Array(n) };
    const refInertia = assignLabelsJS(x, n, d, centers, k, null, ref.labels, ref.minSq);
    const got = { labels: new Int32Array(n), minSq: new Float64Array(n) };
    const gotInertia = assignLabelsWasm(x, n, d, centers, k, null, got.labels, got.minSq);
    same(`${precision} bisector d=${d} labels`, got.labels, ref.labels);
    same(`${precision} bisector d=${d} minSq`, got.minSq, ref.minSq);
    same(`${precision} bisector d=${d} inertia`, gotInertia, refInertia);
    const ones = ref.labels.reduce((s, l) => s + l, 0);
    if (ones < n / 10 || ones > (n * 9) / 10) mismatches.push(`${precision} bisector d=${d}: one-sided data`);
    const ws = new KMeansWasm(kernelModule() as WebAssembly.Module, x, n, d, k, null, precision);
    ws.setCenters(centers);
    ws.assign(false, false);
    guardedMin = Math.min(guardedMin, ws.guarded);
    same(`${precision} bisector d=${d} workspace labels`, ws.labels, ref.labels);
  }
  // Whole fits: blobs near and far from the origin (‖x‖² ≈ 10⁹), weights, k-means++ restarts and fixed starts.
  for (const [d, k, off] of [
    [8, 6, 0],
    [8, 6, 3e4],
    [40, 12, 0],
    [40, 12, 5e3],
  ]) {
    const { X } = makeBlobs({ nSamples: 3001, nFeatures: d, centers: k, clusterStd: 2, seed: d + k });
    const data = off === 0 ? X.data : X.data.map((v) => v + off);
    const M = { rows: X.rows, cols: X.cols, data };
    const w = Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
    const init = Array.from({ length: k }, (_, c) => Array.from(data.subarray(c * 97 * d, c * 97 * d + d)));
    for (const opts of [
      { nClusters: k, nInit: 3, seed: 5, algorithm: 'lloyd' as const },
      { nClusters: k, init, maxIter: 40, tol: 0, algorithm: 'lloyd' as const },
      { nClusters: k, nInit: 2, seed: 1, algorithm: 'elkan' as const },
    ]) {
      setBackend('js');
      const a = new KMeans(opts).fit(M, { sampleWeight: w });
      setBackend('wasm');
      const b = new KMeans(opts).fit(M, { sampleWeight: w });
      const tag = `${precision} fit d=${d} k=${k} off=${off} ${opts.algorithm}`;
      same(`${tag} labels`, b.labels, a.labels);
      same(`${tag} centres`, b.clusterCenters.data, a.clusterCenters.data);
      same(`${tag} inertia`, b.inertia, a.inertia);
      same(`${tag} nIter`, b.nIter, a.nIter);
      fits++;
    }
  }
}
const variantAfterFits = kernelVariant('kmeans');
setRelaxedSimd(false);
const variantOff = kernelVariant('kmeans');
setRelaxedSimd(true);
process.stdout.write(
  `${JSON.stringify({ variant, variantAfterFits, variantOff, variantOn: kernelVariant('kmeans'), guardedMin, fits, mismatches })}\n`,
);
