/**
 * The calling thread's side of every session both worker pools share (Node `worker_threads` in src/node/pool.ts,
 * Web Workers in src/web/pool.ts); the helper's side is src/engine/kernels/poolWorker.ts, run by each pool's worker entry
 * module, and the control words and messages are in src/engine/kernels/protocol.ts. A pool only supplies the thread — how
 * to start it, post it a message, and whether the calling thread may block — so both run the same kernels on the
 * same partition, and results are bit-identical to one thread whichever pool runs them.
 *
 * Sessions: **assign** (Lloyd), **bounds** (Elkan / Hamerly) and **job** (src/engine/kernels/parallel.ts: Gaussian-mixture
 * E- and M-steps, kernel-density sums, k-means++ steps, pdist, CLARA scoring and the silhouette's pair sums).
 * Reductions stay on the calling thread in row order, except Lloyd's per-cluster sums, the Gaussian-mixture sums
 * (src/mixture/blocks.ts), the k-means++ potentials and the silhouette's two fixed groups of tile rows
 * (`clusterSumsSplit`): the helper sums its fixed blocks from zero and the calling thread adds them in block order.
 * @module
 */
import { boundsLayout, F32_ABS, getKernelPrecision, guardKappa, guardKappa32, wantsF32 } from './kmeansWasm.js';
import {
  type HelperLock,
  HelperSession,
  type JobSessionHooks,
  type ParallelAssignProvider,
  type ParallelAssignSession,
  type ParallelBoundsSession,
  type ParallelJobProvider,
  SharedJobSession,
  stagingBuffer,
} from './parallel.js';
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
} from './protocol.js';

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
    const f32 = Atomics.load(this.ctrl, A_F32_PASSES);
    if (f32 !== this.#f32Seen) (this.hooks as PoolHooks).onF32Passes(f32 - this.#f32Seen);
    this.#f32Seen = f32;
    return this.labels;
  }
}

/**
 * A copy of rows [h, n) of x in the staging buffer (parallel.ts `stagingBuffer`; the helper copies them into its own
 * wasm memory when it opens the session).
 */
function sharedRows(x: Float64Array, n: number, d: number, h: number): SharedArrayBuffer {
  const xs = stagingBuffer((n - h) * d * 8);
  new Float64Array(xs, 0, (n - h) * d).set(x.subarray(h * d, n * d));
  return xs;
}

/** A Lloyd session (see ParallelAssignSession). @internal */
export class SharedAssignSession extends SessionBase implements ParallelAssignSession {
  #centers: Float64Array;
  #parts: Float64Array;

  constructor(
    post: (m: AssignMessage) => void,
    hooks: PoolHooks,
    mod: WebAssembly.Module,
    x: Float64Array,
    w: Float64Array,
    n: number,
    d: number,
    k: number,
    h: number,
    bs: number,
  ) {
    const m = n - h;
    super(m, hooks);
    const centers = new SharedArrayBuffer(k * d * 8);
    this.#centers = new Float64Array(centers);
    const parts = new SharedArrayBuffer(Math.ceil(m / bs) * (k * d + k) * 8);
    this.#parts = new Float64Array(parts);
    const ws = new SharedArrayBuffer(Math.max(8, m * 8));
    new Float64Array(ws).set(w.subarray(h, n));
    post({
      type: 'assign',
      mod,
      ctrl: this.ctrl.buffer as SharedArrayBuffer,
      xs: sharedRows(x, n, d, h),
      ws,
      labels: this.labels.buffer as SharedArrayBuffer,
      centers,
      parts,
      m,
      d,
      k,
      bs,
      // KMeansWasm's precision choice and guard constants (src/engine/kernels/kmeansWasm.ts), so both halves do the same
      // work with exact labels: κ for f64, κ₃₂ and the absolute term for f32
      kappa: guardKappa(d),
      f32: wantsF32(getKernelPrecision(), d, k),
      kappa32: guardKappa32(d),
      abs32: F32_ABS(d),
    });
  }

  start(centers: Float64Array): void {
    this.#centers.set(centers);
    this.go();
  }

  changed(): number {
    return Atomics.load(this.ctrl, A_CHANGED);
  }

  partials(): Float64Array {
    return this.#parts;
  }
}

/** An Elkan / Hamerly session (see ParallelBoundsSession). @internal */
export class SharedBoundsSession extends SessionBase implements ParallelBoundsSession {
  #centers: Float64Array;
  #shift: Float64Array;
  #dirty: Uint8Array;
  #parts: Float64Array;

  constructor(
    post: (m: BoundsMessage) => void,
    hooks: PoolHooks,
    mod: WebAssembly.Module,
    kind: 'elkan' | 'hamerly',
    x: Float64Array,
    w: Float64Array,
    n: number,
    d: number,
    k: number,
    h: number,
    sumBlock: number,
    slack: number,
  ) {
    const m = n - h;
    super(m, hooks);
    const centers = new SharedArrayBuffer(k * d * 8);
    const shift = new SharedArrayBuffer(k * 8);
    const dirty = new SharedArrayBuffer(Math.max(4, k));
    const parts = new SharedArrayBuffer(Math.max(8, Math.ceil(m / sumBlock) * (k * d + k) * 8));
    this.#centers = new Float64Array(centers);
    this.#shift = new Float64Array(shift);
    this.#dirty = new Uint8Array(dirty, 0, k);
    this.#parts = new Float64Array(parts);
    const ws = new SharedArrayBuffer(Math.max(8, m * 8));
    new Float64Array(ws).set(w.subarray(h, n));
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
      ws,
      labels: this.labels.buffer as SharedArrayBuffer,
      centers,
      shift,
      dirty,
      parts,
      sumBlock,
      m,
      d,
      k,
    });
  }

  init(centers: Float64Array, full: boolean): void {
    this.#centers.set(centers);
    Atomics.store(this.ctrl, B_OP, 0);
    Atomics.store(this.ctrl, B_FULL, full ? 1 : 0);
    this.go();
  }

  start(centers: Float64Array, shift: Float64Array, move: boolean, step: boolean, full: boolean): void {
    this.#centers.set(centers);
    this.#shift.set(shift);
    Atomics.store(this.ctrl, B_OP, 1);
    Atomics.store(this.ctrl, B_MOVE, move ? 1 : 0);
    Atomics.store(this.ctrl, B_STEP, step ? 1 : 0);
    Atomics.store(this.ctrl, B_FULL, full ? 1 : 0);
    this.go();
  }

  accumulate(dirty: Uint8Array): void {
    this.#dirty.set(dirty);
    Atomics.store(this.ctrl, B_OP, 2);
    this.go();
  }

  changed(): number {
    return Atomics.load(this.ctrl, B_CHANGED);
  }

  dirty(): Uint8Array {
    return this.#dirty;
  }

  partials(): Float64Array {
    return this.#parts;
  }
}

/**
 * A pool's provider (see src/engine/kernels/parallel.ts): sessions on one helper thread, one at a time (`lock`).
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
    begin: (x, w, n, d, k, h, bs) =>
      open(true, (post, m) => new SharedAssignSession(post, hooks(), m, x, w, n, d, k, h, bs)),
    beginBounds: (kind, x, w, n, d, k, h, bs, slack) =>
      open(true, (post, m) => new SharedBoundsSession(post, hooks(), m, kind, x, w, n, d, k, h, bs, slack)),
    beginJob: (spec) => open(false, (post) => new SharedJobSession(spec, post, hooks())),
  };
}
