/**
 * What crosses between the calling thread and a pool's helper thread: the control words of a session (indices into
 * an Int32Array over the session's shared `ctrl` buffer), the messages that open a session, and named structs for
 * the numbers a job driver receives. Both sides import these — the calling thread's sessions (src/engine/kernels/pool.ts,
 * src/engine/kernels/parallel.ts) and the helper's program (src/engine/kernels/poolWorker.ts, started from the worker entries
 * src/node/poolWorker.ts and src/web/poolWorker.ts) — so no index or layout is written twice.
 * @module
 */

// Control words shared by every session.
/** Incremented by the calling thread to start a call. @internal */
export const SEQ = 0;
/** 1: end the session. @internal */
export const STOP = 1;
/** Set by the helper to the last finished SEQ ({@link DONE_FAILED} on failure). @internal */
export const DONE = 2;
/** 1: the helper could not run the session (the calling thread then does the work itself). @internal */
export const ERROR = 3;
/** 1: the helper has received the session. @internal */
export const STARTED = 4;
/** The value of {@link DONE} after a failure. @internal */
export const DONE_FAILED = -2;
/** Words in a session's control block. @internal */
export const CTRL_WORDS = 16;

// Job sessions (src/engine/kernels/parallel.ts).
/** Jobs: the index of the export in the spec's `fns` to run. @internal */
export const J_FN = 5;
/** Jobs: the number of input regions of the call. @internal */
export const J_NIN = 6;
/** Jobs: the number of output regions of the call. @internal */
export const J_NOUT = 7;
/** Jobs: the number of arguments of the call. @internal */
export const J_NARGS = 8;
/** Jobs: the most arguments of one call; the call's result is at this index of the `f64` block. @internal */
export const J_MAX_ARGS = 32;
/**
 * Jobs: the index in the `f64` block of the byte offset in `io` where the call's output regions go (after the
 * arguments and the result). @internal
 */
export const J_OUT_AT = J_MAX_ARGS + 1;
/** Jobs: the most input (and output) regions of one call. @internal */
export const J_MAX_REGIONS = 16;

// Assign sessions (Lloyd).
/** Assign sessions: the passes the helper ran with f32 expanded distances. @internal */
export const A_F32_PASSES = 5;
/** Assign sessions: rows of the last pass whose label changed. @internal */
export const A_CHANGED = 9;

// Bounds sessions (Elkan / Hamerly).
/**
 * Bounds sessions: 0 the initial assignment, 1 a bound update and test, 2 the block partials of the clusters marked
 * in the session's `dirty` buffer (after a pass without {@link B_FULL}). @internal
 */
export const B_OP = 6;
/** Bounds sessions: 1 when the bounds move by the center shifts. @internal */
export const B_MOVE = 7;
/** Bounds sessions: 1 when the bound test and refresh run. @internal */
export const B_STEP = 8;
/** Bounds sessions: 1 when an initial assignment or a pass also leaves every cluster's block partials. @internal */
export const B_FULL = 10;
/** Bounds sessions: rows of the last pass whose label changed. @internal */
export const B_CHANGED = 11;

/** The message that opens an assign session on the helper. @internal */
export interface AssignMessage {
  type: 'assign';
  mod: WebAssembly.Module;
  ctrl: SharedArrayBuffer;
  xs: SharedArrayBuffer;
  /** The helper's rows' weights (m). */
  ws: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  centers: SharedArrayBuffer;
  /** OUT per pass: the block partials of the helper's rows (⌈m / bs⌉ blocks of k·d + k values). */
  parts: SharedArrayBuffer;
  m: number;
  d: number;
  k: number;
  /** Rows per block of the partial statistics. */
  bs: number;
  kappa: number;
  f32: boolean;
  kappa32: number;
  abs32: number;
}

/** The message that opens a bounds session on the helper. @internal */
export interface BoundsMessage {
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
  /** The helper's rows' weights (m). */
  ws: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  centers: SharedArrayBuffer;
  shift: SharedArrayBuffer;
  /**
   * k bytes: OUT after a pass, the clusters whose rows changed label on the helper; IN for {@link B_OP} 2, the
   * clusters whose partials to sum (the union of both threads' changes).
   */
  dirty: SharedArrayBuffer;
  /** OUT: the block partials of the helper's rows (⌈m / sumBlock⌉ blocks of k·d + k values). */
  parts: SharedArrayBuffer;
  /** Rows per block of the per-cluster sums (`kmeansBlockRows(n)` of the whole fit). */
  sumBlock: number;
  m: number;
  d: number;
  k: number;
}

/** The message a helper receives to start a job session (run by src/engine/kernels/poolWorker.ts). @internal */
export interface WasmJobMessage {
  type: 'job';
  mod: WebAssembly.Module;
  bytes: number;
  /** The first byte of the calling thread's layout (see `WasmJobSpec.base`). */
  base: number;
  /** The init regions: bytes [off, off + bytes) of `stage` go to byte `at` of the helper's memory. */
  init: { at: number; off: number; bytes: number }[];
  /** The staging buffer holding the init regions (src/engine/kernels/parallel.ts `stagingBuffer`). */
  stage: SharedArrayBuffer;
  fns: string[];
  /** The name of a driver the worker entry registered (see {@link JobDriver}). */
  driver?: string;
  ctrl: SharedArrayBuffer;
  desc: SharedArrayBuffer;
  f64: SharedArrayBuffer;
  io: SharedArrayBuffer;
}

/** Any message that opens a session on the helper. @internal */
export type SessionMessage = AssignMessage | BoundsMessage | WasmJobMessage;

/** A kernel module's exports as the helper calls them. @internal */
export type KernelExports = Record<string, (...a: number[]) => number>;

/**
 * A driver loop around a module's exports run by a job session instead of one export (e.g. the k-d tree traversal
 * around the density leaf sums): the helper's instance exports, its memory buffer and the call's numbers. Worker
 * entries register drivers by name; a job names the one it runs. @internal
 */
export type JobDriver = (ex: KernelExports, buf: ArrayBuffer, args: ArrayLike<number>) => number;

/** A struct of named numbers laid out in the order of `fields` (see {@link packStruct}). @internal */
export type NumberStruct<F extends readonly string[]> = { [K in F[number]]: number };

/**
 * The values of `s` in the order of `fields`: how a named struct crosses to a helper in a job call's numbers.
 * @param fields the struct's layout (one list, imported by both sides)
 * @param s the struct
 * @returns one number per field
 * @example
 * packStruct(['m', 'd'] as const, { m: 4, d: 2 }); // [4, 2]
 * @internal
 */
export function packStruct<F extends readonly string[]>(fields: F, s: NumberStruct<F>): number[] {
  const out: number[] = [];
  for (const f of fields) out.push(s[f as F[number]]);
  return out;
}

/**
 * The struct laid out by `fields` from `a` (the inverse of {@link packStruct}).
 * @param fields the struct's layout
 * @param a the numbers, one per field
 * @returns the struct
 * @example
 * unpackStruct(['m', 'd'] as const, [4, 2]); // { m: 4, d: 2 }
 * @internal
 */
export function unpackStruct<F extends readonly string[]>(fields: F, a: ArrayLike<number>): NumberStruct<F> {
  const s = {} as Record<string, number>;
  for (let i = 0; i < fields.length; i++) s[fields[i]] = a[i];
  return s as NumberStruct<F>;
}
