/**
 * Option and argument checks shared by every estimator. Each throws a {@link ValidationError} with code
 * `'INVALID_OPTION'` naming the option, the value and the valid range.
 * @module
 */
import { ValidationError } from './errors.js';

function optionError(name: string, message: string): ValidationError {
  return new ValidationError(message, { param: name }, 'INVALID_OPTION');
}

/** Checks that `value` is an integer ≥ `min` (and ≤ `max` when given). */
export function checkInt(value: unknown, name: string, min: number, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw optionError(name, `${name} must be ${range}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * Checks that `value` is a finite number in the interval given by `min`/`max`.
 * `open` makes the lower bound exclusive (e.g. bandwidth > 0).
 */
export function checkNumber(
  value: unknown,
  name: string,
  min = Number.NEGATIVE_INFINITY,
  opts: { max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {},
): number {
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const okType = typeof value === 'number' && !Number.isNaN(value);
  const v = value as number;
  const okMin = opts.minExclusive ? v > min : v >= min;
  const okMax = opts.maxExclusive ? v < max : v <= max;
  if (!okType || !okMin || !okMax || (!Number.isFinite(v) && max !== Number.POSITIVE_INFINITY)) {
    const lo = min === Number.NEGATIVE_INFINITY ? '' : `${opts.minExclusive ? '>' : '>='} ${min}`;
    const hi = max === Number.POSITIVE_INFINITY ? '' : `${opts.maxExclusive ? '<' : '<='} ${max}`;
    const range = [lo, hi].filter(Boolean).join(' and ');
    throw optionError(name, `${name} must be a number${range ? ` ${range}` : ''}; got ${JSON.stringify(value)}.`);
  }
  return v;
}

/** Checks that `value` is one of `allowed` (string-literal unions). */
export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw optionError(
      name,
      `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${JSON.stringify(value)}.`,
    );
  }
  return value as T;
}

/** Checks an optional seed: an integer (any sign) or undefined. */
export function checkSeed(value: unknown, name = 'seed'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw optionError(name, `${name} must be an integer; got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * The buffer of ones behind {@link unitWeights}, held weakly: while any caller still holds a view of it, the next
 * unweighted fit shares it instead of allocating (and leaving to the garbage collector) n doubles of its own.
 */
let unitOnes: WeakRef<ArrayBuffer> | null = null;

/**
 * n unit weights (the weights of an unweighted fit) as a view of one shared buffer of ones (a larger one is made
 * when it is short, or once the last view of it was collected). READ-ONLY: every holder shares the values, so no
 * caller may write into the result. O(n) when a buffer is made, O(1) otherwise.
 * @example
 * const w = opts.sampleWeight === undefined ? unitWeights(n) : toSampleWeight(opts.sampleWeight, n);
 */
export function unitWeights(n: number): Float64Array {
  let buf = unitOnes?.deref();
  if (buf === undefined || buf.byteLength < n * 8) {
    buf = new ArrayBuffer(n * 8);
    new Float64Array(buf).fill(1);
    unitOnes = new WeakRef(buf);
  }
  return new Float64Array(buf, 0, n);
}

/**
 * Validates per-sample weights: length n, finite, non-negative, not all zero. Returns a Float64Array
 * (all ones when `w` is undefined).
 */
export function toSampleWeight(w: ArrayLike<number> | undefined, n: number, name = 'sampleWeight'): Float64Array {
  const out = new Float64Array(n);
  if (w === undefined) {
    out.fill(1);
    return out;
  }
  if (w.length !== n) {
    throw new ValidationError(`${name} has length ${w.length} but X has ${n} rows; pass one weight per row.`, {
      param: name,
    });
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ValidationError(`${name}[${i}] is ${v}; weights must be finite and >= 0.`, { param: name, row: i });
    }
    out[i] = v;
    total += v;
  }
  if (total <= 0)
    throw new ValidationError(`${name} sums to 0; at least one weight must be positive.`, { param: name });
  return out;
}

/**
 * Validates a label vector of length `n` (any integers) and returns it as an Int32Array.
 */
export function toLabels(labels: ArrayLike<number>, name = 'labels', n?: number): Int32Array {
  if (labels === null || labels === undefined || typeof labels.length !== 'number') {
    throw new ValidationError(`${name} must be an array of integers.`, { param: name });
  }
  if (n !== undefined && labels.length !== n) {
    throw new ValidationError(`${name} has length ${labels.length} but ${n} are needed (one per sample).`, {
      param: name,
    });
  }
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new ValidationError(`${name}[${i}] is ${v}; labels must be 32-bit integers.`, { param: name, row: i });
    }
    out[i] = v;
  }
  return out;
}

/** Edit distance between two short strings (Levenshtein), for "did you mean" hints. O(|a|·|b|). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name` ("did you mean"): equal ignoring case and underscores (`n_clusters` →
 * `nClusters`), else the smallest edit distance if it is at most max(2, |name|/3); undefined when none is close.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.replace(/_/g, '').toLowerCase();
  const same = candidates.find((c) => norm(c) === norm(name));
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(norm(name), norm(c));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
