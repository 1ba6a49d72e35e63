/**
 * The fixed row blocks of EM's sums. Every sum over the rows — the E-step's log-likelihood Σᵢ ℓᵢ and the M-step's
 * Σᵢ γᵢc, Σᵢ γᵢc·xᵢ, Σᵢ (γᵢc·uᵢ)·uᵢ and scatters — is taken per block of consecutive rows (from zero, rows in
 * order) and the blocks' partial sums are added in block order: S = (…((0 + S₀) + S₁) + …) + S_{B−1}. The block
 * sizes depend on the problem's shape only, never on the number of threads, so a thread can compute any block's
 * partial and the merged sums are bit-identical for 1 or 2 threads; the TypeScript reference (covariance.ts,
 * estep.ts) and the WebAssembly kernels (src/wasm/gaussianMixture.ts, driven by wasm.ts) sum the same blocks the
 * same way, so they stay bit-identical too.
 * @module
 * @internal
 */

/** The covariance layout (covariance.ts's CovarianceType, spelled out here: covariance.ts imports this module). */
type Layout = 'full' | 'tied' | 'diag' | 'spherical';

/** Rows per block of the E-step's log-likelihood sum (64 of the wasm E-step's four-row blocks). */
export const LL_BLOCK_ROWS = 256;

/**
 * Values in one block's M-step record: the larger of the first pass's (Σγ, Σγ·x: k + k·d) and the second's (full
 * and tied: k·d(d+1)/2 scatter entries; diag and spherical: k·d squares). O(1).
 */
export function mstepRecordSize(d: number, k: number, type: Layout): number {
  const second = type === 'full' || type === 'tied' ? (k * d * (d + 1)) / 2 : k * d;
  return Math.max(k + k * d, second);
}

/**
 * Rows per M-step block: LL_BLOCK_ROWS·2ᵐ for the least m ≥ 0 with a block's record no larger than its rows'
 * data (record ≤ rows·d values), so the per-block partials a thread hands back never outweigh its rows and the
 * merge costs at most one addition per data value. A multiple of {@link LL_BLOCK_ROWS}, so an M-step block boundary
 * is a log-likelihood block boundary. Depends on d, k and the type only. O(log k).
 * @example
 * mstepBlockRows(8, 8, 'full'); // 256 (record 288 values ≤ 256·8)
 */
export function mstepBlockRows(d: number, k: number, type: Layout): number {
  const rec = mstepRecordSize(d, k, type);
  let rows = LL_BLOCK_ROWS;
  while (rec > rows * d) rows *= 2;
  return rows;
}
