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
 * @module
 */

import { CapacityError } from '../core/errors.js';
import { kernelModule } from '../engine/kernels/backend.js';
import { type ParallelJobSession, parallelJobProvider } from '../engine/kernels/parallel.js';
import type { GaussianMixtureExports } from '../engine/kernels/wasm/gaussianMixture.generated.js';
import { type ExecutionPlan, planPasses } from '../engine/plan.js';
import { capacityError, layoutWasm, openWasmWorkspace } from '../engine/wasmWorkspace.js';
import type { CovarianceType, MStepKernels } from './covariance.js';

const LOG_2PI = Math.log(2 * Math.PI);

type Layout = Record<'x' | 'xb' | 'resp' | 'par' | 'means' | 'acc' | 'tot' | 'scratch' | 'work' | 'lpn', number>;

/**
 * Data of one EM fit in wasm memory: x n×d (centred) copied once at construction; per iteration {@link estep} then
 * {@link MixtureWasm.mstep}. `resp` (n×k) aliases wasm memory and stays valid for the workspace's life (the memory
 * never grows after construction).
 */
export class MixtureWasm implements MStepKernels {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly type: CovarianceType;
  /** Responsibilities (or weighted log densities after `logProb`), n×k, in wasm memory. */
  readonly resp: Float64Array;
  #ex: GaussianMixtureExports;
  #p: Layout;
  #kind: number;
  #stride: number;
  #dq: number;
  #par: Float64Array;
  #means: Float64Array;
  #acc: Float64Array;
  #tot: Float64Array;
  #nb: number;
  #d4: number;
  #mod: WebAssembly.Module;
  #threads: 1 | 2;
  #bytes: number;
  #u8: Uint8Array;
  #lpn: Float64Array;
  /** The helper thread's session (undefined: not tried yet; null: none). */
  #job: ParallelJobSession | null | undefined = undefined;
  /** The helper's first block (rows [4·hb, n)). */
  #hb = 0;
  /** Whether a helper thread has done part of an E-step (for the model's `backend`). */
  helped = false;

  /**
   * Lays out and instantiates the workspace, and copies the data in (row-major and in 4-row blocks): O(n·d).
   * `threads`: 2 lets a worker pool's helper take half of the rows of every E-step, 1 keeps them on this thread
   * (default: the plan's choice for this E-step's size, `planPasses`).
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
    this.#d4 = d4;
    const sizes: [keyof Layout, number][] = [
      ['x', n * d * 8 + 32],
      ['xb', nb * d * 32],
      ['resp', nb * 4 * k * 8],
      ['par', k * this.#stride * 8],
      ['means', k * d * 8],
      ['acc', k * Math.max(d4 * d4, d) * 8],
      ['tot', k * 8],
      ['scratch', (d + 2 * k) * 32],
      ['work', (65 * d4 + 64) * 8],
      ['lpn', nb * 4 * 8],
    ];
    const { at: p, bytes } = layoutWasm(sizes);
    const ws = openWasmWorkspace<GaussianMixtureExports>(mod, bytes);
    if (ws === null) throw capacityError('Gaussian-mixture workspace', bytes);
    this.#mod = mod;
    this.#bytes = bytes;
    this.#ex = ws.exports;
    const buf = ws.memory.buffer;
    this.#p = p;
    new Float64Array(buf, p.x, n * d).set(x);
    this.#ex.toBlocks(p.x, n, d, p.xb);
    this.resp = new Float64Array(buf, p.resp, n * k);
    this.#par = new Float64Array(buf, p.par, k * this.#stride);
    this.#means = new Float64Array(buf, p.means, k * d);
    this.#acc = new Float64Array(buf, p.acc, k * Math.max(d4 * d4, d));
    this.#tot = new Float64Array(buf, p.tot, k);
    this.#u8 = new Uint8Array(buf);
    this.#lpn = new Float64Array(buf, p.lpn, nb * 4);
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
   * @returns the mean log-likelihood (1/n)Σᵢ ℓᵢ, summed in row order
   */
  estep(means: Float64Array, precChol: Float64Array, logWeights: Float64Array): number {
    this.#setParams(means, precChol, logWeights);
    return this.#run(1) / this.n;
  }

  /** Weighted log densities log πc + log 𝒩(xᵢ|μc,Σc) into `resp` (as weightedLogProb). */
  logProb(means: Float64Array, precChol: Float64Array, logWeights: Float64Array): void {
    this.#setParams(means, precChol, logWeights);
    this.#run(0);
  }

  /**
   * The helper thread's session, opened on first use when an E-step's {@link estepWork} reaches
   * `PARALLEL_MIN_WORK` (2·10⁶) and a worker pool is enabled: its own instance of the module over a memory laid out
   * as this one, holding the blocks of rows [4·hb, n). The threshold is chosen from bench/suites/mixture.mjs (1 vs 2 threads);
   * the M-step's reductions stay on the calling thread.
   */
  #session(): ParallelJobSession | null {
    if (this.#job !== undefined) return this.#job;
    this.#job = null;
    const nb = this.#nb;
    if (nb < 2) return null;
    const provider = this.#threads === 2 ? parallelJobProvider(estepWork(this.n, this.d, this.k, this.type)) : null;
    if (provider === null) return null;
    const hb = nb >> 1;
    this.#hb = hb;
    const p = this.#p;
    const xbAt = p.xb + hb * this.d * 32;
    const xbBytes = (nb - hb) * this.d * 32;
    const r0 = 4 * hb;
    const rows = this.n - r0;
    const ioBytes = Math.max(this.k * this.#stride * 8, rows * (this.k + 1) * 8);
    this.#job =
      provider.beginJob?.({
        mod: this.#mod,
        bytes: this.#bytes,
        init: [{ at: xbAt, bytes: xbBytes, data: this.#u8.subarray(xbAt, xbAt + xbBytes) }],
        fns: ['estep'],
        ioBytes,
      }) ?? null;
    return this.#job;
  }

  /**
   * One E-step over all rows (fused: responsibilities and the summed per-row log-likelihood; else weighted log
   * densities). With a helper thread, it does the blocks [hb, nb) while this thread does [0, hb); its rows'
   * outputs are copied back and their ℓᵢ added after this thread's in row order, so the result is bit-identical
   * to one call over all blocks. If the helper fails, this thread does its blocks too (same result).
   */
  #run(fused: number): number {
    const p = this.#p;
    const ex = this.#ex;
    const { n, d, k } = this;
    const nb = this.#nb;
    const kind = this.#kind;
    const stride = this.#stride;
    const dq = this.#dq;
    const job = this.#session();
    if (job === null) return ex.estep(p.xb, 0, nb, n, d, k, kind, p.par, stride, dq, p.resp, fused, 0, p.scratch);
    const hb = this.#hb;
    const r0 = 4 * hb;
    const respAt = p.resp + r0 * k * 8;
    const respBytes = (n - r0) * k * 8;
    const lpnAt = p.lpn + r0 * 8;
    const lpnBytes = (n - r0) * 8;
    const parBytes = k * stride * 8;
    job.start({
      fn: 0,
      args: [p.xb, hb, nb, n, d, k, kind, p.par, stride, dq, p.resp, fused, fused ? p.lpn : 0, p.scratch],
      inputs: [{ at: p.par, bytes: parBytes, data: this.#u8.subarray(p.par, p.par + parBytes) }],
      outputs: fused
        ? [
            { at: respAt, bytes: respBytes },
            { at: lpnAt, bytes: lpnBytes },
          ]
        : [{ at: respAt, bytes: respBytes }],
    });
    let total = ex.estep(p.xb, 0, hb, n, d, k, kind, p.par, stride, dq, p.resp, fused, 0, p.scratch);
    const r = job.wait();
    if (r === null) {
      // The helper failed: do its blocks here, from now on without it.
      this.release();
      this.#job = null;
      ex.estep(p.xb, hb, nb, n, d, k, kind, p.par, stride, dq, p.resp, fused, fused ? p.lpn : 0, p.scratch);
    } else {
      this.helped = true;
      this.#u8.set(r.out.subarray(0, respBytes), respAt);
      if (fused) this.#u8.set(r.out.subarray(respBytes, respBytes + lpnBytes), lpnAt);
    }
    if (fused) {
      const lpn = this.#lpn;
      for (let i = r0; i < n; i++) total += lpn[i];
    }
    return total;
  }

  /**
   * Ends the helper thread's session, if any, freeing the helper (a pool's helper runs one session at a time): call
   * it when the fit is done and before work that may want the helper itself (a k-means initialisation). A later
   * E-step opens a new session.
   */
  release(): void {
    const job = this.#job;
    this.#job = undefined;
    if (job !== undefined && job !== null) job.end();
  }

  /** {@link MStepKernels.sums} over `resp`: acc k×d (Σᵢ γᵢc·xᵢ), tot k (Σᵢ γᵢc). */
  sums(acc: Float64Array, tot: Float64Array): void {
    const p = this.#p;
    const { n, d, k } = this;
    this.#acc.fill(0, 0, k * d);
    this.#tot.fill(0);
    this.#ex.weightedSums(p.x, 0, n, d, p.resp, k, p.acc, p.tot);
    acc.set(this.#acc.subarray(0, k * d));
    tot.set(this.#tot);
  }

  /** {@link MStepKernels.squares} over `resp`: acc k×d (Σᵢ (γᵢc·uᵢⱼ)·uᵢⱼ, u = xᵢ − μc). */
  squares(means: Float64Array, acc: Float64Array): void {
    const p = this.#p;
    const { n, d, k } = this;
    this.#means.set(means.subarray(0, k * d));
    this.#acc.fill(0, 0, k * d);
    this.#ex.weightedSquares(p.x, 0, n, d, p.resp, k, p.means, p.acc);
    acc.set(this.#acc.subarray(0, k * d));
  }

  /** {@link MStepKernels.scatter} over `resp`: acc k×d(d+1)/2 (packed upper Σᵢ (γᵢc·uₐ)·u_b). */
  scatter(means: Float64Array, acc: Float64Array): void {
    const p = this.#p;
    const { n, d, k } = this;
    const d4 = this.#d4;
    const sq = d4 * d4;
    this.#means.set(means.subarray(0, k * d));
    const accT = this.#acc;
    accT.fill(0, 0, k * sq);
    let p2 = 0;
    for (let c = 0; c < k; c++) {
      this.#ex.scatterComponent(p.x, 0, n, d, p.resp, k, c, p.means + c * d * 8, p.acc + c * sq * 8, p.work);
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) acc[p2++] = accT[c * sq + b * d4 + a];
    }
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
 * A workspace for one fit on the centred data x, or null when the JavaScript kernels should run: backend 'js', no
 * WebAssembly SIMD, the work below the 'auto' threshold, or data too large for wasm32 memory.
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
): MixtureWasm | null {
  const plan = planMixture(n, d, k, type);
  if (plan.backend !== 'wasm') return null;
  const mod = kernelModule('gaussianMixture');
  if (mod === null) return null;
  try {
    return new MixtureWasm(mod, x, n, d, k, type, plan.threads);
  } catch (e) {
    if (e instanceof CapacityError) return null;
    throw e;
  }
}
