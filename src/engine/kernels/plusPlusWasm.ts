/**
 * The k-means++ candidates' potentials on the WebAssembly SIMD kernel (`ppPots` in src/wasm/kmeans.ts): the rows,
 * their squared norms and weights copied once per seeding into a memory of their own, 8 (or, for L ≤ 4, 4)
 * candidates × 2 rows per register tile, bit-identical to the TypeScript reference `plusPlusPots` (src/kmeans/init.ts).
 * @module
 */

import { PLUS_PLUS_POOL_MIN_WORK, planPasses } from '../plan.js';
import { layoutWasm, openWasmWorkspace, releasePooledMemory, takePooledMemory } from '../wasmWorkspace.js';
import { kernelModule } from './backend.js';
import { type ParallelJobSession, parallelJobProvider } from './parallel.js';
import type { PlusPlusKernel } from './plusPlusKernel.js';
import type { KmeansExports } from './wasm/kmeans.generated.js';

/** Candidates per call: the kernel's tile width. */
const GROUP = 8;

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
  const sizes = [
    ['x', n * d * 8],
    ['xn', n * 8],
    ['w', n * 8],
    ['closest', n * 8],
    ['ct', d * width * 8],
    ['cn', GROUP * 8],
    ['out', rows * n * 8],
    ['pots', GROUP * 8],
  ] as const;
  const { at: p, bytes } = layoutWasm(sizes);
  // the memory the previous seeding released (release() below), when there is one: no allocation per seeding
  const memory = takePooledMemory('plusplus', bytes);
  const ws = memory === null ? null : openWasmWorkspace<KmeansExports>(mod, bytes, { memory });
  if (ws === null) return null; // too large for wasm32, or the memory could not be allocated
  const ex = ws.exports;
  const buf = ws.memory.buffer;
  new Float64Array(buf, p.x, n * d).set(x.subarray(0, n * d));
  new Float64Array(buf, p.xn, n).set(xn.subarray(0, n));
  new Float64Array(buf, p.w, n).set(w.subarray(0, n));
  const closest = new Float64Array(buf, p.closest, n);
  const ct = new Float64Array(buf, p.ct, d * width);
  const cn = new Float64Array(buf, p.cn, GROUP);
  const out = new Float64Array(buf, p.out, rows * n);
  const potsView = new Float64Array(buf, p.pots, GROUP);
  const u8 = new Uint8Array(buf);
  const kernel = width === 4 ? ex.ppPots4 : ex.ppPots;
  // With a worker pool: a helper thread computes rows [h, n) of every call in its own instance of this layout
  // (its rows of x and xn copied in once), this thread rows [0, h); then this thread takes the helper's per-row
  // values and adds them to the potentials after its own, in row order (bit-identical to one thread).
  const h = n >> 1;
  const work = n * d * width;
  // the pool's share decided once per seeding, by the plan (the wasm backend itself was chosen by the caller)
  const { threads } = planPasses({ work, poolWork: work, poolMinWork: PLUS_PLUS_POOL_MIN_WORK });
  let job: ParallelJobSession | null | undefined;
  const openJob = (): ParallelJobSession | null => {
    const provider = threads === 2 ? parallelJobProvider(work) : null;
    if (provider === null || h === 0) return null;
    const xAt = p.x + h * d * 8;
    const xnAt = p.xn + h * 8;
    const m = n - h;
    return (
      provider.beginJob?.({
        mod,
        bytes,
        init: [
          { at: xAt, bytes: m * d * 8, data: u8.subarray(xAt, xAt + m * d * 8) },
          { at: xnAt, bytes: m * 8, data: u8.subarray(xnAt, xnAt + m * 8) },
        ],
        fns: ['ppPots', 'ppPots4'],
        ioBytes: Math.max(m * 8 + d * width * 8 + GROUP * 8, rows * m * 8),
      }) ?? null
    );
  };
  let released = false;
  return {
    closest,
    pots(cand: Int32Array, l: number, pots: Float64Array): void {
      if (released) throw new Error('internal: a k-means++ kernel was used after release().');
      ct.fill(0);
      for (let t = 0; t < l; t++) {
        const oc = cand[t] * d;
        for (let j = 0; j < d; j++) ct[j * width + t] = x[oc + j];
        cn[t] = xn[cand[t]];
      }
      potsView.fill(0);
      if (job === undefined) job = openJob();
      const args = [p.x, n, d, p.xn, p.w, p.closest, p.ct, p.cn, l, p.out, p.pots] as const;
      if (job === null) kernel(...args, 0, n);
      else {
        const m = n - h;
        const cAt = p.closest + h * 8;
        job.start({
          fn: width === 4 ? 1 : 0,
          args: [...args, h, n],
          inputs: [
            { at: cAt, bytes: m * 8, data: u8.subarray(cAt, cAt + m * 8) },
            { at: p.ct, bytes: d * width * 8, data: u8.subarray(p.ct, p.ct + d * width * 8) },
            { at: p.cn, bytes: GROUP * 8, data: u8.subarray(p.cn, p.cn + GROUP * 8) },
          ],
          outputs: Array.from({ length: l }, (_, t) => ({ at: p.out + (t * n + h) * 8, bytes: m * 8 })),
        });
        kernel(...args, 0, h);
        const r = job.wait();
        if (r === null) {
          // the helper failed: this thread does its rows too (and stops using it)
          job.end();
          job = null;
          kernel(...args, h, n);
        } else {
          for (let t = 0; t < l; t++) u8.set(r.out.subarray(t * m * 8, (t + 1) * m * 8), p.out + (t * n + h) * 8);
          ex.ppAccumulate(p.w, p.out, n, h, n, l, p.pots);
        }
      }
      for (let t = 0; t < l; t++) pots[t] = potsView[t];
    },
    out: (t: number) => out.subarray(t * n, t * n + n),
    release(): void {
      job?.end();
      job = null;
      if (!released && memory !== null) releasePooledMemory('plusplus', memory);
      released = true;
    },
  };
}
