/**
 * The execution plan: where a fit's passes run, decided once by planPasses from the backend
 * setting, the work per pass and a registered worker pool; describeBackend names the path a fit took.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, isWasmAvailable, setBackend } from '../../src/engine/kernels/backend.js';
import { type ParallelAssignProvider, setParallelProvider } from '../../src/engine/kernels/parallel.js';
import {
  describeBackend,
  PARALLEL_MIN_WORK,
  PLUS_PLUS_POOL_MIN_WORK,
  planPasses,
  WASM_MIN_WORK,
} from '../../src/engine/plan.js';
import { estepWork, mixtureWorkspace, planMixture } from '../../src/mixture/wasm.js';

const before = getBackend();
afterEach(() => {
  setBackend(before);
  setParallelProvider(null);
});

/** A registered provider that is never asked to open a session here (the plan only checks that one exists). */
const standIn: ParallelAssignProvider = { begin: () => null };

describe('planPasses', () => {
  const wasm = isWasmAvailable();

  it("setBackend('js'): the TypeScript reference on one thread, whatever the work and the pool", () => {
    setBackend('js');
    setParallelProvider(standIn);
    for (const work of [1, WASM_MIN_WORK, 1e9]) {
      expect(planPasses({ work, poolWork: 1e12 })).toEqual({ backend: 'js', threads: 1 });
    }
  });

  it("'auto': wasm from WASM_MIN_WORK multiply–adds per pass (where SIMD compiles), js below", () => {
    setBackend('auto');
    expect(planPasses({ work: WASM_MIN_WORK - 1, poolWork: 0 }).backend).toBe('js');
    expect(planPasses({ work: WASM_MIN_WORK, poolWork: 0 }).backend).toBe(wasm ? 'wasm' : 'js');
  });

  it("'wasm': wasm for any work (where SIMD compiles)", () => {
    if (!wasm) return;
    setBackend('wasm');
    expect(planPasses({ work: 1, poolWork: 0 })).toEqual({ backend: 'wasm', threads: 1 });
  });

  it('two threads only with a registered pool and a pass of at least PARALLEL_MIN_WORK', () => {
    if (!wasm) return;
    setBackend('wasm');
    expect(planPasses({ work: 1e9, poolWork: PARALLEL_MIN_WORK }).threads).toBe(1); // no pool
    setParallelProvider(standIn);
    expect(planPasses({ work: 1e9, poolWork: PARALLEL_MIN_WORK - 1 }).threads).toBe(1);
    expect(planPasses({ work: 1e9, poolWork: PARALLEL_MIN_WORK })).toEqual({ backend: 'wasm', threads: 2 });
    // the density and mixture modules are planned the same way
    expect(planPasses({ work: 1e9, poolWork: PARALLEL_MIN_WORK, module: 'gaussianMixture' }).threads).toBe(2);
  });

  it("a pass's own pool threshold (k-means++ steps: PLUS_PLUS_POOL_MIN_WORK)", () => {
    if (!wasm) return;
    setBackend('wasm');
    setParallelProvider(standIn);
    const poolMinWork = PLUS_PLUS_POOL_MIN_WORK;
    expect(planPasses({ work: 1e9, poolWork: poolMinWork - 1, poolMinWork }).threads).toBe(1);
    expect(planPasses({ work: 1e9, poolWork: poolMinWork, poolMinWork })).toEqual({ backend: 'wasm', threads: 2 });
  });

  it('a Gaussian mixture fit is planned once from its E-step work (planMixture), the plan its workspace follows', () => {
    setParallelProvider(standIn);
    for (const backend of ['js', 'auto', 'wasm'] as const) {
      setBackend(backend);
      for (const [n, d, k] of [
        [10, 2, 2],
        [2000, 4, 3],
        [50_000, 8, 8],
      ]) {
        for (const type of ['full', 'diag'] as const) {
          const work = estepWork(n, d, k, type);
          const plan = planMixture(n, d, k, type);
          expect(plan).toEqual(planPasses({ work, poolWork: work, module: 'gaussianMixture' }));
          if (plan.backend === 'js') expect(mixtureWorkspace(new Float64Array(n * d), n, d, k, type)).toBeNull();
        }
      }
    }
    setBackend('wasm');
    if (wasm) expect(planMixture(50_000, 8, 8, 'full')).toEqual({ backend: 'wasm', threads: 2 });
  });
});

describe('describeBackend', () => {
  it("names the path: 'js', 'wasm', 'wasm-f32', '+pool(T)' after a wasm path with T > 1 threads", () => {
    expect(describeBackend({ backend: 'js', threads: 1 })).toBe('js');
    expect(describeBackend({ backend: 'js', f32: true, threads: 2 })).toBe('js');
    expect(describeBackend({ backend: 'wasm', threads: 1 })).toBe('wasm');
    expect(describeBackend({ backend: 'wasm', f32: false, threads: 2 })).toBe('wasm+pool(2)');
    expect(describeBackend({ backend: 'wasm', f32: true, threads: 1 })).toBe('wasm-f32');
    expect(describeBackend({ backend: 'wasm', f32: true, threads: 2 })).toBe('wasm-f32+pool(2)');
  });
});
