/**
 * The fixed-size row block that the chunked readers fill and hand to their callback (Node-only readers share it).
 * @module
 * @internal
 */
import { ParseError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/**
 * A reusable chunkRows×d block: readers write rows at `rowOffset()`, `commit(rows)` them, and every full block (and
 * the last partial one, on `finish`) goes to `onChunk(chunk, firstRow)`. The buffer is REUSED for the next chunk,
 * so every format yields the same chunks as the CSV stream: blocks of `chunkRows` rows in file order, the last one
 * shorter.
 */
export class ChunkBuffer {
  readonly buf: Float64Array;
  /** Rows in the block now. */
  fill = 0;
  /** Rows committed so far (all blocks). */
  total = 0;
  constructor(
    readonly chunkRows: number,
    readonly d: number,
    private readonly onChunk: (chunk: Matrix, firstRow: number) => void,
  ) {
    this.buf = new Float64Array(chunkRows * d);
  }
  /** Rows that fit before the block is full. */
  room(): number {
    return this.chunkRows - this.fill;
  }
  /**
   * Counts `rows` more rows written at the fill position, checking that every value is finite (`where(i, j)` names
   * the row i (0-based, in the file) and column j for the error); flushes a full block.
   * @throws `ParseError` at the first NaN or infinite value
   */
  commit(rows: number, where: (row: number, col: number) => string): void {
    const { buf, d } = this;
    const o = this.fill * d;
    for (let t = o; t < o + rows * d; t++) {
      if (!Number.isFinite(buf[t])) {
        const i = (t - o - ((t - o) % d)) / d;
        throw new ParseError(
          `${where(this.total + i, (t - o) % d)} is ${buf[t]}, not a finite number; clean or drop the row.`,
          this.total + i + 1,
          ((t - o) % d) + 1,
        );
      }
    }
    this.fill += rows;
    this.total += rows;
    if (this.fill === this.chunkRows) this.flush();
  }
  /** Hands the current block (if any) to the callback. */
  flush(): void {
    if (this.fill === 0) return;
    const rows = this.fill;
    this.fill = 0;
    const data = rows === this.chunkRows ? this.buf : this.buf.subarray(0, rows * this.d);
    this.onChunk({ rows, cols: this.d, data }, this.total - rows);
  }
}
