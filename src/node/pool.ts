/**
 * Node-only worker pool for the WebAssembly kernels: the main thread plus one worker thread. The worker holds its
 * own copy of half of the rows in its own wasm instance and assigns them to the nearest centre each pass, while the
 * main thread does the other half; the main thread then accumulates all per-cluster sums in row order. Results are
 * therefore bit-identical with or without the pool (and to the plain-TypeScript reference).
 *
 * Used only for passes of at least `PARALLEL_MIN_WORK` multiply–adds (≈ 0.3 ms), where a second core pays.
 * The main thread blocks with `Atomics.wait` while the worker finishes (fits are synchronous).
 * @module
 */
import { Worker } from 'node:worker_threads';
import { kernelModule } from '../kernels/backend.js';
import {
  F32_ABS,
  F32_MAX,
  F64_ONLY_MAX_D,
  getKernelPrecision,
  guardKappa,
  guardKappa32,
} from '../kernels/kmeansWasm.js';
import {
  HelperLock,
  type ParallelAssignProvider,
  type ParallelAssignSession,
  type ParallelBoundsSession,
  type ParallelJobProvider,
  SharedJobSession,
  setParallelProvider,
  wasmJobWorker,
} from '../kernels/parallel.js';

// Control words (Int32Array over a SharedArrayBuffer).
const SEQ = 0; // incremented by the main thread to start a pass
const STOP = 1; // 1: end the session
const DONE = 2; // set by the worker to the last finished SEQ
const ERROR = 3; // 1: the worker could not run the session
const F32_PASSES = 4; // Lloyd sessions: passes the worker ran with f32 expanded distances

/** The worker's program (self-contained: it is stringified and evaluated in the worker). */
function workerMain(): void {
  // An eval'd worker is CommonJS: require is in scope.
  const { parentPort } = require('node:worker_threads');
  parentPort.on(
    'message',
    (m: {
      type?: 'bounds' | 'job';
      kind: 'elkan' | 'hamerly';
      slack: number;
      shift: SharedArrayBuffer;
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
      f32Max: number;
      kappa32: number;
      abs32: number;
    }) => {
      const ctrl = new Int32Array(m.ctrl);
      if (m.type === 'bounds') {
        boundsSession(m, ctrl);
        return;
      }
      if (m.type === 'job') {
        // a wasm job (src/kernels/parallel.ts), its program installed as a global by the worker's source
        (globalThis as unknown as { __clusterkitJob(m: unknown): void }).__clusterkitJob(m);
        return;
      }
      const { d, k } = m;
      const xs = new Float64Array(m.xs);
      // f32 expanded distances as KMeansWasm: asked for, and every value within ±f32Max (no f32 overflow)
      let f32 = m.f32;
      for (let i = 0; i < xs.length && f32; i++) if (Math.abs(xs[i]) > m.f32Max) f32 = false;
      const kp = f32 ? Math.ceil(k / 4) * 4 : k + (k & 1);
      let ex: Record<string, (...a: number[]) => number>;
      const p: Record<string, number> = {};
      let mem: WebAssembly.Memory;
      try {
        const sizes: [string, number][] = [
          ['x', m.m * d * 8],
          ['xn', m.m * 8],
          ['labels', m.m * 4],
          ['c', k * d * 8],
          ['ct', d * kp * 8],
          ['cn', kp * 8],
          ['scratch', Math.max(2 * kp * 8, 32 * d)],
          ['x32', f32 ? m.m * d * 4 : 0],
        ];
        let off = 1024;
        for (const [name, bytes] of sizes) {
          p[name] = off;
          off = Math.ceil((off + bytes) / 16) * 16;
        }
        mem = new WebAssembly.Memory({ initial: Math.ceil(off / 65536) });
        ex = new WebAssembly.Instance(m.mod, { env: { memory: mem } }).exports as typeof ex;
        new Float64Array(mem.buffer, p.x, m.m * d).set(xs);
        ex.rowNorms(p.x, m.m, d, p.xn);
        if (f32) ex.toF32(p.x, m.m * d, p.x32);
      } catch {
        Atomics.store(ctrl, 3, 1);
        Atomics.store(ctrl, 2, -2);
        Atomics.notify(ctrl, 2);
        return;
      }
      const centers = new Float64Array(m.centers);
      const cView = new Float64Array(mem.buffer, p.c, k * d);
      const lView = new Int32Array(mem.buffer, p.labels, m.m);
      const out = new Int32Array(m.labels);
      let handled = 0;
      for (;;) {
        const s = Atomics.load(ctrl, 0);
        if (Atomics.load(ctrl, 1) === 1) break;
        if (s === handled) {
          Atomics.wait(ctrl, 0, s);
          continue;
        }
        cView.set(centers);
        let f32Pass = f32;
        for (let i = 0; i < centers.length && f32Pass; i++) if (Math.abs(centers[i]) > m.f32Max) f32Pass = false;
        const r = f32Pass ? ex.prepCenters32(p.c, k, d, kp, p.ct, p.cn) : ex.prepCenters(p.c, k, d, kp, p.ct, p.cn);
        const x32 = f32Pass ? p.x32 : 0;
        const kappa = f32 ? m.kappa32 : m.kappa;
        const abs = f32Pass ? m.abs32 : 0;
        ex.assign(p.x, 0, m.m, d, p.xn, p.c, k, p.ct, p.cn, kp, r, kappa, p.labels, 0, 0, 0, 0, 0, p.scratch, x32, abs);
        out.set(lView);
        if (f32Pass) Atomics.add(ctrl, 4, 1);
        handled = s;
        Atomics.store(ctrl, 2, s);
        Atomics.notify(ctrl, 2);
      }
    },
  );

  /** An Elkan / Hamerly session: the worker's rows and their bounds, the same kernels as BoundsWasm. */
  function boundsSession(
    m: {
      kind: 'elkan' | 'hamerly';
      slack: number;
      shift: SharedArrayBuffer;
      mod: WebAssembly.Module;
      xs: SharedArrayBuffer;
      labels: SharedArrayBuffer;
      centers: SharedArrayBuffer;
      m: number;
      d: number;
      k: number;
    },
    ctrl: Int32Array,
  ): void {
    const { d, k, kind, slack } = m;
    const rows = m.m;
    const elkan = kind === 'elkan';
    const kp = k + (k & 1);
    let ex: Record<string, (...a: number[]) => number>;
    const p: Record<string, number> = {};
    let mem: WebAssembly.Memory;
    try {
      const bs = Math.max(4, Math.min(128, Math.floor(16384 / Math.max(k, 1))));
      const jobs = bs * (k + 1) + 16;
      const sizes: [string, number][] = [
        ['x', rows * d * 8],
        ['labels', rows * 4],
        ['upper', rows * 8],
        ['lower', (elkan ? rows * k : rows) * 8],
        ['c', k * d * 8],
        ['ct', d * kp * 8],
        ['cn', kp * 8],
        ['cc', elkan ? k * k * 8 : 0],
        ['s', k * 8],
        ['shift', k * 8],
        ['scratch', Math.max(2 * kp * 8, 32 * d)],
        ['jx', jobs * 4],
        ['jc', jobs * 4],
        ['jo', jobs * 8],
        ['rowList', bs * 4],
        ['first', bs * 4],
        ['jobStart', (bs + 1) * 4],
        ['dk', k * 8],
        ['stamp', k * 4],
        ['dirty', k],
        ['dd', elkan ? (bs + 1) * kp * 8 : 0],
        ['dslot', 2 * bs * 4],
      ];
      let off = 1024;
      for (const [name, bytes] of sizes) {
        p[name] = off;
        off = Math.ceil((off + bytes) / 16) * 16;
      }
      mem = new WebAssembly.Memory({ initial: Math.ceil(off / 65536) });
      ex = new WebAssembly.Instance(m.mod, { env: { memory: mem } }).exports as typeof ex;
      if (ex.boundBlock(k) !== bs) throw new RangeError('bound block size mismatch');
      new Float64Array(mem.buffer, p.x, rows * d).set(new Float64Array(m.xs));
    } catch {
      Atomics.store(ctrl, 3, 1);
      Atomics.store(ctrl, 2, -2);
      Atomics.notify(ctrl, 2);
      return;
    }
    const centers = new Float64Array(m.centers);
    const shiftIn = new Float64Array(m.shift);
    const cView = new Float64Array(mem.buffer, p.c, k * d);
    const sView = new Float64Array(mem.buffer, p.shift, k);
    const lView = new Int32Array(mem.buffer, p.labels, rows);
    const out = new Int32Array(m.labels);
    let handled = 0;
    for (;;) {
      const s = Atomics.load(ctrl, 0);
      if (Atomics.load(ctrl, 1) === 1) break;
      if (s === handled) {
        Atomics.wait(ctrl, 0, s);
        continue;
      }
      cView.set(centers);
      ex.prepCenters(p.c, k, d, kp, p.ct, p.cn);
      const op = Atomics.load(ctrl, 4);
      if (op === 0) {
        if (elkan) ex.elkanInit(p.x, 0, rows, d, p.ct, k, kp, p.labels, p.upper, p.lower, p.scratch);
        else ex.hamerlyFull(p.x, 0, rows, 0, d, p.ct, k, kp, p.labels, p.upper, p.lower, p.scratch, 0);
      } else {
        const move = Atomics.load(ctrl, 5) === 1;
        const step = Atomics.load(ctrl, 6) === 1 ? 1 : 0;
        sView.set(shiftIn);
        const sh = move ? p.shift : 0;
        if (elkan) {
          if (step) ex.elkanCenters(p.c, k, d, p.cc, p.s);
          ex.elkanPass(
            p.x,
            0,
            rows,
            d,
            p.c,
            k,
            p.cc,
            p.s,
            p.labels,
            p.upper,
            p.lower,
            slack,
            sh,
            step,
            0,
            0,
            0,
            p.jx,
            p.jc,
            p.jo,
            p.rowList,
            p.first,
            p.jobStart,
            p.dk,
            p.stamp,
            p.dirty,
            p.ct,
            kp,
            p.dd,
            p.dslot,
          );
        } else {
          if (step) ex.hamerlyCenters(p.c, k, d, p.s);
          // The two largest shifts, as the reference (and BoundsWasm.iterate).
          let m1 = 0;
          let m2 = 0;
          let arg1 = -1;
          if (move) {
            for (let c = 0; c < k; c++) {
              const v = shiftIn[c];
              if (v > m1) {
                m2 = m1;
                m1 = v;
                arg1 = c;
              } else if (v > m2) m2 = v;
            }
          }
          ex.hamerlyPass(
            p.x,
            0,
            rows,
            d,
            p.c,
            p.ct,
            k,
            kp,
            p.s,
            p.labels,
            p.upper,
            p.lower,
            slack,
            sh,
            arg1,
            m1,
            m2,
            step,
            0,
            0,
            0,
            p.jx,
            p.jc,
            p.jo,
            p.rowList,
            p.scratch,
            p.dirty,
          );
        }
      }
      out.set(lView);
      handled = s;
      Atomics.store(ctrl, 2, s);
      Atomics.notify(ctrl, 2);
    }
  }
}

let worker: Worker | null = null;
let passes = 0;
let f32Passes = 0;

class NodeSession implements ParallelAssignSession {
  #ctrl: Int32Array;
  #centers: Float64Array;
  #labels: Int32Array;
  #seq = 0;
  #failed = false;
  #f32Seen = 0;

  constructor(w: Worker, mod: WebAssembly.Module, x: Float64Array, n: number, d: number, k: number, h: number) {
    const m = n - h;
    const ctrl = new SharedArrayBuffer(20);
    const xs = new SharedArrayBuffer(m * d * 8);
    new Float64Array(xs).set(x.subarray(h * d, n * d));
    const labels = new SharedArrayBuffer(m * 4);
    const centers = new SharedArrayBuffer(k * d * 8);
    this.#ctrl = new Int32Array(ctrl);
    this.#centers = new Float64Array(centers);
    this.#labels = new Int32Array(labels);
    // KMeansWasm's precision choice and guard constants, so both halves do the same work with exact labels
    const f32 = getKernelPrecision() === 'f32' && d > F64_ONLY_MAX_D;
    const kappa = guardKappa(d);
    const kappa32 = guardKappa32(d);
    const abs32 = F32_ABS(d);
    w.postMessage({ mod, ctrl, xs, labels, centers, m, d, k, kappa, f32, f32Max: F32_MAX, kappa32, abs32 });
  }

  start(centers: Float64Array): void {
    this.#centers.set(centers);
    this.#seq++;
    Atomics.store(this.#ctrl, SEQ, this.#seq);
    Atomics.notify(this.#ctrl, SEQ);
  }

  wait(): Int32Array | null {
    for (;;) {
      if (this.#failed) return null;
      const v = Atomics.load(this.#ctrl, DONE);
      if (v === this.#seq) break;
      if (Atomics.load(this.#ctrl, ERROR) === 1) {
        this.#failed = true; // e.g. the worker could not allocate its rows: the caller does them itself
        return null;
      }
      Atomics.wait(this.#ctrl, DONE, v, 1000);
    }
    passes++;
    const f32 = Atomics.load(this.#ctrl, F32_PASSES);
    f32Passes += f32 - this.#f32Seen;
    this.#f32Seen = f32;
    return this.#labels;
  }

  end(): void {
    if (this.#failed) return;
    Atomics.store(this.#ctrl, STOP, 1);
    Atomics.add(this.#ctrl, SEQ, 1);
    Atomics.notify(this.#ctrl, SEQ);
  }
}

const OP = 4; // 0: initial assignment, 1: bound update + test
const MOVE = 5;
const STEP = 6;

/** The main thread's side of an Elkan / Hamerly session (see ParallelBoundsSession). */
class NodeBoundsSession implements ParallelBoundsSession {
  #ctrl: Int32Array;
  #centers: Float64Array;
  #shift: Float64Array;
  #labels: Int32Array;
  #seq = 0;
  #failed = false;

  constructor(
    w: Worker,
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
    const ctrl = new SharedArrayBuffer(32);
    const xs = new SharedArrayBuffer(m * d * 8);
    new Float64Array(xs).set(x.subarray(h * d, n * d));
    const labels = new SharedArrayBuffer(m * 4);
    const centers = new SharedArrayBuffer(k * d * 8);
    const shift = new SharedArrayBuffer(k * 8);
    this.#ctrl = new Int32Array(ctrl);
    this.#centers = new Float64Array(centers);
    this.#shift = new Float64Array(shift);
    this.#labels = new Int32Array(labels);
    w.postMessage({ type: 'bounds', kind, slack, mod, ctrl, xs, labels, centers, shift, m, d, k });
  }

  #go(op: number): void {
    Atomics.store(this.#ctrl, OP, op);
    this.#seq++;
    Atomics.store(this.#ctrl, SEQ, this.#seq);
    Atomics.notify(this.#ctrl, SEQ);
  }

  init(centers: Float64Array): void {
    this.#centers.set(centers);
    this.#go(0);
  }

  start(centers: Float64Array, shift: Float64Array, move: boolean, step: boolean): void {
    this.#centers.set(centers);
    this.#shift.set(shift);
    Atomics.store(this.#ctrl, MOVE, move ? 1 : 0);
    Atomics.store(this.#ctrl, STEP, step ? 1 : 0);
    this.#go(1);
  }

  wait(): Int32Array | null {
    for (;;) {
      if (this.#failed) return null;
      const v = Atomics.load(this.#ctrl, DONE);
      if (v === this.#seq) break;
      if (Atomics.load(this.#ctrl, ERROR) === 1) {
        this.#failed = true;
        return null;
      }
      Atomics.wait(this.#ctrl, DONE, v, 1000);
    }
    passes++;
    return this.#labels;
  }

  end(): void {
    if (this.#failed) return;
    Atomics.store(this.#ctrl, STOP, 1);
    Atomics.add(this.#ctrl, SEQ, 1);
    Atomics.notify(this.#ctrl, SEQ);
  }
}

/** The helper runs one session at a time. */
const lock = new HelperLock();

const provider: ParallelAssignProvider & ParallelJobProvider = {
  begin(x, n, d, k, h) {
    const mod = kernelModule();
    if (worker === null || mod === null) return null;
    const w = worker;
    return lock.take(() => new NodeSession(w, mod, x, n, d, k, h));
  },
  beginBounds(kind, x, n, d, k, h, slack) {
    const mod = kernelModule();
    if (worker === null || mod === null) return null;
    const w = worker;
    return lock.take(() => new NodeBoundsSession(w, mod, kind, x, n, d, k, h, slack));
  },
  beginJob(spec) {
    const w = worker;
    if (w === null) return null;
    try {
      return lock.take(
        () =>
          new SharedJobSession(spec, (m) => w.postMessage(m), {
            canBlock: true,
            startTimeoutMs: Number.POSITIVE_INFINITY,
            onPass: () => {
              passes++;
            },
            onStall: () => {},
          }),
      );
    } catch {
      return null; // e.g. the shared buffers could not be allocated
    }
  },
};

/**
 * Starts the worker thread (once) and lets large k-means passes, Gaussian-mixture E-steps and kernel-density
 * scoring use it: the main thread plus one worker. Results are bit-identical with and without it. The worker does
 * not keep the process alive.
 * @example
 * import { enableWorkerPool } from 'clusterkit/node';
 * enableWorkerPool();
 */
export function enableWorkerPool(): void {
  if (worker === null) {
    const src = `globalThis.__clusterkitJob = ${wasmJobWorker.toString()};\n(${workerMain.toString()})();`;
    worker = new Worker(src, { eval: true });
    worker.unref();
  }
  setParallelProvider(provider);
}

/**
 * Stops the worker thread; later passes run on the calling thread only.
 * @example
 * await disableWorkerPool();
 */
export async function disableWorkerPool(): Promise<void> {
  setParallelProvider(null);
  lock.reset();
  const w = worker;
  worker = null;
  if (w !== null) await w.terminate();
}

/**
 * Number of passes the worker has completed (for tests and diagnostics).
 * @example
 * workerPoolPasses(); // 0 before any large fit
 */
export function workerPoolPasses(): number {
  return passes;
}

/**
 * Number of worker passes that used f32 expanded distances (`setKernelPrecision('f32')`, d > 16); for tests and
 * diagnostics.
 * @example
 * workerPoolF32Passes(); // 0 unless f32 fits with d > 16 ran on the pool
 */
export function workerPoolF32Passes(): number {
  return f32Passes;
}
