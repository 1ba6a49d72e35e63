/**
 * The layer table of src/ that test/architecture.test.ts enforces and ARCHITECTURE.md cites.
 * @module
 */

/**
 * The layers of src, low → high (ARCHITECTURE.md cites this table). A module may import from its own layer or a
 * lower one, never a higher one. Keys are top-level folders of src (`node` also covers src/node.ts, `index` is
 * src/index.ts).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  // Where a pass runs: the plan, the pass interface, the wasm workspace, the kernels (engine/kernels/) and the
  // AssemblyScript sources they are compiled from (wasm/).
  ['engine', 'wasm'],
  ['neighbors'],
  ['kmeans', 'medoids', 'hierarchy', 'mixture', 'density'],
  ['metrics'],
  ['selection', 'models', 'datasets'],
  ['io', 'plot'],
  ['report'],
  // Entry points: the public list (index.ts), Node I/O and worker threads (node.ts, node/), the browser worker pool
  // and its worker entry (web/, which registers the algorithms' jobs); the command line above them.
  ['index', 'node', 'web'],
  ['cli'],
];

/**
 * Files allowed to build code from strings (`new Function`, `eval`, a function turned into source text): none
 * since threads run real modules and the unrolled kernels are generated at build time. Keep it empty.
 */
export const EVAL_ALLOWED: readonly string[] = [];
