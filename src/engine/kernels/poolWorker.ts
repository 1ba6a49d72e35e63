/**
 * The helper thread's program, shared by both pools: a worker entry (src/node/poolWorker.ts for `worker_threads`,
 * src/web/poolWorker.ts for a module Web Worker) passes every session message to the handler made here. Sessions
 * (one fit each, over shared memory; control words in src/engine/kernels/protocol.ts):
 * - **assign** (Lloyd): the helper keeps its own copy of rows [h, n) and their weights in its own wasm instance and,
 *   per pass, labels them with the nearest of the k centers (KMeansWasm's kernel, same precision choice and guard
 *   constants) and returns the per-cluster statistics of each of its fixed row blocks;
 * - **bounds** (Elkan / Hamerly): the helper keeps rows [h, n), their weights and their bounds, runs the same bound
 *   kernels as BoundsWasm on the calling thread, and returns the per-cluster statistics of each of its fixed row
 *   blocks (every cluster, or the clusters the calling thread flags);
 * - **job**: a generic wasm job (src/engine/kernels/parallel.ts, `SharedJobSession`): one export, or a driver the entry
 *   registered by name, per call.
 * A session runs until the calling thread sets STOP; on any failure it sets ERROR and returns, and the calling
 * thread does the work itself.
 * @module
 */

import {
  capacityError,
  layoutWasm,
  openWasmWorkspace,
  type WasmKernelExports,
  type WasmWorkspace,
} from '../wasmWorkspace.js';
import { assignScratchBytes, F32_MAX_D, f32Fits, f32Limit } from './kmeansGuard.js';
import { boundsBlockPartials } from './kmeansWasm.js';
import {
  A_CHANGED,
  A_F32_PASSES,
  type AssignMessage,
  B_CHANGED,
  B_FULL,
  B_MOVE,
  B_OP,
  B_STEP,
  type BoundsMessage,
  DONE,
  DONE_FAILED,
  ERROR,
  J_FN,
  J_MAX_ARGS,
  J_NARGS,
  J_NIN,
  J_NOUT,
  J_OUT_AT,
  type JobDriver,
  type KernelExports,
  SEQ,
  type SessionMessage,
  STARTED,
  STOP,
  type WasmJobMessage,
} from './protocol.js';
import type { KmeansExports } from './wasm/kmeans.generated.js';

/**
 * The memory of the helper's last finished session, kept for the next one: the helper runs one session at a time,
 * and V8 frees a wasm memory only when it collects it, so a fresh memory per session (5 default k-means fits: 10
 * sessions) piled up in the process's RSS.
 */
let spare: WebAssembly.Memory | null = null;

/**
 * An instance of `mod` over a memory of `bytes` bytes laid out from `base` — the spare memory of the previous
 * session, grown if short and zeroed up to the end of the last page a fresh memory would have (as a fresh memory),
 * else a fresh one; throws when it cannot exist. O(bytes).
 */
function open<E extends WasmKernelExports>(mod: WebAssembly.Module, bytes: number, base?: number): WasmWorkspace<E> {
  const memory = spare;
  spare = null;
  let ws: WasmWorkspace<E> | null = null;
  if (memory !== null) {
    // zeroed before the instance writes its static data, up to the page a fresh memory would end at (kernels may
    // read a tail past the layout in that page)
    const end = Math.max(1, Math.ceil(bytes / 65536)) * 65536;
    new Uint8Array(memory.buffer, 0, Math.min(end, memory.buffer.byteLength)).fill(0);
    ws = openWasmWorkspace<E>(mod, bytes, { base, memory });
  }
  ws ??= openWasmWorkspace<E>(mod, bytes, { base });
  if (ws === null) throw capacityError('pool helper workspace', bytes);
  return ws;
}

/** Keeps a finished session's memory for the next session (the larger of it and the current spare). */
function keep(memory: WebAssembly.Memory): void {
  if (spare === null || spare.buffer.byteLength < memory.buffer.byteLength) spare = memory;
}

/** Marks the session failed (the calling thread stops waiting and does the helper's rows itself). */
function fail(ctrl: Int32Array): void {
  Atomics.store(ctrl, ERROR, 1);
  Atomics.store(ctrl, DONE, DONE_FAILED);
  Atomics.notify(ctrl, DONE);
}

/** Runs `call` once per SEQ increment until STOP; publishes DONE after each call. */
function serve(ctrl: Int32Array, call: () => void): void {
  let handled = 0;
  for (;;) {
    const s = Atomics.load(ctrl, SEQ);
    if (Atomics.load(ctrl, STOP) === 1) break;
    if (s === handled) {
      Atomics.wait(ctrl, SEQ, s);
      continue;
    }
    try {
      call();
    } catch {
      fail(ctrl);
      return;
    }
    handled = s;
    Atomics.store(ctrl, DONE, s);
    Atomics.notify(ctrl, DONE);
  }
}

/**
 * A wasm job (src/engine/kernels/parallel.ts): its own instance of the module over a memory laid out as the calling
 * thread's workspace, the init regions copied in once; per call the inputs copied in, one export (or the named
 * driver) run, the outputs copied out.
 */
function jobSession(m: WasmJobMessage, drivers: Readonly<Record<string, JobDriver>>): void {
  const ctrl = new Int32Array(m.ctrl);
  Atomics.store(ctrl, STARTED, 1);
  let drive: JobDriver | null = null;
  let mem: WebAssembly.Memory;
  let ex: KernelExports;
  try {
    if (m.driver !== undefined) {
      drive = drivers[m.driver] ?? null;
      if (drive === null) throw new RangeError(`no job driver named '${m.driver}'`);
    }
    const ws = open<KernelExports & WasmKernelExports>(m.mod, m.bytes, m.base);
    mem = ws.memory;
    ex = ws.exports;
    const u8 = new Uint8Array(mem.buffer);
    for (const r of m.init) u8.set(new Uint8Array(m.stage, r.off, r.bytes), r.at);
  } catch {
    fail(ctrl);
    return;
  }
  const desc = new Int32Array(m.desc);
  const f64 = new Float64Array(m.f64);
  const io = new Uint8Array(m.io);
  serve(ctrl, () => {
    const u8 = new Uint8Array(mem.buffer);
    const nIn = Atomics.load(ctrl, J_NIN);
    const nOut = Atomics.load(ctrl, J_NOUT);
    const nArgs = Atomics.load(ctrl, J_NARGS);
    let o = 0;
    for (let i = 0; i < nIn; i++) {
      const at = desc[2 * i];
      const b = desc[2 * i + 1];
      u8.set(io.subarray(o, o + b), at);
      o += b;
    }
    const args: number[] = [];
    for (let i = 0; i < nArgs; i++) args.push(f64[i]);
    const r = drive !== null ? drive(ex, mem.buffer, args) : ex[m.fns[Atomics.load(ctrl, J_FN)]](...args);
    f64[J_MAX_ARGS] = typeof r === 'number' ? r : 0;
    o = f64[J_OUT_AT];
    for (let i = 0; i < nOut; i++) {
      const at = desc[2 * (nIn + i)];
      const b = desc[2 * (nIn + i) + 1];
      io.set(u8.subarray(at, at + b), o);
      o += b;
    }
  });
  keep(mem);
}

/**
 * A Lloyd session: the helper's rows labeled against each pass's centers, with their per-cluster statistics in
 * fixed blocks of `bs` rows (KMeansWasm.assignBlocked's kernel, each block's partial kept for the calling thread).
 */
function assignSession(m: AssignMessage): void {
  const ctrl = new Int32Array(m.ctrl);
  Atomics.store(ctrl, STARTED, 1);
  const { d, k, bs } = m;
  const xs = new Float64Array(m.xs, 0, m.m * d);
  const kp = m.f32 ? Math.ceil(k / 4) * 4 : k + (k & 1);
  const parts = new Float64Array(m.parts);
  const { at: p, bytes } = layoutWasm([
    ['x', m.m * d * 8],
    ['w', m.m * 8],
    ['xn', m.m * 8],
    ['labels', m.m * 4],
    ['c', k * d * 8],
    ['ct', d * kp * 8],
    ['cn', kp * 8],
    ['part', parts.length * 8],
    ['scratch', assignScratchBytes(d, kp)],
  ] as const);
  let ws: WasmWorkspace<KmeansExports>;
  let f32 = false;
  try {
    ws = open<KmeansExports>(m.mod, bytes);
    new Float64Array(ws.memory.buffer, p.x, m.m * d).set(xs);
    new Float64Array(ws.memory.buffer, p.w, m.m).set(new Float64Array(m.ws));
    new Int32Array(ws.memory.buffer, p.labels, m.m).fill(-1); // no label yet: every row changes in the first pass
    const maxAbs = ws.exports.rowNorms(p.x, m.m, d, p.xn);
    // f32 expanded distances as KMeansWasm: asked for, and every value within the f32 form's range
    f32 = m.f32 && d <= F32_MAX_D && maxAbs <= f32Limit(d);
  } catch {
    fail(ctrl);
    return;
  }
  const { exports: ex, memory: mem } = ws;
  const centers = new Float64Array(m.centers);
  const cView = new Float64Array(mem.buffer, p.c, k * d);
  const lView = new Int32Array(mem.buffer, p.labels, m.m);
  const partView = new Float64Array(mem.buffer, p.part, parts.length);
  const out = new Int32Array(m.labels);
  serve(ctrl, () => {
    cView.set(centers);
    const f32Pass = f32 && f32Fits(centers, d);
    const r = f32Pass ? ex.prepCenters32(p.c, k, d, kp, p.ct, p.cn) : ex.prepCenters(p.c, k, d, kp, p.ct, p.cn);
    const kappa = f32 ? m.kappa32 : m.kappa;
    const abs = f32Pass ? m.abs32 : 0;
    // biome-ignore format: the kernel's argument list
    const changed = ex.assignBlocks(p.x, 0, m.m, bs, d, p.xn, p.c, k, p.ct, p.cn, kp, r, kappa, p.labels, p.w, 0, 0,
      p.part, 1, p.scratch, f32Pass ? 1 : 0, abs);
    out.set(lView);
    parts.set(partView);
    Atomics.store(ctrl, A_CHANGED, changed);
    if (f32Pass) Atomics.add(ctrl, A_F32_PASSES, 1);
  });
  keep(mem);
}

/**
 * An Elkan / Hamerly session: the helper's rows and bounds, the same bound kernels as BoundsWasm; per call (B_OP) the
 * initial assignment or a pass — reporting the rows that changed label and their clusters — optionally followed
 * (B_FULL) by every cluster's block partials, or the block partials of the clusters flagged in `dirty`.
 */
function boundsSession(m: BoundsMessage): void {
  const ctrl = new Int32Array(m.ctrl);
  Atomics.store(ctrl, STARTED, 1);
  const { d, k, kind, slack } = m;
  const rows = m.m;
  const elkan = kind === 'elkan';
  const kp = k + (k & 1);
  // the calling thread's layout for these rows (boundsLayout in src/engine/kernels/kmeansWasm.ts)
  const p = m.layout;
  let ws: WasmWorkspace<KmeansExports>;
  try {
    ws = open<KmeansExports>(m.mod, m.bytes);
    if (ws.exports.boundBlock(k) !== m.bs) throw new RangeError('bound block size mismatch');
    new Float64Array(ws.memory.buffer, p.x, rows * d).set(new Float64Array(m.xs, 0, rows * d));
    new Float64Array(ws.memory.buffer, p.w, rows).set(new Float64Array(m.ws, 0, rows));
  } catch {
    fail(ctrl);
    return;
  }
  const { exports: ex, memory: mem } = ws;
  const centers = new Float64Array(m.centers);
  const shiftIn = new Float64Array(m.shift);
  const cView = new Float64Array(mem.buffer, p.c, k * d);
  const sView = new Float64Array(mem.buffer, p.shift, k);
  const lView = new Int32Array(mem.buffer, p.labels, rows);
  const dView = new Uint8Array(mem.buffer, p.dirty, k);
  const out = new Int32Array(m.labels);
  const dirtyIO = new Uint8Array(m.dirty, 0, k);
  const parts = new Float64Array(m.parts);
  const { x, c, cc, ct, labels, upper, lower, jx, jc, jo, rowList, first, jobStart, dk, stamp, dirty } = p;
  const { dd, dslot, scratch } = p;
  /** The block partials of the helper's rows into `parts`: every cluster's, or the `dirty` clusters' only. */
  const partials = (dirtyOnly: boolean) =>
    boundsBlockPartials(ex, mem.buffer, p as never, rows, d, k, m.sumBlock, dirtyOnly, parts);
  serve(ctrl, () => {
    const op = Atomics.load(ctrl, B_OP);
    if (op === 2) {
      dView.set(dirtyIO);
      partials(true);
      return;
    }
    cView.set(centers);
    ex.prepCenters(c, k, d, kp, ct, p.cn);
    dView.fill(0);
    let changed = rows;
    if (op === 0) {
      if (elkan) ex.elkanInit(x, 0, rows, d, ct, k, kp, labels, upper, lower, scratch);
      else ex.hamerlyFull(x, 0, rows, 0, d, ct, k, kp, labels, upper, lower, scratch, 0);
    } else {
      const move = Atomics.load(ctrl, B_MOVE) === 1;
      const step = Atomics.load(ctrl, B_STEP) === 1 ? 1 : 0;
      sView.set(shiftIn);
      const sh = move ? p.shift : 0;
      if (elkan) {
        if (step) ex.elkanCenters(c, k, d, cc, p.s);
        // biome-ignore format: the kernel's argument list, grouped as in BoundsWasm
        changed = ex.elkanPass(x, 0, rows, d, c, k, cc, p.s, labels, upper, lower, slack, sh, step, 0, 0, 0,
          jx, jc, jo, rowList, first, jobStart, dk, stamp, dirty, ct, kp, dd, dslot, 0, 0);
      } else {
        if (step) ex.hamerlyCenters(c, k, d, p.s);
        // the two largest shifts, as BoundsWasm.iterate
        let m1 = 0;
        let m2 = 0;
        let arg1 = -1;
        if (move) {
          for (let j = 0; j < k; j++) {
            const v = shiftIn[j];
            if (v > m1) {
              m2 = m1;
              m1 = v;
              arg1 = j;
            } else if (v > m2) m2 = v;
          }
        }
        // biome-ignore format: the kernel's argument list, grouped as in BoundsWasm
        changed = ex.hamerlyPass(x, 0, rows, d, c, ct, k, kp, p.s, labels, upper, lower, slack, sh, arg1, m1, m2,
          step, 0, 0, 0, jx, jc, jo, rowList, scratch, dirty, 0, 0);
      }
    }
    out.set(lView);
    dirtyIO.set(dView);
    Atomics.store(ctrl, B_CHANGED, changed);
    if (Atomics.load(ctrl, B_FULL) === 1) partials(false);
  });
  keep(mem);
}

/**
 * The helper's message handler: opens the session each message describes and serves it until it ends.
 * @param drivers the job drivers this entry provides, by name (see {@link JobDriver})
 * @returns the function to call with each message the helper receives
 * @example
 * parentPort.on('message', createPoolHandler({}));
 * @internal
 */
export function createPoolHandler(drivers: Readonly<Record<string, JobDriver>>): (data: unknown) => void {
  return (data: unknown) => {
    const m = data as SessionMessage;
    if (m.type === 'job') jobSession(m, drivers);
    else if (m.type === 'bounds') boundsSession(m);
    else if (m.type === 'assign') assignSession(m);
  };
}
