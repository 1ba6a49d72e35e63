/**
 * Kernel backends: plain TypeScript (the reference and fallback) or WebAssembly SIMD.
 * @module
 */
export {
  getBackend,
  getRelaxedSimd,
  isWasmAvailable,
  KERNEL_BACKENDS,
  type KernelBackend,
  type KernelVariant,
  kernelVariant,
  setBackend,
  setRelaxedSimd,
  wasmReady,
} from './backend.js';
export { getKernelPrecision, type KernelPrecision, setKernelPrecision } from './kmeansWasm.js';
