/**
 * The Gaussian-mixture WebAssembly SIMD workspace: the centred data copied once per fit into wasm memory (row-major
 * for the M-step, in 4-row blocks for the E-step), the parameters (O(k·d²)) copied per iteration, and the E-step
 * (weighted log densities + log-sum-exp responsibilities) and M-step sums run by src/wasm/gaussianMixture.ts.
 *
 * Exactness: the wasm kernels perform each row's IEEE operations in the reference's order (see the header of
 * src/wasm/gaussianMixture.ts), so weighted log densities, responsibilities, weighted sums, squares and scatters are
 * bit-identical to the TypeScript kernels wherever `Math.exp` is fdlibm's (V8); the per-row log-likelihood (and so
 * the lower bound) also wherever `Math.log` is (V8 before its 2024 switch to a correctly rounded log; after it, within
 * 1 ulp per row). Tested against the TypeScript reference at relative 1e-13 on the lower bound and bit-exactly on
 * everything else.
 *
 * Threads: every sum over the rows is taken over the fixed row blocks of blocks.ts and the blocks' partials are
 * added in block order, here as in the TypeScript reference; with a worker pool, a helper thread owns the second half
 * of the blocks (their responsibilities stay in its memory between the E-step and the M-step) and hands back only
 * its blocks' partials, O(k·d²) per block, so fits are bit-identical for 1 and 2 threads (test/mixture/pool.test.ts).
 * @module
 */

import { CapacityError } from '../core/errors.js';
import { kernelModule } from '../engine/kernels/backend.js';
import { type ParallelJobSession, parallelJobProvider, type WasmRegion } from '../engine/kernels/parallel.js';
import type { GaussianMixtureExports } from '../engine/kernels/wasm/gaussianMixture.generated.js';
import { type ExecutionPlan, planPasses } from '../engine/plan.js';
import {
  capacityError,
  layoutWasm,
  openWasmWorkspace,
  releasePooledMemory,
  takePooledMemory,
} from '../engine/wasmWorkspace.js';
import { LL_BLOCK_ROWS, mstepBlockRows, mstepRecordSize } from './blocks.js';
import type { CovarianceType, MStepKernels } from './covariance.js';

const LOG_2PI = Math.log(2 * Math.PI);

type Layout = Record<
  'x' | 'xb' | 'resp' | 'par' | 'means' | 'acc' | 'tmp' | 'accT' | 'scratch' | 'work' | 'llp' | 'part',
  number
>;

/** The job's exports, by index in `fns`. */
const FNS = ['estep', 'estepBlocks', 'linearBlocks', 'scatterBlocks'] as const;
const F_ESTEP = 0;
const F_ESTEP_BLOCKS = 1;
const F_LINEAR = 2;
const F_SCATTER = 3;

/**
 * Data of one EM fit in wasm memory: x n×d (centred) copied once at construction; per iteration {@link MixtureWasm.estep} then
 * the M-step sums ({@link MStepKernels}). `resp` (n×k) aliases wasm memory and stays valid for the workspace's life (the memory
 * never grows after construction).
 *
 * Two threads: with a worker pool's helper, the rows split at a fixed M-step block boundary (blocks.ts): this
 * thread owns the blocks [0, hB), the helper [hB, nB) — their data, responsibilities and the partial sums over them.
 * Every sum (Σᵢ ℓᵢ, Σᵢ γᵢc, Σᵢ γᵢc·xᵢ, squares, scatters) is a sum of per-block partials added in block order, so the
 * results do not depend on which thread computed a block: 1 and 2 threads are bit-identical, and both equal the
 * TypeScript reference.
 */
/** The pool purpose of the Gaussian-mixture workspace memory (one spare between fits). */
const MIXTURE_POOL = 'gaussianMixture';

export class MixtureWasm implements MStepKernels {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly type: CovarianceType;
  /**
   * Responsibilities (or weighted log densities after `logProb`), n×k, in wasm memory. After {@link estep} on two
   * threads the helper's rows here are stale (the helper keeps them for the M-step sums) until the next
   * {@link logProb}, which brings every row back; read them only after `logProb` or on one thread.
   */
  readonly resp: Float64Array;
  /** The data as the kernels read it (centred when the constructor was given a centre), n×d, in wasm memory. */
  readonly x: Float64Array;
  /** The workspace's memory, returned to the pool by {@link free}. */
  #memory: WebAssembly.Memory | null;
  #ex: GaussianMixtureExports;
  #p: Layout;
  #kind: number;
  #stride: number;
  #dq: number;
  #par: Float64Array;
  #means: Float64Array;
  #acc: Float64Array;
  #part: Float64Array;
  #llp: Float64Array;
  #nb: number;
  /** Log-likelihood blocks (⌈n / LL_BLOCK_ROWS⌉), M-step blocks (⌈n / B⌉) and their rows B. */
  #nl: number;
  #nB: number;
  #B: number;
  /** The larger of the M-step records (values per block, blocks.ts). */
  #rec: number;
  #mod: WebAssembly.Module;
  #threads: 1 | 2;
  #bytes: number;
  #u8: Uint8Array;
  /** The helper thread's session (undefined: not tried yet; null: none). */
  #job: ParallelJobSession | null | undefined = undefined;
  /** The helper's first M-step block (rows [hB·B, n)); 0 without a helper. */
  #hB = 0;
  /** Whether the helper holds the current responsibilities of its rows (after a two-thread E-step). */
  #split = false;
  /** Whether a helper thread has done part of an E-step (for the model's `backend`). */
  helped = false;

  /**
   * Lays out and instantiates the workspace, and copies the data in (row-major and in 4-row blocks): O(n·d).
   * `threads`: 2 lets a worker pool's helper take half of the rows of every E- and M-step, 1 keeps them on this
   * thread (default: the plan's choice for this E-step's size, `planPasses`). With `centre` (d column means) the
   * rows are written centred, xᵢⱼ − centreⱼ, so that the caller needs no centred copy of its own ({@link x}).
   * The memory is the spare one a previous fit gave back with {@link free} (zeroed, grown when short), else a new
   * one.
   * @throws {@link CapacityError} when the buffers exceed wasm32 memory (4 GiB) or memory cannot be allocated
   */
  constructor(
    mod: WebAssembly.Module,
    x: Float64Array,
    n: number,
    d: number,
    k: number,
    type: CovarianceType,
    threads: 1 | 2 = planMixture(n, d, k, type).threads,
    centre: Float64Array | null = null,
  ) {
    this.#threads = threads;
    this.n = n;
    this.d = d;
    this.k = k;
    this.type = type;
    const nb = Math.ceil(n / 4);
    this.#nb = nb;
    const dq = Math.ceil(d / 4) * 4;
    this.#dq = dq;
    this.#kind = type === 'full' || type === 'tied' ? 0 : type === 'diag' ? 1 : 2;
    this.#stride = 1 + d + (this.#kind === 0 ? d * dq : this.#kind === 1 ? d : 1);
    const d4 = Math.ceil(d / 4) * 4;
    this.#B = mstepBlockRows(d, k, type);
    this.#nB = Math.ceil(n / this.#B);
    this.#nl = Math.ceil(n / LL_BLOCK_ROWS);
    const rec = mstepRecordSize(d, k, type);
    this.#rec = rec;
    // the helper's records (blocks [⌊nB/2⌋, nB)) come back here
    const helperBlocks = threads === 2 ? this.#nB - (this.#nB >> 1) : 0;
    const sizes: [keyof Layout, number][] = [
      ['x', n * d * 8 + 32],
      ['xb', nb * d * 32],
      ['resp', nb * 4 * k * 8],
      ['par', k * this.#stride * 8],
      ['means', k * d * 8],
      ['acc', rec * 8],
      ['tmp', rec * 8],
      ['accT', d4 * d4 * 8],
      ['scratch', (d + 2 * k) * 32],
      ['work', (65 * d4 + 64) * 8],
      ['llp', this.#nl * 8],
      ['part', helperBlocks * rec * 8],
    ];
    const { at: p, bytes } = layoutWasm(sizes);
    const pooled = takePooledMemory(MIXTURE_POOL, bytes);
    // A spare memory holds the last fit's values: zeroed, as a fresh one is (the kernels may read padding); on a
    // fresh memory this only takes the page faults that the writes below would.
    if (pooled !== null) new Uint8Array(pooled.buffer, 0, bytes).fill(0);
    const ws = openWasmWorkspace<GaussianMixtureExports>(mod, bytes, pooled === null ? {} : { memory: pooled });
    if (ws === null) throw capacityError('Gaussian-mixture workspace', bytes);
    this.#memory = ws.memory;
    this.#mod = mod;
    this.#bytes = bytes;
    this.#ex = ws.exports;
    const buf = ws.memory.buffer;
    this.#p = p;
    this.x = new Float64Array(buf, p.x, n * d);
    if (centre === null) this.x.set(x);
    else {
      const xs = this.x;
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xs[i * d + j] = x[i * d + j] - centre[j];
    }
    this.#ex.toBlocks(p.x, n, d, p.xb);
    this.resp = new Float64Array(buf, p.resp, n * k);
    this.#par = new Float64Array(buf, p.par, k * this.#stride);
    this.#means = new Float64Array(buf, p.means, k * d);
    this.#acc = new Float64Array(buf, p.acc, rec);
    this.#part = new Float64Array(buf, p.part, helperBlocks * rec);
    this.#llp = new Float64Array(buf, p.llp, this.#nl);
    this.#u8 = new Uint8Array(buf);
  }

  /**
   * Loads the parameters for the next E-step: per component cst = −½d·log 2π + log det Tc + log πc (the reference's
   * operations and order), the mean and the factor (see src/wasm/gaussianMixture.ts).
   */
  #setParams(means: Float64Array, precChol: Float64Array, logWeights: Float64Array): void {
    const { d, k } = this;
    const par = this.#par;
    const stride = this.#stride;
    const dq = this.#dq;
    const base = -0.5 * d * LOG_2PI;
    const type = this.type;
    for (let c = 0; c < k; c++) {
      const o = c * stride;
      for (let j = 0; j < d; j++) par[o + 1 + j] = means[c * d + j];
      const f = o + 1 + d;
      let logDet = 0;
      if (type === 'full' || type === 'tied') {
        const po = type === 'full' ? c * d * d : 0;
        par.fill(0, f, f + d * dq);
        for (let j = 0; j < d; j++) {
          logDet += Math.log(precChol[po + j * d + j]);
          for (let t = 0; t <= j; t++) par[f + t * dq + j] = precChol[po + t * d + j];
        }
        par[o] = base + logDet + logWeights[c];
      } else if (type === 'diag') {
        for (let j = 0; j < d; j++) {
          const t = precChol[c * d + j];
          logDet += Math.log(t);
          par[f + j] = t * t;
        }
        par[o] = base + logDet + logWeights[c];
      } else {
        const t = precChol[c];
        par[f] = t * t;
        par[o] = base + d * Math.log(t) + logWeights[c];
      }
    }
  }

  /**
   * E-step: responsibilities into `resp` (as weightedLogProb + responsibilitiesInPlace).
   * @returns the mean log-likelihood (1/n)Σᵢ ℓᵢ, summed per block of LL_BLOCK_ROWS rows, blocks in order (blocks.ts)
   */
  estep(means: Float64Array, precChol: Float64Array, logWeights: Float64Array): number {
    this.#setParams(means, precChol, logWeights);
    return this.#estep() / this.n;
  }

  /** Weighted log densities log πc + log 𝒩(xᵢ|μc,Σc) into `resp`, every row (as weightedLogProb). */
  logProb(means: Float64Array, precChol: Float64Array, logWeights: Float64Array): void {
    this.#setParams(means, precChol, logWeights);
    this.#logProb();
  }

  /**
   * The helper thread's session, opened on first use when an E-step's {@link estepWork} reaches
   * `PARALLEL_MIN_WORK` (2·10⁶) and a worker pool is enabled: its own instance of the module over a memory laid out
   * as this one, holding rows [hB·B, n) (row-major and in 4-row blocks), hB = ⌊nB/2⌋ of the nB M-step blocks. The
   * threshold is chosen from bench/suites/mixture.mjs (1 vs 2 threads).
   */
  #session(): ParallelJobSession | null {
    if (this.#job !== undefined) return this.#job;
    this.#job = null;
    const nB = this.#nB;
    if (nB < 2) return null;
    const provider = this.#threads === 2 ? parallelJobProvider(estepWork(this.n, this.d, this.k, this.type)) : null;
    if (provider === null) return null;
    const hB = nB >> 1;
    this.#hB = hB;
    const { n, d, k } = this;
    const p = this.#p;
    const r0 = hB * this.#B;
    const xbAt = p.xb + (r0 / 4) * d * 32;
    const xbBytes = (this.#nb - r0 / 4) * d * 32;
    const xAt = p.x + r0 * d * 8;
    const xBytes = (n - r0) * d * 8;
    const ioBytes = Math.max(
      k * this.#stride * 8,
      (n - r0) * k * 8,
      (nB - hB) * this.#rec * 8,
      (this.#nl - r0 / LL_BLOCK_ROWS) * 8,
    );
    this.#job =
      provider.beginJob?.({
        mod: this.#mod,
        bytes: this.#bytes,
        init: [
          { at: xbAt, bytes: xbBytes, data: this.#u8.subarray(xbAt, xbAt + xbBytes) },
          { at: xAt, bytes: xBytes, data: this.#u8.subarray(xAt, xAt + xBytes) },
        ],
        fns: [...FNS],
        ioBytes,
      }) ?? null;
    return this.#job;
  }

  /** The region [at, at + bytes) of this memory, as a job's input. */
  #input(at: number, bytes: number): WasmRegion {
    return { at, bytes, data: this.#u8.subarray(at, at + bytes) };
  }

  /** The helper failed: end its session and go on without it (this thread then does its rows). */
  #drop(): void {
    this.release();
    this.#job = null;
  }

  /** The arguments of estepBlocks over the log-likelihood blocks [l0, l1). */
  #estepArgs(l0: number, l1: number): number[] {
    const p = this.#p;
    const { n, d, k } = this;
    return [p.xb, l0, l1, this.#nb, n, d, k, this.#kind, p.par, this.#stride, this.#dq, p.resp, p.scratch, p.llp];
  }

  /** estepBlocks over the log-likelihood blocks [l0, l1) on this thread. */
  #estepBlocks(l0: number, l1: number): void {
    const a = this.#estepArgs(l0, l1);
    this.#ex.estepBlocks(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
  }

  /**
   * The fused E-step over all rows: responsibilities, and Σᵢ ℓᵢ as the log-likelihood blocks' partials added in
   * block order. With a helper, it does the blocks from hB·B/LL_BLOCK_ROWS on while this thread does the ones
   * before; the helper keeps its rows' responsibilities for the M-step and returns only its partials. If the helper
   * fails, this thread does its blocks too (same result).
   */
  #estep(): number {
    const p = this.#p;
    const nl = this.#nl;
    const job = this.#session();
    if (job === null) this.#estepBlocks(0, nl);
    else {
      const k = this.k;
      const l0 = (this.#hB * this.#B) / LL_BLOCK_ROWS;
      const llBytes = (nl - l0) * 8;
      const args = this.#estepArgs(l0, nl);
      job.start({
        fn: F_ESTEP_BLOCKS,
        args,
        inputs: [this.#input(p.par, k * this.#stride * 8)],
        outputs: [{ at: p.llp + l0 * 8, bytes: llBytes }],
      });
      this.#estepBlocks(0, l0);
      const r = job.wait();
      if (r === null) {
        this.#drop();
        this.#estepBlocks(l0, nl);
        this.#split = false;
      } else {
        this.helped = true;
        this.#u8.set(r.out.subarray(0, llBytes), p.llp + l0 * 8);
        this.#split = true;
      }
    }
    const llp = this.#llp;
    let total = 0;
    for (let l = 0; l < nl; l++) total += llp[l];
    return total;
  }

  /**
   * Weighted log densities of every row into `resp` (unfused E-step). With a helper, it does rows [hB·B, n) and
   * they are copied back, so afterwards every row of `resp` is current on this thread.
   */
  #logProb(): void {
    const p = this.#p;
    const ex = this.#ex;
    const { n, d, k } = this;
    const nb = this.#nb;
    const kind = this.#kind;
    const stride = this.#stride;
    const dq = this.#dq;
    const job = this.#session();
    this.#split = false;
    if (job === null) {
      ex.estep(p.xb, 0, nb, n, d, k, kind, p.par, stride, dq, p.resp, 0, 0, p.scratch);
      return;
    }
    const hb = (this.#hB * this.#B) / 4;
    const respAt = p.resp + 4 * hb * k * 8;
    const respBytes = (n - 4 * hb) * k * 8;
    job.start({
      fn: F_ESTEP,
      args: [p.xb, hb, nb, n, d, k, kind, p.par, stride, dq, p.resp, 0, 0, p.scratch],
      inputs: [this.#input(p.par, k * stride * 8)],
      outputs: [{ at: respAt, bytes: respBytes }],
    });
    ex.estep(p.xb, 0, hb, n, d, k, kind, p.par, stride, dq, p.resp, 0, 0, p.scratch);
    const r = job.wait();
    if (r === null) {
      this.#drop();
      ex.estep(p.xb, hb, nb, n, d, k, kind, p.par, stride, dq, p.resp, 0, 0, p.scratch);
    } else {
      this.helped = true;
      this.#u8.set(r.out.subarray(0, respBytes), respAt);
    }
  }

  /**
   * One M-step pass: the per-block records (m values each) of kernel `fn` (means: the byte offset of the means, or 0
   * for the first linear pass, Σγ and Σγ·x) over every M-step block, added in block
   * order into the running sums (`acc` region), returned as its first m values. When the helper holds its rows'
   * responsibilities, it computes its blocks' records (returned one by one and added here after this thread's
   * blocks); if it fails, this thread recomputes those responsibilities (the E-step's parameters are still loaded)
   * and does the blocks itself — the same sums either way.
   */
  #reduce(fn: number, m: number, means: number): Float64Array {
    const p = this.#p;
    const nB = this.#nB;
    const acc = this.#acc;
    acc.fill(0, 0, m);
    const job = this.#split ? (this.#job ?? null) : null;
    if (job === null) {
      this.#blocks(fn, 0, nB, p.acc, 0, means);
      return acc;
    }
    const hB = this.#hB;
    const bytes = (nB - hB) * m * 8;
    const inputs = means === 0 ? [] : [this.#input(means, this.k * this.d * 8)];
    job.start({ fn, args: this.#blockArgs(fn, hB, nB, p.part, 1, means), inputs, outputs: [{ at: p.part, bytes }] });
    this.#blocks(fn, 0, hB, p.acc, 0, means);
    const r = job.wait();
    if (r === null) {
      this.#drop();
      this.#split = false;
      this.#estepBlocks((hB * this.#B) / LL_BLOCK_ROWS, this.#nl);
      this.#blocks(fn, hB, nB, p.acc, 0, means);
      return acc;
    }
    this.#u8.set(r.out.subarray(0, bytes), p.part);
    const part = this.#part;
    for (let b = 0, o = 0; b < nB - hB; b++, o += m) for (let j = 0; j < m; j++) acc[j] += part[o + j];
    return acc;
  }

  /** The arguments of M-step kernel `fn` over blocks [b0, b1) into out (keep: store records, else accumulate). */
  #blockArgs(fn: number, b0: number, b1: number, out: number, keep: number, means: number): number[] {
    const p = this.#p;
    const { n, d, k } = this;
    const B = this.#B;
    if (fn === F_LINEAR) return [p.x, b0, b1, B, n, d, p.resp, k, means, out, p.tmp, keep];
    return [p.x, b0, b1, B, n, d, p.resp, k, means, out, p.tmp, keep, p.accT, p.work];
  }

  /** M-step kernel `fn` over blocks [b0, b1) on this thread. */
  #blocks(fn: number, b0: number, b1: number, out: number, keep: number, means: number): void {
    const a = this.#blockArgs(fn, b0, b1, out, keep, means);
    const ex = this.#ex;
    if (fn === F_LINEAR) ex.linearBlocks(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
    else ex.scatterBlocks(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
  }

  /**
   * Ends the helper thread's session, if any, freeing the helper (a pool's helper runs one session at a time): call
   * it when the fit is done and before work that may want the helper itself (a k-means initialisation), that is
   * before `resp` is written on this thread. The helper's rows of `resp` are then lost (stale here) until the next
   * E-step, which a later call opens a new session for.
   */
  release(): void {
    const job = this.#job;
    this.#job = undefined;
    this.#split = false;
    if (job !== undefined && job !== null) job.end();
  }

  /**
   * Ends the fit: {@link release}, then gives the memory back to the pool for the next workspace (reused instead
   * of a new allocation per fit; `releaseWasmMemory()` drops it). No view into it ({@link x}, {@link resp}) may
   * be read after this. Idempotent.
   */
  free(): void {
    this.release();
    if (this.#memory !== null) releasePooledMemory(MIXTURE_POOL, this.#memory);
    this.#memory = null;
  }

  /** {@link MStepKernels.sums} over `resp`: acc k×d (Σᵢ γᵢc·xᵢ), tot k (Σᵢ γᵢc), blocked (blocks.ts). */
  sums(acc: Float64Array, tot: Float64Array): void {
    const { d, k } = this;
    const r = this.#reduce(F_LINEAR, k + k * d, 0);
    tot.set(r.subarray(0, k));
    acc.set(r.subarray(k, k + k * d));
  }

  /** {@link MStepKernels.squares} over `resp`: acc k×d (Σᵢ (γᵢc·uᵢⱼ)·uᵢⱼ, u = xᵢ − μc), blocked. */
  squares(means: Float64Array, acc: Float64Array): void {
    const { d, k } = this;
    this.#means.set(means.subarray(0, k * d));
    const r = this.#reduce(F_LINEAR, k * d, this.#p.means);
    acc.set(r.subarray(0, k * d));
  }

  /** {@link MStepKernels.scatter} over `resp`: acc k×d(d+1)/2 (packed upper Σᵢ (γᵢc·uₐ)·u_b), blocked. */
  scatter(means: Float64Array, acc: Float64Array): void {
    const { d, k } = this;
    const P = (d * (d + 1)) / 2;
    this.#means.set(means.subarray(0, k * d));
    const r = this.#reduce(F_SCATTER, k * P, this.#p.means);
    acc.set(r.subarray(0, k * P));
  }
}

/** Cost of one exponential of the log-sum-exp, in multiply–adds, for {@link estepWork}. */
const EXP_COST = 20;

/**
 * Multiply–add equivalents of one E-step pass, what {@link planPasses} weighs against the 'auto' threshold
 * (WASM_MIN_WORK = 20 000): n·k·(d(d+1)/2 + d) for full/tied, n·k·2d for diag/spherical, plus n·k exponentials
 * counted as {@link EXP_COST} each; the wasm path's fixed cost is one instance and the data copy per fit, so
 * the threshold (chosen from bench/suites/mixture.mjs) is reached at fewer rows as d and k grow. O(1).
 */
export function estepWork(n: number, d: number, k: number, type: CovarianceType): number {
  return n * k * ((type === 'full' || type === 'tied' ? (d * (d + 1)) / 2 + d : 2 * d) + EXP_COST);
}

/**
 * Where one EM fit's E-steps run, decided once per fit ({@link planPasses} over {@link estepWork}): the
 * TypeScript kernels or the WebAssembly ones, with a worker pool's helper taking half of the rows when the pool is
 * on and an E-step reaches `PARALLEL_MIN_WORK`.
 * @example
 * planMixture(10_000, 8, 4, 'full'); // { backend: 'wasm', threads: 1 }
 */
export function planMixture(n: number, d: number, k: number, type: CovarianceType): ExecutionPlan {
  const work = estepWork(n, d, k, type);
  return planPasses({ work, poolWork: work, module: 'gaussianMixture' });
}

/**
 * A workspace for one fit on the centred data x (or on x − centre, centred as it is copied in, when `centre` is
 * given), or null when the JavaScript kernels should run: backend 'js', no WebAssembly SIMD, the work below the
 * 'auto' threshold, or data too large for wasm32 memory. End the fit with {@link MixtureWasm.free}.
 * @example
 * const ws = mixtureWorkspace(x, n, d, k, 'full'); // null: use weightedLogProb + responsibilitiesInPlace
 * const lowerBound = ws?.estep(means, precisionsCholesky, logWeights);
 */
export function mixtureWorkspace(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  centre: Float64Array | null = null,
): MixtureWasm | null {
  const plan = planMixture(n, d, k, type);
  if (plan.backend !== 'wasm') return null;
  const mod = kernelModule('gaussianMixture');
  if (mod === null) return null;
  try {
    return new MixtureWasm(mod, x, n, d, k, type, plan.threads, centre);
  } catch (e) {
    if (e instanceof CapacityError) return null;
    throw e;
  }
}
