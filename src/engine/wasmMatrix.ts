/**
 * Matrices whose values live in WebAssembly memory, read in place by the kernels that run over them, and the call
 * that gives the kernels' cached memory back.
 * @module
 */
import type { Matrix } from '../core/matrix.js';
import { checkInt } from '../core/validate.js';
import { allocateResident, isResident, residentHeadroom } from './wasmWorkspace.js';

export { releaseWasmMemory } from './wasmWorkspace.js';

/**
 * A zero-filled rows×cols matrix whose values live in a WebAssembly memory of their own, so that a fit whose
 * WebAssembly kernel reads the rows as they are — `MiniBatchKMeans.fit` — uses them in place instead of copying
 * them into its workspace: the data are held once (n·d·8 bytes less at the peak). Fill `data` as any matrix (or
 * read a file into it: `readNpyFile(path, { wasm: true })` in clusterkit/node). Everything else takes it as a
 * plain matrix.
 * @remarks The memory is allocated with room for the kernels' scratch regions after the data (16 MiB + 16 bytes
 * per row of address space; pages never written take no physical memory) and is never grown, since growing a
 * WebAssembly memory detaches the arrays over it: a fit whose scratch does not fit there copies the rows as usual.
 * `data.buffer` is the memory's buffer (larger than the data; `data.byteOffset` is not 0) and cannot be
 * transferred to a worker with a transfer list (a WebAssembly buffer is not detachable; structured clone copies
 * it). Falls back to a plain Float64Array when the matrix does not fit in wasm32 memory (4 GiB with the scratch)
 * or the runtime refuses the memory. O(1): the memory is zero-filled lazily.
 * @param rows - n ≥ 0
 * @param cols - d ≥ 0
 * @throws {@link ValidationError} when rows or cols is not a non-negative integer
 * @example
 * const X = wasmMatrix(1_000_000, 16);
 * X.data.set(values); // or readNpyFile('points.npy', { wasm: true }) in clusterkit/node
 * new MiniBatchKMeans({ nClusters: 16 }).fit(X); // the rows are not copied
 */
export function wasmMatrix(rows: number, cols: number): Matrix {
  checkInt(rows, 'rows', 0);
  checkInt(cols, 'cols', 0);
  const data = allocateResident(rows * cols, residentHeadroom(rows)) ?? new Float64Array(rows * cols);
  return { rows, cols, data };
}

/**
 * Whether a matrix's values live in WebAssembly memory from {@link wasmMatrix} (a subarray of one counts), so that
 * the kernels that can read them in place will. O(1).
 * @example
 * isWasmMatrix(wasmMatrix(10, 2)); // true where WebAssembly is available
 * isWasmMatrix(zeros(10, 2)); // false
 */
export function isWasmMatrix(X: Matrix): boolean {
  return isResident(X.data);
}
