/**
 * Kernel backends: plain TypeScript (the reference and fallback) or WebAssembly SIMD.
 * @module
 */
export {
  getBackend,
  isWasmAvailable,
  KERNEL_BACKENDS,
  type KernelBackend,
  setBackend,
  wasmReady,
} from './backend.js';
export { getKernelPrecision, type KernelPrecision, setKernelPrecision } from './kmeansWasm.js';
