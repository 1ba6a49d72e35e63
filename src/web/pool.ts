/**
 * Browser worker pool for the WebAssembly k-means kernel: the calling thread plus one Web Worker, the browser
 * counterpart of `clusterkit/node`'s pool (src/node/pool.ts), with the same partition and therefore the same
 * bit-identical results. The worker is created from a Blob URL of inlined code (no bundler plumbing, no extra file
 * to serve) and shares memory with the page through SharedArrayBuffer, which browsers provide only to
 * cross-origin-isolated pages (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`). Elsewhere {@link enableWorkerPool} returns false and every fit
 * runs on one thread.
 *
 * Each large Lloyd pass (at least `PARALLEL_MIN_WORK` multiply–adds): the worker assigns rows [n/2, n) to the
 * nearest centre in its own wasm instance while the calling thread assigns rows [0, n/2); the calling thread then
 * takes the worker's labels and accumulates every per-cluster sum in row order. Labels are exact on both threads,
 * so labels, centres and inertia are bit-identical with or without the pool (and to the TypeScript reference).
 * Elkan and Hamerly fits split the same way: the worker keeps rows [n/2, n) and their bounds and runs the same
 * bound kernels on them as the calling thread on its half. Gaussian-mixture E-steps (rows) and exact kernel-density
 * sums (queries) split through wasm job sessions (src/kernels/parallel.ts): the worker runs the same exports on its
 * own instance laid out as the calling thread's workspace; reductions stay on the calling thread in row order.
 * The worker follows `setKernelPrecision` (f32 expanded distances for d > 16, with KMeansWasm's guard), so both
 * halves take about the same time.
 *
 * Waiting: fits are synchronous, so the calling thread waits for the worker's half inside the fit. In a worker
 * (e.g. the playground's compute worker) it blocks with `Atomics.wait`; on a page's main thread, where browsers
 * forbid `Atomics.wait`, it spins on `Atomics.load` — it has just done its own half, so the spin lasts about as long
 * as the imbalance between the halves. Prefer fitting in a worker anyway, to keep the page responsive. Browsers
 * start a worker only once the creating thread returns to its event loop, so the pool is used from the first fit
 * after {@link workerPoolReady} resolves (before that, fits run on one thread).
 * @module
 */
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

// Control words (Int32Array over a SharedArrayBuffer); the worker program uses the same indices as literals.
const SEQ = 0; // incremented by the calling thread to start a pass
const STOP = 1; // 1: end the session
const DONE = 2; // set by the worker to the last finished SEQ
const ERROR = 3; // 1: the worker could not run the session
const STARTED = 4; // 1: the worker has received the session
const F32_PASSES = 5; // passes the worker ran with f32 expanded distances
const OP = 6; // bounds sessions: 0 the initial assignment, 1 a bound update + test
const MOVE = 7; // bounds sessions: 1 when the bounds move by the centre shifts
const STEP = 8; // bounds sessions: 1 when the bound test and refresh run
/** A worker that has not picked up a session within this many milliseconds is given up on. */
const START_TIMEOUT_MS = 5000;

/**
 * The worker's program. Self-contained (no references outside its body): it is stringified into a Blob and run as a
 * classic worker script.
 */
function workerMain(): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage(message: unknown): void;
  };
  scope.onmessage = (e: MessageEvent) => {
    if (e.data instanceof SharedArrayBuffer) {
      // a delivery probe (see probeDelivery)
      Atomics.store(new Int32Array(e.data), 0, 1);
      return;
    }
    if ((e.data as { type?: string }).type === 'bounds') {
      boundsSession(e.data);
      return;
    }
    if ((e.data as { type?: string }).type === 'job') {
      // a wasm job (src/kernels/parallel.ts), its program installed as a global by the worker's source
      (self as unknown as { __clusterkitJob(m: unknown): void }).__clusterkitJob(e.data);
      return;
    }
    const m = e.data as {
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
    };
    const ctrl = new Int32Array(m.ctrl);
    Atomics.store(ctrl, 4, 1);
    const fail = () => {
      Atomics.store(ctrl, 3, 1);
      Atomics.store(ctrl, 2, -2);
      Atomics.notify(ctrl, 2);
    };
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
        // the large-d kernel uses 2·kp f64, the small-d one d × 2 v128
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
      fail();
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
      try {
        cView.set(centers);
        let f32Pass = f32;
        for (let i = 0; i < centers.length && f32Pass; i++) if (Math.abs(centers[i]) > m.f32Max) f32Pass = false;
        const r = f32Pass ? ex.prepCenters32(p.c, k, d, kp, p.ct, p.cn) : ex.prepCenters(p.c, k, d, kp, p.ct, p.cn);
        const x32 = f32Pass ? p.x32 : 0;
        const kappa = f32 ? m.kappa32 : m.kappa;
        const abs = f32Pass ? m.abs32 : 0;
        ex.assign(p.x, 0, m.m, d, p.xn, p.c, k, p.ct, p.cn, kp, r, kappa, p.labels, 0, 0, 0, 0, 0, p.scratch, x32, abs);
        out.set(lView);
        if (f32Pass) Atomics.add(ctrl, 5, 1);
      } catch {
        fail();
        return;
      }
      handled = s;
      Atomics.store(ctrl, 2, s);
      Atomics.notify(ctrl, 2);
    }
  };

  /**
   * An Elkan / Hamerly session: the worker's rows and their bounds in its own wasm instance, run per call through
   * the same kernels as BoundsWasm on the calling thread (as src/node/pool.ts).
   */
  function boundsSession(m: {
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
  }): void {
    const ctrl = new Int32Array(m.ctrl);
    Atomics.store(ctrl, 4, 1);
    const fail = () => {
      Atomics.store(ctrl, 3, 1);
      Atomics.store(ctrl, 2, -2);
      Atomics.notify(ctrl, 2);
    };
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
      fail();
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
      try {
        cView.set(centers);
        ex.prepCenters(p.c, k, d, kp, p.ct, p.cn);
        if (Atomics.load(ctrl, 6) === 0) {
          if (elkan) ex.elkanInit(p.x, 0, rows, d, p.ct, k, kp, p.labels, p.upper, p.lower, p.scratch);
          else ex.hamerlyFull(p.x, 0, rows, 0, d, p.ct, k, kp, p.labels, p.upper, p.lower, p.scratch, 0);
        } else {
          const move = Atomics.load(ctrl, 7) === 1;
          const step = Atomics.load(ctrl, 8) === 1 ? 1 : 0;
          sView.set(shiftIn);
          const sh = move ? p.shift : 0;
          if (elkan) {
            if (step) ex.elkanCenters(p.c, k, d, p.cc, p.s);
            const { x, c, cc, labels, upper, lower, jx, jc, jo, rowList, first, jobStart, dk, stamp, dirty } = p;
            const { ct, dd, dslot } = p;
            ex.elkanPass(
              x,
              0,
              rows,
              d,
              c,
              k,
              cc,
              p.s,
              labels,
              upper,
              lower,
              slack,
              sh,
              step,
              0,
              0,
              0,
              jx,
              jc,
              jo,
              rowList,
              first,
              jobStart,
              dk,
              stamp,
              dirty,
              ct,
              kp,
              dd,
              dslot,
            );
          } else {
            if (step) ex.hamerlyCenters(p.c, k, d, p.s);
            // the two largest shifts, as BoundsWasm.iterate
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
            const { x, c, ct, labels, upper, lower, jx, jc, jo, rowList, scratch, dirty } = p;
            ex.hamerlyPass(
              x,
              0,
              rows,
              d,
              c,
              ct,
              k,
              kp,
              p.s,
              labels,
              upper,
              lower,
              slack,
              sh,
              arg1,
              m1,
              m2,
              step,
              0,
              0,
              0,
              jx,
              jc,
              jo,
              rowList,
              scratch,
              dirty,
            );
          }
        }
        out.set(lView);
      } catch {
        fail();
        return;
      }
      handled = s;
      Atomics.store(ctrl, 2, s);
      Atomics.notify(ctrl, 2);
    }
  }

  scope.postMessage('ready');
}

type PoolState = 'off' | 'starting' | 'ready' | 'failed';
let worker: Worker | null = null;
let workerUrl: string | null = null;
let state: PoolState = 'off';
let ready: Promise<boolean> = Promise.resolve(false);
let passes = 0;
let f32Passes = 0;
let blocking: boolean | undefined;

/**
 * Waits until a message posted to `w` is delivered while this thread is busy: right after a worker starts,
 * Chromium queues messages for it on the posting thread's event loop (measured: a session posted right after
 * 'ready' and then waited for synchronously never arrived), so a synchronous fit could not hand it its rows. Each
 * probe posts a shared flag and spins up to 20 ms for the worker to set it, then yields; true after the first
 * probe delivered within the spin, false when none was within about 5 s.
 */
async function probeDelivery(w: Worker): Promise<boolean> {
  const t0 = performance.now();
  while (performance.now() - t0 < START_TIMEOUT_MS) {
    const flag = new SharedArrayBuffer(4);
    const f = new Int32Array(flag);
    w.postMessage(flag);
    const t1 = performance.now();
    while (performance.now() - t1 < 20) if (Atomics.load(f, 0) === 1) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

/** Whether this thread may block in Atomics.wait (a worker: yes; a page's main thread: no). */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // 'not-equal' at once where allowed
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/** The calling thread's side of a session: shared control words, the worker's labels, waiting. */
class SessionBase {
  protected ctrl: Int32Array;
  protected labels: Int32Array;
  #seq = 0;
  #failed = false;
  #f32Seen = 0;

  constructor(m: number) {
    this.ctrl = new Int32Array(new SharedArrayBuffer(64));
    this.labels = new Int32Array(new SharedArrayBuffer(m * 4));
  }

  /** Starts the next call. */
  protected go(): void {
    this.#seq++;
    Atomics.store(this.ctrl, SEQ, this.#seq);
    Atomics.notify(this.ctrl, SEQ);
  }

  wait(): Int32Array | null {
    if (this.#failed) return null;
    const ctrl = this.ctrl;
    const block = canBlock();
    const t0 = performance.now();
    let spins = 0;
    for (;;) {
      const v = Atomics.load(ctrl, DONE);
      if (v === this.#seq) break;
      if (Atomics.load(ctrl, ERROR) === 1) {
        this.#failed = true; // e.g. the worker could not allocate its rows: the caller does them itself
        return null;
      }
      // (the clock is read on every blocking wait, every 1024 loads when spinning)
      const check = block || (++spins & 1023) === 0;
      if (check && Atomics.load(ctrl, STARTED) === 0 && performance.now() - t0 > START_TIMEOUT_MS) {
        // The worker never picked the session up: stop using it (later fits run on one thread).
        this.#failed = true;
        state = 'failed';
        return null;
      }
      if (block) Atomics.wait(ctrl, DONE, v, 100);
    }
    passes++;
    const f32 = Atomics.load(ctrl, F32_PASSES);
    f32Passes += f32 - this.#f32Seen;
    this.#f32Seen = f32;
    return this.labels;
  }

  end(): void {
    // Also after a failure: a worker that picks the session up late then leaves it at once.
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, SEQ, 1);
    Atomics.notify(this.ctrl, SEQ);
  }
}

/** A Lloyd session (see ParallelAssignSession). */
class WebSession extends SessionBase implements ParallelAssignSession {
  #centers: Float64Array;

  constructor(w: Worker, mod: WebAssembly.Module, x: Float64Array, n: number, d: number, k: number, h: number) {
    const m = n - h;
    super(m);
    const xs = new SharedArrayBuffer(m * d * 8);
    new Float64Array(xs).set(x.subarray(h * d, n * d));
    const centers = new SharedArrayBuffer(k * d * 8);
    this.#centers = new Float64Array(centers);
    // KMeansWasm's guard constants (src/kernels/kmeansWasm.ts): κ for f64, κ₃₂ and the absolute term for f32
    const kappa = guardKappa(d);
    const kappa32 = guardKappa32(d);
    const abs32 = F32_ABS(d);
    const f32 = getKernelPrecision() === 'f32' && d > F64_ONLY_MAX_D;
    const { ctrl, labels } = this;
    const f32Max = F32_MAX;
    w.postMessage({
      mod,
      ctrl: ctrl.buffer,
      xs,
      labels: labels.buffer,
      centers,
      m,
      d,
      k,
      kappa,
      f32,
      kappa32,
      abs32,
      f32Max,
    });
  }

  start(centers: Float64Array): void {
    this.#centers.set(centers);
    this.go();
  }
}

/** An Elkan / Hamerly session (see ParallelBoundsSession). */
class WebBoundsSession extends SessionBase implements ParallelBoundsSession {
  #centers: Float64Array;
  #shift: Float64Array;

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
    super(m);
    const xs = new SharedArrayBuffer(m * d * 8);
    new Float64Array(xs).set(x.subarray(h * d, n * d));
    const centers = new SharedArrayBuffer(k * d * 8);
    const shift = new SharedArrayBuffer(k * 8);
    this.#centers = new Float64Array(centers);
    this.#shift = new Float64Array(shift);
    const { ctrl, labels } = this;
    w.postMessage({
      type: 'bounds',
      kind,
      slack,
      mod,
      ctrl: ctrl.buffer,
      xs,
      labels: labels.buffer,
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

/** The helper runs one session at a time. */
const lock = new HelperLock();

const provider: ParallelAssignProvider & ParallelJobProvider = {
  begin(x, n, d, k, h) {
    if (worker === null || state !== 'ready') return null;
    const mod = kernelModule();
    if (mod === null) return null;
    try {
      const w = worker;
      return lock.take(() => new WebSession(w, mod, x, n, d, k, h));
    } catch {
      return null; // e.g. the shared buffers could not be allocated
    }
  },
  beginBounds(kind, x, n, d, k, h, slack) {
    if (worker === null || state !== 'ready') return null;
    const mod = kernelModule();
    if (mod === null) return null;
    try {
      const w = worker;
      return lock.take(() => new WebBoundsSession(w, mod, kind, x, n, d, k, h, slack));
    } catch {
      return null;
    }
  },
  beginJob(spec) {
    const w = worker;
    if (w === null || state !== 'ready') return null;
    try {
      return lock.take(
        () =>
          new SharedJobSession(spec, (m) => w.postMessage(m), {
            canBlock: canBlock(),
            startTimeoutMs: START_TIMEOUT_MS,
            onPass: () => {
              passes++;
            },
            onStall: () => {
              state = 'failed';
            },
          }),
      );
    } catch {
      return null; // e.g. the shared buffers could not be allocated
    }
  },
};

/**
 * Whether this browser context can run the pool: cross-origin isolated (so SharedArrayBuffer exists) and able to
 * create a Web Worker from a Blob URL.
 * @example
 * if (!isWorkerPoolSupported()) console.info('serve the page with COOP/COEP headers to use two threads');
 */
export function isWorkerPoolSupported(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; Blob?: unknown; URL?: unknown };
  return (
    g.crossOriginIsolated === true &&
    typeof SharedArrayBuffer === 'function' &&
    typeof g.Worker === 'function' &&
    typeof g.Blob === 'function' &&
    typeof (g.URL as { createObjectURL?: unknown } | undefined)?.createObjectURL === 'function'
  );
}

/**
 * Starts the Web Worker (once) and lets large k-means passes use it: the calling thread plus one worker, results
 * bit-identical to one thread. Returns false — and changes nothing — where the page is not cross-origin isolated
 * (or cannot create workers); fits then run on one thread. The worker starts asynchronously: passes use it from the
 * first fit after {@link workerPoolReady} resolves true. On a page's main thread, also `await wasmReady()` first
 * (the kernels compile asynchronously there). In Node, use `enableWorkerPool` from `clusterkit/node` (worker_threads)
 * instead: this one returns false there.
 * @remarks Used only for passes of at least `PARALLEL_MIN_WORK` (2·10⁶) operations — n·k·(d + 8) for Lloyd,
 * 4·n·(d + k) for Elkan/Hamerly — where a second core pays (≈ 0.3 ms per pass); the worker holds a copy of half of
 * the rows (and their bounds) for the duration of a fit.
 * @example
 * import { enableWorkerPool, workerPoolReady } from 'clusterkit';
 * if (enableWorkerPool()) await workerPoolReady();
 */
export function enableWorkerPool(): boolean {
  if (!isWorkerPoolSupported()) return false;
  if (worker === null) {
    let w: Worker;
    let url: string;
    try {
      const src = `self.__clusterkitJob = ${wasmJobWorker.toString()};\n(${workerMain.toString()})();`;
      url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
      w = new Worker(url, { name: 'clusterkit-pool' });
    } catch {
      return false; // e.g. a Content-Security-Policy that forbids blob: workers
    }
    worker = w;
    workerUrl = url;
    state = 'starting';
    ready = new Promise<boolean>((resolve) => {
      w.onmessage = (e: MessageEvent) => {
        if (e.data === 'ready' && state === 'starting') {
          probeDelivery(w).then((ok) => {
            if (state !== 'starting') return resolve(false);
            state = ok ? 'ready' : 'failed';
            resolve(ok);
          });
        }
      };
      w.onerror = (e: Event) => {
        e.preventDefault();
        if (state === 'starting') resolve(false);
        state = 'failed';
      };
    });
  }
  setParallelProvider(provider);
  return true;
}

/**
 * Resolves true once the worker started by {@link enableWorkerPool} runs (false when it is off or failed to start).
 * @example
 * enableWorkerPool();
 * const twoThreads = await workerPoolReady();
 */
export function workerPoolReady(): Promise<boolean> {
  return ready;
}

/**
 * Stops the worker; later passes run on the calling thread only.
 * @example
 * disableWorkerPool();
 */
export function disableWorkerPool(): void {
  setParallelProvider(null);
  lock.reset();
  worker?.terminate();
  if (workerUrl !== null) URL.revokeObjectURL(workerUrl);
  worker = null;
  workerUrl = null;
  state = 'off';
  ready = Promise.resolve(false);
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
