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
  // Where a pass runs: the kernels, the wasm modules, the worker pools' shared core and the browser pool.
  ['engine', 'kernels', 'wasm', 'web'],
  ['neighbors'],
  ['kmeans', 'medoids', 'hierarchy', 'mixture', 'density'],
  ['metrics'],
  ['selection'],
  ['datasets'],
  ['io'],
  ['models'],
  ['plot'],
  ['report'],
  // Entry points: the public list (index.ts), Node I/O and worker threads (node.ts, node/), the command line.
  ['index', 'node', 'cli'],
];

/**
 * Files that still build code from strings while another branch replaces that (threads as modules, codegen at
 * build time). The coordinator empties this list once those branches are merged.
 */
export const EVAL_ALLOWED: readonly string[] = ['density/wasm.ts', 'kernels/pool.ts'];
