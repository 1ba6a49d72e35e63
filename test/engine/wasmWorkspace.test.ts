/**
 * The one WebAssembly workspace helper: the layout's alignment, the wasm32 limit, reuse and growth of a
 * workspace, and the failure rule — null (the TypeScript path) where the workspace cannot exist, a CapacityError at
 * the constructors, which their factories turn back into null.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CapacityError } from '../../src/core/errors.js';
import { densityWorkspace } from '../../src/density/wasm.js';
import { kernelModule } from '../../src/engine/kernels/backend.js';
import {
  BoundsWasm,
  boundsWorkspace,
  KMeansWasm,
  kmeansWorkspace,
  reserveKMeansData,
} from '../../src/engine/kernels/kmeansWasm.js';
import { plusPlusWasm } from '../../src/engine/kernels/plusPlusWasm.js';
import {
  alignUp,
  capacityError,
  layoutWasm,
  openWasmWorkspace,
  reserveWasmMemory,
  WASM_DEFAULT_BASE,
  WASM_KDE_BASE,
  WASM_PAGE_BYTES,
  WASM_REGION_ALIGN,
  WASM32_MAX_BYTES,
  type WasmKernelExports,
} from '../../src/engine/wasmWorkspace.js';
import { MixtureWasm, mixtureWorkspace } from '../../src/mixture/wasm.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('layoutWasm', () => {
  it('lays regions out in order from the base, each on a 64-byte boundary, without overlap (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 12 }),
        fc.nat({ max: 20_000 }),
        (sizes, base) => {
          const regions = sizes.map((b, i) => [`r${i}`, b] as const);
          const { at, bytes } = layoutWasm(regions, base);
          let end = base;
          for (const [name, b] of regions) {
            const o = at[name];
            expect(o % WASM_REGION_ALIGN).toBe(0);
            expect(o).toBeGreaterThanOrEqual(end);
            expect(o - end).toBeLessThan(WASM_REGION_ALIGN);
            end = o + b;
          }
          expect(bytes % WASM_REGION_ALIGN).toBe(0);
          expect(bytes).toBeGreaterThanOrEqual(end);
          expect(bytes - end).toBeLessThan(WASM_REGION_ALIGN);
        },
      ),
    );
  });

  it('starts at 1024 by default and honours a per-region alignment (the page-aligned distance matrix)', () => {
    const { at, bytes } = layoutWasm(
      [
        ['x', 80],
        ['D', 8],
        ['out', 0],
      ],
      WASM_DEFAULT_BASE,
      { D: 4096 },
    );
    expect(at).toEqual({ x: 1024, D: 4096, out: 4160 });
    expect(bytes).toBe(4160);
    expect(layoutWasm([['x', 80]]).at.x).toBe(1024);
    expect(alignUp(100)).toBe(128);
    expect(alignUp(4097, 4096)).toBe(8192);
  });
});

describe('openWasmWorkspace', () => {
  const mod = kernelModule('silhouette');

  it('gives an instance over a memory of at least the bytes asked, whole pages', () => {
    expect(mod).not.toBeNull();
    const ws = openWasmWorkspace<WasmKernelExports>(mod!, 3 * WASM_PAGE_BYTES + 1);
    expect(ws).not.toBeNull();
    expect(ws!.memory.buffer.byteLength).toBe(4 * WASM_PAGE_BYTES);
    expect(ws!.module).toBe(mod);
    expect(ws!.exports.heapBase()).toBeLessThanOrEqual(WASM_DEFAULT_BASE);
  });

  it('reuses a workspace of the same module, growing its memory only when short, keeping its contents', () => {
    const a = openWasmWorkspace<WasmKernelExports>(mod!, 2 * WASM_PAGE_BYTES)!;
    new Uint8Array(a.memory.buffer)[5000] = 7;
    expect(openWasmWorkspace(mod!, WASM_PAGE_BYTES, { reuse: a })).toBe(a);
    expect(a.memory.buffer.byteLength).toBe(2 * WASM_PAGE_BYTES);
    expect(openWasmWorkspace(mod!, 5 * WASM_PAGE_BYTES, { reuse: a })).toBe(a);
    expect(a.memory.buffer.byteLength).toBe(5 * WASM_PAGE_BYTES);
    expect(new Uint8Array(a.memory.buffer)[5000]).toBe(7);
    // Another module: a fresh workspace.
    const other = kernelModule('linkage')!;
    const b = openWasmWorkspace<WasmKernelExports>(other, WASM_PAGE_BYTES, { reuse: a });
    expect(b).not.toBe(a);
    expect(b!.module).toBe(other);
  });

  it('instantiates over a reserved memory the caller filled first (grown if short), its data kept', () => {
    const { at, bytes } = layoutWasm([
      ['x', 8 * 10],
      ['out', 8],
    ]);
    const memory = reserveWasmMemory(bytes)!;
    expect(memory.buffer.byteLength).toBe(WASM_PAGE_BYTES);
    new Float64Array(memory.buffer, at.x, 10).fill(2.5);
    const ws = openWasmWorkspace<WasmKernelExports>(mod!, 3 * WASM_PAGE_BYTES, { memory })!;
    expect(ws.memory).toBe(memory);
    expect(memory.buffer.byteLength).toBe(3 * WASM_PAGE_BYTES);
    expect(new Float64Array(memory.buffer, at.x, 10)).toEqual(new Float64Array(10).fill(2.5));
    expect(reserveWasmMemory(WASM32_MAX_BYTES + 1)).toBeNull();
  });

  it('returns null (the TypeScript path) beyond wasm32 memory, or when the runtime refuses the memory', () => {
    expect(openWasmWorkspace(mod!, WASM32_MAX_BYTES + 1)).toBeNull();
    expect(openWasmWorkspace(mod!, Number.POSITIVE_INFINITY)).toBeNull();
    expect(openWasmWorkspace(mod!, Number.NaN)).toBeNull();
    class Refused {
      constructor() {
        throw new RangeError('WebAssembly.Memory(): could not allocate memory');
      }
    }
    vi.spyOn(WebAssembly, 'Memory').mockImplementation(Refused as unknown as typeof WebAssembly.Memory);
    expect(openWasmWorkspace(mod!, WASM_PAGE_BYTES)).toBeNull();
    expect(reserveWasmMemory(WASM_PAGE_BYTES)).toBeNull();
  });

  it('throws (a build fault) when the module’s static data ends above the base', () => {
    const kde = kernelModule('kde')!;
    expect(() => openWasmWorkspace(kde, WASM_PAGE_BYTES)).toThrow(
      /static data ends at byte \d+, above the workspace base 1024/,
    );
    expect(openWasmWorkspace(kde, WASM_PAGE_BYTES, { base: WASM_KDE_BASE })).not.toBeNull();
  });

  it('capacityError names the byte count and the limit', () => {
    const e = capacityError('k-means workspace', 5e9);
    expect(e).toBeInstanceOf(CapacityError);
    expect(e.bytes).toBe(5e9);
    expect(e.budget).toBe(WASM32_MAX_BYTES);
    expect(e.message).toMatch(/^k-means workspace of 5000000000 bytes does not fit in wasm32 memory/);
  });
});

describe('the failure rule at the workspace classes', () => {
  const x = new Float64Array(64).fill(1);

  it('MixtureWasm throws a CapacityError for data beyond wasm32 memory; mixtureWorkspace returns null', () => {
    const mod = kernelModule('gaussianMixture')!;
    const n = 200_000_000;
    expect(() => new MixtureWasm(mod, x, n, 4, 2, 'diag')).toThrow(CapacityError);
    expect(mixtureWorkspace(x, n, 4, 2, 'diag')).toBeNull();
  });

  it('the k-means workspaces throw a CapacityError beyond wasm32 memory; their factories return null', () => {
    const mod = kernelModule('kmeans')!;
    const n = 200_000_000;
    const w = new Float64Array(64).fill(1);
    expect(() => new KMeansWasm(mod, x, n, 4, 2, null)).toThrow(CapacityError);
    expect(() => new KMeansWasm(mod, x, n, 4, 2, null)).toThrow(/^k-means workspace of \d+ bytes does not fit/);
    expect(kmeansWorkspace(x, n, 4, 2, null)).toBeNull();
    expect(() => new BoundsWasm(mod, 'hamerly', x, n, 4, 2, w)).toThrow(/^k-means bounds workspace of \d+ bytes/);
    expect(boundsWorkspace('elkan', x, n, 4, 2, w)).toBeNull();
    expect(reserveKMeansData('hamerly', n, 4, 2)).toBeNull();
    expect(plusPlusWasm(x, n, 4, w, w, 8)).toBeNull();
  });

  it('a bounds workspace adopts the memory reserveKMeansData laid out (no copy), with the same rows', () => {
    const mod = kernelModule('kmeans')!;
    const [n, d, k] = [37, 3, 4];
    const data = reserveKMeansData('elkan', n, d, k)!;
    for (let i = 0; i < n * d; i++) data[i] = Math.sin(i);
    const ws = new BoundsWasm(mod, 'elkan', data, n, d, k, new Float64Array(n).fill(1));
    expect(ws.labels.buffer).toBe(data.buffer);
    expect(data.byteOffset % WASM_REGION_ALIGN).toBe(0);
  });

  it('densityWorkspace returns null for rows beyond wasm32 memory', () => {
    expect(densityWorkspace(x, x, 200_000_000, 4)).toBeNull();
  });
});
