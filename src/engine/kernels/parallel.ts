/**
 * A hook for running part of a kernel pass on another thread. The browser-safe core only defines the contract;
 * `src/node/pool.ts` (Node worker_threads) registers an implementation. When none is registered, or the work is
 * below {@link PARALLEL_MIN_WORK}, everything runs on the calling thread.
 *
 * Determinism: helpers compute per-row results (labels) for a fixed range of rows, and reductions either stay on the
 * calling thread in row order or (the k-means per-cluster sums of Lloyd, Elkan and Hamerly, the Gaussian-mixture E-
 * and M-step sums, the k-means++ potentials and D² weights) are cut into fixed row blocks, each summed from zero by whichever thread owns it and
 * added by the calling thread in block order; either way results are bit-identical whatever the number of threads.
 * @module
 */

import { onReleaseWasmMemory, WASM_DEFAULT_BASE } from '../wasmWorkspace.js';
import {
  CTRL_WORDS,
  DONE,
  ERROR,
  J_FN,
  J_MAX_ARGS,
  J_MAX_REGIONS,
  J_NARGS,
  J_NIN,
  J_NOUT,
  J_OUT_AT,
  type JobDriver,
  SEQ,
  STARTED,
  STOP,
  type WasmJobMessage,
} from './protocol.js';

/**
 * A session of one Lloyd fit: rows [h, n) of x assigned to the nearest centre on a helper thread, once per pass, with
 * their per-cluster statistics in fixed blocks of `bs` rows (h a multiple of bs).
 */
export interface ParallelAssignSession {
  /** Starts assigning the helper's rows to `centers` (k×d); returns at once. */
  start(centers: Float64Array): void;
  /**
   * Blocks until the pass started by `start` is done; returns the labels of rows [h, n) (valid until `start`), or
   * null when the helper failed (the caller then does those rows itself).
   */
  wait(): Int32Array | null;
  /**
   * After a successful `wait`: how many of the helper's rows changed label in that pass, against the labels of its
   * previous pass (every row counts in the first pass).
   */
  changed(): number;
  /**
   * After a successful `wait`: the partial statistics of the helper's blocks of rows, in block order, each k·d
   * values Σ wᵢ·xᵢ then k values Σ wᵢ, summed from zero over the block's rows in row order (valid until `start`). The
   * caller adds them into its totals after its own blocks, so the sums do not depend on the number of threads.
   */
  partials(): Float64Array;
  /** Ends the session (frees the helper's copy of the rows). */
  end(): void;
}

/**
 * A session of one Elkan or Hamerly fit: the helper keeps rows [h, n) of x, their weights and their bounds in its
 * own memory and runs, per call, the same kernels the calling thread runs on rows [0, h) (src/wasm/kmeans.ts), so
 * every row's label and bounds are bit-identical whichever thread owns it. The per-cluster sums of the helper's rows
 * are summed there too, in the fixed row blocks of `bs` rows (h a multiple of bs), each from zero; the calling
 * thread adds the blocks' partials after its own blocks, in block order, so the sums do not depend on the number
 * of threads.
 */
export interface ParallelBoundsSession {
  /**
   * Starts the initial exact assignment of the helper's rows to `centers` (k×d), then, with `full`, every
   * cluster's block partials; returns at once.
   */
  init(centers: Float64Array, full: boolean): void;
  /**
   * Starts one pass over the helper's rows: the bound update by `shift` (k, when `move`), then the bound test and
   * refresh against `centers` (when `step`), then, with `full`, every cluster's block partials; returns at once.
   */
  start(centers: Float64Array, shift: Float64Array, move: boolean, step: boolean, full: boolean): void;
  /**
   * Starts summing the block partials of the clusters flagged in `dirty` (k bytes; the others' entries are left 0)
   * by the labels of the last pass; returns at once.
   */
  accumulate(dirty: Uint8Array): void;
  /** Blocks until the started call is done; the labels of rows [h, n) (valid until the next call), or null on failure. */
  wait(): Int32Array | null;
  /**
   * After a successful `wait` for a pass: how many of the helper's rows changed label in it (against its previous
   * labels, which are the ones the last `wait` returned).
   */
  changed(): number;
  /**
   * After a successful `wait` for a pass: the clusters (k bytes, 1 or 0) that lost or gained one of the helper's
   * rows in it (valid until the next call).
   */
  dirty(): Uint8Array;
  /**
   * After a successful `wait` for a call that summed partials: the helper's blocks' partials in block order, each
   * k·d values Σ wᵢ·xᵢ then k values Σ wᵢ summed from zero over the block's rows (valid until the next call).
   */
  partials(): Float64Array;
  /** Ends the session (frees the helper's rows and bounds). */
  end(): void;
}

/** Something that can run assignment passes for rows [h, n) on another thread. */
export interface ParallelAssignProvider {
  /**
   * Opens a session for rows [h, n) of x (n×d, weights w, k centres; blocks of bs rows), or returns null when no
   * helper is available.
   */
  begin(
    x: Float64Array,
    w: Float64Array,
    n: number,
    d: number,
    k: number,
    h: number,
    bs: number,
  ): ParallelAssignSession | null;
  /**
   * Opens an Elkan (`kind` 'elkan') or Hamerly session for rows [h, n) of x (weights w; sum blocks of bs rows, h a
   * multiple of bs) with the driver's pruning margin `slack`, or returns null when no helper is available.
   */
  beginBounds?(
    kind: 'elkan' | 'hamerly',
    x: Float64Array,
    w: Float64Array,
    n: number,
    d: number,
    k: number,
    h: number,
    bs: number,
    slack: number,
  ): ParallelBoundsSession | null;
}

/**
 * Below this much work per pass (≈ 0.3–0.5 ms) a helper thread costs more than it saves. Callers measure the work
 * of a k-means pass as n·k·(d + 8): multiply–adds plus the per-row, per-centre bookkeeping.
 */
export const PARALLEL_MIN_WORK = 2_000_000;

let provider: ParallelAssignProvider | null = null;

/** Registers (or, with null, removes) the helper-thread provider. @internal */
export function setParallelProvider(p: ParallelAssignProvider | null): void {
  provider = p;
}

/** The registered provider when a pass of `work` multiply–adds should be split, else null. @internal */
export function parallelProvider(work: number): ParallelAssignProvider | null {
  return work >= PARALLEL_MIN_WORK ? provider : null;
}

/**
 * One region of wasm memory: `bytes` bytes at byte offset `at`. With `data`, the bytes to place there (IN, the
 * caller's), else a region to read back.
 */
export interface WasmRegion {
  at: number;
  bytes: number;
  data?: Uint8Array;
}

/**
 * A job for a helper thread: its own instance of the kernel module `mod` over a memory of `bytes` bytes laid out as
 * the calling thread's workspace (same offsets), with the `init` regions copied in once. Each call then runs one of
 * the exports named in `fns` on the helper's memory, so the calling thread and the helper run the very same kernel
 * code on disjoint row ranges.
 */
export interface WasmJobSpec {
  mod: WebAssembly.Module;
  bytes: number;
  /**
   * The first byte of the layout (default `WASM_DEFAULT_BASE`; `WASM_KDE_BASE` for the KDE module, whose static data
   * is larger): the helper checks its instance's static data ends below it, as the calling thread's workspace did.
   */
  base?: number;
  init: WasmRegion[];
  fns: string[];
  /** The largest total size of one call's input regions, and of its output regions (from the call's `outAt`). */
  ioBytes: number;
  /**
   * Optional: the name of a {@link JobDriver} that the worker entry registered, run per call instead of
   * `fns[fn](...args)`, for a driver loop around the exports (e.g. the k-d tree traversal around the leaf sums). A
   * helper without that driver fails the session, and the caller does the work.
   */
  driver?: string;
}

/** One call of a {@link WasmJobSpec}: copy `inputs` in, run `fns[fn](...args)` (≤ 32 numbers), read `outputs` back. */
export interface WasmJobCall {
  fn: number;
  args: number[];
  inputs: WasmRegion[];
  outputs: WasmRegion[];
  /**
   * Where in the session's buffer the output regions go, in bytes (default 0; the inputs always come from byte 0):
   * calls without inputs alternating between two halves of an `ioBytes` twice the largest output let the caller
   * read one call's outputs while the next call writes the other half (no copy of its own to free the buffer).
   */
  outAt?: number;
}

/** The calling thread's side of a wasm job on a helper thread. */
export interface ParallelJobSession {
  /** Starts a call on the helper; returns at once. */
  start(call: WasmJobCall): void;
  /**
   * Blocks until the started call is done: the export's return value and a buffer holding the output regions'
   * bytes, one after the other in the call's order from byte `outAt` of the call (valid until a later call writes
   * there), or null when the helper failed (the caller then does that work itself, and should not start more calls).
   */
  wait(): { result: number; out: Uint8Array } | null;
  /** Ends the session (frees the helper's memory). */
  end(): void;
}

/** A provider of wasm job sessions (see {@link WasmJobSpec}); null when no helper is available. */
export interface ParallelJobProvider {
  beginJob?(spec: WasmJobSpec): ParallelJobSession | null;
}

/** The registered provider's job sessions when a call of `work` units should be split, else null. @internal */
export function parallelJobProvider(work: number): ParallelJobProvider | null {
  const p = parallelProvider(work) as (ParallelAssignProvider & ParallelJobProvider) | null;
  return p !== null && typeof p.beginJob === 'function' ? p : null;
}

/** How a pool waits for its helper and counts its calls (see {@link SharedJobSession}). @internal */
export interface JobSessionHooks {
  /** Whether this thread may block in Atomics.wait (else it spins). */
  canBlock: boolean;
  /** A helper that has not picked the session up within this many ms is given up on (Infinity: never). */
  startTimeoutMs: number;
  /** Called once per finished call. */
  onPass(): void;
  /** Called when the helper never picked the session up. */
  onStall(): void;
}

/**
 * The calling thread's side of any helper session (job sessions here, k-means sessions in src/engine/kernels/pool.ts):
 * the shared control words (SEQ, STOP, DONE, ERROR, STARTED; src/engine/kernels/protocol.ts) over shared memory, starting a call and waiting for it.
 * @internal
 */
export class HelperSession {
  protected ctrl: Int32Array;
  protected hooks: JobSessionHooks;
  #seq = 0;
  #failed = false;

  constructor(hooks: JobSessionHooks) {
    this.hooks = hooks;
    this.ctrl = new Int32Array(new SharedArrayBuffer(CTRL_WORDS * 4));
  }

  /** Starts the next call (its inputs already in place). */
  protected go(): void {
    this.#seq++;
    Atomics.store(this.ctrl, SEQ, this.#seq);
    Atomics.notify(this.ctrl, SEQ);
  }

  /**
   * Blocks (or, where this thread may not block, spins) until the started call is done; false when the helper
   * failed or never picked the session up (the caller then does the work itself, and should not start more calls).
   */
  protected waitDone(): boolean {
    if (this.#failed) return false;
    const ctrl = this.ctrl;
    const { canBlock, startTimeoutMs } = this.hooks;
    const t0 = performance.now();
    let spins = 0;
    for (;;) {
      const v = Atomics.load(ctrl, DONE);
      if (v === this.#seq) break;
      if (Atomics.load(ctrl, ERROR) === 1) {
        this.#failed = true; // e.g. the helper could not allocate its memory: the caller does the work itself
        return false;
      }
      // (the clock is read on every blocking wait, every 1024 loads when spinning)
      const check = canBlock || (++spins & 1023) === 0;
      if (check && Atomics.load(ctrl, STARTED) === 0 && performance.now() - t0 > startTimeoutMs) {
        this.#failed = true;
        this.hooks.onStall();
        return false;
      }
      if (canBlock) Atomics.wait(ctrl, DONE, v, 100);
    }
    this.hooks.onPass();
    return true;
  }

  end(): void {
    // Also after a failure: a helper that picks the session up late then leaves it at once.
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, SEQ, 1);
    Atomics.notify(this.ctrl, SEQ);
  }
}

/**
 * The staging buffer: the data a session's helper copies into its own memory once, when it opens the session (a
 * job's init regions, an assign or bounds session's rows). One buffer, grown to the largest session, serves every
 * session: a fresh SharedArrayBuffer per session is freed only once both threads have collected it, and the helper
 * collects rarely (12 two-thread default k-means fits at d = 128 left 104 → 638 MB of array buffers held). Safe because a pool runs
 * one session at a time ({@link HelperLock}) and its helper opens sessions in order: the buffer is rewritten only
 * for the next session, after the helper has copied this one's (or, for a session ended before the helper picked it
 * up, while that helper copies data it will not use). Dropped by `releaseWasmMemory()`. @internal
 */
let staging: SharedArrayBuffer | null = null;
onReleaseWasmMemory(() => {
  staging = null;
});

/** The staging buffer, at least `bytes` bytes (see above). @internal */
export function stagingBuffer(bytes: number): SharedArrayBuffer {
  if (staging === null || staging.byteLength < bytes) staging = new SharedArrayBuffer(Math.max(8, bytes));
  return staging;
}

/**
 * The calling thread's side of a job session over shared memory, for both pools: `post` hands the
 * {@link WasmJobMessage} to the helper, whose program (src/engine/kernels/poolWorker.ts) runs the session. @internal
 * @throws RangeError when the spec or a call exceeds the session's limits (32 arguments, 16 regions)
 */
export class SharedJobSession extends HelperSession implements ParallelJobSession {
  #desc: Int32Array;
  #f64: Float64Array;
  #io: Uint8Array;

  constructor(spec: WasmJobSpec, post: (m: WasmJobMessage) => void, hooks: JobSessionHooks) {
    super(hooks);
    const desc = new SharedArrayBuffer(4 * J_MAX_REGIONS * 4);
    const f64 = new SharedArrayBuffer((J_MAX_ARGS + 2) * 8);
    const io = new SharedArrayBuffer(Math.max(8, spec.ioBytes));
    this.#desc = new Int32Array(desc);
    this.#f64 = new Float64Array(f64);
    this.#io = new Uint8Array(io);
    let total = 0;
    for (const r of spec.init) total += r.bytes;
    const stage = stagingBuffer(total);
    const staged = new Uint8Array(stage);
    let off = 0;
    const init = spec.init.map((r) => {
      const slice = staged.subarray(off, off + r.bytes);
      if (r.data !== undefined) slice.set(r.data.subarray(0, r.bytes));
      else slice.fill(0);
      const region = { at: r.at, off, bytes: r.bytes };
      off += r.bytes;
      return region;
    });
    post({
      type: 'job',
      mod: spec.mod,
      bytes: spec.bytes,
      base: spec.base ?? WASM_DEFAULT_BASE,
      init,
      stage,
      fns: spec.fns,
      driver: spec.driver,
      ctrl: this.ctrl.buffer as SharedArrayBuffer,
      desc,
      f64,
      io,
    });
  }

  start(call: WasmJobCall): void {
    const { inputs, outputs, args } = call;
    if (args.length > J_MAX_ARGS || inputs.length + outputs.length > 2 * J_MAX_REGIONS) {
      throw new RangeError('wasm job call exceeds the session limits (32 arguments, 32 regions)');
    }
    let o = 0;
    for (let i = 0; i < inputs.length; i++) {
      const r = inputs[i];
      this.#desc[2 * i] = r.at;
      this.#desc[2 * i + 1] = r.bytes;
      this.#io.set((r.data as Uint8Array).subarray(0, r.bytes), o);
      o += r.bytes;
    }
    for (let i = 0; i < outputs.length; i++) {
      this.#desc[2 * (inputs.length + i)] = outputs[i].at;
      this.#desc[2 * (inputs.length + i) + 1] = outputs[i].bytes;
    }
    for (let i = 0; i < args.length; i++) this.#f64[i] = args[i];
    this.#f64[J_OUT_AT] = call.outAt ?? 0;
    const ctrl = this.ctrl;
    Atomics.store(ctrl, J_FN, call.fn);
    Atomics.store(ctrl, J_NIN, inputs.length);
    Atomics.store(ctrl, J_NOUT, outputs.length);
    Atomics.store(ctrl, J_NARGS, args.length);
    this.go();
  }

  wait(): { result: number; out: Uint8Array } | null {
    return this.waitDone() ? { result: this.#f64[J_MAX_ARGS], out: this.#io } : null;
  }
}

/**
 * One session at a time on a pool's single helper: the helper runs a session until it ends, so a second session
 * opened meanwhile (e.g. a k-means fit inside a Gaussian-mixture fit's open E-step session) would wait for ever.
 * `take` returns null while a session is open (the caller then runs on its own thread) and frees the helper when
 * the returned session's `end` is called. @internal
 */
export class HelperLock {
  #busy = false;

  take<T extends { end(): void }>(make: () => T | null): T | null {
    if (this.#busy) return null;
    const s = make();
    if (s === null) return null;
    this.#busy = true;
    const end = s.end.bind(s);
    let done = false;
    s.end = () => {
      if (done) return;
      done = true;
      this.#busy = false;
      end();
    };
    return s;
  }

  /** Frees the helper (a new helper thread: nothing runs on it). */
  reset(): void {
    this.#busy = false;
  }
}
