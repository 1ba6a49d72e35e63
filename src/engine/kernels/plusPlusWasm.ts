/**
 * The k-means++ seeding on the WebAssembly SIMD kernels (`ppBlocks`, `ppSample` in src/wasm/kmeans.ts): each thread
 * keeps its rows, their squared norms, weights and current D² in a memory of its own for the whole seeding — the
 * calling thread rows [0, h), a worker pool's helper rows [h, n) (h a multiple of the block size) — so a step ships
 * only the candidates in and per-block partial sums (and sampled rows) out. The partials are merged in block order
 * by the caller (src/kmeans/init.ts), so the chosen centres are bit-identical for 1 and 2 threads and to the
 * TypeScript reference. 4, 6 or 8 candidates × 2 rows per register tile.
 * @module
 */

import { PLUS_PLUS_POOL_MIN_WORK, planPasses } from '../plan.js';
import {
  capacityError,
  layoutWasm,
  openWasmWorkspace,
  releasePooledMemory,
  takePooledMemory,
  WASM32_MAX_BYTES,
} from '../wasmWorkspace.js';
import { kernelModule } from './backend.js';
import { type ParallelJobProvider, parallelJobProvider } from './parallel.js';
import { PLUS_PLUS_BLOCK, PLUS_PLUS_GROUP, type PlusPlusKernel } from './plusPlusKernel.js';
import type { KmeansExports } from './wasm/kmeans.generated.js';

const GROUP = PLUS_PLUS_GROUP;
const B = PLUS_PLUS_BLOCK;

/** One thread's workspace over `rows` rows, for L candidates per step in tiles `width` wide. */
function partLayout(rows: number, d: number, L: number, width: number) {
  return layoutWasm([
    ['x', rows * d * 8],
    ['xn', rows * 8],
    ['w', rows * 8],
    ['closest', rows * 8],
    ['ct', d * width * 8],
    ['cn', GROUP * 8],
    ['out', L * rows * 8],
    ['parts', Math.ceil(rows / B) * GROUP * 8],
    ['q', L * 24],
    ['rows', L * 4],
  ] as const);
}

/** The seeding's data, shared by its parts. */
interface Seeding {
  mod: WebAssembly.Module;
  x: Float64Array;
  xn: Float64Array;
  w: Float64Array;
  n: number;
  d: number;
  L: number;
  width: number;
}

/**
 * One thread's share: rows [lo, hi) = blocks [lo / B, ⌈hi / B⌉). `start*` begins a call (a helper returns at once),
 * `finish*` completes it: false when the helper failed (the caller then takes its rows over).
 */
interface Part {
  readonly lo: number;
  /** ppBlocks for the staged candidates (ct d×width, cn 8) numbered g..g+l−1 within the step. */
  startBlocks(ct: Float64Array, cn: Float64Array, l: number, g: number): void;
  /** Writes the part's block partials into parts[8·lo/B ..). */
  finishBlocks(parts: Float64Array): boolean;
  /** ppSample for nq queries q (3 per query, the block numbered within the part). */
  startSample(q: Float64Array, nq: number): void;
  /** The sampled rows (global indices) into rows[0..nq). */
  finishSample(rows: Int32Array, nq: number): boolean;
  /** The step's chosen candidate t: D² := its values, applied at the part's next call. */
  choose(t: number): void;
  end(): void;
}

const bytesOf = (a: Float64Array, from: number, to: number): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset + from * 8, (to - from) * 8);

/**
 * Rows [lo, hi) on this thread, or null when the workspace does not fit in wasm32 memory. With `pooled`, its memory
 * is the one the previous seeding gave back (takePooledMemory), returned by `end` for the next: no allocation per
 * seeding.
 */
function localPart(s: Seeding, lo: number, hi: number, pooled: boolean): Part | null {
  const { x, xn, w, d, L, width } = s;
  const rows = hi - lo;
  const { at: p, bytes } = partLayout(rows, d, L, width);
  const memory = pooled ? takePooledMemory('plusplus', bytes) : null;
  if (pooled && memory === null) return null;
  const ws = openWasmWorkspace<KmeansExports>(s.mod, bytes, memory === null ? {} : { memory });
  if (ws === null) return null;
  const ex = ws.exports;
  const buf = ws.memory.buffer;
  new Float64Array(buf, p.x, rows * d).set(x.subarray(lo * d, hi * d));
  new Float64Array(buf, p.xn, rows).set(xn.subarray(lo, hi));
  new Float64Array(buf, p.w, rows).set(w.subarray(lo, hi));
  new Float64Array(buf, p.closest, rows).fill(Number.POSITIVE_INFINITY);
  const ct = new Float64Array(buf, p.ct, d * width);
  const cn = new Float64Array(buf, p.cn, GROUP);
  const nb = Math.ceil(rows / B);
  const parts = new Float64Array(buf, p.parts, nb * GROUP);
  const q = new Float64Array(buf, p.q, 3 * L);
  const sampled = new Int32Array(buf, p.rows, L);
  const pairs = width / 2;
  let best = -1;
  let released = false;
  return {
    lo,
    startBlocks(cts, cns, l, g) {
      if (released) throw new Error('internal: a k-means++ kernel was used after release().');
      ct.set(cts);
      cn.set(cns);
      ex.ppBlocks(p.x, rows, d, p.xn, p.w, p.closest, p.ct, p.cn, l, p.out, g, best, pairs, B, p.parts);
      best = -1;
    },
    finishBlocks(out) {
      out.set(parts, (lo / B) * GROUP);
      return true;
    },
    startSample(qs, nq) {
      if (released) throw new Error('internal: a k-means++ kernel was used after release().');
      q.set(qs.subarray(0, 3 * nq));
      ex.ppSample(p.w, p.closest, p.out, rows, best, B, p.q, nq, p.rows);
      best = -1;
    },
    finishSample(out, nq) {
      for (let j = 0; j < nq; j++) out[j] = sampled[j] + lo;
      return true;
    },
    choose(t) {
      best = t;
    },
    end() {
      if (!released && memory !== null) releasePooledMemory('plusplus', memory);
      released = true;
    },
  };
}

/** Rows [lo, n) on the pool's helper (its own instance of the layout), or null when no helper is available. */
function helperPart(s: Seeding, provider: ParallelJobProvider, lo: number): Part | null {
  const { x, xn, w, n, d, L, width } = s;
  const rows = n - lo;
  const { at: p, bytes } = partLayout(rows, d, L, width);
  if (!(bytes <= WASM32_MAX_BYTES)) return null;
  const nb = Math.ceil(rows / B);
  const job =
    provider.beginJob?.({
      mod: s.mod,
      bytes,
      init: [
        { at: p.x, bytes: rows * d * 8, data: bytesOf(x, lo * d, n * d) },
        { at: p.xn, bytes: rows * 8, data: bytesOf(xn, lo, n) },
        { at: p.w, bytes: rows * 8, data: bytesOf(w, lo, n) },
        {
          at: p.closest,
          bytes: rows * 8,
          data: bytesOf(new Float64Array(rows).fill(Number.POSITIVE_INFINITY), 0, rows),
        },
      ],
      fns: ['ppBlocks', 'ppSample'],
      ioBytes: Math.max(d * width * 8 + GROUP * 8, L * 24, nb * GROUP * 8),
    }) ?? null;
  if (job === null) return null;
  const pairs = width / 2;
  let best = -1;
  return {
    lo,
    startBlocks(ct, cn, l, g) {
      job.start({
        fn: 0,
        args: [p.x, rows, d, p.xn, p.w, p.closest, p.ct, p.cn, l, p.out, g, best, pairs, B, p.parts],
        inputs: [
          { at: p.ct, bytes: d * width * 8, data: bytesOf(ct, 0, d * width) },
          { at: p.cn, bytes: GROUP * 8, data: bytesOf(cn, 0, GROUP) },
        ],
        outputs: [{ at: p.parts, bytes: nb * GROUP * 8 }],
      });
      best = -1;
    },
    finishBlocks(out) {
      const r = job.wait();
      if (r === null) return false;
      bytesOf(out, (lo / B) * GROUP, (lo / B + nb) * GROUP).set(r.out.subarray(0, nb * GROUP * 8));
      return true;
    },
    startSample(q, nq) {
      job.start({
        fn: 1,
        args: [p.w, p.closest, p.out, rows, best, B, p.q, nq, p.rows],
        inputs: [{ at: p.q, bytes: nq * 24, data: bytesOf(q, 0, 3 * nq) }],
        outputs: [{ at: p.rows, bytes: nq * 4 }],
      });
      best = -1;
    },
    finishSample(out, nq) {
      const r = job.wait();
      if (r === null) return false;
      const sampled = new Int32Array(r.out.buffer, r.out.byteOffset, nq);
      for (let j = 0; j < nq; j++) out[j] = sampled[j] + lo;
      return true;
    },
    choose(t) {
      best = t;
    },
    end() {
      job.end();
    },
  };
}

/**
 * A k-means++ kernel over x (n×d), xn (n) and w (n) for L candidates per step, or null when the wasm path is
 * unavailable or the rows do not fit in wasm32 memory (the caller then uses the TypeScript loop). With a worker
 * pool and steps of at least {@link PLUS_PLUS_POOL_MIN_WORK} multiply–adds (n·d·tile width), the helper owns the
 * blocks from h = ⌈⌈n / B⌉ / 2⌉·B on. O(n·d) to set up; each `pots` call is O(n·d·width) multiply–adds, each
 * `sample` call O(B) per query.
 * `split` (tests): hand the blocks from h on to the registered pool's helper whatever the work.
 * @throws CapacityError when the helper fails mid-seeding and its rows no longer fit in a workspace on this thread
 */
export function plusPlusWasm(
  x: Float64Array,
  n: number,
  d: number,
  xn: Float64Array,
  w: Float64Array,
  L: number,
  split = false,
): PlusPlusKernel | null {
  const mod = kernelModule('kmeans');
  if (mod === null) return null;
  // the narrowest register tile that holds a step's candidates (4, 6, else 8 and groups of 8): no lane idle
  const width = L <= 4 ? 4 : L <= 6 ? 6 : GROUP;
  const s: Seeding = { mod, x, xn, w, n, d, L, width };
  const nb = Math.ceil(n / B);
  const hb = Math.ceil(nb / 2);
  const h = hb * B;
  const work = n * d * width;
  // the pool's share decided once per seeding, by the plan (the wasm backend itself was chosen by the caller)
  const { threads } = planPasses({ work, poolWork: work, poolMinWork: PLUS_PLUS_POOL_MIN_WORK });
  const provider =
    (threads === 2 || split) && h < n ? parallelJobProvider(split ? Number.POSITIVE_INFINITY : work) : null;
  // blocks [hb, nb): the helper's, or this thread's after the helper failed
  let second = provider === null ? null : helperPart(s, provider, h);
  const first = localPart(s, 0, second === null ? n : h, true);
  if (first === null) {
    second?.end();
    return null;
  }
  const ct = new Float64Array(d * width);
  const cn = new Float64Array(GROUP);
  const stepCand = new Int32Array(L);
  const chosen: number[] = [];
  const stage = (cand: Int32Array, l: number): void => {
    ct.fill(0);
    cn.fill(0);
    for (let t = 0; t < l; t++) {
      const oc = cand[t] * d;
      for (let j = 0; j < d; j++) ct[j * width + t] = x[oc + j];
      cn[t] = xn[cand[t]];
    }
  };
  /**
   * The helper failed: this thread takes rows [h, n) over in a workspace of their own, their D² rebuilt from the
   * chosen centres (a minimum, exact in any order), then recomputes the step's groups before `g`.
   */
  const takeOver = (g: number): Part => {
    second?.end();
    const part = localPart(s, h, n, false);
    if (part === null) throw capacityError('k-means++ workspace', partLayout(n - h, d, L, width).bytes);
    const one = new Int32Array(1);
    for (const c of chosen) {
      one[0] = c;
      stage(one, 1);
      part.startBlocks(ct, cn, 1, 0);
      part.choose(0);
    }
    for (let g0 = 0; g0 < g; g0 += GROUP) {
      stage(stepCand.subarray(g0, g0 + GROUP), GROUP);
      part.startBlocks(ct, cn, GROUP, g0);
    }
    second = part;
    return part;
  };
  const queries = [new Float64Array(3 * L), new Float64Array(3 * L)];
  const owner = [new Int32Array(L), new Int32Array(L)];
  const sampled = [new Int32Array(L), new Int32Array(L)];
  return {
    pots(cand, l, g, parts) {
      stepCand.set(cand.subarray(0, l), g);
      stage(cand, l);
      second?.startBlocks(ct, cn, l, g);
      first.startBlocks(ct, cn, l, g);
      first.finishBlocks(parts);
      if (second !== null && !second.finishBlocks(parts)) {
        const part = takeOver(g);
        stage(cand, l);
        part.startBlocks(ct, cn, l, g);
        part.finishBlocks(parts);
      }
    },
    choose(t) {
      first.choose(t);
      second?.choose(t);
      chosen.push(stepCand[t]);
    },
    sample(blocks, bases, rs, nq, rows) {
      const count = [0, 0];
      for (let j = 0; j < nq; j++) {
        const side = second !== null && blocks[j] >= hb ? 1 : 0;
        const c = count[side]++;
        const q = queries[side];
        q[3 * c] = side === 1 ? blocks[j] - hb : blocks[j];
        q[3 * c + 1] = bases[j];
        q[3 * c + 2] = rs[j];
        owner[side][c] = j;
      }
      if (count[1] > 0) second?.startSample(queries[1], count[1]);
      first.startSample(queries[0], count[0]);
      first.finishSample(sampled[0], count[0]);
      if (count[1] > 0 && second !== null && !second.finishSample(sampled[1], count[1])) {
        const part = takeOver(0);
        part.startSample(queries[1], count[1]);
        part.finishSample(sampled[1], count[1]);
      }
      for (let side = 0; side < 2; side++)
        for (let c = 0; c < count[side]; c++) rows[owner[side][c]] = sampled[side][c];
    },
    release(): void {
      second?.end();
      second = null;
      first.end();
    },
  };
}
