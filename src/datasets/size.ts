/**
 * The size check every generator runs before allocating its output.
 * @module
 * @internal
 */
import { checkBudget, getMemoryBudget } from '../core/distance.js';

/**
 * Throws a {@link CapacityError} before allocating when a generated data set, `copies` n×d float64 matrices plus
 * as many n-label vectors (8·copies·n·d + 4·copies·n bytes), exceeds the memory budget, naming `nSamples` and
 * `setMemoryBudget`. Without it `makeBlobs({ nSamples: 1e12 })` dies with an untyped RangeError. O(1).
 */
export function checkGeneratedSize(generator: string, n: number, d: number, copies: number): void {
  checkBudget(
    copies * (8 * n * d + 4 * n),
    getMemoryBudget(),
    `${generator} with ${n} samples × ${d} features`,
    'lower nSamples, or raise memoryBudget (setMemoryBudget).',
  );
}
