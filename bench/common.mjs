// Shared by bench/run.mjs and bench/worker.mjs: loading suites, data files and timing.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const DATA = join(BENCH, 'data');

/**
 * The build under test: `dist/` of this checkout, or the folder named by `CLUSTERKIT_DIST` (run.mjs sets it for the
 * `--baseline=DIR` rows, so an older build is timed in the same run as the current one).
 */
export const DIST = process.env.CLUSTERKIT_DIST ?? join(BENCH, '..', 'dist');

export async function loadLib() {
  return import(pathToFileURL(join(DIST, 'index.js')).href);
}

/** `clusterkit/node` of the build under test. */
export async function loadNodeLib() {
  return import(pathToFileURL(join(DIST, 'node.js')).href);
}

/** `enableWorkerPool` of the build under test (from `clusterkit/node`, or its older module path). */
export async function loadEnableWorkerPool() {
  const node = await loadNodeLib();
  if (node.enableWorkerPool) return node.enableWorkerPool;
  return (await import(pathToFileURL(join(DIST, 'node', 'pool.js')).href)).enableWorkerPool;
}

export async function loadSuites(filter = []) {
  const names = readdirSync(join(BENCH, 'suites'))
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => f.slice(0, -4))
    .filter((n) => filter.length === 0 || filter.includes(n))
    .sort();
  const suites = [];
  for (const name of names)
    suites.push({ name, ...(await import(pathToFileURL(join(BENCH, 'suites', `${name}.mjs`)).href)) });
  return suites;
}

export function dataPath(name) {
  return join(DATA, `${name}.npy`);
}

/** Writes the data set once (deterministic), returns its path. */
export async function ensureData(lib, data) {
  mkdirSync(DATA, { recursive: true });
  const p = dataPath(data.name);
  if (!existsSync(p)) writeFileSync(p, lib.writeNpy(data.make(lib)));
  return p;
}

/**
 * The data set as a Matrix, read straight from the .npy file into its Float64Array (as numpy.load does); with
 * `wasm`, into WebAssembly memory (`readNpyFile(path, { wasm: true })`, for the workloads whose kernels read the rows
 * in place; an older build without the option reads a plain array).
 */
export async function readData(name, { wasm = false } = {}) {
  const { readNpyFile } = await loadNodeLib();
  return readNpyFile(dataPath(name), { wasm });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
