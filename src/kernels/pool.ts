/**
 * The core both worker pools share (Node `worker_threads` in src/node/pool.ts, Web Workers in src/web/pool.ts):
 * the helper thread's program and the calling thread's side of every session. A pool only supplies the thread — how
 * to start it, post it a message, and whether the calling thread may block — so both run the same kernels on the
 * same partition, and results are bit-identical to one thread whichever pool runs them.
 *
 * Sessions (one fit each, over shared memory; a control word block `ctrl`, see the constants below):
 * - **assign** (Lloyd): the helper keeps its own copy of rows [h, n) in its own wasm instance and, per pass, labels
 *   them with the nearest of the k centres (KMeansWasm's kernel, same precision choice and guard constants);
 * - **bounds** (Elkan / Hamerly): the helper keeps rows [h, n) and their bounds and runs the same bound kernels as
 *   BoundsWasm on the calling thread;
 * - **job**: a generic wasm job (src/kernels/parallel.ts, `SharedJobSession`) — Gaussian-mixture E-steps and
 *   kernel-density sums.
 * Every reduction (per-cluster sums, log-likelihood totals) stays on the calling thread in row order.
 * @module
 */
import {
  boundsLayout,
  F32_ABS,
  F32_MAX,
  F64_ONLY_MAX_D,
  getKernelPrecision,
  guardKappa,
  guardKappa32,
} from './kmeansWasm.js';
import {
  type HelperLock,
  HelperSession,
  type JobSessionHooks,
  type ParallelAssignProvider,
  type ParallelAssignSession,
  type ParallelBoundsSession,
  type ParallelJobProvider,
  SharedJobSession,
  type WasmJobMessage,
} from './parallel.js';

// Control words (Int32Array over a SharedArrayBuffer; the helper's program uses the same indices as literals):
// 0–4 are HelperSession's (SEQ, STOP, DONE, ERROR, STARTED), then
const F32_PASSES = 5; // assign sessions: passes the helper ran with f32 expanded distances
const OP = 6; // bounds sessions: 0 the initial assignment, 1 a bound update + test
const MOVE = 7; // bounds sessions: 1 when the bounds move by the centre shifts
const STEP = 8; // bounds sessions: 1 when the bound test and refresh run
const CHANGED = 9; // assign sessions: rows of the last pass whose label changed

/** The message that opens an assign session on the helper. @internal */
interface AssignMessage {
  type: 'assign';
  mod: WebAssembly.Module;
  ctrl: SharedArrayBuffer;
  xs: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  centers: SharedArrayBuffer;
  m: number;
  d: number;
  k: number;
  kappa: number;
  f32: boolean;
  kappa32: number;
  abs32: number;
  f32Max: number;
}

/** The message that opens a bounds session on the helper. @internal */
interface BoundsMessage {
  type: 'bounds';
  /** Byte offsets of the arrays (boundsLayout for m rows), the memory size and the rows per block. */
  layout: Record<string, number>;
  bytes: number;
  bs: number;
  kind: 'elkan' | 'hamerly';
  slack: number;
  mod: WebAssembly.Module;
  ctrl: SharedArrayBuffer;
  xs: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  centers: SharedArrayBuffer;
  shift: SharedArrayBuffer;
  m: number;
  d: number;
  k: number;
}

/**
 * The helper's message handler. Self-contained (no references outside its body): {@link poolWorkerSource}
 * stringifies it into the worker program. A session runs until the
 * calling thread sets STOP; on any failure it sets ERROR and returns, and the calling thread does the work itself.
 * @internal
 */
export function poolWorkerHandler(): (data: unknown) => void {
  type Exports = Record<string, (...a: number[]) => number>;

  /** Named regions laid out from byte 1024, 16-byte aligned, in a fresh memory with an instance of `mod` over it. */
  function instantiate(mod: WebAssembly.Module, sizes: [string, number][]) {
    const p: Record<string, number> = {};
    let off = 1024;
    for (const [name, bytes] of sizes) {
      p[name] = off;
      off = Math.ceil((off + bytes) / 16) * 16;
    }
    const mem = new WebAssembly.Memory({ initial: Math.ceil(off / 65536) });
    const ex = new WebAssembly.Instance(mod, { env: { memory: mem } }).exports as Exports;
    return { p, mem, ex };
  }

  /** Marks the session failed (the calling thread stops waiting and does the helper's rows itself). */
  function fail(ctrl: Int32Array): void {
    Atomics.store(ctrl, 3, 1);
    Atomics.store(ctrl, 2, -2);
    Atomics.notify(ctrl, 2);
  }

  /** Runs `call` once per SEQ increment until STOP; publishes DONE after each call. */
  function serve(ctrl: Int32Array, call: () => void): void {
    let handled = 0;
    for (;;) {
      const s = Atomics.load(ctrl, 0);
      if (Atomics.load(ctrl, 1) === 1) break;
      if (s === handled) {
        Atomics.wait(ctrl, 0, s);
        continue;
      }
      try {
        call();
      } catch {
        fail(ctrl);
        return;
      }
      handled = s;
      Atomics.store(ctrl, 2, s);
      Atomics.notify(ctrl, 2);
    }
  }

  /**
   * A wasm job (src/kernels/parallel.ts): its own instance of the module over a memory laid out as the calling
   * thread's workspace, the init regions copied in once; per call the inputs copied in, one export (or the job's
   * driver, evaluated once per source and kept for the helper's life) run, the outputs copied out.
   */
  function jobSession(m: WasmJobMessage): void {
    const ctrl = new Int32Array(m.ctrl);
    Atomics.store(ctrl, 4, 1);
    type Driver = (e: Exports, b: ArrayBuffer, a: number[]) => number;
    let drive = null as Driver | null;
    let mem: WebAssembly.Memory;
    let ex: Exports;
    try {
      if (m.driver !== undefined) {
        const g = globalThis as unknown as { __clusterkitDrivers?: Map<string, Driver> };
        if (g.__clusterkitDrivers === undefined) g.__clusterkitDrivers = new Map();
        drive = g.__clusterkitDrivers.get(m.driver) ?? null;
        if (drive === null) {
          drive = new Function(`return (${m.driver});`)() as Driver;
          g.__clusterkitDrivers.set(m.driver, drive);
        }
      }
      mem = new WebAssembly.Memory({ initial: Math.ceil(m.bytes / 65536) });
      ex = new WebAssembly.Instance(m.mod, { env: { memory: mem } }).exports as Exports;
      const u8 = new Uint8Array(mem.buffer);
      for (const r of m.init) u8.set(new Uint8Array(r.data), r.at);
    } catch {
      fail(ctrl);
      return;
    }
    const desc = new Int32Array(m.desc);
    const f64 = new Float64Array(m.f64);
    const io = new Uint8Array(m.io);
    serve(ctrl, () => {
      const u8 = new Uint8Array(mem.buffer);
      const nIn = Atomics.load(ctrl, 6);
      const nOut = Atomics.load(ctrl, 7);
      const nArgs = Atomics.load(ctrl, 8);
      let o = 0;
      for (let i = 0; i < nIn; i++) {
        const at = desc[2 * i];
        const b = desc[2 * i + 1];
        u8.set(io.subarray(o, o + b), at);
        o += b;
      }
      const args: number[] = [];
      for (let i = 0; i < nArgs; i++) args.push(f64[i]);
      const r = drive !== null ? drive(ex, mem.buffer, args) : ex[m.fns[Atomics.load(ctrl, 5)]](...args);
      f64[32] = typeof r === 'number' ? r : 0;
      o = 0;
      for (let i = 0; i < nOut; i++) {
        const at = desc[2 * (nIn + i)];
        const b = desc[2 * (nIn + i) + 1];
        io.set(u8.subarray(at, at + b), o);
        o += b;
      }
    });
  }

  function assignSession(m: AssignMessage): void {
    const ctrl = new Int32Array(m.ctrl);
    Atomics.store(ctrl, 4, 1);
    const { d, k } = m;
    const xs = new Float64Array(m.xs);
    // f32 expanded distances as KMeansWasm: asked for, and every value within ±f32Max (no f32 overflow)
    let f32 = m.f32;
    for (let i = 0; i < xs.length && f32; i++) if (Math.abs(xs[i]) > m.f32Max) f32 = false;
    const kp = f32 ? Math.ceil(k / 4) * 4 : k + (k & 1);
    let w: ReturnType<typeof instantiate>;
    try {
      w = instantiate(m.mod, [
        ['x', m.m * d * 8],
        ['xn', m.m * 8],
        ['labels', m.m * 4],
        ['c', k * d * 8],
        ['ct', d * kp * 8],
        ['cn', kp * 8],
        // the large-d kernel uses 2·kp f64, the small-d one d × 2 v128
        ['scratch', Math.max(2 * kp * 8, 32 * d)],
        ['x32', f32 ? m.m * d * 4 : 0],
      ]);
      new Float64Array(w.mem.buffer, w.p.x, m.m * d).set(xs);
      new Int32Array(w.mem.buffer, w.p.labels, m.m).fill(-1); // no label yet: every row changes in the first pass
      w.ex.rowNorms(w.p.x, m.m, d, w.p.xn);
      if (f32) w.ex.toF32(w.p.x, m.m * d, w.p.x32);
    } catch {
      fail(ctrl);
      return;
    }
    const { p, ex, mem } = w;
    const centers = new Float64Array(m.centers);
    const cView = new Float64Array(mem.buffer, p.c, k * d);
    const lView = new Int32Array(mem.buffer, p.labels, m.m);
    const out = new Int32Array(m.labels);
    serve(ctrl, () => {
      cView.set(centers);
      let f32Pass = f32;
      for (let i = 0; i < centers.length && f32Pass; i++) if (Math.abs(centers[i]) > m.f32Max) f32Pass = false;
      const r = f32Pass ? ex.prepCenters32(p.c, k, d, kp, p.ct, p.cn) : ex.prepCenters(p.c, k, d, kp, p.ct, p.cn);
      const x32 = f32Pass ? p.x32 : 0;
      const kappa = f32 ? m.kappa32 : m.kappa;
      const abs = f32Pass ? m.abs32 : 0;
      // biome-ignore format: the kernel's argument list
      const changed = ex.assign(p.x, 0, m.m, d, p.xn, p.c, k, p.ct, p.cn, kp, r, kappa, p.labels, 0, 0, 0, 0, 0, p.scratch,
        x32, abs);
      out.set(lView);
      Atomics.store(ctrl, 9, changed);
      if (f32Pass) Atomics.add(ctrl, 5, 1);
    });
  }

  function boundsSession(m: BoundsMessage): void {
    const ctrl = new Int32Array(m.ctrl);
    Atomics.store(ctrl, 4, 1);
    const { d, k, kind, slack } = m;
    const rows = m.m;
    const elkan = kind === 'elkan';
    const kp = k + (k & 1);
    let w: { p: Record<string, number>; mem: WebAssembly.Memory; ex: Exports };
    try {
      // the calling thread's layout for these rows (boundsLayout in src/kernels/kmeansWasm.ts)
      const mem = new WebAssembly.Memory({ initial: Math.ceil(m.bytes / 65536) });
      const ex = new WebAssembly.Instance(m.mod, { env: { memory: mem } }).exports as Exports;
      w = { p: m.layout, mem, ex };
      const bs = m.bs;
      if (w.ex.boundBlock(k) !== bs) throw new RangeError('bound block size mismatch');
      new Float64Array(w.mem.buffer, w.p.x, rows * d).set(new Float64Array(m.xs));
    } catch {
      fail(ctrl);
      return;
    }
    const { p, ex, mem } = w;
    const centers = new Float64Array(m.centers);
    const shiftIn = new Float64Array(m.shift);
    const cView = new Float64Array(mem.buffer, p.c, k * d);
    const sView = new Float64Array(mem.buffer, p.shift, k);
    const lView = new Int32Array(mem.buffer, p.labels, rows);
    const out = new Int32Array(m.labels);
    const { x, c, cc, ct, labels, upper, lower, jx, jc, jo, rowList, first, jobStart, dk, stamp, dirty } = p;
    const { dd, dslot, scratch } = p;
    serve(ctrl, () => {
      cView.set(centers);
      ex.prepCenters(c, k, d, kp, ct, p.cn);
      if (Atomics.load(ctrl, 6) === 0) {
        if (elkan) ex.elkanInit(x, 0, rows, d, ct, k, kp, labels, upper, lower, scratch);
        else ex.hamerlyFull(x, 0, rows, 0, d, ct, k, kp, labels, upper, lower, scratch, 0);
      } else {
        const move = Atomics.load(ctrl, 7) === 1;
        const step = Atomics.load(ctrl, 8) === 1 ? 1 : 0;
        sView.set(shiftIn);
        const sh = move ? p.shift : 0;
        if (elkan) {
          if (step) ex.elkanCenters(c, k, d, cc, p.s);
          // biome-ignore format: the kernel's argument list, grouped as in BoundsWasm
          ex.elkanPass(x, 0, rows, d, c, k, cc, p.s, labels, upper, lower, slack, sh, step, 0, 0, 0,
            jx, jc, jo, rowList, first, jobStart, dk, stamp, dirty, ct, kp, dd, dslot);
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
          ex.hamerlyPass(x, 0, rows, d, c, ct, k, kp, p.s, labels, upper, lower, slack, sh, arg1, m1, m2, step,
            0, 0, 0, jx, jc, jo, rowList, scratch, dirty);
        }
      }
      out.set(lView);
    });
  }

  return (data: unknown) => {
    const type = (data as { type?: string }).type;
    if (type === 'job') jobSession(data as WasmJobMessage);
    else if (type === 'bounds') boundsSession(data as BoundsMessage);
    else if (type === 'assign') assignSession(data as AssignMessage);
  };
}

/**
 * The helper thread's whole program: {@link poolWorkerHandler}, then `wire`, a snippet
 * that passes each incoming message to `__clusterkitHandle(message)` (and anything else the thread kind needs).
 * @internal
 */
export function poolWorkerSource(wire: string): string {
  return `const __clusterkitHandle = (${poolWorkerHandler.toString()})();\n${wire}\n`;
}

/** How a pool waits for its helper and counts its passes. @internal */
export interface PoolHooks extends JobSessionHooks {
  /** Called after a pass with the number of the session's passes so far that used f32 distances. */
  onF32Passes(delta: number): void;
}

/** The calling thread's side of an assign or bounds session: the helper's labels and its f32 pass count. */
class SessionBase extends HelperSession {
  protected labels: Int32Array;
  #f32Seen = 0;

  constructor(m: number, hooks: PoolHooks) {
    super(hooks);
    this.labels = new Int32Array(new SharedArrayBuffer(Math.max(4, m * 4)));
  }

  wait(): Int32Array | null {
    if (!this.waitDone()) return null;
    const f32 = Atomics.load(this.ctrl, F32_PASSES);
    if (f32 !== this.#f32Seen) (this.hooks as PoolHooks).onF32Passes(f32 - this.#f32Seen);
    this.#f32Seen = f32;
    return this.labels;
  }
}

/** A copy of rows [h, n) of x in shared memory (the helper copies it into its own wasm memory). */
function sharedRows(x: Float64Array, n: number, d: number, h: number): SharedArrayBuffer {
  const xs = new SharedArrayBuffer(Math.max(8, (n - h) * d * 8));
  new Float64Array(xs).set(x.subarray(h * d, n * d));
  return xs;
}

/** A Lloyd session (see ParallelAssignSession). @internal */
export class SharedAssignSession extends SessionBase implements ParallelAssignSession {
  #centers: Float64Array;

  constructor(
    post: (m: AssignMessage) => void,
    hooks: PoolHooks,
    mod: WebAssembly.Module,
    x: Float64Array,
    n: number,
    d: number,
    k: number,
    h: number,
  ) {
    const m = n - h;
    super(m, hooks);
    const centers = new SharedArrayBuffer(k * d * 8);
    this.#centers = new Float64Array(centers);
    post({
      type: 'assign',
      mod,
      ctrl: this.ctrl.buffer as SharedArrayBuffer,
      xs: sharedRows(x, n, d, h),
      labels: this.labels.buffer as SharedArrayBuffer,
      centers,
      m,
      d,
      k,
      // KMeansWasm's precision choice and guard constants (src/kernels/kmeansWasm.ts), so both halves do the same
      // work with exact labels: κ for f64, κ₃₂ and the absolute term for f32
      kappa: guardKappa(d),
      f32: getKernelPrecision() === 'f32' && d > F64_ONLY_MAX_D,
      kappa32: guardKappa32(d),
      abs32: F32_ABS(d),
      f32Max: F32_MAX,
    });
  }

  start(centers: Float64Array): void {
    this.#centers.set(centers);
    this.go();
  }

  changed(): number {
    return Atomics.load(this.ctrl, CHANGED);
  }
}

/** An Elkan / Hamerly session (see ParallelBoundsSession). @internal */
export class SharedBoundsSession extends SessionBase implements ParallelBoundsSession {
  #centers: Float64Array;
  #shift: Float64Array;

  constructor(
    post: (m: BoundsMessage) => void,
    hooks: PoolHooks,
    mod: WebAssembly.Module,
    kind: 'elkan' | 'hamerly',
    x: Float64Array,
    n: number,
    d: number,
    k: number,
    h: number,
    slack: number,
  ) {
    const m = n - h;
    super(m, hooks);
    const centers = new SharedArrayBuffer(k * d * 8);
    const shift = new SharedArrayBuffer(k * 8);
    this.#centers = new Float64Array(centers);
    this.#shift = new Float64Array(shift);
    const { p, bytes, bs } = boundsLayout(kind, m, d, k);
    post({
      type: 'bounds',
      layout: p,
      bytes,
      bs,
      kind,
      slack,
      mod,
      ctrl: this.ctrl.buffer as SharedArrayBuffer,
      xs: sharedRows(x, n, d, h),
      labels: this.labels.buffer as SharedArrayBuffer,
      centers,
      shift,
      m,
      d,
      k,
    });
  }

  init(centers: Float64Array): void {
    this.#centers.set(centers);
    Atomics.store(this.ctrl, OP, 0);
    this.go();
  }

  start(centers: Float64Array, shift: Float64Array, move: boolean, step: boolean): void {
    this.#centers.set(centers);
    this.#shift.set(shift);
    Atomics.store(this.ctrl, OP, 1);
    Atomics.store(this.ctrl, MOVE, move ? 1 : 0);
    Atomics.store(this.ctrl, STEP, step ? 1 : 0);
    this.go();
  }
}

/**
 * A pool's provider (see src/kernels/parallel.ts): sessions on one helper thread, one at a time (`lock`).
 * `helper` returns how to post a message to the helper, or null while there is none (not started, not ready, off);
 * `mod` the k-means kernel module (null: wasm unavailable). Any failure to open a session (e.g. shared memory could
 * not be allocated) returns null, and the caller runs on its own thread. @internal
 */
export function poolProvider(
  helper: () => ((m: unknown) => void) | null,
  mod: () => WebAssembly.Module | null,
  hooks: () => PoolHooks,
  lock: HelperLock,
): ParallelAssignProvider & ParallelJobProvider {
  /** Opens a session through `make` when a helper (and, for k-means, the module) is there; else null. */
  function open<T extends { end(): void }>(
    needsModule: boolean,
    make: (post: (m: unknown) => void, mod: WebAssembly.Module) => T,
  ) {
    const post = helper();
    if (post === null) return null;
    const m = needsModule ? mod() : null;
    if (needsModule && m === null) return null;
    try {
      return lock.take(() => make(post, m as WebAssembly.Module));
    } catch {
      return null;
    }
  }
  return {
    begin: (x, n, d, k, h) => open(true, (post, m) => new SharedAssignSession(post, hooks(), m, x, n, d, k, h)),
    beginBounds: (kind, x, n, d, k, h, slack) =>
      open(true, (post, m) => new SharedBoundsSession(post, hooks(), m, kind, x, n, d, k, h, slack)),
    beginJob: (spec) => open(false, (post) => new SharedJobSession(spec, post, hooks())),
  };
}
