/**
 * The k-means++ candidates' potentials on the WebAssembly SIMD kernel (`ppPots` in src/wasm/kmeans.ts): the rows,
 * their squared norms and weights copied once per seeding into a memory of their own, 8 (or, for L ≤ 4, 4)
 * candidates × 2 rows per register tile, bit-identical to the TypeScript reference `plusPlusPots` (src/kmeans/init.ts).
 * @module
 */
import type { PlusPlusKernel } from '../kmeans/init.js';
import { kernelModule } from './backend.js';

/** ppPots / ppPots4 (src/wasm/kmeans.ts): byte offsets and sizes, see {@link plusPlusWasm}. */
type PotsKernel = (
  x: number,
  n: number,
  d: number,
  xn: number,
  w: number,
  closest: number,
  ct: number,
  cn: number,
  L: number,
  out: number,
  pots: number,
) => void;

interface PlusPlusExports {
  heapBase(): number;
  ppPots: PotsKernel;
  ppPots4: PotsKernel;
}

const PAGE = 65536;
/** wasm32 memory tops out at 4 GiB; leave room for the module's own pages. */
const MAX_BYTES = 4 * 1024 ** 3 - 16 * PAGE;
/** Candidates per call: the kernel's tile width. */
const GROUP = 8;

const align = (v: number): number => Math.ceil(v / 16) * 16;

/**
 * A k-means++ kernel over a wasm copy of x (n×d), xn (n) and w (n) for up to `L` candidates per step, or null when
 * the wasm path is unavailable or the copy does not fit in wasm32 memory (the caller then uses the TypeScript loop).
 * O(n·d) to set up; each `pots` call is O(n·d·8) multiply–adds.
 */
export function plusPlusWasm(
  x: Float64Array,
  n: number,
  d: number,
  xn: Float64Array,
  w: Float64Array,
  L: number,
): PlusPlusKernel | null {
  const mod = kernelModule('kmeans');
  if (mod === null) return null;
  const rows = Math.min(L, GROUP);
  // the 4-wide tile (ppPots4) when every call has at most 4 candidates: half the work of the 8-wide one
  const width = L <= 4 ? 4 : GROUP;
  const sizes: [string, number][] = [
    ['x', n * d * 8],
    ['xn', n * 8],
    ['w', n * 8],
    ['closest', n * 8],
    ['ct', d * width * 8],
    ['cn', GROUP * 8],
    ['out', rows * n * 8],
    ['pots', GROUP * 8],
  ];
  const p: Record<string, number> = {};
  let off = 1024;
  for (const [name, bytes] of sizes) {
    p[name] = off;
    off = align(off + bytes);
  }
  if (off > MAX_BYTES) return null;
  let ex: PlusPlusExports;
  let buf: ArrayBuffer;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(off / PAGE) });
    ex = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as PlusPlusExports;
    if (ex.heapBase() > 1024) return null;
    buf = memory.buffer;
  } catch {
    return null; // e.g. the memory could not be allocated
  }
  new Float64Array(buf, p.x, n * d).set(x.subarray(0, n * d));
  new Float64Array(buf, p.xn, n).set(xn.subarray(0, n));
  new Float64Array(buf, p.w, n).set(w.subarray(0, n));
  const closest = new Float64Array(buf, p.closest, n);
  const ct = new Float64Array(buf, p.ct, d * width);
  const cn = new Float64Array(buf, p.cn, GROUP);
  const out = new Float64Array(buf, p.out, rows * n);
  const potsView = new Float64Array(buf, p.pots, GROUP);
  return {
    closest,
    pots(cand: Int32Array, l: number, pots: Float64Array): void {
      ct.fill(0);
      for (let t = 0; t < l; t++) {
        const oc = cand[t] * d;
        for (let j = 0; j < d; j++) ct[j * width + t] = x[oc + j];
        cn[t] = xn[cand[t]];
      }
      potsView.fill(0);
      const f = width === 4 ? ex.ppPots4 : ex.ppPots;
      f(p.x, n, d, p.xn, p.w, p.closest, p.ct, p.cn, l, p.out, p.pots);
      for (let t = 0; t < l; t++) pots[t] = potsView[t];
    },
    out: (t: number) => out.subarray(t * n, t * n + n),
  };
}
